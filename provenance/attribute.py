"""Attribution: who said a quote, with which cue, to which medium.

Works on one parsed Doc at a time, over the spans
:func:`provenance.attribution.marks.find_quote_spans` found. Every way a
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
  of the clause a partial quote sits in ("admires Putin as a “strong
  leader”").

The speaker is then resolved inside the article by
:class:`provenance.attribution.people.People` (surnames, titles,
pronouns), the credited medium by :func:`provenance.media.credited_medium`,
and carried from "X told Kommersant." to the next sentence's "he said".
Quoted text that is a name, a title or a one-word scare quote is left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span as SpacySpan, Token

from .attribution.cues import (
    CONTEXT_VERBS, GOVERNING_VERBS, NAMING_VERBS, SPEECH_FORMS, SPEECH_NOUNS, SPEECH_VERBS, speech_lemma,
)
from .attribution.marks import Span, paragraph_ranges
from .attribution.people import (
    HONORIFICS, PERSONAL_PRONOUNS, ROLE_WORDS, People, Person, clean_name, gender_of, honorific_gender,
)
from .media import Credit, credited_medium, lookup
from .records import Quote

NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
SUBJECT_PRONOUNS = {"he", "she", "they", "i", "we"}
DASHES = {"\u2014", "\u2015", "\u2013", "--", "-", "---"}
SUBORDINATORS = {"when", "while", "because", "if", "before", "after", "since", "although", "though", "whereas",
                 "until", "unless", "once", "whether", "where"}
# verbs whose object is the listener: "told X" never names the speaker
ADDRESSEE_VERBS = {"tell", "ask", "inform", "assure", "reassure", "remind", "advise", "urge", "warn", "thank", "beg",
                   "implore", "question", "challenge", "congratulate", "quote"}
# context verbs that may follow a quote as its attribution ("…,” she continued)
AFTER_CONTEXT = {"continue", "go", "conclude", "recall", "muse", "wonder", "laugh", "smile", "sigh", "shrug", "nod",
                 "sing", "chant", "read", "begin", "start"}
_TERMINAL = re.compile(r"[.!?]['\u2019\"\u201d)]*$")
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_MAX_SUBJECT_GAP = 40

# how sure each way of attributing is: the highest found wins
SCORES = {
    "between": 10, "after": 10, "dash": 10, "before": 9, "headline": 9, "parenthetical": 8,
    "before-context": 7, "after-loose": 6, "governs": 5, "according": 5, "colon": 4, "previous": 3, "previous-paragraph": 2, "subject": 1,
}


@dataclass
class Frame:
    """How one quote is attributed."""

    how: str  # a key of SCORES, or "continues"
    verb: Token | None = None
    subject: Token | None = None
    speaker_tokens: SpacySpan | None = None  # dash/headline: the mention itself
    cue: str | None = None
    region: tuple[int, int] | None = None  # characters of the attribution clause
    inherit: bool = False  # the speaker is the previous quote's ("…,” adding that …)

    @property
    def score(self) -> int:
        return SCORES.get(self.how, 0)


@dataclass
class _Resolved:
    speaker: str | None
    mention: str | None
    kind: str | None
    identity: object | None  # a Person, or a description string: who, for carrying credits


class _Article:
    """One parsed article and what every quote in it needs."""

    def __init__(self, doc: Doc, spans: list[Span]):
        self.doc = doc
        self.text = doc.text
        self.paragraphs = paragraph_ranges(self.text)
        self.para_starts = [a for a, _ in self.paragraphs]
        groups = _join_interrupted(doc, spans)
        self.groups = [g for g in groups if not _never_a_quote(self.text, g)]
        self.token_group = [-1] * len(doc)
        for n, group in enumerate(self.groups):
            for span in group:
                for tok in _tokens_in(doc, span.outer[0], span.outer[1]):
                    self.token_group[tok.i] = n
        self.people = People(doc)
        self.current = -1  # the quote being attributed
        self.identity_at: dict[int, object] = {}
        self._note_subjects()

    def para_of(self, char: int) -> int:
        """The index of the paragraph holding a character (or ending at it)."""
        lo, hi = 0, len(self.paragraphs) - 1
        found = -1
        while lo <= hi:
            mid = (lo + hi) // 2
            if self.paragraphs[mid][0] <= char:
                found = mid
                lo = mid + 1
            else:
                hi = mid - 1
        return found

    def in_quote(self, tok: Token) -> bool:
        return self.token_group[tok.i] >= 0

    def same_para(self, a: Token, b: Token) -> bool:
        return self.para_of(a.idx) == self.para_of(b.idx)

    def _note_subjects(self) -> None:
        """Who is the subject of a verb where: the candidates pronouns point
        back to, and the identities credits are carried by."""
        for tok in self.doc:
            if tok.dep_ not in SUBJECT_DEPS or self.in_quote(tok):
                continue
            speech = speech_lemma(tok.head) is not None
            if tok.lower_ in PERSONAL_PRONOUNS:
                found = self.people.antecedent(tok)
                if found is not None:
                    self.people.note_subject(tok.i, found.person, found.description, _pronoun_gender(tok))
                    self.identity_at[tok.i] = found.person or found.description
                continue
            name = _name_tokens(tok)
            if name is not None and name.root.pos_ == "PROPN" and (
                _ent_label(name) == "PERSON" or (_ent_label(name) is None and speech and not _looks_like_org(name))
            ):
                person = self.people.add(name.text, tok.i, gender=honorific_gender([t.text for t in _with_left_honorific(name)]))
                if person is not None:
                    self.people.note_subject(tok.i, person, None)
                    self.identity_at[tok.i] = person
                continue
            if speech and tok.pos_ == "NOUN":
                description = _mention(tok, self)
                person = self.people.by_title(_np(tok), tok.i)
                self.people.note_subject(tok.i, person, None if person else description)
                self.identity_at[tok.i] = person or description


def attribute_quotes(doc: Doc, spans: list[Span]) -> list[Quote]:
    """Turn quote spans into attributed :class:`Quote` records."""
    if not spans:
        return []
    art = _Article(doc, spans)
    quotes: list[Quote] = []
    previous: tuple[Quote, Frame | None, _Resolved | None, list[Span]] | None = None
    for n, group in enumerate(art.groups):
        frame = _frame(art, n, group)
        if (frame is None or frame.how == "subject") and previous is not None and _continues(art, previous, group):
            frame = Frame("continues")
        quote = _quote(art.text, group)
        quote.attribution = frame.how if frame is not None else None
        resolved = None
        if frame is not None and frame.how == "continues" and previous is not None:
            prev_quote, prev_frame, resolved, _ = previous
            _copy_speaker(quote, prev_quote)
            quote.cue = prev_quote.cue
            _copy_credit(quote, prev_quote)
            frame = prev_frame
        elif frame is not None:
            if frame.inherit and previous is not None:
                resolved = previous[2]
                _copy_speaker(quote, previous[0])
            else:
                resolved = _resolve(art, frame)
                quote.speaker, quote.speaker_mention, quote.mention_kind = resolved.speaker, resolved.mention, resolved.kind
            quote.cue = frame.cue
            credit = _credit(art, frame, group)
            if credit is None and resolved is not None:
                credit = _carried_credit(art, group, resolved)
            if credit is not None:
                quote.credited, quote.credited_kind, quote.credited_mention = credit.name, credit.kind, credit.mention
            elif frame.inherit and previous is not None:
                _copy_credit(quote, previous[0])
        if not _keep(quote, frame):
            continue
        quotes.append(quote)
        previous = (quote, frame, resolved, group)
    return quotes


def _copy_speaker(quote: Quote, source: Quote) -> None:
    quote.speaker, quote.speaker_mention, quote.mention_kind = source.speaker, source.speaker_mention, source.mention_kind


def _copy_credit(quote: Quote, source: Quote) -> None:
    quote.credited, quote.credited_kind, quote.credited_mention = source.credited, source.credited_kind, source.credited_mention


# -- joining the pieces of an interrupted quote -----------------------------------

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
    between = text[first.outer[1]:second.outer[0]]
    stripped = between.strip()
    if not stripped or len(stripped) > 160 or "\n" in between or first.style != second.style:
        return False
    if not stripped.endswith((",", ":", "\u2014", "\u2013", "--", "\u2015")):
        return False
    last_inner = text[first.end - 1:first.end] if first.end > first.start else ""
    opens_with_break = stripped.startswith((",", "\u2014", "\u2013", "-", "\u2015"))
    if last_inner not in (",", ";", ":", "\u2014", "\u2013", "-") and not opens_with_break:
        return False
    tokens = _tokens_in(doc, first.outer[1], second.outer[0])
    if any(t.text in (".", "!", "?", ";") for t in tokens):
        return False
    words = [t for t in tokens if t.is_alpha]
    if not words or len(words) > 14 or words[0].lower_ in ("and", "but", "or") or any(t.lower_ in SUBORDINATORS for t in words):
        return False
    return any(speech_lemma(t) in SPEECH_VERBS for t in tokens)


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    if end <= start:
        return []
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    return [t for t in span if t.idx < end and t.idx + len(t.text) > start]


def _quote(text: str, group: list[Span]) -> Quote:
    pieces = [p for span in group for p in span.pieces]
    joined = " ".join("\n".join(text[a:b] for a, b in span.pieces) for span in group)
    first_alpha = next((c for c in joined if c.isalpha()), "")
    kind = "partial" if first_alpha and first_alpha.islower() else "full"
    return Quote(text=joined, start=pieces[0][0], end=pieces[-1][1], kind=kind, pieces=pieces)


# -- what is never a quote ------------------------------------------------------------

_TITLE_BEFORE = {"'s", "\u2019s", "s'", "on", "of", "in", "at", "from", "for", "titled", "entitled", "show", "program",
                 "programme", "series", "film", "movie", "book", "song", "album", "column", "headlined", "dubbed"}


def _never_a_quote(text: str, group: list[Span]) -> bool:
    """One word in marks is a scare quote or a name; a short title-cased
    phrase after "on", "of" or a possessive is the title of a show or a
    paper. Both are left out before attribution, so they do not hide the
    attribution around them."""
    joined = " ".join(text[a:b] for s in group for a, b in s.pieces)
    words = _WORD.findall(joined)
    if len(words) < 2:
        return True
    if _is_title(joined, words):
        before = text[max(0, group[0].outer[0] - 20):group[0].outer[0]].split()
        last = before[-1].lower() if before else ""
        if last in _TITLE_BEFORE or last.endswith(("'s", "\u2019s")):
            return True
    return False


# -- finding the attribution frame ------------------------------------------------

def _frame(art: _Article, n: int, group: list[Span]) -> Frame | None:
    """The best-supported attribution of quote ``n``, its cue marked when
    the sentence relays it ("…,” Sanders said, according to CNN)."""
    frame = _best_frame(art, n, group)
    if frame is not None and frame.how != "according" and frame.cue and frame.verb is not None:
        sent = [t for t in frame.verb.sent if not art.in_quote(t)]
        if any(t.lower_ == "according" and i + 1 < len(sent) and sent[i + 1].lower_ == "to" for i, t in enumerate(sent)):
            frame.cue = f"{frame.cue}, according to"
    return frame


def _best_frame(art: _Article, n: int, group: list[Span]) -> Frame | None:
    art.current = n
    doc = art.doc
    first, last = group[0], group[-1]
    candidates: list[Frame] = []
    between: Frame | None = None
    if len(group) > 1:
        for a, b in zip(group, group[1:]):
            tokens = [t for t in _tokens_in(doc, a.outer[1], b.outer[0]) if not art.in_quote(t)]
            verb = next((t for t in tokens if speech_lemma(t) in SPEECH_VERBS), None)
            if verb is not None:
                between = _verb_frame(art, verb, "between", (a.outer[1], b.outer[0]))
                if between.subject is not None:
                    return between
                break
    after = _after_tokens(art, last)
    before = _before_tokens(art, first)
    ending = art.text[last.end - 1:last.end] if last.end > last.start else ""
    candidates += _after_frames(art, after, n, ending, last.outer[1])
    candidates += _before_frames(art, before, n)
    best = max(candidates, key=lambda f: f.score, default=None)
    if best is not None and best.score >= SCORES["before"]:
        return best
    if between is not None:
        return between  # "…,” adding, “…”: the speaker goes on
    for find in (_parenthetical_frame, _governing_frame):
        frame = find(art, n, group)
        if frame is not None:
            candidates.append(frame)
    according = _according_frame(art, before + after)
    if according is not None:
        candidates.append(according)
    if not [t for t in before if not t.is_punct and not art.in_quote(t)]:
        colon = _colon_frame(art, first) or _previous_sentence_frame(art, group) or _previous_paragraph_frame(art, group)
        if colon is not None:
            candidates.append(colon)
    best = max(candidates, key=lambda f: f.score, default=None)
    if best is None:
        best = _subject_frame(art, n, before)
    return best


def _after_tokens(art: _Article, span: Span) -> list[Token]:
    """The tokens after a quote up to the end of its sentence or the next quote."""
    end = span.outer[1]
    para = art.para_of(max(0, end - 1))
    para_end = art.paragraphs[para][1] if para >= 0 else len(art.text)
    tokens = [t for t in _tokens_in(art.doc, end, para_end) if t.idx >= end]
    if not tokens:
        return []
    out: list[Token] = []
    for tok in tokens:
        if tok.is_sent_start and out and (out[-1].text in (".", "!", "?", ";", ":") or len(out) > 40):
            break
        if art.in_quote(tok):
            if not _is_short_title(art, art.token_group[tok.i]):
                break
            continue
        out.append(tok)
    return out


def _is_short_title(art: _Article, n: int) -> bool:
    """A name or title in marks inside an attribution ("wearing “Ted Cruz”
    pins"): step over it."""
    text = " ".join(art.text[a:b] for s in art.groups[n] for a, b in s.pieces)
    words = _WORD.findall(text)
    return len(words) <= 4 and _is_title(text, words)


def _before_tokens(art: _Article, span: Span) -> list[Token]:
    """The tokens of the quote's sentence before its opening mark."""
    start = span.outer[0]
    para = art.para_of(start)
    para_start = art.paragraphs[para][0] if para >= 0 else 0
    tokens = [t for t in _tokens_in(art.doc, para_start, start) if t.idx + len(t.text) <= start]
    if not tokens:
        return []
    last = tokens[-1]
    if last.text in (".", "!", "?") and not art.in_quote(last):
        return []
    sent_start = last.sent.start
    return [t for t in tokens if t.i >= sent_start]


def _is_strong(tok: Token) -> bool:
    return speech_lemma(tok) in SPEECH_VERBS


def _tight(art: _Article, verb: Token) -> bool:
    """The verb introduces nothing but the quote: no clause of its own after it."""
    if speech_lemma(verb) == "quote":
        return True
    for child in verb.children:
        if child.i > verb.i and child.dep_ in ("ccomp", "xcomp") and not art.in_quote(child):
            between = verb.doc[verb.i + 1:child.i]
            if not any(t.text == "," for t in between):
                return False
    return True


_DASH_LEAD = re.compile("^[\\s\u00a0]*(?:[\u2014\u2015\u2013]|-{1,3})[\\s\u00a0]*$")


def _dash_name(art: _Article, after: list[Token], close: int) -> SpacySpan | None:
    """” — Ahmed Saleh, a resident of the camp: the name after a dash."""
    words = [t for t in after if not t.is_punct and not t.is_space and not _DASH_LEAD.match(t.text)]
    if not words or not _DASH_LEAD.match(art.text[close:words[0].idx]):
        return None
    if any(speech_lemma(t) for t in words[:4] if not _mistagged_name(t)):
        return None
    return _leading_name(words)


def _after_frames(art: _Article, after: list[Token], n: int, ending: str, close: int) -> list[Frame]:
    """Attributions right after the quote: ", she said", ", said X", "— X"."""
    after = [t for t in after if not t.is_space and not _DASH_LEAD.match(t.text)]
    words = [t for t in after if not t.is_punct]
    if not words:
        return []
    region = (after[0].idx, _end_char(after))
    name = _dash_name(art, after, close)
    if name is not None:
        return [Frame("dash", speaker_tokens=name, region=region)]
    if len(words) >= 2 and words[0].lower_ == "according" and words[1].lower_ == "to":
        frame = _according_frame(art, after)
        return [frame] if frame is not None else []
    new_sentence = ending == "." and words[0].is_sent_start and words[0].text[:1].isupper()
    manner = _manner_attribution(words, ending)
    if manner is not None:
        return [_verb_frame(art, manner, "after", region, gap=words[:words.index(manner)])]
    for i, tok in enumerate(words[:_MAX_SUBJECT_GAP]):
        lemma = speech_lemma(tok)
        if lemma and tok.dep_ not in ("amod", "compound") and not _mistagged_name(tok):
            if lemma in GOVERNING_VERBS:
                break
            if lemma in CONTEXT_VERBS and not (i <= 3 and lemma in AFTER_CONTEXT and (lemma != "go" or _has_particle(tok, "on"))
                                               or lemma == "put" and _has_object(tok, "it")):
                break
            gap = words[:i]
            if any(g.lower_ in SUBORDINATORS for g in gap):
                break
            fits = all(_belongs_to(g, tok) or g.pos_ == "ADV" for g in gap) or (
                i <= 14 and all(_nominal(g) or g.pos_ in ("ADV", "ADP", "CCONJ", "PART") for g in gap)
                and not (gap and gap[0].lower_ in ("and", "but")))
            if not fits:
                break
            frame = _verb_frame(art, tok, "after", region, gap=gap)
            if ending in ("?", "!") and words[0].is_sent_start and words[0].is_title and any(
                    c.dep_ in ("dobj", "ccomp", "xcomp") and c.i > tok.i and not art.in_quote(c) for c in tok.children):
                return []  # "…?” Her critics cited it as evidence.": a new sentence, not the attribution
            introduces_next = after[-1].text in (":", ",") and _next_is_quote(art, after[-1])
            if new_sentence and (i > 3 or introduces_next or _runs_into_quote(art, after)):
                return []
            if introduces_next and ending not in (",", "") or not _tight(art, tok):
                frame.how = "after-loose"
                if ending in (".", "!", "?"):
                    return []
            return [frame]
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("relcl", "acl", "amod", "compound", "aux", "auxpass") \
                and not _mistagged_name(tok):
            final = _final_attribution(art, words[i + 1:])
            if final is not None:
                comma = max((t.i for t in after if t.text == "," and t.i < final.i), default=final.i)
                subject_words = [t for t in words if comma < t.i < final.i]
                if not subject_words and speech_lemma(final) in ADDRESSEE_VERBS:
                    subject_words = [t for t in words if t.i < final.i]  # "…, told The Huffington Post"
                return [_verb_frame(art, final, "after", region, gap=subject_words or None)]
            break
    return []


def _manner_attribution(words: list[Token], ending: str) -> Token | None:
    """"…!” beamed Carla Obi, a volunteer", "…,” Carla Obi beamed.", "…,” the
    nominee riffed on his rival's answer", "…,” the document states": right
    after a quote that ends with a comma (or ! or ?), a subject and a
    finite verb the cue list does not know, or a cue the tagger misread,
    are the attribution: that is the only shape English gives them there."""
    if ending not in (",", "!", "?", "\u2014") or len(words) < 2:
        return None
    first = words[0]
    if speech_lemma(first):
        return None
    if first.tag_ == "VBD" and first.pos_ == "VERB" and words[1].ent_type_ == "PERSON":
        return first
    for i, tok in enumerate(words[:9]):
        if speech_lemma(tok):
            return None  # a known cue: the ordinary rules take it
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        closes = nxt is None or nxt.is_punct or nxt.pos_ in ("ADP", "ADV")
        finite = tok.pos_ == "VERB" and tok.tag_ in ("VBD", "VBZ") or tok.lower_ in SPEECH_FORMS and closes
        if not finite:
            if not (_nominal(tok) or tok.pos_ in ("ADP", "PART", "CCONJ")):
                return None
            continue
        gap = words[:i]
        if not gap or not (any(g.pos_ in ("NOUN", "PROPN", "PRON") or _mistagged_name(g) for g in gap)
                           or gap[-1].pos_ == "ADJ" and gap[0].pos_ == "DET"):
            return None
        if gap[0].pos_ in ("ADP", "CCONJ") or any(g.lower_ in SUBORDINATORS for g in gap):
            return None
        if any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.i > tok.i and c.pos_ != "PRON" for c in tok.children):
            return None  # "…,” the senator signed the bill: a new clause, not an attribution
        return tok
    return None


