"""Who a quote's speaker is when the sentence does not name them: the
pronoun, description, body or short name resolved inside the article.
Sentences written for these tests in the style of general news."""

from __future__ import annotations

import pytest


def quote_starting(quotes, start):
    found = [q for q in quotes if q.text.startswith(start)]
    assert found, (start, [q.text for q in quotes])
    return found[0]


CASES = [
    # a person named at the head of a sentence the parser reads without them as subject
    pytest.param(
        "Ann Lee, a grocer, said prices will climb.\n\n"
        "Halifax school trustee and transit campaigner Rui Tamsin told the Harbour Post the plan favours suburbs.\n\n"
        '"Families deserve a say," he said.',
        "Families deserve",
        "Rui Tamsin",
        "pronoun",
        id="pronoun_after_a_misparsed_title_and_name",
    ),
    pytest.param(
        'Coach Susan Aalto runs the club. "It keeps growing," Aalto says. Regina retiree Lou Carver, who ran 40 mi. '
        '"and then some" since June, says it made a difference. "I never trained before," he says.',
        "I never trained",
        "Lou Carver",
        "pronoun",
        id="pronoun_after_a_sentence_cut_at_an_abbreviation",
    ),
    # a paragraph's first two words are one sentence
    pytest.param(
        "Martin Almeida, a retired judge, is weighing a bid. Former mayor Tess Drummond said last month "
        "that she'll be leaving office.\n\n"
        "Housing as main theme\n\n"
        "Almeida said he's \"nowhere near ready to choose,\" citing his family's wishes.",
        "nowhere near",
        "Martin Almeida",
        "name",
        id="name_opening_a_paragraph_after_a_heading",
    ),
    pytest.param(
        "Every council should share the cost 'fairly': Pennick\n\n"
        "Pennick said he backs a plan from the cyclists' union.\n\n"
        '"After that we judge it by results," he said.',
        "After that we judge",
        "Pennick",
        "pronoun",
        id="pronoun_after_a_paragraph_opening_with_a_name",
    ),
    pytest.param(
        "Greta Olsen coaches the rowing club. Both teams say they lack money for new boats.\n\n"
        '"A few rowers simply prefer the old hulls," she added.',
        "A few rowers",
        "Greta Olsen",
        "pronoun",
        id="she_is_no_plural_group",
    ),
    pytest.param(
        "Tembo also praised a study by Colin Ashby, a researcher at a farm college. Tembo, a grain "
        'trader, was named earlier.\n\n"It squeezes every small grower," he said.',
        "It squeezes",
        "Tembo",
        "pronoun",
        id="pronoun_skips_a_person_only_mentioned",
    ),
    pytest.param(
        'Kelowna Mayor Tom Baird wants the bridge rebuilt soon. "It will save time," a spokesperson said.\n\n'
        "On March 4, the mayor pushed the idea again at a council meeting.\n\n"
        '"We can finish it within two years," he said.',
        "We can finish",
        "Tom Baird",
        "pronoun",
        id="pronoun_after_a_title_as_subject",
    ),
    # a definite description: the person last the subject
    pytest.param(
        "Petra Vogel runs the clinic in Graz. Vogel knows that she is facing doubts.\n\n"
        '"No insurer pays for this yet," the tall, grey-haired surgeon said.',
        "No insurer",
        "Petra Vogel",
        "description",
        id="description_after_the_quote",
    ),
    pytest.param(
        'Kai Brandt saved a penalty in his first start.\n\n"My hands are still shaking," said the young goalkeeper.',
        "My hands are",
        "Kai Brandt",
        "description",
        id="description_inverted",
    ),
    # a body: "the agency", "it"
    pytest.param(
        "The Transport Ministry asked for a review of the two contracts on Monday.\n\n"
        '"Open tendering matters more than speed," the agency said in a statement.',
        "Open tendering",
        "Transport Ministry",
        "organisation",
        id="body_described",
    ),
    pytest.param(
        "Northwind Airlines says on its website that travellers may face delays, and it now explains the "
        'cause is "a shortage of ground staff."',
        "a shortage",
        "Northwind Airlines",
        "organisation",
        id="it_is_the_body",
    ),
    pytest.param(
        "Night classes also worked out for former welder David Mensah, who passed two exams. "
        '"I had bought the books, but this got me to open them," he says.',
        "I had bought",
        "David Mensah",
        "pronoun",
        id="pronoun_after_a_sentence_about_someone_not_its_subject",
    ),
    pytest.param(
        'The scheme is meant to warn people, Dr. Erin Kwan says. "Fraud spreads fast," Kwan says.\n\n'
        "WATCH: Police warn of a rise in scams\n\n"
        '"The trick works because people act before they think," she said.',
        "The trick works",
        "Erin Kwan",
        "pronoun",
        id="a_caption_is_no_antecedent",
    ),
    # a document speaks for whoever issued it
    pytest.param(
        "A Dutch relief charity, Marigold, said its founder was among those hurt. A statement said the charity was "
        '"deeply worried" about her recovery.',
        "deeply worried",
        "Marigold",
        "description",
        id="a_statement_after_the_body",
    ),
    pytest.param(
        'Inspectors closed the pier on Monday. A statement from the Harbour Authority said "repairs will '
        'start as soon as the divers report back."',
        "repairs will",
        "Harbour Authority",
        "organisation",
        id="a_statement_from_a_body",
    ),
    # a quote paragraph with no attribution of its own
    pytest.param(
        "For his part, Owen Pike, who still rides the bike he was lent, said he found work with help "
        'from a church.\n\n"It feels right. It feels steady. Nobody can take it away."',
        "It feels right",
        "Owen Pike",
        "name",
        id="quote_paragraph_after_the_sentence_naming_its_speaker",
    ),
    pytest.param(
        '"We will see hotter summers and longer droughts," Ilse Marek said.\n\n"Towns have to plan for that."\n\n'
        'For towns like Regina, lawn sprinklers have been banned for nine weeks running.\n\n"We are going to have to '
        'water far less."',
        "We are going",
        "Ilse Marek",
        "name",
        id="quote_paragraph_after_a_paragraph_of_facts",
    ),
    # a name given in short
    pytest.param(
        "Chinese Trade Minister Zhou Mingyu hit out at Europe on Tuesday. "
        'Zhou said that "pointing fingers will not fix the deficit," in a speech.',
        "pointing fingers",
        "Zhou Mingyu",
        "name",
        id="family_name_written_first",
    ),
    # names the tagger misreads: a capital inside the name, a title before it
    pytest.param(
        "Oilers head coach Pete DeVries said the young defence held up well against a faster team.\n\n"
        '"You can see how much they have grown this month," DeVries said of the rookies.',
        "You can see",
        "Pete DeVries",
        "name",
        id="name_with_a_capital_inside",
    ),
    pytest.param(
        "Elder Sha'wen said the fishing boats would stay in the bay. Warden Paul Eckert said wardens "
        "would inspect them on Friday.\n\nSha'wen says the crews will keep fishing.\n\n"
        '"These waters fed our grandparents and they will feed our children," he said.',
        "These waters fed",
        "Sha'wen",
        "pronoun",
        id="pronoun_after_a_titled_name_with_an_apostrophe",
    ),
    pytest.param(
        "Omar Haddad runs the shelter on Queen Street. The city will put up two more tents next month. "
        '(Mark Ellis / City News)\n\n"Some nights we have to turn people away," he added.',
        "Some nights",
        "Omar Haddad",
        "pronoun",
        id="a_photo_credit_is_no_antecedent",
    ),
    # named, but not through a speech verb
    pytest.param(
        'The bakery opened in May. Wary of Lena Ortiz\'s "flour crunch" last winter, Bo Wren '
        "has stocked three months of supplies.",
        "flour crunch",
        "Lena Ortiz",
        "name",
        id="possessive_before_a_partial_quote",
    ),
    pytest.param(
        "Trading was calm for most of the week. Investors relaxed until Dana Holt took to social media with "
        'this: "The merger is off. We walk away today."',
        "The merger is off",
        "Dana Holt",
        None,
        id="colon_after_a_clause_naming_someone",
    ),
    pytest.param(
        'Sam Okoye spoke for an hour. "Nobody saw it coming," Okoye said. And then came the real surprise: '
        '"I am stepping down in the spring."',
        "I am stepping down",
        "Sam Okoye",
        "name",
        id="colon_lead_in_naming_no_one_continues",
    ),
    # the wrong noun phrase near the pronoun
    pytest.param(
        "Hilde Moran runs the youth choir. Early results were shown to Fairview Court tenants "
        "last month.\n\nThe choir parents say they want more concerts in town.\n\n"
        '"We should keep in mind that every singer learns differently," she added.',
        "We should keep",
        "Hilde Moran",
        "pronoun",
        id="plural_description_is_no_one_person",
    ),
    pytest.param(
        "Ivan Petrov founded the print shop in 2017. His partner, Lou Marsh, handles the money.\n\n"
        'For Petrov, who trained in Lyon, he is just serving buyers the big firms ignore. "Somebody has to print the small runs," '
        "he says.",
        "Somebody has to print",
        "Ivan Petrov",
        "pronoun",
        id="pronoun_after_a_sentence_opening_on_a_person",
    ),
    pytest.param(
        'Nora Haddad, a student, said the mood had changed. "People stare at us now," Haddad said.\n\n'
        "For Leila Amrani, the hearing is an event she has dreaded for months. Her brother Sami was among the victims.\n\n"
        '"I want to see him sentenced," she said.',
        "I want to see",
        "Leila Amrani",
        "pronoun",
        id="she_after_a_sentence_opening_on_a_person",
    ),
    # a lead that describes its subject and names them in the next paragraph
    pytest.param(
        'A Halifax grandmother says she is "not going anywhere" until the road is fixed.\n\n'
        "Maria Costa has lived on Birch Lane for 40 years.",
        "not going anywhere",
        "Maria Costa",
        "description",
        id="lead_names_its_subject_in_the_next_paragraph",
    ),
    pytest.param(
        'The longest-serving coach in the league finally said "enough is enough" on Tuesday.\n\n'
        "Dale Brooks announced that he will retire at the end of the season.",
        "enough is enough",
        "Dale Brooks",
        "description",
        id="lead_description_of_a_role",
    ),
]


