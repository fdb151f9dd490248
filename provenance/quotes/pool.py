"""Quote extraction over several processes (``--jobs N``).

Parsing is the cost of a build, and one Python process uses one core. The
workers are forked once the pipeline is loaded, so they share its memory
and start at once; each is handed a few articles at a time, as it becomes
free (a long article does not hold the others back, as a fixed split of a
batch would), and sends back plain :class:`~provenance.records.Extraction`
records, never Docs. Results come back in the order the articles were
read, so a build gives the same database whatever the number of jobs. At
most a few tasks per worker are in flight: memory stays flat however many
articles are read.

Where processes cannot be forked (or with one job) extraction runs in this
process, in batches, as before.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from spacy.language import Language

from ..machine import cores
from ..records import Extraction
from .component import extract_quotes

T = TypeVar("T")

#: Articles handed to a worker at once, and the characters that close a task early:
#: 16 lets the parser step a task's articles together (at least 8, see parse.py);
#: the characters keep a task of long articles short, so workers finish together.
TASK_ARTICLES = 16
TASK_CHARS = 40_000
#: Articles extracted together in this process when there is one job.
BATCH = 32
#: Tasks in flight per worker.
AHEAD = 3

_nlp: Language | None = None  # the pipeline the forked workers inherit


def default_jobs() -> int:
    """The cores this process may use."""
    return cores()


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _work(texts: list[str]) -> list[Extraction]:
    return extract_quotes(_nlp, texts)


def _groups(items: Iterable[T], text_of: Callable[[T], str], articles: int, chars: int) -> Iterator[list[T]]:
    group: list[T] = []
    size = 0
    for item in items:
        group.append(item)
        size += len(text_of(item))
        if len(group) >= articles or size >= chars:
            yield group
            group, size = [], 0
    if group:
        yield group


def extract_each(
    nlp: Language, items: Iterable[T], text_of: Callable[[T], str], *, jobs: int = 1
) -> Iterator[tuple[list[T], list[Extraction]]]:
    """Extract the quotes of each item's text; yields (items, their
    extractions) in the order the items came, a few items at a time.
    ``jobs`` > 1 runs extraction in that many forked processes."""
    global _nlp
    if jobs <= 1 or not can_fork():
        for group in _groups(items, text_of, BATCH, 10**12):
            yield group, extract_quotes(nlp, [text_of(item) for item in group])
        return
    _nlp = nlp
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pending: deque = deque()
            for group in _groups(items, text_of, TASK_ARTICLES, TASK_CHARS):
                pending.append((group, pool.apply_async(_work, ([text_of(item) for item in group],))))
                while len(pending) >= jobs * AHEAD:
                    group, result = pending.popleft()
                    yield group, result.get()
            while pending:
                group, result = pending.popleft()
                yield group, result.get()
    finally:
        _nlp = None
