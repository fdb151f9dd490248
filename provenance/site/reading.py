"""The pages a reporter reads: an article with its quotes marked
(``/-/article/<db>/<id>``), everything one person said (``/-/speaker/<db>/<id>``),
and a quote's place in its article (``/-/quote/<db>/<id>``, a redirect).

The article text is untrusted: it is cut here into plain segments (text,
and what kind of mark it gets) and the template escapes every one."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from datasette.utils.asgi import NotFound, Response

from ..check import FIRST_WORDING, OTHER_WORDING, relate, time_order
from ..folding import key
from ..store.schema import QUOTE_JOINS
from .pages import database_or_404, item_id_or_404, page_url, render_page, rows, safe_url
from .safety import limited

#: How far from a quote its speaker and cue are looked for (characters).
ATTRIBUTION_REACH = 250
#: Remarks shown on one page of a speaker.
REMARKS_PER_PAGE = 50


# ---------------------------------------------------------------- marking an article's text


@dataclass
class Segment:
    """A stretch of article text and the mark it gets: ``None`` (plain),
    ``"quote"``, ``"speaker"`` or ``"cue"``; ``quote_id`` says whose."""

    text: str
    kind: str | None = None
    quote_id: int | None = None
    cluster_id: int | None = None  # a quote's wording (its words link to the cluster page)
    first: bool = False  # the first piece of its quote (carries the anchor)


def quote_pieces(quote: dict[str, Any]) -> list[tuple[int, int]]:
    """The character ranges of a quote in its article (several for a quote
    interrupted by its attribution or reopened over paragraphs)."""
    if quote.get("pieces"):
        try:
            return [(int(s), int(e)) for s, e in json.loads(quote["pieces"])]
        except (ValueError, TypeError):
            pass
    return [(quote["start"], quote["end"])]


def _find_near(text: str, words: str, lo: int, hi: int, anchor: int, taken: list[tuple[int, int]]):
    """The occurrence of ``words`` (whole words, any case) in ``text[lo:hi]``
    nearest ``anchor`` that overlaps nothing taken, as (start, end)."""
    if not words or not words.strip() or lo >= hi:
        return None
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words.split()) + r"(?!\w)", re.IGNORECASE)
    best = None
    for m in pattern.finditer(text, lo, hi):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        distance = min(abs(m.start() - anchor), abs(m.end() - anchor))
        if best is None or distance < best[0]:
            best = (distance, m.start(), m.end())
    return best[1:] if best else None


def mark_article(text: str, quotes: list[dict[str, Any]]) -> list[list[Segment]]:
    """The article as paragraphs of segments: each quote's words marked (and
    linked by the template), and its speaker as written and its cue marked
    where they are found close to it. The database keeps no offsets for
    speaker and cue, so they are looked for between the neighbouring
    quotes, nearest first."""
    spans: list[tuple[int, int, str, int, bool]] = []
    taken: list[tuple[int, int]] = []
    pieces_of = {}
    cluster_of = {q["id"]: q.get("cluster_id") for q in quotes}
    for q in quotes:
        pieces = [(max(0, s), min(len(text), e)) for s, e in quote_pieces(q) if s < e]
        pieces_of[q["id"]] = pieces
        for i, (s, e) in enumerate(pieces):
            spans.append((s, e, "quote", q["id"], i == 0))
            taken.append((s, e))
    ordered = sorted(quotes, key=lambda q: q["start"])
    for i, q in enumerate(ordered):
        pieces = pieces_of[q["id"]]
        if not pieces:
            continue
        lo = max(ordered[i - 1]["end"] if i else 0, pieces[0][0] - ATTRIBUTION_REACH)
        hi = min(ordered[i + 1]["start"] if i + 1 < len(ordered) else len(text), pieces[-1][1] + ATTRIBUTION_REACH)
        for kind, words in (("speaker", q.get("speaker_mention")), ("cue", q.get("cue"))):
            anchor = pieces[-1][1] if kind == "cue" else pieces[0][0]
            found = _find_near(text, words or "", lo, hi, anchor, taken)
            if found:
                spans.append((*found, kind, q["id"], False))
                taken.append(found)
    spans.sort()
    segments: list[Segment] = []
    pos = 0
    for s, e, kind, quote_id, first in spans:
        if s < pos:  # overlapping quotes: keep the first
            continue
        if s > pos:
            segments.append(Segment(text[pos:s]))
        segments.append(Segment(text[s:e], kind, quote_id, cluster_of.get(quote_id), first))
        pos = e
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    return _paragraphs(segments)


def _paragraphs(segments: list[Segment]) -> list[list[Segment]]:
    """Segments cut at line breaks into paragraphs (blank lines dropped)."""
    paragraphs: list[list[Segment]] = [[]]
    for seg in segments:
        lines = seg.text.split("\n")
        for n, line in enumerate(lines):
            if n:
                paragraphs.append([])
            if line:
                paragraphs[-1].append(Segment(line, seg.kind, seg.quote_id, seg.cluster_id, seg.first and n == 0))
    return [p for p in paragraphs if any(s.text.strip() for s in p)]


# ---------------------------------------------------------------- article page

_ARTICLE_SQL = """
select a.id, a.source, a.title, a.published, a.url, a.text, a.sha256, a.wire_evidence, a.meta, a.added,
       o.name as outlet, a.outlet_id, wire.name as wire, a.wire_source_id
