"""Finding quotes: every mark style, quotes over several paragraphs, and
the marks that are not quotes. Sentences written for these tests."""

from __future__ import annotations

import spacy

from provenance.quotes.component import COMPONENT, extract_quotes, find_quote_spans


def texts_of(text: str) -> list[str]:
    return [" | ".join(text[a:b] for a, b in span.pieces) for span in find_quote_spans(text)]


def single(quotes):
    assert len(quotes) == 1, [q.text for q in quotes]
    return quotes[0]


# -- characters only -------------------------------------------------------------------


def test_straight_and_curly_marks():
    text = 'He said "first one" and then “second one” twice.'
    assert texts_of(text) == ["first one", "second one"]


def test_quote_over_three_paragraphs_only_last_closed():
    text = (
        "“The first part of the plan is to repair the roads.\n\n"
        "“The second part is to rebuild the schools before winter.\n\n"
        "“The third is to pay for all of it without new taxes,” the governor said.\n"
    )
    spans = find_quote_spans(text)
    assert len(spans) == 1
    assert [text[a:b] for a, b in spans[0].pieces] == [
        "The first part of the plan is to repair the roads.",
        "The second part is to rebuild the schools before winter.",
        "The third is to pay for all of it without new taxes,",
    ]


def test_a_stray_mark_before_a_few_words_left_open_is_not_a_quote():
    text = "“This one never closes.\n\nThe next paragraph is ordinary prose with “a real quote” inside.\n"
    assert texts_of(text) == ["a real quote"]
    assert texts_of("He backed the so-called “peace plan.\n\nOthers did not.\n") == []


def test_a_quote_whose_closing_mark_was_lost_is_read_to_its_paragraphs_end():
    """Copy that lost a closing mark (issue 14 point 10): the quote is read to
    the end of its paragraph, so another outlet's copy of it has a quote to
    join."""
    text = (
        "The councillor's lawyer was blunt.\n\n"
        "“A phone call would have been enough, and she would have come in on her own.\n\n"
        "The police have not commented.\n"
    )
    assert texts_of(text) == ["A phone call would have been enough, and she would have come in on her own."]
    (span,) = find_quote_spans(text)
    assert not span.closed


def test_an_unclosed_quote_is_read_in_a_whole_article(nlp):
    text = (
        "The councillor's lawyer, Maria Okafor, was blunt on Saturday.\n\n"
        "“A phone call would have been enough, and she would have come in on her own, without any of this.\n\n"
        "The police have not commented on the arrest.\n"
    )
    (extraction,) = extract_quotes(nlp, [text])
    q = single(extraction.quotes)
    assert text[q.start : q.end].startswith("A phone call would have been enough")


def test_quote_continued_without_a_mark_and_closed_by_a_straight_mark():
    text = (
        "A spokeswoman for the council answered the complaint on Monday.\n\n"
        "“We have checked every figure again, and we found no error in the audit.\n\n"
        'We will publish the working papers once the board has seen them," she said.\n'
    )
    assert texts_of(text) == [
        "We have checked every figure again, and we found no error in the audit. | "
        "We will publish the working papers once the board has seen them,"
    ]


def test_unclosed_quote_before_a_paragraph_ending_in_a_stray_mark_is_read_to_its_own_end():
    text = (
        "“Our doors stay open to every family in the district.\n\nMaria Okafor, head of the parents' association.\"\n"
    )
    assert texts_of(text) == ["Our doors stay open to every family in the district."]


def test_double_marks_nested_in_a_quote_that_opens_the_paragraph():
    text = (
        "“Let me be plain: the levy was never “a tax on farmers.” It was voted by both groups on "
        "the council, and your letter “misstates the record.\n"
    )
    assert texts_of(text) == ["Let me be plain: the levy was never “a tax on farmers."]


def test_quote_read_to_its_one_closing_mark_is_reported_once_with_what_it_holds():
    # a stray straight mark between the curly ones: the inner quote is part
    # of the outer one, not a second, overlapping quote
    text = '“"“for the record"\n'
    spans = find_quote_spans(text)
    assert len(spans) == 1
    assert texts_of(text)[0].endswith("for the record")


def test_unclosed_quote_holding_two_closed_titles_keeps_the_titles():
    text = "“This winter I read “Snow Country” and then “The Long Night” twice.\n"
    assert texts_of(text) == ["Snow Country", "The Long Night"]


def test_nested_opening_mid_paragraph_keeps_the_inner_quote():
    text = "Critics called the levy “a burden, and the mayor said it was “a fair share.” The vote is Monday.\n"
    assert texts_of(text) == ["a fair share."]


def test_apostrophes_are_not_marks():
    text = "“We shouldn’t ignore Brussels' rules, and the players' union agrees,” she said."
    assert texts_of(text) == ["We shouldn’t ignore Brussels' rules, and the players' union agrees,"]


def test_primes_are_not_marks():
    text = 'The coach said "he is 6\'2" and still growing, which is rare" after practice. A 27" screen.'
    assert texts_of(text) == ["he is 6'2\" and still growing, which is rare"]


def test_german_marks():
    text = "„Wir schaffen das“, sagte die Kanzlerin. Dann: „Noch einmal, bitte“."
    assert texts_of(text) == ["Wir schaffen das", "Noch einmal, bitte"]


def test_french_guillemets_with_spaces_and_bullets():
    text = "» Les titres du jour\n» Météo\n« Nous ne céderons pas », a déclaré le ministre.\n"
    assert texts_of(text) == ["Nous ne céderons pas"]


def test_reversed_guillemets():
    text = "Sie sagte »wir kommen morgen« und ging."
    assert texts_of(text) == ["wir kommen morgen"]


