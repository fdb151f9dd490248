"""The Datasette plugin: check a quote; a page per cluster, statement,
article and speaker, linked from the tables, views and query results; and
the templates that make Datasette's own pages read for a reporter.

This package is the plugin (the ``datasette`` entry point in
pyproject.toml), so any Datasette in the same environment serving a
provenance database has it; Datasette finds its ``templates/`` and serves
its ``static/`` folder (``/-/static-plugins/provenance/``) itself.

- this module: the hooks (routes, SQL functions, links from table cells);
- :mod:`.pages`: the pages, ``/-/check`` and the cluster and statement pages;
- :mod:`.reading`: the article and speaker pages;
- :mod:`.pictures`: the copy graph and the timeline, laid out as numbers;
- :mod:`.metadata`: the Datasette metadata, generated from one place;
- :mod:`.serve`: serving a database (``provenance serve``).

Pages:

- ``/-/check`` (HTML form, ``?q=``; ``?db=`` to check one database only;
  the URL is the result's permalink, ``&print=1`` its print view),
  ``/-/check.json?q=`` and ``/-/check.csv?q=``:
  :func:`provenance.check.check_quote` on every provenance database served.
- ``/-/cluster/<db>/<id>`` and ``/-/statement/<db>/<id>`` (``.json`` too):
  all variants side by side in time order with a diff against the
  canonical wording, the copy edges among their articles, an SVG graph of
  who copied whom and a timeline of first appearances.
- ``/-/article/<db>/<id>`` (``.json`` too): the cleaned text with each
  quote marked and linked to its cluster, its speaker and cue marked, and
  outlet, date, wire and URL on top; ``/-/quote/<db>/<id>`` leads to a
  quote in its article.
- ``/-/speaker/<db>/<id>`` (``.json`` too; ``?name=`` finds the id): every
  remark of one person in time order, with its wordings and the outlets
  that carried each.

Datasette's own templates are extended (``templates/``): the home page
leads with the check form, every header links to it, table pages show the
rows before the column notes (folded), canned queries show their form and
answer with the SQL folded, and row pages of articles, speakers, clusters
and statements point to their pages.

Article text is untrusted: every page is rendered by Jinja with
autoescaping on, the SVG pictures are laid out here as numbers and drawn by
the templates (so their labels are escaped too), and links to articles are
made only from http(s) URLs.
"""

from __future__ import annotations

import functools
import sqlite3
from urllib.parse import urlencode

from datasette import hookimpl
from markupsafe import Markup, escape

from .. import __version__
from ..check import compare_wordings, relate
from ..limits import check_length
from ..store.schema import VIEWS
from ..wording import normalize
from . import tables
from .counts import use_kept_counts
from .introspection import cache_schema
from .overheads import lighten
from .pages import (
    check_page,
    cluster_page,
    is_provenance_database,
    known_provenance_database,
    page_url,
    provenance_databases,
    statement_page,
)
from .reading import article_page, quote_page, speaker_page
from .safety import error_response, replace_default_error_handler, with_security_headers
from .search import bound_search


@hookimpl
def startup(datasette):
    """Our error pages replace Datasette's default handler (Datasette
    registers it after loading plugins, so this is the first moment); an
    SQL function's error is the query's error message, not a traceback in
    the log (Datasette turns SQLite's callback tracebacks on: one
    anyone could print with each query on the public SQL endpoint);
    provenance databases answer their table pages' counts from the counts
    kept at write time and their questions about the schema once per
    schema version, and their full-text search is bounded; Datasette's
    own per-request costs that do not depend on the page are cut
    (:mod:`.overheads`)."""
    replace_default_error_handler()
    lighten(datasette)
    sqlite3.enable_callback_tracebacks(False)
    bound_search()

    async def inner():
        for name, db in list(datasette.databases.items()):
            if await is_provenance_database(datasette, name):
                await use_kept_counts(db)
                cache_schema(db)

    return inner


