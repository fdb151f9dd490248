"""Wordings: the matching form of a quote's words (:mod:`.form`: what
"the same words" means, for clustering and checking) and a word diff
between two wordings (:mod:`.diff`). The raw wording is always kept;
these are only ever used to compare."""

from .diff import DiffOp, WordDiff, diff_words, split_words
from .form import MatchForm, insertions, match_form, match_tokens, normalize

__all__ = [
    "DiffOp",
    "MatchForm",
    "WordDiff",
    "diff_words",
    "insertions",
    "match_form",
    "match_tokens",
    "normalize",
    "split_words",
]
