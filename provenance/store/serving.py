"""What the site needs to answer fast at a million quotes, kept at write
time so that no page counts or joins a million rows:

- the views' joins written into tables of the same names (``quotes_view``,
  ``clusters_view``, ``statements_view``, ``copy_edges_view``: the same
  columns a view gave, so SQL written against them keeps working), with
  their facet and sort columns indexed;
- row counts and counts per facet value (``_counts``), and per pair of
  facet values (``_pair_counts``: with one facet value picked, the counts
  of every other facet's values);
- the variants whose words differ from their cluster's first wording
  (``_variants``), which the ``altered_quotes`` query reads instead of
  normalising every quote of every cluster;
- each person's remarks with what orders and counts them
  (``_speaker_remarks``), which the speaker page reads a page at a time
  instead of gathering and sorting thousands of remarks per visit.

Triggers on the contract's tables keep the counts of those tables and note
which rows changed (``_dirty``); :func:`refresh` rewrites the rows of the
view tables and of ``_variants`` that depend on them, and is called when
groups are written (a build, an add) and by ``provenance optimize``.
"""

from __future__ import annotations

import json

import sqlite_utils

from .schema import FACETS, SORTS, VIEWS

#: Tables whose rows are counted (the view tables are counted by refresh).
COUNTED = ("articles", "quotes", "clusters", "statements", "copy_edges", "speakers", "sources", "outlets")

#: Which changed rows the triggers note: table -> kind of id in _dirty.
#: Speakers, sources and outlets only when renamed (a new one has no rows yet).
DIRTY_KIND = {
    "quotes": "quote",
    "articles": "article",
    "clusters": "cluster",
    "statements": "statement",
    "copy_edges": "edge",
    "speakers": "speaker",
    "sources": "source",
    "outlets": "outlet",
}
RENAMED_ONLY = ("speakers", "sources", "outlets")

TABLES = """
CREATE TABLE IF NOT EXISTS _counts (
    tbl TEXT NOT NULL,
    col TEXT NOT NULL,  -- '' for the table's row count
    value NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (tbl, col, value)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS _pair_counts (
    tbl TEXT NOT NULL,
    col TEXT NOT NULL,  -- the facet picked
    value NOT NULL,
    col2 TEXT NOT NULL,  -- another facet of the same table
    value2 NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (tbl, col, value, col2, value2)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS _dirty (
    kind TEXT NOT NULL,
    id INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS _variants (
    quote_id INTEGER PRIMARY KEY,
    cluster_id INTEGER NOT NULL,
    speaker_id INTEGER
);
CREATE INDEX IF NOT EXISTS idx_variants_cluster ON _variants(cluster_id, quote_id);
-- a person's remarks: the statements given to them or holding a quote given to them, and the
-- wordings with no statement holding one; in time order of first appearance from the index alone
CREATE TABLE IF NOT EXISTS _speaker_remarks (
    speaker_id INTEGER NOT NULL,
    statement_id INTEGER,  -- null for a wording with no statement
    cluster_id INTEGER,  -- that wording; null for a statement
    first_published TEXT,
    first_quote_id INTEGER,
    quote_count INTEGER
);
CREATE INDEX IF NOT EXISTS idx_speaker_remarks_order ON _speaker_remarks(
    speaker_id, first_published is null, first_published, first_quote_id, quote_count, statement_id, cluster_id
);
CREATE INDEX IF NOT EXISTS idx_speaker_remarks_statement ON _speaker_remarks(statement_id);
CREATE INDEX IF NOT EXISTS idx_speaker_remarks_cluster ON _speaker_remarks(cluster_id);
CREATE INDEX IF NOT EXISTS idx_articles_wire ON articles(wire_source_id);
CREATE INDEX IF NOT EXISTS idx_quotes_kind ON quotes(kind);
-- outlets_carrying_a_wire: a wire's articles by outlet, from the index alone
CREATE INDEX IF NOT EXISTS idx_articles_wire_outlet ON articles(wire_source_id, outlet_id, published, wire_evidence);
-- the speaker page: a person's wordings and the ways they are written, from the index alone
CREATE INDEX IF NOT EXISTS idx_quotes_speaker_cluster ON quotes(speaker_id, cluster_id, speaker_mention);
CREATE INDEX IF NOT EXISTS idx_clusters_origin ON clusters(origin_quote_id);
CREATE INDEX IF NOT EXISTS idx_clusters_wording_source ON clusters(wording_source_id);
CREATE INDEX IF NOT EXISTS idx_clusters_quote_count ON clusters(quote_count);
CREATE INDEX IF NOT EXISTS idx_statements_speaker ON statements(speaker_id);
CREATE INDEX IF NOT EXISTS idx_statements_primary ON statements(primary_source_id);
CREATE INDEX IF NOT EXISTS idx_statements_first_quote ON statements(first_quote_id);
CREATE INDEX IF NOT EXISTS idx_statements_quote_count ON statements(quote_count);
CREATE INDEX IF NOT EXISTS idx_copy_edges_via ON copy_edges(via_source_id);
CREATE INDEX IF NOT EXISTS idx_copy_edges_confidence ON copy_edges(confidence);
CREATE INDEX IF NOT EXISTS idx_sources_kind ON sources(kind);
"""


