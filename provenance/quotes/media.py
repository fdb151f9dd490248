"""Credited media: which medium an article credits a quote to.

Two ways to know a medium when we see one:

- the list of well-known media with their kind (:mod:`provenance.sources`);
- the shapes unknown media take in news copy: "the NTV television
  channel", "Rossiya-1 television", "the Anadolu news agency", "Russia's
  Kommersant newspaper", "the business daily Vedomosti", "the website
  Meduza".

and one way to know it is *credited*: the words around it, "told X",
"X quoted ... as saying", "X reported", "in an interview with X",
"speaking to X by phone", "according to X", "a transcript obtained by X",
"wrote on X". :func:`credited_medium` looks for these in an attribution
clause; :func:`find_media` lists every medium a text names.

When the clause names no medium but says where the words were spoken or
written ("at a press conference", "in a statement", "in a televised
address", "told a rally"), that occasion is the credit: a source of kind
``event`` under a generic name ("press conference", "statement"), the
words as written ("a Kremlin press conference") kept as its mention.
:func:`find_venues` lists these occasions; a named medium always wins
over one ("at a news conference broadcast by Rossiya-24" is Rossiya-24).

Kinds: ``tv``, ``radio``, ``agency``, ``newspaper``, ``magazine``,
``website``, ``social``, ``wire``, and ``event`` for an occasion.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..sources import SPELLINGS, lookup

# medium words and the kind they give; a name next to one of these is a medium
_KIND_WORDS = [
    (r"news\s+agency|press\s+agency|information\s+agency|agency", "agency"),
    (r"wire\s+service|newswire|wire", "wire"),
    (
        r"television\s+channel|TV\s+channel|television\s+station|TV\s+station|television\s+network|TV\s+network|"
        r"television|TV|broadcaster|channel|network",
        "tv",
    ),
    (r"radio\s+station|radio", "radio"),
    (r"newspaper|daily|tabloid|broadsheet|paper|weekly\s+newspaper|gazette", "newspaper"),
    (r"news\s+magazine|magazine|weekly", "magazine"),
    (r"news\s+website|news\s+site|news\s+portal|website|web\s+site|portal|news\s+outlet|outlet|blog", "website"),
]
_KIND_WORD = "|".join(f"(?:{p})" for p, _ in _KIND_WORDS)
_CAP_WORD = r"(?:[A-Z][\w.&'\u2019-]*[\w&]|[A-Z]|\d+[\w-]*)"
_NAME = rf"{_CAP_WORD}(?:[ \-](?:of |de |al-|el-)?{_CAP_WORD}){{0,4}}"
_ADJECTIVES = (
    r"(?:(?:state|government|Kremlin|opposition|independent|private|public|privately|publicly|"
    r"business|popular|pro|anti|leading|major|local|national|regional|online|conservative|"
    r"liberal|influential|official|semi|Turkish|Russian|Ukrainian|American|British|German|French|"
    r"Israeli|Iranian|Chinese|Japanese|Indian|Arab|Saudi|Qatari|Syrian|Iraqi|Egyptian|Italian|"
    r"Spanish|Polish|Greek|Belarusian|Kazakh|Georgian|Armenian|Azerbaijani|US|U\.S\.|UK|daily|"
    r"weekly|mass|circulation|news)[\w-]*[ -]){0,4}"
)
_NAME_THEN_KIND = re.compile(
    rf"(?:\b[Tt]he\s+)?(?:{_ADJECTIVES})?(?P<name>{_NAME})\s+(?P<kind>{_KIND_WORD})\b(?:\s+channel)?"
)
_KIND_THEN_NAME = re.compile(rf"\b(?:[Tt]he\s+)?(?:{_ADJECTIVES})?(?P<kind>{_KIND_WORD})\s*,?\s+(?P<name>{_NAME})")
# both patterns above need a medium word: where there is none (most of a text), neither can match,
# and looking for one costs a tenth of trying them at every character
_ANY_KIND_WORD = re.compile(_KIND_WORD)
_NOT_NAMES = {
    "The",
    "A",
    "An",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "In",
    "On",
    "At",
    "His",
    "Her",
    "Their",
    "Its",
    "This",
    "That",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Mr",
    "Mrs",
    "Ms",
    "Russian",
    "Turkish",
    "American",
    "US",
    "U.S.",
    "State",
    "National",
    "Public",
    "Sunday's",
    "President",
    "Minister",
    "Ministry",
    "Government",
    "Kremlin",
    "White",
    "House",
    "Pentagon",
    "Congress",
    "Senate",
    "Parliament",
    "Cabinet",
    "Police",
    "Army",
    "Navy",
    "Defense",
    "Defence",
    "Foreign",
    "Interior",
}


_KIND_NAMES = {
    "News",
    "TV",
    "Television",
    "Radio",
    "Channel",
    "Agency",
    "Daily",
    "Magazine",
    "Network",
    "FM",
    "Online",
    "Newspaper",
    "Broadcasting",
    "Times",
    "Post",
    "World",
    "Haber",
    "International",
}


@dataclass
class Medium:
    """A medium named in a text."""

    name: str  # canonical display name: "NTV", "Anadolu", "Daily Sabah"
    kind: str  # tv, radio, agency, newspaper, magazine, website, social, wire or event
    mention: str  # as written: "the NTV television channel"
    start: int
    end: int


_FORMS = sorted(SPELLINGS, key=len, reverse=True)
_LEXICON_RE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(form) for form in _FORMS) + r")(?![\w-])")
_AMBIGUOUS = {
    "X",
    "Fox",
    "Sky",
    "Time",
    "Focus",
    "Expert",
    "Trend",
    "Stern",
    "Kan",
    "Dawn",
    "Slate",
    "Vox",
    "Fortune",
    "Threads",
    "Insider",
    "Guardian",
    "Economist",
    "Times",
    "the Times",
    "The Times",
    "The Sun",
    "Zaman",
    "Sabah",
    "Mehr",
    "Fars",
    "RIA",
    "AA",
    "APA",
    "PAP",
    "ANI",
    "WAM",
    "SPA",
    "DW",
    "FT",
    "VK",
    "Gab",
    "Sputnik",
    "Ihlas",
    "Ogonyok",
}


def kind_of(word_phrase: str) -> str | None:
    for pattern, kind in _KIND_WORDS:
        if re.fullmatch(pattern, word_phrase.strip(), re.IGNORECASE):
            return kind
    return None


def find_media(text: str, start: int = 0, end: int | None = None) -> list[Medium]:
    """Every medium named in ``text[start:end]``: known names and unknown
    names in a medium's shape ("the Kanal D television channel")."""
    end = len(text) if end is None else end
    found: list[Medium] = []
    try:
        for regex in (_NAME_THEN_KIND, _KIND_THEN_NAME) if _ANY_KIND_WORD.search(text, start, end) else ():
            for m in regex.finditer(text, start, end):
                name = _clean_name(m.group("name"))
                if not name:
                    continue
                kind = kind_of(m.group("kind")) or "website"
                known = lookup(name)
                if known:
                    name, kind = (
                        known[0],
                        known[1] if known[1] in ("wire", "social") else kind_of(m.group("kind")) or known[1],
                    )
                elif regex is _KIND_THEN_NAME and m.group("kind").lower() in ("paper", "network", "outlet", "channel"):
                    continue  # "the paper Mr. Smith wrote", too loose without a known name
                found.append(Medium(name, kind, m.group(0).strip(), m.start(), m.end()))
        for m in _LEXICON_RE.finditer(text, start, end):
            if any(f.start <= m.start() < f.end for f in found):
                continue
            form = m.group(0)
            following = re.match(r"\s+([A-Z][\w-]*)", text[m.end() : m.end() + 30])
            if following and following.group(1) not in _KIND_NAMES:
                continue  # part of a longer name: "the House Foreign Affairs Committee"
            name, kind = SPELLINGS[form]
            mention_start = m.start()
            if text[max(0, m.start() - 4) : m.start()] in ("the ", "The "):
                mention_start -= 4
            found.append(Medium(name, kind, text[mention_start : m.end()], mention_start, m.end()))
    except Exception:
        return []
    found.sort(key=lambda f: (f.start, -f.end))
    out: list[Medium] = []
    for f in found:
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return out


