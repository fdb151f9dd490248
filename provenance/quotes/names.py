"""Words and names in a parse: whether a token is a name, the name a
subject token holds, the speaker as written, datelines.

Helpers of :mod:`provenance.quotes.attribute`, internal to the package.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .people import HONORIFICS, ROLE_WORDS, gender_of, title_end

if TYPE_CHECKING:
    from .context import ArticleContext

DASHES = {"\u2014", "\u2015", "\u2013", "--", "-", "---"}

NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP"}


SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}


SUBJECT_PRONOUNS = {"he", "she", "they", "i", "we"}


SUBORDINATORS = {
    "when",
    "while",
    "because",
    "if",
    "before",
    "after",
    "since",
    "although",
    "though",
    "whereas",
    "until",
    "unless",
    "once",
    "whether",
    "where",
}


_TERMINAL = re.compile(r"[.!?]['\u2019\"\u201d)]*$")


WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
#: a phrase in marks this short that nothing attributes is a term, not someone's words
TERM_WORDS = 4
#: Han and kana: scripts written without spaces between words.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def too_few_words(text: str, words: list[str]) -> bool:
    """Fewer than two words (``words``: ``WORD`` found in ``text``): one
    word in marks is a scare quote or a name. In Chinese or Japanese,
    written without spaces, two characters are words enough."""
    return len(words) < 2 and len(_UNSPACED.findall(text)) < 2


def entity_of(tok: Token) -> SpacySpan | None:
    """The named entity a token is part of, read from the IOB tags around
    it (``Doc.ents`` would build every entity of the article each time)."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I" and doc[start - 1].ent_iob_ in ("B", "I"):
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return SpacySpan(doc, start, end, label=tok.ent_type_)


def with_surname(ent: SpacySpan) -> SpacySpan:
    """A person's name the tagger stopped short of its surname ("Treasurer
    Beatriz" + "Camacho"): the proper noun right after that the name's
    words hang on belongs to it."""
    doc = ent.doc
    if ent.label_ != "PERSON" or ent.end >= len(doc):
        return ent
    end = ent.end
    if doc[end].is_space and "\n" not in doc[end].text and end + 1 < len(doc):
        end += 1  # "Stu\u00a0Burguiere": a no-break space typed inside the name
    nxt = doc[end]
    if (
        nxt.pos_ == "PROPN"
        and nxt.ent_type_ != "PERSON"
        and ent[-1].head == nxt
        and ent[-1].dep_ in ("compound", "flat")
    ):
        return SpacySpan(doc, ent.start, end + 1, label="PERSON")
    return ent


def tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    if end <= start:
        return []
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    return [t for t in span if t.idx < end and t.idx + len(t.text) > start]


# capitalised words that are titles or institutions, never a person's name on their own
_NOT_A_NAME = {
    "president",
    "senator",
    "governor",
    "minister",
    "secretary",
    "mayor",
    "chairman",
    "chairwoman",
    "judge",
    "congress",
    "senate",
    "house",
    "parliament",
    "government",
    "ministry",
    "department",
    "police",
    "army",
    "officials",
    "critics",
    "democrats",
    "republicans",
    "the",
    "i",
    "it",
    "we",
    "they",
    "he",
    "she",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "but",
    "and",
    "so",
    "yet",
    "still",
    "now",
    "then",
    "when",
    "as",
}


#: a name written with a capital inside it: "DeBoer", "McAllister", "Sha'wen"
_INNER_CAPITAL = re.compile(r"^[A-Z][a-z]+(?:[A-Z]|['\u2019][A-Za-z])[A-Za-z'\u2019-]*$")


def capitalised(tok: Token) -> bool:
    """Written as a name is: "Trump", "O'Toole", and also "DeBoer",
    "McAllister", "Sha'wen", which are not title case."""
    return tok.is_title or bool(_INNER_CAPITAL.match(tok.text))


