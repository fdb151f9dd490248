"""Quote extraction as a spaCy pipeline component.

    nlp.add_pipe("provenance_quotes")
    doc = nlp(text)
    doc._.quotes  # list[provenance.records.Quote]

The component finds quoted spans from the characters (every mark style),
then attributes each one (speaker, cue, credited medium) from the parse.
Odd input (unbalanced marks) gives no quote. A failure inside the
component never breaks a pipeline, nor passes in silence: the doc gets no
quotes and ``doc._.quote_error`` holds the traceback, which
:func:`extract_quotes` hands on in its :class:`Extraction` records.
"""

from __future__ import annotations

import traceback
from bisect import bisect_right

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..records import Extraction, Quote
from .attribute import attribute_quotes
from .marks import TEXT_KEY, Span, doc_text, find_quote_spans, paragraph_ranges
from .media import inside_ranges

COMPONENT = "provenance_quotes"
PARAGRAPHS = "provenance_paragraphs"

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)
if not Doc.has_extension("quote_error"):
    Doc.set_extension("quote_error", default=None)
if not Doc.has_extension("quote_spans"):  # spans found before the doc was made: used as they are
    Doc.set_extension("quote_spans", default=None)


@Language.component(PARAGRAPHS)
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence at every paragraph, so the parser never joins the
    last words of one paragraph to the first of the next. Add it before the
    parser: ``nlp.add_pipe("provenance_paragraphs", before="parser")``."""
    try:
        starts = sorted(a for a, _ in paragraph_ranges(doc_text(doc)) if a > 0)
        flags = doc.to_array([SENT_START]).astype("int64")
        i = 0
        first = 0 if len(doc) and not doc[0].is_space else None
        for tok in doc:
            while i < len(starts) and starts[i] < tok.idx:
                i += 1
            if i < len(starts) and tok.idx >= starts[i] and not tok.is_space and tok.i > 0:
                flags[tok.i] = 1
                first = tok.i
                i += 1
            elif first is not None and tok.i == first + 1:
                # a paragraph's first two words are one sentence: "Almeida
                # said ..." after a heading was read as "Almeida" alone
                if doc[first].text[:1].isalpha() and tok.text[:1].isalpha() and not doc[first].is_stop:
                    flags[tok.i] = -1
                first = None
        # one write for the whole doc: setting Token.is_sent_start checks
        # the whole doc for a parse each time
        doc.from_array([SENT_START], flags.astype("uint64"))
    except Exception:
        doc._.quote_error = traceback.format_exc()
    return doc


@Language.factory(COMPONENT)
def make_quote_component(nlp: Language, name: str) -> QuoteComponent:
    return QuoteComponent()


class QuoteComponent:
    """Finds quotes and their attribution; results on ``doc._.quotes``, a
    failure's traceback on ``doc._.quote_error``. Quote spans already set
    on ``doc._.quote_spans`` (found before the Doc was made) are used as
    they are."""

    def __call__(self, doc: Doc) -> Doc:
        try:
            spans = doc._.quote_spans
            if spans is None:
                spans = find_quote_spans(doc_text(doc))
            doc._.quotes = attribute_quotes(doc, spans)
        except Exception:
            doc._.quotes = []
            doc._.quote_error = traceback.format_exc()
        return doc


__all__ = [
    "COMPONENT",
    "PARAGRAPHS",
    "Quote",
    "QuoteComponent",
    "Span",
    "extract_quotes",
    "find_quote_spans",
    "mark_paragraphs",
]


CHUNK_CHARS = 100_000
#: Characters in one nlp.pipe batch: spaCy holds a whole batch of parsed docs
#: at once, so 16 full-size chunks would take gigabytes.
BATCH_CHARS = 200_000


def _chunks(text: str) -> list[tuple[int, str]]:
    """Split a long text at paragraph breaks that fall outside every quote,
    so each chunk parses within spaCy's limits."""
    if len(text) <= CHUNK_CHARS:
        return [(0, text)]
    quotes = [(s.start, s.end) for s in find_quote_spans(text)]
    cuts = [0]
    pos = 0
    while pos < len(text):
        target = cuts[-1] + CHUNK_CHARS
        if target >= len(text):
            break
        cut = text.rfind("\n", cuts[-1] + 1, target)
        while cut > cuts[-1] and inside_ranges(quotes, cut):
            cut = text.rfind("\n", cuts[-1] + 1, cut)
        if cut <= cuts[-1]:
            cut = text.rfind(" ", cuts[-1] + 1, target)
        if cut <= cuts[-1]:
            cut = target
        cuts.append(cut)
        pos = cut
    cuts.append(len(text))
    return [(a, text[a:b]) for a, b in zip(cuts, cuts[1:]) if b > a]