from articles a
left join outlets o on o.id = a.outlet_id
left join sources wire on wire.id = a.wire_source_id
where a.id = ?
"""

_ARTICLE_QUOTES_SQL = f"""
select q.id, q.text, q.start, q."end" as "end", q.kind, q.pieces, q.speaker_id, sp.name as speaker,
       q.speaker_mention, q.cue, cs.name as credited_source, q.credited_mention, q.cluster_id,
       c.statement_id, c.quote_count as variants, c.article_count as articles
{QUOTE_JOINS}
left join clusters c on c.id = q.cluster_id
where q.article_id = ?
order by q.start, q.id
"""

_ARTICLE_EDGES_SQL = """
select e.id, e.from_article_id, e.to_article_id, e.cluster_id, e.evidence, e.confidence, e.direction_known,
       vs.name as via,
       a.id as other_id, o.name as outlet, a.published, a.title
from copy_edges e
join articles a on a.id = (case when e.from_article_id = :id then e.to_article_id else e.from_article_id end)
left join outlets o on o.id = a.outlet_id
left join sources vs on vs.id = e.via_source_id
where e.{side} = :id
order by e.confidence desc, e.id
"""


def article_data(conn: sqlite3.Connection, article_id: int) -> dict[str, Any] | None:
    """Everything the article page shows."""
    found = rows(conn, _ARTICLE_SQL, (article_id,))
    if not found:
        return None
    article = found[0]
    try:
        meta = json.loads(article.pop("meta") or "{}")
    except ValueError:
        meta = {}
    article["meta"] = meta if isinstance(meta, dict) else {}
    article["safe_url"] = safe_url(article["url"])
    quotes = rows(conn, _ARTICLE_QUOTES_SQL, (article_id,))
    for n, q in enumerate(quotes, 1):
        q["number"] = n
    params = {"id": article_id}
    return {
        "article": article,
        "quotes": quotes,
        "paragraphs": mark_article(article["text"], quotes),
        # this article carries the words of...; its words are carried by...
        "copies": rows(conn, _ARTICLE_EDGES_SQL.format(side="from_article_id"), params),
        "copied_by": rows(conn, _ARTICLE_EDGES_SQL.format(side="to_article_id"), params),
    }


# ---------------------------------------------------------------- speaker page

_SPEAKER_QUOTES_SQL = f"""
select q.id, q.text, q.article_id, q.speaker_id, q.speaker_mention, q.cue, q.cluster_id,
       cs.name as credited_source, o.name as outlet, a.published, a.title, a.url,
       c.canonical_text, c.statement_id, st.label, ps.name as primary_source, wsrc.name as wording_source
{QUOTE_JOINS}
join clusters c on c.id = q.cluster_id
left join statements st on st.id = c.statement_id
left join sources ps on ps.id = st.primary_source_id
left join sources wsrc on wsrc.id = c.wording_source_id
where q.cluster_id in (
  select id from clusters where statement_id in (select value from json_each(:statements))
  union select value from json_each(:clusters)
)
"""

#: A page of a speaker's remarks (the statements given to them and those
#: holding a quote given to them, and a wording with no statement as a
#: remark of its own), in time order of first appearance, and what counts
#: them: kept at write time in _speaker_remarks (provenance.store.serving),
#: so a person quoted ten thousand times costs what one page of them does.
_SPEAKER_PAGE_SQL = """
select statement_id, cluster_id, first_published, first_quote_id, quote_count
from _speaker_remarks where speaker_id = :id
order by first_published is null, first_published, first_quote_id
limit :limit offset :offset
"""
_SPEAKER_TOTALS_SQL = """
select count(*), coalesce(sum(quote_count), 0), min(nullif(first_published, '')), max(nullif(first_published, ''))
from _speaker_remarks where speaker_id = ?
"""
#: The same remarks gathered from the tables, for a database made before
#: they were kept (until its next add or ``provenance optimize``).
_SPEAKER_REMARKS_SQL = """
with own as (
  select distinct c.id, c.statement_id from quotes q join clusters c on c.id = q.cluster_id where q.speaker_id = :id
)
select sv.id as statement_id, null as cluster_id, sv.first_published, sv.first_quote_id, sv.quote_count
from statements_view sv
where sv.id in (select id from statements where speaker_id = :id union select statement_id from own)
union all
select null, c.id, c.first_published, c.origin_quote_id, c.quote_count
from clusters c where c.id in (select id from own where statement_id is null)
"""


def _remarks_page(conn: sqlite3.Connection, speaker_id: int, page: int) -> tuple[list[tuple], dict[str, Any]]:
    """The remarks on page ``page`` of a speaker, as (statement id, cluster
    id, first published, first quote id, quotes), and the counts and
    dates of all of them, with the page number and the number of pages."""
    try:
        count, quote_count, first, last = conn.execute(_SPEAKER_TOTALS_SQL, (speaker_id,)).fetchone()
        every = None
    except sqlite3.OperationalError:  # no _speaker_remarks yet
        every = conn.execute(_SPEAKER_REMARKS_SQL, {"id": speaker_id}).fetchall()
        every.sort(key=lambda r: time_order(r[2], r[3] or 0))
        dates = [r[2] for r in every if r[2]]
        count, quote_count = len(every), sum(r[4] or 0 for r in every)
        first, last = (min(dates), max(dates)) if dates else (None, None)
    pages = max(1, -(-count // REMARKS_PER_PAGE))
    page = min(max(page, 1), pages)
    offset = (page - 1) * REMARKS_PER_PAGE
    if every is None:
        params = {"id": speaker_id, "limit": REMARKS_PER_PAGE, "offset": offset}
        on_page = conn.execute(_SPEAKER_PAGE_SQL, params).fetchall()
    else:
        on_page = every[offset : offset + REMARKS_PER_PAGE]
    totals = {
        "remark_count": count,
        "quote_count": quote_count,
        "first_published": first,
        "last_published": last,
        "page": page,
        "pages": pages,
    }
    return [tuple(r) for r in on_page], totals


def speaker_data(conn: sqlite3.Connection, speaker_id: int, page: int = 1) -> dict[str, Any] | None:
    """Everything the speaker page shows: each remark (a statement) of the
    person in time order of first appearance, its wordings (clusters) with
    the outlets that carried each, and how each wording relates to the
    first (with a word diff, unless it is another translation that does
    not line up). Only the page's remarks are read whole."""
    found = rows(conn, "select id, name from speakers where id = ?", (speaker_id,))
    if not found:
        return None
    on_page, totals = _remarks_page(conn, speaker_id, page)
    statements = [r[0] for r in on_page if r[0] is not None]
    clusters = [r[1] for r in on_page if r[0] is None]
    quotes = rows(conn, _SPEAKER_QUOTES_SQL, {"statements": json.dumps(statements), "clusters": json.dumps(clusters)})
    quotes.sort(key=lambda q: time_order(q["published"], q["id"]))
    # the page's remarks in the order of the pages
    remarks: dict[Any, dict[str, Any]] = {r[0] if r[0] is not None else ("cluster", r[1]): None for r in on_page}
    for q in quotes:
        remark_key = q["statement_id"] if q["statement_id"] is not None else ("cluster", q["cluster_id"])
        remark = remarks.get(remark_key)
        if remark is None:
            remark = remarks[remark_key] = {
                "statement_id": q["statement_id"],
                "label": q["label"] or q["canonical_text"],
                "primary_source": q["primary_source"],
                "first": q,
                "wordings": {},
                "outlets": [],
            }
        wording = remark["wordings"].get(q["cluster_id"])
        if wording is None:
            text = q["canonical_text"] or q["text"]
            first = remark["first"]["canonical_text"] or text
            relation, diff = (
                (FIRST_WORDING, None) if not remark["wordings"] else relate(text, first, same_wording=False)
            )
            wording = remark["wordings"][q["cluster_id"]] = {
                "cluster_id": q["cluster_id"],
                "canonical_text": text,
                "wording_source": q["wording_source"],
                "change": relation,
                # a wording that does not line up with the first (another translation) is shown whole
                "diff": None if relation == OTHER_WORDING else diff,
                "quotes": [],
            }
        if q["text"] != wording["canonical_text"]:
            q["change"] = relate(q["text"], wording["canonical_text"])[0]
        wording["quotes"].append(q)
        if q["outlet"] not in remark["outlets"]:
            remark["outlets"].append(q["outlet"])
    ordered = [r for r in remarks.values() if r is not None]
    for remark in ordered:
        remark["wordings"] = list(remark["wordings"].values())
        remark["quote_count"] = sum(len(w["quotes"]) for w in remark["wordings"])
    mentions = [
        r[0]
        for r in conn.execute(
            "select distinct speaker_mention from quotes where speaker_id = ? and speaker_mention is not null",
            (speaker_id,),
        )
    ]
    return {
        "speaker": found[0],
        "remarks": ordered,
        **totals,
        "outlet_count": _outlet_count(conn, found[0]["name"]),
        "mentions": sorted(mentions, key=str.casefold),
    }


