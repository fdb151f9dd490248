"""The published tables of a database as Parquet, one file per table, for
people who query a large build with DuckDB or pandas rather than SQLite:

    duckdb -c "select count(*) from 'db/big.db.parquet/tables/quotes.parquet'"
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

#: The tables of the contract (DESIGN.md), and the copy edges.
TABLES = ("outlets", "sources", "speakers", "articles", "quotes", "clusters", "statements", "copy_edges")
#: Rows read from SQLite at a time (article texts make rows large).
CHUNK = 20_000

_TYPES = {"INTEGER": pa.int64(), "REAL": pa.float64()}


def export_tables(db_path: str | Path, folder: str | Path) -> list[Path]:
    """Write each table of ``TABLES`` to ``folder``/TABLE.parquet (replacing
    it atomically); returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    # read only, through a plain connection: the last to close removes a WAL database's -wal and -shm files
    conn = sqlite3.connect(Path(db_path))
    written = []
    try:
        for table in TABLES:
            columns = conn.execute(f"PRAGMA table_info([{table}])").fetchall()
            if not columns:
                continue
            schema = pa.schema([(c[1], _TYPES.get(c[2].upper(), pa.string())) for c in columns])
            names = ", ".join(f'"{c[1]}"' for c in columns)
            path = folder / f"{table}.parquet"
            tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
            try:
                with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
                    cursor = conn.execute(f"select {names} from [{table}] order by rowid")
                    while rows := cursor.fetchmany(CHUNK):
                        arrays = [pa.array(list(col), type=f.type) for col, f in zip(zip(*rows), schema)]
                        writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
                os.replace(tmp, path)
            finally:
                tmp.unlink(missing_ok=True)
            written.append(path)
    finally:
        conn.close()
    return written