def _upsert(table: str, col: str, value: str, delta: str) -> str:
    where = f" WHERE {value} IS NOT NULL" if col else ""
    return (
        f"INSERT INTO _counts (tbl, col, value, n) SELECT '{table}', '{col}', {value}, {delta}{where}"
        " ON CONFLICT DO UPDATE SET n = n + excluded.n;"
    )


def pairs(table: str) -> list[tuple[str, str]]:
    """The ordered pairs of a table's facet columns whose counts are kept."""
    cols = FACETS.get(table, [])
    return [(a, b) for a in cols for b in cols if a != b]


def _pair_upserts(table: str, row: str, delta: str) -> list[str]:
    """Add ``delta`` to the pair counts of the row ``row`` (new or old),
    and drop the pairs that fall to zero."""
    out = []
    for a, b in pairs(table):
        out.append(
            f"INSERT INTO _pair_counts (tbl, col, value, col2, value2, n) SELECT '{table}', '{a}', {row}.[{a}], "
            f"'{b}', {row}.[{b}], {delta} WHERE {row}.[{a}] IS NOT NULL AND {row}.[{b}] IS NOT NULL"
            " ON CONFLICT DO UPDATE SET n = n + excluded.n;"
        )
        if delta.startswith("-"):
            out.append(
                f"DELETE FROM _pair_counts WHERE tbl = '{table}' AND col = '{a}' AND value = {row}.[{a}]"
                f" AND col2 = '{b}' AND value2 = {row}.[{b}] AND n = 0;"
            )
    return out


def _triggers(table: str) -> list[str]:
    """Count and note-the-change triggers of one contract table."""
    cols = FACETS.get(table, [])
    kind = DIRTY_KIND[table]
    note_new = f"INSERT OR IGNORE INTO _dirty VALUES ('{kind}', new.id);"
    note_old = f"INSERT OR IGNORE INTO _dirty VALUES ('{kind}', old.id);"
    insert = [_upsert(table, "", "''", "1")] + [_upsert(table, c, f"new.[{c}]", "1") for c in cols]
    insert += _pair_upserts(table, "new", "1")
    delete = [_upsert(table, "", "''", "-1")] + [_upsert(table, c, f"old.[{c}]", "-1") for c in cols]
    delete.append(f"DELETE FROM _counts WHERE tbl = '{table}' AND n = 0;")
    delete += _pair_upserts(table, "old", "-1")
    out = []
    if table in RENAMED_ONLY:
        out.append((f"_serving_{table}_rename", f"AFTER UPDATE OF name ON [{table}]", [note_new]))
        out.append((f"_serving_{table}_count_insert", f"AFTER INSERT ON [{table}]", insert))
        out.append((f"_serving_{table}_count_delete", f"AFTER DELETE ON [{table}]", delete))
    else:
        out.append((f"_serving_{table}_count_insert", f"AFTER INSERT ON [{table}]", [*insert, note_new]))
        out.append((f"_serving_{table}_count_delete", f"AFTER DELETE ON [{table}]", [*delete, note_old]))
        out.append((f"_serving_{table}_note_update", f"AFTER UPDATE ON [{table}]", [note_old, note_new]))
        for c in cols:
            body = [
                _upsert(table, c, f"old.[{c}]", "-1"),
                _upsert(table, c, f"new.[{c}]", "1"),
                f"DELETE FROM _counts WHERE tbl = '{table}' AND col = '{c}' AND n = 0;",
            ]
            out.append(
                (
                    f"_serving_{table}_count_update_{c}",
                    f"AFTER UPDATE OF [{c}] ON [{table}] WHEN old.[{c}] IS NOT new.[{c}]",
                    body,
                )
            )
        if pairs(table):  # one trigger for all pairs, so a row changing two facets is counted once
            changed = " OR ".join(f"old.[{c}] IS NOT new.[{c}]" for c in cols)
            body = _pair_upserts(table, "old", "-1") + _pair_upserts(table, "new", "1")
            of = ", ".join(f"[{c}]" for c in cols)
            out.append((f"_serving_{table}_pairs_update", f"AFTER UPDATE OF {of} ON [{table}] WHEN {changed}", body))
    return [f"CREATE TRIGGER IF NOT EXISTS [{name}] {when} BEGIN {' '.join(body)} END" for name, when, body in out]


