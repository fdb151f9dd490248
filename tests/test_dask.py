"""``provenance build --engine dask``: the database ``--engine local``
builds, from shards read and extracted, and quotes clustered, on a
two-worker Dask cluster.

Marked ``dask`` (deselected by default: a cluster takes seconds to start
and builds run twice); ``make test-dask`` and .ci/run run them.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.same import described

from provenance.cli import cli
from provenance.engine import build_on_dask
from provenance.pipeline import add, build

pytestmark = pytest.mark.dask

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
EVAL = ROOT.parent / "shared" / "eval"
if not EVAL.is_dir():  # a worktree beside the shared folder's parent
    EVAL = Path("/work/shared/eval")


@pytest.fixture(scope="module")
def client():
    """A LocalCluster of two single-threaded worker processes."""
    pytest.importorskip("distributed")
    from provenance.engine.on_dask import local_client

    with local_client(2) as client:
        yield client


def _local(tmp_path: Path, sources, nlp, **kw) -> Path:
    path = tmp_path / "local.db"
    build(sources, path, nlp=nlp, **kw)
    return path


def _dask(tmp_path: Path, sources, client, name="dask", **kw):
    path = tmp_path / f"{name}.db"
    report = build_on_dask(sources, path, client=client, workdir=tmp_path / f"{name}-work", **kw)
    assert not (tmp_path / f"{name}-work" / "clustering").exists()  # the clustering steps' files are removed
    return path, report


def _basil(tmp_path: Path, nlp) -> tuple[Path, Path]:
    """basil-dev's folder and its local build (the test is skipped where the corpus is not)."""
    corpus = EVAL / "basil-dev"
    if not corpus.is_dir():
        pytest.skip("no basil-dev corpus here")
    return corpus, _local(tmp_path, [corpus / "articles"], nlp, manifest=corpus / "manifest.jsonl")


def _basil_on_dask(tmp_path: Path, client, corpus: Path, **kw):
    return _dask(tmp_path, [corpus / "articles"], client, manifest=corpus / "manifest.jsonl", **kw)


def test_a_dask_build_of_the_seeds_is_the_local_build(tmp_path, client, nlp):
    local = _local(tmp_path, [SEEDS], nlp)
    path, report = _dask(tmp_path, [SEEDS], client, shard_articles=2, partition_quotes=4, buckets=3)
    assert report.shards == 3 and report.articles_added == 5
    assert described(path) == described(local)


def test_the_tables_are_kept_as_parquet_beside_the_database(tmp_path, client):
    pq = pytest.importorskip("pyarrow.parquet")
    path, _ = _dask(tmp_path, [SEEDS], client)
    conn = sqlite3.connect(path)
    for table in ("articles", "quotes", "clusters", "statements", "copy_edges", "speakers", "sources", "outlets"):
        parquet = pq.read_table(tmp_path / "dask-work" / "tables" / f"{table}.parquet")
        assert parquet.num_rows == conn.execute(f"select count(*) from {table}").fetchone()[0]
    quotes = pq.read_table(tmp_path / "dask-work" / "tables" / "quotes.parquet").to_pylist()
    assert {q["cluster_id"] for q in quotes} == {r[0] for r in conn.execute("select id from clusters")}


def test_a_rerun_makes_only_the_shards_that_are_missing(tmp_path, client, nlp):
    path, first = _dask(tmp_path, [SEEDS], client, shard_articles=2)
    shards = sorted((tmp_path / "dask-work" / "shards").glob("*.parquet"))
    assert len(shards) == first.shards == 3 and first.shards_reused == 0
    shards[1].unlink()
    before = described(path)
    path, again = _dask(tmp_path, [SEEDS], client, shard_articles=2)
    assert again.shards_reused == 2
    assert described(path) == before


def test_a_shard_made_from_other_files_is_not_reused(tmp_path, client):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(SEEDS.glob("*.txt"))[:2]:
        (folder / p.name).write_text(p.read_text())
    _dask(tmp_path, [folder], client)
    (folder / "extra.txt").write_text('"We will win this," the mayor, Ann Lee, said on Monday.')
    _, again = _dask(tmp_path, [folder], client)
    assert again.shards_reused == 0 and again.articles_added == 3


def test_a_dask_build_reports_the_problems_a_local_build_reports(tmp_path, client, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for p in seeds[:3]:
        (folder / p.name).write_text(p.read_text())
    (folder / "again.txt").write_text(seeds[0].read_text())  # a duplicate, in another shard
    (folder / "empty.txt").write_text("   \n")
    (folder / "records.jsonl").write_text('{"text": "no closing brace"\n{"title": "no text"}\n')
    said = {}
    for engine in ("local", "dask"):
        problems = []
        if engine == "local":
            build([folder], tmp_path / "local.db", nlp=nlp, on_problem=problems.append)
        else:
            _dask(tmp_path, [folder], client, shard_articles=2, on_problem=problems.append)
        said[engine] = [(p.source, p.message, p.level) for p in problems]
    assert said["dask"] == said["local"]
    assert any("same text as" in message for _, message, _ in said["dask"])
    assert described(tmp_path / "dask.db") == described(tmp_path / "local.db")


def test_a_build_survives_a_worker_killed_in_the_middle(tmp_path, client, nlp):
    corpus, local = _basil(tmp_path, nlp)
    shards = tmp_path / "dask-work" / "shards"
    pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_one_when_a_shard_is_done():
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not killed:
            done = list(shards.glob("*.parquet")) if shards.is_dir() else []
            if done:
                pid = sorted(pids.values())[0]
                os.kill(pid, signal.SIGKILL)
                killed.append(len(done))
                return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_one_when_a_shard_is_done)
    killer.start()
    path, report = _basil_on_dask(tmp_path, client, corpus, shard_articles=4)
    killer.join()
    assert killed and killed[0] < report.shards  # killed while shards were still being made
    assert described(path) == described(local)
    client.wait_for_workers(2, timeout=60)  # the nanny restarted it, for the tests after this one


