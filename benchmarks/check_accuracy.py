"""How often `provenance check` gives the right verdict, and says rightly
whether the person a paste names said the words.

    python benchmarks/check_accuracy.py CORPUS [--manifest FILE] [--gold FILE]
                                       [--seed N] [--holdout 0.15] [--db PATH] [--show N]

CORPUS is a folder of articles with a gold file of its quotes and their
speakers (the layout of ../shared/eval/*: ``articles/``,
``manifest.jsonl``, ``gold.json``; for the seeds, ``seeds --gold
../shared/acceptance/seeds-gold.json``). The script

1. builds a provenance database from the corpus with
   ``provenance.pipeline.build`` (what ``provenance build`` runs), less a
   share of the articles (``--holdout``) kept aside;
2. writes pastes of a known class from the gold quotes the database holds
   whole: faithful (the whole quote; cut at the ends; a marked elision),
   altered (a word changed, a word added, a word dropped without a
   mark); and absent (gold quotes of the articles kept aside whose words
   no stored quote has). Each paste is wrapped in a paste style drawn at
   random: bare, in marks (double or single), a frame naming a speaker
   before or after, a link and hashtags, a sentence with the quoted
   words inside it. A paste names the right speaker (full name, surname,
   with a title, accents folded), a wrong one (another speaker of the
   corpus) or none;
3. checks every paste with ``provenance.check.check_quote`` and prints the
   confusion table (paste kind by verdict), the class accuracy (faithful
   called verbatim or trimmed, altered called altered, absent called not
   found), the false reassurances (altered or absent called verbatim or
   trimmed), and the speaker-verdict accuracy (same, different or not
   stated, as the paste's name was drawn) over the faithful and altered
   pastes.

Truth is decided without the check: a gold quote is held whole when its
matching-form tokens are a run of a stored quote's of the same article;
an altered paste must not be a run of any stored quote; an absent paste
must share fewer than half its words, in order, with every stored quote.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import corpus_paths  # noqa: E402

from provenance.check import check_quote  # noqa: E402
from provenance.speakers import same_person  # noqa: E402
from provenance.wording.form import match_tokens  # noqa: E402

KINDS = ["whole", "cut", "elision", "changed", "added", "dropped", "absent"]
CLASS = {
    "whole": "faithful",
    "cut": "faithful",
    "elision": "faithful",
    "changed": "altered",
    "added": "altered",
    "dropped": "altered",
    "absent": "absent",
}
VERDICTS = ["verbatim", "trimmed", "altered", "not found"]
RIGHT_VERDICTS = {"faithful": {"verbatim", "trimmed"}, "altered": {"altered"}, "absent": {"not found"}}

#: Paste styles: {q} is the quote, {who} a speaker's name.
UNNAMED_STYLES = [
    "{q}",
    "\u201c{q}\u201d",
    "'{q}'",
    '"{q}" https://t.co/Xy12abC #politics #news',
    'RT @newsdesk: "{q}"',
    "Worth reading \u2192 \u201c{q}\u201d pic.twitter.com/abc123",
    'A senior official says "{q}" and the row goes on',
    "\u2018{q}\u2019 #quote",
]
NAMED_STYLES = [
    "{who} on Tuesday: '{q}'",
    'BREAKING: {who} says "{q}"',
    "{who}: \u201c{q}\u201d",
    "\u201c{q},\u201d {who} said.",
    "'{q}' \u2014 {who}",
    '"{q}" - {who} https://t.co/xyz987 #tag',
    '{who} says "{q}" and the talks go on',
    'According to {who}, "{q}"',
    "{who} told reporters: \u201c{q}\u201d #news",
    "\u201c{q}\u201d ({who})",
    "JUST IN \u2014 {who} (@handle): \u2018{q}\u2019",
]
#: A second set of styles, written apart from the first and not used to
#: tune the paste reader (``--styles other``): a check that the reading is
#: general, as the held-out pastes will be.
OTHER_UNNAMED_STYLES = [
    "\u00ab{q}\u00bb",
    '"{q}" (source: AP)',
    "Officials say \u201c{q}\u201d but critics disagree",
    "{q} #breaking https://example.com/story/123",
    "Quote: {q}",
    "\u201e{q}\u201c",
]
OTHER_NAMED_STYLES = [
    '"{q}"\n\n\u2014 {who}, 2016',
    "{who} in an interview: \u00ab{q}\u00bb",
    "\u201e{q}\u201c \u2013 {who}",
    'Quote of the day: "{q}" \u2014{who}',
    "\u201c{q}\u201d said {who} on Monday",
    "WATCH: {who} slams critics: '{q}' (video)",
    "{q} \u2014 {who} (via @outlet)",
    "In {who}'s words: \u201c{q}\u201d",
    "\u201c{q}\u201d \u2014 {who} #quote #politics",
    "{who} @handle \u00b7 2h\n\u201c{q}\u201d",
]
TITLES = ["Sen.", "President", "Gov.", "Minister", "Dr.", "Rep.", "Mr.", "Ms."]
ADDED_WORDS = "not never really all also very certainly completely only still just even absolutely totally".split()
_STOP = frozenset(
    "a an and are as at be been but by for from had has have he her his i in is it its not of on or our she so "
    "that the their them there these they this those to was we were which will with would you".split()
)
_WORD = re.compile(r"\S+")


@dataclass
class Paste:
    kind: str
    text: str  # as pasted
    words: str  # the quote's words in it
    expect_speaker: str  # same, different or not stated
    named: str | None  # the name in the paste
    speaker: str | None  # the gold speaker


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).replace("ı", "i")


def load_gold(gold_path: Path) -> tuple[list[dict], dict[str, str]]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return gold["quotes"], {a["file"]: a.get("triplet") or a["file"] for a in gold.get("articles", [])}


def split_articles(articles: Path, groups: dict[str, str], share: float, rng: random.Random):
    """Files to build from and files kept aside (whole groups, e.g. BASIL
    triplets, where the gold groups articles; else single articles)."""
    files = sorted(p for p in articles.rglob("*") if p.is_file() and p.suffix in (".txt", ".html", ".htm"))
    by_group: dict[str, list[Path]] = defaultdict(list)
    for f in files:
        by_group[groups.get(f.name, f.name)].append(f)
    keys = sorted(by_group)
    rng.shuffle(keys)
    n_aside = max(1, round(share * len(keys))) if share > 0 and len(keys) > 1 else 0
    aside = {f for k in keys[:n_aside] for f in by_group[k]}
    return [f for f in files if f not in aside], sorted(aside)


def stored_quotes(db: Path) -> tuple[dict[str, list[tuple[str, str | None]]], list[tuple[str, ...]]]:
    """Stored quotes by article file name (text, speaker), and every stored quote's tokens."""
    conn = sqlite3.connect(db)
    by_file: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    every = []
    for source, text, speaker in conn.execute(
        "select a.source, q.text, sp.name from quotes q join articles a on a.id = q.article_id"
        " left join speakers sp on sp.id = q.speaker_id"
    ):
        by_file[Path(source).name].append((text, speaker))
        every.append(tuple(match_tokens(text)))
    conn.close()
    return by_file, every


