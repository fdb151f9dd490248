"""Attribution: who said each quote, with which cue, on sentences written
for these tests in the style of wire and newspaper copy."""

from __future__ import annotations

import pytest


def only(quotes):
    assert len(quotes) == 1, [q.text for q in quotes]
    return quotes[0]


def by_text(quotes, start):
    found = [q for q in quotes if q.text.startswith(start)]
    assert found, (start, [q.text for q in quotes])
    return found[0]


# -- the attribution after the quote ------------------------------------------------


def test_speaker_after_quote(quotes_of):
    q = only(quotes_of('"We will rebuild the bridge by spring," Mayor Lena Hartwell said on Tuesday.'))
    assert q.speaker == "Lena Hartwell"
    assert q.cue == "said"


def test_said_x_inversion_with_long_aside(quotes_of):
    text = (
        '"The shipment was delayed for reasons nobody could explain," said a senior official, who spoke on '
        "condition of anonymity because he was not authorised to brief the media."
    )
    q = only(quotes_of(text))
    assert q.speaker is None
    assert q.speaker_mention.startswith("a senior official")
    assert q.cue == "said"


def test_question_then_verb_and_name(quotes_of):
    q = only(quotes_of('"Who is going to pay for all of this?" Senator Rhoda Kim demanded.'))
    assert q.speaker == "Rhoda Kim"
    assert q.cue == "demanded"


def test_unlisted_verb_in_inversion_still_attributes(quotes_of):
    q = only(quotes_of('"This is the best day of my life!" beamed Carla Obi, a volunteer from Lagos.'))
    assert q.speaker == "Carla Obi"


def test_dash_attributions_in_a_list(quotes_of):
    text = (
        "“The debate changed nothing for me.” ― Julia Ortega\n"
        "“I am still undecided and a little scared.” ― Marcus Bell\n"
        "“Both of them avoided the question on housing.” ― Dana Whitfield\n"
    )
    quotes = quotes_of(text)
    assert [q.speaker for q in quotes] == ["Julia Ortega", "Marcus Bell", "Dana Whitfield"]


# -- the attribution before the quote -----------------------------------------------


def test_colon_introduces_quote(quotes_of):
    q = only(quotes_of('The prime minister told parliament: "We will not raise taxes this year."'))
    assert q.cue == "told"
    assert q.speaker is None and q.speaker_mention == "The prime minister"


def test_said_that_partial_quote(quotes_of):
    text = 'Finance Minister Olga Petrenko said that the talks with creditors were "close to a final deal."'
    q = only(quotes_of(text))
    assert q.speaker == "Olga Petrenko"
    assert q.cue == "said"
    assert q.kind == "partial"


# -- quotes in reported speech and parentheticals ------------------------------------


def test_adding_keeps_speaker(quotes_of):
    text = '"We are ready," Coach Dimitri Volkov said, adding that the team had "never been fitter or more hungry."'
    quotes = quotes_of(text)
    assert [q.speaker for q in quotes] == ["Dimitri Volkov", "Dimitri Volkov"]
    assert quotes[1].cue == "adding"


# -- quotes that continue --------------------------------------------------------------


def test_interrupted_quote_is_one_quote(quotes_of):
    q = only(quotes_of('"The economy," she said, "is not a game."'))
    assert q.text == "The economy, is not a game."
    assert len(q.pieces) == 2
    assert q.cue == "said"


def test_second_sentence_after_attribution_is_its_own_quote_by_same_speaker(quotes_of):
    text = (
        '"We have done everything by the book," said Harold Wexley, the company\'s general counsel, '
        'speaking to reporters outside the courthouse. "We expect to be cleared."'
    )
    quotes = quotes_of(text)
    assert len(quotes) == 2
    assert [q.speaker for q in quotes] == ["Harold Wexley", "Harold Wexley"]


def test_quote_after_a_but_continues(quotes_of):
    text = (
        '"I do not think it is a disaster," he said after the vote. But "the party has to listen to '
        'people who stayed home."'
    )
    quotes = quotes_of(text)
    assert len(quotes) == 2
    assert quotes[1].speaker_mention == quotes[0].speaker_mention


def test_paragraph_break_stops_parse_leaking(quotes_of):
    text = (
        '"Those floods were the worst we have recorded," said hydrologist Anna Berg.\n\n'
        'Peter Lund, one of the mayor\'s aides, recalled the evacuation as "chaotic but orderly."\n'
    )
    quotes = quotes_of(text)
    assert [q.speaker for q in quotes] == ["Anna Berg", "Peter Lund"]


# -- names, surnames, titles, pronouns ---------------------------------------------------


def test_pronoun_resolves_to_last_named_speaker(quotes_of):
    text = (
        "Transport Secretary Nadia Okafor visited the depot on Tuesday.\n\n"
        '"The trains will run on time again by June," she said.'
    )
    q = only(quotes_of(text))
    assert q.speaker == "Nadia Okafor"
    assert q.speaker_mention == "she"


def test_pronoun_is_the_main_speaker_not_the_one_reported_on(quotes_of):
    text = (
        "Calling the deal a fraud, Warren Bixby said he wanted Frank Ortiz to release the contract.\n\n"
        '"Then we will all know the truth," he said.'
    )
    assert only(quotes_of(text)).speaker == "Warren Bixby"
    text = (
        'Adam Quist, the family\'s lawyer, said the inspectors had "promised us a full report."\n\n'
        '"We are tired, but not beaten," he said.'
    )
    assert by_text(quotes_of(text), "We are").speaker == "Adam Quist"


def test_family_sharing_a_surname(quotes_of):
    text = 'Ellen Vance spoke first. Former Governor Frank Vance spoke next.\n\n"We are proud of her," Ms. Vance said.'
    assert only(quotes_of(text)).speaker == "Ellen Vance"
    text = (
        "Karen Vance, a mayoral candidate, opposes the tax. Her sister, Ellen Vance, disagrees. Their father, "
        "former Governor Frank Vance, supports it, and the younger Vance echoed his words when she "
        'added, "A fair wage is owed to every worker."'
    )
    assert only(quotes_of(text)).speaker == "Ellen Vance"