def test_a_build_survives_workers_killed_while_clustering_and_tracing(tmp_path, client, nlp):
    """One worker dies in its first clustering task (verification and the
    parent choice), the other in its first tracing task: each task is run
    again on a live worker, and the database is the local build's."""
    corpus, local = _basil(tmp_path, nlp)
    died = tmp_path / "died"
    died.mkdir()

    def arm(step: str, marks: str) -> None:
        """On a worker: its first ``step`` task kills the worker (SIGKILL, as the OOM killer would)."""
        from provenance.engine import grouping

        def dying(folder, i, *args):
            Path(marks, step).touch()
            os.kill(os.getpid(), signal.SIGKILL)

        setattr(grouping, step, dying)  # tasks name their function by module and name: this one runs here

    first, second = sorted(client.scheduler_info()["workers"])
    client.run(arm, "choose", str(died), workers=[first])
    client.run(arm, "trace_bucket", str(died), workers=[second])
    try:
        path, _ = _basil_on_dask(tmp_path, client, corpus, shard_articles=50, partition_quotes=150, buckets=4)
    finally:
        client.wait_for_workers(2, timeout=120)  # the nannies restart them, unarmed, for the tests after this one
    assert sorted(p.name for p in died.iterdir()) == ["choose", "trace_bucket"]
    assert described(path) == described(local)


def test_basil_dev_on_dask_is_the_local_build(tmp_path, client, nlp):
    corpus, local = _basil(tmp_path, nlp)
    path, _ = _basil_on_dask(tmp_path, client, corpus, shard_articles=8, partition_quotes=150, buckets=5)
    assert described(path) == described(local)


def _synthetic_corpus(path: Path, quotes: int) -> Path:
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synth
    finally:
        sys.path.pop(0)
    with path.open("w", encoding="utf-8") as fh:
        for art in synth.Generator(0).corpus(quotes):
            text, _ = art.text_and_offsets()
            record = {"path": art.source, "outlet": art.outlet, "published": art.published, "wire": art.wire}
            fh.write(json.dumps({**record, "text": text}) + "\n")
    return path


def test_the_10k_synthetic_corpus_on_dask_is_the_local_build(tmp_path, client, nlp):
    corpus = _synthetic_corpus(tmp_path / "synth.jsonl", 10_000)
    local = _local(tmp_path, [corpus], nlp)
    path, report = _dask(tmp_path, [corpus], client, shard_articles=1000, partition_quotes=2500, buckets=4)
    assert report.shards > 2  # one JSONL file, read in pieces
    a, b = described(local), described(path)
    assert len(a["clusters"]) > 1000
    assert a == b


def test_provenance_add_works_on_a_database_built_on_dask(tmp_path, client, nlp):
    articles = sorted(SEEDS.glob("*.txt"))
    first = tmp_path / "first"
    first.mkdir()
    for p in articles[:-1]:
        (first / p.name).write_text(p.read_text())
    path, _ = _dask(tmp_path, [first], client)
    report = add([articles[-1]], path, nlp=nlp)
    assert report.articles_added == 1
    local = _local(tmp_path, [first], nlp)
    add([articles[-1]], local, nlp=nlp)
    assert described(path) == described(local)


def test_the_command_line_builds_on_a_scheduler_it_is_given(tmp_path, client, nlp):
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(SEEDS),
            "--db",
            str(db),
            "--engine",
            "dask",
            "--scheduler",
            client.scheduler.address,
            "--workdir",
            str(tmp_path / "work"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "1 shard read and extracted on Dask" in result.output
    assert (tmp_path / "work" / "tables" / "quotes.parquet").is_file()
    assert not list(tmp_path.glob("cli.db-*"))  # no -wal or -shm left by the export
    assert described(db) == described(_local(tmp_path, [SEEDS], nlp))


def test_dask_options_without_the_dask_engine_are_refused(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "--db", str(tmp_path / "x.db"), "--workdir", "w"])
    assert result.exit_code != 0 and "--engine dask" in result.output


def test_web_addresses_are_left_to_the_local_engine(tmp_path, client):
    from provenance.errors import ProvenanceError

    with pytest.raises(ProvenanceError, match="--engine local"):
        _dask(tmp_path, ["https://example.org/news/1"], client)
    assert not (tmp_path / "dask.db").exists()
