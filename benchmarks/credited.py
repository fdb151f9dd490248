"""Precision and recall of credited-media recognition on a labelled set.

    python benchmarks/credited.py [benchmarks/data/credited_media.jsonl] [--errors]

Each line of the set is one news sentence (or two, when the credit is in
the sentence before) with a quote: ``text``, ``credited`` (the medium's
name, or null when the sentence credits none), ``kind``, and optionally
``quote`` (words the scored quote contains; else its last quote). A
prediction is right when its name folds to the labelled one (TASS = Tass,
"The Guardian" = "Guardian"). Occasions (kind ``event``: "at a press
conference", "in a statement") count as credits and are also scored on
their own.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SET = HERE / "data" / "credited_media.jsonl"
_NOISE = {"the"}


def _words(name: str | None) -> set[str]:
    from provenance.folding import key

    return {w for w in key(name or "").split() if w not in _NOISE}


def same_medium(gold: str, predicted: str | None) -> bool:
    g, p = _words(gold), _words(predicted)
    return bool(g) and bool(p) and (g <= p or p <= g)


def score_credited(nlp, path: Path = DEFAULT_SET) -> dict:
    """Precision, recall and the errors of ``Quote.credited`` on the set."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    predicted = correct = wanted = 0
    kinds_right = 0
    occasions = {"credited": 0, "predicted": 0, "correct": 0}
    errors = []
    for row in rows:
        quotes = nlp(row["text"])._.quotes or []
        if row.get("quote"):
            quotes = [q for q in quotes if row["quote"] in q.text] or quotes
        quote = quotes[-1] if quotes else None
        got = quote.credited if quote else None
        gold = row.get("credited")
        wanted += gold is not None
        predicted += got is not None
        ok = (gold is None and got is None) or (gold is not None and same_medium(gold, got))
        occasions["credited"] += row.get("kind") == "event"
        occasions["predicted"] += got is not None and quote.credited_kind == "event"
        if gold is not None and got is not None and ok:
            correct += 1
            kinds_right += quote.credited_kind == row.get("kind")
            occasions["correct"] += row.get("kind") == "event" and quote.credited_kind == "event"
        if not ok:
            errors.append({"text": row["text"], "gold": gold, "got": got, "quotes": len(quotes)})
    precision = correct / predicted if predicted else 1.0
    recall = correct / wanted if wanted else 1.0
    occasions["precision"] = occasions["correct"] / occasions["predicted"] if occasions["predicted"] else 1.0
    occasions["recall"] = occasions["correct"] / occasions["credited"] if occasions["credited"] else 1.0
    return {
        "sentences": len(rows),
        "credited": wanted,
        "predicted": predicted,
        "correct": correct,
        "precision": precision,
        "recall": recall,
        "kind_accuracy": kinds_right / correct if correct else 1.0,
        "occasions": occasions,
        "errors": errors,
    }


def main() -> int:
    from provenance.quotes.model import load_nlp

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT_SET))
    ap.add_argument("--errors", action="store_true", help="list every wrong sentence")
    args = ap.parse_args()
    result = score_credited(load_nlp(), Path(args.path))
    print(
        f"credited media: {result['sentences']} sentences, {result['credited']} credit a medium; "
        f"precision {result['precision']:.3f}, recall {result['recall']:.3f}, "
        f"kind right {result['kind_accuracy']:.3f}"
    )
    occ = result["occasions"]
    print(
        f"  of which occasions (kind event): {occ['credited']} labelled; "
        f"precision {occ['precision']:.3f}, recall {occ['recall']:.3f}"
    )
    if args.errors:
        for e in result["errors"]:
            print(f"  gold={e['gold']!r} got={e['got']!r} ({e['quotes']} quotes): {e['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
