"""Which verb is a quote's cue when a sentence has more than one: sentences
written for these tests in the style of news copy."""

from __future__ import annotations

import pytest
from test_attribute import by_text, only

# -- a verb before the quote governs it; a later verb is only an aside ---------------


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        (
            'Senator Dario Vance blasted the port authority\'s plan for a "floating terminal" on Monday, '
            "calling it reckless.",
            "Dario Vance",
            "blasted",
        ),
        (
            'Mayor Otto Brandt said the reform would cut "layers of useless paperwork," which his rivals dismissed.',
            "Otto Brandt",
            "said",
        ),
    ],
)
def test_governing_verb_before_wins_over_a_subordinate_verb_after(quotes_of, text, speaker, cue):
    q = only(quotes_of(text))
    assert (q.speaker, q.cue) == (speaker, cue)


def test_relative_clause_after_a_partial_quote_is_no_attribution(quotes_of):
    text = (
        'Ines Farrow said she had begun "to expose the real record" of Tom Kerr, whom she called a "reckless gambler."'
    )
    q = by_text(quotes_of(text), "to expose")
    assert (q.speaker, q.cue) == ("Ines Farrow", "said")


# -- a quote no reading attributes still has the speech verb before it as its cue ----


def test_speech_verb_before_an_unattributed_quote_is_its_cue(quotes_of):
    text = 'But as the ferry captain Ida Lum proclaimed in June, the islanders "cannot wait for another summer" any longer.'
    assert only(quotes_of(text)).cue == "proclaimed"


# -- a quote in a clause set before the main clause is that clause's ----------------


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        (
            'Although Ms. Lund says the tunnel is "nearly finished," her deputy warned on Friday of further delays.',
            "Lund",
            "says",
        ),
        (
            'When Vega later mentioned the flood and said he would "rebuild every home," the crowd cheered loudly.',
            "Vega",
            "said",
        ),
    ],
)
def test_quote_in_a_fronted_subordinate_clause(quotes_of, text, speaker, cue):
    q = only(quotes_of(text))
    assert (q.speaker, q.cue) == (speaker, cue)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ('The club\'s website ranks the Morrow trail among "the hardest climbs in the whole county."', "ranks"),
        ('The new brochure promotes the island as "a quiet refuge for tired city families."', "promotes"),
    ],
)
def test_unattributed_quote_is_introduced_by_the_verb_it_is_the_object_of(quotes_of, text, cue):
    q = only(quotes_of(text))
    assert (q.speaker, q.cue) == (None, cue)


# -- a quote in a sentence with no cue goes on with the report just before it -------


def test_quote_in_an_uncued_sentence_takes_the_report_before_it(quotes_of):
    text = (
        "The harbour silts up every spring, the engineer Pia Holm said on Monday. "
        'Only a storm moves the sand, and then "only for a week or two."'
    )
    assert only(quotes_of(text)).cue == "said"


def test_copula_is_no_cue_after_a_report(quotes_of):
    text = 'Radio is slowly dying, Kemp says. It is "a medium for the lonely and the old."'
    assert only(quotes_of(text)).cue == "says"


def test_quoted_as_saying_is_one_cue(quotes_of):
    text = '"We will not sell the pier," the harbour chief Aldo Venn is quoted as saying in the weekly bulletin.'
    q = only(quotes_of(text))
    assert (q.speaker, q.cue) == ("Aldo Venn", "quoted as saying")


def test_clause_leading_into_an_unattributed_quote_with_a_colon_gives_its_cue(quotes_of):
    text = (
        "Within an hour of the verdict, an anonymous account cheered the ruling online: "
        '"The river belongs to the people again, at last."'
    )
    assert only(quotes_of(text)).cue == "cheered"


def test_quote_paragraph_after_a_sentence_about_its_speaker_keeps_their_last_cue(quotes_of):
    text = (
        '"The harbour needs dredging before the summer," Ines Marr notes.\n\n'
        "Marr is hopeful about the vote, in part because she sees the mayor as an ally.\n\n"
        '"We have never been closer to a deal on the pier."\n'
    )
    q = by_text(quotes_of(text), "We have never")
    assert (q.speaker, q.cue) == ("Ines Marr", "notes")
