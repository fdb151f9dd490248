"""Does chrome removal cost any real quote? Builds an evaluation corpus twice,
with and without page-chrome removal, scores both with the shared scorer and
prints quote recall and precision side by side, with any gold quote found in
one build but not the other.

    python benchmarks/chrome_recall.py [CORPUS]   # default ../shared/eval/polnear-dev
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def build(corpus: Path, db: Path, keep_chrome: bool) -> None:
    code = (
        "import sys, provenance.ingest as ingest\n"
        + ("ingest.remove_chrome = lambda text: text\n" if keep_chrome else "")
        + "from provenance.pipeline import build\n"
        f"build([{str(corpus / 'articles')!r}], {str(db)!r}, manifest={str(corpus / 'manifest.jsonl')!r})\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def score(db: Path, gold: Path) -> dict:
    out = subprocess.run(
        [sys.executable, str(SHARED / "acceptance" / "score.py"), str(db), str(gold), "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED / "eval" / "polnear-dev"
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for label, keep in (("with chrome removal", False), ("without chrome removal", True)):
            db = Path(tmp) / f"{'keep' if keep else 'clean'}.db"
            build(corpus, db, keep)
            results[label] = score(db, corpus / "gold.json")
    for label, figures in results.items():
        print(
            f"{label:>24}: quote recall {figures['quote_recall']:.4f}, precision {figures['quote_precision']:.4f}, "
            f"unmatched gold {len(figures['_unmatched_gold'])}"
        )
    clean, kept = (set(map(str, r["_unmatched_gold"])) for r in results.values())
    lost = clean - kept
    print(f"gold quotes lost to chrome removal: {len(lost)}")
    for item in sorted(lost):
        print("  ", item[:160])


if __name__ == "__main__":
    main()
