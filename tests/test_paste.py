"""Reading a paste as people post it: the quoted words without the frame,
and the speaker the paste names."""

from __future__ import annotations

import pytest

from provenance.paste import read_paste
from provenance.speakers import same_person

WORDS = "We will keep the northern ferry running through the winter"


@pytest.mark.parametrize(
    ("paste", "speaker"),
    [
        (f"Marta Okafor on Tuesday: '{WORDS}'", "Marta Okafor"),
        (f'BREAKING: Marta Okafor says "{WORDS}"', "Marta Okafor"),
        (f"Okafor: \u201c{WORDS}\u201d", "Okafor"),
        (f"\u201c{WORDS},\u201d Marta Okafor said.", "Marta Okafor"),
        (f"'{WORDS}' \u2014 Okafor", "Okafor"),
        (f"\u2018{WORDS}\u2019 - Harbour Minister Marta Okafor https://t.co/Zx81 #ferries #winter", "Marta Okafor"),
        (f'"{WORDS}" (Marta Okafor)', "Marta Okafor"),
        (f'According to Mayor Okafor, "{WORDS}."', "Okafor"),
        (f'RT @portnews: "{WORDS}" #ferries', None),
        (f"Island council says \u201c{WORDS}\u201d and the strike goes on", None),
        (f"Ferry minister says '{WORDS}' and unions are not convinced", None),
        (f"Marta Okafor @mokafor \u00b7 3h\n\u201c{WORDS}\u201d", "Marta Okafor"),
        (f"In Marta Okafor's words: \u00ab{WORDS}\u00bb", "Marta Okafor"),
        (f"{WORDS} \u2014 Marta Okafor", "Marta Okafor"),
        (f"{WORDS} (Marta Okafor)", "Marta Okafor"),
        (f'Marta Okafor said on Tuesday that "{WORDS}"', "Marta Okafor"),
        (f'"{WORDS}" \u2014 Marta Okafor (@mokafor) June 3, 2024', "Marta Okafor"),
        (f'"{WORDS}", says Okafor', "Okafor"),
        (f"Marta Okafor: {WORDS}", "Marta Okafor"),
        (WORDS, None),
    ],
)
def test_the_frame_is_not_the_quote_and_the_name_in_it_is_read(paste, speaker):
    (quote,) = read_paste(paste)
    assert quote.text.rstrip(".,") == WORDS
    assert quote.speaker == speaker


def test_apostrophes_inside_single_marks_are_not_marks():
    (quote,) = read_paste("Port chief: 'The islanders' ferry won't stop, we're sure of it' #winter")
    assert quote.text == "The islanders' ferry won't stop, we're sure of it"
    assert quote.speaker is None  # a description, not a name
    (quote,) = read_paste("Dr. Okafor: 'The islanders' ferry won't stop'")
    assert quote.speaker == "Okafor"


def test_an_editors_insertion_or_a_wire_in_brackets_is_not_a_speaker():
    for paste in (f"{WORDS} (with Norway - NTB)", f"{WORDS} (NTB)"):
        (quote,) = read_paste(paste)
        assert quote.speaker is None and quote.text == paste


def test_scare_quotes_inside_a_quote_pasted_without_marks_keep_the_whole_quote():
    (quote,) = read_paste('We will not accept what they call "a compromise" on the ferry timetable')
    assert quote.text.startswith("We will not accept")


def test_a_quote_interrupted_by_its_attribution_is_one_quotation():
    (quote,) = read_paste('"The ferry will run," Okafor said, "whatever the weather brings."')
    assert quote.text == "The ferry will run, whatever the weather brings."
    assert quote.speaker == "Okafor"


def test_a_paragraph_gives_one_quotation_each_with_its_speaker():
    quotes = read_paste(
        'Harbour Minister Marta Okafor said: "The ferry will keep running." She added: "Fares stay the same '
        'this year." Union leader Tomás Brennan disagreed: "Nobody has asked the crews what they think."'
    )
    assert [q.text for q in quotes] == [
        "The ferry will keep running.",
        "Fares stay the same this year.",
        "Nobody has asked the crews what they think.",
    ]
    assert [q.speaker for q in quotes] == ["Marta Okafor", "Marta Okafor", "Tomás Brennan"]


@pytest.mark.parametrize(
    ("pasted", "known", "same"),
    [
        ("Okafor", "Marta Okafor", True),
        ("Tomas Brennan", "Tomás Brennan", True),
        ("Minister Okafor", "Marta Okafor", True),
        ("Bill Brennan", "William Brennan", True),
        ("M. Okafor", "Marta Okafor", True),
        ("Ada Okafor", "Marta Okafor", False),
        ("Brennan", "Marta Okafor", False),
    ],
)
def test_a_surname_accents_titles_and_short_given_names_are_the_same_person(pasted, known, same):
    assert same_person(pasted, known) is same
