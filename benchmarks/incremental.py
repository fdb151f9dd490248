"""Order independence on a real corpus: one build of every article against
a build of the first N then `add` of the others one at a time. The two
databases must hold the same clusters and statements (as sets of quotes,
named by file and offset, since ids differ).

    python benchmarks/incremental.py ../shared/eval/basil-dev/articles \
        --manifest ../shared/eval/basil-dev/manifest.jsonl --first 20
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from provenance.pipeline import add, build
from provenance.quotes.model import load_nlp


def partitions(db: Path) -> tuple[set[frozenset], set[frozenset], int]:
    """(clusters, statements, quotes): each group as a set of (file name, offset)."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "select a.source, q.start, q.cluster_id, c.statement_id from quotes q"
        " join articles a on a.id = q.article_id join clusters c on c.id = q.cluster_id"
    ).fetchall()
    conn.close()

    def groups(column: int) -> set[frozenset]:
        out: dict[int, set] = {}
        for row in rows:
            out.setdefault(row[column], set()).add((Path(row[0]).name, row[1]))
        return {frozenset(g) for g in out.values()}

    return groups(2), groups(3), len(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("articles", type=Path, help="a folder of .txt/.html articles")
    ap.add_argument("--manifest", type=Path)
    ap.add_argument("--first", type=int, default=20, help="articles in the first build; the rest are added one by one")
    args = ap.parse_args()
    files = sorted(p for p in args.articles.iterdir() if p.suffix in (".txt", ".html", ".htm"))
    nlp = load_nlp()
    with tempfile.TemporaryDirectory() as tmp:
        whole, steps = Path(tmp) / "whole.db", Path(tmp) / "steps.db"
        started = time.monotonic()
        build(files, whole, manifest=args.manifest, nlp=nlp, on_problem=lambda problem: None)
        build(files[: args.first], steps, manifest=args.manifest, nlp=nlp, on_problem=lambda problem: None)
        for path in files[args.first :]:
            add([path], steps, manifest=args.manifest, nlp=nlp, on_problem=lambda problem: None)
        a, b = partitions(whole), partitions(steps)
    print(
        f"{len(files)} articles ({args.first} built, {len(files) - args.first} added one by one) "
        f"in {time.monotonic() - started:.0f} s"
    )
    print(f"one build:   {a[2]} quotes, {len(a[0])} clusters, {len(a[1])} statements")
    print(f"added later: {b[2]} quotes, {len(b[0])} clusters, {len(b[1])} statements")
    same = a[0] == b[0] and a[1] == b[1]
    print("same clusters and statements" if same else "DIFFERENT: the order the articles came in changed the groups")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