def test_pronoun_after_description_stays_unnamed(quotes_of):
    text = (
        "A diplomat who took part in the talks described the mood as tense. "
        'The delegations barely spoke. This is "the worst session in years," he said.'
    )
    q = only(quotes_of(text))
    assert q.speaker is None
    assert q.speaker_mention.startswith("A diplomat who took part in the talks")


def test_organisation_as_speaker(quotes_of):
    q = only(quotes_of('"We regret the error and have corrected the figures," the Federal Statistics Office said.'))
    assert q.speaker == "Federal Statistics Office"


@pytest.mark.parametrize(
    "text",
    [
        "",
        '"',
        "“",
        '"""',
        "« » » «",
        '"a" "b" "c',
        "he said:",
        '"Yes," he said, "',
        "\n\n“\n\n”\n\n",
    ],
)
def test_odd_input_never_raises(quotes_of, text):
    assert isinstance(quotes_of(text), list)


# -- what the parser gets wrong ---------------------------------------------------------


def test_surname_the_tagger_takes_for_a_noun(quotes_of):
    text = '"We should have spent the last week in the suburbs," O’Donnell said. "That was the mistake."'
    assert [q.speaker for q in quotes_of(text)] == ["O’Donnell", "O’Donnell"]


def test_aside_after_inverted_name(quotes_of):
    q = only(quotes_of("''I'd rather fix engines than write reports,'' said Kofi Mensah, only half serious."))
    assert q.speaker == "Kofi Mensah"
    assert q.cue == "said"


def test_aside_with_a_place_after_an_inverted_name(quotes_of):
    text = (
        '"If the bank had called, I would still own the farm," Mr. Okafor, now 68 and living in Memphis, '
        "Tenn., said this week."
    )
    q = only(quotes_of(text))
    assert (q.speaker, q.cue) == ("Okafor", "said")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            '"Picture the pair of them in one ring," mused Beacon co-host Dale\u00a0Pruett. "Think of the ticket sales."',
            "Dale Pruett",
        ),
        ('"Whoever shuts the library has no place here!" wrote a user calling herself Kim Kim.', "Kim Kim"),
    ],
)
def test_inverted_speaker_the_parser_took_for_an_object(quotes_of, text, speaker):
    assert [q.speaker for q in quotes_of(text)] == [speaker] * len(quotes_of(text))
    assert {q.attribution for q in quotes_of(text)} <= {"after", "continues"}


def test_a_verb_after_a_quote_that_says_what_its_object_was_called_is_no_inversion(quotes_of):
    text = 'Governor Ann Bly called the budget "a mess from top to bottom," portrayed the mayor as a spendthrift.'
    q = only(quotes_of(text))
    assert (q.speaker, q.cue) == ("Ann Bly", "called")


def test_title_the_tagger_read_as_a_verb(quotes_of):
    q = only(quotes_of('"Just read the memo. Yikes," screenwriter Nate Hollis wrote on Twitter.'))
    assert (q.speaker, q.cue) == ("Nate Hollis", "wrote")


def test_name_after_a_relationship(quotes_of):
    q = only(quotes_of('"He called us from the gate," his cousin Tariq el Amin told the paper.'))
    assert q.speaker == "Tariq el Amin"


def test_participle_after_reported_speech_is_the_reporter(quotes_of):
    text = (
        'Senator Ida Harlan argued that a national registry would make schools safer, saying "it is the least '
        'we can do for our children."'
    )
    assert only(quotes_of(text)).speaker == "Ida Harlan"
    text = 'The senator, Ida Harlan, said the bill was dead, calling it "a gift to the lobbyists."'
    assert only(quotes_of(text)).speaker == "Ida Harlan"


def test_subject_and_unlisted_verb_after_a_comma(quotes_of):
    text = (
        '"Allow me to finish that sentence for you, senator," the running mate riffed on the exchange, '
        "drawing laughter."
    )
    q = only(quotes_of(text))
    assert q.speaker_mention == "the running mate"
    assert q.cue == "riffed"


def test_a_document_as_speaker(quotes_of):
    q = only(quotes_of('"Leave is unpaid for the first year," the handbook states.'))
    assert q.cue == "states"


def test_relay_names_the_speaker_and_credits_the_agency(quotes_of):
    text = (
        "Energy Minister Leyla Aksoy arrived in Baku on Sunday.\n\n"
        '"The pipeline will be finished next year," the Anadolu news agency quoted the energy minister as saying.'
    )
    q = only(quotes_of(text))
    assert q.speaker == "Leyla Aksoy"
    assert q.credited == "Anadolu"
    assert q.cue.startswith("quoted")


@pytest.mark.parametrize(
    "text, speaker",
    [
        ('"We returned every check," said Lindqvist campaign manager Omar Reyes.', "Omar Reyes"),
        ('"The attacks draw us together," the chancellor\'s spokesman, Petra Vogel, said.', "Petra Vogel"),
        ('"We are all anxious," said another resident, Mara Lindholm.', "Mara Lindholm"),
        (
            '"The plan is dead," the likely Labour leadership winner, Dana Brooks, tweeted on Sunday.',
            "Dana Brooks",
        ),
        (
            'The ruling marks "the start of a long fight" for the union, said Dana Whitlock, its president.',
            "Dana Whitlock",
        ),
    ],
)
def test_a_name_that_only_modifies_a_noun_is_not_the_speaker(quotes_of, text, speaker):
    assert only(quotes_of(text)).speaker == speaker


