"""``provenance build --engine dask``: reading and extraction as Dask tasks,
one per shard, on a cluster's workers; the database written in this
process from the shards' Parquet; the quotes clustered in steps as tasks
(:mod:`.grouping`, :meth:`DaskEngine.regroup`).

Each worker loads the spaCy model once (:class:`ModelPlugin`, a worker
plugin, so a worker that is restarted loads it again before its first
task). The shards' outputs are read back in shard order as they finish,
so the database gets the articles in the order ``--engine local`` reads
them, and the same ids.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from contextlib import contextmanager, nullcontext
from pathlib import Path

from ..errors import ProvenanceError
from ..ingest import Dedup, is_web_address, plan_reading, report_missing
from ..quotes.model import model_name
from . import grouping
from .shards import SHARD_ARTICLES, Shard, ShardOutput, extract_shard, plan_shards, read_shard, salt, write_shard

#: SQLite's page cache on the driver while it writes a build clustered on the cluster (KiB): it
#: reads nothing at random there (the tasks matched the quotes), so the cache a local build's
#: clustering wants (:data:`provenance.store.matchstore.CACHE_KIB`, 512 MB) would only hold
#: written pages, as much of them as the database has.
DRIVER_CACHE_KIB = 64 * 1024

#: Pipelines loaded in this (worker) process, by name.
_MODELS: dict = {}


def worker_nlp(model: str):
    """The pipeline ``model``, loaded once per process."""
    if model not in _MODELS:
        from ..quotes import load_nlp

        _MODELS[model] = load_nlp(model)
    return _MODELS[model]


def _plugin_class():
    from distributed import WorkerPlugin

    class ModelPlugin(WorkerPlugin):
        """Loads the spaCy pipeline when a worker starts (before its first task)."""

        name = "provenance-model"

        def __init__(self, model: str) -> None:
            self.model = model

        def setup(self, worker) -> None:
            worker_nlp(self.model)

    return ModelPlugin


class OnDisk(MutableMapping):
    """A str -> str mapping kept in a private temporary SQLite file (removed
    when closed), through a small page cache: where each article's text was
    first read, for a build of a hundred million articles, without a
    hundred million entries in the driver's memory."""

    def __init__(self) -> None:
        self.conn = sqlite3.connect("", isolation_level=None)  # "": a temporary file of its own
        self.conn.execute("PRAGMA journal_mode=OFF")  # nothing to recover: it lives as long as the build
        self.conn.execute("PRAGMA synchronous=OFF")
        self.conn.execute("create table kv (k text primary key, v text not null) without rowid")

    def __getitem__(self, k: str) -> str:
        row = self.conn.execute("select v from kv where k = ?", (k,)).fetchone()
        if row is None:
            raise KeyError(k)
        return row[0]

    def __setitem__(self, k: str, v: str) -> None:
        self.conn.execute("insert or replace into kv values (?, ?)", (k, v))

    def __delitem__(self, k: str) -> None:
        if self.conn.execute("delete from kv where k = ?", (k,)).rowcount == 0:
            raise KeyError(k)

    def __iter__(self) -> Iterator[str]:
        return (r[0] for r in self.conn.execute("select k from kv order by k").fetchall())

    def __len__(self) -> int:
        return self.conn.execute("select count(*) from kv").fetchone()[0]

    def close(self) -> None:
        self.conn.close()


def shard_task(shard: Shard, index, model: str, max_bytes: int, path: str) -> str:
    """Read and extract one shard on a worker and write its Parquet; a
    shard already written (by a task that ran before its worker died) is
    not made again."""
    out = Path(path)
    if not out.exists():
        write_shard(extract_shard(shard, index, worker_nlp(model), max_bytes=max_bytes), out)
    return out.name


