"""One parsed article as attribution sees it: its quotes (interrupted
ones joined, names and titles in marks left out), which token belongs to
which quote, its paragraphs, and who was the subject of what.

Internal to :mod:`provenance.quotes.attribute`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from spacy.attrs import DEP, IDX, LENGTH
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .cues import ADDRESSEE_VERBS, SPEECH_VERBS, speech_lemma
from .marks import Span, doc_text, paragraph_ranges
from .names import (
    BODY_NOUNS,
    NOT_PEOPLE,
    SUBJECT_DEPS,
    SUBORDINATORS,
    WORD,
    capitalised,
    dateline_at,
    ent_label,
    is_name_token,
    looks_like_org,
    looks_like_person,
    looks_like_title,
    mention_text,
    name_tokens,
    noun_phrase,
    pronoun_gender,
    strip_the,
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
        self.text = doc_text(doc)
        self.paragraphs = paragraph_ranges(self.text)
        self._para_starts = [a for a, _ in self.paragraphs]
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self._datelines: dict[int, int | None] = {}
        self._headings: dict[int, bool] = {}
        self._sent_starts = [s.start for s in doc.sents] if len(doc) else [0]
        # from arrays: a Token made for each of an article's words costs more than the rest of this
        offsets = doc.to_array([IDX, LENGTH]).astype("int64")
        self._tok_starts = offsets[:, 0].tolist()
        self._tok_ends = (offsets[:, 0] + offsets[:, 1]).tolist()
        groups = _join_interrupted(doc, spans)
        self.groups = [g for g in groups if not _never_a_quote(self.text, g)]
        self.groups = _without_pull_quotes(self.text, self.groups)
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

    def token_at(self, char: int) -> Token | None:
        """The token overlapping the character at ``char`` (a quote's
        opening mark), if any."""
        return next(self.tokens_on(char, char + 1), None)

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
        back to, and the identities credits are carried by. A person named
        at the head of a sentence the parser read without them as subject
        ("Toronto councillor and tenants' advocate Jo Lam told the paper",
        "Retiree Al Fox, who lost 7 kg." cut at "kg.") counts as its subject."""
        topics = self._sentence_topics()
        deps = self.doc.to_array([DEP]).astype("int64").tolist() if len(self.doc) else []
        subject_deps = {self.doc.vocab.strings.add(d) for d in SUBJECT_DEPS}
        for i in sorted({*topics, *(i for i, d in enumerate(deps) if d in subject_deps)}):
            tok = self.doc[i]  # only the subjects and sentence topics: a Token for every word costs more
            topic = topics.get(tok.i)
            if (topic is None and tok.dep_ not in SUBJECT_DEPS) or self.in_heading(tok):
                continue
            if topic is not None:
                person = self.people.add(topic.text, topic.start)
                if person is not None:
                    self.people.note_subject(topic.end - 1, person, None, sent_start=self.sent(tok).start)
                    self.identity_at[topic.end - 1] = person
            if tok.dep_ not in SUBJECT_DEPS or self.in_quote(tok):
                continue
            speech = speech_lemma(tok.head) in SPEECH_VERBS  # not "the plan is going nowhere"
            sent_start = self.sent(tok).start
            where = {"main": _main_clause(tok), "sent_start": sent_start}
            fronted = self._fronted_person(tok) if tok.lower_ in ("he", "she") else None
            if fronted is not None:  # "For Petrov, who …, he's just serving buyers the big firms ignore"
                person = self.people.add(fronted.text, fronted.start, gender=pronoun_gender(tok))
                if person is not None:
                    self.people.note_subject(tok.i, person, None, pronoun_gender(tok), **where)
                    self.identity_at[tok.i] = person
                    continue
            if tok.lower_ in PERSONAL_PRONOUNS:
                found = self.people.antecedent(tok, sent_start)
                if found is not None:
                    self.people.note_subject(tok.i, found.person, found.description, pronoun_gender(tok), **where)
                    self.identity_at[tok.i] = found.person or found.description
                continue
            name = name_tokens(tok)
            if (
                name is not None
                and (name.root.pos_ == "PROPN" or (ent_label(name) == "PERSON" and capitalised(name.root)))
                and (
                    ent_label(name) == "PERSON"
                    or (ent_label(name) is None and speech and not looks_like_org(name))
                    or self.known_person(name)
                    or looks_like_person(self, name)  # "Almeida said" (not tagged), a person's name tagged ORG
                )
            ):
                person = self.people.add(
                    name.text, tok.i, gender=honorific_gender([t.text for t in with_left_honorific(name)])
                )
                if person is not None:
                    self.people.note_subject(tok.i, person, None, **where)
                    self.identity_at[tok.i] = person
                continue
            body = _body_named(tok, name) if name is None or not looks_like_person(self, name) else None
            if body is not None:  # "The State Department called for …": who "the agency" and "it" may mean
                self.people.note_subject(tok.i, None, None, organisation=body, **where)
                continue
            if not speech and _definite_role(tok):  # "the mayor brought it up again": whom "he" means next
                person = self.people.by_title(noun_phrase(tok), tok.i)
                if person is not None:
                    self.people.note_subject(tok.i, person, None, **where)
                    self.identity_at[tok.i] = person
                continue
            if speech and tok.pos_ == "NOUN":
                description = mention_text(tok, self)
                plural = "p" if tok.tag_ == "NNS" else None  # "both groups" is no "she", "the residents" no one person
                person = self.people.by_title(noun_phrase(tok), tok.i) if plural is None else None
                self.people.note_subject(tok.i, person, None if person else description, plural, **where)
                self.identity_at[tok.i] = person or description

    def _fronted_person(self, pronoun: Token) -> SpacySpan | None:
        """The person a sentence opens on, "For Petrov, …" (or "For Ann
        Lee, the hearing is an event she …"): who a "he" or "she" later in that
        sentence means, before anyone named earlier."""
        sent = self.sent(pronoun)
        words = [t for t in sent if not t.is_space and not t.is_punct]
        if len(words) < 3 or words[0].lower_ not in ("for", "but", "and"):
            return None
        opener = words[0] if words[0].lower_ == "for" else words[1]
        if opener.lower_ != "for" or opener.i > sent.start + 2:
            return None
        obj = next((c for c in opener.children if c.dep_ == "pobj"), None)
        if obj is None or not is_name_token(obj) or self.in_quote(obj) or pronoun.i <= obj.i:
            return None
        comma = next((t for t in self.doc[obj.i + 1 : pronoun.i] if t.text == ","), None)
        name = name_tokens(obj)
        if comma is None or name is None or ent_label(name) in ("GPE", "NORP") or looks_like_org(name):
            return None
        return name

    def _sentence_topics(self) -> dict[int, SpacySpan]:
        """The first person named in each sentence whose main subject is no
        one ("Regular exercise paid off for accountant Bo Lin, 50.", a name
        the parser gave no subject role), by the index of the token it is
        noted at (the end of the name): who "he" in the next sentence means."""
        topics: dict[int, SpacySpan] = {}
        done: set[int] = set()
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" or self.in_quote(ent.root) or ent.root.dep_ in SUBJECT_DEPS:
                continue
            sent = self.sent(ent.root)
            if sent.start in done:
                continue
            done.add(sent.start)
            if ent.root.dep_ in ("appos", "compound", "poss") or ent.root.head.dep_ in SUBJECT_DEPS:
                continue  # the subject is the noun it belongs to, noted with it
            if ent.root.dep_ in ("dobj", "dative") and speech_lemma(ent.root.head) and not _inverted_speaker(ent.root):
                continue  # "told Kommersant": the listener, not who speaks next ("insists Ida Crane" speaks)
            if _in_brackets(sent, ent.start):
                continue  # a photo credit, "(Submitted by Jo Lam)", "(Jo Lam / CBC)": no one the story is about
            if any(
                (_someone(t) or speech_lemma(t.head) in SPEECH_VERBS) and _main_clause(t)
                for t in sent
                if t.dep_ in SUBJECT_DEPS
            ):
                continue  # the sentence's own subject is someone, or speaks
            topics[ent.end - 1] = ent
        return topics

    def in_heading(self, tok: Token) -> bool:
        """The token is in a heading or a caption: a short paragraph that
        ends without a full stop ("WATCH: Police warn of a rise in scams")."""
        para = self.para_of(tok.idx)
        if para not in self._headings:
            a, b = self.paragraphs[para] if para >= 0 else (0, 0)
            text = self.text[a:b].strip()
            self._headings[para] = bool(text) and text[-1] not in _TERMINAL and len(text.split()) <= 25
        return self._headings[para]

    def known_person(self, name: SpacySpan) -> bool:
        """A surname the tagger did not call a person ("Okafor arrived
        late."), of someone the article named in full before."""
        if len(name) != 1 or looks_like_org(name):
            return False
        person = self.people.person(name.text, name.start)
        return person is not None and len(person.words) > 1 and person.mentions[0] < name.start


