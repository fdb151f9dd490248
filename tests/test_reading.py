"""The pages a reporter reads: an article with its quotes, speakers and
cues marked; everything one person said; the home page, table pages and
canned queries laid out for reading, and the links between them."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from fixtures.databases import Row, build_db
from test_plugin import assert_ok, datasette_for

from provenance.site.reading import mark_article


def marked(paragraphs) -> list[list[tuple[str, str | None]]]:
    return [[(s.text, s.kind) for s in para] for para in paragraphs]


def test_an_article_is_cut_into_paragraphs_with_quote_speaker_and_cue_marked():
    text = 'The council met on Monday.\n\n"We will open the harbour in May," the mayor, Ana Ruiz, told reporters.'
    start = text.index("We will")
    quote = {"id": 7, "cluster_id": 3, "start": start, "end": start + 32, "speaker_mention": "Ana Ruiz", "cue": "told"}
    paragraphs = mark_article(text, [quote])
    assert marked(paragraphs) == [
        [("The council met on Monday.", None)],
        [
            ('"', None),
            ("We will open the harbour in May,", "quote"),
            ('" the mayor, ', None),
            ("Ana Ruiz", "speaker"),
            (", ", None),
            ("told", "cue"),
            (" reporters.", None),
        ],
    ]
    assert paragraphs[1][1].cluster_id == 3 and paragraphs[1][1].first


def test_an_interrupted_quote_has_both_pieces_marked_and_one_anchor():
    text = '"The budget," she said, "is balanced."'
    quote = {"id": 1, "start": 1, "end": 36, "pieces": "[[1, 11], [25, 36]]", "speaker_mention": "she", "cue": "said"}
    segments = [s for para in mark_article(text, [quote]) for s in para]
    assert [(s.text, s.kind, s.first) for s in segments if s.kind] == [
        ("The budget", "quote", True),
        ("she", "speaker", False),
        ("said", "cue", False),
        ("is balanced", "quote", False),
    ]


def test_a_speaker_is_marked_near_its_own_quote_not_inside_another():
    text = '"Ruiz is wrong," Li said. "We will vote no," Ruiz said.'
    first = {"id": 1, "start": 1, "end": 14, "speaker_mention": "Li", "cue": "said"}
    second = {"id": 2, "start": 27, "end": 42, "speaker_mention": "Ruiz", "cue": "said"}
    segments = [s for para in mark_article(text, [first, second]) for s in para]
    ruiz = [s for s in segments if s.kind == "speaker" and s.text == "Ruiz"]
    assert len(ruiz) == 1 and ruiz[0].quote_id == 2  # not the "Ruiz" inside the first quote
    assert [s.quote_id for s in segments if s.kind == "cue"] == [1, 2]


@pytest.fixture
def town_db(tmp_path) -> Path:
    return build_db(
        tmp_path / "town.db",
        [
            Row(
                "Town Crier",
                "The bridge will open in May and the tolls will be lifted for a year",
                "Ana Ruiz",
                published="2024-05-02",
                wire="EFE",
                url="https://crier.example/bridge",
                title="Bridge to open",
            ),
            Row("Valley Post", "The bridge will open in May", "Ana Ruiz", published="2024-05-03"),
            Row("Hill News", "The new bridge opens its gates in the month of May", "Ana Ruiz", cluster=2),
            Row(
                "Hill News", "Taxes will not rise this year", "Ana Ruiz", cluster=3, statement=3, published="2024-04-01"
            ),
            Row("Valley Post", "We need more buses", "Omar Haddad", cluster=4, statement=4, published="2024-05-05"),
        ],
        wording_source={1: "EFE"},
        copies=[(1, 0, "the same cut point")],
    )


async def test_the_article_page_shows_the_text_with_its_quotes_marked_and_the_facts_on_top(town_db):
    ds = datasette_for(town_db)
    html = await assert_ok(ds, "/-/article/town/1")
    top = html[: html.index('class="article-text"')]
    for fact in ("Bridge to open", "Town Crier", "2024-05-02", "carries EFE copy", "https://crier.example/bridge"):
        assert fact in top, fact
    assert '<a href="https://crier.example/bridge" rel="nofollow noopener noreferrer">' in top
    text = html[html.index('class="article-text"') :]
    assert re.search(
        r'<a class="quote-link" href="/-/cluster/town/1" id="quote-1"[^>]*><mark class="quote-mark">'
        r"The bridge will open in May and the tolls will be lifted for a year</mark></a>",
        text,
    )
    assert '<span class="speaker-mark" data-quote="1">Ana Ruiz</span>' in text
    assert '<span class="cue-mark" data-quote="1">said</span>' in text
    assert 'href="/-/speaker/town/1"' in text  # the quote list names the speaker with a link
    assert "Its words are carried by" in text and 'href="/-/article/town/2"' in text
    data = (await ds.client.get("/-/article/town/1.json")).json()
    assert data["article"]["outlet"] == "Town Crier" and data["quotes"][0]["cluster_id"] == 1
    assert data["copied_by"][0]["other_id"] == 2 and "paragraphs" not in data


async def test_the_speaker_page_lists_every_remark_in_time_order_with_outlets_and_wordings(town_db):
    ds = datasette_for(town_db)
    html = await assert_ok(ds, "/-/speaker/town/1")
    assert "<h1>Ana Ruiz</h1>" in html and "Omar Haddad" not in html
    assert "2 remarks in 4 quotes from 3 outlets" in html
    remarks = html.split('<section class="remark">')[1:]
    assert "Taxes will not rise" in remarks[0] and "The bridge will open" in remarks[1]  # earliest first
    bridge = remarks[1]
    assert bridge.index("Town Crier") < bridge.index("Valley Post")
    assert re.search(
        r"Valley Post</a> <span class=\"date\">2024-05-03</span> <span class=\"relation relation-cut\">", bridge
    )
    assert "relation-another-translation-or-wording" in bridge and "opens its gates" in bridge  # shown whole
    assert 'href="/-/article/town/3#quote-3"' in bridge and 'href="/-/statement/town/1"' in bridge
    data = (await ds.client.get("/-/speaker/town/1.json")).json()
    assert [r["statement_id"] for r in data["remarks"]] == [3, 1]
    assert [w["change"] for w in data["remarks"][1]["wordings"]] == ["first wording", "another translation or wording"]


async def test_a_busy_speaker_is_read_a_page_of_remarks_at_a_time_in_time_order(town_db, monkeypatch):
    monkeypatch.setattr("provenance.site.reading.REMARKS_PER_PAGE", 1)
    ds = datasette_for(town_db)
    first = (await ds.client.get("/-/speaker/town/1.json")).json()
    second = (await ds.client.get("/-/speaker/town/1.json?page=2")).json()
    assert (first["page"], first["pages"], second["page"]) == (1, 2, 2)
    assert [r["statement_id"] for r in first["remarks"] + second["remarks"]] == [3, 1]  # earliest first
    assert first["remark_count"] == second["remark_count"] == 2 and first["quote_count"] == 4
    assert (first["first_published"], first["last_published"]) == ("2024-04-01", "2024-05-02")
    html = await assert_ok(ds, "/-/speaker/town/1")
    assert "Taxes will not rise" in html and "The bridge will open" not in html
    assert '<a href="?page=2">later remarks</a>' in html


async def test_a_speaker_by_name_and_a_quote_lead_to_their_pages(town_db):
    ds = datasette_for(town_db)
    response = await ds.client.get("/-/speaker/town?name=ana+ruiz")
    assert response.status_code == 302 and response.headers["location"] == "/-/speaker/town/1"
    assert (await ds.client.get("/-/speaker/town?name=nobody")).status_code == 404
    response = await ds.client.get("/-/quote/town/2")
    assert response.status_code == 302 and response.headers["location"] == "/-/article/town/2#quote-2"
    for missing in ("/-/article/town/99", "/-/speaker/town/99", "/-/quote/town/99", "/-/article/nowhere/1"):
        assert (await ds.client.get(missing)).status_code == 404, missing


async def test_tables_views_and_queries_link_articles_and_speakers_to_their_pages(town_db):
    ds = datasette_for(town_db)
    quotes = await assert_ok(ds, "/town/quotes")
    assert re.search(r'<a href="/-/article/town/1">Bridge to open</a>', quotes)
    assert re.search(r'<a href="/-/speaker/town/1">Ana Ruiz</a>', quotes)
    assert '<a href="/-/article/town/1">Bridge to open</a>' in await assert_ok(ds, "/town/articles")
    assert 'href="/-/speaker/town/1"' in await assert_ok(ds, "/town/speakers")
    quotes_view = await assert_ok(ds, "/town/quotes_view")
    assert 'href="/-/speaker/town?name=Ana+Ruiz"' in quotes_view and 'href="/-/article/town/1"' in quotes_view
    assert 'href="/-/quote/town/1"' in await assert_ok(ds, "/town/clusters_view")
    edges = await assert_ok(ds, "/town/copy_edges_view")
    assert 'href="/-/article/town/2"' in edges and 'href="/-/article/town/1"' in edges
    query = await assert_ok(ds, "/town/quotes_by_a_speaker?speaker=ruiz")
    assert 'href="/-/quote/town/1"' in query and 'href="/-/speaker/town?name=Ana+Ruiz"' in query
    for table, page in (("articles", "article"), ("speakers", "speaker"), ("quotes", "quote")):
        assert f'href="/-/{page}/town/1"' in await assert_ok(ds, f"/town/{table}/1"), table
    cluster = await assert_ok(ds, "/-/cluster/town/1")
    assert 'href="/-/speaker/town/1"' in cluster and 'href="/-/quote/town/1"' in cluster
    assert 'href="/-/article/town/1"' in cluster  # the copy graph and the copy edges


async def test_the_home_page_leads_with_the_check_form(town_db):
    ds = datasette_for(town_db)
    html = await assert_ok(ds, "/")
    form = html.index('<form action="/-/check" method="get" class="check-form">')
    assert form < html.index('href="/town"')
    assert 'href="/town/altered_quotes"' in html and 'href="/town/speakers"' in html


async def test_table_pages_fold_the_column_notes(town_db):
    ds = datasette_for(town_db)
    html = await assert_ok(ds, "/town/clusters_view")
    notes = html.index('<details class="column-notes"><summary>What the columns mean</summary>')
    assert notes < html.index('<table class="rows-and-columns">')
    assert "wording_<wbr>source" in html  # long column names break after an underscore


async def test_canned_queries_show_the_form_and_answer_with_the_sql_folded(town_db):
    ds = datasette_for(town_db)
    html = await assert_ok(ds, "/town/quotes_by_a_speaker?speaker=ruiz")
    form = html.index('<form class="canned-query"')
    answer = html.index('<table class="rows-and-columns">')
    sql = html.index('<details class="query-sql"><summary>The SQL behind this answer</summary>')
    assert form < answer < sql and "4 rows" in html
    assert "Fill in the form and press Show." in await assert_ok(ds, "/town/quotes_by_a_speaker")
    assert "Nothing found." in await assert_ok(ds, "/town/quotes_by_a_speaker?speaker=nobody")
    sql_page = await assert_ok(ds, "/town?sql=select+1")  # other queries: Datasette's own page
    assert 'id="sql-editor"' in sql_page


async def test_a_database_made_before_remarks_were_kept_shows_the_same_speaker_page(town_db):
    kept = (await datasette_for(town_db).client.get("/-/speaker/town/1.json")).json()
    conn = sqlite3.connect(town_db)
    conn.execute("drop table _speaker_remarks")
    conn.commit()
    conn.close()
    assert (await datasette_for(town_db).client.get("/-/speaker/town/1.json")).json() == kept


async def test_outlets_carrying_a_wire_counts_articles_per_outlet_with_dates_and_evidence(town_db):
    ds = datasette_for(town_db)
    rows = (await ds.client.get("/town/outlets_carrying_a_wire.json?wire=efe&_shape=array")).json()
    assert [(r["outlet"], r["wire"], r["articles"], r["first_published"], r["last_published"]) for r in rows] == [
        ("Town Crier", "EFE", 1, "2024-05-02", "2024-05-02")
    ]
    assert (await ds.client.get("/town/outlets_carrying_a_wire.json?wire=nobody&_shape=array")).json() == []
