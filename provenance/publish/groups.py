"""Reading clustering inputs from the database and writing clusters,
statements, copy edges and inferred wires back."""
from __future__ import annotations

from typing import Iterable

import sqlite_utils

from ..cluster import QuoteItem
from ..records import Cluster, Statement
from ..trace import TraceResult
from . import source_id

_ITEMS_SQL = """
select q.id, q.text, q.article_id, q.speaker_id, a.published, o.name as outlet,
       cs.name as credited, cs.kind as credited_kind, ws.name as wire
from quotes q
join articles a on a.id = q.article_id
left join outlets o on o.id = a.outlet_id
left join sources cs on cs.id = q.credited_source_id
left join sources ws on ws.id = a.wire_source_id
"""


def load_items(db: sqlite_utils.Database, quote_ids: Iterable[int] | None = None) -> list[QuoteItem]:
    """Quotes as clustering inputs (all of them, or the given ids)."""
    if quote_ids is None:
        rows = db.conn.execute(_ITEMS_SQL + " order by q.id")
    else:
        ids = sorted(set(quote_ids))
        db.conn.execute("create temp table if not exists _ids (id integer primary key)")
        db.conn.execute("delete from _ids")
        db.conn.executemany("insert into _ids values (?)", ((i,) for i in ids))
        rows = db.conn.execute(_ITEMS_SQL + " where q.id in (select id from _ids) order by q.id")
    return [QuoteItem(*row) for row in rows]


def write_groups(
    db: sqlite_utils.Database,
    clusters: list[Cluster],
    statements: list[Statement],
    traced: TraceResult,
    *,
    replace_all: bool = True,
) -> None:
    """Replace clusters, statements and copy edges with these. The caller
    holds the transaction."""
    conn = db.conn
    if replace_all:
        conn.execute("update quotes set cluster_id = null")
        conn.execute("delete from copy_edges")
        conn.execute("delete from clusters")
        conn.execute("delete from statements")
    statement_ids: dict[int, int] = {}
    cluster_of: dict[int, Cluster] = {c.key: c for c in clusters}
    for st in statements:
        first = min(st.cluster_keys)
        label = cluster_of[first].canonical_text if first in cluster_of else None
        n_quotes = sum(len(cluster_of[k].quote_ids) for k in st.cluster_keys)
        cur = conn.execute(
            "insert into statements (speaker_id, primary_source_id, first_quote_id, label, evidence,"
            " cluster_count, quote_count) values (?,?,?,?,?,?,?)",
            (st.speaker_id, source_id(db, st.primary_source, st.primary_source_kind), st.first_quote_id,
             label, st.evidence, len(st.cluster_keys), n_quotes),
        )
        statement_ids[st.key] = cur.lastrowid
    cluster_ids: dict[int, int] = {}
    for c in clusters:
        stats = conn.execute(
            f"select count(distinct q.article_id), min(a.published) from quotes q join articles a on a.id = q.article_id"
            f" where q.id in ({','.join('?' * len(c.quote_ids))})",
            c.quote_ids,
        ).fetchone()
        cur = conn.execute(
            "insert into clusters (statement_id, canonical_text, origin_quote_id, wording_source_id, origin_evidence,"
            " quote_count, article_count, first_published) values (?,?,?,?,?,?,?,?)",
            (statement_ids[c.statement_key], c.canonical_text, c.origin_quote_id,
             source_id(db, c.wording_source, c.wording_source_kind), c.origin_evidence,
             len(c.quote_ids), stats[0], stats[1]),
        )
        cluster_ids[c.key] = cur.lastrowid
        conn.executemany("update quotes set cluster_id = ? where id = ?", ((cur.lastrowid, q) for q in c.quote_ids))
    for e in traced.copy_edges:
        conn.execute(
            "insert into copy_edges (from_article_id, to_article_id, cluster_id, via_source_id, evidence, confidence)"
            " values (?,?,?,?,?,?)",
            (e.from_article_id, e.to_article_id, cluster_ids.get(e.cluster_id), source_id(db, e.via_source, "wire"),
             e.evidence, e.confidence),
        )
    for article_id, (wire, evidence) in traced.article_wires.items():
        conn.execute(
            "update articles set wire_source_id = ?, wire_evidence = ? where id = ? and wire_source_id is null",
            (source_id(db, wire, "wire"), evidence, article_id),
        )