def test_a_clause_after_a_partial_quote_is_not_its_attribution(quotes_of):
    text = 'Kell Harlan said Monday that it would "have helped everyone" had Dale Pruitt warned the town.'
    assert only(quotes_of(text)).speaker == "Kell Harlan"
    text = (
        'Kell Harlan said he would make the trains "run on the hour," for instance, and Dale Pruitt vowed to '
        '"fix every pothole."'
    )
    assert [q.speaker for q in quotes_of(text)] == ["Kell Harlan", "Dale Pruitt"]


def test_a_verb_with_an_object_of_its_own_is_no_cue(quotes_of):
    text = 'Under what Owen Hedge called "the old model," the Pine Ridge club charged a $90,000 fee.'
    q = only(quotes_of(text))
    assert (q.speaker, q.cue) == ("Owen Hedge", "called")


def test_a_statement_speaks_for_whoever_issued_it(quotes_of):
    text = (
        "Rep. Tom Garrity's lawyer confirmed on Friday that an audit is coming.\n\n"
        '"We expected this, and we are ready," said the statement from his lawyer, Neil Pasco.\n\n'
        '"He will keep serving the people of his district," the statement said.'
    )
    quotes = quotes_of(text)
    assert [q.speaker for q in quotes] == ["Neil Pasco", "Neil Pasco"]
    text = 'Senator Ann Lee released a letter on Monday. "We cannot wait any longer," her letter said.'
    assert only(quotes_of(text)).speaker == "Ann Lee"


def test_possessive_before_the_verb_is_not_the_speaker(quotes_of):
    text = 'Tom Garrity was charged on Friday.\n\n"He did nothing wrong," his lawyer said.'
    q = only(quotes_of(text))
    assert q.speaker is None
    assert q.speaker_mention == "his lawyer"


def test_place_joined_by_a_hyphen_is_no_speaker(quotes_of):
    q = only(quotes_of('"Nobody warned us," the Kenyan-born nurse told the talk-show host.'))
    assert q.speaker is None
    assert q.speaker_mention == "the Kenyan-born nurse"


# -- who said it: the speaker the article means, one text each --------------------