_DEMONYM = re.compile(
    r"(?:[A-Z][a-z]+(?:an|ian|ish|ese|i|ic|ch|ean|ese))|German|Greek|Thai|Swiss|Dutch|Czech|Irish|Welsh|Scottish|"
    r"British|French|Danish|Polish|Turkish|Israeli|Iraqi|Saudi|Qatari|Kuwaiti|Emirati|Yemeni|Pakistani|Afghan|Kazakh|Uzbek|"
    r"Russian|Ukrainian|Chinese|Japanese|Korean|Taiwanese|Vietnamese|Lebanese|Sudanese|Somali|European|Arab|Western|"
    r"Eastern|Northern|Southern|Local|Regional|Federal|Business|Public|Private|Popular|Influential|Leading|Independent|"
    r"Opposition|Technology|Tech|Financial|Economic|Sports|Music|Weekly|Daily|Online|Liberal|Conservative"
)


def _clean_name(name: str) -> str | None:
    words = name.split()
    while words and (words[0] in _NOT_NAMES or re.fullmatch(r".*['\u2019]s", words[0]) or _DEMONYM.fullmatch(words[0])):
        words = words[1:]
    while words and words[-1] in _NOT_NAMES:
        words = words[:-1]
    if not words:
        return None
    name = " ".join(words)
    return name if any(c.isalpha() for c in name) else None


