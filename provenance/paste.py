"""Reading a paste as people post it: the quoted words, and who the paste
says said them.

A quote reaches a fact-checker wrapped in a frame: "Name on Tuesday:
'...'", "BREAKING: Name says "..."", "“...,” Name said.", "'...' — Name",
a sentence with the quoted words inside it ("Minister says "..." and talks
go on"), a link and hashtags after it, or a whole paragraph with several
quotations. The frame's words are not the quote's: only the words inside
the marks are compared, and the name in the frame (titles aside) is kept
to check who said it. A paste without marks is compared whole, less a
"Name:" before it or a "— Name" after it.

Only characters are read (no parser): quotation marks are paired by
:func:`provenance.quotes.marks.find_quote_spans`, which tells apostrophes
from single marks.
"""

from __future__ import annotations

import re
import unicodedata

from .quotes.cues import NAMING_VERBS, SPEECH_NOUNS, SPEECH_VERBS, inflections
from .quotes.marks import Span, find_quote_spans
from .quotes.people import HONORIFICS, ROLE_WORDS
from .records import PastedQuote

#: Most quotations checked in one paste (a whole article has a few dozen).
MAX_QUOTES = 30

_URL = re.compile(r"\b(?:https?://|www\.|pic\.twitter\.com/)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|ly|co|uk|io)/\S*")
_LABEL = re.compile(
    r"^\W*(?:breaking(?: news)?|just in|watch|update|updated|new|exclusive|live|video|developing|flash|urgent|"
    r"icymi|read|listen|opinion|analysis|thread|report)\s*(?:[:|\u2014\u2013]|-+)\s*",
    re.IGNORECASE,
)
_LEADING_HANDLES = re.compile(r"^\s*(?:RT\s+)?(?:@\w+:?\s+)+")
_TRAILING_TAGS = re.compile(r"(?:\s*\(?(?:\bvia\s+)?[#@][\w.]+\)?)+\s*$", re.IGNORECASE)
#: What a copied post puts between its author's name and its text: handles, "·", times, dates.
_POST_HEADER = re.compile(
    r"@\w+|[\u00b7|\u2022]|\b\d{1,2}[smhd]\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.? \d{1,2}(?:, \d{4})?\b"
    r"|\b\d{1,2}:\d{2}(?:\s?[ap]m)?\b|\bverified\b",
    re.IGNORECASE,
)
_HASH = re.compile(r"(?<![\w&])#(?=\w)")
_SPACES = re.compile(r"[^\S\n]+")

#: Verb forms that report speech in a frame ("says", "told", "warns").
_CUE_FORMS = frozenset(
    f for lemma in SPEECH_VERBS - NAMING_VERBS for f in inflections(lemma) if not f.endswith("ing")
) | {"according"}
#: Words that may stand in a name in lower case ("Ursula von der Leyen").
_PARTICLES = frozenset("de da del della der den di du dos das van von bin ibn al el la le y ben abu".split())
#: Words of a title or role before a name ("Turkish Defence Minister Fikri Işık").
_TITLES = frozenset(w.strip(".") for w in HONORIFICS | ROLE_WORDS) | frozenset(
    "state spokesman spokeswoman spokesperson leader head director ceo founder candidate nominee coach official".split()
)
#: Titles that are also surnames: "King said" names Mr. King.
_SURNAMES = frozenset("king major judge bishop sheriff speaker dean cardinal marshal chancellor page".split())
#: Capitalised words that are not a speaker's name in a frame.
_NOT_NAMES = frozenset(
    """
i he she they we it you this that these those the a an there here who what
then later and but meanwhile also so now still however earlier finally asked when while as
in on at for from by with to of
quote quotes quoted via source photo thread editorial headline transcript watch read listen
monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
january february march april may june july august september october november december
breaking watch update new exclusive live video report reports source sources official officials
police experts critics analysts witnesses residents people everyone nobody someone
american british english scottish welsh irish french german italian spanish portuguese dutch belgian
swiss austrian polish czech hungarian romanian bulgarian greek turkish russian ukrainian belarusian
georgian armenian iranian iraqi syrian lebanese israeli palestinian jordanian saudi egyptian libyan
tunisian algerian moroccan nigerian kenyan ethiopian chinese japanese korean indian pakistani afghan
indonesian malaysian thai vietnamese filipino australian canadian mexican brazilian argentine chilean
colombian venezuelan cuban european asian african arab western eastern soviet kurdish qatari emirati
yemeni swedish norwegian danish finnish serbian croatian albanian democratic republican democrat
conservative liberal federal national
""".split()
)
_PRONOUNS = frozenset("he she they".split())
_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?]+(?=\s|$)")
#: A period after these is an abbreviation, not a sentence's end ("Sen.", "Del.", "Capt.").
_ABBREVIATION = re.compile(r"(?:^|\W)(?:[A-Z][a-z]{0,2}|Capt|Cmdr|Prof|Supt|Sens|Reps|Govs|Messrs)$")
_TIME_AFTER_NAME = re.compile(
    r"\s+(?:on|at|in|during|to|from|after|before|via|with|for|about|over|this|last|yesterday|today|tonight|"
    r"earlier|late|early|speaking|told|tells|when|while)\b.*$",
    re.DOTALL,
)
_SAID_BY = re.compile(
    rf"^(.*?)['\u2019]s?\s+(?:own\s+|latest\s+|new\s+)?(?:{'|'.join(sorted(SPEECH_NOUNS))})\b.*$", re.DOTALL
)
_DASH = r"(?:\u2014|\u2013|\u2015|-{1,3}|~)"
_DASH_AFTER = re.compile(rf"^\s*[,.]?\s*{_DASH}\s*(.+)$", re.DOTALL)
_ACCORDING = re.compile(r"\baccording to\s+(.+)$", re.IGNORECASE | re.DOTALL)


