"""What Datasette asks about a database's schema, answered once per
schema version instead of on every page.

A table page of Datasette 0.65 asks SQLite some thirty questions before
and beside its rows: the table's columns, primary keys, foreign keys,
full-text table, whether it is a view, its definition; the database page
asks them of each of the 33 tables. Each is a trip through the SQL
thread pool, and under fifty readers each trip waits behind everyone
else's. The answers change only when the schema does (an ``add`` or
``optimize`` that creates a table or an index), and Datasette reads
``PRAGMA schema_version`` at the start of every page it serves: this
module keeps the answers for the schema version last read, and forgets
them all when it changes.
"""

from __future__ import annotations

import re

#: Database methods whose answer depends on the schema alone (and on the
#: metadata, which a running server does not change).
SCHEMA_METHODS = (
    "table_exists",
    "table_names",
    "view_names",
    "table_columns",
    "table_column_details",
    "primary_keys",
    "fts_table",
    "label_column_for_table",
    "foreign_keys_for_table",
    "hidden_table_names",
    "get_all_foreign_keys",
    "get_table_definition",
    "get_view_definition",
)
#: A query that reads sqlite_master and nothing else.
_MASTER_ONLY = re.compile(r"^\s*select\b[^;]*?\bfrom\s+sqlite_master\b(?![^;]*\b(?:from|join)\b)[^;]*$", re.I | re.S)


def is_schema_query(sql: str) -> bool:
    """Whether ``sql`` reads only sqlite_master (so its answer is the schema's)."""
    return bool(_MASTER_ONLY.match(sql))


def _copied(value):
    """A copy of an answer deep enough that changing it changes no kept one:
    lists and dicts are copied, their lists and dicts too; strings, numbers
    and named tuples are not changed in place by anyone."""
    if isinstance(value, list):
        return [_copied(v) for v in value]
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    return value


def cache_schema(db) -> None:
    """Keep ``db``'s answers about its schema for as long as its schema
    version stays the one Datasette last read (once per database)."""
    if getattr(db, "_provenance_schema_cache", False):
        return
    state: dict = {"version": None, "answers": {}}
    execute = db.execute

    async def cached_execute(sql, params=None, *args, **kwargs):
        if state["version"] is not None and not args and not kwargs and is_schema_query(sql):
            key = ("sql", sql, repr(params))
            answer = state["answers"].get(key)
            if answer is None:
                answer = state["answers"][key] = await execute(sql, params)
            return answer
        result = await execute(sql, params, *args, **kwargs)
        if sql.strip().lower() == "pragma schema_version":
            version = result.first()[0]
            if version != state["version"]:
                state["answers"].clear()
                state["version"] = version
        return result

    db.execute = cached_execute
    for name in SCHEMA_METHODS:
        method = getattr(db, name)

        async def cached(*args, _method=method, _name=name):
            if state["version"] is None:  # no schema version read yet: nothing to key the answer by
                return await _method(*args)
            key = (_name, args)
            if key not in state["answers"]:
                state["answers"][key] = await _method(*args)
            return _copied(state["answers"][key])  # callers may change what they are given

        setattr(db, name, cached)
    db._provenance_schema_cache = True
