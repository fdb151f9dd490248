"""What keeps the site up, measured (the README's Robustness figures).

    python benchmarks/robustness.py [diff] [jsonl] [hostile] [flood] [cluster] [--seconds 10] [--clients 8]

- diff: CPU time of one word diff of long texts that repeat a few words
  (SequenceMatcher alone took time cubic in their length) and of long
  texts of one remark with a word added;
- jsonl: CPU time of a build of a JSONL file of 1,000 and of 4,000 small
  records (one process), to show it grows linearly;
- hostile: CPU time and outcome of a build of the hostile corpus
  (tests/fixtures/make_bad_inputs.py, with its 50 MB article);
- flood: `provenance serve` on 127.0.0.1 (the seeds database), clients
  for a bounded time calling the project's SQL functions on 20,000
  characters and asking for missing clusters and bad ids, while one
  client fetches the site's CSS file: its latency, every status, the
  bytes the server logged;
- cluster: one cluster of 17,000 variants (written through the store, as
  the tests' fixtures do): CPU time and size of its page, HTML and JSON.

All parts by default. Loopback only, bounded in time; CPU times are this
process's (time.process_time), so other work on the machine does not count.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

from load_test import HOST, free_port, percentile  # noqa: E402


def part_diff() -> None:
    from provenance.check import compare_wordings
    from provenance.wording import diff_words

    for n in (1_000, 2_000, 3_300):
        a = "I will not . " * (n // 3)
        b = "we will not , " * (n // 3)
        began = time.process_time()
        diff_words(a[:20_000], b[:20_000])
        repeated = time.process_time() - began
        words = [f"w{i}" for i in range(n)]
        began = time.process_time()
        verdict = compare_wordings(" ".join(words[: n // 2] + ["added"] + words[n // 2 :]), " ".join(words))
        one = time.process_time() - began
        print(
            f"diff, {n:,} words: repeating three words {repeated:.2f} s CPU; one word added {one:.2f} s CPU ({verdict})"
        )


def part_hostile() -> None:
    from fixtures.make_bad_inputs import generate

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bad"
        generate(folder)
        files = sum(1 for p in folder.rglob("*") if p.is_file())
        command = [sys.executable, "-m", "provenance", "build", str(folder), "--db", str(Path(tmp) / "bad.db")]
        began = time.monotonic()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%U %S %M", *command], capture_output=True, text=True, timeout=1800
        )
        wall = time.monotonic() - began
        user, system, rss = done.stderr.strip().splitlines()[-1].split()
        lines = [line for line in done.stderr.splitlines() if line.startswith(("Error:", "Warning:"))]
        print(
            f"hostile corpus: {files} files, exit {done.returncode}, {len(lines)} Error/Warning lines, "
            f"{'no' if 'Traceback' not in done.stderr else 'a'} traceback; "
            f"{float(user) + float(system):.1f} s CPU, {int(rss) // 1024} MB peak, {wall:.0f} s wall"
        )


def part_jsonl(sizes: tuple[int, ...] = (1_000, 4_000)) -> None:
    import json

    from provenance.pipeline import build
    from provenance.quotes import load_nlp

    nlp = load_nlp()
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            records = Path(tmp) / f"records{n}.jsonl"
            with records.open("w", encoding="utf-8") as fh:
                for i in range(n):
                    text = f'Report {i} from the town hall.\n\n"We will open bridge number {i} in the spring," the mayor said.'
                    fh.write(json.dumps({"text": text, "outlet": f"Outlet {i % 7}", "published": "2020-01-02"}) + "\n")
            began = time.process_time()
            report = build([records], Path(tmp) / f"records{n}.db", nlp=nlp, jobs=1)
            cpu = time.process_time() - began
            print(
                f"jsonl of {n:,} small records: {report.articles_added:,} articles, {report.quotes_added:,} quotes, "
                f"{cpu:.1f} s CPU ({cpu / n * 1000:.1f} ms a record)"
            )


def _seeds_db(tmp: Path) -> Path:
    db = tmp / "seeds.db"
    subprocess.run(
        [sys.executable, "-m", "provenance", "build", str(ROOT / "seeds"), "--db", str(db), "--quiet"],
        check=True,
        timeout=600,
    )
    return db


async def _flood(base: str, clients: int, seconds: float) -> dict:
    import httpx

    long = " ".join(f"word{i % 997}" for i in range(3_300))[:20_000]
    sql = quote(f"select provenance_compare('{long}', '{long}') as v")
    hostile = [
        f"/seeds.json?sql={sql}",
        "/seeds.json?sql=" + quote(f"select provenance_diff_summary('{long}', '{long[::-1]}') as v"),
        "/-/cluster/seeds/99999",
        "/-/cluster/seeds/abc",
        "/-/cluster/seeds/1;select",
        "/seeds/quotes?_sort=nope",
    ]
    statuses: dict[str, int] = {}
    css: list[float] = []
    functions: list[float] = []
    deadline = time.monotonic() + seconds

    async def attacker(http, n: int) -> None:
        k = n
        while time.monotonic() < deadline:
            url = hostile[k % len(hostile)]
            k += 1
            began = time.monotonic()
            try:
                status = str((await http.get(url)).status_code)
            except httpx.HTTPError as exc:
                status = exc.__class__.__name__
            if "sql=" in url:
                functions.append(time.monotonic() - began)
            statuses[status] = statuses.get(status, 0) + 1

    async def reader(http) -> None:
        while time.monotonic() < deadline:
            began = time.monotonic()
            response = await http.get("/-/static-plugins/provenance/provenance.css")
            css.append(time.monotonic() - began)
            statuses[f"css {response.status_code}"] = statuses.get(f"css {response.status_code}", 0) + 1
            await asyncio.sleep(0.05)

    limits = httpx.Limits(max_connections=clients + 1)
    async with httpx.AsyncClient(base_url=base, timeout=120.0, limits=limits) as http:
        await asyncio.wait_for(
            asyncio.gather(reader(http), *(attacker(http, n) for n in range(clients))), timeout=seconds + 180
        )
    return {"statuses": statuses, "css": css, "functions": functions}


def part_flood(clients: int, seconds: float) -> None:
    import httpx

    with tempfile.TemporaryDirectory() as tmp:
        db = _seeds_db(Path(tmp))
        log = Path(tmp) / "server.log"
        port = free_port()
        with log.open("w") as out:
            server = subprocess.Popen(
                [sys.executable, "-m", "provenance", "serve", str(db), "--port", str(port), "--host", HOST],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        base = f"http://{HOST}:{port}"
        try:
            up_by = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(base + "/", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None or time.monotonic() > up_by:
                    sys.exit("the server did not come up")
                time.sleep(0.3)
            idle = []
            for _ in range(20):
                began = time.monotonic()
                httpx.get(base + "/-/static-plugins/provenance/provenance.css", timeout=30)
                idle.append(time.monotonic() - began)
            logged_before = log.stat().st_size
            found = asyncio.run(_flood(base, clients, seconds))
            alive = server.poll() is None
        finally:
            server.terminate()
            try:
                stopped = server.wait(timeout=30) is not None
            except subprocess.TimeoutExpired:
                server.kill()
                stopped = False
    css, functions = found["css"], found["functions"]
    print(
        f"flood, {clients} clients for {seconds:.0f} s on {HOST} (SQL functions on 20,000 characters, missing "
        f"clusters, bad ids, a bad sort): statuses {dict(sorted(found['statuses'].items()))}; "
        f"server up {alive}, stopped on SIGTERM within 30 s: {stopped}; "
        f"{log.stat().st_size - logged_before if log.exists() else 0} bytes logged"
    )
    print(
        f"  CSS file: idle p50 {percentile(idle, 50) * 1000:.0f} ms; under the flood p50 "
        f"{percentile(css, 50) * 1000:.0f} ms, p95 {percentile(css, 95) * 1000:.0f} ms, max {max(css) * 1000:.0f} ms"
    )
    if functions:
        print(
            f"  SQL function queries: {len(functions)}, p50 {percentile(functions, 50) * 1000:.0f} ms, "
            f"max {max(functions) * 1000:.0f} ms"
        )


def part_cluster(variants: int = 17_000) -> None:
    from fixtures.databases import Row, build_db

    from provenance.site.serve import make_datasette

    wording = "We will not give up the talks on the air defence systems this year, whatever they say"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.db"
        rows = [
            Row(
                f"Outlet {i % 900}",
                wording if i % 4 else wording.replace("whatever", "whatever else"),
                "Fikri Isik",
                published=f"{2000 + i // 336}-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}",
            )
            for i in range(variants)
        ]
        build_db(path, rows)
        site = make_datasette(path)

        async def fetch(url: str):
            return await site.client.get(url)

        for url in ("/-/cluster/big/1", "/-/cluster/big/1.json", f"/-/cluster/big/1?page={variants // 100}"):
            began = time.process_time()
            response = asyncio.run(fetch(url))
            cpu = time.process_time() - began
            print(
                f"cluster of {variants:,} variants, {url}: {response.status_code}, "
                f"{len(response.content) / 1000:,.0f} kB, {cpu:.2f} s CPU"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("parts", nargs="*", choices=["diff", "jsonl", "hostile", "flood", "cluster", []], default=[])
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--clients", type=int, default=8)
    args = ap.parse_args()
    parts = args.parts or ["diff", "jsonl", "hostile", "flood", "cluster"]
    if "diff" in parts:
        part_diff()
    if "jsonl" in parts:
        part_jsonl()
    if "cluster" in parts:
        part_cluster()
    if "flood" in parts:
        part_flood(args.clients, args.seconds)
    if "hostile" in parts:
        part_hostile()


if __name__ == "__main__":
    main()