def is_run(needle: list[str] | tuple[str, ...], hay: tuple[str, ...]) -> bool:
    """Whether tokens are a contiguous run of another's."""
    n = len(needle)
    if n == 0 or n > len(hay):
        return False
    first = needle[0]
    return any(hay[i] == first and tuple(hay[i : i + n]) == tuple(needle) for i in range(len(hay) - n + 1))


class Stored:
    """Every stored quote's tokens, with a word index to find candidates fast."""

    def __init__(self, every: list[tuple[str, ...]]):
        self.every = every
        self.index: dict[str, set[int]] = defaultdict(set)
        for i, toks in enumerate(every):
            for t in set(toks):
                self.index[t].add(i)

    def candidates(self, tokens: list[str]) -> set[int]:
        rare = sorted(set(tokens), key=lambda t: len(self.index.get(t, ())))[:4]
        return set().union(*(self.index.get(t, set()) for t in rare)) if rare else set()

    def holds_run(self, tokens: list[str]) -> bool:
        return any(is_run(tokens, self.every[i]) for i in self.candidates(tokens))

    def best_share(self, tokens: list[str]) -> float:
        best = 0.0
        cands = set().union(*(self.index.get(t, set()) for t in set(tokens) if t not in _STOP))
        for i in cands:
            m = SequenceMatcher(None, tokens, self.every[i], autojunk=False)
            best = max(best, sum(b.size for b in m.get_matching_blocks()) / len(tokens))
        return best


