"""Short wordings cut from a longer remark: when a fragment may join the
remark it was cut from, and the look-alikes it must not join."""

from __future__ import annotations

import random

from fixtures.databases import Said, Story, add_stories, groups_of, rows, together

# One mayor, one day, two remarks that share a few words.
HARBOUR = (
    "We have waited long enough for this decision. The harbour will reopen in May. The fishermen deserve nothing less."
)
PROMISE = "I told the council again today that the harbour will reopen in May if the dredging is paid for."
FRAGMENT = "The harbour will reopen in May."
HARBOUR_DAY = [
    Story(outlet, [Said(text, "Marta Vidal")], published="2022-05-02")
    for outlet, text in (("Coast Daily", HARBOUR), ("Bay Herald", PROMISE), ("Port Radio", FRAGMENT))
]

# One union leader, one day: a remark two papers quote, another one paper quotes.
STRIKE = "What the unions did this week is well past the point of no return, and they know it."
AIRPORT = "Closing the airport for a second time would be well past the point of no return for the region."
CUT = "well past the point of no return"
STRIKE_DAY = [
    Story(outlet, [Said(text, "Pavel Novak")], published="2021-11-08")
    for outlet, text in (
        ("North Post", STRIKE),
        ("South Post", STRIKE),
        ("Airport News", AIRPORT),
        ("Evening Wire", CUT),
    )
]

BUDGET = "If the minister cannot defend these numbers in front of the committee, then she should resign at once."
UNSIGNED = "then she should resign at once"
BUDGET_DAYS = [
    Story("Capital Times", [Said(BUDGET, "Greta Holm")], published="2020-03-10"),
    Story("Morning Sheet", [Said(UNSIGNED)], published="2020-03-11"),
]

RANT = (
    "We asked for one straight reply. Who gave them that right, the council? "
    "Nobody in this town elected them to anything."
)
SHORT = "Who gave them that right? A council?"
RANT_DAY = [
    Story("Town Crier", [Said(RANT, "Hugo Lind")], published="2019-07-01"),
    Story("Valley News", [Said(SHORT)], published="2019-07-01"),
]

BRIDGE = "We were told the old bridge could not be saved. Frankly we can still repair it. The money is there."
CHANGED = "Frankly we could still repair it."
BRIDGE_DAY = [
    Story("River Gazette", [Said(BRIDGE, "Ilse Moreau")], published="2018-09-12"),
    Story("Town Radio", [Said(CHANGED, "Ilse Moreau")], published="2018-09-12"),
]

# One minister whom the speaker index keeps as two speakers.
FERRY = (
    "The ferry contract will be signed next week, and the shipyard in the north will build both "
    "vessels before the winter."
)
FERRY_AGAIN = (
    "The contract for the ferries will be signed next week; both vessels will be built by the northern "
    "shipyard before winter comes."
)
FERRY_DAY = [
    Story("Daily A", [Said(FERRY, "Nadia Rahimi")], published="2017-02-03"),
    Story("Daily B", [Said(FERRY_AGAIN, "Nadia Sultani Rahimi")], published="2017-02-03"),
]


def test_a_fragment_that_is_a_whole_sentence_of_one_remark_joins_that_remark(tmp_path):
    db = tmp_path / "t.db"
    add_stories(db, HARBOUR_DAY)
    assert together(db, FRAGMENT, HARBOUR)
    assert not together(db, HARBOUR, PROMISE)  # one parent: the fragment does not chain the two remarks


def test_a_fragment_in_two_remarks_of_its_speaker_joins_the_one_more_outlets_quoted(tmp_path):
    db = tmp_path / "t.db"
    add_stories(db, STRIKE_DAY)
    assert together(db, CUT, STRIKE)
    assert not together(db, STRIKE, AIRPORT)


def test_a_fragment_in_two_remarks_quoted_equally_often_joins_neither(tmp_path):
    db = tmp_path / "t.db"
    add_stories(db, [story for story in STRIKE_DAY if story.outlet != "South Post"])
    assert not together(db, CUT, STRIKE) and not together(db, CUT, AIRPORT)


def test_an_unattributed_fragment_found_whole_in_a_remark_quoted_the_day_before_joins_it(tmp_path):
    db = tmp_path / "t.db"
    add_stories(db, BUDGET_DAYS)
    assert together(db, UNSIGNED, BUDGET)


