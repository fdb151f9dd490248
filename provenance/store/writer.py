"""Writing the contract of DESIGN.md through sqlite-utils: opening a
database with its schema, storing articles and their quotes, and writing
the clusters, statements and copy edges the later stages made.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.request import pathname2url

import sqlite_utils

from ..errors import DatabaseError
from ..folding import key
from ..records import Article, GroupRows, Quote, Regrouped, TraceResult
from ..sources import kind_of_source
from ..speakers import SpeakerIndex
from .schema import FTS, NEW_COLUMNS, REQUIRED_TABLES, SCHEMA_VERSION, TABLES
from .serving import ensure_serving, refresh

__all__ = [
    "check_database",
    "checkpoint",
    "ensure_schema",
    "finish",
    "has_article",
    "insert_article",
    "load_speaker_index",
    "open_database",
    "optimize",
    "outlet_id",
    "source_id",
]


def open_database(
    path: str | Path, *, create: bool = True, journal: str = "wal", durable: bool = True
) -> sqlite_utils.Database:
    """Open (or create) a provenance database with its schema in place, in
    WAL mode: the readers of a served file go on while an add writes to
    it (``journal="delete"`` for a new file written once). ``durable=False``
    does not wait for the disk at each commit: for a file that is thrown
    away if the process dies and synced whole before it is used (a build's
    new database; its schema alone was a tenth of a second of waiting)."""
    path = Path(path)
    if not create and not path.exists():
        raise DatabaseError(f"{path}: no such database")
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
        db = sqlite_utils.Database(conn)
        conn.execute(f"PRAGMA journal_mode={'WAL' if journal == 'wal' else 'DELETE'}")
        conn.execute(f"PRAGMA synchronous={'NORMAL' if durable else 'OFF'}")
        if create:
            ensure_schema(db)
        elif "articles" not in db.table_names():
            raise DatabaseError(f"{path}: not a provenance database (no articles table)")
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: {exc}") from exc
    return db


def checkpoint(db: sqlite_utils.Database) -> None:
    """After an add commits: copy its pages from the WAL into the database
    file, so the file alone holds everything (a copy of it is whole), and
    empty the WAL. A reader of a served site still on an older snapshot
    is waited for (up to the connection's timeout); what it holds back
    is copied by the next checkpoint."""
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def check_database(path: Path, *, replacing: bool = False) -> None:
    """Raise :class:`DatabaseError` unless the file at ``path`` is a
    provenance database, without changing it. With ``replacing`` (a
    build), an empty file or an SQLite database without tables is fine
    too: nothing in it would be lost."""
    if path.stat().st_size == 0:
        if replacing:
            return
        raise DatabaseError(f"{path}: not a provenance database (an empty file); 'provenance build' makes one")
    try:
        # read-write, never created: a hot journal left by a killed add is rolled back, nothing else written
        conn = sqlite3.connect(f"file:{pathname2url(str(path.resolve()))}?mode=rw", uri=True)
        try:
            tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: not a provenance database ({exc})") from exc
    missing = REQUIRED_TABLES - tables
    if not missing or (replacing and not tables):
        return
    hint = "choose another --db, or remove the file first" if replacing else "'provenance build' makes one"
    raise DatabaseError(f"{path}: not a provenance database (it has no {', '.join(sorted(missing))} table); {hint}")


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the tables, indexes, view tables, counts and full-text indexes if missing."""
    db.executescript(TABLES)  # sqlite-utils: no implicit COMMIT of a transaction under way (SQLiteMatchStore._upgrade)
    _add_new_columns(db)
    ensure_serving(db)
    for table, cols in FTS.items():
        if f"{table}_fts" not in db.table_names():
            db[table].enable_fts(cols, tokenize="porter", create_triggers=True)
            _index_only_on_text_updates(db, table, cols)
    db.conn.execute(
        "INSERT OR REPLACE INTO _provenance(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
    )


def _add_new_columns(db: sqlite_utils.Database) -> None:
    """Columns added since a database was made (NEW_COLUMNS), added empty,
    so ``add`` works on it."""
    for table, columns in NEW_COLUMNS.items():
        have = {r[1] for r in db.conn.execute(f"pragma table_info([{table}])")}
        for name, decl in columns.items():
            if name not in have:
                db.conn.execute(f"ALTER TABLE [{table}] ADD COLUMN [{name}] {decl}")


def _index_only_on_text_updates(db: sqlite_utils.Database, table: str, cols: list[str]) -> None:
    """Re-index a row in full-text search only when its indexed columns
    change: clustering updates quotes.cluster_id on every quote, and the
    trigger sqlite-utils makes would re-index each (ten times slower)."""
    columns = ", ".join(f"[{c}]" for c in cols)
    old = ", ".join(f"old.[{c}]" for c in cols)
    new = ", ".join(f"new.[{c}]" for c in cols)
    db.conn.execute(f"DROP TRIGGER IF EXISTS [{table}_au]")
    db.conn.execute(
        f"CREATE TRIGGER [{table}_au] AFTER UPDATE OF {columns} ON [{table}] BEGIN"
        f" INSERT INTO [{table}_fts] ([{table}_fts], rowid, {columns}) VALUES('delete', old.rowid, {old});"
        f" INSERT INTO [{table}_fts] (rowid, {columns}) VALUES (new.rowid, {new}); END"
    )


def temp_ids(conn, name: str, values: Iterable[int]) -> str:
    """Fill a temporary table of integers; returns its name."""
    conn.execute(f"create temp table if not exists [{name}] (id integer primary key)")
    conn.execute(f"delete from [{name}]")
    conn.executemany(f"insert or ignore into [{name}] values (?)", ((int(v),) for v in values))
    return f"temp.[{name}]"


def _get_or_create(db: sqlite_utils.Database, table: str, name: str, extra: dict | None = None) -> int:
    k = key(name)
    row = db.conn.execute(f"SELECT id FROM [{table}] WHERE key = ?", (k,)).fetchone()
    if row:
        if extra:
            sets = ", ".join(f"[{c}] = coalesce([{c}], ?)" for c in extra)
            db.conn.execute(f"UPDATE [{table}] SET {sets} WHERE id = ?", (*extra.values(), row[0]))
        return row[0]
    cur = db.conn.execute(
        f"INSERT INTO [{table}] (name, key{''.join(', ' + c for c in (extra or {}))}) VALUES (?, ?{', ?' * len(extra or {})})",
        (name, k, *(extra or {}).values()),
    )
    return cur.lastrowid


def source_id(db: sqlite_utils.Database, name: str | None, kind: str | None = None) -> int | None:
    """The id of a medium in ``sources`` (created on first sight, with the
    kind :mod:`provenance.sources` gives a known medium)."""
    if not name or not key(name):
        return None
    return _get_or_create(db, "sources", name, {"kind": kind_of_source(name, kind)})


def outlet_id(db: sqlite_utils.Database, name: str | None) -> int | None:
    """The id of an outlet (created on first sight)."""
    if not name or not key(name):
        return None
    return _get_or_create(db, "outlets", name)


def has_article(db: sqlite_utils.Database, sha256: str) -> int | None:
    """The id of an article with this text hash, if already stored."""
    row = db.conn.execute("SELECT id FROM articles WHERE sha256 = ?", (sha256,)).fetchone()
    return row[0] if row else None


def load_speaker_index(db: sqlite_utils.Database) -> SpeakerIndex:
    """The speakers already in the database, for cross-article resolution."""
    index = SpeakerIndex()
    for name, k in db.conn.execute("SELECT name, key FROM speakers ORDER BY id"):
        index.names[k] = name
        words = k.split()
        if len(words) > 1:
            index.by_surname.setdefault(words[-1], set()).add(k)
    return index


def _speaker_id(db: sqlite_utils.Database, index: SpeakerIndex, name: str | None) -> int | None:
    if not name:
        return None
    k = index.add(name)
    if not k:
        return None
    display = index.names[k]
    row = db.conn.execute("SELECT id, name FROM speakers WHERE key = ?", (k,)).fetchone()
    if row:
        if row[1] != display:
            db.conn.execute("UPDATE speakers SET name = ? WHERE id = ?", (display, row[0]))
        return row[0]
    return db.conn.execute("INSERT INTO speakers (name, key) VALUES (?, ?)", (display, k)).lastrowid


def insert_article(
    db: sqlite_utils.Database, article: Article, quotes: Iterable[Quote], speakers: SpeakerIndex
) -> tuple[int, list[int]]:
    """Store one article and its quotes; returns (article id, quote ids).
    The caller holds the transaction."""
    cur = db.conn.execute(
        "INSERT INTO articles (source, outlet_id, title, published, url, text, sha256, wire_source_id,"
        " wire_evidence, meta, added, outlet_from, title_from, published_from) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            article.source,
            outlet_id(db, article.outlet),
            article.title,
            article.published,
            article.url,
            article.text,
            article.sha256,
            source_id(db, article.wire, "wire"),
            article.wire_evidence,
            json.dumps(article.meta, ensure_ascii=False) if article.meta else None,
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            *(article.found_from.get(name) for name in ("outlet", "title", "published")),
        ),
    )
    article_id = cur.lastrowid
    quote_ids = []
    for quote in quotes:
        qcur = db.conn.execute(
            'INSERT INTO quotes (article_id, text, start, "end", kind, speaker_id, speaker_mention, cue,'
            " credited_source_id, credited_mention, pieces) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                article_id,
                quote.text,
                quote.start,
                quote.end,
                quote.kind,
                _speaker_id(db, speakers, quote.speaker),
                quote.speaker_mention,
                quote.cue,
                source_id(db, quote.credited, quote.credited_kind),
                quote.credited_mention,
                json.dumps(quote.pieces) if len(quote.pieces) > 1 else None,
            ),
        )
        quote_ids.append(qcur.lastrowid)
    return article_id, quote_ids


