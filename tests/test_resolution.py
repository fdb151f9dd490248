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
        "Ann Lee, a landlord, said rents will rise.\n\n"
        "Toronto city councillor and tenants advocate Bo Matlow told the Daily Star the rules favour owners.\n\n"
        '"People should know their rights," he said.',
        "People should",
        "Bo Matlow",
        "pronoun",
        id="pronoun_after_a_misparsed_title_and_name",
    ),
    pytest.param(
        'Dr. Ruth Kim leads the programme. "It works," Kim says. Ottawa retiree Lou Carver, who lost 12 lbs. '
        '"and a jacket size" since March, says it made a difference. "I kept putting off walking," he says.',
        "I kept putting",
        "Lou Carver",
        "pronoun",
        id="pronoun_after_a_sentence_cut_at_an_abbreviation",
    ),
    # a paragraph's first two words are one sentence
    pytest.param(
        "Kevin Vickers, a former diplomat, is weighing a run. Former premier Ann Gallant announced recently "
        "that she'll be stepping down.\n\n"
        "Language as priority issue\n\n"
        'Vickers said he\'s a "long ways from making a decision," noting his years in public service.',
        "long ways",
        "Kevin Vickers",
        "name",
        id="name_opening_a_paragraph_after_a_heading",
    ),
    pytest.param(
        "All governments should be working 'in tandem': Matlow\n\n"
        "Matlow said he likes a proposal from the tenants' group.\n\n"
        '"And then the test is whether it works," he said.',
        "And then the test",
        "Matlow",
        "pronoun",
        id="pronoun_after_a_paragraph_opening_with_a_name",
    ),
    pytest.param(
        "Nadia Jamil runs the shelter. Both groups say they face discrimination from landlords.\n\n"
        '"Some people are just not interested in being housed," she added.',
        "Some people",
        "Nadia Jamil",
        "pronoun",
        id="she_is_no_plural_group",
    ),
    pytest.param(
        "Okafor also cited an idea from Frank Clayton, a fellow at a university institute. Okafor, a housing "
        'analyst, was named earlier.\n\n"It pushes everyone down the ladder," he said.',
        "It pushes",
        "Okafor",
        "pronoun",
        id="pronoun_skips_a_person_only_mentioned",
    ),
    pytest.param(
        'Surrey Mayor Doug Kalla wants the line built quickly. "It will cost less," a spokesperson said.\n\n'
        "On Dec. 13, the mayor brought up the plan again while speaking to the media.\n\n"
        '"We can reduce costs considerably," he said.',
        "We can reduce",
        "Doug Kalla",
        "pronoun",
        id="pronoun_after_a_title_as_subject",
    ),
    # a definite description: the person last the subject
    pytest.param(
        "Nina Schott runs the lab in Bremen. Schott is aware that she is taking a risk.\n\n"
        '"No carmaker makes money on this," the lanky, bespectacled professor said.',
        "No carmaker",
        "Nina Schott",
        "description",
        id="description_after_the_quote",
    ),
    pytest.param(
        'Kai Brandt scored his first goal of the season.\n\n"I will be grinning about that one for a while," '
        "said the rookie defenceman.",
        "I will be grinning",
        "Kai Brandt",
        "description",
        id="description_inverted",
    ),
    # a body: "the agency", "it"
    pytest.param(
        "The Foreign Ministry called for the release of the two men on Monday.\n\n"
        '"We share the commitment to the rule of law," the agency said in a statement.',
        "We share",
        "Foreign Ministry",
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
        "Regular exercise also paid off for retired teacher David Mensah, who lost 10 kg. "
        '"I had a gym membership, but this helped me keep at it," he says.',
        "I had a gym",
        "David Mensah",
        "pronoun",
        id="pronoun_after_a_sentence_about_someone_not_its_subject",
    ),
    pytest.param(
        'The programme aims to help, Dr. Erin Kwan says. "Health promotion is hard," Kwan says.\n\n'
        "WATCH: Police warn of a rise in scams\n\n"
        '"This game is all about getting people to respond," she said.',
        "This game",
        "Erin Kwan",
        "pronoun",
        id="a_caption_is_no_antecedent",
    ),
    # a document speaks for whoever issued it
    pytest.param(
        "A British aid group, Gatsby, said its director was among those killed. A statement said the group was "
        '"shocked and saddened" by his death.',
        "shocked",
        "Gatsby",
        "description",
        id="a_statement_after_the_body",
    ),
    pytest.param(
        'Officers cleared the road on Monday. A statement from the Mounted Police said "trust will keep '
        'growing between us and the chiefs."',
        "trust will",
        "Mounted Police",
        "organisation",
        id="a_statement_from_a_body",
    ),
    # a quote paragraph with no attribution of its own
    pytest.param(
        "For his part, Dale Brooks, who still has the phone he was given, said he found a flat with help "
        'from a charity.\n\n"It feels good. It feels warm. Nobody can bother you."',
        "It feels good",
        "Dale Brooks",
        "name",
        id="quote_paragraph_after_the_sentence_naming_its_speaker",
    ),
    pytest.param(
        '"We will see more snow and more floods," Ilse Varga said.\n\n"Cities have to plan for that."\n\n'
        'For cities like Ottawa, the plows have run for twelve days straight.\n\n"We are going to have to '
        'shovel more often."',
        "We are going",
        "Ilse Varga",
        "name",
        id="quote_paragraph_after_a_paragraph_of_facts",
    ),
    # a name given in short
    pytest.param(
        "Chinese Vice-President Li Qiang took aim at the U.S. on Tuesday. "
        'Li said that "blaming others will not solve the problems," in a speech.',
        "blaming others",
        "Li Qiang",
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
        "Hereditary Chief Ta'kaya said the camp would remain on the road. Constable Mark Ruiz said officers "
        "would return on Friday.\n\nTa'kaya says he has no plans to leave.\n\n"
        '"This is our land and we will be here next week," he said.',
        "This is our land",
        "Ta'kaya",
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
        'The plant opened in March. To avoid Lena Ortiz\'s "assembly nightmare" at her old factory, Bo Wren '
        "is testing every robot twice.",
        "assembly nightmare",
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
        "Nadia Jamil runs the drop-in programme. Preliminary findings were shared with Morgan Hall residents "
        "last week.\n\nThe shelter residents report they want more help finding homes.\n\n"
        '"We just need to remember that people here are not all the same," she added.',
        "We just need",
        "Nadia Jamil",
        "pronoun",
        id="plural_description_is_no_one_person",
    ),
    pytest.param(
        "Ivan Petrov founded the print shop in 2017. His partner, Lou Marsh, handles the money.\n\n"
        'For Petrov, who grew up in Porto, he is simply filling a gap. "Somebody has to print the small runs," '
        "he says.",
        "Somebody has to print",
        "Ivan Petrov",
        "pronoun",
        id="pronoun_after_a_sentence_opening_on_a_person",
    ),
    pytest.param(
        'Nora Haddad, a student, said the mood had changed. "People stare at us now," Haddad said.\n\n'
        "For Leila Amrani, the trial is a day she has waited for. Her brother Sami was among the victims.\n\n"
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
            'The plows have run for twelve days straight.\n\n"We are going to have to shovel more often."',
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
        'This image released by the studio shows Ann Lee in a scene from "The Boy Who Would Be Queen." '
        '(Photo / AP) "It is a film for children of today," the director said.'
    )
    assert [q.text for q in quotes_of(text)] == ["It is a film for children of today,"]


def test_a_pull_quote_repeating_the_writers_own_line_is_no_quote(quotes_of):
    text = (
        "Most cartoons still lean on old types. But when it comes to fathers, most of them are drawn as loud, "
        "strong and a little clueless. Our kids notice.\n\n"
        '"But when it comes to fathers, most of them are drawn as loud, strong and a little clueless."\n\n'
        '"Dads can be gentle too," says Mina Cole, who writes for children.'
    )
    assert [q.text for q in quotes_of(text)] == ["Dads can be gentle too,"]


def test_a_remark_a_heading_repeats_is_still_a_quote(quotes_of):
    text = (
        "The city has plowed for twelve days straight.\n\nWe will have to shovel more often.\n\n"
        '"The storms are getting bigger," Ana Lutz said.\n\n"We will have to shovel more often."'
    )
    assert [q.text for q in quotes_of(text)][-1] == "We will have to shovel more often."


def test_a_short_phrase_no_one_is_said_to_say_is_a_term_not_a_quote(quotes_of):
    text = (
        'The budget lists the "previously approved" debt at $316 million. Both fathers in the film fit the '
        '"strong man" mould. Lutz called the plan "a quick fix."'
    )
    assert [q.text for q in quotes_of(text)] == ["a quick fix."]
