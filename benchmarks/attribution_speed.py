"""Extraction and attribution time and memory on quote-dense texts.

    python benchmarks/attribution_speed.py [--sizes 300 3000 30000] [--seed 1]

Transcripts, live blogs and debate write-ups hold a quote in nearly every
paragraph. For each size this writes one such article from its own
sentence templates (about 100 characters of text per quote: 300 quotes is
~30 KB, 30,000 is ~3 MB), runs ``provenance.quotes.component.extract_quotes`` on it
in a child process, and prints the seconds spent (all of it, and the part
spent in the quote component, i.e. finding and attributing quotes, beside
spaCy's parse), the child's peak resident memory, and how many of the
generated quotes came back with the speaker the generator meant. The
growth from one size to the next shows whether the cost is linear.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

# (given name, surname, gender, role written before the name)
PEOPLE = [
    ("Maria", "Delgado", "f", "Senator"),
    ("Tomas", "Berglund", "m", "Mayor"),
    ("Aisha", "Okonkwo", "f", "Governor"),
    ("Pieter", "Vandermeer", "m", "Finance Minister"),
    ("Lena", "Haugland", "f", "Commissioner"),
    ("Rafael", "Quintero", "m", "Representative"),
    ("Greta", "Lindqvist", "f", "Judge"),
    ("Samuel", "Achterberg", "m", "Councilman"),
    ("Nadia", "Petrescu", "f", "Ambassador"),
    ("Oscar", "Whitfield", "m", "Sheriff"),
    ("Helen", "Marchetti", "f", "Chancellor"),
    ("Victor", "Oyelaran", "m", "General"),
    ("Karen", "Sorensen", "f", "Senator"),
    ("David", "Castellanos", "m", "Mayor"),
    ("Julia", "Novak", "f", "Prosecutor"),
    ("Patrick", "Mbeki", "m", "Health Minister"),
    ("Sarah", "Kowalczyk", "f", "Councilwoman"),
    ("James", "Ferreira", "m", "Governor"),
    ("Emily", "Rasmussen", "f", "Judge"),
    ("Robert", "Takahashi", "m", "Representative"),
    ("Laura", "Brennan", "f", "Commissioner"),
    ("Michael", "Adeyemi", "m", "Ambassador"),
    ("Anna", "Vasquez", "f", "Treasurer"),
    ("Thomas", "Holloway", "m", "Senator"),
]
MEDIA = [
    ("the NTV television channel", "NTV"),
    ("Reuters", "Reuters"),
    ("the Anadolu news agency", "Anadolu"),
    ("CNN", "CNN"),
    ("the Kommersant newspaper", "Kommersant"),
]
SUBJECTS = [
    "the budget",
    "this bridge",
    "the new tax",
    "our schools",
    "the ceasefire",
    "the harbour project",
    "the pension reform",
    "this election",
    "the water supply",
    "the rail strike",
    "the border talks",
]
CLAIMS = [
    "will not pass without changes",
    "is the best chance we have had in years",
    "needs another look",
    "has been mishandled from the start",
    "deserves a fair hearing",
    "cannot wait until the spring",
    "was never properly funded",
    "is what the voters asked for",
    "has my full support",
    "will cost far more than they admit",
]
ENDINGS = [
    "and everyone in this room knows it",
    "whatever the committee decides",
    "and I will say so again",
    "if we are honest with ourselves",
    "and the numbers prove it",
    "no matter who is in charge",
]
SCENES = [
    "The session ran well past midnight.",
    "Protesters gathered outside the building before the vote.",
    "The committee adjourned for a short break.",
    "Several amendments were withdrawn without a vote.",
    "The gallery was full for most of the afternoon.",
]
DAYS = ["on Monday", "on Tuesday", "late on Wednesday", "on Thursday", "at the hearing", "in the afternoon"]


def _remark(rng: random.Random) -> str:
    text = f"{rng.choice(SUBJECTS)} {rng.choice(CLAIMS)}"
    if rng.random() < 0.4:
        text += f", {rng.choice(ENDINGS)}"
    return text[0].upper() + text[1:]


def dense_article(n_quotes: int, seed: int = 1, *, one_paragraph: bool = False) -> tuple[str, list[tuple[str, str]]]:
    """An article of about ``n_quotes`` quotes, one paragraph each (some
    paragraphs carry two), and the (quote words, speaker) the generator
    meant for each: names in full, surnames, titles, pronouns, inverted
    "said X", "X told a medium", interrupted quotes and continuations.
    With ``one_paragraph`` the paragraphs run together, as in a transcript
    pasted without line breaks."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    truth: list[tuple[str, str]] = []
    introduced: set[str] = set()
    while len(truth) < n_quotes:
        given, surname, gender, role = rng.choice(PEOPLE)
        full = f"{given} {surname}"
        pronoun = "he" if gender == "m" else "she"
        first, second = _remark(rng), _remark(rng)
        if full not in introduced:
            introduced.add(full)
            paragraphs.append(f"“{first},” said {role} {full}, who spoke to reporters {rng.choice(DAYS)}.")
            truth.append((first, full))
            continue
        if rng.random() < 0.2:
            paragraphs.append(rng.choice(SCENES))  # live-blog narration between the quotes
        shape = rng.randrange(8)
        if shape == 0:
            paragraphs.append(f"“{first},” {surname} said {rng.choice(DAYS)}.")
            truth.append((first, full))
        elif shape == 1:
            paragraphs.append(f"{surname} told reporters: “{first}.”")
            truth.append((first, full))
        elif shape == 2:
            medium = rng.choice(MEDIA)[0]
            paragraphs.append(f"{full} told {medium}: “{first}.”")
            truth.append((first, full))
        elif shape == 3:
            subject = rng.choice(SUBJECTS)
            paragraphs.append(f"“{subject[0].upper() + subject[1:]},” {surname} said, “{rng.choice(CLAIMS)}.”")
            truth.append((subject[0].upper() + subject[1:], full))
        elif shape == 4:
            paragraphs.append(f"{surname} spoke {rng.choice(DAYS)}. “{first},” {pronoun} said.")
            truth.append((first, full))
        elif shape == 5:
            paragraphs.append(f"“{first},” {surname} said. “{second}.”")
            truth.append((first, full))
            truth.append((second, full))
        elif shape == 6:
            paragraphs.append(f"According to {surname}, “{first.lower()}.”")
            truth.append((first.lower(), full))
        else:
            paragraphs.append(f"“{first}?” asked {full}.")
            truth.append((first, full))
    return ("  " if one_paragraph else "\n").join(paragraphs) + "\n", truth