SPEAKER_CASES = [
    pytest.param(
        '"The numbers simply do not add up," Margaret O. Lindqvist, director of the Nordic Budget Institute '
        "and a lecturer at the University of Uppsala, said of the plan.",
        "Margaret O. Lindqvist",
        id="long_subject_before_the_verb",
    ),
    pytest.param(
        "“We have had no clean water for eleven days.” — Ahmed Saleh, a resident of the camp",
        "Ahmed Saleh",
        id="dash_attribution",
    ),
    pytest.param(
        "Deputy mayor Ilse Brandt went on:\n\n"
        '"The tunnel will close for three weekends, and we will run buses every ten minutes."\n',
        "Ilse Brandt",
        id="colon_at_end_of_paragraph_introduces_next_paragraph",
    ),
    pytest.param(
        "Erdogan: “We will not bow to threats from anyone”\n\nThe president spoke in Ankara on Monday.",
        "Erdogan",
        id="headline_style",
    ),
    pytest.param(
        'The fire started in the kitchen, according to Chief Ray Donnelly, who called it "a preventable tragedy."',
        "Ray Donnelly",
        id="according_to",
    ),
    pytest.param(
        'Governor Ellen Park said on Friday that her opponent had called the budget "a work of fiction."',
        "Ellen Park",
        id="outer_speaker_of_nested_report",
    ),
    pytest.param(
        "Councillor Rosa Jimenez said the housing plan ignored families on the east side. "
        '"Nobody from the city has knocked on a single door there."',
        "Rosa Jimenez",
        id="standalone_quote_after_reported_speech",
    ),
    pytest.param(
        "LISBON, March 3 (Reuters) — The Portuguese Fishing Association issued a statement on Monday, "
        'offering "full compensation for the lost catch" to the crews.',
        "Portuguese Fishing Association",
        id="dateline_is_not_the_speaker",
    ),
    pytest.param(
        "Interior Minister Karl-Heinz Aumann presented the report on Monday.\n\n"
        '"Crime has fallen in every region," Aumann said.',
        "Karl-Heinz Aumann",
        id="surname_resolves_to_full_name",
    ),
    pytest.param(
        "Senator Elizabeth Crane questioned the bank's chief executive, John Mallory, for two hours. "
        "Mallory apologised twice.\n\n"
        '"You cannot apologise your way out of this," she said.',
        "Elizabeth Crane",
        id="pronoun_skips_person_of_other_gender",
    ),
    pytest.param(
        "Polish Defence Minister Marek Zielinski said the order had been signed.\n\n"
        '"The contract is worth more than we expected," the Polish defence minister told reporters.',
        "Marek Zielinski",
        id="title_resolves_to_person_named_with_it",
    ),
    pytest.param(
        "Ohio Gov. Dana Whitcomb signed the budget on Friday.\n\n"
        '"We kept every promise we made," the Ohio governor said.',
        "Dana Whitcomb",
        id="abbreviated_title_resolves",
    ),
    pytest.param(
        "Ellen Vance, the younger sister of mayoral candidate Karen Vance and daughter of former Governor "
        "Frank Vance, criticized her sister. Ellen Vance wrote a post on Friday. Her father backs the tax.\n\n"
        '"I think that workers deserve better," the former governor said.',
        "Frank Vance",
        id="title_of_a_relative_named_in_an_apposition",
    ),
    pytest.param(
        "The plan was drafted by Lucia Ferraro, the regional health commissioner.\n\n"
        '"Every hospital will get two more ambulances," the commissioner said.',
        "Lucia Ferraro",
        id="appositive_title_resolves",
    ),
    pytest.param(
        "Helen Marsh, a lawyer for the tenants, filed the appeal.\n\n"
        '"The landlord has ignored three court orders," Ms. Marsh said.',
        "Helen Marsh",
        id="honorific_and_surname",
    ),
    pytest.param(
        'Councillor Brandt, in Leipzig, said Tuesday that the budget was "a house of cards" built on hope.',
        "Brandt",
        id="weekday_is_not_the_speaker",
    ),
    pytest.param(
        '"Nobody told us the convoy was coming," said Army 1st Lt. Dario Mendez, who led the patrol.',
        "Dario Mendez",
        id="military_rank_before_name",
    ),
    pytest.param(
        'The vote marks "the end of an era" for the coalition, said Henrik Dahl, leader of the Farmers\' Party.',
        "Henrik Dahl",
        id="closing_inverted_attribution_with_apposition",
    ),
    pytest.param(
        'The editor I worked for, Lena Sauer, stopped the meeting to announce, "We are closing the Paris bureau."',
        "Lena Sauer",
        id="name_set_off_after_a_description",
    ),
    pytest.param(
        'Mayor Ruth Kane replied: "What choice did we have?" Her opponents cited it as proof of panic.',
        "Ruth Kane",
        id="question_then_a_new_sentence_is_not_its_attribution",
    ),
    pytest.param(
        'Sunday at the county fair Rep. Joan Ferris (D-Ore.) said her opponent was a "serial quitter" on schools.',
        "Joan Ferris",
        id="party_tag_between_name_and_verb",
    ),
    pytest.param(
        'The senator\'s daughter, Maren, defended him on Tuesday, saying: "He is not perfect, but he is honest."',
        "Maren",
        id="appositive_given_name",
    ),
    pytest.param(
        "Minister visits the port\n\n"
        'Gdansk (PAP) – Transport Minister Ewa Nowak toured the new terminal, saying that "the first ships '
        'will dock in May."',
        "Ewa Nowak",
        id="dateline_with_agency_in_a_later_paragraph",
    ),
    pytest.param(
        '"The ruling ignores the evidence," explained Boston-based lawyer Nadia Haddad.',
        "Nadia Haddad",
        id="hyphenated_place_before_a_title",
    ),
    pytest.param(
        "Pressed on the podcast about how firm his plan is, Viktor Kalnins, who would have to sell the family "
        'vineyard in order to move, said, "I change my mind often, but not on this."',
        "Viktor Kalnins",
        id="name_with_a_long_relative_clause_before_said",
    ),
    pytest.param(
        'Viktor Kalnins said he will choose by autumn, and if he is picked, "I want to win it cleanly," '
        "not on the strength of the claim about where his rival banks.",
        "Viktor Kalnins",
        id="noun_after_the_quote_is_no_cue",
    ),
    pytest.param(
        "Back at the studio, Viktor Kalnins said he wants the coach to succeed, but the club is not heading that "
        'way.\n\n"I adore this club, but this club is sinking," he said.',
        "Viktor Kalnins",
        id="pronoun_skips_a_thing_that_was_going_somewhere",
    ),
    # the name after a reporting verb is who the report is about, not its speaker
    pytest.param(
        "Speaking at the union picnic Sunday at the Maine Labor convention Gov. Mara Quist "
        "(D-Maine) said her rival Tom Brand was a “serial flip-flopper” on wages.",
        "Mara Quist",
        id="name_reported_on_after_said_is_not_the_speaker",
    ),
    pytest.param(
        "Jo Hanley has won nine union backings this spring. Okafor, meanwhile, who has won no such backing, "
        "said that this proves which of the two is “fit to govern from the first hour.”",
        "Okafor",
        id="name_set_off_from_said_by_asides",
    ),
    pytest.param(
        "Now Pruitt, who ran the rival campaign, has agreed to help.\n\nWhen asked why, Pruitt replied in a "
        "text message: “Gomez will be our nominee and that is that.”",
        "Pruitt",
        id="when_asked_the_one_who_replies_speaks",
    ),
    # a quote paragraph signed by the next one, and a round-up's "HEADLINE - Name:"
    pytest.param(
        'We checked the claims made at the rally.\n\n"The mill closed because of the new tariffs, and nobody '
        'in this town got a say."\n\n- Dana Whitfield.\n\nThe mill closed in 2009, long before the tariffs.',
        "Dana Whitfield",
        id="signature_paragraph_after_the_quote",
    ),
    pytest.param(
        'Quotable.\n\n"Nobody should have to drive two hours to see a doctor, and it has to stop."\n\n'
        "-Gloria Pike, Tulsa.\n\nMore from the trail.",
        "Gloria Pike",
        id="signature_with_a_place",
    ),
    pytest.param(
        '"Our roads are falling apart."\n\n- exchange during the March 4 debate.\n\nThe roads were rated fair.',
        None,
        id="a_dash_line_without_a_name_signs_nothing",
    ),
    pytest.param(
        "Analysts weigh in.\n\nSMALL TOWNS ARE LOSING THEIR LAST HOSPITALS FASTER THAN EVER - Maria Delgado: "
        "“The closures have doubled since 2015, and rural counties in the South bear most of them.”",
        "Maria Delgado",
        id="round_up_headline_then_the_name",
    ),
    # a lead-in that is a person's clause, ended by a dash or a colon
    pytest.param(
        'Dan Brandt spoke at length on Sunday.\n\nDan Brandt also embraced the harsher sentencing rules -- "I '
        'think ten years is lenient compared to what they did to us."',
        "Dan Brandt",
        id="dash_after_a_persons_clause",
    ),
    pytest.param(
        "Many took up the line. One early backer, Representative Lena Ortiz, Democrat of Ohio, gave the argument "
        'a try in an interview on Tuesday: "You can easily say the council is corrupt with its contracts and its '
        'hiring."',
        "Lena Ortiz",
        id="colon_after_a_noun_with_the_name_set_off",
    ),
    pytest.param(
        'The city also embraced the new rules -- "a clean break with the past," the notice said.',
        None,
        id="dash_after_a_clause_of_no_one_named",
    ),
    # an appositive that relates the speaker to someone else does not name them
    pytest.param(
        'Regina tied it late when Dane Pruitt scored his first career goal.\n\n"I will frame that puck '
        'tonight," said the young centre, younger brother of Cole Pruitt of the Wolves.',
        "Dane Pruitt",
        id="brother_of_someone_is_not_that_someone",
    ),
    pytest.param(
        '"Tell them we said no," Jon Price, then a deputy to Governor Alan Moss, recalled in an interview.',
        "Jon Price",
        id="deputy_to_a_titled_someone_is_not_that_someone",
    ),
    pytest.param(
        "Mr. Lee mocked the former governor.\n\n''Who believes he balanced a single budget?'' Mr. Brandt "
        "asked, restating a claim - that the governor had doubled the debt - that he first made on Saturday.",
        "Brandt",
        id="question_then_asked_with_a_clause_set_off_after",
    ),
]


