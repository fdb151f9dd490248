"""The one place that runs the stages in order, for ``build`` and ``add`` alike:

    sources --ingest--> Article --extract--> Extraction (quotes) --store--> rows
            --cluster--> Regrouped --trace--> TraceResult --store--> clusters, statements, copy edges

``build`` writes a new database beside the target and moves it into place
atomically; ``add`` adds articles to an existing database in one
transaction. Everything between opening and committing the database is
the same :func:`run_stages`. Both return a :class:`BuildReport`.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import sqlite_utils
from spacy.language import Language

from . import store
from .clustering import MATCH_RULES, regroup
from .errors import NothingRead
from .ingest import DEFAULT_MAX_BYTES, InputProblem, ProblemHandler, read_articles
from .quotes import load_nlp
from .quotes.pool import extract_each
from .records import Article, Extraction, GroupRows, Regrouped
from .store.matchstore import SQLiteMatchStore, clustered_by_other_rules, use_big_cache
from .trace import trace_groups


@dataclass
class BuildReport:
    """What a build or add did."""

    articles_read: int = 0
    articles_added: int = 0
    duplicates: int = 0  # the same text as an article read before or already stored
    failed: int = 0  # articles quote extraction failed on (not stored; see problems)
    quotes_added: int = 0
    quotes_joined: int = 0  # new quotes that joined a cluster holding older quotes
    clusters_added: int = 0  # clusters holding only new quotes
    clusters: int = 0  # in the database afterwards
    statements: int = 0
    problems: list[InputProblem] = field(default_factory=list)
    seconds: float = 0.0
    shards: int = 0  # --engine dask: shards of articles read and extracted
    shards_reused: int = 0  # of those, found done in the work folder by an earlier run


#: Articles in reading order, each with its extraction.
Extracted = Iterable[tuple[Article, Extraction]]
#: Reads and extracts the sources for a run: (run, sources, stored) -> Extracted;
#: ``stored`` tells whether a text hash is already in the database.
Engine = Callable[["_Run", Iterable[str | Path], Callable[[str], bool]], Extracted]


@dataclass
class _Run:
    """One build or add: its options, and the report it fills."""

    report: BuildReport
    nlp: Language | None  # None when the engine loads the model elsewhere
    manifest: str | Path | None
    max_bytes: int
    on_problem: ProblemHandler | None
    on_batch: Callable[[list[Article]], None] | None
    on_stage: Callable[[str], None] | None
    feeds: tuple[str, ...] = ()
    jobs: int = 1
    engine: Engine | None = None  # None: read_and_extract, here

    def problem(self, problem: InputProblem) -> None:
        self.report.problems.append(problem)
        if problem.code == "duplicate":
            self.report.duplicates += 1
        if self.on_problem:
            self.on_problem(problem)

    def batch_done(self, batch: list[Article]) -> None:
        if self.on_batch:
            self.on_batch(batch)

    def stage(self, name: str) -> None:
        if self.on_stage:
            self.on_stage(name)


def read_and_extract(run: _Run, sources: Iterable[str | Path], stored: Callable[[str], bool]) -> Extracted:
    """The local engine: read the sources in this process and extract the
    quotes of each article in ``run.jobs`` processes, in reading order."""
    articles = read_articles(
        sources, run.manifest, max_bytes=run.max_bytes, on_problem=run.problem, stored=stored, feeds=run.feeds
    )
    run.stage("reading")
    for batch, extractions in extract_each(run.nlp, articles, lambda a: a.text, jobs=run.jobs):
        yield from zip(batch, extractions)
        run.batch_done(batch)  # once the consumer has stored the batch


def store_extracted(db: sqlite_utils.Database, run: _Run, extracted: Extracted) -> array:
    """Store each article and its quotes, in order; returns the new quote
    ids (8 bytes each). An article extraction failed on is reported, not stored."""
    speakers = store.load_speaker_index(db)
    report = run.report
    new_quote_ids = array("q")
    for article, extraction in extracted:
        report.articles_read += 1
        if extraction.error is not None:
            report.failed += 1
            run.problem(
                InputProblem(
                    article.source,
                    f"quote extraction failed ({extraction.error}); not stored",
                    detail=extraction.detail,
                    code="extraction failed",
                )
            )
        else:
            _, ids = store.insert_article(db, article, extraction.quotes, speakers)
            new_quote_ids.extend(ids)
            report.articles_added += 1
            report.quotes_added += len(ids)
    return new_quote_ids


def update_groups(
    db: sqlite_utils.Database,
    quote_ids: Iterable[int],
    grouper: Callable[[SQLiteMatchStore, list[int]], Regrouped | GroupRows] = regroup,
    *,
    cache_kib: int | None = None,
) -> Regrouped | GroupRows:
    """Cluster, trace and write stored quotes: only the clusters and
    statements they touch are recomputed and rewritten (everything, in a
    build). ``grouper`` clusters (an engine may do it elsewhere) and gives
    the records to trace here, or the rows of groups it traced itself
    (tracing on Dask workers). ``cache_kib``: SQLite's page cache while
    this runs, if not the one clustering here wants. The caller holds the
    transaction."""
    with _no_cycle_collection():
        match_store = SQLiteMatchStore(db, cache_kib=cache_kib)
        quote_ids = _id_array(quote_ids)
        quote_ids = np.concatenate([quote_ids, match_store.unmatched_quotes(exclude=np.unique(quote_ids))])
        match_store.mark_insertion_wires(quote_ids)
        grouped = grouper(match_store, quote_ids)
        match_store.merge_recent_postings()
        match_store.record_rules(MATCH_RULES)
        if isinstance(grouped, GroupRows):
            store.write_group_rows(db, grouped)
            if grouped.written:
                grouped.written()
            return grouped
        store.write_groups(db, grouped, trace_groups(grouped))
        return grouped


def _id_array(ids: Iterable[int]) -> np.ndarray:
    """Ids as one integer array (a list of a hundred million ints would take 36 bytes each)."""
    if isinstance(ids, np.ndarray | array):
        return np.asarray(ids, dtype=np.int64)
    return np.fromiter(ids, dtype=np.int64)


@contextmanager
def _no_cycle_collection():
    """Python's cycle collector walks every live object each time enough
    have been allocated: with a million quotes' records alive that is most
    of the time spent. Clustering makes no reference cycles worth chasing,
    so it is paused while it runs."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def run_stages(db: sqlite_utils.Database, sources: Iterable[str | Path], run: _Run, *, db_path: Path) -> None:
    """Every stage, in order, inside the caller's transaction: ingest and
    extract the articles (on the run's engine), store them, then cluster, trace and write what
    the new quotes touch."""
    extracted = (run.engine or read_and_extract)(run, sources, lambda digest: store.has_article(db, digest) is not None)
    new_ids = store_extracted(db, run, extracted)
    if new_ids:
        run.stage("clustering")
        if clustered_by_other_rules(db):  # said before the long part: every stored quote is clustered again
            stored = db.conn.execute("select count(*) from quotes").fetchone()[0] - len(new_ids)
            run.problem(
                InputProblem(
                    str(db_path),
                    f"clustered by an older version of provenance: all {stored:,} "
                    "stored quotes are clustered again with this one",
                    "warning",
                )
            )
        update_groups(
            db, new_ids, getattr(run.engine, "regroup", regroup), cache_kib=getattr(run.engine, "cache_kib", None)
        )
        _count_new_clusters(db, run.report, min(new_ids))
    run.report.clusters = db.conn.execute("select count(*) from clusters").fetchone()[0]
    run.report.statements = db.conn.execute("select count(*) from statements").fetchone()[0]


