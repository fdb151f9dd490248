"""The pipeline as load_nlp sets it up: the vectorised attribute ruler
gives the stock ruler's attributes, token for token."""

from __future__ import annotations

import importlib

import pytest

from provenance.quotes.model import model_name
from provenance.quotes.ruler import COMPONENT as FAST_RULER
from provenance.quotes.ruler import RULER, VectorisedRuler, vectorise_ruler

# Written for the ruler's odd patterns: contractions, "gonna", "y'all",
# "ain't", "there is", "I'd", pronoun cases, white space tokens.
TEXT = (
    "I'd say we're gonna win, y'all. \"We ain't done,\" she told them, and there is no doubt it's ours.\n\n"
    "Let's go.  The mayor, who had been there, said nothin' of it; he gets it.   \n"
    "Something happened: anyone could've seen that those were his, not hers. C'mon!"
)


@pytest.fixture(scope="module")
def stock():
    """The configured model exactly as shipped (its own attribute_ruler)."""
    return importlib.import_module(model_name()).load()


def _attributes(doc):
    return [
        (t.text, t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_, t.head.i, t.is_sent_start, t.ent_type_) for t in doc
    ]


def test_load_nlp_swaps_the_ruler(nlp):
    assert FAST_RULER in nlp.pipe_names
    assert RULER not in nlp.pipe_names


def test_vectorised_ruler_sets_what_the_ruler_sets(stock, nlp):
    names = [n for n in nlp.pipe_names if n.startswith("provenance_") and n != FAST_RULER]
    with nlp.select_pipes(disable=names):
        for text in (TEXT, TEXT.upper(), "", " ", "Hi."):
            assert _attributes(nlp(text)) == _attributes(stock(text))


def test_unknown_pattern_forms_keep_the_ruler():
    import spacy

    blank = spacy.blank("en")
    ruler = blank.add_pipe(RULER)
    ruler.add([[{"TEXT": {"FUZZY": "colour"}}]], {"LEMMA": "color"})
    assert not vectorise_ruler(blank)
    assert blank.pipe_names == [RULER]


def test_later_patterns_win():
    import spacy

    blank = spacy.blank("en")
    ruler = blank.add_pipe(RULER)
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "go"})
    ruler.add([[{"LOWER": "gon"}]], {"LEMMA": "first"})
    ruler.add([[{"LOWER": "na"}]], {"LEMMA": "second"}, index=0)
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, index=1)
    fast = VectorisedRuler(blank, ruler.patterns)
    text = "We are gon na see gon and na."
    assert [t.lemma_ for t in fast(blank.make_doc(text))] == [t.lemma_ for t in ruler(blank.make_doc(text))]


def test_the_ruler_keeps_one_outcome_per_effect_however_many_words_it_sees(nlp):
    """A JSONL of small records brings new words (numbers, names) in every
    record: each new word used to add an outcome and rebuild the tables,
    work that grew with every record read (quadratic in all)."""
    ruler = nlp.get_pipe(FAST_RULER)
    for doc in nlp.pipe(f"Record {i}: the mayor said bridge {i} opens on day {i * 7}." for i in range(300)):
        assert doc
    assert len(ruler._values) == len(set(map(tuple, zip(map(tuple, ruler._values), map(tuple, ruler._set_by)))))
    assert len(ruler._values) < 200


def test_cached_embeddings_give_the_pipelines_own_annotation(stock, nlp, monkeypatch):
    """Every tag, parse and entity is the stock pipeline's, the first time a
    word is seen and from the cache after, also when the cache is full and
    starts again."""
    from provenance.quotes import embedcache

    cached = [n for n in nlp.get_pipe("tok2vec").model.walk() if n.name == embedcache.NAME]
    assert cached, "load_nlp wraps the embedding layer"
    assert embedcache.cache_embeddings(nlp) == 0  # once only
    names = [n for n in nlp.pipe_names if n.startswith("provenance_") and n != FAST_RULER]
    texts = [TEXT, "Mayor Ana Ruiz of Leeds said on Tuesday: \u201cThe bridge opens in May.\u201d", TEXT]
    with nlp.select_pipes(disable=names):
        for text in texts:
            assert _attributes(nlp(text)) == _attributes(stock(text))
        monkeypatch.setattr(embedcache, "MAX_ROWS", 8)
        for text in texts:
            assert _attributes(nlp(text)) == _attributes(stock(text))


