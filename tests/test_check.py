"""Checking a pasted quote: verdicts, the closest variant, the origin, the CLI."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.databases import Row, build_db, build_ferry_db

from provenance.check import check_file, check_quote, compare_wordings, quoted_part
from provenance.cli import cli
from provenance.store import open_database

MINISTER = "Ana Ruiz"
FULL = (
    "We will not raise taxes this year. We are working on a plan (with Spain - EFE) to help farmers. "
    "The budget will be ready in the autumn."
)
TRIMMED = "We are working on a plan to help farmers. The budget will be ready"
OTHER = "The port will reopen next week once the repairs to the northern pier are finished."


@pytest.fixture
def news_db(tmp_path) -> Path:
    return build_db(
        tmp_path / "news.db",
        [
            Row("Wire Daily", FULL, MINISTER, cluster=1, statement=1, published="2024-03-01", wire="EFE"),
            Row(
                "Valley Gazette",
                "We are working on a plan to help farmers.",
                MINISTER,
                cluster=1,
                statement=1,
                published="2024-03-02",
            ),
            Row(
                "Harbour News",
                OTHER,
                "Luis Mora",
                cluster=2,
                statement=2,
                published="2024-03-03",
                credited="Radio Norte",
            ),
        ],
        wording_source={1: "EFE"},
        primary_source={1: "Canal Sur"},
    )


def check(db: Path, text: str):
    return check_file(db, text)


def test_a_trimmed_extract_is_trimmed_with_speaker_wording_source_and_origin(news_db):
    result = check(news_db, TRIMMED)
    assert result.verdict == "trimmed"
    best = result.matches[0]
    assert best.speaker == MINISTER
    assert best.wording_source == "EFE"
    assert best.primary_source == "Canal Sur"
    assert best.origin.outlet == "Wire Daily" and best.origin.published == "2024-03-01"
    assert best.closest.outlet == "Wire Daily"  # the only variant holding every pasted word
    assert "Trimmed" in result.explanation and MINISTER in result.explanation and "EFE" in result.explanation
    assert [v.published for v in best.variants] == ["2024-03-01", "2024-03-02"]  # time order


def test_social_media_marks_case_and_missing_punctuation_still_match_verbatim(news_db):
    pasted = "“we are working on a plan to help farmers” — Ana Ruiz https://t.co/abc #farming"
    assert quoted_part(pasted) == "we are working on a plan to help farmers"
    result = check(news_db, pasted)
    assert result.verdict == "verbatim"
    assert result.matches[0].closest.outlet == "Valley Gazette"
    assert check(news_db, "RT @farmnews: we are working on a plan to help farmers #agri #eu").verdict == "verbatim"


def test_an_elision_marked_with_dots_is_a_trim_but_a_silent_cut_is_an_alteration(news_db):
    assert check(news_db, "We will not raise taxes... The budget will be ready in the autumn").verdict == "trimmed"
    assert check(news_db, "We will not raise taxes… The budget will be ready").verdict == "trimmed"
    silent = check(news_db, "We will not raise taxes this year. The budget will be ready in the autumn.")
    assert silent.verdict == "altered"
    assert "cut without an elision mark" in silent.explanation


def test_a_changed_word_is_altered_and_the_diff_shows_it(news_db):
    result = check(news_db, "We are working on a plan to crush farmers.")
    assert result.verdict == "altered"
    ops = result.matches[0].closest.diff.ops
    assert any(op.kind == "changed" and op.a == "crush" and op.b == "help" for op in ops)
    assert "1 word changed" in result.explanation


def test_unrelated_words_are_not_found_and_say_the_database_is_not_the_world(news_db):
    result = check(news_db, "Inflation fell sharply in the eurozone last quarter")
    assert result.verdict == "not found"
    assert result.matches == []
    assert "not proof" in result.explanation


def test_words_scattered_through_a_quote_are_not_a_match(news_db):
    assert check(news_db, "plan the budget farmers taxes autumn year").verdict == "not found"


def test_the_closer_cluster_ranks_first(news_db):
    result = check(news_db, "the port will reopen next week once the repairs are finished")
    assert result.verdict == "altered"
    assert result.matches[0].speaker == "Luis Mora"
    assert result.matches[0].closest.credited_source == "Radio Norte"


def test_empty_paste_and_empty_database(tmp_path, news_db):
    assert "Nothing to check" in check(news_db, "  “ ” ... ").explanation
    empty = tmp_path / "empty.db"
    open_database(empty).conn.close()
    assert check(empty, TRIMMED).verdict == "not found"


def test_compare_wordings_is_the_same_judgement_as_the_check():
    assert compare_wordings("We are working on a plan", FULL) == "trimmed"
    assert compare_wordings(FULL.replace("(with Spain - EFE) ", ""), FULL) == "verbatim"
    assert compare_wordings("We are working on a secret plan to help farmers", FULL) == "altered"


def test_check_never_writes_to_the_database(news_db):
    before = news_db.read_bytes()
    check(news_db, TRIMMED)
    assert news_db.read_bytes() == before


def test_the_result_is_json_ready(news_db):
    data = json.loads(json.dumps(check(news_db, TRIMMED).to_dict()))
    assert data["verdict"] == "trimmed"
    closest = data["matches"][0]["closest"]
    assert {op["kind"] for op in closest["diff"]["ops"]} == {"same", "cut"}


def test_cli_check_prints_the_verdict_and_a_word_diff(news_db):
    result = CliRunner().invoke(cli, ["check", TRIMMED, "--db", str(news_db)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Verdict: trimmed")
    assert "[-We will not raise taxes this year.-]" in result.output
    assert "wording source: EFE" in result.output


def test_cli_check_json(news_db):
    result = CliRunner().invoke(
        cli, ["check", "We are working on a plan to crush farmers", "--db", str(news_db), "--json"]
    )
    assert result.exit_code == 0
    assert json.loads(result.output)["verdict"] == "altered"


def test_cli_check_on_a_missing_or_foreign_database_is_one_error_line(tmp_path):
    result = CliRunner().invoke(cli, ["check", "anything", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 1 and result.output.startswith("Error:") and "missing.db" in result.output
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table t (x)").connection.close()
    result = CliRunner().invoke(cli, ["check", "anything at all", "--db", str(other)])
    assert result.exit_code == 1 and "not a provenance database" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_the_trimmed_seed_quote_comes_from_the_defence_minister_in_tass_wording(seeds_db):
    """Depends on every stage of the pipeline working on the seeds."""
    conn = sqlite3.connect(seeds_db)
    result = check_quote(conn, "We are pushing ahead with proactive work in this direction")
    assert result.verdict == "trimmed"
    assert result.matches[0].speaker == "Fikri Işık"
    assert result.matches[0].wording_source == "TASS"


def test_words_filling_an_articles_own_elision_are_flagged_as_unconfirmed(tmp_path):
    db = build_db(tmp_path / "gap.db", [Row("Port Daily", "The ferry will run ... every day from June", "Ana Ruiz")])
    result = check(db, "The ferry will run twice as often every day from June")
    assert result.verdict == "altered"
    assert result.matches[0].closest.diff.added_at_elisions == 3
    assert "no article here confirms them" in result.explanation


# ---------------------------------------------------------------- issue 14: verdicts a journalist can rely on


@pytest.fixture
def ferry_db(tmp_path) -> Path:
    return build_ferry_db(tmp_path / "ferry.db")


def test_a_paste_matching_only_a_later_copy_names_that_copy_and_the_earliest_wording(ferry_db):
    result = check(ferry_db, '"Our final goal is to run these ferries with our own crews"')
    assert result.verdict == "trimmed"
    best = result.matches[0]
    assert best.closest.outlet == "The Daily Herald" and not best.matches_origin
    assert "as in The Daily Herald, 2024-11-24" in result.explanation
    assert "“ultimate” where you have “final”" in result.explanation
    assert "comes from" not in result.explanation  # NTB never wrote these words
    data = json.loads(json.dumps(result.to_dict()))
    assert data["matched_variant"]["outlet"] == "The Daily Herald"
    assert data["matched_variant"]["matches_origin"] is False
    assert "ultimate goal" in data["matched_variant"]["origin_wording"]
    assert data["matches"][0]["origin_differences"] == [{"origin": "ultimate", "pasted": "final"}]


def test_words_the_earliest_wording_has_are_said_to_come_from_its_wire(ferry_db):
    result = check(ferry_db, "Our ultimate goal is to run these ferries with our own crews")
    assert result.matches[0].closest.outlet == "Nordic Wire Daily"
    assert "This wording comes from NTB." in result.explanation
    # words both have: the earliest variant is the one named
    result = check(ferry_db, "pressing ahead with proactive work on the northern")
    assert result.matches[0].closest.outlet == "Nordic Wire Daily" and result.matches[0].matches_origin


@pytest.mark.parametrize(
    "paste",
    [
        "Marta Økland on Tuesday: 'Nobody has asked the crews what they think'",
        'BREAKING: Putin says "Nobody has asked the crews what they think" https://t.co/Ab12 #ferries',
        "Brennan: \u201cNobody has asked the crews what they think about the winter timetable.\u201d",
        "\u201cNobody has asked the crews what they think,\u201d Brennan said.",
        "'Nobody has asked the crews what they think' \u2014 Tomas Brennan",
        'Union leader says "nobody has asked the crews what they think" and the strike goes on',
    ],
)
def test_pastes_as_people_post_them_compare_only_the_quoted_words(ferry_db, paste):
    result = check(ferry_db, paste)
    assert result.verdict in ("verbatim", "trimmed"), result.explanation
    assert result.checked.lower().startswith("nobody has asked the crews")


def test_the_speaker_the_paste_names_is_checked(ferry_db):
    words = "Nobody has asked the crews what they think"
    same = check(ferry_db, f"Tomas Brennan: '{words}'")
    assert (same.pasted_speaker, same.speaker_verdict) == ("Tomas Brennan", "same")
    assert check(ferry_db, f"'{words}' \u2014 Union leader Brennan").speaker_verdict == "same"
    other = check(ferry_db, f'Marta Økland says "{words}"')
    assert (other.pasted_speaker, other.speaker_verdict) == ("Marta Økland", "different")
    assert other.speaker_explanation == "These words were said by Tomás Brennan, not Marta Økland."
    unnamed = check(ferry_db, f'"{words}"')
    assert (unnamed.pasted_speaker, unnamed.speaker_verdict) == (None, "not stated")
    data = other.to_dict()
    assert data["pasted_speaker"] == "Marta Økland" and data["speaker_verdict"] == "different"


@pytest.mark.parametrize(
    "paste",
    [
        "Were going to keep the harbour open, come what may",  # a dropped apostrophe
        "We\u2019re going to keep the harbor open, come what may",  # curly mark, American spelling
        "We are pressing ahead with pro active work on the northern line",
        "We are pressing ahead with pro-active work on the northern line",
    ],
)
def test_trivial_differences_are_not_alterations(ferry_db, paste):
    assert check(ferry_db, paste).verdict in ("verbatim", "trimmed")


def test_a_pasted_paragraph_gets_one_verdict_per_quotation(ferry_db):
    result = check(
        ferry_db,
        'Minister Marta Økland said: "We are pressing ahead with proactive work on the northern line." '
        'Union leader Tomás Brennan replied: "Nobody has asked the crews what they think." '
        'Økland added: "Our ferries will never stop running."',
    )
    assert [q.verdict for q in result.quotes] == ["verbatim", "trimmed", "not found"]  # verbatim as in Fjord Times
    assert [q.speaker_verdict for q in result.quotes] == ["same", "same", "unknown"]
    assert result.verdict == "not found" and "3 quotations checked" in result.explanation
    data = result.to_dict()
    assert [q["verdict"] for q in data["quotes"]] == ["verbatim", "trimmed", "not found"]
    assert data["quotes"][1]["matched_variant"]["outlet"] == "Coast Post"


def test_a_changed_word_in_what_looked_like_a_frame_is_still_an_alteration(ferry_db):
    # the quote itself holds quoted speech: the words around it are the quote's own
    result = check(
        ferry_db,
        "We are pressing ahead with proactive work on the northern line. Our 'first goal' is to run these ferries with our own crews",
    )
    assert result.verdict == "altered"


def test_cli_check_names_the_speaker_verdict_and_each_quotation(ferry_db):
    result = CliRunner().invoke(
        cli, ["check", 'Marta Økland says "Nobody has asked the crews what they think"', "--db", str(ferry_db)]
    )
    assert result.exit_code == 0, result.output
    assert "Speaker: different. These words were said by Tomás Brennan, not Marta Økland." in result.output
    result = CliRunner().invoke(
        cli,
        [
            "check",
            '"Our final goal is to run these ferries with our own crews," Økland said. '
            'Brennan said: "Nobody has asked the crews what they think."',
            "--db",
            str(ferry_db),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Quotation 1:" in result.output and "Quotation 2:" in result.output
    assert "The Daily Herald" in result.output and "not the earliest wording" in result.output
    data = json.loads(
        CliRunner()
        .invoke(cli, ["check", "Were going to keep the harbour open", "--db", str(ferry_db), "--json"])
        .output
    )
    assert data["verdict"] == "trimmed" and data["speaker_verdict"] == "not stated"


def test_common_words_alone_do_not_make_an_altered_quote():
    assert (
        compare_wordings("He is a liar.", "He is a good man who has served this town for forty years.") == "not found"
    )
    assert (
        compare_wordings("He is a good man who served this city", "He is a good man who served this town") == "altered"
    )


def test_a_quote_is_found_by_its_rare_phrase_when_its_other_phrases_are_everywhere(tmp_path, monkeypatch):
    """Candidates are ranked by the paste's rarest phrases: one said by more
    quotes than are ranked ("I can tell you that") does not crowd out the
    quote that has the paste's own words."""
    monkeypatch.setattr("provenance.check.COMMON_TERM_QUOTES", 3)
    common = [
        Row(f"Paper {i}", f"I can tell you that the {town} bridge opens soon", f"Mayor {i}", cluster=10 + i)
        for i, town in enumerate(["north", "south", "east", "west", "old", "new"])
    ]
    wanted = "I can tell you that the ferry timetable from Skye is frozen until spring"
    db = build_db(tmp_path / "many.db", [*common, Row("Island Post", wanted, "Ana Ruiz", cluster=1)])
    result = check(db, "I can tell you that the ferry timetable from Skye is frozen")
    assert result.verdict == "trimmed" and result.matches[0].closest.outlet == "Island Post"
    assert check(db, "I can tell you that the west bridge opens soon").verdict == "verbatim"
