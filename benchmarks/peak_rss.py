"""Peak memory of a long build: runs `provenance build` in a child process,
samples its resident set size while it works, and prints the peak and how
RSS moved over the run (flat after start-up is the goal: articles are read,
parsed and written in small batches, never held all at once).

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


def rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="*", type=Path, default=[TRAIN / "articles"])
    parser.add_argument("--manifest", type=Path, default=None)
    parser.add_argument("--db", type=Path, default=Path("/tmp/provenance-peak-rss.db"))
    parser.add_argument("--every", type=float, default=0.25, help="seconds between samples")
    args = parser.parse_args()
    manifest = args.manifest or (TRAIN / "manifest.jsonl" if args.sources == [TRAIN / "articles"] else None)
    cmd = [sys.executable, "-m", "provenance", "build", *map(str, args.sources), "--db", str(args.db), "--quiet"]
    if manifest:
        cmd += ["--manifest", str(manifest)]
    print("running:", " ".join(cmd), flush=True)
    began = time.monotonic()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, float]] = []
    while proc.poll() is None:
        mb = rss_mb(proc.pid)
        if mb is not None:
            samples.append((time.monotonic() - began, mb))
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
    print(f"peak RSS: {peak:.0f} MB")
    if samples:
        print("highest RSS in each quarter of the run (MB):")
        for q in range(4):
            part = [mb for t, mb in samples if seconds * q / 4 <= t < seconds * (q + 1) / 4]
            if part:
                print(f"  {q * 25:>3}-{(q + 1) * 25:>3}%: {max(part):6.0f}")


if __name__ == "__main__":
    main()
