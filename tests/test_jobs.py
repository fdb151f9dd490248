"""--jobs: extraction in forked processes gives what one process gives, in
the order the articles were read."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from provenance.cli import cli
from provenance.quotes.pool import can_fork, default_jobs, extract_each

TEXTS = [
    '"We will build the bridge next year," the mayor, Ana Ruiz, said on Monday.',
    "Nothing quoted here at all.",
    'Council member Tom Bell disagreed. "The budget is not there," he told reporters.\n\n"Not this year."',
    "The minister called the plan \u201ca reckless gamble\u201d in a statement on Friday.",
    '"Prices will fall," said Lena Ortiz, an economist at the bank. "Slowly, but they will."',
] * 3


def _fields(extractions):
    return [[(q.text, q.start, q.end, q.pieces, q.speaker, q.cue, q.credited) for q in e.quotes] for e in extractions]


def test_forked_workers_return_what_one_process_returns(nlp):
    one = [(group, ex) for group, ex in extract_each(nlp, list(range(len(TEXTS))), TEXTS.__getitem__, jobs=1)]
    two = [(group, ex) for group, ex in extract_each(nlp, list(range(len(TEXTS))), TEXTS.__getitem__, jobs=2)]
    assert [i for group, _ in two for i in group] == list(range(len(TEXTS)))
    assert _fields([e for _, ex in two for e in ex]) == _fields([e for _, ex in one for e in ex])
    assert any(e.quotes for _, ex in two for e in ex)


def test_default_jobs_is_the_cores():
    assert default_jobs() >= 1
    assert can_fork()  # Linux, where builds run


def test_build_with_jobs_gives_the_same_database(tmp_path, nlp, monkeypatch):
    monkeypatch.setattr("provenance.pipeline.load_nlp", lambda name=None, with_quotes=True: nlp)
    folder = tmp_path / "articles"
    folder.mkdir()
    for n, text in enumerate(TEXTS[:5]):
        (folder / f"{n}.txt").write_text(text + f"\n\nStory {n}.\n", encoding="utf-8")
    rows = {}
    for jobs in ("1", "2"):
        db = tmp_path / f"j{jobs}.db"
        result = CliRunner().invoke(cli, ["build", str(folder), "--db", str(db), "--jobs", jobs, "-q"])
        assert result.exit_code == 0, result.output
        with sqlite3.connect(db) as conn:
            rows[jobs] = conn.execute(
                "select a.source, q.start, q.text, q.cue from quotes q join articles a on a.id = q.article_id order by q.id"
            ).fetchall()
    assert rows["1"] == rows["2"] and rows["1"]


def test_jobs_must_be_positive(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(tmp_path), "--db", str(tmp_path / "x.db"), "--jobs", "0"])
    assert result.exit_code == 2
