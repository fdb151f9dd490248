"""The Datasette metadata for a provenance database, generated from one
place (so the move to Datasette 1.0's split configuration stays easy).

``datasette-metadata.json`` in the repository is written from here by
``provenance metadata``; a test keeps the two in step.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TITLE = "provenance: who said it, in which words, and who copied whom"
DESCRIPTION = (
    "Direct quotations machine-extracted from news articles, with their speakers, the media they are "
    "credited to, their variant wordings across outlets and where each wording and remark first appeared. "
    "Machine-extracted: always check the original article before you publish."
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
        },
        "facets": ["outlet_id", "wire_source_id"],
        "sort_desc": "published",
    },
    "outlets": {
        "description": "News outlets that published the articles.",
        "label_column": "name",
        "columns": {"id": "Outlet id.", "name": "Outlet name as the article or manifest gives it.",
                    "key": "Folded name used to match spellings."},
    },
    "sources": {
        "description": "Media that quotes are credited to or copied from: TV channels, agencies, newspapers, wires.",
        "label_column": "name",
        "columns": {"id": "Source id.", "name": "Name of the medium.",
                    "kind": "tv, radio, agency, newspaper, magazine, website, social, wire or outlet.",
                    "key": "Folded name used to match spellings."},
        "facets": ["kind"],
    },
    "speakers": {
        "description": "People (and bodies) quoted; one row per person across all articles, diacritics kept.",
        "label_column": "name",
        "columns": {"id": "Speaker id.", "name": "Canonical display name.",
                    "key": "Folded name used to match spellings (Isik = Işık)."},
    },
    "quotes": {
        "description": "Every direct quotation found, with its speaker, cue and credited medium.",
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
            "credited_source_id": "The medium the article credits the quote to (told NTV, Anadolu quoted...).",
            "credited_mention": "That medium as written.",
            "cluster_id": "The variant cluster (same wording) the quote belongs to.",
            "pieces": "For a quote interrupted by its attribution: the offsets of each piece, as JSON.",
        },
        "facets": ["kind", "speaker_id", "credited_source_id"],
    },
    "clusters": {
        "description": "Variant clusters: one wording and its truncations, elisions and insertions across outlets.",
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
        "facets": ["wording_source_id"],
        "sort_desc": "quote_count",
    },
    "statements": {
        "description": "Statements: one remark in all its wordings and translations.",
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
        "facets": ["primary_source_id", "speaker_id"],
        "sort_desc": "quote_count",
    },
    "copy_edges": {
        "description": "Who copied whom: an article that carries another's wording, with the evidence and a confidence.",
        "columns": {
            "id": "Edge id.",
            "from_article_id": "The copying article.",
            "to_article_id": "The article (or earliest carrier) whose wording it carries.",
            "cluster_id": "The wording shared.",
            "via_source_id": "The wire both carry, when the copy came through a wire.",
            "evidence": "In words: the shared insertion, cut point or dates.",
            "confidence": "0 to 1.",
        },
        "facets": ["via_source_id"],
    },
}

VIEWS: dict[str, str] = {
    "quotes_view": "Quotes with speaker, outlet, date, credited medium and wire in one place.",
    "clusters_view": "Clusters with speaker, wording source, origin article and primary source.",
    "statements_view": "Statements with speaker, primary source and first appearance.",
    "copy_edges_view": "Copy edges with both articles' outlets, titles and dates.",
}

QUERIES: dict[str, dict[str, Any]] = {
    "variants_of_a_quote": {
        "title": "Find every variant of a quote",
        "description": "Paste some words of a quote: every cluster containing a matching quote, with all its variants.",
        "sql": """select c.id as cluster_id, q.id as quote_id, q.text, sp.name as speaker, o.name as outlet,
       a.published, cs.name as credited_source, ws.name as wording_source
from quotes q
join clusters c on c.id = q.cluster_id
join articles a on a.id = q.article_id
left join outlets o on o.id = a.outlet_id
left join speakers sp on sp.id = q.speaker_id
left join sources cs on cs.id = q.credited_source_id
left join sources ws on ws.id = c.wording_source_id
where q.cluster_id in (
  select quotes.cluster_id from quotes_fts join quotes on quotes.rowid = quotes_fts.rowid
  where quotes_fts match escape_fts(:text)
)
order by c.id, a.published, q.id""",
    },
}


def build_metadata(database_name: str = "seeds") -> dict[str, Any]:
    """The whole metadata document for one database."""
    tables: dict[str, Any] = {}
    for name, spec in TABLES.items():
        entry: dict[str, Any] = {"description": spec["description"], "columns": spec["columns"]}
        for k in ("label_column", "facets", "sort_desc", "sort"):
            if k in spec:
                entry[k] = spec[k]
        tables[name] = entry
    for name, description in VIEWS.items():
        tables[name] = {"description": description}
    for hidden in ("_provenance", "quotes_fts", "articles_fts"):
        tables.setdefault(hidden, {})["hidden"] = True
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "license": "Code: Apache-2.0. Article texts belong to their publishers.",
        "license_url": "https://www.apache.org/licenses/LICENSE-2.0",
        "source": "provenance pipeline over news articles",
        "source_url": "https://github.com/provenance-news/provenance",
        "databases": {database_name: {"tables": tables, "queries": QUERIES}},
    }


def write_metadata(path: str | Path, database_name: str = "seeds") -> None:
    Path(path).write_text(json.dumps(build_metadata(database_name), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
