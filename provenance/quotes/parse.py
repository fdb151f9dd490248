"""The dependency parser's own moves, for a whole batch of articles at once.

spaCy's parser decides its moves in a compiled loop over the articles of a
few at a time (a quarter of the batch), and for every move of every article
it takes and releases the interpreter lock once per hidden unit (64 times)
just to pick each unit's best piece. :class:`BatchParser` steps all the
articles of a batch together instead: at each step the pipeline's own step
model scores every unfinished article's state in one product (the same
features, sums, maxout and output layer, on the same kernels), and the
parser's own compiled code checks which moves are valid and applies the
best, with its tie-breaking. The same parse, bit for bit (checked on every
development corpus); about a quarter less of the parser's CPU on a batch
of 16 articles. A batch of fewer than :data:`MIN_DOCS` articles goes to the
parser itself, whose loop costs less per step.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

FACTORY = "provenance_parser"
#: Articles a batch needs for stepping them together to pay.
MIN_DOCS = 8


@Language.factory(FACTORY)
def make_parser(nlp: Language, name: str) -> BatchParser:
    return BatchParser()


def can_step(parser) -> bool:
    """Whether ``parser`` is a greedy transition parser whose step model and
    transitions can be driven from here: every class seen, an output layer."""
    try:
        model = parser.model
        return (
            parser.cfg.get("beam_width", 1) == 1
            and model.attrs.get("has_upper")
            and not model.attrs.get("unseen_classes")
            and model.has_ref("lower")
            and callable(getattr(parser, "transition_states", None))
            and callable(getattr(parser.moves, "init_batch", None))
        )
    except (AttributeError, KeyError, ValueError):
        return False


class BatchParser:
    """Stands in for a pipeline's ``parser`` component (:meth:`use` gives it
    the parser) and sets the same heads, dependency labels and sentences."""

    def __init__(self) -> None:
        self.parser = None

    def use(self, parser) -> BatchParser:
        self.parser = parser
        self.name = parser.name  # the tok2vec component links the listener in its model by this name
        self.model = parser.model  # what walks the pipeline's networks finds here
        return self

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            work = [doc for doc in batch if len(doc)]
            if len(work) < MIN_DOCS:
                yield from self.parser.pipe(batch, batch_size=batch_size)
                continue
            self.parser.set_annotations(work, self.predict(work))
            yield from batch

    def predict(self, docs: list[Doc]) -> list:
        """The parser's final state for each (non-empty) doc."""
        parser = self.parser
        step = parser.model.predict(docs)  # token vectors and the precomputed first layer, for the batch
        try:
            states = parser.moves.init_batch(docs)
            todo = [state for state in states if not state.is_final()]
            while todo:
                todo = parser.transition_states(todo, step.predict(todo))
        finally:
            step.clear_memory()
        return states
