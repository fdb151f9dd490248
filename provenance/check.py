"""Check a pasted quote against a provenance database.

A journalist pastes a quote as seen on social media or in an article and
learns whether it was said in those words: the matching clusters ranked,
the closest variant (named by outlet and date: the verdict is about that
variant's words, and says so when the earliest wording differs), a
word-level diff against each variant, whether the person the paste names
said it, where the wording and the remark first appeared, and a verdict
in plain words: verbatim, trimmed, altered or not found. A paste is read
as people post it (:mod:`provenance.paste`): only the quoted words are
compared, and a paragraph with several quotations gets one verdict each.

Candidates come from the full-text index (any word of the paste); each is
then lined up word by word with the paste (:mod:`provenance.wording.diff`, in the
matching form of :mod:`provenance.wording.form`). The verdict rests on that
alignment: which words were cut, changed or added, and where. rapidfuzz's
similarity only orders candidates that the alignment ranks alike.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz

from .errors import DatabaseError
from .paste import clean_paste, read_paste, read_unmarked
from .records import PastedQuote
from .speakers import same_person
from .store.schema import CLUSTER_JOINS, QUOTE_JOINS
from .wording.diff import WordDiff, diff_words
from .wording.form import COMMON_WORDS, match_tokens, normalize

Verdict = Literal["verbatim", "trimmed", "altered", "not found"]
VERBATIM: Verdict = "verbatim"
TRIMMED: Verdict = "trimmed"
ALTERED: Verdict = "altered"
NOT_FOUND: Verdict = "not found"
_VERDICT_RANK = {VERBATIM: 0, TRIMMED: 1, ALTERED: 2, NOT_FOUND: 3}

#: Whether the person a paste names said the words: the same person, someone
#: else, no one named in the paste, or no one named in the articles.
SpeakerVerdict = Literal["same", "different", "not stated", "unknown"]
SAME: SpeakerVerdict = "same"
DIFFERENT: SpeakerVerdict = "different"
NOT_STATED: SpeakerVerdict = "not stated"
UNKNOWN: SpeakerVerdict = "unknown"
_SPEAKER_RANK = {DIFFERENT: 0, UNKNOWN: 1, SAME: 2, NOT_STATED: 3}


def verdict_rank(verdict: Verdict) -> int:
    """How reassuring a verdict is, best first: verbatim, trimmed, altered, not found."""
    return _VERDICT_RANK[verdict]


#: Share of the pasted words that must line up, in order, with a variant
#: for it to count as the same quote, altered.
ALTERED_MIN_SHARE = 0.6
#: At most this many words cut without a mark per pasted word that lines up,
#: for an altered quote: "She is a fraud" is not a long quote holding "she is
#: a" and, 31 words later, "fraud".
UNMARKED_CUT_PER_WORD = 2
#: Fewer pasted words than this and a match may be a common phrase.
SHORT_PASTE = 4
#: Candidate quotes read from the full-text index, clusters compared, and
#: variants read per cluster (a wire story may have hundreds).
CANDIDATE_QUOTES = 200
MAX_CLUSTERS = 30
#: A phrase or word held by this many quotes or more is too common to rank
#: candidates by (ranking every quote that says "I can tell you" took a
#: third of a second at a million quotes); the rarest few are ranked.
COMMON_TERM_QUOTES = 300
RARE_TERMS = 4
MAX_VARIANTS_PER_CLUSTER = 500


@dataclass
class Appearance:
    """An article carrying a quote: where and when a wording appeared."""

    quote_id: int
    article_id: int
    outlet: str | None
    published: str | None
    title: str | None
    url: str | None


@dataclass
class VariantMatch:
    """One variant of a cluster compared with the pasted text."""

    quote_id: int
    text: str
    article_id: int
    outlet: str | None
    published: str | None
    title: str | None
    url: str | None
    speaker: str | None  # the resolved name, else the mention as written
    credited_source: str | None
    verdict: Verdict
    coverage: float  # share of the pasted words found in order in this variant
    similarity: float  # rapidfuzz ratio of the two matching forms, 0-100
    diff: WordDiff

    def sort_key(self) -> tuple:
        """Closest first; among variants the paste matches alike (verbatim
        or trimmed, every word found), the earliest: the verdict names the
        first wording that has the pasted words."""
        return (
            verdict_rank(self.verdict),
            -self.coverage,
            -self.similarity if self.verdict in (ALTERED, NOT_FOUND) else 0,
            *time_order(self.published, self.quote_id),
        )


@dataclass
class Difference:
    """Where the earliest wording and the paste part: its words and yours."""

    origin: str  # the earliest wording's words, as written ("" when it lacks yours)
    pasted: str  # the pasted words ("" when you lack its words)


@dataclass
class ClusterMatch:
    """A cluster (one wording and its variants) that matches the paste."""

    cluster_id: int | None  # None for a quote not yet clustered
    statement_id: int | None
    canonical_text: str | None
    speaker: str | None
    wording_source: str | None
    primary_source: str | None
    origin: Appearance | None  # the earliest (or original) variant's article
    origin_evidence: str | None
    first_appearance: Appearance | None  # the remark's earliest quote, in any wording
    primary_evidence: str | None
    verdict: Verdict
    closest: VariantMatch  # the variant the verdict is about
    variants: list[VariantMatch] = field(default_factory=list)  # in time order
    origin_wording: str | None = None  # the earliest variant's words
    origin_verdict: Verdict | None = None  # the paste against the earliest wording
    #: whether the pasted words are the earliest wording's (verbatim or trimmed),
    #: not only a later copy's
    matches_origin: bool = True
    origin_differences: list[Difference] = field(default_factory=list)
    #: the speakers the variants' articles name, with how many name each
    attributions: dict[str, int] = field(default_factory=dict)


@dataclass
class QuoteCheck:
    """One quotation of a paste checked: was it said in these words, by whom the paste says?"""

    checked: str  # the words compared (inside the quotation marks, when it has them)
    verdict: Verdict
    explanation: str
    pasted_speaker: str | None = None  # the name the paste gives, as read
    speaker_verdict: SpeakerVerdict = NOT_STATED
    speaker_explanation: str = ""
    matches: list[ClusterMatch] = field(default_factory=list)

    @property
    def best(self) -> ClusterMatch | None:
        return self.matches[0] if self.matches else None


@dataclass
class CheckResult:
    """The answer to "was this said in these words?" for a whole paste.

    For one quotation the fields are its own; for several (a paragraph,
    an article) ``quotes`` holds one check each and the fields sum them
    up: the least reassuring verdict and speaker verdict, no matches."""

    text: str  # as pasted
    checked: str  # the words compared
    verdict: Verdict
    explanation: str
    matches: list[ClusterMatch] = field(default_factory=list)
    pasted_speaker: str | None = None
    speaker_verdict: SpeakerVerdict = NOT_STATED
    speaker_explanation: str = ""
    quotes: list[QuoteCheck] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = _plain(self)
        data["matched_variant"] = _matched_variant(self.matches[0] if self.matches else None)
        for quote, raw in zip(self.quotes, data["quotes"]):
            raw["matched_variant"] = _matched_variant(quote.best)
        return data


def _plain(value: Any) -> Any:
    """A record as JSON-ready data (word diffs in their own form)."""
    if isinstance(value, WordDiff):
        return value.to_dict()
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _matched_variant(match: ClusterMatch | None) -> dict[str, Any] | None:
    """The variant a verdict is about, and whether its words are the earliest wording's."""
    if match is None:
        return None
    v = match.closest
    return {
        "quote_id": v.quote_id,
        "cluster_id": match.cluster_id,
        "outlet": v.outlet,
        "published": v.published,
        "url": v.url,
        "text": v.text,
        "is_origin": match.origin is not None and match.origin.quote_id == v.quote_id,
        "matches_origin": match.matches_origin,
        "origin_wording": match.origin_wording,
        "origin_outlet": match.origin.outlet if match.origin else None,
        "origin_published": match.origin.published if match.origin else None,
    }


