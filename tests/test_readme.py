"""The README's Python examples run as written (in a folder holding the
seeds as ``articles/``)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("code", EXAMPLES, ids=[f"example-{n}" for n in range(1, len(EXAMPLES) + 1)])
def test_readme_example_runs(code, tmp_path, monkeypatch, nlp, capsys):
    shutil.copytree(ROOT / "seeds", tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("provenance.quotes.load_nlp", lambda name=None: nlp)
    monkeypatch.setattr("provenance.pipeline.load_nlp", lambda name=None, with_quotes=True: nlp)
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    assert capsys.readouterr().out.strip(), "every example prints something"


def test_the_readme_has_its_examples():
    assert len(EXAMPLES) >= 3
