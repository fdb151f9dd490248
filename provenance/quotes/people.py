"""Who is who inside one article: a small, explainable coreference.

- A surname or a shorter form ("Isik", "Mr. Isik") is the fullest name the
  article uses for that person ("Fikri Isik"), the nearest earlier one when
  two people share a surname.
- A title or role ("the Turkish defense minister", "the president") is the
  person the article named with those words ("Turkish Defense Minister
  Fikri Isik", "Fikri Isik, Turkey's defence minister").
- A pronoun ("he", "she") is the last person, named or described, who was
  the subject of a verb before it, skipping those of the other gender
  when an honorific or an earlier pronoun told the gender.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..folding import fold

HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "prof",
    "professor",
    "rev",
    "reverend",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "gen",
    "general",
    "lt",
    "col",
    "colonel",
    "adm",
    "admiral",
    "sgt",
    "capt",
    "captain",
    "maj",
    "major",
    "cmdr",
    "president",
    "vice",
    "chief",
    "judge",
    "justice",
    "mayor",
    "secretary",
    "minister",
    "sheikh",
    "pope",
    "father",
    "sister",
    "brother",
    "rabbi",
    "imam",
    "king",
    "queen",
    "prince",
    "princess",
    "ambassador",
    "former",
    "st",
    "hon",
    "speaker",
    "chairman",
    "chairwoman",
    "commissioner",
    "attorney",
    "sheriff",
    "deputy",
    "premier",
    "chancellor",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "councillor",
    "councilor",
    "councilman",
    "councilwoman",
    "alderman",
    "delegate",
    "del",
    "assemblyman",
    "assemblywoman",
    "congressman",
    "congresswoman",
    "cpl",
    "pvt",
    "spc",
    "det",
    "insp",
    "supt",
    "cdr",
    "lieutenant",
    "sergeant",
    "corporal",
    "private",
    "officer",
    "detective",
    "inspector",
    "superintendent",
    "bishop",
    "archbishop",
    "cardinal",
    "ayatollah",
    "emir",
    "sultan",
    "crown",
    "rep.",
    "sen.",
    "gov.",
    "gen.",
    "lt.",
    "col.",
    "sgt.",
    "capt.",
    "prof.",
    "rev.",
    "retired",
    "ret",
    "treasurer",
    "prosecutor",
    "comptroller",
    "auditor",
    "chairperson",
    "magistrate",
    "coroner",
}
# roles that taggers often fold into a name ("Guitarist Mo Kessler")
ROLE_WORDS = {
    "guitarist",
    "singer",
    "drummer",
    "bassist",
    "rapper",
    "musician",
    "actor",
    "actress",
    "comedian",
    "host",
    "anchor",
    "coach",
    "pastor",
    "activist",
    "author",
    "writer",
    "columnist",
    "director",
    "producer",
    "chef",
    "model",
    "journalist",
    "reporter",
    "economist",
    "analyst",
    "lawyer",
    "attorney",
    "doctor",
    "nurse",
    "pollster",
    "strategist",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "adviser",
    "advisor",
    "aide",
    "candidate",
    "nominee",
    "businessman",
    "businesswoman",
    "billionaire",
    "investor",
    "entrepreneur",
    "historian",
    "scientist",
    "star",
    "resident",
    "student",
    "teacher",
    "veteran",
    "commentator",
    "blogger",
    "filmmaker",
    "artist",
    "poet",
    "dr",
}
MALE_HONORIFICS = {"mr", "sir", "lord", "king", "prince", "father", "brother"}
FEMALE_HONORIFICS = {"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "sister"}
MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
PERSONAL_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | {"i", "we", "they", "you", "me", "us", "them", "it"}
# words that are part of a role description but say nothing about who
_TITLE_STOP = {
    "the",
    "a",
    "an",
    "of",
    "for",
    "and",
    "in",
    "on",
    "at",
    "to",
    "'s",
    "’s",
    "s",
    ",",
    "-",
    "who",
    "former",
    "then",
    "current",
    "new",
    "its",
    "his",
    "her",
    "their",
    "our",
    "this",
    "that",
    "one",
    "also",
}
_SPELLINGS = {
    "defence": "defense",
    "organisation": "organization",
    "programme": "program",
    # abbreviated titles, so "Gov. Ann Lee" is "the governor"
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "sgt": "sergeant",
    "capt": "captain",
    "prof": "professor",
    "rev": "reverend",
    "adm": "admiral",
    "cmdr": "commander",
    "supt": "superintendent",
    "det": "detective",
    "atty": "attorney",
    "sec": "secretary",
    "pres": "president",
    "amb": "ambassador",
    "insp": "inspector",
    "cpl": "corporal",
}
_NAME_JUNK = re.compile(r"^[\W_]+|[\W_]+$")
_PARTY_TAG = re.compile(r"\s*\([A-Z]-?[A-Za-z. ]{0,12}\)\s*$")


def _word(text: str) -> str:
    word = fold(text).strip(".")
    return _SPELLINGS.get(word, word)


# titles that end the words before a name however many precede them:
# "Tlingit Elder Sha'wen", "Kelowna Mayor Tom Baird"
NAME_TITLES = {
    "chief",
    "mayor",
    "minister",
    "premier",
    "president",
    "senator",
    "sen",
    "governor",
    "councillor",
    "councilor",
    "commissioner",
    "sheriff",
    "judge",
    "ambassador",
    "chairman",
    "chairwoman",
    "chairperson",
    "superintendent",
    "inspector",
    "sergeant",
    "constable",
    "cst",
    "elder",
}


def title_end(words: list[str]) -> int:
    """How many of a name's first words are a title ending in one of
    :data:`NAME_TITLES` and written capitalised ("Hereditary Chief"), with
    at least one capitalised word after it; 0 when none is."""
    for k in range(len(words) - 2, -1, -1):
        if _word(words[k]) in NAME_TITLES and words[k][:1].isupper():
            rest = words[k + 1 :]
            return k + 1 if rest and all(w[:1].isupper() for w in rest) else 0
    return 0


def clean_name(text: str) -> str:
    """A name as printed, without honorifics, titles, possessive and party
    tags: 'Rep. Ana Soto (D-Calif.)' -> 'Ana Soto', "Trump's" -> 'Trump',
    "Band Chief Sha'wen" -> "Sha'wen"."""
    text = _PARTY_TAG.sub("", text.strip())
    text = re.sub(r"['\u2019]s?$", "", text.strip())
    words = text.split()
    words = words[title_end(words) :]
    while len(words) > 1 and (_word(words[0]) in HONORIFICS or _word(words[0]) in ROLE_WORDS):
        words = words[1:]
    return _NAME_JUNK.sub("", " ".join(words))


def name_words(name: str) -> list[str]:
    return [w for w in (_word(t) for t in re.split(r"[\s\-]+", name)) if w]


# common given names, to tell "she" from "he" when no honorific does
FEMALE_NAMES = frozenset(
    """
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra
ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura
cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra
rachel carolyn janet catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren
christina joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison
frances kathryn janice jean abigail alice judy sophia grace denise amber doris marilyn danielle beverly
isabella theresa diana natalie brittany charlotte marie kayla alexis lori hillary nikki sonia sonya nancy
kamala michele melania ivanka kellyanne huma claire jill tulsi elena angela theresa marine ursula christine
svetlana olga tatiana natalia irina yulia elena anastasia ekaterina galina lyudmila valentina maria
fatma ayse zeynep elif emine merve hatice aisha fatima leila layla mariam yasmin nadia
gwen ilhan alexandria nikki condoleezza madeleine janet loretta sally susan hope kate katie jane
liz meredith dianne kirsten elise maxine rashida ayanna debbie tammy jeanne marsha shelley mazie
patty heidi kristi kristen kirstjen betsy megyn mika gretchen
""".split()
)
MALE_NAMES = frozenset(
    """
