"""Quote extraction accuracy on an annotated corpus, beside textacy's.

    python benchmarks/accuracy.py CORPUS [--manifest FILE] [--gold FILE] [--db PATH]
                                  [--scorer score.py] [--no-textacy] [--no-credited]

CORPUS is a folder of articles. When it holds ``articles/``,
``manifest.jsonl`` and ``gold.json`` (the layout of ../shared/eval/*),
those are used unless given. The script

1. builds a provenance database from the corpus with ``provenance.pipeline.build``
   (the same path ``provenance build`` takes) and scores it with the shared
   scorer (../shared/acceptance/score.py);
2. runs textacy's ``textacy.extract.triples.direct_quotations`` on the same
   articles parsed by the same spaCy pipeline, in this process, writes its
   quotes to a database of the same shape and scores that too (textacy's
   exceptions are counted, never fatal);
3. prints the two side by side, then the precision and recall of credited
   media on benchmarks/data/credited_media.jsonl;
4. where the gold says how each speaker is mentioned (``speaker_mention``,
   as in ../shared/eval/ggt-dev), speaker accuracy by the kind of mention
   (name, pronoun, description, none), and, on the Gender Gap Tracker's
   set, the figures the GGT publishes for its own extractor beside ours.

textacy is in the ``bench`` extra: ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCORER = ROOT.parent / "shared" / "acceptance" / "score.py"
FIGURES = [
    "quote_precision",
    "quote_recall",
    "quote_f1",
    "speaker_accuracy",
    "cue_accuracy",
    "credit_recall",
    "false_credits",
    "not_quotes_reported",
]
_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e`\u2039\u203a "
#: The Gender Gap Tracker's published evaluation of its own quote extractor
#: on its annotated set (Asr et al., PLOS ONE 2021): quote F1, speaker, verb.
GGT_PUBLISHED = {"quote_f1": 0.837, "speaker_accuracy": 0.865, "cue_accuracy": 0.921}
MENTION_KINDS = ("name", "pronoun", "description", "none")
_PRONOUNS = {"he", "she", "they", "it", "i", "we", "him", "her", "them", "you", "his", "its", "their"}


def mention_kind(mention: str | None, speaker: str | None) -> str:
    """How the gold sentence names its speaker: by name (a word of the
    resolved name), a pronoun, a description ("the minister"), or not at all."""
    if not mention or not mention.strip():
        return "none"
    words = re.findall(r"[\w'’-]+", mention.lower())
    if len(words) == 1 and words[0] in _PRONOUNS:
        return "pronoun"
    name = set(re.findall(r"[\w'’-]+", (speaker or "").lower()))
    capitalised = {w.lower() for w in re.findall(r"[\w'’-]+", mention) if w[:1].isupper()}
    return "name" if name & capitalised else "description"


def speaker_by_mention(scorer, db: Path, gold: dict) -> dict[str, tuple[int, int]] | None:
    """Speaker accuracy by the kind of mention, as (right, scored), with the
    scorer's own matching; None when the gold does not say how speakers
    are mentioned."""
    if not any("speaker_mention" in q for q in gold["quotes"]):
        return None
    got, _ = scorer.match(gold["quotes"], scorer.load(str(db)))
    counts = {kind: [0, 0] for kind in MENTION_KINDS}
    for q in gold["quotes"]:
        if q["id"] not in got or "speaker" not in q or q["speaker"] is None:
            continue
        kind = mention_kind(q.get("speaker_mention"), q["speaker"])
        counts[kind][1] += 1
        counts[kind][0] += scorer.same_name(q["speaker"], got[q["id"]]["speaker"] or "")
    return {kind: (right, n) for kind, (right, n) in counts.items()}


def load_scorer(path: Path):
    if not path.exists():
        sys.exit(f"Error: scorer not found at {path} (use --scorer)")
    spec = importlib.util.spec_from_file_location("provenance_scorer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_paths(args) -> tuple[Path, Path | None, Path]:
    corpus = Path(args.corpus)
    if not corpus.exists():
        sys.exit(f"Error: {corpus}: no such folder")
    articles = corpus / "articles" if (corpus / "articles").is_dir() else corpus
    manifest = (
        Path(args.manifest)
        if args.manifest
        else (corpus / "manifest.jsonl" if (corpus / "manifest.jsonl").exists() else None)
    )
    gold = Path(args.gold) if args.gold else corpus / "gold.json"
    if not gold.exists():
        sys.exit(f"Error: {gold}: no gold file (use --gold)")
    return articles, manifest, gold


def build_provenance(nlp, articles: Path, manifest: Path | None, db: Path) -> tuple[float, int]:
    from provenance.pipeline import build

    started = time.perf_counter()
    report = build([articles], db, manifest=manifest, nlp=nlp)
    return time.perf_counter() - started, report.articles_added


_TEXTACY_SCHEMA = """
create table articles (id integer primary key, source text, text text);
create table speakers (id integer primary key, name text);
create table sources (id integer primary key, name text, kind text);
create table statements (id integer primary key, primary_source_id integer);
create table clusters (id integer primary key, statement_id integer, wording_source_id integer);
create table quotes (id integer primary key, article_id integer, text text, cue text, speaker_id integer,
                     credited_source_id integer, cluster_id integer);
