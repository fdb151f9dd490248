"""Attribution: who said a quote, with which cue, to which medium.

Works on one parsed Doc at a time, over the spans
:func:`provenance.quotes.marks.find_quote_spans` found. Every way a
sentence can attribute a quote is tried, and the most specific wins:

- the words between the pieces of an interrupted quote ("A," she said, "b.");
- an attribution right after it (", said X", ", X said", "— X, a resident");
- an attribution right before it ("X said:", "X said that", "Erdogan: “…”");
- a parenthetical one in its sentence ("Acts of protest, he said, are …");
- the speech verb that governs it in the parse (a partial quote inside
  reported speech: "she called the plan “a crazy system”"), climbing to the
  outermost one ("Trump said Clinton called it “…”" is Trump's);
- "according to X", a sentence before it that ends in a colon ("Caddell
  continued:"), the quote before it when it stands alone as the next
  sentence or paragraph of the same speaker's words, and last the subject
  of the clause a partial quote sits in ("admires Ortiz as a “steady
  hand”").

The speaker is then resolved inside the article by
:class:`provenance.quotes.people.People` (surnames, titles,
pronouns), the credited medium by :func:`provenance.quotes.media.credited_medium`,
and carried from "X told Kommersant." to the next sentence's "he said".
Quoted text that is a name, a title or a one-word scare quote is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..records import Quote
from ..sources import lookup
from .context import ArticleContext
from .cues import NAMING_VERBS, speech_lemma
from .frames import (
    Frame,
    Previous,
    QuoteContext,
    find_frame,
    lead_in_word,
    object_of_verb,
    reporting_verb_before,
    speech_verb_before,
)
from .marks import Span
from .media import Credit, credited_medium, find_media, find_venues, inside_ranges
from .names import (
    BODY_NOUNS,
    NOT_PEOPLE,
    SUBJECT_DEPS,
    TERM_WORDS,
    WORD,
    ent_label,
    looks_like_org,
    looks_like_person,
    looks_like_title,
    mention_text,
    name_tokens,
    noun_phrase,
    strip_the,
    tokens_in,
    too_few_words,
    with_left_honorific,
)
from .people import PERSONAL_PRONOUNS, Person, Salient, clean_name, honorific_gender


@dataclass
class Resolved:
    """Who a frame's subject is."""

    speaker: str | None
    mention: str | None
    kind: str | None
    identity: object | None  # a Person, or a description string: who, for carrying credits


def attribute_quotes(doc: Doc, spans: list[Span]) -> list[Quote]:
    """Turn quote spans into attributed :class:`Quote` records."""
    if not spans:
        return []
    art = ArticleContext(doc, spans)
    quotes: list[Quote] = []
    previous: Previous | None = None
    for n, group in enumerate(art.groups):
        frame = find_frame(art, QuoteContext.of(art, n, group, previous))
        quote = _quote(art.text, group)
        quote.attribution = frame.how if frame is not None else None
        resolved = None
        if frame is not None and frame.how == "continues" and previous is not None:
            resolved = previous.resolved
            _copy_speaker(quote, previous.quote)
            quote.cue = previous.quote.cue
            _copy_credit(quote, previous.quote)
            frame = previous.frame
        elif frame is not None:
            if frame.inherit and previous is not None:
                resolved = previous.resolved
                _copy_speaker(quote, previous.quote)
            else:
                resolved = _resolve(art, frame)
                if resolved.speaker is None:
                    resolved = _document_author(art, frame, resolved, group, previous) or resolved
                quote.speaker, quote.speaker_mention, quote.mention_kind = (
                    resolved.speaker,
                    resolved.mention,
                    resolved.kind,
                )
            quote.cue = frame.cue
            if quote.cue is None and frame.how == "nearby":
                quote.cue = _last_cue_of(quotes, quote.speaker)
            credit = _credit(art, frame, group)
            if credit is None and resolved is not None:
                credit = _carried_credit(art, group, resolved)
            if credit is not None:
                quote.credited, quote.credited_kind, quote.credited_mention = credit.name, credit.kind, credit.mention
            elif frame.inherit and previous is not None:
                _copy_credit(quote, previous.quote)
        else:  # no reading names a speaker, but the sentence may still say how: "X told the Herald, “…”"
            verb = (
                speech_verb_before(art, group)
                or object_of_verb(art, n)
                or lead_in_word(art, n)
                or reporting_verb_before(art, group)
            )
            quote.cue = verb.text if verb is not None else None
        if not _keep(quote, frame) or _listed_term(art, group, frame):
            continue
        quotes.append(quote)
        previous = Previous(quote, frame, resolved, group)
    return quotes


