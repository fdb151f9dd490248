"""Text folding shared by the stages: names, source names, match keys."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lowercase, strip diacritics (and the dotless i), unify apostrophes."""
    text = unicodedata.normalize("NFKD", text or "").replace("\u0131", "i")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().replace("\u2019", "'").replace("\u2018", "'")


def key(text: str) -> str:
    """A lookup key: folded, punctuation collapsed to single spaces."""
    return _NON_ALNUM.sub(" ", fold(text)).strip()


def diacritic_count(text: str) -> int:
    """How many characters carry a diacritic: used to prefer 'Işık' to 'Isik'."""
    return sum(1 for c in text if ord(c) > 127 and c.isalpha())