def read_paste(text: str) -> list[PastedQuote]:
    """The quotations of a paste, each with the speaker it names (or None).

    One quotation for a quote in any frame; one per quotation for a
    paragraph or an article. The paste's own words when it has no
    quotation marks (less a "Name:" before or a "— Name" after)."""
    clean = clean_paste(text)
    groups = _groups(clean)
    if not groups or not _framed(clean, groups):
        return [read_unmarked(clean)]
    quotes: list[PastedQuote] = []
    previous: str | None = None
    for i, group in enumerate(groups):
        before = clean[groups[i - 1][-1].outer[1] if i else 0 : group[0].outer[0]]
        after_end = groups[i + 1][0].outer[0] if i + 1 < len(groups) else len(clean)
        after = _own_after(clean[group[-1].outer[1] : after_end], last=i + 1 == len(groups))
        inside = " ".join(clean[a:b] for a, b in _pieces(group))
        gaps = [clean[x.outer[1] : y.outer[0]] for x, y in zip(group, group[1:])]
        who = _speaker_before(before)
        if who is None:
            who = next((w for w in (_speaker_after(g) for g in [*gaps, after]) if w is not None), None)
        if who in _PRONOUNS:
            who = previous
        elif who is not None:
            previous = who
        quotes.append(PastedQuote(_SPACES.sub(" ", inside).strip(), who))
    words = [len(re.findall(r"\w+", q.text)) for q in quotes]
    if max(words) >= 2:
        quotes = [q for q, n in zip(quotes, words) if n >= 2]
    return quotes[:MAX_QUOTES]