def name_forms(name: str, rng: random.Random) -> str:
    """A speaker's name as a paste might give it."""
    words = name.split()
    form = rng.choice(["full", "surname", "title", "folded"]) if len(words) > 1 else rng.choice(["full", "folded"])
    if form == "surname":
        return words[-1]
    if form == "title":
        return f"{rng.choice(TITLES)} {words[-1]}"
    if form == "folded":
        return fold(name)
    return name


def wrap(q: str, style: str, who: str | None) -> str:
    q = q.strip()
    if style.startswith("\u201c{q},\u201d") and q[-1:] in ".,;:":
        q = q[:-1]
    if '"{q}"' in style or "\u201c{q}" in style:
        q = q.replace('"', "'").replace("\u201c", "\u2018").replace("\u201d", "\u2019")
    return style.format(q=q, who=who or "")


def alter(words: list[str], kind: str, rng: random.Random, vocabulary: list[str]) -> str | None:
    """One word changed, added or dropped without a mark, inside the quote."""
    if kind == "changed":
        spots = [i for i, w in enumerate(words) if len(re.sub(r"\W", "", w)) >= 4 and w.lower() not in _STOP]
        if not spots:
            return None
        i = rng.choice(spots)
        core = re.sub(r"^\W+|\W+$", "", words[i])
        new = rng.choice(vocabulary)
        if new.lower() == core.lower():
            return None
        return " ".join(words[:i] + [words[i].replace(core, new)] + words[i + 1 :])
    if kind == "added":
        i = rng.randint(1, len(words) - 1)
        return " ".join(words[:i] + [rng.choice(ADDED_WORDS)] + words[i:])
    if kind == "dropped":
        spots = [
            i
            for i in range(2, len(words) - 2)
            if re.search(r"\w", words[i])
            and not words[i - 1].endswith((",", ".", ";", ":"))
            and not re.search(r"\.\.\.|\u2026", " ".join(words[i - 1 : i + 2]))  # a cut beside "..." is marked
        ]
        if not spots:
            return None
        i = rng.choice(spots)
        return " ".join(words[:i] + words[i + 1 :])
    return None


def balanced(text: str) -> bool:
    """No bracket left open or closed by a cut (an editor's insertion is cut whole or kept)."""
    return text.count("(") == text.count(")") and text.count("[") == text.count("]")


def faithful(words: list[str], kind: str, rng: random.Random) -> str | None:
    """The whole quote, a window cut at its ends, or a marked elision."""
    for _ in range(5):
        text = _faithful(words, kind, rng)
        if text is None or balanced(text) or not balanced(" ".join(words)):
            return text
    return None


def _faithful(words: list[str], kind: str, rng: random.Random) -> str | None:
    n = len(words)
    if kind == "whole":
        return " ".join(words)
    if kind == "cut":
        if n < 7:
            return None
        size = rng.randint(max(4, int(0.5 * n)), n - 1)
        start = rng.randint(0, n - size)
        return " ".join(words[start : start + size])
    if kind == "elision":
        if n < 9:
            return None
        gap = rng.randint(1, min(5, n - 7))
        at = rng.randint(3, n - gap - 3)
        mark = rng.choice(["...", " ...", "\u2026", " \u2026 "])
        return (" ".join(words[:at]) + mark + " " + " ".join(words[at + gap :])).replace("  ", " ")
    return None