def judge(diff: WordDiff) -> Verdict:
    """The verdict for wording ``a`` of a diff against wording ``b``.

    verbatim: the same words in the same order (capitals, punctuation,
    marks, hyphens, contractions, spacing slips and bracketed insertions
    aside). trimmed: words only cut, at the ends or where ``a`` marks an
    elision with "...". altered: most of ``a``'s words line up with ``b``
    but some were changed, added or cut without a mark. not found:
    otherwise, and whenever only one written word is shared (a paste is
    never judged on a lone shared word)."""
    if diff.a_words == 0 or diff.same == 0:
        return NOT_FOUND
    if diff.identical:
        return VERBATIM
    if diff.same_written < 2:
        return NOT_FOUND  # one word in common ("S-400") says nothing of where a paste came from
    if diff.only_trimmed:
        return TRIMMED
    if (
        diff.same >= ALTERED_MIN_SHARE * diff.a_words
        and diff.longest_run >= min(3, diff.a_words)
        and diff.cut_unmarked <= UNMARKED_CUT_PER_WORD * diff.same
        and diff.same_content >= max(1, diff.a_content / 2)
    ):
        return ALTERED
    return NOT_FOUND


#: How a variant relates to the first wording of its cluster or statement.
Relation = Literal[
    "first wording", "same words", "cut", "longer", "cut differently", "changed", "another translation or wording"
]
FIRST_WORDING: Relation = "first wording"
SAME_WORDS: Relation = "same words"
OTHER_WORDING: Relation = "another translation or wording"