def _outlet_count(conn: sqlite3.Connection, name: str) -> int:
    """How many outlets carry quotes given to the speaker of this name
    (kept at write time; counted on a database made before)."""
    try:
        return conn.execute(
            "select count(*) from _pair_counts where tbl = 'quotes_view' and col = 'speaker' and value = ?"
            " and col2 = 'outlet'",
            (name,),
        ).fetchone()[0]
    except sqlite3.OperationalError:
        return conn.execute("select count(distinct outlet) from quotes_view where speaker = ?", (name,)).fetchone()[0]


def speaker_by_name(conn: sqlite3.Connection, name: str) -> int | None:
    """The id of the speaker of that name (spelt any way that folds alike)."""
    row = conn.execute("select id from speakers where key = ?", (key(name),)).fetchone()
    if row is None:
        row = conn.execute("select id from speakers where name = ? order by id limit 1", (name,)).fetchone()
    return row[0] if row else None


# ---------------------------------------------------------------- routes


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items() if k != "paragraphs"}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value


async def article_page(datasette, request):
    """``/-/article/<db>/<id>``: the article with its quotes marked."""
    name = await database_or_404(datasette, request, request.url_vars["database"])
    article_id = item_id_or_404("article", request.url_vars["id"], name)
    data = await datasette.get_database(name).execute_fn(limited(lambda conn: article_data(conn, article_id)))
    if data is None:
        raise NotFound(f"No article {article_id} in {name}")
    return await render_page(datasette, request, "article", name, article_id, data, _jsonable)


