"""Normalising quote wording for matching only; the raw wording is kept.

Folds Unicode and marks, drops bracketed editors' insertions and
"..." elisions, joins hyphenated words, expands contractions.
"""
from __future__ import annotations

import re

from .textnorm import fold

_BRACKETS = re.compile(r"\([^()]{0,80}\)|\[[^\[\]]{0,80}\]")
_ELLIPSIS = re.compile(r"\.\s*\.\s*\.|\u2026")
_HYPHEN_JOIN = re.compile(r"(?<=[a-z])[-\u2010\u2011](?=[a-z])")
_CONTRACTIONS = [
    (re.compile(r"\bwon't\b"), "will not"), (re.compile(r"\bcan't\b"), "cannot"),
    (re.compile(r"\bshan't\b"), "shall not"), (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"), (re.compile(r"'ve\b"), " have"), (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"), (re.compile(r"\bi'm\b"), "i am"), (re.compile(r"\b(it|that|there|he|she|what|who)'s\b"), r"\1 is"),
]
_WORD = re.compile(r"[0-9a-z]+")


def normalize(text: str) -> str:
    """The matching form of a wording, as one space-separated string."""
    return " ".join(match_tokens(text))


def match_tokens(text: str) -> list[str]:
    """Tokens of the matching form of a wording."""
    t = fold(text)
    t = t.replace("\u201c", '"').replace("\u201d", '"').replace("`", "'")
    t = _BRACKETS.sub(" ", t)
    t = _ELLIPSIS.sub(" ", t)
    t = _HYPHEN_JOIN.sub("", t)
    for pattern, repl in _CONTRACTIONS:
        t = pattern.sub(repl, t)
    t = t.replace("'s ", " ").replace("'", "")
    return _WORD.findall(t)


def insertions(text: str) -> list[str]:
    """Bracketed editors' insertions in a wording: '(with Russia - TASS)'."""
    return [m.group(0) for m in _BRACKETS.finditer(text)]
