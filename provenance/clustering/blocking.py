"""Blocking: which phrases are compared at all.

Each phrase has keys: its token 3-shingles (wording), its stretches from
one content word to the next, function words and all (spans: in a big
archive every shingle of "I am sure that is not what the budget" is
common, the span "sure ... budget" is not), its wording with its speaker
(identity: the same words another day), and its content stems per
speaker (statements). Two phrases sharing enough keys of a kind
(:data:`KEY_KINDS`) are candidates. A key held by more than ``MAX_DF``
phrases is a formula ("we will continue these talks", "I think it's
important") and proposes nothing; an identity key held on more than
``IDENTITY_MAX_DF`` days is a habit, not an occasion. The whole wording
of a long phrase (exact) is never a formula: a remark quoted on more days
than ``MAX_DF`` is still one wording, and each of its phrases is paired
with one of them only (:func:`star_pairs`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..records import Phrase
from .alignment import speaker_relation
from .phrases import Vocab, stable_hash
from .rules import (
    IDENTITY_MAX_DF,
    KEY_CHUNK,
    LONG_BLOCK,
    MAX_DF,
    MIN_SHARED_SHINGLES,
    MIN_SHARED_SPANS,
    MIN_TOKENS,
    NAME_WORDS,
    PAIR_CHUNK,
    SHINGLE,
    SHORT_BLOCK,
    SHORT_MAX_DF,
    SHORT_PHRASE,
    SHORT_SPANS,
    STMT_MIN_SHARED_KEYS,
)

if TYPE_CHECKING:
    from .regroup import MatchStore

Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]  # candidate pairs: phrase ids x, y and the keys they share

_W_DOMAIN = np.uint64(0x5BD1E9955BD1E995)
_S_DOMAIN = np.uint64(0x27D4EB2F165667C5)
_P_DOMAIN = np.uint64(0x165667B19E3779F9)
_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xC2B2AE3D27D4EB4F)
_M1_INVERSE = np.uint64(pow(int(_M1), -1, 1 << 64))


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, then 63 bits so the keys fit SQLite integers."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(1)).astype(np.int64)


def phrase_keys(phrases: list[Phrase], vocab: Vocab, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Blocking keys of phrases of one kind ("wording", "span", "identity"
    or "statement") as (keys, phrase ids), deduplicated and sorted by key."""
    parts = [_phrase_keys(phrases[i : i + KEY_CHUNK], vocab, kind) for i in range(0, len(phrases), KEY_CHUNK)]
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return _dedupe(np.concatenate([t[0] for t in parts]), np.concatenate([t[1] for t in parts]))