james robert john michael david william richard joseph thomas charles christopher daniel matthew anthony
mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan
jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander
frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle
ethan walter noah jeremy christian keith roger terry gerald harold sean austin carl arthur lawrence
dylan jesse jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy
vincent ralph eugene russell bobby mason philip louis barack bill bernie mike mitt ted marco chris jeb
rudy newt reince sean vladimir dmitry sergei sergey alexei alexey nikolai ivan mikhail igor oleg yuri
andrei viktor boris pavel maxim recep tayyip mevlut fikri ahmet mehmet mustafa ali hasan huseyin ibrahim
ismail osman emmanuel francois xi benjamin bibi hassan mahmoud muhammad mohammed ahmed omar
abdul khalid tim jim tom dan ben sam josh nick matt rick ron doug chuck harry mitch lindsey jeff
dick glenn rand jared rex steve greg jorge vicente felipe enrique andres carlos luis devin
lou tucker bret wolf anderson jake al herman corey hunter beto pete
""".split()
)


def gender_of(word: str) -> str | None:
    """The gender a pronoun or a given name tells, if any."""
    word = word.lower()
    if word in MALE_PRONOUNS:
        return "m"
    if word in FEMALE_PRONOUNS:
        return "f"
    if word in FEMALE_NAMES and word not in MALE_NAMES:
        return "f"
    if word in MALE_NAMES and word not in FEMALE_NAMES:
        return "m"
    return None


def honorific_gender(words: list[str]) -> str | None:
    for w in words:
        w = _word(w)
        if w in MALE_HONORIFICS:
            return "m"
        if w in FEMALE_HONORIFICS:
            return "f"
    return None


@dataclass
class Person:
    """One person (or body) the article names."""

    name: str  # the fullest form seen
    titles: set[str] = field(default_factory=set)  # role words seen with the name
    gender: str | None = None
    first_seen: int = 0  # token index
    mentions: list[int] = field(default_factory=list)  # token indices where named, in order
    words: list[str] = field(default_factory=list)  # name_words(name)
    order: int = 0  # the how-manieth person of the article

    @property
    def surname(self) -> str:
        return self.words[-1] if self.words else ""

    def last_mention(self, before: int) -> int | None:
        """The last token index below ``before`` where this person is named."""
        i = bisect_left(self.mentions, before)
        return self.mentions[i - 1] if i else None


@dataclass
class Salient:
    """Someone who was the subject of a verb at a token: the candidates a
    pronoun may point back to."""

    at: int
    person: Person | None
    description: str | None
    gender: str | None
    main: bool = True  # the subject of its sentence's main clause, not of a clause inside it
    sent_start: int | None = None  # the token its sentence starts at
    organisation: str | None = None  # a body named as the subject ("the State Department"), not a person


#: how many subjects back a pronoun may reach for its antecedent
ANTECEDENT_REACH = 500


class People:
    """The people of one article, built from its named entities.

    Indexed by surname and by role word, mentions kept in order, so each
    lookup costs about the same in a long article as in a short one."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.people: list[Person] = []
        self.salient: list[Salient] = []  # in token order
        self._salient_at: list[int] = []
        self._by_surname: dict[str, list[Person]] = {}
        self._by_first: dict[str, list[Person]] = {}  # first words of names of two words or more
        self._by_title: dict[str, list[Person]] = {}
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                self.add(
                    ent.text,
                    ent.start,
                    _title_words(ent),
                    honorific_gender([t.text for t in doc[max(0, ent.start - 1) : ent.end]]),
                )

    # -- names -------------------------------------------------------------
    def add(self, text: str, at: int, titles: set[str] | None = None, gender: str | None = None) -> Person | None:
        """Record a mention of a name; returns the person it belongs to."""
        name = clean_name(text)
        words = name_words(name)
        if not words or not any(c.isalpha() for c in name):
            return None
        person = self._match(words, at, gender)
        if person is None:
            person = Person(name=name, first_seen=at, words=words, order=len(self.people))
            self.people.append(person)
            self._by_surname.setdefault(words[-1], []).append(person)
            if len(words) > 1:
                self._by_first.setdefault(words[0], []).append(person)
        elif len(words) > len(person.words) or (
            len(words) == len(person.words) and _accents(name) > _accents(person.name)
        ):
            person.name, person.words = name, words  # the same surname: _match compared it
        insort(person.mentions, at)
        if titles:
            for title in titles - person.titles:
                self._by_title.setdefault(title, []).append(person)
            person.titles |= titles
        if not person.gender:
            person.gender = gender or (gender_of(words[0]) if len(words) > 1 else None)
        return person

    def _match(self, words: list[str], at: int, gender: str | None = None) -> Person | None:
        """The known person these name words belong to: same surname, no
        clashing first name and no clashing gender ("Ms. Vance" is not
        her father); the nearest earlier mention wins."""
        best: tuple[int, Person] | None = None
        for person in self._by_surname.get(words[-1], ()):
            theirs = person.words
            if len(words) > 1 and len(theirs) > 1 and not _first_names_agree(words[:-1], theirs[:-1]):
                continue
            if gender and person.gender and gender != person.gender:
                continue
            last = person.last_mention(at + 1)
            distance = at - last if last is not None else 10_000 + person.mentions[0] - at
            if best is None or distance < best[0]:
                best = (distance, person)
        if best is None and len(words) == 1:
            # no one's surname: a first name ("Owen" for Owen Pike) or a
            # family name written first ("Wang" for Wang Qishan), when it
            # begins the name of one person only, named before
            first = [p for p in self._by_first.get(words[0], ()) if p.mentions[0] < at]
            if len(first) == 1 and not (gender and first[0].gender and gender != first[0].gender):
                return first[0]
        return best[1] if best else None

    def fullest(self, text: str, at: int) -> str:
        """The fullest name the article uses for this name."""
        name = clean_name(text)
        words = name_words(name)
        if not words:
            return name
        person = self._match(words, at)
        return person.name if person else name

    def person(self, text: str, at: int) -> Person | None:
        words = name_words(clean_name(text))
        return self._match(words, at) if words else None

    # -- roles ---------------------------------------------------------------
    def by_title(self, description: Span, at: int) -> Person | None:
        """The person named earlier with the role words of this description
        ("the Turkish defense minister", "the senator")."""
        head = description.root
        head_word = _word(head.lemma_ or head.text)
        if not head_word or head_word in _TITLE_STOP:
            return None
        words = {
            _word(t.lemma_ or t.text) for t in description if t.dep_ not in ("det", "punct", "relcl")
        } - _TITLE_STOP
        best: tuple[tuple[int, int], Person] | None = None
        for person in sorted(self._by_title.get(head_word, ()), key=lambda p: p.order):
            last = person.last_mention(at)
            if last is None:
                continue
            overlap = len(words & person.titles)
            if overlap < len(words) - 1 and len(words) > 2:
                continue
            rank = (overlap, last)
            if best is None or rank > best[0]:
                best = (rank, person)
        return best[1] if best else None

    # -- pronouns ------------------------------------------------------------
    def note_subject(
        self,
        at: int,
        person: Person | None,
        description: str | None,
        gender: str | None = None,
        *,
        main: bool = True,
        sent_start: int | None = None,
        organisation: str | None = None,
    ) -> None:
        """Someone was the subject of a verb (or spoke) at token ``at``
        (``main``: of the main clause of the sentence starting at
        ``sent_start``); called in token order."""
        if person is not None and gender and not person.gender:
            person.gender = gender
        i = bisect_right(self._salient_at, at)
        self._salient_at.insert(i, at)
        self.salient.insert(
            i,
            Salient(
                at,
                person,
                description,
                "n" if organisation else gender or (person.gender if person else None),
                main,
                sent_start,
                organisation,
            ),
        )

    def earlier(self, before: int, *, people: bool = True, bodies: bool = False, floor: int = 0) -> Salient | None:
        """The last person (or body) that was a subject before token
        ``before`` and from character ``floor`` on, a sentence's main
        subject before the subject of a clause inside it: what "the grey-haired
        surgeon said", "the agency said", "it said" or "a statement
        said" mean when no name or title says."""
        end = bisect_left(self._salient_at, before)
        found: Salient | None = None
        for k in range(end - 1, max(-1, end - 1 - ANTECEDENT_REACH), -1):
            cand = self.salient[k]
            if self.doc[cand.at].idx < floor or (found is not None and cand.sent_start != found.sent_start):
                break
            if (bodies and cand.organisation is not None) or (people and cand.person is not None):
                if cand.main or cand.organisation is not None:
                    return cand
                found = found or cand
        return found

    def later(self, after: int, ceiling: int) -> Salient | None:
        """The first person who is a sentence's main subject after token
        ``after`` and before character ``ceiling``: whom an opening line
        that names no one ("A Toronto mother says …") turns out to be about."""
        for k in range(bisect_right(self._salient_at, after), len(self.salient)):
            cand = self.salient[k]
            if self.doc[cand.at].idx >= ceiling:
                break
            if cand.person is not None and cand.main:
                return cand
        return None

    def antecedent(self, pronoun: Token, sent_start: int | None = None) -> Salient | None:
        """The last salient person before the pronoun whose gender fits,
        within the last :data:`ANTECEDENT_REACH` subjects. In an earlier
        sentence, its main clause's subject goes before the subject of a
        clause inside it ("Lee said Ortiz should resign. “…,” he said" is
        Lee's)."""
        word = pronoun.lower_
        want = "m" if word in MALE_PRONOUNS else "f" if word in FEMALE_PRONOUNS else None
        if want is None:
            return None
        end = bisect_left(self._salient_at, pronoun.i)
        found: Salient | None = None
        for k in range(end - 1, max(-1, end - 1 - ANTECEDENT_REACH), -1):
            cand = self.salient[k]
            gender = cand.person.gender if cand.person is not None else cand.gender
            if found is not None and cand.sent_start != found.sent_start:
                break
            if gender and gender != want:
                continue
            if found is None:
                found = cand
                inner = cand.sent_start is not None and sent_start is not None and cand.sent_start < sent_start
                if cand.main or not inner:
                    return cand
            elif cand.main:
                return cand
        return found


