"""One parsed article as attribution sees it: its quotes (interrupted
ones joined, names and titles in marks left out), which token belongs to
which quote, its paragraphs, and who was the subject of what.

Internal to :mod:`provenance.quotes.attribute`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .cues import SPEECH_VERBS, speech_lemma
from .marks import Span, paragraph_ranges
from .names import (
    SUBJECT_DEPS,
    SUBORDINATORS,
    WORD,
    dateline_at,
    ent_label,
    looks_like_org,
    looks_like_title,
    mention_text,
    name_tokens,
    noun_phrase,
    pronoun_gender,
    tokens_in,
    too_few_words,
    with_left_honorific,
)
from .people import PERSONAL_PRONOUNS, People, honorific_gender


class ArticleContext:
    """One parsed article and what every quote in it needs.

    Everything article-wide (paragraphs, lines, sentences, where the quotes
    are, datelines, who is who) is worked out once here and looked up by
    offset, so attributing one more quote costs about the same in a long,
    quote-dense article as in a short one."""

    def __init__(self, doc: Doc, spans: list[Span]):
        self.doc = doc
        self.text = doc.text
        self.paragraphs = paragraph_ranges(self.text)
        self._para_starts = [a for a, _ in self.paragraphs]
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self._datelines: dict[int, int | None] = {}
        self._sent_starts = [s.start for s in doc.sents] if len(doc) else [0]
        self._tok_starts = [t.idx for t in doc]
        self._tok_ends = [t.idx + len(t) for t in doc]
        groups = _join_interrupted(doc, spans)
        self.groups = [g for g in groups if not _never_a_quote(self.text, g)]
        #: (start, end) with the marks of every quote piece, in order
        self.quote_ranges = sorted(s.outer for g in self.groups for s in g)
        self.token_group = [-1] * len(doc)
        for n, group in enumerate(self.groups):
            for span in group:
                for tok in tokens_in(doc, span.outer[0], span.outer[1]):
                    self.token_group[tok.i] = n
        self.people = People(doc)
        self.identity_at: dict[int, object] = {}
        self._note_subjects()

    def para_of(self, char: int) -> int:
        """The index of the paragraph holding a character (or ending at it)."""
        return bisect_right(self._para_starts, char) - 1

    def sent(self, tok: Token) -> SpacySpan:
        """The sentence a token is in (``Token.sent`` walks the tokens to
        find its edges; this looks them up)."""
        k = bisect_right(self._sent_starts, tok.i) - 1
        end = self._sent_starts[k + 1] if k + 1 < len(self._sent_starts) else len(self.doc)
        return self.doc[self._sent_starts[k] : end]

    def same_sent(self, a: Token, b: Token) -> bool:
        return bisect_right(self._sent_starts, a.i) == bisect_right(self._sent_starts, b.i)

    def dateline_end(self, tok: Token) -> int | None:
        """Where the dateline ends, if the token is in one."""
        line = self._line_starts[bisect_right(self._line_starts, tok.idx) - 1]
        if line not in self._datelines:
            self._datelines[line] = dateline_at(self.text, line)
        end = self._datelines[line]
        return end if end is not None and tok.idx < end else None

    def in_quote(self, tok: Token) -> bool:
        return self.token_group[tok.i] >= 0

    def same_para(self, a: Token, b: Token) -> bool:
        return self.para_of(a.idx) == self.para_of(b.idx)

    def tokens_back(self, floor: int, char: int) -> Iterator[Token]:
        """The tokens overlapping ``text[floor:char]``, last first: read
        backwards only as far as the caller needs."""
        i = bisect_left(self._tok_starts, char) - 1
        while i >= 0 and self._tok_ends[i] > floor:
            yield self.doc[i]
            i -= 1

    def last_token(self, floor: int, char: int, *, whole: bool = False) -> Token | None:
        """The last token that is not white space overlapping
        ``text[floor:char]`` (with ``whole``, ending by ``char``)."""
        for tok in self.tokens_back(floor, char):
            if not tok.is_space and not (whole and tok.idx + len(tok.text) > char):
                return tok
        return None

    def tokens_on(self, char: int, ceiling: int) -> Iterator[Token]:
        """The tokens overlapping ``text[char:ceiling]``, in order: read
        forwards only as far as the caller needs."""
        i = max(0, bisect_right(self._tok_starts, char) - 1)
        while i < len(self._tok_starts) and self._tok_starts[i] < ceiling:
            if self._tok_ends[i] > char:
                yield self.doc[i]
            i += 1

    def _note_subjects(self) -> None:
        """Who is the subject of a verb where: the candidates pronouns point
        back to, and the identities credits are carried by."""
        for tok in self.doc:
            if tok.dep_ not in SUBJECT_DEPS or self.in_quote(tok):
                continue
            speech = speech_lemma(tok.head) in SPEECH_VERBS  # not "the plan is going nowhere"
            sent_start = self.sent(tok).start
            where = {"main": _main_clause(tok), "sent_start": sent_start}
            if tok.lower_ in PERSONAL_PRONOUNS:
                found = self.people.antecedent(tok, sent_start)
                if found is not None:
                    self.people.note_subject(tok.i, found.person, found.description, pronoun_gender(tok), **where)
                    self.identity_at[tok.i] = found.person or found.description
                continue
            name = name_tokens(tok)
            if (
                name is not None
                and name.root.pos_ == "PROPN"
                and (
                    ent_label(name) == "PERSON"
                    or (ent_label(name) is None and speech and not looks_like_org(name))
                    or self.known_person(name)
                )
            ):
                person = self.people.add(
                    name.text, tok.i, gender=honorific_gender([t.text for t in with_left_honorific(name)])
                )
                if person is not None:
                    self.people.note_subject(tok.i, person, None, **where)
                    self.identity_at[tok.i] = person
                continue
            if speech and tok.pos_ == "NOUN":
                description = mention_text(tok, self)
                person = self.people.by_title(noun_phrase(tok), tok.i)
                self.people.note_subject(tok.i, person, None if person else description, **where)
                self.identity_at[tok.i] = person or description

    def known_person(self, name: SpacySpan) -> bool:
        """A surname the tagger did not call a person ("Okafor arrived
        late."), of someone the article named in full before."""
        if len(name) != 1 or looks_like_org(name):
            return False
        person = self.people.person(name.text, name.start)
        return person is not None and len(person.words) > 1 and person.mentions[0] < name.start


def _main_clause(subject: Token) -> bool:
    """Whether a subject is its sentence's main one: its verb is the root,
    or joined to the root by "and" ("Lee arrived and said")."""
    verb = subject.head
    for _ in range(4):
        if verb.head == verb:
            return True
        if verb.dep_ != "conj":
            return False
        verb = verb.head
    return False


def _join_interrupted(doc: Doc, spans: list[Span]) -> list[list[Span]]:
    """Group "A," she said, "b." into one quote; "A," she said. "B." stays two."""
    text = doc.text
    groups: list[list[Span]] = []
    for span in spans:
        if groups and _interrupts(doc, text, groups[-1][-1], span):
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def _interrupts(doc: Doc, text: str, first: Span, second: Span) -> bool:
    between = text[first.outer[1] : second.outer[0]]
    stripped = between.strip()
    if not stripped or len(stripped) > 160 or "\n" in between or first.style != second.style:
        return False
    if not stripped.endswith((",", ":", "\u2014", "\u2013", "--", "\u2015")):
        return False
    last_inner = text[first.end - 1 : first.end] if first.end > first.start else ""
    opens_with_break = stripped.startswith((",", "\u2014", "\u2013", "-", "\u2015"))
    if last_inner not in (",", ";", ":", "\u2014", "\u2013", "-") and not opens_with_break:
        return False
    tokens = tokens_in(doc, first.outer[1], second.outer[0])
    if any(t.text in (".", "!", "?", ";") for t in tokens):
        return False
    words = [t for t in tokens if t.is_alpha]
    if (
        not words
        or len(words) > 14
        or words[0].lower_ in ("and", "but", "or")
        or any(t.lower_ in SUBORDINATORS for t in words)
    ):
        return False
    return any(speech_lemma(t) in SPEECH_VERBS for t in tokens)


_TITLE_BEFORE = {
    "'s",
    "\u2019s",
    "s'",
    "on",
    "of",
    "in",
    "at",
    "from",
    "for",
    "titled",
    "entitled",
    "show",
    "program",
    "programme",
    "series",
    "film",
    "movie",
    "book",
    "song",
    "album",
    "column",
    "headlined",
    "dubbed",
}


def _never_a_quote(text: str, group: list[Span]) -> bool:
    """One word in marks is a scare quote or a name; a short title-cased
    phrase after "on", "of" or a possessive is the title of a show or a
    paper. Both are left out before attribution, so they do not hide the
    attribution around them."""
    joined = " ".join(text[a:b] for s in group for a, b in s.pieces)
    words = WORD.findall(joined)
    if too_few_words(joined, words):
        return True
    if looks_like_title(joined, words):
        before = text[max(0, group[0].outer[0] - 20) : group[0].outer[0]].split()
        last = before[-1].lower() if before else ""
        if last in _TITLE_BEFORE or last.endswith(("'s", "\u2019s")):
            return True
    return False
