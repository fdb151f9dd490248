"""What the site reads instead of joining and counting a million rows
(provenance.store.serving): the view tables hold what the views' SQL
gives, and the counts what counting gives, after a build and after every
add; the site's facets, filters, search and .json answer from them."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlencode

import pytest
from datasette.app import Datasette
from fixtures.databases import Said, Story, add_stories

from provenance import store
from provenance.site.metadata import build_metadata
from provenance.site.serve import SETTINGS
from provenance.store.schema import FACETS, VIEWS
from provenance.store.serving import COUNTED, pairs
from provenance.wording import normalize

PORT = (
    "The port will reopen to container ships on the first of May, and the night shifts will return as soon "
    "as the cranes are repaired."
)
FERRY = "We have ordered two electric ferries from the yard in Turku, and they will sail from next spring."


def first_day() -> list[Story]:
    return [
        Story("North Daily", [Said(PORT, "Fikri Isik"), Said(FERRY, "Jonas Berg")], published="2023-04-02"),
        Story("South Herald", [Said(PORT[:60], "Fikri Isik", credited="NTV")], published="2023-04-03"),
        Story("Wire Desk", [Said(FERRY.replace("We have", "We've"), "Jonas Berg")], published="2023-04-04"),
        Story("West Post", [Said("We will continue these talks with the unions.", None)], published="2023-04-05"),
    ]


def second_day() -> list[Story]:
    """A variant earlier than the first wording (the origin moves), a fuller
    name for a speaker (the display name changes), a copy through a wire."""
    return [
        Story(
            "Early Bird",
            [Said(PORT.replace(", and", " ... and"), "Fikri Işık")],
            published="2023-04-01",
            name="early-bird.txt",
        ),
        Story("East Radio", [Said(PORT.replace("cranes", "big cranes"), "Fikri Işık")], published="2023-04-06"),
        Story(
            "Coast Post",
            [Said(FERRY, "Jonas Berg"), Said("Nobody asked the crews about the winter timetable.", "Tomás Brennan")],
            published="2023-04-07",
            wire="AFP",
        ),
    ]


#: Every person's remarks as the speaker page lists them, gathered from the tables.
SPEAKER_REMARKS = """
select sp.id, sv.id, null, sv.first_published, sv.first_quote_id, sv.quote_count
from speakers sp join statements_view sv
  on sv.id in (select id from statements where speaker_id = sp.id
               union select c.statement_id from quotes q join clusters c on c.id = q.cluster_id where q.speaker_id = sp.id)
