"""The pipeline end to end: ingest -> extract -> publish -> cluster -> trace.

``build`` writes a new database beside the target and moves it into place
atomically; ``add`` adds articles to an existing database in one
transaction. Both return a :class:`BuildReport`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from . import store
from .errors import DatabaseError
from .ingest import DEFAULT_MAX_BYTES, InputProblem, ProblemHandler, read_articles
from .quotes.component import extract_quotes
from .quotes.model import load_nlp
from .records import Article
from .store.matchstore import clustered_by_other_rules, update_groups, use_big_cache

BATCH = 32


@dataclass
class BuildReport:
    """What a build or add did."""

    articles_read: int = 0
    articles_added: int = 0
    duplicates: int = 0
    quotes_added: int = 0
    clusters: int = 0
    statements: int = 0
    problems: list[InputProblem] = field(default_factory=list)
    seconds: float = 0.0


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ingest(
    db, articles: Iterable[Article], nlp: Language, report: BuildReport, on_article: Callable[[Article], None] | None
) -> list[int]:
    speakers = store.load_speaker_index(db)
    new_quote_ids: list[int] = []
    seen: set[str] = set()
    for batch in _batches(articles, BATCH):
        fresh = []
        for article in batch:
            report.articles_read += 1
            digest = article.sha256
            if digest in seen or store.has_article(db, digest):
                report.duplicates += 1
                report.problems.append(
                    InputProblem(article.source, "same text as an article already stored; kept once", "warning")
                )
                if on_article:
                    on_article(article)
                continue
            seen.add(digest)
            fresh.append(article)
        for article, quotes in zip(fresh, extract_quotes(nlp, [a.text for a in fresh])):
            _, ids = store.insert_article(db, article, quotes, speakers)
            new_quote_ids.extend(ids)
            report.articles_added += 1
            report.quotes_added += len(ids)
            if on_article:
                on_article(article)
    return new_quote_ids


def _regroup(db, report: BuildReport, quote_ids: list[int]) -> None:
    """Fold new quotes into the clusters and statements: only what they
    touch is recomputed, traced and rewritten (everything, in a build)."""
    update_groups(db, quote_ids)
    report.clusters = db.conn.execute("select count(*) from clusters").fetchone()[0]
    report.statements = db.conn.execute("select count(*) from statements").fetchone()[0]


def _sweep_killed_builds(db_path: Path) -> None:
    """Remove the temporary databases of builds that were killed (their
    process is gone): a SIGKILL leaves them behind, and they can be large."""
    for leftover in db_path.parent.glob(f".{db_path.name}.building-*"):
        pid = leftover.name.removesuffix("-journal").rsplit("-", 1)[-1]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # still running: another build of the same database
        except ProcessLookupError:
            pass
        except OSError:
            continue
        leftover.unlink(missing_ok=True)


def _replace_durably(tmp: Path, db_path: Path) -> None:
    """Move the finished database into place: its bytes reach the disk
    before the rename, and the rename before we return."""
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, db_path)
    try:
        folder = os.open(db_path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(folder)
    except OSError:
        pass
    finally:
        os.close(folder)


def build(
    sources: Iterable[str | Path],
    db_path: str | Path,
    *,
    manifest: str | Path | None = None,
    nlp: Language | None = None,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_problem: ProblemHandler | None = None,
    on_article: Callable[[Article], None] | None = None,
) -> BuildReport:
    """Build a new database from the sources, replacing ``db_path`` atomically."""
    started = time.monotonic()
    db_path = Path(db_path)
    report = BuildReport()

    def problem(p: InputProblem) -> None:
        report.problems.append(p)
        if on_problem:
            on_problem(p)

    nlp = nlp or load_nlp(model)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.building-{os.getpid()}")
    _sweep_killed_builds(db_path)
    for leftover in (tmp, Path(f"{tmp}-journal")):
        if leftover.exists():
            leftover.unlink()
    try:
        db = store.open_database(tmp)
        db.conn.execute("BEGIN")
        new_ids = _ingest(
            db, read_articles(sources, manifest, max_bytes=max_bytes, on_problem=problem), nlp, report, on_article
        )
        _regroup(db, report, new_ids)
        db.conn.execute("COMMIT")
        store.finish(db)
        db.conn.close()
        _replace_durably(tmp, db_path)
    finally:
        if tmp.exists():
            tmp.unlink()
    report.seconds = time.monotonic() - started
    return report


def add(
    sources: Iterable[str | Path],
    db_path: str | Path,
    *,
    manifest: str | Path | None = None,
    nlp: Language | None = None,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_problem: ProblemHandler | None = None,
    on_article: Callable[[Article], None] | None = None,
) -> BuildReport:
    """Add articles to an existing database in one transaction."""
    started = time.monotonic()
    report = BuildReport()

    def problem(p: InputProblem) -> None:
        report.problems.append(p)
        if on_problem:
            on_problem(p)

    if not Path(db_path).exists():
        raise DatabaseError(f"{db_path}: no such database (use 'provenance build' to create one)")
    nlp = nlp or load_nlp(model)
    db = store.open_database(db_path)
    use_big_cache(db, memory_map=True)
    try:
        db.conn.execute("BEGIN IMMEDIATE")
        new_ids = _ingest(
            db, read_articles(sources, manifest, max_bytes=max_bytes, on_problem=problem), nlp, report, on_article
        )
        if new_ids:
            if clustered_by_other_rules(db):  # said before the long part: every stored quote is clustered again
                stored = db.conn.execute("select count(*) from quotes").fetchone()[0] - len(new_ids)
                problem(
                    InputProblem(
                        str(db_path),
                        f"clustered by an older version of provenance: all {stored:,} "
                        "stored quotes are clustered again with this one",
                        "warning",
                    )
                )
            _regroup(db, report, new_ids)
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    finally:
        db.conn.close()
    report.seconds = time.monotonic() - started
    return report
