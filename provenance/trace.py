"""Tracing: where each wording and each remark came from, and who copied whom.

Per cluster (one wording): the origin quote and the wording source.
With publication dates the origin is the earliest occurrence; variants
published within ``TIE_DAYS`` of it are ties, broken by wire evidence
(an editor's insertion naming a wire, an article carrying wire copy, an
outlet that is a wire) and then by a credited medium. Without dates,
copy evidence decides: an insertion naming a wire, wire copy, a credit.

Per statement (one remark): the primary source, the medium the remark
was first made to, from the media the articles credit; and the first
quote. Per cluster spanning several articles: copy edges from each
article to the origin's, with their evidence in words and a confidence.
An edge claims a direction (who copied whom) only on evidence: a later
date, a credit naming the other outlet, an editor's insertion or wire
copy marking the origin's wording as a wire's; without it the edge says
"the same wording, direction unknown" and its confidence is low.
Every decision says, in ``*_evidence`` / ``evidence``, what decided it.
"""

from __future__ import annotations

import re
from collections import Counter

from .folding import key
from .records import Cluster, CopyEdge, QuoteItem, Regrouped, Statement, TraceResult, day_number
from .sources import WIRE_SPELLINGS, wire_name
from .wording.form import insertions, match_form

TIE_DAYS = 1  # occurrences this many days apart are ties for "earliest"
UNKNOWN_DIRECTION_CONFIDENCE = 0.3  # at most, for an edge whose direction nothing tells

_WIRE_IN_INSERTION = re.compile(
    r"(?:^|[\s\-\u2013\u2014(\[,/])("
    + "|".join(sorted((re.escape(w) for w in WIRE_SPELLINGS), key=len, reverse=True))
    + r")(?=$|[\s)\],./])",
    re.IGNORECASE,
)


def wire_in_insertion(text: str) -> tuple[str, str] | None:
    """A wire named inside an editor's bracketed insertion: '(with Russia - TASS)'."""
    for ins in insertions(text):
        m = _WIRE_IN_INSERTION.search(ins)
        if m:
            return wire_name(m.group(1)), ins
    return None


class _Wires:
    """The wire each quote's copy comes from, worked out once per quote."""

    def __init__(self) -> None:
        self.known: dict[int, tuple[str, str] | None] = {}

    def of(self, q: QuoteItem) -> tuple[str, str] | None:
        """(wire, how we know) for the copy a quote appears in."""
        if q.id not in self.known:
            self.known[q.id] = _find_wire(q)
        return self.known[q.id]

    def standing(self, q: QuoteItem) -> tuple:
        """How close to the source a variant looks, for breaking ties."""
        wire = self.of(q)
        return (
            wire is not None and wire[1].startswith("the editor"),
            wire is not None,
            q.credited is not None,
            len(q.text),
            -q.id,
        )


def _find_wire(q: QuoteItem) -> tuple[str, str] | None:
    found = wire_in_insertion(q.text) if ("(" in q.text or "[" in q.text) else None
    if found:
        return found[0], f"the editor's insertion '{found[1]}'"
    if q.wire:
        return q.wire, f"{_outlet(q)} carries {q.wire} copy"
    own = wire_name(q.outlet or "")
    if own:
        return own, f"{_outlet(q)} is a wire"
    return None


def _outlet(q: QuoteItem) -> str:
    return q.outlet or f"article {q.article_id}"


def trace(
    clusters: list[Cluster],
    statements: list[Statement],
    items: dict[int, QuoteItem],
    cluster_quotes: dict[int, list[int]] | None = None,
    phrase_of: dict[int, int] | None = None,
    phrase_norm: dict[int, str] | None = None,
) -> TraceResult:
    """Fill origins on clusters and statements; return copy edges.

    ``cluster_quotes`` gives the quotes of every cluster of the statements
    (clusters not being retraced included); by default the clusters'.
    ``phrase_of`` (quote -> phrase) and ``phrase_norm`` (phrase -> matching
    form) say which quotes have the same wording; by default the wording is
    normalised here."""
    wires = _Wires()
    if phrase_of is None:
        phrase_of, phrase_norm = {}, {}
        for c in clusters:
            for q in c.quote_ids:
                phrase_of[q] = q
                phrase_norm[q] = match_form(items[q].text).text
    wording = (phrase_of, phrase_norm or {})
    result = TraceResult()
    cluster_quotes = cluster_quotes or {c.key: c.quote_ids for c in clusters}
    translations = Counter()
    for st in statements:
        for k in st.cluster_keys:
            translations[k] = len(st.cluster_keys)
    for c in clusters:
        _trace_cluster(c, items, result, translations.get(c.key, 1), wording, wires)
    origin_of = {c.key: c.origin_quote_id for c in clusters}
    for st in statements:
        _trace_statement(st, cluster_quotes, items, origin_of, wires)
    return result


