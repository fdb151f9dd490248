"""The plugin's pages: ``/-/check`` (and ``.json``, ``.csv``, a print view), and a page per
cluster and per statement (and ``.json``). Everything shown is escaped by
the templates; article links are made only from http(s) URLs."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import sqlite3
from typing import Any
from urllib.parse import urlencode

from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound, Response

from ..check import FIRST_WORDING, CheckResult, check_quote, relate, time_order, verdict_rank
from ..store.schema import CLUSTER_JOINS, REQUIRED_TABLES, STATEMENT_JOINS
from ..wording import diff_words
from .pictures import copy_graph, timeline
from .safety import limited

#: Longest paste checked (longer ones are cut): an article with its quotations.
MAX_PASTE = 20_000


# ---------------------------------------------------------------- helpers


def page_url(datasette, page: str, database: str, item_id: int) -> str:
    """The URL of a plugin page (cluster, statement, article, speaker, quote)."""
    return _page_prefix(datasette, page, database) + str(item_id)


@functools.lru_cache(maxsize=256)
def _page_prefix(datasette, page: str, database: str) -> str:
    """The URL of a kind of page of a database, less the id (a table page
    links hundreds of cells: each would otherwise encode the name anew)."""
    return str(datasette.urls.path(f"/-/{page}/{tilde_encode(database)}/"))


def safe_url(url: str | None) -> str | None:
    """An article URL fit for an href (http or https only), else None."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


#: The attribute of a Datasette instance that remembers which databases are
#: provenance databases (a provenance database stays one; another immutable
#: one stays another): an attribute, as every table cell reads it.
_KNOWN = "_provenance_known_databases"


async def is_provenance_database(datasette, name: str) -> bool:
    """Whether a served database has the provenance tables (remembered, as
    table cells ask for every link they make; a database that is not one
    is asked again unless it is immutable)."""
    try:
        db = datasette.get_database(name)
    except KeyError:
        return False
    if name == "_internal":
        return False
    known = datasette.__dict__.setdefault(_KNOWN, {})
    if name in known:
        return known[name]
    answer = set(await db.table_names()) >= REQUIRED_TABLES
    if answer or not db.is_mutable:
        known[name] = answer
    return answer


def known_provenance_database(datasette, name: str) -> bool | None:
    """What :func:`is_provenance_database` remembered of a database, or None."""
    known = datasette.__dict__.get(_KNOWN)
    return None if known is None else known.get(name)


async def provenance_databases(datasette, actor) -> list[str]:
    """The provenance databases this visitor may see."""
    names = []
    for name in datasette.databases:
        if not await is_provenance_database(datasette, name):
            continue
        if await datasette.permission_allowed(actor, "view-database", resource=name, default=True):
            names.append(name)
    return names


async def database_or_404(datasette, request, encoded: str) -> str:
    name = tilde_decode(encoded)
    if name not in await provenance_databases(datasette, request.actor):
        raise NotFound(f"No provenance database named {name}")
    return name


# ---------------------------------------------------------------- check