async def speaker_page(datasette, request):
    """``/-/speaker/<db>/<id>``: every remark of one person, in time order;
    ``/-/speaker/<db>?name=...`` finds the person by name."""
    name = await database_or_404(datasette, request, request.url_vars["database"])
    db = datasette.get_database(name)
    if request.url_vars.get("id") is None:
        wanted = (request.args.get("name") or "").strip()
        speaker_id = await db.execute_fn(limited(lambda conn: speaker_by_name(conn, wanted))) if wanted else None
        if speaker_id is None:
            raise NotFound(f"No speaker named {wanted!r} in {name}")
        return Response.redirect(page_url(datasette, "speaker", name, speaker_id))
    speaker_id = item_id_or_404("speaker", request.url_vars["id"], name)
    try:
        page = int(request.args.get("page") or 1)
    except ValueError:
        page = 1
    data = await db.execute_fn(limited(lambda conn: speaker_data(conn, speaker_id, page)))
    if data is None:
        raise NotFound(f"No speaker {speaker_id} in {name}")
    return await render_page(datasette, request, "speaker", name, speaker_id, data, _jsonable)


async def quote_page(datasette, request):
    """``/-/quote/<db>/<id>``: the quote in its article (a redirect)."""
    name = await database_or_404(datasette, request, request.url_vars["database"])
    quote_id = item_id_or_404("quote", request.url_vars["id"], name)
    row = await datasette.get_database(name).execute_fn(
        lambda conn: conn.execute("select article_id from quotes where id = ?", (quote_id,)).fetchone()
    )
    if row is None:
        raise NotFound(f"No quote {quote_id} in {name}")
    return Response.redirect(page_url(datasette, "article", name, row[0]) + f"#quote-{quote_id}")
