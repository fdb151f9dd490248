"""Property-based tests (hypothesis) of quote extraction on arbitrary text:
it never raises, every quote's offsets slice the article to exactly its
text, and quotes never overlap.

The component swallows its own errors so that one odd article never stops a
build; these tests call the two stages under it (finding the marks,
attributing the spans) directly, so a crash cannot hide behind an empty list.

    pytest tests/test_properties.py -s                      # prints how many inputs were tried
    PROVENANCE_HYPOTHESIS_EXAMPLES=5000 pytest tests/test_properties.py -s
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.quotes.attribute import attribute_quotes
from provenance.quotes.component import CHUNK_CHARS, extract_quotes
from provenance.quotes.marks import find_quote_spans

EXAMPLES = int(os.environ.get("PROVENANCE_HYPOTHESIS_EXAMPLES", "300"))
TRIED: Counter = Counter()

MARKS = [
    '"',
    "\u201c",
    "\u201d",
    "\u00ab",
    "\u00bb",
    "\u201e",
    "\u2018",
    "\u2019",
    "''",
    "``",
    "'",
    "\u2039",
    "\u203a",
    "\u300c",
    "\u300d",
    "\u2032",
    "\u2033",
]
WORDS = [
    "said",
    "says",
    "told",
    "added",
    "according to",
    "he",
    "she",
    "they",
    "the minister",
    "Ana Ruiz",
    "Ruiz",
    "Fikri I\u015f\u0131k",
    "the NTV television channel",
    "Reuters",
    "TASS",
    "we",
    "will",
    "not",
    "a",
    "the",
    "talks",
    "S-400",
    "Triumph",
    "economy",
    "game",
    "is",
    "Mr.",
    "Dr.",
    "U.S.",
    "1990s",
    "rock 'n' roll",
    "it's",
    "don't",
    "6'2",
    "O'Brien",
    "\u2026",
    "...",
    "(with Russia - TASS)",
    "[sic]",
]
PUNCT = [",", ".", ":", ";", "!", "?", "\u2014", "\u2013", "-", "(", ")", "[", "]", "/", "*"]
SPACE = [" ", " ", " ", "\n", "\n\n", "\t", "\r\n", "\u00a0", "  ", "\n \n"]

newsy_text = st.lists(
    st.one_of(
        st.sampled_from(MARKS),
        st.sampled_from(WORDS),
        st.sampled_from(PUNCT),
        st.sampled_from(SPACE),
        st.text(max_size=4),
    ),
    max_size=120,
).map("".join)
any_text = st.text(max_size=400)
marks_only = st.lists(st.sampled_from(MARKS + SPACE), max_size=300).map("".join)
texts = st.one_of(newsy_text, any_text, marks_only)


def check_quotes(text: str, quotes) -> None:
    """The promises of the Quote record, on one article."""
    ranges = []
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text), (q.start, q.end, len(text))
        assert q.kind in ("full", "partial")
        pieces = q.pieces or [(q.start, q.end)]
        if len(pieces) == 1:
            assert text[q.start : q.end] == q.text, (text[q.start : q.end], q.text)
        else:
            # an interrupted or reopened quote: the pieces, in order, make its text
            assert (q.start, q.end) == (pieces[0][0], pieces[-1][1])
            assert all(a <= b <= c for (a, b), (c, _) in zip(pieces, pieces[1:])), pieces
            assert q.text.split() == " ".join(text[a:b] for a, b in pieces).split(), (q.text, pieces)
        ranges.extend(pieces)
        ranges_of_quote = (q.start, q.end)
        assert ranges_of_quote[0] <= ranges_of_quote[1]
    ranges.sort()
    for (a, b), (c, d) in zip(ranges, ranges[1:]):
        assert b <= c, f"quotes overlap: {text[a:b]!r} and {text[c:d]!r}"
    spans = sorted((q.start, q.end) for q in quotes)
    for (a, b), (c, d) in zip(spans, spans[1:]):
        assert b <= c, f"quotes overlap: {text[a:b]!r} and {text[c:d]!r}"


@pytest.fixture(scope="module", autouse=True)
def report_counts():
    yield
    if TRIED:
        print("\nhypothesis inputs tried: " + ", ".join(f"{k} {v}" for k, v in sorted(TRIED.items())))


@settings(max_examples=EXAMPLES * 3, deadline=None)
@given(texts)
def test_finding_marks_never_raises_and_spans_stay_inside(text):
    TRIED["find_quote_spans"] += 1
    spans = find_quote_spans(text)
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
        for a, b in span.pieces:
            assert span.start <= a <= b <= span.end


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts)
def test_extraction_never_raises_and_offsets_slice_the_text(nlp, text):
    TRIED["extraction"] += 1
    doc = nlp(text)
    # the stages under the component, unguarded
    direct = attribute_quotes(doc, find_quote_spans(doc.text))
    check_quotes(doc.text, direct)
    # and the component as a user gets it
    check_quotes(doc.text, doc._.quotes)


@settings(
    max_examples=max(10, EXAMPLES // 10),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(texts, min_size=1, max_size=4))
def test_batch_extraction_offsets_point_into_each_text(nlp, batch):
    TRIED["extract_quotes"] += 1
    for text, extraction in zip(batch, extract_quotes(nlp, batch)):
        assert extraction.error is None, extraction.detail
        check_quotes(text, extraction.quotes)


def test_long_text_in_chunks_keeps_exact_offsets(nlp):
    """An article longer than one parse chunk: offsets still point into the whole text."""
    para = (
        '"We will keep the harbour open all winter," the mayor, Ana Ruiz, said on Monday. '
        "The council agreed after a long debate about the cost of dredging.\n\n"
    )
    text = para * (CHUNK_CHARS * 2 // len(para) + 3)
    quotes = extract_quotes(nlp, [text])[0].quotes
    check_quotes(text, quotes)
    assert len(quotes) == text.count("We will keep")
