"""Idempotency: adding what is already stored (the same files again, or the
same text under another name, URL, line ending or encoding) creates no
duplicate article, quote or cluster."""

from __future__ import annotations

import codecs
import json
import shutil
import sqlite3
from pathlib import Path

from provenance.pipeline import add, build

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def snapshot(db: Path):
    with sqlite3.connect(db) as conn:
        return {
            "articles": sorted(conn.execute("select sha256, source from articles")),
            "quotes": sorted(conn.execute('select article_id, start, "end", text, cluster_id from quotes')),
            "clusters": sorted(conn.execute("select id, statement_id, canonical_text, origin_quote_id from clusters")),
            "statements": sorted(conn.execute("select id, speaker_id, first_quote_id from statements")),
            "speakers": sorted(conn.execute("select id, name from speakers")),
        }


def test_adding_the_same_folder_again_changes_nothing(seeds_db_copy, nlp):
    before = snapshot(seeds_db_copy)
    report = add([SEEDS], seeds_db_copy, nlp=nlp)
    assert report.articles_added == 0 and report.duplicates == len(before["articles"])
    assert snapshot(seeds_db_copy) == before


def test_the_same_text_under_other_names_urls_and_encodings_is_not_stored_again(seeds_db_copy, nlp, tmp_path):
    before = snapshot(seeds_db_copy)
    originals = sorted(SEEDS.glob("*.txt"))
    text = originals[0].read_text(encoding="utf-8")
    (tmp_path / "renamed.txt").write_text(text, encoding="utf-8")
    (tmp_path / "windows.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8 + originals[1].read_bytes())
    (tmp_path / "utf16.txt").write_bytes(originals[2].read_text(encoding="utf-8").encode("utf-16"))
    (tmp_path / "padded.txt").write_text(
        "\n\n  " + originals[3].read_text(encoding="utf-8") + "\n\n\n", encoding="utf-8"
    )
    (tmp_path / "feed.jsonl").write_text(
        json.dumps(
            {
                "url": "https://mirror.example/story",
                "outlet": "Mirror",
                "text": originals[4].read_text(encoding="utf-8"),
            }
        )
        + "\n",
        encoding="utf-8",
    )
    report = add([tmp_path], seeds_db_copy, nlp=nlp)
    assert report.articles_added == 0, [p.message for p in report.problems]
    assert snapshot(seeds_db_copy) == before


def test_adding_twice_equals_adding_once(tmp_path, nlp):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for f in seeds[:2]:
        shutil.copy(f, first)
    for f in seeds[2:]:
        shutil.copy(f, second)
    once, twice = tmp_path / "once.db", tmp_path / "twice.db"
    build([first], once, nlp=nlp)
    add([second], once, nlp=nlp)
    build([first], twice, nlp=nlp)
    add([second], twice, nlp=nlp)
    add([second], twice, nlp=nlp)
    add([first, second], twice, nlp=nlp)
    assert snapshot(once) == snapshot(twice)


def test_one_build_holds_each_text_once(tmp_path, nlp):
    for f in sorted(SEEDS.glob("*.txt")):
        shutil.copy(f, tmp_path / f.name)
        shutil.copy(f, tmp_path / f"copy-{f.name}")
    report = build([tmp_path], tmp_path / "x.db", nlp=nlp)
    assert report.articles_added == 5
    with sqlite3.connect(tmp_path / "x.db") as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 5
        assert conn.execute("select count(distinct sha256) from articles").fetchone()[0] == 5
