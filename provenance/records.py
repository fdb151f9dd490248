"""Plain records passed between the pipeline stages.

Every record that crosses a stage is here. Ingest makes :class:`Article`;
extraction makes :class:`Quote`; clustering reads :class:`QuoteItem`
(what it needs of a stored quote), keeps :class:`Phrase` (one wording, in
the store between runs) and makes :class:`Regrouped` (clusters and
statements); tracing adds a :class:`TraceResult` (origins, copy edges).
A check reads a paste into :class:`PastedQuote` records.
Only the store turns them into database rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
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
    found_from: dict[str, str] = field(default_factory=dict)  # outlet, title, published -> where each came from

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
    attribution: str | None = (
        None  # how the speaker was found: "after" (", she said"), "before", "continues", "nearby", ...
    )


@dataclass
class Extraction:
    """The quotes found in one text, or why they could not be: a text on
    which extraction failed has no quotes, and ``error`` names the failure
    ("ValueError: ...") with the traceback in ``detail``."""

    quotes: list[Quote] = field(default_factory=list)
    error: str | None = None
    detail: str | None = None

    def fail(self, detail: str) -> None:
        """Record a failure (a traceback); its quotes are dropped."""
        self.quotes = []
        self.error = detail.strip().splitlines()[-1] if detail.strip() else "unknown error"
        self.detail = detail


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
    direction_known: bool = True  # False: the same wording, but nothing tells which article copied which


@dataclass(slots=True)
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
    speaker: str | None = None  # the speaker's name
    article_sha256: str | None = None  # with start: who the quote is, whatever ids it got
    start: int | None = None


@dataclass(slots=True)
class Phrase:
    """One distinct wording (per speaker when short) and its links."""

    id: int | None
    key: int  # stable 63-bit hash of the unit key
    norm: str  # matching-form tokens, space-separated
    elisions: tuple[int, ...] = ()
    breaks: tuple[int, ...] = ()  # token positions where a sentence begins
    speakers: frozenset[int] = frozenset()
    names: frozenset[frozenset[str]] = frozenset()  # the speakers' names, each as its words
    published: str | None = None  # earliest publication of any of its quotes
    article: int | None = None  # the one article it appears in; None once in several
    parent: int | None = None
    statement_parent: int | None = None
    tied: bool = False  # no parent because two camps of candidates tied
    cluster: int | None = None
    statement: int | None = None
    commas: tuple[int, ...] = ()  # token positions where a comma or dash stands inside a sentence
    code: str = ""  # run-local: one character per token, for alignment
    mask: int = 0  # run-local: bit i set when token i is a content word
    ccode: str = ""  # run-local: the content words' characters
    order: tuple = ()  # set by Vocab.prepare: phrases link upwards in this order (longer, then by wording)
    day: int | None = None  # set by Vocab.prepare: day number of ``published``

    @property
    def size(self) -> int:
        return len(self.code) if self.code else len(self.norm.split())


@dataclass
class Regrouped:
    """What one regroup changed: the new clusters and statements (to be
    traced and written), the old ones they replace, and clusters that
    only moved to another statement."""

    clusters: list[Cluster] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    old_clusters: set[int] = field(default_factory=set)
    old_statements: set[int] = field(default_factory=set)
    moved_clusters: dict[int, int] = field(default_factory=dict)  # cluster id -> new statement id
    cluster_quotes: dict[int, list[int]] = field(default_factory=dict)  # every cluster of the statements above
    phrase_of: dict[int, int] = field(default_factory=dict)  # quote id -> phrase id, for those quotes
    phrase_norm: dict[int, str] = field(default_factory=dict)  # phrase id -> its matching form
    items: dict[int, QuoteItem] = field(default_factory=dict)
    phrases_recomputed: int = 0
    pairs_verified: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # time taken by each step


@dataclass
class GroupRows:
    """The rows a regroup writes, traced (:func:`provenance.store.writer.group_rows`),
    media by name: each iterable is read once, in order, so rows may
    stream from files (tracing on Dask workers)."""

    #: (id, speaker_id, primary source, its kind, first_quote_id, label, evidence, cluster_count,
    #: quote_count): by their first cluster's id
    statements: Iterable[tuple]
    #: (id, statement_id, canonical_text, origin_quote_id, wording source, its kind, origin_evidence,
    #: quote_count, article_count, first_published): by id
    clusters: Iterable[tuple]
    quote_clusters: Iterable[tuple[int, int]]  # (cluster id, quote id)
    #: (from_article_id, to_article_id, cluster_id, via source, evidence, confidence, direction_known)
    copy_edges: Iterable[tuple]
    old_clusters: set[int] = field(default_factory=set)
    old_statements: set[int] = field(default_factory=set)
    moved_clusters: dict[int, int] = field(default_factory=dict)  # cluster id -> new statement id
    article_wires: dict[int, tuple[str, str]] = field(default_factory=dict)
    written: Callable[[], None] | None = None  # called once the rows are written (removes the files they came from)


@dataclass
class TraceResult:
    copy_edges: list[CopyEdge] = field(default_factory=list)
    article_wires: dict[int, tuple[str, str]] = field(default_factory=dict)  # article id -> (wire, evidence)


def day_number(published: str | None) -> int | None:
    """Days since year 1 of an ISO date or datetime (None when unknown)."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


@dataclass
class PastedQuote:
    """One quotation read from a paste (:mod:`provenance.paste`): the
    quoted words, and the speaker the paste names, as read (or None)."""

    text: str
    speaker: str | None = None
