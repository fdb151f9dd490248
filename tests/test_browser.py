"""A real browser on the served site: check a trimmed seed quote, open its
cluster page, and see a hostile article shown as text with nothing run.

Drives Debian's chromium (/usr/bin/chromium) through Playwright against
``provenance serve`` in a subprocess. Set PROVENANCE_SCREENSHOTS=docs to
rewrite the README's screenshots.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import urllib.request
from pathlib import Path

import pytest
from fixtures.databases import Row, build_db
from fixtures.servers import start_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TRIMMED_SEED = "We are pushing ahead with proactive work in this direction"
PAYLOAD = (
    "We shall <script>window.pwned = 1; alert(1)</script> carry this motion "
    '<img src=x onerror="window.pwned = 2; alert(2)"> whatever the cost to us'
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("CI") != "true",
        reason="no /usr/bin/chromium (apt-get install -y chromium); in CI (CI=true) this test runs and fails instead",
    ),
]


@pytest.fixture(scope="module")
def site(seeds_db, tmp_path_factory):
    """The seeds plus one hostile article, served by `provenance serve`."""
    path = tmp_path_factory.mktemp("site") / "seeds.db"
    shutil.copy(seeds_db, path)
    build_db(
        path,
        [
            Row(
                "Hostile Herald",
                PAYLOAD,
                "Zed <b>Quill</b>",
                cluster=900,
                statement=900,
                url="javascript:window.pwned=3",
                title="<script>window.pwned = 4</script>",
            ),
            Row(
                "Echo Weekly",
                "carry this motion whatever the cost to us",
                "Zed <b>Quill</b>",
                cluster=900,
                statement=900,
            ),
        ],
        copies=[(1, 0, 'same words <img src=x onerror="window.pwned = 5">')],
    )
    with sqlite3.connect(path) as conn:
        hostile_cluster, hostile_article, hostile_speaker = conn.execute(
            "select cluster_id, article_id, speaker_id from quotes where text like 'We shall <script>%'"
        ).fetchone()
    server, base = start_server(path, ready="/-/check")
    try:
        yield {
            "base": base,
            "db": path.stem,
            "hostile_cluster": hostile_cluster,
            "hostile_article": hostile_article,
            "hostile_speaker": hostile_speaker,
        }
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def _screenshot(page, name: str, tmp_path: Path, full_page: bool = True) -> None:
    folder = Path(os.environ.get("PROVENANCE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=full_page)


def test_check_a_trimmed_seed_quote_then_open_its_cluster(site, page, tmp_path):
    page.goto(site["base"] + "/-/check")
    page.fill("textarea#q", f"“{TRIMMED_SEED}…”")
    page.click("input[type=submit]")
    page.wait_for_selector(".verdict-line")
    assert page.text_content(".verdict-line .verdict").strip() == "trimmed"
    best = page.locator(".match.best")
    assert "Fikri Işık" in best.text_content()
    assert "TASS" in best.text_content()
    assert best.locator(".wording del").count() >= 1  # the words the paste left out, struck through
    assert "pushing ahead" in best.locator(".wording .same").first.text_content()
    _screenshot(page, "check.png", tmp_path)
    best.locator("h3 a").first.click()
    page.wait_for_selector("h1")
    assert page.url.startswith(f"{site['base']}/-/cluster/{site['db']}/")
    assert "one wording and its variants" in page.text_content("h1")
    assert page.locator(".variant").count() >= 2
    assert page.locator("figure.copy-graph svg").count() == 1
    assert page.locator("figure.timeline svg").count() == 1
    _screenshot(page, "cluster.png", tmp_path)
    assert page.dialogs == []


def test_a_hostile_article_shows_as_text_and_runs_nothing(site, page):
    base, db = site["base"], site["db"]
    urls = [
        f"{base}/-/cluster/{db}/{site['hostile_cluster']}",
        f"{base}/-/check?q=" + urllib.request.quote("carry this motion whatever the cost"),
        f"{base}/{db}/quotes_view?_search=motion",
        f"{base}/{db}/altered_quotes?speaker=Zed",
        f"{base}/-/article/{db}/{site['hostile_article']}",
        f"{base}/-/speaker/{db}/{site['hostile_speaker']}",
        f"{base}/{db}/articles",
    ]
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.pwned") == "undefined", url
        assert page.locator("img[src=x]").count() == 0, url
    page.goto(urls[0])
    body = page.text_content("body")
    assert "<script>window.pwned = 1; alert(1)</script>" in body  # shown as the article wrote it
    assert 'onerror="window.pwned = 2; alert(2)"' in body
    assert "Zed <b>Quill</b>" in body
    assert page.locator("a[href^='javascript:']").count() == 0
    page.goto(urls[1])
    assert "<script>window.pwned = 1; alert(1)</script>" in page.text_content(".match.best")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.dialogs == []


def _in_first_screen(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] < page.viewport_size["height"]


def test_the_home_page_leads_with_the_check_box(site, page, tmp_path):
    page.goto(site["base"] + "/")
    assert _in_first_screen(page, "textarea#q")
    assert page.locator("header a.provenance-check-link").is_visible()  # a link, not an item in a menu
    _screenshot(page, "home.png", tmp_path, full_page=False)
    page.fill("textarea#q", TRIMMED_SEED)
    page.click(".home-check input[type=submit]")
    page.wait_for_selector(".verdict-line")
    assert page.text_content(".verdict-line .verdict").strip() == "trimmed"


def test_an_article_page_marks_its_quotes_and_links_them_to_their_clusters(site, page, tmp_path):
    page.goto(f"{site['base']}/{site['db']}/articles")
    page.locator("td.col-title a", has_text="Turkey in talks with Russia").first.click()  # a seed article
    page.wait_for_selector(".article-text")
    assert page.url.startswith(f"{site['base']}/-/article/{site['db']}/")
    facts = page.text_content("dl.article-facts")
    assert "Outlet" in facts and "Published" in facts and "Wire" in facts and "Original" in facts
    marks = page.locator(".article-text mark.quote-mark")
    assert marks.count() >= 1 and marks.first.is_visible()
    assert page.locator(".article-text .speaker-mark").count() >= 1
    assert page.locator(".article-text .cue-mark").count() >= 1
    _screenshot(page, "article.png", tmp_path, full_page=False)
    marks.first.click()
    page.wait_for_selector("h1")
    assert "/-/cluster/" in page.url and "one wording and its variants" in page.text_content("h1")
    assert page.dialogs == []


def test_a_speaker_page_lists_every_remark_with_its_outlets(site, page, tmp_path):
    page.goto(f"{site['base']}/-/check?q=" + urllib.request.quote(TRIMMED_SEED))
    page.locator(".match.best h3 a").first.click()
    page.wait_for_selector("h1")
    page.locator("dl.facts a[href*='/-/speaker/']").first.click()
    page.wait_for_selector("section.remark")
    assert page.text_content("h1").strip() == "Fikri Işık"
    assert page.locator("section.remark").count() >= 3
    first = page.locator("section.remark").first
    assert first.locator(".carried a[href*='/-/article/']").count() >= 1
    _screenshot(page, "speaker.png", tmp_path, full_page=False)
    first.locator(".carried a[href*='/-/article/']").first.click()
    page.wait_for_selector(".article-text")
    assert "#quote-" in page.url


def test_table_pages_show_rows_first_and_clusters_view_fits_1280_pixels(site, page, tmp_path):
    for table in ("clusters_view", "quotes_view", "statements_view", "copy_edges_view", "quotes", "articles"):
        page.goto(f"{site['base']}/{site['db']}/{table}")
        assert _in_first_screen(page, "table.rows-and-columns tbody tr"), table
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, table
        if table.startswith(("clusters", "statements", "copy_edges")):  # quotes hold this site's hostile test words
            assert page.locator(".table-wrapper").evaluate("w => w.scrollWidth <= w.clientWidth"), table
    notes = page.locator("details.column-notes")
    assert not notes.locator("dl").is_visible()
    notes.locator("summary").click()
    assert notes.locator("dl").is_visible()
    page.goto(f"{site['base']}/{site['db']}/clusters_view")
    _screenshot(page, "table.png", tmp_path, full_page=False)


def test_a_canned_query_shows_its_form_and_answer_with_the_sql_folded(site, page, tmp_path):
    page.goto(f"{site['base']}/{site['db']}/quotes_by_a_speaker")
    assert "Fill in the form" in page.text_content(".zero-results")
    page.fill("form.canned-query input[name=speaker]", "isik")
    page.click("form.canned-query input[type=submit]")
    page.wait_for_selector("table.rows-and-columns")
    assert _in_first_screen(page, "table.rows-and-columns tbody tr")
    assert not page.locator("#sql-query").is_visible()
    _screenshot(page, "query.png", tmp_path, full_page=False)
    page.click("details.query-sql summary")
    assert "select" in page.text_content("#sql-query")
    assert page.locator("#sql-query").is_visible()