@contextmanager
def existing_database(
    path: str | Path, *, missing: str = "", setup: Callable[[sqlite_utils.Database], None] | None = None
) -> Iterator[sqlite_utils.Database]:
    """A provenance database that exists, in one write transaction with its
    schema brought up to date: committed (and checkpointed) when the body
    ends, rolled back when it fails, closed either way. ``missing`` is
    added to the error for a file that is not there; ``setup`` is run on
    the connection before the transaction begins."""
    path = Path(path)
    if not path.exists():
        raise DatabaseError(f"{path}: no such database{missing}")
    check_database(path)
    db = open_database(path, create=False)
    if setup is not None:
        setup(db)
    try:
        db.conn.execute("BEGIN IMMEDIATE")
        ensure_schema(db)  # inside the transaction: a body that does nothing changes nothing
        yield db
        db.conn.execute("COMMIT")
        checkpoint(db)
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    finally:
        db.conn.close()


def optimize(path: str | Path) -> None:
    """Bring a database written by an older version (or straight through
    this module, as the benchmarks do) up to what fast serving needs: the
    view tables, the counts, the indexes (:mod:`.serving`) and the query
    planner's statistics. Build and add keep them up to date afterwards."""
    with existing_database(path) as db:
        refresh(db)
        finish(db)


