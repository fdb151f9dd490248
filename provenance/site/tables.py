"""The rows of a table page and of a query's answer as HTML, written in
one piece.

Datasette's templates write each cell in five pieces, each passed up
through every template the page extends by the async Jinja environment:
at 50 rows of 15 columns that was about a third of a table page's CPU.
The HTML is the same, and every value is escaped as the template's
autoescaping escaped it (a value a plugin made safe, a link, stays as it
is)."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from datasette.utils import to_css_class
from markupsafe import Markup, escape


@functools.lru_cache(maxsize=1024)
def _css(column: str) -> str:
    return str(escape(to_css_class(str(column))))


def table_rows(display_rows: Iterable) -> Markup:
    """The ``<tr>`` rows of a table page (``_table.html``): each cell a
    dict of column, value as displayed and the type of the value stored."""
    out = []
    for row in display_rows:
        cells = "".join(
            f'<td class="col-{_css(cell["column"])} type-{escape(cell["value_type"])}">{escape(cell["value"])}</td>'
            for cell in row
        )
        out.append(f"<tr>{cells}</tr>\n")
    return Markup("".join(out))


def query_rows(columns: list[str], display_rows: Iterable) -> Markup:
    """The ``<tr>`` rows of a query's answer (``query.html``): each row the
    displayed values in the order of ``columns``."""
    classes = [_css(c) for c in columns]
    out = []
    for row in display_rows:
        cells = "".join(f'<td class="col-{css}">{escape(td)}</td>' for css, td in zip(classes, row))
        out.append(f"<tr>{cells}</tr>\n")
    return Markup("".join(out))
