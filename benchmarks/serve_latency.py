"""How fast the site answers: every kind of page of `provenance serve`
(tables, views, a facet value picked, full-text search, canned queries, the
plugin's pages, each as HTML and as .json) timed one client at a time,
beside plain Datasette (no plugin, no metadata: what `datasette --immutable
DB` gives) serving the same file in the same run; then 50 clients for 30 s
on a mix of pages. Loopback only, bounded in time. Asserts nothing: prints
figures.

    python benchmarks/serve_latency.py DB [--runs 20] [--clients 50] [--seconds 30] [--workers N]

For each page: p50 and p95 wall time over --runs requests (after one
warm-up request), and the server's CPU time per request (its process's
user+system time over those requests: the figure to trust on a busy
machine), ours and plain Datasette's. A page plain Datasette does not have
(canned queries, the plugin's pages) shows "-"; an answer other than 200
shows its status. A database from `benchmarks/scale.py` is prepared for
serving first (`provenance optimize`) unless --no-optimize.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote as urlquote
from urllib.parse import urlencode

HOST = "127.0.0.1"  # loopback only, always
#: Plain Datasette: the same install, with no plugin loaded (Datasette skips
#: entry-point plugins under a test runner) and no metadata.
PLAIN = "import sys; sys._called_from_test = True; from datasette.cli import cli; cli()"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of a process and the processes it
    started (``serve --workers``: the workers answer), from Linux /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        children += task.read_text().split()
    return own + sum(cpu_seconds(int(child)) for child in children)


def pick(db: Path) -> dict:
    """Values real visitors would ask for: a busy speaker, outlet, wire and
    medium, a big cluster, an article with quotes, words to search."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    one = lambda sql: conn.execute(sql).fetchone()  # noqa: E731
    try:
        speaker_id, speaker = one(
            "select sp.id, sp.name from speakers sp where sp.id = (select speaker_id from quotes"
            " where speaker_id is not null group by speaker_id order by count(*) desc limit 1 offset 5)"
        )
        outlet_id, outlet = one(
            "select o.id, o.name from outlets o where o.id = (select outlet_id from articles"
            " group by outlet_id order by count(*) desc limit 1 offset 3)"
        )
        wire = one(
            "select name from sources where id = (select wire_source_id from articles"
            " where wire_source_id is not null group by 1 order by count(*) desc limit 1)"
        )
        medium = one(
            "select name from sources where id = (select credited_source_id from quotes"
            " where credited_source_id is not null group by 1 order by count(*) desc limit 1)"
        )
        cluster = one("select id from clusters order by quote_count desc limit 1 offset 10")[0]
        statement = one("select statement_id from clusters where id = ?".replace("?", str(cluster)))[0]
        article = one("select article_id from quotes where cluster_id = ?".replace("?", str(cluster)))[0]
        quote_text = one(f"select text from quotes where cluster_id = {cluster} limit 1")[0]
        words = [w.strip(".,;:!?'\"[]()") for w in quote_text.split()]
        words = [w for w in words if len(w) > 4 and w.isalpha()] or ["said"]
        rng = random.Random(0)
        max_id = one("select max(id) from quotes")[0]
        pastes = []
        while len(pastes) < 20:
            row = one(f"select text from quotes where id = {rng.randint(1, max_id)}")
            if row and len(row[0].split()) >= 8:
                w = row[0].split()
                start = rng.randint(0, len(w) - 8)
                pastes.append(" ".join(w[start : start + rng.randint(8, 16)]))
    finally:
        conn.close()
    return {
        "speaker_id": speaker_id,
        "speaker": speaker,
        "outlet_id": outlet_id,
        "outlet": outlet,
        "wire": wire[0] if wire else "AP",
        "medium": medium[0] if medium else "NTV",
        "cluster": cluster,
        "statement": statement,
        "article": article,
        "word": words[0],
        "words": " ".join(words[:2]),
        "phrase": " ".join(quote_text.split()[:5]),
        "pastes": pastes,
    }


