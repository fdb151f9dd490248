"""What gets published: only the articles inside the folders given, under
names relative to them, with no bidi tricks in outlets, titles and URLs;
file names printed so that one error line cannot forge another."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import cli

STORY = '"We will open the new ferry line in May," the harbour master, Olav Dahl, said in {place}.\n'
SECRET = "Secret payroll notes for the whole staff, not for publication, kept by the finance office.\n"


@pytest.fixture(autouse=True)
def shared_nlp(nlp, monkeypatch):
    monkeypatch.setattr("provenance.pipeline.load_nlp", lambda name=None, with_quotes=True: nlp)


def build(*sources, db: Path, extra=()):
    return CliRunner().invoke(cli, ["build", *map(str, sources), "--db", str(db), *extra])


def every_text(db: Path) -> str:
    """Every text value in every table of the database, as one string."""
    out = []
    with sqlite3.connect(db) as conn:
        for (table,) in conn.execute("select name from sqlite_master where type = 'table'"):
            for row in conn.execute(f"select * from [{table}]"):
                out.extend(v for v in row if isinstance(v, str))
    return "\n".join(out)


@pytest.fixture
def layout(tmp_path) -> tuple[Path, Path]:
    """(corpus folder, a folder outside it holding something private)."""
    corpus, outside = tmp_path / "home" / "ana" / "corpus", tmp_path / "private"
    (corpus / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "more.txt").write_text(SECRET.replace("payroll", "medical"), encoding="utf-8")
    (corpus / "one.txt").write_text(STORY.format(place="Port Ellery"), encoding="utf-8")
    (corpus / "sub" / "two.txt").write_text(STORY.format(place="Kestrel Bay"), encoding="utf-8")
    return corpus, outside


def test_links_out_of_the_corpus_are_not_followed(layout, tmp_path):
    corpus, outside = layout
    os.symlink(outside / "secret.txt", corpus / "leak.txt")
    os.symlink(outside, corpus / "linked")
    os.symlink(corpus / "one.txt", corpus / "sub" / "inside-link.txt")  # stays inside: followed
    db = tmp_path / "news.db"
    result = build(corpus, db=db)
    assert result.exit_code == 0, result.output
    assert "payroll" not in every_text(db) and "medical" not in every_text(db)
    for name in ("leak.txt", "linked"):
        lines = [line for line in result.output.splitlines() if f"{name}: " in line]
        assert len(lines) == 1 and lines[0].startswith("Warning:"), result.output
        assert "outside the folders given" in lines[0]
    assert "inside-link.txt: same text as" in result.output


def test_a_manifest_path_outside_is_refused_without_saying_whether_it_exists(layout, tmp_path):
    corpus, outside = layout
    lines = [
        {"path": "one.txt", "outlet": "Harbour News"},
        {"path": os.path.relpath(outside / "secret.txt", corpus), "outlet": "Leak Daily"},
        {"path": os.path.relpath(outside / "nothing-here.txt", corpus), "outlet": "Leak Daily"},
        {"path": str(outside / "more.txt"), "outlet": "Leak Daily"},
    ]
    (corpus / "manifest.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    db = tmp_path / "news.db"
    result = build(corpus, db=db)
    assert result.exit_code == 0, result.output
    said = [line.split(": ", 2)[2] for line in result.output.splitlines() if "manifest.jsonl:" in line]
    assert said == ["path is outside the folders given; line ignored"] * 3, result.output
    assert "does not exist" not in result.output
    assert "Harbour News" in every_text(db) and "Leak Daily" not in every_text(db)


def test_a_manifest_given_elsewhere_may_name_files_beside_it(layout, tmp_path):
    """The eval sets' layout: manifest.jsonl beside an articles/ folder, naming files by name."""
    corpus, _ = layout
    manifest = corpus.parent / "manifest.jsonl"
    manifest.write_text(json.dumps({"path": "one.txt", "outlet": "Harbour News"}) + "\n", encoding="utf-8")
    db = tmp_path / "news.db"
    result = build(corpus, db=db, extra=["--manifest", str(manifest)])
    assert result.exit_code == 0 and "Warning" not in result.output, result.output
    assert "Harbour News" in every_text(db)


def test_sources_are_stored_relative_to_the_folder_given(layout, tmp_path):
    corpus, _ = layout
    records = corpus / "wire.jsonl"
    records.write_text(json.dumps({"text": STORY.format(place="Nordwind")}) + "\n", encoding="utf-8")
    single = tmp_path / "home" / "ana" / "single.txt"
    single.write_text(STORY.format(place="Fenland"), encoding="utf-8")
    db = tmp_path / "news.db"
    result = build(corpus.resolve(), single.resolve(), db=db)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        sources = sorted(r[0] for r in conn.execute("select source from articles"))
    assert sources == ["one.txt", "single.txt", "sub/two.txt", "wire.jsonl:1"]
    text = every_text(db)
    assert str(tmp_path) not in text and "/ana/" not in text


BIDI = "\u202e"  # RIGHT-TO-LEFT OVERRIDE


def test_bidi_controls_are_stripped_from_outlet_title_and_url(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(STORY.format(place="Millbrook"), encoding="utf-8")
    (corpus / "b.html").write_text(
        f"<html><head><title>Ferry{BIDI} news</title><meta property='og:site_name' content='Harbour{BIDI}\u2066 Post'>"
        f"</head><body><article><p>{STORY.format(place='Lakeside') * 3}</p></article></body></html>",
        encoding="utf-8",
    )
    (corpus / "manifest.jsonl").write_text(
        json.dumps(
            {
                "path": "a.txt",
                "outlet": f"{BIDI}enilnO liveE",
                "title": "Vote\u2067 result\u2069\nError: forged",
                "url": f"https://example.org/{BIDI}gro.live",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "news.db"
    assert build(corpus, db=db).exit_code == 0
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select o.name, a.title, a.url from articles a left join outlets o on o.id = a.outlet_id order by a.source"
        ).fetchall()
    assert rows[0] == ("enilnO liveE", "Vote result Error: forged", "https://example.org/gro.live")
    assert all(BIDI not in (v or "") and "\u2066" not in (v or "") for row in rows for v in row), rows


def test_file_names_are_printed_escaped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil\nError: forged line.txt").write_text("", encoding="utf-8")
    (corpus / "tint\x1b[31m.txt").write_text("", encoding="utf-8")
    (corpus / f"{BIDI}txt.exe.txt").write_text("", encoding="utf-8")
    (corpus / "good.txt").write_text(STORY.format(place="Stonehaven"), encoding="utf-8")
    result = build(corpus, db=tmp_path / "news.db")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert not any(line.startswith("Error: forged") for line in lines)
    assert any("evil\\nError: forged line.txt: empty file" in line for line in lines), lines
    assert any("tint\\x1b[31m.txt: empty file" in line for line in lines), lines
    assert any("\\u202etxt.exe.txt: empty file" in line for line in lines), lines
    assert "\x1b" not in result.output and BIDI not in result.output