def _last_cue_of(quotes: list[Quote], speaker: str | None) -> str | None:
    """The cue of the last quote of ``speaker`` before: "“…,” Lee notes." and,
    paragraphs on, a quote paragraph of Lee's with no cue of its own is
    noted too."""
    if speaker is None:
        return None
    return next((q.cue for q in reversed(quotes) if q.speaker == speaker and q.cue), None)


def _copy_speaker(quote: Quote, source: Quote) -> None:
    quote.speaker, quote.speaker_mention, quote.mention_kind = (
        source.speaker,
        source.speaker_mention,
        source.mention_kind,
    )


def _copy_credit(quote: Quote, source: Quote) -> None:
    quote.credited, quote.credited_kind, quote.credited_mention = (
        source.credited,
        source.credited_kind,
        source.credited_mention,
    )


def _quote(text: str, group: list[Span]) -> Quote:
    pieces = [p for span in group for p in span.pieces]
    joined = " ".join("\n".join(text[a:b] for a, b in span.pieces) for span in group)
    first_alpha = next((c for c in joined if c.isalpha()), "")
    kind = "partial" if first_alpha and first_alpha.islower() else "full"
    return Quote(text=joined, start=pieces[0][0], end=pieces[-1][1], kind=kind, pieces=pieces)


def _resolve(art: ArticleContext, frame: Frame) -> Resolved:
    people = art.people
    if frame.speaker_tokens is not None:
        span = frame.speaker_tokens
        name = clean_name(span.text)
        if not name:
            return Resolved(None, None, None, None)
        person = people.add(span.text, span.start)
        return Resolved(person.name if person else name, span.text, "name", person)
    subj = frame.subject
    if subj is None:
        return Resolved(None, None, None, None)
    mention = mention_text(subj, art)
    if subj.lower_ in PERSONAL_PRONOUNS or subj.pos_ == "PRON":
        identity = art.identity_at.get(subj.i)
        if identity is None:
            found = people.antecedent(subj, art.sent(subj).start)
            identity = (found.person or found.description) if found is not None else None
        if isinstance(identity, Person):
            return Resolved(identity.name, mention, "pronoun", identity)
        if identity is None and subj.lower_ == "it":  # "“…,” it said": the body last the subject
            body = people.earlier(subj.i, people=False, bodies=True, floor=_floor(art, subj))
            if body is not None:
                return Resolved(body.organisation, mention, "organisation", body.organisation)
        return Resolved(None, identity if isinstance(identity, str) else mention, "pronoun", identity)
    name = name_tokens(subj)
    if name is not None:
        label = ent_label(name)
        medium = lookup(name.text) or lookup(clean_name(name.text))
        if (
            (label in ("ORG", "GPE", "NORP") and not looks_like_person(art, name))
            or medium
            or (label is None and looks_like_org(name))
        ):
            text = strip_the(name.text)
            return Resolved(text, mention, "organisation", text)
        person = people.add(name.text, name.start, gender=honorific_gender([t.text for t in with_left_honorific(name)]))
        return Resolved(person.name if person is not None else clean_name(name.text), mention, "name", person)
    person = people.by_title(noun_phrase(subj), subj.i)
    if person is not None:
        return Resolved(person.name, mention, "title", person)
    found = _described(art, subj)
    if found is not None and found.organisation is not None:
        return Resolved(found.organisation, mention, "organisation", found.organisation)
    if found is not None and found.person is not None:
        return Resolved(found.person.name, mention, "description", found.person)
    found = _identified_later(art, subj)
    if found is not None and found.person is not None:
        return Resolved(found.person.name, mention, "description", found.person)
    return Resolved(None, mention, "description", art.identity_at.get(subj.i, mention))


