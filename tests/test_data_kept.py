"""Data a newsroom keeps: a command that did not do what was asked exits
non-zero and leaves the database as it was; a file that is not a
provenance database is never written; one badly named file is one line."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import cli

STORY = '"We will build the bridge next year," the mayor, Ana Ruiz, said on Monday in {place}.\n'


@pytest.fixture(autouse=True)
def shared_nlp(nlp, monkeypatch):
    monkeypatch.setattr("provenance.pipeline.load_nlp", lambda name=None, with_quotes=True: nlp)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(db: Path, table: str = "articles") -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def news_db(seeds_db_copy) -> Path:
    """A database of the five seed articles that a test may change."""
    assert count(seeds_db_copy) == 5
    return seeds_db_copy


@pytest.mark.parametrize("command", ["build", "add"])
def test_a_missing_source_leaves_the_database_and_exits_non_zero(command, news_db, tmp_path):
    before = digest(news_db)
    result = run(command, tmp_path / "typo", "--db", news_db)
    assert result.exit_code == 1, result.output
    assert "typo: no such file or folder" in result.output
    assert "no article was read" in result.output and "unchanged" in result.output
    assert digest(news_db) == before and count(news_db) == 5


@pytest.mark.parametrize("command", ["build", "add"])
def test_only_bad_inputs_leave_the_database_and_exit_non_zero(command, news_db, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"%PDF-1.4\x00\x01\x02" * 100)
    before = digest(news_db)
    result = run(command, tmp_path, "--db", news_db)
    assert result.exit_code == 1, result.output
    assert "empty.txt: empty file" in result.output and "binary.txt" in result.output
    assert digest(news_db) == before and count(news_db) == 5


def test_a_build_that_read_nothing_makes_no_database(tmp_path):
    result = run("build", tmp_path / "typo", "--db", tmp_path / "new.db")
    assert result.exit_code == 1
    assert not (tmp_path / "new.db").exists()
    assert [p.name for p in tmp_path.iterdir()] == []  # no temporary file left either


def test_adding_only_articles_already_stored_is_success(news_db):
    """Nothing new is not a failure: the articles asked for are in the database."""
    from conftest import SEEDS

    result = run("add", SEEDS, "--db", news_db)
    assert result.exit_code == 0, result.output
    assert "5 duplicates and 0 inputs skipped" in result.output
    assert count(news_db) == 5


def test_the_library_raises_a_named_error_and_changes_nothing(news_db, tmp_path):
    from provenance.errors import NothingRead
    from provenance.pipeline import add, build

    before = digest(news_db)
    for stages in (build, add):
        with pytest.raises(NothingRead):
            stages([tmp_path / "typo"], news_db)
    assert digest(news_db) == before


def other_schema(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("create table invoices (id integer primary key, customer text, total real)")
        conn.execute("insert into invoices (customer, total) values ('Harbour Ltd', 120.5)")
    return path


def tables(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("select name from sqlite_master order by name")]


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(STORY.format(place="Port Ellery"), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["add", "build"])
def test_a_database_of_another_schema_is_refused_untouched(command, article, tmp_path):
    db = other_schema(tmp_path / "accounts.db")
    before = digest(db)
    result = run(command, article, "--db", db)
    assert result.exit_code == 1, result.output
    assert "not a provenance database" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert digest(db) == before and tables(db) == ["invoices"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts.db", "story.txt"]


def test_adding_to_an_empty_file_is_refused_untouched(article, tmp_path):
    db = tmp_path / "news.db"
    db.write_bytes(b"")
    result = run("add", article, "--db", db)
    assert result.exit_code == 1
    assert "not a provenance database" in result.output and "empty" in result.output
    assert db.read_bytes() == b""


@pytest.mark.parametrize("command", ["add", "build"])
def test_a_file_that_is_not_a_database_is_refused_untouched(command, article, tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("my notes for the week\n" * 50, encoding="utf-8")
    before = digest(db)
    result = run(command, article, "--db", db)
    assert result.exit_code == 1
    assert "not a provenance database" in result.output or "not a database" in result.output
    assert digest(db) == before


def test_building_over_an_empty_file_is_allowed(article, tmp_path):
    db = tmp_path / "news.db"
    db.write_bytes(b"")
    result = run("build", article, "--db", db)
    assert result.exit_code == 0, result.output
    assert count(db) == 1


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux")
@pytest.mark.parametrize("command", ["build", "add"])
def test_a_file_name_that_is_not_utf8_is_one_line_and_the_rest_builds(command, news_db, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    bad = os.path.join(os.fsencode(folder), b"caf\xe9-story.txt")
    with open(bad, "wb") as fh:
        fh.write(STORY.format(place="Kestrel Bay").encode())
    (folder / "good.txt").write_text(STORY.format(place="Nordwind"), encoding="utf-8")
    db = news_db if command == "add" else tmp_path / "fresh.db"
    result = run(command, folder, "--db", db)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if "caf" in line]
    assert len(lines) == 1 and lines[0].startswith("Warning:") and "caf\\xe9-story.txt" in lines[0], lines
    with sqlite3.connect(db) as conn:
        sources = [r[0] for r in conn.execute("select source from articles")]
    assert any(s.endswith("good.txt") for s in sources)
    assert any(s.endswith("caf\\xe9-story.txt") for s in sources)