def mistagged_name(tok: Token) -> bool:
    """A capitalised word inside a sentence that the tagger took for a verb
    or a common noun ("Tulsa police Chief …", "O’Donnell said", "DeBoer
    said" read as an auxiliary); at the start of a sentence, only as the
    subject of its verb when the article also writes it capitalised
    mid-sentence ("Lee at the time said")."""
    if not capitalised(tok) or tok.pos_ in ("PROPN", "PRON", "DET", "PUNCT") or tok.lower_ in _NOT_A_NAME:
        return False
    if _surname_as_word(tok):
        return True
    if tok.tag_ in ("VBD", "VBZ", "VBG", "VBN") and not tok.ent_type_:
        return False
    if tok.ent_type_ == "NORP" or tok.dep_ == "amod":
        return False  # "the Polish defence minister"
    if not tok.is_sent_start:
        return tok.ent_type_ in ("PERSON", "ORG", "GPE") or tok.tag_ in ("VB", "VBP", "NN", "NNS")
    return tok.dep_ in SUBJECT_DEPS and _capitalised_elsewhere(tok)


def _surname_as_word(tok: Token) -> bool:
    """The surname of someone the article names in full, written alone
    where the tagger read it as a common word ("George Will" then "Will
    urged", "Al From" then "From said", "Bill Skelly" then "said Skelly"):
    inside a sentence, or opening one before a verb in the past or present
    tense (a modal or a preposition is never followed by one)."""
    doc = tok.doc
    cache = doc.user_data.get("provenance_surnames")
    if cache is None:  # a plain dict, so the Doc still serialises
        cache = {
            ent[-1].text: ent.start
            for ent in reversed(doc.ents)
            if ent.label_ == "PERSON" and len(ent) > 1 and capitalised(ent[-1])
        }
        doc.user_data["provenance_surnames"] = cache
    first = cache.get(tok.text)
    if first is None or first >= tok.i or tok.ent_type_:
        return False
    if not tok.is_sent_start:
        return tok.i > 0 and doc[tok.i - 1].tag_ != "``"  # not the first word inside marks
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return nxt is not None and nxt.tag_ in ("VBD", "VBZ", "VBN")


def _capitalised_elsewhere(tok: Token) -> bool:
    doc = tok.doc
    cache = doc.user_data.get("provenance_capitalised")
    if cache is None:  # a plain dict, so the Doc still serialises
        cache = {
            t.text: True
            for t in doc
            if capitalised(t) and not t.is_sent_start and t.i > 0 and not doc[t.i - 1].is_quote
        }
        doc.user_data["provenance_capitalised"] = cache
    return tok.text in cache


def nominal(tok: Token) -> bool:
    return (
        tok.pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PRON", "NUM") or mistagged_name(tok) or tok.ent_type_ in NAME_ENTS
    )


def is_name_token(tok: Token) -> bool:
    return tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON" or mistagged_name(tok)


def abbreviation_dot(tok: Token) -> bool:
    """The full stop of "Lt." or "J." inside a name, not the end of a sentence."""
    doc = tok.doc
    if tok.text != "." or tok.i == 0 or tok.i + 1 >= len(doc):
        return False
    before, after = doc[tok.i - 1], doc[tok.i + 1]
    return (before.is_title and len(before.text) <= 4 and after.is_title and tok.whitespace_ != "") or (
        len(before.text) == 1 and before.is_upper
    )