def _body_named(subject: Token, name: SpacySpan | None) -> str | None:
    """The organisation a subject names: an entity tagged as one ("The
    State Department", "the Home Office"), or a body noun with one in it
    ("the bank's fraud research unit", "the relief charity Marigold")."""
    if name is not None and ent_label(name) == "ORG":
        return strip_the(name.text)
    if subject.pos_ == "NOUN" and subject.lemma_.lower() in BODY_NOUNS:
        ent = next((t for t in subject.subtree if t.ent_type_ == "ORG" and t.i != subject.i), None)
        if ent is not None:
            words = [t for t in subject.subtree if t.dep_ not in ("relcl", "acl", "punct") and t.head.dep_ != "relcl"]
            words = [t for t in words if t.i <= max(subject.i, ent.i)]
            return strip_the(subject.doc[words[0].i : words[-1].i + 1].text) if words else None
    return None


_TERMINAL = ".!?\"'\u201d\u2019)"


def _definite_role(tok: Token) -> bool:
    """ "the mayor", "the minister": one someone, named by a role."""
    return (
        tok.pos_ == "NOUN"
        and tok.tag_ == "NN"
        and not tok.ent_type_
        and tok.lemma_.lower() not in NOT_PEOPLE
        and tok.lemma_.lower() not in BODY_NOUNS
        and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
    )


