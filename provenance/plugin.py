"""The Datasette plugin: check a quote, and a page per cluster and per
statement, linked from the quotes, clusters and statements tables.

Shipped through the ``datasette`` entry point in pyproject.toml, so any
Datasette in the same environment serving a provenance database has it.

Pages:

- ``/-/check`` (HTML form, ``?q=``; ``?db=`` to check one database only)
  and ``/-/check.json?q=``: :func:`provenance.check.check_quote` on every
  provenance database served.
- ``/-/cluster/<db>/<id>`` and ``/-/statement/<db>/<id>`` (``.json`` too):
  all variants side by side in time order with a diff against the
  canonical wording, the copy edges among their articles, an SVG graph of
  who copied whom and a timeline of first appearances.

Article text is untrusted: every page is rendered by Jinja with
autoescaping on, the SVG pictures are laid out here as numbers and drawn by
the templates (so their labels are escaped too), and links to articles are
made only from http(s) URLs.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound, Response
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup

from . import __version__
from .check import NOT_FOUND, CheckResult, check_quote, compare_wordings, judge, time_order
from .diff import diff_words
from .normalize import normalize

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
STATIC = PACKAGE / "static"
#: Tables every provenance database has.
REQUIRED_TABLES = frozenset({"quotes", "clusters", "statements", "articles"})
#: Longest paste checked (longer ones are cut: a quote, not an article).
MAX_PASTE = 2000
_VERDICT_RANK = {"verbatim": 0, "trimmed": 1, "altered": 2, "not found": 3}


# ---------------------------------------------------------------- hooks


@hookimpl
def prepare_jinja2_environment(env, datasette):
    """Our templates, after any the site itself provides."""
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(TEMPLATES))])


@hookimpl
def prepare_connection(conn, database, datasette):
    """SQL functions for the canned queries: the matching form of a wording,
    and how one wording compares with another."""

    def nullsafe(fn):
        return lambda *args: None if any(a is None for a in args) else fn(*args)

    conn.create_function("provenance_normalize", 1, nullsafe(normalize), deterministic=True)
    conn.create_function("provenance_compare", 2, nullsafe(compare_wordings), deterministic=True)
    conn.create_function(
        "provenance_diff_summary", 2, nullsafe(lambda a, b: diff_words(a, b).summary()), deterministic=True
    )


@hookimpl
def extra_template_vars(datasette):
    return {"provenance_version": __version__}


@hookimpl
def menu_links(datasette, actor):
    async def inner():
        if not await provenance_databases(datasette, actor):
            return []
        return [{"href": datasette.urls.path("/-/check"), "label": "Check a quote"}]

    return inner


@hookimpl
def register_routes():
    return [
        (r"^/-/check(?P<format>\.json)?$", check_page),
        (r"^/-/cluster/(?P<database>[^/]+)/(?P<id>\d+)(?P<format>\.json)?$", cluster_page),
        (r"^/-/statement/(?P<database>[^/]+)/(?P<id>\d+)(?P<format>\.json)?$", statement_page),
        (r"^/-/provenance/static/(?P<path>[A-Za-z0-9_.-]+)$", static_file),
    ]


#: Which cell of which table links to which page: (table, column) -> (page, column holding the id).
CELL_LINKS = {
    ("quotes", "text"): ("cluster", "cluster_id"),
    ("quotes_view", "text"): ("cluster", "cluster_id"),
    ("clusters", "canonical_text"): ("cluster", "id"),
    ("clusters_view", "canonical_text"): ("cluster", "id"),
    ("statements", "label"): ("statement", "id"),
    ("statements_view", "label"): ("statement", "id"),
}
#: In query results (canned or not), these columns link to the pages.
QUERY_LINKS = {"cluster_id": "cluster", "statement_id": "statement"}


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """The wording cells of quotes, clusters and statements (tables and
    views) get a link to the cluster or statement page; in query results a
    cluster_id or statement_id does."""
    if table is not None:
        link = CELL_LINKS.get((table, column))
        if link is None or value is None:
            return None
        page, id_column = link
        try:
            target = row[id_column]
        except (IndexError, KeyError):
            return None
        if isinstance(target, dict):  # an expanded foreign key
            target = target.get("value")
        if target is None:
            return None
        text = str(value)
        limit = datasette.setting("truncate_cells_html")
        if limit and len(text) > limit:
            text = text[:limit] + "\u2026"
        href = page_url(datasette, page, database, target)
        label = "all variants" if page == "cluster" else "all wordings"
        return Markup('{} <a class="provenance-page" href="{}">{}\u00a0\u2192</a>').format(text, href, label)
    page = QUERY_LINKS.get(column)
    if page is None or not isinstance(value, int):
        return None

    async def inner():
        if not await is_provenance_database(datasette, database):
            return None
        return Markup('<a class="provenance-page" href="{}">{}</a>').format(
            page_url(datasette, page, database, value), value
        )

    return inner


# ---------------------------------------------------------------- helpers


def page_url(datasette, page: str, database: str, item_id: int) -> str:
    """The URL of a cluster or statement page."""
    return datasette.urls.path(f"/-/{page}/{tilde_encode(database)}/{item_id}")


def safe_url(url: str | None) -> str | None:
    """An article URL fit for an href (http or https only), else None."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


