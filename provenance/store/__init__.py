"""The store: the only code that reads and writes a provenance database
(the contract of DESIGN.md, through sqlite-utils).

- :mod:`.schema`: the tables, indexes, views and full-text indexes, as SQL;
- :mod:`.writer`: opening a database, storing articles and quotes, and
  writing the clusters, statements and copy edges the later stages made;
- :mod:`.serving`: what the site needs to answer fast, kept at write time
  (the views written into tables, counts per facet value);
- :mod:`.matchstore`: the clustering state kept between runs, so ``add``
  recomputes only what new quotes touch.
"""

from .writer import (
    check_database,
    checkpoint,
    ensure_schema,
    existing_database,
    finish,
    has_article,
    insert_article,
    load_speaker_index,
    open_database,
    optimize,
    outlet_id,
    source_id,
    temp_ids,
    write_group_rows,
    write_groups,
)

__all__ = [
    "check_database",
    "checkpoint",
    "ensure_schema",
    "existing_database",
    "finish",
    "has_article",
    "insert_article",
    "load_speaker_index",
    "open_database",
    "optimize",
    "outlet_id",
    "source_id",
    "temp_ids",
    "write_group_rows",
    "write_groups",
]