def _identified_later(art: ArticleContext, subj: Token) -> Salient | None:
    """A lead that describes its subject before naming them ("A Halifax
    grandmother says she is “…”", "The longest-serving coach in the league
    finally said “…”", then "Ann Lee has …"): in the article's first two
    paragraphs, a description of one person (a singular noun with "a" or
    "the", no one named before it) is the first person the next paragraph
    makes a sentence's subject."""
    para = art.para_of(subj.idx)
    if (
        para > 1
        or subj.tag_ != "NN"
        or (subj.ent_type_ and not subj.is_lower)  # a lowercase noun the tagger took for a name is none
        or subj.lemma_.lower() in NOT_PEOPLE
        or subj.lemma_.lower() in BODY_NOUNS
        or not any(c.dep_ == "det" and c.lower_ in ("a", "an", "the") for c in subj.children)
        or any(p.mentions[0] < subj.i for p in art.people.people)
    ):
        return None
    ceiling = art.paragraphs[min(len(art.paragraphs) - 1, para + 1)][1]
    return art.people.later(art.sent(subj).end - 1, ceiling)


def _floor(art: ArticleContext, tok: Token) -> int:
    """Where an antecedent may be looked for: this paragraph and the two before."""
    return art.paragraphs[max(0, art.para_of(tok.idx) - 2)][0] if art.paragraphs else 0


def _described(art: ArticleContext, subj: Token) -> Salient | None:
    """Whom a definite description no name or title of the article
    matches stands for: "“…,” the lanky professor said" (after a sentence
    about Schuh) is Schuh; "the agency said" is the body last the subject.
    Only "the" and a singular noun: "a spokesperson", "officials" are no
    one named."""
    head = subj.lemma_.lower()
    if (
        subj.tag_ != "NN"
        or (subj.ent_type_ and not subj.is_lower)  # a lowercase noun the tagger took for a name is none
        or head in NOT_PEOPLE
        or not any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children)
    ):
        return None
    body = head in BODY_NOUNS
    return art.people.earlier(art.sent(subj).start, people=not body, bodies=body, floor=_floor(art, subj))


# what someone wrote or issued, said to speak for them: "“…,” the statement said"
_DOCUMENT_NOUNS = {
    "statement",
    "letter",
    "post",
    "tweet",
    "release",
    "email",
    "memo",
    "message",
    "ad",
    "video",
    "op-ed",
}


def _document_author(
    art: ArticleContext, frame: Frame, resolved: Resolved, group: list[Span], previous: Previous | None
) -> Resolved | None:
    """ "X said in a statement. … “…,” the statement continued": a
    statement, letter or post as the subject speaks for whoever issued it:
    with "his"/"her", the person the pronoun means; with "the", the
    speaker of the quote just before (within two paragraphs)."""
    subj = frame.subject
    if subj is None or subj.pos_ != "NOUN" or subj.lemma_.lower() not in _DOCUMENT_NOUNS:
        return None
    for prep in subj.children:  # "the statement from Garrity's lawyer, Neil Pasco"
        if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            name = name_tokens(obj) if obj is not None else None
            if name is not None and ent_label(name) == "PERSON":
                person = art.people.add(name.text, name.start)
                if person is not None:
                    return Resolved(person.name, resolved.mention, "name", person)
            if name is not None and ent_label(name) == "ORG":  # "a statement from the EU"
                body = strip_the(name.text)
                return Resolved(body, resolved.mention, "organisation", body)
            return None
    for child in subj.children:  # "the RCMP statement", "Acme's statement"
        if child.dep_ in ("compound", "poss", "nmod") and child.ent_type_ == "ORG" and child.i < subj.i:
            name = name_tokens(child)
            if name is not None:
                body = strip_the(name.text)
                return Resolved(body, resolved.mention, "organisation", body)
    owner = next((c for c in subj.children if c.dep_ in ("poss", "det")), None)
    if owner is None:
        return None
    if owner.lower_ == "a":  # "A statement said": whoever was last the subject, person or body
        found = art.people.earlier(art.sent(subj).start, bodies=True, floor=_floor(art, subj))
        if found is not None and found.organisation is not None:
            return Resolved(found.organisation, resolved.mention, "organisation", found.organisation)
        if found is not None and found.person is not None:
            return Resolved(found.person.name, resolved.mention, "description", found.person)
        return None
    if owner.lower_ in PERSONAL_PRONOUNS:  # "his statement"
        found = art.people.antecedent(owner, art.sent(owner).start)
        if found is not None and found.person is not None:
            return Resolved(found.person.name, resolved.mention, "description", found.person)
        return None
    if owner.lower_ != "the" or previous is None or previous.quote.speaker is None:
        return None
    if art.para_of(group[0].outer[0]) - art.para_of(previous.group[-1].outer[1] - 1) > 2:
        return None
    identity = previous.resolved.identity if previous.resolved else None
    return Resolved(previous.quote.speaker, resolved.mention, "description", identity)