def test_an_unattributed_fragment_weeks_later_or_reworded_stays_apart(tmp_path):
    db = tmp_path / "t.db"
    reworded = "then she should resign right at once"
    add_stories(
        db,
        [
            Story("Capital Times", [Said(BUDGET, "Greta Holm")], published="2020-03-10"),
            Story("Morning Sheet", [Said(UNSIGNED)], published="2020-04-02"),
            Story("Night Sheet", [Said(reworded)], published="2020-03-11"),
        ],
    )
    assert not together(db, UNSIGNED, BUDGET)  # the same words weeks later: another occasion, maybe another person
    assert not together(db, reworded, BUDGET)  # not found whole: too little to go on without a speaker


def test_a_whole_sentence_with_one_small_word_changed_joins_its_remark(tmp_path):
    db = tmp_path / "t.db"
    other_word = "Who gave them that right? A court?"
    add_stories(db, RANT_DAY + [Story("Hill News", [Said(other_word)], published="2019-07-02")])
    assert together(db, SHORT, RANT)
    assert not together(db, other_word, RANT)  # a content word changed: another remark


def test_a_short_wording_with_one_word_changed_in_its_middle_is_still_compared(tmp_path):
    """Five or six words with the middle one changed share a single
    three-word key with the remark; that is enough to be compared."""
    db = tmp_path / "t.db"
    other = "Nobody will still repair it."
    add_stories(db, BRIDGE_DAY + [Story("Night Radio", [Said(other, "Ilse Moreau")], published="2018-09-12")])
    assert together(db, CHANGED, BRIDGE)
    assert not together(db, other, BRIDGE)  # three shared words are not a remark


def test_fragments_join_the_same_way_whatever_order_the_articles_arrive_in(tmp_path):
    stories = HARBOUR_DAY + STRIKE_DAY + BUDGET_DAYS + RANT_DAY + BRIDGE_DAY + FERRY_DAY
    add_stories(tmp_path / "all.db", stories)
    whole = groups_of(tmp_path / "all.db"), groups_of(tmp_path / "all.db", "statement_id")
    for seed in range(3):
        order = random.Random(seed).sample(stories, len(stories))
        db = tmp_path / f"one-{seed}.db"
        for story in order:
            add_stories(db, [story])
        assert (groups_of(db), groups_of(db, "statement_id")) == whole


def test_two_translations_by_one_person_under_two_names_are_one_statement(tmp_path):
    """The speaker index may keep "Nadia Rahimi" and "Nadia Sultani Rahimi"
    apart; their translations of one remark are still one statement."""
    db = tmp_path / "t.db"
    unrelated = "The ferry to the islands will run twice a day from next week, the shipyard said."
    add_stories(db, FERRY_DAY + [Story("Daily C", [Said(unrelated, "Omar Sultani")], published="2017-02-03")])
    speakers = {r["name"] for r in rows(db, "select name from speakers")}
    assert {"Nadia Rahimi", "Nadia Sultani Rahimi"} <= speakers  # two speakers ...
    assert together(db, FERRY, FERRY_AGAIN, "statement_id")  # ... one statement
    assert not together(db, FERRY, unrelated, "statement_id")


def _filler_words(n: int) -> list[str]:
    """n made-up nouns, none of them English."""
    syllables = ["ka", "lo", "mi", "ru", "te", "zo", "ne", "pa"]
    return [a + b + c for a in syllables for b in syllables for c in syllables][:n]


def test_a_fragment_whose_every_three_words_are_common_still_joins_its_remark(tmp_path):
    """In a big archive every three-word stretch of a short fragment can be
    a formula ("i am sure", "is not what", "what the harbour"); the words
    from one content word to the next ("sure it is not what the harbour")
    are still rare, and bring the fragment to its remark."""
    db = tmp_path / "t.db"
    words = _filler_words(3 * 55)
    fillers = [f"I am sure it is {w} again" for w in words[:55]]  # i am sure, am sure it, sure it is
    fillers += [f"{w.title()} it is not what the {w} said" for w in words[55:110]]  # it is not, ..., not what the
    fillers += [f"{w.title()} knows what the harbour wants" for w in words[110:]]  # what the harbour, the harbour wants
    remark = "I am sure it is not what the harbour wants, and the council knows it."
    fragment = "I am sure it is not what the harbour wants"
    stories = [
        Story(f"Paper {i}", [Said(text, f"Speaker {w.title()}")], published=f"2023-04-0{1 + i % 5}")
        for i, (text, w) in enumerate(zip(fillers, words))
    ]
    stories += [
        Story("Harbour Times", [Said(remark, "Ada Lind")], published="2023-04-03"),
        Story("Quay Radio", [Said(fragment, "Ada Lind")], published="2023-04-03"),
    ]
    add_stories(db, stories)
    assert together(db, fragment, remark)
    assert not any(together(db, fragment, filler) for filler in fillers[::11])