def ensure_serving(db: sqlite_utils.Database) -> None:
    """Create what serving needs, if missing or made for other facets or
    views: the counts, the change notes and their triggers, the indexes,
    and the view tables (a view of an older database, or a view table
    whose view gained a column, becomes a table filled by the next
    :func:`refresh`)."""
    conn = db.conn
    had_counts = conn.execute("select 1 from sqlite_master where name = '_counts'").fetchone() is not None
    had_remarks = conn.execute("select 1 from sqlite_master where name = '_speaker_remarks'").fetchone()
    db.executescript(TABLES)
    if had_remarks is None:  # a database made before they were kept: written once, in full
        _write_speaker_remarks(conn)
    made_for = json.dumps({"facets": FACETS, "counted": COUNTED, "version": 2}, sort_keys=True)
    row = conn.execute("select value from _provenance where key = 'serving'").fetchone()
    if not had_counts or row is None or row[0] != made_for:
        for (trigger,) in conn.execute(
            "select name from sqlite_master where type = 'trigger' and name like '\\_serving\\_%' escape '\\'"
        ).fetchall():
            conn.execute(f"DROP TRIGGER [{trigger}]")
        conn.execute(f"DELETE FROM _counts WHERE tbl IN ({', '.join(repr(t) for t in COUNTED)})")
        conn.execute(f"DELETE FROM _pair_counts WHERE tbl IN ({', '.join(repr(t) for t in COUNTED)})")
        for table in COUNTED:
            _count(conn, table, "1")
        conn.execute("INSERT OR IGNORE INTO _dirty VALUES ('all', 0)")  # the view tables and _variants, in full
        conn.execute("INSERT OR REPLACE INTO _provenance (key, value) VALUES ('serving', ?)", (made_for,))
    for table in COUNTED:
        for sql in _triggers(table):
            conn.execute(sql)
        _index_facets(conn, table)
    for name, sql in VIEWS.items():
        kind = conn.execute("select type from sqlite_master where name = ?", (name,)).fetchone()
        if kind and kind[0] == "view":
            conn.execute(f"DROP VIEW [{name}]")
            kind = None
        elif kind and _columns(conn, f"select * from [{name}]") != _columns(conn, sql):
            conn.execute(f"DROP TABLE [{name}]")
            kind = None
        if kind is None:
            _create_view_table(conn, name, sql)
            conn.execute("INSERT OR IGNORE INTO _dirty VALUES ('all', 0)")
        else:
            _index_view_table(conn, name)


def _columns(conn, sql: str) -> list[str]:
    return [d[0] for d in conn.execute(f"select * from ({sql}) limit 0").description]


def _create_view_table(conn, name: str, sql: str, *, fill: bool = False) -> None:
    """A table with the columns of a view (``id`` its primary key), its
    facet and sort columns indexed; with ``fill``, its rows written first."""
    cols = _columns(conn, sql)
    defs = ", ".join("[id] INTEGER PRIMARY KEY" if c == "id" else f"[{c}]" for c in cols)
    conn.execute(f"CREATE TABLE [{name}] ({defs})")
    if fill:
        conn.execute(f"INSERT INTO [{name}] {sql} ORDER BY 1")
    _index_view_table(conn, name)