def measure(n_quotes: int, seed: int, one_paragraph: bool = False) -> dict:
    """Run in a child process: extract one dense article, time it, check it."""
    from provenance.quotes import component as extract
    from provenance.quotes.model import load_nlp

    nlp = load_nlp()
    text, truth = dense_article(n_quotes, seed, one_paragraph=one_paragraph)
    component = nlp.get_pipe(extract.COMPONENT)
    spent = [0.0]
    original = type(component).__call__

    def timed(self, doc):
        began = time.perf_counter()
        try:
            return original(self, doc)
        finally:
            spent[0] += time.perf_counter() - began

    type(component).__call__ = timed
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    quotes = extract.extract_quotes(nlp, [text])[0].quotes
    seconds = time.perf_counter() - began
    right = 0
    found = iter(quotes)
    for words, speaker in truth:  # in order: the same remark may come twice
        quote = next((q for q in found if q.text.startswith(words)), None)
        right += quote is not None and quote.speaker == speaker
    return {
        "chars": len(text),
        "quotes": len(truth),
        "found": len(quotes),
        "right": right,
        "seconds": seconds,
        "component_seconds": spent[0],
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "model_mb": rss_before / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000, 30000], help="quotes per article")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one-paragraph", action="store_true", help="no line breaks: the whole text is one paragraph")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(measure(args.child, args.seed, args.one_paragraph)))
        return
    print(
        f"{'quotes':>7} {'KB':>7} {'found':>7} {'speaker ok':>10} {'seconds':>8} {'quotes s':>9} "
        f"{'s/1k quotes':>11} {'peak MB':>8}"
    )
    for size in args.sizes:
        flags = ["--one-paragraph"] if args.one_paragraph else []
        run = subprocess.run(
            [sys.executable, __file__, "--child", str(size), "--seed", str(args.seed), *flags],
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            print(f"{size:>7} failed: {run.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(run.stdout.strip().splitlines()[-1])
        print(
            f"{r['quotes']:>7} {r['chars'] / 1000:>7.0f} {r['found']:>7} {r['right'] / r['quotes']:>10.3f} "
            f"{r['seconds']:>8.1f} {r['component_seconds']:>9.1f} {1000 * r['seconds'] / r['quotes']:>11.2f} "
            f"{r['peak_mb']:>8.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
