"""Check a pasted quote against a provenance database.

A journalist pastes a quote as seen on social media or in an article and
learns whether it was said in those words: the matching clusters ranked,
the closest variant, a word-level diff against each variant, the speaker,
where the wording and the remark first appeared, and a verdict in plain
words: verbatim, trimmed, altered or not found.

Candidates come from the full-text index (any word of the paste); each is
then lined up word by word with the paste (:mod:`provenance.wording.diff`, in the
matching form of :mod:`provenance.wording.form`). The verdict rests on that
alignment: which words were cut, changed or added, and where. rapidfuzz's
similarity only orders candidates that the alignment ranks alike.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz

from .errors import DatabaseError
from .store.schema import CLUSTER_JOINS, QUOTE_JOINS
from .wording.diff import WordDiff, diff_words
from .wording.form import match_tokens, normalize

Verdict = Literal["verbatim", "trimmed", "altered", "not found"]
VERBATIM: Verdict = "verbatim"
TRIMMED: Verdict = "trimmed"
ALTERED: Verdict = "altered"
NOT_FOUND: Verdict = "not found"
_VERDICT_RANK = {VERBATIM: 0, TRIMMED: 1, ALTERED: 2, NOT_FOUND: 3}


def verdict_rank(verdict: Verdict) -> int:
    """How reassuring a verdict is, best first: verbatim, trimmed, altered, not found."""
    return _VERDICT_RANK[verdict]


#: Share of the pasted words that must line up, in order, with a variant
#: for it to count as the same quote, altered.
ALTERED_MIN_SHARE = 0.6
#: Fewer pasted words than this and a match may be a common phrase.
SHORT_PASTE = 4
#: Candidate quotes read from the full-text index, clusters compared, and
#: variants read per cluster (a wire story may have hundreds).
CANDIDATE_QUOTES = 200
MAX_CLUSTERS = 30
MAX_VARIANTS_PER_CLUSTER = 500

# Words too common to find candidates with (all words still count in the diff).
_COMMON = frozenset(
    "a an and are as at be been but by for from had has have he her his i in is it its not of on or our "
    "she so that the their them there these they this those to was we were which will with would you".split()
)
_QUOTED = re.compile(
    r"\"([^\"]+)\"|\u201c([^\u201c\u201d]+)[\u201d\u201c]|\u00ab([^\u00ab\u00bb]+)\u00bb"
    r"|\u201e([^\u201c\u201d\u201e]+)[\u201c\u201d]"
)
_URL = re.compile(r"https?://\S+|www\.\S+")
_TRAILING_TAGS = re.compile(r"(?:\s+[#@][\w.]+)+\s*$")
_LEADING_HANDLES = re.compile(r"^\s*(?:RT\s+)?(?:@\w+:?\s+)+")


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
        return (verdict_rank(self.verdict), -self.coverage, -self.similarity, self.quote_id)


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
    closest: VariantMatch
    variants: list[VariantMatch] = field(default_factory=list)  # in time order


@dataclass
class CheckResult:
    """The answer to "was this said in these words?"."""

    text: str  # as pasted
    checked: str  # the part of it compared (the words inside quotation marks, when it has them)
    verdict: Verdict
    explanation: str
    matches: list[ClusterMatch] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for match, raw in zip(self.matches, data["matches"]):
            raw["closest"]["diff"] = match.closest.diff.to_dict()
            for variant, vraw in zip(match.variants, raw["variants"]):
                vraw["diff"] = variant.diff.to_dict()
        return data


def judge(diff: WordDiff) -> Verdict:
    """The verdict for wording ``a`` of a diff against wording ``b``.

    verbatim: the same words in the same order (capitals, punctuation,
    marks, hyphens, contractions and bracketed insertions aside). trimmed:
    words only cut, at the ends or where ``a`` marks an elision with "...".
    altered: most of ``a``'s words line up with ``b`` but some were changed,
    added or cut without a mark. not found: otherwise."""
    if diff.a_words == 0 or diff.same == 0:
        return NOT_FOUND
    if diff.identical:
        return VERBATIM
    if diff.only_trimmed:
        return TRIMMED
    if diff.same >= ALTERED_MIN_SHARE * diff.a_words and diff.longest_run >= min(3, diff.a_words):
        return ALTERED
    return NOT_FOUND


def compare_wordings(a: str, b: str) -> Verdict:
    """How wording ``a`` relates to ``b``: verbatim, trimmed, altered or not found."""
    return judge(diff_words(a, b))


def quoted_part(text: str) -> str:
    """What to compare: the words inside quotation marks when they make up
    most of the paste ('"...," the minister said' gives the quote), without
    links, a leading "RT @user:" and trailing hashtags; otherwise the whole paste."""
    text = _URL.sub(" ", text or "")
    text = _LEADING_HANDLES.sub("", _TRAILING_TAGS.sub("", text)).strip()
    pieces = [next(g for g in m.groups() if g is not None) for m in _QUOTED.finditer(text)]
    inside = sum(len(p) for p in pieces)
    if pieces and inside >= 0.5 * len(text.strip(' "\u201c\u201d\u00ab\u00bb\u201e')):
        return " ".join(p.strip() for p in pieces)
    return text


def _fts_query(tokens: list[str]) -> str:
    rare = [t for t in dict.fromkeys(tokens) if t not in _COMMON]
    words = rare if len(rare) >= 2 else list(dict.fromkeys(tokens))
    return " OR ".join(f'"{t}"' for t in words)


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("select 1 from sqlite_master where name = ?", (name,)).fetchone() is not None


def _candidate_clusters(conn: sqlite3.Connection, tokens: list[str]) -> tuple[list[int], list[int]]:
    """Cluster ids (best first) and unclustered quote ids sharing words with the paste."""
    if _has_table(conn, "quotes_fts"):
        rows = conn.execute(
            "select q.id, q.cluster_id from quotes_fts join quotes q on q.rowid = quotes_fts.rowid"
            " where quotes_fts match ? order by bm25(quotes_fts) limit ?",
            (_fts_query(tokens), CANDIDATE_QUOTES),
        ).fetchall()
    else:  # no full-text index: look for the longest words
        longest = sorted(set(tokens), key=len, reverse=True)[:3]
        where = " or ".join("text like ?" for _ in longest)
        rows = conn.execute(
            f"select id, cluster_id from quotes where {where} limit ?", (*(f"%{t}%" for t in longest), CANDIDATE_QUOTES)
        ).fetchall()
    clusters = list(dict.fromkeys(c for _, c in rows if c is not None))
    loose = [q for q, c in rows if c is None]
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
    conn: sqlite3.Connection, cluster_id: int | None, variants: list[VariantMatch], speaker_names: list[str | None]
) -> ClusterMatch:
    closest = min(variants, key=VariantMatch.sort_key)
    variants = sorted(variants, key=lambda v: time_order(v.published, v.quote_id))
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
    if speaker is None:  # no speaker on the statement: the name most variants give
        named = Counter(s for s in speaker_names if s is not None)
        if named:
            speaker = named.most_common(1)[0][0]
    return ClusterMatch(
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
    )


def check_quote(conn: sqlite3.Connection, text: str, *, limit: int = 5) -> CheckResult:
    """Check a pasted quote against the database open on ``conn``: the
    matching clusters (best first, at most ``limit``) and a verdict."""
    checked = quoted_part(text)
    tokens = match_tokens(checked)
    if not tokens:
        return CheckResult(text, checked, NOT_FOUND, "Nothing to check: paste the words of a quote.")
    if not _has_table(conn, "quotes"):
        raise DatabaseError("not a provenance database (no quotes table)")
    pasted_form = " ".join(tokens)
    cluster_ids, loose = _candidate_clusters(conn, tokens)
    groups: list[tuple[int | None, list]] = []
    for cluster_id in cluster_ids[:MAX_CLUSTERS]:
        rows = conn.execute(
            _VARIANTS_SQL + " where cluster_id = ? order by id limit ?", (cluster_id, MAX_VARIANTS_PER_CLUSTER)
        ).fetchall()
        groups.append((cluster_id, rows))
    for quote_id in loose[:MAX_CLUSTERS]:
        groups.append((None, conn.execute(_VARIANTS_SQL + " where id = ?", (quote_id,)).fetchall()))
    scored = []
    seen: dict[str, tuple[WordDiff, float]] = {}
    for cluster_id, rows in groups:
        variants = [_compare(checked, pasted_form, row, seen) for row in rows]
        if not variants:
            continue
        closest = min(variants, key=VariantMatch.sort_key)
        if closest.verdict != NOT_FOUND:
            scored.append((closest.sort_key(), cluster_id, variants, [r[5] for r in rows]))
    scored.sort(key=lambda s: s[0])
    matches = [_cluster_match(conn, cid, variants, sids) for _, cid, variants, sids in scored[:limit]]
    verdict = matches[0].verdict if matches else NOT_FOUND
    return CheckResult(text, checked, verdict, explain(verdict, matches[0] if matches else None, len(tokens)), matches)


def explain(verdict: Verdict, match: ClusterMatch | None, n_words: int) -> str:
    """The verdict in plain words."""
    if match is None or verdict == NOT_FOUND:
        return (
            "Not found: no quote in this database has these words. The database holds only the articles "
            "it was built from, so a quote missing here is not proof that it was never said."
        )
    who = f"by {match.speaker}" if match.speaker else "by an unnamed speaker"
    where = match.closest.outlet or "an article"
    d = match.closest.diff
    if verdict == VERBATIM:
        text = f"Verbatim: these are the words of a quote {who} in {where} (capitals and punctuation aside)."
    elif verdict == TRIMMED:
        marked = f", {d.cut_at_elisions} of them where you mark an elision" if d.cut_at_elisions else ""
        text = (
            f"Trimmed: every word you pasted is in a longer quote {who} in {where}, in the same order; "
            f"{d.cut} {'word was' if d.cut == 1 else 'words were'} left out{marked}."
        )
    else:
        text = f"Altered: the closest quote {who} in {where} differs from what you pasted: {_alterations(d)}."
    if match.wording_source:
        text += f" This wording comes from {match.wording_source}."
    if match.primary_source:
        text += f" The remark was first made to {match.primary_source}."
    if n_words < SHORT_PASTE:
        text += " Only a few words were pasted: they may be a common phrase rather than this remark."
    return text + " Check the original article before you publish."


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