def _count_new_clusters(db: sqlite_utils.Database, report: BuildReport, first_new_id: int) -> None:
    """How many clusters hold only new quotes, and how many new quotes
    joined a cluster with older ones (quote ids grow: the new ones are
    ``first_new_id`` and above)."""
    new_clusters, quotes_in_them = db.conn.execute(
        """select count(*), coalesce(sum(n), 0) from (
             select cluster_id as c, count(*) as n from quotes where id >= ? and cluster_id is not null group by cluster_id
           ) where not exists (select 1 from quotes o where o.cluster_id = c and o.id < ?)""",
        (first_new_id, first_new_id),
    ).fetchone()
    report.clusters_added = new_clusters
    report.quotes_joined = report.quotes_added - quotes_in_them


def _sweep_killed_builds(db_path: Path) -> None:
    """Remove the temporary databases of builds that were killed (their
    process is gone): a SIGKILL leaves them behind, and they can be large."""
    for leftover in db_path.parent.glob(f".{db_path.name}.building-*"):
        pid = leftover.name.split(".building-", 1)[1].split("-", 1)[0]
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


def _retire_wal(db_path: Path) -> None:
    """Before a new database replaces the one at ``db_path``: fold the old
    one's WAL into it and take its ``-wal`` and ``-shm`` files away, so a
    site still serving the old file keeps reading it whole (its open files
    stay) and nothing opening the new file takes the old file's pages for
    its own."""
    wal, shm = Path(f"{db_path}-wal"), Path(f"{db_path}-shm")
    if not (wal.exists() or shm.exists()):
        return
    try:
        conn = sqlite3.connect(str(db_path), timeout=10)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # the old database is being replaced: what it held no longer matters
    for side in (wal, shm):
        side.unlink(missing_ok=True)