def relate(variant: str, first: str, *, same_wording: bool = True) -> tuple[Relation, WordDiff]:
    """How a variant's words relate to the first wording, and their diff:
    the same words (punctuation, spelling and slips aside), cut from it (at
    the ends or at a marked elision), longer (the first wording is cut from
    it), cut differently (another excerpt of the same remark, overlapping),
    changed (words changed, added or cut without a mark), or, for a variant
    the clustering put in another wording of the remark
    (``same_wording=False``) that does not line up, another translation or
    wording. Never "not found": the variant is there."""
    diff = diff_words(variant, first)
    if diff.identical:
        return SAME_WORDS, diff
    if diff.only_trimmed:
        return "cut", diff
    back = diff_words(first, variant)
    if back.only_trimmed:
        return "longer", diff
    if diff.changed == diff.cut_unmarked == 0 and diff.same and _added_only_at_ends(diff):
        return "cut differently", diff
    if same_wording or judge(diff) != NOT_FOUND:
        return "changed", diff
    return OTHER_WORDING, diff


def _added_only_at_ends(diff: WordDiff) -> bool:
    """Whether the words only one side has stand at its ends (two
    overlapping excerpts of one remark)."""
    inner = diff.ops[1:-1]
    return not any(op.kind == "added" for op in inner)


def compare_wordings(a: str, b: str) -> Verdict:
    """How wording ``a`` relates to ``b``: verbatim, trimmed, altered or not found."""
    return judge(diff_words(a, b))


def quoted_part(text: str) -> str:
    """What is compared of a paste: the words of its quotations (inside
    the marks, without the frame, links and hashtags), joined."""
    return " ".join(q.text for q in read_paste(text))


def _search_words(text: str, tokens: list[str]) -> list[str]:
    """Words to look a paste up by: its matching form, and its words as the
    full-text index holds them ("I'm" is indexed as "i" and "m", never "am")."""
    written = [w for w in re.findall(r"[^\W_]+", text.casefold()) if len(w) > 2]  # not "re" of "we're"
    return list(dict.fromkeys(tokens + written))


def _word_terms(tokens: list[str]) -> list[str]:
    """The paste's words as full-text terms, the function words left out
    when two others remain."""
    rare = [t for t in dict.fromkeys(tokens) if t not in COMMON_WORDS]
    words = rare if len(rare) >= 2 else list(dict.fromkeys(tokens))
    return [f'"{t}"' for t in words]


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("select 1 from sqlite_master where name = ?", (name,)).fetchone() is not None


#: Words per phrase looked up whole, and most phrases per paste.
PHRASE_WORDS = 4
MAX_PHRASES = 12


def _phrase_terms(text: str) -> list[str]:
    """Runs of the paste's written words as full-text phrases ("this one is
    for you"), four words a phrase, between its elision marks: a quote of
    common words is found by its phrases where ranking by any word is not."""
    phrases = []
    for segment in re.split(r"\.{3,}|\u2026", text):
        words = re.findall(r"[^\W_]+", segment)
        if len(words) < 3:
            continue
        step = PHRASE_WORDS - 1
        starts = list(range(0, max(1, len(words) - PHRASE_WORDS + 1), step))
        if starts[-1] + PHRASE_WORDS < len(words):
            starts.append(len(words) - PHRASE_WORDS)  # the last words too
        phrases += ['"' + " ".join(words[i : i + PHRASE_WORDS]) + '"' for i in starts]
    return phrases[:MAX_PHRASES]


