"""Normalising quote wording for matching only; the raw wording is kept.

The matching form of a wording is a list of tokens: Unicode and marks
folded, dashes and quotation marks unified, bracketed editors' insertions
and "..." / "…" elisions dropped (the places of elisions are remembered,
so an alignment may skip words there, as are those of commas and dashes,
which set off asides), hyphenated prefixes and soft or
line-break hyphens joined, contractions expanded, British spellings,
small number words and dotted abbreviations ("O.K.", "F.B.I.") folded.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

BRACKETS = re.compile(r"\([^()]{0,120}\)|\[[^\[\]]{0,120}\]")  # an editor's insertion: "(with Russia - TASS)"
_ELLIPSIS = re.compile(r"(?:\.\s*){3,}")
ELISION = " \x00 "  # placeholder for an elision while tokenising
_SOFT_HYPHEN = re.compile(r"\u00ad|(?<=[a-z])-\n\s*(?=[a-z])")
_UNIFY = str.maketrans(
    {
        **dict.fromkeys("‐‑‒−\xa0", " "),
        **dict.fromkeys("–—―⸺⸻", " , "),  # a dash sets off an aside as a comma does
        **dict.fromkeys("`´ʼ’‘", "'"),
        **dict.fromkeys("“”„«»", '"'),
        "\u2026": "...",
        "\u22ef": "...",
    }
)  # dashes to spaces, one apostrophe, one quotation mark, one ellipsis
_HYPHENATED = re.compile(r"\b([a-z]+)-(?=[a-z])")
_ABBREVIATION = re.compile(r"\b(?:[a-z]\.){2,}(?![a-z])")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_CENSORED = re.compile(r"(?<=[a-z])[*#@]+")  # f***ing -> fing, motherf***er -> motherfer
_MARKS = re.compile(
    r"[\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u0640]"
)  # accents, Hebrew points, Arabic vowel marks and tatweel
_TOKEN = re.compile(r"[0-9a-z]+|\x00|[.!?;]+|,")
#: Words in any script: letters and digits, with the vowel signs and marks
#: Indic and Thai words are written with; CJK full stops and commas.
_ANY_TOKEN = re.compile(
    r"(?:[^\W_]|[\u0900-\u0dff\u0e00-\u0e7f\u1000-\u109f])+|\x00|[.!?;\u3002\uff61\u061f\u06d4]+|[,\u3001\u060c]"
)
#: Han ideographs, kana: scripts written without spaces between words.
_CJK = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+")
#: Latin letters without a decomposition, as ASCII ("Søren" is "soren", not "s ren").
_LATIN = str.maketrans({"ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ħ": "h"})

#: Prefixes joined to the word they are hyphenated to ("pro-active" = "proactive").
JOINED_PREFIXES = frozenset(
    "anti co counter de e ex extra inter intra macro micro mid mini multi non over post pre pro re semi sub super "
    "trans ultra un under".split()
)
#: Words outlets write in one or in two ("in to" / "into"): one word in the matching form.
_SPLIT_WORDS = re.compile(
    r"\b(in to|on to|can not|any more|every day|every one|any one|some one|no one|every body|any body|some body"
    r"|some time|some times|any way|any where|every where|some where|with out|our selves|them selves)\b"
)
_WHOLE = {
    "won't": "will not",
    "can't": "cannot",
    "shan't": "shall not",
    "ain't": "is not",
    "i'm": "i am",
    "let's": "let us",
}
_ENDINGS = {
    "n't": " not",
    "'re": " are",
    "'ve": " have",
    "'ll": " will",
    "'d": " would",
    "'em": " them",
    "'s": "",
    "'": "",
}
#: Function words, in the matching form: the rest are content words.
#: Clustering counts a phrase's content words without them.
FUNCTION_WORDS = frozenset(
    "a an the and or but of to in on at for with by from as is are was were be been being it its this that these those "
    "we our us i me my you your he him his she her they them their not no so if then than there here will would can could "
    "should shall may might must do does did have has had also just only very now what who which when where how all any "
    "some about into out up over more most such am 's say said says".split()
)
#: The function words that still tell one short paste from another ("all
#: I can", "that is not what we do", "what they say"): modal verbs,
#: question words, quantifiers, "me", "my", "no".
_TELLING = frozenset(
    "'s about all also am any being can could did do does here him how if into just may me might more most must my no "
    "now only out over said say says shall should some such than then up us very what when where who your".split()
)
#: Words too common to tell one remark from another: the check does not
#: look them up, and a paste that shares only these with a quote is not a
#: version of it.
COMMON_WORDS = FUNCTION_WORDS - _TELLING
_IS_BEFORE = frozenset("it that there here he she what who where how this everything nothing".split())
_CONTRACTION = re.compile(
    r"\b(?:won't|can't|shan't|ain't|i'm|let's)\b|\b([a-z]+)('s)\b|n't\b|'(?:re|ve|ll|d|em)\b|(?<=s)'(?=\s|$)"
)
_NUMBERS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "twenty": "20",
    "hundred": "100",
    "thousand": "1000",
    "okay": "ok",
    "percent": "%",
}
_OUR_WORDS = frozenset(
    "armour behaviour candour clamour colour endeavour favour flavour glamour harbour honour humour labour "
    "neighbour odour parlour rancour rigour rumour saviour savour splendour tumour valour vapour vigour".split()
)
_SPELLING = [
    (re.compile(r"(?<=\w\w)is(e|es|ed|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"(?<=\w\w)ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"^(def|off|lic|pret)ence(s?)$"), r"\1ense\2"),
    (re.compile(r"(?<=\w\w[^aeiou])tre(s?)$"), r"ter\1"),
    (re.compile(r"(?<=[aeiou])ll(ed|ing|er|ers)$"), r"l\1"),
    (re.compile(r"^(ju|sce|program|catalog|dialog|analog)(ue|me)(s?)$"), r"\1\3"),
]


@dataclass(frozen=True)
class MatchForm:
    """The matching form of a wording: tokens, the token positions before
    which words were elided ("..." or "…"), those where a sentence
    begins (after the first), and those before which a comma or dash
    stands inside a sentence (two of them may set off an aside)."""

    tokens: tuple[str, ...]
    elisions: tuple[int, ...] = ()
    breaks: tuple[int, ...] = ()
    commas: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


_SPELLED: dict[str, str] = {}


def _spelling(word: str) -> str:
    """One spelling per word: numbers as digits, British as American."""
    out = _SPELLED.get(word)
    if out is not None:
        return out
    out = word
    if word in _NUMBERS:
        out = _NUMBERS[word]
    elif (
        word in _OUR_WORDS
        or (word[:-1] in _OUR_WORDS and word[-1] in "s")
        or (word[:-2] in _OUR_WORDS and word[-2:] in ("ed", "er"))
        or (word[:-3] in _OUR_WORDS and word.endswith("ing"))
    ):
        out = word.replace("our", "or", 1)
    else:
        for pattern, repl in _SPELLING:
            if pattern.search(word):
                out = pattern.sub(repl, word)
                break
    if len(_SPELLED) < 500_000:
        _SPELLED[word] = out
    return out


def _hyphen(m: re.Match) -> str:
    return m.group(1) if m.group(1) in JOINED_PREFIXES else m.group(1) + " "


def _contraction(m: re.Match) -> str:
    text = m.group(0)
    if text in _WHOLE:
        return _WHOLE[text]
    if m.group(2):
        return m.group(1) + (" is" if m.group(1) in _IS_BEFORE else "")
    return _ENDINGS[text]


def _fold(text: str) -> str:
    text = text.translate(_UNIFY)
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text).replace("\u0131", "i")
    return _MARKS.sub("", text).casefold().translate(_LATIN)


def match_form(text: str) -> MatchForm:
    """The matching form of a quote's wording."""
    t = _fold(text or "")
    if "(" in t or "[" in t:
        t = BRACKETS.sub(" ", t)
    if "." in t:
        t = _ELLIPSIS.sub(ELISION, t)
        t = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), t)
    if "-" in t or "\u00ad" in t:
        t = _SOFT_HYPHEN.sub("", t)
        t = _HYPHENATED.sub(_hyphen, t)
    if "," in t:
        t = _THOUSANDS.sub("", t)
    if "*" in t or "#" in t or "@" in t:
        t = _CENSORED.sub("", t)
    t = t.replace("fuck", "f")  # written out, the same word as censored: fucking -> fing
    if "'" in t:
        t = _CONTRACTION.sub(_contraction, t)
    if " " in t:
        t = _SPLIT_WORDS.sub(lambda m: m.group(0).replace(" ", ""), t)
    tokens: list[str] = []
    elisions: list[int] = []
    breaks: list[int] = []
    commas: list[int] = []
    for word in _TOKEN.findall(t) if t.isascii() else _words_any_script(t):
        if word == "\x00":
            if tokens and (not elisions or elisions[-1] != len(tokens)):
                elisions.append(len(tokens))
        elif word == ",":
            if tokens and (not commas or commas[-1] != len(tokens)):
                commas.append(len(tokens))
        elif word[0] in ".!?;":
            if tokens and (not breaks or breaks[-1] != len(tokens)):
                breaks.append(len(tokens))
        else:
            tokens.append(_spelling(word))
    if elisions and elisions[-1] == len(tokens):
        elisions.pop()  # a trailing "..." elides nothing we could match
    if breaks and breaks[-1] == len(tokens):
        breaks.pop()
    if commas and commas[-1] == len(tokens):
        commas.pop()
    return MatchForm(tuple(tokens), tuple(elisions), tuple(breaks), tuple(c for c in commas if c not in breaks))


def _words_any_script(text: str) -> list[str]:
    """The words of a text in any script; a run of CJK characters (no
    spaces between words) as its overlapping character pairs ("普京说" is
    "普京", "京说"), so that matching needs no word segmenter."""
    out = []
    for word in _ANY_TOKEN.findall(text):
        if not _CJK.search(word):
            out.append(word)
            continue
        pos = 0
        for m in _CJK.finditer(word):
            if m.start() > pos:
                out.append(word[pos : m.start()])
            run = m.group()
            out.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
            pos = m.end()
        if pos < len(word):
            out.append(word[pos:])
    return out


def match_tokens(text: str) -> list[str]:
    """Tokens of the matching form of a wording."""
    return list(match_form(text).tokens)


def normalize(text: str) -> str:
    """The matching form of a wording, as one space-separated string."""
    return match_form(text).text


def insertions(text: str) -> list[str]:
    """Bracketed editors' insertions in a wording: '(with Russia - TASS)'."""
    return [m.group(0) for m in BRACKETS.finditer(text)]