async def check_page(datasette, request):
    """``/-/check``: paste a quote, get a verdict. ``.json`` for the API,
    ``.csv`` to save it (one row per quotation and database), ``?print=1``
    for a page to print or keep; the page's URL is its permalink."""
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
            result = await datasette.get_database(name).execute_fn(limited(lambda conn: check_quote(conn, q)))
            results.append((name, result))
    ranked = sorted(results, key=lambda r: verdict_rank(r[1].verdict))
    top = ranked[0][1] if ranked else None
    permalink = check_url(datasette, q, only)
    fmt = request.url_vars.get("format")
    if fmt == ".json":
        return Response.json(
            {
                "q": q,
                "verdict": top.verdict if top else None,
                "explanation": top.explanation if top else None,
                "pasted_speaker": top.pasted_speaker if top else None,
                "speaker_verdict": top.speaker_verdict if top else None,
                "speaker_explanation": top.speaker_explanation if top else None,
                "permalink": permalink,
                "databases": [
                    {"database": name, **_with_urls(datasette, name, result.to_dict())} for name, result in ranked
                ],
            }
        )
    if fmt == ".csv":
        return Response(
            check_csv(datasette, q, ranked, permalink),
            content_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="check.csv"'},
        )
    printing = bool(request.args.get("print"))
    return Response.html(
        await datasette.render_template(
            "provenance_check.html",
            {
                "q": q,
                "db": only,
                "databases": names,
                "verdict": top.verdict if top else None,
                "results": [(name, result, _verdict_class(result.verdict)) for name, result in ranked],
                "page_url": lambda page, name, item: page_url(datasette, page, name, item),
                "safe_url": safe_url,
                "permalink": permalink,
                "csv_url": check_url(datasette, q, only, ".csv"),
                "json_url": check_url(datasette, q, only, ".json"),
                "print_url": check_url(datasette, q, only, print_view=True),
                "printing": printing,
                "checked_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            },
            request=request,
        )
    )


def check_url(datasette, q: str, db: str | None, suffix: str = "", *, print_view: bool = False) -> str:
    """The address of a check result: its permalink, or its CSV, JSON or print view."""
    params = {"q": q}
    if db:
        params["db"] = db
    if print_view:
        params["print"] = "1"
    return datasette.urls.path("/-/check" + suffix) + "?" + urlencode(params)


#: The columns of ``/-/check.csv``: one row per quotation of the paste and database.
CHECK_CSV_COLUMNS = [
    "database",
    "quotation",
    "checked",
    "verdict",
    "explanation",
    "pasted_speaker",
    "speaker_verdict",
    "speaker_explanation",
    "speaker",
    "matched_quote_id",
    "matched_outlet",
    "matched_published",
    "matched_url",
    "matched_wording",
    "matches_origin_wording",
    "origin_outlet",
    "origin_published",
    "origin_wording",
    "wording_source",
    "primary_source",
    "diff",
    "cluster_url",
    "statement_url",
    "pasted",
    "permalink",
]


def check_csv(datasette, q: str, ranked: list[tuple[str, CheckResult]], permalink: str) -> str:
    """A check result as CSV, to keep beside a story's notes."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CHECK_CSV_COLUMNS)
    writer.writeheader()
    for name, result in ranked:
        for n, quote in enumerate(result.quotes, 1):
            best = quote.best
            row = {
                "database": name,
                "quotation": n,
                "checked": quote.checked,
                "verdict": quote.verdict,
                "explanation": quote.explanation,
                "pasted_speaker": quote.pasted_speaker,
                "speaker_verdict": quote.speaker_verdict,
                "speaker_explanation": quote.speaker_explanation,
                "pasted": q,
                "permalink": permalink,
            }
            if best is not None:
                v = best.closest
                row.update(
                    speaker=best.speaker,
                    matched_quote_id=v.quote_id,
                    matched_outlet=v.outlet,
                    matched_published=v.published,
                    matched_url=safe_url(v.url),
                    matched_wording=v.text,
                    matches_origin_wording="yes" if best.matches_origin else "no",
                    origin_outlet=best.origin.outlet if best.origin else None,
                    origin_published=best.origin.published if best.origin else None,
                    origin_wording=best.origin_wording,
                    wording_source=best.wording_source,
                    primary_source=best.primary_source,
                    diff=v.diff.summary(),
                    cluster_url=page_url(datasette, "cluster", name, best.cluster_id) if best.cluster_id else None,
                    statement_url=page_url(datasette, "statement", name, best.statement_id)
                    if best.statement_id
                    else None,
                )
            writer.writerow(row)
    return out.getvalue()


def _verdict_class(verdict: str) -> str:
    return "verdict-" + verdict.replace(" ", "-")


def _with_urls(datasette, name: str, data: dict) -> dict:
    for match in [m for quote in data["quotes"] for m in quote["matches"]] + data["matches"]:
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
select v.*, q.credited_mention, q.speaker_id from quotes_view v join quotes q on q.id = v.id
"""

_CLUSTER_SQL = f"""
select c.id, c.statement_id, c.canonical_text, c.origin_quote_id, c.origin_evidence, c.quote_count,
       c.article_count, c.first_published, wsrc.name as wording_source, ssp.name as speaker, st.speaker_id,
       ps.name as primary_source, st.evidence as primary_evidence, st.label, st.first_quote_id
{CLUSTER_JOINS}
"""

_STATEMENT_SQL = f"""
select st.id, st.speaker_id, ssp.name as speaker, ps.name as primary_source, st.evidence as primary_evidence,
       st.first_quote_id, st.label, st.cluster_count, st.quote_count
{STATEMENT_JOINS}
where st.id = ?
"""

#: Copy edges with both articles' outlets and dates: the copy_edges_view view.
_EDGE_SQL = "select * from copy_edges_view"


def rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


#: Variants on one page of a cluster or statement (HTML and JSON alike).
VARIANTS_PER_PAGE = 100
#: Past this many articles, the copy graph, its edges and the timeline
#: show the earliest ones only (a cluster of 17,000 variants made a 38 MB page).
PICTURE_ARTICLES = 40


def _variants(
    conn: sqlite3.Connection,
    where: str,
    params,
    first_id: int | None,
    *,
    across_wordings: bool = False,
    page: int = 1,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One page of quotes in time order, each labelled against the first
    wording (the quote ``first_id``, else the earliest): same words, cut,
    longer, cut differently, changed, or, outside the first wording's
    cluster, another translation or wording; with the word diff. Returns
    them and the paging and picture facts; a page past the last is a 404."""
    variants = rows(conn, _VARIANT_SQL + " where " + where, params)
    variants.sort(key=lambda v: time_order(v["published"], v["id"]))
    first = next((v for v in variants if v["id"] == first_id), variants[0] if variants else None)
    pages = max(1, -(-len(variants) // VARIANTS_PER_PAGE))
    if page > pages:
        raise NotFound(f"No page {page}: there are {pages}")
    shown = variants[(page - 1) * VARIANTS_PER_PAGE : page * VARIANTS_PER_PAGE]
    for v in shown + ([first] if first is not None and first not in shown else []):
        if v is first:
            v["change"], v["diff"] = FIRST_WORDING, diff_words(v["text"], v["text"])
        else:
            same_wording = not across_wordings or v["cluster_id"] == first["cluster_id"]
            v["change"], v["diff"] = relate(v["text"], first["text"], same_wording=same_wording)
        v["url"] = safe_url(v["url"])
    earliest: list[int] = list(dict.fromkeys(v["article_id"] for v in variants))
    pictured = set(earliest[:PICTURE_ARTICLES])
    paging = {
        "page": page,
        "pages": pages,
        "per_page": VARIANTS_PER_PAGE,
        "variant_count": len(variants),
        "first_shown": (page - 1) * VARIANTS_PER_PAGE + 1 if shown else 0,
        "last_shown": (page - 1) * VARIANTS_PER_PAGE + len(shown),
        "article_count": len(earliest),
        "pictured_articles": len(pictured),
        "first": first,
        # the pictures' quotes: the first appearance in each article pictured
        "pictured": [v for v in variants if v["article_id"] in pictured],
    }
    return shown, paging


def _edges_among(conn: sqlite3.Connection, article_ids: set[int]) -> list[dict[str, Any]]:
    if not article_ids:
        return []
    marks = ",".join("?" * len(article_ids))
    ids = sorted(article_ids)
    return rows(
        conn,
        _EDGE_SQL + f" where from_article_id in ({marks}) and to_article_id in ({marks}) order by confidence desc, id",
        (*ids, *ids),
    )


def _pictures(conn: sqlite3.Connection, paging: dict[str, Any]) -> dict[str, Any]:
    """The copy edges, copy graph and timeline of the articles pictured."""
    pictured = paging.pop("pictured")
    edges = _edges_among(conn, {v["article_id"] for v in pictured})
    return {"edges": edges, "graph": copy_graph(pictured, edges), "timeline": timeline(pictured)}


def cluster_data(conn: sqlite3.Connection, cluster_id: int, page: int = 1) -> dict[str, Any] | None:
    """Everything one page of the cluster page shows."""
    found = rows(conn, _CLUSTER_SQL + " where c.id = ?", (cluster_id,))
    if not found:
        return None
    cluster = found[0]
    variants, paging = _variants(conn, "v.cluster_id = ?", (cluster_id,), cluster["origin_quote_id"], page=page)
    pictures = _pictures(conn, paging)
    first = paging.pop("first")
    siblings = (
        rows(
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
        "siblings": siblings,
        "origin": first if first is not None and first["id"] == cluster["origin_quote_id"] else None,
        "paging": paging,
        **pictures,
    }


def statement_data(conn: sqlite3.Connection, statement_id: int, page: int = 1) -> dict[str, Any] | None:
    """Everything one page of the statement page shows."""
    found = rows(conn, _STATEMENT_SQL, (statement_id,))
    if not found:
        return None
    statement = found[0]
    clusters = rows(conn, _CLUSTER_SQL + " where c.statement_id = ? order by c.id", (statement_id,))
    first = next((c for c in clusters if c["origin_quote_id"] == statement["first_quote_id"]), None)
    canonical = (first or (clusters[0] if clusters else {})).get("canonical_text") or statement["label"]
    variants, paging = _variants(
        conn, "v.statement_id = ?", (statement_id,), statement["first_quote_id"], across_wordings=True, page=page
    )
    pictures = _pictures(conn, paging)
    first = paging.pop("first")
    return {
        "statement": statement,
        "clusters": clusters,
        "canonical": canonical,
        "variants": variants,
        "first_quote": first if first is not None and first["id"] == statement["first_quote_id"] else None,
        "paging": paging,
        **pictures,
    }


#: An id in an address: digits, and few enough to be an SQLite integer.
_ID = re.compile(r"[0-9]{1,18}")


def item_id_or_404(kind: str, given: str, database: str) -> int:
    """The number an address names an item by; a 404 for anything else."""
    if not _ID.fullmatch(given):
        raise NotFound(f"No {kind} {given!r} in {database}: a {kind} is named by its number")
    return int(given)


async def render_page(datasette, request, kind: str, name: str, item_id: int, data: dict[str, Any], as_json):
    """A page of one item as HTML (``provenance_<kind>.html``), or as JSON
    (``as_json(data)``) when the URL ends in ``.json``."""
    if request.url_vars.get("format"):
        return Response.json(as_json(data), default=str)
    return Response.html(
        await datasette.render_template(
            f"provenance_{kind}.html",
            {
                **data,
                "database": name,
                "kind": kind,
                "item_id": item_id,
                "page_url": lambda page, item: page_url(datasette, page, name, item),
                "safe_url": safe_url,
            },
            request=request,
        )
    )


async def _group_page(datasette, request, kind: str, load):
    name = await database_or_404(datasette, request, request.url_vars["database"])
    item_id = item_id_or_404(kind, request.url_vars["id"], name)
    given = request.args.get("page") or "1"
    if not _ID.fullmatch(given) or int(given) < 1:
        raise NotFound(f"No page {given!r}: pages are numbered from 1")
    page = int(given)
    data = await datasette.get_database(name).execute_fn(limited(lambda conn: load(conn, item_id, page)))
    if data is None:
        raise NotFound(f"No {kind} {item_id} in {name}")
    return await render_page(datasette, request, kind, name, item_id, data, _jsonable)


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
            first = out[key]
            out[key] = {**{k: x for k, x in first.items() if k != "diff"}, "diff": first["diff"].to_dict()}
    return out