def clean_paste(text: str) -> str:
    """The paste without what a post adds: links, "RT @user:", a "BREAKING:"
    label, trailing hashtags and handles, emoji; a hashtag in the text
    keeps its word."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n")
    text = "".join(" " if unicodedata.category(c) in ("So", "Cs", "Co") else c for c in text)
    text = _URL.sub(" ", text)
    previous = None
    while previous != text:  # labels and handles in any order
        previous = text
        text = _LABEL.sub("", _LEADING_HANDLES.sub("", text))
        text = _TRAILING_TAGS.sub("", text)
    return _SPACES.sub(" ", _HASH.sub("", text)).strip()


# ---------------------------------------------------------------- quotations


def _groups(text: str) -> list[list[Span]]:
    """Quoted spans, a quote interrupted by its attribution ("A," she
    said, "b.") as one group."""
    groups: list[list[Span]] = []
    for span in find_quote_spans(text):
        if groups and _interrupts(text, groups[-1][-1], span):
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def _pieces(group: list[Span]) -> list[tuple[int, int]]:
    return [p for span in group for p in span.pieces]


def _interrupts(text: str, first: Span, second: Span) -> bool:
    """ "A," she said, "b.": a short attribution ending in a comma, colon
    or dash between two quoted pieces, the first ending in a comma or dash."""
    between = text[first.outer[1] : second.outer[0]].strip()
    if not between or len(between) > 120 or "\n" in between or re.search(r"[.!?;]", between):
        return False
    last_inner = text[first.end - 1 : first.end] if first.end > first.start else ""
    if not between.endswith((",", ":", "\u2014", "\u2013", "-")):
        return False
    if last_inner not in (",", ";", ":", "\u2014", "\u2013", "-") and not between.startswith(
        (",", "\u2014", "\u2013", "-")
    ):
        return False
    words = re.findall(r"[^\W\d_]+", between.lower())
    if not words or len(words) > 14 or words[0] in ("and", "but", "or"):
        return False
    return any(w in _CUE_FORMS for w in words)


def _framed(text: str, groups: list[list[Span]]) -> bool:
    """Whether the quoted words are the quotation (not scare quotes in a
    quote pasted without marks): they make up most of the paste, the
    words outside them are few, or one of them stands in a frame: a cue or
    a colon before it, or a name or a cue after it. (A quote that holds
    quoted speech and is pasted without marks is caught by the check,
    which tries the whole paste when the frame's words are the quote's.)"""
    inside = sum(b - a for g in groups for a, b in _pieces(g))
    if inside >= 0.5 * len(text.strip(" \"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e")):
        return True
    outside = text
    for g in reversed(groups):
        outside = outside[: g[0].outer[0]] + " " + outside[g[-1].outer[1] :]
    if len(re.findall(r"[^\W_]+", outside)) <= 4:  # "Worth reading: “...”"
        return True
    for i, group in enumerate(groups):
        if len(re.findall(r"\w+", " ".join(text[a:b] for a, b in _pieces(group)))) < 3:
            continue
        before = _last_sentence(text[: group[0].outer[0]]).rstrip()
        if before.endswith(":") or _ends_with_cue(before) or _ACCORDING.search(before):
            return True
        after = _own_after(text[group[-1].outer[1] :], last=i + 1 == len(groups))
        cue = _first_cue(" " + after)
        if _speaker_after(after) is not None or (cue is not None and len(after[:cue].split()) <= 8):
            return True
    return False


def _own_after(after: str, *, last: bool) -> str:
    """The frame after a quotation: up to the end of its sentence, and
    nothing when what follows introduces the next quotation."""
    ends = _sentence_ends(after)
    if ends:
        return after[: ends[0][0]]
    if not last and (after.rstrip().endswith(":") or _ends_with_cue(after)):
        return ""
    return after


_ACCORDING_LEAD = re.compile(r"^according to ([^,]{1,60}),\s+(.+)$", re.IGNORECASE | re.DOTALL)
_CUE_LEAD = re.compile(
    rf"^(.{{1,80}}?)\s+({'|'.join(sorted(_CUE_FORMS - {'according'}))})\b(?:\s+that\b)?[\s,]+(.+)$", re.DOTALL
)
_DASH_TAIL = re.compile(rf"^(.+?)\s+{_DASH}\s*([^\u2014\u2013()]{{1,80}})$", re.DOTALL)
#: "words (Ana Ruiz)"; not "(AP)" nor "(with Norway - NTB)", a wire's mark or an editor's insertion
_PAREN_TAIL = re.compile(r"^(.+?)\s*\((?![A-Z]+\)|with\b)([^()]{1,60})\)\.?$", re.DOTALL)
_SAID_TAIL = re.compile(r"^(.+?)[,.]?\s+([^,]{1,60})\s+(?:said|says|told|tells|wrote|writes|tweeted)\.?$", re.DOTALL)


def read_unmarked(text: str) -> PastedQuote:
    """A paste without quotation marks: "Name: words", "Name says words",
    "According to Name, words", "words — Name", "words (Name)", "words,
    Name said"; otherwise the whole paste (a pronoun is no frame: "He says
    he is ready" may be the quote itself; "(with Norway - NTB)" is no name)."""
    head, sep, rest = text.partition(":")
    if sep and rest.strip() and len(head.split()) <= 8:
        who = _speaker_before(head + ":")
        if who is not None or _ends_with_cue(head):
            return PastedQuote(rest.strip(), None if who in _PRONOUNS else who)
    for pattern, words_at, who_at in (
        (_ACCORDING_LEAD, 2, 1),
        (_CUE_LEAD, 3, 1),
        (_DASH_TAIL, 1, 2),
        (_PAREN_TAIL, 1, 2),
        (_SAID_TAIL, 1, 2),
    ):
        m = pattern.match(text)
        if m and not text.endswith(","):  # "..., baby," is a cut quote, not an attribution
            who = _only_name(m.group(who_at), at_start=pattern in (_DASH_TAIL, _PAREN_TAIL))
            if who is not None and who not in _PRONOUNS:
                return PastedQuote(m.group(words_at).strip(), who)
    return PastedQuote(text, None)


