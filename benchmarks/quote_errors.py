"""Where extraction goes wrong on an annotated corpus: a development aid.

    python benchmarks/quote_errors.py CORPUS --manifest M --gold GOLD [--show missed,extra,speaker,cue]

Parses each article once with the spaCy pipeline (without the quote
component) and caches the parses under /tmp, so changing the extraction
rules and re-running takes seconds. Prints the scorer's quote, speaker and
cue figures, then each error with the words around it. The texts printed
come from the corpus; nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import sys
import traceback
from pathlib import Path

from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCORER = ROOT.parent / "shared" / "acceptance" / "score.py"
CACHE = Path("/tmp/provenance-parse-cache")


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("provenance_scorer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parsed_docs(nlp, texts: list[str]):
    """The parses of the texts, from the cache when the texts and the tokenizer's rules are unchanged."""
    names = [n for n in nlp.pipe_names if n != "provenance_quotes"]
    infixes = getattr(nlp.tokenizer.infix_finditer, "__self__", None)
    names.append(getattr(infixes, "pattern", ""))
    digest = hashlib.sha256("\x00".join(names + texts).encode()).hexdigest()[:16]
    path = CACHE / f"{nlp.meta['name']}-{digest}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    with nlp.select_pipes(enable=names):
        docs = list(nlp.pipe(texts, batch_size=16))
    CACHE.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs


def context(text: str, start: int, end: int, width: int = 160) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return (text[a:start] + "[[" + text[start:end] + "]]" + text[end:b]).replace("\n", " / ")


def main() -> None:
    from provenance.ingest import read_articles
    from provenance.quotes.attribute import attribute_quotes
    from provenance.quotes.component import find_quote_spans
    from provenance.quotes.model import load_nlp

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--manifest")
    ap.add_argument("--gold", required=True)
    ap.add_argument("--scorer", default=str(DEFAULT_SCORER))
    ap.add_argument("--show", default="missed,extra,speaker,cue")
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("--file", help="only articles whose name contains this")
    args = ap.parse_args()
    scorer = load_scorer(Path(args.scorer))
    import json

    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    articles = list(read_articles([args.corpus], args.manifest))
    if args.file:
        articles = [a for a in articles if args.file in a.source]
    nlp = load_nlp()
    docs = parsed_docs(nlp, [a.text for a in articles])
    extracted = []
    failures = 0
    texts = {}
    for article, doc in zip(articles, docs):
        name = Path(article.source).name
        texts[name] = article.text
        try:
            found = attribute_quotes(doc, find_quote_spans(doc.text))
        except Exception:
            failures += 1
            traceback.print_exc()
            found = []
        for q in found:
            extracted.append(
                {
                    "article_source": name,
                    "text": q.text,
                    "speaker": q.speaker,
                    "cue": q.cue,
                    "credited": q.credited,
                    "start": q.start,
                    "end": q.end,
                    "mention": q.speaker_mention,
                    "how": q.attribution,
                }
            )
    files = {Path(a.source).name for a in articles}
    gold_quotes = [g for g in gold["quotes"] if g["file"] in files]
    got, used = scorer.match(gold_quotes, extracted)
    p = len(got) / max(1, len(extracted))
    r = len(got) / max(1, len(gold_quotes))
    spk = [(g, got[g["id"]]) for g in gold_quotes if g["id"] in got and g.get("speaker")]
    spk_ok = [scorer.same_name(g["speaker"], e["speaker"] or "") for g, e in spk]
    cues = [(g, got[g["id"]]) for g in gold_quotes if g["id"] in got and g.get("cue")]
    cue_ok = [scorer.same_cue(g["cue"], e["cue"]) for g, e in cues]
    show = set(args.show.split(","))
    shown = 0

    def out(line: str) -> None:
        nonlocal shown
        if shown < args.limit:
            print(line)
        shown += 1

    if "missed" in show:
        for g in gold_quotes:
            if g["id"] not in got:
                t = texts[g["file"]]
                i = t.find(g["text"][:40])
                where = context(t, i, i + len(g["text"])) if i >= 0 else g["text"]
                out(f"MISSED {g['id']} {g['file'][:30]} spk={g.get('speaker')!r} cue={g.get('cue')!r}\n   {where}\n")
    if "extra" in show:
        for i, e in enumerate(extracted):
            if i not in used:
                out(
                    f"EXTRA {e['article_source'][:30]} spk={e['speaker']!r} cue={e['cue']!r} how={e['how']}\n   "
                    f"{context(texts[e['article_source']], e['start'], e['end'])}\n"
                )
    for label, field, pairs, oks in (("SPEAKER", "speaker", spk, spk_ok), ("CUE", "cue", cues, cue_ok)):
        if field not in show:
            continue
        for (g, e), ok in zip(pairs, oks):
            if not ok:
                out(
                    f"{label} {g['id']} how={e['how']} gold={g[field]!r} ({g.get(field + '_mention')!r}) "
                    f"got={e[field]!r} mention={e['mention']!r}\n   {context(texts[g['file']], e['start'], e['end'], 160)}\n"
                )
    if "how" in show:
        import collections

        matched = collections.Counter((e["how"], len(e["text"].split()) <= 4) for e in got.values())
        extra = collections.Counter(
            (e["how"], len(e["text"].split()) <= 4) for i, e in enumerate(extracted) if i not in used
        )
        for k in sorted(set(matched) | set(extra), key=str):
            print(f"how={k[0]!s:15} short={k[1]!s:5} matched {matched[k]:4} extra {extra[k]:4}")
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(
        f"quotes: gold {len(gold_quotes)}, extracted {len(extracted)}, matched {len(got)}: "
        f"P {p:.3f} R {r:.3f} F1 {f1:.3f}"
    )
    credited = [(g, got[g["id"]]) for g in gold_quotes if g["id"] in got and "credited_to" in g]
    if credited:
        wanted = [(g, e) for g, e in credited if g["credited_to"]]
        hits = sum(scorer.same_source(g["credited_to"], e["credited"] or "") for g, e in wanted)
        false = [(g["id"], e["credited"]) for g, e in credited if not g["credited_to"] and e["credited"]]
        misses = [
            (g["id"], g["credited_to"], e["credited"])
            for g, e in wanted
            if not scorer.same_source(g["credited_to"], e["credited"] or "")
        ]
        print(f"credit recall {hits}/{len(wanted)} {misses}; false credits {false}")
    print(f"articles {len(articles)}, exceptions {failures}")
    print(
        f"speaker accuracy {sum(spk_ok) / max(1, len(spk)):.3f} ({sum(spk_ok)}/{len(spk)}); "
        f"cue accuracy {sum(cue_ok) / max(1, len(cues)):.3f} ({sum(cue_ok)}/{len(cues)})"
    )


if __name__ == "__main__":
    sys.exit(main())
