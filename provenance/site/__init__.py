"""The Datasette plugin: check a quote, and a page per cluster and per
statement, linked from the quotes, clusters and statements tables.

This package is the plugin (the ``datasette`` entry point in
pyproject.toml), so any Datasette in the same environment serving a
provenance database has it; Datasette finds its ``templates/`` and serves
its ``static/`` folder (``/-/static-plugins/provenance/``) itself.

- this module: the hooks (routes, SQL functions, links from table cells);
- :mod:`.pages`: the pages, ``/-/check`` and the cluster and statement pages;
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

Article text is untrusted: every page is rendered by Jinja with
autoescaping on, the SVG pictures are laid out here as numbers and drawn by
the templates (so their labels are escaped too), and links to articles are
made only from http(s) URLs.
"""

from __future__ import annotations

from datasette import hookimpl
from markupsafe import Markup

from .. import __version__
from ..check import compare_wordings, relate
from ..wording import diff_words, normalize
from .pages import check_page, cluster_page, is_provenance_database, page_url, provenance_databases, statement_page
from .safety import error_response, replace_default_error_handler, with_security_headers


@hookimpl
def startup(datasette):
    """Our error pages replace Datasette's default handler (Datasette
    registers it after loading plugins, so this is the first moment)."""
    replace_default_error_handler()


@hookimpl
def prepare_connection(conn, database, datasette):
    """SQL functions for the canned queries: the matching form of a wording,
    how one wording compares with another (a paste's verdict, or a
    variant's relation to the first wording), and their word diff."""

    def nullsafe(fn):
        return lambda *args: None if any(a is None for a in args) else fn(*args)

    conn.create_function("provenance_normalize", 1, nullsafe(normalize), deterministic=True)
    conn.create_function("provenance_compare", 2, nullsafe(compare_wordings), deterministic=True)
    conn.create_function("provenance_relation", 2, nullsafe(lambda a, b: relate(a, b)[0]), deterministic=True)
    conn.create_function(
        "provenance_diff_summary", 2, nullsafe(lambda a, b: diff_words(a, b).summary()), deterministic=True
    )


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
        (r"^/-/check(?P<format>\.json|\.csv)?$", check_page),
        (r"^/-/cluster/(?P<database>[^/]+)/(?P<id>[^/]+?)(?P<format>\.json)?$", cluster_page),
        (r"^/-/statement/(?P<database>[^/]+)/(?P<id>[^/]+?)(?P<format>\.json)?$", statement_page),
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
