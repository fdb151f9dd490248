"""Reporting cues: the verbs and phrases that introduce what someone said.

A lemma list (spaCy's lemmatizer gives "say" for "said"), split into the
verbs that plainly report speech and those that report it only sometimes
("call", "describe", "find"). Kept as data so it can be read and extended.
"""

from __future__ import annotations

#: verbs whose whole job is to report speech or writing
SPEECH_VERBS = frozenset(
    """
say tell add state ask answer reply respond write tweet post retweet
explain insist note stress emphasize emphasise declare announce warn claim
argue contend assert maintain acknowledge admit concede confirm deny
remark comment observe predict promise vow pledge urge suggest testify
complain caution joke quip boast brag reiterate repeat underline
underscore shout yell scream whisper mutter murmur exclaim cry recount
report quote proclaim lament concur agree disagree counter retort rebut
protest plead beg demand advise recommend propose inform assure reassure
remind mention elaborate clarify specify summarize summarise describe
characterize characterise label dub call brand term name nickname blast
slam criticize criticise condemn denounce accuse laud hail applaud
congratulate dismiss scoff mock ridicule deride lambast rail fume rant
gush marvel speculate forecast surmise guess allege charge theorize posit
opine decree pen text email message telegraph broadcast tout trumpet
herald vouch swear affirm aver avow attest certify guarantee threaten
alert imply hint interject groan snap snarl growl bark roar thunder bellow
holler scold chide rebuke reprimand admonish exhort implore entreat appeal
query inquire enquire ponder recollect reminisce confess disclose reveal
divulge relay convey communicate voice utter pronounce articulate cite
liken echo parrot paraphrase tease encourage reason vent portray
""".split()
)

#: verbs that report speech only when the quotation is what they govern
#: ("attacked the plan as “a giveaway”"), never beside it
GOVERNING_VERBS = frozenset(
    """
cut press push air share frame word phrase welcome reject challenge
question introduce invoke reference compare contrast attack thank blame
praise express rule estimate leak reflect equate couch signal indicate
interrupt chime talk speak
""".split()
)

#: verbs of talking, governing verbs only with what the talk was about
#: ("talked about “…”", "often speaks of “…”", "talked up her “…”"); "spoke
#: to the group", "voters she has spoken with" report no words
TOPIC_VERBS = frozenset({"talk", "speak"})
_TOPIC_WORDS = frozenset({"about", "of", "up"})

#: verbs that report speech only right next to a quotation or a colon
#: ("she continued: …", "he hopes “…”"), never from afar
CONTEXT_VERBS = frozenset(
    """
think believe feel hope fear worry expect figure reckon find determine
hold begin start continue go read put smile grin laugh sigh shrug nod
sing chant wonder muse point conclude recall
""".split()
)

#: verbs that name or label: the quote is what something was called
NAMING_VERBS = frozenset(
    """
call dub name nickname label brand term title describe characterize
characterise liken compare refer deem consider view sing chant portray
""".split()
)

#: nouns that report speech ("in a statement", "Trump's claim that …")
SPEECH_NOUNS = frozenset(
    """
statement interview remarks comments comment speech address tweet post
letter email memo op-ed column essay article testimony briefing message
claim description words promise warning assertion accusation charge
pledge vow remark argument insistence suggestion complaint response
reply answer reaction retort explanation
""".split()
)

#: verbs by which someone puts out words of their own: "X issued a
#: statement: “…”", "X is unveiling a fresh message: “…”" are X's
ISSUING_VERBS = frozenset(
    """
issue release make give deliver post send put roll publish pen offer
share unveil fire have circulate read
""".split()
)

#: verbs whose object is the listener: "told X" never names the speaker
ADDRESSEE_VERBS = frozenset(
    """
tell ask inform assure reassure remind advise urge encourage warn thank beg implore question challenge congratulate quote
""".split()
)

_IRREGULAR = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "speak": ("spoke", "spoken"),
    "sing": ("sang", "sung"),
    "think": ("thought",),
    "hold": ("held",),
    "find": ("found",),
    "put": (),
    "read": (),
    "begin": ("began", "begun"),
    "go": ("went", "gone"),
    "feel": ("felt",),
    "swear": ("swore", "sworn"),
    "cry": ("cried", "cries"),
    "reply": ("replied", "replies"),
    "testify": ("testified", "testifies"),
    "deny": ("denied", "denies"),
    "clarify": ("clarified", "clarifies"),
    "specify": ("specified", "specifies"),
    "quip": ("quipped", "quipping"),
    "plead": ("pled",),
    "shut": (),
    "rebut": ("rebutted", "rebutting"),
    "chat": ("chatted", "chatting"),
    "snap": ("snapped", "snapping"),
    "beg": ("begged", "begging"),
    "admit": ("admitted", "admitting"),
    "blog": ("blogged", "blogging"),
    "text": (),
}


def inflections(lemma: str) -> set[str]:
    """The regular (and listed irregular) forms of an English verb."""
    forms = {lemma}
    forms.update(_IRREGULAR.get(lemma, ()))
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma.endswith("e"):
        forms.update({lemma + "d", lemma[:-1] + "ing"})
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms.update({lemma[:-1] + "ied", lemma + "ing"})
    else:
        forms.update({lemma + "ed", lemma + "ing"})
    return forms


def _forms(lemmas: frozenset[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for lemma in sorted(lemmas):
        for form in inflections(lemma):
            out.setdefault(form, lemma)
    return out


#: form -> lemma for every cue verb: small models lemmatize some of them
#: wrongly ("hopes" -> "hop")
SPEECH_FORMS = _forms(SPEECH_VERBS | CONTEXT_VERBS | GOVERNING_VERBS)

#: forms that are verbs whatever the tagger says ("says" tagged as a noun
#: in a headline); forms that are also common nouns ("states", "notes",
#: "remarks") are trusted only when tagged as verbs
UNAMBIGUOUS_FORMS = frozenset(
    """
said says told tells wrote added asked insisted explained tweeted replied
responded declared warned argued claimed stressed recalled acknowledged
concluded countered quipped joked shouted yelled whispered exclaimed
stated observed remarked predicted promised vowed urged suggested
testified complained cautioned boasted mused reiterated demanded pleaded
conceded confirmed denied announced emphasized emphasised agreed
continued wondered noted
""".split()
)


def speech_lemma(tok) -> str | None:
    """The cue lemma of a token, or None: "said" -> "say", "hopes" -> "hope"."""
    form = tok.lower_
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX"):
        talk = SPEECH_FORMS.get(form, lemma)
        if talk in TOPIC_VERBS:
            topical = any(c.dep_ in ("prep", "prt") and c.lower_ in _TOPIC_WORDS for c in tok.children)
            return talk if topical else None
        if lemma in SPEECH_VERBS or lemma in CONTEXT_VERBS or lemma in GOVERNING_VERBS:
            return lemma
        return SPEECH_FORMS.get(form)
    if form in UNAMBIGUOUS_FORMS and tok.pos_ not in ("ADP", "DET", "PRON", "ADJ"):
        return SPEECH_FORMS.get(form)
    return None
