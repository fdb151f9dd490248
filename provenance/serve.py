"""Serving a database in Datasette, read-only, on loopback by default."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from .errors import DatabaseError
from .metadata import build_metadata


def metadata_for(db_path: Path) -> dict:
    """Our metadata, keyed by the name Datasette gives this database."""
    return build_metadata(database_name=Path(db_path).stem)


def serve_database(db_path: str | Path, *, host: str = "127.0.0.1", port: int = 8001,
                   metadata: str | Path | None = None) -> None:
    """Run Datasette on the database as immutable (read-only) with our metadata."""
    import uvicorn
    from datasette.app import Datasette

    db_path = Path(db_path)
    if not db_path.exists():
        raise DatabaseError(f"{db_path}: no such database")
    meta = json.loads(Path(metadata).read_text(encoding="utf-8")) if metadata else metadata_for(db_path)
    if metadata and "databases" in meta and db_path.stem not in meta["databases"]:
        # a metadata file written for another database name: apply it to this one
        meta["databases"] = {db_path.stem: next(iter(meta["databases"].values()))}
    ds = Datasette(immutables=[str(db_path)], metadata=meta, settings={"sql_time_limit_ms": 3000})
    print(f"Serving {db_path} read-only at http://{host}:{port}/", flush=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
