"""Every CLI command is documented and answers --help; errors are one line."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner
from fixtures.servers import start_server

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


def test_serve_dash_h_is_help():
    result = CliRunner().invoke(cli, ["serve", "-h"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and "--host" in result.output


def test_serve_on_a_port_in_use_is_one_error_line(seeds_db):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", str(seeds_db), "--port", str(port)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: port {port} on 127.0.0.1 is in use (another server?); choose another with --port (make demo PORT=8002)"
    ]


def test_serve_in_several_processes_answers_every_kind_of_page_and_stops_whole(seeds_db):
    import json
    import signal
    import time
    import urllib.parse
    import urllib.request
    from pathlib import Path

    server, base = start_server(seeds_db, "--workers", "2", "--sql-threads", "0")
    try:
        workers = [int(c) for t in Path(f"/proc/{server.pid}/task").glob("*/children") for c in t.read_text().split()]
        assert len(workers) >= 2  # the workers (and uvicorn's own helper)
        for path in ("/", "/seeds/quotes_view?_facet=outlet", "/-/cluster/seeds/1", "/seeds/altered_quotes?speaker="):
            for _ in range(4):  # whichever process answers
                assert urllib.request.urlopen(base + path, timeout=30).status == 200, path
        q = urllib.parse.quote("We are pushing ahead with proactive work in this direction")
        data = json.loads(urllib.request.urlopen(f"{base}/-/check.json?q={q}", timeout=30).read())
        assert data["verdict"] != "not found"
    finally:
        server.send_signal(signal.SIGINT)
        output = server.communicate(timeout=30)[0].decode()
    assert "in 2 processes" in output and "Traceback" not in output

    def alive(pid: int) -> bool:
        try:
            return "zombie" not in Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return False

    for _ in range(300):  # a busy machine takes a moment to end them
        if not any(alive(pid) for pid in workers):
            break
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)], "a server process outlived the server"


def test_serve_answers_from_a_process_per_core_unless_told(seeds_db, monkeypatch):
    import json

    import uvicorn

    from provenance.site import serve

    runs = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: runs.append(options))
    monkeypatch.setattr(serve, "cores", lambda: 3)
    monkeypatch.setenv(serve._WORKER_ENV, "")  # set by serve for its workers; gone after the test
    runner = CliRunner()
    result = runner.invoke(cli, ["serve", str(seeds_db), "--port", "0"])
    assert result.exit_code == 0 and "in 3 processes" in result.output
    assert runs[-1]["workers"] == 3 and json.loads(serve.os.environ[serve._WORKER_ENV])["sql_threads"] == 0
    result = runner.invoke(cli, ["serve", str(seeds_db), "--port", "0", "--workers", "1"])
    assert result.exit_code == 0 and "processes" not in result.output and "workers" not in runs[-1]


def test_add_counts_new_quotes_and_new_clusters_apart(tmp_path, nlp, monkeypatch):
    monkeypatch.setattr("provenance.pipeline.load_nlp", lambda name=None, with_quotes=True: nlp)
    first = tmp_path / "first.txt"
    first.write_text(
        '"We will build the new bridge over the river next year," the mayor, Ana Ruiz, said on Monday.\n',
        encoding="utf-8",
    )
    db = tmp_path / "out.db"
    built = CliRunner().invoke(cli, ["build", str(first), "--db", str(db)])
    assert "1 article added: 1 quote in 1 cluster and 1 statement" in built.output, built.output
    second = tmp_path / "second.txt"
    second.write_text(
        '"We will build the new bridge over the river next year," Mayor Ana Ruiz told the council.\n\n'
        '"The tram line opens in the spring of 2031," the transport chief, Omar Haddad, said.\n',
        encoding="utf-8",
    )
    added = CliRunner().invoke(cli, ["add", str(second), "--db", str(db)])
    assert added.exit_code == 0, added.output
    assert "1 article added: 2 new quotes (1 joined a wording already stored), 1 new cluster; " in added.output
    assert "now 2 clusters and 2 statements" in added.output


def test_the_progress_bar_starts_after_the_model_is_loaded_and_moves_by_batch(tmp_path, nlp, monkeypatch):
    """Click's time left is elapsed time over articles done: a clock started
    before the model load, or a count moved one article at a time after a
    whole batch was parsed, made it say half an hour for a one-minute build."""
    from provenance.pipeline import build
    from provenance.quotes.pool import BATCH

    events = []

    def load(name=None, with_quotes=True):
        events.append("model loaded")
        return nlp

    monkeypatch.setattr("provenance.pipeline.load_nlp", load)
    for i in range(BATCH + 3):
        (tmp_path / f"a{i:03}.txt").write_text(
            f'"Road {i} opens in May," the mayor, Ana Ruiz, said.\n', encoding="utf-8"
        )
    build(
        [tmp_path],
        tmp_path / "out.db",
        on_stage=events.append,
        on_batch=lambda batch: events.append(len(batch)),
    )
    assert events == ["model loaded", "reading", BATCH, 3, "clustering"]
