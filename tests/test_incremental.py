"""Adding articles to a database: the result is the one a single build of
everything gives, re-adding changes nothing, untouched groups stay put."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from fixtures.databases import Said, Story, add_stories, rows

from provenance import store as publish
from provenance.pipeline import add

PORT = (
    "The port will reopen to container ships on the first of May, and the night shifts will return as soon "
    "as the cranes are repaired."
)
FERRY = (
    "We have ordered two electric ferries from the yard in Turku, and they will sail between the islands "
    "from next spring."
)
FERRY_TRANSLATED = (
    "Two electric ferries were ordered from the Turku yard; from next spring they will sail between the islands."
)


def _stories() -> list[Story]:
    return [
        Story("North Daily", [Said(PORT, "Elif Kaya"), Said(FERRY, "Jonas Berg")], published="2023-04-02"),
        Story("South Herald", [Said(PORT[:60], "Elif Kaya")], published="2023-04-03"),
        Story("Wire Desk", [Said(FERRY_TRANSLATED, "Jonas Berg")], published="2023-04-02", wire="AFP"),
        Story(
            "East Radio",
            [
                Said(
                    "The port will reopen to container ships on the first of May ... as soon as the "
                    "cranes are repaired.",
                    "Elif Kaya",
                )
            ],
            published="2023-04-04",
        ),
        Story(
            "West Post",
            [Said(FERRY.replace("We have", "We've"), "Jonas Berg"), Said("We will continue these talks.", None)],
            published="2023-04-05",
        ),
        Story(
            "Island Voice",
            [
                Said(
                    "and they will sail between the islands from next spring, weather permitting, "
                    "with a crew of eleven",
                    "Jonas Berg",
                )
            ],
            published="2023-04-06",
        ),
    ]


def _partition(path: Path, column: str) -> set[frozenset[tuple[str, str]]]:
    groups: dict[int, set] = {}
    key = "q.cluster_id" if column == "cluster" else "c.statement_id"
    for r in rows(
        path,
        f"select a.source, q.text, {key} g from quotes q join articles a on a.id = q.article_id"
        " join clusters c on c.id = q.cluster_id",
    ):
        groups.setdefault(r["g"], set()).add((r["source"], r["text"]))
    return {frozenset(g) for g in groups.values()}


def test_adding_articles_one_by_one_gives_the_clusters_of_one_build(tmp_path):
    stories = _stories()
    add_stories(tmp_path / "all.db", stories)
    for seed in range(3):
        order = stories[:]
        random.Random(seed).shuffle(order)
        one_by_one = tmp_path / f"one-{seed}.db"
        for story in order:
            add_stories(one_by_one, [story])
        assert _partition(one_by_one, "cluster") == _partition(tmp_path / "all.db", "cluster")
        assert _partition(one_by_one, "statement") == _partition(tmp_path / "all.db", "statement")


def test_a_new_variant_joins_the_existing_cluster_and_updates_its_origin(tmp_path):
    db = tmp_path / "t.db"
    add_stories(db, _stories())
    before = rows(
        db, "select c.id, c.quote_count from quotes q join clusters c on c.id = q.cluster_id where q.text = ?", (PORT,)
    )[0]
    add_stories(
        db,
        [
            Story(
                "Early Bird",
                [Said(PORT.replace(", and", " ... and"), "Elif Kaya")],
                published="2023-04-01",
                name="early-bird.txt",
            )
        ],
    )
    after = rows(
        db,
        "select c.id, c.quote_count, oa.source origin from quotes q join clusters c on c.id = q.cluster_id"
        " join quotes oq on oq.id = c.origin_quote_id join articles oa on oa.id = oq.article_id"
        " where q.text = ?",
        (PORT,),
    )[0]
    assert after["quote_count"] == before["quote_count"] + 1
    assert after["origin"] == "early-bird.txt"


def test_only_the_clusters_a_new_quote_touches_are_rewritten(tmp_path):
    db = tmp_path / "t.db"
    add_stories(db, _stories())
    conn = publish.open_database(db).conn
    conn.execute("update clusters set origin_evidence = 'untouched' ")
    conn.close()
    add_stories(db, [Story("Late Edition", [Said(PORT, "Elif Kaya")], published="2023-04-09")])
    marks = {
        r["text"]: r["origin_evidence"]
        for r in rows(db, "select q.text, c.origin_evidence from quotes q join clusters c on c.id = q.cluster_id")
    }
    assert marks[PORT] != "untouched"
    assert marks[FERRY] == "untouched"


def test_adding_the_same_articles_again_changes_nothing(tmp_path):
    db = tmp_path / "t.db"
    add_stories(db, _stories())
    snapshot = rows(db, "select * from clusters order by id"), rows(db, "select * from statements order by id")
    assert add_stories(db, _stories()) == []
    assert (
        rows(db, "select * from clusters order by id"),
        rows(db, "select * from statements order by id"),
    ) == snapshot


def test_provenance_add_skips_an_article_read_again_under_another_name(tmp_path, seeds_db, nlp):
    db = tmp_path / "seeds.db"
    shutil.copy(seeds_db, db)
    snapshot = [rows(db, f"select * from {t} order by id") for t in ("articles", "quotes", "clusters", "statements")]
    seeds = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    renamed = tmp_path / "renamed-copy.txt"
    renamed.write_bytes(seeds[0].read_bytes())
    report = add([renamed], db, nlp=nlp)
    assert report.articles_added == 0 and report.duplicates == 1
    assert [
        rows(db, f"select * from {t} order by id") for t in ("articles", "quotes", "clusters", "statements")
    ] == snapshot


def test_a_wording_heard_again_from_another_speaker_is_indexed_once(tmp_path):
    db = tmp_path / "t.db"
    add_stories(db, [Story("North Daily", [Said(PORT, "Elif Kaya")], published="2023-04-02")])
    add_stories(db, [Story("South Herald", [Said(PORT, "Kaya Elif Deniz")], published="2023-04-02")])
    add_stories(db, [Story("East Radio", [Said(PORT, None)], published="2023-04-02")])
    twice = rows(
        db,
        "select key, phrase_id, count(*) n from (select * from _match_postings union all"
        " select * from _match_postings_recent) group by key, phrase_id having n > 1",
    )
    assert twice == []
    assert len({r["cluster_id"] for r in rows(db, "select cluster_id from quotes")}) == 1


@pytest.mark.parametrize(
    "older",
    [
        "alter table _match_phrases drop column commas",  # the layout before asides were kept
        "drop table _match_postings; create table _match_postings (key integer not null, phrase_id integer not null,"
        " primary key (key, phrase_id)) without rowid",  # ... before postings knew their phrase's size
        "update quotes set cluster_id = (select min(id) from clusters);"
        " update _provenance set value = '1' where key = 'match_rules'",  # clustered by older matching rules
        "update quotes set cluster_id = (select min(id) from clusters);"
        " delete from _provenance where key = 'match_rules'",  # ... by rules from before they were recorded
    ],
)
def test_a_database_from_an_older_layout_or_older_matching_rules_still_takes_new_articles(tmp_path, older):
    db = tmp_path / "t.db"
    stories = _stories()
    add_stories(db, stories[:3])
    old = publish.open_database(db, create=False)
    old.conn.executescript(older)
    old.conn.close()
    add_stories(db, stories[3:])
    add_stories(tmp_path / "all.db", stories)
    assert _partition(db, "cluster") == _partition(tmp_path / "all.db", "cluster")
    assert _partition(db, "statement") == _partition(tmp_path / "all.db", "statement")


def _seeds_clustered_by_older_rules(tmp_path: Path, seeds_db: Path) -> Path:
    """A copy of the seeds database, marked as clustered by matching rules 1."""
    db = tmp_path / "seeds.db"
    shutil.copy(seeds_db, db)
    old = publish.open_database(db, create=False)
    old.conn.execute("update _provenance set value = '1' where key = 'match_rules'")
    old.conn.close()
    return db


def test_provenance_add_says_when_it_clusters_a_database_from_an_older_version_again(tmp_path, seeds_db, nlp):
    db = _seeds_clustered_by_older_rules(tmp_path, seeds_db)
    story = tmp_path / "new.txt"
    story.write_text("ANKARA, May 3 - The minister said: \u201cThe new bridge will open in June.\u201d\n", "utf-8")
    report = add([story], db, nlp=nlp)
    warnings = [str(p) for p in report.problems if p.level == "warning"]
    assert any("clustered by an older version" in w and str(db) in w for w in warnings)
    assert report.quotes_added == 1
    assert rows(db, "select value from _provenance where key = 'match_rules'")[0]["value"] != "1"
    assert rows(db, "select count(*) n from quotes where cluster_id is null")[0]["n"] == 0


def test_provenance_add_of_nothing_new_leaves_an_older_clustering_alone(tmp_path, seeds_db, nlp):
    db = _seeds_clustered_by_older_rules(tmp_path, seeds_db)
    seeds = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    report = add([seeds[0]], db, nlp=nlp)  # already stored: nothing to cluster
    assert report.articles_added == 0
    assert not any("clustered by an older version" in str(p) for p in report.problems)
    assert rows(db, "select value from _provenance where key = 'match_rules'")[0]["value"] == "1"