# capitalised words that are titles or institutions, never a person's name on their own
_NOT_A_NAME = {"president", "senator", "governor", "minister", "secretary", "mayor", "chairman", "chairwoman", "judge",
               "congress", "senate", "house", "parliament", "government", "ministry", "department", "police", "army",
               "officials", "critics", "democrats", "republicans", "the", "i", "it", "we", "they", "he", "she", "mr",
               "mrs", "ms", "dr", "sir", "but", "and", "so", "yet", "still", "now", "then", "when", "as"}


def _mistagged_name(tok: Token) -> bool:
    """A capitalised word inside a sentence that the tagger took for a verb
    or a common noun ("Tulsa police Chief …", "O’Donnell said"); at the
    start of a sentence, only as the subject of its verb when the article
    also writes it capitalised mid-sentence ("Trump at the time said")."""
    if not tok.is_title or tok.pos_ in ("PROPN", "PRON", "DET", "PUNCT") or tok.lower_ in _NOT_A_NAME:
        return False
    if tok.tag_ in ("VBD", "VBZ", "VBG", "VBN") and not tok.ent_type_:
        return False
    if tok.ent_type_ == "NORP" or tok.dep_ == "amod":
        return False  # "the Polish defence minister"
    if not tok.is_sent_start:
        return tok.ent_type_ in ("PERSON", "ORG", "GPE") or tok.tag_ in ("VB", "VBP", "NN", "NNS")
    return tok.dep_ in SUBJECT_DEPS and _capitalised_elsewhere(tok)


