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
development corpus). A step's arithmetic is tiny (a few states by 64
hidden units); what it costs is the calls around it, so the step model's
pieces are called directly (:func:`_scorer`), and the fewer batches an
article set is parsed in, the fewer steps: on polnear-dev's 81 quoted
articles, a quarter to a half less of the parser's CPU than spaCy's loop
in batches of 2 to 32. A batch of fewer than :data:`MIN_DOCS` articles
goes to the parser itself, whose loop costs less for one article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

FACTORY = "provenance_parser"
#: Articles a batch needs for stepping them together to pay.
MIN_DOCS = 2


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
            scores = _scorer(step) or step.predict
            while todo:
                todo = parser.transition_states(todo, scores(todo))
        finally:
            step.clear_memory()
        return states


def _scorer(step) -> Callable | None:
    """``step.predict`` without thinc's bookkeeping around it (a model call,
    parameter look-ups, masking classes no state lacks), which costs more
    than the arithmetic of a step of a few articles: the same features,
    sums, maxout and output layer on the same kernels, so the same scores.
    None unless the step model is the plain case (an output layer that is
    thinc's own linear layer, every class seen)."""
    from thinc.layers.linear import forward as linear

    upper = getattr(step, "vec2scores", None)
    if upper is None or not step.attrs.get("has_upper") or upper._func is not linear or not step._class_mask.all():
        return None
    weights, bias, ops = upper.get_param("W"), upper.get_param("b"), upper.ops
    hidden, token_ids = step.state2vec, step.get_token_ids

    def scores(states: list):
        out = ops.gemm(hidden.predict(token_ids(states)), weights, trans2=True)
        out += bias
        return out

    return scores