@pytest.mark.parametrize(("text", "speaker"), SPEAKER_CASES)
def test_speaker_is_the_person_the_article_means(quotes_of, text, speaker):
    assert only(quotes_of(text)).speaker == speaker


SPEAKER_AND_CUE_CASES = [
    pytest.param(
        '"Nobody in this valley has seen water like this," said Tomas Ferreira, a farmer who has worked '
        "the same fields for forty years.",
        "Tomas Ferreira",
        "said",
        id="inverted_name_with_apposition",
    ),
    pytest.param(
        "Union leader Fiona McBride addressed the rally, telling the crowd, "
        '"We are not going back to work until the contract is signed."',
        "Fiona McBride",
        "telling",
        id="participle_after_a_name",
    ),
    pytest.param(
        '"The bridge was never inspected after the flood," according to engineer Priya Raman.',
        "Priya Raman",
        "according to",
        id="according_to_a_person_after_the_quote",
    ),
    pytest.param(
        'The new rules, Commissioner Jan Kowalski said, would "put small fishermen out of business."',
        "Jan Kowalski",
        "said",
        id="parenthetical_said",
    ),
    pytest.param(
        'A clerk who "loses a few receipts" gets fired, Senator Alma Reyes said.',
        "Alma Reyes",
        "said",
        id="sentence_closed_by_speaker",
    ),
    pytest.param(
        '"The archive was lost in the fire," Rosa Delgado, the museum\'s head of collections and one of '
        "the few staff who stayed, told the Lisbon Gazette.",
        "Rosa Delgado",
        "told",
        id="told_names_the_listener_not_the_speaker",
    ),
    pytest.param(
        'Grant, visibly tired, finally responded: "What difference would another vote make?"',
        "Grant",
        "responded",
        id="subject_before_an_aside",
    ),
    pytest.param(
        'Drummer Mo Kessler announced the tour online on Friday, writing "Cannot wait to see every one of you."',
        "Mo Kessler",
        "writing",
        id="participle_after_a_clause",
    ),
    pytest.param(
        'Ida Harlan argued that the registry works. Adding: "Every state that tried it saw fewer shootings."',
        "Ida Harlan",
        "Adding",
        id="participle_opening_a_sentence_continues_the_one_before",
    ),
]


