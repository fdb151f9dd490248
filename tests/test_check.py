"""Checking a pasted quote: verdicts, the closest variant, the origin, the CLI."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.databases import Row, build_db

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