def _capitalised_elsewhere(tok: Token) -> bool:
    doc = tok.doc
    cache = doc.user_data.get("provenance_capitalised")
    if cache is None:  # a plain dict, so the Doc still serialises
        cache = {t.text: True for t in doc if t.is_title and not t.is_sent_start and t.i > 0 and not doc[t.i - 1].is_quote}
        doc.user_data["provenance_capitalised"] = cache
    return tok.text in cache


def _nominal(tok: Token) -> bool:
    return tok.pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PRON", "NUM") or _mistagged_name(tok) or tok.ent_type_ in NAME_ENTS


def _runs_into_quote(art: _Article, after: list[Token]) -> bool:
    nxt = after[-1].i + 1
    while nxt < len(art.doc) and art.doc[nxt].is_space:
        nxt += 1
    return nxt < len(art.doc) and art.in_quote(art.doc[nxt]) and art.para_of(art.doc[nxt].idx) == art.para_of(after[-1].idx)


def _is_name_token(tok: Token) -> bool:
    return tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON" or _mistagged_name(tok)


def _abbreviation_dot(tok: Token) -> bool:
    """The full stop of "Lt." or "J." inside a name, not the end of a sentence."""
    doc = tok.doc
    if tok.text != "." or tok.i == 0 or tok.i + 1 >= len(doc):
        return False
    before, after = doc[tok.i - 1], doc[tok.i + 1]
    return before.is_title and len(before.text) <= 4 and after.is_title and not tok.whitespace_ == "" or (
        len(before.text) == 1 and before.is_upper)