async def is_provenance_database(datasette, name: str) -> bool:
    """Whether a served database has the provenance tables."""
    try:
        db = datasette.get_database(name)
    except KeyError:
        return False
    if name == "_internal":
        return False
    return set(await db.table_names()) >= REQUIRED_TABLES


async def provenance_databases(datasette, actor) -> list[str]:
    """The provenance databases this visitor may see."""
    names = []
    for name in datasette.databases:
        if not await is_provenance_database(datasette, name):
            continue
        if await datasette.permission_allowed(actor, "view-database", resource=name, default=True):
            names.append(name)
    return names


async def _database_or_404(datasette, request, encoded: str) -> str:
    name = tilde_decode(encoded)
    if name not in await provenance_databases(datasette, request.actor):
        raise NotFound(f"No provenance database named {name}")
    return name


def _date(published: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


# ---------------------------------------------------------------- check


async def check_page(datasette, request):
    """``/-/check``: paste a quote, get a verdict (``.json`` for the API)."""
    q = (request.args.get("q") or "").strip()[:MAX_PASTE]
    only = request.args.get("db")
    names = await provenance_databases(datasette, request.actor)
    if only:
        if only not in names:
            raise NotFound(f"No provenance database named {only}")
        names = [only]
    results: list[tuple[str, CheckResult]] = []
    if q:
        for name in names:
            result = await datasette.get_database(name).execute_fn(lambda conn: check_quote(conn, q))
            results.append((name, result))
    ranked = sorted(results, key=lambda r: _VERDICT_RANK[r[1].verdict])
    verdict = ranked[0][1].verdict if ranked else None
    if request.url_vars.get("format"):
        return Response.json(
            {
                "q": q,
                "verdict": verdict,
                "explanation": ranked[0][1].explanation if ranked else None,
                "databases": [
                    {"database": name, **_with_urls(datasette, name, result.to_dict())} for name, result in ranked
                ],
            }
        )
    return Response.html(
        await datasette.render_template(
            "provenance_check.html",
            {
                "q": q,
                "db": only,
                "databases": names,
                "verdict": verdict,
                "results": [(name, result, _verdict_class(result.verdict)) for name, result in ranked],
                "page_url": lambda page, name, item: page_url(datasette, page, name, item),
                "safe_url": safe_url,
            },
            request=request,
        )
    )


def _verdict_class(verdict: str) -> str:
    return "verdict-" + verdict.replace(" ", "-")


def _with_urls(datasette, name: str, data: dict) -> dict:
    for match in data["matches"]:
        match["cluster_url"] = (
            page_url(datasette, "cluster", name, match["cluster_id"]) if match["cluster_id"] else None
        )
        match["statement_url"] = (
            page_url(datasette, "statement", name, match["statement_id"]) if match["statement_id"] else None
        )
    return data


# ---------------------------------------------------------------- cluster and statement pages


#: The joins live in the quotes_view view; the mention of the credited medium is added.
_VARIANT_SQL = """
select v.*, q.credited_mention from quotes_view v join quotes q on q.id = v.id
"""

_CLUSTER_SQL = """
select c.id, c.statement_id, c.canonical_text, c.origin_quote_id, c.origin_evidence, c.quote_count,
       c.article_count, c.first_published, ws.name as wording_source, sp.name as speaker, st.speaker_id,
       ps.name as primary_source, st.evidence as primary_evidence, st.label, st.first_quote_id
from clusters c
left join statements st on st.id = c.statement_id
left join sources ws on ws.id = c.wording_source_id
left join sources ps on ps.id = st.primary_source_id
left join speakers sp on sp.id = st.speaker_id
"""

_STATEMENT_SQL = """
select st.id, st.speaker_id, sp.name as speaker, ps.name as primary_source, st.evidence as primary_evidence,
       st.first_quote_id, st.label, st.cluster_count, st.quote_count
from statements st
left join speakers sp on sp.id = st.speaker_id
left join sources ps on ps.id = st.primary_source_id
where st.id = ?
"""

#: Copy edges with both articles' outlets and dates: the copy_edges_view view.
_EDGE_SQL = "select * from copy_edges_view"


def _rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _variants(conn: sqlite3.Connection, where: str, params, canonical: str | None) -> list[dict[str, Any]]:
    """Quotes in time order, each with a diff against the canonical wording."""
    variants = _rows(conn, _VARIANT_SQL + " where " + where, params)
    variants.sort(key=lambda v: time_order(v["published"], v["id"]))
    for v in variants:
        diff = diff_words(v["text"], canonical or v["text"])
        v["diff"] = diff
        v["change"] = judge(diff) if diff.a_words else NOT_FOUND
        v["url"] = safe_url(v["url"])
    return variants


def _edges_among(conn: sqlite3.Connection, article_ids: set[int]) -> list[dict[str, Any]]:
    if not article_ids:
        return []
    marks = ",".join("?" * len(article_ids))
    ids = sorted(article_ids)
    return _rows(
        conn,
        _EDGE_SQL + f" where from_article_id in ({marks}) and to_article_id in ({marks}) order by confidence desc, id",
        (*ids, *ids),
    )


def cluster_data(conn: sqlite3.Connection, cluster_id: int) -> dict[str, Any] | None:
    """Everything the cluster page shows."""
    rows = _rows(conn, _CLUSTER_SQL + " where c.id = ?", (cluster_id,))
    if not rows:
        return None
    cluster = rows[0]
    variants = _variants(conn, "v.cluster_id = ?", (cluster_id,), cluster["canonical_text"])
    edges = _edges_among(conn, {v["article_id"] for v in variants})
    siblings = (
        _rows(
            conn,
            "select id, canonical_text, quote_count from clusters where statement_id = ? and id != ? order by id",
            (cluster["statement_id"], cluster_id),
        )
        if cluster["statement_id"]
        else []
    )
    return {
        "cluster": cluster,
        "variants": variants,
        "edges": edges,
        "siblings": siblings,
        "origin": next((v for v in variants if v["id"] == cluster["origin_quote_id"]), None),
        "graph": copy_graph(variants, edges),
        "timeline": timeline(variants),
    }


def statement_data(conn: sqlite3.Connection, statement_id: int) -> dict[str, Any] | None:
    """Everything the statement page shows."""
    rows = _rows(conn, _STATEMENT_SQL, (statement_id,))
    if not rows:
        return None
    statement = rows[0]
    clusters = _rows(conn, _CLUSTER_SQL + " where c.statement_id = ? order by c.id", (statement_id,))
    first = next((c for c in clusters if c["origin_quote_id"] == statement["first_quote_id"]), None)
    canonical = (first or (clusters[0] if clusters else {})).get("canonical_text") or statement["label"]
    variants = _variants(conn, "v.statement_id = ?", (statement_id,), canonical)
    edges = _edges_among(conn, {v["article_id"] for v in variants})
    first_quote = next((v for v in variants if v["id"] == statement["first_quote_id"]), None)
    return {
        "statement": statement,
        "clusters": clusters,
        "canonical": canonical,
        "variants": variants,
        "edges": edges,
        "first_quote": first_quote,
        "graph": copy_graph(variants, edges),
        "timeline": timeline(variants),
    }


async def _group_page(datasette, request, kind: str, load):
    name = await _database_or_404(datasette, request, request.url_vars["database"])
    item_id = int(request.url_vars["id"])
    data = await datasette.get_database(name).execute_fn(lambda conn: load(conn, item_id))
    if data is None:
        raise NotFound(f"No {kind} {item_id} in {name}")
    if request.url_vars.get("format"):
        return Response.json(_jsonable(data), default=str)
    return Response.html(
        await datasette.render_template(
            f"provenance_{kind}.html",
            {
                **data,
                "database": name,
                "kind": kind,
                "item_id": item_id,
                "page_url": lambda page, item: page_url(datasette, page, name, item),
                "row_url": lambda table, rid: datasette.urls.row(name, table, str(rid)),
            },
            request=request,
        )
    )


async def cluster_page(datasette, request):
    """``/-/cluster/<db>/<id>``: one wording and all its variants."""
    return await _group_page(datasette, request, "cluster", cluster_data)


async def statement_page(datasette, request):
    """``/-/statement/<db>/<id>``: one remark in all its wordings."""
    return await _group_page(datasette, request, "statement", statement_data)


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if k not in ("graph", "timeline")}
    out["variants"] = [
        {**{k: x for k, x in v.items() if k != "diff"}, "diff": v["diff"].to_dict()} for v in data["variants"]
    ]
    for key in ("origin", "first_quote"):
        if out.get(key):
            out[key] = next(v for v in out["variants"] if v["id"] == out[key]["id"])
    return out


