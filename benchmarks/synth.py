"""Synthetic news corpora with known truth, for the scale benchmark.

Many speakers make remarks on given days; outlets report them. A remark
reaches outlets directly (each quoting its own window of it) or through
a wire (AP, Reuters, AFP, ...) whose wording outlets copy, sometimes with
an editor's insertion naming the wire. Foreign speakers' remarks come in
several English translations. Every quote is mutated the way news
mutates quotes: truncated, elided ("..."), an editor's bracketed
insertion, re-punctuated, respelt (British/American, hyphens),
contracted or expanded, a word substituted. Formulas ("we will continue
these talks") recur in unrelated remarks by different speakers.

The text is not English, but it has English's shape: function words in
fixed clause patterns around Zipf-distributed content words, so word
and shingle frequencies are skewed the way real quotes' are.

Truth, per quote: the remark (= the statement) and the wording cluster,
i.e. the quotes of one remark in one translation whose windows of it
overlap (directly or through other quotes) by at least four words.

    python benchmarks/synth.py --quotes 10000 --out corpus.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

WIRES = ["AP", "Reuters", "AFP", "UPI", "TASS", "Anadolu", "Xinhua"]
_CONS = "b c d f g h j k l m n p r s t v w z br ch cl dr fl gr pl pr sh st th tr".split()
_VOWELS = "a e i o u ai ea ee io ou".split()

# A small grammar of clauses: N noun, V verb, A adjective, P person noun;
# other words are literal. Enough structure that function-word shingles
# are frequent and content shingles rare, as in real quotes.
SUBJECTS = [
    "we",
    "i",
    "they",
    "the N",
    "our N",
    "this N",
    "the A N",
    "nobody",
    "everyone",
    "he",
    "she",
    "the P",
    "the N of the N",
    "you",
    "people",
]
MODALS = [
    "will",
    "will not",
    "must",
    "can",
    "cannot",
    "should",
    "have to",
    "want to",
    "are going to",
    "need to",
    "do not want to",
    "did not",
    "would",
    "could",
    "may",
    "",
    "",
    "always",
    "never",
]
OBJECTS = [
    "the N",
    "our N",
    "the A N",
    "every N",
    "this N",
    "the N of the N",
    "a A N",
    "their N",
    "N",
    "the N and the N",
]
EXTRAS = [
    "in the N",
    "for the N",
    "with the N",
    "before the N",
    "because of the N",
    "without the N",
    "on N",
    "at the N",
    "after the N",
    "for our N",
    "in this N",
    "by the N",
]
LEADS = [
    "i think that",
    "i believe",
    "i can tell you",
    "let me say",
    "frankly",
    "i have always said that",
    "the truth is",
    "we know that",
    "it is clear that",
    "i am sure",
]
COPULAS = [
    "SUBJ is A",
    "SUBJ is not A",
    "it is A to V OBJ",
    "there is no N for OBJ",
    "what we have seen is OBJ",
    "SUBJ was A",
    "SUBJ has been A",
    "that is not what OBJ wants",
    "this is about OBJ",
]
FORMULA_PATTERNS = [
    "we will continue these talks",
    "i think it is important",
    "at the end of the day",
    "the american people deserve better",
    "let me be very clear",
    "we are not going to back down",
    "this is not the time for politics",
    "we will do whatever it takes",
    "i have said this before",
    "nothing is off the table",
    "we are looking at all the options",
    "time will tell",
]
TRANSLATION_FRAMES = [
    ("will", "are going to"),
    ("must", "have to"),
    ("cannot", "are unable to"),
    ("want to", "wish to"),
    ("should", "ought to"),
    ("need to", "have to"),
    ("i think that", "in my view"),
    ("i believe", "my belief is"),
    ("there is no", "there exists no"),
    ("the truth is", "in truth"),
    ("it is clear that", "clearly"),
    ("nobody", "no one"),
    ("everyone", "all people"),
    ("people", "citizens"),
    ("before", "ahead of"),
    ("because of", "due to"),
    ("without", "lacking"),
    ("every", "each"),
    ("a", "one"),
    ("this", "that"),
    ("our", "the"),
    ("the", "this"),
    ("is not", "isn't"),
    ("do not want to", "refuse to"),
    ("never", "at no time"),
    ("always", "forever"),
    ("with", "along with"),
    ("for", "on behalf of"),
    ("can", "are able to"),
]
FORMULAS = frozenset(FORMULA_PATTERNS)
JOINERS = [", and ", ", but ", ". ", ". ", ". ", " because ", "; "]
CONTRACTIONS = [
    ("do not", "don't"),
    ("we are", "we're"),
    ("it is", "it's"),
    ("can not", "can't"),
    ("will not", "won't"),
    ("i am", "i'm"),
    ("that is", "that's"),
    ("they have", "they've"),
    ("we will", "we'll"),
    ("there is", "there's"),
    ("let us", "let's"),
    ("we have", "we've"),
]
SPELLINGS = [
    ("organize", "organise"),
    ("defense", "defence"),
    ("color", "colour"),
    ("labor", "labour"),
    ("center", "centre"),
    ("favor", "favour"),
    ("analyze", "analyse"),
    ("traveled", "travelled"),
    ("proactive", "pro-active"),
    ("cooperate", "co-operate"),
    ("reelect", "re-elect"),
    ("honor", "honour"),
    ("realize", "realise"),
    ("program", "programme"),
]


def _pseudo_words(rng: random.Random, n: int, used: set[str]) -> list[str]:
    out = []
    while len(out) < n:
        w = "".join(rng.choice(_CONS) + rng.choice(_VOWELS) for _ in range(rng.choice((1, 2, 2, 2, 3, 3))))
        w += rng.choice(("", "", "n", "r", "s", "t", "l"))
        if len(w) > 2 and w not in used:
            used.add(w)
            out.append(w)
    return out


class _Zipf:
    """Draws from a list with Zipf-Mandelbrot weights ((rank + q) ** -s)."""

    def __init__(self, items: list, s: float, rng: random.Random, q: float = 0.0) -> None:
        self.items = items
        self.cum = []
        total = 0.0
        for r in range(1, len(items) + 1):
            total += (r + q) ** -s
            self.cum.append(total)
        self.total = total
        self.rng = rng

    def __call__(self):
        import bisect

        return self.items[min(bisect.bisect(self.cum, self.rng.random() * self.total), len(self.items) - 1)]


@dataclass
class Quote:
    text: str
    speaker: str | None
    remark: int
    version: int
    span: tuple[int, int]  # token window of the remark (in its version) the quote comes from
    wire: str | None = None  # the wire it was copied from
    credited: str | None = None


@dataclass
class Article:
    source: str
    outlet: str
    published: str
    wire: str | None
    quotes: list[Quote] = field(default_factory=list)

    def text_and_offsets(self) -> tuple[str, list[tuple[int, int]]]:
        parts, offsets, pos = [], [], 0
        head = f"{self.outlet} report, {self.published}.\n\n"
        if self.wire:
            head = f"CITY ({self.wire}) \u2014 " + head
        parts.append(head)
        pos += len(head)
        for q in self.quotes:
            lead = f"{q.speaker or 'An official'} said: \u201c"
            start = pos + len(lead)
            chunk = f"{lead}{q.text}\u201d\n\n"
            parts.append(chunk)
            offsets.append((start, start + len(q.text)))
            pos += len(chunk)
        return "".join(parts), offsets


class Generator:
    """A reproducible stream of synthetic articles."""

    def __init__(self, seed: int = 0, speakers: int = 20000, outlets: int = 400, start: str = "2020-01-01") -> None:
        self.rng = rng = random.Random(seed)
        used: set[str] = {
            w for p in SUBJECTS + MODALS + OBJECTS + EXTRAS + LEADS + COPULAS + FORMULA_PATTERNS for w in p.split()
        }
        used |= {w for pair in CONTRACTIONS + SPELLINGS + TRANSLATION_FRAMES for p in pair for w in p.split()}
        used |= {w for j in JOINERS for w in j.strip(" .,;").split()}
        nouns = _pseudo_words(rng, 30000, used) + [a for a, _ in SPELLINGS[:6]]
        verbs = _pseudo_words(rng, 6000, used) + [a for a, _ in SPELLINGS[6:]]
        adjs = _pseudo_words(rng, 4000, used)
        persons = _pseudo_words(rng, 500, used)
        rng.shuffle(nouns)
        rng.shuffle(verbs)
        self.slots = {
            "N": _Zipf(nouns, 1.1, rng, 20),
            "V": _Zipf(verbs, 1.1, rng, 20),
            "A": _Zipf(adjs, 1.1, rng, 20),
            "P": _Zipf(persons, 1.0, rng, 5),
        }
        self.synonym: dict[str, str] = {}
        for words in (nouns, verbs, adjs, persons):
            shifted = words[1:] + words[:1]
            self.synonym.update(zip(words, shifted))
        self.spell = dict(SPELLINGS)
        firsts = _pseudo_words(rng, 3000, used)
        lasts = _pseudo_words(rng, 8000, used)
        names = []
        seen = set()
        while len(names) < speakers:
            name = f"{rng.choice(firsts).title()} {rng.choice(lasts).title()}"
            if name not in seen:
                seen.add(name)
                names.append(name)
        self.speakers = _Zipf(names, 0.9, rng)
        self.foreign = {n for n in names if rng.random() < 0.15}
        self.all_speakers = names
        outlet_names = []
        for w in _pseudo_words(rng, outlets, used):
            outlet_names.append(
                rng.choice(
                    ("The {} Times", "{} News", "The {} Post", "{} Daily", "{} Online", "Radio {}", "{} Herald")
                ).format(w.title())
            )
        self.outlets = _Zipf(outlet_names, 0.8, rng)
        self.start = dt.date.fromisoformat(start)
        self.remark_id = 0
        self.article_id = 0

    # ------------------------------------------------------------------ text
    def clause(self) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            form = rng.choice(COPULAS).replace("SUBJ", rng.choice(SUBJECTS)).replace("OBJ", rng.choice(OBJECTS))
        else:
            form = f"{rng.choice(SUBJECTS)} {rng.choice(MODALS)} V {rng.choice(OBJECTS)}"
            if rng.random() < 0.4:
                form += " " + rng.choice(EXTRAS)
        if rng.random() < 0.2:
            form = rng.choice(LEADS) + " " + form
        return " ".join(self.slots[w]() if w in self.slots else w for w in form.split())

    def remark_text(self) -> str:
        rng = self.rng
        sentences = []
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4))):
            s = self.clause()
            if rng.random() < 0.5:
                s += rng.choice(JOINERS[:2] + [" because ", " and "]) + self.clause()
            sentences.append(s)
        if rng.random() < 0.3:
            sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(FORMULA_PATTERNS))
        return ". ".join(s[0].upper() + s[1:] for s in sentences) + "."

    def translate(self, text: str) -> str:
        """Another English translation of a remark: most content words and
        many turns of phrase change; the meaning (and the sentence count) stays."""
        rng = self.rng
        padded = f" {text.lower()} "
        for a, b in TRANSLATION_FRAMES:
            if rng.random() < 0.8:
                padded = padded.replace(f" {a} ", f" {b} ")
        out = []
        for w in padded.strip().split(" "):
            core = w.rstrip(".,;")
            tail = w[len(core) :]
            if core in self.synonym and rng.random() < 0.85:
                out.append(self.synonym[core] + tail)
            else:
                out.append(w)
        text = " ".join(out)
        return ". ".join(s[:1].upper() + s[1:] for s in text.split(". "))

    # ------------------------------------------------------------- mutation
    def window(self, words: list[str]) -> tuple[int, int]:
        """The part of a remark a report quotes (token offsets): all of it,
        whole sentences, or a clause (a partial quote). Like reporters,
        never a lone formula sentence ("Let me be very clear.")."""
        rng = self.rng
        n = len(words)
        ends = [i + 1 for i, w in enumerate(words) if w.endswith(".")]
        starts = [0] + ends[:-1]
        substantive = [
            i for i, (a, b) in enumerate(zip(starts, ends)) if " ".join(words[a:b]).lower().rstrip(".") not in FORMULAS
        ]
        r = rng.random()
        if r < 0.45 or n <= 6 or not substantive:
            return 0, n
        if r < 0.8:  # whole sentences, from or to a substantive one
            a = rng.choice(substantive)
            b = rng.randrange(a, len(ends)) if rng.random() < 0.5 else a
            return starts[a], ends[b]
        s = rng.choice(substantive)  # a partial quote: a clause of a sentence
        cuts = (
            [starts[s]]
            + [
                i + 1
                for i in range(starts[s], ends[s] - 1)
                if words[i].endswith(",") or words[i + 1] in ("because", "and", "but")
            ]
            + [ends[s]]
        )
        spans = [(a, b) for a, b in zip(cuts, cuts[1:]) if b - a >= 5] or [(starts[s], ends[s])]
        return rng.choice(spans)

    def mutate(self, words: list[str]) -> str:
        rng = self.rng
        words = list(words)
        if len(words) > 9 and rng.random() < 0.15:  # truncation
            if rng.random() < 0.5:
                words = words[rng.randint(1, 3) :]
            else:
                words = words[: -rng.randint(1, 3)]
        if len(words) > 12 and rng.random() < 0.1:  # elision
            i = rng.randint(3, len(words) - 6)
            j = min(len(words) - 3, i + rng.randint(2, 6))
            words = words[:i] + ["..."] + words[j:]
        text = " ".join(words)
        if rng.random() < 0.3:  # contraction or expansion
            a, b = rng.choice(CONTRACTIONS)
            text = text.replace(a, b, 1) if rng.random() < 0.5 else text.replace(b, a, 1)
        if rng.random() < 0.15:  # spelling
            for a, b in SPELLINGS:
                if a in text:
                    text = text.replace(a, b)
        if rng.random() < 0.08:  # an editor's insertion
            ws = text.split(" ")
            i = rng.randrange(len(ws))
            ws.insert(i, f"[the {self.slots['N']()}]")
            text = " ".join(ws)
        if rng.random() < 0.07:  # a substituted word
            ws = text.split(" ")
            idx = [i for i, w in enumerate(ws) if w.lower().strip(".,;") in self.synonym]
            if idx:
                i = rng.choice(idx)
                core = ws[i].rstrip(".,;")
                ws[i] = self.synonym[core.lower()] + ws[i][len(core) :]
                text = " ".join(ws)
        if rng.random() < 0.2:  # re-punctuation
            text = text.replace(". ", ", ", 1) if rng.random() < 0.5 else text.replace(", ", ". ", 1)
        text = text.strip(" .,;")
        return text[:1].upper() + text[1:] + rng.choice((".", ",", ".", ""))

    # -------------------------------------------------------------- reports
    def day(self, index: int, n_quotes: int) -> Iterator[Article]:
        """Articles of one day holding about ``n_quotes`` quotes."""
        rng = self.rng
        date = self.start + dt.timedelta(days=index)
        by_article: dict[tuple[str, str, str | None], Article] = {}
        made = 0
        while made < n_quotes:
            self.remark_id += 1
            rid = self.remark_id
            speaker = self.speakers()
            text = self.remark_text()
            versions = [text]
            if speaker in self.foreign:
                versions += [self.translate(text) for _ in range(rng.choice((1, 2)))]
            n_reports = min(60, int(rng.paretovariate(1.3)))
            plans = []  # (version, wire or None, published offset)
            if rng.random() < 0.35:
                wire = rng.choice(WIRES)
                v = rng.randrange(len(versions))
                plans.append((v, wire, 0, True))
                plans += [(v, wire, rng.choice((0, 0, 1)), False) for _ in range(n_reports)]
            else:
                plans += [
                    (rng.randrange(len(versions)), None, rng.choice((0, 0, 0, 1, 1, 2)), False)
                    for _ in range(n_reports)
                ]
            wire_quote = None
            for version, wire, lag, is_wire in plans:
                words = versions[version].split(" ")
                if wire and wire_quote is not None and rng.random() < 0.8:
                    span, copied = wire_quote  # copied from the wire, as is or edited again
                    quoted = copied if rng.random() < 0.5 else self.mutate(copied.rstrip(".,").split(" "))
                    if rng.random() < 0.05:
                        ws = quoted.split(" ")
                        ws.insert(max(1, len(ws) // 2), f"(with the {self.slots['N']()} - {wire})")
                        quoted = " ".join(ws)
                else:
                    span = self.window(words)
                    quoted = self.mutate(words[span[0] : span[1]])
                if is_wire:
                    wire_quote = (span, quoted)
                r = rng.random()
                shown = None if r < 0.08 else rng.choice(self.all_speakers) if r < 0.09 else speaker
                outlet = wire if is_wire else self.outlets()
                published = (date + dt.timedelta(days=lag)).isoformat()
                carries = wire if wire and (is_wire or rng.random() < 0.7) else None
                k = (outlet, published, carries)
                art = by_article.get(k)
                if art is None or len(art.quotes) >= 8:
                    self.article_id += 1
                    art = by_article[k] = Article(f"synth/{self.article_id:08d}.txt", outlet, published, carries)
                art.quotes.append(Quote(quoted, shown, rid, version, span, wire, None))
                made += 1
        yield from by_article.values()

    def corpus(self, n_quotes: int, per_day: int = 10000) -> Iterator[Article]:
        """Articles holding about ``n_quotes`` quotes, ``per_day`` a day."""
        made, index = 0, 0
        while made < n_quotes:
            for art in self.day(index, min(per_day, n_quotes - made)):
                made += len(art.quotes)
                yield art
            index += 1


def truth_clusters(quotes: list[tuple[int, int, tuple[int, int]]], min_overlap: int = 4) -> list[int]:
    """Wording clusters of the truth: per (remark, version), windows that
    overlap by ``min_overlap`` tokens, and windows that are the same span
    (however short: "We will win." quoted twice is one wording), joined
    transitively. Returns one label per quote."""
    labels = list(range(len(quotes)))

    def find(i: int) -> int:
        while labels[i] != i:
            labels[i] = labels[labels[i]]
            i = labels[i]
        return i

    groups: dict[tuple[int, int], list[int]] = {}
    for i, (remark, version, _) in enumerate(quotes):
        groups.setdefault((remark, version), []).append(i)
    for members in groups.values():
        members.sort(key=lambda i: quotes[i][2])
        for a, b in zip(members, members[1:]):
            if quotes[a][2] == quotes[b][2]:
                labels[find(b)] = find(a)
        reach_end, reach_i = -1, None
        for i in members:
            s, e = quotes[i][2]
            if reach_i is not None and min(e, reach_end) - s >= min_overlap:
                labels[find(i)] = find(reach_i)
            if e > reach_end:
                reach_end, reach_i = e, i
    return [find(i) for i in range(len(quotes))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quotes", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True, help="JSONL of articles (text, outlet, published, wire, quotes)")
    args = ap.parse_args()
    with open(args.out, "w", encoding="utf-8") as fh:
        for art in Generator(args.seed).corpus(args.quotes):
            text, offsets = art.text_and_offsets()
            fh.write(
                json.dumps(
                    {
                        "path": art.source,
                        "outlet": art.outlet,
                        "published": art.published,
                        "wire": art.wire,
                        "text": text,
                        "quotes": [
                            {
                                "text": q.text,
                                "start": s,
                                "end": e,
                                "speaker": q.speaker,
                                "remark": q.remark,
                                "version": q.version,
                                "span": q.span,
                            }
                            for q, (s, e) in zip(art.quotes, offsets)
                        ],
                    }
                )
                + "\n"
            )


if __name__ == "__main__":
    main()
