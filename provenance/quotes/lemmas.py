"""The pipeline's rule lemmatizer, once per kind of token.

spaCy's English lemmatizer keeps the lemmas it works out, but not the ones
it settles early (a singular noun, a base-form verb, any proper noun or
punctuation: most tokens), so those are worked out again every time; and
it checks each candidate form against a word list of up to 57,000 entries
read one by one. :class:`CachedLemmas` stands in for it: it asks the
lemmatizer itself once per distinct (word, part of speech, morphology), the
word lists held as sets, and writes a whole Doc's lemmas at once. The same
lemma on every token (a token's lemma depends on nothing else).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.tokens import Doc

from .rows import distinct_rows

FACTORY = "provenance_lemmas"
#: Distinct tokens whose lemma is kept (about 100 bytes each).
MAX_KEPT = 200_000


@Language.factory(FACTORY)
def make_lemmas(nlp: Language, name: str) -> CachedLemmas:
    return CachedLemmas()


def can_cache(lemmatizer) -> bool:
    """A rule lemmatizer that leaves lemmas already set alone."""
    return (
        getattr(lemmatizer, "mode", None) == "rule"
        and not getattr(lemmatizer, "overwrite", True)
        and callable(getattr(lemmatizer, "rule_lemmatize", None))
        and lemmatizer.lookups.has_table("lemma_index")
    )


def _with_index_sets(lookups: Lookups) -> Lookups:
    """A copy of the tables whose word lists are sets (the same answers to
    ``form in index``)."""
    copy = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        fast = copy.add_table(name)
        for key, value in table.items():
            fast[key] = frozenset(value) if name == "lemma_index" and isinstance(value, list) else value
    return copy


class CachedLemmas:
    """Stands in for a pipeline's ``lemmatizer`` (:meth:`use` gives it the
    lemmatizer) and sets the same ``token.lemma_``."""

    def __init__(self) -> None:
        self.lemmatizer = None
        self.kept: dict[tuple[int, int, int], int] = {}

    def use(self, lemmatizer) -> CachedLemmas:
        lemmatizer.lookups = _with_index_sets(lemmatizer.lookups)
        self.lemmatizer = lemmatizer
        return self

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        values = doc.to_array([ORTH, POS, MORPH, LEMMA])
        unset = np.flatnonzero(values[:, 3] == 0)
        if not len(unset):
            return doc
        first, inverse = distinct_rows(np.ascontiguousarray(values[unset, :3]))
        kinds = values[unset[first], :3]
        if len(self.kept) + len(kinds) > MAX_KEPT:
            self.kept.clear()
        strings = doc.vocab.strings
        lemmas = np.empty(len(kinds), dtype="uint64")
        for n, kind in enumerate(map(tuple, kinds.tolist())):
            lemma = self.kept.get(kind)
            if lemma is None:
                token = doc[int(unset[first[n]])]
                lemma = self.kept[kind] = strings.add(self.lemmatizer.rule_lemmatize(token)[0])
            lemmas[n] = lemma
        values[unset, 3] = lemmas[inverse.reshape(-1)]
        doc.from_array([LEMMA], values[:, 3:4])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)
