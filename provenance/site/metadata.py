"""The Datasette metadata for a provenance database, generated from one
place.

``datasette-metadata.json`` in the repository is written from here by
``provenance metadata``; a test keeps the two in step, and another loads it
against a real database so that a facet, sort or label naming a missing
column (which breaks a page with HTTP 400) fails a test instead.

Moving to Datasette 1.0, which splits one ``metadata.json`` into
``datasette.yaml`` (configuration) and a metadata file (descriptions), is a
matter of writing the two halves this module already keeps apart:
:func:`configuration` (facets, sort orders, label columns, hidden tables,
full-text search settings and canned queries: what 1.0 reads from
``datasette.yaml``) and :func:`descriptions` (title, description, licence,
source, table and column descriptions: what 1.0 keeps as metadata).
:func:`build_metadata` merges them into the single document 0.65 reads.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from ..store import schema, serving
from ..store.schema import CLUSTER_LINKS, QUOTE_JOINS

TITLE = "provenance: who said it, in which words, and who copied whom"
DESCRIPTION = (
    "Direct quotations machine-extracted from news articles, with their speakers, the media they are "
    "credited to, their variant wordings across outlets and where each wording and remark first appeared. "
    "Everything here was extracted by a program and can be wrong: a speaker misread, two remarks merged, "
    "an origin guessed from incomplete dates. Always check the original article before you publish. "
    "Paste a quote into Check a quote, at the top of every page, to see whether it was said in those words."
)
LICENSE = "Code: Apache-2.0. Article texts remain the property of their publishers."
LICENSE_URL = "https://www.apache.org/licenses/LICENSE-2.0"
SOURCE = "News articles read by the provenance pipeline; articles.source and articles.url name each one."

#: Tables of the contract (DESIGN.md) and ours: description, label column,
#: a description for every column and sort order (facets: schema.FACETS).
DIRECTION_NOTE = (
    "1: a later date, a credit naming the other outlet, an editor's insertion or wire copy says who copied whom;"
    " 0: the two share the wording but nothing tells the direction."
)

TABLES: dict[str, dict[str, Any]] = {
    "articles": {
        "description": "One row per article read. Text is the cleaned body the quote offsets point into.",
        "label_column": "title",
        "columns": {
            "id": "Article id.",
            "source": "The path or URL the article was read from.",
            "outlet_id": "The outlet that published it.",
            "title": "Headline.",
            "published": "Publication date (ISO 8601), or empty when unknown.",
            "url": "Where the article lives online.",
            "text": "The cleaned article body (page chrome removed).",
            "sha256": "Hash of the cleaned text: the same article under two names is stored once.",
            "wire_source_id": "The wire or agency whose copy the article carries (AP, Reuters, TASS...); empty when its own.",
            "wire_evidence": "The words that show the wire: a copyright line, a dateline, an editor's insertion.",
            "meta": "Other fields from the manifest, as JSON.",
            "added": "When the article entered this database (UTC).",
            "outlet_from": "Where the outlet came from: the manifest, the page's metadata (og:site_name), its <title>, "
            "the text, or its address.",
            "title_from": "Where the title came from: the manifest, the page's metadata, the extractor, or the text.",
            "published_from": "Where the date came from: the manifest, the page's metadata "
            "(article:published_time, JSON-LD datePublished), its byline, the extractor, or a 'Published:' line.",
        },
        "sort_desc": "published",
    },
    "outlets": {
        "description": "News outlets that published the articles.",
        "label_column": "name",
        "columns": {
            "id": "Outlet id.",
            "name": "Outlet name as the article or manifest gives it.",
            "key": "Folded name used to match spellings.",
        },
        "sort": "name",
    },
    "sources": {
        "description": "Media that quotes are credited to or copied from: TV channels, agencies, newspapers, wires; "
        "and, where an article names no medium, the occasion a quote was said at (kind event).",
        "label_column": "name",
        "columns": {
            "id": "Source id.",
            "name": "Name of the medium.",
            "kind": "tv, radio, agency, newspaper, magazine, website, social, wire or outlet; event for an occasion "
            "(press conference, statement, speech, interview...).",
            "key": "Folded name used to match spellings.",
        },
        "sort": "name",
    },
    "speakers": {
        "description": "People (and bodies) quoted; one row per person across all articles, diacritics kept.",
        "label_column": "name",
        "columns": {
            "id": "Speaker id.",
            "name": "Canonical display name.",
            "key": "Folded name used to match spellings (Isik = Işık).",
        },
        "sort": "name",
    },
    "quotes": {
        "description": "Every direct quotation found, with its speaker, cue and credited medium. "
        "The link beside each quote opens its cluster page: all variants side by side.",
        "label_column": "text",
        "columns": {
            "id": "Quote id.",
            "article_id": "The article it appears in.",
            "text": "The quoted words, without the enclosing marks.",
            "start": "Character offset where the quote starts in articles.text.",
            "end": "Character offset where the quote ends in articles.text.",
            "kind": "full (a whole sentence or more) or partial (a fragment inside reported speech).",
            "speaker_id": "The person quoted, resolved across the article; empty when unnamed.",
            "speaker_mention": "The speaker as written next to the quote: a name, 'he', 'a senior official'.",
            "cue": "The reporting verb or phrase as written: said, told, according to.",
            "credited_source_id": "The medium the article credits the quote to (told NTV, Anadolu quoted...); "
            "failing a medium, the occasion it names (at a press conference, in a statement).",
            "credited_mention": "That medium or occasion as written (a Kremlin press conference).",
            "cluster_id": "The variant cluster (same wording) the quote belongs to.",
            "pieces": "For a quote interrupted by its attribution: the offsets of each piece, as JSON.",
        },
        "sort": "id",
    },
    "clusters": {
        "description": "Variant clusters: one wording and its truncations, elisions and insertions across outlets. "
        "The link beside each wording opens the cluster page.",
        "label_column": "canonical_text",
        "columns": {
            "id": "Cluster id.",
            "statement_id": "The remark this wording belongs to.",
            "canonical_text": "The origin wording.",
            "origin_quote_id": "The earliest (or original) variant.",
            "wording_source_id": "The wire or outlet whose wording the others copy.",
            "origin_evidence": "In words: what decided the origin.",
            "quote_count": "How many variants.",
            "article_count": "How many articles carry it.",
            "first_published": "Earliest publication date among its articles.",
        },
        "sort_desc": "quote_count",
    },
    "statements": {
        "description": "Statements: one remark in all its wordings and translations. "
        "The link beside each label opens the statement page.",
        "label_column": "label",
        "columns": {
            "id": "Statement id.",
            "speaker_id": "Who made the remark.",
            "primary_source_id": "The medium where the remark was first made (an interview, a channel, an agency).",
            "first_quote_id": "The earliest quote of the remark.",
            "label": "A wording of the remark, for display.",
            "evidence": "In words: what decided the primary source.",
            "cluster_count": "How many wordings.",
            "quote_count": "How many quotes in all.",
        },
        "sort_desc": "quote_count",
    },
    "copy_edges": {
        "description": (
            "Who copied whom: an article that carries another's wording, with the evidence and a confidence;"
            " where nothing tells the direction, only that the two share the wording."
        ),
        "columns": {
            "id": "Edge id.",
            "from_article_id": "The copying article.",
            "to_article_id": "The article (or earliest carrier) whose wording it carries.",
            "cluster_id": "The wording shared.",
            "via_source_id": "The wire both carry, when the copy came through a wire.",
            "evidence": "In words: the shared insertion, cut point or dates.",
            "confidence": "0 to 1 (at most 0.3 when the direction is unknown).",
            "direction_known": DIRECTION_NOTE,
        },
        "sort_desc": "confidence",
    },
}

#: The views of provenance/publish/schema.py: description, a description
#: for every column, sort order and (for quotes_view) full-text search.
VIEWS: dict[str, dict[str, Any]] = {
    "quotes_view": {
        "description": "Quotes with speaker, outlet, date, credited medium and wire in one place. "
        "Search it, or facet by outlet, speaker, credited medium, kind or wire.",
        "columns": {
            "id": "Quote id.",
            "text": "The quoted words, without the enclosing marks.",
            "kind": "full (a whole sentence or more) or partial (a fragment inside reported speech).",
            "speaker": "The person quoted; empty when the article does not name them.",
            "speaker_mention": "The speaker as written next to the quote.",
            "cue": "The reporting verb or phrase as written.",
            "credited_source": "The medium the article credits the quote to.",
            "outlet": "The outlet that published the article.",
            "published": "Publication date of the article (ISO 8601), or empty when unknown.",
            "article": "The article's headline.",
            "url": "Where the article lives online.",
            "wire": "The wire or agency whose copy the article carries.",
            "cluster_id": "The variant cluster (same wording).",
            "statement_id": "The statement (same remark, any wording).",
            "article_id": "The article's id.",
        },
        "sort": "id",
        "fts_table": "quotes_fts",
        "fts_pk": "id",
    },
    "clusters_view": {
        "description": "Clusters with speaker, wording source, origin article and primary source.",
        "columns": {
            "id": "Cluster id.",
            "canonical_text": "The origin wording.",
            "quote_count": "How many variants.",
            "article_count": "How many articles carry it.",
            "first_published": "Earliest publication date among its articles.",
            "speaker": "Who made the remark.",
            "wording_source": "The wire or outlet whose wording the others copy.",
            "origin_quote_id": "The earliest (or original) variant.",
            "origin_article": "Headline of the article carrying the origin variant.",
            "origin_outlet": "Outlet of that article.",
            "origin_evidence": "In words: what decided the origin.",
            "statement_id": "The remark this wording belongs to.",
            "primary_source": "The medium where the remark was first made.",
        },
        "sort_desc": "quote_count",
    },
    "statements_view": {
        "description": "Statements with speaker, primary source and first appearance.",
        "columns": {
            "id": "Statement id.",
            "label": "A wording of the remark, for display.",
            "speaker": "Who made the remark.",
            "primary_source": "The medium where the remark was first made.",
            "evidence": "In words: what decided the primary source.",
            "cluster_count": "How many wordings.",
            "quote_count": "How many quotes in all.",
            "first_quote_id": "The earliest quote of the remark.",
            "first_published": "Publication date of the article with the earliest quote.",
            "first_outlet": "Outlet of that article.",
        },
        "sort_desc": "quote_count",
    },
    "copy_edges_view": {
        "description": "Copy edges with both articles' outlets, titles and dates.",
        "columns": {
            "id": "Edge id.",
            "copier_outlet": "Outlet of the copying article.",
            "copier_article": "Headline of the copying article.",
            "copier_published": "Its publication date.",
            "source_outlet": "Outlet of the article whose wording is carried.",
            "source_article": "Its headline.",
            "source_published": "Its publication date.",
            "via": "The wire both carry, when the copy came through a wire.",
            "evidence": "In words: the shared insertion, cut point or dates.",
            "confidence": "0 to 1 (at most 0.3 when the direction is unknown).",
            "direction_known": DIRECTION_NOTE,
            "cluster_id": "The wording shared.",
            "from_article_id": "The copying article's id.",
            "to_article_id": "The id of the article whose wording is carried.",
        },
        "sort_desc": "confidence",
    },
}

#: Rows a canned query over quotes shows (a page of a thousand rows takes
#: a quarter of a second to draw; altered_quotes compares each row word by
#: word as it is shown). quotes_view pages through all of them.
ROWS_SHOWN = 100

#: Canned queries. Every parameter may be left blank without an error.
QUERIES: dict[str, dict[str, Any]] = {
    "variants_of_a_quote": {
        "title": "Variants of a quote",
        "description": "Type some words of a quote: every cluster with a quote containing all of them, "
        "with all its variants, their outlets and dates. For a pasted quote with "
        "a verdict (verbatim, trimmed, altered), use /-/check.",
        "sql": f"""select q.cluster_id, q.id as quote_id, q.text, sp.name as speaker, o.name as outlet,
       a.published, cs.name as credited_source, wsrc.name as wording_source
{QUOTE_JOINS}
left join clusters c on c.id = q.cluster_id
{CLUSTER_LINKS}
where q.cluster_id in (
  select quotes.cluster_id from quotes_fts join quotes on quotes.rowid = quotes_fts.rowid
  where quotes_fts match coalesce(nullif(escape_fts(:text), ''), '""')
)
order by q.cluster_id, a.published is null, a.published, q.id""",
    },
    "quotes_by_a_speaker": {
        "title": "Quotes by a speaker",
        "description": "Every quote attributed to a speaker whose name contains these letters "
        "(accents optional: Isik finds Işık); the first 100 by name and date "
        "(quotes_view, filtered by speaker, has them all).",
        # quotes_view: the joins kept, and an index on (speaker, date) to read the first rows in order
        "sql": f"""select v.id as quote_id, v.text, v.speaker, v.cue, v.credited_source, v.outlet, v.published,
       v.cluster_id
