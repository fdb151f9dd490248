"""Quotes in every script: matching on Unicode letters and digits (CJK by
character pairs), a check that judges a paste on more than one shared
word, and quotes in 「」 and 『』 as well as « » and „ “. The sentences
are written for these tests."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fixtures.databases import Said, Story, add_stories, rows

from provenance.check import check_quote, compare_wordings
from provenance.site.serve import make_datasette
from provenance.wording import match_tokens

RUSSIAN = "Мы не отступим от наших обязательств по поставкам зенитных систем"
ARABIC = "لن نتراجع عن التزاماتنا بشأن توريد أنظمة الدفاع الجوي"
CHINESE = "我们不会放弃购买这些防空系统的计划"
TURKISH_S400 = "We are not in a hurry about the S-400, the talks with Russia continue"


@pytest.mark.parametrize(
    "text", [RUSSIAN, ARABIC, CHINESE, "Ελπίζουμε ότι οι συνομιλίες θα συνεχιστούν", "हम अपनी प्रतिबद्धताओं से पीछे नहीं हटेंगे"]
)
def test_every_script_has_matching_tokens(text):
    tokens = match_tokens(text)
    assert len(tokens) >= 5
    assert match_tokens(text.upper()) == tokens  # case folded where the script has case


def test_cjk_is_matched_by_character_pairs():
    assert match_tokens("普京说") == ["普京", "京说"]
    assert match_tokens("S-400导弹") == ["s", "400", "导弹"]


def test_english_tokens_are_unchanged():
    assert match_tokens("We're not in a hurry, Søren said — the S-400 (with Russia - TASS) ...") == [
        "we",
        "are",
        "not",
        "in",
        "a",
        "hurry",
        "soren",
        "said",
        "the",
        "s",
        "400",
    ]


def test_arabic_vowel_marks_do_not_split_words():
    assert match_tokens("لَنْ نَتَرَاجَعَ") == match_tokens("لن نتراجع")


@pytest.mark.parametrize("remark", [RUSSIAN, ARABIC, CHINESE])
def test_a_remark_in_another_script_in_two_articles_is_one_cluster(tmp_path, remark):
    db = tmp_path / "scripts.db"
    add_stories(
        db,
        [
            Story("Outlet One", [Said(remark, "Fikri Isik")], published="2017-03-01"),
            Story("Outlet Two", [Said(remark + "!", "Fikri Isik")], published="2017-03-02"),
        ],
    )
    assert rows(db, "select count(distinct cluster_id) as n from quotes") == [{"n": 1}]


@pytest.fixture
def scripts_db(tmp_path):
    db = tmp_path / "scripts.db"
    add_stories(
        db,
        [
            Story("Outlet One", [Said(RUSSIAN, "Fikri Isik")], published="2017-03-01"),
            Story("Outlet Two", [Said(ARABIC, "Fikri Isik")], published="2017-03-01"),
            Story("Outlet Three", [Said(TURKISH_S400, "Fikri Isik")], published="2017-03-01"),
        ],
    )
    return db


@pytest.mark.parametrize("paste", [RUSSIAN, ARABIC, f"«{RUSSIAN}»"])
async def test_the_check_page_checks_a_paste_in_another_script(scripts_db, paste):
    site = make_datasette(scripts_db)
    data = (await site.client.get("/-/check.json?q=" + quote(paste))).json()
    assert data["verdict"] == "verbatim", data["explanation"]


def test_a_paste_sharing_one_word_with_a_quote_is_not_judged_on_it(scripts_db):
    import sqlite3

    conn = sqlite3.connect(scripts_db)
    chinese = check_quote(conn, "土耳其国防部长说，S-400的谈判将继续")
    assert chinese.verdict == "not found", chinese.explanation
    assert compare_wordings("the S-400", TURKISH_S400) == "trimmed"  # two words, in order: a fair extract
    assert compare_wordings("S-400", TURKISH_S400) == "not found"


@pytest.mark.parametrize(
    "text, inside",
    [
        ("国防部长说：「我们不会放弃购买防空系统的计划。」", "我们不会放弃购买防空系统的计划。"),
        ("大臣は『交渉は続く』と述べた。", "交渉は続く"),
        ("大臣は「彼は『急がない』と言った」と述べた。", "彼は『急がない』と言った"),
        ("Министр сказал: «Мы не торопимся».", "Мы не торопимся"),
        ("Der Minister sagte: „Wir haben es nicht eilig.“", "Wir haben es nicht eilig."),
    ],
)
def test_quotes_in_corner_brackets_guillemets_and_low_marks_are_found(quotes_of, text, inside):
    assert [q.text for q in quotes_of(text)] == [inside]


@pytest.mark.parametrize("outlet", ["Коммерсантъ", "新华社", "الجزيرة"])
def test_an_outlet_named_in_another_script_is_stored(tmp_path, outlet):
    db = tmp_path / "outlets.db"
    add_stories(db, [Story(outlet, [Said(RUSSIAN, "Fikri Isik")], published="2017-03-01")])
    assert rows(db, "select o.name from articles a join outlets o on o.id = a.outlet_id") == [{"name": outlet}]


def test_names_in_latin_letters_keep_their_keys():
    from provenance.folding import key

    assert key("Fikri Işık") == "fikri isik" and key("  Sen. Donald J. Trump's ") == "sen donald j trump s"
    assert key("Коммерсантъ") == "коммерсантъ" and key("«—»") == ""