def test_nested_quote_is_part_of_the_outer_one():
    text = "“I told them, ‘if we wait we lose,’ and they laughed,” he said."
    assert texts_of(text) == ["I told them, ‘if we wait we lose,’ and they laughed,"]


def test_nested_double_marks_inside_double_marks():
    text = 'She said "the label read "Made in Norway" and nothing else" when asked.'
    assert texts_of(text) == ['the label read "Made in Norway" and nothing else']


def test_doubled_apostrophes_close_and_open():
    text = "``This is how old archives mark quotes,'' the librarian said. ''And this is another,'' she added."
    assert texts_of(text) == ["This is how old archives mark quotes,", "And this is another,"]


def test_curly_mark_typed_the_wrong_way_round():
    text = "”Nobody expected the vote to be this close.” ― Mara Ilić"
    assert texts_of(text) == ["Nobody expected the vote to be this close."]


def test_single_marks_when_the_article_uses_no_double_marks():
    text = "‘We will fight on,’ the leader said. ‘The ’90s are over and Brussels’ rules have changed.’"
    assert texts_of(text) == ["We will fight on,", "The ’90s are over and Brussels’ rules have changed."]


def test_unbalanced_marks_never_raise():
    for text in ['"', '""', "“ ” “", "« « »", "''", "``", '"a" "b', "\n“\n", "6'2\"" * 50, "”" * 1000]:
        assert isinstance(find_quote_spans(text), list)


# -- the spaCy component ------------------------------------------------------------------


def test_component_is_registered_and_added(nlp):
    assert COMPONENT in nlp.pipe_names


def test_component_on_a_fresh_pipeline():
    import provenance.quotes  # noqa: F401 - registers the factory

    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    blank.add_pipe(COMPONENT)
    doc = blank('"We are ready to sign the deal today," the minister said.')
    assert [q.text for q in doc._.quotes] == ["We are ready to sign the deal today,"]


def test_offsets_slice_the_text(quotes_of):
    text = (
        'Local officials said the storm had "flattened every barn in the valley." '
        '"We have never seen anything like it," said farmer Ida Holm.'
    )
    for q in quotes_of(text):
        assert text[q.start : q.end] == q.text


def test_interrupted_quote_pieces(quotes_of):
    text = '"The economy," she said, "is not a game."'
    q = single(quotes_of(text))
    assert q.text == "The economy, is not a game."
    assert [text[a:b] for a, b in q.pieces] == ["The economy,", "is not a game."]


def test_quote_over_paragraphs_is_one_quote(quotes_of):
    text = '"We started with nothing.\n\n"Today the cooperative feeds four villages," said Amara Diallo, its founder.\n'
    q = single(quotes_of(text))
    assert len(q.pieces) == 2
    assert q.speaker == "Amara Diallo"


def test_partial_quote_inside_reported_speech(quotes_of):
    text = 'The senator said the proposal was "dead on arrival" and would never reach the floor.'
    q = single(quotes_of(text))
    assert q.text == "dead on arrival"
    assert q.kind == "partial"


def test_no_quote_for_scare_quotes_names_and_titles(quotes_of):
    text = (
        'Moscow offered the S-400 "Triumph" system. Critics called the plan "reckless." '
        'He appeared on "Meet the Press" and later on CNN\'s "State of the Union."'
    )
    assert quotes_of(text) == []


def test_no_quote_for_a_nickname_in_a_name(quotes_of):
    text = 'State Sen. Robert "Bobby" Lyle shouted, "The whole county is watching us tonight!"'
    q = single(quotes_of(text))
    assert q.text == "The whole county is watching us tonight!"


def test_double_apostrophe_closing_a_curly_quote(quotes_of):
    text = "“Russia is the most suitable candidate at the moment,'' the defence minister said."
    q = single(quotes_of(text))
    assert q.text == "Russia is the most suitable candidate at the moment,"
    assert q.cue == "said"


# -- whole texts -----------------------------------------------------------------------------


def test_extract_quotes_keeps_offsets_of_long_texts(nlp):
    filler = "The committee met again on Thursday to discuss the budget. " * 40 + "\n\n"
    quote = '"We will publish the full accounts next month," the treasurer said.\n\n'
    text = filler * 60 + quote + filler * 5
    assert len(text) > 100_000
    (extraction,) = extract_quotes(nlp, [text])
    q = single(extraction.quotes)
    assert text[q.start : q.end] == "We will publish the full accounts next month,"
    assert q.cue == "said"


def test_extract_quotes_per_text(nlp):
    texts = ['"First text quote is here," she said.', "No quotes at all.", '"Second text," he said, "has two pieces."']
    results = extract_quotes(nlp, texts)
    assert [len(r.quotes) for r in results] == [1, 0, 1]
    assert [r.error for r in results] == [None, None, None]


def test_single_marks_as_main_style_beside_a_double_marked_title():
    text = (
        "‘We will not give in to pressure,’ the minister said. ‘The talks are over for this year.’ "
        'She later appeared on "Newsnight" to defend the government’s plans.'
    )
    assert texts_of(text) == ["We will not give in to pressure,", "The talks are over for this year.", "Newsnight"]


def test_single_marks_inside_double_quotes_stay_nested():
    text = (
        "“He said, ‘Good morning, your landlord calling again,’ and I froze,” she said. "
        "“Then he said, ‘We will call you back very soon.’ He never did,” she added."
    )
    assert texts_of(text) == [
        "He said, ‘Good morning, your landlord calling again,’ and I froze,",
        "Then he said, ‘We will call you back very soon.’ He never did,",
    ]
