"""Counts a table page needs, read from the ones kept at write time
(``_counts``, provenance.store.serving) instead of counting a million rows.

Every table page of Datasette 0.65 asks SQLite for the rows' count and,
for each facet, the count of each value; over a million quotes that is
seconds a page. Four of its queries have their answer kept: the count of
a whole table, the count of the rows with one facet value (a facet value
picked), the value counts of a facet over a whole table, and the value
counts of a facet over the rows with one value of another picked
(``_pair_counts``). This module recognises those queries, as Datasette
writes them, on a provenance database, and asks ``_counts`` and
``_pair_counts`` instead; any other query (a search, two filters, a
column not counted) runs as it is. The database
page also counts the hidden internal tables (the clustering state holds
tens of millions of rows): those counts are the ones ANALYZE noted.
"""

from __future__ import annotations

import re

from ..store.schema import FACETS, VIEWS
from ..store.serving import COUNTED

_NAME = r"\[?(\w+)\]?"
#: select count(*) from [table] (where "col" = :p0)
COUNT = re.compile(rf"^select count\(\*\) from {_NAME}\s*(?:where \"(\w+)\" = :p0\s*)?$")
#: a facet over the whole table, or over the rows with one value of a column:
#: select col as value, count(*) as count from (select ... from table [where "col2" = :p0]) ...
FACET = re.compile(
    rf"^\s*select {_NAME} as value, count\(\*\) as count from \(\s*select [^()]*? from {_NAME}\s*"
    r"(?:where \"(\w+)\" = :p0\s*)?\)\s*"
    r"where \[?\1\]? is not null\s*group by \[?\1\]? order by count desc, value limit (\d+)\s*$",
    re.S,
)
COUNTED_TABLES = frozenset(COUNTED) | frozenset(VIEWS)
#: The row count ANALYZE noted for a table (the first number of its statistics); -1 when none.
_ESTIMATE = (
    "select coalesce((select cast(substr(stat, 1, instr(stat || ' ', ' ') - 1) as integer)"
    " from sqlite_stat1 where tbl = :t limit 1), -1)"
)


def kept_query(sql: str, params, *, pairs: bool = True) -> tuple[str, dict] | None:
    """The query on ``_counts`` (or, with ``pairs``, ``_pair_counts``) that
    answers ``sql``, or None."""
    params = params or {}
    m = COUNT.match(sql)
    if m:
        table, column = m.groups()
        if table not in COUNTED_TABLES:
            if column is None and not params and (table.startswith("_") or "_fts" in table):
                # a hidden internal table (the database page counts them all): the planner's statistics
                return _ESTIMATE, {"t": table}
            return None
        if column is None:
            if params:
                return None
            return "select coalesce((select n from _counts where tbl = :t and col = ''), 0)", {"t": table}
        if column not in FACETS.get(table, ()) or set(params) != {"p0"}:
            return None
        return (
            "select coalesce((select sum(n) from _counts where tbl = :t and col = :c and value in (:v, :i)), 0)",
            {"t": table, "c": column, **_value(params["p0"])},
        )
    m = FACET.match(sql)
    if m:
        column, table, picked, limit = m.groups()
        if table not in COUNTED_TABLES or column not in FACETS.get(table, ()):
            return None
        if picked is None:
            if params:
                return None
            return (
                "select value, n as count from _counts where tbl = :t and col = :c order by n desc, value limit :limit",
                {"t": table, "c": column, "limit": int(limit)},
            )
        if picked not in FACETS.get(table, ()) or set(params) != {"p0"} or not pairs:
            return None
        if picked == column:  # the value picked is the only one left
            return (
                "select value, sum(n) as count from _counts where tbl = :t and col = :c and value in (:v, :i)"
                " group by value order by count desc, value limit :limit",
                {"t": table, "c": column, "limit": int(limit), **_value(params["p0"])},
            )
        return (
            "select value2 as value, sum(n) as count from _pair_counts"
            " where tbl = :t and col = :p and value in (:v, :i) and col2 = :c"
            " group by value2 order by count desc, value limit :limit",
            {"t": table, "p": picked, "c": column, "limit": int(limit), **_value(params["p0"])},
        )
    return None


def _value(value) -> dict:
    """A value from the URL as it may be stored: as given, and as a number
    when it is one (ids are stored as integers, the URL gives text)."""
    as_int = int(value) if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,18}", value) else value
    return {"v": value, "i": as_int}


async def use_kept_counts(db) -> bool:
    """Answer a provenance database's counting queries from ``_counts``
    and ``_pair_counts`` (when it has them: what a database made before
    they were kept lacks is counted as it always was, until ``provenance
    optimize``). Returns whether the database now does."""
    if getattr(db, "_provenance_counts", False):
        return True
    if not await db.table_exists("_counts"):
        return False
    pairs = await db.table_exists("_pair_counts")  # a database made before they were kept has none
    original = db.execute

    async def execute(sql, params=None, *args, **kwargs):
        kept = kept_query(sql, params, pairs=pairs)
        if kept is not None:
            answer = await original(kept[0], kept[1], *args, **kwargs)
            if kept[0] is not _ESTIMATE or answer.rows[0][0] >= 0:
                return answer
        return await original(sql, params, *args, **kwargs)

    db.execute = execute
    db._provenance_counts = True
    return True