def trace_groups(grouped: Regrouped) -> TraceResult:
    """:func:`trace` over what one regroup recomputed (or over one group of
    its statements: a statement's origins and copy edges depend only on
    its own quotes)."""
    return trace(
        grouped.clusters,
        grouped.statements,
        grouped.items,
        grouped.cluster_quotes,
        grouped.phrase_of,
        grouped.phrase_norm,
    )


def _trace_cluster(
    c: Cluster,
    items: dict[int, QuoteItem],
    result: TraceResult,
    n_translations: int,
    wording: tuple[dict[int, int], dict[int, str]],
    wires: _Wires,
) -> None:
    members = [items[i] for i in c.quote_ids]
    articles = {q.article_id for q in members}
    evidence: list[str] = []
    dated = [q for q in members if day_number(q.published) is not None]
    wired = [(q, wires.of(q)) for q in members]
    wired = [(q, w) for q, w in wired if w]
    if dated:
        first_day = min(day_number(q.published) for q in dated)
        ties = [q for q in dated if day_number(q.published) - first_day <= TIE_DAYS]
        origin = max(ties, key=wires.standing)
        evidence.append(f"earliest publication: {origin.published[:10]} in {_outlet(origin)}")
        others = {q.article_id for q in ties} - {origin.article_id}
        if others:
            why = _standing_words(origin, wires)
            evidence.append(f"{len(others)} other article(s) within {TIE_DAYS} day(s) of it; chosen {why}")
    elif wired:
        origin = max((q for q, _ in wired), key=wires.standing)
        evidence.append(f"no dates; {wires.of(origin)[1]} marks the wording as {wires.of(origin)[0]}'s")
    else:
        credited = [q for q in members if q.credited]
        if credited and len(articles) > 1:
            origin = max(credited, key=wires.standing)
            evidence.append(f"no dates or wire marks; {_outlet(origin)} names the medium ({origin.credited})")
        else:
            origin = max(members, key=lambda q: (len(q.text), -q.id))
            if len(articles) > 1:
                evidence.append("no dates or copy marks: the fullest wording is shown as the origin")
    c.origin_quote_id = origin.id
    c.canonical_text = origin.text
    origin_wire = wires.of(origin)
    if origin_wire:
        c.wording_source, c.wording_source_kind = origin_wire[0], "wire"
        if len(articles) > 1 and not evidence[-1].startswith("no dates;"):
            evidence.append(f"wording from {origin_wire[0]}: {origin_wire[1]}")
    elif wired:
        counts = Counter(w[0] for _, w in wired)
        wire, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        c.wording_source, c.wording_source_kind = wire, "wire"
        evidence.append(f"wording from {wire}: {n} of {len(members)} variants are in {wire} copy")
    elif len(articles) > 1 and dated:
        c.wording_source, c.wording_source_kind = origin.outlet, "outlet"
    c.origin_evidence = "; ".join(evidence) or None
    if len(articles) > 1:
        _copy_edges(c, members, origin, result, n_translations, wording, wires)


def _standing_words(q: QuoteItem, wires: _Wires) -> str:
    wire = wires.of(q)
    if wire:
        return f"for wire evidence ({wire[1]})"
    if q.credited:
        return f"for naming the medium ({q.credited})"
    return "as the fullest wording"


