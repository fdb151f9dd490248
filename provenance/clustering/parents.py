"""Parents: the one wording parent and the one statement parent each
phrase links to.

**One parent.** Each phrase joins at most one parent: its best verified
match among *greater* phrases (longer; ties by wording), so a fragment
shared by two remarks cannot chain them together; a short fragment whose
candidates fall in two camps of equal size joins neither (among its own
speaker's remarks, the camp it is a whole sentence of, else the one quoted
in more articles, wins). Clusters are the trees of this forest. Every
decision depends only on the phrases themselves, never on the order they
arrived in, so adding articles one by one gives the partition one build
gives.

**Statements.** Each phrase also takes at most one statement parent: a
greater phrase by the same speaker, close in time, that shares most of its
content words without being the same wording (another translation or
paraphrase). Two remarks sharing a few of the speaker's topic words
("Russia", "countries", "systems") spread over the longer one are two
statements, whatever their dates. Statements are clusters joined by
those links.
"""

from __future__ import annotations

from rapidfuzz.distance import LCSseq

from ..records import Phrase
from .alignment import WordingMatch, speaker_relation, verify_wording
from .rules import (
    AMBIGUITY_CHECKS,
    MIN_MATCH,
    SLACK,
    STMT_MAX_DAYS,
    STMT_MIN_COMMON,
    STMT_MIN_SHARE,
    STMT_SPREAD,
    STMT_SPREAD_SLACK,
)

# A phrase's choice: its parent id, its statement parent id, and whether a tie left it apart
Choice = tuple[int | None, int | None, bool]


def _rank(m: WordingMatch, c: Phrase) -> tuple:
    """A verified match's rank, higher is better: speakers not differing,
    then agreeing, more tokens aligned, more of the smaller wording
    covered, a shorter candidate; the candidate's wording and key break ties."""
    return (m.speakers >= 0, m.speakers, m.matched, round(m.coverage, 6), -c.size, c.norm, c.key)


def choose_parent(p: Phrase, candidates: list[Phrase]) -> Phrase | None:
    """The one parent of p among greater phrases, or None (see :func:`decide_parent`)."""
    return decide_parent(p, candidates)[0]


def decide_parent(p: Phrase, candidates: list[Phrase]) -> tuple[Phrase | None, bool]:
    """The one parent of p among greater phrases, or None.

    When the best match is weak (a short shared stretch), the best few
    candidates of its rank vote in camps (candidates that are one wording
    together): p joins the biggest camp; when two camps tie, p is a
    formula or a fragment two remarks share, and joins neither.

    Candidates are verified best-first by an upper bound of their rank
    (speakers, then the LCS length), stopping once no unverified one can
    enter the ranks that decide. Returns the parent and whether p has none
    because of a tie."""
    order = p.order
    bounds = []
    for c in candidates:
        if c.order > order:
            lcs = LCSseq.similarity(p.code, c.code, score_cutoff=MIN_MATCH)
            if lcs:
                rel = speaker_relation(p, c)
                bounds.append(((rel >= 0, rel, lcs), c))
    if not bounds:
        return None, False
    bounds.sort(key=lambda t: t[0], reverse=True)
    matches: list[tuple[tuple, WordingMatch, Phrase]] = []
    for bound, c in bounds:
        if matches:
            need = 1 if matches[0][1].strong else AMBIGUITY_CHECKS + 1
            if len(matches) >= need and bound < matches[need - 1][0][:3]:
                break
        m = verify_wording(p, c)
        if m is not None:
            matches.append((_rank(m, c), m, c))
            matches.sort(key=lambda t: t[0], reverse=True)
    if not matches:
        return None, False
    _, best, parent = matches[0]
    if best.strong:
        return parent, False
    whole = {c.id for _, m, c in matches if m.matched == p.size}
    # A weak best match: the top candidates of its rank vote in camps of
    # one wording; the biggest camp wins, a tie means p is ambiguous.
    camps: list[list[Phrase]] = []
    for _, other, c in matches[: AMBIGUITY_CHECKS + 1]:
        if other.speakers != best.speakers:
            break
        for camp in camps:
            lo, hi = (c, camp[0]) if c.order < camp[0].order else (camp[0], c)
            if verify_wording(lo, hi) is not None:
                camp.append(c)
                break
        else:
            camps.append([c])
    sizes = sorted((len(camp) for camp in camps), reverse=True)
    if len(sizes) > 1 and sizes[0] == sizes[1]:
        tied = [camp for camp in camps if len(camp) == sizes[0]]
        # Another outlet's cut of the same few words ("to senior campaign
        # officials" for "senior campaign officials") beats a longer
        # passage they also appear in: the camp holding p whole with at most
        # SLACK words more wins, when only one camp does.
        same_cut = [camp for camp in tied if any(c.id in whole and c.size - p.size <= SLACK for c in camp)]
        if len(same_cut) == 1:
            return same_cut[0][0], False
        if best.speakers > 0:
            # One speaker's fragment in two of that speaker's remarks: the
            # remark it is a whole sentence of, else the one more outlets
            # quoted, wins; a tie there too leaves it apart.
            sentence = {c.id for _, m, c in matches if m.sentence}
            weight = sorted(
                ((any(c.id in sentence for c in camp), sum(1 if c.article is not None else 2 for c in camp)), i)
                for i, camp in enumerate(tied)
            )
            if weight[-1][0] > weight[-2][0]:
                return tied[weight[-1][1]][0], False
        return None, True
    return max(camps, key=len)[0], False