def test_distinct_rows_even_when_two_fold_alike(monkeypatch):
    """The distinct rows the embedding cache, lemmatiser and ruler work on:
    every row maps back to itself, also when rows fold to the same number
    (then the rows are compared)."""
    import numpy as np

    from provenance.quotes import rows as rows_module

    rng = np.random.default_rng(7)
    rows = rng.integers(0, 2**63, size=(40, 6), dtype=np.uint64)[rng.integers(0, 40, size=500)]
    for mix in (rows_module._MIX, np.zeros(8, dtype=np.uint64)):  # zeros: every row folds to 0
        monkeypatch.setattr(rows_module, "_MIX", mix)
        first, inverse = rows_module.distinct_rows(rows)
        assert np.array_equal(rows[first][inverse], rows) and len(first) == len(np.unique(rows, axis=0))
        assert all((rows[:k] != rows[k]).any(axis=1).all() for k in first)  # each the first of its kind


# Entities of every length, at sentence and paragraph ends, after white space.
ENTITY_TEXT = (
    "Deputy Mayor Ana María Ruiz-Okafor of the Leeds City Council told BBC Radio 4 on Tuesday morning that "
    "the £2.5 million bridge over the River Aire would open on 14 May 2027.\n\n"
    "Ruiz-Okafor\n\nThe Supreme Court of the United States, Microsoft and 3,000 Kenyan runners  "
    "met in New York City. Paul\nSmith said so.   Twenty-two percent of the World Health Organization's "
    "staff speak Portuguese; the second Olympic Games were held in Paris, France."
)


def test_entities_are_the_recognisers_own(stock, nlp):
    """load_nlp's entity step takes the recogniser's moves in bulk: the same
    entities as spaCy's own loop, token for token, batch or not."""
    from provenance.quotes.entities import GreedyEntities

    assert isinstance(nlp.get_pipe("ner"), GreedyEntities)
    names = [n for n in nlp.pipe_names if n.startswith("provenance_") and n != FAST_RULER]
    texts = [ENTITY_TEXT, ENTITY_TEXT.upper(), ENTITY_TEXT.lower(), "", "Paris", " Paris ", "Hi."]
    with nlp.select_pipes(disable=names):
        ours = list(nlp.pipe(texts, batch_size=3))
    theirs = list(stock.pipe(texts, batch_size=2))
    for mine, stocks in zip(ours, theirs):
        assert [(e.start, e.end, e.label_) for e in mine.ents] == [(e.start, e.end, e.label_) for e in stocks.ents]
        assert _attributes(mine) == _attributes(stocks)
    assert any(len(e) > 3 for e in ours[0].ents)


def test_entities_set_before_are_left_to_the_recogniser(stock, nlp):
    from spacy.tokens import Span

    def preset(pipeline):
        skip = [n for n in pipeline.pipe_names if n == "ner" or (n.startswith("provenance_") and n != FAST_RULER)]
        with pipeline.select_pipes(disable=skip):
            doc = pipeline(ENTITY_TEXT)
        doc.ents = [Span(doc, 0, 2, label="ORG")]
        return pipeline.get_pipe("ner")(doc)

    assert [(e.start, e.end, e.label_) for e in preset(nlp).ents] == [
        (e.start, e.end, e.label_) for e in preset(stock).ents
    ]


def test_tuned_arithmetic_gives_the_same_annotation(nlp):
    """The processor's own matrix kernels and no huge pages: every tag,
    parse and entity as with the library's defaults."""
    from provenance.quotes.arith import blis_kernel, tune

    names = [n for n in nlp.pipe_names if n.startswith("provenance_") and n != FAST_RULER]
    texts = [TEXT, ENTITY_TEXT]
    with nlp.select_pipes(disable=names):
        try:
            assert tune(on=False) == blis_kernel()
            plain = [_attributes(doc) for doc in nlp.pipe(texts)]
        finally:
            tuned = tune()
        assert [_attributes(doc) for doc in nlp.pipe(texts)] == plain
    assert tuned in (blis_kernel(), "haswell")


def test_lemmas_are_the_lemmatizers_own(stock, nlp, monkeypatch):
    """Each kind of token is lemmatised once: the same lemma as the stock
    lemmatizer's on every token, the first time, from what was kept, and
    when what was kept is full and dropped."""
    from provenance.quotes import lemmas

    assert isinstance(nlp.get_pipe("lemmatizer"), lemmas.CachedLemmas)
    text = (
        "The geese were flying over houses; she'd been running, ran and runs. Better votes, worse ideas, "
        "the best-laid plans of mice and men were taken, written and re-written by the councils' lawyers."
    )
    names = [n for n in nlp.pipe_names if n.startswith("provenance_") and n != FAST_RULER]
    with nlp.select_pipes(disable=names):
        for sample in (text, text, TEXT):
            assert [t.lemma_ for t in nlp(sample)] == [t.lemma_ for t in stock(sample)]
        monkeypatch.setattr(lemmas, "MAX_KEPT", 5)
        for sample in (text, ENTITY_TEXT):
            assert [t.lemma_ for t in nlp(sample)] == [t.lemma_ for t in stock(sample)]