def _gap_subject(gap: list[Token]) -> Token | None:
    """The speaker named between a quote and its verb (", Leonard E. Burman,
    director of …, said"; ", Air Force Lt. Tyler Reed said"): in the words
    before the first comma, the person named, else the last run of proper
    nouns (a title comes first), else a pronoun or the head noun."""
    doc = gap[0].doc
    end = gap[-1].i + 1
    for i in range(gap[0].i, gap[-1].i + 1):
        if doc[i].text == "," and i > gap[0].i:
            end = i
            break
    head = [t for t in gap if t.i < end] or gap
    for tok in head:
        if tok.ent_type_ == "PERSON":
            ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
            if ent is not None:
                return ent[-1] if ent[-1] in head else tok
    runs: list[Token] = []
    for n, tok in enumerate(head):
        if (tok.pos_ == "PROPN" or _mistagged_name(tok)) and (n + 1 >= len(head) or not (
                head[n + 1].pos_ == "PROPN" or _mistagged_name(head[n + 1]))):
            if tok.dep_ in ("amod", "compound", "poss") and tok.head.pos_ == "NOUN" and not tok.head.is_title:
                continue  # a modifier: "the Tulsa police chief", "the White House spokesman"
            runs.append(tok)
    if runs:
        return runs[-1]
    for tok in head:
        if tok.pos_ == "PRON":
            return tok
    inside = {t.i for t in head}
    roots = [t for t in head if t.head.i not in inside and t.pos_ in ("NOUN", "PROPN")]
    return roots[0] if roots else None


_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Za-z.'\- ]{1,40}?(?:,\s*[A-Z][A-Za-z.]*\.?(?:\s+\d{1,2})?)?\s*(?:\([A-Za-z.\s]{1,25}\))?\s*"
    r"(?:\u2014|\u2013|--|-)\s*")


def _dateline_end(doc: Doc, tok: Token) -> int | None:
    """Where the dateline ends, if the token is in one ("PHILADELPHIA, July
    25 (UPI) — …", "Washington (AFP) – …")."""
    start = doc.text.rfind("\n", 0, tok.idx) + 1
    m = _DATELINE.match(doc.text, start)
    if m and tok.idx < m.end() and m.end() - start <= 70:
        return m.end()
    return None


def _better_subject(art: _Article, subject: Token | None, verb: Token) -> Token | None:
    """Replace a subject the parser got wrong: a date ("said Tuesday") or a
    dateline's place, by the name nearest before the verb."""
    if subject is None:
        return None
    if subject.pos_ == "NOUN" and subject.i < verb.i and not _is_name_token(subject):
        doc = art.doc
        for t in doc[subject.i + 1:verb.i]:
            if art.in_quote(t):
                break
            ent_start = t.ent_iob_ == "B" and t.ent_type_ == "PERSON"
            if ent_start and t.i > 0 and doc[t.i - 1].text == ",":
                end = t.i
                while end + 1 < verb.i and doc[end + 1].ent_iob_ == "I":
                    end += 1
                return doc[end]  # "The editor I spoke to, Tim Grieve, said"
    wrong = subject.ent_type_ in ("DATE", "TIME") or subject.lower_ in _WEEKDAYS
    dateline = _dateline_end(art.doc, subject)
    if not wrong and dateline is None:
        return subject
    lo = verb.sent.start
    if dateline is not None:
        after_dateline = art.doc.char_span(dateline, dateline + 1, alignment_mode="expand")
        lo = max(lo, after_dateline.start) if after_dateline is not None else lo
    region = range(lo, verb.i) if subject.i < verb.i or dateline is not None else range(verb.i + 1, min(verb.sent.end, verb.i + 8))
    names = [art.doc[i] for i in region if not art.in_quote(art.doc[i]) and art.doc[i].ent_type_ not in ("DATE", "TIME")
             and (art.doc[i].ent_type_ in ("PERSON", "ORG") or art.doc[i].pos_ == "PROPN")]
    if not names:
        return None if wrong else subject
    first = names[0]
    run = first
    while run.i + 1 < len(art.doc) and (art.doc[run.i + 1].pos_ == "PROPN" or art.doc[run.i + 1].ent_iob_ == "I") \
            and art.doc[run.i + 1].ent_type_ not in ("DATE", "TIME"):
        run = art.doc[run.i + 1]
    return run


_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tonight"}


def _final_attribution(art: _Article, words: list[Token]) -> Token | None:
    """"…” is held accountable, Warren said." — a closing ", X said" that
    attributes the whole sentence the quote sits in."""
    for i, tok in enumerate(words):
        if _is_strong(tok) and _tight(art, tok):
            rest = words[i + 1:]
            before = art.doc[tok.i - 1] if tok.i > 0 else None
            if before is not None and before.text == "," and rest and (rest[0].pos_ == "PROPN" or rest[0].ent_type_ == "PERSON"):
                return tok  # "…, said Geert Wilders, founder of the party."
            if len(rest) > 6 or any(t.pos_ in ("VERB", "AUX") for t in rest):
                return None
            j = tok.i - 1
            while j >= 0 and tok.i - j <= 8 and art.doc[j].text != ",":
                if (art.doc[j].pos_ in ("VERB", "AUX") and not _mistagged_name(art.doc[j])) or art.in_quote(art.doc[j]):
                    return None
                j -= 1
            return tok if j >= 0 and art.doc[j].text == "," else None
    return None


def _has_particle(tok: Token, word: str) -> bool:
    return any(c.dep_ == "prt" and c.lower_ == word for c in tok.children)


def _has_object(tok: Token, word: str) -> bool:
    return any(c.dep_ == "dobj" and c.lower_ == word for c in tok.children)


def _next_is_quote(art: _Article, tok: Token) -> bool:
    nxt = tok.i + 1
    while nxt < len(art.doc) and art.doc[nxt].is_space:
        nxt += 1
    return nxt < len(art.doc) and art.in_quote(art.doc[nxt])


def _belongs_to(tok: Token, verb: Token) -> bool:
    """The token is part of what the verb governs (its subject, adverbs)."""
    if tok.is_punct or tok == verb:
        return True
    return any(anc == verb for anc in tok.ancestors)