async def static_file(request):
    """Our stylesheet (served here: the plugin is a module, not a package
    with a static folder Datasette would find)."""
    path = STATIC / request.url_vars["path"]
    if not path.is_file() or path.parent != STATIC:
        raise NotFound("No such file")
    types = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}
    return Response(
        path.read_bytes(),
        content_type=types.get(path.suffix, "application/octet-stream"),
        headers={"Cache-Control": "max-age=3600"},
    )


# ---------------------------------------------------------------- pictures (laid out here, drawn by templates)

NODE_W, NODE_H, COL_GAP, ROW_GAP, PAD = 190, 46, 90, 18, 16


@dataclass
class Node:
    key: str
    label: str
    sublabel: str
    kind: str  # "article" or "wire"
    order: tuple = ()
    article_id: int | None = None
    x: int = 0
    y: int = 0


@dataclass
class Edge:
    source: str
    target: str
    label: str
    title: str
    dashed: bool = False
    path: str = ""
    label_x: float = 0
    label_y: float = 0


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    width: int = 0
    height: int = 0


def _short(text: str | None, n: int = 26) -> str:
    text = text or ""
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def copy_graph(variants: list[dict[str, Any]], edges: list[dict[str, Any]]) -> Graph:
    """Who copied whom: one node per article (and per wire they carry),
    arrows from the copied to the copier, columns by generation."""
    graph = Graph()
    nodes: dict[str, Node] = {}
    for v in variants:
        key = f"a{v['article_id']}"
        if key not in nodes:
            nodes[key] = Node(
                key,
                _short(v["outlet"] or "unknown outlet"),
                f"article {v['article_id']} \u00b7 {v['published'] or 'date unknown'}",
                "article",
                time_order(v["published"], v["article_id"]),
                v["article_id"],
            )
        if v["wire"]:
            wkey = f"w{v['wire']}"
            nodes.setdefault(wkey, Node(wkey, _short(v["wire"]), "wire or agency", "wire", (False, "", -1)))
            graph.edges.append(Edge(wkey, key, "", f"{v['outlet'] or 'this article'} carries {v['wire']} copy", True))
    seen_pairs = {(e.source, e.target) for e in graph.edges}
    for e in edges:
        pair = (f"a{e['to_article_id']}", f"a{e['from_article_id']}")
        if pair in seen_pairs or pair[0] not in nodes or pair[1] not in nodes:
            continue
        seen_pairs.add(pair)
        graph.edges.append(
            Edge(
                *pair,
                f"via {e['via']}" if e["via"] else "copied",
                f"{e['copier_outlet']} copies {e['source_outlet']}: {e['evidence']}",
            )
        )
    # generations: longest path from a node nothing flows into (bounded, so a cycle cannot loop)
    depth = dict.fromkeys(nodes, 0)
    for _ in range(len(nodes)):
        changed = False
        for e in graph.edges:
            if depth[e.target] < depth[e.source] + 1 <= len(nodes):
                depth[e.target] = depth[e.source] + 1
                changed = True
        if not changed:
            break
    columns: dict[int, list[Node]] = defaultdict(list)
    for key, node in nodes.items():
        columns[depth[key]].append(node)
    for col, members in sorted(columns.items()):
        for row, node in enumerate(sorted(members, key=lambda n: n.order)):
            node.x = PAD + col * (NODE_W + COL_GAP)
            node.y = PAD + row * (NODE_H + ROW_GAP)
    graph.nodes = list(nodes.values())
    for e in graph.edges:
        a, b = nodes[e.source], nodes[e.target]
        x1, y1 = a.x + NODE_W, a.y + NODE_H / 2
        x2, y2 = b.x, b.y + NODE_H / 2
        if b.x <= a.x:  # same column: loop around the right side
            x2 = b.x + NODE_W
            bend = a.x + NODE_W + COL_GAP / 2
            e.path = f"M{x1},{y1} C{bend},{y1} {bend},{y2} {x2 + 6},{y2}"
            e.label_x, e.label_y = bend, (y1 + y2) / 2
        else:
            mid = (x1 + x2) / 2
            e.path = f"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2 - 6},{y2}"
            e.label_x, e.label_y = mid, (y1 + y2) / 2 - 4
    n_cols = max(columns) + 1 if columns else 0
    n_rows = max((len(m) for m in columns.values()), default=0)
    graph.width = max(PAD * 2 + n_cols * NODE_W + max(n_cols - 1, 0) * COL_GAP + COL_GAP // 2, 320)
    graph.height = PAD * 2 + n_rows * NODE_H + max(n_rows - 1, 0) * ROW_GAP
    return graph


@dataclass
class TimelineRow:
    label: str
    sublabel: str
    date: str | None
    x: float | None
    y: int
    quote_id: int


@dataclass
class Timeline:
    rows: list[TimelineRow]
    width: int
    height: int
    axis_x0: int
    axis_x1: int
    ticks: list[tuple[float, str]]


def timeline(variants: list[dict[str, Any]], width: int = 760) -> Timeline:
    """First appearance of the wording in each article, placed on a date
    axis; undated articles are listed after the dated ones."""
    first: dict[int, dict[str, Any]] = {}
    for v in variants:  # variants come in time order
        first.setdefault(v["article_id"], v)
    label_w, right_w, row_h, top = 230, 90, 24, 30
    x0, x1 = label_w, width - right_w
    dates = [d for d in (_date(v["published"]) for v in first.values()) if d]
    lo, hi = (min(dates), max(dates)) if dates else (None, None)
    span = (hi - lo).days if dates else 0
    rows = []
    for i, v in enumerate(first.values()):
        d = _date(v["published"])
        if d is None:
            x = None
        elif span == 0:
            x = (x0 + x1) / 2
        else:
            x = x0 + (x1 - x0) * (d - lo).days / span
        rows.append(
            TimelineRow(
                _short(v["outlet"] or "unknown outlet", 30),
                f"article {v['article_id']}",
                v["published"],
                x,
                top + i * row_h,
                v["id"],
            )
        )
    ticks = []
    if dates:
        ticks = [(x0, lo.isoformat())] if span == 0 else [(x0, lo.isoformat()), (x1, hi.isoformat())]
    return Timeline(rows, width, top + len(rows) * row_h + 10, x0, x1, ticks)
