"""The Datasette site: every table, view, canned query and page answers on
the seeds and on an empty database, with our metadata; links, JSON, and
untrusted article text escaped."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest
from datasette.app import Datasette
from fixtures.databases import Row, build_db, build_ferry_db

from provenance.site.metadata import QUERIES, build_metadata, internal_tables
from provenance.site.serve import SETTINGS, make_datasette
from provenance.store import open_database

TRIMMED_SEED = "We are pushing ahead with proactive work in this direction"
HOSTILE = (
    'We will <script>window.pwned = 1</script> win this vote <img src=x onerror="window.pwned = 2"> '
    "and nobody can stop us"
)


def datasette_for(*paths: Path) -> Datasette:
    """Datasette on these databases, with our metadata for each."""
    meta = build_metadata(paths[0].stem)
    for path in paths[1:]:
        meta["databases"].update(build_metadata(path.stem)["databases"])
    return Datasette([str(p) for p in paths], metadata=meta, settings=SETTINGS)


@pytest.fixture
def empty_db(tmp_path) -> Path:
    path = tmp_path / "empty.db"
    open_database(path).conn.close()
    return path


@pytest.fixture
def hostile_db(tmp_path) -> Path:
    return build_db(
        tmp_path / "hostile.db",
        [
            Row(
                "Evil Times",
                HOSTILE,
                "Mallory <b>Bold</b>",
                url="javascript:window.pwned=3",
                title="<script>window.pwned = 4</script>",
            ),
            Row("Copy Daily", "win this vote and nobody can stop us", "Mallory <b>Bold</b>"),
        ],
        copies=[(1, 0, "copied <script>window.pwned = 5</script>")],
    )


def visible_tables_and_views(path: Path) -> list[str]:
    hidden = set(internal_tables())
    with sqlite3.connect(path) as conn:
        return [
            n
            for (n,) in conn.execute("select name from sqlite_master where type in ('table', 'view')")
            if n not in hidden and not n.startswith("sqlite_")
        ]


def ids(path: Path, table: str) -> list[int]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute(f"select id from {table} order by id")]


async def assert_ok(ds: Datasette, path: str) -> str:
    response = await ds.client.get(path)
    assert response.status_code == 200, f"{path}: HTTP {response.status_code}\n{response.text[:500]}"
    return response.text


def every_page(path: Path) -> list[str]:
    name = path.stem
    pages = [
        "/",
        f"/{name}",
        "/-/check",
        f"/-/check?q={quote(TRIMMED_SEED)}",
        f"/-/check.json?q={quote(TRIMMED_SEED)}",
        f"/-/check.csv?q={quote(TRIMMED_SEED)}",
        f"/-/check?q={quote(TRIMMED_SEED)}&print=1",
        f"/-/check?q=&db={name}",
        "/-/static-plugins/provenance/provenance.css",
        "/-/metadata.json",
        "/-/plugins.json",
    ]
    for table in visible_tables_and_views(path):
        pages += [f"/{name}/{table}", f"/{name}/{table}.json"]
    for query in QUERIES:
        pages += [
            f"/{name}/{query}",
            f"/{name}/{query}?text=talks&speaker=isik&medium=ntv&wire=tass",
            f"/{name}/{query}.json?text=Russia&speaker=a&medium=a&wire=a",
        ]
    for cid in ids(path, "clusters"):
        pages += [f"/-/cluster/{name}/{cid}", f"/-/cluster/{name}/{cid}.json"]
    for sid in ids(path, "statements"):
        pages += [f"/-/statement/{name}/{sid}", f"/-/statement/{name}/{sid}.json"]
    for aid in ids(path, "articles"):
        pages += [f"/-/article/{name}/{aid}", f"/-/article/{name}/{aid}.json", f"/{name}/articles/{aid}"]
    for pid in ids(path, "speakers"):
        pages += [f"/-/speaker/{name}/{pid}", f"/-/speaker/{name}/{pid}.json", f"/{name}/speakers/{pid}"]
    for qid in ids(path, "quotes")[:3]:
        pages.append(f"/{name}/quotes/{qid}")
    return pages


async def test_every_table_view_query_and_page_answers_on_the_seeds(seeds_db):
    ds = datasette_for(seeds_db)
    pages = every_page(seeds_db)
    for kind in ("cluster", "statement", "article", "speaker"):
        assert any(f"/-/{kind}/" in p for p in pages), kind
    for page in pages:
        await assert_ok(ds, page)


async def test_every_table_view_query_and_page_answers_on_an_empty_database(empty_db):
    ds = datasette_for(empty_db)
    for page in every_page(empty_db):
        await assert_ok(ds, page)
    data = (await ds.client.get("/-/check.json?q=anything+at+all")).json()
    assert data["verdict"] == "not found"


async def test_the_real_metadata_applies_to_the_real_schema(seeds_db):
    ds = datasette_for(seeds_db)
    index = await assert_ok(ds, "/")
    assert "always check the original article" in index.lower()
    quotes_view = await assert_ok(ds, "/seeds/quotes_view")
    for facet in ("outlet", "speaker", "credited_source", "kind", "wire"):
        assert f'data-column="{facet}"' in quotes_view, facet
    assert 'name="_search"' in quotes_view  # full-text search on the view
    assert "The quoted words, without the enclosing marks." in quotes_view  # column description
    articles = await assert_ok(ds, "/seeds/articles")
    assert 'data-column="outlet_id"' in articles
    database = await assert_ok(ds, "/seeds")
    for hidden in ("quotes_fts", "_provenance"):
        assert f'href="/seeds/{hidden}"' not in database
    for query in QUERIES:
        assert f"/seeds/{query}" in database


async def test_a_facet_on_a_missing_column_would_break_the_page(seeds_db):
    """The failure the metadata tests guard against, shown once."""
    meta = build_metadata("seeds")
    meta["databases"]["seeds"]["tables"]["quotes"]["facets"] = ["no_such_column"]
    ds = Datasette([str(seeds_db)], metadata=meta)
    assert (await ds.client.get("/seeds/quotes")).status_code == 400


async def test_wording_cells_link_to_the_cluster_and_statement_pages(seeds_db):
    ds = datasette_for(seeds_db)
    assert re.search(r'href="/-/cluster/seeds/\d+"', await assert_ok(ds, "/seeds/quotes"))
    assert re.search(r'href="/-/cluster/seeds/\d+"', await assert_ok(ds, "/seeds/quotes_view"))
    assert re.search(r'href="/-/cluster/seeds/\d+"', await assert_ok(ds, "/seeds/clusters"))
    assert re.search(r'href="/-/statement/seeds/\d+"', await assert_ok(ds, "/seeds/statements"))
    assert re.search(r'href="/-/cluster/seeds/\d+"', await assert_ok(ds, "/seeds/variants_of_a_quote?text=Russia"))


async def test_the_check_page_has_a_form_and_every_header_links_to_it(empty_db):
    ds = datasette_for(empty_db)
    html = await assert_ok(ds, "/-/check")
    assert '<textarea id="q" name="q"' in html and "Check a quote" in html
    for page in ("/", "/empty", "/empty/quotes", "/empty/quotes_by_a_speaker", "/empty/quotes_view"):
        response = await ds.client.get(page)
        assert '<a class="provenance-check-link" href="/-/check">Check a quote</a>' in response.text, page
    assert 'class="nav-menu"' not in await assert_ok(ds, "/")  # a link in the header, not in a menu


async def test_no_check_link_where_no_provenance_database_is_served(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table t (x)").connection.close()
    ds = Datasette([str(other)])
    assert 'href="/-/check"' not in await assert_ok(ds, "/")
    assert "No provenance database is served here" in await assert_ok(ds, "/-/check?q=anything")


async def test_check_json_finds_a_trimmed_quote_with_links(tmp_path):
    db = build_db(
        tmp_path / "town.db",
        [
            Row("Town Crier", "The bridge will open in May and the tolls will be lifted for a year.", "Ana Ruiz"),
            Row("Valley Post", "The bridge will open in May", "Ana Ruiz"),
        ],
        wording_source={1: "EFE"},
    )
    ds = datasette_for(db)
    data = (await ds.client.get("/-/check.json?q=" + quote("“the tolls will be lifted”"))).json()
    assert data["verdict"] == "trimmed"
    match = data["databases"][0]["matches"][0]
    assert match["speaker"] == "Ana Ruiz" and match["wording_source"] == "EFE"
    assert match["cluster_url"] == "/-/cluster/town/1"
    html = await assert_ok(ds, "/-/check?q=" + quote("the tolls will be lifted"))
    assert "verdict-trimmed" in html and "<del" in html and 'href="/-/cluster/town/1"' in html


async def test_cluster_page_shows_variants_in_time_order_a_graph_and_a_timeline(tmp_path):
    db = build_db(
        tmp_path / "town.db",
        [
            Row(
                "Town Crier",
                "The bridge will open in May and the tolls will be lifted.",
                "Ana Ruiz",
                published="2024-05-02",
                wire="EFE",
            ),
            Row("Valley Post", "The bridge will open in June", "Ana Ruiz", published="2024-05-01"),
            Row("Hill News", "The bridge will open in May", "Ana Ruiz"),
        ],
        wording_source={1: "EFE"},
        copies=[(2, 0, "same cut point")],
    )
    ds = datasette_for(db)
    html = await assert_ok(ds, "/-/cluster/town/1")
    cards = html[html.index("Variants, in time order") :]
    assert cards.index("Valley Post") < cards.index("Town Crier") < cards.index("Hill News")
    assert "<svg" in html and "same cut point" in html and "date unknown" in html
    assert re.search(r"<del title=\"first wording\">May[^<]*</del><ins title=\"variant\">June</ins>", html)
    data = (await ds.client.get("/-/cluster/town/1.json")).json()
    assert [v["outlet"] for v in data["variants"]] == ["Valley Post", "Town Crier", "Hill News"]
    # each labelled against the first wording (the origin, Town Crier's)
    assert [v["change"] for v in data["variants"]] == ["changed", "first wording", "cut"]
    assert data["edges"][0]["evidence"] == "same cut point"
    statement = await assert_ok(ds, "/-/statement/town/1")
    assert 'href="/-/cluster/town/1"' in statement


async def test_pages_for_missing_items_and_foreign_databases_are_404(tmp_path, empty_db):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table t (cluster_id integer)").connection.close()
    ds = datasette_for(empty_db, other)
    assert (await ds.client.get("/-/cluster/empty/1")).status_code == 404
    assert (await ds.client.get("/-/statement/empty/1.json")).status_code == 404
    assert (await ds.client.get("/-/cluster/other/1")).status_code == 404
    assert (await ds.client.get("/-/check?db=other")).status_code == 404
    assert (await ds.client.get("/-/static-plugins/provenance/../__init__.py")).status_code == 404
    html = await assert_ok(ds, "/other/t")
    assert "/-/cluster/" not in html


async def test_sql_functions_compare_wordings(empty_db):
    ds = datasette_for(empty_db)
    sql = (
        "select provenance_compare('We are pushing ahead', 'We are pushing ahead with the work') as c,"
        " provenance_normalize('“Don’t!”') as n, provenance_diff_summary('a b c', 'a x c') as d"
    )
    row = (await ds.client.get("/empty.json?_shape=array&sql=" + quote(sql))).json()[0]
    assert row == {"c": "trimmed", "n": "do not", "d": "1 word changed"}


async def test_hostile_article_text_is_escaped_everywhere(hostile_db):
    ds = datasette_for(hostile_db)
    pages = [
        "/-/check?q=" + quote("We will win this vote and nobody can stop us"),
        "/-/check?q=" + quote(HOSTILE),
        "/-/cluster/hostile/1",
        "/-/statement/hostile/1",
        "/hostile/quotes",
        "/hostile/quotes_view",
        "/hostile/clusters",
        "/hostile/statements",
        "/hostile/variants_of_a_quote?text=vote",
        "/hostile/altered_quotes?speaker=",
        "/-/article/hostile/1",
        "/-/speaker/hostile/1",
        "/hostile/articles",
        "/hostile/articles/1",
    ]
    for page in pages:
        html = await assert_ok(ds, page)
        assert "<script>window" not in html, page
        assert "<img src=x" not in html and "<b>Bold</b>" not in html, page
        assert 'href="javascript:' not in html, page
    cluster = await assert_ok(ds, "/-/cluster/hostile/1")
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in cluster
    assert "onerror=&#34;window.pwned = 2&#34;" in cluster or "onerror=&quot;window.pwned = 2&quot;" in cluster


def test_make_datasette_serves_read_only_with_our_metadata(seeds_db, tmp_path):
    ds = make_datasette(seeds_db)
    db = ds.get_database("seeds")
    assert db.is_mutable is True  # re-read after an add (tests/test_add_while_serving.py)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.connect().execute("create table written (x)")
    assert ds.metadata("title") == build_metadata("seeds")["title"]
    foreign = tmp_path / "meta.json"
    foreign.write_text('{"title": "T", "databases": {"other": {"tables": {}}}}', encoding="utf-8")
    assert "seeds" in make_datasette(seeds_db, metadata=foreign)._metadata_local["databases"]


async def test_the_trimmed_seed_quote_on_the_seeds_site(seeds_db):
    """Depends on every stage of the pipeline working on the seeds."""
    ds = datasette_for(seeds_db)
    data = (await ds.client.get("/-/check.json?q=" + quote(TRIMMED_SEED))).json()
    assert data["verdict"] == "trimmed"
    best = data["databases"][0]["matches"][0]
    assert best["speaker"] == "Fikri Işık" and best["wording_source"] == "TASS"


def test_serve_binds_loopback_by_default(seeds_db, monkeypatch):
    from click.testing import CliRunner

    from provenance.cli import cli

    calls = []
    monkeypatch.setattr("provenance.site.serve.serve_database", lambda path, **kw: calls.append((path, kw)))
    result = CliRunner().invoke(cli, ["serve", str(seeds_db)])
    assert result.exit_code == 0, result.output
    assert calls[0][1]["host"] == "127.0.0.1" and calls[0][1]["port"] == 8001
    CliRunner().invoke(cli, ["serve", str(seeds_db), "--host", "0.0.0.0", "-p", "9000"])
    assert calls[1][1]["host"] == "0.0.0.0" and calls[1][1]["port"] == 9000


# ---------------------------------------------------------------- issue 14 and saving a check (issue 16)


@pytest.fixture
def ferry_db(tmp_path) -> Path:
    return build_ferry_db(tmp_path / "ferry.db")


async def test_the_check_page_names_the_variant_and_says_the_earliest_wording_differs(ferry_db):
    ds = datasette_for(ferry_db)
    paste = (
        'Vladimir Putin on Tuesday: "Our final goal is to run these ferries with our own crews" https://t.co/x1 #ferry'
    )
    data = (await ds.client.get("/-/check.json?q=" + quote(paste))).json()
    assert data["verdict"] == "trimmed"
    assert data["pasted_speaker"] == "Vladimir Putin" and data["speaker_verdict"] == "different"
    result = data["databases"][0]
    assert result["checked"] == "Our final goal is to run these ferries with our own crews"
    assert result["matched_variant"]["outlet"] == "The Daily Herald"
    assert result["matched_variant"]["matches_origin"] is False
    assert "comes from" not in data["explanation"]
    html = await assert_ok(ds, "/-/check?q=" + quote(paste))
    verdicts = html[html.index('class="verdicts"') : html.index('class="explanation"')]
    assert "verdict-trimmed" in verdicts and "as in The Daily Herald, 2024-11-24" in verdicts
    assert "speaker-different" in verdicts
    assert "These words were said by Marta Økland, not Vladimir Putin." in verdicts
    assert "These words are not the earliest wording." in html and "ultimate goal" in html


async def test_a_pasted_paragraph_is_a_list_of_verdicts_on_the_page_and_in_json(ferry_db):
    ds = datasette_for(ferry_db)
    paste = (
        'Minister Marta Økland said: "We are pressing ahead with proactive work on the northern line." '
        'Tomás Brennan replied: "Nobody has asked the crews what they think." '
        'Økland added: "Our ferries will never stop running."'
    )
    data = (await ds.client.get("/-/check.json?q=" + quote(paste))).json()
    quotes = data["databases"][0]["quotes"]
    assert [q["verdict"] for q in quotes] == ["verbatim", "trimmed", "not found"]  # verbatim as in Fjord Times
    assert quotes[1]["matches"][0]["cluster_url"] == "/-/cluster/ferry/2"
    html = await assert_ok(ds, "/-/check?q=" + quote(paste))
    assert html.count('<li class="quotation">') == 3 and "3 quotations checked" in html


async def test_variants_are_labelled_against_the_first_wording_never_not_found(ferry_db):
    ds = datasette_for(ferry_db)
    data = (await ds.client.get("/-/cluster/ferry/1.json")).json()
    labels = {v["outlet"]: v["change"] for v in data["variants"]}
    assert labels == {"Nordic Wire Daily": "first wording", "The Daily Herald": "changed", "Fjord Times": "cut"}
    html = await assert_ok(ds, "/-/cluster/ferry/1")
    assert "relation-changed" in html and "NOT FOUND" not in html.upper().replace("NOT FOUND: NO QUOTE", "")
    statement = (await ds.client.get("/-/statement/ferry/1.json")).json()
    other = next(v for v in statement["variants"] if v["outlet"] == "Harbour Weekly")
    assert other["change"] == "another translation or wording"
    rows = (await ds.client.get("/ferry/altered_quotes.json?_shape=array&speaker=")).json()
    assert {(r["outlet"], r["change"]) for r in rows} == {("The Daily Herald", "changed"), ("Fjord Times", "cut")}


async def test_a_check_result_can_be_saved_as_csv_a_permalink_and_a_print_view(ferry_db):
    ds = datasette_for(ferry_db)
    paste = "Økland: 'Our final goal is to run these ferries with our own crews'"
    html = await assert_ok(ds, "/-/check?q=" + quote(paste) + "&db=ferry")
    permalink = re.search(r'<a href="([^"]+)" rel="bookmark">permalink</a>', html).group(1).replace("&amp;", "&")
    assert permalink.startswith("/-/check?q=") and "db=ferry" in permalink
    again = await assert_ok(ds, permalink)
    assert "as in The Daily Herald" in again
    response = await ds.client.get("/-/check.csv?q=" + quote(paste))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 1
    row = rows[0]
    assert row["verdict"] == "trimmed" and row["speaker_verdict"] == "same"
    assert row["matched_outlet"] == "The Daily Herald" and row["matches_origin_wording"] == "no"
    assert row["cluster_url"] == "/-/cluster/ferry/1" and row["permalink"].startswith("/-/check?q=")
    printed = await assert_ok(ds, "/-/check?q=" + quote(paste) + "&print=1")
    assert "provenance-print" in printed and 'class="check-form"' not in printed
    assert "Checked " in printed and "<details open>" in printed
