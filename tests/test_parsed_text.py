"""Only what attribution reads is parsed: the article up to the paragraph
after its last quote; an article without quote marks not at all. The
quotes found are those of a parse of the whole text."""

from __future__ import annotations

from provenance.quotes.component import _parsed_end, extract_quotes, find_quote_spans

ARTICLE = (
    "Harbour town votes on ferry plan\n"
    "The council of Port Ellis met on Tuesday to vote on a new ferry line.\n"
    '"This line will carry 2,000 people a day," Mayor Ana Ruiz said as she opened the session.\n'
    "Council member Tom Bell, who chairs the transport committee, was not convinced.\n"
    '"The budget is not there," he told reporters. "Not this year."\n'
    "He did not say what he would cut instead.\n"
    "The vote was postponed to March.\n"
    "A second ferry company, Blue Line, has also applied for the route.\n"
    "Its chief executive, Lena Ortiz, declined to comment.\n"
)


def _fields(quotes):
    return [(q.text, q.start, q.end, q.pieces, q.speaker, q.speaker_mention, q.cue) for q in quotes]


def test_the_paragraphs_after_the_next_one_are_not_parsed():
    end = _parsed_end(ARTICLE, find_quote_spans(ARTICLE))
    assert ARTICLE[:end].endswith("He did not say what he would cut instead.")


def test_the_quotes_are_those_of_the_whole_text(nlp):
    (extraction,) = extract_quotes(nlp, [ARTICLE])
    whole = nlp(ARTICLE)._.quotes
    assert _fields(extraction.quotes) == _fields(whole)
    assert [q.speaker for q in extraction.quotes] == ["Ana Ruiz", "Tom Bell", "Tom Bell"]
    for quote in extraction.quotes:
        assert ARTICLE[quote.start : quote.end] in quote.text or quote.text.startswith(ARTICLE[quote.start : quote.end])


def test_a_text_without_quotes_is_not_parsed():
    text = "The council met on Tuesday.\nNothing was said on the record.\n"
    assert _parsed_end(text, find_quote_spans(text)) == 0


def test_a_quote_in_the_last_paragraphs_keeps_the_whole_text():
    text = 'The council met.\nNothing happened.\n"We are done," the mayor said.\n'
    assert _parsed_end(text, find_quote_spans(text)) == len(text)