union all
select distinct q.speaker_id, null, c.id, c.first_published, c.origin_quote_id, c.quote_count
from quotes q join clusters c on c.id = q.cluster_id where q.speaker_id is not null and c.statement_id is null
"""


def table_rows(conn: sqlite3.Connection, sql: str) -> list[tuple]:
    return sorted(conn.execute(sql).fetchall(), key=repr)


def assert_kept_up(path: Path) -> None:
    """Every view table holds what its view's SQL gives now; every count
    and facet-value count is what counting gives."""
    conn = sqlite3.connect(path)
    try:
        for name, sql in VIEWS.items():
            assert conn.execute("select type from sqlite_master where name = ?", (name,)).fetchone() == ("table",)
            assert table_rows(conn, f"select * from [{name}]") == table_rows(conn, sql), name
        kept = {(t, c, v): n for t, c, v, n in conn.execute("select tbl, col, value, n from _counts")}
        counted = {}
        for table in [*COUNTED, *VIEWS]:
            counted[(table, "", "")] = conn.execute(f"select count(*) from [{table}]").fetchone()[0]
            for col in FACETS.get(table, []):
                for value, n in conn.execute(
                    f"select [{col}], count(*) from [{table}] where [{col}] is not null group by 1"
                ):
                    counted[(table, col, value)] = n
        assert {k: n for k, n in kept.items() if n} == {k: n for k, n in counted.items() if n}
        kept_pairs = {k[:-1]: k[-1] for k in conn.execute("select tbl, col, value, col2, value2, n from _pair_counts")}
        counted_pairs = {}
        for table in [*COUNTED, *VIEWS]:
            for a, b in pairs(table):
                for va, vb, n in conn.execute(
                    f"select [{a}], [{b}], count(*) from [{table}] where [{a}] is not null and [{b}] is not null"
                    " group by 1, 2"
                ):
                    counted_pairs[(table, a, va, b, vb)] = n
        assert {k: n for k, n in kept_pairs.items() if n} == counted_pairs
        conn.create_function("norm", 1, normalize)
        differ = conn.execute(
            "select q.id from quotes q join clusters c on c.id = q.cluster_id join quotes oq on oq.id = c.origin_quote_id"
            " where c.quote_count > 1 and q.id != oq.id and norm(q.text) != norm(oq.text)"
        ).fetchall()
        assert set(differ) == set(conn.execute("select quote_id from _variants").fetchall())
        assert table_rows(conn, "select * from _speaker_remarks") == table_rows(conn, SPEAKER_REMARKS)
        assert not conn.execute("select count(*) from _dirty").fetchone()[0], "changes left unrefreshed"
    finally:
        conn.close()


def test_the_view_tables_and_counts_are_right_after_a_build_and_after_each_add(tmp_path):
    db = tmp_path / "news.db"
    add_stories(db, first_day())
    assert_kept_up(db)
    add_stories(db, second_day())
    assert_kept_up(db)
    conn = sqlite3.connect(db)
    speakers = {r[0] for r in conn.execute("select speaker from quotes_view where speaker is not null")}
    origin = conn.execute(
        "select origin_outlet from clusters_view where canonical_text like 'The port will reopen%' "
        "order by quote_count desc"
    ).fetchone()[0]
    conn.close()
    assert "Fikri Isik" not in speakers and "Fikri Işık" in speakers  # the renamed speaker, on every row
    assert origin == "Early Bird"  # the origin moved to the earlier variant
    add_stories(db, [Story("Late Edition", [Said(PORT, "Fikri Işık")], published="2023-04-09")])
    assert_kept_up(db)


def test_rows_changed_outside_build_and_add_are_picked_up_by_the_next_refresh(tmp_path):
    db = tmp_path / "news.db"
    add_stories(db, first_day())
    conn = store.open_database(db).conn
    conn.execute("update outlets set name = 'North Daily News' where name = 'North Daily'")
    conn.execute("delete from copy_edges")
    conn.execute("delete from quotes where text like 'We will continue%'")
    store.serving.refresh(store.open_database(db))  # a refresh in another connection sees the same notes
    conn.close()
    assert_kept_up(db)


def test_optimize_turns_an_older_database_with_views_into_one_with_view_tables(tmp_path):
    db = tmp_path / "old.db"
    add_stories(db, first_day() + second_day())
    conn = sqlite3.connect(db, isolation_level=None)
    for name, sql in VIEWS.items():  # as databases were before the view tables
        conn.execute(f"drop table [{name}]")
        conn.execute(f"create view [{name}] as {sql}")
    for table in ("_counts", "_pair_counts", "_dirty", "_variants", "_speaker_remarks"):
        conn.execute(f"drop table [{table}]")
    for (trigger,) in conn.execute(
        "select name from sqlite_master where type = 'trigger' and name like '\\_%' escape '\\'"
    ).fetchall():
        conn.execute(f"drop trigger [{trigger}]")
    conn.close()
    store.optimize(db)
    assert_kept_up(db)


@pytest.fixture
def news_db(tmp_path) -> Path:
    db = tmp_path / "news.db"
    add_stories(db, first_day() + second_day())
    return db


def datasette_for(path: Path) -> Datasette:
    return Datasette(files=[str(path)], metadata=build_metadata(path.stem), settings=SETTINGS)  # as serve does


async def get_json(ds: Datasette, path: str) -> dict:
    response = await ds.client.get(path)
    assert response.status_code == 200, f"{path}: HTTP {response.status_code}\n{response.text[:500]}"
    return response.json()


async def test_facets_counts_filters_and_search_answer_as_counting_would(news_db):
    ds = datasette_for(news_db)
    conn = sqlite3.connect(news_db)
    for table in ("quotes", "quotes_view", "clusters_view", "articles"):
        data = await get_json(ds, f"/news/{table}.json?_shape=objects")  # _shape=objects keeps the counts
        assert data["filtered_table_rows_count"] == conn.execute(f"select count(*) from [{table}]").fetchone()[0]
        for col in FACETS[table]:
            shown = {v["value"]: v["count"] for v in data["facet_results"][col]["results"]}
            live = dict(
                conn.execute(f"select [{col}], count(*) from [{table}] where [{col}] is not null group by 1").fetchall()
            )
            assert shown == live, (table, col)
    # every facet value picked: its count, and every facet over those rows, as counting gives
    for table in ("quotes", "quotes_view", "clusters_view", "statements_view", "copy_edges_view", "articles"):
        for picked in FACETS[table]:
            for (value,) in conn.execute(f"select distinct [{picked}] from [{table}] where [{picked}] is not null"):
                data = await get_json(ds, f"/news/{table}.json?_shape=objects&" + urlencode({picked: value}))
                where = f"from [{table}] where [{picked}] = ?"
                assert (
                    data["filtered_table_rows_count"]
                    == conn.execute(f"select count(*) {where}", (value,)).fetchone()[0]
                )
                for col in FACETS[table]:
                    shown = {v["value"]: v["count"] for v in data["facet_results"][col]["results"]}
                    live = dict(
                        conn.execute(f"select [{col}], count(*) {where} and [{col}] is not null group by 1", (value,))
                    )
                    assert shown == live, (table, picked, value, col)
    # a facet value picked: its count, and the other facets over those rows
    data = await get_json(ds, "/news/quotes_view.json?_shape=objects&outlet=Coast+Post")
    assert data["filtered_table_rows_count"] == 2
    assert {v["value"] for v in data["facet_results"]["speaker"]["results"]} == {"Jonas Berg", "Tomás Brennan"}
    data = await get_json(ds, "/news/quotes.json?_shape=objects&kind=full")
    assert (
        data["filtered_table_rows_count"]
        == conn.execute("select count(*) from quotes where kind = 'full'").fetchone()[0]
    )
    speaker_id = conn.execute("select id from speakers where name = 'Jonas Berg'").fetchone()[0]
    data = await get_json(ds, f"/news/quotes.json?_shape=objects&speaker_id={speaker_id}")
    assert data["filtered_table_rows_count"] == 3
    # search, with and without a facet value
    data = await get_json(ds, "/news/quotes_view.json?_shape=objects&_search=ferries")
    assert {r["speaker"] for r in data["rows"]} == {"Jonas Berg"} and data["filtered_table_rows_count"] == 3
    data = await get_json(ds, "/news/quotes_view.json?_shape=objects&_search=ferries&outlet=Coast+Post")
    assert data["filtered_table_rows_count"] == 1
    csv = (await ds.client.get("/news/quotes_view.csv?_search=port&_size=max")).text
    assert csv.count("The port will reopen") == 4
    conn.close()


async def test_a_table_page_reads_its_counts_instead_of_counting(news_db):
    conn = sqlite3.connect(news_db)
    conn.execute("update _counts set n = 4242 where tbl = 'quotes_view' and col = ''")
    conn.execute("update _counts set n = 77 where tbl = 'quotes_view' and col = 'outlet' and value = 'Coast Post'")
    conn.execute(
        "update _pair_counts set n = 55 where tbl = 'quotes_view' and col = 'outlet' and value = 'Coast Post'"
        " and col2 = 'speaker' and value2 = 'Jonas Berg'"
    )
    conn.commit()
    conn.close()
    ds = datasette_for(news_db)
    data = await get_json(ds, "/news/quotes_view.json?_shape=objects")
    assert data["filtered_table_rows_count"] == 4242
    assert {v["value"]: v["count"] for v in data["facet_results"]["outlet"]["results"]}["Coast Post"] == 77
    assert "4,242 rows" in (await ds.client.get("/news/quotes_view")).text
    data = await get_json(ds, "/news/quotes_view.json?_shape=objects&outlet=Coast+Post")
    assert data["filtered_table_rows_count"] == 77
    assert {v["value"]: v["count"] for v in data["facet_results"]["speaker"]["results"]}["Jonas Berg"] == 55


async def test_a_search_keeps_the_latest_matches(news_db, monkeypatch):
    monkeypatch.setattr("provenance.site.search.SEARCH_LIMIT", 2)
    ds = datasette_for(news_db)
    conn = sqlite3.connect(news_db)
    latest = [
        r[0] for r in conn.execute("select rowid from quotes_fts where quotes_fts match 'port' order by rowid desc")
    ]
    conn.close()
    data = await get_json(ds, "/news/quotes_view.json?_shape=objects&_search=port")
    assert len(latest) == 4 and sorted(r["id"] for r in data["rows"]) == sorted(latest[:2])
    assert data["filtered_table_rows_count"] == 2
    assert "the latest 2 matches" in (await ds.client.get("/news/quotes?_search=port")).text


async def test_altered_quotes_finds_a_variant_added_later(news_db):
    ds = datasette_for(news_db)
    rows = (await get_json(ds, "/news/altered_quotes.json?_shape=objects&speaker=isik"))["rows"]
    assert any("big cranes" in r["variant"] and r["change"] == "changed" for r in rows)
    add_stories(news_db, [Story("Late Edition", [Said(PORT.replace("night", "late"), "Fikri Işık")])])
    rows = (await get_json(datasette_for(news_db), "/news/altered_quotes.json?_shape=objects&speaker="))["rows"]
    assert any("late shifts" in r["variant"] for r in rows)


async def test_the_database_page_lists_the_hidden_tables_without_counting_them(news_db):
    conn = sqlite3.connect(news_db)
    conn.execute("analyze")
    conn.execute("update sqlite_stat1 set stat = '12345 1' where tbl = '_match_postings'")
    conn.commit()
    conn.close()
    ds = datasette_for(news_db)
    assert "hidden table" in (await ds.client.get("/news")).text
    assert "12,345 rows" in (await ds.client.get("/news?_show_hidden=1")).text


async def test_a_schema_changed_while_serving_shows_on_the_next_page(news_db):
    """The site keeps what it learns of the schema only while the schema
    stays the same: a column or table added by a later version's add shows."""
    ds = datasette_for(news_db)
    before = await get_json(ds, "/news/outlets.json?_shape=objects")
    assert "country" not in before["columns"]
    conn = sqlite3.connect(news_db)
    conn.execute("alter table outlets add column country text")
    conn.execute("update outlets set country = 'FI'")
    conn.execute("create table corrections (id integer primary key, note text)")
    conn.commit()
    conn.close()
    after = await get_json(ds, "/news/outlets.json?_shape=objects")
    assert "country" in after["columns"] and {r["country"] for r in after["rows"]} == {"FI"}
    assert (await ds.client.get("/news/corrections")).status_code == 200
    assert "corrections" in (await ds.client.get("/news")).text


