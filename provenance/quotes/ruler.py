"""The attribute ruler's own patterns, applied a whole article at a time.

spaCy's ``attribute_ruler`` (179 patterns in en_core_web_sm: POS and
morphology from the tag, lemma exceptions such as "'d" -> "would") runs the
Matcher and then sets each match's attributes one Span at a time, which is
about a sixth of the pipeline's time. The same patterns are plain tests on
a token's TAG, LOWER, DEP and IS_SPACE, so here each one becomes a numpy
mask over the article's tokens, applied in the ruler's order (a later
pattern wins, as in spaCy), and the result is written back with one
``Doc.from_array``. The output is the ruler's, token for token.

:func:`vectorise_ruler` swaps the ruler for this copy when every pattern is
of a form it knows, and leaves the pipeline alone otherwise (another
model's ruler may use the Matcher's other features).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

from .rows import distinct_rows

COMPONENT = "provenance_attributes"
RULER = "attribute_ruler"

_KEYS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_READ = [TAG, LOWER, DEP, IS_SPACE]
#: attributes a pattern may set, in the column order of the array written back
_WRITE = {"POS": POS, "MORPH": MORPH, "LEMMA": LEMMA, "TAG": TAG, "DEP": DEP}


class Unsupported(Exception):
    """A ruler pattern this copy cannot evaluate."""


@dataclass
class _Test:
    """One key of one token of a pattern: ``column`` of the read array
    equals / is in / is not in ``values``, or its string matches ``regex``."""

    column: int
    op: str  # "in", "not_in", "regex", "bool"
    values: tuple = ()
    regex: re.Pattern | None = None


@dataclass
class _Rule:
    """One ruler entry: alternative token sequences, the token of a match
    that gets the attributes, and the attributes (as hashes)."""

    alternatives: list[list[list[_Test]]]
    index: int
    attrs: dict[str, int]


def _test(nlp: Language, key: str, value) -> _Test:
    if key not in _KEYS:
        raise Unsupported(key)
    column = _KEYS[key]
    if key == "IS_SPACE":
        if not isinstance(value, bool):
            raise Unsupported(f"{key}: {value!r}")
        return _Test(column, "bool", (int(value),))
    if isinstance(value, str):
        return _Test(column, "in", (nlp.vocab.strings.add(value),))
    if isinstance(value, dict) and len(value) == 1:
        op, arg = next(iter(value.items()))
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
            return _Test(column, op.lower(), tuple(nlp.vocab.strings.add(v) for v in arg))
        if op == "REGEX" and isinstance(arg, str):
            return _Test(column, "regex", regex=re.compile(arg))
    raise Unsupported(f"{key}: {value!r}")


def _rules(nlp: Language, patterns: list[dict]) -> list[_Rule]:
    rules = []
    for entry in patterns:
        attrs = {}
        for name, value in entry["attrs"].items():
            if name not in _WRITE or not isinstance(value, str):
                raise Unsupported(name)
            attrs[name] = nlp.vocab.morphology.add(value) if name == "MORPH" else nlp.vocab.strings.add(value)
        alternatives = []
        for pattern in entry["patterns"]:
            if not pattern or not all(isinstance(t, dict) and t for t in pattern):
                raise Unsupported(repr(pattern))
            alternatives.append([[_test(nlp, k, v) for k, v in tok.items()] for tok in pattern])
        index = entry.get("index", 0)
        if any(not -len(p) <= index < len(p) for p in alternatives):
            raise Unsupported(f"index {index}")
        rules.append(_Rule(alternatives, index, attrs))
    return rules


class VectorisedRuler:
    """The attribute ruler's patterns as array operations (see the module).

    A one-token pattern depends only on the token's (TAG, LOWER, DEP,
    IS_SPACE), and on LOWER only for the 132 words the patterns name (and
    the few a regex matches): what all of them do to a token is worked out
    once per distinct combination, every other word counted as one, and
    cached (about 900 on polnear-dev, 1,800 on all of polnear-train);
    the few longer patterns are numpy masks over the article, applied
    where they come later in the ruler than the pattern that set the
    attribute."""

    CACHE_SIZE = 200_000

    def __init__(self, nlp: Language, patterns: list[dict]):
        self.vocab = nlp.vocab
        rules = _rules(nlp, patterns)
        self.write = sorted({name for rule in rules for name in rule.attrs}, key=list(_WRITE).index)
        self.column = {name: k for k, name in enumerate(self.write)}
        self.single = [(k, r) for k, r in enumerate(rules) if all(len(p) == 1 for p in r.alternatives)]
        # a one-token rule is tried only on tokens with the TAG or LOWER its every alternative needs
        self._needs: dict[tuple[int, int], list[int]] = {}
        self._always: list[int] = []
        for n, (_k, rule) in enumerate(self.single):
            keys = [self._key_test(pattern[0]) for pattern in rule.alternatives]
            if any(key is None for key in keys):
                self._always.append(n)
                continue
            for test in keys:
                for value in test.values:
                    self._needs.setdefault((test.column, value), []).append(n)
        self.longer = [(k, r) for k, r in enumerate(rules) if any(len(p) > 1 for p in r.alternatives)]
        # a token's LOWER matters to the one-token patterns only where one of them names it or its
        # regex matches it: every other word is looked up as LOWER 0 (which no pattern names), so
        # a new word costs a look-up, not an evaluation
        lower_tests = [t for _, r in self.single for p in r.alternatives for t in p[0] if t.column == 1]
        named = {v for t in lower_tests for v in t.values}
        self._lower_named = numpy.array(sorted(named), dtype=numpy.uint64)
        self._lower_regexes = [t.regex for t in lower_tests if t.op == "regex"]
        self._lower_matched: dict[int, bool] = {}
        self._fold_lower = (
            0 not in named
            and all(t.op in ("in", "not_in", "regex") for t in lower_tests)
            and not any(regex.search("") for regex in self._lower_regexes)
        )
        width = len(self.write)
        # outcome 0: no pattern applies
        self._values = [[0] * width]
        self._set_by = [[-1] * width]
        self._outcome: dict[tuple, int] = {}
        # one outcome per distinct effect: a new word (a number, a name) usually does what others did,
        # so the outcome tables stay small and are rarely rebuilt (once per new word, they made a
        # JSONL of small records quadratic)
        self._effects: dict[tuple, int] = {}
        self._tables: tuple[numpy.ndarray, numpy.ndarray] | None = None

    def _passes(self, test: _Test, value: int) -> bool:
        if test.op == "bool" or test.op == "in":
            return value in test.values
        if test.op == "not_in":
            return value not in test.values
        return bool(test.regex.search(self.vocab.strings[value]))

    @staticmethod
    def _key_test(tests: list[_Test]) -> _Test | None:
        """A test on TAG or LOWER that a token must pass for these tests to."""
        return next((t for t in tests if t.op == "in" and t.column in (0, 1)), None)

    def _evaluate(self, row: tuple) -> int:
        """What the one-token patterns do to a token with these values."""
        values = [0] * len(self.write)
        set_by = [-1] * len(self.write)
        candidates = set(self._always)
        candidates.update(self._needs.get((0, row[0]), ()))
        candidates.update(self._needs.get((1, row[1]), ()))
        for n in sorted(candidates):
            k, rule = self.single[n]
            if any(all(self._passes(t, row[t.column]) for t in pattern[0]) for pattern in rule.alternatives):
                for name, value in rule.attrs.items():
                    values[self.column[name]] = value
                    set_by[self.column[name]] = k
        if set_by == [-1] * len(self.write):
            outcome = 0
        else:
            effect = (*values, *set_by)
            outcome = self._effects.get(effect)
            if outcome is None:
                outcome = self._effects[effect] = len(self._values)
                self._values.append(values)
                self._set_by.append(set_by)
                self._tables = None
        if len(self._outcome) < self.CACHE_SIZE:
            self._outcome[row] = outcome
        return outcome

    def _fold(self, read: numpy.ndarray) -> numpy.ndarray:
        """``read`` with LOWER 0 wherever no one-token pattern names the word or matches it."""
        lower = read[:, 1]
        kept = numpy.isin(lower, self._lower_named)
        if self._lower_regexes:
            matched, strings = self._lower_matched, self.vocab.strings
            hits = []
            for h in numpy.unique(lower).tolist():
                hit = matched.get(h)
                if hit is None:
                    hit = any(regex.search(strings[h]) for regex in self._lower_regexes)
                    if len(matched) < self.CACHE_SIZE:
                        matched[h] = hit
                if hit:
                    hits.append(h)
            if hits:
                kept |= numpy.isin(lower, numpy.array(hits, dtype=numpy.uint64))
        rows = read.copy()
        rows[~kept, 1] = 0
        return rows

    def _mask(self, test: _Test, read: numpy.ndarray) -> numpy.ndarray:
        column = read[:, test.column]
        if test.op == "regex":  # the Matcher's REGEX is re.search on the string
            strings = self.vocab.strings
            hits = [h for h in numpy.unique(column).tolist() if test.regex.search(strings[h])]
            return numpy.isin(column, numpy.array(hits, dtype=numpy.uint64))
        # an unset TAG or DEP is the hash of "" (0), as the Matcher sees it
        found = numpy.isin(column, numpy.array(test.values, dtype=numpy.uint64))
        return ~found if test.op == "not_in" else found

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        read = doc.to_array(_READ)
        outcome = self._outcome
        rows = self._fold(read) if self._fold_lower else read
        first, inverse = distinct_rows(numpy.ascontiguousarray(rows))  # a pattern sees only these values
        kinds = [outcome[row] if row in outcome else self._evaluate(row) for row in map(tuple, rows[first].tolist())]
        if self._tables is None:
            self._tables = (numpy.array(self._values, dtype=numpy.uint64), numpy.array(self._set_by))
        values, set_by = self._tables
        ids = numpy.array(kinds)[inverse.reshape(-1)]
        write = doc.to_array([_WRITE[name] for name in self.write])
        if write.ndim == 1:
            write = write.reshape((n, 1))
        by = set_by[ids]
        applied = by >= 0
        write[applied] = values[ids][applied]
        for k, rule in self.longer:
            target = numpy.zeros(n, dtype=bool)
            for pattern in rule.alternatives:
                size = len(pattern)
                if size > n:
                    continue
                starts = numpy.ones(n - size + 1, dtype=bool)
                for offset, tests in enumerate(pattern):
                    for test in tests:
                        starts &= self._mask(test, read)[offset : offset + n - size + 1]
                index = rule.index % size
                target[index : index + n - size + 1] |= starts
            if not target.any():
                continue
            for name, value in rule.attrs.items():
                col = self.column[name]
                later = target & (by[:, col] < k)  # a later pattern wins, as in the ruler
                write[later, col] = value
                by[later, col] = k
        if "DEP" in self.column:  # from_array sets DEP only with HEAD: write the few changes one by one
            dep = write[:, self.column["DEP"]]
            for i in numpy.nonzero(dep != read[:, 2])[0].tolist():
                doc[i].dep = int(dep[i])
        kept = [name for name in self.write if name != "DEP"]
        if kept:
            doc.from_array([_WRITE[name] for name in kept], write[:, [self.column[name] for name in kept]])
        return doc


@Language.factory(COMPONENT)
def make_vectorised_ruler(nlp: Language, name: str) -> VectorisedRuler:
    """Built from the pipeline's attribute_ruler, which must be present."""
    return VectorisedRuler(nlp, nlp.get_pipe(RULER).patterns)


def vectorise_ruler(nlp: Language) -> bool:
    """Replace the pipeline's attribute_ruler by :class:`VectorisedRuler`
    in place; False (and the pipeline unchanged) when it has none or a
    pattern is of a form the copy does not evaluate."""
    if RULER not in nlp.pipe_names or COMPONENT in nlp.pipe_names:
        return False
    try:
        VectorisedRuler(nlp, nlp.get_pipe(RULER).patterns)
    except Unsupported:
        return False
    nlp.add_pipe(COMPONENT, before=RULER)
    nlp.remove_pipe(RULER)
    return True
