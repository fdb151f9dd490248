"""``?_search=`` on a provenance database, bounded: a table page's search
keeps the latest :data:`SEARCH_LIMIT` matches (the highest ids, the last
stored), so its count, its facets and its page never go through every
quote holding a common word (one in ten of a million quotes holds "will").

Datasette's own search filter (``datasette.filters.search_filters``)
makes the SQL; this one adds the bound to it on a provenance database and
leaves every other database alone. Datasette gives no way to replace one
filter, so its ``datasette.filters`` plugin is registered again with this
search filter in place of its own (:func:`bound_search`); its other
filters (``_where``, ``_through``) are Datasette's, unchanged.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils import await_me_maybe

# Not at import: this module is imported while Datasette loads its plugins.

#: Matches a table page's search keeps.
SEARCH_LIMIT = 1000
_DEFAULT = "datasette.filters"


@hookimpl(specname="filters_from_request")
def _search_filters(request, database, table, datasette):
    """Datasette's search filter, bounded on a provenance database."""
    import datasette.filters as default_filters

    made = default_filters.search_filters(request=request, database=database, table=table, datasette=datasette)

    async def inner():
        from .pages import is_provenance_database

        arguments = await await_me_maybe(made)
        if "search" not in arguments.params or not await is_provenance_database(datasette, database):
            return arguments
        clauses = arguments.where_clauses
        for i, clause in enumerate(clauses):
            if clause.endswith(")") and " match " in clause:
                clauses[i] = clause[:-1] + f" order by rowid desc limit {SEARCH_LIMIT})"
        arguments.human_descriptions = [
            d + f" (the latest {SEARCH_LIMIT:,} matches)" if d.startswith("search matches") else d
            for d in arguments.human_descriptions
        ]
        return arguments

    return inner


def bound_search() -> None:
    """Put the bounded search filter in place of Datasette's (once)."""
    import datasette.filters as default_filters
    from datasette.plugins import pm

    if pm.get_plugin(_DEFAULT) is default_filters:

        class Filters:
            """Datasette's filters, with the search filter bounded."""

            where_filters = staticmethod(default_filters.where_filters)
            through_filters = staticmethod(default_filters.through_filters)
            search_filters = staticmethod(_search_filters)

        Filters.__name__ = _DEFAULT  # listed as the default plugin it stands for (/-/plugins)
        pm.unregister(name=_DEFAULT)
        pm.register(Filters, name=_DEFAULT)
