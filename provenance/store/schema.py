"""The database contract (DESIGN.md), as SQL.

Columns named in the contract keep their names and meanings; the rest are
ours. Foreign keys let Datasette show labels.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

#: Tables every provenance database has: a file without them is not one.
REQUIRED_TABLES = frozenset({"articles", "quotes", "clusters", "statements"})

TABLES = """
CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT,
    key TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS outlets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    outlet_id INTEGER REFERENCES outlets(id),
    title TEXT,
    published TEXT,
    url TEXT,
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    wire_source_id INTEGER REFERENCES sources(id),
    wire_evidence TEXT,
    meta TEXT,
    added TEXT,
    outlet_from TEXT,
    title_from TEXT,
    published_from TEXT
);
CREATE TABLE IF NOT EXISTS speakers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS statements (
    id INTEGER PRIMARY KEY,
    speaker_id INTEGER REFERENCES speakers(id),
    primary_source_id INTEGER REFERENCES sources(id),
    first_quote_id INTEGER REFERENCES quotes(id),
    label TEXT,
    evidence TEXT,
    cluster_count INTEGER,
    quote_count INTEGER
);
CREATE TABLE IF NOT EXISTS clusters (
    id INTEGER PRIMARY KEY,
    statement_id INTEGER REFERENCES statements(id),
    canonical_text TEXT,
    origin_quote_id INTEGER REFERENCES quotes(id),
    wording_source_id INTEGER REFERENCES sources(id),
    origin_evidence TEXT,
    quote_count INTEGER,
    article_count INTEGER,
    first_published TEXT
);
CREATE TABLE IF NOT EXISTS quotes (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind TEXT NOT NULL,
    speaker_id INTEGER REFERENCES speakers(id),
    speaker_mention TEXT,
    cue TEXT,
    credited_source_id INTEGER REFERENCES sources(id),
    credited_mention TEXT,
    cluster_id INTEGER REFERENCES clusters(id),
    pieces TEXT
);
CREATE TABLE IF NOT EXISTS copy_edges (
    id INTEGER PRIMARY KEY,
    from_article_id INTEGER NOT NULL REFERENCES articles(id),
    to_article_id INTEGER NOT NULL REFERENCES articles(id),
    cluster_id INTEGER REFERENCES clusters(id),
    via_source_id INTEGER REFERENCES sources(id),
    evidence TEXT NOT NULL,
    confidence REAL NOT NULL,
    direction_known INTEGER
);
CREATE TABLE IF NOT EXISTS _provenance (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE INDEX IF NOT EXISTS idx_articles_outlet ON articles(outlet_id);
CREATE INDEX IF NOT EXISTS idx_articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS idx_quotes_article ON quotes(article_id);
CREATE INDEX IF NOT EXISTS idx_quotes_cluster ON quotes(cluster_id);
CREATE INDEX IF NOT EXISTS idx_quotes_speaker ON quotes(speaker_id);
CREATE INDEX IF NOT EXISTS idx_quotes_credited ON quotes(credited_source_id);
CREATE INDEX IF NOT EXISTS idx_clusters_statement ON clusters(statement_id);
CREATE INDEX IF NOT EXISTS idx_copy_edges_from ON copy_edges(from_article_id);
CREATE INDEX IF NOT EXISTS idx_copy_edges_to ON copy_edges(to_article_id);
CREATE INDEX IF NOT EXISTS idx_copy_edges_cluster ON copy_edges(cluster_id);
-- Clustering state (provenance.clustering.core), kept so 'add' only recomputes what
-- new quotes touch. _match_phrases: one distinct wording and its links;
-- _match_quotes: the phrase of each quote; _match_postings: blocking keys
-- (token shingles, spans, speaker x content stem) -> phrases, with the ones added
-- since the last merge in _match_postings_recent (a small table, so adding a
-- day writes few pages); _match_formulas: keys held by too many phrases to
-- propose anything.
CREATE TABLE IF NOT EXISTS _match_phrases (
    id INTEGER PRIMARY KEY,
    key INTEGER NOT NULL UNIQUE,
    norm TEXT NOT NULL,
    elisions TEXT,
    breaks TEXT,
    speakers TEXT,
    names TEXT,
    published TEXT,
    article_id INTEGER,
    parent_id INTEGER,
    statement_parent_id INTEGER,
    tied INTEGER,
    cluster_id INTEGER,
    statement_id INTEGER,
    commas TEXT
);
CREATE INDEX IF NOT EXISTS idx_match_phrases_cluster ON _match_phrases(cluster_id);
CREATE INDEX IF NOT EXISTS idx_match_phrases_statement ON _match_phrases(statement_id);
CREATE TABLE IF NOT EXISTS _match_quotes (
    quote_id INTEGER PRIMARY KEY,
    phrase_id INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_match_quotes_phrase ON _match_quotes(phrase_id);
CREATE TABLE IF NOT EXISTS _match_postings (
    key INTEGER NOT NULL,
    phrase_id INTEGER NOT NULL,
    size INTEGER NOT NULL,  -- tokens in the phrase's wording (short ones match on fewer keys)
    PRIMARY KEY (key, phrase_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS _match_postings_recent (
    key INTEGER NOT NULL,
    phrase_id INTEGER NOT NULL,
    size INTEGER NOT NULL,  -- tokens in the phrase's wording (short ones match on fewer keys)
    PRIMARY KEY (key, phrase_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS _match_formulas (
    key INTEGER PRIMARY KEY
);
"""

#: How a quote reaches its article (a), outlet (o), speaker (sp), the
#: medium it is credited to (cs) and the wire its article carries (wire).
#: Every query over quotes joins through this one text, with these aliases.
QUOTE_JOINS = """from quotes q
join articles a on a.id = q.article_id
left join outlets o on o.id = a.outlet_id
left join speakers sp on sp.id = q.speaker_id
left join sources cs on cs.id = q.credited_source_id
left join sources wire on wire.id = a.wire_source_id"""

#: How a statement (st) reaches its speaker (ssp) and primary source (ps).
STATEMENT_LINKS = """left join speakers ssp on ssp.id = st.speaker_id
left join sources ps on ps.id = st.primary_source_id"""
STATEMENT_JOINS = "from statements st\n" + STATEMENT_LINKS

#: How a cluster (c) reaches its statement (st, and on as above) and its
#: wording source (wsrc).
CLUSTER_LINKS = (
    "left join statements st on st.id = c.statement_id\n"
    + STATEMENT_LINKS
    + "\nleft join sources wsrc on wsrc.id = c.wording_source_id"
)
CLUSTER_JOINS = "from clusters c\n" + CLUSTER_LINKS

#: The common joins, so users rarely need to write them: each is kept as a
#: table of the same name (provenance.store.serving), written at build and
#: add time, so a page of it never joins a million rows.
VIEWS = {
    "quotes_view": f"""
        select q.id, q.text, q.kind, sp.name as speaker, q.speaker_mention, q.cue,
               cs.name as credited_source, o.name as outlet, a.published, a.title as article,
               a.url, wire.name as wire, q.cluster_id, c.statement_id, q.article_id
        {QUOTE_JOINS}
        left join clusters c on c.id = q.cluster_id
    """,
    "clusters_view": f"""
        select c.id, c.canonical_text, c.quote_count, c.article_count, c.first_published,
               ssp.name as speaker, wsrc.name as wording_source, c.origin_quote_id,
               oa.title as origin_article, oo.name as origin_outlet, c.origin_evidence,
               c.statement_id, ps.name as primary_source
        {CLUSTER_JOINS}
        left join quotes oq on oq.id = c.origin_quote_id
        left join articles oa on oa.id = oq.article_id
        left join outlets oo on oo.id = oa.outlet_id
    """,
    "statements_view": f"""
        select st.id, st.label, ssp.name as speaker, ps.name as primary_source, st.evidence,
               st.cluster_count, st.quote_count, st.first_quote_id,
               fa.published as first_published, fo.name as first_outlet
        {STATEMENT_JOINS}
        left join quotes fq on fq.id = st.first_quote_id
        left join articles fa on fa.id = fq.article_id
        left join outlets fo on fo.id = fa.outlet_id
    """,
    "copy_edges_view": """
        select e.id, fo.name as copier_outlet, fa.title as copier_article, fa.published as copier_published,
               tob.name as source_outlet, ta.title as source_article, ta.published as source_published,
               vs.name as via, e.evidence, e.confidence, e.direction_known, e.cluster_id, e.from_article_id,
               e.to_article_id
        from copy_edges e
        join articles fa on fa.id = e.from_article_id
        join articles ta on ta.id = e.to_article_id
        left join outlets fo on fo.id = fa.outlet_id
        left join outlets tob on tob.id = ta.outlet_id
        left join sources vs on vs.id = e.via_source_id
    """,
}

#: Columns added to the tables above since the first version: a database
#: made before gets them, empty, when opened for writing.
NEW_COLUMNS: dict[str, dict[str, str]] = {
    "copy_edges": {"direction_known": "INTEGER"},
    "articles": {"outlet_from": "TEXT", "title_from": "TEXT", "published_from": "TEXT"},
}
#: The columns the site facets by (datasette-metadata.json): indexed, and
#: counted per value at write time (provenance.store.serving).
FACETS = {
    "articles": ["outlet_id", "wire_source_id"],
    "sources": ["kind"],
    "quotes": ["kind", "speaker_id", "credited_source_id"],
    "clusters": ["wording_source_id"],
    "statements": ["primary_source_id", "speaker_id"],
    "copy_edges": ["via_source_id", "direction_known"],
    "quotes_view": ["outlet", "speaker", "credited_source", "kind", "wire"],
    "clusters_view": ["speaker", "wording_source", "origin_outlet"],
    "statements_view": ["speaker", "primary_source"],
    "copy_edges_view": ["copier_outlet", "source_outlet", "via", "direction_known"],
}
#: The column each table's page is sorted by (descending) other than by
#: id: indexed, and after each facet column (a facet value picked, the page
#: reads its first rows in order from the index).
SORTS = {
    "articles": "published",
    "clusters": "quote_count",
    "statements": "quote_count",
    "copy_edges": "confidence",
    "clusters_view": "quote_count",
    "statements_view": "quote_count",
    "copy_edges_view": "confidence",
}

#: Full-text search: table -> columns (porter stemming).
FTS = {
    "quotes": ["text", "speaker_mention"],
    "articles": ["title", "text"],
}
