"""Variant clustering: which wordings are one remark's wording, which
are other translations of it, and which only look alike."""

from __future__ import annotations

import numpy as np
import pytest
from fixtures.databases import Said, Story, add_stories, groups_of, rows, together

from provenance.clustering.alignment import verify_wording
from provenance.clustering.parents import choose_parent
from provenance.clustering.phrases import Vocab
from provenance.records import Phrase
from provenance.wording.form import match_form

FULL = (
    "We will keep the border crossings open for trucks carrying medicine, and we will not close them "
    "because of a quarrel between capitals."
)


TRANSLATIONS = (
    "We are negotiating with Norway about the frigates, but we are also talking to other shipyards about these "
    "ships. Norway's attitude to the purchase is constructive.",
    "Our negotiations on the frigates are held not only with Norway but also with other shipyards building such "
    "ships. Norway's position on the purchase is constructive now.",
)


def _phrase(pid: int, text: str, speaker: int | None = None) -> Phrase:
    form = match_form(text)
    return Phrase(
        pid,
        pid,
        " ".join(form.tokens),
        form.elisions,
        form.breaks,
        frozenset([speaker]) if speaker else frozenset(),
        frozenset(),
        None,
        None,
        commas=form.commas,
    )


def test_truncations_elisions_insertions_and_contractions_are_one_wording(tmp_path):
    db = tmp_path / "t.db"
    variants = [
        FULL,
        "We will keep the border crossings open for trucks carrying medicine,",
        "We will keep the border crossings open ... and we will not close them because of a quarrel between capitals.",
        "We will keep the border crossings [to Moldova] open for trucks carrying medicine",
        "We\u2019ll keep the border crossings open for trucks carrying medicine, and we won\u2019t close them "
        "because of a quarrel between capitals",
        "we will keep the border-crossings open for trucks carrying medicine and we will not close them because "
        "of a quarrel between capitals",
    ]
    add_stories(db, [Story(f"Outlet {i}", [Said(v, "Ana Torres")]) for i, v in enumerate(variants)])
    clusters = groups_of(db)
    assert frozenset(variants) in clusters
    # the raw wording is kept as written
    stored = {r["text"] for r in rows(db, "select text from quotes")}
    assert stored == set(variants)


def test_two_outlets_quoting_overlapping_windows_of_one_remark_share_a_cluster(tmp_path):
    db = tmp_path / "t.db"
    a = "The budget is a promise we made to every teacher in this province. We intend to keep every word of it."
    b = "We intend to keep every word of it, and the figures will be published line by line on Friday."
    add_stories(
        db, [Story("Morning Post", [Said(a, "Lena Fischer")]), Story("Evening Star", [Said(b, "Lena Fischer")])]
    )
    assert together(db, a, b)


def test_an_aside_one_outlet_drops_unmarked_does_not_split_the_wording(tmp_path):
    db = tmp_path / "t.db"
    # one outlet keeps the speaker's aside between commas, the other quotes
    # a later window of the remark and leaves the aside out without "..."
    a = "I believe the housing plan has been, by most accounts, a failure from the start."
    b = (
        "has been a failure from the start. We have watched rents climb, wages stall and families leave the city "
        "for good."
    )
    add_stories(
        db,
        [
            Story("Morning Post", [Said(a, "Lena Fischer")], "2021-03-02"),
            Story("Evening Star", [Said(b, "Lena Fischer")], "2021-03-02"),
        ],
    )
    assert together(db, a, b)
    # the same between dashes
    vocab = Vocab()
    p = _phrase(1, "The harbour tax was \u2014 let me be clear \u2014 a gift to shipping firms.", 7)
    c = _phrase(2, "The harbour tax was a gift to shipping firms.", 7)
    for x in (p, c):
        vocab.prepare(x)
    assert verify_wording(c, p) is not None


def test_wordings_that_differ_by_a_stretch_between_commas_are_not_made_one_by_it():
    vocab = Vocab()
    pairs = [
        # each wording has its own words between the commas: two remarks on one frame
        (
            "The new budget has been, for farmers and fishermen, a lifeline this year.",
            "The new budget has been, for nurses in rural clinics, a lifeline this year.",
        ),
        # a stretch between commas too long to be an aside
        (
            "The old bridge was, as the engineers warned the council in a report last spring, unsafe for lorries.",
            "The old bridge was unsafe for lorries.",
        ),
    ]
    for i, (x, y) in enumerate(pairs):
        p, c = _phrase(2 * i + 1, x, 7), _phrase(2 * i + 2, y, 7)
        for phrase in (p, c):
            vocab.prepare(phrase)
        lo, hi = (p, c) if p.order < c.order else (c, p)
        assert verify_wording(lo, hi) is None, (x, y)


