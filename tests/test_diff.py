"""Word-level diffs between two wordings of a quote."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.wording.diff import diff_words, split_words

WIRE_COPY = (
    "We will not sign anything this month. We are pressing ahead with the talks "
    "(with Brazil - AFP) in good faith. Our aim is a fair deal for farmers."
)


def kinds(diff):
    return [op.kind for op in diff.ops]


def test_capitals_punctuation_marks_hyphens_contractions_and_insertions_do_not_count():
    a = "we won’t sign anything this month -- we're pressing ahead with the pro-active talks in good faith; our aim is a fair deal for farmers"
    b = "We will not sign anything this month. We are pressing ahead with the proactive talks (with Brazil - AFP) in good faith. Our aim is a fair deal for farmers."
    diff = diff_words(a, b)
    assert diff.identical, diff.ops
    assert kinds(diff) == ["same"]


def test_a_dropped_apostrophe_or_a_space_in_a_compound_is_not_a_change():
    wire = "We’re pushing ahead with pro-active work on the harbour bridge every day"
    for pasted in (
        "Were pushing ahead with pro active work on the harbor bridge everyday",
        "We're pushing ahead with proactive work on the harbour bridge every day",
        '"We’re pushing ahead with pro-active work on the harbour bridge every day"',
    ):
        diff = diff_words(pasted, wire)
        assert diff.identical, (pasted, diff.ops)
        assert diff.longest_run == diff.a_words
    assert not diff_words("We were pushing ahead with work", "We're pushing ahead with work").identical


def test_an_extract_is_a_trim_at_both_ends_and_lines_up_with_its_own_run():
    diff = diff_words("We are pressing ahead with the talks in good faith", WIRE_COPY)
    assert kinds(diff) == ["cut", "same", "cut"]
    assert diff.only_trimmed and not diff.identical
    assert diff.cut == diff.cut_at_ends == 15
    assert diff.ops[0].b == "We will not sign anything this month."
    assert "(with Brazil - AFP)" in diff.ops[1].b  # shown as written, ignored in matching


def test_a_cut_where_the_paste_marks_an_elision_is_a_marked_cut():
    diff = diff_words("We will not sign anything... our aim is a fair deal", WIRE_COPY)
    assert diff.only_trimmed
    assert diff.cut_at_elisions == 12 and diff.cut_unmarked == 0
    assert diff.cut_at_ends == 2


def test_a_silent_cut_inside_the_quote_is_not_a_trim():
    diff = diff_words("We will sign anything this month", WIRE_COPY)
    assert diff.cut_unmarked == 1
    assert not diff.only_trimmed
    assert any(op.kind == "cut" and op.b == "not" for op in diff.ops)


def test_changed_and_added_words_are_shown_as_written():
    diff = diff_words("Our aim is a FAIR deal for everyone, truly", "Our aim is a fair deal for farmers.")
    changed = [op for op in diff.ops if op.kind in ("changed", "added")]
    assert changed and changed[0].a == "everyone, truly" and changed[0].b == "farmers."
    assert diff.changed == 1 and diff.added == 1
    assert diff.summary() == "1 word changed, 1 word added"


def test_elision_marks_and_insertions_are_words_without_matching_tokens():
    words = split_words("Talks…are (with Brazil - AFP) going . . . well")
    assert [w.text for w in words if w.gap] == ["…", ". . ."]
    assert [w.text for w in words if w.inserted] == ["(with", "Brazil", "-", "AFP)"]
    assert [t for w in words for t in w.tokens] == ["talks", "are", "going", "well"]


_wordings = st.lists(
    st.sampled_from(
        ["We", "will", "talk", "Russia’s", "pro-active", "(with", "AFP)", "...", "—", "“", "it's", "done."]
    ),
    max_size=12,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(_wordings, _wordings)
def test_every_written_word_is_shown_once_on_its_side(a, b):
    diff = diff_words(a, b)
    assert "".join(op.a for op in diff.ops).replace(" ", "") == a.replace(" ", "")
    assert "".join(op.b for op in diff.ops).replace(" ", "") == b.replace(" ", "")
    assert diff.same + diff.changed + diff.added == diff.a_words
    assert diff.same_b + diff.changed + diff.cut == diff.b_words


@settings(max_examples=100, deadline=None)
@given(_wordings)
def test_a_wording_is_identical_to_itself(text):
    diff = diff_words(text, text)
    assert diff.identical or diff.a_words == 0


# ---------------------------------------------------------------- long wordings


def test_long_wordings_are_aligned_in_small_pieces(monkeypatch):
    """SequenceMatcher takes time cubic in texts that repeat a few words;
    past two quotes' length it only ever sees small pieces."""
    import provenance.wording.diff as diff

    seen = []
    real = diff.SequenceMatcher

    def recording(junk, a, b, autojunk):
        seen.append(diff._pairs(a, b))
        return real(junk, a, b, autojunk=autojunk)

    monkeypatch.setattr(diff, "SequenceMatcher", recording)
    repeated = "I will not give up. " * 800
    assert diff_words(repeated, repeated.replace("give", "take", 1)).summary() == "1 word changed"
    assert diff_words("we will not give up " * 800, "they will not give up " * 800).changed >= 800
    assert max(seen) <= diff.MATCH_BUDGET


def test_a_long_wording_with_one_change_reads_as_one_change():
    words = [f"w{i}" for i in range(3000)]
    text = " ".join(words)
    assert diff_words(" ".join(words[:1500] + ["extra"] + words[1500:]), text).summary() == "1 word added"
    trimmed = diff_words(" ".join(words[100:2900]), text)
    assert trimmed.only_trimmed and trimmed.cut == trimmed.cut_at_ends == 200


def test_a_wording_over_the_cap_is_refused():
    from provenance.limits import MAX_WORDING_CHARS, WordingTooLong

    with pytest.raises(WordingTooLong):
        diff_words("x" * (MAX_WORDING_CHARS + 1), "x")