def test_a_short_wording_joined_on_one_stretch_is_recomputed_when_that_stretch_turns_common(tmp_path, monkeypatch):
    """A short wording may be compared on one shared three-word stretch,
    but only while few phrases hold it. When later articles make it
    common, the short wording's choice is made again, so adding articles
    one by one still gives what one build of them all gives."""
    monkeypatch.setattr("provenance.clustering.blocking.SHORT_MAX_DF", 3)  # "still repair it" held by 2, then by 5
    stock = [
        Story(f"Paper {i}", [Said(f"{town}, the council can still repair it", f"Mayor {town}")], published="2018-09-12")
        for i, town in enumerate(("Arlon", "Bree", "Cotte"))
    ]
    add_stories(tmp_path / "first.db", BRIDGE_DAY)
    assert together(tmp_path / "first.db", CHANGED, BRIDGE)  # one rare shared stretch: compared, and joined
    for story in stock:
        add_stories(tmp_path / "first.db", [story])
    add_stories(tmp_path / "all.db", BRIDGE_DAY + stock)
    assert not together(tmp_path / "all.db", CHANGED, BRIDGE)  # the stretch is common: not enough alone
    assert groups_of(tmp_path / "first.db") == groups_of(tmp_path / "all.db")


# Issue 14 point 10: how outlets cut and respell quotes.
CLINIC = (
    "We are going to make sure that every family in this county has a doctor they can see, "
    "and that is a promise I will keep."
)
CLINIC_CUT = "and that is a promise"  # a few words, one content word, found whole in the longer quote


def _two(tmp_path, a: str, b: str, *, b_speaker: str | None = "Ana Ruiz", b_day: str = "2020-05-01"):
    tmp_path.mkdir(exist_ok=True)
    db = tmp_path / "t.db"
    add_stories(
        db,
        [
            Story("Lantern", [Said(a, "Ana Ruiz")], published="2020-05-01"),
            Story("Kestrel", [Said(b, b_speaker)], published=b_day),
        ],
    )
    return db


def test_a_few_low_content_words_of_a_speakers_longer_quote_join_it_within_days(tmp_path):
    assert together(_two(tmp_path, CLINIC, CLINIC_CUT), CLINIC, CLINIC_CUT)
    assert together(_two(tmp_path / "b", CLINIC, CLINIC_CUT, b_day="2020-05-03"), CLINIC, CLINIC_CUT)


def test_the_same_few_words_months_apart_or_by_someone_else_stay_apart(tmp_path):
    assert not together(_two(tmp_path, CLINIC, CLINIC_CUT, b_day="2020-09-01"), CLINIC, CLINIC_CUT)
    assert not together(_two(tmp_path / "b", CLINIC, CLINIC_CUT, b_speaker="Jonas Berg"), CLINIC, CLINIC_CUT)


def test_an_idiom_a_speaker_uses_again_months_later_does_not_link_the_two_remarks(tmp_path):
    first = "a witch hunt, plain and simple"
    later = "This whole inquiry is a witch hunt, plain and simple, and everybody in this town knows it."
    assert not together(_two(tmp_path, first, later, b_day="2020-11-20"), first, later)
    assert together(_two(tmp_path / "b", first, later), first, later)


def test_into_written_in_two_words_with_two_words_added_is_one_wording(tmp_path):
    a = "pushed into a war we did not choose"
    b = "pushed in to a war that we simply did not choose"
    assert together(_two(tmp_path, a, b), a, b)


def test_a_short_cut_joins_another_outlets_cut_of_the_same_words_not_a_longer_passage(tmp_path):
    """Two passages of one unsigned document in one article both hold the
    words; another paper quotes them with one word more. Their cut, not
    the longer passage, is the same wording."""
    cut = "senior harbour authority officials"
    other_cut = "to senior harbour authority officials"
    passage = "were contacted by senior harbour authority officials to ask about the next permits"
    db = tmp_path / "t.db"
    add_stories(
        db,
        [
            Story("Lantern", [Said(cut, "Ana Ruiz")], published="2020-05-01"),
            Story("Kestrel", [Said(other_cut), Said(passage)], published="2020-05-01"),
        ],
    )
    assert together(db, cut, other_cut)
    assert not together(db, cut, passage)
