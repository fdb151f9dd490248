"""Wire inference benchmark: which articles carry AP, Reuters, AFP, UPI ...
copy, read from their text alone, against a manifest that says so.

The manifest is copied without its ``wire`` field, the corpus is built
with ``provenance build``, and ``articles.wire_source_id`` is compared
with the manifest's wires (article-level precision and recall; a wrong
wire counts against both). ``--text-only`` reads the files as the build does
(``provenance.ingest.make_article``, without the manifest) but skips
parsing and clustering, for a quick check.

    python benchmarks/wire.py ../shared/eval/polnear-dev/articles ../shared/eval/polnear-dev/manifest.jsonl
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from provenance.errors import InputError
from provenance.ingest import DEFAULT_MAX_BYTES, make_article
from provenance.ingest.readers import read_file
from provenance.ingest.wire import wire_name


def canonical(name: str | None) -> str | None:
    return (wire_name(name) or name) if name else None


def score(truth: dict[str, str | None], found: dict[str, str | None]) -> dict:
    tp = sum(1 for k, w in truth.items() if w and found.get(k) == w)
    predicted = sum(1 for k in truth if found.get(k))
    actual = sum(1 for w in truth.values() if w)
    wrong = [(k, truth[k], found.get(k)) for k in truth if found.get(k) != truth[k]]
    return {
        "articles": len(truth),
        "with_wire": actual,
        "predicted": predicted,
        "correct": tp,
        "precision": tp / predicted if predicted else 1.0,
        "recall": tp / actual if actual else 1.0,
        "errors": wrong,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("articles")
    ap.add_argument("manifest")
    ap.add_argument("--text-only", action="store_true", help="infer from the files, without building")
    ap.add_argument("--db", help="where to build (default: a temporary file)")
    ap.add_argument("--show", type=int, default=10, help="errors to print")
    args = ap.parse_args()
    records = [
        json.loads(line) for line in Path(args.manifest).read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    truth = {Path(r["path"]).name: canonical(r.get("wire")) for r in records}
    started = time.monotonic()
    if args.text_only:
        found = {}
        for name in truth:  # the build's own reading of a file, without its manifest entry
            try:
                article, _ = make_article(read_file(Path(args.articles) / name, DEFAULT_MAX_BYTES))
            except InputError as exc:
                print(f"Warning: {exc}", file=sys.stderr)
                found[name] = None
                continue
            found[name] = canonical(article.wire)
    else:
        from provenance.pipeline import build

        with tempfile.TemporaryDirectory() as tmp:
            manifest = Path(tmp) / "manifest.jsonl"
            manifest.write_text(
                "".join(json.dumps({k: v for k, v in r.items() if k != "wire"}) + "\n" for r in records),
                encoding="utf-8",
            )
            db_path = Path(args.db or Path(tmp) / "wire.db")
            build([args.articles], db_path, manifest=manifest)
            conn = sqlite3.connect(db_path)
            found = {
                Path(src).name: canonical(w)
                for src, w in conn.execute(
                    "select a.source, s.name from articles a left join sources s on s.id = a.wire_source_id"
                )
            }
    result = score(truth, found)
    print(
        f"{result['articles']} articles, {result['with_wire']} carry a wire; predicted {result['predicted']}, "
        f"correct {result['correct']}: precision {result['precision']:.3f} recall {result['recall']:.3f} "
        f"({'text only' if args.text_only else 'build'}, {time.monotonic() - started:.0f} s)"
    )
    for name, want, got in result["errors"][: args.show]:
        print(f"  {name}: manifest {want}, found {got}")


if __name__ == "__main__":
    main()
