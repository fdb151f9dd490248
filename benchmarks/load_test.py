"""Serving under load: 50 concurrent clients for 30 s against the check page
(/-/check?q=...) and the cluster pages (/-/cluster/DB/ID) of `provenance
serve` (read-only) on a database of at least 100,000 quotes.
Loopback only and bounded in time. Prints requests, errors, throughput and
latency percentiles per page.

    python benchmarks/load_test.py [--db PATH] [--quotes 100000] [--clients 50] [--seconds 30]

Without --db, a synthetic database is made once (benchmarks/synth.py
remarks, written through provenance.store and clustered by the same
code as `provenance build`) and kept at /tmp/provenance-load-<N>.db.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote as urlquote

HERE = Path(__file__).resolve().parent
HOST = "127.0.0.1"  # loopback only, always


def make_database(path: Path, quotes: int, seed: int = 0) -> None:
    """A synthetic provenance database with at least ``quotes`` quotes."""
    sys.path.insert(0, str(HERE.parent))
    sys.path.insert(0, str(HERE))
    import scale  # the scale benchmark's generator and writer

    from provenance import store as publish
    from provenance.pipeline import update_groups

    tmp = path.with_name(path.name + ".part")
    tmp.unlink(missing_ok=True)
    started = time.monotonic()
    articles, _ = scale._generate(quotes, 10_000, seed)  # 10,000 quotes a day; the last day left out
    db = publish.open_database(tmp)
    db.conn.execute("BEGIN")
    ids = scale.write_articles(db, articles, [])
    db.conn.execute("COMMIT")
    print(f"wrote {len(articles):,} articles, {len(ids):,} quotes in {time.monotonic() - started:.0f} s", flush=True)
    db.conn.execute("BEGIN")
    update_groups(db, ids)
    db.conn.execute("COMMIT")
    publish.finish(db)
    db.conn.close()
    tmp.replace(path)
    print(f"clustered in {time.monotonic() - started:.0f} s in all: {path}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def sample_urls(db: Path, n: int, seed: int) -> dict[str, list[str]]:
    """Check-page URLs (fragments of stored quotes, some altered, some not
    found) and cluster-page URLs (big and small clusters)."""
    rng = random.Random(seed)
    name = db.stem
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        max_id = conn.execute("select max(id) from quotes").fetchone()[0]
        texts = []
        while len(texts) < n:
            row = conn.execute("select text from quotes where id = ?", (rng.randint(1, max_id),)).fetchone()
            if row and len(row[0].split()) >= 6:
                texts.append(row[0])
        big = [
            r[0]
            for r in conn.execute(
                "select cluster_id from quotes group by cluster_id order by count(*) desc limit ?", (n // 4,)
            )
        ]
        ids = [r[0] for r in conn.execute("select id from clusters")]
        any_clusters = rng.sample(ids, min(len(ids), n - len(big)))
    finally:
        conn.close()
    checks = []
    for text in texts:
        words = text.split()
        start = rng.randint(0, max(0, len(words) - 6))
        part = words[start : start + rng.randint(6, 14)]
        roll = rng.random()
        if roll < 0.2 and len(part) > 3:
            part[rng.randrange(len(part))] = "altered"
        elif roll < 0.3:
            part = ["nobody", "ever", "said", "these", "particular", "words", str(rng.randint(0, 10**6))]
        checks.append(f"/-/check?q={urlquote(' '.join(part))}")
    clusters = [f"/-/cluster/{name}/{cid}" for cid in big + any_clusters]
    return {"check": checks, "cluster": clusters}


async def client(http, urls: dict[str, list[str]], deadline: float, rng: random.Random, results: list) -> None:
    while time.monotonic() < deadline:
        page = "check" if rng.random() < 0.5 else "cluster"
        url = rng.choice(urls[page])
        began = time.monotonic()
        try:
            response = await http.get(url)
            ok = response.status_code == 200
            status = response.status_code
        except Exception as exc:
            ok, status = False, exc.__class__.__name__
        results.append((page, time.monotonic() - began, ok, status))


async def load(base: str, urls: dict[str, list[str]], clients: int, seconds: float, seed: int) -> list:
    import httpx

    results: list = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60.0, limits=limits) as http:
        deadline = time.monotonic() + seconds
        await asyncio.wait_for(
            asyncio.gather(*(client(http, urls, deadline, random.Random(seed + i), results) for i in range(clients))),
            timeout=seconds + 120,
        )
    return results


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="a provenance database (default: a synthetic one, made once)")
    ap.add_argument("--quotes", type=int, default=100_000, help="quotes in the synthetic database")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    db = args.db or Path(f"/tmp/provenance-load-{args.quotes}.db")
    if not db.exists():
        if args.db:
            sys.exit(f"{db}: no such database")
        make_database(db, args.quotes)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        n_quotes = conn.execute("select count(*) from quotes").fetchone()[0]
        n_clusters = conn.execute("select count(*) from clusters").fetchone()[0]
    urls = sample_urls(db, 400, args.seed)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "provenance", "serve", str(db), "--port", str(port), "--host", HOST],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://{HOST}:{port}"
    try:
        import httpx

        up_by = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                sys.exit(f"server exited: {server.stderr.read()}")
            try:
                if httpx.get(base + "/", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > up_by:
                sys.exit("server did not come up in 120 s")
            time.sleep(0.3)
        for url in urls["check"][:3] + urls["cluster"][:3]:  # warm the caches once, as a real site is
            httpx.get(base + url, timeout=60)
        began = time.monotonic()
        results = asyncio.run(load(base, urls, args.clients, args.seconds, args.seed))
        elapsed = time.monotonic() - began
        alive = server.poll() is None
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    errors = [r for r in results if not r[2]]
    print(f"database: {db} ({n_quotes:,} quotes, {n_clusters:,} clusters), served read-only at {base}")
    print(
        f"{args.clients} clients for {args.seconds:.0f} s: {len(results):,} requests in {elapsed:.1f} s "
        f"({len(results) / elapsed:.1f}/s), {len(errors)} errors, server still up: {alive}"
    )
    summary = {
        "quotes": n_quotes,
        "clients": args.clients,
        "seconds": args.seconds,
        "requests": len(results),
        "errors": len(errors),
        "server_up": alive,
    }
    for page in ("check", "cluster", "all"):
        times = [r[1] for r in results if page == "all" or r[0] == page]
        if not times:
            continue
        p50, p95, p99 = (percentile(times, p) * 1000 for p in (50, 95, 99))
        print(
            f"  {page:>7}: {len(times):6,} requests, p50 {p50:6.0f} ms, p95 {p95:6.0f} ms, p99 {p99:6.0f} ms, "
            f"max {max(times) * 1000:6.0f} ms, mean {statistics.mean(times) * 1000:6.0f} ms"
        )
        summary[f"{page}_p95_ms"] = round(p95)
    if errors:
        print("  errors:", sorted({str(r[3]) for r in errors}))
    print(json.dumps(summary))
    sys.exit(1 if errors or not alive else 0)


if __name__ == "__main__":
    main()
