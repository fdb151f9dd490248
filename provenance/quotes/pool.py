"""Quote extraction over several processes (``--jobs N``).

Parsing is the cost of a build, and one Python process uses one core. The
workers are forked once the pipeline is loaded, so they share its memory
and start at once; each is handed a few articles at a time, as it becomes
free (a long article does not hold the others back, as a fixed split of a
batch would), and sends back plain :class:`~provenance.records.Extraction`
records, never Docs. The articles are read a window at a time and each
window is cut into tasks longest first: the parser steps a task for as long
as its longest article, so articles of like length go together, and the
last window's tasks shrink as it runs out, so the workers finish together.
Results come back in the order the articles were read, so a build gives
the same database whatever the number of jobs. At most two windows are in
flight: memory stays flat however many articles are read.

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
#: 16 lets the parser step a task's articles together (parse.py);
#: the characters keep a task of long articles short, so workers finish together.
TASK_ARTICLES = 16
TASK_CHARS = 60_000
#: Articles extracted together in this process when there is one job.
BATCH = 32
#: Articles (and characters) read ahead and sorted by length before they are cut into tasks.
WINDOW_ARTICLES = 64
WINDOW_CHARS = 320_000
#: The smallest task the last window is cut into (characters).
LAST_TASK_CHARS = 8_000

_nlp: Language | None = None  # the pipeline the forked workers inherit
_END = object()


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


def _windows(items: Iterable[T], text_of: Callable[[T], str]) -> Iterator[tuple[list[T], bool]]:
    """The items a window at a time, each with whether it is the last (one
    item is read ahead to tell). The first window is a quarter of the
    others, so the workers start as soon as a few articles are read."""
    it = iter(items)
    ahead = next(it, _END)
    articles = WINDOW_ARTICLES // 4
    while ahead is not _END:
        window: list[T] = []
        size = 0
        while ahead is not _END and len(window) < articles and size < WINDOW_CHARS:
            window.append(ahead)
            size += len(text_of(ahead))
            ahead = next(it, _END)
        yield window, ahead is _END
        articles = WINDOW_ARTICLES


def _tasks(window: list[str], last: bool, jobs: int, *, first: bool = False) -> list[list[int]]:
    """A window's texts (by index) cut into tasks, longest first. The first
    window gives every worker a task at once; the last window's tasks
    shrink towards its end (each at most a share of what is left), so no
    worker is left with a long task while the others idle."""
    order = sorted(range(len(window)), key=lambda k: -len(window[k]))
    if not last:
        chars = TASK_CHARS
        if first:
            chars = max(LAST_TASK_CHARS, min(chars, sum(len(t) for t in window) // jobs))
        return list(_groups(order, lambda k: window[k], TASK_ARTICLES, chars))
    tasks: list[list[int]] = []
    left = sum(len(t) for t in window)
    task: list[int] = []
    size = 0
    for k in order:
        task.append(k)
        size += len(window[k])
        if len(task) >= TASK_ARTICLES or size >= max(LAST_TASK_CHARS, min(TASK_CHARS, left // (2 * jobs))):
            tasks.append(task)
            left -= size
            task, size = [], 0
    if task:
        tasks.append(task)
    return tasks


def extract_each(
    nlp: Language, items: Iterable[T], text_of: Callable[[T], str], *, jobs: int = 1
) -> Iterator[tuple[list[T], list[Extraction]]]:
    """Extract the quotes of each item's text; yields (items, their
    extractions) in the order the items came, a window of items at a time.
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
            for n, (window, last) in enumerate(_windows(items, text_of)):
                texts = [text_of(item) for item in window]
                tasks = [
                    (task, pool.apply_async(_work, ([texts[k] for k in task],)))
                    for task in _tasks(texts, last, jobs, first=n == 0)
                ]
                pending.append((window, tasks))
                if len(pending) >= 2:
                    yield _collect(*pending.popleft())
            while pending:
                yield _collect(*pending.popleft())
    finally:
        _nlp = None


def _collect(window: list[T], tasks: list) -> tuple[list[T], list[Extraction]]:
    """A window's items and their extractions, in the window's order."""
    extractions: list[Extraction] = [Extraction()] * len(window)
    for task, result in tasks:
        for k, extraction in zip(task, result.get()):
            extractions[k] = extraction
    return window, extractions