def test_a_formula_in_two_remarks_does_not_glue_them(tmp_path):
    db = tmp_path / "t.db"
    pipeline = "We will continue these talks, and the new pipeline will be finished before the end of next year."
    harvest = "The harvest was poor this season, but we will continue these talks with the farmers' unions."
    formula = "We will continue these talks."
    add_stories(
        db,
        [
            Story("Daily A", [Said(pipeline, "Omar Haddad")]),
            Story("Daily B", [Said(harvest, "Ruth Lindqvist")]),
            Story("Daily C", [Said(formula)]),
        ],
    )
    assert not together(db, pipeline, harvest)
    assert not together(db, formula, pipeline) and not together(db, formula, harvest)


def test_the_same_short_line_by_two_people_is_two_remarks(tmp_path):
    db = tmp_path / "t.db"
    add_stories(
        db,
        [
            Story("Daily A", [Said("This is a disgrace.", "Omar Haddad")]),
            Story("Daily B", [Said("This is a disgrace!", "Ruth Lindqvist")]),
        ],
    )
    assert len(groups_of(db)) == 2


def test_wordings_that_share_a_stretch_but_diverge_on_both_sides_stay_apart(tmp_path):
    db = tmp_path / "t.db"
    a = "After six months of hearings the inquiry found no evidence of wrongdoing by the port authority."
    b = "Our auditors found no evidence of wrongdoing in last year's tenders for the new ferries."
    add_stories(db, [Story("Daily A", [Said(a, "Ines Duarte")]), Story("Daily B", [Said(b, "Ines Duarte")])])
    assert not together(db, a, b)


def test_a_fragment_that_fits_two_unrelated_remarks_joins_neither():
    vocab = Vocab()
    fragment = _phrase(1, "a matter of national security")
    first = _phrase(2, "The sale of these radars to a foreign buyer is a matter of national security for all of us")
    second = _phrase(3, "Keeping the old shipyard open is a matter of national security, not of local pride")
    for p in (fragment, first, second):
        vocab.prepare(p)
    assert verify_wording(fragment, first) and verify_wording(fragment, second)
    assert choose_parent(fragment, [first, second]) is None
    # with a third variant of the first remark, the first remark wins the vote
    third = _phrase(4, "The sale of these radars to a foreign buyer is a matter of national security for all")
    vocab.prepare(third)
    assert choose_parent(fragment, [first, second, third]) in (first, third)


def test_matching_is_not_token_set_similarity():
    """Same words, other order and other meaning: token_set_ratio gives 100."""
    vocab = Vocab()
    a = _phrase(1, "the union will not accept the offer unless the management withdraws the plan", 7)
    b = _phrase(2, "the management will not withdraw the plan unless the union accepts the offer", 7)
    for p in (a, b):
        vocab.prepare(p)
    assert verify_wording(a, b) is None


def test_translations_of_one_remark_by_one_speaker_are_one_statement(tmp_path):
    db = tmp_path / "t.db"
    first, second = TRANSLATIONS
    other_person = (
        "Norway is negotiating about frigates with other shipyards, and its attitude to the purchase "
        "of these ships is constructive."
    )
    add_stories(
        db,
        [
            Story("Wire Service", [Said(first, "Defne Aksoy")], published="2021-03-02"),
            Story("Harbour Times", [Said(second, "Defne Aksoy")], published="2021-03-02"),
            Story("Coast News", [Said(other_person, "Jonas Berg")], published="2021-03-02"),
        ],
    )
    assert not together(db, first, second)  # two translations: two wordings ...
    assert together(db, first, second, "statement_id")  # ... of one remark
    assert not together(db, first, other_person, "statement_id")


def test_translations_months_apart_are_two_statements(tmp_path):
    db = tmp_path / "t.db"
    first, second = TRANSLATIONS
    add_stories(
        db,
        [
            Story("Wire Service", [Said(first, "Defne Aksoy")], published="2021-03-02"),
            Story("Harbour Times", [Said(second, "Defne Aksoy")], published="2021-09-20"),
        ],
    )
    assert not together(db, first, second, "statement_id")


FRAGMENT = "We're not only holding talks with Norway ... but also with other shipyards that build similar frigates"
OTHER_REMARK = (
    "The navy certainly needs new frigates and has started a programme to build its own at home. "
    "That takes years, so we have held talks with different shipyards to meet the urgent need, "
    "and it seems Norway is the best partner for the navy at the moment."
)


@pytest.mark.parametrize("published", [None, "2021-03-02"])
def test_two_remarks_sharing_a_few_topic_words_are_two_statements_whatever_the_dates(tmp_path, published):
    """A fragment of one remark shares five of its eight content words
    ("talks", "Norway", "shipyards", "build", "frigates") with another remark
    of the speaker the same day, spread over all of that one: two remarks.
    The other translation of its own remark says them in one stretch."""
    db = tmp_path / "t.db"
    add_stories(
        db,
        [
            Story("Wire Service", [Said(TRANSLATIONS[0], "Defne Aksoy")], published=published),
            Story("Harbour Times", [Said(FRAGMENT, "Defne Aksoy")], published=published),
            Story("Coast News", [Said(OTHER_REMARK, "Defne Aksoy")], published=published),
        ],
    )
    assert together(db, FRAGMENT, TRANSLATIONS[0], "statement_id")
    assert not together(db, FRAGMENT, OTHER_REMARK, "statement_id")
    assert not together(db, TRANSLATIONS[0], OTHER_REMARK, "statement_id")


