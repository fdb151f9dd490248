"""Bounds on the work one request can cause: the longest wording a diff
or an SQL function takes, and a time limit on the Python work of a page.

The site runs anyone's SQL (within Datasette's ``sql_time_limit_ms``) and
anyone's paste: a function handed two books, or a page that diffs a
cluster of thousands of variants, must stop in bounded time rather than
hold a thread (and the server's shutdown) for minutes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import ProvenanceError

#: The longest wording (in characters) a diff, a comparison or an SQL
#: function of ours takes: ten times the longest quote in the evaluation
#: corpora, and the longest paste the check page reads.
MAX_WORDING_CHARS = 20_000
#: The Python work of one page of the site (its SQL included), in seconds.
PAGE_SECONDS = 10.0


class WordingTooLong(ProvenanceError, ValueError):
    """A wording over :data:`MAX_WORDING_CHARS` was handed to a diff or an SQL function."""


class TimeLimitExceeded(ProvenanceError):
    """The work of one request ran past its time limit."""


_local = threading.local()


def check_length(*texts: str) -> None:
    """Raise :class:`WordingTooLong` if a text is over the cap."""
    for text in texts:
        if text is not None and len(text) > MAX_WORDING_CHARS:
            raise WordingTooLong(
                f"a wording of {len(text):,} characters is over the {MAX_WORDING_CHARS:,} this compares"
            )


def check_time() -> None:
    """Raise :class:`TimeLimitExceeded` if this thread's time limit has passed
    (called by the loops of long work, e.g. each diff)."""
    deadline = getattr(_local, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise TimeLimitExceeded("this took too long to answer")


@contextmanager
def time_limit(seconds: float, conn: sqlite3.Connection | None = None) -> Iterator[None]:
    """Within the block, this thread's Python work stops at its next
    :func:`check_time` after ``seconds``, and the SQL of ``conn`` is
    interrupted (an ``OperationalError: interrupted``)."""
    deadline = time.monotonic() + seconds
    before = getattr(_local, "deadline", None)
    _local.deadline = deadline if before is None else min(before, deadline)
    if conn is not None:
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        yield
    finally:
        _local.deadline = before
        if conn is not None:
            conn.set_progress_handler(None, 0)