def _quote_tops(art: _Article, n: int) -> list[Token]:
    """The tokens of quote ``n`` whose heads lie outside it."""
    tops = []
    for span in art.groups[n]:
        for t in _tokens_in(art.doc, span.outer[0], span.outer[1]):
            if art.token_group[t.head.i] != n or t.head == t:
                tops.append(t)
    return tops


def _outermost(art: _Article, verb: Token) -> Token:
    """Climb from a cue to the speech verb whose reported content it is: in
    "Trump said that Clinton called it “a mess”" the attribution is
    Trump's. Only content clauses are climbed; "…, Isik stating “…”" and
    "he said, adding that “…”" keep their own cue."""
    best = verb
    node = verb
    while node.head != node and not art.in_quote(node.head) and node.head.sent == verb.sent:
        if node.dep_ not in ("ccomp", "xcomp", "pcomp", "pobj", "prep"):
            break
        node = node.head
        if _is_strong(node):
            best = node
    return best


def _before_frames(art: _Article, before: list[Token], n: int) -> list[Frame]:
    """Attributions right before the quote: "X said:", "X said that",
    "X stating", "Erdogan: “…”", "Mitt Romney -- “…”"."""
    tokens = [t for t in before if not art.in_quote(t)]
    if not tokens:
        return []
    words = [t for t in tokens if not t.is_punct]
    region = (tokens[0].idx, _end_char(tokens))
    if tokens[-1].text in (":", "--", "\u2014", "\u2013") and words and not any(t.pos_ in ("VERB", "AUX") for t in words[-6:]):
        name = _trailing_name(words)
        if name is not None and (len(words) <= 8 or tokens[-1].text != ":"):
            return [Frame("headline", speaker_tokens=name, region=region)]
    tops = _quote_tops(art, n)
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        lemma = speech_lemma(tok)
        if not lemma:
            continue
        gap = [g for g in tokens[i + 1:] if not g.is_punct]
        governs = any(_belongs_to(top, tok) for top in tops)
        if lemma in CONTEXT_VERBS:
            if len(gap) <= 1 and (governs or tokens[-1].text in (":", ",")):
                frame = _verb_frame(art, _outermost(art, tok), "before-context", region)
                return [frame]
            continue
        if lemma in GOVERNING_VERBS:
            if governs and len(gap) <= 14:
                return [_verb_frame(art, _outermost(art, tok), "before", region)]
            continue
        if tokens[-1].text == ":" and (tok.head == tok or tok.head.i not in {t.i for t in tokens}) and len(gap) <= 40:
            return [_verb_frame(art, tok, "before", region)]  # "X said that …, it might be possible: “…”"
        if len(gap) > 24:
            break
        introduces = all(_belongs_to(g, tok) or g.lower_ in ("that", "whether", "how", "as", "if") for g in gap)
        if (governs and introduces) or (len(gap) <= 2 and introduces):
            return [_verb_frame(art, _outermost(art, tok), "before", region)]
    if tokens[-1].text == ":":
        subject = _clause_subject(art, tokens[:-1])
        if subject is not None:
            return [Frame("colon", subject=subject, region=region)]
    return []


def _clause_subject(art: _Article, tokens: list[Token]) -> Token | None:
    """The subject of the main verb of a clause, when it names someone:
    "President Obama is rolling out a new message:"."""
    roots = [t for t in tokens if t.pos_ in ("VERB", "AUX") and (t.head == t or t.head not in tokens)]
    for root in roots:
        subject, _ = _subject(art, root)
        if subject is not None and (subject.pos_ == "PROPN" or subject.lower_ in PERSONAL_PRONOUNS
                                    or subject.ent_type_ in ("PERSON", "ORG")):
            return subject
    return None


def _parenthetical_frame(art: _Article, n: int, group: list[Span]) -> Frame | None:
    """", he said," or "as X put it," set off inside the quote's sentence."""
    first = [t for t in _tokens_in(art.doc, group[0].outer[0], group[0].outer[1])]
    if not first:
        return None
    sent = first[0].sent
    best: tuple[int, Frame] | None = None
    for tok in sent:
        if art.in_quote(tok) or not (_is_strong(tok) or speech_lemma(tok) == "put" and _has_object(tok, "it")):
            continue
        clause = _set_off_clause(art, tok)
        if clause is None:
            continue
        distance = min(abs(tok.i - first[0].i), abs(tok.i - first[-1].i))
        frame = _verb_frame(art, tok, "parenthetical", (clause[0].idx, _end_char(clause)))
        if frame.subject is None:
            continue
        if best is None or distance < best[0]:
            best = (distance, frame)
    return best[1] if best else None


def _set_off_clause(art: _Article, verb: Token) -> list[Token] | None:
    """The tokens of ", he said," (or "As X put it,") around a verb, when
    commas or the sentence's edges set it off and it holds only a subject,
    the verb and adverbs."""
    doc = art.doc
    sent = verb.sent
    left = verb.i - 1
    while left >= sent.start and doc[left].text not in (",", "\u2014", "--") and verb.i - left <= 8:
        t = doc[left]
        if art.in_quote(t) or t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux",) or t.lower_ in ("that",):
            return None
        left -= 1
    opened = left < sent.start or doc[left].text in (",", "\u2014", "--")
    right = verb.i + 1
    while right < sent.end and doc[right].text not in (",", ".", "\u2014", "--", ";") and right - verb.i <= 6:
        t = doc[right]
        if art.in_quote(t) or t.pos_ in ("VERB", "AUX") or t.lower_ in ("that", "to"):
            return None
        right += 1
    closed = right >= sent.end or doc[right].text in (",", ".", "\u2014", "--", ";")
    if not (opened and closed):
        return None
    inner = [t for t in doc[left + 1:right] if not t.is_punct]
    if not any(t.pos_ in ("PROPN", "PRON", "NOUN") for t in inner if t != verb):
        return None
    if left < sent.start and (not inner or inner[0].lower_ != "as"):
        return None  # a sentence opening "X said, …" is not set off
    return list(doc[left + 1:right]) or None


def _governing_frame(art: _Article, n: int, group: list[Span]) -> Frame | None:
    """The nearest speech verb (or speech noun) above the quote in the parse,
    then the outermost one whose content it is."""
    nearest: tuple[int, Token] | None = None
    noun: Token | None = None
    for top in _quote_tops(art, n):
        node = top
        steps = 0
        while node.head != node and steps < 12:
            node = node.head
            steps += 1
            if art.in_quote(node):
                continue
            if not art.same_para(node, top):
                break
            lemma = speech_lemma(node)
            if lemma and (lemma not in CONTEXT_VERBS or steps == 1 or lemma == "go" and _has_particle(node, "on")):
                if nearest is None or steps < nearest[0]:
                    nearest = (steps, node)
                break
            if node.pos_ == "NOUN" and node.lemma_.lower() in SPEECH_NOUNS and noun is None:
                noun = node
    if nearest is not None:
        return _verb_frame(art, _outermost(art, nearest[1]), "governs", None)
    if noun is not None:
        subject = next((c for c in noun.children if c.dep_ == "poss"), None)
        return Frame("governs", verb=noun, subject=subject, cue=noun.text)
    return None


def _according_frame(art: _Article, tokens: list[Token]) -> Frame | None:
    for i, tok in enumerate(tokens[:-1]):
        if tok.lower_ == "according" and tokens[i + 1].lower_ == "to" and not art.in_quote(tok):
            phrase = []
            for t in tokens[i + 2:]:
                if art.in_quote(t) or t.text in (",", ".", ";", ":") or t.is_space:
                    break
                phrase.append(t)
            obj = _phrase_head(phrase)
            if obj is None:
                return None
            return Frame("according", subject=obj, cue="according to", verb=tok,
                         region=(tok.idx, _end_char(phrase)))
    return None