@hookimpl
def prepare_connection(conn, database, datasette):
    """SQL functions for the canned queries: the matching form of a wording,
    how one wording compares with another (a paste's verdict, or a
    variant's relation to the first wording), and their word diff. Each
    takes wordings of up to :data:`~provenance.limits.MAX_WORDING_CHARS`
    characters (a longer one is an error) and works in time near-linear in
    them, so Datasette's time limit, checked between calls, holds."""

    def nullsafe(fn):
        """NULL in, NULL out; a text over the cap is an error, not minutes of work."""

        def call(*args):
            if any(a is None for a in args):
                return None
            check_length(*(str(a) for a in args))
            return fn(*args)

        return call

    conn.create_function("provenance_normalize", 1, nullsafe(normalize), deterministic=True)
    conn.create_function("provenance_compare", 2, nullsafe(compare_wordings), deterministic=True)
    conn.create_function("provenance_relation", 2, nullsafe(lambda a, b: _relate(a, b)[0]), deterministic=True)
    conn.create_function(
        "provenance_diff_summary", 2, nullsafe(lambda a, b: _relate(a, b)[1].summary()), deterministic=True
    )


@functools.lru_cache(maxsize=256)
def _relate(variant: str, first: str):
    """relate() of a pair, kept a moment: a query asks for the relation
    and the diff summary of the same pair, which is one diff."""
    return relate(variant, first)


@hookimpl
def handle_exception(datasette, request, exception):
    """Every error page: fast, in the site's style, no traceback in the log."""

    async def inner():
        return await error_response(datasette, request, exception)

    return inner


@hookimpl
def asgi_wrapper(datasette):
    """Security headers on every response."""
    return with_security_headers


@hookimpl
def extra_template_vars(datasette, request):
    """For every template: the provenance databases this visitor may see,
    and the address of the check page when there is one (the header links
    to it on every page, the home page leads with its form)."""

    async def inner():
        names = await provenance_databases(datasette, request.actor if request else None)
        return {
            "provenance_version": __version__,
            "provenance_databases": names,
            "provenance_check_url": datasette.urls.path("/-/check") if names else None,
            "provenance_page_url": lambda page, database, item: page_url(datasette, page, database, item),
        }

    return inner


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.static_plugins("provenance", "provenance.css")]


@hookimpl
def prepare_jinja2_environment(env, datasette):
    # column names break after underscores in table headers, so wide tables fit the screen
    env.filters["break_underscores"] = lambda name: Markup("_<wbr>").join(str(name).split("_"))
    # the rows of table pages and query answers, written in one piece
    env.globals["provenance_table_rows"] = tables.table_rows
    env.globals["provenance_query_rows"] = tables.query_rows


@hookimpl
def register_routes():
    # any id reaches the page, which answers a 404 for one that is not a number
    db, item, fmt = r"(?P<database>[^/]+)", r"(?P<id>[^/]+?)", r"(?P<format>\.json)?"
    return [
        (r"^/-/check(?P<format>\.json|\.csv)?$", check_page),
        (rf"^/-/cluster/{db}/{item}{fmt}$", cluster_page),
        (rf"^/-/statement/{db}/{item}{fmt}$", statement_page),
        (rf"^/-/article/{db}/{item}{fmt}$", article_page),
        (rf"^/-/speaker/{db}/{item}{fmt}$", speaker_page),
        (rf"^/-/speaker/{db}$", speaker_page),
        (rf"^/-/quote/{db}/{item}$", quote_page),
    ]