@contextmanager
def _new_database(db_path: Path) -> Iterator[sqlite_utils.Database]:
    """A new database beside ``db_path``, in one transaction, moved into
    place only when the body succeeds. A file at ``db_path`` that is not a
    provenance database (and not empty) is refused untouched."""
    if db_path.is_file():
        store.check_database(db_path, replacing=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.building-{os.getpid()}")
    _sweep_killed_builds(db_path)
    side_files = [Path(f"{tmp}{suffix}") for suffix in ("-journal", "-wal", "-shm")]
    for leftover in (tmp, *side_files):
        leftover.unlink(missing_ok=True)
    db = None
    try:
        # written once through a rollback journal (WAL would write every page twice), served in WAL mode
        # not synced at each commit: _replace_durably syncs the whole file before it is moved into place
        db = store.open_database(tmp, journal="delete", durable=False)
        db.conn.execute("BEGIN")
        yield db
        db.conn.execute("COMMIT")
        store.finish(db)
        db.conn.execute("PRAGMA journal_mode=WAL")
        db.conn.close()  # the last connection: its WAL is checkpointed into the file and removed
        _retire_wal(db_path)
        _replace_durably(tmp, db_path)
    finally:
        if db is not None:
            db.conn.close()
        for leftover in (tmp, *side_files):
            leftover.unlink(missing_ok=True)


def _existing_database(db_path: Path) -> AbstractContextManager[sqlite_utils.Database]:
    """The database at ``db_path`` in one write transaction, rolled back
    when the body fails."""
    return store.existing_database(
        db_path,
        missing=" (use 'provenance build' to create one)",
        setup=lambda db: use_big_cache(db, memory_map=True),
    )


def _run(
    opener,
    sources: Iterable[str | Path],
    db_path: str | Path,
    *,
    manifest: str | Path | None = None,
    nlp: Language | None = None,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_problem: ProblemHandler | None = None,
    on_batch: Callable[[list[Article]], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
    feeds: Iterable[str] = (),
    jobs: int = 1,
    engine: Engine | None = None,
) -> BuildReport:
    started = time.monotonic()
    db_path = Path(db_path)
    existed = db_path.exists()
    with opener(db_path) as db:
        run = _Run(
            BuildReport(),
            None if engine else (nlp or load_nlp(model)),  # an engine loads the model where it extracts
            manifest,
            max_bytes,
            on_problem,
            on_batch,
            on_stage,
            tuple(feeds),
            jobs,
            engine,
        )
        run_stages(db, sources, run, db_path=db_path)
        report = run.report
        if report.articles_added == 0 and report.duplicates == 0:  # raised inside: nothing is committed
            skipped = sum(p.level == "error" for p in report.problems)
            raise NothingRead(
                f"no article was read ({skipped} input{'s' if skipped != 1 else ''} skipped); "
                + (f"{db_path} is unchanged" if existed else f"{db_path} was not made")
            )
    report.seconds = time.monotonic() - started
    return report


def build(sources: Iterable[str | Path], db_path: str | Path, **options) -> BuildReport:
    """Build a new database from the sources, replacing ``db_path`` atomically.

    Options: ``manifest`` (a manifest.jsonl), ``nlp`` (a loaded pipeline)
    or ``model`` (its name), ``max_bytes`` (the cap on one article),
    ``on_problem`` (called with each :class:`InputProblem`),
    ``on_batch`` (called with each batch of articles once they are
    stored), ``on_stage`` (called with ``"reading"`` once the model is
    loaded and the database open, and ``"clustering"`` when the new quotes
    are being grouped), ``feeds`` (RSS or Atom feeds whose articles are
    fetched; web addresses among ``sources`` are fetched too) and ``jobs``
    (processes extracting quotes, forked once the model is loaded; default 1).
    ``engine`` reads and extracts the articles elsewhere instead
    (:class:`provenance.engine.DaskEngine`)."""
    return _run(_new_database, sources, db_path, **options)


def add(sources: Iterable[str | Path], db_path: str | Path, **options) -> BuildReport:
    """Add articles to an existing database in one transaction (the options
    of :func:`build`); articles already stored are skipped."""
    return _run(_existing_database, sources, db_path, **options)