_FTS_SEARCH = (
    "select q.id, q.cluster_id from quotes_fts join quotes q on q.rowid = quotes_fts.rowid"
    " where quotes_fts match ? order by bm25(quotes_fts) limit ?"
)
_FTS_HOLDERS = "select rowid from quotes_fts where quotes_fts match ? limit ?"


def _ranked_quotes(conn: sqlite3.Connection, terms: list[str]) -> list[tuple[int, int | None]]:
    """(quote id, cluster id) of the quotes holding the rarest few of
    ``terms``, best first. Each term's holders are read up to
    :data:`COMMON_TERM_QUOTES` (which stops early); a quote scores the
    rarity of each of those terms it holds (one over the quotes holding
    it), so a quote with more of the paste's rare phrases, and rarer ones,
    ranks first. When every term is common, the least common one is
    ranked by the full-text index; terms no quote holds are left out."""
    terms = list(dict.fromkeys(terms))
    # a phrase of function words only ("and he is not") is never rare: not even looked up
    telling = [t for t in terms if any(w not in COMMON_WORDS for w in re.findall(r"[^\W_]+", t.casefold()))]
    holders = {t: [r[0] for r in conn.execute(_FTS_HOLDERS, (t, COMMON_TERM_QUOTES))] for t in telling or terms}
    found = sorted((len(ids), i, t) for i, (t, ids) in enumerate(holders.items()) if ids)
    rare = [t for n, _, t in found if n < COMMON_TERM_QUOTES][:RARE_TERMS]
    if not rare:
        if not found:
            return []
        return conn.execute(_FTS_SEARCH, (found[0][2], CANDIDATE_QUOTES)).fetchall()
    score: dict[int, float] = {}
    for t in rare:
        for rowid in holders[t]:
            score[rowid] = score.get(rowid, 0.0) + 1.0 / len(holders[t])
    best = sorted(score, key=lambda r: (-score[r], r))[:CANDIDATE_QUOTES]
    cluster_of = dict(
        conn.execute(
            "select id, cluster_id from quotes where id in (select value from json_each(?))", (json.dumps(best),)
        )
    )
    return [(r, cluster_of.get(r)) for r in best if r in cluster_of]


def _candidate_clusters(
    conn: sqlite3.Connection, tokens: list[str], *, phrases: list[str] | None = None
) -> tuple[list[int], list[int]]:
    """Cluster ids (best first) and unclustered quote ids holding one of the
    rarest full-text ``phrases`` when given, else the paste's rarest words."""
    if _has_table(conn, "quotes_fts"):
        rows = _ranked_quotes(conn, phrases or _word_terms(tokens))
    elif phrases:
        return [], []
    else:  # no full-text index: look for the longest words
        longest = sorted(set(tokens), key=len, reverse=True)[:3]
        where = " or ".join("text like ?" for _ in longest)
        rows = conn.execute(
            f"select id, cluster_id from quotes where {where} limit ?", (*(f"%{t}%" for t in longest), CANDIDATE_QUOTES)
        ).fetchall()
    clusters = list(dict.fromkeys(c for _, c in rows if c is not None))
    loose = list(dict.fromkeys(q for q, c in rows if c is None))
    return clusters, loose


#: A variant as compared: the joins live in the quotes_view view.
_VARIANTS_SQL = """
select id, text, cluster_id, article_id, coalesce(speaker, speaker_mention) as shown_speaker, speaker,
       credited_source, outlet, published, article, url
from quotes_view
"""

_CLUSTER_SQL = f"""
select c.id, c.statement_id, c.canonical_text, c.origin_quote_id, c.origin_evidence,
       wsrc.name as wording_source, ps.name as primary_source, st.first_quote_id, st.evidence,
       ssp.name as speaker
{CLUSTER_JOINS}
where c.id = ?
"""