def _accents(text: str) -> int:
    return sum(1 for c in text if ord(c) > 127 and c.isalpha())


def _first_names_agree(a: list[str], b: list[str]) -> bool:
    """'Fikri' and 'F.' agree; 'Bill' and 'Hillary' do not."""
    x, y = a[0], b[0]
    return x == y or (x[:1] == y[:1] and (len(x) == 1 or len(y) == 1))


def _own_words(appos: Token) -> list[Token]:
    """The words of an appositive without those of another person named in
    it: "Ann Lee, daughter of former Governor Tom Lee" is a
    daughter, not a governor."""
    others: set[int] = set()
    for t in appos.subtree:
        if t.ent_type_ == "PERSON" and t.i not in others and t.head.ent_type_ != "PERSON":
            others |= {d.i for d in t.subtree}
    return [t for t in appos.subtree if t.i not in others]


def _title_words(ent: Span) -> set[str]:
    """Role words written with a name: 'Turkish Defense Minister Fikri Isik',
    'Fikri Isik, Turkey's defense minister', 'the minister, Fikri Isik'."""
    doc = ent.doc
    root = ent.root
    words: set[str] = set()
    for child in root.children:
        if child.i < ent.start and child.dep_ in ("compound", "amod", "nmod", "poss", "nn"):
            words |= {_word(t.lemma_ or t.text) for t in child.subtree if t.i < ent.start}
        elif child.dep_ == "appos":
            words |= {_word(t.lemma_ or t.text) for t in _own_words(child)}
    i = ent.start - 1
    while i >= 0 and doc[i].pos_ in ("PROPN", "NOUN", "ADJ") and doc[i].ent_type_ != "PERSON" and ent.start - i <= 5:
        words.add(_word(doc[i].lemma_ or doc[i].text))
        i -= 1
    if root.dep_ == "appos" and root.head.i < ent.start:
        head = root.head
        words |= {_word(t.lemma_ or t.text) for t in head.subtree if t.i < ent.start and t.i >= head.left_edge.i}
    return {w for w in words if w and w not in _TITLE_STOP and not w.isdigit()} - set(name_words(ent.text))
