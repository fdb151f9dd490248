"""Phrases, the unit of clustering: which phrase a quote belongs to
(:func:`unit_key`), its speakers' names as words (compared when two
speakers' ids differ), and the run-local coding of wordings
(:class:`Vocab`) that blocking and alignment work on."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from ..folding import key
from ..records import Phrase, QuoteItem, day_number
from ..wording.form import FUNCTION_WORDS, MatchForm
from .rules import SHORT_PHRASE


@lru_cache(maxsize=100_000)
def name_words(name: str | None) -> frozenset[str]:
    """The words of a speaker's name, folded (initials dropped)."""
    return frozenset(w for w in key(name or "").split() if len(w) > 1)


@lru_cache(maxsize=100_000)
def _name_key(name: str) -> str:
    return key(name)


def names_text(names: Iterable[frozenset[str]]) -> str | None:
    """Names as stored: words space-separated, names '|'-separated."""
    return "|".join(sorted(" ".join(sorted(n)) for n in names)) or None


@lru_cache(maxsize=100_000)
def names_from_text(text: str | None) -> frozenset[frozenset[str]]:
    """Names as :func:`names_text` stores them, read back."""
    return frozenset(frozenset(n.split()) for n in text.split("|")) if text else frozenset()


_ES_AFTER = ("ss", "x", "ch", "sh", "z")


def _stem(word: str) -> str:
    """A light stem, so inflections match: talks/talk, frigates/frigate,
    negotiating/negotiate... (consistent, not always a word)."""
    if len(word) <= 4:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2].endswith(_ES_AFTER):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]  # running -> run
            return word.rstrip("e")
    return word.rstrip("e") if len(word) > 4 else word


def stem(word: str) -> str:
    """A word's stem: :func:`_stem` until it no longer changes, so every
    inflection of a word lands on one stem whatever order they are met in
    ("families" -> "family" -> "fami", as "family" does)."""
    while True:
        shorter = _stem(word)
        if shorter == word:
            return word
        word = shorter


#: Stems of function words: never content words, whichever word brought them.
_FUNCTION_STEMS = frozenset(stem(w) for w in FUNCTION_WORDS)


def stable_hash(text: str) -> int:
    """A 63-bit hash that is the same in every process (unlike hash())."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little") >> 1


def unit_key(form: MatchForm, q: QuoteItem) -> int:
    """The phrase a quote belongs to: its wording (with its elisions,
    sentence breaks and commas) on its day of publication, plus its speaker when the
    wording is short (plus the quote itself when it has no speaker). The
    same wording on two days is two phrases, joined by matching unless it
    is a formula. Built from content, never from database ids, so it does
    not depend on the order quotes arrived in."""
    tokens = form.tokens
    text = " ".join(tokens) + "\x00" + ",".join(map(str, form.elisions)) + "\x00" + ",".join(map(str, form.breaks))
    if form.commas:
        text += "\x00commas:" + ",".join(map(str, form.commas))
    if q.published and day_number(q.published) is not None:
        text += f"\x00day:{q.published[:10]}"  # a formula said again another day is another occasion
    if len(tokens) < SHORT_PHRASE:
        if q.speaker:
            text += f"\x00speaker:{_name_key(q.speaker)}"
        else:
            text += f"\x00quote:{q.article_sha256 or q.article_id}:{q.start if q.start is not None else q.id}"
    return stable_hash(text)


class Vocab:
    """Run-local token codes: each token is one character, so alignments
    run on plain strings (fast in rapidfuzz). What a word's character
    stands for (its stem, whether it is a content word) depends only on
    the word, never on the words met before it: phrases coded by two
    vocabularies (two Dask workers) match as if coded by one."""

    BASE = 0x21

    def __init__(self) -> None:
        self.char_of: dict[str, str] = {}  # word -> character
        self._stem_char: dict[str, str] = {}  # stem -> character
        self.words: list[str] = []
        self.crc: list[int] = []  # of the stem
        self.content: list[bool] = []
        self._bit: dict[int, str] = {}  # str.translate tables: a character -> "1" (content word) or "0" ...
        self._function: dict[int, None] = {}  # ... and function words' characters -> dropped

    def _char(self, i: int) -> str:
        cp = self.BASE + i
        return chr(cp + 0x800 if cp >= 0xD800 else cp)

    def encode(self, tokens: Iterable[str]) -> str:
        """One character per token; inflections of a word ("look",
        "looks") share one."""
        char_of = self.char_of
        try:
            return "".join([char_of[w] for w in tokens])
        except KeyError:
            return "".join([char_of.get(w) or self._add(w) for w in tokens])

    def _add(self, word: str) -> str:
        root = stem(word)
        ch = self._stem_char.get(root)
        if ch is None:
            i = len(self.words)
            self.words.append(root)
            self.crc.append(zlib.crc32(root.encode("utf-8")))
            content = root not in _FUNCTION_STEMS and len(root) > 1
            self.content.append(content)
            ch = self._stem_char[root] = self._char(i)
            self._bit[ord(ch)] = "1" if content else "0"
            if not content:
                self._function[ord(ch)] = None
        self.char_of[word] = ch
        return ch

    def prepare(self, p: Phrase) -> None:
        """Code a phrase for matching (code, content mask, content code)."""
        p.code = code = self.encode(p.norm.split())
        bits = code.translate(self._bit)
        p.mask = int(bits[::-1], 2) if bits else 0
        p.ccode = code.translate(self._function)
        p.order = (len(code), p.norm, p.key)
        p.day = day_number(p.published)

    def indices(self, codes: list[str]) -> np.ndarray:
        """Vocabulary indices of all tokens of the codes, concatenated."""
        if not codes:
            return np.zeros(0, dtype=np.int64)
        cps = np.frombuffer("".join(codes).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        cps = np.where(cps >= 0xE000, cps - 0x800, cps)
        return cps - self.BASE