def _phrase_keys(phrases: list[Phrase], vocab: Vocab, kind: str) -> tuple[np.ndarray, np.ndarray]:
    if kind == "exact":  # the whole wording of a long phrase, any day and any speaker
        held = [p for p in phrases if p.size >= SHORT_PHRASE]
        keys = [stable_hash("\x00exact\x00" + p.norm) for p in held]
        return np.array(keys, dtype=np.int64), np.array([p.id for p in held], dtype=np.int64)
    if kind == "identity":  # the same wording by the same speaker, any day (two keys: they count as two)
        keys, ids = [], []
        for p in phrases:
            if p.speakers:
                h = stable_hash(p.norm + "\x00" + ",".join(map(str, sorted(p.speakers))))
                keys += [h ^ 0x1F2E3D4C5B6A7988, h ^ 0x0123456789ABCDEF]
                ids += [p.id, p.id]
        return np.array(keys, dtype=np.int64), np.array(ids, dtype=np.int64)
    codes = [p.code for p in phrases]
    ids = np.array([p.id for p in phrases], dtype=np.int64)
    lengths = np.array([len(c) for c in codes], dtype=np.int64)
    idx = vocab.indices(codes)
    if not len(idx):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    crc = np.array(vocab.crc, dtype=np.uint64)[idx]
    owner = np.repeat(np.arange(len(phrases)), lengths)
    if kind == "wording":  # 3-shingles of phrases long enough to match anything
        pos = np.arange(len(idx)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        length_of = np.repeat(lengths, lengths)
        start = np.nonzero((pos <= length_of - SHINGLE) & (length_of >= MIN_TOKENS))[0]
        with np.errstate(over="ignore"):
            h = crc[start] * _M1 + crc[start + 1] * _M2 + crc[start + 2]
        return _mix(h ^ _W_DOMAIN), ids[owner[start]]
    content = np.array(vocab.content, dtype=bool)[idx]
    if kind == "span":  # from one content word to the next, function words and all ("sure that it is what the N")
        sel = np.nonzero(content & (np.repeat(lengths, lengths) >= MIN_TOKENS))[0]
        first, last = sel[:-1], sel[1:]
        same = owner[first] == owner[last]
        first, last = first[same], last[same]
        with np.errstate(over="ignore"):
            # polynomial hash of each span from prefix sums: (H[last + 1] - H[first]) / B**first
            powers = np.cumprod(np.full(len(idx), _M1, dtype=np.uint64))
            powers = np.r_[np.uint64(1), powers[:-1]]
            prefix = np.r_[np.uint64(0), np.cumsum(crc * powers, dtype=np.uint64)]
            inverse = np.cumprod(np.full(len(idx), _M1_INVERSE, dtype=np.uint64))
            inverse = np.r_[np.uint64(1), inverse[:-1]]
            spans = (prefix[last + 1] - prefix[first]) * inverse[first] + (last - first).astype(np.uint64)
            return _mix(spans * _M2 ^ _P_DOMAIN), ids[owner[first]]
    # statements: content stems x speakers
    n_speakers = np.array([len(p.speakers) for p in phrases], dtype=np.int64)
    speakers = np.array([s for p in phrases for s in sorted(p.speakers)], dtype=np.uint64)
    spk_start = np.cumsum(n_speakers) - n_speakers
    sel = np.nonzero(content & (n_speakers[owner] > 0))[0]
    rep = n_speakers[owner[sel]]
    tok = np.repeat(sel, rep)
    k = np.arange(len(tok)) - np.repeat(np.cumsum(rep) - rep, rep)
    spk = speakers[spk_start[owner[tok]] + k] if len(tok) else np.zeros(0, np.uint64)
    with np.errstate(over="ignore"):
        keys = _mix((crc[tok] * _M2 + spk * _M1) ^ _S_DOMAIN)
    return keys, ids[owner[tok]]


def _dedupe(keys: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if not len(keys):
        return keys.astype(np.int64), ids.astype(np.int64)
    order = np.lexsort((ids, keys))
    keys, ids = keys[order], ids[order]
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = (keys[1:] != keys[:-1]) | (ids[1:] != ids[:-1])
    return keys[keep], ids[keep]


def candidate_pairs(
    keys: np.ndarray,
    ids: np.ndarray,
    active: np.ndarray | None,
    max_df: int = MAX_DF,
    min_shared: int = 1,
    sizes: np.ndarray | None = None,
    short: int = 0,
    long: int | None = None,
    short_df: int = MAX_DF,
) -> Pairs:
    """Pairs (x, y) of phrases sharing at least ``min_shared`` keys held by
    at most ``max_df`` phrases, for every active x (all when ``active`` is
    None), with how many such keys they share. With ``sizes`` (the tokens
    of each posting's phrase), one key held by at most ``short_df``
    phrases is enough when x or y has at most ``short`` tokens, and one
    more is needed when both have more than ``long``. ``keys``/``ids`` are
    all postings of the keys concerned, sorted by key. Pairs are made a
    slice of x at a time, so memory stays bounded."""
    e = np.zeros(0, np.int64)
    size_by_id = None
    if len(keys) and sizes is not None and (short or long is not None):
        size_by_id = np.zeros(int(ids.max()) + 1, dtype=np.int32)
        size_by_id[ids] = sizes
    out_x, out_y, out_n = [], [], []
    for px, py, shared, rare in shared_keys(keys, ids, active, max_df, short_df):
        if size_by_id is None:
            good = shared >= min_shared
        else:
            good = blocked(shared, rare, size_by_id[px], size_by_id[py], min_shared, short, long)
        out_x.append(px[good])
        out_y.append(py[good])
        out_n.append(shared[good])
    if not out_x:
        return e, e, e
    return np.concatenate(out_x), np.concatenate(out_y), np.concatenate(out_n)


def shared_keys(
    keys: np.ndarray, ids: np.ndarray, active: np.ndarray | None, max_df: int = MAX_DF, short_df: int = MAX_DF
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Every pair (x, y) of phrases sharing a key held by 2 to ``max_df``
    phrases, for every active x (all when ``active`` is None), as slices
    of (x, y, keys shared, whether one of those keys is held by at most
    ``short_df`` phrases), each slice sorted by (x, y) and holding all
    pairs of its x. ``keys``/``ids`` are postings sorted by key; over
    postings split by key, the slices of one pair are summed
    (:func:`blocked` then tells the candidates)."""
    if not len(keys):
        return
    bounds = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1], True])
    counts = np.diff(bounds)
    size_of = np.repeat(counts, counts)
    ok = (size_of >= 2) & (size_of <= max_df)
    if active is not None:
        ok &= np.isin(ids, active)
    src = np.nonzero(ok)[0]
    src = src[np.argsort(ids[src], kind="stable")]
    start_of = np.repeat(bounds[:-1], counts)
    rep_all = size_of[src]
    cum = np.cumsum(rep_all)
    xs_sorted = ids[src]
    i = 0
    while i < len(src):
        j = int(np.searchsorted(cum, (cum[i - 1] if i else 0) + PAIR_CHUNK, side="right"))
        j = max(j, i + 1)
        if j < len(src):  # never split one x across slices
            j = int(np.searchsorted(xs_sorted, xs_sorted[j - 1], side="right"))
        part = src[i:j]
        rep = rep_all[i:j]
        x = np.repeat(ids[part], rep)
        offset = np.arange(len(x)) - np.repeat(np.cumsum(rep) - rep, rep)
        y = ids[np.repeat(start_of[part], rep) + offset]
        keep = x != y
        x, y = x[keep], y[keep]
        codes = (x << 32) | y
        pair, shared = np.unique(codes, return_counts=True)
        rare = np.zeros(len(pair), dtype=bool)
        one = np.repeat(size_of[part] <= short_df, rep)[keep]
        rare[np.searchsorted(pair, np.unique(codes[one]))] = True
        yield pair >> 32, pair & 0xFFFFFFFF, shared, rare
        i = j


def blocked(
    shared: np.ndarray,
    rare: np.ndarray,
    size_x: np.ndarray,
    size_y: np.ndarray,
    least: int,
    short: int = 0,
    long: int | None = None,
) -> np.ndarray:
    """Which pairs are candidates: those sharing ``least`` keys (one more
    when both have more than ``long`` tokens), or, when either has at most
    ``short`` tokens, one ``rare`` key (a short wording with one word
    changed keeps a single key: one rare key is enough)."""
    good = shared >= least
    smaller = np.minimum(size_x, size_y)
    if long is not None:
        good &= (shared > least) | (smaller <= long)
    if short:
        good |= rare & (smaller <= short)
    return good


@dataclass(frozen=True, slots=True)
class KeyKind:
    """A kind of blocking key and when sharing such keys makes two phrases candidates."""

    name: str  # as in :func:`phrase_keys`
    least: int  # keys a pair must share ...
    short: int  # ... or one, when either phrase has at most this many tokens ...
    long: int | None  # ... or one more, when both have more than this many
    cap: int | None  # held by more phrases than this, a key is a formula (None: max_df)
    statement: bool  # proposes statement candidates, not wording ones
    star: bool = False  # never a formula: each holder is paired with the greatest holder only (star_pairs)


#: A cap no key reaches.
NO_CAP = 1 << 62

KEY_KINDS = (
    KeyKind("wording", MIN_SHARED_SHINGLES, SHORT_BLOCK, LONG_BLOCK, None, False),
    KeyKind("identity", 2, 0, None, IDENTITY_MAX_DF, False),
    KeyKind("span", MIN_SHARED_SPANS, SHORT_SPANS, None, None, False),
    KeyKind("statement", STMT_MIN_SHARED_KEYS, 0, None, None, True),
    # the same long wording on many days: every other key of it is a formula past MAX_DF days
    KeyKind("exact", 1, 0, None, NO_CAP, False, star=True),
)


def star_pairs(keys: np.ndarray, ids: np.ndarray, active: np.ndarray | None, rank: dict[int, int]) -> Pairs:
    """Pairs for keys that are never formulas (one long wording, the
    same on any number of days): each holder with the greatest holder
    (by ``rank``: the phrase's key, which orders phrases of one wording),
    the one phrase every other may take as its parent; so one wording
    held by N phrases makes N pairs, not N squared. Only pairs from
    active holders (all when ``active`` is None); the greatest, when
    active, is paired with every other holder (a new greatest one is a
    new candidate for them all)."""
    e = np.zeros(0, np.int64)
    if not len(keys):
        return e, e, e
    bounds = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1], True])
    starts, ends = bounds[:-1], bounds[1:]
    several = np.flatnonzero(ends - starts >= 2)
    live = None if active is None else set(active.tolist())
    xs: list[int] = []
    ys: list[int] = []
    for g in several.tolist():
        holders = ids[starts[g] : ends[g]].tolist()
        top = max(holders, key=lambda i: rank[i])
        for other in holders:
            if other == top:
                continue
            if live is None or other in live:
                xs.append(other)
                ys.append(top)
            if live is None or top in live:
                xs.append(top)
                ys.append(other)
    if not xs:
        return e, e, e
    return np.array(xs, dtype=np.int64), np.array(ys, dtype=np.int64), np.ones(len(xs), dtype=np.int64)


def blocked_in(kind: KeyKind, shared: int, a: Phrase, b: Phrase) -> bool:
    """Do two phrases sharing this many live keys of a kind surely get
    compared (the rule :func:`candidate_pairs` applies to postings)? Not
    told here: whether one key is rare enough to pair a short wording."""
    smaller = min(a.size, b.size)
    return shared >= kind.least + (kind.long is not None and smaller > kind.long)


def union_pairs(a: Pairs, b: Pairs) -> Pairs:
    """Candidate pairs found by either kind of key, once each."""
    if not len(a[0]) or not len(b[0]):
        return b if not len(a[0]) else a
    pair, first = np.unique(np.concatenate([(a[0] << 32) | a[1], (b[0] << 32) | b[1]]), return_index=True)
    n = np.concatenate([a[2], b[2]])[first]
    return pair >> 32, pair & 0xFFFFFFFF, n


def find_pairs(
    store: MatchStore,
    phrases: list[Phrase],
    active: np.ndarray | None,
    vocab: Vocab,
    max_df: int,
    lost: set[int] | None = None,
) -> tuple[Pairs, Pairs]:
    """(wording pairs, statement pairs) of the active phrase ids (all when
    None) from the postings of the phrases' keys. With ``lost``, the keys
    are first added to the index, and the old holders that may have lost
    candidates (see :meth:`MatchStore.add_postings`) are added to ``lost``."""
    e = np.zeros(0, np.int64)
    wording = statement = (e, e, e)
    size_of = {p.id: p.size for p in phrases}
    for kind in KEY_KINDS:
        cap = kind.cap or max_df
        keys, ids = phrase_keys(phrases, vocab, kind.name)
        if lost is None:
            keys, ids, sizes = store.postings(keys)
        else:
            (keys, ids, sizes), gone = store.add_postings(
                keys, ids, np.array([size_of[i] for i in ids.tolist()], dtype=np.int64), cap, SHORT_MAX_DF, kind.short
            )
            lost |= set(gone.tolist())
        if kind.star:
            found = star_pairs(keys, ids, active, _ranks(store, phrases, keys, ids))
        else:
            found = candidate_pairs(keys, ids, active, cap, kind.least, sizes, kind.short, kind.long, SHORT_MAX_DF)
        del keys, ids, sizes
        if kind.statement:
            statement = union_pairs(statement, found)
        else:
            wording = union_pairs(wording, found)
    return wording, statement


def _ranks(store: MatchStore, phrases: list[Phrase], keys: np.ndarray, ids: np.ndarray) -> dict[int, int]:
    """The key of each phrase holding a key with other holders (phrases
    of one wording are ordered by it), loaded from the store for those
    not in hand."""
    if not len(keys):
        return {}
    shared = np.r_[keys[1:] == keys[:-1], False] | np.r_[False, keys[1:] == keys[:-1]]
    wanted = set(ids[shared].tolist())
    rank = {p.id: p.key for p in phrases if p.id in wanted}
    missing = wanted - rank.keys()
    if missing:
        rank.update((i, p.key) for i, p in store.load_phrases(missing).items())
    return rank


def named_apart(p: Phrase, c: Phrase) -> bool:
    """Do p and c have speakers, none shared by id? (One person resolved to
    two speakers, "Hillary Clinton" and "Hillary Rodham Clinton", shares no
    statement key: their wording candidates are statement candidates too.)"""
    return bool(p.speakers) and bool(c.speakers) and not (p.speakers & c.speakers)


def named_apart_pairs(pairs: Pairs, loaded: dict[int, Phrase]) -> Pairs:
    """The pairs of phrases by speakers of other ids but one name (see
    :func:`named_apart`); speaker ids are compared as arrays first."""
    xs, ys, n = pairs
    if not len(xs):
        return pairs
    ids = np.unique(np.concatenate([xs, ys]))
    first = np.array([min(loaded[i].speakers, default=-1) for i in ids.tolist()], dtype=np.int64)
    several = np.array([len(loaded[i].speakers) > 1 for i in ids.tolist()], dtype=bool)
    ix, iy = np.searchsorted(ids, xs), np.searchsorted(ids, ys)
    fx, fy = first[ix], first[iy]
    maybe = (fx >= 0) & (fy >= 0) & ((fx != fy) | several[ix] | several[iy])
    # One person under two ids shares a word of a name: compare the words
    # as arrays first (up to NAME_WORDS per phrase), the rest one by one.
    sel = np.flatnonzero(maybe)
    code_of: dict[str, int] = {}
    words = np.full((len(ids), NAME_WORDS), -1, dtype=np.int32)
    odd = np.zeros(len(ids), dtype=bool)  # a name without words, or more words than the array holds
    for row in np.unique(np.concatenate([ix[sel], iy[sel]])).tolist():
        names = loaded[int(ids[row])].names
        union = frozenset().union(*names)
        if any(not name for name in names) or len(union) > NAME_WORDS:
            odd[row] = True
            continue
        for col, word in enumerate(sorted(union)):
            words[row, col] = code_of.setdefault(word, len(code_of))
    common = odd[ix[sel]] | odd[iy[sel]]
    for lo in range(0, len(sel), PAIR_CHUNK):  # a slice at a time: a build has millions of pairs
        part = sel[lo : lo + PAIR_CHUNK]
        wx, wy = words[ix[part]], words[iy[part]]
        for a in range(NAME_WORDS):
            for b in range(NAME_WORDS):
                common[lo : lo + len(part)] |= (wx[:, a] == wy[:, b]) & (wx[:, a] >= 0)
        del wx, wy
    keep = np.zeros(len(xs), dtype=bool)
    for k in sel[common].tolist():
        p, c = loaded[int(xs[k])], loaded[int(ys[k])]
        keep[k] = named_apart(p, c) and speaker_relation(p, c) == 1
    return xs[keep], ys[keep], n[keep]
