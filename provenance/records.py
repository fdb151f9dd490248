"""Plain records passed between the pipeline stages.

Each stage is a function over these: ingest makes :class:`Article`,
extraction makes :class:`Quote`, clustering and tracing make
:class:`Cluster`, :class:`Statement` and :class:`CopyEdge`. Only
``publish`` turns them into database rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

QuoteKind = Literal["full", "partial"]
MentionKind = Literal["name", "pronoun", "description", "title", "organisation"]


def text_sha256(text: str) -> str:
    """The identity of an article: the hash of its cleaned body, so the same
    article read under two names is stored once."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


@dataclass
class Article:
    """One news article as read from a file, a URL or a JSONL record."""

    source: str  # the path or URL it was read from
    text: str  # the cleaned body that quote offsets point into
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    url: str | None = None
    wire: str | None = None  # the wire/agency whose copy this is (AP, TASS, ...)
    wire_evidence: str | None = None  # the words that gave the wire away
    meta: dict[str, Any] = field(default_factory=dict)  # other manifest fields

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)


@dataclass
class Quote:
    """One direct quotation found in an article.

    Offsets are characters into ``Article.text`` (== ``doc.text``) and
    exclude the quotation marks. For a quote in one piece,
    ``text == article_text[start:end]``. A quote interrupted by its
    attribution ("A," she said, "b.") is one quote, and so is a quote
    reopened over several paragraphs: ``pieces`` keeps each piece's
    offsets, ``start``/``end`` span from the first piece to the last, and
    ``text`` joins the pieces, with a space between the parts of an
    interrupted quote and a newline between paragraphs. Quotes of one text
    never overlap.

    ``credited`` answers "where was this first said?". It is the medium
    the article credits ("told the NTV television channel" -> "NTV", kind
    ``tv``); failing a medium, the occasion it names ("at a press
    conference", "in a statement", "in a speech to parliament", "in a
    televised address", "in an interview") under a generic name ("press
    conference", "statement", "speech", "televised address", "interview",
    ...) with kind ``event``, the words as written in
    ``credited_mention`` ("a Kremlin press conference"). A named medium
    always wins over an occasion ("at a news conference broadcast by
    Rossiya-24" -> "Rossiya-24", "in a CNN interview" -> "CNN"), and a
    statement's primary source prefers a medium to an occasion. A tweet
    credits Twitter (kind ``social``).
    """

    text: str
    start: int
    end: int
    kind: QuoteKind = "full"
    pieces: list[tuple[int, int]] = field(default_factory=list)
    speaker: str | None = None  # resolved name of a person (or body), as the article writes it in full
    speaker_mention: str | None = None  # as written next to the quote: "he", "a senior official"
    mention_kind: MentionKind | None = None
    cue: str | None = None  # the verb or phrase as written: "said", "told", "according to"
    credited: str | None = None  # the medium the article credits: "NTV", "Anadolu"; or the occasion: "press conference"
    credited_kind: str | None = None  # tv, radio, agency, newspaper, magazine, website, social, wire; event
    credited_mention: str | None = None  # as written: "the NTV television channel"
    confidence: float = 1.0
    attribution: str | None = None  # how the speaker was found: "after" (", she said"), "before", "continues", ...


@dataclass
class Cluster:
    """One wording and its variants (truncations, elisions, insertions)."""

    key: int  # stable within one clustering run; the publisher assigns ids
    quote_ids: list[int]
    canonical_text: str
    statement_key: int
    origin_quote_id: int | None = None
    wording_source: str | None = None  # name of the wire/outlet whose wording others copy
    wording_source_kind: str | None = None
    origin_evidence: str | None = None  # in words: which evidence decided


@dataclass
class Statement:
    """One remark in all its wordings and translations."""

    key: int
    cluster_keys: list[int]
    speaker_id: int | None
    first_quote_id: int | None = None
    primary_source: str | None = None  # the medium the remark was first made to
    primary_source_kind: str | None = None
    evidence: str | None = None


@dataclass
class CopyEdge:
    """Evidence that one article copied (directly or via a wire) another's words."""

    from_article_id: int  # the copy
    to_article_id: int  # the article (or earliest carrier) it copies
    evidence: str
    confidence: float
    cluster_id: int | None = None
    via_source: str | None = None  # the wire both carry, when the copy is through a wire