def pages(name: str, v: dict) -> list[tuple[str, str, str, bool]]:
    """(kind, label, path, plain Datasette has it) for every page timed;
    each Datasette page also as .json."""
    q = lambda **kw: "?" + urlencode(kw)  # noqa: E731
    datasette = []
    for table in ("quotes", "articles", "clusters", "statements", "speakers", "sources", "outlets", "copy_edges"):
        datasette.append(("table", table, f"/{name}/{table}", ""))
    for view in ("quotes_view", "clusters_view", "statements_view", "copy_edges_view"):
        datasette.append(("view", view, f"/{name}/{view}", ""))
    datasette += [
        ("facet", "quotes?speaker_id=", f"/{name}/quotes", q(speaker_id=v["speaker_id"])),
        ("facet", "articles?outlet_id=", f"/{name}/articles", q(outlet_id=v["outlet_id"])),
        ("facet", "quotes_view?outlet=", f"/{name}/quotes_view", q(outlet=v["outlet"])),
        ("facet", "quotes_view?speaker=", f"/{name}/quotes_view", q(speaker=v["speaker"])),
        ("facet", "clusters_view?speaker=", f"/{name}/clusters_view", q(speaker=v["speaker"])),
        ("facet", "statements_view?speaker=", f"/{name}/statements_view", q(speaker=v["speaker"])),
        ("facet", "copy_edges_view?via=", f"/{name}/copy_edges_view", q(via=v["wire"])),
        ("facet", "quotes?_facet=kind", f"/{name}/quotes", q(_facet="kind")),
        ("search", "quotes?_search=1 word", f"/{name}/quotes", q(_search=v["word"])),
        ("search", "quotes?_search=2 words", f"/{name}/quotes", q(_search=v["words"])),
        ("search", "quotes_view?_search=", f"/{name}/quotes_view", q(_search=v["word"])),
        ("search", "articles?_search=", f"/{name}/articles", q(_search=v["word"])),
        ("search", "quotes_view?_search=&speaker=", f"/{name}/quotes_view", q(_search=v["word"], speaker=v["speaker"])),
    ]
    queries = [
        ("query", "variants_of_a_quote", f"/{name}/variants_of_a_quote", q(text=v["phrase"])),
        ("query", "quotes_by_a_speaker", f"/{name}/quotes_by_a_speaker", q(speaker=v["speaker"])),
        ("query", "quotes_credited_to_a_medium", f"/{name}/quotes_credited_to_a_medium", q(medium=v["medium"])),
        ("query", "altered_quotes", f"/{name}/altered_quotes", q(speaker="")),
        ("query", "altered_quotes?speaker=", f"/{name}/altered_quotes", q(speaker=v["speaker"])),
        ("query", "outlets_carrying_a_wire", f"/{name}/outlets_carrying_a_wire", q(wire=v["wire"])),
    ]
    out = [("home", "/", "/", True), ("database", f"/{name}", f"/{name}", True)]
    for kind, label, path, query in datasette:
        out.append((kind, label, path + query, True))
        out.append((kind, label + " .json", path + ".json" + query, True))
    for kind, label, path, query in queries:
        out.append((kind, label, path + query, False))
        out.append((kind, label + " .json", path + ".json" + query, False))
    plugin = [
        ("cluster page", f"/-/cluster/{name}/{v['cluster']}"),
        ("statement page", f"/-/statement/{name}/{v['statement']}"),
        ("article page", f"/-/article/{name}/{v['article']}"),
        ("speaker page", f"/-/speaker/{name}/{v['speaker_id']}"),
    ]
    for label, path in plugin:
        out.append(("plugin", label, path, False))
        out.append(("plugin", label + " .json", path + ".json", False))
    return out


def check_paths(v: dict) -> list[str]:
    return [f"/-/check?q={urlquote(p)}" for p in v["pastes"]]