def time_order(published: str | None, quote_id: int) -> tuple:
    """Sort key: dated first, earliest first, then the order they were read."""
    return (published is None, published or "", quote_id)


def _appearance(conn: sqlite3.Connection, quote_id: int | None) -> Appearance | None:
    if quote_id is None:
        return None
    row = conn.execute(
        f"select q.id, q.article_id, o.name, a.published, a.title, a.url {QUOTE_JOINS} where q.id = ?", (quote_id,)
    ).fetchone()
    return Appearance(*row) if row else None


def _compare(
    pasted: str, pasted_form: str, row: sqlite3.Row | tuple, seen: dict[str, tuple[WordDiff, float]]
) -> VariantMatch:
    """One variant against the paste; ``seen`` keeps the diff of each
    wording already compared (copies of a wire story share theirs)."""
    qid, text, _cluster, article_id, speaker, _name, credited, outlet, published, title, url = row
    if text not in seen:
        seen[text] = (diff_words(pasted, text), round(fuzz.ratio(pasted_form, normalize(text)), 1))
    diff, similarity = seen[text]
    coverage = diff.same / diff.a_words if diff.a_words else 0.0
    return VariantMatch(
        quote_id=qid,
        text=text,
        article_id=article_id,
        outlet=outlet,
        published=published,
        title=title,
        url=url,
        speaker=speaker,
        credited_source=credited,
        verdict=judge(diff),
        coverage=round(coverage, 3),
        similarity=similarity,
        diff=diff,
    )


def _cluster_match(
    conn: sqlite3.Connection,
    pasted: str,
    cluster_id: int | None,
    variants: list[VariantMatch],
    speaker_names: list[str | None],
) -> ClusterMatch:
    closest = min(variants, key=VariantMatch.sort_key)
    variants = sorted(variants, key=lambda v: time_order(v.published, v.quote_id))
    named = Counter(s for s in speaker_names if s is not None)
    row = conn.execute(_CLUSTER_SQL, (cluster_id,)).fetchone() if cluster_id is not None else None
    if row is None:
        return ClusterMatch(
            cluster_id,
            None,
            None,
            closest.speaker,
            None,
            None,
            _appearance(conn, closest.quote_id),
            None,
            None,
            None,
            closest.verdict,
            closest,
            variants,
            origin_wording=closest.text,
            origin_verdict=closest.verdict,
            attributions=dict(named.most_common()),
        )
    (
        _,
        statement_id,
        canonical,
        origin_id,
        origin_evidence,
        wording_source,
        primary_source,
        first_quote_id,
        primary_evidence,
        speaker,
    ) = row
    if speaker is None and named:  # no speaker on the statement: the name most variants give
        speaker = named.most_common(1)[0][0]
    match = ClusterMatch(
        cluster_id=cluster_id,
        statement_id=statement_id,
        canonical_text=canonical,
        speaker=speaker,
        wording_source=wording_source,
        primary_source=primary_source,
        origin=_appearance(conn, origin_id),
        origin_evidence=origin_evidence,
        first_appearance=_appearance(conn, first_quote_id),
        primary_evidence=primary_evidence,
        verdict=closest.verdict,
        closest=closest,
        variants=variants,
        attributions=dict(named.most_common()),
    )
    _compare_with_origin(conn, pasted, match)
    return match


def _compare_with_origin(conn: sqlite3.Connection, pasted: str, match: ClusterMatch) -> None:
    """Whether the pasted words are the earliest wording's, and where they part."""
    if match.origin is None:
        return
    origin = next((v for v in match.variants if v.quote_id == match.origin.quote_id), None)
    if origin is not None:
        text, diff = origin.text, origin.diff
    else:  # beyond the variants read
        found = conn.execute("select text from quotes where id = ?", (match.origin.quote_id,)).fetchone()
        if found is None:
            return
        text, diff = found[0], diff_words(pasted, found[0])
    match.origin_wording = text
    match.origin_verdict = judge(diff)
    match.matches_origin = match.origin_verdict in (VERBATIM, TRIMMED) or verdict_rank(
        match.origin_verdict
    ) <= verdict_rank(match.verdict)
    if not match.matches_origin:
        match.origin_differences = _differences(diff)