# when a sentence holds more than one speech verb: the verb that governs the quote,
# and words put out through a speech noun (sentences in the style of campaign and wire copy)
GOVERNING_CUE_CASES = [
    pytest.param(
        "Governor Ruth Adler waved off the criticism, saying any candidate who grumbles about the snow "
        "\u201cshould stay home until July.\u201d",
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
        "Mayor Dana Cole is unveiling a fresh message: \u201cBuild the bridge now.\u201d",
        "Dana Cole",
        "unveiling a fresh message",
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
    pytest.param(
        "\u201cThe council ignored every warning,\u201d Dev Raman, who works at the water plant, said on Friday.",
        "Dev Raman",
        "said",
        id="relative_clause_after_the_name_is_not_the_cue",
    ),
    pytest.param(
        "Governor Alma Reyes spoke to farmers in Fresno for an hour on Tuesday.\n\n"
        "\u201cNobody here will lose their water rights while I am in office.\u201d",
        "Alma Reyes",
        "spoke",
        id="quote_paragraph_after_spoke",
    ),
    pytest.param(
        "Mayor Hugo Brandt warned the council about a late budget. The deadline is in June.\n\n"
        "\u201cEvery week without a budget costs the city money we do not have.\u201d",
        "Hugo Brandt",
        "warned",
        id="quote_paragraph_keeps_the_introducing_verb",
    ),
    pytest.param(
        "The board said the candidate was eligible, reasoning that he \u201cnever gave up his citizenship.\u201d",
        None,
        "reasoning",
        id="participle_that_governs_the_quote",
    ),
    pytest.param(
        "On Monday, Senator Amy Larkin made the following comment:\n\n"
        "\u201cNobody should wait six months for a new hip.\u201d",
        "Amy Larkin",
        "made the following comment",
        id="following_comment_closing_the_paragraph_before",
    ),
    pytest.param(
        "The crowd chanted for several minutes. Mayor Tom Reyes raised his hand and boomed: "
        "\u201cWe are not going back to the old ways.\u201d",
        "Tom Reyes",
        "boomed",
        id="verb_of_manner_before_a_colon",
    ),
    pytest.param(
        "Asked which diner in the county was his favourite, Senator Hal Brody demurred: "
        "\u201cI love them all equally.\u201d",
        "Hal Brody",
        "demurred",
        id="unlisted_verb_before_a_colon",
    ),
    pytest.param(
        "Councillor Nia Obi heard the complaints about the bus routes and, when her turn came, she resisted:\n"
        "\u201cWe cannot add a route that nobody has paid for.\u201d",
        "Nia Obi",
        "resisted",
        id="colon_closing_the_line_before",
    ),
    pytest.param(
        "Governor Ruth Adler praised the volunteers for their work after the flood.\n\n"
        "\u201cNobody here waited for help from the capital.\u201d",
        "Ruth Adler",
        "praised",
        id="quote_paragraph_after_praised",
    ),
    pytest.param(
        "Senator Hal Brody continued his attack on the budget office.\n\n\u201cThey cannot count, and they know it.\u201d",
        "Hal Brody",
        "continued",
        id="quote_paragraph_after_continued_his_remarks",
    ),
    pytest.param(
        "The county auditor concluded this month that the mayor had been \u201cfar too casual\u201d about the receipts.",
        None,
        "concluded",
        id="concluded_that_reports_a_finding",
    ),
    pytest.param(
        "The state auditor, Dana Cole, found last year that the water board was \u201crun like a private club.\u201d",
        "Dana Cole",
        "found",
        id="found_that_reports_a_finding",
    ),
    pytest.param(
        "But Mayor Ann Lee's boldest claim is that the audit is a \u201csmear job\u201d ordered by her rivals.",
        "Ann Lee",
        "claim",
        id="speech_noun_subject_of_is_that",
    ),
    pytest.param(
        "Asked about rents, Senator Ruth Adler's answer was that "
        "\u201ca home is the first thing any family needs.\u201d",
        "Ruth Adler",
        "answer",
        id="answer_was_that",
    ),
    pytest.param(
        "Driving back that evening, Carla Obi vented to her sister that the budget would be \u201cutterly brutal.\u201d",
        "Carla Obi",
        "vented",
        id="vented_is_a_speech_verb",
    ),
    pytest.param(
        "Mayor Ann Lee portrayed her rival as \u201ca hypocrite who takes money from the banks.\u201d",
        "Ann Lee",
        "portrayed",
        id="portrayed_as",
    ),
    pytest.param(
        "Mayor Ann Lee closed two offices and began talking about how the cuts will land \u201cif the levy fails.\u201d",
        "Ann Lee",
        "talking",
        id="talking_about_the_quote",
    ),
    pytest.param(
        "Officers of the club have said they ask every nominee to speak to the group so that "
        "\u201ceach voter hears both cases before the ballot.\u201d",
        None,
        "said",
        id="speak_to_a_group_is_no_cue",
    ),
    pytest.param(
        "Mayor Ann Lee asks for an investigation to determine whether \u201cthe board hid the tender files.\u201d",
        "Ann Lee",
        "asks",
        id="infinitive_of_a_noun_is_not_the_cue",
    ),
    pytest.param(
        "Stung by the result, Ann Lee explained the chief\u2019s decision to label the fire a case of "
        "\u201ccareless wiring\u201d is a mistake.",
        "Ann Lee",
        "explained",
        id="refusal_to_call_inside_what_was_explained",
    ),
    pytest.param(
        "Campaign aide Sean Cole said the mayor sees the debate as a chance to talk about the hopeful "
        "plan the city offers against \u201cthe fear and blame\u201d of her rivals.",
        "Sean Cole",
        "said",
        id="opportunity_to_talk_about_inside_what_was_said",
    ),
    pytest.param(
        "Asked whether the mayor \u201cis fit to lead the city again,\u201d 58 percent of residents said no.",
        None,
        "Asked",
        id="the_question_asked_is_not_the_answer",
    ),
    pytest.param(
        "When asked to confirm his role in the \u201ceyes only\u201d memo threads, a source close to the "
        "review did so.",
        None,
        "asked",
        id="words_inside_what_was_asked",
    ),
    pytest.param(
        "Asked if he would run again, Mayor Tom Reyes said he was \u201cnot ruling anything out.\u201d",
        "Tom Reyes",
        "said",
        id="the_answer_after_asked_is_the_speakers",
    ),
]


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        pytest.param(
            "\u201cIt's a stunt,\u201d Mayor Ann Lee says. It's \u201ca cheap kind of made-for-TV politics.\u201d",
            "Ann Lee",
            "says",
            id="it_is_in_the_next_sentence",
        ),
        pytest.param(
            "\u201cPlenty of what they did could be called sloppy,\u201d Councillor Ruth Ames added. "
            "But that's a long way from \u201ca crime anyone could prosecute.\u201d",
            "Ruth Ames",
            "added",
            id="but_that_is_in_the_next_sentence",
        ),
        pytest.param(
            "\u201cWe are not going anywhere,\u201d Mayor Ann Lee said. The council called the plan "
            "\u201ca recipe for disaster.\u201d",
            None,
            "called",
            id="someone_else_in_the_next_sentence",
        ),
    ],
)
def test_partial_quote_in_the_next_sentence(quotes_of, text, speaker, cue):
    """A partial quote in the sentence after a quote, with no cue of its own
    and "it" or "that" as its subject, goes on with that quote's speaker."""
    q = quotes_of(text)[-1]
    assert (q.speaker, q.cue) == (speaker, cue)


def test_coordinate_speech_verb_after_reported_words(quotes_of):
    """ "X posted that Y was “…” and encouraged Z to “…”": the second quote
    is X's, with the verb that governs it as its cue."""
    text = (
        "Mayor Tessa Lindqvist posted on Facebook that the new bridge was \u201ca gift to commuters\u201d "
        "and encouraged residents to \u201cwalk across it this weekend.\u201d"
    )
    first, second = quotes_of(text)
    assert (first.speaker, first.cue) == ("Tessa Lindqvist", "posted")
    assert (second.speaker, second.cue) == ("Tessa Lindqvist", "encouraged")