def make_pastes(
    quotes: list[dict],
    built: set[str],
    aside: set[str],
    by_file: dict[str, list[tuple[str, str | None]]],
    stored: Stored,
    rng: random.Random,
    style_set: str = "dev",
) -> tuple[list[Paste], Counter]:
    notes: Counter = Counter()
    speakers = sorted({q["speaker"] for q in quotes if q.get("speaker")})
    vocabulary = sorted(
        {w for q in quotes for w in re.findall(r"[A-Za-z]{5,}", q["text"]) if w.lower() not in _STOP and w.islower()}
    )
    pastes: list[Paste] = []
    for q in quotes:
        words = _WORD.findall(q["text"])
        tokens = match_tokens(q["text"])
        if len(tokens) < 4:
            notes["gold quotes under 4 words, skipped"] += 1
            continue
        if q["file"] in aside:
            if stored.best_share(tokens) < 0.5:
                pastes.append(_styled("absent", q["text"], q.get("speaker"), speakers, rng, style_set))
            else:
                notes["kept-aside quotes whose words are stored (not absent), skipped"] += 1
            continue
        if q["file"] not in built:
            continue
        if not any(is_run(tokens, tuple(match_tokens(text))) for text, _ in by_file.get(q["file"], [])):
            notes["gold quotes the build does not hold whole, skipped"] += 1
            continue
        notes["gold quotes held whole"] += 1
        for kind in KINDS[:-1]:
            if CLASS[kind] == "faithful":
                text = faithful(words, kind, rng)
            else:
                if len(tokens) < 6:
                    continue
                text = alter(words, kind, rng, vocabulary)
                if text is not None and stored.holds_run(match_tokens(text)):
                    notes[f"{kind} pastes found as stored (not altered), skipped"] += 1
                    text = None
            if text is not None:
                pastes.append(_styled(kind, text, q.get("speaker"), speakers, rng, style_set))
    return pastes, notes


STYLES = {"dev": (UNNAMED_STYLES, NAMED_STYLES), "other": (OTHER_UNNAMED_STYLES, OTHER_NAMED_STYLES)}


def _styled(
    kind: str, words: str, speaker: str | None, speakers: list[str], rng: random.Random, style_set: str
) -> Paste:
    """Wrap a paste in a style, naming the right speaker, a wrong one or none."""
    choice = rng.choice(["none", "right", "wrong"]) if speaker else "none"
    who = None
    if choice == "right":
        who = name_forms(speaker, rng)
    elif choice == "wrong":
        others = [s for s in speakers if not same_person(s, speaker) and s.split()[-1] != speaker.split()[-1]]
        if others:
            who = name_forms(rng.choice(others), rng)
        else:
            choice = "none"
    unnamed, named = STYLES[style_set]
    styles = named if who else unnamed
    if re.search("['\u2018\u2019\u201c\u201d\"](?!\\w)|(?<!\\w)['\u2018\u2019]", words):
        # quotation marks inside the quote: styles in double marks (single ones inside)
        styles = [s for s in styles if "'{q}'" not in s and "\u2018{q}" not in s] or styles
    style = rng.choice(styles)
    expect = {"none": "not stated", "right": "same", "wrong": "different"}[choice]
    return Paste(kind, wrap(words, style, who), words, expect, who, speaker)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--manifest")
    parser.add_argument("--gold")
    parser.add_argument("--seed", type=int, default=1, help="draws of the articles kept aside, pastes and styles")
    parser.add_argument(
        "--holdout", type=float, default=0.15, help="share of the articles kept aside for absent pastes"
    )
    parser.add_argument("--db", help="keep the database built here (default: a temporary file)")
    parser.add_argument("--show", type=int, default=10, help="wrong answers to print of each kind")
    parser.add_argument(
        "--styles", choices=sorted(STYLES), default="dev", help="paste styles: dev, or other (kept apart from tuning)"
    )
    args = parser.parse_args()
    articles, manifest, gold_path = corpus_paths(args)
    quotes, groups = load_gold(gold_path)
    rng = random.Random(args.seed)
    build_files, aside_files = split_articles(articles, groups, args.holdout, rng)

    from provenance.pipeline import build

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "check.db"
        if db.exists():
            db.unlink()
        started = time.perf_counter()
        build(build_files, db, manifest=manifest, on_problem=lambda problem: None)
        print(
            f"built {len(build_files)} articles ({len(aside_files)} kept aside) in {time.perf_counter() - started:.0f} s"
        )
        by_file, every = stored_quotes(db)
        stored = Stored(every)
        pastes, notes = make_pastes(
            quotes, {f.name for f in build_files}, {f.name for f in aside_files}, by_file, stored, rng, args.styles
        )
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        started = time.perf_counter()
        results = [check_quote(conn, p.text) for p in pastes]
        seconds = time.perf_counter() - started
        conn.close()
    report(pastes, results, notes, seconds, args.show)