@pytest.mark.parametrize(("text", "start", "speaker", "kind"), CASES)
def test_resolved_speaker(quotes_of, text, start, speaker, kind):
    q = quote_starting(quotes_of(text), start)
    assert q.speaker == speaker
    if kind is not None:  # None: how the tagger labels the name is not the point
        assert q.mention_kind == kind


@pytest.mark.parametrize(
    ("text", "start"),
    [
        pytest.param('"The line will open in June," a spokesperson said.', "The line", id="indefinite_is_no_one"),
        pytest.param(
            'The report was released Monday. Officials were pleased. "It shows real progress," the report said.',
            "It shows",
            id="a_document_is_no_one",
        ),
        pytest.param(
            "The deal may still fail, an official who works on arms exports told Kommersant. The buyer is a "
            'NATO member. This is "a direct national security issue," he said.',
            "a direct national",
            id="a_listener_is_no_antecedent",
        ),
        pytest.param(
            'Lawn sprinklers have been banned for nine weeks running.\n\n"We are going to have to water far less."',
            "We are going",
            id="quote_paragraph_with_no_one_named_before",
        ),
        pytest.param(
            "Lena Ortiz chairs the board.\n\nThe vote is on Friday.\n\nThe board meets weekly.\n\n"
            'A neighbour says the plan is "a big mistake."\n\nTom Ruiz lives next door.',
            "a big mistake",
            id="a_description_after_a_name_is_no_later_one",
        ),
        pytest.param(
            'Kai Brandt scored twice.\n\nThe match ended late.\n\nThe crowd left.\n\nFans sang.\n\n"It was cold,"'
            " said the young supporter.",
            "It was cold",
            id="description_too_far_from_any_name",
        ),
    ],
)
def test_no_one_named(quotes_of, text, start):
    assert quote_starting(quotes_of(text), start).speaker is None


