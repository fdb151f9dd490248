"""What keeps the site up, and its visitors safe: bad addresses get a
short page in the site's style and nothing in the log; every response
carries the security headers; the project's SQL functions and pages
are bounded in what they take and how long they work."""

from __future__ import annotations

import hashlib
import re
from base64 import b64encode

import pytest

from provenance.site.serve import make_datasette

BAD_ADDRESSES = [
    "/-/cluster/seeds/-1",
    "/-/cluster/seeds/1e3",
    "/-/cluster/seeds/1;select",
    "/-/cluster/seeds/99999999999999999999",
    "/-/cluster/seeds/abc",
    "/-/cluster/seeds/99999",
    "/-/statement/seeds/-1",
    "/-/statement/seeds/99999999999999999999.json",
    "/-/cluster/nodb/1",
    "/seeds/quotes?_sort=nope",
    "/seeds/quotes?_sort_desc=nope",
    "/seeds/quotes/99999999999999999999",
    "/seeds/quotes/abc",
    "/seeds/nope",
    "/nope/at/all/x/y",
    "/-/check?q=x&db=nope",
]


@pytest.fixture
def site(seeds_db):
    return make_datasette(seeds_db)


@pytest.mark.parametrize("path", BAD_ADDRESSES)
async def test_a_bad_address_is_a_short_page_in_the_sites_style_and_no_log(site, path, capfd):
    capfd.readouterr()
    response = await site.client.get(path)
    out, err = capfd.readouterr()
    assert response.status_code in (400, 404), (path, response.status_code)
    if path.endswith(".json"):
        assert response.json()["ok"] is False and response.json()["status"] in (400, 404)
    else:
        assert 'class="error-message"' in response.text and "provenance.css" in response.text
        assert "Check a quote" in response.text  # the site's menu and links
    assert len(response.text) < 5000
    assert out + err == "", (out + err)[:500]


async def test_an_unexpected_error_is_one_line_in_the_log(site, capfd, monkeypatch):
    import provenance.site.pages as pages

    def broken(conn, cluster_id, page=1):
        raise RuntimeError("a bug in the page")

    monkeypatch.setattr(pages, "cluster_data", broken)
    capfd.readouterr()
    response = await site.client.get("/-/cluster/seeds/1")
    out, err = capfd.readouterr()
    assert response.status_code == 500
    assert "a bug in the page" not in response.text  # the visitor learns nothing of the code
    assert (out + err).count("\n") == 1 and "RuntimeError: a bug in the page" in err
    assert "Traceback" not in out + err


PAGES = [
    "/",
    "/seeds/quotes",
    "/seeds/quotes.json",
    "/-/check?q=proactive",
    "/-/cluster/seeds/1",
    "/-/static-plugins/provenance/provenance.css",
    "/-/static/app.css",
    "/-/cluster/seeds/abc",
]


@pytest.mark.parametrize("path", PAGES)
async def test_every_response_carries_the_security_headers(site, path):
    response = await site.client.get(path)
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    policy = dict(part.strip().split(" ", 1) for part in headers["content-security-policy"].split(";"))
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    scripts = policy["script-src"].split()
    assert scripts[0] == "'self'" and all(s.startswith("'sha256-") for s in scripts[1:])
    assert policy["style-src"].startswith("'self'")


@pytest.mark.parametrize("path", ["/seeds/quotes", "/seeds?sql=select+1", "/-/cluster/seeds/1", "/-/check"])
async def test_the_pages_own_inline_scripts_are_allowed_by_hash(site, path):
    """The menus and the SQL editor keep working under the policy: each
    inline script on the page is allowed by its hash, and no other."""
    response = await site.client.get(path)
    allowed = response.headers["content-security-policy"]
    inline = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    assert inline, "the menu script is inline on every page"
    for body in inline:
        digest = b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed, body[:80]


# ---------------------------------------------------------------- bounded work


def _words(n: int) -> str:
    return " ".join(f"word{i % 997}" for i in range(n))


@pytest.mark.parametrize("function", ["provenance_compare", "provenance_relation", "provenance_diff_summary"])
async def test_an_sql_function_refuses_a_wording_over_the_cap(site, function):
    """Anyone may run SQL on the site: a function handed a book is a quick
    error, not minutes of work past the query's time limit."""
    from urllib.parse import quote

    from provenance.limits import MAX_WORDING_CHARS

    long = _words(MAX_WORDING_CHARS // 5)
    assert len(long) > MAX_WORDING_CHARS
    sql = f"select {function}('{long}', 'word1 word2') as x"
    response = await site.client.get("/seeds.json?sql=" + quote(sql))
    assert response.status_code == 400
    assert "user-defined function raised exception" in response.json()["error"]
    short = await site.client.get("/seeds.json?sql=" + quote(f"select {function}('word1 word2', 'word1 word2') as x"))
    assert short.status_code == 200


async def test_normalize_refuses_a_wording_over_the_cap_without_a_traceback(site, capfd):
    capfd.readouterr()
    response = await site.client.get("/seeds.json?sql=select+provenance_normalize(printf('%.*c',+30000,+'x'))")
    assert response.status_code == 400
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "WordingTooLong" not in out + err  # Datasette's one line per bad query


async def test_a_page_past_its_time_limit_is_a_short_503(site, monkeypatch, capfd):
    """The plugin's own pages (their Python work and their SQL) stop at a
    time limit, as Datasette's own SQL does."""
    import provenance.site.safety as safety

    monkeypatch.setattr(safety, "PAGE_SECONDS", 0.0)
    for path in ["/-/cluster/seeds/1", "/-/statement/seeds/1", "/-/check?q=proactive+approach"]:
        response = await site.client.get(path)
        assert response.status_code == 503, path
        assert "took too long" in response.text


@pytest.fixture(scope="module")
def big_cluster(tmp_path_factory):
    """One wording in 250 articles (a remark every outlet carried)."""
    from fixtures.databases import Row, build_db

    path = tmp_path_factory.mktemp("big") / "big.db"
    wording = "We will not give up the talks on the air defence systems this year"
    rows = [
        Row(
            f"Outlet {i}",
            wording if i % 3 else wording + " again",
            "Fikri Isik",
            published=f"2017-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}",
        )
        for i in range(250)
    ]
    return build_db(path, rows)


async def test_a_big_cluster_is_paged_and_pictured_from_its_earliest_articles(big_cluster):
    site = make_datasette(big_cluster)
    first = await site.client.get("/-/cluster/big/1")
    assert first.status_code == 200
    html = first.text
    assert html.count('<article class="variant"') == 100
    assert "Variants 1–100 of 250" in html and 'href="?page=2"' in html
    assert html.count('<g class="node article') <= 40 and "The earliest 40 of the 250 articles" in html
    last = await site.client.get("/-/cluster/big/1?page=3")
    assert last.text.count('<article class="variant"') == 50 and 'href="?page=2"' in last.text
    data = (await site.client.get("/-/cluster/big/1.json?page=2")).json()
    assert len(data["variants"]) == 100 and data["paging"]["variant_count"] == 250 and data["origin"]["id"]
    statement = await site.client.get("/-/statement/big/1?page=2")
    assert statement.text.count('<article class="variant"') == 100
    for bad in ("/-/cluster/big/1?page=4", "/-/cluster/big/1?page=0", "/-/cluster/big/1?page=x"):
        assert (await site.client.get(bad)).status_code == 404, bad
