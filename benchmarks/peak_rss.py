"""Peak memory of a long build: runs `provenance build` in a child process,
samples the memory of it and of its `--jobs` workers while it works, and
prints the peaks and how memory moved over the run (flat after start-up is
the goal: articles are read, parsed and written in small batches, never
held all at once). The workers are forked from the loaded model and share
its pages, so their resident sets overlap: the proportional set size (each
shared page split between the processes sharing it) summed over the
processes is what they take together; the summed resident sets count
shared pages once per process.

    python benchmarks/peak_rss.py [SOURCES...] [--manifest FILE] [--db PATH]

Default: the PolNeAR train split (../shared/eval/polnear-train, 840 articles).
Linux only (reads /proc).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "eval" / "polnear-train"


def _megabytes(path: str, field: str) -> float | None:
    """A "Field:  N kB" line of a /proc file, in MB (None if the process is gone)."""
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def rss_mb(pid: int) -> float | None:
    return _megabytes(f"/proc/{pid}/status", "VmRSS:")


def tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def pss_mb(pid: int) -> float | None:
    return _megabytes(f"/proc/{pid}/smaps_rollup", "Pss:")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="*", type=Path, default=[TRAIN / "articles"])
    parser.add_argument("--manifest", type=Path, default=None)
    parser.add_argument("--db", type=Path, default=Path("/tmp/provenance-peak-rss.db"))
    parser.add_argument("--every", type=float, default=0.25, help="seconds between samples")
    parser.add_argument("--jobs", type=int, help="passed to provenance build [default: its own, the cores]")
    args = parser.parse_args()
    manifest = args.manifest or (TRAIN / "manifest.jsonl" if args.sources == [TRAIN / "articles"] else None)
    cmd = [sys.executable, "-m", "provenance", "build", *map(str, args.sources), "--db", str(args.db), "--quiet"]
    if manifest:
        cmd += ["--manifest", str(manifest)]
    if args.jobs:
        cmd += ["--jobs", str(args.jobs)]
    print("running:", " ".join(cmd), flush=True)
    began = time.monotonic()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, float, float]] = []  # seconds, summed RSS, summed PSS
    while proc.poll() is None:
        pids = tree(proc.pid)
        rss = [mb for mb in map(rss_mb, pids) if mb is not None]
        pss = [mb for mb in map(pss_mb, pids) if mb is not None]
        if rss:
            samples.append((time.monotonic() - began, sum(rss), sum(pss)))
        time.sleep(args.every)
    stderr = proc.stderr.read()
    seconds = time.monotonic() - began
    if proc.returncode != 0:
        sys.exit(f"build failed ({proc.returncode}):\n{stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kB on Linux
    problems = [line for line in stderr.splitlines() if line.startswith(("Error:", "Warning:"))]
    import sqlite3

    with sqlite3.connect(args.db) as conn:
        articles = conn.execute("select count(*) from articles").fetchone()[0]
        quotes = conn.execute("select count(*) from quotes").fetchone()[0]
    print(f"articles: {articles}, quotes: {quotes}, input problems: {len(problems)}")
    print(f"wall time: {seconds:.1f} s ({articles / seconds:.1f} articles/s)")
    print(f"peak RSS of the largest process: {peak:.0f} MB")
    if samples:
        print(
            f"peak of all processes together: {max(s[2] for s in samples):.0f} MB proportional set size, "
            f"{max(s[1] for s in samples):.0f} MB resident sets summed (sampled every {args.every} s)"
        )
        print("highest in each quarter of the run (MB, proportional / resident summed):")
        for q in range(4):
            part = [s for s in samples if seconds * q / 4 <= s[0] < seconds * (q + 1) / 4]
            if part:
                print(
                    f"  {q * 25:>3}-{(q + 1) * 25:>3}%: {max(s[2] for s in part):6.0f} / {max(s[1] for s in part):6.0f}"
                )


if __name__ == "__main__":
    main()
