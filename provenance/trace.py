"""Tracing: where each wording and each remark came from, and who copied whom.

Dates decide first (the earliest occurrence); without dates, copy evidence
decides (an editor's insertion naming a wire, a wire credit on the
article) and credited media give the primary source. Every decision
carries its evidence in words.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .cluster import QuoteItem
from .normalize import insertions
from .records import Cluster, CopyEdge, Statement

WIRES = {
    "tass": "TASS", "itar-tass": "TASS", "reuters": "Reuters", "ap": "AP", "associated press": "AP",
    "afp": "AFP", "agence france-presse": "AFP", "upi": "UPI", "ria novosti": "RIA Novosti", "ria": "RIA Novosti",
    "interfax": "Interfax", "anadolu": "Anadolu", "xinhua": "Xinhua", "dpa": "dpa", "efe": "EFE", "ansa": "ANSA",
    "bloomberg": "Bloomberg", "sputnik": "Sputnik", "pti": "PTI", "kyodo": "Kyodo", "yonhap": "Yonhap",
}
_WIRE_IN_INSERTION = re.compile(
    r"(?:^|[\s\-\u2013\u2014(\[,])(" + "|".join(sorted((re.escape(w) for w in WIRES), key=len, reverse=True)) + r")(?=$|[\s)\],.])",
    re.IGNORECASE,
)


@dataclass
class TraceResult:
    copy_edges: list[CopyEdge] = field(default_factory=list)
    article_wires: dict[int, tuple[str, str]] = field(default_factory=dict)  # article id -> (wire, evidence)


def wire_in_insertion(text: str) -> tuple[str, str] | None:
    """A wire named inside an editor's bracketed insertion: '(with Russia - TASS)'."""
    for ins in insertions(text):
        m = _WIRE_IN_INSERTION.search(ins)
        if m:
            return WIRES[m.group(1).lower()], ins
    return None


def _date(q: QuoteItem) -> str:
    return q.published or "~"  # undated sorts last


def trace(clusters: list[Cluster], statements: list[Statement], items: dict[int, QuoteItem]) -> TraceResult:
    """Fill origins on clusters and statements; return copy edges."""
    result = TraceResult()
    for c in clusters:
        _trace_cluster(c, items, result)
    by_key = {c.key: c for c in clusters}
    for st in statements:
        _trace_statement(st, [by_key[k] for k in st.cluster_keys], items)
    return result


def _trace_cluster(c: Cluster, items: dict[int, QuoteItem], result: TraceResult) -> None:
    members = [items[i] for i in c.quote_ids]
    evidence: list[str] = []
    marked = [(q, wire_in_insertion(q.text)) for q in members]
    marked = [(q, w) for q, w in marked if w]
    dated = sorted((q for q in members if q.published), key=lambda q: (q.published, q.id))
    if marked:
        q, (wire, ins) = min(marked, key=lambda m: (_date(m[0]), m[0].id))
        c.wording_source, c.wording_source_kind = wire, "wire"
        c.origin_quote_id = q.id
        evidence.append(f"the editor's insertion '{ins}' names {wire} as the wording's source")
        for m, _ in marked:
            result.article_wires.setdefault(m.article_id, (wire, f"editor's insertion '{ins}' inside a quote"))
    else:
        wires = Counter(q.wire for q in members if q.wire)
        if wires:
            wire, n = wires.most_common(1)[0]
            c.wording_source, c.wording_source_kind = wire, "wire"
            carrier = min((q for q in members if q.wire == wire), key=lambda q: (_date(q), q.id))
            c.origin_quote_id = carrier.id
            evidence.append(f"{n} of {len(members)} variants are in articles carrying {wire} copy")
    if dated and (c.origin_quote_id is None or items[c.origin_quote_id].published is None
                  or dated[0].published < items[c.origin_quote_id].published[:10]):
        first = dated[0]
        if c.origin_quote_id is None:
            c.origin_quote_id = first.id
            evidence.append(f"earliest publication ({first.published}, {first.outlet or 'unknown outlet'})")
            if c.wording_source is None and len({q.article_id for q in members}) > 1:
                c.wording_source, c.wording_source_kind = first.outlet, "outlet"
    if c.origin_quote_id is None:
        longest = max(members, key=lambda q: (len(q.text), -q.id))
        c.origin_quote_id = longest.id
        if len(members) > 1:
            evidence.append("no dates or copy marks: the fullest wording is shown as the origin")
    c.origin_evidence = "; ".join(evidence) or None
    c.canonical_text = items[c.origin_quote_id].text
    _copy_edges(c, members, items, result)


def _copy_edges(c: Cluster, members: list[QuoteItem], items: dict[int, QuoteItem], result: TraceResult) -> None:
    origin = items[c.origin_quote_id]
    seen = {origin.article_id}
    ins = wire_in_insertion(origin.text)
    for q in sorted(members, key=lambda q: (_date(q), q.id)):
        if q.article_id in seen:
            continue
        seen.add(q.article_id)
        if origin.published and q.published and q.published < origin.published:
            continue
        words = f"same wording as the origin variant (quote {origin.id})"
        confidence = 0.5
        if ins:
            words += f", which carries {ins[0]}'s insertion '{ins[1]}'"
            confidence = 0.7
        if origin.published and q.published:
            words += f"; published {q.published} after {origin.published}"
            confidence += 0.1
        result.copy_edges.append(
            CopyEdge(from_article_id=q.article_id, to_article_id=origin.article_id, evidence=words,
                     confidence=round(confidence, 2), cluster_id=c.key, via_source=c.wording_source
                     if c.wording_source_kind == "wire" else None)
        )


def _trace_statement(st: Statement, clusters: list[Cluster], items: dict[int, QuoteItem]) -> None:
    members = [items[i] for c in clusters for i in c.quote_ids]
    credited = [q for q in members if q.credited]
    if credited:
        counts = Counter(q.credited for q in credited)
        best = max(counts, key=lambda name: (counts[name], -min(q.id for q in credited if q.credited == name)))
        st.primary_source = best
        st.primary_source_kind = next(q.credited_kind for q in credited if q.credited == best)
        where = next(q for q in credited if q.credited == best)
        st.evidence = f"{where.outlet or 'an article'} credits the remark to {best}"
        if len(counts) > 1:
            st.evidence += f" (other credits: {', '.join(n for n in counts if n != best)})"
    dated = sorted((q for q in members if q.published), key=lambda q: (q.published, q.id))
    if dated:
        st.first_quote_id = dated[0].id
    else:
        origins = [c.origin_quote_id for c in sorted(clusters, key=lambda c: -len(c.quote_ids))]
        st.first_quote_id = origins[0] if origins else None
