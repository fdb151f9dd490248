"""Quote extraction as a spaCy pipeline component.

    nlp.add_pipe("provenance_quotes")
    doc = nlp(text)
    doc._.quotes  # list[provenance.records.Quote]

The component finds quoted spans from the characters (every mark style),
then attributes each one (speaker, cue, credited medium) from the parse.
It never raises on odd input: unbalanced marks give no quote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .attribute import attribute_quotes
from .records import Quote

COMPONENT = "provenance_quotes"

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)

# opening mark -> closing marks it accepts
PAIRS: dict[str, str] = {
    "\u201c": "\u201d\u201c\"",  # “ ” (and “ as a typo)
    "\u201e": "\u201c\u201d\"",  # „ “ (German) or „ ”
    "\u00ab": "\u00bb",  # « »
    "\u00bb": "\u00ab",  # » « (Danish/German style)
    "\"": "\"\u201d",
    "``": "''\"\u201d",
    "\u2018": "\u2019",  # ‘ ’ (single: only as nested or headline quotes)
}


@dataclass
class Span:
    start: int  # first character inside the marks
    end: int  # one past the last character inside
    pieces: list[tuple[int, int]]


_MARK = re.compile("``|''|[\"\u201c\u201d\u201e\u00ab\u00bb]")


def _is_opening(text: str, i: int, mark: str) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + len(mark)] if i + len(mark) < len(text) else " "
    if mark in ("\u201c", "\u201e", "\u00ab", "``"):
        return not after.isspace()
    if mark in ("\u201d", "''"):
        return False
    if mark == "\u00bb":
        return False
    # straight double quote: opening after space/open-punct, before a non-space
    return (before.isspace() or before in "([{—–-:/") and not after.isspace()


def find_quote_spans(text: str) -> list[Span]:
    """Pair quotation marks into spans; quotes reopened at the start of the
    next paragraph continue the same quote."""
    spans: list[Span] = []
    marks = [(m.start(), m.group()) for m in _MARK.finditer(text)]
    i = 0
    while i < len(marks):
        pos, mark = marks[i]
        if not _is_opening(text, pos, mark):
            i += 1
            continue
        closers = PAIRS.get(mark, "\"\u201d")
        start = pos + len(mark)
        pieces: list[tuple[int, int]] = []
        j = i + 1
        closed = None
        while j < len(marks):
            p, m = marks[j]
            segment = text[start:p]
            if "\n" in segment.strip("\n") or segment.startswith("\n"):
                # paragraph break inside: continue only if the next paragraph reopens
                nl = text.find("\n", start)
                if nl != -1 and nl < p:
                    para_end = nl
                    k = nl
                    while k < len(text) and text[k].isspace():
                        k += 1
                    if k == p and m in PAIRS and (p == 0 or text[p - 1].isspace()):
                        pieces.append((start, para_end))
                        start = p + len(m)
                        j += 1
                        continue
                    break
            if m in closers or (m == "''" and "\"" in closers):
                closed = (p, m)
                break
            j += 1
        if closed is None:
            i += 1
            continue
        pieces.append((start, closed[0]))
        spans.append(Span(pieces[0][0], closed[0], pieces))
        # skip marks consumed
        while i < len(marks) and marks[i][0] <= closed[0]:
            i += 1
    return spans


@Language.factory(COMPONENT)
def make_quote_component(nlp: Language, name: str) -> "QuoteComponent":
    return QuoteComponent()


class QuoteComponent:
    """Finds quotes and their attribution; results on ``doc._.quotes``."""

    def __call__(self, doc: Doc) -> Doc:
        try:
            spans = find_quote_spans(doc.text)
            doc._.quotes = attribute_quotes(doc, spans)
        except Exception:  # noqa: BLE001 - the component must never break a pipeline
            doc._.quotes = []
        return doc


def quote_text(text: str, pieces: list[tuple[int, int]]) -> str:
    return " ".join(text[a:b].strip() for a, b in pieces)


__all__ = ["COMPONENT", "Quote", "find_quote_spans", "QuoteComponent"]


CHUNK_CHARS = 100_000


def _chunks(text: str) -> list[tuple[int, str]]:
    """Split a long text at paragraph breaks that fall outside every quote,
    so each chunk parses within spaCy's limits."""
    if len(text) <= CHUNK_CHARS:
        return [(0, text)]
    spans = find_quote_spans(text)
    inside = [(s.start, s.end) for s in spans]
    cuts = [0]
    pos = 0
    j = 0
    while pos < len(text):
        target = cuts[-1] + CHUNK_CHARS
        if target >= len(text):
            break
        cut = text.rfind("\n", cuts[-1] + 1, target)
        while cut > cuts[-1] and any(a <= cut < b for a, b in inside):
            cut = text.rfind("\n", cuts[-1] + 1, cut)
        if cut <= cuts[-1]:
            cut = text.rfind(" ", cuts[-1] + 1, target)
        if cut <= cuts[-1]:
            cut = target
        cuts.append(cut)
        pos = cut
        j += 1
    cuts.append(len(text))
    return [(a, text[a:b]) for a, b in zip(cuts, cuts[1:]) if b > a]


def extract_quotes(nlp: Language, texts: list[str], *, batch_size: int = 16) -> list[list[Quote]]:
    """Quotes of each text (offsets into that text), long texts in chunks."""
    jobs: list[tuple[int, int, str]] = []
    for n, text in enumerate(texts):
        for offset, chunk in _chunks(text):
            jobs.append((n, offset, chunk))
    if nlp.max_length < CHUNK_CHARS * 2:
        nlp.max_length = CHUNK_CHARS * 2
    results: list[list[Quote]] = [[] for _ in texts]
    docs = nlp.pipe((chunk for _, _, chunk in jobs), batch_size=batch_size)
    for (n, offset, _), doc in zip(jobs, docs):
        for quote in doc._.quotes or []:
            if offset:
                quote.start += offset
                quote.end += offset
                quote.pieces = [(a + offset, b + offset) for a, b in quote.pieces]
            results[n].append(quote)
    return results
