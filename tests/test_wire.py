"""Which wire an article carries, read from its own text."""

from __future__ import annotations

import pytest

from provenance.ingest.wire import infer_wire, wire_name


@pytest.mark.parametrize(
    "text, wire",
    [
        ("Harbour deal signed.\n\nLISBON (Reuters) - Two port operators agreed on Tuesday to merge.", "Reuters"),
        ("Mayor quits.\n\nSPRINGFIELD, Ill., Oct. 3 (UPI) \u2014 The mayor resigned on Monday night.", "UPI"),
        ("Storm nears coast.\n\nMiami (AFP) \u2013 Residents boarded up windows as the storm approached.", "AFP"),
        ("Talks resume.\n\nANKARA, May 4. /TASS/. Negotiations on the grain corridor resumed today.", "TASS"),
        ("Budget passes.\n\nWASHINGTON (AP) \u2014 The House passed the budget late on Friday.", "AP"),
        ("Vote delayed.\n\nThe council put off its vote again.\n\n\u00a9 Copyright 2019 TASS", "TASS"),
        (
            "A bridge reopens.\n\nTraffic is flowing again.\n\nCopyright 2018 The Associated Press. All rights reserved.",
            "AP",
        ),
        ("Strike ends.\n\nWorkers returned on Monday.\n\n(Reporting by Ana Lima; Editing by Tom Reed)", "Reuters"),
        (
            "Fire contained.\n\nCrews worked overnight.\n\nAssociated Press writer Sam Cole in Denver contributed to this report.",
            "AP",
        ),
    ],
)
def test_wire_is_read_from_datelines_copyright_and_credit_lines(text, wire):
    found = infer_wire(text)
    assert found is not None and found[0] == wire
    assert found[1] in text  # the words that gave it away, as written


@pytest.mark.parametrize(
    "text",
    [
        "The council met on Tuesday. A spokesman (AP style, he joked) said little.",
        "Reporters asked about the report by the committee, which editing had delayed.",
        "She cited an Associated Press poll from last week showing a close race.",
        "Our own reporting shows the deal was signed in Lisbon.",
    ],
)
def test_articles_that_merely_mention_a_wire_carry_none(text):
    assert infer_wire(text) is None


def test_ap_separators_count_only_where_the_text_names_the_agency():
    lines = "Results so far.\n\nCandidate A: 120.\n\n___\n\nCandidate B: 98.\n\n___\n\n"
    assert infer_wire(lines) is None
    found = infer_wire(lines + "Figures are from an Associated Press tally.")
    assert found is not None and found[0] == "AP"


def test_wire_names_fold_to_one_spelling():
    assert wire_name("The Associated Press") == "AP"
    assert wire_name("reuters") == "Reuters"
    assert wire_name("ITAR-TASS") == "TASS"
    assert wire_name("The Daily Planet") is None