#: Which cell of which table gets a link to which page after its text: (table, column) -> (page, column holding the id).
CELL_LINKS = {
    ("quotes", "text"): ("cluster", "cluster_id"),
    ("quotes_view", "text"): ("cluster", "cluster_id"),
    ("clusters", "canonical_text"): ("cluster", "id"),
    ("clusters_view", "canonical_text"): ("cluster", "id"),
    ("statements", "label"): ("statement", "id"),
    ("statements_view", "label"): ("statement", "id"),
}
#: Cells whose text becomes the link: (table, column) -> (page, column holding the id).
LABEL_LINKS = {
    ("articles", "title"): ("article", "id"),
    ("speakers", "name"): ("speaker", "id"),
    ("quotes_view", "article"): ("article", "article_id"),
    ("clusters_view", "origin_article"): ("quote", "origin_quote_id"),
    ("copy_edges_view", "copier_article"): ("article", "from_article_id"),
    ("copy_edges_view", "source_article"): ("article", "to_article_id"),
}
#: Columns holding an article's or a speaker's id (in tables, as foreign keys; in query results, as numbers).
ID_LINKS = {
    "article_id": "article",
    "from_article_id": "article",
    "to_article_id": "article",
    "speaker_id": "speaker",
    "quote_id": "quote",
    "origin_quote_id": "quote",
    "first_quote_id": "quote",
    "cluster_id": "cluster",
    "statement_id": "statement",
}
#: Columns holding a speaker's name (views and query results): linked by name.
SPEAKER_NAMES = {"speaker"}
#: The start of an article's text shown in the articles table.
TEXT_PREVIEW = 300


def _truncated(datasette, value) -> str:
    text = str(value)
    limit = datasette.setting("truncate_cells_html")
    return text[:limit] + "\u2026" if limit and len(text) > limit else text


def _cell_value(row, column):
    try:
        value = row[column]
    except (IndexError, KeyError):
        return None
    return value.get("value") if isinstance(value, dict) else value  # an expanded foreign key


def _link(href: str, label, css: str = "") -> Markup:
    """A link, its address and label escaped (an f-string: Markup.format
    costs ten times as much, and a table page makes hundreds)."""
    attrs = f' class="{css}" href="{escape(href)}"' if css else f' href="{escape(href)}"'
    return Markup(f"<a{attrs}>{escape(label)}</a>")


def _plugin_cell(row, value, column, table, database, datasette) -> Markup | None:
    """The link a cell gets, if any (the database is a provenance one)."""
    is_view = table in VIEWS
    if table is not None:
        link = CELL_LINKS.get((table, column))
        if link is not None:
            target = _cell_value(row, link[1])
            if target is None:
                return None
            label = "all variants" if link[0] == "cluster" else "all wordings"
            href = page_url(datasette, link[0], database, target)
            more = _link(href, f"{label}\u00a0\u2192", "provenance-page")
            return Markup(f"{escape(_truncated(datasette, value))} {more}")
        link = LABEL_LINKS.get((table, column))
        if link is not None:
            target = _cell_value(row, link[1])
            if target is None:
                return None
            return _link(page_url(datasette, link[0], database, target), _truncated(datasette, value))
        if (table, column) == ("articles", "text"):
            text = str(value)
            preview = text[:TEXT_PREVIEW].rstrip() + ("\u2026" if len(text) > TEXT_PREVIEW else "")
            href = page_url(datasette, "article", database, _cell_value(row, "id"))
            more = _link(href, "read\u00a0it\u00a0\u2192", "provenance-page")
            return Markup(f"{escape(preview)} {more}")
    page = ID_LINKS.get(column)
    if page is not None:
        if isinstance(value, dict):  # an expanded foreign key in a table: articles and speakers get their page
            if page not in ("article", "speaker"):
                return None
            return _link(page_url(datasette, page, database, value["value"]), value.get("label") or value["value"])
        if isinstance(value, int) and (table is None or is_view):
            return _link(page_url(datasette, page, database, value), value, "provenance-page")
    if column in SPEAKER_NAMES and isinstance(value, str) and (table is None or is_view):
        href = page_url(datasette, "speaker", database, "").rstrip("/") + "?" + urlencode({"name": value})
        return _link(href, value, "provenance-speaker")
    return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Links from table cells to the plugin's pages: a wording to its
    cluster or statement page, a headline or an article's id to the
    article page, a speaker to everything the person said; in views and
    query results, the ids of quotes, clusters and statements too."""
    if value is None:
        return None
    known = known_provenance_database(datasette, database)
    if known is not None:  # a page has hundreds of cells: no coroutine each once the answer is known
        return _plugin_cell(row, value, column, table, database, datasette) if known else None

    async def inner():
        if not await is_provenance_database(datasette, database):
            return None
        return _plugin_cell(row, value, column, table, database, datasette)

    return inner