#: Columns of the view tables the plugin's pages look rows up by.
LOOKUPS = {
    "quotes_view": ["cluster_id", "statement_id", "article_id"],
    "clusters_view": ["statement_id"],
    "copy_edges_view": ["cluster_id", "from_article_id", "to_article_id"],
}


#: Indexes on the view tables for the canned queries: name -> columns.
#: quotes_by_a_speaker and quotes_credited_to_a_medium read their first
#: rows by name and date (undated last) in this order.
ORDERED = {
    "quotes_view": {
        "speaker_published": "speaker, published is null, published",
        "credited_source_published": "credited_source, published is null, published",
    }
}


def _index_view_table(conn, name: str) -> None:
    """Index what the site sorts, facets and looks up a view table by."""
    for col in [*([SORTS[name]] if name in SORTS else []), *LOOKUPS.get(name, [])]:
        conn.execute(f"CREATE INDEX IF NOT EXISTS [idx_{name}_{col}] ON [{name}]([{col}])")
    for index, cols in ORDERED.get(name, {}).items():
        conn.execute(f"CREATE INDEX IF NOT EXISTS [idx_{name}_{index}] ON [{name}]({cols})")
    _index_facets(conn, name)


def _index_facets(conn, name: str) -> None:
    """Index each facet column of a table, followed by the column its page
    is sorted by: a page with a facet value picked reads its first rows
    from the index in order instead of sorting all the value's rows."""
    sort = SORTS.get(name)
    if sort is None and name not in VIEWS:
        return  # the schema indexes the contract tables' facet columns
    for col in FACETS.get(name, []):
        if sort is None:
            conn.execute(f"CREATE INDEX IF NOT EXISTS [idx_{name}_{col}] ON [{name}]([{col}])")
        else:
            conn.execute(f"CREATE INDEX IF NOT EXISTS [idx_{name}_{col}_{sort}] ON [{name}]([{col}], [{sort}])")
            if name in VIEWS:  # made by an older version, and covered by the new one
                conn.execute(f"DROP INDEX IF EXISTS [idx_{name}_{col}]")


def _count(conn, table: str, rows: str, sign: int = 1) -> None:
    """Add (sign 1) or take away (-1) the counts of the rows of ``table``
    that satisfy the SQL condition ``rows``."""
    conn.execute(
        f"INSERT INTO _counts (tbl, col, value, n) SELECT '{table}', '', '', {sign} * count(*) FROM [{table}]"
        f" WHERE {rows} ON CONFLICT DO UPDATE SET n = n + excluded.n"
    )
    for col in FACETS.get(table, []):
        conn.execute(
            f"INSERT INTO _counts (tbl, col, value, n) SELECT '{table}', '{col}', [{col}], {sign} * count(*)"
            f" FROM [{table}] WHERE {rows} AND [{col}] IS NOT NULL GROUP BY [{col}]"
            " ON CONFLICT DO UPDATE SET n = n + excluded.n"
        )
    conn.execute(f"DELETE FROM _counts WHERE tbl = '{table}' AND n = 0")
    done: set[tuple[str, str]] = set()
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _pair_delta (va, vb, n)")
    for a, b in pairs(table):
        if (b, a) in done:
            continue
        # each pair of columns counted once, written both ways round
        conn.execute("DELETE FROM temp._pair_delta")
        conn.execute(
            f"INSERT INTO temp._pair_delta SELECT [{a}], [{b}], {sign} * count(*) FROM [{table}]"
            f" WHERE {rows} AND [{a}] IS NOT NULL AND [{b}] IS NOT NULL GROUP BY [{a}], [{b}]"
        )
        for col, va, col2, vb in ((a, "va", b, "vb"), (b, "vb", a, "va")):
            conn.execute(
                f"INSERT INTO _pair_counts (tbl, col, value, col2, value2, n) SELECT '{table}', '{col}', {va},"
                f" '{col2}', {vb}, n FROM temp._pair_delta WHERE true ON CONFLICT DO UPDATE SET n = n + excluded.n"
            )
            if sign < 0:  # the pairs taken away that fell to zero, not a scan of the table's million
                conn.execute(
                    f"DELETE FROM _pair_counts WHERE tbl = '{table}' AND col = '{col}' AND col2 = '{col2}'"
                    f" AND (value, value2) IN (SELECT {va}, {vb} FROM temp._pair_delta) AND n = 0"
                )
        done.add((a, b))