def _phrase_head(phrase: list[Token]) -> Token | None:
    """The token naming who in "according to engineer Priya Raman": a
    person's name first, then the head of the words."""
    for t in phrase:
        if t.ent_type_ in ("PERSON", "ORG") and (t.i + 1 >= len(t.doc) or t.doc[t.i + 1].ent_iob_ != "I"):
            return t
    inside = {t.i for t in phrase}
    heads = [t for t in phrase if t.head.i not in inside and t.pos_ in ("NOUN", "PROPN", "PRON")]
    if heads:
        return heads[0]
    nouns = [t for t in phrase if t.pos_ in ("NOUN", "PROPN")]
    return nouns[-1] if nouns else None


def _colon_frame(art: _Article, span: Span) -> Frame | None:
    """"Caddell continued:" closing the paragraph (or sentence) before."""
    doc = art.doc
    start = span.outer[0]
    toks = [t for t in _tokens_in(doc, max(0, start - 400), start) if t.idx + len(t.text) <= start and not t.is_space]
    if not toks or toks[-1].text != ":" or art.in_quote(toks[-1]):
        return None
    if art.para_of(toks[-1].idx) < art.para_of(start) - 1:
        return None
    sent = toks[-1].sent
    clause = [t for t in sent if t.i < toks[-1].i and not art.in_quote(t)]
    for tok in reversed(clause):
        if speech_lemma(tok):
            return _verb_frame(art, _outermost(art, tok), "colon", (clause[0].idx, toks[-1].idx))
    name = _trailing_name([t for t in clause if not t.is_punct])
    if name is not None and len(clause) <= 6:
        return Frame("headline", speaker_tokens=name)
    subject = _clause_subject(art, clause)
    if subject is not None:
        return Frame("colon", subject=subject, region=(clause[0].idx, toks[-1].idx))
    return None


def _previous_sentence_frame(art: _Article, group: list[Span]) -> Frame | None:
    """A quote standing alone after "…, Schiff said." in its paragraph: the
    speaker of the sentence before, if that sentence holds no quote."""
    start = group[0].outer[0]
    para = art.para_of(start)
    toks = [t for t in _tokens_in(art.doc, art.paragraphs[para][0], start) if not t.is_space]
    if not toks or toks[-1].text not in (".", "!", "?") or art.in_quote(toks[-1]):
        return None
    sent = [t for t in toks[-1].sent if t.idx < start]
    if any(art.in_quote(t) for t in sent):
        return None
    for tok in sent:
        if _is_strong(tok) and tok.dep_ in ("ROOT", "parataxis", "conj", "pcomp", "advcl", "ccomp"):
            frame = _verb_frame(art, _outermost(art, tok), "previous", (sent[0].idx, _end_char(sent)))
            if frame.subject is not None and not frame.inherit:
                return frame
    return None


def _previous_paragraph_frame(art: _Article, group: list[Span]) -> Frame | None:
    """A paragraph that is only a quote, after a paragraph whose last
    sentence reports someone named ("Valastro praised the governor's
    leadership." then "“We need someone who …”"): that person."""
    start = group[0].outer[0]
    para = art.para_of(start)
    if para <= 0 or art.text[art.paragraphs[para][0]:start].strip():
        return None
    a, b = art.paragraphs[para - 1]
    toks = [t for t in _tokens_in(art.doc, a, b) if not t.is_space]
    if not toks or any(art.in_quote(t) for t in toks[-1].sent) or toks[-1].text not in (".", "!", "?", ":"):
        return None
    for tok in toks[-1].sent:
        if _is_strong(tok) and not art.in_quote(tok):
            frame = _verb_frame(art, _outermost(art, tok), "previous", (toks[-1].sent.start_char, b))
            subject = frame.subject
            if subject is not None and not frame.inherit and (
                    subject.pos_ == "PROPN" or subject.ent_type_ == "PERSON" or subject.lower_ in ("he", "she")):
                frame.how = "previous-paragraph"
                return frame
    return None


def _subject_frame(art: _Article, n: int, before: list[Token]) -> Frame | None:
    """Last resort for a quote inside a sentence without a cue: the subject
    of the clause it sits in ("Trump admires Putin as a “strong leader”"),
    when that subject is a name or a pronoun. No cue."""
    if not [t for t in before if not t.is_punct and not art.in_quote(t)]:
        return None
    for top in _quote_tops(art, n):
        node = top
        for _ in range(8):
            if node.head == node:
                break
            node = node.head
            if art.in_quote(node) or not art.same_para(node, top):
                continue
            if node.pos_ in ("VERB", "AUX"):
                subject, _ = _subject(art, node)
                subject = _better_subject(art, subject, node)
                if subject is not None and (subject.pos_ == "PROPN" or subject.lower_ in PERSONAL_PRONOUNS):
                    return Frame("subject", verb=None, subject=subject, cue=None)
                if subject is not None:
                    return None
    return None


def _continues(art: _Article, previous: tuple, group: list[Span]) -> bool:
    """A quote that stands alone right after the previous quote: the same
    speaker's words go on ("…," X said Monday. "…")."""
    prev_quote, prev_frame, _, prev_group = previous
    prev_para = art.para_of(prev_group[-1].outer[1] - 1)
    para = art.para_of(group[0].outer[0])
    if para - prev_para > 1 or para < 0:
        return False
    if para != prev_para:
        return not art.text[art.paragraphs[para][0]:group[0].outer[0]].strip()
    between = art.text[prev_group[-1].outer[1]:group[0].outer[0]]
    if not between.strip():
        return True
    ends = list(re.finditer(r"[.!?]['\u2019\"\u201d)]*(?:\s|$)", between))
    if not ends:
        return False
    head, tail = between[:ends[-1].end()], between[ends[-1].end():]
    if tail.strip():
        # "But “…”", "Now, “…”": a sentence opening with a word or two, no verb
        tail_tokens = [t for t in _tokens_in(art.doc, group[0].outer[0] - len(tail), group[0].outer[0]) if not t.is_space]
        if len(_WORD.findall(tail)) > 6 or any(t.pos_ in ("VERB", "AUX") for t in tail_tokens):
            return False
    if len(_WORD.findall(head)) <= 12:
        return True
    # a long attribution of the quote before, ending its sentence
    return prev_frame is not None and prev_frame.how not in ("subject", "governs") and prev_quote.speaker_mention is not None


# -- from a verb to a speaker --------------------------------------------------------