def _differences(diff: WordDiff) -> list[Difference]:
    """Where a paste parts from a wording: changed words, and words added
    or cut inside the quote (not a trim at its ends or at an elision)."""
    out = []
    for i, op in enumerate(diff.ops):
        if op.kind == "changed" or op.kind == "added":
            out.append(Difference(op.b if op.kind == "changed" else "", op.a))
        elif op.kind == "cut" and 0 < i < len(diff.ops) - 1 and diff.cut_unmarked:
            out.append(Difference(op.b, ""))
    return out


def check_quote(conn: sqlite3.Connection, text: str, *, limit: int = 5) -> CheckResult:
    """Check a paste against the database open on ``conn``: each quotation
    in it (one for a quote in any frame, several for a paragraph) with
    its matching clusters (best first, at most ``limit``), a verdict, and
    whether the person the paste names said it."""
    if not _has_table(conn, "quotes"):
        raise DatabaseError("not a provenance database (no quotes table)")
    pasted = read_paste(text)
    quotes = [check_pasted(conn, p, limit=limit) for p in pasted]
    whole = _frame_in_quote(conn, clean_paste(text), pasted, quotes, limit)
    if whole is not None:
        quotes = [whole]
    if len(quotes) == 1:
        (one,) = quotes
        return CheckResult(
            text,
            one.checked,
            one.verdict,
            one.explanation,
            one.matches,
            one.pasted_speaker,
            one.speaker_verdict,
            one.speaker_explanation,
            quotes,
        )
    verdict = max((q.verdict for q in quotes), key=verdict_rank)
    speaker_verdict = min((q.speaker_verdict for q in quotes), key=_SPEAKER_RANK.__getitem__)
    counts = Counter(q.verdict for q in quotes)
    summary = ", ".join(f"{counts[v]} {v}" for v in _VERDICT_RANK if counts[v])
    return CheckResult(
        text,
        " / ".join(q.checked for q in quotes),
        verdict,
        f"{len(quotes)} quotations checked, one verdict each: {summary}.",
        [],
        None,
        speaker_verdict,
        "; ".join(f"“{_short(q.checked)}”: {q.speaker_explanation}" for q in quotes if q.speaker_verdict == DIFFERENT),
        quotes,
    )


#: Longest paste whose frame may be read as part of the quote (a post, not an article).
MAX_FRAMED_QUOTE = 1000


def _frame_in_quote(
    conn: sqlite3.Connection, clean: str, pasted: list[PastedQuote], quotes: list[QuoteCheck], limit: int
) -> QuoteCheck | None:
    """The whole paste checked as one quote, when what looked like its frame
    is the matched quote's own words (a quote pasted without marks that
    holds quoted speech: "... to ask, ‘Who pays for it?’"): then a word
    changed in the "frame" is a word changed in the quote. Tried when the
    quoted words matched a quote that also holds most of the frame's words,
    or matched nothing."""
    if len(clean) > MAX_FRAMED_QUOTE:
        return None
    whole = read_unmarked(clean)  # less a "Name:" before it or a "— Name" after it
    inside = sum(len(match_tokens(p.text)) for p in pasted)
    outside = len(match_tokens(whole.text)) - inside
    if outside < 3:
        return None
    found = [q.best for q in quotes if q.best]
    if found and not any(_frame_lines_up(diff_words(whole.text, m.closest.text), inside, outside) for m in found):
        return None  # the frame's words are not the matched quote's
    checked = check_pasted(conn, whole, limit=limit)
    if checked.best and _frame_lines_up(checked.best.closest.diff, inside, outside):
        return checked
    return None


def _frame_lines_up(diff: WordDiff, inside: int, outside: int) -> bool:
    """Whether most of a frame's words line up with a quote, next to the
    quoted words (not a stray "of the" far from them): few of them changed,
    added or bridged by an unmarked cut."""
    slips = diff.changed + diff.added + diff.cut_unmarked
    return diff.same >= inside + outside / 2 and 2 * slips < outside