def test_parses_are_the_parsers_own(stock, nlp):
    """load_nlp's parser steps the articles of a batch together: the same
    heads, labels and sentences as spaCy's own loop, in a batch large
    enough to be stepped together and in a small one."""
    from provenance.quotes.parse import MIN_DOCS, BatchParser

    assert isinstance(nlp.get_pipe("parser"), BatchParser)
    names = [n for n in nlp.pipe_names if n.startswith("provenance_") and n != FAST_RULER]
    texts = [TEXT, ENTITY_TEXT, TEXT.upper(), ENTITY_TEXT.lower(), "", "Paris", " Paris ", "Hi.", "No.\n\nYes, sir."]
    texts = texts * (MIN_DOCS // len(texts) + 1)
    for size in (len(texts), 2):
        with nlp.select_pipes(disable=names):
            ours = list(nlp.pipe(texts, batch_size=size))
        theirs = list(stock.pipe(texts, batch_size=size))
        for mine, stocks in zip(ours, theirs):
            assert _attributes(mine) == _attributes(stocks)
    assert any(t.dep_ == "nsubj" for t in ours[0])


def test_wide_kernels_give_the_same_products(nlp):
    """Where the AVX-512 kernels are used for the networks' batch layers,
    their products are the Haswell kernels' to the bit, over inner
    dimensions longer than one block too."""
    import blis.py
    import numpy

    from provenance.quotes import arith

    rng = numpy.random.default_rng(3)
    pairs = [
        (rng.standard_normal((m, k), dtype="f"), rng.standard_normal((n, k), dtype="f"))
        for m, k, n in ((50, 288, 288), (9, 700, 64))
    ]
    narrow = [blis.py.gemm(a, b, trans2=True) for a, b in pairs]
    with arith.wide():
        wide = [blis.py.gemm(a, b, trans2=True) for a, b in pairs]
    assert all((x == y).all() for x, y in zip(narrow, wide))
    assert arith.blis_kernel() in ("haswell", "generic") or not arith.wide_kernels()


def test_kernels_are_not_switched_while_other_threads_run(monkeypatch):
    """Switching kernels writes BLIS's process-wide context: a process with
    another thread alive (a Dask worker, a server) keeps the kernels it has."""
    from types import SimpleNamespace

    from provenance.quotes import arith

    switched = []
    threads = [2]
    monkeypatch.setattr(arith, "_kc", (256, 256))
    monkeypatch.setattr(arith, "_set_wide", lambda *args: switched.append(args))
    lib = SimpleNamespace(bli_gks_query_cntx=lambda: 0, bli_cntx_init_haswell=lambda context: None)
    monkeypatch.setattr(arith, "_library", lambda: lib)
    monkeypatch.setattr(arith, "threading", SimpleNamespace(active_count=lambda: threads[0]))
    with arith.wide():
        pass
    assert not switched
    threads[0] = 1
    with arith.wide(), arith.wide():
        pass
    assert len(switched) == 1


def test_maxout_layers_predict_the_layers_own_values():
    """The prediction-only maxout gives thinc's values, bit for bit, and
    training still runs thinc's own code."""
    import numpy as np
    from thinc.api import Maxout

    from provenance.quotes.layers import _wrap_maxout

    layer = Maxout(nO=7, nI=5, nP=3)
    layer.initialize()
    X = np.random.default_rng(3).normal(size=(11, 5)).astype("float32")
    expected = layer.predict(X)
    _wrap_maxout(layer)
    assert np.array_equal(layer.predict(X), expected)
    Y, backprop = layer.begin_update(X)
    assert np.array_equal(Y, expected) and backprop(np.ones_like(Y)).shape == X.shape


def test_layer_normalisation_predicts_the_layers_own_values():
    """The prediction-only layer normalisation gives thinc's values, bit for bit."""
    import numpy as np
    from thinc.api import LayerNorm

    from provenance.quotes.layers import _wrap_layernorm

    layer = LayerNorm(nI=96)
    layer.initialize()
    rng = np.random.default_rng(5)
    layer.set_param("G", rng.normal(size=96).astype("float32"))
    layer.set_param("b", rng.normal(size=96).astype("float32"))
    X = (rng.normal(size=(300, 96)) * 4 + 2).astype("float32")
    expected = layer.predict(X)
    _wrap_layernorm(layer)
    assert np.array_equal(layer.predict(X), expected)