def gap_subject(gap: list[Token]) -> Token | None:
    """The speaker named between a quote and its verb (", Leonard E. Burman,
    director of …, said"; ", Air Force Lt. Tyler Reed said"): in the words
    before the first comma, the person named, else the last run of proper
    nouns (a title comes first), else a pronoun or the head noun. A name
    that only modifies a noun ("Baird campaign manager Tim Oake", "Ms.
    Lund's spokesman, Per Ekdahl") is passed over for the name of
    the person the noun is, set off after it; words opening with a
    preposition ("for the EU, said X") name no one."""
    doc = gap[0].doc
    end = gap[-1].i + 1
    for i in range(gap[0].i, gap[-1].i + 1):
        if doc[i].text == "," and i > gap[0].i:
            end = i
            break
    head = [t for t in gap if t.i < end] or gap
    if head[0].pos_ == "ADP" and head[0].lower_ != "according":
        return None
    for tok in head:
        if tok.ent_type_ == "PERSON":
            ent = entity_of(tok)
            if ent is not None:
                ent = with_surname(ent)
                if _modifies_noun(ent.root):
                    continue
                return ent[-1] if ent[-1] in head else tok
    runs: list[Token] = []
    for n, tok in enumerate(head):
        if (tok.pos_ == "PROPN" or mistagged_name(tok)) and (
            n + 1 >= len(head) or not (head[n + 1].pos_ == "PROPN" or mistagged_name(head[n + 1]))
        ):
            if _modifies_noun(tok) or (tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ == "HYPH"):
                continue  # a modifier: "the Tulsa police chief", "the White House spokesman", "the Texas-born"
            runs.append(tok)
    if runs:
        return runs[-1]
    for tok in head:
        if tok.pos_ == "PRON" and tok.dep_ != "poss" and tok.tag_ != "PRP$":  # "his lawyer" is the lawyer
            return tok
    if end < len(doc) and end <= gap[-1].i and doc[end + 1].ent_iob_ == "B" and doc[end + 1].ent_type_ == "PERSON":
        return with_surname(entity_of(doc[end + 1]))[-1]  # "Ms. Lund's spokesman, Per Ekdahl,"
    inside = {t.i for t in head}
    roots = [t for t in head if t.head.i not in inside and t.pos_ in ("NOUN", "PROPN")]
    return roots[0] if roots else None


def _modifies_noun(tok: Token) -> bool:
    """A name used as a modifier or possessor of a common noun: "the Tulsa
    police chief", "Ayotte campaign manager", "Merkel's spokesman"."""
    return tok.dep_ in ("amod", "compound", "poss", "nmod") and tok.head.pos_ == "NOUN" and not tok.head.is_title


# "WASHINGTON —", "DENVER, May 2 (UPI) —", "Washington (AFP) –": a
# place in capitals, or any place followed by a date or an agency in brackets
_DATELINE = re.compile(
    r"[ \t]*(?:[A-Z][A-Z.'\- ]{1,40}?(?:,\s*[A-Z][A-Za-z.]*\.?(?:\s+\d{1,2})?)?\s*(?:\([A-Za-z.\s]{1,25}\))?"
    r"|[A-Z][A-Za-z.'\- ]{1,40}?(?:,\s*[A-Z][A-Za-z.]*\.?\s+\d{1,2})?\s*\([A-Za-z.\s]{1,25}\)"
    r"|[A-Z][A-Za-z.'\- ]{1,40}?,\s*[A-Z][a-z]{2,4}\.?\s+\d{1,2})\s*(?:\u2014|\u2013|--|-)\s*"
)


def dateline_at(text: str, line_start: int) -> int | None:
    """Where the dateline opening the line at ``line_start`` ends, if the
    line opens with one ("DENVER, May 2 (UPI) — …", "Washington
    (AFP) – …")."""
    m = _DATELINE.match(text, line_start)
    if m and m.end() - line_start <= 70:
        return m.end()
    return None


WEEKDAYS = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tonight",
}


def _related(tok: Token, top: Token) -> bool:
    """The name is someone the appositive relates its head to ("the rookie,
    younger brother of Cole Lee"), not the head's own name: a preposition
    lies between the name and the appositive."""
    ent = entity_of(tok)
    first = ent.start if ent is not None else tok.i
    first = min(first, (ent.root if ent is not None else tok).left_edge.i)  # "a deputy to Governor Al Moss"
    if first == 0 or tok.doc[first - 1].pos_ != "ADP":
        return False  # "the director of research at Acme, Jo Lee": the parser hung her on Acme
    node = tok
    while node != top and node.head != node:
        if node.dep_ in ("pobj", "prep"):
            return True
        node = node.head
    return False


