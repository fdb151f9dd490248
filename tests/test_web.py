"""Adding news from the web: pages by address and the pages a feed lists,
fetched from a local server that serves saved pages, with its robots.txt
respected and each failure named in one line."""

from __future__ import annotations

import json
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import cli
from provenance.errors import InputError
from provenance.ingest.web import Fetcher, feed_links, fetch_page


def page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f"<html><head><title>{title} | Harbour Gazette</title>"
        '<meta property="og:site_name" content="Harbour Gazette">'
        '<meta property="article:published_time" content="2026-11-03T09:00:00Z"></head>'
        f"<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Subscribe to our newsletter</footer></body></html>"
    )


FERRY = page(
    "Ferry link to reopen in spring",
    "The ferry between the two harbours will sail again in April, the port authority said on Tuesday.\n\n"
    "\u201cWe have repaired both piers and trained new crews,\u201d said Marta Lind, the head of the port "
    "authority. \u201cThe first crossing will be on the first of April.\u201d\n\n"
    "The link closed two years ago after a storm damaged the northern pier, leaving islanders with a "
    "three-hour drive to the mainland hospital.",
)
BRIDGE = page(
    "Council backs a second bridge",
    "The town council voted on Monday to fund a study of a second bridge over the river.\n\n"
    "\u201cOne bridge is not enough for a town of this size,\u201d the mayor, Ana Ruiz, told the council. "
    "The study will take a year and cost the town about half a million.\n\n"
    "Opponents said the money would be better spent on buses and on the roads that already exist.",
)
SECRET = page("Staff only", "\u201cThis page is not for robots,\u201d the editor said in a note to the staff.")
FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour Gazette</title><link>{base}/</link>
<item><title>Ferry link to reopen in spring</title><link>{base}/news/ferry.html</link></item>
<item><title>Council backs a second bridge</title><link>/news/bridge.html</link></item>
<item><title>Gone</title><link>{base}/news/gone.html</link></item>
</channel></rss>"""


class SavedPages(BaseHTTPRequestHandler):
    """Serves the saved pages; robots.txt keeps robots out of /private/."""

    def do_GET(self):
        base = f"http://{self.headers['Host']}"
        routes = {
            "/robots.txt": ("text/plain", "User-agent: *\nDisallow: /private/\n"),
            "/news/ferry.html": ("text/html; charset=utf-8", FERRY),
            "/news/bridge.html": ("text/html; charset=utf-8", BRIDGE),
            "/private/memo.html": ("text/html; charset=utf-8", SECRET),
            "/feed.xml": ("application/rss+xml", FEED.format(base=base)),
            "/photo.png": ("image/png", "\x89PNG not really"),
            "/old-ferry": None,
        }
        if self.path == "/old-ferry":
            self.send_response(301)
            self.send_header("Location", "/news/ferry.html")
            self.end_headers()
            return
        if self.path not in routes:
            self.send_error(404, "Not Found")
            return
        kind, text = routes[self.path]
        body = text.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), SavedPages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def shared_nlp(nlp, monkeypatch):
    monkeypatch.setattr("provenance.pipeline.load_nlp", lambda name=None, with_quotes=True: nlp)


def run(*args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args])


def articles(db: Path) -> list[dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("select source, url, title, published, meta from articles order by id")]


def test_a_page_is_fetched_with_its_address_and_fetch_time(site, tmp_path):
    db = tmp_path / "news.db"
    result = run("build", f"{site}/old-ferry", "--db", db)
    assert result.exit_code == 0, result.output
    [article] = articles(db)
    assert article["url"] == f"{site}/news/ferry.html"  # where it was finally served from
    assert article["title"] == "Ferry link to reopen in spring"
    assert article["published"].startswith("2026-11-03")
    assert json.loads(article["meta"])["fetched"].startswith("20")
    with sqlite3.connect(db) as conn:
        speakers = {r[0] for r in conn.execute("select s.name from quotes q join speakers s on s.id = q.speaker_id")}
    assert speakers == {"Marta Lind"}


def test_a_feed_adds_the_articles_it_lists_and_names_each_failure(site, seeds_db_copy):
    result = run("add", "--feed", f"{site}/feed.xml", "--db", seeds_db_copy)
    assert result.exit_code == 0, result.output
    urls = [a["url"] for a in articles(seeds_db_copy)]
    assert f"{site}/news/ferry.html" in urls and f"{site}/news/bridge.html" in urls  # a relative link too
    assert len(urls) == 7
    assert f"{site}/news/gone.html: the server answered HTTP 404" in result.output
    assert len([line for line in result.output.splitlines() if "gone.html" in line]) == 1


def test_robots_txt_is_respected(site, seeds_db_copy):
    result = run("add", f"{site}/private/memo.html", f"{site}/news/bridge.html", "--db", seeds_db_copy)
    assert result.exit_code == 0, result.output
    assert "memo.html: the site's robots.txt does not allow provenance to fetch it" in result.output
    assert [a["url"] for a in articles(seeds_db_copy)][-1] == f"{site}/news/bridge.html"
    assert not any("memo" in (a["url"] or "") for a in articles(seeds_db_copy))


def test_what_is_not_a_web_page_is_refused_in_one_line(site):
    with pytest.raises(InputError, match=r"not a web page \(image/png\)"):
        fetch_page(f"{site}/photo.png", Fetcher(), 1_000_000)
    with pytest.raises(InputError, match=r"not an RSS or Atom feed|lists no articles"):
        feed_links(f"{site}/news/ferry.html", Fetcher(), 1_000_000)


def test_a_site_that_does_not_answer_changes_nothing(seeds_db_copy):
    before = seeds_db_copy.read_bytes()
    result = run("add", "http://127.0.0.1:9/news/story.html", "--db", seeds_db_copy)
    assert result.exit_code == 1
    assert "http://127.0.0.1:9/news/story.html: cannot fetch" in result.output
    assert seeds_db_copy.read_bytes() == before


def test_a_page_is_read_once_whichever_way_it_is_given(site, tmp_path):
    fetcher = Fetcher()
    assert feed_links(f"{site}/feed.xml", fetcher, 1_000_000)[:2] == [
        f"{site}/news/ferry.html",
        f"{site}/news/bridge.html",
    ]
    db = tmp_path / "news.db"
    result = run("build", f"{site}/news/ferry.html", "--feed", f"{site}/feed.xml", "--db", db)
    assert result.exit_code == 0, result.output
    assert len(articles(db)) == 2