def test_an_add_that_touches_a_few_remarks_rewrites_only_theirs(tmp_path):
    """A small add refreshes the rows it touches (not all of them): the
    remarks of the people it quotes, a remark that gains a wording."""
    db = tmp_path / "news.db"
    places = ["harbour", "library", "stadium", "bridge", "airport", "hospital", "tram line", "market hall"]
    plans = ["rebuilt in stone", "closed for a year", "sold to the county", "opened at night", "painted green"]
    others = [
        Story(f"Paper {n}", [Said(f"The {place} will be {plan} before the winter, we promise.", f"Ana Vell{n}")])
        for n, (place, plan) in enumerate((place, plan) for place in places for plan in plans)
    ]
    add_stories(db, first_day() + second_day() + others)
    assert_kept_up(db)
    later = [
        Story("Late Edition", [Said(PORT, "Fikri Işık")], published="2023-04-09"),
        Story(
            "Night Desk",
            [Said("The market hall will be painted green before the winter.", "Ana Vell39")],
            published="2023-04-10",
        ),
    ]
    add_stories(db, later)
    assert_kept_up(db)


def test_optimize_merges_each_full_text_index_into_one_segment_that_still_finds_every_quote(tmp_path):
    db = tmp_path / "news.db"
    for story in first_day() + second_day():  # one add each: an index of several segments
        add_stories(db, [story])
    store.optimize(db)
    conn = sqlite3.connect(db)
    try:
        for table in ("quotes", "articles"):
            assert conn.execute(f"select count(distinct segid) from {table}_fts_idx").fetchone()[0] == 1
        found = conn.execute("select count(*) from quotes_fts where quotes_fts match 'cranes'").fetchone()[0]
        assert found == conn.execute("select count(*) from quotes where text like '%cranes%'").fetchone()[0] > 1
    finally:
        conn.close()


async def test_a_table_closed_by_the_metadata_stays_closed_and_facet_links_are_whole(news_db):
    """What the site keeps of Datasette's per-page answers (which tables a
    visitor may see, each facet value's link) gives what Datasette gives:
    a table the metadata closes is closed on every visit, a root visitor
    sees it, and each facet value links to the page with that value picked."""
    meta = build_metadata(news_db.stem)
    meta["databases"]["news"]["tables"]["speakers"]["allow"] = {"id": "root"}
    ds = Datasette(files=[str(news_db)], metadata=meta, settings=SETTINGS)
    for _ in range(2):
        assert (await ds.client.get("/news/speakers")).status_code == 403
        assert (await ds.client.get("/news/outlets")).status_code == 200
    root = {"ds_actor": ds.sign({"a": {"id": "root"}}, "actor")}
    assert (await ds.client.get("/news/speakers", cookies=root)).status_code == 200
    data = await get_json(ds, "/news/quotes_view.json?_shape=objects")
    links = {v["value"]: v["toggle_url"] for v in data["facet_results"]["outlet"]["results"]}
    assert links["Coast Post"] == "http://localhost/news/quotes_view.json?_shape=objects&outlet=Coast+Post"