class Server:
    """A Datasette process on a free loopback port, stopped on exit."""

    def __init__(self, label: str, cmd: list[str]):
        self.label = label
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.proc = subprocess.Popen(
            [*cmd, "--port", str(self.port), "--host", HOST],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait_up(self, seconds: float = 600) -> float:
        import httpx

        began = time.monotonic()
        while True:
            if self.proc.poll() is not None:
                sys.exit(f"{self.label} server exited: {self.proc.stderr.read()}")
            try:
                if httpx.get(self.base + "/-/versions.json", timeout=30).status_code == 200:
                    return time.monotonic() - began
            except httpx.HTTPError:
                pass
            if time.monotonic() - began > seconds:
                sys.exit(f"{self.label} server did not come up in {seconds:.0f} s")
            time.sleep(0.3)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def time_page(http, server: Server, paths: list[str], runs: int) -> dict:
    """Wall times and server CPU per request over ``runs`` requests
    (cycling through ``paths``), after one warm-up request each."""
    for path in paths:
        http.get(server.base + path)
    statuses, walls = set(), []
    cpu0 = cpu_seconds(server.proc.pid)
    for i in range(runs):
        began = time.perf_counter()
        response = http.get(server.base + paths[i % len(paths)])
        walls.append(time.perf_counter() - began)
        statuses.add(response.status_code)
    cpu = (cpu_seconds(server.proc.pid) - cpu0) / runs
    return {"p50": percentile(walls, 50), "p95": percentile(walls, 95), "cpu": cpu, "statuses": statuses}


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def cell(result: dict | None) -> str:
    if result is None:
        return f"{'-':>7} {'-':>7} {'-':>6}"
    bad = result["statuses"] - {200}
    if bad:
        return f"{'HTTP ' + ','.join(map(str, sorted(bad))):>22}"
    return f"{result['p50'] * 1000:7.0f} {result['p95'] * 1000:7.0f} {result['cpu'] * 1000:6.0f}"


def mix(name: str, v: dict, all_pages: list) -> list[tuple[str, list[str], float]]:
    """The load phase's mix: what reporters do most (check a quote, open a
    cluster, browse and search the views), with every other page now and then."""
    rng = random.Random(1)
    conn_pages = [p for k, _, p, _ in all_pages if k not in ("home", "database")]
    return [
        ("check", check_paths(v), 0.3),
        ("cluster page", [f"/-/cluster/{name}/{c}" for c in v["clusters"]], 0.2),
        ("quotes_view", [f"/{name}/quotes_view", f"/{name}/quotes_view?" + urlencode({"outlet": v["outlet"]})], 0.1),
        ("search", [f"/{name}/quotes_view?" + urlencode({"_search": w}) for w in v["search_words"]], 0.1),
        ("other pages", rng.sample(conn_pages, len(conn_pages)), 0.3),
    ]


async def load_phase(base: str, groups, clients: int, seconds: float) -> list:
    import httpx

    results: list = []
    weights = [g[2] for g in groups]

    async def client(http, rng):
        while time.monotonic() < deadline:
            label, urls, _ = rng.choices(groups, weights)[0]
            began = time.monotonic()
            try:
                status = (await http.get(rng.choice(urls))).status_code
            except Exception as exc:  # a timeout or a refused connection is an error of the site
                status = exc.__class__.__name__
            results.append((label, time.monotonic() - began, status))

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60.0, limits=limits) as http:
        deadline = time.monotonic() + seconds
        await asyncio.wait_for(
            asyncio.gather(*(client(http, random.Random(i)) for i in range(clients))), timeout=seconds + 120
        )
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db", type=Path)
    ap.add_argument("--runs", type=int, default=20, help="requests per page and server")
    ap.add_argument("--clients", type=int, default=50, help="clients in the load phase (0: none)")
    ap.add_argument("--seconds", type=float, default=30.0, help="length of the load phase")
    ap.add_argument("--no-plain", action="store_true", help="time our site only")
    ap.add_argument("--no-optimize", action="store_true", help="serve the file as it is")
    ap.add_argument("--only", help="time only pages whose label contains this")
    ap.add_argument("--workers", type=int, help="provenance serve --workers [default: serve's, the cores]")
    ap.add_argument("--sql-threads", type=int, help="provenance serve --sql-threads")
    args = ap.parse_args()
    import httpx

    db = args.db.resolve()
    if not db.is_file():
        sys.exit(f"{db}: no such database")
    if not args.no_optimize:
        began = time.monotonic()
        subprocess.run([sys.executable, "-m", "provenance", "optimize", str(db)], check=True)
        print(f"provenance optimize: {time.monotonic() - began:.1f} s", flush=True)
    v = pick(db)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    v["clusters"] = [r[0] for r in conn.execute("select id from clusters order by random() limit 200")]
    v["search_words"] = [v["word"], v["words"], *v["phrase"].split()[:3]]
    n_quotes = conn.execute("select max(id) from quotes").fetchone()[0]
    conn.close()
    name = db.stem
    flags = [] if args.workers is None else ["--workers", str(args.workers)]
    if args.sql_threads is not None:
        flags += ["--sql-threads", str(args.sql_threads)]
    serve = [sys.executable, "-m", "provenance", "serve", str(db), *flags]
    ours = Server("provenance", serve)
    plain = (
        None
        if args.no_plain
        else Server("plain Datasette", [sys.executable, "-c", PLAIN, "serve", "--immutable", str(db)])
    )
    try:
        up = {s.label: s.wait_up() for s in (ours, plain) if s}
        print(f"{db} (about {n_quotes:,} quotes); servers up in " + ", ".join(f"{k} {t:.1f} s" for k, t in up.items()))
        print(
            f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; {args.runs} requests per page; "
            + " ".join(["provenance serve", *flags] if flags else ["provenance serve (its defaults)"])
        )
        print(f"{'':<40} {'provenance serve':^22}   {'plain Datasette':^22}")
        print(f"{'page':<40} {'p50 ms':>7} {'p95 ms':>7} {'CPU ms':>6}   {'p50 ms':>7} {'p95 ms':>7} {'CPU ms':>6}")
        summary = {}
        all_pages = pages(name, v)
        all_pages.append(("check", "check page", "", False))
        all_pages.append(("check", "check page .json", "", False))
        with httpx.Client(timeout=120) as http:
            for kind, label, path, plain_has in all_pages:
                if args.only and args.only not in label:
                    continue
                paths = [path] if kind != "check" else check_paths(v)
                if label.endswith(".json") and kind == "check":
                    paths = [p.replace("/-/check?", "/-/check.json?") for p in paths]
                mine = time_page(http, ours, paths, args.runs)
                theirs = time_page(http, plain, paths, args.runs) if plain and plain_has else None
                print(f"{label[:40]:<40} {cell(mine)}   {cell(theirs)}", flush=True)
                summary[label] = {
                    "ours_p95_ms": round(mine["p95"] * 1000),
                    "ours_cpu_ms": round(mine["cpu"] * 1000),
                    "plain_p95_ms": round(theirs["p95"] * 1000) if theirs else None,
                }
        if plain:
            plain.stop()
        if args.clients:
            cpu0 = cpu_seconds(ours.proc.pid)
            began = time.monotonic()
            results = asyncio.run(load_phase(ours.base, mix(name, v, all_pages), args.clients, args.seconds))
            elapsed = time.monotonic() - began
            cpu = cpu_seconds(ours.proc.pid) - cpu0
            errors = [r for r in results if r[2] != 200]
            times = [r[1] for r in results]
            print(
                f"\nload: {args.clients} clients for {args.seconds:.0f} s: {len(results):,} requests "
                f"({len(results) / elapsed:.1f}/s), {len(errors)} errors, server CPU {cpu:.1f} s, "
                f"server still up: {ours.proc.poll() is None}"
            )
            for label in [g[0] for g in mix(name, v, all_pages)] + ["all"]:
                t = [r[1] for r in results if label == "all" or r[0] == label]
                if t:
                    print(
                        f"  {label:>12}: {len(t):6,} requests, p50 {percentile(t, 50) * 1000:6.0f} ms, "
                        f"p95 {percentile(t, 95) * 1000:6.0f} ms, max {max(t) * 1000:6.0f} ms, "
                        f"mean {statistics.mean(t) * 1000:6.0f} ms"
                    )
            if errors:
                print("  errors:", sorted({str(r[2]) for r in errors}))
            summary["load"] = {
                "requests": len(results),
                "errors": len(errors),
                "p95_ms": round(percentile(times, 95) * 1000),
            }
        print(json.dumps(summary))
    finally:
        ours.stop()
        if plain:
            plain.stop()


if __name__ == "__main__":
    main()
