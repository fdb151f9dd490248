"""Bad input: every broken file gets one line naming it, the rest of the
corpus builds, and no traceback reaches the user.

The whole-file cases come from tests/fixtures/make_bad_inputs.py (generated
at test time, never committed)."""

from __future__ import annotations

import importlib.util
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import cli

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("make_bad_inputs", ROOT / "tests" / "fixtures" / "make_bad_inputs.py")
make_bad_inputs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_bad_inputs)

# file -> (level of its line, words the line must hold); files not listed must give no line.
EXPECTED = {
    "empty.txt": ("Error", "empty"),
    "whitespace.txt": ("Error", "whitespace"),
    "pdf.txt": ("Error", "PDF"),
    "png.txt": ("Error", "PNG"),
    "gzip.txt": ("Error", "gzip"),
    "random.txt": ("Error", "not text"),
    "random_no_nul.txt": ("Error", "not text"),
    "nul.txt": ("Error", "NUL"),
    "cp1251.txt": ("Warning", "cp1251"),
    "latin1.txt": ("Warning", "decoded as"),
    "utf16.txt": ("Warning", "UTF-16"),
    "utf16_no_bom.txt": ("Warning", "UTF-16"),
    "deep.html": ("Warning", "nested"),
    "empty.html": ("Error", "too short"),
    "marks_only.txt": ("Error", "no words"),
    "control.txt": ("Warning", "control characters"),
    "appeal_only.txt": ("Error", "chrome"),
    "huge.txt": ("Error", "--max-bytes"),
    "good_one.txt": ("Warning", "same text as"),
    "also_good_one.txt": ("Warning", "same text as"),
    "self": ("Warning", "symlink"),
    "loop": ("Warning", "symlink"),
}
JSONL_LINES = {
    2: "bad JSON",
    3: "not a JSON object",
    4: "not a JSON object",
    5: "not a JSON object",
    6: "no 'text'",
    7: "not a string",
    8: "no 'text'",
}
MANIFEST_LINES = {
    2: "not a date",
    3: "does not exist",
    4: "bad JSON",
    5: "not a JSON object",
    6: "neither 'path' nor 'url'",
}


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad") / "corpus"
    make_bad_inputs.generate(folder, big=False)
    # the 50 MB article is refused before it is read, so it costs only disk
    with (folder / "huge.txt").open("w", encoding="utf-8") as fh:
        line = "The council met again and said nothing new. " * 1000 + "\n"
        for _ in range(50_000_000 // len(line) + 1):
            fh.write(line)
    return folder


@pytest.fixture(scope="module")
def built(bad_folder, nlp, tmp_path_factory):
    """(CLI output, database) of `provenance build` over the bad folder."""
    import provenance.quotes.model

    db = tmp_path_factory.mktemp("out") / "bad.db"
    original = provenance.quotes.model.load_nlp
    provenance.quotes.model.load_nlp = lambda name=None, with_quotes=True: nlp
    try:
        result = CliRunner().invoke(cli, ["build", str(bad_folder), "--db", str(db)])
    finally:
        provenance.quotes.model.load_nlp = original
    return result, db


def _lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("Error:", "Warning:"))]


def test_build_carries_on_without_a_traceback(built):
    result, db = built
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert db.exists()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_gets_one_line_naming_it(built, name):
    result, _ = built
    level, words = EXPECTED[name]
    mine = [line for line in _lines(result.output) if re.search(rf"[/\\]{re.escape(name)}: ", line)]
    assert len(mine) == 1, f"{name}: {mine}\n{result.output}"
    assert mine[0].startswith(f"{level}:") and words in mine[0], mine[0]


def test_bad_jsonl_and_manifest_lines_each_get_one_line(built):
    result, _ = built
    lines = _lines(result.output)
    for file, expected in (("records.jsonl", JSONL_LINES), ("manifest.jsonl", MANIFEST_LINES)):
        for n, words in expected.items():
            mine = [line for line in lines if f"{file}:{n}: " in line]
            assert len(mine) == 1 and words in mine[0], (file, n, mine)
    assert sum("unknown manifest field 'colour'" in line for line in lines) == 1


def test_no_line_for_the_good_files_and_nothing_unexplained(built):
    result, _ = built
    named = set(EXPECTED) | {"records.jsonl", "manifest.jsonl"}
    for line in _lines(result.output):
        assert any(re.search(rf"[/\\]{re.escape(n)}(:\d+)?: ", line) for n in named), line


def test_the_readable_articles_are_stored_decoded_and_clean(built):
    _, db = built
    with sqlite3.connect(db) as conn:
        rows = {
            Path(s).name if not s.startswith("http") else s: (text, outlet, published)
            for s, text, outlet, published in conn.execute(
                "select source, text, o.name, published from articles a left join outlets o on o.id = a.outlet_id"
            )
        }
    assert "Мэр пообещал открыть мост весной" in rows["cp1251.txt"][0]
    assert "Étienne Lefèvre" in rows["latin1.txt"][0]
    assert "Ida Lund" in rows["utf16.txt"][0]
    assert "chief engineer" in rows["deep.html"][0]
    assert "Hanna Voss" in rows["broken.html"][0]
    assert "\x1b" not in rows["control.txt"][0] and "\x00" not in rows["control.txt"][0]
    assert rows["good_two.txt"][1:] == ("Rail Weekly", None)  # manifest outlet; its bad date left empty
    assert rows["https://example.org/news/ferry"][1:] == ("Island Post", "2021-06-01")
    assert "strike.txt" in rows  # a JSONL record named by its path
    # the same article under three names is stored once
    assert sum("Marta Quist" in text for name, (text, _, _) in rows.items() if name.endswith(".txt")) == 1
    for name in ("empty.txt", "pdf.txt", "nul.txt", "huge.txt", "marks_only.txt", "appeal_only.txt"):
        assert name not in rows