def finish(db: sqlite_utils.Database) -> None:
    """Final touches after a build: each full-text index merged into one
    segment (a word's matches are read from one list instead of one per
    segment written: at 1M quotes the check page's phrase lookups take a
    sixth less, for about 5 s of CPU here), and statistics for the query
    planner."""
    for table in FTS:
        fts = f"{table}_fts"
        if db.conn.execute("select 1 from sqlite_master where name = ?", (fts,)).fetchone():
            db.conn.execute(f"INSERT INTO [{fts}]([{fts}]) VALUES ('optimize')")
    db.conn.execute("ANALYZE")


def write_groups(db: sqlite_utils.Database, grouped: Regrouped, traced: TraceResult) -> None:
    """Replace the clusters and statements a regroup recomputed (and their
    copy edges) with the traced new ones."""
    write_group_rows(db, group_rows(grouped, traced))


def group_rows(grouped: Regrouped, traced: TraceResult) -> GroupRows:
    """The rows the database gets for traced clusters and statements (media
    by name: :func:`write_group_rows` gives them their ids). Each statement's
    rows depend only on its own records, so workers make them per group."""
    items = grouped.items
    cluster_of = {c.key: c for c in grouped.clusters}
    statements = []
    for st in grouped.statements:
        first = min(st.cluster_keys)
        statements.append(
            (
                st.key,
                st.speaker_id,
                st.primary_source,
                st.primary_source_kind,
                st.first_quote_id,
                cluster_of[first].canonical_text if first in cluster_of else None,
                st.evidence,
                len(st.cluster_keys),
                sum(len(grouped.cluster_quotes[k]) for k in st.cluster_keys),
            )
        )
    clusters = []
    for c in grouped.clusters:
        members = [items[q] for q in c.quote_ids]
        dates = [q.published for q in members if q.published]
        clusters.append(
            (
                c.key,
                c.statement_key,
                c.canonical_text,
                c.origin_quote_id,
                c.wording_source,
                c.wording_source_kind,
                c.origin_evidence,
                len(members),
                len({q.article_id for q in members}),
                min(dates) if dates else None,
            )
        )
    return GroupRows(
        statements=statements,
        clusters=clusters,
        quote_clusters=[(c.key, q) for c in grouped.clusters for q in c.quote_ids],
        copy_edges=[
            (
                e.from_article_id,
                e.to_article_id,
                e.cluster_id,
                e.via_source,
                e.evidence,
                e.confidence,
                int(e.direction_known),
            )
            for e in traced.copy_edges
        ],
        old_clusters=grouped.old_clusters,
        old_statements=grouped.old_statements,
        moved_clusters=grouped.moved_clusters,
        article_wires=traced.article_wires,
    )


