"""The metadata provenance rests on (issue 14 point 9): an article's
outlet, title and date from the manifest, then the page's own metadata,
then the text, with where each came from."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from provenance.ingest import read_articles
from provenance.ingest.infer import infer_title
from provenance.ingest.metadata import choose_outlet, outlet_name, strip_site_suffix

BODY = """<article><h1>{title}</h1>
<p>{byline}</p>
<p>The ferry company will add a second boat to the island route in June, its director said on Tuesday.</p>
<p>"We have turned away passengers every weekend this spring," the director, Hanna Lind, said at the harbour.</p>
<p>A report published on 12 May 2019 had already warned that the single boat was not enough.</p>
<p>Tickets for the new sailings go on sale next month, the company said.</p>
</article>"""


def _page(tmp_path: Path, head: str, title: str = "Island ferry gets a second boat", byline: str = "") -> Path:
    page = tmp_path / "page.html"
    page.write_text(
        f"<!DOCTYPE html><html><head>{head}</head><body>{BODY.format(title=title, byline=byline)}"
        "<!-- build 2024-06-30T12:00:00Z rev 8812 --></body></html>",
        encoding="utf-8",
    )
    return page


def _read(path: Path, manifest: Path | None = None):
    (article,) = read_articles([path], manifest, on_problem=lambda p: None)
    return article


def test_the_pages_own_date_wins_over_a_build_stamp_or_a_cited_date(tmp_path):
    head = (
        "<title>Island ferry gets a second boat</title>"
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "headline": "Island ferry gets a second boat", "datePublished": "2021-03-04T09:30:00+01:00"}</script>'
    )
    article = _read(_page(tmp_path, head))
    assert article.published == "2021-03-04"
    assert article.found_from["published"] == "page metadata (JSON-LD datePublished)"


def test_a_date_only_a_cited_report_or_a_build_stamp_gives_is_not_the_articles(tmp_path):
    article = _read(_page(tmp_path, "<title>Island ferry gets a second boat</title>"))
    assert article.published is None  # "a report published on 12 May 2019"; the build stamp of 2024


def test_a_date_printed_in_the_byline_is_the_articles(tmp_path):
    byline = "By Kari Nilsen | March 4, 2021"
    article = _read(_page(tmp_path, "<title>Island ferry gets a second boat</title>", byline=byline))
    assert article.published == "2021-03-04"
    assert article.found_from["published"] == "page extractor (published)"


def test_the_manifest_wins_and_says_so(tmp_path):
    page = _page(tmp_path, '<meta property="article:published_time" content="2021-03-04">')
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text('{"path": "page.html", "outlet": "Island Post", "published": "2021-03-05"}\n')
    article = _read(page, manifest)
    assert (article.outlet, article.published) == ("Island Post", "2021-03-05")
    assert article.found_from["outlet"] == article.found_from["published"] == "manifest"


def test_an_ap_story_on_another_site_is_that_sites_with_ap_as_the_wire(tmp_path):
    head = (
        "<title>Island ferry gets a second boat - Harbour Gazette</title>"
        '<link rel="canonical" href="https://www.harbourgazette.example/news/ferry-123.php">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Island ferry gets a second boat",'
        ' "publisher": {"@type": "Organization", "name": "Associated Press"}}</script>'
    )
    article = _read(_page(tmp_path, head, byline="By KARI NILSEN Associated Press"))
    assert article.outlet == "Harbour Gazette"
    assert article.wire == "AP"
    assert article.title == "Island ferry gets a second boat"


def test_the_wires_own_site_keeps_the_wire_as_outlet():
    assert choose_outlet([("Associated Press", "page metadata")], "https://apnews.com/article/x") == (
        "Associated Press",
        "page metadata",
        None,
    )


def test_slugs_addresses_and_taglines_are_not_outlet_names():
    assert outlet_name("Wday_") == "WDAY"
    assert outlet_name("Nj") == "NJ"
    assert outlet_name("Vox") == "Vox"
    assert outlet_name("Corriere della Sera") == "Corriere della Sera"
    assert outlet_name("Le Monde diplomatique") == "Le Monde diplomatique"
    assert outlet_name("Breaking stories and analysis") is None
    assert outlet_name("The Times of India") == "The Times of India"
    assert outlet_name("https://www.harbourgazette.example/news") is None
    assert outlet_name("The best source for news in your town") is None
    assert choose_outlet([("harbourgazette.com", "site name")], "https://www.harbourgazette.com/x")[0] == (
        "harbourgazette.com"
    )


def test_a_title_loses_the_sites_name_after_it():
    assert strip_site_suffix("New handheld console reviewed - IGN", ["IGN"]) == "New handheld console reviewed"
    assert strip_site_suffix("Cloud outage explained | ZDNet", ["zdnet.com"]) == "Cloud outage explained"
    assert strip_site_suffix("Ferry to Lund - a second boat", ["Island Post"]) == "Ferry to Lund - a second boat"


def test_a_donation_banner_or_the_sites_header_is_not_the_title():
    text = (
        "Our reporting is blocked in Ruritania. We need your help to keep going.\n\n"
        "Harbour Gazette - Ferries\n\n"
        "Island ferry gets a second boat\n\nThe ferry company will add a boat."
    )
    assert infer_title(text, "Harbour Gazette") == "Island ferry gets a second boat"


def test_the_database_records_where_outlet_title_and_date_came_from(tmp_path, nlp, monkeypatch):
    from click.testing import CliRunner

    from provenance.cli import cli

    monkeypatch.setattr("provenance.pipeline.load_nlp", lambda name=None, with_quotes=True: nlp)
    head = '<meta property="og:site_name" content="Island Post"><meta property="article:published_time" content="2021-03-04">'
    page = _page(tmp_path, head)
    db = tmp_path / "t.db"
    result = CliRunner().invoke(cli, ["build", str(page), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        row = conn.execute("select published, outlet_from, title_from, published_from from articles").fetchone()
    assert row[0] == "2021-03-04"
    assert row[1] == "page metadata (og:site_name)"
    assert row[2] and row[3] == "page metadata (article:published_time)"