def report(pastes: list[Paste], results: list, notes: Counter, seconds: float, show: int) -> None:
    for note, n in sorted(notes.items()):
        print(f"{note}: {n}")
    print(f"{len(pastes)} pastes checked in {seconds:.1f} s\n")
    table: dict[str, Counter] = {k: Counter() for k in KINDS}
    wrong: dict[str, list] = defaultdict(list)
    false_reassurance = []
    speaker_right = speaker_total = 0
    speaker_table: dict[str, Counter] = defaultdict(Counter)
    speaker_wrong = []
    for paste, result in zip(pastes, results):
        table[paste.kind][result.verdict] += 1
        cls = CLASS[paste.kind]
        if result.verdict not in RIGHT_VERDICTS[cls]:
            wrong[paste.kind].append((paste, result))
            if cls != "faithful" and result.verdict in ("verbatim", "trimmed"):
                false_reassurance.append((paste, result))
        if cls != "absent":
            speaker_total += 1
            speaker_table[paste.expect_speaker][result.speaker_verdict] += 1
            if result.speaker_verdict == paste.expect_speaker:
                speaker_right += 1
            else:
                speaker_wrong.append((paste, result))
    width = max(len(k) for k in KINDS) + 10
    print(f"{'paste kind (class)':<{width + 4}}" + "".join(f"{v:>11}" for v in VERDICTS) + f"{'right':>9}")
    right_total = 0
    for kind in KINDS:
        row = table[kind]
        n = sum(row.values())
        right = sum(row[v] for v in RIGHT_VERDICTS[CLASS[kind]])
        right_total += right
        label = f"{kind} ({CLASS[kind]})"
        print(f"{label:<{width + 4}}" + "".join(f"{row[v]:>11}" for v in VERDICTS) + f"{right:>5}/{n}")
    total = len(pastes)
    print(f"\nclass accuracy: {right_total / total:.3f} ({right_total} of {total})")
    print(f"false reassurances (altered or absent called verbatim or trimmed): {len(false_reassurance)}")
    print(
        f"speaker verdict accuracy: {speaker_right / speaker_total:.3f} ({speaker_right} of {speaker_total}"
        " faithful and altered pastes)"
    )
    for expect in ("same", "different", "not stated"):
        row = speaker_table[expect]
        print(f"  expected {expect}: " + ", ".join(f"{k} {v}" for k, v in row.most_common()))
    for title, items in [("false reassurances", false_reassurance), *((f"wrong: {k}", wrong[k]) for k in KINDS)]:
        if title.startswith("wrong") and items and items[0] in false_reassurance:
            items = [i for i in items if i not in false_reassurance]
        if items and show:
            print(f"\n{title} ({len(items)}):")
            for paste, result in items[:show]:
                print(f"  [{result.verdict}] {paste.text!r}\n      -> {result.explanation[:200]}")
    if speaker_wrong and show:
        print(f"\nspeaker verdicts wrong ({len(speaker_wrong)}):")
        for paste, result in speaker_wrong[:show]:
            stored_speaker = result.matches[0].speaker if result.matches else None
            print(
                f"  expected {paste.expect_speaker}, got {result.speaker_verdict} (pasted {result.pasted_speaker!r},"
                f" gold {paste.speaker!r}, stored {stored_speaker!r}): {paste.text[:120]!r}"
            )


if __name__ == "__main__":
    main()