def write_group_rows(db: sqlite_utils.Database, rows: GroupRows) -> None:
    """Replace the old clusters and statements (and their copy edges) with
    ``rows``, read once each in order (they may stream from files): the
    statements, the clusters, the quotes' clusters, the copy edges. Media
    get their ids in that order, as they are first met."""
    conn = db.conn
    if rows.old_clusters:
        table = temp_ids(conn, "_old_clusters", rows.old_clusters)
        conn.execute(f"delete from copy_edges where cluster_id in (select id from {table})")
        conn.execute(f"delete from clusters where id in (select id from {table})")
    if rows.old_statements:
        table = temp_ids(conn, "_old_statements", rows.old_statements)
        conn.execute(f"delete from statements where id in (select id from {table})")
    conn.executemany(
        "insert into statements (id, speaker_id, primary_source_id, first_quote_id, label, evidence,"
        " cluster_count, quote_count) values (?,?,?,?,?,?,?,?)",
        ((s, who, source_id(db, src, kind), *rest) for s, who, src, kind, *rest in rows.statements),
    )
    conn.executemany(
        "insert into clusters (id, statement_id, canonical_text, origin_quote_id, wording_source_id,"
        " origin_evidence, quote_count, article_count, first_published) values (?,?,?,?,?,?,?,?,?)",
        (
            (c, s, text, origin, source_id(db, src, kind), *rest)
            for c, s, text, origin, src, kind, *rest in rows.clusters
        ),
    )
    conn.executemany(
        "update clusters set statement_id = ? where id = ?", ((sid, cid) for cid, sid in rows.moved_clusters.items())
    )
    conn.executemany("update quotes set cluster_id = ? where id = ?", rows.quote_clusters)
    conn.executemany(
        "insert into copy_edges (from_article_id, to_article_id, cluster_id, via_source_id, evidence, confidence,"
        " direction_known) values (?,?,?,?,?,?,?)",
        ((a, b, c, source_id(db, via, "wire"), *rest) for a, b, c, via, *rest in rows.copy_edges),
    )
    for article_id, (wire, evidence) in rows.article_wires.items():
        conn.execute(
            "update articles set wire_source_id = ?, wire_evidence = ? where id = ? and wire_source_id is null",
            (source_id(db, wire, "wire"), evidence, article_id),
        )
    refresh(db)
