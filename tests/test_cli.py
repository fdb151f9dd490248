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
    monkeypatch.setattr("provenance.pipeline.load_nlp", lambda name=None, with_quotes=True: nlp)
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


def test_a_failure_inside_extraction_is_counted_and_named(tmp_path, nlp, monkeypatch):
    """A bug in attribution is never "no quotes" in silence: the article is
    named in an Error line, left out, and counted in the summary."""
    import provenance.quotes.component as component

    real = component.attribute_quotes

    def fragile(doc, spans):
        if "harbour" in doc.text:
            raise ValueError("a bug in attribution")
        return real(doc, spans)

    monkeypatch.setattr(component, "attribute_quotes", fragile)
    monkeypatch.setattr("provenance.pipeline.load_nlp", lambda name=None, with_quotes=True: nlp)
    (tmp_path / "a.txt").write_text('"We will open the harbour in May," the mayor, Ana Ruiz, said.\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text('"The budget is balanced," the treasurer, Li Wei, said.\n', encoding="utf-8")
    db = tmp_path / "out.db"
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert (
        "Error:" in result.output and "a.txt" in result.output and "ValueError: a bug in attribution" in result.output
    )
    assert "1 article: quote extraction failed (--verbose shows why)" in result.output
    assert "Traceback" not in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 1
        assert conn.execute("select count(*) from quotes").fetchone()[0] == 1

    verbose = CliRunner().invoke(cli, ["build", str(tmp_path / "a.txt"), "--db", str(db), "--verbose"])
    assert "Traceback" in verbose.output and "a bug in attribution" in verbose.output