#: The view tables' rows, keyed by the id the view gives: the view's SQL
#: restricted to some ids (by the column that holds the view's id).
VIEW_ID = {"quotes_view": "q.id", "clusters_view": "c.id", "statements_view": "st.id", "copy_edges_view": "e.id"}


def _ids(conn, name: str, sql: str) -> str:
    conn.execute(f"create temp table if not exists [{name}] (id integer primary key)")
    conn.execute(f"delete from temp.[{name}]")
    conn.execute(f"insert or ignore into temp.[{name}] {sql}")
    return f"temp.[{name}]"


def refresh(db: sqlite_utils.Database, *, full: bool = False) -> None:
    """Rewrite the rows of the view tables and of ``_variants`` that the
    changes noted since the last refresh touch (all of them with ``full``,
    after a build, or when a source or outlet was renamed), and their
    counts. The caller holds the transaction."""
    conn = db.conn
    if conn.execute("select 1 from sqlite_master where name = '_dirty'").fetchone() is None:
        return
    dirty = dict(conn.execute("select kind, count(*) from _dirty group by kind"))
    if not dirty:
        return
    quotes = conn.execute("select n from _counts where tbl = 'quotes' and col = ''").fetchone()
    full = full or "all" in dirty or "source" in dirty or "outlet" in dirty
    full = full or dirty.get("quote", 0) > 0.3 * (quotes[0] if quotes else 0)
    if full:
        for name, sql in VIEWS.items():
            conn.execute(f"DROP TABLE IF EXISTS [{name}]")
            conn.execute(f"DELETE FROM _counts WHERE tbl = '{name}'")
            conn.execute(f"DELETE FROM _pair_counts WHERE tbl = '{name}'")
            _create_view_table(conn, name, sql, fill=True)
            _count(conn, name, "1")
        conn.execute("DELETE FROM _variants")
        _write_variants(conn, "1")
        conn.execute("DELETE FROM _speaker_remarks")
        _write_speaker_remarks(conn)
        conn.execute("DELETE FROM _dirty")
        return
    d = "(select id from _dirty where kind = '{}')".format
    q = _ids(
        conn,
        "_refresh_quotes",
        f"""select id from _dirty where kind = 'quote'
        union select id from quotes where article_id in {d("article")}
        union select id from quotes where speaker_id in {d("speaker")}
        union select id from quotes where cluster_id in {d("cluster")}""",
    )
    c = _ids(
        conn,
        "_refresh_clusters",
        f"""select id from _dirty where kind = 'cluster'
        union select id from clusters where statement_id in {d("statement")}
        union select id from clusters where statement_id in
              (select id from statements where speaker_id in {d("speaker")})
        union select id from clusters where origin_quote_id in (select id from {q})""",
    )
    s = _ids(
        conn,
        "_refresh_statements",
        f"""select id from _dirty where kind = 'statement'
        union select id from statements where speaker_id in {d("speaker")}
        union select id from statements where first_quote_id in (select id from {q})""",
    )
    e = _ids(
        conn,
        "_refresh_edges",
        f"""select id from _dirty where kind = 'edge'
        union select id from copy_edges where from_article_id in {d("article")}
        union select id from copy_edges where to_article_id in {d("article")}""",
    )
    for name, ids in (("quotes_view", q), ("clusters_view", c), ("statements_view", s), ("copy_edges_view", e)):
        rows = f"id in (select id from {ids})"
        _count(conn, name, rows, -1)
        conn.execute(f"DELETE FROM [{name}] WHERE {rows}")
        conn.execute(f"INSERT INTO [{name}] {VIEWS[name]} WHERE {VIEW_ID[name]} in (select id from {ids})")
        _count(conn, name, rows)
    # variants: the quotes changed, and every quote of a cluster whose first wording may have changed
    rows = f"(q.id in (select id from {q}) or q.cluster_id in (select id from {c}))"
    conn.execute(f"DELETE FROM _variants WHERE quote_id in (select id from {q}) OR cluster_id in (select id from {c})")
    _write_variants(conn, rows)
    # remarks: the statements and wordings of the quotes, clusters and statements changed
    st = _ids(
        conn,
        "_refresh_remark_statements",
        f"""select id from {s} union select statement_id from clusters where id in (select id from {c})
        union select c.statement_id from quotes q join clusters c on c.id = q.cluster_id where q.id in (select id from {q})""",
    )
    cl = _ids(
        conn,
        "_refresh_remark_clusters",
        f"select id from {c} union select cluster_id from quotes where id in (select id from {q})",
    )
    conn.execute(
        f"DELETE FROM _speaker_remarks WHERE statement_id in (select id from {st}) OR cluster_id in (select id from {cl})"
    )
    _write_speaker_remarks(conn, st, cl)
    conn.execute("DELETE FROM _dirty")


