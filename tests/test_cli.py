"""Every CLI command is documented and answers --help; errors are one line."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from provenance.cli import cli


def test_every_command_has_help_and_a_docstring():
    runner = CliRunner()
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name, command in cli.commands.items():
        assert command.help and command.help.strip(), f"command {name} has no help text"
        sub = runner.invoke(cli, [name, "--help"])
        assert sub.exit_code == 0, sub.output
        assert "Usage:" in sub.output


def test_build_reports_a_missing_path_and_builds_the_rest(tmp_path, nlp, monkeypatch):
    article = tmp_path / "one.txt"
    article.write_text('"We will build the bridge next year," the mayor, Ana Ruiz, said on Monday.\n', encoding="utf-8")
    db = tmp_path / "out.db"
    monkeypatch.setattr("provenance.quotes.model.load_nlp", lambda name=None, with_quotes=True: nlp)
    result = CliRunner().invoke(cli, ["build", str(article), str(tmp_path / "missing.txt"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "missing.txt" in result.output and "Error:" in result.output
    assert "Traceback" not in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 1


def test_add_to_a_missing_database_is_one_error_line(tmp_path):
    article = tmp_path / "one.txt"
    article.write_text("Nothing quoted here.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["add", str(article), "--db", str(tmp_path / "nope.db")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error:")
    assert "nope.db" in result.output
    assert len(result.output.strip().splitlines()) == 1
