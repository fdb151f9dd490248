"""Peak memory of a Dask build's driver, step by step: builds SOURCES with
``--engine dask`` on a LocalCluster of two single-threaded workers in this
process, samples this process's resident set size every 50 ms, and prints
the peak reached in each step of the driver (storing, the steps of
:mod:`provenance.engine.grouping` it runs, writing, the Parquet export).
The shards stay in ``--workdir``: run it twice and the second run measures
the driver alone (the workers only cluster and trace).

    python benchmarks/driver_memory.py corpus.jsonl --db /tmp/d.db --workdir /tmp/d.work
    python benchmarks/driver_memory.py ../shared/eval/polnear-train/articles \\
        --manifest ../shared/eval/polnear-train/manifest.jsonl --db /tmp/p.db --workdir /tmp/p.work

Linux only (reads /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# distributed.py beside this file would hide the distributed package: this folder leaves the path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

#: Driver functions whose peaks are told apart (module attribute names).
STEPS = {
    "provenance.engine.grouping": ("write_items", "read_links", "save_graph"),
    "provenance.store": ("write_group_rows", "finish"),
    "provenance.engine": ("export_tables",),
}


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sources", nargs="+")
    ap.add_argument("--manifest")
    ap.add_argument("--db", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--shard-articles", type=int, default=500)
    args = ap.parse_args()

    import importlib

    from provenance.engine import build_on_dask
    from provenance.engine.on_dask import local_client

    step = ["start"]
    peaks: dict[str, float] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            mb, name = _rss_mb(), step[0]
            peaks[name] = max(peaks.get(name, 0.0), mb)
            time.sleep(0.05)

    def timed(name: str, f):
        def run(*a, **k):
            step[0] = name
            try:
                return f(*a, **k)
            finally:
                step[0] = f"after {name}"

        return run

    for module, names in STEPS.items():
        mod = importlib.import_module(module)
        for name in names:
            setattr(mod, name, timed(name, getattr(mod, name)))

    def on_stage(name: str) -> None:
        step[0] = name

    threading.Thread(target=sample, daemon=True).start()
    cpu0, started = time.process_time(), time.monotonic()
    options = {"manifest": args.manifest} if args.manifest else {}
    with local_client(args.workers) as client:
        report = build_on_dask(
            args.sources,
            args.db,
            client=client,
            workdir=args.workdir,
            shard_articles=args.shard_articles,
            on_stage=on_stage,
            **options,
        )
    done.set()
    print(
        json.dumps(
            {
                "articles": report.articles_added,
                "quotes": report.quotes_added,
                "shards_reused": f"{report.shards_reused} of {report.shards}",
                "wall_s": round(time.monotonic() - started, 1),
                "driver_cpu_s": round(time.process_time() - cpu0, 1),  # with the LocalCluster's scheduler
                "driver_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "peak_mb_by_step": {k: round(v) for k, v in peaks.items()},
                "load_average": [round(x, 1) for x in os.getloadavg()],
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