# ---------------------------------------------------------------- speakers


#: Words a cue may have after it and still introduce the quotation ("said
#: on Tuesday that", "told reporters in Ankara").
CUE_REACH = 5


def _ends_with_cue(text: str) -> bool:
    """Whether a clause ends with a cue and what a cue takes after it:
    "Ruiz says", "Ruiz said on Tuesday that", "Ruiz told reporters"."""
    words = re.findall(r"[^\W\d_]+|[,;]", text)
    tail = words[-CUE_REACH - 1 :]
    for i in range(len(tail) - 1, -1, -1):
        if tail[i] in ",;":
            return False  # "..., and then we left" is no frame
        if tail[i].lower() in _CUE_FORMS and (tail[i].islower() or i == len(tail) - 1):
            return True
    return False


def _speaker_before(before: str) -> str | None:
    """The speaker named before a quotation: "Name:", "Name on Tuesday:",
    "Name says", "BREAKING: Name told reporters", "According to Name,"."""
    clause = _last_sentence(before).strip()
    m = _ACCORDING.search(clause)
    if m:
        return _name_at_start(m.group(1))
    if clause.endswith(":"):
        clause = clause[:-1]
    elif not _ends_with_cue(clause):
        return _name_line(clause)
    cue = _first_cue(clause)
    if cue is not None:
        clause = clause[:cue]
    return _name_in(clause)


def _only_name(text: str, *, at_start: bool = False) -> str | None:
    """The name a frame of a paste without marks gives, when the frame is a
    name and nothing else (titles aside): "Ana Ruiz" before "says", or
    "Ana Ruiz, farm minister" after a dash ("I met the mayor of Lyon"
    before "said" is the quote's own words)."""
    if at_start:
        text = re.split(r"[,;(]", text, maxsplit=1)[0]
    words = _TIME_AFTER_NAME.sub("", text.strip()).split()
    if not words or len(words) > 8:
        return None
    if not all(_is_name_word(w) or w in _PARTICLES or w.lower().strip(".") in _TITLES for w in words):
        return None
    return _name_run(words)


def _name_line(clause: str) -> str | None:
    """A name standing alone before a quotation, as a copied post gives its
    author ("Ana Ruiz @anaruiz · 2h" on the line above the text)."""
    if "\n" not in clause and not _POST_HEADER.search(clause):
        return None
    words = _POST_HEADER.sub(" ", clause).split()
    if not words or len(words) > 6 or not all(_is_name_word(w) or w in _PARTICLES for w in words):
        return None
    return _name_run(words)


def _speaker_after(after: str) -> str | None:
    """The speaker named after a quotation: "— Name", "(Name)", ", Name
    said", "said Name", "according to Name"."""
    text = after.strip().lstrip(",").strip()
    if not text:
        return None
    m = _DASH_AFTER.match(after)
    if m:
        return _name_at_start(m.group(1))
    if text.startswith("("):
        return _name_at_start(text[1:].split(")")[0])
    m = _ACCORDING.match(text)
    if m:
        return _name_at_start(m.group(1))
    first = re.match(r"[^\W\d_]+", text)
    if first and first.group(0).lower() in _CUE_FORMS:
        return _name_at_start(text[first.end() :])
    cue = _first_cue(text)
    if cue is not None:
        return _name_in(text[:cue])
    return None


def _first_cue(text: str) -> int | None:
    """Where the first cue verb of a clause starts: in lower case when there
    is one ("Minister Post told": "Post" is a name), else in a headline's
    capitals ("Putin Says"), never in a title ("Secretary of State")."""
    words = list(re.finditer(r"[^\W\d_]+", text))
    found = [
        m
        for i, m in enumerate(words)
        if m.group(0).lower() in _CUE_FORMS
        and i > 0
        and (m.group(0).islower() or words[i - 1].group(0).lower() not in _TITLES | {"of"})
    ]
    lower = [m for m in found if m.group(0).islower()]
    return (lower or found)[0].start() if found else None