# a verb right after a quote that has nothing of its own after it: only the attribution
AFTER_CUE_CASES = [
    pytest.param(
        "Mayor Ines Vidal said the budget was sound before adding that the cuts were \u201cpainful but needed.\u201d",
        "Ines Vidal",
        "adding",
        id="before_adding_is_the_participles_cue",
    ),
    pytest.param(
        "Councillor Ruth Ames responded on Tuesday by saying the plan was \u201ca recipe for disaster.\u201d",
        "Ruth Ames",
        "saying",
        id="responded_by_saying",
    ),
    pytest.param(
        "\u201cWill you sign the bill before the summer recess?\u201d Senator Ada Moss asked reporters at the Capitol.",
        "Ada Moss",
        "asked",
        id="asked_with_the_listener_after_a_question",
    ),
    pytest.param(
        "\u201cAnd what would that cost the taxpayers of this state?\u201d Councillor Ruth Ames pressed.",
        "Ruth Ames",
        "pressed",
        id="pressed_after_a_question",
    ),
    pytest.param(
        "\u201cWill the plant close before the winter comes?\u201d a worker at the factory gate wondered.",
        None,
        "wondered",
        id="context_verb_after_a_long_subject",
    ),
    pytest.param(
        "\u201cWorst debate performance I have seen in years,\u201d tweeted campaign spokesman Tom Dale.",
        "Tom Dale",
        "tweeted",
        id="inverted_cue_tagged_as_an_adjective",
    ),
]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "\u201cWe will rebuild the bridge by the spring.\u201d But the flooding continued for weeks.",
            id="a_new_sentence_opening_with_but",
        ),
        pytest.param(
            "\u201cThe children deserve a stable home in this country.\u201d Bills were introduced in both houses.",
            id="a_passive_verb_in_a_new_sentence",
        ),
    ],
)
def test_a_new_sentence_after_a_quote_is_not_its_cue(quotes_of, text):
    assert only(quotes_of(text)).cue is None


@pytest.mark.parametrize(("text", "speaker", "cue"), SPEAKER_AND_CUE_CASES + GOVERNING_CUE_CASES + AFTER_CUE_CASES)
def test_speaker_and_cue(quotes_of, text, speaker, cue):
    q = only(quotes_of(text))
    assert q.speaker == speaker
    assert q.cue == cue


def test_second_quote_after_said_but(quotes_of):
    text = (
        "Carla Mendes praised her rival. \u201cI respect Walter,\u201d she said, but \u201con schools, "
        "Walter keeps breaking his promises.\u201d"
    )
    first, second = quotes_of(text)
    assert first.speaker == second.speaker == "Carla Mendes"
    assert second.cue == "said"


@pytest.mark.parametrize(
    ("text", "start", "speaker"),
    [
        pytest.param(
            "After the board failed to agree on the tariff, Reyes said the deadlock has “protected jobs” "
            "on Facebook before claiming that cheap imports are “hollowing out the valley.”",
            "hollowing out",
            "Reyes",
            id="participle_after_a_preposition_past_a_quote",
        ),
        pytest.param(
            "Ortiz promoted her plan for buses.\n\nAnd in explaining why few of those “easy wins” had "
            "been tried before, Ortiz described a stuck council in words her critics use.",
            "easy wins",
            "Ortiz",
            id="in_explaining_is_the_main_subject",
        ),
        pytest.param(
            "Later in the broadcast, once the guest had left, Hale stated of the audit that the findings “weren’t "
            "pretty.” Adding, “Then again, with every audit, the excuses are worse than the errors.”",
            "Then again",
            "Hale",
            id="sentence_opening_participle_after_a_quote",
        ),
    ],
)
def test_a_participle_speaks_for_the_subject_it_follows(quotes_of, text, start, speaker):
    assert by_text(quotes_of(text), start).speaker == speaker


# a surname that is also a common word, written alone after the full name
SURNAME_AS_A_WORD_CASES = [
    pytest.param(
        "Radio host Peter Will turned on the mayor this week.\n\n"
        "Will described the levy as a “blank cheque for consultants” and called for a recount.",
        "blank cheque",
        "Peter Will",
        id="will_read_as_a_modal",
    ),
    pytest.param(
        "The institute's founder is not worried.\n\n"
        '"We wanted a movement that could win farmers back," said Dan From, who later wrote a memoir about it. '
        '"Now the farmers are all we have," From said.',
        "Now the farmers",
        "Dan From",
        id="from_read_as_a_preposition",
    ),
    pytest.param(
        "The campaign's state director, Ned Early, a former union organiser, signed on last month.\n\n"
        "Shown the new figures, Early described it as “a blip, nothing more.”",
        "a blip",
        "Ned Early",
        id="early_read_as_an_adverb",
    ),
    pytest.param(
        "Pollster Ann Kimberly, who ran the survey, defended it.\n\n"
        '"We called more than two thousand people in three days," said Kimberly, adding that the sample was large.',
        "We called",
        "Ann Kimberly",
        id="surname_ending_in_ly_read_as_an_adverb",
    ),
]


# the parser hung the speaker wrong before the asides that set it off from the verb
NAME_BEFORE_ASIDES_CASES = [
    pytest.param(
        "Jo Hanley has won nine union backings, and Summers has none. Summers, meanwhile, who has won "
        "no such backing, said that this proves which of the two is “fit to govern from the first hour.”",
        "fit to govern",
        "Summers",
        id="surname_read_as_a_plural_noun",
    ),
    pytest.param(
        "Dara Levine met voters on Friday. “He is a sideshow,” she said of the mayor. Of the senator, "
        "Levine, who has donated to his campaign, said, “He is a decent man, but he is in over his head.”",
        "He is a decent",
        "Dara Levine",
        id="preposition_read_as_the_subject",
    ),
    pytest.param(
        "The quarrel started at the 1998 conference, when Mr. Halvorsen, who had lost the leadership race to the "
        "premier, called for a \u201csecond look at the ballots\u201d before the count.",
        "second look",
        "Halvorsen",
        id="name_after_a_subordinator_then_a_relative_clause",
    ),
    pytest.param(
        "Tempers flared after Ms. Quintero, asked about the clinic closures, had said, "
        "\u201cWe cannot keep every door open.\u201d",
        "We cannot",
        "Quintero",
        id="name_after_a_subordinator_then_a_participle_aside",
    ),
    pytest.param(
        "In a letter to the council, her chief of staff, Miguel Arroyo, said: \u201cThe mayor will not sign "
        "a budget that closes the libraries.\u201d",
        "The mayor will not",
        "Miguel Arroyo",
        id="name_set_off_after_the_role_it_names",
    ),
    pytest.param(
        "Voters in three states went to the polls on Tuesday.\n\nHalvorsen, in Duluth, said Tuesday that his "
        "rival was \u201ca weak leader\u201d while the governor was \u201cout of touch.\u201d",
        "a weak leader",
        "Halvorsen",
        id="name_set_off_by_a_place",
    ),
]