def name_tokens(tok: Token) -> SpacySpan | None:
    """The name a subject token holds: its entity, an appositive's entity,
    or its run of proper nouns."""
    doc = tok.doc
    if tok.is_upper and tok.ent_type_ in ("GPE", "ORG") and any(t.text in DASHES for t in doc[tok.i + 1 : tok.i + 3]):
        person = next((t for t in tok.subtree if t.ent_type_ == "PERSON"), None)  # WASHINGTON -- President Obama
        if person is not None:
            return name_tokens(person)
    if tok.ent_type_ in NAME_ENTS:
        ent = entity_of(tok)
        if ent is not None and (ent.label_ == "PERSON" or tok.pos_ == "PROPN" or tok.is_title):
            return ent
    clause = min((c.i for c in tok.children if c.dep_ == "relcl"), default=None)
    for child in tok.children:
        if clause is not None and child.i > clause:
            break  # "the resident, who sold copies of his novel: The Iron Orchard": the clause's, not who
        if child.dep_ in ("appos", "conj") or (child.dep_ == "compound" and tok.ent_type_ != "PERSON"):
            for t in child.subtree:
                if t.ent_type_ == "PERSON" and not _related(t, child):
                    ent = entity_of(t)
                    if ent is not None:
                        return with_surname(ent)
            if child.dep_ == "appos" and child.pos_ == "PROPN" and tok.pos_ != "PROPN":
                return name_tokens(child)  # "Schilling's son, Grant,"
    if tok.dep_ == "appos" and tok.head.ent_type_ == "PERSON":
        return name_tokens(tok.head)
    if tok.pos_ == "PROPN" or mistagged_name(tok):
        start = tok.i
        while (
            start - 1 >= 0
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].head == tok
            and doc[start - 1].dep_ in ("compound", "flat")
        ):
            start -= 1
        end = tok.i + 1
        while (
            end < len(doc)
            and doc[end].pos_ == "PROPN"
            and doc[end].head == tok
            and doc[end].dep_ in ("compound", "flat")
        ):
            end += 1
        return doc[start:end]
    return None


def ent_label(span: SpacySpan) -> str | None:
    labels = {t.ent_type_ for t in span if t.ent_type_}
    for label in ("PERSON", "ORG", "GPE", "NORP"):
        if label in labels:
            return label
    return None


_ORG_WORDS = {
    "committee",
    "campaign",
    "party",
    "department",
    "ministry",
    "office",
    "agency",
    "council",
    "house",
    "senate",
    "congress",
    "court",
    "association",
    "foundation",
    "institute",
    "university",
    "company",
    "corporation",
    "group",
    "network",
    "news",
    "times",
    "post",
    "journal",
    "police",
    "bank",
    "union",
    "commission",
    "administration",
    "center",
    "centre",
    "service",
    "board",
    "fund",
    "coalition",
    "amendment",
    "act",
    "bill",
    "report",
    "museum",
    "school",
    "church",
    "club",
    "league",
}


#: head nouns of a description that means a body, not a person: "the agency said"
BODY_NOUNS = frozenset(
    """
company firm agency department ministry government office group organization organisation unit
police force service board council commission union association party committee bank university
hospital team club league network institute foundation authority corporation school district
airline carrier retailer manufacturer maker broadcaster publisher insurer operator utility
regulator watchdog court tribunal embassy consulate military army navy campaign
""".split()
)

#: head nouns of a description that is not someone: what was said, a
#: document, a thing ("the report said", "the sign read")
NOT_PEOPLE = frozenset(
    """
statement letter post tweet release email memo message ad video op-ed report study survey poll
data document website site page law rule policy plan proposal decision ruling order sign list book
film show song program programme story article paper notice advisory warning text note record
remark comment speech interview transcript filing complaint lawsuit suit motion brief application
book novel series episode headline caption photo picture image map chart graph table figure number
""".split()
)