@contextmanager
def local_client(workers: int):
    """A client of a new LocalCluster of ``workers`` single-threaded worker processes."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,  # a worker's heartbeat failing at shutdown is not news
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


class DaskEngine:
    """Reads and extracts a build's sources on a Dask cluster: the one at
    ``scheduler`` (an address), the ``client`` given, or a new
    ``LocalCluster`` of one single-threaded worker process per core.
    Shards of ``shard_articles`` articles are kept as Parquet under
    ``workdir``/shards (a folder every worker and this process can reach)."""

    def __init__(
        self,
        workdir: str | Path,
        *,
        scheduler: str | None = None,
        client=None,
        model: str | None = None,
        shard_articles: int = SHARD_ARTICLES,
        workers: int | None = None,
        partition_quotes: int = grouping.PARTITION_QUOTES,
        buckets: int | None = None,
    ) -> None:
        self.workdir = Path(workdir)
        self.scheduler = scheduler
        self.client = client
        self.model = model_name(model)
        self.shard_articles = shard_articles
        self.workers = workers or os.cpu_count() or 1
        self.partition_quotes = partition_quotes
        self.buckets = buckets
        self.cache_kib = DRIVER_CACHE_KIB  # the database's page cache from clustering on (see update_groups)

    @property
    def shard_folder(self) -> Path:
        return self.workdir / "shards"

    @contextmanager
    def connect(self):
        """A client: the one given, or one to the scheduler, or to a new LocalCluster."""
        if self.client is not None:
            yield self.client
            return
        try:
            from distributed import Client
        except ImportError as exc:
            raise ProvenanceError("--engine dask needs dask and distributed: pip install 'provenance[dask]'") from exc
        if self.scheduler:
            try:
                client = Client(self.scheduler, timeout="30s")
            except OSError as exc:
                raise ProvenanceError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from exc
            with client:
                yield client
            return
        with local_client(self.workers) as client:
            yield client

    @contextmanager
    def session(self):
        """One client for the whole build (reading, extraction and clustering)."""
        if self.client is not None:
            yield self.client
            return
        with self.connect() as client:
            self.client = client
            try:
                yield client
            finally:
                self.client = None

    def regroup(self, store, quote_ids: Iterable[int]):
        """Cluster a build's quotes on the cluster (:mod:`.grouping`):
        phrases, blocking keys, verification and each phrase's choice of
        parents as tasks; then, here, clusters (the trees of the parent
        links) and statements (union-find over the statement links) as
        :func:`provenance.clustering.regroup` finds them. A database that
        holds clustered quotes already is added to the local way
        (incrementally)."""
        from ..clustering import regroup
        from ..store.matchstore import use_big_cache

        if store.has_phrases():
            use_big_cache(store.db)  # clustered here: the index is read at random
            return regroup(store, quote_ids)
        token = uuid.uuid4().hex[:12]
        with self.connect() as client:

            def each(task, n: int, folder: str, *args) -> list:
                """task(folder, i, *args) for i below n, as tasks (retried on another worker if one dies)."""
                futures = [
                    client.submit(task, folder, i, *args, key=f"provenance-{task.__name__}-{token}-{i}", retries=2)
                    for i in range(n)
                ]
                return client.gather(futures)

            def everywhere(value):
                [future] = client.scatter([value], broadcast=True)
                return future

            workers = max(1, len(client.scheduler_info()["workers"]))
            return grouping.cluster(
                store,
                quote_ids,
                self.workdir / "clustering",
                each,
                everywhere=everywhere,
                parts=workers,
                partition_quotes=self.partition_quotes,
                buckets=self.buckets,
            )

    def __call__(self, run, sources: Iterable[str | Path], stored: Callable[[str], bool]) -> Iterator:
        """The articles of ``sources`` in reading order with their
        extractions (a :data:`provenance.pipeline.Engine`)."""
        sources = list(sources)
        if run.feeds or any(is_web_address(s) for s in sources):
            raise ProvenanceError(
                "--engine dask reads files and folders: build from web addresses and feeds with --engine local"
            )
        plan = plan_reading(sources, run.manifest, run.problem)
        shards = plan_shards(
            plan.parts(sources, run.problem), salt(plan.index, self.model, run.max_bytes), self.shard_articles
        )
        folder = self.shard_folder
        folder.mkdir(parents=True, exist_ok=True)
        todo = [s for s in shards if not (folder / s.file_name).exists()]
        run.report.shards, run.report.shards_reused = len(shards), len(shards) - len(todo)
        run.stage("reading")
        first_read = OnDisk()
        dedup = Dedup(run.problem, stored, first_read)
        by_line = {e.where: e for e in plan.index.entries}
        try:
            with self.connect() if todo else nullcontext() as client:
                futures = {}
                if todo:
                    client.register_plugin(_plugin_class()(self.model))
                    index = client.scatter(plan.index, broadcast=True)
                    for s in todo:
                        futures[s.number] = client.submit(
                            shard_task,
                            s,
                            index,
                            self.model,
                            run.max_bytes,
                            str(folder / s.file_name),
                            key=f"provenance-shard-{s.key}",
                            retries=2,
                        )
                for s in shards:
                    if s.number in futures:
                        futures.pop(s.number).result()
                    output = read_shard(folder / s.file_name)
                    yield from _in_order(output, dedup, run.problem, by_line)
                    run.batch_done([read.article for read, _ in output.reads])
        finally:
            first_read.close()
        report_missing(plan.index, run.problem)


def _in_order(output: ShardOutput, dedup: Dedup, problem, by_line: dict) -> Iterator:
    """A shard's articles with their extractions, duplicates dropped and
    problems reported where they were met, as the local engine does."""
    problems = iter(output.problems)
    pending = next(problems, None)
    for n, (read, extraction) in enumerate(output.reads):
        while pending is not None and pending[0] <= n:
            problem(pending[1])
            pending = next(problems, None)
        if read.manifest_line in by_line:
            by_line[read.manifest_line].used = True
        if dedup.keep(read):
            if extraction is None:  # cannot happen: only a duplicate within the shard is not parsed
                raise ProvenanceError(f"{read.where}: not extracted in its shard")
            yield read.article, extraction
    while pending is not None:
        problem(pending[1])
        pending = next(problems, None)
