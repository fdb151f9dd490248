"""Datasette's own per-request costs that do not depend on the page, cut
without changing a byte of any page.

- Facet links. Each value of each facet of a table page gets its link from
  ``Datasette.absolute_url(request, path)``, with ``path`` one of
  Datasette's ``PrefixedUrlString``s: a ``str`` whose every method call
  (``urljoin`` makes dozens) first lists ``dir(str)``. Five facets of 30
  values made about a quarter of a table page's CPU. The path is handed
  over as the plain string it equals; the URL is the same.
- Table permissions. Every table page asks twice whether its table may be
  viewed, and Datasette 0.65.5 answers by deep-copying the whole metadata
  each time (ours has every column's description and every canned
  query). The answer depends on the metadata alone, which a running
  Datasette never reloads: it is kept per table, and worked out afresh
  whenever a plugin supplies metadata (``get_metadata``, which may change)
  or the metadata object is replaced.
- Table cells. Datasette asks the ``render_cell`` hook about every cell
  of a table page or a query's answer (750 on a page of 50 rows of 15
  columns), through pluggy's general machinery: a tenth of a table page's
  CPU. While our plugin's is the only ``render_cell`` there is, plain
  function, no wrapper, it is called directly, with the same arguments
  and the same answer (a list of the results that are not None); with
  another plugin's beside it, pluggy calls them all as before.
"""

from __future__ import annotations


def lighten(datasette) -> None:
    """Cut the per-request costs above on this Datasette (once)."""
    if getattr(datasette, "_provenance_lightened", False):
        return
    plain_facet_links(datasette)
    remember_table_permissions(datasette)
    direct_render_cell()
    datasette._provenance_lightened = True


def plain_facet_links(datasette) -> None:
    """``absolute_url`` with the path as a plain string (the same URL)."""
    absolute_url = datasette.absolute_url

    def plain_absolute_url(request, path):
        return absolute_url(request, str(path))

    datasette.absolute_url = plain_absolute_url


def remember_table_permissions(datasette) -> None:
    """Keep ``_table_permission_allows`` per (database, table) while the
    metadata it reads cannot have changed."""
    from datasette.plugins import pm

    allows = datasette._table_permission_allows
    kept: dict = {}
    source: list = [None]

    def table_permission_allows(database, table):
        if pm.hook.get_metadata.get_hookimpls():  # metadata from a plugin may differ call to call
            return allows(database, table)
        if source[0] is not datasette._metadata_local:
            kept.clear()
            source[0] = datasette._metadata_local
        key = (database, table)
        if key not in kept:
            kept[key] = allows(database, table)
        return list(kept[key])  # the caller only reads it

    datasette._table_permission_allows = table_permission_allows


class _DirectRenderCell:
    """``pm.hook.render_cell``, calling a lone plain implementation directly
    (anything else, and every other attribute, is the hook's own)."""

    def __init__(self, hook):
        self._hook = hook

    def __getattr__(self, name):
        return getattr(self._hook, name)

    def __call__(self, **kwargs):
        impls = self._hook._hookimpls
        if len(impls) == 1:
            impl = impls[0]
            if not (impl.hookwrapper or impl.wrapper or impl.kwargnames):
                result = impl.function(*[kwargs[name] for name in impl.argnames])
                return [] if result is None else [result]
        return self._hook(**kwargs)


def direct_render_cell() -> None:
    """Put :class:`_DirectRenderCell` in front of the ``render_cell`` hook (once a process)."""
    from datasette.plugins import pm

    if not isinstance(pm.hook.render_cell, _DirectRenderCell):
        pm.hook.render_cell = _DirectRenderCell(pm.hook.render_cell)