def looks_like_person(art: ArticleContext, span: SpacySpan) -> bool:
    """An entity the tagger called an organisation that reads as a person:
    a role or honorific before it, a given name in it, or the surname of
    someone the article names ("Guitarist Mo Kessler", "Trump")."""
    words = [w for w in span.text.split() if w[:1].isalpha()]
    end = title_end(words)
    if end and len(words) - end <= 3 and not any(w.lower() in _ORG_WORDS for w in words[end:]):
        return True  # "Regina Police Chief Ed Marlow", "Band Chief Sha'wen"
    if not words or len(words) > 4 or looks_like_org(span):
        return False
    if ent_label(span) == "NORP":  # "Democrats", "Russian": only the surname of someone named
        return len(words) == 1 and art.known_person(span)
    folded = [w.lower().strip(".") for w in words]
    if (
        folded[0] in ROLE_WORDS
        or folded[0] in HONORIFICS
        or any(gender_of(w) in ("m", "f") for w in folded[:-1] or folded)
    ):
        return True
    return art.people.person(span.text, span.start) is not None


def looks_like_org(span: SpacySpan) -> bool:
    return any(t.lower_ in _ORG_WORDS for t in span)


def strip_the(text: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", text.strip())


def with_left_honorific(span: SpacySpan) -> SpacySpan:
    return span.doc[max(0, span.start - 1) : span.end]


def noun_phrase(tok: Token) -> SpacySpan:
    return tok.doc[tok.left_edge.i : tok.i + 1]


def mention_text(tok: Token, art: ArticleContext) -> str:
    """The speaker as written: the subject with its modifiers, apposition
    and relative clause, never running into a quote."""
    doc = tok.doc
    left, right = tok.left_edge.i, tok.i
    for child in tok.rights:
        if child.dep_ in (
            "appos",
            "relcl",
            "acl",
            "prep",
            "amod",
            "compound",
            "punct",
            "cc",
            "conj",
            "npadvmod",
            "nummod",
        ):
            right = max(right, child.right_edge.i)
    cut: list[Token] = []
    for t in doc[left : right + 1]:
        if (art.in_quote(t) and t.i != tok.i) or t.is_space:
            if t.i > tok.i:
                break
            cut = []
            continue
        cut.append(t)
    if not cut:
        return tok.text
    cut = cut[:25]
    while len(cut) > 1 and cut[-1].is_punct and cut[-1].text in (".", ",", ";", ":", "(", "\u2014", "-"):
        cut.pop()
    return doc[cut[0].i : cut[-1].i + 1].text.strip(" ,;:\u2014-(")


def leading_name(words: list[Token]) -> SpacySpan | None:
    if not words:
        return None
    doc = words[0].doc
    first = words[0]
    ent = entity_of(first)
    if ent is not None and ent.label_ in NAME_ENTS:
        return ent
    if first.pos_ == "PROPN" or first.is_title:
        end = first.i + 1
        while end < len(doc) and (doc[end].pos_ == "PROPN" or doc[end].is_title) and end - first.i < 5:
            end += 1
        return doc[first.i : end]
    return None


def trailing_name(words: list[Token]) -> SpacySpan | None:
    if not words:
        return None
    doc = words[0].doc
    last = words[-1]
    ent = entity_of(last)
    if ent is not None and ent.label_ in NAME_ENTS:
        return ent
    if last.pos_ == "PROPN":
        start = last.i
        while start - 1 >= words[0].i and doc[start - 1].pos_ == "PROPN":
            start -= 1
        return doc[start : last.i + 1]
    return None


def last_char(tokens: list[Token]) -> int:
    return tokens[-1].idx + len(tokens[-1].text)


def pronoun_gender(tok: Token) -> str | None:
    return gender_of(tok.lower_)


_SMALL = {
    "a",
    "an",
    "the",
    "of",
    "and",
    "or",
    "in",
    "on",
    "at",
    "to",
    "for",
    "with",
    "by",
    "de",
    "la",
    "le",
    "vs",
    "from",
    "is",
    "&",
}


def looks_like_title(text: str, words: list[str]) -> bool:
    """Short and title-cased: “Fox News Sunday”, “The Art of the Deal”."""
    if len(words) > 8 or text.strip().endswith(("?", "!")):
        return False
    content = [w for w in words if w.lower() not in _SMALL]
    if not content or (_TERMINAL.search(text.strip()) and len(content) > 3):
        return False
    return all(w[0].isupper() or w[0].isdigit() for w in content) and words[0][0].isupper()