def test_a_title_ending_its_sentence_is_no_quote(quotes_of):
    text = (
        'This image released by the studio shows Ann Lee in a scene from "The Girl Who Sold the Moon." '
        '(Photo / AP) "It is a film for children of today," the director said.'
    )
    assert [q.text for q in quotes_of(text)] == ["It is a film for children of today,"]


def test_a_pull_quote_repeating_the_writers_own_line_is_no_quote(quotes_of):
    text = (
        "Most board games still reward the same tactics. In almost every box the fastest player is the one "
        "who hoards cards and blocks the others. Our children copy it.\n\n"
        '"In almost every box the fastest player is the one who hoards cards and blocks the others."\n\n'
        '"Sharing can win games too," says Mina Cole, who designs puzzles.'
    )
    assert [q.text for q in quotes_of(text)] == ["Sharing can win games too,"]


def test_a_remark_a_heading_repeats_is_still_a_quote(quotes_of):
    text = (
        "The town has rationed water for nine weeks.\n\nWe will have to water far less.\n\n"
        '"The summers are getting hotter," Ana Lutz said.\n\n"We will have to water far less."'
    )
    assert [q.text for q in quotes_of(text)][-1] == "We will have to water far less."


def test_a_short_phrase_no_one_is_said_to_say_is_a_term_not_a_quote(quotes_of):
    text = (
        'The report lists the "temporarily deferred" repairs at $48 million. Both villains in the play fit the '
        '"lone wolf" mould. Lutz called the plan "a quick fix."'
    )
    assert [q.text for q in quotes_of(text)] == ["a quick fix."]
