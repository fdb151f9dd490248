"""The Datasette metadata: generated from one place, in step with the
repository's datasette-metadata.json, and true to the real schema."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from provenance.site.metadata import (
    QUERIES,
    TABLES,
    VIEWS,
    build_metadata,
    configuration,
    descriptions,
    internal_tables,
    metadata_json,
    schema_tables,
)
from provenance.store import open_database

ROOT = Path(__file__).resolve().parent.parent


def test_the_repository_file_is_the_generated_metadata():
    on_disk = (ROOT / "datasette-metadata.json").read_text(encoding="utf-8")
    assert on_disk == metadata_json("seeds"), "run `provenance metadata` (or `make metadata`) and commit the file"


def test_title_description_licence_and_source_are_set_and_warn_about_machine_extraction():
    meta = build_metadata("news")
    for key in ("title", "description", "license", "license_url", "source"):
        assert meta[key], key
    assert "machine-extracted" in meta["description"].lower() or "extracted by a program" in meta["description"]
    assert "check the original article" in meta["description"].lower()
    assert set(meta["databases"]) == {"news"}


@pytest.fixture
def empty_db(tmp_path) -> Path:
    path = tmp_path / "empty.db"
    open_database(path).conn.close()
    return path


def _columns(conn: sqlite3.Connection, name: str) -> list[str]:
    return [row[1] for row in conn.execute(f"pragma table_info([{name}])")]


def test_every_table_view_and_column_of_the_real_schema_is_described(empty_db):
    conn = sqlite3.connect(empty_db)
    hidden = set(internal_tables())
    tables = descriptions("empty")["databases"]["empty"]["tables"]
    shown = [
        name
        for (name,) in conn.execute("select name from sqlite_master where type in ('table', 'view')")
        if name not in hidden
    ]
    assert {"quotes", "clusters", "statements", "quotes_view"} <= set(shown)
    for name in shown:
        assert name in tables, f"{name} has no description in provenance/metadata.py"
        assert tables[name]["description"]
        missing = [c for c in _columns(conn, name) if c not in tables[name]["columns"]]
        assert not missing, f"{name}: no description for {missing}"
        stale = [c for c in tables[name]["columns"] if c not in _columns(conn, name)]
        assert not stale, f"{name}: described columns that do not exist: {stale}"


def test_facets_sorts_labels_and_search_name_real_columns(empty_db):
    conn = sqlite3.connect(empty_db)
    config = configuration("empty")["databases"]["empty"]["tables"]
    for name, spec in config.items():
        if spec.get("hidden"):
            continue
        cols = _columns(conn, name)
        for facet in spec.get("facets", []):
            assert facet in cols, f"{name}: facet on missing column {facet}"
        for key in ("sort", "sort_desc", "label_column", "fts_pk"):
            if key in spec:
                assert spec[key] in cols, f"{name}: {key} names missing column {spec[key]}"
        if "fts_table" in spec:
            assert conn.execute("select 1 from sqlite_master where name = ?", (spec["fts_table"],)).fetchone()


def test_internal_tables_are_hidden():
    config = configuration()["databases"]["seeds"]["tables"]
    for name in ("_provenance", "quotes_fts", "quotes_fts_data", "articles_fts_idx", "articles_fts_docsize"):
        assert config[name] == {"hidden": True}
    assert all(not t.startswith("_") for t in TABLES)
    assert "_provenance" in schema_tables()


def test_the_facets_a_journalist_needs_are_offered():
    config = configuration()["databases"]["seeds"]["tables"]
    assert {"outlet", "speaker", "credited_source", "kind", "wire"} <= set(config["quotes_view"]["facets"])
    assert {"outlet_id", "wire_source_id"} <= set(config["articles"]["facets"])
    assert "kind" in config["sources"]["facets"]


def test_canned_queries_take_named_parameters():
    wanted = {
        "variants_of_a_quote": "text",
        "quotes_by_a_speaker": "speaker",
        "quotes_credited_to_a_medium": "medium",
        "altered_quotes": "speaker",
        "outlets_carrying_a_wire": "wire",
    }
    for name, param in wanted.items():
        assert f":{param}" in QUERIES[name]["sql"], name
        assert QUERIES[name]["title"] and QUERIES[name]["description"]


def test_descriptions_and_configuration_are_the_two_halves_of_the_metadata():
    meta = build_metadata("x")
    desc, conf = descriptions("x"), configuration("x")
    assert "queries" not in json.dumps(desc)
    assert "description" not in json.dumps(conf["databases"]["x"]["tables"])
    assert meta["databases"]["x"]["queries"] == conf["databases"]["x"]["queries"]
    for view in VIEWS:
        assert meta["databases"]["x"]["tables"][view]["description"] == VIEWS[view]["description"]
