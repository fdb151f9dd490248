"""Verification: are two phrases one wording?

By an order-aware alignment (:func:`align`): the longest-common-subsequence
blocks of two wordings, the densest run of them, and rules on what is
left over (:func:`verify_wording`): one wording inside the other
(truncation, elision, insertion) or the end of one overlapping the start
of the other (two outlets quoting overlapping windows of one remark).
Words that diverge on both sides of a shared stretch are two remarks
sharing a phrase, not one; a stretch that keeps the frame but changes the
content words is another translation. Short shared stretches need the
speakers to agree, except where one speaker is unknown and, within a day,
the smaller wording is found whole and unbroken in the other, or is whole
sentences of it (one function word may differ: "What was that? A drill?"
in "... What was that, the drill? ...").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rapidfuzz.distance import LCSseq

from ..records import Phrase
from .rules import (
    ASIDE,
    CONTENT_DENSITY,
    DENSITY,
    DOVETAIL_MIN,
    FRAGMENT_DAYS,
    GAP_PENALTY,
    IDENTITY_MAX_DAYS,
    MIN_CONTENT,
    MIN_MATCH,
    MIN_TOKENS,
    NEAR_DAYS,
    SENTENCE_MAX,
    SLACK,
    STRONG,
    STRONG_CONTENT,
    WEAK_MAX_DAYS,
)


@dataclass(frozen=True, slots=True)
class Alignment:
    """The densest aligned run of two coded wordings a and b."""

    matched: int
    content: int
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_gaps: int  # unaligned tokens inside a's stretch (not explained by an elision in b)
    b_gaps: int
    a_content: int = 0  # content words inside each side's stretch, aligned or not
    b_content: int = 0


def _elided(elisions: tuple[int, ...], lo: int, hi: int) -> bool:
    return any(lo <= e <= hi for e in elisions) if elisions else False


def _count(mask: int, lo: int, hi: int) -> int:
    """Content words among tokens lo..hi of a wording (from its mask)."""
    return ((mask >> lo) & ((1 << (hi - lo)) - 1)).bit_count() if hi > lo else 0


def align(
    a: str,
    b: str,
    a_elisions: tuple[int, ...] = (),
    b_elisions: tuple[int, ...] = (),
    a_mask: int | None = None,
    b_mask: int | None = None,
    a_breaks: tuple[int, ...] = (),
    b_breaks: tuple[int, ...] = (),
    a_commas: tuple[int, ...] = (),
    b_commas: tuple[int, ...] = (),
) -> Alignment | None:
    """Align two coded wordings: the LCS blocks, then the run of blocks
    with the best score (aligned tokens minus a penalty per unaligned
    token between blocks). Words skipped at an elision of the other side
    cost nothing, nor do whole sentences or a short aside between commas
    that one side drops unmarked. Content words are counted from the
    masks (every token counts without them)."""
    forward = [(m.a, m.b, m.size) for m in LCSseq.editops(a, b).as_matching_blocks() if m.size]
    if not forward:
        return None
    cuts = (a_elisions, b_elisions, a_breaks, b_breaks, a_commas, b_commas)
    best = _best_run(forward, *cuts)
    if best[2] > 0 or best[3] < len(forward) - 1:
        # blocks were left out: the leftmost LCS may have torn the run, try the rightmost
        la, lb = len(a), len(b)
        backward = [
            (la - m.a - m.size, lb - m.b - m.size, m.size)
            for m in reversed(LCSseq.editops(a[::-1], b[::-1]).as_matching_blocks())
            if m.size
        ]
        other = _best_run(backward, *cuts)
        if other[0] > best[0]:
            best = other
    _, blocks, s, e, matched, gaps_a, gaps_b, free = best
    first, last = blocks[s], blocks[e]
    a_start, a_end, b_start, b_end = first[0], last[0] + last[2], first[1], last[1] + last[2]
    if a_mask is None or b_mask is None:
        return Alignment(matched, matched, a_start, a_end, b_start, b_end, gaps_a, gaps_b, matched, matched)
    content = sum(_count(a_mask, ba, ba + size) for ba, _, size in blocks[s : e + 1])
    a_content = _count(a_mask, a_start, a_end)
    b_content = _count(b_mask, b_start, b_end)
    for side, lo, hi in free:  # words skipped at an elision or dropped sentences do not count
        if side == "a":
            a_content -= _count(a_mask, lo, hi)
        else:
            b_content -= _count(b_mask, lo, hi)
    return Alignment(matched, content, a_start, a_end, b_start, b_end, gaps_a, gaps_b, a_content, b_content)


def _dropped_unmarked(
    gap: int,
    lo: int,
    hi: int,
    breaks: tuple[int, ...],
    commas: tuple[int, ...],
    other_at: int,
    other_breaks: tuple[int, ...],
) -> bool:
    """Are one side's ``gap`` words lo..hi, where the other side runs
    straight on at ``other_at``, whole sentences (both sides break there)
    or a short aside between commas?"""
    return (other_at in other_breaks and lo in breaks and hi in breaks) or (
        gap <= ASIDE and lo in commas and hi in commas
    )


def _best_run(
    blocks: list[tuple[int, int, int]],
    a_elisions: tuple[int, ...],
    b_elisions: tuple[int, ...],
    a_breaks: tuple[int, ...],
    b_breaks: tuple[int, ...],
    a_commas: tuple[int, ...],
    b_commas: tuple[int, ...],
):
    """Kadane over matching blocks: the run with the best score."""
    best = None
    run_start, score, gaps_a, gaps_b, matched, free = 0, 0.0, 0, 0, 0, []
    prev = None
    for i, blk in enumerate(blocks):
        ba, bb, size = blk
        if prev is not None:
            pa, pb, psize = prev
            ga = ba - (pa + psize)
            gb = bb - (pb + psize)
            # one side's extra words are skipped free at an elision of the
            # other, or where the other runs straight on and they are
            # dropped unmarked
            skip_b = bool(gb) and (
                _elided(a_elisions, pa + psize, ba)
                or (ga == 0 and _dropped_unmarked(gb, pb + psize, bb, b_breaks, b_commas, ba, a_breaks))
            )
            skip_a = bool(ga) and (
                _elided(b_elisions, pb + psize, bb)
                or (gb == 0 and _dropped_unmarked(ga, pa + psize, ba, a_breaks, a_commas, bb, b_breaks))
            )
            penalty = GAP_PENALTY * max(0 if skip_a else ga, 0 if skip_b else gb)
            if score - penalty > 0:
                score -= penalty
                gaps_a += 0 if skip_a else ga
                gaps_b += 0 if skip_b else gb
                if skip_a:
                    free = free + [("a", pa + psize, ba)]
                if skip_b:
                    free = free + [("b", pb + psize, bb)]
            else:
                run_start, score, gaps_a, gaps_b, matched, free = i, 0.0, 0, 0, 0, []
        score += size
        matched += size
        if best is None or score > best[0]:
            best = (score, blocks, run_start, i, matched, gaps_a, gaps_b, free)
        prev = blk
    return best


@dataclass(frozen=True, slots=True)
class WordingMatch:
    """A verified wording link from a phrase to a greater phrase."""

    matched: int
    coverage: float  # share of the smaller phrase aligned
    kind: str  # "contained" or "overlap"
    speakers: int  # 1 agree, 0 unknown, -1 differ
    strong: bool = False
    sentence: bool = False  # one wording is whole sentences of the other


def speaker_relation(p: Phrase, c: Phrase) -> int:
    """1 when the phrases share a speaker (or one's name is part of the
    other's: "Fox", "Vicente Fox"); -1 when their speakers' full names have
    no word in common; else 0 (unknown, or "Ellen Vance" and "Frank Vance")."""
    if not p.speakers or not c.speakers:
        return 0
    if p.speakers & c.speakers or any(a <= b or b <= a for a in p.names for b in c.names):
        return 1
    if not p.names or not c.names or any(a & b for a in p.names for b in c.names):
        return 0
    if any(len(n) < 2 for n in p.names) or any(len(n) < 2 for n in c.names):
        return 0  # a one-word name ("Iowa", "president") is too often a misreading to count against
    return -1


def _overhangs(start: int, end: int, length: int, elisions: tuple[int, ...]) -> tuple[int, int]:
    """Tokens sticking out before and after an aligned stretch, counted only
    up to an elision (what lies beyond "..." is another fragment)."""
    if not elisions:
        return start, length - end
    left = start - max((e for e in elisions if e <= start), default=0)
    right = min((e for e in elisions if e >= end), default=length) - end
    return left, right


def verify_wording(p: Phrase, c: Phrase) -> WordingMatch | None:
    """Are p and c the same wording (one inside the other, or overlapping
    windows of one remark)? ``None`` when not. Both must be prepared
    (:meth:`Vocab.prepare`)."""
    la, lb = len(p.code), len(c.code)
    if (
        p.norm == c.norm
        and p.elisions == c.elisions
        and speaker_relation(p, c) > 0
        and (p.day is None or c.day is None or abs(p.day - c.day) <= IDENTITY_MAX_DAYS)
    ):
        return WordingMatch(la, 1.0, "same", 1, True)  # one speaker's very words, days apart
    if min(la, lb) < MIN_TOKENS:
        return None
    # Quick bounds before aligning: the aligned tokens and content words are
    # at most the longest common subsequences of the codes and content codes.
    common = LCSseq.similarity(p.code, c.code, score_cutoff=MIN_MATCH)
    if not common:
        return None
    apart = abs(p.day - c.day) if p.day is not None and c.day is not None else None
    near = apart is not None and apart <= NEAR_DAYS
    common_content = LCSseq.similarity(p.ccode, c.ccode)
    close = near or (apart is not None and apart <= FRAGMENT_DAYS)
    if common_content < (MIN_CONTENT if common < STRONG and not close else 1):
        return None
    al = align(p.code, c.code, p.elisions, c.elisions, p.mask, c.mask, p.breaks, c.breaks, p.commas, c.commas)
    sentence = al is not None and (_whole_sentence(al, p, c) or _whole_sentence(_swap(al), c, p))
    if not sentence and la < lb and la <= SENTENCE_MAX and c.breaks and not p.elisions:
        al = _sentence_alignment(p, c) or al  # the alignment may have picked a stray word elsewhere
        sentence = al is not None and _whole_sentence(al, p, c)
    if al is None or al.matched < MIN_MATCH:
        return None
    strong = al.matched >= STRONG and al.content >= STRONG_CONTENT
    if not strong and apart is not None and apart > WEAK_MAX_DAYS:
        return None  # a short stretch one speaker says again months later ("a witch hunt, plain and simple")
    rel = speaker_relation(p, c)
    # a few words of one speaker's longer quote, found whole in it a few days
    # apart at most, are cut from it, however little content they carry
    fragment = (
        rel > 0 and la < lb and apart is not None and apart <= FRAGMENT_DAYS and al.content and _exact_inside(al, la)
    )
    if (
        al.content < (MIN_CONTENT if al.matched < STRONG else 1)
        and not (sentence and near and al.content)
        and not fragment
    ):
        return None
    if al.matched / (al.matched + al.a_gaps) < DENSITY or al.matched / (al.matched + al.b_gaps) < DENSITY:
        return None
    if al.content < CONTENT_DENSITY * max(al.a_content, al.b_content):
        return None  # the same frame with other content words: another translation, another remark
    a_left, a_right = _overhangs(al.a_start, al.a_end, la, p.elisions)
    b_left, b_right = _overhangs(al.b_start, al.b_end, lb, c.elisions)
    # Where both wordings go on past the aligned stretch, the shorter
    # stray end may only be function words ("and", "but"), or one changed
    # word after a strong match or a match by the same speaker with some
    # content: more content words there mean the two diverge.
    allowed = 1 if (strong and rel >= 0) or (rel > 0 and al.content >= MIN_CONTENT + 1) else 0
    if a_left and b_left:
        stray = (
            _count(p.mask, al.a_start - a_left, al.a_start)
            if a_left <= b_left
            else _count(c.mask, al.b_start - b_left, al.b_start)
        )
        if stray > allowed:
            return None
    if a_right and b_right:
        stray = (
            _count(p.mask, al.a_end, al.a_end + a_right)
            if a_right <= b_right
            else _count(c.mask, al.b_end, al.b_end + b_right)
        )
        if stray > allowed:
            return None
    a_in = a_left <= SLACK and a_right <= SLACK
    b_in = b_left <= SLACK and b_right <= SLACK
    if a_in or b_in:
        kind = "contained"
        # the contained side must be mostly aligned, not just its ends
        if a_in and al.matched / (al.matched + al.a_gaps + a_left + a_right) < DENSITY:
            return None
        if not a_in and al.matched / (al.matched + al.b_gaps + b_left + b_right) < DENSITY:
            return None
    elif (a_left <= SLACK and b_right <= SLACK) or (b_left <= SLACK and a_right <= SLACK):
        kind = "overlap"
        if al.matched < DOVETAIL_MIN:
            return None
    else:
        return None  # they share a stretch but diverge on both sides of it
    found_whole = _exact_inside(al, la) and la > MIN_MATCH and (al.content >= MIN_CONTENT or al.matched >= STRONG)
    if (
        not strong
        and rel == 0
        and la < lb
        and not (p.article is not None and p.article == c.article)
        and near
        and (sentence or found_whole)
    ):
        pass  # a speaker unknown, but all of the shorter wording is in a longer one quoted a day apart at most
    elif not strong and (
        rel < 0 or (rel == 0 and (al.content < MIN_CONTENT + 1 or (p.article is not None and p.article == c.article)))
    ):
        return None  # a short stretch by two speakers, or with a speaker unknown and little content
    return WordingMatch(al.matched, al.matched / min(la, lb), kind, rel, strong, sentence)


def _swap(al: Alignment) -> Alignment:
    """The same alignment seen from the other wording."""
    return Alignment(
        al.matched,
        al.content,
        al.b_start,
        al.b_end,
        al.a_start,
        al.a_end,
        al.b_gaps,
        al.a_gaps,
        al.b_content,
        al.a_content,
    )


def _whole_sentence(al: Alignment, p: Phrase, c: Phrase) -> bool:
    """Is all of p one or more whole sentences of c, word for word but for
    at most one function word changed, added or left out ("What was that?
    A drill?" in "… What was that, the drill? …")? An outlet that quotes a
    sentence whole quotes that sentence, not words that happen to recur."""
    lc = len(c.code)
    return (
        al.a_start == 0
        and al.a_end == len(p.code)
        and al.a_gaps <= 1
        and al.b_gaps <= 1
        and (al.b_start == 0 or al.b_start in c.breaks)
        and (al.b_end == lc or al.b_end in c.breaks)
        and al.a_content == al.content == al.b_content
        and not p.elisions
    )


def _sentence_alignment(p: Phrase, c: Phrase) -> Alignment | None:
    """p aligned with a run of whole sentences of c about as long as p,
    when it is one of them (see :func:`_whole_sentence`)."""
    la, lc = len(p.code), len(c.code)
    bounds = [0, *c.breaks, lc]
    for i, start in enumerate(bounds[:-1]):
        for end in bounds[i + 1 :]:
            if end - start > la + 1:
                break
            if end - start < la - 1:
                continue
            width = end - start
            al = align(
                p.code,
                c.code[start:end],
                p.elisions,
                (),
                p.mask,
                (c.mask >> start) & ((1 << width) - 1),
                p.breaks,
                tuple(b - start for b in c.breaks if start < b < end),
                p.commas,
                tuple(b - start for b in c.commas if start < b < end),
            )
            if al is not None and al.b_start == 0 and al.b_end == width:
                al = replace(al, b_start=start, b_end=end)
                if _whole_sentence(al, p, c):
                    return al
    return None


def _exact_inside(al: Alignment, length: int) -> bool:
    """The smaller wording (of ``length`` tokens) appears whole and unbroken in the other."""
    return al.matched == length and al.a_start == 0 and al.a_end == length and al.b_end - al.b_start == length