def _credit(art: ArticleContext, frame: Frame, group: list[Span]) -> Credit | None:
    """The medium the attribution clause of this quote credits, else the
    occasion it names ("said at a press conference")."""
    if frame.verb is None and frame.region is None:
        return None
    if frame.verb is not None:
        sent = art.sent(frame.verb)
        start, end = sent.start_char, sent.end_char
        first, last = group[0].outer[0], group[-1].outer[1]
        # a sentence split inside the quote: reach the whole attribution
        start = min(start, first) if frame.verb.idx > last else start
        end = max(end, last) if frame.verb.idx < first else end
    else:
        start, end = frame.region
    return credited_medium(art.text, start, end, exclude=art.quote_ranges) or _venue(art, frame.verb, start, end)


def _carried_credit(art: ArticleContext, group: list[Span], resolved: Resolved) -> Credit | None:
    """ "X told Kommersant." then "…," he said: the same person's next words
    are credited to the same medium."""
    if resolved.identity is None:
        return None
    doc = art.doc
    start = group[0].outer[0]
    toks = tokens_in(doc, start, start + 1)
    if not toks:
        return None
    sent = art.sent(toks[0])
    para = art.para_of(start)
    for _ in range(2):
        if sent.start == 0:
            return None
        sent = art.sent(doc[sent.start - 1])
        if art.para_of(sent.start_char) < para - 1:
            return None
        credit = credited_medium(art.text, sent.start_char, sent.end_char, exclude=art.quote_ranges)
        for tok in sent:
            if tok.dep_ in SUBJECT_DEPS and _same_identity(art.identity_at.get(tok.i), resolved.identity):
                credit = credit or _venue(art, tok.head, sent.start_char, sent.end_char)
                if credit is not None:
                    return credit
    return None


# the words that put an occasion where something was said: "said at a
# rally", "told a news conference", "issued a statement"
_VENUE_PREPOSITIONS = {"at", "in", "during", "on", "to", "via", "through", "from"}
_VENUE_VERBS = {"tell", "address", "give", "deliver", "issue", "release", "hold", "brief", "post", "publish", "read"}


def _venue(art: ArticleContext, verb: Token | None, start: int, end: int) -> Credit | None:
    """The occasion ``text[start:end]`` says the words were spoken or
    written at, hanging on ``verb`` in the parse: "said in a statement",
    "told a rally", "Speaking at a news conference, X said". An occasion
    only mentioned ("said the statement was false", "in response to a
    letter") is not one."""
    for venue in find_venues(art.text, start, end):
        if inside_ranges(art.quote_ranges, venue.start):
            continue
        words = tokens_in(art.doc, venue.start, venue.end)
        if not words:
            continue
        noun = next((t for t in words if t.head not in words or t.head == t), words[-1])
        if noun.dep_ == "compound" and noun.head.pos_ == "NOUN":
            noun = noun.head  # "on the debate stage"
        if not _occasion_of(noun, verb):
            continue
        left = noun.left_edge.i
        right = max(noun.i, words[-1].i)
        for child in noun.rights:  # "a speech to parliament", "a letter to voters"
            if child.dep_ == "prep" and child.lower_ in ("to", "before") and child.right_edge.i - child.i <= 4:
                right = child.right_edge.i
        phrase = [t for t in art.doc[left : right + 1] if not art.in_quote(t)]
        if not phrase:
            continue
        a, b = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
        medium = next(iter(find_media(art.text, a, b)), None)
        if medium is not None:  # "a Bloomberg interview", "a CNN town hall": the medium
            return Credit(medium.name, medium.kind, medium.mention, medium.start, medium.end, "venue")
        return Credit(venue.name, venue.kind, art.text[a:b], venue.start, venue.end, "venue")
    if verb is not None and speech_lemma(verb) in ("tweet", "retweet") and start <= verb.idx < end:
        return Credit("Twitter", "social", verb.text, verb.idx, verb.idx + len(verb.text), "venue")  # "X tweeted"
    return None