def test_every_stored_quote_slices_its_article(built):
    _, db = built
    with sqlite3.connect(db) as conn:
        for text, start, end, _quote in conn.execute(
            'select a.text, q.start, q."end", q.text from quotes q join articles a on a.id = q.article_id'
        ):
            assert 0 <= start <= end <= len(text)


def test_verbose_shows_the_traceback_of_an_unexpected_failure(tmp_path, nlp, monkeypatch):
    (tmp_path / "a.txt").write_text("The ferry sailed on time on Monday, the harbour office said.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The bridge opened on time on Tuesday, the council said.\n", encoding="utf-8")
    import provenance.ingest as ingest

    real = ingest.read_file

    def flaky(path, max_bytes, **options):
        if path.name == "a.txt":
            raise RuntimeError("disk gremlin")
        return real(path, max_bytes, **options)

    monkeypatch.setattr(ingest, "read_file", flaky)
    monkeypatch.setattr("provenance.pipeline.load_nlp", lambda name=None, with_quotes=True: nlp)
    quiet = CliRunner().invoke(cli, ["build", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert quiet.exit_code == 0
    assert "Traceback" not in quiet.output
    (line,) = [line for line in quiet.output.splitlines() if "a.txt" in line]
    assert line.startswith("Error:") and "RuntimeError" in line and "--verbose" in line
    loud = CliRunner().invoke(cli, ["build", str(tmp_path), "--db", str(tmp_path / "y.db"), "--verbose"])
    assert "Traceback" in loud.output and "disk gremlin" in loud.output
    with sqlite3.connect(tmp_path / "y.db") as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 1


@pytest.mark.parametrize(
    "given, stored", [("5MB", True), ("500kB", True), ("2MiB", True), ("1200", False), ("1.2kB", False)]
)
def test_max_bytes_takes_sizes(given, stored, tmp_path, nlp, monkeypatch):
    monkeypatch.setattr("provenance.pipeline.load_nlp", lambda name=None, with_quotes=True: nlp)
    (tmp_path / "a.txt").write_text("The council met on Monday and agreed the budget. " * 40, encoding="utf-8")
    db = tmp_path / "x.db"
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "a.txt"), "--db", str(db), "--max-bytes", given])
    assert result.exit_code == (0 if stored else 1), result.output  # a build that stored nothing failed
    assert db.exists() is stored
    if stored:
        with sqlite3.connect(db) as conn:
            assert conn.execute("select count(*) from articles").fetchone()[0] == 1
    assert ("--max-bytes" in result.output) is not stored


@pytest.mark.parametrize("given", ["lots", "-3", "5 parsecs", "0"])
def test_max_bytes_refuses_what_is_not_a_size(given, tmp_path):
    result = CliRunner().invoke(cli, ["build", str(tmp_path), "--db", str(tmp_path / "x.db"), "--max-bytes", given])
    assert result.exit_code == 2 and "is not a size" in result.output


def test_a_real_process_prints_no_traceback(bad_folder, tmp_path):
    """The installed command, as a user runs it: stderr holds only our lines."""
    result = subprocess.run(
        [sys.executable, "-m", "provenance", "build", str(bad_folder), "--db", str(tmp_path / "bad.db")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for line in result.stderr.splitlines():
        assert line.startswith(("Error:", "Warning:", str(tmp_path))), line


@pytest.mark.slow
def test_a_3mb_paragraph_without_a_newline_builds(tmp_path, nlp, monkeypatch):
    """Parsed in chunks within spaCy's limits (about two minutes on a laptop);
    every quote in it points into the text."""
    words = "the tide rose over the quay while the harbour master counted boats and gulls "
    quoted = 'and the harbour master said "all boats are in before the storm" to the crew '
    block = words * 250 + quoted  # one quote in about 20,000 characters
    (tmp_path / "long.txt").write_text((block * (3_000_000 // len(block) + 1))[:3_000_000], encoding="utf-8")
    monkeypatch.setattr("provenance.pipeline.load_nlp", lambda name=None, with_quotes=True: nlp)
    db = tmp_path / "long.db"
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "long.txt"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        (text,) = conn.execute("select text from articles").fetchone()
        assert len(text) >= 2_999_000
        quotes = conn.execute('select start, "end", text from quotes').fetchall()
    assert quotes
    assert all(text[start:end] == quote for start, end, quote in quotes)


def test_a_database_path_that_cannot_be_made_is_one_error_line(tmp_path):
    (tmp_path / "a.txt").write_text("The ferry sailed on time on Monday, the harbour office said.\n", encoding="utf-8")
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "a.txt"), "--db", str(tmp_path / "file" / "x.db")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_serving_a_file_that_is_not_a_database_is_one_error_line(tmp_path):
    fake = tmp_path / "notes.db"
    fake.write_text("these are my notes, not a database\n" * 100, encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", str(fake), "--port", "1"])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {fake}: file is not a database"


def test_an_html_file_far_over_the_cap_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """Parsing HTML takes time and memory that grow with it (a file ten
    times the cap: minutes and hundreds of MB): an HTML file more than
    twice the cap is refused by its size alone, unread."""
    from provenance.ingest import read_articles

    def parsed(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr("provenance.ingest.readers.extract_html", parsed)
    page = tmp_path / "huge.html"
    page.write_text("<html><body>" + "<p>The council met on Monday.</p>" * 1000 + "</body></html>", encoding="utf-8")
    problems = []
    assert list(read_articles([page], max_bytes=page.stat().st_size // 3, on_problem=problems.append)) == []
    assert len(problems) == 1 and "over the" in str(problems[0]) and "--max-bytes" in str(problems[0])
