"""Which verb is a quote's cue, and whose words it reports, when a sentence
holds more than one speech verb: sentences written for these tests in the
style of campaign and wire copy."""

from __future__ import annotations

import pytest


def only(quotes):
    assert len(quotes) == 1, [q.text for q in quotes]
    return quotes[0]


CASES = [
    pytest.param(
        "Governor Ruth Adler brushed off the complaint, saying anyone who complains about the weather "
        "\u201cis not ready for a campaign in Iowa.\u201d",
        "Ruth Adler",
        "saying",
        id="relative_clause_verb_is_not_the_cue",
    ),
    pytest.param(
        "Ms. Nora Okafor said a voter who complains about the lines \u201chas never waited at a clinic.\u201d",
        "Nora Okafor",
        "said",
        id="speech_verb_inside_the_reported_subject",
    ),
    pytest.param(
        "Senator Ellen Brandt said a colleague who warned about the deficit \u201cwas right all along.\u201d",
        "Ellen Brandt",
        "said",
        id="warning_inside_the_reported_subject",
    ),
    pytest.param(
        "Mayor Ines Vidal said the budget compared with last year is \u201ca disaster for the suburbs.\u201d",
        "Ines Vidal",
        "said",
        id="comparison_inside_the_reported_clause",
    ),
    pytest.param(
        "Economists were unconvinced. Said Nadia Ellison: \u201cI see no sign the plan was costed at all.\u201d",
        "Nadia Ellison",
        "Said",
        id="sentence_opening_with_the_cue",
    ),
    pytest.param(
        "Asked about the strike, Ivo Brandt said: \u201cNobody wants the trains to stop.\u201d",
        "Ivo Brandt",
        "said",
        id="asked_opening_is_not_the_cue",
    ),
    pytest.param(
        "Mayor Dana Cole issued a statement: \u201cWe are shocked by the verdict.\u201d",
        "Dana Cole",
        "issued a statement",
        id="issued_a_statement_colon",
    ),
    pytest.param(
        "Mayor Dana Cole issued a statement on Monday saying the verdict was \u201ca travesty of justice.\u201d",
        "Dana Cole",
        "saying",
        id="statement_saying_is_the_issuers",
    ),
    pytest.param(
        "Senator Amy Larkin made the following comment: \u201cNobody should wait six months for a new hip.\u201d",
        "Amy Larkin",
        "made the following comment",
        id="made_the_following_comment",
    ),
    pytest.param(
        "Mayor Dana Cole is rolling out a new message: \u201cBuild the bridge now.\u201d",
        "Dana Cole",
        "rolling out a new message",
        id="rolling_out_a_message",
    ),
    pytest.param(
        "Ms. Lucia Ortiz\u2019s response: \u201cWe are not going anywhere.\u201d",
        "Lucia Ortiz",
        "response",
        id="possessive_response",
    ),
    pytest.param(
        "Governor Tom Reyes, in a tweet on Sunday: \u201cWe will not back down on the bridge.\u201d",
        "Tom Reyes",
        None,
        id="name_then_an_aside_with_a_date",
    ),
]


@pytest.mark.parametrize(("text", "speaker", "cue"), CASES)
def test_speaker_and_cue(quotes_of, text, speaker, cue):
    q = only(quotes_of(text))
    assert q.speaker == speaker
    assert q.cue == cue


def test_second_quote_after_said_but(quotes_of):
    text = (
        "Carla Mendes praised her rival. \u201cI like Walter,\u201d she said, but \u201cwhen it comes to "
        "roads, Walter has a history of delays.\u201d"
    )
    first, second = quotes_of(text)
    assert first.speaker == second.speaker == "Carla Mendes"
    assert second.cue == "said"
