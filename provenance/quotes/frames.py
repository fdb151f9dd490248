"""Finding how a quote is attributed: every reading a sentence allows,
scored, the most specific kept. The readings are a table,
:data:`FINDERS`, tried in order over one :class:`QuoteContext` (the
quote, the words around it, the quote before it):

- between the pieces of an interrupted quote ("A," she said, "b.");
- right after it (", said X", ", X said", "— X, a resident");
- right before it ("X said:", "X said that", "Erdogan: “…”");
- a parenthetical one in its sentence ("Acts of protest, he said, are …");
- the speech verb that governs it in the parse (a partial quote inside
  reported speech), climbing to the outermost one;
- "according to X", a colon or the sentence before, the quote before it,
  and last the subject of the clause a partial quote sits in.

Internal to :mod:`provenance.quotes.attribute`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from .context import ArticleContext
from .cues import (
    ADDRESSEE_VERBS,
    CONTEXT_VERBS,
    GOVERNING_VERBS,
    ISSUING_VERBS,
    SPEECH_FORMS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    speech_lemma,
)
from .marks import Span
from .names import (
    BODY_NOUNS,
    NAME_ENTS,
    SUBJECT_DEPS,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
    TERM_WORDS,
    WEEKDAYS,
    WORD,
    abbreviation_dot,
    ent_label,
    gap_subject,
    is_name_token,
    last_char,
    leading_name,
    looks_like_title,
    mistagged_name,
    name_tokens,
    nominal,
    tokens_in,
    trailing_name,
)
from .people import PERSONAL_PRONOUNS, ROLE_WORDS

if TYPE_CHECKING:
    from ..records import Quote
    from .attribute import Resolved

# context verbs that may follow a quote as its attribution ("…,” she continued)
AFTER_CONTEXT = {
    "continue",
    "go",
    "conclude",
    "recall",
    "muse",
    "wonder",
    "laugh",
    "smile",
    "sigh",
    "shrug",
    "nod",
    "sing",
    "chant",
    "read",
    "begin",
    "start",
}


_MAX_SUBJECT_GAP = 40


# how sure each way of attributing is: the highest found wins
SCORES = {
    "between": 10,
    "asked": 10,
    "after": 10,
    "dash": 10,
    "before": 9,
    "headline": 9,
    "signature": 9,
    "parenthetical": 8,
    "before-context": 7,
    "after-loose": 6,
    "governs": 5,
    "according": 5,
    "colon": 4,
    "possessive": 4,
    "previous": 3,
    "previous-paragraph": 2,
    "subject": 1,
    "nearby": 0,
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
class Previous:
    """The quote attributed just before, which the next one may continue."""

    quote: Quote
    frame: Frame | None
    resolved: Resolved | None
    group: list[Span]


@dataclass
class QuoteContext:
    """The one quote being attributed, as the frame finders see it: its
    index among the article's quotes, its pieces, the words of its
    sentence before and after it, the speech verb between its pieces, and
    the quote attributed before it. Built once per quote."""

    n: int
    group: list[Span]
    before: list[Token]
    after: list[Token]
    ending: str  # the last character inside the marks
    between: tuple[Token, tuple[int, int]] | None  # "A," she said, "b.": the verb and the characters between
    previous: Previous | None = None

    @classmethod
    def of(cls, art: ArticleContext, n: int, group: list[Span], previous: Previous | None = None) -> QuoteContext:
        last = group[-1]
        return cls(
            n=n,
            group=group,
            before=_before_tokens(art, group[0]),
            after=_after_tokens(art, last),
            ending=art.text[last.end - 1 : last.end] if last.end > last.start else "",
            between=_between_verb(art, group),
            previous=previous,
        )


def find_frame(art: ArticleContext, quote: QuoteContext) -> Frame | None:
    """The best-supported attribution of a quote, its cue marked when
    the sentence relays it ("…,” Lee said, according to CNN)."""
    frame = _best_frame(art, quote)
    if frame is not None and frame.how in ("after", "after-loose"):
        frame = _governed_before(art, quote, frame) or frame
    if frame is not None and frame.how != "according" and frame.cue and frame.verb is not None:
        sent = [t for t in art.sent(frame.verb) if not art.in_quote(t)]
        if any(
            t.lower_ == "according" and i + 1 < len(sent) and sent[i + 1].lower_ == "to" for i, t in enumerate(sent)
        ):
            frame.cue = f"{frame.cue}, according to"
    return frame


def _subordinate_cue(verb: Token) -> bool:
    """A cue after a quote that hangs inside another clause rather than
    closing the sentence as its attribution: a relative clause ("… of
    Ortiz, whom she called a “fraud.”", "… the reforms he rails
    against") or a participle with no subject of its own ("…,” adding
    that …", "…,” calling it …")."""
    if verb.dep_ == "relcl":
        return True
    return (
        verb.tag_ == "VBG"
        and verb.dep_ in ("advcl", "pcomp", "xcomp")
        and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    )


def _governed_before(art: ArticleContext, quote: QuoteContext, frame: Frame) -> Frame | None:
    """A partial quote that a speech verb before it already governs, with
    only a subordinate cue after it: "Lee called the levy a “tax on
    thrift,” adding that …", "Ames said she had begun “to expose” Kerr,
    whom she called a “fraud”" are *called* and *said*: the later verb
    is a further remark or an aside inside the first verb's clause, not
    the attribution of this quote."""
    after = frame.verb
    if after is None:
        return None
    start = quote.group[0].outer[0]
    for top in _quote_tops(art, quote.n):
        for node in top.ancestors:
            if art.in_quote(node) or node.idx >= start:
                continue
            if not art.same_sent(node, top):
                break
            if node.pos_ == "VERB" and speech_lemma(node) in SPEECH_VERBS:
                if (after in node.subtree and _subordinate_cue(after)) or _fronted_clause_of(node, after):
                    return _verb_frame(art, quote, node, frame.how, None)
                return None
    return None


def _fronted_clause_of(verb: Token, main: Token) -> bool:
    """Whether ``verb`` sits in a finite subordinate clause put before the
    main clause ``main``: in "While Ross calls the budget “a fair deal,”
    the mayor wants more" and "Although she says she “likes the town,” she
    rarely visits", the quote is the subordinate clause's words and the
    main verb after it is no attribution."""
    node = verb
    while node.head != node and node.head != main:
        node = node.head
    if node.head != main or node.dep_ != "advcl" or node.i > main.i or node.tag_ not in ("VBD", "VBZ", "VBP"):
        return False
    return any(c.dep_ in ("mark", "advmod") and c.lower_ in SUBORDINATORS and c.i < node.i for c in node.children)


def _best_frame(art: ArticleContext, quote: QuoteContext) -> Frame | None:
    """Try the :data:`FINDERS` in order; after each, keep the best reading
    found so far if it scores at least what that finder asks."""
    candidates: list[Frame] = []
    for finder in FINDERS:
        candidates += finder.find(art, quote)
        if finder.enough is None or not candidates:
            continue
        best = max(candidates, key=lambda f: f.score)
        if best.score >= finder.enough:
            return best
    return None


def _between_verb(art: ArticleContext, group: list[Span]) -> tuple[Token, tuple[int, int]] | None:
    """The speech verb between the pieces of an interrupted quote."""
    for a, b in zip(group, group[1:]):
        tokens = [t for t in tokens_in(art.doc, a.outer[1], b.outer[0]) if not art.in_quote(t)]
        verb = next((t for t in tokens if speech_lemma(t) in SPEECH_VERBS), None)
        if verb is not None:
            return verb, (a.outer[1], b.outer[0])
    return None


def _between_named(art: ArticleContext, quote: QuoteContext) -> list[Frame]:
    """ "A," she said, "b.": the attribution between the pieces, with its subject."""
    if quote.between is None:
        return []
    frame = _verb_frame(art, quote, quote.between[0], "between", quote.between[1])
    return [frame] if frame.subject is not None else []


def _between_unnamed(art: ArticleContext, quote: QuoteContext) -> list[Frame]:
    """ "…,” adding, “…”: a cue between the pieces without a subject; the
    speaker goes on."""
    if quote.between is None:
        return []
    frame = _verb_frame(art, quote, quote.between[0], "between", quote.between[1])
    return [frame] if frame.subject is None else []


def _lead_in_frames(art: ArticleContext, quote: QuoteContext) -> list[Frame]:
    """A quote with nothing before it in its sentence: what leads in to
    it, a colon first, then the sentence before, then the paragraph before."""
    if [t for t in quote.before if not t.is_punct and not art.in_quote(t)]:
        return []
    return _listed(
        _colon_frame(art, quote) or _previous_sentence_frame(art, quote) or _previous_paragraph_frame(art, quote)
    )


def _continues_frames(art: ArticleContext, quote: QuoteContext) -> list[Frame]:
    """The previous quote's speaker goes on ("…," X said Monday. "…")."""
    if quote.previous is not None and (
        continues_previous(art, quote.previous, quote.group) or _goes_on_in_next_sentence(art, quote)
    ):
        return [Frame("continues")]
    return []


#: subjects that stand for what was just said, not for someone who speaks
_THAT_WORDS = {"it", "that", "this"}


def _goes_on_in_next_sentence(art: ArticleContext, quote: QuoteContext) -> bool:
    """ "“…,” Dunmore says. It's “…”", "“…,” Moreau added. But that's
    a long way from “…”": a partial quote in the very next sentence of the
    paragraph, with no cue of its own and "it" or "that" as its subject,
    is the same speaker's words going on."""
    previous = quote.previous
    if previous is None or previous.quote.cue is None or len(previous.group) != 1:
        return False
    words = WORD.findall(" ".join(art.text[a:b] for span in quote.group for a, b in span.pieces))
    if len(words) <= TERM_WORDS:
        return False  # "That could trigger the “snap election” scenario": a term, not words going on
    before = [t for t in quote.before if not t.is_space]
    if not before or any(art.in_quote(t) or speech_lemma(t) for t in before):
        return False
    sent = art.sent(before[0])
    if sent.start == 0 or not art.same_para(sent[0], art.doc[sent.start - 1]):
        return False
    last = art.sent(art.doc[sent.start - 1])
    if not last.start_char < previous.group[-1].outer[1] <= last.end_char + 1:
        return False  # the sentence before is not the previous quote's
    return any(t.dep_ in SUBJECT_DEPS and t.lower_ in _THAT_WORDS for t in before)


FrameFinder = Callable[[ArticleContext, QuoteContext], list[Frame]]


def _listed(frame: Frame | None) -> list[Frame]:
    return [frame] if frame is not None else []


@dataclass(frozen=True)
class Finder:
    """One way of reading a quote's attribution, in :data:`FINDERS`."""

    name: str
    find: FrameFinder
    #: after this finder, the best reading found so far is kept if it
    #: scores at least this; None: the search goes on
    enough: int | None


def _after_tokens(art: ArticleContext, span: Span) -> list[Token]:
    """The tokens after a quote up to the end of its sentence or the next quote."""
    end = span.outer[1]
    para = art.para_of(max(0, end - 1))
    para_end = art.paragraphs[para][1] if para >= 0 else len(art.text)
    out: list[Token] = []
    for tok in art.tokens_on(end, para_end):
        if tok.idx < end:
            continue
        if tok.is_sent_start and out and (out[-1].text in (".", "!", "?", ";", ":") or len(out) > 40):
            break
        if art.in_quote(tok):
            if not _is_short_title(art, art.token_group[tok.i]):
                break
            continue
        out.append(tok)
    return out


def _is_short_title(art: ArticleContext, n: int) -> bool:
    """A name or title in marks inside an attribution ("wearing “Ann Lee”
    pins"): step over it."""
    text = " ".join(art.text[a:b] for s in art.groups[n] for a, b in s.pieces)
    words = WORD.findall(text)
    return len(words) <= 4 and looks_like_title(text, words)


def _before_tokens(art: ArticleContext, span: Span) -> list[Token]:
    """The tokens of the quote's sentence before its opening mark."""
    start = span.outer[0]
    para = art.para_of(start)
    para_start = art.paragraphs[para][0] if para >= 0 else 0
    tokens: list[Token] = []
    sent_start = 0
    for tok in art.tokens_back(para_start, start):
        if tok.idx + len(tok.text) > start or (tok.is_space and not tokens):
            continue  # "in its ruling:\u00a0“…”": the space before the mark is no word
        if not tokens:
            if tok.text in (".", "!", "?") and not art.in_quote(tok):
                return []
            sent_start = art.sent(tok).start
        if tok.i < sent_start:
            break
        tokens.append(tok)
    return tokens[::-1]


def _is_strong(tok: Token) -> bool:
    return speech_lemma(tok) in SPEECH_VERBS


def _tight(art: ArticleContext, verb: Token) -> bool:
    """The verb introduces nothing but the quote: no clause of its own after it."""
    if speech_lemma(verb) == "quote":
        return True
    for child in verb.children:
        if child.i > verb.i and child.dep_ in ("ccomp", "xcomp") and not art.in_quote(child):
            between = verb.doc[verb.i + 1 : child.i]
            if not any(t.text == "," for t in between):
                return False
    return True


_DASH_LEAD = re.compile("^[\\s\u00a0]*(?:[\u2014\u2015\u2013]|-{1,3})[\\s\u00a0]*$")


def _dash_name(art: ArticleContext, after: list[Token], close: int) -> SpacySpan | None:
    """” — Ahmed Saleh, a resident of the camp: the name after a dash."""
    words = [t for t in after if not t.is_punct and not t.is_space and not _DASH_LEAD.match(t.text)]
    if not words or not _DASH_LEAD.match(art.text[close : words[0].idx]):
        return None
    if any(speech_lemma(t) for t in words[:4] if not mistagged_name(t)):
        return None
    return leading_name(words)


def _after_frames(art: ArticleContext, quote: QuoteContext) -> list[Frame]:
    """Attributions right after the quote: ", she said", ", said X", "— X"."""
    ending, close = quote.ending, quote.group[-1].outer[1]
    after = [t for t in quote.after if not t.is_space and not _DASH_LEAD.match(t.text)]
    words = [t for t in after if not t.is_punct]
    if not words:
        return []
    region = (after[0].idx, last_char(after))
    name = _dash_name(art, after, close)
    if name is not None:
        return [Frame("dash", speaker_tokens=name, region=region)]
    if len(words) >= 2 and words[0].lower_ == "according" and words[1].lower_ == "to":
        frame = _according_frame(art, after)
        return [frame] if frame is not None else []
    new_sentence = ending == "." and words[0].text[:1].isupper()
    set_off = bool(re.search("[\u2014\u2013]|--", art.text[close : words[0].idx]))  # "“…!” — the crowd cheered"
    manner = None if set_off else _manner_attribution(words, ending)
    if manner is not None:
        return [_verb_frame(art, quote, manner, "after", region, gap=words[: words.index(manner)])]
    aside = _aside_after_name(art, words)
    for i, tok in enumerate(words[:_MAX_SUBJECT_GAP]):
        if tok.i in aside:
            continue
        lemma = speech_lemma(tok)
        if (
            lemma
            and (tok.dep_ not in ("amod", "compound") or _inverted_cue(tok, i, ending))
            and not mistagged_name(tok)
        ):
            ends = ending in (",", "?", "!") and _ends_attribution(art, tok, words[:i])
            if lemma in GOVERNING_VERBS and not (i <= 3 and ends):
                break  # "“…?” Lee pressed." is Lee's question; "“…” Critics questioned the plan" is not
            if lemma in CONTEXT_VERBS and not (
                (lemma in AFTER_CONTEXT and (i <= 3 or ends) and (lemma != "go" or _has_particle(tok, "on")))
                or (lemma == "put" and _has_object(tok, "it"))
            ):
                break
            gap = [g for g in words[:i] if g.i not in aside]
            if any(g.lower_ in SUBORDINATORS for g in gap):
                break
            fits = all(_belongs_to(g, tok) or g.pos_ == "ADV" for g in gap) or (
                i <= 14
                and all(nominal(g) or g.pos_ in ("ADV", "ADP", "CCONJ", "PART") for g in gap)
                and not (gap and gap[0].lower_ in ("and", "but"))
            )
            if not fits or _new_clause(after, tok):
                break
            if _own_object(art, tok) and not _inverted_subject(tok, i, ending):
                break  # "…,” the club charged a $100 fee: the verb has content of its own
            if (
                ending.isalnum()
                and any(g.pos_ in ("AUX", "VERB") for g in gap)
                and not any(t.text == "," for t in after if t.i < tok.i)
            ):
                break  # "… it would “have helped everyone” had Jo Smith warned the town": a clause of its own
            frame = _verb_frame(art, quote, tok, "after", region, gap=gap)
            if (
                ending in ("?", "!")
                and words[0].is_sent_start
                and words[0].is_title
                and any(
                    c.dep_ in ("dobj", "ccomp", "xcomp")
                    and tok.i < c.i < _set_off(tok)
                    and not art.in_quote(c)
                    and not (c.dep_ == "dobj" and lemma in ADDRESSEE_VERBS)  # "…?” Lee asked the mayor.": the listener
                    for c in tok.children
                )
            ):
                return []  # "…?” Her opponents cited it as proof.": a new sentence, not the attribution
            introduces_next = after[-1].text in (":", ",") and _next_is_quote(art, after[-1])
            opens_new = bool(gap) and gap[0].pos_ == "CCONJ"  # "“…” But the flooding continued."
            if new_sentence and (i > 3 or opens_new or introduces_next or _runs_into_quote(art, after)):
                return []
            if (introduces_next and ending not in (",", "")) or not _tight(art, tok):
                frame.how = "after-loose"
                if ending in (".", "!", "?"):
                    return []
            return [frame]
        if (
            tok.pos_ in ("VERB", "AUX")
            and tok.dep_ not in ("relcl", "acl", "amod", "compound", "aux", "auxpass")
            and not mistagged_name(tok)
            and not _title_read_as_verb(tok, i, ending, words)
        ):
            final = None if new_sentence else _final_attribution(art, words[i + 1 :])
            if final is not None:
                comma = max((t.i for t in after if t.text == "," and t.i < final.i), default=final.i)
                subject_words = [t for t in words if comma < t.i < final.i]
                if not subject_words and speech_lemma(final) in ADDRESSEE_VERBS:
                    subject_words = [t for t in words if t.i < final.i]  # "…, told The Huffington Post"
                return [_verb_frame(art, quote, final, "after", region, gap=subject_words or None)]
            break
    return []


def _aside_after_name(art: ArticleContext, words: list[Token]) -> set[int]:
    """ "…,” Jo Lee, now 68 and living in Idaho, said", "…,” Jo Lee, a
    lawyer then working for the city, wrote", "…,” Jo Lee, the analyst who
    founded the site tweeted": after a quote, a name, a comma, then words
    set off up to a speech verb (after a comma, or where a relative clause
    on them ends) are an aside on the name, not the attribution: the
    token indices of those words."""
    if len(words) < 4 or art.in_quote(words[0]):
        return set()
    doc = words[0].doc
    k = 0
    while k < min(len(words), 6) and nominal(words[k]) and words[k].pos_ != "PRON":
        k += 1
    if k == 0 or k >= len(words) or not is_name_token(words[k - 1]) or doc[words[k - 1].i + 1].text != ",":
        return set()
    comma = words[k - 1].i + 1
    for verb in words[k : k + 30]:
        if art.in_quote(verb) or not art.same_sent(verb, words[0]):
            break
        if speech_lemma(verb) not in SPEECH_VERBS or any(c.dep_ in SUBJECT_DEPS and c.i > comma for c in verb.children):
            continue
        inside = doc[comma + 1 : verb.i]
        if any(t.text in (";", ":", ".") or art.in_quote(t) for t in inside):
            break
        closed = doc[verb.i - 1].text == "," or any(t.dep_ == "relcl" and t.right_edge.i == verb.i - 1 for t in inside)
        if closed:
            return {t.i for t in inside}
    return set()


def _inverted_subject(verb: Token, i: int, ending: str) -> bool:
    """ "“…,” mused Beacon co-host Stu Lee", "“…!” wrote a user calling herself
    Jo": a verb in the past or present tense right after a quote that ends
    with a comma (or ? or !) is the inverted attribution, and what the parser
    took for its object is the speaker, unless the verb goes on to say what
    the object is or was called ("“…,” portrayed the nominee as …")."""
    return (
        i == 0
        and ending in (",", "?", "!")
        and verb.tag_ in ("VBD", "VBZ")
        and not any(
            c.i > verb.i and (c.dep_ in ("ccomp", "xcomp", "oprd", "acomp") or (c.dep_ == "prep" and c.lower_ == "as"))
            for c in verb.children
        )
    )


def _title_read_as_verb(tok: Token, i: int, ending: str, words: list[Token]) -> bool:
    """ "“…,” screenwriter Nate Hollis wrote": a lower-case word the tagger
    read as a bare verb, right after a quote that ends with a comma (or ?
    or !) and before a name, is the speaker's title; a verb in its base
    form does not open an attribution."""
    return (
        i == 0
        and ending in (",", "?", "!")
        and tok.tag_ in ("VB", "VBP")
        and tok.is_lower
        and len(words) > 1
        and (words[1].pos_ == "PROPN" or words[1].ent_type_ == "PERSON")
    )


def _inverted_cue(tok: Token, i: int, ending: str) -> bool:
    """ "“…,” tweeted campaign spokesman Tom Dale": a cue right after a
    quote that ends with a comma (or ? or !), which the tagger read as an
    adjective on the speaker's title, is the inverted attribution."""
    return i == 0 and ending in (",", "?", "!") and tok.tag_ in ("VBD", "VBN") and tok.lower_ in SPEECH_FORMS


def _ends_attribution(art: ArticleContext, verb: Token, gap: list[Token]) -> bool:
    """ "…,” a young aide in the hall wondered." / "…?” Ames pressed.": the
    words before the verb are its subject and nothing of its own follows
    it (no object, no clause): the verb can only attribute the quote."""
    if not gap or not all(_belongs_to(g, verb) or g.pos_ == "ADV" for g in gap):
        return False
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return False  # "Bills were introduced": what was done, not who spoke
    if not any(g.dep_ in SUBJECT_DEPS for g in gap):
        return False
    return not any(
        c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp", "oprd", "dative") and c.i > verb.i and not art.in_quote(c)
        for c in verb.children
    )


#: a paragraph of its own that signs the quote above it: "- Ann Lee, Ohio."
_SIGNATURE = re.compile("[ \t\u00a0]*\n\\s*(?:[\u2014\u2015\u2013]|-{1,3})[ \t\u00a0]*(?=\\w)")
_SIGNATURE_WORDS = 12


def _signature_frames(art: ArticleContext, quote: QuoteContext) -> list[Frame]:
    """A quote that ends its paragraph, signed by a short next paragraph
    that opens with a dash and a name ("- Ann Lee, Ohio.", "-Gov. Tom
    Reyes, at a rally"): the lists of remarks in fact checks and
    round-ups."""
    if any(not t.is_space and not t.is_punct for t in quote.after):
        return []
    close = quote.group[-1].outer[1]
    found = _SIGNATURE.match(art.text, close)
    if found is None:
        return []
    para = art.paragraphs[art.para_of(found.end())]
    words = [t for t in tokens_in(art.doc, found.end(), para[1]) if not t.is_space]
    if not words or len([t for t in words if not t.is_punct]) > _SIGNATURE_WORDS or art.in_quote(words[0]):
        return []
    name = leading_name([t for t in words if not abbreviation_dot(t)] if words[0].text != "." else words)
    if name is None or name.root.ent_type_ not in ("", "PERSON") or not any(is_name_token(t) for t in name):
        return []
    return [Frame("signature", speaker_tokens=name, region=(found.end(), para[1]))]


def _set_off(verb: Token) -> int:
    """Where what follows a verb is set off from it by a comma or a dash
    ("“…?” Lee asked, repeating a charge - that …"): its own object or
    clause comes before that."""
    doc = verb.doc
    return next(
        (t.i for t in doc[verb.i + 1 : verb.sent.end] if t.text in (",", "-", "--", "\u2014", "\u2013")), len(doc)
    )


def _new_clause(after: list[Token], verb: Token) -> bool:
    """ ", and Trump vowed": a comma and a conjunction before the verb start
    a clause of its own, not an attribution of the quote."""
    return any(t.text == "," and t.i + 1 < verb.i and t.doc[t.i + 1].pos_ == "CCONJ" for t in after if t.i < verb.i)


def _manner_attribution(words: list[Token], ending: str) -> Token | None:
    """ "…!” beamed Carla Obi, a volunteer", "…,” Carla Obi beamed.", "…,” the
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
        after_det = tok.i > 0 and tok.doc[tok.i - 1].pos_ == "DET"  # "the question of": a noun
        finite = (tok.pos_ == "VERB" and tok.tag_ in ("VBD", "VBZ")) or (
            tok.lower_ in SPEECH_FORMS and closes and not after_det
        )
        if not finite:
            if not (nominal(tok) or tok.pos_ in ("ADP", "PART", "CCONJ")):
                return None
            continue
        gap = words[:i]
        if not gap or not (
            any(g.pos_ in ("NOUN", "PROPN", "PRON") or mistagged_name(g) for g in gap)
            or (gap[-1].pos_ == "ADJ" and gap[0].pos_ == "DET")
        ):
            return None
        if gap[0].pos_ in ("ADP", "CCONJ", "PART") or any(g.lower_ in SUBORDINATORS for g in gap):
            return None
        if tok.dep_ == "relcl" or any(g.tag_ in ("WP", "WDT") for g in gap):
            return None  # "…,” Jo Lee, who runs a bakery, told us: the relative clause is no cue
        if any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.i > tok.i and c.pos_ != "PRON" for c in tok.children):
            return None  # "…,” the senator signed the bill: a new clause, not an attribution
        return tok
    return None


def _runs_into_quote(art: ArticleContext, after: list[Token]) -> bool:
    nxt = _next_word(art, after[-1])
    return nxt is not None and art.in_quote(nxt) and art.same_para(nxt, after[-1])


def _better_subject(art: ArticleContext, subject: Token | None, verb: Token) -> Token | None:
    """Replace a subject the parser got wrong: a date ("said Tuesday") or a
    dateline's place, by the name nearest before the verb."""
    if subject is None:
        return None
    if subject.pos_ == "NOUN" and subject.i < verb.i and not is_name_token(subject):
        doc = art.doc
        for t in doc[subject.i + 1 : verb.i]:
            if art.in_quote(t):
                break
            ent_start = t.ent_iob_ == "B" and t.ent_type_ == "PERSON"
            if ent_start and t.i > 0 and doc[t.i - 1].text == ",":
                end = t.i
                while end + 1 < verb.i and doc[end + 1].ent_iob_ == "I":
                    end += 1
                return doc[end]  # "The editor I worked for, Lena Sauer, said"
    wrong = subject.ent_type_ in ("DATE", "TIME") or subject.lower_ in WEEKDAYS
    dateline = art.dateline_end(subject)
    if not wrong and dateline is None:
        return subject
    lo = art.sent(verb).start
    if dateline is not None:
        after_dateline = art.doc.char_span(dateline, dateline + 1, alignment_mode="expand")
        lo = max(lo, after_dateline.start) if after_dateline is not None else lo
    region = (
        range(lo, verb.i)
        if subject.i < verb.i or dateline is not None
        else range(verb.i + 1, min(art.sent(verb).end, verb.i + 8))
    )
    names = [
        art.doc[i]
        for i in region
        if not art.in_quote(art.doc[i])
        and art.doc[i].ent_type_ not in ("DATE", "TIME")
        and (art.doc[i].ent_type_ in ("PERSON", "ORG") or art.doc[i].pos_ == "PROPN")
    ]
    if not names:
        return None if wrong else subject
    # "Sunday at the Maine Labor convention Sen. Ann Lee said": a person's name before a place's
    first = next((t for t in names if t.ent_type_ == "PERSON"), names[0])
    run = first
    while (
        run.i + 1 < len(art.doc)
        and (art.doc[run.i + 1].pos_ == "PROPN" or art.doc[run.i + 1].ent_iob_ == "I")
        and art.doc[run.i + 1].ent_type_ not in ("DATE", "TIME")
    ):
        run = art.doc[run.i + 1]
    return run


def _final_attribution(art: ArticleContext, words: list[Token]) -> Token | None:
    """ "…” pays the price, Lee said." — a closing ", X said" that
    attributes the whole sentence the quote sits in."""
    for i, tok in enumerate(words):
        if _is_strong(tok) and _tight(art, tok):
            rest = words[i + 1 :]
            before = art.doc[tok.i - 1] if tok.i > 0 else None
            if (
                before is not None
                and before.text == ","
                and rest
                and (rest[0].pos_ == "PROPN" or rest[0].ent_type_ == "PERSON")
            ):
                return tok  # "…, said Jan Brouwer, founder of the party."
            if len(rest) > 6 or any(t.pos_ in ("VERB", "AUX") for t in rest):
                return None
            j = tok.i - 1
            while j >= 0 and tok.i - j <= 8 and art.doc[j].text != ",":
                if (art.doc[j].pos_ in ("VERB", "AUX") and not mistagged_name(art.doc[j])) or art.in_quote(art.doc[j]):
                    return None
                j -= 1
            return tok if j >= 0 and art.doc[j].text == "," else None
    return None


def _has_particle(tok: Token, word: str) -> bool:
    return any(c.dep_ == "prt" and c.lower_ == word for c in tok.children)


def _has_object(tok: Token, word: str) -> bool:
    return any(c.dep_ == "dobj" and c.lower_ == word for c in tok.children)


def _next_is_quote(art: ArticleContext, tok: Token) -> bool:
    nxt = _next_word(art, tok)
    return nxt is not None and art.in_quote(nxt)


def _next_word(art: ArticleContext, tok: Token) -> Token | None:
    """The first token after ``tok`` that is not white space."""
    nxt = tok.i + 1
    while nxt < len(art.doc) and art.doc[nxt].is_space:
        nxt += 1
    return art.doc[nxt] if nxt < len(art.doc) else None


def _belongs_to(tok: Token, verb: Token) -> bool:
    """The token is part of what the verb governs (its subject, adverbs)."""
    if tok.is_punct or tok == verb:
        return True
    return any(anc == verb for anc in tok.ancestors)


def _quote_tops(art: ArticleContext, n: int) -> list[Token]:
    """The tokens of quote ``n`` whose heads lie outside it."""
    tops = []
    for span in art.groups[n]:
        for t in tokens_in(art.doc, span.outer[0], span.outer[1]):
            if art.token_group[t.head.i] != n or t.head == t:
                tops.append(t)
    return tops


def _outermost(art: ArticleContext, verb: Token) -> Token:
    """Climb from a cue to the speech verb whose reported content it is: in
    "Trump said that Clinton called it “a mess”" the attribution is
    Trump's. Only content clauses are climbed; "…, Isik stating “…”" and
    "he said, adding that “…”" keep their own cue."""
    best = verb
    node = _reporting_infinitive(art, verb) or verb
    if node is not verb:
        best = node
    while node.head != node and not art.in_quote(node.head) and art.same_sent(node.head, verb):
        if node.dep_ not in ("ccomp", "xcomp", "pcomp", "pobj", "prep"):
            break
        if node.dep_ == "pcomp" and node.tag_ == "VBG" and node is best and node.head.lower_ in _ADVERBIAL_PREPOSITIONS:
            break  # "said … before adding that “…”", "responded by saying “…”": the participle's own words
        node = node.head
        if _asked(node):
            break  # "When asked why, Lee replied: “…”": the asker is not the speaker
        if _is_strong(node) and not _own_object(art, node):
            best = node
    return best


def _reporting_infinitive(art: ArticleContext, verb: Token) -> Token | None:
    """A cue in the infinitive that tells what a noun is for ("asks for an
    investigation to determine whether “…”", "the chief's decision to label it
    “…”", "a chance to talk about “…”") reports no words of its own:
    the speech verb above it in its sentence does."""
    if verb.dep_ != "acl" or verb.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    for node in verb.ancestors:
        if art.in_quote(node) or not art.same_sent(node, verb):
            return None
        if _is_strong(node) and node.tag_ != "VB" and not _asked(node):
            return node
    return None


#: prepositions that set a participle's words beside the verb they hang
#: on, not inside what it reports: "said … before adding", "by saying"
_ADVERBIAL_PREPOSITIONS = {"before", "after", "while", "by", "upon", "without", "since", "when"}


def _asked(verb: Token) -> bool:
    """A speech verb in the passive, whose subject is the one spoken to:
    "when asked", "was told", "Pressed on it,"."""
    return verb.tag_ == "VBN" and (
        any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        or not any(c.dep_ in SUBJECT_DEPS or c.dep_ == "aux" for c in verb.children)
    )


def _asked_frames(art: ArticleContext, quote: QuoteContext) -> list[Frame]:
    """ "Asked whether Lee “is fit to lead,” 58 percent said
    no", "When asked to confirm his role in the “eyes only” threads, …": a
    quote inside what a passive "asked" set off before the answer asks is
    the question, put by someone unnamed, not the answer's words."""
    for top in _quote_tops(art, quote.n):
        for node in top.ancestors:
            if art.in_quote(node):
                continue
            if not art.same_sent(node, top):
                break
            if speech_lemma(node) == "ask" and node.dep_ == "advcl" and _asked(node) and node.i < node.head.i:
                return [Frame("asked", verb=node, cue=_cue_text(node))]
    return []


def _own_object(art: ArticleContext, verb: Token) -> bool:
    """A cue with an object of its own that is no listener ("the club
    charged a $90,000 fee"): what it reports is that object, not a quote."""
    if speech_lemma(verb) in ADDRESSEE_VERBS:
        return False
    return any(
        c.dep_ == "dobj" and c.i > verb.i and c.pos_ in ("NOUN", "PROPN") and not art.in_quote(c) for c in verb.children
    )


def _before_frames(art: ArticleContext, quote: QuoteContext) -> list[Frame]:
    """Attributions right before the quote: "X said:", "X said that",
    "X stating", "Erdogan: “…”", "Ann Lee -- “…”"."""
    tokens = [t for t in quote.before if not art.in_quote(t)]
    if not tokens:
        return []
    words = [t for t in tokens if not t.is_punct]
    region = (tokens[0].idx, last_char(tokens))
    # "Pollsters agree - Ann Lee: “…”": a round-up's line, then whose words follow; its verbs are the line's
    dash = next((t for t in reversed(tokens[:-1]) if _DASH_LEAD.match(t.text)), None)
    lead = [t for t in words if t.i > dash.i] if dash is not None and tokens[-1].text == ":" else words[-6:]
    if (
        tokens[-1].text in (":", "):", "--", "\u2014", "\u2013")
        and lead
        and not any(t.pos_ in ("VERB", "AUX") for t in lead)
    ):
        name = trailing_name(_before_bracket(tokens, words))
        if name is not None and name.root.ent_type_ in ("DATE", "TIME"):
            # "Gov. Tom Reyes, in a tweet on Sunday:": the name before the aside
            lead = leading_name(words)
            following = lead.doc[lead.end] if lead is not None and lead.end < len(lead.doc) else None
            name = lead if following is not None and following.text == "," else None
        # "TURNOUT DOWN IN IOWA - Ann Lee: “…”": a round-up's headline, then whose words follow
        signed = name is not None and name.start > 0 and _DASH_LEAD.match(name.doc[name.start - 1].text)
        if name is not None and (len(words) <= 8 or tokens[-1].text != ":" or signed):
            return [Frame("headline", speaker_tokens=name, region=region)]
    opening = words[0] if words else None
    if (
        opening is not None
        and opening == tokens[0]
        and tokens[-1].text in (":", ",")
        and 2 <= len(words) <= 12
        and opening.tag_ in ("VBD", "VBZ", "NNP")
        and speech_lemma(opening) in SPEECH_VERBS
        and (words[1].pos_ in ("PROPN", "DET", "PRON") or words[1].ent_type_ == "PERSON")
        and not any(speech_lemma(w) for w in words[1:])  # "Asked about it, Lee said:": Lee's cue
    ):  # "Said Ellis: “…”", "Added the senator, “…”": the cue opens the sentence, the speaker follows
        return [_verb_frame(art, quote, opening, "before", region, gap=words[1:])]
    tops = _quote_tops(art, quote.n)
    found = _before_verb(tokens, tops)
    if found is not None:
        verb, how = found
        outer = _governing_over(art, tokens, verb, [t for t in tops if not t.is_punct])
        if outer is not None:
            verb, how = outer, "before"
        elif how != "before-colon":
            verb = _outermost(art, verb)
        return [_verb_frame(art, quote, verb, "before" if how == "before-colon" else how, region)]
    dash = tokens[-1].text in ("--", "\u2014") and len(words) >= 3
    if tokens[-1].text == ":" or dash:
        subject = _clause_subject(art, quote, tokens[:-1])
        if (
            dash
            and subject is not None
            and not (subject.ent_type_ == "PERSON" or (subject.pos_ == "PROPN" and not subject.ent_type_))
        ):
            subject = None  # "Lee also embraced the plan -- “…”": only a person's lead-in
        if subject is not None:
            cue = _lead_in_cue(tokens[:-1], subject) if tokens[-1].text == ":" else _issued_cue_in(tokens)
            return [Frame("colon", subject=subject, region=region, cue=cue)]
    return []


def _lead_in_cue(tokens: list[Token], subject: Token) -> str | None:
    """The cue of a clause without a speech verb that leads into a quote
    with a colon: the speech noun put out ("made the following comment:"),
    else the speaker's own last verb before the colon ("Lee leaned in and
    boomed:", "he demurred:"), the way the clause introduces the words."""
    issued = _issued_cue_in(tokens)
    if issued is not None:
        return issued
    node = subject
    while node.dep_ == "appos" and node.head != node:
        node = node.head  # "One supporter, Rep. Ann Lee, gave it a whirl:"
    if node.dep_ not in SUBJECT_DEPS:
        return None
    verb = node.head
    while True:  # "raised his hand and boomed": the last verb the speaker is the subject of
        nxt = next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"), None)
        if nxt is None:
            break
        verb = nxt
    inside = {t.i for t in tokens}
    if (
        verb.i not in inside
        or verb.pos_ != "VERB"
        or verb.lemma_.lower() in ("be", "have")
        or any(t.pos_ in ("VERB", "AUX") and t.i > verb.i and t.dep_ not in ("aux", "auxpass") for t in tokens)
    ):
        return None
    return _cue_text(verb)


def _issued_cue_in(tokens: list[Token]) -> str | None:
    """ "Larkin made the following comment:": the speech noun and the verb
    that puts it out, as the cue of the quote after the colon."""
    for tok in reversed(tokens):
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in SPEECH_NOUNS:
            verb = _issuing_verb(tok)
            if verb is not None:
                return _issued_cue(verb, tok)
    return None


def _before_bracket(tokens: list[Token], words: list[Token]) -> list[Token]:
    """ "Rep. Ana Soto (D-Calif.):": the words before a bracket that closes
    a lead-in ending with a colon; the bracket says who the name is (party
    and state, a role)."""
    if tokens[-1].text == "):":
        closing = tokens[-1]
    elif len(tokens) >= 2 and tokens[-1].text == ":" and tokens[-2].text.endswith(")"):  # "(D-Calif.)" or "Calif.)"
        closing = tokens[-2]
    else:
        return words
    opening = next((t for t in reversed(tokens) if t.text == "("), None)
    if opening is None or closing.i - opening.i > 8:
        return words
    return [w for w in words if w.i < opening.i]


def _before_verb(tokens: list[Token], tops: list[Token]) -> tuple[Token, str] | None:
    """The speech verb nearest before the quote that introduces it, and how
    ("before", "before-context", or "before-colon" for "X said that …: “…”")."""
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        lemma = speech_lemma(tok)
        if not lemma:
            continue
        gap = [g for g in tokens[i + 1 :] if not g.is_punct]
        governs = any(_belongs_to(top, tok) for top in tops)
        if lemma in CONTEXT_VERBS:
            if len(gap) <= 1 and (governs or tokens[-1].text in (":", ",")):
                return tok, "before-context"
            continue
        if lemma in GOVERNING_VERBS:
            if governs and len(gap) <= 14:
                return tok, "before"
            continue
        if tokens[-1].text == ":" and (tok.head == tok or tok.head.i not in {t.i for t in tokens}) and len(gap) <= 40:
            return tok, "before-colon"  # "X said that …, it might be possible: “…”"
        if len(gap) > 24:
            return None
        introduces = all(
            _belongs_to(g, tok)
            or g.lower_ in ("that", "whether", "how", "as", "if")
            or (g.pos_ == "CCONJ" and len(gap) == 1)  # "“…,” he said, but “…”"
            for g in gap
        )
        if (governs and introduces) or (len(gap) <= 2 and introduces):
            return tok, "before"
    return None


def _governing_over(art: ArticleContext, tokens: list[Token], verb: Token, words: list[Token]) -> Token | None:
    """A speech verb further left whose content holds both the quote's
    words and the verb found nearest it, when that verb does not govern the
    quote itself: in "saying any candidate who grumbles about it “should …”" and
    "told a woman who suggested … that “…”" the cue is the outer verb, not
    the one in the relative clause."""
    if not words or any(_belongs_to(top, verb) for top in words):
        return None
    for tok in reversed([t for t in tokens if t.i < verb.i]):
        if verb.i - tok.i > 30:
            break
        if _is_strong(tok) and tok in verb.ancestors and any(_belongs_to(top, tok) for top in words):
            return _outermost(art, tok)
    return None


def _clause_subject(art: ArticleContext, quote: QuoteContext, tokens: list[Token]) -> Token | None:
    """The subject of the main verb of a clause, when it names someone:
    "Mayor Cole is unveiling a fresh message:"."""
    roots = [t for t in tokens if t.pos_ in ("VERB", "AUX") and (t.head == t or t.head not in tokens)]
    for root in roots:
        subject, _ = _subject(art, quote, root)
        if subject is not None and subject.pos_ == "NOUN":
            # "One early supporter, Rep. Ann Lee, gave it a whirl:": the name set off after the noun
            named = next((c for c in subject.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
            subject = named or subject
        if subject is not None and (
            subject.pos_ == "PROPN" or subject.lower_ in PERSONAL_PRONOUNS or subject.ent_type_ in ("PERSON", "ORG")
        ):
            return subject
    # "Calm was slow to return when Lee again went online with this:": the
    # person who is the subject of the clause that runs up to the colon
    for verb in reversed([t for t in tokens if t.pos_ == "VERB" and t not in roots]):
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and not art.in_quote(c)), None)
        if subject is not None:
            if subject.lower_ in ("he", "she") or (
                is_name_token(subject) and subject.ent_type_ in ("PERSON", "ORG", "")
            ):
                return subject
            break
    return None


def _parenthetical_frames(art: ArticleContext, quote: QuoteContext) -> list[Frame]:
    """ ", he said," or "as X put it," set off inside the quote's sentence."""
    first = tokens_in(art.doc, quote.group[0].outer[0], quote.group[0].outer[1])
    if not first:
        return []
    sent = art.sent(first[0])
    best: tuple[int, Frame] | None = None
    for tok in sent:
        if art.in_quote(tok) or not (_is_strong(tok) or (speech_lemma(tok) == "put" and _has_object(tok, "it"))):
            continue
        clause = _set_off_clause(art, tok)
        if clause is None:
            continue
        distance = min(abs(tok.i - first[0].i), abs(tok.i - first[-1].i))
        frame = _verb_frame(art, quote, tok, "parenthetical", (clause[0].idx, last_char(clause)))
        if frame.subject is None:
            continue
        if best is None or distance < best[0]:
            best = (distance, frame)
    return [best[1]] if best else []


def _set_off_clause(art: ArticleContext, verb: Token) -> list[Token] | None:
    """The tokens of ", he said," (or "As X put it,") around a verb, when
    commas or the sentence's edges set it off and it holds only a subject,
    the verb and adverbs."""
    doc = art.doc
    sent = art.sent(verb)
    left = verb.i - 1
    while left >= sent.start and doc[left].text not in (",", "\u2014", "--") and verb.i - left <= 8:
        t = doc[left]
        if art.in_quote(t) or (t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux",)) or t.lower_ in ("that",):
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
    inner = [t for t in doc[left + 1 : right] if not t.is_punct]
    if not any(t.pos_ in ("PROPN", "PRON", "NOUN") for t in inner if t != verb):
        return None
    if left < sent.start and (not inner or inner[0].lower_ != "as"):
        return None  # a sentence opening "X said, …" is not set off
    return list(doc[left + 1 : right]) or None


def _governing_frames(art: ArticleContext, quote: QuoteContext) -> list[Frame]:
    """The nearest speech verb (or speech noun) above the quote in the parse,
    then the outermost one whose content it is."""
    nearest: tuple[int, Token] | None = None
    noun: Token | None = None
    for top in _quote_tops(art, quote.n):
        node = top
        steps = 0
        while node.head != node and steps < 12:
            below, node = node, node.head
            steps += 1
            if art.in_quote(node):
                continue
            if not art.same_para(node, top):
                break
            lemma = speech_lemma(node)
            if lemma and (
                lemma not in CONTEXT_VERBS
                or steps == 1
                or (lemma == "go" and _has_particle(node, "on"))
                or (lemma in _FINDING_VERBS and below.dep_ == "ccomp")  # "The auditor concluded that she had been “…”"
            ):
                if nearest is None or steps < nearest[0]:
                    nearest = (steps, node)
                break
            if noun is None and node.pos_ == "NOUN" and node.lemma_.lower() in SPEECH_NOUNS:
                noun = node
            if noun is None and node.lemma_ == "be" and below.dep_ in ("ccomp", "attr"):
                noun = _speech_noun_subject(art, node)  # "Lee's claim is that the audit is a “smear job”"
    if nearest is not None:
        return [_verb_frame(art, quote, _outermost(art, nearest[1]), "governs", None)]
    if noun is not None:
        subject = next((c for c in noun.children if c.dep_ == "poss"), None)
        issuer = _issuing_verb(noun)
        cue = noun.text
        if subject is None and issuer is not None:
            subject, _ = _subject(art, quote, issuer)
            cue = _issued_cue(issuer, noun)
        return [Frame("governs", verb=noun, subject=subject, cue=cue)]
    return []


#: verbs that report a finding as a statement when a content clause follows
#: them ("The auditor concluded that …", "The study found that …")
_FINDING_VERBS = {"conclude", "find", "determine"}


def _speech_noun_subject(art: ArticleContext, verb: Token) -> Token | None:
    """The speech noun that is the subject of a copula ("Her answer was
    that “…”", "Lee's boldest claim is that …")."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or art.in_quote(subject) or subject.pos_ != "NOUN":
        return None
    return subject if subject.lemma_.lower() in SPEECH_NOUNS else None


def _issuing_verb(noun: Token) -> Token | None:
    """The verb by which someone puts out the words a speech noun names:
    "issued a statement", "made the following comment", "fired off a
    series of tweets"."""
    node = noun
    for _ in range(3):
        if node.dep_ == "dobj" and node.head.pos_ == "VERB":
            return node.head if node.head.lemma_.lower() in ISSUING_VERBS else None
        if node.dep_ != "pobj" and not (node.dep_ == "prep" and node.lower_ == "of"):
            return None
        node = node.head
    return None


def _issued_cue(verb: Token, noun: Token) -> str:
    """ "issued a statement", "made the following comment": the cue as written, short."""
    words = verb.doc[verb.i : noun.i + 1]
    return words.text if len(words) <= 6 else f"{verb.text} {noun.text}"


def _according_frame(art: ArticleContext, tokens: list[Token]) -> Frame | None:
    for i, tok in enumerate(tokens[:-1]):
        if tok.lower_ == "according" and tokens[i + 1].lower_ == "to" and not art.in_quote(tok):
            phrase = []
            for t in tokens[i + 2 :]:
                if art.in_quote(t) or t.text in (",", ".", ";", ":") or t.is_space:
                    break
                phrase.append(t)
            obj = _phrase_head(phrase)
            if obj is None:
                return None
            return Frame("according", subject=obj, cue="according to", verb=tok, region=(tok.idx, last_char(phrase)))
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


def _colon_frame(art: ArticleContext, quote: QuoteContext) -> Frame | None:
    """ "Caddell continued:" closing the paragraph (or sentence) before."""
    start = quote.group[0].outer[0]
    colon = art.last_token(max(0, start - 400), start, whole=True)
    if colon is None or colon.text != ":" or art.in_quote(colon):
        return None
    if art.para_of(colon.idx) < art.para_of(start) - 1:
        return None
    clause = [t for t in art.sent(colon) if t.i < colon.i and not art.in_quote(t)]
    for tok in reversed(clause):
        if speech_lemma(tok):
            return _verb_frame(art, quote, _outermost(art, tok), "colon", (clause[0].idx, colon.idx))
    name = trailing_name([t for t in clause if not t.is_punct])
    if name is not None and len(clause) <= 6:
        return Frame("headline", speaker_tokens=name)
    subject = _clause_subject(art, quote, clause)
    if subject is not None:
        return Frame("colon", subject=subject, region=(clause[0].idx, colon.idx), cue=_lead_in_cue(clause, subject))
    return None


def _previous_sentence_frame(art: ArticleContext, quote: QuoteContext) -> Frame | None:
    """A quote standing alone after "…, Schiff said." in its paragraph: the
    speaker of the sentence before, if that sentence holds no quote."""
    start = quote.group[0].outer[0]
    para = art.para_of(start)
    end = art.last_token(art.paragraphs[para][0], start)
    if end is None or end.text not in (".", "!", "?") or art.in_quote(end):
        return None
    sent = [t for t in art.sent(end) if t.idx < start]
    if any(art.in_quote(t) for t in sent):
        return None
    for tok in sent:
        if _is_strong(tok) and tok.dep_ in ("ROOT", "parataxis", "conj", "pcomp", "advcl", "ccomp"):
            frame = _verb_frame(art, quote, _outermost(art, tok), "previous", (sent[0].idx, last_char(sent)))
            if frame.subject is not None and not frame.inherit:
                return frame
    return None


def _previous_paragraph_frame(art: ArticleContext, quote: QuoteContext) -> Frame | None:
    """A paragraph that is only a quote, after a paragraph whose last
    sentence reports someone named ("Marsh praised the mayor's
    patience." then "“We want a leader who …”"): that person."""
    start = quote.group[0].outer[0]
    para = art.para_of(start)
    if para <= 0 or art.text[art.paragraphs[para][0] : start].strip():
        return None
    a, b = art.paragraphs[para - 1]
    end = art.last_token(a, b)
    if end is None or end.text not in (".", "!", "?", ":"):
        return None
    sent = art.sent(end)
    if any(art.in_quote(t) for t in sent):
        return None
    for tok in sent:
        if _is_strong(tok) and not art.in_quote(tok):
            frame = _verb_frame(art, quote, _outermost(art, tok), "previous", (sent.start_char, b))
            subject = frame.subject
            if (
                subject is not None
                and not frame.inherit
                and (subject.pos_ == "PROPN" or subject.ent_type_ == "PERSON" or subject.lower_ in ("he", "she"))
            ):
                frame.how = "previous-paragraph"
                return frame
    return None


def _subject_frames(art: ArticleContext, quote: QuoteContext) -> list[Frame]:
    """Last resort for a quote inside a sentence without a cue: the subject
    of the clause it sits in ("Lee admires Ortiz as a “steady hand”"),
    when that subject is a name or a pronoun; that verb is the cue."""
    if not [t for t in quote.before if not t.is_punct and not art.in_quote(t)]:
        return []
    for top in _quote_tops(art, quote.n):
        node = top
        for _ in range(8):
            if node.head == node:
                break
            node = node.head
            if art.in_quote(node) or not art.same_para(node, top):
                continue
            if node.pos_ in ("VERB", "AUX"):
                subject, _ = _subject(art, quote, node)
                subject = _better_subject(art, subject, node)
                if subject is not None and (subject.pos_ == "PROPN" or subject.lower_ in PERSONAL_PRONOUNS):
                    verb = speech_verb_before(art, quote.group)
                    if verb is None and node.lemma_ == "be":  # a copula reports nothing: "Lee said. It is “…”"
                        verb = reporting_verb_before(art, quote.group)
                    cue = _cue_text(verb) if verb is not None else node.text
                    return [Frame("subject", verb=None, subject=subject, cue=cue)]
                if subject is not None:
                    return []
    return []


def speech_verb_before(art: ArticleContext, group: list[Span]) -> Token | None:
    """The speech verb nearest before a quote in its sentence, for a quote
    no reading attributes to a cue of its own: in "Trump told the Herald he
    was “not there yet”" (a parse that hangs "told" under "was") and "Kerr,
    who has long described Lee as “a menace”", the report is *told* and
    *described*, not the clause verb the quote sits in."""
    first = art.token_at(group[0].outer[0])
    if first is None:
        return None
    sent = art.sent(first)
    for tok in reversed(art.doc[sent.start : first.i]):
        if not art.in_quote(tok) and tok.pos_ == "VERB" and speech_lemma(tok) in SPEECH_VERBS:
            return tok
    return None


def lead_in_word(art: ArticleContext, n: int) -> Token | None:
    """The head of the clause that leads into a quote no reading
    attributes with a colon right before it: "Clause 9 affirms: “…”", "a
    new voice greeted the news online: “…”" are *affirms* and *greeted*,
    the way that clause introduces the words."""
    start = art.groups[n][0].outer[0]
    colon = art.last_token(max(0, start - 3), start, whole=True)
    if colon is None or colon.text != ":" or art.in_quote(colon):
        return None
    head = colon.head
    if art.in_quote(head) or head.i > colon.i or not (head.pos_ == "VERB" or head.dep_ == "ROOT"):
        return None
    return head


def reporting_verb_before(art: ArticleContext, group: list[Span]) -> Token | None:
    """The reporting verb of the sentence before a quote's, in its
    paragraph, for a quote whose own sentence has no cue: in "This makes
    the harbour hard to dredge, Lee said. Only a storm shifts the silt,
    and then “only for a week.”" the quote goes on with Lee's report.
    The verb nearest the root that has a subject of its own ("said",
    not a participle hanging on it)."""
    first = art.token_at(group[0].outer[0])
    if first is None:
        return None
    sent = art.sent(first)
    if sent.start == 0:
        return None
    before = art.sent(art.doc[sent.start - 1])
    if art.para_of(before.start_char) != art.para_of(first.idx):
        return None
    verbs = [
        t
        for t in before
        if not art.in_quote(t)
        and t.pos_ == "VERB"
        and speech_lemma(t) in SPEECH_VERBS
        and any(c.dep_ == "nsubj" and c.pos_ in ("PROPN", "PRON", "NOUN") for c in t.children)
    ]
    return min(verbs, key=lambda t: len(list(t.ancestors)), default=None)


def object_of_verb(art: ArticleContext, n: int) -> Token | None:
    """The verb before quote ``n`` whose object it is, directly or through a
    preposition: "The new ad targets the “…”", "Her profile lists him as
    “…”". A quote no reading attributes to anyone is still introduced by
    that verb."""
    start = art.groups[n][0].outer[0]
    for top in _quote_tops(art, n):
        head = top.head
        if top.dep_ == "pobj" and head.dep_ == "prep" and not art.in_quote(head):
            head = head.head
        elif top.dep_ not in ("dobj", "attr", "oprd"):
            continue
        if head.pos_ == "VERB" and not art.in_quote(head) and head.idx < start and art.same_sent(head, top):
            return head
    return None


def _possessive_frames(art: ArticleContext, quote: QuoteContext) -> list[Frame]:
    """A quote right after a person's possessive, with no cue of its own:
    "wary of Lee's “flour crunch”", "Ortiz's “bridge to nowhere”
    remark" are that person's words."""
    words = [t for t in quote.before if not t.is_space]
    if len(words) < 2 or words[-1].lower_ not in ("'s", "\u2019s", "'", "\u2019") or words[-1].dep_ != "case":
        return []
    owner = words[-1].head
    if owner.i != words[-2].i or art.in_quote(owner):
        return []
    name = name_tokens(owner)
    if name is None or not (ent_label(name) == "PERSON" or art.known_person(name)):
        return []
    return [Frame("possessive", speaker_tokens=name, region=(name.start_char, last_char(words)))]


def _nearby_frames(art: ArticleContext, quote: QuoteContext) -> list[Frame]:
    """A quote standing alone with no attribution of its own, nor a quote
    just before it to continue: the person last the subject in its
    paragraph or the three before ("For his part, Pike said he found
    work." then "“It feels steady.”"), as news writes a quote paragraph
    after the sentence that introduces its speaker."""
    if [t for t in quote.before if not t.is_punct and not art.in_quote(t)]:
        return []
    start = quote.group[0].outer[0]
    para = art.para_of(start)
    if para < 0:
        return []
    floor = art.paragraphs[max(0, para - 3)][0]
    first = art.token_at(start)
    if first is None:
        return []
    found = art.people.earlier(first.i, floor=floor)
    if found is None:
        return []
    subject = art.doc[found.at]
    return [Frame("nearby", subject=subject, cue=_introducing_cue(art, subject))]


#: verbs that introduce a speaker whose quote follows in the next paragraph
#: ("Lee spoke to the crowd for an hour." then "“…”", "Lee continued his
#: remarks.", "Lee recalled how …"), though never a cue beside a quote of
#: their own
_SPEAKING_VERBS = {"speak", "talk", "continue", "recall", "conclude", "muse", "wonder"}
#: the speech and governing verbs, which introduce a quote paragraph's speaker too
_INTRODUCING_VERBS = SPEECH_VERBS | GOVERNING_VERBS


def _introducing_cue(art: ArticleContext, subject: Token) -> str | None:
    """The speech verb of the sentence that introduced the speaker of a
    quote standing alone ("Ames noted the risks." then "“…”" was *noted*):
    the verb the speaker is the subject of, when it reports speech."""
    verb = subject.head
    if (
        subject.dep_ in SUBJECT_DEPS
        and not art.in_quote(verb)
        and (
            speech_lemma(verb) in _INTRODUCING_VERBS  # "Lee praised the plan." then "“…”"
            or verb.lemma_.lower() in _SPEAKING_VERBS
        )
    ):
        return _cue_text(verb)
    return None


def continues_previous(art: ArticleContext, previous: Previous, group: list[Span]) -> bool:
    """A quote that stands alone right after the previous quote: the same
    speaker's words go on ("…," X said Monday. "…")."""
    prev_quote, prev_frame, prev_group = previous.quote, previous.frame, previous.group
    prev_para = art.para_of(prev_group[-1].outer[1] - 1)
    para = art.para_of(group[0].outer[0])
    if para - prev_para > 1 or para < 0:
        return False
    if para != prev_para:
        return not art.text[art.paragraphs[para][0] : group[0].outer[0]].strip()
    between = art.text[prev_group[-1].outer[1] : group[0].outer[0]]
    if not between.strip():
        return True
    ends = list(re.finditer(r"[.!?]['\u2019\"\u201d)]*(?:\s|$)", between))
    if not ends:
        return False
    head, tail = between[: ends[-1].end()], between[ends[-1].end() :]
    if tail.strip():
        # "But “…”", "Now, “…”": a sentence opening with a word or two, no verb
        tail_tokens = [
            t for t in tokens_in(art.doc, group[0].outer[0] - len(tail), group[0].outer[0]) if not t.is_space
        ]
        lead_in = tail.rstrip().endswith(":") and not any(
            t.dep_ in SUBJECT_DEPS and (is_name_token(t) or t.lower_ in SUBJECT_PRONOUNS) for t in tail_tokens
        )  # "And then came the real surprise: “…”": no one else introduced
        if not lead_in and (len(WORD.findall(tail)) > 6 or any(t.pos_ in ("VERB", "AUX") for t in tail_tokens)):
            return False
    if len(WORD.findall(head)) <= 12:
        return True
    # a long attribution of the quote before, ending its sentence
    return (
        prev_frame is not None
        and prev_frame.how not in ("subject", "governs")
        and prev_quote.speaker_mention is not None
    )


def _verb_frame(
    art: ArticleContext,
    quote: QuoteContext,
    verb: Token,
    how: str,
    region: tuple[int, int] | None,
    gap: list[Token] | None = None,
) -> Frame:
    subject, inherit = _subject(art, quote, verb)
    if subject is not None and _participle(verb) and _no_one(subject):
        subject = _person_before(art, verb) or subject
    named = gap_subject(gap) if gap else None
    previous = verb.doc[verb.i - 1] if verb.i > 0 else None
    inverted = previous is not None and (previous.is_punct or art.in_quote(previous))
    if named is None and inverted and how in ("after", "between") and speech_lemma(verb) not in ADDRESSEE_VERBS:
        # inversion: "…,” said Air Force Lt. Tyler Reed, a pilot
        following = []
        doc = verb.doc
        for t in doc[verb.i + 1 : min(len(doc), verb.i + 12)]:
            joins = t.text == "-" and not t.whitespace_ and t.i > 0 and not doc[t.i - 1].whitespace_  # "co-host"
            if (t.is_punct and not abbreviation_dot(t) and t.tag_ != "HYPH" and not joins) or art.in_quote(t):
                if (
                    t.text == ","
                    and t.i + 1 < len(doc)
                    and doc[t.i + 1].ent_iob_ == "B"
                    and doc[t.i + 1].ent_type_ == "PERSON"
                ):
                    following += [t, doc[t.i + 1]]  # "said another user, Jo Bayer": the name set off after
                break
            following.append(t)
        if following and (
            following[0].pos_ in ("PROPN", "PRON", "DET")
            or following[0].ent_type_ == "PERSON"
            or mistagged_name(following[0])
        ):
            named = gap_subject(following)
    if named is not None and (
        subject is None
        or inherit
        or subject.i not in {t.i for t in gap or []}
        or (is_name_token(named) and not is_name_token(subject) and subject.pos_ != "PRON")
    ):
        subject, inherit = named, False
    cue = _cue_text(verb)
    lemma = speech_lemma(verb)
    if lemma == "say" and verb.head.lower_ == "as" and speech_lemma(verb.head.head) == "quote":
        quoting = verb.head.head  # X quoted Y as saying
        obj = next((c for c in quoting.children if c.dep_ in ("dobj", "nsubjpass")), None)
        subject, inherit = (obj, False) if obj is not None else (subject, inherit)
        cue = _quoted_as(verb) or quoting.text
    elif lemma == "quote":
        cue = _quoted_as(verb) or cue
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None:
            subject, inherit = obj, False
    if subject is None and not inherit:
        subject = _positional_subject(art, verb)
    elif subject is not None and not inherit and subject.pos_ == "NOUN" and subject.i < verb.i:
        before_asides = _name_before_asides(art, verb)
        if before_asides is not None and before_asides.i < subject.i:
            subject = before_asides  # "when Lee, who had lost the leadership race, called for": not the race
    subject = _better_subject(art, subject, verb)
    return Frame(how, verb=verb, subject=subject, cue=cue, region=region, inherit=inherit)


def _quoted_as(verb: Token) -> str | None:
    """ "Lee is quoted as saying “…”": the passive and the participle it
    takes are one cue, as written, when they stand together."""
    quoting = verb if speech_lemma(verb) == "quote" else verb.head.head
    doc = verb.doc
    if quoting.i + 2 >= len(doc) or speech_lemma(quoting) != "quote":
        return None
    as_, saying = doc[quoting.i + 1], doc[quoting.i + 2]
    if as_.lower_ != "as" or saying.tag_ != "VBG" or speech_lemma(saying) not in SPEECH_VERBS:
        return None
    return doc[quoting.i : saying.i + 1].text


def _subject(art: ArticleContext, quote: QuoteContext, verb: Token) -> tuple[Token | None, bool]:
    """The subject of a cue, climbing from "adding"/"saying" to the verb they
    hang on. (None, True) when that verb is inside the previous quote: the
    speaker goes on from it."""
    if verb.tag_ == "VBG" and verb.i > 0 and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        left = art.doc[verb.i - 1]
        if left.ent_type_ == "PERSON" and not art.in_quote(left):
            return left, False
    node = verb
    participle = verb.tag_ == "VBG" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    for _ in range(5):
        if (
            participle
            and node != verb
            and node.dep_ == "ccomp"
            and speech_lemma(node.head)
            and not art.in_quote(node.head)
            and art.same_para(node.head, verb)
        ):
            node = node.head  # "X said the bill was dead, calling it …": X, not the bill
            continue
        agent = _asking_agent(node)
        if agent is not None:
            return agent, False
        for child in node.children:
            if child.dep_ in ("aux", "advmod") and child.i == node.i - 1 and mistagged_name(child):
                return child, False  # "Will urged", "Early described": a surname read as a modal or an adverb
            if child.dep_ in SUBJECT_DEPS and not art.in_quote(child):
                if child.pos_ == "ADP" and not mistagged_name(child):
                    continue  # "Of Lee, Ortiz, who …, said": the parser made the preposition the subject
                if child.tag_ in ("WP", "WDT") and node.dep_ == "relcl":
                    return node.head, False
                if child.ent_type_ != "PERSON":
                    # two subjects where the parser split one phrase: "co-host Mia Brandt said" ("co", "Brandt"),
                    # "at a fair in Dayton, Ohio, after the vote, Gov. Tom Reyes said" ("Ohio", "Reyes")
                    person = next(
                        (
                            c
                            for c in node.children
                            if c.dep_ in SUBJECT_DEPS
                            and child.i < c.i < node.i
                            and c.ent_type_ == "PERSON"
                            and not art.in_quote(c)
                        ),
                        None,
                    )
                    if person is not None:
                        return person, False
                return child, False
        for child in node.children:
            if child.dep_ == "agent":
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return obj, False
        if node.dep_ == "relcl":
            return node.head, False
        if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN", "PRON"):
            issuer = _issuing_verb(node.head) if node.head.lemma_.lower() in SPEECH_NOUNS else None
            if issuer is not None and not art.in_quote(issuer):
                node = issuer  # "X issued a statement saying …": X's words, not the statement's
                continue
            return node.head, False
        if participle and node.dep_ == "prep" and node.head.pos_ in ("VERB", "AUX") and not art.in_quote(node.head):
            node = node.head  # "before claiming", "in explaining why": the verb the preposition hangs on
            continue
        if node.dep_ in ("conj", "advcl", "xcomp", "pcomp", "dep", "parataxis", "ccomp") and node.head != node:
            if art.in_quote(node.head):
                if art.token_group[node.head.i] == quote.n:
                    break  # the parser hung the attribution on the quote itself
                return None, node.tag_ == "VBG" or node.dep_ in ("advcl", "conj")
            if not art.same_para(node.head, verb):
                break
            node = _reporter(art, node) if node.dep_ == "conj" and speech_lemma(node) in SPEECH_VERBS else node.head
            continue
        break
    if verb.tag_ == "VBG" or verb.dep_ in ("advcl", "pcomp", "xcomp"):
        return _clause_subject_before(art, verb), False
    return None, False


def _participle(verb: Token) -> bool:
    """ "…, saying", "…, explaining that": a participle without a subject of its own."""
    return verb.tag_ == "VBG" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def _no_one(subject: Token) -> bool:
    """A subject that cannot speak: "it", a place or a date, a common noun
    that is neither a role nor a body ("the idea that a reshuffle is
    near, explaining …")."""
    if subject.lower_ in ("it", "this", "that", "there", "which"):
        return True
    if speech_lemma(subject.head) in SPEECH_VERBS:
        return False  # "…, Nefzi said, adding": whoever speaks is someone, whatever the tagger says
    if subject.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME", "EVENT", "LAW", "MONEY", "PERCENT"):
        return True
    return (
        subject.pos_ == "NOUN"
        and not subject.ent_type_
        and subject.lemma_.lower() not in ROLE_WORDS
        and subject.lemma_.lower() not in BODY_NOUNS
    )


def _person_before(art: ArticleContext, verb: Token) -> Token | None:
    """The nearest person before a participle in its sentence who is the
    subject of a verb there: who "saying" or "explaining" speaks for when
    the parse hangs it on a clause about something else ("as Lee echoed
    the attack, saying …", "Lee rejected the idea that a reshuffle was
    near, explaining …")."""
    doc = art.doc
    for i in range(verb.i - 1, max(art.sent(verb).start, verb.i - 40) - 1, -1):
        tok = doc[i]
        if art.in_quote(tok) or tok.dep_ not in SUBJECT_DEPS or tok.head.i >= verb.i:
            continue
        if tok.lower_ in ("he", "she") or (is_name_token(tok) and tok.ent_type_ in ("PERSON", "")):
            return tok
    return None


def _asking_agent(verb: Token) -> Token | None:
    """ "Lee was asked by the host, “…?”", "Lee was told by her doctor that
    “…”": with a passive verb of speaking to someone, who speaks is its
    agent, not its subject, the listener ("was quoted by X as saying" is
    the subject's words)."""
    lemma = speech_lemma(verb)
    if lemma not in ADDRESSEE_VERBS or lemma == "quote":
        return None
    if not any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None


def _reporter(art: ArticleContext, verb: Token) -> Token:
    """Where a speech verb joined by "and" to what someone reported takes
    its subject from: the verb that reported it. "X tweeted that Y was “…”
    and urged Z to …" and "X accused Y of being “…” and urged Z to …": X
    urged, not Y. Else the verb it is joined to."""
    node = verb.head
    for _ in range(5):
        if node.dep_ not in ("ccomp", "advcl", "pcomp", "pobj", "prep", "xcomp", "dobj") or node.head == node:
            break
        node = node.head
        if art.in_quote(node) or not art.same_sent(node, verb):
            break
        if speech_lemma(node) in SPEECH_VERBS:
            return node
    return verb.head


def _clause_subject_before(art: ArticleContext, verb: Token) -> Token | None:
    """The subject of the clause a participle follows: "Kessler announced the tour
    on Monday, writing “…”", "Lee dodged questions before saying".
    The subject of what someone reported is passed over ("Harlan argued
    that a registry would help, saying …" is Harlan's); a participle that
    opens a sentence ("Adding, “…”") continues the sentence before."""
    doc = art.doc
    sent = art.sent(verb)
    lo = max(sent.start, verb.i - 40)
    if all(t.is_punct or t.is_space for t in doc[sent.start : verb.i]) and sent.start > 0:
        before = art.sent(doc[sent.start - 1])
        if art.same_para(before[0], verb):
            lo = max(before.start, verb.i - 40)
    reported = None
    for i in range(verb.i - 1, lo - 1, -1):
        tok = doc[i]
        if art.in_quote(tok) or tok.is_quote:
            continue  # "X said the deadlock has “protected jobs” before claiming …": X, past the quoted words
        if (
            tok.dep_ in SUBJECT_DEPS
            and tok.head.i < verb.i
            and (tok.pos_ in ("PROPN", "NOUN", "PRON") or mistagged_name(tok))
            and tok.tag_ not in ("WP", "WDT")
        ):
            if tok.head.dep_ == "ccomp" and speech_lemma(tok.head.head):
                reported = reported or tok
                continue
            return tok
    return reported


def _positional_subject(art: ArticleContext, verb: Token) -> Token | None:
    """Without a parsed subject: the name right after the verb (", said X")
    or right before it (", X said")."""
    doc = art.doc
    if verb.tag_ == "VBG":
        return None
    left = doc[verb.i - 1] if verb.i > 0 else None
    # "“…,” said Ann Lee, who …": an inverted attribution, the name is the speaker's
    inverted = left is None or left.is_quote or left.text in (",", "-", "--", "\u2014", "\u2013") or art.in_quote(left)
    reported = set() if inverted else {t.i for c in verb.rights if c.dep_ in ("ccomp", "xcomp") for t in c.subtree}
    for i in range(verb.i + 1, min(len(doc), verb.i + 4)):
        tok = doc[i]
        if art.in_quote(tok) or tok.is_punct or tok.lower_ in ("that", "to") or i in reported:
            break  # "said her rival Tom Brand was “…”": Brand is who it is about
        if tok.ent_type_ in ("DATE", "TIME") or tok.lower_ in WEEKDAYS:
            continue  # "said Tuesday"
        if tok.pos_ == "PROPN" or tok.ent_type_ in NAME_ENTS or tok.lower_ in SUBJECT_PRONOUNS:
            j = i
            while (
                j + 1 < len(doc)
                and (doc[j + 1].pos_ == "PROPN" or doc[j + 1].ent_iob_ == "I")
                and not art.in_quote(doc[j + 1])
            ):
                j += 1
            return doc[j]
    depth = 0
    last = verb.i - 1
    if last >= 1 and doc[last].text == "," and doc[last - 1].text == ")":
        last -= 1  # "Gov. Tom Reyes (R-Ohio), said": the comma closes the bracket after the name
    for i in range(last, max(-1, verb.i - 12), -1):
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
    named = _name_before_asides(art, verb)
    if named is not None:
        return named
    # "Asked …, Kalnins, who has …, said": the parser hung the name elsewhere;
    # the name whose relative clause or apposition ends at the verb's comma
    if verb.i >= 2 and doc[verb.i - 1].text == ",":
        for i in range(verb.i - 2, max(art.sent(verb).start - 1, verb.i - 40), -1):
            tok = doc[i]
            if art.in_quote(tok):
                break
            if (
                is_name_token(tok)
                and tok.ent_type_ in ("", "PERSON")
                and any(
                    c.dep_ in ("relcl", "appos") and c.i > tok.i and c.right_edge.i == verb.i - 2 for c in tok.children
                )
            ):
                return tok
    # "Grant, visibly tired, finally responded": the subject of an aside on the verb
    for i in range(verb.i - 1, max(art.sent(verb).start - 1, verb.i - 10), -1):
        tok = doc[i]
        if art.in_quote(tok) or tok.text in (".", ";", ":"):
            break
        if (
            tok.dep_ in SUBJECT_DEPS
            and tok.pos_ in ("PROPN", "NOUN")
            and tok.head.head == verb
            and tok.head.dep_ in ("parataxis", "advcl")
        ):
            return tok
    return None


def _name_before_asides(art: ArticleContext, verb: Token) -> Token | None:
    """ "Okafor, meanwhile, who has no endorsements, said": the parser
    hung the asides wrong; the name the sentence opens with, set off from
    the verb by commas only (at most three asides), is its subject. So is
    a name after a subordinator ("when Mr. Lee, who had lost, called
    for", "after Lee, asked about it, had said") and a name set off
    right before the verb after the role it names ("her adviser, Jo
    Lee, said")."""
    doc = art.doc
    start = art.sent(verb).start
    if doc[start].text == "," and start > 0:  # a sentence cut before its comma: "Lee\n, in Ohio, said"
        start = art.sent(doc[start - 1]).start
    comma = verb.i - 1
    while comma > start and doc[comma].dep_ in ("aux", "neg") and verb.i - comma <= 2:
        comma -= 1  # "Lee, asked about it, had said"
    if comma < 2 or doc[comma].text != ",":
        return None
    end, asides = comma, 0
    for i in range(comma - 1, max(start - 1, verb.i - 40), -1):
        tok = doc[i]
        if art.in_quote(tok) or tok.text in (".", ";", ":"):
            return None
        if tok.text != "," and i > start:
            continue
        first = i if tok.text != "," else i + 1
        words = [t for t in doc[first:end] if not abbreviation_dot(t)]
        if words and (first == start or tok.text == ",") and _all_name(words):
            role = tok.text == "," and i > start and doc[i - 1].pos_ == "NOUN"  # "her adviser, Jo Lee, said"
            return words[-1] if first == start or asides or role else None
        opener = next((k for k in range(len(words) - 1, -1, -1) if words[k].lower_ in _NAME_OPENERS), None)
        if opener is not None and opener + 1 < len(words) and _all_name(words[opener + 1 :]):
            return words[-1]  # "when Mr. Lee, who had lost, called for"
        asides += 1
        if asides > 3 or tok.text != ",":
            return None
        end = i
    return None


#: words after which a clause's subject comes: "when Lee, …, said"
_NAME_OPENERS = SUBORDINATORS | {"as", "that"}


def _all_name(words: list[Token]) -> bool:
    """The words are one person's name, honorifics included ("Mr. Lee")."""
    return any(t.pos_ == "PROPN" or mistagged_name(t) for t in words) and all(
        (is_name_token(t) and t.ent_type_ in ("", "PERSON")) or t.tag_ == "HYPH" for t in words
    )


def _cue_text(verb: Token) -> str:
    words = [verb] + [c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1]
    return " ".join(t.text for t in words)


#: The ways of reading a quote's attribution, tried in order (see
#: :func:`_best_frame`): an interrupted quote's own cue with its subject
#: settles it; then the words right after the quote and right before it
#: (a reading scoring 9 or more settles it); then a cue between the pieces
#: without a subject; then the weaker readings of the sentence, the best
#: kept; then, with none, the previous quote's speaker going on, and last
#: the subject of the clause a partial quote sits in.
FINDERS: tuple[Finder, ...] = (
    Finder("asked", _asked_frames, SCORES["asked"]),
    Finder("between", _between_named, SCORES["between"]),
    Finder("after", _after_frames, SCORES["after"]),
    Finder("before", _before_frames, SCORES["before"]),
    Finder("signature", _signature_frames, SCORES["before"]),
    Finder("between-unnamed", _between_unnamed, SCORES["between"]),  # all found so far score below 9
    Finder("parenthetical", _parenthetical_frames, None),
    Finder("governs", _governing_frames, None),
    Finder("possessive", _possessive_frames, None),
    Finder("according", lambda art, quote: _listed(_according_frame(art, quote.before + quote.after)), None),
    Finder("lead-in", _lead_in_frames, 0),
    Finder("continues", _continues_frames, 0),
    Finder("subject", _subject_frames, 0),
    Finder("nearby", _nearby_frames, 0),
)