def _verb_frame(art: _Article, verb: Token, how: str, region: tuple[int, int] | None,
                gap: list[Token] | None = None) -> Frame:
    subject, inherit = _subject(art, verb)
    named = _gap_subject(gap) if gap else None
    previous = verb.doc[verb.i - 1] if verb.i > 0 else None
    inverted = previous is not None and (previous.is_punct or art.in_quote(previous))
    if named is None and inverted and how in ("after", "between") and speech_lemma(verb) not in ADDRESSEE_VERBS:
        # inversion: "…,” said Air Force Lt. Tyler Reed, a pilot
        following = []
        for t in verb.doc[verb.i + 1:min(len(verb.doc), verb.i + 12)]:
            if (t.is_punct and not _abbreviation_dot(t)) or art.in_quote(t):
                break
            following.append(t)
        if following and (following[0].pos_ in ("PROPN", "PRON", "DET") or following[0].ent_type_ == "PERSON"
                          or _mistagged_name(following[0])):
            named = _gap_subject(following)
    if named is not None and (subject is None or inherit or subject.i not in {t.i for t in gap or []}
                              or (_is_name_token(named) and not _is_name_token(subject) and subject.pos_ != "PRON")):
        subject, inherit = named, False
    cue = _cue_text(verb)
    lemma = speech_lemma(verb)
    if lemma == "say" and verb.head.lower_ == "as" and speech_lemma(verb.head.head) == "quote":
        quoting = verb.head.head  # X quoted Y as saying
        obj = next((c for c in quoting.children if c.dep_ in ("dobj", "nsubjpass")), None)
        subject, inherit = (obj, False) if obj is not None else (subject, inherit)
        cue = quoting.text
    elif lemma == "quote":
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None:
            subject, inherit = obj, False
    if subject is None and not inherit:
        subject = _positional_subject(art, verb)
    subject = _better_subject(art, subject, verb)
    return Frame(how, verb=verb, subject=subject, cue=cue, region=region, inherit=inherit)


def _subject(art: _Article, verb: Token) -> tuple[Token | None, bool]:
    """The subject of a cue, climbing from "adding"/"saying" to the verb they
    hang on. (None, True) when that verb is inside the previous quote: the
    speaker goes on from it."""
    if verb.tag_ == "VBG" and verb.i > 0 and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        left = art.doc[verb.i - 1]
        if left.ent_type_ == "PERSON" and not art.in_quote(left):
            return left, False
    node = verb
    for _ in range(5):
        for child in node.children:
            if child.dep_ in SUBJECT_DEPS and not art.in_quote(child):
                if child.tag_ in ("WP", "WDT") and node.dep_ == "relcl":
                    return node.head, False
                return child, False
        for child in node.children:
            if child.dep_ == "agent":
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return obj, False
        if node.dep_ == "relcl":
            return node.head, False
        if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return node.head, False
        if node.dep_ in ("conj", "advcl", "xcomp", "pcomp", "dep", "parataxis", "ccomp") and node.head != node:
            if art.in_quote(node.head):
                if art.token_group[node.head.i] == art.current:
                    break  # the parser hung the attribution on the quote itself
                return None, node.tag_ == "VBG" or node.dep_ in ("advcl", "conj")
            if not art.same_para(node.head, verb):
                break
            node = node.head
            continue
        break
    if verb.tag_ == "VBG" or verb.dep_ in ("advcl", "pcomp", "xcomp"):
        return _clause_subject_before(art, verb), False
    return None, False


def _clause_subject_before(art: _Article, verb: Token) -> Token | None:
    """The subject of the clause a participle follows: "Flea shared the news
    on Monday, writing “…”", "McConnell deflected questions before saying"."""
    doc = art.doc
    for i in range(verb.i - 1, max(verb.sent.start, verb.i - 40) - 1, -1):
        tok = doc[i]
        if art.in_quote(tok):
            break
        if tok.dep_ in SUBJECT_DEPS and tok.head.i < verb.i and (
                tok.pos_ in ("PROPN", "NOUN", "PRON") or _mistagged_name(tok)) and tok.tag_ not in ("WP", "WDT"):
            return tok
    return None


def _positional_subject(art: _Article, verb: Token) -> Token | None:
    """Without a parsed subject: the name right after the verb (", said X")
    or right before it (", X said")."""
    doc = art.doc
    if verb.tag_ == "VBG":
        return None
    for i in range(verb.i + 1, min(len(doc), verb.i + 4)):
        tok = doc[i]
        if art.in_quote(tok) or tok.is_punct or tok.lower_ in ("that", "to"):
            break
        if tok.pos_ == "PROPN" or tok.ent_type_ in NAME_ENTS or tok.lower_ in SUBJECT_PRONOUNS:
            j = i
            while j + 1 < len(doc) and (doc[j + 1].pos_ == "PROPN" or doc[j + 1].ent_iob_ == "I") and not art.in_quote(doc[j + 1]):
                j += 1
            return doc[j]
    depth = 0
    for i in range(verb.i - 1, max(-1, verb.i - 12), -1):
        tok = doc[i]
        if tok.text == ")":
            depth += 1
            continue
        if tok.text == "(":
            depth -= 1
            continue
        if depth > 0:
            continue  # "Sen. Ann Lee (D-Mass.) said"
        if art.in_quote(tok) or tok.text in (",", ".", ";"):
            break
        if tok.ent_type_ == "PERSON" or tok.pos_ in ("PROPN", "PRON", "NOUN"):
            return tok
    # "Clinton, exasperated, famously responded": the subject of an aside on the verb
    for i in range(verb.i - 1, max(verb.sent.start - 1, verb.i - 10), -1):
        tok = doc[i]
        if art.in_quote(tok) or tok.text in (".", ";", ":"):
            break
        if tok.dep_ in SUBJECT_DEPS and tok.pos_ in ("PROPN", "NOUN") and tok.head.head == verb and tok.head.dep_ in ("parataxis", "advcl"):
            return tok
    return None


def _cue_text(verb: Token) -> str:
    words = [verb] + [c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1]
    return " ".join(t.text for t in words)


def _resolve(art: _Article, frame: Frame) -> _Resolved:
    people = art.people
    if frame.speaker_tokens is not None:
        span = frame.speaker_tokens
        name = clean_name(span.text)
        if not name:
            return _Resolved(None, None, None, None)
        person = people.add(span.text, span.start)
        return _Resolved(person.name if person else name, span.text, "name", person)
    subj = frame.subject
    if subj is None:
        return _Resolved(None, None, None, None)
    mention = _mention(subj, art)
    if subj.lower_ in PERSONAL_PRONOUNS or subj.pos_ == "PRON":
        identity = art.identity_at.get(subj.i)
        if identity is None:
            found = people.antecedent(subj)
            identity = (found.person or found.description) if found is not None else None
        if isinstance(identity, Person):
            return _Resolved(identity.name, mention, "pronoun", identity)
        return _Resolved(None, identity if isinstance(identity, str) else mention, "pronoun", identity)
    name = _name_tokens(subj)
    if name is not None:
        label = _ent_label(name)
        medium = lookup(name.text) or lookup(clean_name(name.text))
        if (label in ("ORG", "GPE", "NORP") and not _looks_like_person(art, name)) or medium or (label is None and _looks_like_org(name)):
            text = _strip_the(name.text)
            return _Resolved(text, mention, "organisation", text)
        person = people.add(name.text, name.start, gender=honorific_gender([t.text for t in _with_left_honorific(name)]))
        return _Resolved(person.name if person is not None else clean_name(name.text), mention, "name", person)
    person = people.by_title(_np(subj), subj.i)
    if person is not None:
        return _Resolved(person.name, mention, "title", person)
    return _Resolved(None, mention, "description", art.identity_at.get(subj.i, mention))


