"""The matching form of a wording: what outlets change without changing
the words someone said."""

from __future__ import annotations

import pytest

from provenance.wording.form import insertions, match_form, normalize


@pytest.mark.parametrize(
    "a, b",
    [
        ("We\u2019re ready, and we won\u2019t wait.", "We are ready and we will not wait"),  # contractions, curly marks
        ("It\u2019s a \u201cfair\u201d deal \u2014 really.", 'it\'s a "fair" deal - really'),
        ("a pro-active, co-operative approach", "a proactive cooperative approach"),  # hyphenated prefixes
        ("the colour of our defence organisation", "the color of our defense organization"),  # British spelling
        ("two of the three ministers", "2 of the 3 ministers"),
        ("the U.S. and the F.B.I. said O.K.", "the US and the FBI said OK"),
        ("some 10,000 people", "some 10000 people"),
        ("Işık and Çavuşoğlu met", "Isik and Cavusoglu met"),
        (
            "we are pushing ahead with work (with Russia - TASS) in this direction",
            "we are pushing ahead with work in this direction",
        ),  # an editor's insertion
        ("that was [the minister] wrong", "that was wrong"),
        ("a recon\u00adstruction plan", "a reconstruction plan"),  # soft hyphen
    ],
)
def test_what_outlets_change_does_not_change_the_matching_form(a, b):
    assert match_form(a).tokens == match_form(b).tokens


@pytest.mark.parametrize(
    "a, b",
    [
        ("we will pay", "we will not pay"),
        ("the same-sex marriage bill", "the same marriage bill"),
        ("the deal is fair", "the deal is unfair"),
    ],
)
def test_different_words_stay_different(a, b):
    assert normalize(a) != normalize(b)


def test_elisions_are_dropped_but_their_place_is_kept():
    form = match_form("We are not only talking to Moscow ... but also to other capitals\u2026 and to Ankara.")
    assert "..." not in form.text and "\u2026" not in form.text
    words = form.tokens
    assert [words[i] for i in form.elisions] == ["but", "and"]


def test_a_trailing_ellipsis_elides_nothing_we_could_match():
    assert match_form("and then we will see...").elisions == ()


def test_sentence_breaks_are_kept_for_alignment():
    form = match_form("We want more buses. We want them now! Do we?")
    assert [form.tokens[i] for i in form.breaks] == ["we", "do"]


def test_commas_and_dashes_inside_sentences_are_kept_for_alignment():
    form = match_form("The fund has, sadly, lost 2,000 savers \u2014 most of them pensioners \u2014 this year. Why?")
    assert [form.tokens[i] for i in form.commas] == ["sadly", "lost", "most", "this"]
    assert "2000" in form.tokens
    assert match_form("We won, and we will win again,").commas == (2,)  # a trailing comma sets off nothing


def test_bracketed_insertions_are_listed_as_written():
    assert insertions("We are pushing ahead (with Russia - TASS) with [proactive] work") == [
        "(with Russia - TASS)",
        "[proactive]",
    ]