from quotes_view v
where :speaker != '' and v.speaker in (
  select name from speakers where name like '%' || :speaker || '%' or key like '%' || lower(:speaker) || '%'
)
order by v.speaker, v.published is null, v.published, v.id
limit {ROWS_SHOWN}""",
    },
    "quotes_credited_to_a_medium": {
        "title": "Quotes credited to a medium",
        "description": "Quotes that an article credits to a medium (a TV channel, an agency, a paper) "
        "whose name contains these letters; the first 100 by medium and date "
        "(quotes_view, filtered by credited_source, has them all).",
        "sql": f"""select v.id as quote_id, v.text, v.credited_source, q.credited_mention, v.speaker, v.outlet,
       v.published, v.cluster_id
from quotes_view v
join quotes q on q.id = v.id
where :medium != '' and v.credited_source in (
  select name from sources where name like '%' || :medium || '%' or key like '%' || lower(:medium) || '%'
)
order by v.credited_source, v.published is null, v.published, v.id
limit {ROWS_SHOWN}""",
    },
    "altered_quotes": {
        "title": "Altered quotes",
        "description": "Variants whose words differ from their cluster's first wording by more than "
        "punctuation, capitals, spelling, a dropped apostrophe or an editor's bracketed insertion. "
        "Leave the speaker blank for everyone; the first 100 by cluster are shown. 'change' says how the "
        "variant relates to the first "
        "wording: cut (words cut at the ends or at a marked elision), longer (the first wording is cut "
        "from it), cut differently (another excerpt of the remark), changed (words changed, added or cut "
        "without a mark).",
        "sql": f"""select * from (
select v.cluster_id, v.quote_id, q.text as variant, oq.text as first_wording,
       provenance_relation(q.text, oq.text) as change, provenance_diff_summary(q.text, oq.text) as words,
       coalesce(sp.name, ssp.name) as speaker, o.name as outlet, a.published
from _variants v
join quotes q on q.id = v.quote_id
join articles a on a.id = q.article_id
left join outlets o on o.id = a.outlet_id
left join speakers sp on sp.id = q.speaker_id
join clusters c on c.id = v.cluster_id
join quotes oq on oq.id = c.origin_quote_id
{CLUSTER_LINKS}
where :speaker = '' or +v.speaker_id in (
  select id from speakers where name like '%' || :speaker || '%' or key like '%' || lower(:speaker) || '%'
)
order by v.cluster_id, v.quote_id
) where change != 'same words'
limit {ROWS_SHOWN}""",
    },
    "outlets_carrying_a_wire": {
        "title": "Outlets that carry a wire",
        "description": "Outlets with articles carrying the copy of a wire or agency whose name contains "
        f"these letters (TASS, AP, Reuters...), with how many, when, and the evidence of one of them; the {ROWS_SHOWN} "
        "outlets with the most such articles (articles, filtered by wire_source_id, has them all).",
        # the articles per wire and outlet are counted at write time (_pair_counts); dates and evidence are
        # read from an index holding all these columns, a few rows per outlet
        "sql": f"""with wires as not materialized (
  select id, name from sources
  where :wire != '' and (name like '%' || :wire || '%' or key like '%' || lower(:wire) || '%')
)
select * from (
  select o.name as outlet, w.name as wire, p.n as articles,
         (select min(published) from articles where wire_source_id = w.id and outlet_id = p.value2) as first_published,
         (select max(published) from articles where wire_source_id = w.id and outlet_id = p.value2) as last_published,
         (select wire_evidence from articles
          where wire_source_id = w.id and outlet_id = p.value2 and wire_evidence is not null) as evidence
  from wires w
  cross join _pair_counts p
    on p.tbl = 'articles' and p.col = 'wire_source_id' and p.value = +w.id and p.col2 = 'outlet_id'
  left join outlets o on o.id = p.value2
  union all
  select null, w.name, count(*), min(a.published), max(a.published), min(a.wire_evidence)
  from wires w cross join articles a on a.wire_source_id = w.id and a.outlet_id is null
  group by w.id
)
order by articles desc, outlet
limit {ROWS_SHOWN}""",
    },
}

_CREATE_TABLE = re.compile(r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?\[?(\w+)\]?", re.IGNORECASE)
#: The shadow tables SQLite's FTS5 keeps beside each full-text index.
FTS_SHADOW_SUFFIXES = ("", "_config", "_data", "_idx", "_docsize", "_content")


def schema_tables() -> list[str]:
    """Every table the schema creates, in order."""
    return _CREATE_TABLE.findall(schema.TABLES) + _CREATE_TABLE.findall(serving.TABLES)


def internal_tables() -> list[str]:
    """Tables a reader has no use for: full-text indexes and their shadow
    tables, ``_provenance`` and any other table whose name starts with ``_``."""
    names = [t for t in schema_tables() if t.startswith("_")]
    for table in schema.FTS:
        names.extend(f"{table}_fts{suffix}" for suffix in FTS_SHADOW_SUFFIXES)
    names.append("sqlite_stat1")
    return names


def configuration(database_name: str = "seeds") -> dict[str, Any]:
    """What Datasette 1.0 reads from ``datasette.yaml``: per table facets,
    sort order, label column, hidden flag, full-text settings; canned queries."""
    tables: dict[str, Any] = {}
    for name, spec in {**TABLES, **VIEWS}.items():
        entry = {k: spec[k] for k in ("label_column", "sort", "sort_desc", "fts_table", "fts_pk") if k in spec}
        if name in schema.FACETS:  # counted per value and indexed by the store
            entry["facets"] = list(schema.FACETS[name])
        if entry:
            tables[name] = entry
    for name in internal_tables():
        tables[name] = {"hidden": True}
    # a copy: Datasette writes into the canned queries it is given
    return {"databases": {database_name: {"tables": tables, "queries": copy.deepcopy(QUERIES)}}}


def descriptions(database_name: str = "seeds") -> dict[str, Any]:
    """What Datasette 1.0 keeps as metadata: title, description, licence,
    source, and a description of every table, view and column."""
    tables = {
        name: {"description": spec["description"], "columns": dict(spec["columns"])}
        for name, spec in {**TABLES, **VIEWS}.items()
    }
    about = {"license": LICENSE, "license_url": LICENSE_URL, "source": SOURCE}
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        **about,
        "databases": {database_name: {"description": DESCRIPTION, **about, "tables": tables}},
    }


def _merge(into: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = v
    return into


def build_metadata(database_name: str = "seeds") -> dict[str, Any]:
    """The single metadata document Datasette 0.65 reads for one database:
    :func:`descriptions` and :func:`configuration` merged."""
    return _merge(descriptions(database_name), configuration(database_name))


def metadata_json(database_name: str = "seeds") -> str:
    """The metadata as the text of ``datasette-metadata.json``."""
    return json.dumps(build_metadata(database_name), indent=2, ensure_ascii=False) + "\n"


def write_metadata(path: str | Path, database_name: str = "seeds") -> None:
    """Write ``datasette-metadata.json`` (or another file) for one database."""
    Path(path).write_text(metadata_json(database_name), encoding="utf-8")
