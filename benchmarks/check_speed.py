"""How long `provenance check` takes on a large database.

Builds a synthetic provenance database (random sentences from a small
vocabulary, clusters of copies as a wire story makes) and times
check_quote on pastes that are trimmed, altered and absent. Prints figures;
asserts nothing.

    .venv/bin/python benchmarks/check_speed.py --quotes 200000
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from provenance.check import check_quote
from provenance.store import open_database

WORDS = (
    "minister talks defence agreement budget farmers bridge harbour election vote council tax police "
    "hospital school energy gas pipeline border trade tariff missile treaty summit court judge union "
    "strike wages prices inflation bank rates market exports imports army navy drought flood rescue "
    "village city region province capital government opposition party leader president mayor we will "
    "not the a of to in and is are be have has this that with for on our they it"
).split()


def build(path: Path, n_quotes: int, copies: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    db = open_database(path)
    conn = db.conn
    conn.execute("begin")
    conn.execute("insert into outlets (name, key) values ('Outlet', 'outlet')")
    texts = []
    quote_id = 0
    for cluster in range(1, n_quotes // copies + 1):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40))).capitalize() + "."
        texts.append(text)
        conn.execute("insert into statements (id, label) values (?, ?)", (cluster, text))
        conn.execute(
            "insert into clusters (id, statement_id, canonical_text, origin_quote_id) values (?,?,?,?)",
            (cluster, cluster, text, quote_id + 1),
        )
        for c in range(copies):
            quote_id += 1
            variant = text if c == 0 else " ".join(text.split()[rng.randint(0, 3) :])
            conn.execute(
                "insert into articles (id, source, outlet_id, text, sha256) values (?,?,1,?,?)",
                (quote_id, f"a{quote_id}", variant, f"s{quote_id}"),
            )
            conn.execute(
                'insert into quotes (id, article_id, text, start, "end", kind, cluster_id)'
                " values (?,?,?,0,?,'full',?)",
                (quote_id, quote_id, variant, len(variant), cluster),
            )
    conn.execute("commit")
    conn.close()
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--copies", type=int, default=5, help="variants per cluster")
    parser.add_argument("--checks", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        started = time.perf_counter()
        texts = build(path, args.quotes, args.copies, args.seed)
        print(f"built {args.quotes} quotes in {len(texts)} clusters in {time.perf_counter() - started:.1f}s")
        rng = random.Random(args.seed + 1)
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        for kind in ("trimmed", "altered", "absent"):
            times, verdicts = [], []
            for _ in range(args.checks):
                words = rng.choice(texts).rstrip(".").split()
                if kind == "trimmed":
                    paste = " ".join(words[2:-2] or words)
                elif kind == "altered":
                    words[len(words) // 2] = "zebra"
                    paste = " ".join(words)
                else:
                    paste = "Quantum zebras juggle marmalade over silent glaciers tonight"
                t0 = time.perf_counter()
                verdicts.append(check_quote(conn, paste).verdict)
                times.append(time.perf_counter() - t0)
            times.sort()
            print(
                f"{kind:8} median {statistics.median(times) * 1000:7.1f} ms  p90 {times[int(len(times) * 0.9)] * 1000:7.1f} ms"
                f"  verdicts { {v: verdicts.count(v) for v in sorted(set(verdicts))} }"
            )


if __name__ == "__main__":
    main()
