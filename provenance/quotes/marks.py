"""Quoted spans from the characters alone.

Every double-mark style news text uses is paired here: straight ``"``,
curly “ ”, German „ “, French « » and the reversed »…«, TeX-style ``
``…'' `` and the doubled apostrophe ``''`` that some archives use for both
ends; Chinese and Japanese corner brackets 「」 and 『』 too. Whether a mark opens or closes is read from its neighbours (a space
before and a letter after opens), so a curly mark typed the wrong way round
still pairs. A quote left open at the end of a paragraph continues when the
next paragraph opens with a mark (the newspaper convention for a quote over
several paragraphs), or when the next paragraph's first mark closes it
with words after it (a reopening mark lost when copy was patched);
otherwise it is dropped and any complete quotes inside it are kept, except
that a curly quote opening its paragraph, with a curly quote opened inside
it and one closing mark only, ends at that mark (double marks nested in
double marks). Inner quotes are part of their outer quote, never reported on
their own. Primes (6'2") and apostrophes (Brussels', shouldn’t) are not
marks. Articles that use only single marks (‘…’, British style) are paired
with the same rules. Nothing here raises on any input.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

OPENERS = {"\u201c", "\u201e", "\u201f", "\u00ab", "``", "\u2018", "\u201a"}
CLOSERS = {"\u201d", "\u00bb", "\u2019"}
GUILLEMETS = {"\u00ab", "\u00bb"}
_DOUBLE_MARK = re.compile("``|''|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")
_SINGLE_MARK = re.compile("[\u2018\u2019\u201a']")
# what may stand just before an opening mark / just after a closing one
_OPEN_BEFORE = set("([{<\u2014\u2013\u2015-/\u00a0") | set("\u201c\u201e\u00ab\u2018")
_CLOSE_AFTER = set(".,;:!?)]}>\u2014\u2013\u2015-/\u2026\u00a0*") | set("\u201d\u00bb\u2019'\"")
_FEET_INCHES = re.compile(r"\d\s?['\u2019\u2032]\s?\d{1,2}(?:\.\d)?$")
_ELISION = re.compile(r"[\u2018\u2019'](?:\d0s|em\b|til\b|tis\b|cause\b|n\b)", re.IGNORECASE)


@dataclass
class Span:
    """One quote as characters: ``pieces`` are the offsets inside the marks
    (one per paragraph of a quote that runs over several), ``start``/``end``
    run from the first piece to the last, ``outer`` includes the marks."""

    start: int
    end: int
    pieces: list[tuple[int, int]]
    outer: tuple[int, int] = (0, 0)
    closed: bool = True
    style: str = "double"  # "double" or "single"
    paragraphs: list[int] = field(default_factory=list)  # paragraph index of each piece


@dataclass
class _Mark:
    pos: int
    mark: str
    direction: str  # "O" opens, "C" closes, "A" either

    @property
    def end(self) -> int:
        return self.pos + len(self.mark)


@dataclass
class _Open:
    mark: _Mark
    piece_start: int
    pieces: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)
    children: list[Span] = field(default_factory=list)


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph. A text hard-wrapped at a fixed width
    breaks paragraphs only at blank lines; any other text at every newline."""
    lines = text.split("\n")
    lengths = sorted(len(line) for line in lines if line.strip())
    hard_wrapped = False
    if len(lengths) >= 8 and any(not line.strip() for line in lines):
        median = lengths[len(lengths) // 2]
        near = sum(1 for n in lengths if abs(n - median) <= 12)
        hard_wrapped = 50 <= median <= 100 and near >= 0.6 * len(lengths)
    pattern = r"\n[ \t\u00a0]*\n" if hard_wrapped else r"\n"
    ranges = []
    pos = 0
    for match in re.finditer(pattern, text):
        ranges.append((pos, match.start()))
        pos = match.end()
    ranges.append((pos, len(text)))
    return [(a, b) for a, b in ranges if text[a:b].strip()]


def _direction(text: str, pos: int, mark: str, para_start: int) -> str | None:
    before = text[pos - 1] if pos > 0 else "\n"
    end = pos + len(mark)
    after = text[end] if end < len(text) else "\n"
    if mark == "\u00bb" and not text[para_start:pos].strip() and after.isspace():
        return None  # » used as a bullet
    left_open = before.isspace() or before in _OPEN_BEFORE
    right_close = after.isspace() or after in _CLOSE_AFTER
    if left_open and not right_close:
        return "O"
    if right_close and not left_open:
        return "C"
    if mark in OPENERS:
        return "O"
    if mark in CLOSERS:
        return "C"
    return "A"


def _compatible(opener: str, closer: str) -> bool:
    return (opener in GUILLEMETS) == (closer in GUILLEMETS)


def _is_prime(text: str, m: _Mark, inside: bool) -> bool:
    """A straight mark after a digit measuring feet and inches (6'2") or,
    outside any quote, inches (a 27" screen)."""
    if m.mark not in ('"', "''") or m.pos == 0 or not text[m.pos - 1].isdigit():
        return False
    return not inside or bool(_FEET_INCHES.search(text[max(0, m.pos - 8) : m.pos]))


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _single_direction(text: str, pos: int) -> str | None:
    """Direction of a single mark, or None when it is an apostrophe."""
    before = text[pos - 1] if pos > 0 else "\n"
    after = text[pos + 1] if pos + 1 < len(text) else "\n"
    if before.isalnum() and after.isalnum():
        return None  # shouldn’t, it's, O'Brien
    if _ELISION.match(text, pos):
        return None  # ’90s, ’em
    left_open = before.isspace() or before in _OPEN_BEFORE or before in '"\u201c'
    right_close = after.isspace() or after in _CLOSE_AFTER
    if left_open and not right_close:
        return "O"
    if right_close and not left_open:
        return "C"
    return None


def _marks(text: str, paragraphs: list[tuple[int, int]], style: str) -> list[list[_Mark]]:
    per_paragraph: list[list[_Mark]] = []
    pattern = _DOUBLE_MARK if style == "double" else _SINGLE_MARK
    for a, b in paragraphs:
        found = []
        for match in pattern.finditer(text, a, b):
            if style == "double":
                direction = _direction(text, match.start(), match.group(), a)
            else:
                direction = _single_direction(text, match.start())
            if direction:
                found.append(_Mark(match.start(), match.group(), direction))
        per_paragraph.append(found)
    return per_paragraph


def _reopens(text: str, para: tuple[int, int], marks: list[_Mark]) -> _Mark | None:
    """The mark opening this paragraph, if it opens it."""
    if not marks:
        return None
    first = marks[0]
    if text[para[0] : first.pos].strip() or first.direction == "C":
        return None
    return first


def _pair(text: str, paragraphs: list[tuple[int, int]], style: str) -> list[Span]:
    marks = _marks(text, paragraphs, style)
    spans: list[Span] = []
    carry: _Open | None = None
    for n, (para, found) in enumerate(zip(paragraphs, marks)):
        stack: list[_Open] = []
        skip = 0
        if carry is not None:
            reopen = found[0]
            if reopen.direction == "C":  # continued without a mark, closed here
                carry.piece_start = para[0]
            else:
                carry.piece_start = reopen.end
                skip = 1
            stack = [carry]
            carry = None
        events: list[tuple[_Mark, str]] = []  # marks that opened ("O") or closed ("C") a quote
        for m in found[skip:]:
            if style == "single" and m.direction == "C" and _possessive_before_close(text, m, found):
                continue
            if _is_prime(text, m, bool(stack)):
                continue
            if not stack:
                if m.direction in ("O", "A"):
                    stack.append(_Open(m, m.end))
                    events.append((m, "O"))
                continue
            if m.direction == "O":
                stack.append(_Open(m, m.end))
                events.append((m, "O"))
                continue
            # a closer (or an ambiguous mark inside a quote): close the
            # innermost quote it fits
            level = next((i for i in range(len(stack) - 1, -1, -1) if _compatible(stack[i].mark.mark, m.mark)), None)
            if level is None:
                continue
            for dropped in stack[level + 1 :]:
                stack[level].children.extend(dropped.children)
            entry = stack[level]
            del stack[level:]
            events.append((m, "C"))
            entry.pieces.append((entry.piece_start, m.pos))
            entry.paragraphs.append(n)
            span = _span(text, entry, m.end, style)
            if span is None:
                continue
            if stack:
                stack[-1].children.append(span)
            else:
                spans.append(span)
        if stack:
            following = marks[n + 1] if n + 1 < len(marks) else []
            bottom = stack[0]
            reopen = None
            if n + 1 < len(paragraphs):
                reopen = _reopens(text, paragraphs[n + 1], following) or _closes_unopened(
                    text, paragraphs[n + 1], following, bottom
                )
            if reopen is not None:
                bottom.pieces.append((bottom.piece_start, para[1]))
                bottom.paragraphs.append(n)
                bottom.children = []
                carry = bottom
            else:
                flat = _flat_close(text, para, events, bottom) if style == "double" else None
                if flat is not None:
                    bottom.pieces.append((bottom.piece_start, flat.pos))
                    bottom.paragraphs.append(n)
                    span = _span(text, bottom, flat.end, style)
                    spans.extend([span] if span is not None else bottom.children)
                    stack = stack[1:]
                    if span is not None:  # quotes inside the outer one are reported with it, once
                        for entry in stack:
                            entry.children = [c for c in entry.children if c.start >= span.end]
                left_open = _left_open(text, para, n, stack, style) if flat is None else None
                if left_open is not None:
                    spans.append(left_open)
                    stack = []
                for entry in stack:
                    spans.extend(entry.children)
    spans.sort(key=lambda s: s.start)
    return spans


UNCLOSED_MIN_WORDS = 6  # a quote left open at its paragraph's end is read to that end when this long


def _left_open(text: str, para: tuple[int, int], n: int, stack: list[_Open], style: str) -> Span | None:
    """A quote opened in this paragraph, with no other mark after it, left
    open at the paragraph's end and not continued in the next: its closing
    mark was lost (“A short note would have been enough. ⏎ …). It is
    read to the end of the paragraph when that ends a sentence and it has a
    few words; a stray mark before a word or two ("the so-called “plan) is not."""
    if style != "double" or len(stack) != 1 or stack[0].pieces or stack[0].children:
        return None
    entry = stack[0]
    if entry.mark.pos < para[0]:
        return None
    end = para[0] + len(text[para[0] : para[1]].rstrip())
    inside = text[entry.piece_start : end]
    if len(inside.split()) < UNCLOSED_MIN_WORDS or not inside.rstrip(")").endswith((".", "!", "?", "\u2026")):
        return None
    entry.pieces.append((entry.piece_start, end))
    entry.paragraphs.append(n)
    span = _span(text, entry, end, style)
    if span is not None:
        span.closed = False
    return span


def _closes_unopened(text: str, para: tuple[int, int], marks: list[_Mark], open_quote: _Open) -> _Mark | None:
    """The next paragraph's first mark when it closes the quote left open
    without reopening it and words follow it (“… ⏎ … ,\" he said), as copy
    patched by an editor reads: that paragraph continues the quote up to the
    mark. A closing mark ending its paragraph (a signature line closed
    after the name) continues nothing."""
    if not marks or marks[0].direction != "C" or not _compatible(open_quote.mark.mark, marks[0].mark):
        return None
    return marks[0] if re.search(r"\w", text[marks[0].end : para[1]]) else None


def _flat_close(text: str, para: tuple[int, int], events: list[tuple[_Mark, str]], bottom: _Open) -> _Mark | None:
    """For a quote opening its paragraph with a curly mark and left open at
    its end: the mark that closes it when a curly opening mark came inside it
    and only one closing mark followed (“… not “a plan of mine.” It …).
    Writers who nest double marks in double marks leave this shape; the one
    closing mark is read as closing the outer quote. With two closing marks
    or more, no nested opening, straight marks (more often a closing mark
    left out) or a quote opened mid-paragraph, nothing is read."""
    if bottom.mark.mark not in OPENERS or text[para[0] : bottom.mark.pos].strip():
        return None
    after = [(m, role) for m, role in events if m.pos > bottom.mark.pos]
    closers = [m for m, role in after if role == "C"]
    if len(closers) != 1 or not _compatible(bottom.mark.mark, closers[0].mark):
        return None
    nested = any(
        role == "O" and m.pos < closers[0].pos and m.mark in OPENERS and _compatible(bottom.mark.mark, m.mark)
        for m, role in after
    )
    return closers[0] if nested else None


def _possessive_before_close(text: str, m: _Mark, found: list[_Mark]) -> bool:
    """In single-mark text, ``Brussels’ plan``: a mark after s that a later
    closing mark in the paragraph makes an apostrophe."""
    if m.pos == 0 or text[m.pos - 1] not in "sS" or not (m.end < len(text) and text[m.end] == " "):
        return False
    nxt = text[m.end + 1 : m.end + 2]
    if not nxt.isalpha():
        return False
    return any(o.pos > m.pos and o.direction == "C" for o in found)


def _span(text: str, entry: _Open, close_end: int, style: str) -> Span | None:
    pieces = [_trim(text, a, b) for a, b in entry.pieces]
    kept = [(p, para) for p, para in zip(pieces, entry.paragraphs) if p[1] > p[0]]
    if not kept:
        return None
    return Span(
        start=kept[0][0][0],
        end=kept[-1][0][1],
        pieces=[p for p, _ in kept],
        outer=(entry.mark.pos, close_end),
        style=style,
        paragraphs=[para for _, para in kept],
    )


def _within(ranges: list[tuple[int, int]], inner: tuple[int, int]) -> bool:
    """Whether ``inner`` lies inside one of the sorted, non-overlapping ranges."""
    i = bisect_right(ranges, (inner[0], math.inf)) - 1
    return i >= 0 and ranges[i][0] <= inner[0] and inner[1] <= ranges[i][1]


def _overlaps(ranges: list[tuple[int, int]], other: tuple[int, int]) -> bool:
    """Whether ``other`` overlaps one of the sorted, non-overlapping ranges:
    of those starting before it ends, the last reaches furthest."""
    i = bisect_left(ranges, (other[1], -math.inf)) - 1
    return i >= 0 and ranges[i][1] > other[0]


#: Chinese and Japanese corner brackets: 「」 (and 『』 inside them, or alone).
CORNERS = {"\u300c": "\u300d", "\u300e": "\u300f"}
_CORNER = re.compile("[\u300c\u300d\u300e\u300f]")


def _corner_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[Span]:
    """Quotes in corner brackets, which say which way they face: each
    closing bracket closes the innermost open bracket of its kind in its
    paragraph; a quote inside another is part of it."""
    spans: list[Span] = []
    for n, (a, b) in enumerate(paragraphs):
        stack: list[_Mark] = []
        for match in _CORNER.finditer(text, a, b):
            mark = match.group()
            if mark in CORNERS:
                stack.append(_Mark(match.start(), mark, "O"))
                continue
            level = next((i for i in range(len(stack) - 1, -1, -1) if CORNERS[stack[i].mark] == mark), None)
            if level is None:
                continue
            opened = stack[level]
            del stack[level:]
            if stack:
                continue  # inside an outer quote: part of it
            start, end = _trim(text, opened.end, match.start())
            if end > start:
                spans.append(Span(start, end, [(start, end)], (opened.pos, match.end()), paragraphs=[n]))
    return spans


def find_quote_spans(text: str) -> list[Span]:
    """Every quoted span in the text, from the characters only, in order.

    Double marks are the quotation marks of most news copy. A text quoted
    with single marks (‘…’, as British papers do) is read for them too,
    telling apostrophes apart: when it holds at least two single-mark quotes
    of three words or more outside any double-mark quote, and more of them
    than double-mark quotes, the single-mark quotes are used, with the
    double-mark ones that do not overlap them. Quotes in corner brackets
    (「」, 『』: Chinese and Japanese) are added where no other quote is."""
    try:
        paragraphs = paragraph_ranges(text)
        spans = _pair(text, paragraphs, "double")
        if "\u300c" in text or "\u300e" in text:
            outers = sorted(sp.outer for sp in spans)
            corners = [c for c in _corner_spans(text, paragraphs) if not _overlaps(outers, c.outer)]
            spans = sorted(spans + corners, key=lambda sp: sp.start)
        if "\u2018" not in text and "'" not in text:
            return spans
        doubles = sorted(d.outer for d in spans)
        singles = [
            s
            for s in _pair(text, paragraphs, "single")
            if len(re.findall(r"\w+", " ".join(text[a:b] for a, b in s.pieces))) >= 3 and not _within(doubles, s.outer)
        ]
        if (len(singles) >= 2 and len(singles) > len(spans)) or (singles and not spans):
            outers = sorted(s.outer for s in singles)
            outside = [d for d in spans if not _overlaps(outers, d.outer)]
            spans = sorted(singles + outside, key=lambda sp: sp.start)
        return spans
    except Exception:
        return []


#: Where :func:`doc_text` keeps a Doc's text (``Doc.user_data``).
TEXT_KEY = ("provenance", "text")


def doc_text(doc) -> str:
    """A spaCy Doc's text: ``Doc.text`` joins every token's text on each call
    (four times per article in a build); the text the Doc was made from is
    kept under :data:`TEXT_KEY` and used when it still ends where the last
    token does."""
    text = doc.user_data.get(TEXT_KEY)
    if text is not None and len(doc) and len(text) == doc[-1].idx + len(doc[-1].text_with_ws):
        return text
    return doc.text
