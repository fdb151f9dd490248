"""The entity recogniser's own decisions, taken in bulk.

spaCy's entity recogniser reads a text left to right, one token at a time,
in a compiled loop that costs more than its network (two thirds of the
recogniser's CPU, most of it checking which moves are allowed). But the
decision at a token outside any entity rests on that token's vector alone
(the other two features of its state are empty), and entities are short.
So :class:`GreedyEntities` scores every token as if no entity were open in
one matrix product, and steps token by token only inside an entity, with
the same network, the same three features, the same rules for which move
is allowed and the same tie-breaking: the same entities (checked on all
development documents and 200 PolNeAR training articles), at a third of
the CPU. Where its assumptions do not hold (entities set before it runs,
another kind of model), it hands the docs to the recogniser itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

FACTORY = "provenance_entities"


@Language.factory(FACTORY)
def make_entities(nlp: Language, name: str) -> GreedyEntities:
    return GreedyEntities()


def can_decode(ner) -> bool:
    """Whether ``ner`` is a greedy recogniser of the shape decoded here:
    three state features (the next token, the open entity's first token,
    the token before the next) and B/I/L/U/O moves, every class seen."""
    try:
        model = ner.model
        lower, upper = model.layers[1], model.layers[2]
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        return (
            ner.cfg.get("beam_width", 1) == 1
            and model.attrs.get("has_upper")
            and not model.attrs.get("unseen_classes")
            and lower.get_dim("nF") == 3
            and upper.get_dim("nO") == len(names)
            and all(n == "O" or n[:2] in ("B-", "I-", "L-", "U-") for n in names)
        )
    except (AttributeError, KeyError, IndexError, ValueError):
        return False


class GreedyEntities:
    """Stands in for a pipeline's ``ner`` component (:meth:`use` gives it
    the recogniser) and sets the same ``doc.ents``."""

    def __init__(self) -> None:
        self.ner = None

    def use(self, ner) -> GreedyEntities:
        self.ner = ner
        self.model = ner.model  # what walks the pipeline's networks finds here
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        moves = [n.split("-", 1) if "-" in n else [n, ""] for n in names]
        self.labels = sorted({label for _, label in moves if label})
        index = {label: k for k, label in enumerate(self.labels)}
        self.label_of = np.array([index.get(label, -1) for _, label in moves])
        kind = np.array([m if label else "" for m, label in moves])
        self.unit, self.begin, self.out = kind == "U", kind == "B", np.array([m == "O" for m, _ in moves])
        self.inside = np.full(len(self.labels), -1)
        self.last = np.full(len(self.labels), -1)
        for j, (m, label) in enumerate(moves):
            if label and m == "I":
                self.inside[index[label]] = j
            elif label and m == "L":
                self.last[index[label]] = j
        return self

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            if any(doc.to_array([ENT_IOB]).any() for doc in batch):  # entities set before: spaCy's rules for them
                yield from self.ner.pipe(batch, batch_size=len(batch))
                continue
            for doc, ents in zip(batch, self.predict(batch)):
                doc.set_ents([Span(doc, a, b, label=self.labels[k]) for a, b, k in ents], default="outside")
                yield doc

    def predict(self, docs: list[Doc]) -> list[list[tuple[int, int, int]]]:
        """(start, end, label index) of each doc's entities."""
        found: list[list[tuple[int, int, int]]] = [[] for _ in docs]
        work = [(n, doc) for n, doc in enumerate(docs) if len(doc)]
        if not work:
            return found
        model = self.ner.model
        features = model.layers[1].predict(model.layers[0].predict([doc for _, doc in work]))
        # features: one row per token (row 0 the padding) of (feature, hidden, piece)
        pad, bias = features[0], model.layers[1].get_param("b")
        W, b = model.layers[2].get_param("W"), model.layers[2].get_param("b")
        ops = model.ops
        # in spaCy's order: the next token's feature, the two empty ones, the bias; then maxout
        hidden = _pieces_max(((features[1:, 0] + pad[1]) + pad[2]) + bias)
        scores = ops.gemm(np.ascontiguousarray(hidden), W, trans2=True)
        scores += b
        offset = 1
        for n, doc in work:
            size = len(doc)
            flags = doc.to_array([SENT_START, IS_SPACE])
            starts = flags[:, 0].astype("int64") == 1
            breaks = np.ones(size, dtype=bool)  # no entity may go on past this token
            breaks[:-1] = starts[1:]
            space = flags[:, 1].astype(bool)
            own = scores[offset - 1 : offset - 1 + size].copy()
            own[:, self.unit] = np.where(space[:, None], -np.inf, own[:, self.unit])
            own[:, self.begin] = np.where((space | breaks)[:, None], -np.inf, own[:, self.begin])
            own[:, ~(self.unit | self.begin | self.out)] = -np.inf
            best = own.argmax(axis=1)
            ents = found[n]
            done = 0
            for i in np.flatnonzero(~self.out[best]):
                if i < done:
                    continue
                label = self.label_of[best[i]]
                k = i
                if self.begin[best[i]]:
                    k = self._entity_end(features, bias, W, b, ops, offset, i, label, breaks)
                ents.append((int(i), int(k) + 1, int(label)))
                done = k + 1
            offset += size
        return found

    def _entity_end(self, features, bias, W, b, ops, offset, first, label, breaks) -> int:
        """The last token of the entity opened at ``first``: step on while
        'in' scores above 'last' (and an entity may go on)."""
        inside, last = self.inside[label], self.last[label]
        k = first + 1
        while True:
            if breaks[k]:  # 'last' is the only move left
                return k
            row = ((features[offset + k, 0] + features[offset + first, 1]) + features[offset + k - 1, 2]) + bias
            score = ops.gemm(np.ascontiguousarray(_pieces_max(row)[None, :]), W, trans2=True)[0] + b
            # the first of the two best in column order wins a tie, as in spaCy
            a, c = (inside, last) if inside < last else (last, inside)
            if (c if score[c] > score[a] else a) == last:
                return k
            k += 1


def _pieces_max(units: np.ndarray) -> np.ndarray:
    """The maxout over the last axis (the pieces, two in en_core_web_sm):
    numpy reduces a short last axis element by element, about twenty times
    slower than comparing its slices; the values are the same."""
    if units.shape[-1] != 2:
        return units.max(axis=-1)
    return np.maximum(units[..., 0], units[..., 1])
