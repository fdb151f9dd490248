"""Clustering in steps over partitions and buckets (what ``--engine dask``
runs as tasks, :mod:`provenance.engine.grouping`), here one step after
another in this process: the database of :func:`regroup`, ids, clustering
state and all."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from functools import partial
from pathlib import Path

import numpy as np
import pytest
from fixtures.databases import Said, Story, add_stories
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import store
from provenance.clustering import regroup
from provenance.clustering.phrases import Vocab
from provenance.clustering.regroup import _roots, _UnionFind
from provenance.pipeline import add, update_groups
from provenance.records import Phrase

pytest.importorskip("pyarrow")

from provenance.engine.grouping import CyclicLinks, cluster, smallest_joined, tree_roots

ROOT = Path(__file__).resolve().parent.parent
TABLES = (
    "clusters",
    "statements",
    "copy_edges",
    "quotes",
    "_match_phrases",
    "_match_quotes",
    "_match_postings",
    "_match_formulas",
)


def _synthetic_stories(quotes: int) -> list[Story]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synth
    finally:
        sys.path.pop(0)
    return [
        Story(art.outlet, [Said(q.text, q.speaker) for q in art.quotes], published=art.published, wire=art.wire)
        for art in synth.Generator(1).corpus(quotes)
    ]


@pytest.fixture(scope="module")
def clustered(tmp_path_factory) -> Path:
    """About 1,500 synthetic quotes (wire copies, cuts, formulas, speakers'
    habits) and a remark quoted on more days than a key may be held by."""
    path = tmp_path_factory.mktemp("grouping") / "local.db"
    remark = "Our ministry will sign the contract for the new air defence systems before the summer recess"
    many_days = [
        Story("Daily Wire", [Said(remark, "Fikri Isik")], published=f"2017-{1 + d // 28:02d}-{1 + d % 28:02d}")
        for d in range(60)
    ]
    add_stories(path, _synthetic_stories(1500) + many_days)
    return path


@pytest.fixture(scope="module")
def both(clustered, tmp_path_factory) -> tuple[Path, Path]:
    """``clustered`` clustered again in one process, and in steps over 3 partitions and 4 buckets."""
    folder = tmp_path_factory.mktemp("both")
    steps = partial(cluster, folder=folder / "work", parts=3, partition_quotes=400, buckets=4)
    return _clustered_again(clustered, folder / "local.db", regroup), _clustered_again(
        clustered, folder / "stepped.db", steps
    )


def _dump(path: Path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        return {t: sorted(conn.execute(f"select * from [{t}]").fetchall(), key=repr) for t in TABLES}
    finally:
        conn.close()


def _clustered_again(source: Path, path: Path, grouper) -> Path:
    """``source`` with its clustering forgotten, its quotes clustered again by ``grouper``."""
    shutil.copy(source, path)
    db = store.open_database(path)
    db.conn.execute("BEGIN")
    for table in ("_match_phrases", "_match_quotes", "_match_postings", "_match_postings_recent", "_match_formulas"):
        db.conn.execute(f"delete from [{table}]")
    update_groups(db, [], grouper)
    db.conn.execute("COMMIT")
    db.conn.close()
    return path


def test_clustering_in_steps_over_buckets_is_the_clustering_of_one_process(both):
    a, b = (_dump(path) for path in both)
    assert len(a["clusters"]) > 400 and a["_match_formulas"]
    assert any(row[6] > 1 for row in a["statements"])  # statements of several clusters
    assert a == b
    assert not (both[1].parent / "work").exists()  # the steps' files are removed


def test_a_database_clustered_in_steps_takes_new_articles_as_one_clustered_here(tmp_path, both):
    said = _synthetic_stories(100)[0].quotes[0]
    day = [Story("Late Edition", [said], published="2021-01-01")] + _synthetic_stories(1700)[-20:]
    copies = []
    for path in both:
        copies.append(tmp_path / path.name)
        shutil.copy(path, copies[-1])
        add_stories(copies[-1], day)
    assert _dump(copies[0]) == _dump(copies[1])


def test_add_on_a_database_clustered_in_steps(tmp_path, seeds_db, nlp):
    stepped = _clustered_again(
        seeds_db, tmp_path / "stepped.db", partial(cluster, folder=tmp_path / "work", parts=3, buckets=2)
    )
    local = _clustered_again(seeds_db, tmp_path / "local.db", regroup)
    text = '"We are pushing ahead with proactive work in this direction," Isik told NTV on Thursday.'
    (tmp_path / "new.txt").write_text(text)
    for path in (stepped, local):
        add([tmp_path / "new.txt"], path, nlp=nlp)
    assert _dump(stepped) == _dump(local)


@pytest.mark.parametrize("order", [1, -1])
def test_a_word_is_coded_alike_whatever_words_came_before_it(order):
    """Two vocabularies (two workers) that met the same words in other
    orders agree on each word's stem and on whether it is a content word;
    inflections share one code ("family", "families")."""
    words = ["families", "family", "uses", "us", "meetings", "meeting", "knowingly", "know", "the", "talks"]
    seen = Vocab()
    seen.encode(words[::order])
    fresh = Vocab()

    def facts(vocab: Vocab, word: str) -> tuple:
        i = int(vocab.indices([vocab.encode([word])])[0])
        return vocab.words[i], vocab.crc[i], vocab.content[i]

    assert [facts(seen, w) for w in words] == [facts(fresh, w) for w in words]
    assert seen.encode(["family"]) == seen.encode(["families"])
    assert not facts(seen, "the")[2] and facts(seen, "talks")[2]


@st.composite
def _phrase_graphs(draw) -> tuple[list[int], list[int]]:
    """Parent links making a forest (each phrase links to one met before it
    in some order, or to none) and statement links to any phrase."""
    n = draw(st.integers(1, 60))
    order = draw(st.permutations(range(1, n + 1)))
    parent = [0] * (n + 1)
    for i, p in enumerate(order):
        if i and draw(st.booleans()):
            parent[p] = order[draw(st.integers(0, i - 1))]
    statement_parent = [0] + [draw(st.sampled_from([0, *range(1, n + 1)])) for _ in range(n)]
    return parent, statement_parent


@settings(max_examples=200, deadline=None)
@given(_phrase_graphs())
def test_clusters_and_statements_over_integer_arrays_are_those_of_the_records(graph):
    """The driver of a Dask build keeps only integer arrays of the phrase
    graph (a few bytes a phrase) and finds clusters (roots of the parent
    trees) and statements (clusters joined by statement links, numbered by
    their smallest cluster) over them: the same as a local build's walk
    over phrase records and its union-find."""
    parent, statement_parent = graph
    phrases = {
        i: Phrase(i, i, "", parent=parent[i] or None, statement_parent=statement_parent[i] or None)
        for i in range(1, len(parent))
    }
    roots = _roots(phrases)
    uf = _UnionFind()
    for p in phrases.values():
        uf.find(roots[p.id])
        if p.statement_parent is not None:
            uf.union(roots[p.id], roots[p.statement_parent])
    cluster = tree_roots(np.array(parent, np.int32))
    joined = np.flatnonzero(statement_parent)
    label = smallest_joined(len(parent), cluster[joined], cluster[np.array(statement_parent)[joined]], np.int32)
    assert cluster[1:].tolist() == [roots[i] for i in phrases]
    assert label[cluster][1:].tolist() == [uf.find(roots[i]) for i in phrases]


def test_parent_links_in_a_cycle_are_refused():
    with pytest.raises(CyclicLinks):
        tree_roots(np.array([0, 2, 3, 1], np.int64))