def _occasion_of(noun: Token, verb: Token | None) -> bool:
    """Whether the occasion ``noun`` is where ``verb`` was said: its
    object ("told a rally"), or in a prepositional phrase on it or on a
    participle that hangs on it ("speaking at a rally, X said"), or on its
    listener ("told reporters at a news conference"); or the speech noun
    the quote hangs on itself ("his statement that “…”")."""
    if noun == verb:
        return True
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in _VENUE_VERBS:
        anchor = noun.head
    elif noun.dep_ == "pobj" and noun.head.lower_ in _VENUE_PREPOSITIONS:
        anchor = noun.head.head
        if anchor.dep_ in ("dobj", "dative") and anchor.pos_ in ("NOUN", "PROPN", "PRON"):
            anchor = anchor.head  # "told reporters at …"
    else:
        return False
    if verb is None:
        return True  # a dash or headline attribution: the occasion is in its words
    for _ in range(3):
        if anchor == verb:
            return True
        participle = anchor.tag_ in ("VBG", "VBN") and not any(c.dep_ in SUBJECT_DEPS for c in anchor.children)
        if anchor.dep_ not in ("advcl", "xcomp", "pcomp") or not participle or anchor.head == anchor:
            return False  # "said after Lee refused to testify at the inquiry": Lee's clause, not the speaker's
        anchor = anchor.head
    return anchor == verb


def _same_identity(a: object, b: object) -> bool:
    if a is None or b is None:
        return False
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return a is b


def _latin(text: str) -> bool:
    """Written in Latin letters only: the readings are English ones, so a
    Russian or Chinese quote they leave unattributed is no term for that."""
    return all(ord(c) < 0x250 for c in text if c.isalpha())


def _keep(quote: Quote, frame: Frame | None) -> bool:
    """Whether a quote is someone's words: not one word in marks, not a
    title, and not a short phrase no reading attributes to anyone (a term
    or a scare quote: the “temporarily deferred” repairs, the “lone wolf”
    mould, a contract's “best efforts”), in English."""
    words = WORD.findall(quote.text)
    if too_few_words(quote.text, words) or (frame is None and len(words) <= TERM_WORDS and _latin(quote.text)):
        return False
    named = frame is not None and frame.verb is not None and speech_lemma(frame.verb) in NAMING_VERBS
    return not (looks_like_title(quote.text, words) and not named)


#: "and", "or" or a comma between two phrases in marks, with the comma inside or outside the marks
_JOIN = r"(?:,\s*(?:(?:and|or)\s+)?|(?:and|or)\s+)"
_LISTED_BEFORE = re.compile(r"(?:[\u201d\"]\s*" + _JOIN + r"|,[\u201d\"]\s+(?:(?:and|or)\s+)?)$")
_LISTED_AFTER = re.compile(r"\s*" + _JOIN + r"[\u201c\"]")
_LISTED_AFTER_COMMA = re.compile(r"\s*(?:(?:and|or)\s+)?[\u201c\"]")

#: verbs that put a label on something ("rated the claim “false” or “mostly false”"); the
#: tagger reads "rated" as a form of "rat", hence the forms
_LABELLING = frozenset("rate rates rated rating grade grades graded classify classifies classified".split())


def _listed_term(art: ArticleContext, group: list[Span], frame: Frame | None) -> bool:
    """A short phrase in marks listed with another (the topics “zoning”
    and “transit”, words such as “flood,” “levy” and “storm drain”) is a
    word list, not anyone's words, unless a speech or naming verb in its
    sentence says who used the words ("called the plan “costly” and
    “rushed”", "“Bread” and “work,” the marchers chanted")."""
    if len(group) != 1:
        return False
    span = group[0]
    inner = art.text[span.start : span.end]
    if len(WORD.findall(inner)) > TERM_WORDS:
        return False
    if frame is not None and frame.verb is not None and speech_lemma(frame.verb):
        return False
    a, b = span.outer
    before, after = art.text[max(0, a - 12) : a], art.text[b : b + 12]
    listed = (
        _LISTED_BEFORE.search(before)
        or _LISTED_AFTER.match(after)
        or (inner.rstrip().endswith(",") and _LISTED_AFTER_COMMA.match(after))
    )
    if not listed:
        return False
    first = next((t for t in art.tokens_on(span.start, span.end) if not t.is_space), None)
    if first is None:
        return False
    sent = art.sent(first)
    return not any(
        speech_lemma(t) or t.lemma_ in NAMING_VERBS or t.lower_ in _LABELLING
        for t in sent
        if not art.in_quote(t) and t.pos_ in ("VERB", "AUX", "NOUN")
    )
