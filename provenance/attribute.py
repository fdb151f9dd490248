"""Attribution: who said a quote, with which cue, to which medium.

Works on one parsed Doc at a time; the names it gives are the fullest form
the article uses ("Isik" -> "Fikri Isik"). Cross-article identity is the
job of :mod:`provenance.speakers`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span as SpacySpan, Token

from .records import Quote

if TYPE_CHECKING:
    from .extract import Span

SPEECH_LEMMAS = {
    "say", "tell", "add", "state", "stress", "confirm", "insist", "note", "explain",
    "write", "claim", "argue", "declare", "announce", "warn", "ask", "reply", "respond",
    "hope", "quote", "report", "continue", "emphasize", "emphasise", "acknowledge", "admit",
    "assert", "remark", "comment", "observe", "point", "predict", "promise", "vow", "urge",
    "call", "describe", "suggest", "testify", "tweet", "post", "recall", "complain", "deny",
    "concede", "caution", "insist", "contend", "maintain", "agree", "joke", "muse", "boast",
    "reiterate", "underline", "pledge", "threaten", "shout", "scream", "whisper", "mention",
}
PRONOUNS = {"he", "she", "they", "i", "we", "it", "him", "her", "them"}
MEDIA_WORDS = {
    "channel": "tv", "television": "tv", "tv": "tv", "broadcaster": "tv", "radio": "radio",
    "agency": "agency", "newspaper": "newspaper", "daily": "newspaper", "paper": "newspaper",
    "magazine": "magazine", "weekly": "magazine", "website": "website", "outlet": "website",
    "wire": "wire",
}
KNOWN_MEDIA = {
    "reuters": "wire", "ap": "wire", "associated press": "wire", "afp": "wire", "tass": "agency",
    "ria novosti": "agency", "interfax": "agency", "anadolu": "agency", "xinhua": "agency",
    "bbc": "tv", "cnn": "tv", "fox news": "tv", "msnbc": "tv", "nbc": "tv", "abc": "tv", "cbs": "tv",
    "ntv": "tv", "kommersant": "newspaper", "izvestiya": "newspaper", "izvestia": "newspaper",
    "politico": "website", "axios": "website", "daily sabah": "newspaper", "hurriyet": "newspaper",
}


def attribute_quotes(doc: Doc, spans: list["Span"]) -> list[Quote]:
    """Turn quote spans into attributed :class:`Quote` records."""
    text = doc.text
    people = _people(doc)
    quotes: list[Quote] = []
    last_credit: tuple[str, str | None, str, str | None] | None = None  # (speaker_mention, medium, kind, mention)
    for span in spans:
        qtext = " ".join(text[a:b].strip() for a, b in span.pieces).strip()
        if not qtext:
            continue
        verb, subj = _find_cue(doc, span)
        words = [w for w in qtext.split() if any(c.isalnum() for c in w)]
        if len(words) < 4 and verb is None:
            continue  # scare quotes, names, titles
        if len(words) < 2 and verb is None:
            continue
        kind = "full" if qtext[:1].isupper() else "partial"
        quote = Quote(text=qtext, start=span.start, end=span.end, kind=kind, pieces=list(span.pieces))
        if verb is not None:
            quote.cue = _cue_text(verb)
            credit = _credited(verb)
            if credit:
                quote.credited, quote.credited_kind, quote.credited_mention = credit
        if subj is not None:
            mention = _mention_text(subj)
            quote.speaker_mention = mention
            name, kind_ = _resolve(doc, subj, people)
            quote.speaker = name
            quote.mention_kind = kind_
        if quote.credited is None and last_credit and quote.speaker and last_credit[0] == quote.speaker:
            quote.credited, quote.credited_kind = last_credit[1], last_credit[2]
        quotes.append(quote)
    _carry_credits(doc, quotes, people)
    return quotes


def _people(doc: Doc) -> list[SpacySpan]:
    return [e for e in doc.ents if e.label_ == "PERSON"]


def _inside(span: "Span", i: int) -> bool:
    return any(a <= i < b for a, b in span.pieces)


def _find_cue(doc: Doc, span: "Span") -> tuple[Token | None, Token | None]:
    """The speech verb outside the quote in its sentence, and its subject."""
    first = doc.char_span(span.start, span.end, alignment_mode="expand")
    if first is None or len(first) == 0:
        return None, None
    sents = {first[0].sent.start: first[0].sent, first[-1].sent.start: first[-1].sent}
    candidates: list[Token] = []
    for sent in sents.values():
        for tok in sent:
            if _inside(span, tok.idx) or tok.pos_ not in ("VERB", "AUX"):
                continue
            if tok.lemma_.lower() in SPEECH_LEMMAS:
                candidates.append(tok)
    # the sentence before ending with ':' introduces the quote
    if not candidates:
        prev = doc[first[0].sent.start - 1].sent if first[0].sent.start > 0 else None
        if prev is not None and prev.text.rstrip().endswith(":"):
            candidates = [t for t in prev if t.lemma_.lower() in SPEECH_LEMMAS]
    if not candidates:
        return None, None
    mid = (span.start + span.end) / 2
    verb = min(candidates, key=lambda t: abs(t.idx - mid))
    subj = _subject(verb)
    return verb, subj


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    if verb.lemma_ == "quote":
        for child in verb.children:
            if child.dep_ == "dobj":
                return child
    if verb.dep_ in ("conj", "advcl", "xcomp", "ccomp", "relcl") and verb.head is not verb:
        return _subject(verb.head)
    for child in verb.children:
        if child.dep_ == "agent":
            for g in child.children:
                return g
    return None


def _mention_text(tok: Token) -> str:
    left = tok.left_edge.i
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("appos", "relcl", "acl", "prep") and child.dep_ != "punct":
            right = max(right, child.right_edge.i)
    return tok.doc[left:right + 1].text.strip(" ,")


def _resolve(doc: Doc, subj: Token, people: list[SpacySpan]) -> tuple[str | None, str | None]:
    """A person's fullest name for the subject token, or None with its kind."""
    if subj.lower_ in PRONOUNS:
        before = [p for p in people if p.end <= subj.i]
        if before:
            return _fullest(before[-1].text, people), "pronoun"
        return None, "pronoun"
    for ent in doc.ents:
        if ent.start <= subj.i < ent.end and ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
            return _fullest(ent.text, people), "name" if ent.label_ == "PERSON" else "organisation"
    phrase = doc[subj.left_edge.i: subj.i + 1]
    for ent in phrase.ents:
        if ent.label_ == "PERSON":
            return _fullest(ent.text, people), "name"
    if subj.pos_ == "PROPN":
        return _fullest(doc[subj.left_edge.i:subj.i + 1].text, people), "name"
    # a title ("the Turkish defense minister"): the person named with it earlier
    lemma = subj.lemma_.lower()
    for ent in reversed([p for p in people if p.end <= subj.i]):
        window = doc[max(0, ent.start - 4):ent.start].text.lower()
        if lemma in window:
            return _fullest(ent.text, people), "title"
    return None, "description"


