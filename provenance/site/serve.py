"""Serving a database in Datasette: read-only (opened ``mode=ro``, never
written) but not immutable, so an add to the served file shows on the
site as soon as it commits; on loopback by default, with our metadata; our
plugin comes in through the ``datasette`` entry point.

The databases are in SQLite's WAL mode (:func:`provenance.store.open_database`):
the site's readers each see the database as of the last commit and never
wait for an add, and an add never waits for them."""

from __future__ import annotations

import errno
import json
import os
import socket
import sqlite3
from pathlib import Path
from typing import Any

from ..errors import DatabaseError, ServeError
from ..machine import cores
from .metadata import build_metadata

#: Datasette settings for a provenance site. No facet suggestions: each
#: one counts the distinct values of a column over the whole table.
SETTINGS = {"sql_time_limit_ms": 3000, "facet_time_limit_ms": 500, "default_page_size": 50, "suggest_facets": False}


def metadata_for(db_path: str | Path, metadata: str | Path | None = None) -> dict[str, Any]:
    """Our metadata keyed by the name Datasette gives this database (its
    file name without the extension); a metadata file written for another
    database name is applied to this one."""
    name = Path(db_path).stem
    if metadata is None:
        return build_metadata(database_name=name)
    try:
        meta = json.loads(Path(metadata).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DatabaseError(f"{metadata}: not a readable metadata file ({exc})") from exc
    databases = meta.get("databases") or {}
    if databases and name not in databases:
        meta["databases"] = {name: next(iter(databases.values()))}
    return meta


def recover(db_path: str | Path) -> None:
    """Make sure the file is an SQLite database, and roll back what a killed
    ``provenance add`` left half-written: an immutable open ignores the
    rollback journal and would read a malformed database; an ordinary open
    rolls the journal back first (databases made before WAL mode; in WAL
    mode a killed add leaves frames no reader takes)."""
    journal = Path(f"{db_path}-journal")
    hot = journal.exists() and journal.stat().st_size > 0
    try:
        conn = sqlite3.connect(str(db_path)) if hot else sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if hot:
            raise DatabaseError(
                f"{db_path}: an interrupted write left {journal.name}, and rolling it back failed "
                f"({exc}); open the database once with write access to repair it"
            ) from exc
        raise DatabaseError(f"{db_path}: {exc}") from exc


def make_datasette(db_path: str | Path, *, metadata: str | Path | None = None, sql_threads: int | None = None):
    """A Datasette serving one database read-only (never written, but
    re-read when an add commits) with our metadata; ``sql_threads``
    replaces Datasette's ``num_sql_threads`` (0: queries run in the
    server's own thread)."""
    from datasette.app import Datasette

    db_path = Path(db_path)
    if not db_path.is_file():
        raise DatabaseError(f"{db_path}: no such database")
    recover(db_path)
    settings = dict(SETTINGS) if sql_threads is None else {**SETTINGS, "num_sql_threads": sql_threads}
    return Datasette(files=[str(db_path)], metadata=metadata_for(db_path, metadata), settings=settings)


#: How a worker process learns what to serve (``--workers``): JSON of the
#: database path, the metadata file and the SQL threads.
_WORKER_ENV = "PROVENANCE_SERVE_WORKER"


def serve_database(
    db_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8001,
    metadata: str | Path | None = None,
    workers: int | None = None,
    sql_threads: int | None = None,
) -> None:
    """Run Datasette on the database until interrupted; with ``workers``
    above 1 (by default, one per core), in that many processes sharing the
    port (each reads the read-only WAL file with its own connections, so
    one slow page no longer holds up the others and every core answers),
    each answering its pages in its own thread unless ``sql_threads`` says
    otherwise."""
    import uvicorn

    workers = workers or cores()
    if sql_threads is None and workers > 1:
        sql_threads = 0  # as measured under 50 readers (README, "Many readers")
    ds = make_datasette(db_path, metadata=metadata, sql_threads=sql_threads)
    check_port_free(host, port)
    print(
        f"Serving {db_path} read-only{f' in {workers} processes' if workers > 1 else ''}. "
        f"Open http://{host}:{port}/ in a browser (Ctrl+C stops the server).",
        flush=True,
    )
    if workers <= 1:
        uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
        return
    os.environ[_WORKER_ENV] = json.dumps(
        {"db": str(db_path), "metadata": str(metadata) if metadata else None, "sql_threads": sql_threads}
    )
    uvicorn.run(f"{__name__}:worker_app", factory=True, workers=workers, host=host, port=port, log_level="warning")


def worker_app():
    """The application of one worker process of ``serve --workers N``."""
    spec = json.loads(os.environ[_WORKER_ENV])
    return make_datasette(spec["db"], metadata=spec["metadata"], sql_threads=spec["sql_threads"]).app()


def check_port_free(host: str, port: int) -> None:
    """Raise :class:`ServeError` naming the port when it cannot be listened on."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        why = (
            "is in use (another server?)"
            if exc.errno == errno.EADDRINUSE
            else f"cannot be used ({exc.strerror or exc})"
        )
        raise ServeError(f"port {port} on {host} {why}; choose another with --port (make demo PORT=8002)") from exc
