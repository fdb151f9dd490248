"""Extraction speed beside textacy's, with the accuracy of each, in one run.

    python benchmarks/extract_speed.py CORPUS [--limit N] [--jobs N] [--repeat N] [--no-profile] [--json]
                                              [--add-to OTHER_CORPUS]

CORPUS is a folder in the layout of ../shared/eval/* (``articles/``,
``manifest.jsonl``, ``gold.json``); ``--limit N`` takes N articles spread
evenly over it (and their gold). Measured back to back, on the same
texts, after the models are loaded:

- the tokenizer alone (the floor of any pass over the text);
- the spaCy pipeline alone (en_core_web_sm as shipped);
- textacy 0.13's ``direct_quotations`` on that pipeline (parse + extraction);
  where provenance switches the matrix library to other kernels than it
  picks itself (a processor BLIS does not know, such as AMD Zen 3+),
  textacy a second time on provenance's kernels, so the ratio on like
  arithmetic is there too (what a processor BLIS knows would give);
- ``provenance build`` (ingest, extraction, clustering, tracing, SQLite)
  with one job, and with ``--jobs`` (default: the cores) when that is more;
- with ``--add-to OTHER``, ``provenance add`` of the same articles, with
  ``--jobs``, into a database already holding OTHER's (built untimed; a
  fresh copy each round): a day of news added to an archive, clustered
  against everything stored.

Each line gives CPU seconds (this process and its finished children:
the ``--jobs`` workers) and wall seconds, words/s and articles/s, and the
ratio to textacy's words per second in CPU time and in wall time; quote
F1, speaker and cue accuracy (the shared scorer) stand beside textacy's
and provenance's. Then the per-stage CPU profile of a one-job build.

Wall-clock figures mean something only on an idle machine; CPU ratios
measured in the same run are the ones to compare on a shared one, best
with ``--repeat 3`` (rounds of every measure back to back, the least time
of each kept).
textacy is in the ``bench`` extra: ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import DEFAULT_SCORER, load_scorer, run_textacy

FIGURES = ("quote_f1", "speaker_accuracy", "cue_accuracy")


def cpu() -> float:
    """CPU seconds of this process and of its children that have ended."""
    own = time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own + children.ru_utime + children.ru_stime


@contextmanager
def timed(into: dict) -> Iterator[None]:
    c, w = cpu(), time.perf_counter()
    yield
    into["cpu"] = cpu() - c
    into["wall"] = time.perf_counter() - w


def corpus_subset(corpus: Path, limit: int | None, tmp: Path) -> tuple[Path, Path | None, dict]:
    """The articles folder, manifest and gold to use: all of the corpus, or
    ``limit`` articles spread evenly over it (copied to a temporary folder)."""
    articles = corpus / "articles" if (corpus / "articles").is_dir() else corpus
    manifest = corpus / "manifest.jsonl" if (corpus / "manifest.jsonl").exists() else None
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    files = sorted(p.name for p in articles.glob("*.txt"))
    if not limit or limit >= len(files):
        return articles, manifest, gold
    step = len(files) / limit
    chosen = {files[int(k * step)] for k in range(limit)}
    folder = tmp / "articles"
    folder.mkdir()
    for name in chosen:
        shutil.copyfile(articles / name, folder / name)
    if manifest is not None:
        lines = [x for x in manifest.read_text(encoding="utf-8").splitlines() if x.strip()]
        kept = [x for x in lines if json.loads(x).get("path") in chosen]
        manifest = tmp / "manifest.jsonl"
        manifest.write_text("\n".join(kept) + "\n", encoding="utf-8")
    gold = dict(gold)
    gold["articles"] = [a for a in gold["articles"] if a["file"] in chosen]
    gold["quotes"] = [q for q in gold["quotes"] if q["file"] in chosen]
    for key in ("not_quotes", "same_wording"):
        if key in gold:
            gold[key] = []
    return folder, manifest, gold


class _Timed:
    """A pipeline component wrapped to add up the CPU time spent pulling
    docs through it (inclusive of the components before it)."""

    def __init__(self, proc):
        self.proc = proc
        self.total = 0.0

    def __call__(self, doc):
        started = time.process_time()
        doc = self.proc(doc)
        self.total += time.process_time() - started
        return doc

    def pipe(self, stream, **kwargs):
        inner = self.proc.pipe(stream, **kwargs) if hasattr(self.proc, "pipe") else map(self.proc, stream)
        inner = iter(inner)
        while True:
            started = time.process_time()
            try:
                doc = next(inner)
            except StopIteration:
                self.total += time.process_time() - started
                return
            self.total += time.process_time() - started
            yield doc


def _add_time(totals: dict, key: str, func: Callable) -> Callable:
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            totals[key] = totals.get(key, 0.0) + time.process_time() - started

    return wrapper


def _timed_iter(totals: dict, key: str, func: Callable) -> Callable:
    def wrapper(*args, **kwargs):
        inner = iter(func(*args, **kwargs))
        while True:
            started = time.process_time()
            try:
                item = next(inner)
            except StopIteration:
                totals[key] = totals.get(key, 0.0) + time.process_time() - started
                return
            totals[key] = totals.get(key, 0.0) + time.process_time() - started
            yield item

    return wrapper


def profile_build(nlp, articles: Path, manifest: Path | None, db: Path) -> tuple[float, dict[str, float]]:
    """CPU seconds of a one-job build, and where they went."""
    import provenance.pipeline as pipeline
    import provenance.quotes.component as component
    from provenance import store

    totals: dict[str, float] = {}
    saved = list(nlp._components)  # private, but the only way to wrap components in place
    enabled = set(nlp.pipe_names)
    wrapped = [(name, _Timed(proc) if name in enabled else proc) for name, proc in saved]
    patches = [
        (pipeline, "read_articles", _timed_iter(totals, "ingest", pipeline.read_articles)),
        (pipeline, "update_groups", _add_time(totals, "clustering, tracing", pipeline.update_groups)),
        (store, "insert_article", _add_time(totals, "SQLite (articles, quotes)", store.insert_article)),
        (component, "_to_parse", _add_time(totals, "quote marks, tokenizer", component._to_parse)),
    ]
    originals = [(module, name, getattr(module, name)) for module, name, _ in patches]
    try:
        nlp._components[:] = wrapped
        for module, name, func in patches:
            setattr(module, name, func)
        started = cpu()
        pipeline.build([articles], db, manifest=manifest, nlp=nlp, jobs=1)
        total = cpu() - started
    finally:
        nlp._components[:] = saved
        for module, name, func in originals:
            setattr(module, name, func)
    inclusive = 0.0
    for name, proc in wrapped:
        if name not in enabled:
            continue
        label = "attribution (provenance_quotes)" if name == "provenance_quotes" else name
        totals[label] = proc.total - inclusive
        inclusive = proc.total
    totals["other"] = total - sum(totals.values())
    return total, totals


#: Text every pipeline runs once before it is timed (first calls allocate).
WARM_UP = '"We will open the new bridge in May," the mayor, Ana Ruiz, said on Tuesday.'


def _warm(nlp):
    for _ in nlp.pipe([WARM_UP] * 4):
        pass
    return nlp


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--limit", type=int, help="N articles spread evenly over the corpus")
    ap.add_argument("--jobs", type=int, help="processes for the second build [default: the cores]")
    ap.add_argument("--scorer", default=str(DEFAULT_SCORER))
    ap.add_argument("--repeat", type=int, default=1, help="rounds of measures; each figure is the least of its rounds")
    ap.add_argument("--no-profile", action="store_true", help="skip the per-stage profile (one build fewer)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--add-to", type=Path, help="also time `provenance add` into a database of this corpus's articles")
    args = ap.parse_args()
    try:
        import textacy
    except ImportError:
        sys.exit("Error: textacy is not installed: pip install -e '.[bench]'")

    from provenance.ingest import read_articles
    from provenance.pipeline import add, build
    from provenance.quotes.arith import blis_kernel, tune
    from provenance.quotes.model import load_nlp, model_name
    from provenance.quotes.pool import default_jobs

    jobs = args.jobs or default_jobs()
    scorer = load_scorer(Path(args.scorer))
    tmp = tempfile.TemporaryDirectory(prefix="provenance-speed-")
    work = Path(tmp.name)
    articles, manifest, gold = corpus_subset(Path(args.corpus), args.limit, work)
    texts = [a.text for a in read_articles([articles], manifest, on_problem=lambda p: None)]
    words = sum(len(t.split()) for t in texts)
    rows: dict[str, dict] = {}

    def stock():
        """en_core_web_sm as shipped: textacy's pipeline, with the matrix
        library's own choice of kernels (provenance's are undone)."""
        tune(on=False)
        return importlib.import_module(model_name()).load()

    def tokenize(nlp):
        for _ in nlp.tokenizer.pipe(texts):
            pass

    def pipeline(nlp):
        for _ in nlp.pipe(texts, batch_size=16):
            pass

    def textacy_run(nlp):
        (work / "textacy.db").unlink(missing_ok=True)
        run_textacy(nlp, articles, manifest, work / "textacy.db")

    def build_run(n: int):
        return lambda nlp: build([articles], work / f"provenance-{n}.db", manifest=manifest, nlp=nlp, jobs=n)

    def retuned():
        """en_core_web_sm as shipped, on provenance's kernels."""
        tune()
        return importlib.import_module(model_name()).load()

    stock_kernel = blis_kernel()
    own_kernel = tune()
    tune(on=False)
    steps: list[tuple[str, Callable, Callable, Path | None]] = [
        ("tokenizer alone", stock, tokenize, None),
        ("spaCy pipeline alone", stock, pipeline, None),
        ("textacy direct_quotations", stock, textacy_run, work / "textacy.db"),
    ]
    like = f"textacy, {own_kernel} kernels"
    if own_kernel != stock_kernel:
        steps.append((like, retuned, textacy_run, None))
    for n in [1] if jobs == 1 else [1, jobs]:
        name = f"provenance build, {n} job{'s' if n > 1 else ''}"
        steps.append((name, load_nlp, build_run(n), work / f"provenance-{n}.db"))
    if args.add_to:
        other = args.add_to / "articles" if (args.add_to / "articles").is_dir() else args.add_to
        other_manifest = args.add_to / "manifest.jsonl" if (args.add_to / "manifest.jsonl").exists() else None
        archive = work / "archive.db"
        stored = build([other], archive, manifest=other_manifest, nlp=load_nlp(), jobs=jobs).articles_added

        def fresh_archive():
            """The pipeline, and a fresh copy of the archive to add to (untimed)."""
            shutil.copyfile(archive, work / "added.db")
            return load_nlp()

        def add_run(nlp):
            add([articles], work / "added.db", manifest=manifest, nlp=nlp, jobs=jobs)

        steps.append((f"provenance add to {stored}, {jobs} job{'s' if jobs > 1 else ''}", fresh_archive, add_run, None))
    for _ in range(args.repeat):  # rounds of every step back to back; the least time of each is kept
        for name, load, step, _db in steps:
            # each step on a pipeline of its own, loaded untimed: every one starts with an empty
            # vocabulary, as a build does (words seen once are cheaper the second time)
            nlp = _warm(load())
            took: dict[str, float] = {}
            with timed(took):
                step(nlp)
            row = rows.setdefault(name, {"cpu": took["cpu"], "wall": took["wall"]})
            row["cpu"], row["wall"] = min(row["cpu"], took["cpu"]), min(row["wall"], took["wall"])
    for name, _load, _step, db in steps:
        if db is not None:
            rows[name]["accuracy"] = scorer.score(str(db), gold)
    profile = None
    if not args.no_profile:
        total, stages = profile_build(_warm(load_nlp()), articles, manifest, work / "profile.db")
        profile = {"cpu": total, "stages": stages}

    base = rows["textacy direct_quotations"]
    for row in rows.values():
        row["words_per_cpu_s"] = words / row["cpu"] if row["cpu"] else None
        row["articles_per_cpu_s"] = len(texts) / row["cpu"] if row["cpu"] else None
        row["words_per_wall_s"] = words / row["wall"] if row["wall"] else None
        row["cpu_ratio"] = base["cpu"] / row["cpu"] if row["cpu"] else None
        row["wall_ratio"] = base["wall"] / row["wall"] if row["wall"] else None
        if "accuracy" in row:
            row["accuracy"] = {k: row["accuracy"].get(k) for k in FIGURES}
        if like in rows:
            row["wall_ratio_like_kernels"] = rows[like]["wall"] / row["wall"] if row["wall"] else None
    result = {
        "corpus": args.corpus,
        "repeat": args.repeat,
        "articles": len(texts),
        "words": words,
        "jobs": jobs,
        "cores": os.cpu_count(),
        "textacy": textacy.__version__,
        "model": model_name(),
        "rows": rows,
        "profile": profile,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"corpus {args.corpus}: {len(texts)} articles, {words:,} words; model {model_name()}, "
        f"textacy {textacy.__version__}, {os.cpu_count()} cores; BLIS kernels {stock_kernel} "
        f"(textacy, spaCy alone), {own_kernel} (provenance)"
    )
    print(
        f"{'':30} {'CPU s':>7} {'wall s':>7} {'words/s':>8} {'art./s':>7} {'x textacy':>9} {'(wall)':>7}"
        f"  {'quote F1':>8} {'speaker':>7} {'cue':>6}"
    )
    for name, row in rows.items():
        acc = row.get("accuracy") or {}
        figures = "  ".join(f"{acc[k]:.3f}" if acc.get(k) is not None else "    -" for k in FIGURES) if acc else ""
        print(
            f"{name:30} {row['cpu']:7.2f} {row['wall']:7.2f} {row['words_per_cpu_s']:8.0f} "
            f"{row['articles_per_cpu_s']:7.2f} {row['cpu_ratio']:9.2f} {row['wall_ratio']:7.2f}  {figures}"
        )
    print("words/s and articles/s are per CPU second; x textacy is textacy's CPU (wall) seconds over the row's")
    if like in rows:
        builds = ", ".join(
            f"{name.removeprefix('provenance build, ')} {row['wall_ratio_like_kernels']:.2f}x"
            for name, row in rows.items()
            if name.startswith(("provenance build", "provenance add"))
        )
        print(f"on like arithmetic (textacy on {own_kernel} kernels too), wall: {builds}")
    if profile:
        print(f"\nwhere a one-job build's CPU goes ({profile['cpu']:.2f} s):")
        for name, seconds in sorted(profile["stages"].items(), key=lambda kv: -kv[1]):
            print(f"  {name:34} {seconds:7.2f} s  {100 * seconds / profile['cpu']:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