def _fullest(name: str, people: list[SpacySpan]) -> str:
    """The longest PERSON mention in the article ending with this surname."""
    last = name.split()[-1].lower() if name.split() else ""
    best = name
    for p in people:
        toks = p.text.split()
        if toks and toks[-1].lower() == last and len(p.text) > len(best):
            best = p.text
    return best.strip()


def _cue_text(verb: Token) -> str:
    return verb.text


def _credited(verb: Token) -> tuple[str, str, str] | None:
    """The medium a speech verb credits: 'told the NTV television channel',
    'Anadolu news agency quoted', 'X reported'."""
    cands: list[Token] = []
    if verb.lemma_ in ("tell", "say"):
        cands += [c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj")]
        cands += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children]
    if verb.lemma_ in ("quote", "report"):
        cands += [c for c in verb.children if c.dep_ in ("nsubj",)]
    for cand in cands:
        medium = _medium_name(cand)
        if medium:
            return medium
    return None


def _medium_name(tok: Token) -> tuple[str, str, str] | None:
    phrase = tok.doc[tok.left_edge.i: tok.right_edge.i + 1]
    words = [t for t in phrase if t.dep_ != "det"]
    mention = phrase.text
    kind = None
    for t in words:
        kind = kind or MEDIA_WORDS.get(t.lower_)
    names = [t.text for t in words if t.pos_ == "PROPN" and t.lower_ not in MEDIA_WORDS]
    name = " ".join(names).strip()
    lowered = name.lower()
    for known, k in KNOWN_MEDIA.items():
        if known == lowered or known in lowered.split():
            return name, k, mention
    if kind and name:
        return name, kind, mention
    if names and tok.ent_type_ == "ORG":
        return name, "outlet", mention
    return None


def _carry_credits(doc: Doc, quotes: list[Quote], people: list[SpacySpan]) -> None:
    """An official who 'told Kommersant' in one sentence and is quoted by 'he
    said' in the next: the next quote is credited to that medium too."""
    for quote in quotes:
        if quote.credited:
            continue
        first = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if first is None or first[0].sent.start == 0:
            continue
        prev = doc[first[0].sent.start - 1].sent
        for tok in prev:
            if tok.lemma_ in ("tell",) and tok.pos_ == "VERB":
                credit = _credited(tok)
                subj = _subject(tok)
                if credit and (quote.mention_kind in ("pronoun", None)):
                    quote.credited, quote.credited_kind, quote.credited_mention = credit
                    if subj is not None and quote.speaker is None:
                        quote.speaker_mention = quote.speaker_mention or _mention_text(subj)
                        if not any(p.start <= subj.i < p.end for p in people):
                            quote.speaker_mention = _mention_text(subj)
                    break
