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


def same_person(pasted: str, known: str) -> bool:
    """Whether a name as pasted can mean a known speaker: accents, titles
    and middle initials aside, a lone surname (or a lone given name) is
    the person whose name holds it ("Isik" = "Fikri Işık", "President
    Obama" = "Barack Obama"); two full names must share the surname and
    the given name or its initial ("Karen Vance" is not "Ellen Vance")."""
    a, b = speaker_key(pasted).split(), speaker_key(known).split()
    if not a or not b:
        return False
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        one, other = (a, b) if len(a) == 1 else (b, a)
        return len(one[0]) > 1 and one[0] in other
    if a[-1] != b[-1]:
        return False
    return same_given_name(a[0], b[0]) or a[0] in b or b[0] in a


#: Short forms of given names that are not the start of the full name
#: ("Ben" is found as the start of "Benjamin"; "Bill" is not of "William").
_NICKNAMES = {
    "bill": "william",
    "billy": "william",
    "will": "william",
    "bob": "robert",
    "bobby": "robert",
    "dick": "richard",
    "rick": "richard",
    "ted": "edward theodore",
    "ed": "edward",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "betty": "elizabeth",
    "peggy": "margaret",
    "maggie": "margaret",
    "jim": "james",
    "jimmy": "james",
    "jack": "john",
    "chuck": "charles",
    "charlie": "charles",
    "hank": "henry",
    "tony": "anthony",
    "mike": "michael",
    "steve": "steven stephen",
    "jerry": "gerald",
    "larry": "lawrence",
    "kate": "katherine catherine",
    "kathy": "katherine kathleen",
    "sue": "susan",
    "debbie": "deborah",
    "becky": "rebecca",
    "pete": "peter",
    "joe": "joseph",
}


def same_given_name(a: str, b: str) -> bool:
    """Whether two given names (folded) can be one person's: the same, an
    initial, a short form that starts the name ("Ben", "Benjamin") or a
    known nickname ("Bill", "William")."""
    if a == b:
        return True
    short, full = sorted((a, b), key=len)
    if len(short) == 1:
        return full.startswith(short)
    if len(short) >= 3 and full.startswith(short):
        return True
    return full in _NICKNAMES.get(short, "").split() or short in _NICKNAMES.get(full, "").split()


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