# -- credit: the words that make a medium the one a quote is credited to ----

# up to three words between the credit's verb and the medium's name ("told
# the German news agency dpa"), never a word that starts another clause
_LEAD_WORDS = (
    r"(?:(?!(?:that|who|which|and|but|when|while|after|before|because|if|to|of|for|with|on|in|at|by|"
    r"from|about|as|he|she|they|it|we|reporters|journalists)\b)[\w.-]+(?:['\u2019]s?)?\s+){0,3}"
)
_BEFORE = re.compile(
    r"(?:\b(?:told|tells|telling|tell|said\s+to|says\s+to|saying\s+to|speaking\s+to|spoke\s+to|speaks\s+to|talking\s+to|"
    r"talked\s+to|talks\s+to|(?:an?\s+)?(?:exclusive\s+|recent\s+|separate\s+|televised\s+|radio\s+|television\s+|TV\s+|"
    r"phone\s+|telephone\s+|lengthy\s+|wide-ranging\s+|\w+\s+)?interview\s+(?:with|on|to|for|in|published\s+by|aired\s+by|broadcast\s+by)|"
    r"(?:remarks|comments|statements|(?:an?\s+)(?:[\w-]+\s+)?(?:statement|op-ed|article|column|essay|letter|piece|email|"
    r"e-mail|message|text\s+message|note|commentary|editorial))\s+(?:to|for|in|published\s+by|carried\s+by)|"
    r"(?:published|aired|broadcast|carried)(?:\s+(?:on\s+)?\w+){0,2}\s+by|"
    r"according\s+to|quoted\s+by|cited\s+by|obtained\s+by|seen\s+by|published\s+by|released\s+by|reviewed\s+by|"
    r"reported\s+by|broadcast\s+(?:live\s+)?by|aired\s+(?:live\s+)?by|carried\s+by|shared\s+by|posted\s+by|first\s+reported\s+by|"
    r"wrote\s+(?:on|in)|writing\s+(?:on|in)|writes\s+(?:on|in)|posted\s+(?:on|to)|posting\s+on|said\s+on|says\s+on|"
    r"saying\s+on|said\s+in|tweeted|appeared\s+on|appearing\s+on|speaking\s+on|told\s+viewers\s+(?:of|on)|"
    r"(?:a\s+)?post\s+on|(?:a\s+)?message\s+on|(?:a\s+)?video\s+(?:posted\s+)?on|(?:a\s+)?broadcast\s+(?:on|by)|"
    r"(?:a\s+)?transcript\s+(?:from|by|of)|on\s+(?:his|her|their|its)\s+(?:official\s+|personal\s+)?(?:account\s+on)?|"
    r"on)\s+)"
    r"(?:the\s+|a\s+|an\s+|its\s+|his\s+|her\s+|their\s+)?" + _LEAD_WORDS + r"$",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"^[\s,]*(?:news\s+agency\s+|agency\s+|newspaper\s+|daily\s+|television\s+|TV\s+|channel\s+|website\s+|magazine\s+)?"
    r"(?:quoted|quotes|quoting|reported|reports|reporting|cited|cites|said|says|wrote|writes|carried|carries|"
    r"published|publishes|broadcast|aired|learned|has\s+learned|has\s+reported|first\s+reported)\b"
)
_ON_ONLY = re.compile(r"\bon\s+(?:the\s+)?(?:[\w.-]+['\u2019]s?\s+){0,2}$", re.IGNORECASE)


@dataclass
class Credit:
    name: str
    kind: str
    mention: str
    start: int
    end: int
    how: str  # "before" (told X), "after" (X reported), "venue" (at a press conference)


