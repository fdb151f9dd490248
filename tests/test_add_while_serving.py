"""`provenance add` while `provenance serve` serves the same file, as a
newsroom does every day: the site keeps answering while the add runs (no
error page, no stale or broken page), and the new quotes are on it as soon
as the add commits, without a restart."""

from __future__ import annotations

import asyncio
import sqlite3

from provenance.pipeline import add
from provenance.site.serve import make_datasette

READS = [
    "/seeds.json",
    "/seeds/quotes.json?_size=5&_sort_desc=id",
    "/seeds/quotes?_search=ferry",
    "/seeds/clusters_view?_size=10",
    "/-/cluster/seeds/1",
    "/-/check.json?q=Our+agreement+is+signed",
    "/seeds.json?sql=select+count(*)+as+n+from+quotes",
]


def _write_articles(folder, n: int):
    folder.mkdir()
    for i in range(n):
        (folder / f"ferry-{i}.txt").write_text(
            f"Harbour Daily, report {i}.\n\n"
            f'"The new ferry line number {i} will open in the spring," said Ada Lindqvist, the harbour master.\n\n'
            f'"We have waited {i + 2} years for this crossing," she told reporters on the quay.\n',
            encoding="utf-8",
        )


async def test_the_site_answers_while_an_add_runs_and_shows_its_quotes_after(seeds_db_copy, tmp_path, nlp):
    site = make_datasette(seeds_db_copy)
    for path in READS:  # every page opened once before the add, as a live site has
        assert (await site.client.get(path)).status_code == 200, path
    before = sqlite3.connect(seeds_db_copy).execute("select count(*) from quotes").fetchone()[0]
    _write_articles(tmp_path / "new", 24)

    adding = asyncio.create_task(asyncio.to_thread(add, [tmp_path / "new"], seeds_db_copy, nlp=nlp))
    answered = []
    while not adding.done():
        for path in READS:
            response = await site.client.get(path)
            answered.append((path, response.status_code))
            assert response.status_code == 200, (path, response.status_code, response.text[:300])
            assert "malformed" not in response.text
        await asyncio.sleep(0)
    report = await adding
    assert report.quotes_added >= 24
    assert len(answered) > len(READS)  # the site was read while the add ran

    after = sqlite3.connect(seeds_db_copy).execute("select count(*) from quotes").fetchone()[0]
    assert after == before + report.quotes_added
    counted = (await site.client.get("/seeds.json?sql=select+count(*)+as+n+from+quotes&_shape=array")).json()
    assert counted == [{"n": after}]
    table = (await site.client.get("/seeds/quotes.json?_size=1")).json()
    assert table["filtered_table_rows_count"] == after
    found = (await site.client.get("/seeds/quotes.json?_search=ferry&_size=100")).json()
    assert len(found["rows"]) >= 24
    check = (await site.client.get("/-/check.json?q=The+new+ferry+line+number+7+will+open+in+the+spring")).json()
    assert check["verdict"] == "verbatim", check["verdict"]
