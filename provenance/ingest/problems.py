"""What ingestion says about an input it cannot use (or uses with a caveat).

Problems go to a handler so one bad file never stops a build: the CLI
prints each as one line, tests collect them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# What must not reach a terminal raw: C0 and C1 controls (a newline would
# start a forged line, an escape sequence would rewrite the screen), bidi
# overrides and isolates (they reorder what follows), and the lone
# surrogates Python uses for the bytes of a file name that is not UTF-8.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\udc80-\udcff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match) -> str:
    ch = m.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` safe to print on one line and to store: control characters,
    bidi overrides and undecodable file-name bytes written as escapes
    (``\\n``, ``\\x1b``, ``\\u202e``, ``\\xe9``)."""
    return _UNPRINTABLE.sub(_escape, text)


@dataclass
class InputProblem:
    """A warning or error about one input; the build goes on without it."""

    source: str
    message: str
    level: str = "error"  # "error": input skipped; "warning": input used, something ignored
    detail: str | None = None  # a traceback, shown only with --verbose
    code: str | None = None  # what kind of problem, for counting: "duplicate", ...

    def __str__(self) -> str:
        return printable(f"{self.source}: {self.message}")


ProblemHandler = Callable[[InputProblem], None]


def ignore_problem(problem: InputProblem) -> None:
    """The default handler: drop the problem."""