def _variant_groups(
    conn: sqlite3.Connection, cluster_ids: list[int], loose: list[int], read: set[tuple[int | None, int | None]]
) -> list[tuple[int | None, list]]:
    """The variants of each candidate cluster (and each unclustered quote)
    not read yet; ``read`` keeps those that were."""
    groups: list[tuple[int | None, list]] = []
    for cluster_id in cluster_ids[:MAX_CLUSTERS]:
        if (cluster_id, None) in read:
            continue
        read.add((cluster_id, None))
        rows = conn.execute(
            _VARIANTS_SQL + " where cluster_id = ? order by id limit ?", (cluster_id, MAX_VARIANTS_PER_CLUSTER)
        ).fetchall()
        groups.append((cluster_id, rows))
    for quote_id in loose[:MAX_CLUSTERS]:
        if (None, quote_id) in read:
            continue
        read.add((None, quote_id))
        groups.append((None, conn.execute(_VARIANTS_SQL + " where id = ?", (quote_id,)).fetchall()))
    return groups


def check_pasted(conn: sqlite3.Connection, pasted: PastedQuote, *, limit: int = 5) -> QuoteCheck:
    """Check one quotation read from a paste."""
    checked = pasted.text
    tokens = match_tokens(checked)
    if not tokens:
        return QuoteCheck(checked, NOT_FOUND, "Nothing to check: paste the words of a quote.", pasted.speaker)
    pasted_form = " ".join(tokens)
    scored: list[tuple] = []
    seen: dict[str, tuple[WordDiff, float]] = {}
    read: set[tuple[int | None, int | None]] = set()
    # first the quotes holding the paste's phrases: when one has its words
    # (verbatim or trimmed) nothing else can do better; else any of its words
    for phrases in [q for q in (_phrase_terms(checked),) if q] + [None]:
        if phrases is None and scored and min(s[0] for s in scored)[0] <= verdict_rank(TRIMMED):
            break
        cluster_ids, loose = _candidate_clusters(conn, _search_words(checked, tokens), phrases=phrases)
        for cluster_id, rows in _variant_groups(conn, cluster_ids, loose, read):
            variants = [_compare(checked, pasted_form, row, seen) for row in rows]
            if not variants:
                continue
            closest = min(variants, key=VariantMatch.sort_key)
            if closest.verdict != NOT_FOUND:
                scored.append((closest.sort_key(), cluster_id, variants, [r[5] for r in rows]))
    scored.sort(key=lambda s: s[0])
    matches = [_cluster_match(conn, checked, cid, variants, sids) for _, cid, variants, sids in scored[:limit]]
    best = matches[0] if matches else None
    verdict = best.verdict if best else NOT_FOUND
    speaker_verdict, speaker_explanation = judge_speaker(pasted.speaker, best)
    return QuoteCheck(
        checked,
        verdict,
        explain(verdict, best, len(tokens)),
        pasted.speaker,
        speaker_verdict,
        speaker_explanation,
        matches,
    )


def judge_speaker(pasted: str | None, match: ClusterMatch | None) -> tuple[SpeakerVerdict, str]:
    """Whether the person a paste names said the matched words, in plain words."""
    if match is None or match.verdict == NOT_FOUND:
        if pasted is None:
            return NOT_STATED, "The paste does not say who said it."
        return UNKNOWN, f"No quote here has these words, so nothing here says whether {pasted} said them."
    if pasted is None:
        who = f"the articles name {match.speaker}" if match.speaker else "the articles do not name the speaker"
        return NOT_STATED, f"The paste does not say who said it; {who}."
    if match.speaker is None:
        return UNKNOWN, f"The articles here do not name who said these words, so whether {pasted} did is not known."
    if same_person(pasted, match.speaker):
        return SAME, f"Said by {match.speaker}, as the paste says."
    # the articles may disagree: a name given by as many articles as any other is not a misattribution
    most = max(match.attributions.values(), default=0)
    named = next((n for n, c in match.attributions.items() if same_person(pasted, n)), None)
    if named is not None and match.attributions[named] >= most:
        others = ", ".join(n for n in match.attributions if n != named)
        return SAME, f"Said by {named}, as the paste says; the articles disagree: some name {others or match.speaker}."
    text = f"These words were said by {match.speaker}, not {pasted}."
    if named is not None:
        by = next((v.outlet for v in match.variants if v.speaker and same_person(pasted, v.speaker)), None)
        text += f" ({by or 'One article'} attributes them to {named}.)"
    return DIFFERENT, text


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _where(v: VariantMatch | Appearance | None) -> str:
    """An article in a few words: "The Daily Herald, 2016-11-24"."""
    if v is None:
        return "an article"
    return f"{v.outlet or 'an article'}, {v.published[:10] if v.published else 'date unknown'}"