def credited_medium(text: str, start: int, end: int, *, exclude: list[tuple[int, int]] | None = None) -> Credit | None:
    """The medium an attribution clause ``text[start:end]`` credits, if any:
    "told the NTV television channel", "Anadolu news agency quoted",
    "in an interview with CNN", "according to Reuters", "wrote on Telegram".
    Quoted text (``exclude``: sorted, non-overlapping (start, end) ranges)
    is never searched."""
    try:
        for medium in find_media(text, start, end):
            if exclude and inside_ranges(exclude, medium.start):
                continue
            before = text[max(start, medium.start - 90) : medium.start]
            after = text[medium.end : min(end, medium.end + 40)]
            bare = medium.mention.strip()
            ambiguous = bare in _AMBIGUOUS or bare.removeprefix("the ").removeprefix("The ") in _AMBIGUOUS
            if _BEFORE.search(before):
                if (
                    _ON_ONLY.search(before)
                    and medium.kind not in ("social", "tv", "radio", "website")
                    and not _in_show(before)
                ):
                    continue
                if ambiguous and medium.kind != "social" and not _BEFORE_STRONG.search(before):
                    continue
                if medium.name == "X" and not re.search(r"\b(?:on|posted\s+on|wrote\s+on)\s+$", before):
                    continue
                return Credit(medium.name, medium.kind, medium.mention, medium.start, medium.end, "before")
            if (_AFTER.search(after) and not ambiguous) or (
                _AFTER.search(after) and medium.kind in ("agency", "wire", "newspaper")
            ):
                if medium.name == "X":
                    continue
                return Credit(medium.name, medium.kind, medium.mention, medium.start, medium.end, "after")
    except Exception:
        return None
    return None


def inside_ranges(ranges: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` falls in one of the sorted, non-overlapping ranges."""
    i = bisect_right(ranges, (pos, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


_BEFORE_STRONG = re.compile(
    r"\b(?:told|tells|telling|interview\s+with|speaking\s+to|spoke\s+to|according\s+to|quoted\s+by|obtained\s+by|"
    r"wrote\s+in|writing\s+in|op-ed\s+in|op-ed\s+for|column\s+in|told\s+viewers\s+of|published\s+by|"
    r"carried\s+by|broadcast\s+(?:live\s+)?by|aired\s+(?:live\s+)?by|reported\s+by|statement\s+to|email\s+to)\s+(?:the\s+)?"
    + _LEAD_WORDS
    + r"$",
    re.IGNORECASE,
)


def _in_show(before: str) -> bool:
    return bool(
        re.search(r"\b(?:appeared|appearing|said|says|speaking|told\s+\w+)\s+on\s+\S*\s*$", before, re.IGNORECASE)
    )


# -- venues: the occasion a remark was made at, when no medium is named -----

#: the words of an occasion and its generic name, most specific first
#: (a tweet is no occasion but names its platform)
VENUES: list[tuple[str, str]] = [
    (r"tweet|retweet", "Twitter"),
    (
        r"(?:televised|television|TV|nationally\s+televised)\s+(?:address|speech|statement|remarks|appearance)|"
        r"(?:address|speech)\s+to\s+the\s+nation|national\s+address",
        "televised address",
    ),
    (r"video\s+(?:message|address|statement|appeal)", "video message"),
    (r"(?:press|news|media)\s+conference|press\s+availability|presser", "press conference"),
    (r"conference\s+call", "conference call"),
    (r"(?:press|news|media)\s+briefing|briefing", "briefing"),
    (r"(?:press|news)\s+release|statement|communiqu[eé]", "statement"),
    (r"town[\s-]+hall(?:\s+(?:meeting|event|forum))?", "town hall"),
    (r"speech|address|lecture|sermon", "speech"),
    (r"interview", "interview"),
    (r"rally", "rally"),
    (r"hearing|testimony", "hearing"),
    (r"debate", "debate"),
    (r"letter", "letter"),
]
_VENUE_RE = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p, _ in VENUES) + r")\b", re.IGNORECASE)
_VENUE_NAMES = [(re.compile(p, re.IGNORECASE), name) for p, name in VENUES]


@dataclass
class Venue:
    """An occasion named in a text: "a Kremlin press conference"."""

    name: str  # generic: "press conference", "statement"
    start: int  # the occasion's words, "press conference"
    end: int

    @property
    def kind(self) -> str:
        return "social" if self.name == "Twitter" else "event"


def find_venues(text: str, start: int = 0, end: int | None = None) -> list[Venue]:
    """Every occasion named in ``text[start:end]`` ("news conference",
    "statement", "televised address"), by its generic name. Whether the
    occasion is where a quote was said is for the caller to decide from
    the parse: "said at a rally" is, "the rally at which he spoke" is not."""
    end = len(text) if end is None else end
    found = []
    for m in _VENUE_RE.finditer(text, start, end):
        name = next(n for pattern, n in _VENUE_NAMES if pattern.fullmatch(m.group(0)))
        found.append(Venue(name, m.start(), m.end()))
    return found
