"""A quote-dense article (a council meeting blogged live, a few hundred
quotes): every quote comes back, each with the speaker the text means.

No timing here: benchmarks/attribution_speed.py measures how the cost
grows with the number of quotes."""

from __future__ import annotations

import random

from provenance.quotes.component import extract_quotes

# (full name, surname, pronoun, title used when first named)
COUNCIL = [
    ("Ingrid Solberg", "Solberg", "she", "Councillor"),
    ("Marcus Oduya", "Oduya", "he", "Mayor"),
    ("Beatriz Camacho", "Camacho", "she", "Treasurer"),
    ("Henrik Dahlgren", "Dahlgren", "he", "Councillor"),
    ("Yvonne Achebe", "Achebe", "she", "Deputy Mayor"),
    ("Wilhelm Strand", "Strand", "he", "Commissioner"),
]
TOPICS = [
    "the parking levy",
    "the library budget",
    "the new tram line",
    "the flood barrier",
    "the school meals contract",
    "the bus depot",
    "the housing plan",
]
VIEWS = [
    "is a mistake we will regret",
    "should go back to committee",
    "has been rushed through",
    "deserves our support",
    "will cost residents dearly",
    "is long overdue",
    "needs a public hearing first",
]


def council_meeting(n_quotes: int, seed: int = 7) -> tuple[str, list[tuple[str, str]]]:
    """The live blog and, in order, (the quote's first words, its speaker)."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    expected: list[tuple[str, str]] = []
    named: set[str] = set()

    def remark() -> str:
        text = f"{rng.choice(TOPICS)} {rng.choice(VIEWS)}"
        return text[0].upper() + text[1:]

    while len(expected) < n_quotes:
        full, surname, pronoun, title = rng.choice(COUNCIL)
        first, second = remark(), remark()
        if full not in named:
            named.add(full)
            paragraphs.append(f"“{first},” said {title} {full}.")
            expected.append((first, full))
            continue
        shape = rng.randrange(7)
        if shape == 0:
            paragraphs.append(f"“{first},” {surname} said.")
        elif shape == 1:
            paragraphs.append(f"{surname} said: “{first}.”")
        elif shape == 2:
            topic = rng.choice(TOPICS)
            first = topic[0].upper() + topic[1:]
            paragraphs.append(f"“{first},” {surname} said, “{rng.choice(VIEWS)}.”")
        elif shape == 3:
            paragraphs.append(f"“{first},” {surname} said. “{second}.”")
            expected.append((first, full))
            first = second
        elif shape == 4:
            paragraphs.append(f"{surname} stood up to speak. “{first},” {pronoun} said.")
        elif shape == 5:
            paragraphs.append(f"“{first}?” asked {full}.")
        else:
            paragraphs.append(f"{full} told the Harbour Gazette newspaper: “{first}.”")
        expected.append((first, full))
        if rng.random() < 0.15:
            paragraphs.append("The chamber fell silent for a moment.")
    return "\n".join(paragraphs), expected


def test_every_quote_of_a_dense_article_has_its_speaker(nlp):
    text, expected = council_meeting(300)
    quotes = extract_quotes(nlp, [text])[0].quotes
    assert len(quotes) == len(expected)
    wrong = [
        (q.text, q.speaker, speaker)
        for q, (words, speaker) in zip(quotes, expected)
        if not q.text.startswith(words) or q.speaker != speaker
    ]
    assert wrong == []


def test_a_dense_article_credits_the_newspaper_each_time(nlp):
    text, _ = council_meeting(300)
    quotes = extract_quotes(nlp, [text])[0].quotes
    told = [q for q in quotes if text[max(0, q.start - 45) : q.start].endswith("Harbour Gazette newspaper: “")]
    assert told
    assert {q.credited for q in told} == {"Harbour Gazette"}
