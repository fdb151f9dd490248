"""Short phrases in marks listed together ("“zoning” and “transit”") are a
word list, not anyone's words; sentences invented for these tests."""

from __future__ import annotations


def texts(quotes):
    return [q.text for q in quotes]


def test_listed_topics_are_left_out(quotes_of):
    text = (
        "Lobbying filings show Brackwater Mining has met with provincial officials on the topics of "
        "“mine safety” and “water licensing” about a dozen times since March."
    )
    assert texts(quotes_of(text)) == []


def test_listed_topics_with_commas_inside_the_marks(quotes_of):
    text = (
        "Registry records show Pellam Freight has lobbied Transport Canada on “rail safety,” "
        "“port access” and “cargo fees” since the spring."
    )
    assert texts(quotes_of(text)) == []


def test_listed_labels_a_naming_verb_attributes_are_kept(quotes_of):
    text = (
        "Councillor Odile Fenwick called the transit levy “badly timed” and “quietly rushed” at a "
        "meeting in Port Avery on Tuesday."
    )
    kept = texts(quotes_of(text))
    assert kept == ["badly timed", "quietly rushed"]


def test_listed_chant_with_its_speaker_after_is_kept(quotes_of):
    text = "“Fair rents” and “open books,” the tenants chanted outside Harlow Tower on Saturday."
    assert "Fair rents" in texts(quotes_of(text))


def test_a_quote_of_the_same_shape_with_a_speaker_is_kept(quotes_of):
    text = "Mayor Ines Caldero said the plan was “too little” and “far too late” for the ward."
    assert texts(quotes_of(text)) == ["too little", "far too late"]


def test_listed_ratings_are_kept(quotes_of):
    text = (
        "The Tallow Review fact-checkers rated the senator's claims “mostly false” or “largely misleading” last year."
    )
    assert texts(quotes_of(text)) == ["mostly false", "largely misleading"]


def test_a_single_short_phrase_is_not_a_list(quotes_of):
    text = (
        "Orla Brennick, who runs the Keswin food bank, said demand had reached “a breaking point” "
        "this winter and that “nobody is coming to help us.”"
    )
    assert "a breaking point" in texts(quotes_of(text))
