"""Engines: where the stages run. ``--engine local`` (the default) runs
every stage in this process (:mod:`provenance.pipeline`); ``--engine
dask`` reads and extracts shards of the input on a Dask cluster
(:mod:`.on_dask`, :mod:`.shards`), keeping each shard's output as Parquet
in a work folder, writes the one database of the contract here from that
Parquet, with the same stage functions, clusters its quotes in steps on
the cluster (:mod:`.grouping`), and exports the published tables as
Parquet beside it (:mod:`.tables`) for DuckDB or pandas.

Finding clusters and statements from the parent links the workers chose,
tracing and writing run in this process (the driver): the result is the
database ``--engine local`` writes, with the same ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .grouping import PARTITION_QUOTES
from .on_dask import DaskEngine
from .shards import SHARD_ARTICLES
from .tables import export_tables

__all__ = ["SHARD_ARTICLES", "DaskEngine", "build_on_dask", "default_workdir", "export_tables"]


def default_workdir(db_path: str | Path) -> Path:
    """The work folder of a database built on Dask: ``DB.parquet`` beside it."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".parquet")


def build_on_dask(
    sources: Iterable[str | Path],
    db_path: str | Path,
    *,
    workdir: str | Path | None = None,
    scheduler: str | None = None,
    client=None,
    shard_articles: int = SHARD_ARTICLES,
    workers: int | None = None,
    partition_quotes: int | None = None,
    buckets: int | None = None,
    **options,
):
    """:func:`provenance.pipeline.build` with reading and extraction on Dask
    (see :class:`DaskEngine`), then the database's tables as Parquet in
    ``workdir``/tables. Returns the :class:`~provenance.pipeline.BuildReport`."""
    from ..pipeline import build

    workdir = Path(workdir) if workdir is not None else default_workdir(db_path)
    engine = DaskEngine(
        workdir,
        scheduler=scheduler,
        client=client,
        model=options.get("model"),
        shard_articles=shard_articles,
        workers=workers,
        partition_quotes=partition_quotes or PARTITION_QUOTES,
        buckets=buckets,
    )
    with engine.session():
        report = build(sources, db_path, engine=engine, **options)
    export_tables(db_path, workdir / "tables")
    return report
