"""A word-level diff between two wordings of a quote: which words were
added, cut or changed, ignoring what does not change the words (capitals,
punctuation, curly or straight marks, hyphenation, contractions, an editor's
bracketed insertion, and words that differ only in their spacing or a
dropped apostrophe: "pro active" for "proactive", "Were" for "We're").

Words are compared in the matching form of :mod:`provenance.wording.form`, and
shown as written. "..." and "…" in a wording are elision marks: a cut right
where the pasted text has one is a cut the writer owned up to.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

from ..folding import fold
from ..limits import check_length, check_time
from .form import BRACKETS, COMMON_WORDS, match_tokens

OpKind = Literal["same", "added", "cut", "changed"]

_GAP = r"\.{3,}|\u2026|(?<!\S)\.(?: \.){2,}(?!\S)"
_PIECE = re.compile(rf"(?P<gap>{_GAP})|(?P<word>(?:(?!\.{{3}}|\u2026)\S)+)")


@dataclass(frozen=True)
class Word:
    """One word as written, with its matching form."""

    text: str
    tokens: tuple[str, ...]  # empty for punctuation, elision marks and bracketed insertions
    gap: bool = False  # an elision mark: "..." or "…"
    inserted: bool = False  # inside an editor's bracketed insertion: "(with Russia - TASS)"


@dataclass
class DiffOp:
    """A run of words: the same in both, added (only in ``a``), cut (only in
    ``b``) or changed (``b``'s words replaced by ``a``'s)."""

    kind: OpKind
    a: str  # the words of the first text (the pasted one), as written
    b: str  # the words of the second text (the variant), as written


@dataclass
class WordDiff:
    """How wording ``a`` differs from wording ``b``, word by word.

    Counts are in words of the matching form. A cut is at the ends of ``b``
    (a trim), at an elision mark of ``a`` (a marked cut), or neither (an
    unmarked cut inside the quote)."""

    ops: list[DiffOp] = field(default_factory=list)
    same: int = 0
    same_b: int = 0  # ``b``'s words in runs the same as ``a``'s ("We're" is two words for one "Were")
    same_written: int = 0  # ``a``'s written words (as split at spaces) in runs the same as ``b``'s ("S-400" is one)
    same_content: int = 0  # of ``same``, the words that are not common ones ("the", "is", "we")
    added: int = 0
    cut: int = 0
    changed: int = 0
    cut_at_ends: int = 0
    cut_at_elisions: int = 0
    cut_unmarked: int = 0
    added_at_elisions: int = 0  # added where ``b`` itself marks a cut: words no copy of ``b`` can confirm
    longest_run: int = 0  # the longest run of words the same in both
    a_words: int = 0
    a_content: int = 0  # ``a``'s words that are not common ones
    b_words: int = 0

    @property
    def identical(self) -> bool:
        """The same words in the same order."""
        return self.a_words > 0 and self.added == self.cut == self.changed == 0

    @property
    def only_trimmed(self) -> bool:
        """``a`` is ``b`` with words cut at its ends or where ``a`` marks an elision."""
        return self.same > 0 and self.added == self.changed == self.cut_unmarked == 0

    def summary(self) -> str:
        """The changes in plain words: "3 words cut, 1 changed"."""
        parts = []
        for n, label in ((self.cut, "cut"), (self.changed, "changed"), (self.added, "added")):
            if n:
                parts.append(f"{n} {'word' if n == 1 else 'words'} {label}")
        return ", ".join(parts) if parts else "same words"

    def to_dict(self) -> dict:
        return {
            "ops": [{"kind": op.kind, "pasted": op.a, "variant": op.b} for op in self.ops],
            "same": self.same,
            "added": self.added,
            "cut": self.cut,
            "changed": self.changed,
            "cut_at_ends": self.cut_at_ends,
            "cut_at_elisions": self.cut_at_elisions,
            "cut_unmarked": self.cut_unmarked,
            "added_at_elisions": self.added_at_elisions,
            "summary": self.summary(),
        }


def split_words(text: str) -> list[Word]:
    """The words of a wording as written, each with its matching tokens."""
    inside = [m.span() for m in BRACKETS.finditer(text or "")]
    starts = [s for s, _ in inside]
    words = []
    for m in _PIECE.finditer(text or ""):
        if m.group("gap"):
            words.append(Word(m.group(0), (), gap=True))
            continue
        start = m.start()
        k = bisect_right(starts, start) - 1  # the last insertion starting at or before the word
        if k >= 0 and start < inside[k][1]:
            words.append(Word(m.group(0), (), inserted=True))
            continue
        words.append(Word(m.group(0), _word_tokens(m.group(0))))
    return words


@lru_cache(maxsize=1 << 16)
def _word_tokens(word: str) -> tuple[str, ...]:
    """The matching tokens of one written word (memoised: words repeat)."""
    # a trailing space lets the possessive and contraction rules see a word end
    return tuple(match_tokens(word + " "))


def _flatten(words: list[Word]) -> tuple[list[str], list[int]]:
    tokens, owner = [], []
    for i, w in enumerate(words):
        for t in w.tokens:
            tokens.append(t)
            owner.append(i)
    return tokens, owner


def _gap_positions(words: list[Word]) -> set[int]:
    """Token positions that an elision mark precedes."""
    positions, n = set(), 0
    for w in words:
        if w.gap:
            positions.add(n)
        n += len(w.tokens)
    return positions


def _spans(owner: list[int], lo: int, hi: int, starts: list[int]) -> tuple[int, int]:
    """The range of words shown for tokens lo..hi: from the first word shown
    with token lo (token-less words before it included) to the word of
    token hi-1; empty when lo == hi."""
    if lo == hi:
        return (starts[lo], starts[lo])
    return (starts[lo], owner[hi - 1] + 1)


#: The most token pairs SequenceMatcher may compare in one pass over two
#: texts (for each token of one, its occurrences in the other): every
#: quote of the evaluation corpora against itself stays under it (the
#: longest, 650 words, makes 4,662 pairs), so quotes are aligned exactly
#: as SequenceMatcher aligns them; texts that repeat a few words over and over
#: (where its time grows with the cube of their length) are first cut in
#: pieces (see :func:`opcodes`).
MATCH_BUDGET = 5_000

Opcode = tuple[str, int, int, int, int]


def opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    """How to turn ``a`` into ``b``, as SequenceMatcher's opcodes, in time
    near-linear in their length.

    Longest common runs first (SequenceMatcher): a pasted extract lines up
    with the run it was cut from, not with scattered words of the same
    spelling. SequenceMatcher takes time cubic in the length of texts that
    repeat a few words (4,000 words: minutes), so past two quotes' length
    the texts are first cut where they agree for sure: equal ends, and the
    words that each text has once, in the same order (the "patience" diff
    of version control), recursively; each piece left is aligned by
    SequenceMatcher when small, else called changed."""
    if _pairs(a, b) <= MATCH_BUDGET:
        return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out: list[Opcode] = []
    _align(a, b, 0, len(a), 0, len(b), out)
    merged: list[Opcode] = []
    for op in out:
        if merged and merged[-1][0] == op[0] and op[0] != "replace":
            tag, i1, _, j1, _ = merged[-1]
            merged[-1] = (tag, i1, op[2], j1, op[4])
        else:
            merged.append(op)
    return merged


def _align(a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int, out: list[Opcode]) -> None:
    head = 0
    while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
        head += 1
    tail = 0
    while ahi - tail > alo + head and bhi - tail > blo + head and a[ahi - tail - 1] == b[bhi - tail - 1]:
        tail += 1
    if head:
        out.append(("equal", alo, alo + head, blo, blo + head))
    _align_middle(a, b, alo + head, ahi - tail, blo + head, bhi - tail, out)
    if tail:
        out.append(("equal", ahi - tail, ahi, bhi - tail, bhi))


def _align_middle(a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int, out: list[Opcode]) -> None:
    if alo == ahi and blo == bhi:
        return
    if alo == ahi or blo == bhi:
        out.append(("insert" if alo == ahi else "delete", alo, ahi, blo, bhi))
        return
    if _pairs(a[alo:ahi], b[blo:bhi]) <= MATCH_BUDGET:
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False).get_opcodes():
            out.append((tag, alo + i1, alo + i2, blo + j1, blo + j2))
        return
    anchors = _unique_anchors(a, b, alo, ahi, blo, bhi)
    if not anchors:
        out.append(("replace", alo, ahi, blo, bhi))
        return
    i, j = alo, blo
    for ai, bj in anchors:
        _align(a, b, i, ai, j, bj, out)
        out.append(("equal", ai, ai + 1, bj, bj + 1))
        i, j = ai + 1, bj + 1
    _align(a, b, i, ahi, j, bhi, out)


def _pairs(a: list[str], b: list[str]) -> int:
    """The token pairs one pass of SequenceMatcher compares: for each token
    of ``a``, its occurrences in ``b``."""
    in_b = Counter(b)
    return sum(in_b[t] for t in a)


def _unique_anchors(a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int]]:
    """Positions of the tokens found exactly once in each range, the
    longest run of them in the same order in both."""
    counts: dict[str, list[int]] = {}
    for i in range(alo, ahi):
        entry = counts.setdefault(a[i], [0, i, 0, 0])
        entry[0] += 1
    for j in range(blo, bhi):
        entry = counts.get(b[j])
        if entry is not None:
            entry[2] += 1
            entry[3] = j
    pairs = sorted((e[1], e[3]) for e in counts.values() if e[0] == 1 and e[2] == 1)
    # the longest increasing run of b positions (patience sorting)
    tops: list[int] = []
    tails: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for k, (_, bj) in enumerate(pairs):
        pos = bisect_left(tops, bj)
        if pos == len(tops):
            tops.append(bj)
            tails.append(k)
        else:
            tops[pos] = bj
            tails[pos] = k
        back[k] = tails[pos - 1] if pos else -1
    chain = []
    k = tails[-1] if tails else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def diff_words(a: str, b: str) -> WordDiff:
    """How wording ``a`` (e.g. a pasted quote) differs from ``b`` (a
    variant). Raises :class:`~provenance.limits.WordingTooLong` past
    :data:`~provenance.limits.MAX_WORDING_CHARS`, and
    :class:`~provenance.limits.TimeLimitExceeded` once the thread's time
    limit has passed."""
    check_length(a, b)
    check_time()
    a_words, b_words = split_words(a), split_words(b)
    a_tokens, a_owner = _flatten(a_words)
    b_tokens, b_owner = _flatten(b_words)
    # where each token's displayed run starts: token-less words (punctuation,
    # elisions, insertions) go with the next word that has tokens
    a_starts = _run_starts(a_words, a_owner)
    b_starts = _run_starts(b_words, b_owner)
    gaps = _gap_positions(a_words)
    b_gaps = _gap_positions(b_words)
    result = WordDiff(
        a_words=len(a_tokens), a_content=sum(t not in COMMON_WORDS for t in a_tokens), b_words=len(b_tokens)
    )
    run = 0  # words the same in both since the last difference
    for tag, i1, i2, j1, j2 in opcodes(a_tokens, b_tokens):
        a_lo, a_hi = _spans(a_owner, i1, i2, a_starts)
        b_lo, b_hi = _spans(b_owner, j1, j2, b_starts)
        if tag == "replace" and (
            "".join(a_tokens[i1:i2]) == "".join(b_tokens[j1:j2])
            or (
                _whole_words(a_owner, i1, i2)
                and _whole_words(b_owner, j1, j2)
                and _same_written(a_words[a_lo:a_hi], b_words[b_lo:b_hi])
            )
        ):  # a slip of spacing or a dropped apostrophe is not an alteration
            tag = "equal"
        if tag == "equal":
            kind: OpKind = "same"
            result.same += i2 - i1
            result.same_b += j2 - j1
            result.same_content += sum(t not in COMMON_WORDS for t in a_tokens[i1:i2])
            result.same_written += len(set(a_owner[i1:i2]))
            run += i2 - i1
            result.longest_run = max(result.longest_run, run)
            _append(result.ops, DiffOp(kind, _join(a_words[a_lo:a_hi]), _join(b_words[b_lo:b_hi])))
            continue
        run = 0
        if tag == "insert":  # in b only: cut from the variant
            kind = "cut"
            n = j2 - j1
            result.cut += n
            places = _cut_places(a_tokens, b_tokens, i1, j1, j2)
            if 0 in places or len(a_tokens) in places:
                result.cut_at_ends += n
            elif places & gaps:
                result.cut_at_elisions += n
            else:
                result.cut_unmarked += n
        elif tag == "delete":  # in a only: added by the paster
            kind = "added"
            result.added += i2 - i1
            if j1 in b_gaps:
                result.added_at_elisions += i2 - i1
        else:
            kind = "changed"
            n_a, n_b = i2 - i1, j2 - j1
            result.changed += min(n_a, n_b)
            result.added += max(0, n_a - n_b)
            extra = max(0, n_b - n_a)
            result.cut += extra
            if i1 == 0 or i2 == len(a_tokens):  # the changed words open or close the paste: the rest is a trim
                result.cut_at_ends += extra
            elif i1 in gaps or i2 in gaps:
                result.cut_at_elisions += extra
            else:
                result.cut_unmarked += extra
        result.ops.append(DiffOp(kind, _join(a_words[a_lo:a_hi]), _join(b_words[b_lo:b_hi])))
    _attach_tails(result.ops, a_words, b_words, a_owner, b_owner)
    return result


_NOT_LETTERS = re.compile(r"[\W_]+")


def _cut_places(a: list[str], b: list[str], i: int, j1: int, j2: int, reach: int = 6) -> set[int]:
    """Where in ``a`` the cut of ``b[j1:j2]`` may stand: at ``i``, or slid
    over words that repeat on both sides of it ("all of ... our" against
    "all of you heard, most of our": the cut may fall before or after the
    second "of"), so a cut is at an elision or an end wherever it may be read."""
    places = {i}
    k = 0
    while k < reach and j2 + k < len(b) and i + k < len(a) and b[j1 + k] == b[j2 + k] == a[i + k]:
        k += 1
        places.add(i + k)
    k = 0
    while k < reach and j1 - k > 0 and i - k > 0 and b[j1 - k - 1] == b[j2 - k - 1] == a[i - k - 1]:
        k += 1
        places.add(i - k)
    return places


def _whole_words(owner: list[int], lo: int, hi: int) -> bool:
    """Whether tokens lo..hi are the tokens of whole written words (so
    "We were" / "We're" is not read as one word against another)."""
    return (lo == 0 or owner[lo - 1] != owner[lo]) and (hi == len(owner) or owner[hi] != owner[hi - 1])


def _same_written(a_words: list[Word], b_words: list[Word]) -> bool:
    """Whether two runs of written words have the same letters: "Were" /
    "We're", "cant" / "can't" (a dropped apostrophe)."""
    a_text = fold(" ".join(w.text for w in a_words if w.tokens))
    b_text = fold(" ".join(w.text for w in b_words if w.tokens))
    return _NOT_LETTERS.sub("", a_text) == _NOT_LETTERS.sub("", b_text) != ""


def _append(ops: list[DiffOp], op: DiffOp) -> None:
    """Add an op, joining it to the previous one when both are the same words."""
    if ops and ops[-1].kind == op.kind == "same":
        last = ops[-1]
        last.a = " ".join(x for x in (last.a, op.a) if x)
        last.b = " ".join(x for x in (last.b, op.b) if x)
        return
    ops.append(op)


def _run_starts(words: list[Word], owner: list[int]) -> list[int]:
    """For each token position (and one past the end), the first word shown
    with it: token-less words before a word go with it."""
    starts = []
    prev_end = 0
    for t, w in enumerate(owner):
        if t > 0 and owner[t - 1] == w:
            starts.append(starts[-1])
            continue
        starts.append(prev_end)
        prev_end = w + 1
    starts.append(prev_end)
    return starts


def _attach_tails(
    ops: list[DiffOp], a_words: list[Word], b_words: list[Word], a_owner: list[int], b_owner: list[int]
) -> None:
    """Token-less words after the last word with tokens (a closing "..." or
    a final insertion) go with the last op, so nothing written is dropped."""
    a_tail = _join(a_words[(a_owner[-1] + 1) if a_owner else 0 :])
    b_tail = _join(b_words[(b_owner[-1] + 1) if b_owner else 0 :])
    if not (a_tail or b_tail):
        return
    if not ops:
        ops.append(DiffOp("same", a_tail, b_tail))
        return
    last = ops[-1]
    last.a = " ".join(x for x in (last.a, a_tail) if x)
    last.b = " ".join(x for x in (last.b, b_tail) if x)


def _join(words: list[Word]) -> str:
    return " ".join(w.text for w in words)