def _inverted_speaker(tok: Token) -> bool:
    """A name the parser made the object of a speech verb that has no
    subject and comes first ("…, insists Ida Crane, in seeing …"): the speaker,
    unless the verb's object is its listener ("told Kommersant")."""
    verb = tok.head
    return (
        tok.ent_type_ == "PERSON"
        and verb.i < tok.i
        and speech_lemma(verb) in SPEECH_VERBS
        and speech_lemma(verb) not in ADDRESSEE_VERBS
        and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    )


_LETTERS = re.compile(r"[^\W_]+")


def _without_pull_quotes(text: str, groups: list[list[Span]]) -> list[list[Span]]:
    """Leave out pull quotes: a paragraph that is nothing but a quote of
    six words or more whose words a paragraph of the article's prose also
    holds, outside marks, is the writer's line set in large type, not
    anyone's remark. A remark repeated as a pull quote stays (its other
    copy is in marks too), and so does one a heading repeats."""
    paragraphs = paragraph_ranges(text)
    starts = [a for a, _ in paragraphs]
    alone = []
    for n, group in enumerate(groups):
        a, b = group[0].outer[0], group[-1].outer[1]
        k = bisect_right(starts, a) - 1
        if (
            len(group) == 1
            and k >= 0
            and not text[paragraphs[k][0] : a].strip()
            and not text[b : paragraphs[k][1]].strip()
        ):
            alone.append(n)
    if not alone:
        return groups
    outside = list(text)
    for group in groups:
        for span in group:
            outside[span.outer[0] : span.outer[1]] = " " * (span.outer[1] - span.outer[0])
    outside_text = "".join(outside)
    prose = [" ".join(_LETTERS.findall(outside_text[a:b].lower())) for a, b in paragraphs]
    dropped = set()
    for n in alone:
        span = groups[n][0]
        line = " ".join(_LETTERS.findall(text[span.start : span.end].lower()))
        # in a paragraph of prose, not a heading that repeats the remark ("We're going to have to water less.")
        if line.count(" ") >= 5 and any(line in para and len(para) > len(line) + 20 for para in prose):
            dropped.add(n)
    return [g for n, g in enumerate(groups) if n not in dropped]


def _in_brackets(sent: SpacySpan, at: int) -> bool:
    """Whether token ``at`` of the sentence is inside round brackets."""
    depth = 0
    for tok in sent:
        if tok.i >= at:
            break
        depth += tok.text == "("
        depth -= tok.text == ")" and depth > 0
    return depth > 0


def _someone(subject: Token) -> bool:
    """A subject that is a name or a personal pronoun ("Friday" is not)."""
    if subject.pos_ == "PROPN":
        return subject.ent_type_ in ("PERSON", "ORG", "")
    return subject.lower_ in ("he", "she", "they", "i", "we")


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
    text = doc_text(doc)
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
    # American style puts a sentence's full stop inside the marks: "a scene from “The Girl Who Sold the Moon.”"
    if looks_like_title(joined.rstrip(".,"), words):
        before = text[max(0, group[0].outer[0] - 20) : group[0].outer[0]].split()
        last = before[-1].lower() if before else ""
        if last in _TITLE_BEFORE or last.endswith(("'s", "\u2019s")):
            return True
    return False