def statement_similarity(p: Phrase, c: Phrase, p_stems: frozenset[str] | None = None) -> tuple[float, int] | None:
    """(share, common) of content words when p and c could be one remark
    by one speaker in other words; None when not."""
    if speaker_relation(p, c) != 1:
        return None
    dp, dc = p.day, c.day
    if dp is not None and dc is not None and abs(dp - dc) > STMT_MAX_DAYS:
        return None
    sp = p_stems if p_stems is not None else set(p.ccode)
    sc = set(c.ccode)
    common = len(sp & sc)
    if common < STMT_MIN_COMMON:
        return None
    share = common / min(len(sp), len(sc))
    if share < STMT_MIN_SHARE:
        return None
    short, long = (p, c) if len(p.code) <= len(c.code) else (c, p)
    if shortest_stretch(long.code, sp & sc) > STMT_SPREAD * len(short.code) + STMT_SPREAD_SLACK:
        return None
    return share, common


def shortest_stretch(code: str, chars: set[str]) -> int:
    """Tokens in the shortest stretch of ``code`` that holds every one of
    ``chars`` (another translation of a remark, or of a part of it, says
    its content words in one stretch of the other; a speaker's topic words
    spread over a long remark of theirs are not one)."""
    need = len(chars)
    have: dict[str, int] = {}
    lo, best = 0, len(code) + 1
    for hi, ch in enumerate(code):
        if ch not in chars:
            continue
        have[ch] = have.get(ch, 0) + 1
        while len(have) == need:
            best = min(best, hi - lo + 1)
            x = code[lo]
            lo += 1
            if x in have:
                have[x] -= 1
                if not have[x]:
                    del have[x]
    return best


def choose_statement_parent(p: Phrase, candidates: list[Phrase]) -> Phrase | None:
    """The one statement parent of p: the greater phrase, not its own
    wording, most like it in content."""
    order = p.order
    stems = frozenset(p.ccode)
    ranked = []
    for c in candidates:
        if c.order > order:
            sim = statement_similarity(p, c, p_stems=stems)
            if sim is not None:
                ranked.append(((sim[0], sim[1], c.norm, c.key), c))
    ranked.sort(key=lambda t: t[0], reverse=True)
    for _, c in ranked:
        if verify_wording(p, c) is None:
            return c
    return None


def update_choice(
    p: Phrase,
    w_new: list[tuple[Phrase, WordingMatch]],
    s_new: list[Phrase],
    loaded: dict[int, Phrase],
    before: dict[int, Phrase],
) -> Choice | None:
    """p's parent, statement parent and tie when new candidates join its
    old ones, from its old choices alone; None when that cannot be told (its
    old parent was weak or none, or an old choice changed itself)."""
    parent = loaded.get(p.parent) if p.parent is not None else None
    if w_new:
        if parent is None or parent.id in before:
            return None  # no parent before: the new candidates decide, with all the old ones
        old = verify_wording(p, parent)
        if old is None or not old.strong:
            return None
        best_rank, best = _rank(old, parent), parent
        for c, m in w_new:
            r = _rank(m, c)
            if r > best_rank:
                if not m.strong:
                    return None  # a weak best match is decided by a vote among all candidates
                best_rank, best = r, c
        parent = best
    stmt = loaded.get(p.statement_parent) if p.statement_parent is not None else None
    if s_new:
        if stmt is not None and stmt.id in before:
            return None
        stmt = choose_statement_parent(p, ([stmt] if stmt is not None else []) + s_new)
    return (parent.id if parent else None), (stmt.id if stmt else None), p.tied
