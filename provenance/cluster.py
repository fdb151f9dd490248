"""Clustering: variant wordings into clusters, clusters into statements.

A quote joins at most one parent: the best-matching longer wording (a
one-parent rule in the spirit of MemeTracker's phrase graph), so a short
fragment shared by two remarks cannot chain them together. Shingles that
occur in many quotes (formulas) never propose a match.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz.distance import LCSseq

from .normalize import match_tokens
from .records import Cluster, Statement

SHINGLE = 3
MAX_SHINGLE_FREQ = 50
MIN_TOKENS = 4
MIN_COVERAGE = 0.75
MIN_COMMON = 4
STOPWORDS = frozenset(
    "a an the and or but of to in on at for with by from as is are was were be been being it its this that these those "
    "we our us i me my you your he him his she her they them their not no so if then than there here will would can could "
    "should shall may might must do does did have has had also just only very now".split()
)


@dataclass
class QuoteItem:
    """What clustering and tracing need of a quote."""

    id: int
    text: str
    article_id: int
    speaker_id: int | None = None
    published: str | None = None
    outlet: str | None = None
    credited: str | None = None
    credited_kind: str | None = None
    wire: str | None = None


def _stem(word: str) -> str:
    for suffix in ("ings", "ing", "ies", "es", "s", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def wording_match(short: list[str], long: list[str]) -> float:
    """How much of the shorter wording appears, in order, in the longer one
    (0..1); 0 when too little is shared to say."""
    if len(short) < MIN_TOKENS:
        return 1.0 if short == long and len(short) >= 3 else 0.0
    common = LCSseq.similarity(short, long)
    if common < MIN_COMMON:
        return 0.0
    return common / len(short)


def cluster_quotes(items: list[QuoteItem]) -> tuple[list[Cluster], list[Statement]]:
    """Partition quotes into clusters (same wording) and statements (same remark)."""
    tokens = {q.id: match_tokens(q.text) for q in items}
    by_id = {q.id: q for q in items}
    shingles: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for q in items:
        toks = tokens[q.id]
        seen = set()
        for i in range(max(0, len(toks) - SHINGLE + 1)):
            sh = tuple(toks[i:i + SHINGLE])
            if sh not in seen:
                seen.add(sh)
                shingles[sh].append(q.id)
    candidates: dict[int, Counter] = defaultdict(Counter)
    for ids in shingles.values():
        if len(ids) < 2 or len(ids) > MAX_SHINGLE_FREQ:
            continue
        for a in ids:
            for b in ids:
                if a != b:
                    candidates[a][b] += 1

    def longer(a: int, b: int) -> bool:
        return (len(tokens[a]), -a) > (len(tokens[b]), -b)

    parent: dict[int, int] = {}
    for q in items:
        best: tuple[float, int, int] | None = None
        for other in candidates.get(q.id, {}):
            if not longer(other, q.id):
                continue
            score = wording_match(tokens[q.id], tokens[other])
            if score >= MIN_COVERAGE:
                cand = (score, len(tokens[other]), -other)
                if best is None or cand > best:
                    best = cand
        if best is not None:
            parent[q.id] = -best[2]

    def root(i: int) -> int:
        while i in parent:
            i = parent[i]
        return i

    groups: dict[int, list[int]] = defaultdict(list)
    for q in items:
        groups[root(q.id)].append(q.id)

    clusters = []
    for r, members in sorted(groups.items()):
        clusters.append(Cluster(key=r, quote_ids=sorted(members), canonical_text=by_id[r].text, statement_key=r))
    _group_statements(clusters, by_id, tokens)
    statements: dict[int, Statement] = {}
    for c in clusters:
        st = statements.setdefault(
            c.statement_key,
            Statement(key=c.statement_key, cluster_keys=[], speaker_id=by_id[c.key].speaker_id),
        )
        st.cluster_keys.append(c.key)
        if st.speaker_id is None:
            st.speaker_id = next((by_id[i].speaker_id for i in c.quote_ids if by_id[i].speaker_id), None)
    return clusters, list(statements.values())


def _content(tokens: list[str]) -> set[str]:
    return {_stem(t) for t in tokens if t not in STOPWORDS and len(t) > 2}


def _group_statements(clusters: list[Cluster], by_id: dict[int, QuoteItem], tokens: dict[int, list[str]]) -> None:
    """Clusters by the same speaker whose content words mostly agree are one
    statement (another translation of the same remark)."""
    by_speaker: dict[int, list[Cluster]] = defaultdict(list)
    for c in clusters:
        speaker = next((by_id[i].speaker_id for i in c.quote_ids if by_id[i].speaker_id), None)
        if speaker is not None:
            by_speaker[speaker].append(c)
    parent: dict[int, int] = {}

    def find(k: int) -> int:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    for group in by_speaker.values():
        words = {c.key: set().union(*(_content(tokens[i]) for i in c.quote_ids)) for c in group}
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                wa, wb = words[a.key], words[b.key]
                common = len(wa & wb)
                if common >= 5 and common / max(1, min(len(wa), len(wb))) >= 0.5:
                    ra, rb = find(a.key), find(b.key)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
    for c in clusters:
        c.statement_key = find(c.key)