def _to_parse(nlp: Language, chunk: str) -> Doc:
    """The Doc to run the pipeline on for one chunk, its quote spans found
    once, here. Attribution reads a quote's paragraph, the one after it and
    what came before, so the paragraphs after the one that follows the last
    quote are not parsed (offsets are unchanged: the text is only cut
    short), and a chunk without quotes is not parsed at all."""
    try:
        spans = find_quote_spans(chunk)
        text = chunk[: _parsed_end(chunk, spans)]
    except Exception:
        doc = nlp.make_doc(chunk)
        doc._.quote_error = traceback.format_exc()
        return doc
    doc = nlp.make_doc(text)
    doc._.quote_spans = spans
    doc.user_data[TEXT_KEY] = text
    return doc


def _parsed_end(text: str, spans: list[Span]) -> int:
    """Where the text to parse ends: after the paragraph that follows the
    last quote (0 without quotes; the whole text when the cut text would
    split into other paragraphs)."""
    if not spans:
        return 0
    paragraphs = paragraph_ranges(text)
    starts = [a for a, _ in paragraphs]
    last = max(bisect_right(starts, max(s.outer[0], s.outer[1] - 1)) - 1 for s in spans)
    if last + 2 >= len(paragraphs):
        return len(text)
    end = paragraphs[last + 1][1]
    if paragraph_ranges(text[:end]) != paragraphs[: last + 2]:
        return len(text)
    return end


def extract_quotes(nlp: Language, texts: list[str], *, batch_size: int = 16) -> list[Extraction]:
    """The quotes of each text (offsets into that text), long texts in
    chunks; a text on which the component failed has none, and its
    :class:`Extraction` says why. A text without quote marks is not parsed."""
    jobs: list[tuple[int, int]] = []
    made: list[Doc] = []
    for n, text in enumerate(texts):
        for offset, chunk in _chunks(text):
            jobs.append((n, offset))
            made.append(_to_parse(nlp, chunk))
    if nlp.max_length < CHUNK_CHARS * 2:
        nlp.max_length = CHUNK_CHARS * 2
    results = [Extraction() for _ in texts]
    longest = max((len(doc_text(doc)) for doc in made), default=1)
    batch_size = max(1, min(batch_size, BATCH_CHARS // max(longest, 1)))
    # longest first: the parser steps a batch for as long as its longest
    # article, so articles of like length are parsed together
    order = sorted(range(len(made)), key=lambda k: -len(made[k]))
    found: list[tuple[str | None, list[Quote]]] = [(None, [])] * len(made)
    for k, doc in zip(order, nlp.pipe([made[k] for k in order], batch_size=batch_size)):
        found[k] = (doc._.quote_error, doc._.quotes or [])
    for (n, offset), (error, quotes) in zip(jobs, found):
        if error is not None:
            results[n].fail(error)
        if results[n].error is not None:
            continue
        for quote in quotes:
            if offset:
                quote.start += offset
                quote.end += offset
                quote.pieces = [(a + offset, b + offset) for a, b in quote.pieces]
            results[n].quotes.append(quote)
    return results