# a clause of someone's ending in a colon, a no-break space before the mark; a round-up's line with a verb
COLON_CASES = [
    pytest.param(
        "Analysts weigh in.\n\nPundits misread the race - Maria Delgado: “The closures have doubled since 2015, "
        "and rural counties bear most of them.”",
        "The closures",
        "Maria Delgado",
        id="round_up_line_with_a_verb_then_the_name",
    ),
    pytest.param(
        "Lawyers for the mayor had argued the case for weeks. The Ohio Board of Elections was blunt in its "
        "ruling:\u00a0“Further appeals on this question will not be heard.”",
        "Further appeals",
        "Ohio Board of Elections",
        id="no_break_space_after_the_colon",
    ),
    pytest.param(
        "“We are not welcome here,” said Kristen Dole, director of the group, reports the Daily Star.\u00a0“This "
        "has been the message for years.”",
        "This has been",
        "Kristen Dole",
        id="no_break_space_after_a_full_stop",
    ),
]


# who asks or tells: the one after the question, the agent of a passive "was asked by"
ASKER_CASES = [
    pytest.param(
        "Mayor Ruth Kane spoke first. Ann Lee spoke next.\n\n“Did you know the bridge was unsafe?” Kane asked "
        "the engineer.",
        "Did you know",
        "Ruth Kane",
        id="question_then_name_asked_the_listener",
    ),
    pytest.param(
        "The leader criticised the senator on Monday.\n\n“Maybe we will never be friends, who can say?” Ortiz "
        "told Ireland's RTE television station in an interview.",
        "Maybe we will",
        "Ortiz",
        id="question_then_name_told_a_station",
    ),
    pytest.param(
        "Senator Ann Lee was asked by host Tom Barlow, a longtime friend, “Would you vote for the bridge again?”",
        "Would you vote",
        "Tom Barlow",
        id="asked_by_the_host",
    ),
    pytest.param(
        "On Tuesday, Lee was asked by moderator Tom Barlow whether his plan would risk “creating one more unfunded "
        "scheme for the county.”",
        "creating one more",
        "Tom Barlow",
        id="asked_by_the_moderator_whether",
    ),
    pytest.param(
        "Senator Ann Lee was quoted by the Herald as saying “the bridge will be built.”",
        "the bridge",
        "Ann Lee",
        id="quoted_by_a_paper_is_still_the_subjects_words",
    ),
]


# a participle speaks for a person before it, not for a thing its clause is about
PARTICIPLE_CASES = [
    pytest.param(
        "Contacted by email, Dale Burton rejected the idea that a reshuffle is near, explaining that he had been "
        "“out of the office all week.”",
        "out of the office",
        "Dale Burton",
        id="participle_after_a_noun_clause",
    ),
    pytest.param(
        "It was a busy week for both campaigns, as Mrs. Ortiz echoed the attack, saying the mayor “has never "
        "once read a budget.”",
        "has never",
        "Ortiz",
        id="participle_after_a_clause_of_it",
    ),
]


@pytest.mark.parametrize(
    ("text", "start", "speaker"),
    PARTICIPLE_CASES + ASKER_CASES + SURNAME_AS_A_WORD_CASES + NAME_BEFORE_ASIDES_CASES + COLON_CASES,
)
def test_speaker_where_the_parse_misleads(quotes_of, text, start, speaker):
    assert by_text(quotes_of(text), start).speaker == speaker


# -- quote marks glued to words ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        ('Mayor Ada Kim said,"Look, the bridge stays closed until spring."', "Look, the bridge", "Ada Kim"),
        ("Mayor Ada Kim said,\u201cLook, the bridge stays closed until spring.\u201d", "Look, the bridge", "Ada Kim"),
        ('"We lost the vote,"Senator Paul Ruiz said. "We will try again next year."', "We lost", "Paul Ruiz"),
        ("''We lost the vote,''Senator Paul Ruiz said.", "We lost", "Paul Ruiz"),
    ],
)
def test_a_mark_glued_to_the_word_outside_it(quotes_of, text, quote, speaker):
    q = by_text(quotes_of(text), quote)
    assert q.speaker == speaker
    assert q.text.endswith((",", "."))


def test_apostrophes_and_inches_beside_a_glued_mark_are_no_quotes(quotes_of):
    text = 'The 6\'2" center, O\'Brien\'s rookie, said "we won the game,"and left for the 27" screen.'
    assert [q.text for q in quotes_of(text)] == ["we won the game,"]


# -- a bracket after the name says who they are ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'Rep. Ana Soto (D-Calif.):"I have not seen the memo. Who wrote it?"',
        'Rep. Ana Soto (D-Calif.): "I have not seen the memo. Who wrote it?"',
    ],
)
def test_round_up_line_with_party_and_state(quotes_of, text):
    assert only(quotes_of(text)).speaker == "Ana Soto"


def test_title_the_parser_split_from_the_name_before_the_verb(quotes_of):
    q = only(quotes_of('During the broadcast, co-host Mia Brandt said the plan was "a disaster from day one."'))
    assert (q.speaker, q.cue) == ("Mia Brandt", "said")


def test_name_with_party_and_state_before_a_comma_and_its_verb(quotes_of):
    text = 'At a fair in Dayton, OH, after carrying Ohio, Gov. Tom Reyes (R-OH), said, "Next stop is the coast."'
    assert only(quotes_of(text)).speaker == "Tom Reyes"