def explain(verdict: Verdict, match: ClusterMatch | None, n_words: int) -> str:
    """The verdict in plain words, naming the variant it is about."""
    if match is None or verdict == NOT_FOUND:
        return (
            "Not found: no quote in this database has these words. The database holds only the articles "
            "it was built from, so a quote missing here is not proof that it was never said."
        )
    who = f"by {match.speaker}" if match.speaker else "by an unnamed speaker"
    where = _where(match.closest)
    d = match.closest.diff
    if verdict == VERBATIM:
        text = f"Verbatim as in {where}: these are the words of a quote {who} (capitals and punctuation aside)."
    elif verdict == TRIMMED:
        marked = f", {d.cut_at_elisions} of them where you mark an elision" if d.cut_at_elisions else ""
        text = (
            f"Trimmed: every word you pasted is in a longer quote {who}, as in {where}, in the same order; "
            f"{d.cut} {'word was' if d.cut == 1 else 'words were'} left out{marked}."
        )
    else:
        text = f"Altered: the closest quote {who}, in {where}, differs from what you pasted: {_alterations(d)}."
    text += _origin_sentence(match)
    if match.primary_source:
        text += f" The remark was first made to {match.primary_source}."
    if n_words < SHORT_PASTE:
        text += " Only a few words were pasted: they may be a common phrase rather than this remark."
    return text + " Check the original article before you publish."


def _origin_sentence(match: ClusterMatch) -> str:
    """Whose words these are: never "comes from X" for words X did not write."""
    is_origin = match.origin is None or match.origin.quote_id == match.closest.quote_id
    if match.matches_origin:
        if match.wording_source:
            return f" This wording comes from {match.wording_source}."
        if not is_origin:
            return f" The earliest wording ({_where(match.origin)}) has these words too."
        return ""
    owner = f"{match.wording_source}'s, " if match.wording_source else ""
    parts = [_difference_words(d) for d in match.origin_differences[:3]]
    said = f": {'; '.join(parts)}" if parts else ""
    earliest = f"the earliest wording ({owner}{_where(match.origin)})"
    if match.verdict == ALTERED:
        return f" {earliest[0].upper()}{earliest[1:]} differs from what you pasted too{said}."
    return f" These words are {match.closest.outlet or 'a later copy'}'s, not the earliest wording's: {earliest} differs{said}."


def _difference_words(d: Difference) -> str:
    if d.origin and d.pasted:
        return f"it says “{d.origin}” where you have “{d.pasted}”"
    if d.origin:
        return f"it also says “{d.origin}”"
    return f"it does not say “{d.pasted}”"


def _words(n: int) -> str:
    return f"{n} {'word' if n == 1 else 'words'}"


def _alterations(d: WordDiff) -> str:
    """What was changed, added or cut without a mark; trims come last."""
    parts = [
        f"{_words(n)} {label}"
        for n, label in (
            (d.changed, "changed"),
            (d.added, "added"),
            (d.cut_unmarked, "cut without an elision mark"),
        )
        if n
    ]
    trimmed = d.cut - d.cut_unmarked
    if trimmed:
        parts.append(f"and {_words(trimmed)} left out at the ends or at an elision")
    text = ", ".join(parts)
    if d.added_at_elisions:
        text += (
            f" ({_words(d.added_at_elisions)} added where the article itself marks a cut with '...': "
            "they may be the speaker's, but no article here confirms them)"
        )
    return text


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """Open a database read-only (it is never changed by a check)."""
    path = Path(path)
    if not path.exists():
        raise DatabaseError(f"{path}: no such database")
    try:
        conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
        conn.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: {exc}") from exc
    return conn


def check_file(path: str | Path, text: str, *, limit: int = 5) -> CheckResult:
    """Check a pasted quote against the database at ``path``."""
    conn = open_readonly(path)
    try:
        try:
            return check_quote(conn, text, limit=limit)
        except DatabaseError as exc:
            raise DatabaseError(f"{path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"{path}: {exc}") from exc
    finally:
        conn.close()