"""


def run_textacy(nlp, articles: Path, manifest: Path | None, db: Path) -> dict:
    """textacy's direct quotations on the same parses, in a database the
    scorer reads. Returns counts, exceptions and seconds."""
    from textacy.extract.triples import direct_quotations

    from provenance.ingest import read_articles

    conn = sqlite3.connect(db)
    conn.executescript(_TEXTACY_SCHEMA)
    items = list(read_articles([articles], manifest))
    names = [n for n in nlp.pipe_names if n != "provenance_quotes"]
    failures = quotes = 0
    started = time.perf_counter()
    with nlp.select_pipes(enable=names):
        for article, doc in zip(items, nlp.pipe((a.text for a in items), batch_size=16)):
            article_id = conn.execute(
                "insert into articles (source, text) values (?, ?)", (article.source, article.text)
            ).lastrowid
            try:
                triples = list(direct_quotations(doc))
            except Exception:
                failures += 1
                continue
            for speaker, cue, content in triples:
                speaker_name = " ".join(t.text for t in speaker) if speaker else None
                speaker_id = None
                if speaker_name:
                    speaker_id = conn.execute("insert into speakers (name) values (?)", (speaker_name,)).lastrowid
                statement_id = conn.execute("insert into statements (primary_source_id) values (null)").lastrowid
                cluster_id = conn.execute("insert into clusters (statement_id) values (?)", (statement_id,)).lastrowid
                conn.execute(
                    "insert into quotes (article_id, text, cue, speaker_id, cluster_id) values (?, ?, ?, ?, ?)",
                    (
                        article_id,
                        content.text.strip(_MARKS),
                        " ".join(t.text for t in cue) if cue else None,
                        speaker_id,
                        cluster_id,
                    ),
                )
                quotes += 1
    conn.commit()
    conn.close()
    return {"articles": len(items), "exceptions": failures, "quotes": quotes, "seconds": time.perf_counter() - started}


def fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--manifest")
    ap.add_argument("--gold")
    ap.add_argument("--db", help="where to build the database (default: a temporary file)")
    ap.add_argument("--scorer", default=str(DEFAULT_SCORER))
    ap.add_argument("--no-textacy", action="store_true", help="score provenance only")
    ap.add_argument("--no-credited", action="store_true", help="skip the credited-media set")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    from provenance.quotes.model import load_nlp

    articles, manifest, gold_path = corpus_paths(args)
    scorer = load_scorer(Path(args.scorer))
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    nlp = load_nlp()
    tmp = tempfile.TemporaryDirectory(prefix="provenance-accuracy-")
    db = Path(args.db) if args.db else Path(tmp.name) / "provenance.db"
    seconds, added = build_provenance(nlp, articles, manifest, db)
    ours = scorer.score(str(db), gold)
    result = {
        "corpus": str(args.corpus),
        "articles": added,
        "provenance": {k: ours.get(k) for k in FIGURES},
        "provenance_seconds": seconds,
    }
    by_mention = speaker_by_mention(scorer, db, gold)
    if by_mention is not None:
        result["speaker_by_mention"] = {k: {"right": r, "scored": n} for k, (r, n) in by_mention.items()}
    ggt = "ggt" in Path(args.corpus).name.lower()
    if not args.no_textacy:
        try:
            import textacy  # noqa: F401
        except ImportError:
            print("textacy is not installed: pip install -e '.[bench]' (scoring provenance only)", file=sys.stderr)
        else:
            tdb = Path(tmp.name) / "textacy.db"
            run = run_textacy(nlp, articles, manifest, tdb)
            theirs = scorer.score(str(tdb), gold)
            result["textacy"] = {k: theirs.get(k) for k in FIGURES}
            result["textacy_run"] = run
    if not args.no_credited:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from credited import score_credited

        credited = score_credited(nlp)
        result["credited_media"] = {
            k: credited[k] for k in ("sentences", "credited", "precision", "recall", "occasions")
        }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"corpus {args.corpus}: {added} articles, {len(gold['quotes'])} gold quotes")
    print(f"{'figure':20} {'provenance':>11} {'textacy':>9}")
    has_credits = any("credited_to" in q for q in gold["quotes"])
    for key in FIGURES:
        if key not in ours or (key in ("credit_recall", "false_credits") and not has_credits):
            continue
        print(f"{key:20} {fmt(ours.get(key)):>11} {fmt(result.get('textacy', {}).get(key)):>9}")
    print(f"{'seconds':20} {seconds:>11.1f} {fmt(result.get('textacy_run', {}).get('seconds')):>9}")
    if by_mention is not None:
        print("speaker accuracy by how the sentence names the speaker (the gold's speaker_mention):")
        for kind, (right, n) in by_mention.items():
            print(f"  {kind:18} {fmt(right / n if n else None):>11}   ({right} of {n})")
    if ggt:
        print("the Gender Gap Tracker's published figures for its own extractor on its set, beside ours:")
        print(f"  {'figure':18} {'provenance':>11} {'GGT':>9}")
        for key, theirs in GGT_PUBLISHED.items():
            print(f"  {key:18} {fmt(ours.get(key)):>11} {theirs:>9.3f}")
    if "textacy_run" in result:
        run = result["textacy_run"]
        print(
            f"textacy raised on {run['exceptions']} of {run['articles']} articles (no quotes from those); "
            f"textacy's time is on parses without the provenance_quotes component; provenance's includes "
            f"ingest, parse, extraction, clustering and the database"
        )
    if "credited_media" in result:
        c = result["credited_media"]
        occ = c["occasions"]
        print(
            f"credited media ({c['sentences']} labelled sentences, {c['credited']} credit a medium or an "
            f"occasion): precision {c['precision']:.3f}, recall {c['recall']:.3f}; occasions alone "
            f"({occ['credited']}): precision {occ['precision']:.3f}, recall {occ['recall']:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
