"""Quotes: every direct quotation of an article, with who said it, the cue
and the medium it is credited to (the extract stage).

The public face is :func:`extract_quotes` (texts in, :class:`Quote`
records out), the spaCy component behind it (``provenance_quotes``, with
``provenance_paragraphs`` before the parser) and :func:`load_nlp`. One
concern per module:

- :mod:`.marks`: quoted spans from the characters alone (every mark style,
  quotes reopened across paragraphs, primes and apostrophes told apart);
- :mod:`.context`: one parsed article as attribution sees it;
- :mod:`.frames`: the readings that attribute a quote (", she said",
  "X said:", "according to X", ...), an ordered table (``FINDERS``) tried
  over one quote's :class:`~.frames.QuoteContext`, the most specific kept;
- :mod:`.people`: who is who inside one article (names, surnames, titles,
  pronouns), a small explainable coreference; :mod:`.names`: name spans;
- :mod:`.cues`: the reporting verbs and phrases ("said", "according to");
- :mod:`.media`: which medium or occasion a quote is credited to;
- :mod:`.attribute` puts them together for one Doc; :mod:`.component`
  wraps that as a spaCy component; :mod:`.model` loads the pipeline.
"""

from ..records import Extraction, Quote
from .component import COMPONENT, PARAGRAPHS, QuoteComponent, extract_quotes
from .marks import Span, find_quote_spans
from .model import DEFAULT_MODEL, load_nlp

__all__ = [
    "COMPONENT",
    "DEFAULT_MODEL",
    "PARAGRAPHS",
    "Extraction",
    "Quote",
    "QuoteComponent",
    "Span",
    "extract_quotes",
    "find_quote_spans",
    "load_nlp",
]
