"""One person is one speaker across articles.

"Isik", "Fikri Isik" and "Fikri Işık" fold to one key; the display name
keeps the diacritics. A lone surname joins the one known full name that
ends with it, and stays apart when that is ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .folding import diacritic_count, key
from .quotes.people import HONORIFICS


def speaker_key(name: str) -> str:
    """The identity key of a speaker name: folded, honorifics, possessives
    and middle initials dropped ("Sen. Donald J. Trump's" -> "donald trump")."""
    words = key(name).split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    if len(words) > 1 and words[-1] == "s":
        words = words[:-1]
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
    return " ".join(words)


def better_name(current: str, candidate: str) -> str:
    """The display name to keep: more diacritics first, then the longer form."""
    return max((current, candidate), key=lambda n: (diacritic_count(n), len(n.split()), len(n)))


@dataclass
class SpeakerIndex:
    """Known speakers by key, with the surname lookup used for lone surnames."""

    names: dict[str, str] = field(default_factory=dict)  # key -> display name
    by_surname: dict[str, set[str]] = field(default_factory=dict)

    def add(self, name: str) -> str:
        """Record a name (merging display forms) and return its key."""
        k = self.resolve(name)
        if not k:
            return k
        self.names[k] = better_name(self.names.get(k, name), name)
        words = k.split()
        if len(words) > 1:
            self.by_surname.setdefault(words[-1], set()).add(k)
        return k

    def resolve(self, name: str) -> str:
        """The key this name belongs to: a lone surname maps to the single
        full name that ends with it."""
        k = speaker_key(name)
        words = k.split()
        if len(words) == 1:
            full = self.by_surname.get(words[0], set())
            if len(full) == 1:
                return next(iter(full))
        return k