def _write_variants(conn, rows: str) -> None:
    """The variants among ``rows`` of quotes whose words differ from their
    cluster's first wording by more than the matching form leaves out
    (capitals, punctuation, spacing): the candidates the ``altered_quotes``
    query compares word by word."""
    from ..wording import normalize

    conn.create_function("provenance_normalize", 1, lambda t: None if t is None else normalize(t), deterministic=True)
    conn.execute(
        f"""INSERT OR REPLACE INTO _variants (quote_id, cluster_id, speaker_id)
        SELECT q.id, q.cluster_id, coalesce(q.speaker_id, st.speaker_id)
        FROM quotes q JOIN clusters c ON c.id = q.cluster_id JOIN quotes oq ON oq.id = c.origin_quote_id
        LEFT JOIN statements st ON st.id = c.statement_id
        WHERE {rows} AND c.quote_count > 1 AND q.id != c.origin_quote_id AND q.text != oq.text
          AND provenance_normalize(q.text) != provenance_normalize(oq.text)"""
    )


def _write_speaker_remarks(conn, statements: str | None = None, clusters: str | None = None) -> None:
    """The remarks of every speaker (or those of the ``statements`` and
    ``clusters``, temp tables of ids): a statement is a remark of the
    person it is given to and of everyone a quote of it is given to; a
    wording with no statement, of everyone a quote of it is given to. Its
    first appearance and quote count are the statement's (or wording's)."""
    some_st = "" if statements is None else f" AND st.id IN (SELECT id FROM {statements})"
    some_c = "" if statements is None else f" AND c.statement_id IN (SELECT id FROM {statements})"
    conn.execute(
        f"""INSERT INTO _speaker_remarks (speaker_id, statement_id, cluster_id, first_published, first_quote_id,
            quote_count)
        SELECT p.speaker_id, st.id, NULL, fa.published, st.first_quote_id, st.quote_count
        FROM (
            SELECT st.speaker_id, st.id AS statement_id FROM statements st WHERE st.speaker_id IS NOT NULL{some_st}
            UNION
            SELECT q.speaker_id, c.statement_id FROM clusters c JOIN quotes q ON q.cluster_id = c.id
            WHERE c.statement_id IS NOT NULL AND q.speaker_id IS NOT NULL{some_c}
        ) p
        JOIN statements st ON st.id = p.statement_id
        LEFT JOIN quotes fq ON fq.id = st.first_quote_id
        LEFT JOIN articles fa ON fa.id = fq.article_id"""
    )
    some_c = "" if clusters is None else f" AND c.id IN (SELECT id FROM {clusters})"
    conn.execute(
        f"""INSERT INTO _speaker_remarks (speaker_id, statement_id, cluster_id, first_published, first_quote_id,
            quote_count)
        SELECT DISTINCT q.speaker_id, NULL, c.id, c.first_published, c.origin_quote_id, c.quote_count
        FROM clusters c JOIN quotes q ON q.cluster_id = c.id
        WHERE c.statement_id IS NULL AND q.speaker_id IS NOT NULL{some_c}"""
    )