def _copy_edges(
    c: Cluster,
    members: list[QuoteItem],
    origin: QuoteItem,
    result: TraceResult,
    n_translations: int,
    wording: tuple[dict[int, int], dict[int, str]],
    wires: _Wires,
) -> None:
    phrase_of, norm = wording

    def form(q: QuoteItem) -> str:
        return norm.get(phrase_of.get(q.id), "")

    origin_form = form(origin)
    cut_short = len(origin_form.split()) < max(len(f.split()) for f in {form(q) for q in members})
    origin_ins = wire_in_insertion(origin.text)
    origin_wire = wires.of(origin)
    seen = {origin.article_id}
    for q in sorted(members, key=lambda q: (q.published or "~", q.id)):
        if q.article_id in seen:
            continue
        seen.add(q.article_id)
        words, confidence = [], 0.4
        if origin_ins and origin_ins[1] in q.text:
            words.append(f"carries the same editor's insertion '{origin_ins[1]}'")
            confidence += 0.3
        if origin_form and form(q) == origin_form:
            words.append("word for word the same wording")
            confidence += 0.1
            if cut_short:
                words.append("cut at the same points (the remark is quoted at more length elsewhere)")
                confidence += 0.1
        else:
            words.append(f"a variant of the wording (quote {origin.id})")
        if n_translations > 1:
            words.append(f"the same English translation (the remark circulates in {n_translations} wordings)")
            confidence += 0.15
        via = None
        wire = wires.of(q)
        if origin_wire and wire and wire[0] == origin_wire[0]:
            via = wire[0]
            words.append(f"both carry {via} copy")
            confidence += 0.1
        if q.published and origin.published:
            if q.published[:10] < origin.published[:10]:
                continue
            words.append(f"published {q.published[:10]}, origin {origin.published[:10]}")
            confidence += 0.05
        known = _direction(q, origin, origin_wire)
        copier, source = q, origin
        if not known and origin.credited and q.outlet and key(origin.credited) == key(q.outlet):
            copier, source, known = origin, q, f"it credits {origin.credited}"
        if known:
            evidence = f"{_outlet(copier)} copies {_outlet(source)} ({known}): "
        else:
            evidence = (
                f"{_outlet(q)} and {_outlet(origin)}: the same wording, direction unknown"
                " (no later date, credit, editor's insertion or wire copy tells who copied whom): "
            )
            confidence = min(confidence, UNKNOWN_DIRECTION_CONFIDENCE)
        result.copy_edges.append(
            CopyEdge(
                from_article_id=copier.article_id,
                to_article_id=source.article_id,
                evidence=evidence + "; ".join(words),
                confidence=round(min(confidence, 0.95), 2),
                cluster_id=c.key,
                via_source=via,
                direction_known=bool(known),
            )
        )


def _direction(q: QuoteItem, origin: QuoteItem, origin_wire: tuple[str, str] | None) -> str | None:
    """What says that q's article took the words from the origin's (or
    from the wire the origin's wording is marked as), in words; None when
    nothing does (the same words on the same day, or undated)."""
    if origin_wire:
        return f"the words are {origin_wire[0]}'s: {origin_wire[1]}"
    if q.published and origin.published and q.published[:10] > origin.published[:10]:
        return "a later date"
    if q.credited and origin.outlet and key(q.credited) == key(origin.outlet):
        return f"it credits {q.credited}"
    return None


def _trace_statement(
    st: Statement,
    cluster_quotes: dict[int, list[int]],
    items: dict[int, QuoteItem],
    origin_of: dict[int, int | None],
    wires: _Wires,
) -> None:
    members = [items[i] for k in st.cluster_keys for i in cluster_quotes.get(k, [])]
    if not members:
        return
    credited = [q for q in members if q.credited]
    if credited:
        counts = Counter(q.credited for q in credited)

        def rank(name: str) -> tuple:
            days = [day_number(q.published) for q in credited if q.credited == name]
            days = [d for d in days if d is not None]
            medium = any(
                q.credited_kind != "event" for q in credited if q.credited == name
            )  # NTV before "press conference"
            return (
                medium,
                counts[name],
                -(min(days) if days else 10**7),
                -min(q.id for q in credited if q.credited == name),
            )

        best = max(counts, key=rank)
        where = min((q for q in credited if q.credited == best), key=lambda q: (q.published or "~", q.id))
        st.primary_source, st.primary_source_kind = best, where.credited_kind
        st.evidence = f"{_outlet(where)} credits the remark to {best}"
        if counts[best] > 1:
            st.evidence += f" ({counts[best]} quotes do)"
        if len(counts) > 1:
            st.evidence += f"; other credits: {', '.join(sorted(n for n in counts if n != best))}"
    dated = [q for q in members if day_number(q.published) is not None]
    if dated:
        first_day = min(day_number(q.published) for q in dated)
        ties = [q for q in dated if day_number(q.published) - first_day <= TIE_DAYS]
        first = max(ties, key=wires.standing)
        st.first_quote_id = first.id
        note = f"first reported {first.published[:10]} by {_outlet(first)}"
    else:
        credited_first = [q for q in credited if q.credited == st.primary_source]
        if credited_first:
            first = min(credited_first, key=lambda q: q.id)
        else:
            biggest = max(st.cluster_keys, key=lambda k: (len(cluster_quotes.get(k, [])), -k))
            first = items[origin_of.get(biggest) or min(cluster_quotes[biggest])]
        st.first_quote_id = first.id
        note = None
    if note and len({q.article_id for q in members}) > 1:
        st.evidence = f"{st.evidence}; {note}" if st.evidence else note