def _name_tokens(tok: Token) -> SpacySpan | None:
    """The name a subject token holds: its entity, an appositive's entity,
    or its run of proper nouns."""
    doc = tok.doc
    if tok.is_upper and tok.ent_type_ in ("GPE", "ORG") and any(t.text in DASHES for t in doc[tok.i + 1:tok.i + 3]):
        person = next((t for t in tok.subtree if t.ent_type_ == "PERSON"), None)  # WASHINGTON -- President Obama
        if person is not None:
            return _name_tokens(person)
    if tok.ent_type_ in NAME_ENTS:
        ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        if ent is not None and (ent.label_ == "PERSON" or tok.pos_ == "PROPN" or tok.is_title):
            return ent
    for child in tok.children:
        if child.dep_ in ("appos", "conj") or (child.dep_ == "compound" and tok.ent_type_ != "PERSON"):
            for t in child.subtree:
                if t.ent_type_ == "PERSON":
                    ent = next((e for e in doc.ents if e.start <= t.i < e.end), None)
                    if ent is not None:
                        return ent
            if child.dep_ == "appos" and child.pos_ == "PROPN" and tok.pos_ != "PROPN":
                return _name_tokens(child)  # "Schilling's son, Grant,"
    if tok.dep_ == "appos" and tok.head.ent_type_ == "PERSON":
        return _name_tokens(tok.head)
    if tok.pos_ == "PROPN" or _mistagged_name(tok):
        start = tok.i
        while start - 1 >= 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].head == tok and doc[start - 1].dep_ in ("compound", "flat"):
            start -= 1
        end = tok.i + 1
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].head == tok and doc[end].dep_ in ("compound", "flat"):
            end += 1
        return doc[start:end]
    return None


def _ent_label(span: SpacySpan) -> str | None:
    labels = {t.ent_type_ for t in span if t.ent_type_}
    for label in ("PERSON", "ORG", "GPE", "NORP"):
        if label in labels:
            return label
    return None


_ORG_WORDS = {"committee", "campaign", "party", "department", "ministry", "office", "agency", "council", "house",
              "senate", "congress", "court", "association", "foundation", "institute", "university", "company",
              "corporation", "group", "network", "news", "times", "post", "journal", "police", "bank", "union",
              "commission", "administration", "center", "centre", "service", "board", "fund", "coalition",
              "amendment", "act", "bill", "report", "museum", "school", "church", "club"}


def _looks_like_person(art: _Article, span: SpacySpan) -> bool:
    """An entity the tagger called an organisation that reads as a person:
    a role or honorific before it, a given name in it, or the surname of
    someone the article names ("Guitarist Mo Kessler", "Trump")."""
    words = [w for w in span.text.split() if w[:1].isalpha()]
    if not words or len(words) > 4 or _looks_like_org(span) or _ent_label(span) == "NORP":
        return False
    folded = [w.lower().strip(".") for w in words]
    if folded[0] in ROLE_WORDS or folded[0] in HONORIFICS or any(gender_of(w) in ("m", "f") for w in folded[:-1] or folded):
        return True
    return art.people.person(span.text, span.start) is not None


def _looks_like_org(span: SpacySpan) -> bool:
    return any(t.lower_ in _ORG_WORDS for t in span)


def _strip_the(text: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", text.strip())


def _with_left_honorific(span: SpacySpan) -> SpacySpan:
    return span.doc[max(0, span.start - 1):span.end]


def _np(tok: Token) -> SpacySpan:
    return tok.doc[tok.left_edge.i:tok.i + 1]


def _mention(tok: Token, art: _Article) -> str:
    """The speaker as written: the subject with its modifiers, apposition
    and relative clause, never running into a quote."""
    doc = tok.doc
    left, right = tok.left_edge.i, tok.i
    for child in tok.rights:
        if child.dep_ in ("appos", "relcl", "acl", "prep", "amod", "compound", "punct", "cc", "conj", "npadvmod", "nummod"):
            right = max(right, child.right_edge.i)
    cut: list[Token] = []
    for t in doc[left:right + 1]:
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
    return doc[cut[0].i:cut[-1].i + 1].text.strip(" ,;:\u2014-(")


def _leading_name(words: list[Token]) -> SpacySpan | None:
    if not words:
        return None
    doc = words[0].doc
    first = words[0]
    ent = next((e for e in doc.ents if e.start <= first.i < e.end and e.label_ in NAME_ENTS), None)
    if ent is not None:
        return ent
    if first.pos_ == "PROPN" or first.is_title:
        end = first.i + 1
        while end < len(doc) and (doc[end].pos_ == "PROPN" or doc[end].is_title) and end - first.i < 5:
            end += 1
        return doc[first.i:end]
    return None


def _trailing_name(words: list[Token]) -> SpacySpan | None:
    if not words:
        return None
    doc = words[0].doc
    last = words[-1]
    ent = next((e for e in doc.ents if e.start <= last.i < e.end and e.label_ in NAME_ENTS), None)
    if ent is not None:
        return ent
    if last.pos_ == "PROPN":
        start = last.i
        while start - 1 >= words[0].i and doc[start - 1].pos_ == "PROPN":
            start -= 1
        return doc[start:last.i + 1]
    return None


def _end_char(tokens: list[Token]) -> int:
    return tokens[-1].idx + len(tokens[-1].text)


def _pronoun_gender(tok: Token) -> str | None:
    return gender_of(tok.lower_)


# -- credit -------------------------------------------------------------------------

def _credit(art: _Article, frame: Frame, group: list[Span]) -> Credit | None:
    """The medium the attribution clause of this quote credits."""
    if frame.verb is None and frame.region is None:
        return None
    quotes = [(s.outer[0], s.outer[1]) for g in art.groups for s in g]
    if frame.verb is not None:
        sent = frame.verb.sent
        start, end = sent.start_char, sent.end_char
        first, last = group[0].outer[0], group[-1].outer[1]
        # a sentence split inside the quote: reach the whole attribution
        start = min(start, first) if frame.verb.idx > last else start
        end = max(end, last) if frame.verb.idx < first else end
    else:
        start, end = frame.region
    return credited_medium(art.text, start, end, exclude=quotes)


def _carried_credit(art: _Article, group: list[Span], resolved: _Resolved) -> Credit | None:
    """"X told Kommersant." then "…," he said: the same person's next words
    are credited to the same medium."""
    if resolved.identity is None:
        return None
    doc = art.doc
    start = group[0].outer[0]
    toks = _tokens_in(doc, start, start + 1)
    if not toks:
        return None
    sent = toks[0].sent
    quotes = [(s.outer[0], s.outer[1]) for g in art.groups for s in g]
    para = art.para_of(start)
    for _ in range(2):
        if sent.start == 0:
            return None
        sent = doc[sent.start - 1].sent
        if art.para_of(sent.start_char) < para - 1:
            return None
        credit = credited_medium(art.text, sent.start_char, sent.end_char, exclude=quotes)
        if credit is None:
            continue
        for tok in sent:
            if tok.dep_ in SUBJECT_DEPS and _same_identity(art.identity_at.get(tok.i), resolved.identity):
                return credit
    return None


def _same_identity(a: object, b: object) -> bool:
    if a is None or b is None:
        return False
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return a is b


# -- what is not a quote -------------------------------------------------------------

def _keep(quote: Quote, frame: Frame | None) -> bool:
    words = _WORD.findall(quote.text)
    if len(words) < 2:
        return False
    named = frame is not None and frame.verb is not None and speech_lemma(frame.verb) in NAMING_VERBS
    return not (_is_title(quote.text, words) and not named)


_SMALL = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "de", "la", "le", "vs",
          "from", "is", "&"}


def _is_title(text: str, words: list[str]) -> bool:
    """Short and title-cased: “Fox News Sunday”, “The Art of the Deal”."""
    if len(words) > 8 or text.strip().endswith(("?", "!")):
        return False
    content = [w for w in words if w.lower() not in _SMALL]
    if not content or _TERMINAL.search(text.strip()) and len(content) > 3:
        return False
    return all(w[0].isupper() or w[0].isdigit() for w in content) and words[0][0].isupper()
