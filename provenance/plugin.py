"""The Datasette plugin: pages for checking a quote, clusters and statements.

Shipped through the ``datasette`` entry point in pyproject.toml.
"""
from __future__ import annotations

from datasette import hookimpl


@hookimpl
def extra_template_vars(datasette):
    return {"provenance_version": __import__("provenance").__version__}