def test_a_fragment_and_a_remark_it_shares_topic_words_with_stay_apart(tmp_path):
    db = tmp_path / "t.db"
    add_stories(
        db,
        [
            Story("Harbour Times", [Said(FRAGMENT, "Defne Aksoy")], published="2021-03-02"),
            Story("Coast News", [Said(OTHER_REMARK, "Defne Aksoy")], published="2021-03-02"),
        ],
    )
    assert not together(db, FRAGMENT, OTHER_REMARK, "statement_id")


def test_every_quote_has_exactly_one_cluster_and_every_cluster_one_statement(tmp_path):
    db = tmp_path / "t.db"
    add_stories(
        db,
        [
            Story("Daily A", [Said(FULL, "Ana Torres"), Said("Nothing else to add.", None)]),
            Story("Daily B", [Said(FULL[:60], "Ana Torres")]),
        ],
    )
    assert rows(db, "select count(*) n from quotes where cluster_id is null")[0]["n"] == 0
    assert (
        rows(db, "select count(*) n from clusters where statement_id not in (select id from statements)")[0]["n"] == 0
    )
    counts = rows(
        db,
        "select c.id, c.quote_count, count(q.id) n from clusters c join quotes q on q.cluster_id = c.id group by c.id",
    )
    assert all(r["quote_count"] == r["n"] for r in counts)


def test_long_wordings_need_a_third_shared_stretch_and_short_ones_a_rare_one():
    """Blocking: two wordings of more than LONG_BLOCK tokens sharing two
    three-word keys are not compared (a stock phrase, not a remark), with
    three they are; a short wording's single shared key pairs it only while
    at most SHORT_MAX_DF phrases hold that key."""
    from provenance.clustering.blocking import candidate_pairs
    from provenance.clustering.rules import LONG_BLOCK, SHORT_BLOCK

    def pairs(postings, sizes, short_df=50):
        keys = np.array([k for k, _ in postings], dtype=np.int64)
        ids = np.array([i for _, i in postings], dtype=np.int64)
        order = np.lexsort((ids, keys))
        size_col = np.array([sizes[i] for i in ids[order].tolist()], dtype=np.int64)
        xs, ys, _ = candidate_pairs(keys[order], ids[order], None, 50, 2, size_col, SHORT_BLOCK, LONG_BLOCK, short_df)
        return set(zip(xs.tolist(), ys.tolist()))

    long_ = {1: LONG_BLOCK + 5, 2: LONG_BLOCK + 9}
    assert pairs([(10, 1), (10, 2), (11, 1), (11, 2)], long_) == set()
    assert pairs([(10, 1), (10, 2), (11, 1), (11, 2), (12, 1), (12, 2)], long_) == {(1, 2), (2, 1)}
    assert pairs([(10, 1), (10, 2), (11, 1), (11, 2)], {1: LONG_BLOCK, 2: LONG_BLOCK + 9}) == {(1, 2), (2, 1)}

    short = {1: SHORT_BLOCK, 2: 30, 3: 12, 4: 14}
    one_key = [(20, 1), (20, 2), (20, 3), (20, 4)]
    assert (1, 2) in pairs(one_key, short) and (3, 4) not in pairs(one_key, short)
    assert pairs(one_key, short, short_df=3) == set()  # held by four: too common to pair on alone


def _one_remark_on_days(days: range) -> list[Story]:
    remark = "Our ministry will sign the contract for the new air defence systems before the summer recess"
    return [
        Story(
            "Daily Wire",
            [Said(remark, "Fikri Isik")],
            published=f"2017-{1 + d // 28:02d}-{1 + d % 28:02d}",
            extra=str(d),
        )
        for d in days
    ]


def test_a_remark_quoted_on_many_days_is_one_wording(tmp_path):
    """A remark repeated often is the most important one to group: quoted
    on more days than a key may be shared by before it is a formula, it is
    still one wording (it was one cluster per day)."""
    db = tmp_path / "many.db"
    add_stories(db, _one_remark_on_days(range(60)))
    assert rows(db, "select count(distinct cluster_id) as n, count(*) as q from quotes") == [{"n": 1, "q": 60}]


def test_a_remark_quoted_on_many_days_added_a_few_days_at_a_time_is_one_wording(tmp_path):
    db = tmp_path / "many.db"
    for start in range(0, 70, 10):
        add_stories(db, _one_remark_on_days(range(start, start + 10)))
    assert rows(db, "select count(distinct cluster_id) as n, count(*) as q from quotes") == [{"n": 1, "q": 70}]