def _sentence_ends(text: str) -> list[tuple[int, int]]:
    """Where sentences end: a full stop, question or exclamation mark before
    a space, but not the period of an abbreviation such as "Sen." or "Dr."."""
    return [
        m.span()
        for m in _SENTENCE_END.finditer(text)
        if not (m.group(0) == "." and _ABBREVIATION.search(text[: m.start()]))
    ]


def _last_sentence(text: str) -> str:
    ends = _sentence_ends(text)
    return text[ends[-1][1] :] if ends else text


def _name_in(subject: str) -> str | None:
    """The name a frame's subject ends with, titles aside: "Turkish Defence
    Minister Fikri Işık" -> "Fikri Işık"; a description ("the minister")
    or a pronoun gives None (a pronoun gives itself, lower-cased, so the
    caller may carry on the last speaker named)."""
    subject = re.sub(r"\(@?\w+\)", " ", subject)
    subject = re.split(rf"\s{_DASH}\s|\n|[;|]", subject)[-1]
    said = _SAID_BY.search(subject)
    if said:  # "In Ana Ruiz's words", "Ruiz's statement"
        subject = said.group(1)
    parts = [p for p in subject.split(",") if p.strip()]
    for part in parts:
        part = _TIME_AFTER_NAME.sub("", part.strip())
        words = part.split()
        if len(words) == 1 and words[0].lower() in _PRONOUNS:
            return words[0].lower()
        name = _name_run(words)
        if name is not None:
            return name
    return None


def _name_at_start(text: str) -> str | None:
    """The name a frame after a quotation starts with: "Fikri Işık, in an
    interview" -> "Fikri Işık", "Union leader Tomás Brennan" -> "Tomás Brennan",
    "Ana Ruiz (@anaruiz) June 3" -> "Ana Ruiz"."""
    text = _POST_HEADER.sub(" ", re.sub(r"\(@?\w+\)|\b\d{4}\b", " ", text))
    text = re.split(r"[,;:()\[\]\n]|\s" + _DASH + r"\s", text.strip())[0]
    text = _TIME_AFTER_NAME.sub("", text.strip())
    words = text.split()
    if len(words) == 1 and words[0].lower().strip(".") in _PRONOUNS:
        return words[0].lower().strip(".")
    return _name_run(words)


def _is_name_word(word: str) -> bool:
    """A capitalised word, or one with a capital inside ("diGenova", "al-Assad")."""
    letters = word.strip(".,'\u2019\"")
    if not letters or not letters[0].isalpha():
        return False
    return letters[0].isupper() or any(c.isupper() for c in letters[1:])


def _name_run(words: list[str]) -> str | None:
    """A name among words: the run of capitalised words (particles such as
    "von" allowed inside) that ends the words, less the titles and
    possessives before it."""
    run: list[str] = []
    for word in reversed(words):
        if _is_name_word(word) or (run and word.lower() in _PARTICLES):
            run.append(word)
        else:
            break
    run.reverse()
    while run and run[-1] in _PARTICLES:
        run.pop()
    while run and run[0] in _PARTICLES:  # "de Blasio" reads "Blasio"; "Ben Carson" keeps "Ben"
        run.pop(0)
    # titles, roles and possessives before the name: "Russia's Foreign Minister Sergei Lavrov";
    # the last word is the name's own ("Ada King"), unless it is a title standing alone
    if run and run[-1].lower().strip(".,") in _TITLES - _SURNAMES:
        return None  # "Turkish Defence Minister": a description, not a name
    cut = 0
    for i, word in enumerate(run[:-1]):
        plain = word.lower().strip(".,")
        if re.search(r"['\u2019]s?$", plain) or plain in _TITLES:
            cut = i + 1
    run = run[cut:]
    while run and run[0].lower().strip(".,") in _NOT_NAMES:
        run.pop(0)
    run = [w.strip(".,\"'\u2019") if not re.fullmatch(r"[A-Z]\.", w) else w for w in run]
    run = [w for w in run if w]
    if not run or len(run) > 6:
        return None
    if len(run) == 1 and (run[0].lower() in _NOT_NAMES or len(run[0]) < 2):
        return None
    return " ".join(run)
