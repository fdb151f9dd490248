"""Shared fixtures: one spaCy pipeline per session, cheap databases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from provenance.quotes.model import load_nlp

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def nlp():
    """The configured spaCy pipeline with the quote component, loaded once."""
    return load_nlp()


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory, nlp) -> Path:
    """A database built from seeds/ (read-only by convention: copy it to change it)."""
    from provenance.pipeline import build

    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    build([SEEDS], path, nlp=nlp)
    return path


@pytest.fixture
def seeds_db_copy(seeds_db, tmp_path) -> Path:
    """A private copy of the seeds database that a test may change."""
    path = tmp_path / "seeds.db"
    shutil.copy(seeds_db, path)
    return path


@pytest.fixture
def quotes_of(nlp):
    """Extract quotes from a text: quotes_of(text) -> list[Quote]."""

    def run(text: str):
        return nlp(text)._.quotes

    return run
