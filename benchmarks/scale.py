"""Scale benchmark: cluster synthetic corpora of 10k .. 1M quotes, then add
a day of news, and score the clusters against the generator's truth.

Quotes go straight to the database writer (``publish.insert_article``)
and then to ``provenance.pipeline.update_groups``: the clustering, tracing and
group writing that ``provenance build`` and ``provenance add`` run, minus
spaCy. Each timed step runs in its own process so its peak memory
(ru_maxrss) is its own.

    python benchmarks/scale.py --sizes 10000 100000 1000000 --day 10000 --baseline 10000

Prints one line per size: write, cluster and add seconds, peak memory,
pair precision/recall of wording clusters and statements, and the
all-pairs rapidfuzz token_set_ratio baseline measured at --baseline quotes
and extrapolated quadratically.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

from provenance import store as publish  # noqa: E402
from provenance.pipeline import update_groups  # noqa: E402
from provenance.records import Article, Quote  # noqa: E402
from provenance.store.matchstore import use_big_cache  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_articles(db, articles, truth: list) -> list[int]:
    """Store synthetic articles and quotes; append (remark, version, span) per quote."""
    speakers = publish.load_speaker_index(db)
    ids: list[int] = []
    for art in articles:
        text, offsets = art.text_and_offsets()
        quotes = [
            Quote(text=q.text, start=s, end=e, speaker=q.speaker, speaker_mention=q.speaker, cue="said")
            for q, (s, e) in zip(art.quotes, offsets)
        ]
        _, qids = publish.insert_article(
            db,
            Article(source=art.source, text=text, outlet=art.outlet, published=art.published, wire=art.wire),
            quotes,
            speakers,
        )
        ids.extend(qids)
        truth.extend((q.remark, q.version, q.span) for q in art.quotes)
    return ids


def _generate(total: int, day: int, seed: int):
    gen = synth.Generator(seed)
    arts = list(gen.corpus(total + day, per_day=day))
    cut, seen = 0, 0
    for i, a in enumerate(arts):  # the last day is the one added later
        if seen >= total:
            cut = i
            break
        seen += len(a.quotes)
    else:
        cut = len(arts)
    return arts[:cut], arts[cut:]


def phase_write(args) -> dict:
    path = Path(args.db)
    if path.exists():
        path.unlink()
    base, day = _generate(args.quotes, args.day, args.seed)
    _day_path(args).write_bytes(pickle.dumps(day))
    db = publish.open_database(path)
    truth: list = []
    started = time.monotonic()
    db.conn.execute("BEGIN")
    write_articles(db, base, truth)
    db.conn.execute("COMMIT")
    np.save(f"{path}.truth.npy", _truth_array(truth))
    return {"write_s": time.monotonic() - started, "quotes": len(truth), "articles": len(base), "peak_mb": _peak_mb()}


def _truth_array(truth: list) -> np.ndarray:
    return np.array([(r, v, s, e) for r, v, (s, e) in truth], dtype=np.int64).reshape(-1, 4)


def phase_cluster(args) -> dict:
    db = publish.open_database(args.db)
    ids = [r[0] for r in db.conn.execute("select id from quotes order by id")]
    started = time.monotonic()
    db.conn.execute("BEGIN")
    grouped = update_groups(db, ids)
    db.conn.execute("COMMIT")
    seconds = time.monotonic() - started
    return {
        "cluster_s": seconds,
        "peak_mb": _peak_mb(),
        "phrases_recomputed": grouped.phrases_recomputed,
        "pairs_verified": grouped.pairs_verified,
    }


def _day_path(args) -> Path:
    return Path(f"{args.db}.day-{args.seed}-{args.day}.pkl")


def _day_articles(args) -> list:
    """The day added after the corpus: kept next to the database by the
    write phase, since generating a million quotes again to reach it
    takes minutes."""
    path = _day_path(args)
    if path.exists():
        return pickle.loads(path.read_bytes())
    _, day = _generate(args.quotes, args.day, args.seed)
    path.write_bytes(pickle.dumps(day))
    return day


def phase_add(args) -> dict:
    day = _day_articles(args)
    db = publish.open_database(args.db)
    use_big_cache(db, memory_map=True)  # as provenance.pipeline.add does
    truth: list = []
    started = time.monotonic()
    db.conn.execute("BEGIN IMMEDIATE")
    ids = write_articles(db, day, truth)
    written = time.monotonic()
    grouped = update_groups(db, ids)
    db.conn.execute("COMMIT")
    done = time.monotonic()
    old = np.load(f"{args.db}.truth.npy")
    np.save(f"{args.db}.truth.npy", np.concatenate([old, _truth_array(truth)]))
    steps = {k: v for k, v in grouped.seconds.items() if not k.startswith("_")}
    return {
        "add_quotes": len(ids),
        "add_write_s": written - started,
        "add_cluster_s": done - written,
        "add_s": done - started,
        "add_peak_mb": _peak_mb(),
        "add_recomputed": grouped.phrases_recomputed,
        "add_old_clusters_rewritten": len(grouped.old_clusters),
        "add_regroup_steps_s": steps,
        "add_trace_and_write_s": round(done - written - sum(steps.values()), 3),
    }


def pair_scores(pred: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """Pair precision and recall of a predicted partition against a true one."""

    def pairs(counts: np.ndarray) -> int:
        return int((counts * (counts - 1) // 2).sum())

    _, joint = np.unique(np.stack([pred, truth], 1), axis=0, return_counts=True)
    _, p = np.unique(pred, return_counts=True)
    _, t = np.unique(truth, return_counts=True)
    both = pairs(joint)
    return both / max(1, pairs(p)), both / max(1, pairs(t))


def evaluate(db_path: str) -> dict:
    truth = np.load(f"{db_path}.truth.npy")
    db = publish.open_database(db_path)
    rows = np.array(
        db.conn.execute(
            "select q.cluster_id, c.statement_id from quotes q join clusters c on c.id = q.cluster_id order by q.id"
        ).fetchall(),
        dtype=np.int64,
    )
    assert len(rows) == len(truth), (len(rows), len(truth))
    wording = np.array(synth.truth_clusters([(int(r), int(v), (int(s), int(e))) for r, v, s, e in truth]))
    wp, wr = pair_scores(rows[:, 0], wording)
    sp, sr = pair_scores(rows[:, 1], truth[:, 0])
    return {
        "wording_p": wp,
        "wording_r": wr,
        "statement_p": sp,
        "statement_r": sr,
        "clusters": len(np.unique(rows[:, 0])),
        "statements": len(np.unique(rows[:, 1])),
        "db_mb": os.path.getsize(db_path) / 1e6,
    }


def baseline(n: int, per_day: int, seed: int) -> dict:
    """All-pairs rapidfuzz token_set_ratio >= 90 with connected components,
    on the first n quotes of the corpus: time and pair scores."""
    from rapidfuzz import fuzz, process

    base, _ = _generate(n, per_day, seed)
    texts, truth = [], []
    for a in base:
        for q in a.quotes:
            texts.append(q.text)
            truth.append((q.remark, q.version, q.span))
    started = time.monotonic()
    scores = process.cdist(texts, texts, scorer=fuzz.token_set_ratio, score_cutoff=90, dtype=np.uint8, workers=1)
    seconds = time.monotonic() - started
    parent = list(range(len(texts)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(scores)):
        if i < j:
            parent[find(i)] = find(j)
    pred = np.array([find(i) for i in range(len(texts))])
    wp, wr = pair_scores(pred, np.array(synth.truth_clusters(truth)))
    return {
        "baseline_n": len(texts),
        "baseline_s": seconds,
        "baseline_p": wp,
        "baseline_r": wr,
        "baseline_matrix_mb": scores.nbytes / 1e6,
    }


def _copy_db(src: str, dst: str) -> None:
    """Copy a scale database and its truth file (the state before an add)."""
    for suffix in ("", ".truth.npy"):
        shutil.copyfile(f"{src}{suffix}", f"{dst}{suffix}")


def _child(phase: str, args) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--phase",
        phase,
        "--db",
        args.db,
        "--quotes",
        str(args.quotes),
        "--day",
        str(args.day),
        "--seed",
        str(args.seed),
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[10000, 100000])
    ap.add_argument("--day", type=int, default=10000, help="quotes in the day added afterwards")
    ap.add_argument("--baseline", type=int, default=0, help="run all-pairs rapidfuzz on this many quotes")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir", default="/tmp/provenance-scale")
    ap.add_argument(
        "--score-only",
        action="store_true",
        help="score the databases a previous run left in --workdir, without rebuilding",
    )
    ap.add_argument(
        "--add-again",
        type=int,
        default=0,
        metavar="TIMES",
        help="re-time the add of a previous run: restore each size's database as it was "
        "before the add (kept as scale-N.db.before-add) and add the day again, TIMES times",
    )
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--quotes", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps({"write": phase_write, "cluster": phase_cluster, "add": phase_add}[args.phase](args)))
        return
    if args.score_only:
        for n in args.sizes:
            print(f"{n:>9,} " + json.dumps(evaluate(str(Path(args.workdir) / f"scale-{n}.db"))), flush=True)
        return
    if args.add_again:
        for n in args.sizes:
            args.db = str(Path(args.workdir) / f"scale-{n}.db")
            args.quotes = n
            for _ in range(args.add_again):
                _copy_db(f"{args.db}.before-add", args.db)
                print(f"{n:>9,} " + json.dumps(_child("add", args)), flush=True)
        return
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    base = baseline(args.baseline, args.day, args.seed) if args.baseline else None
    if base:
        print(
            f"all-pairs token_set_ratio>=90 + components on {base['baseline_n']:,} quotes: "
            f"{base['baseline_s']:.1f} s, matrix {base['baseline_matrix_mb']:.0f} MB, "
            f"pairs P {base['baseline_p']:.3f} R {base['baseline_r']:.3f}",
            flush=True,
        )
    print(
        f"{'quotes':>9} {'write s':>8} {'cluster s':>9} {'peak MB':>8} {'add s':>6} {'add MB':>7} "
        f"{'wP':>6} {'wR':>6} {'sP':>6} {'sR':>6} {'allpairs s (extrap.)':>21}",
        flush=True,
    )
    for n in args.sizes:
        args.db = str(Path(args.workdir) / f"scale-{n}.db")
        args.quotes = n
        row = {"quotes": n}
        for phase in ("write", "cluster", "add"):
            if phase == "add":  # kept for --add-again
                _copy_db(args.db, f"{args.db}.before-add")
            row.update(_child(phase, args))
            print(f"   {phase}: " + json.dumps({k: v for k, v in row.items() if k != "quotes"}), flush=True)
        row.update(evaluate(args.db))
        extrap = base["baseline_s"] * (n / base["baseline_n"]) ** 2 if base else float("nan")
        print(
            f"{n:>9,} {row['write_s']:>8.1f} {row['cluster_s']:>9.1f} {row['peak_mb']:>8.0f} {row['add_s']:>6.1f} "
            f"{row['add_peak_mb']:>7.0f} {row['wording_p']:>6.3f} {row['wording_r']:>6.3f} "
            f"{row['statement_p']:>6.3f} {row['statement_r']:>6.3f} {extrap:>21,.0f}",
            flush=True,
        )
        print("   " + json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
