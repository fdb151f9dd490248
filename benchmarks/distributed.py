"""Local against Dask: the same build with ``--engine local`` and with
``--engine dask`` on a LocalCluster of two single-threaded workers (the
local engine with as many extraction processes, ``--jobs 2``), on the
PolNeAR train split and on a synthetic corpus (benchmarks/synth.py) of
100k quotes. Each build runs in its own process, so its peak memory is its
own.

    python benchmarks/distributed.py                       # polnear-train and synth 100k
    python benchmarks/distributed.py --corpora synth --synth-quotes 10000

Prints one line per corpus and engine: wall seconds; CPU seconds of the
process that writes the database (the driver) split into reading and
extraction (with the dask engine: waiting for and storing the shards) and
clustering (with the dask engine only saving the clustering state,
finding clusters and statements, and writing the traced rows: the rest
runs on the workers); the driver's peak memory (RSS) before clustering
and at the end (with the local engine, also the largest extraction
process's); CPU seconds and peak memory of each worker, with the parts
spent loading the model and on clustering and tracing tasks told apart;
and the per-core rates a cluster estimate starts from: articles read
and extracted per worker CPU-second (model load and clustering
excluded), quotes per driver CPU-second of clustering. With the dask engine the driver's CPU includes the
LocalCluster's scheduler, which runs in the same process. Wall time on a
shared machine is noisy: compare CPU seconds. The databases are compared
too (the same clusters, statements, origins and copy edges, up to ids).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# this file's own name would hide the distributed package: its folder leaves the path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

TRAIN = ROOT.parent / "shared" / "eval" / "polnear-train"
if not TRAIN.is_dir():
    TRAIN = Path("/work/shared/eval/polnear-train")


def _cpu(children: bool = False) -> float:
    """CPU seconds of this process (and of its children that have ended:
    the local engine's extraction processes)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN) if children else (resource.RUSAGE_SELF,):
        r = resource.getrusage(who)
        total += r.ru_utime + r.ru_stime
    return total


def _peak_mb(who=resource.RUSAGE_SELF) -> int:
    """Peak resident memory (MB) of this process, or of the largest of its ended children."""
    return round(resource.getrusage(who).ru_maxrss / 1024)


def _worker_usage() -> dict:
    """Run on a worker: its CPU seconds and peak RSS (MB)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu_s": round(r.ru_utime + r.ru_stime, 1), "peak_mb": round(r.ru_maxrss / 1024)}


def phase_build(args) -> dict:
    """One build in this process; returns its figures."""
    from provenance.pipeline import build

    sources = json.loads(args.sources)
    options = {"manifest": args.manifest} if args.manifest else {}
    marks: dict[str, float] = {}

    peaks: dict[str, int] = {}
    clients: list = []  # the dask engine's client, to ask the workers what they had spent when clustering began
    before_clustering: dict = {}

    def on_stage(name: str) -> None:
        marks[name] = _cpu()
        peaks[name] = _peak_mb()
        if name == "clustering" and clients:
            before_clustering.update(clients[0].run(_worker_usage))

    started, cpu0 = time.monotonic(), _cpu()
    workers = {}
    if args.engine == "local":  # as the command line runs it: one extraction process per core (--jobs)
        report = build(sources, args.db, on_stage=on_stage, jobs=args.workers, **options)
        cpu = _cpu(children=True) - cpu0
    else:
        from provenance.engine import build_on_dask
        from provenance.engine.on_dask import _plugin_class, local_client
        from provenance.quotes.model import model_name

        with local_client(args.workers) as client:
            clients.append(client)
            # the model loaded first (the build's own plugin finds it loaded), so its cost is told apart
            client.register_plugin(_plugin_class()(model_name(None)))
            loaded = client.run(_worker_usage)
            report = build_on_dask(
                sources,
                args.db,
                client=client,
                workdir=args.workdir,
                shard_articles=args.shard_articles,
                on_stage=on_stage,
                **options,
            )
            workers = client.run(_worker_usage)
            for address, usage in workers.items():
                usage["model_load_cpu_s"] = loaded.get(address, {}).get("cpu_s", 0.0)
                usage["work_cpu_s"] = round(usage["cpu_s"] - usage["model_load_cpu_s"], 1)
                if address in before_clustering:  # the clustering and tracing tasks, apart from extraction
                    usage["cluster_trace_cpu_s"] = round(usage["cpu_s"] - before_clustering[address]["cpu_s"], 1)
                    usage["peak_mb_before_clustering"] = before_clustering[address]["peak_mb"]
        cpu = _cpu() - cpu0
    wall = time.monotonic() - started
    clustering_cpu = _cpu() - marks["clustering"] if "clustering" in marks else 0.0
    worker_cpu = sum(w["work_cpu_s"] for w in workers.values())
    worker_cluster_cpu = sum(w.get("cluster_trace_cpu_s", 0.0) for w in workers.values())
    return {
        "engine": args.engine,
        "articles": report.articles_added,
        "quotes": report.quotes_added,
        "wall_s": round(wall, 1),
        "driver_cpu_s": round(cpu, 1),
        "driver_read_extract_store_cpu_s": round(cpu - clustering_cpu, 1),
        "driver_cluster_cpu_s": round(clustering_cpu, 1),
        "driver_peak_mb": _peak_mb(),
        "driver_peak_mb_before_clustering": peaks.get("clustering"),
        "extraction_processes_peak_mb": _peak_mb(resource.RUSAGE_CHILDREN) if args.engine == "local" else None,
        "workers": sorted(workers.values(), key=lambda w: -w["cpu_s"]),
        "articles_per_cpu_s": round(
            report.articles_added / (worker_cpu - worker_cluster_cpu if workers else max(cpu - clustering_cpu, 1e-9)),
            2,
        ),
        "workers_cluster_trace_cpu_s": round(worker_cluster_cpu, 1) if workers else None,
        "quotes_clustered_per_cpu_s": round(report.quotes_added / max(clustering_cpu, 1e-9)),
        "shards": report.shards,
    }


def _child(args, engine: str, sources: list[str], manifest: str | None, db: Path, workdir: Path) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--phase",
        "build",
        "--engine",
        engine,
        "--sources",
        json.dumps(sources),
        "--db",
        str(db),
        "--workdir",
        str(workdir),
        "--workers",
        str(args.workers),
        "--shard-articles",
        str(args.shard_articles),
    ]
    if manifest:
        cmd += ["--manifest", manifest]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _synth_corpus(path: Path, quotes: int) -> Path:
    """A JSONL corpus of ``quotes`` synthetic quotes (made once, kept in --out)."""
    if path.exists():
        return path
    import importlib.util

    spec = importlib.util.spec_from_file_location("synth", HERE / "synth.py")
    synth = importlib.util.module_from_spec(spec)
    sys.modules["synth"] = synth  # its dataclasses look their module up
    spec.loader.exec_module(synth)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for art in synth.Generator(0).corpus(quotes):
            text, _ = art.text_and_offsets()
            record = {"path": art.source, "outlet": art.outlet, "published": art.published, "wire": art.wire}
            fh.write(json.dumps({**record, "text": text}) + "\n")
    tmp.rename(path)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", nargs="*", default=["polnear-train", "synth"], choices=["polnear-train", "synth"])
    ap.add_argument("--synth-quotes", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--shard-articles", type=int, default=500)
    ap.add_argument("--out", default="/tmp/provenance-distributed")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--engine", help=argparse.SUPPRESS)
    ap.add_argument("--sources", help=argparse.SUPPRESS)
    ap.add_argument("--manifest", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--workdir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(phase_build(args)))
        return
    from fixtures.same import described

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for corpus in args.corpora:
        if corpus == "polnear-train":
            sources, manifest = [str(TRAIN / "articles")], str(TRAIN / "manifest.jsonl")
            name = corpus
        else:
            name = f"synth-{args.synth_quotes}"
            sources, manifest = [str(_synth_corpus(out / f"{name}.jsonl", args.synth_quotes))], None
        dbs = {}
        for engine in ("local", "dask"):
            db, workdir = out / f"{name}-{engine}.db", out / f"{name}-{engine}.work"
            shutil.rmtree(workdir, ignore_errors=True)  # time a build from nothing
            figures = _child(args, engine, sources, manifest, db, workdir)
            dbs[engine] = db
            print(f"{name:>14} {json.dumps(figures)}", flush=True)
        same = described(dbs["local"]) == described(dbs["dask"])
        print(f"{name:>14} same database from both engines (up to ids): {same}", flush=True)


if __name__ == "__main__":
    main()
