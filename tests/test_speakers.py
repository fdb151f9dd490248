"""One person is one speaker, within an article and across articles.
Names invented for these tests."""

from __future__ import annotations

import sqlite3

from provenance.speakers import SpeakerIndex, speaker_key


def test_spellings_fold_to_one_key():
    assert speaker_key("Çağlar Öztürk") == speaker_key("Caglar Ozturk") == "caglar ozturk"
    assert speaker_key("Sen. Caglar Ozturk's") == "caglar ozturk"
    assert speaker_key("Walter J. Brennan") == speaker_key("Walter Brennan")


def test_one_row_per_person_shown_with_diacritics():
    index = SpeakerIndex()
    keys = {index.add(name) for name in ("Caglar Ozturk", "Çağlar Öztürk", "Ozturk", "Mr. Öztürk")}
    assert len(keys) == 1
    assert index.names[keys.pop()] == "Çağlar Öztürk"


def test_lone_surname_stays_apart_when_two_people_share_it():
    index = SpeakerIndex()
    index.add("Anna Vogel")
    index.add("Peter Vogel")
    assert index.resolve("Vogel") == "vogel"
    assert index.resolve("Anna Vogel") != index.resolve("Peter Vogel")


def test_surname_in_an_article_is_the_full_name(quotes_of):
    text = (
        "Trade Minister Çağlar Öztürk met the delegation in Izmir.\n\n"
        '"We are close to an agreement on steel," Ozturk said.'
    )
    assert quotes_of(text)[0].speaker == "Çağlar Öztürk"


def test_build_keeps_one_speaker_across_articles(tmp_path, nlp):
    from provenance.pipeline import build

    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Trade minister visits port\n\nTrade Minister Caglar Ozturk toured the port on Monday.\n\n"
        '"Exports of steel will double within two years," Ozturk said.\n',
        encoding="utf-8",
    )
    (corpus / "b.txt").write_text(
        "Steel exports to rise\n\n"
        '"Steel exports will double within two years," Trade Minister Çağlar Öztürk told the Haberturk television.\n',
        encoding="utf-8",
    )
    db = tmp_path / "news.db"
    build([corpus], db, nlp=nlp)
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "select s.name, count(*) from quotes q join speakers s on s.id = q.speaker_id group by s.id"
    ).fetchall()
    assert rows == [("Çağlar Öztürk", 2)]
    credited = conn.execute(
        "select s.name, s.kind from quotes q join sources s on s.id = q.credited_source_id"
    ).fetchall()
    assert credited == [("Haberturk", "tv")]
