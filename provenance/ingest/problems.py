"""What ingestion says about an input it cannot use (or uses with a caveat).

Problems go to a handler so one bad file never stops a build: the CLI
prints each as one line, tests collect them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class InputProblem:
    """A warning or error about one input; the build goes on without it."""

    source: str
    message: str
    level: str = "error"  # "error": input skipped; "warning": input used, something ignored
    detail: str | None = None  # a traceback, shown only with --verbose
    code: str | None = None  # what kind of problem, for counting: "duplicate", ...

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


ProblemHandler = Callable[[InputProblem], None]


def ignore_problem(problem: InputProblem) -> None:
    """The default handler: drop the problem."""
