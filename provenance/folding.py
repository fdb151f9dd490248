"""Text folding shared by the stages: names, source names, match keys."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lowercase, strip diacritics (and the dotless i), unify apostrophes."""
    text = unicodedata.normalize("NFKD", text or "").replace("\u0131", "i")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().replace("\u2019", "'").replace("\u2018", "'")


def key(text: str) -> str:
    """A lookup key: folded, punctuation collapsed to single spaces. A name
    in another script ("Коммерсантъ", "新华社") keys on its own letters (it
    keyed to nothing, and was dropped)."""
    folded = fold(text)
    latin = _NON_ALNUM.sub(" ", folded).strip()
    return latin or _NON_WORD.sub(" ", folded).strip()


def diacritic_count(text: str) -> int:
    """How many characters carry a diacritic: used to prefer 'Işık' to 'Isik'."""
    return sum(1 for c in text if ord(c) > 127 and c.isalpha())
