"""Regroup: fold new quotes into the phrase graph and recompute only what
they touch.

:func:`regroup` runs over a :class:`MatchStore` (the database side lives
in :mod:`provenance.store.matchstore`) in seven steps, one function each
over one :class:`Run`: the phrases of the new quotes; their keys, postings
and candidates; which old choices may change; one parent per phrase;
clusters; statements; the records to trace.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np

from ..records import Cluster, Phrase, QuoteItem, Regrouped, Statement, day_number
from ..wording.form import match_form
from .alignment import WordingMatch, verify_wording
from .blocking import (
    KEY_KINDS,
    KeyKind,
    Pairs,
    blocked_in,
    candidate_pairs,
    find_pairs,
    named_apart,
    named_apart_pairs,
    phrase_keys,
    union_pairs,
)
from .parents import Choice, choose_statement_parent, decide_parent, statement_similarity, update_choice
from .phrases import Vocab, name_words, unit_key
from .rules import MAX_DF


class MatchStore(Protocol):
    """What :func:`regroup` needs of the database
    (:class:`provenance.store.matchstore.SQLiteMatchStore`)."""

    def load_items(self, quote_ids: Iterable[int]) -> list[QuoteItem]: ...
    def has_phrases(self) -> bool: ...
    def phrases_by_key(self, keys: list[int]) -> dict[int, Phrase]: ...
    def save_new_phrases(self, phrases: list[Phrase]) -> None: ...
    def update_phrase_facts(self, phrases: list[Phrase]) -> None: ...
    def link_quotes(self, pairs: list[tuple[int, int]]) -> None: ...
    def add_postings(
        self,
        keys: np.ndarray,
        ids: np.ndarray,
        sizes: np.ndarray,
        max_df: int,
        short_df: int | None = None,
        short: int = 0,
    ) -> tuple: ...
    def formula_keys(self, keys: np.ndarray) -> set[int]: ...
    def postings(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]: ...
    def load_phrases(self, ids: Iterable[int]) -> dict[int, Phrase]: ...
    def with_choices(self, ids: Iterable[int]) -> set[int]: ...
    def phrases_of_clusters(self, cluster_ids: Iterable[int]) -> dict[int, Phrase]: ...
    def phrases_of_statements(self, statement_ids: Iterable[int]) -> dict[int, Phrase]: ...
    def quotes_of_phrases(self, phrase_ids: Iterable[int]) -> dict[int, list[int]]: ...
    def save_links(self, phrases: list[Phrase]) -> None: ...


def _no_pairs() -> Pairs:
    """No candidate pairs."""
    e = np.zeros(0, np.int64)
    return e, e, e


@dataclass(slots=True)
class Run:
    """One regroup's state, filled in step by step."""

    store: MatchStore
    max_df: int
    items: list[QuoteItem]  # the new quotes
    out: Regrouped = field(default_factory=Regrouped)
    vocab: Vocab = field(default_factory=Vocab)
    loaded: dict[int, Phrase] = field(default_factory=dict)  # every phrase made or read so far, prepared
    # 1. phrases of the new quotes
    fresh: list[Phrase] = field(default_factory=list)  # phrases new to the store
    grown: list[Phrase] = field(default_factory=list)  # stored phrases whose speakers, first date or article changed
    before: dict[int, Phrase] = field(default_factory=dict)  # grown phrases as they were
    touched_clusters: set[int] = field(default_factory=set)  # stored clusters that gained quotes
    known_any: bool = False  # the store held phrases already
    # 2. keys, postings and candidates
    active: set[int] = field(default_factory=set)  # fresh and grown phrases: their choices are made afresh
    w_pairs: Pairs = field(default_factory=_no_pairs)  # wording candidate pairs (until step 4)
    s_pairs: Pairs = field(default_factory=_no_pairs)  # statement candidate pairs (until step 4)
    lost: set[int] = field(default_factory=set)  # old phrases whose candidates shrank (a key turned formula)
    # 3. which old choices may change
    full: set[int] = field(default_factory=set)  # old phrases that choose again among all their candidates
    settled: dict[int, Choice] = field(default_factory=dict)  # old phrases' choices updated from new candidates
    # 4. one parent per phrase
    changed: list[Phrase] = field(default_factory=list)  # phrases whose choice changed, and every fresh one
    old_parent: dict[int, int | None] = field(default_factory=dict)  # of the changed phrases
    old_stmt_parent: dict[int, int | None] = field(default_factory=dict)
    # 5. clusters
    members: dict[int, Phrase] = field(default_factory=dict)  # every phrase of the clusters recomputed
    old_cluster: dict[int, int | None] = field(default_factory=dict)  # of the members, before
    # 6. statements
    group: dict[int, Phrase] = field(default_factory=dict)  # every phrase of the statements recomputed

    def load(self, ids: set[int]) -> None:
        """Read (and prepare) the phrases of ``ids`` not loaded yet."""
        loaded = self.loaded
        missing = [i for i in ids if i not in loaded]
        if missing:
            for pid, p in self.store.load_phrases(missing).items():
                self.vocab.prepare(p)
                loaded[pid] = p


def regroup(store: MatchStore, quote_ids: Iterable[int], *, max_df: int = MAX_DF) -> Regrouped:
    """Fold new quotes into the phrase graph and recompute what they touch.

    The result is what a from-scratch clustering of all quotes would give
    for the clusters and statements it returns; everything else in the
    store is unchanged."""
    run = Run(store, max_df, store.load_items(quote_ids))
    run.out.items.update((q.id, q) for q in run.items)
    for step, do in enumerate(_STEPS, 1):
        _lap(run.out, step)
        do(run)
    _lap(run.out, len(_STEPS) + 1)
    return run.out


def _phrases_of_new_quotes(run: Run) -> None:
    """1. The phrase of each new quote: a new phrase, or a stored one that
    may gain speakers, an earlier date or another article. Phrases and
    links to their quotes are saved."""
    store = run.store
    units: dict[int, list[QuoteItem]] = defaultdict(list)
    forms: dict[int, Form] = {}
    for q in run.items:
        k, form = quote_unit(q)
        units[k].append(q)
        if k not in forms:
            forms[k] = form
    known = store.phrases_by_key(list(units))
    run.known_any = bool(known) or store.has_phrases()
    fresh, grown, before, touched_clusters = run.fresh, run.grown, run.before, run.touched_clusters
    links: list[tuple[Phrase, QuoteItem]] = []
    shared: dict = {}  # one object per distinct speaker set (a million phrases share few)
    for k, members in units.items():
        phrase = known.get(k)
        if phrase is None:
            phrase = new_phrase(k, forms[k], members, shared)
            fresh.append(phrase)
        else:
            speakers, names, first, articles = unit_facts(members, shared)
            new_speakers = phrase.speakers | speakers
            new_first = min(filter(None, (phrase.published, first)), default=None)
            new_article = phrase.article if articles == {phrase.article} else None
            if new_speakers != phrase.speakers or new_first != phrase.published or new_article != phrase.article:
                before[phrase.id] = replace(phrase)
                phrase.speakers, phrase.published, phrase.article = new_speakers, new_first, new_article
                phrase.names = phrase.names | names
                grown.append(phrase)
            if phrase.cluster is not None:
                touched_clusters.add(phrase.cluster)
        links.extend((phrase, q) for q in members)
    store.save_new_phrases(fresh)
    store.update_phrase_facts(grown)
    store.link_quotes([(q.id, p.id) for p, q in links])
    run.loaded.update((p.id, p) for p in fresh + grown)
    for p in [*run.loaded.values(), *before.values()]:
        run.vocab.prepare(p)


#: A wording's matching form as a phrase keeps it: tokens (space-separated), elisions, breaks, commas.
Form = tuple[str, tuple[int, ...], tuple[int, ...], tuple[int, ...]]


def quote_unit(q: QuoteItem) -> tuple[int, Form]:
    """The unit key of the phrase a quote belongs to, and its wording's form."""
    form = match_form(q.text)
    return unit_key(form, q), (" ".join(form.tokens), form.elisions, form.breaks, form.commas)


def unit_facts(
    members: list[QuoteItem], shared: dict
) -> tuple[frozenset[int], frozenset[frozenset[str]], str | None, set[int]]:
    """What the quotes of one phrase say of it: its speakers, their names,
    its first date and its articles (``shared`` keeps one object per
    distinct set)."""
    speakers = frozenset(q.speaker_id for q in members if q.speaker_id is not None)
    speakers = shared.setdefault(speakers, speakers)
    names = frozenset(name_words(q.speaker) for q in members if q.speaker)
    names = shared.setdefault(names, names)
    dates = [q.published for q in members if q.published and day_number(q.published)]
    return speakers, names, (min(dates) if dates else None), {q.article_id for q in members}


def new_phrase(k: int, form: Form, members: list[QuoteItem], shared: dict) -> Phrase:
    """A new phrase (no id yet) of unit key ``k`` and these quotes."""
    speakers, names, first, articles = unit_facts(members, shared)
    norm, elisions, breaks, commas = form
    article = articles.pop() if len(articles) == 1 else None
    return Phrase(None, k, norm, elisions, breaks, speakers, names, first, article, commas=commas)


def _keys_and_postings(run: Run) -> None:
    """2. The blocking keys of the new and grown phrases go into the
    postings, and give their candidates; keys turning into formulas touch
    their holders."""
    active = run.fresh + run.grown
    run.active = {p.id for p in active}
    active_ids = None if not run.before and not run.known_any else np.array(sorted(run.active), dtype=np.int64)
    lost: set[int] = set()
    run.w_pairs, run.s_pairs = find_pairs(run.store, active, active_ids, run.vocab, run.max_df, lost=lost)
    run.lost = run.store.with_choices(lost - run.active)  # a phrase that chose nothing loses nothing
    run.load(run.lost | set(run.w_pairs[1].tolist()) | set(run.s_pairs[1].tolist()))


def _choices_that_may_change(run: Run) -> None:
    """3. Smaller old phrases a new (or changed) one is now, or was, a
    verified candidate of may change their choice; no other phrase's can.
    Where the old choice and the new candidates settle it (a strong old
    parent; any statement parent), the choice is updated from those;
    otherwise (and for holders of keys that just became formulas) it is
    recomputed from all its candidates."""
    loaded, before = run.loaded, run.before
    full = _shrunk_choices_change(run)
    news = _new_candidates(run, full)
    run.load(
        {
            ref
            for y in news
            if y not in full
            for ref in (loaded[y].parent, loaded[y].statement_parent)
            if ref is not None
        }
    )
    settled: dict[int, Choice] = {}
    for y, (w_new, s_new) in news.items():
        if y in full:
            continue
        decided = update_choice(loaded[y], w_new, s_new, loaded, before)
        if decided is None:
            full.add(y)
        else:
            settled[y] = decided
    if full:
        more_w, more_s = find_pairs(
            run.store, [loaded[i] for i in full], np.array(sorted(full), dtype=np.int64), run.vocab, run.max_df
        )
        run.load(set(more_w[1].tolist()) | set(more_s[1].tolist()))
        run.w_pairs = tuple(np.concatenate([a, b]) for a, b in zip(run.w_pairs, more_w))
        run.s_pairs = tuple(np.concatenate([a, b]) for a, b in zip(run.s_pairs, more_s))
    run.full, run.settled = full, settled


def _new_candidates(run: Run, full: set[int]) -> dict[int, tuple[list[tuple[Phrase, WordingMatch]], list[Phrase]]]:
    """Old phrases' new verified candidates (wording matches, statement
    candidates), from the pairs of step 2; an old phrase one of whose
    candidates changed goes into ``full`` instead."""
    loaded, before, active = run.loaded, run.before, run.active
    news: dict[int, tuple[list[tuple[Phrase, WordingMatch]], list[Phrase]]] = {}
    for kind, (xs, ys, _) in (("w", run.w_pairs), ("w>s", run.w_pairs), ("s", run.s_pairs)):
        for x, y in zip(xs.tolist(), ys.tolist()):
            if y in active or y in full or loaded[y].order > loaded[x].order:
                continue
            if (
                kind == "w>s"
                and not named_apart(loaded[y], loaded[x])
                and not (x in before and named_apart(loaded[y], before[x]))
            ):
                continue  # a wording pair is a statement candidate too only when one speaker has two ids
            py = loaded[y]
            check = verify_wording if kind == "w" else statement_similarity
            now = check(py, loaded[x])
            was = x in before and check(py, before[x]) is not None
            if was:
                full.add(y)  # a candidate that changed: start again
            elif now is not None:
                entry = news.setdefault(y, ([], []))
                if kind == "w":
                    entry[0].append((loaded[x], now))
                else:
                    entry[1].append(loaded[x])
    return news


def _one_parent_per_phrase(run: Run) -> None:
    """4. Each new phrase, and each old one whose choice may change, chooses
    among all its candidates (the settled ones take their updated choice);
    the phrases whose choice changed are kept, with their old parents."""
    loaded, out, active = run.loaded, run.out, run.active
    recompute_ids = active | run.full
    w_pairs, s_pairs = run.w_pairs, run.s_pairs
    run.w_pairs = run.s_pairs = _no_pairs()  # a build has millions
    choices, out.pairs_verified = choose_parents(recompute_ids, w_pairs, s_pairs, loaded)
    choices.update(run.settled)
    changed, old_parent, old_stmt_parent = run.changed, run.old_parent, run.old_stmt_parent
    for pid, (new_parent, new_stmt, tied) in sorted(choices.items()):
        p = loaded[pid]
        if new_parent != p.parent or new_stmt != p.statement_parent or tied != p.tied or p.id in active:
            old_parent[pid], old_stmt_parent[pid] = p.parent, p.statement_parent
            p.parent, p.statement_parent, p.tied = new_parent, new_stmt, tied
            changed.append(p)
    out.phrases_recomputed = len(recompute_ids) + len(run.settled)


def choose_parents(
    ids: Iterable[int], w_pairs: Pairs, s_pairs: Pairs, loaded: dict[int, Phrase]
) -> tuple[dict[int, Choice], int]:
    """Each phrase of ``ids`` chooses its parent and statement parent among
    its candidates (wording pairs, statement pairs from x to y; every
    phrase of them in ``loaded``); returns the choices and how many
    candidates were weighed. A choice depends only on the phrase and its
    candidates, so phrases can choose apart (on Dask workers)."""
    w_cands = _by_source(w_pairs, loaded)
    s_cands = _by_source(union_pairs(s_pairs, named_apart_pairs(w_pairs, loaded)), loaded)
    choices: dict[int, Choice] = {}
    verified = 0
    for pid in sorted(ids):
        p = loaded[pid]
        parent, tied = decide_parent(p, w_cands.get(pid, []))
        stmt = choose_statement_parent(p, s_cands.get(pid, []))
        verified += len(w_cands.get(pid, [])) + len(s_cands.get(pid, []))
        choices[pid] = (parent.id if parent else None, stmt.id if stmt else None, tied)
    return choices, verified


def _clusters(run: Run) -> None:
    """5. Clusters: the trees of the parent forest, over every cluster a
    change touches."""
    loaded = run.loaded
    affected = set(run.touched_clusters)
    for p in run.changed:
        if p.cluster is not None:
            affected.add(p.cluster)
        for ref in (run.old_parent.get(p.id), p.parent):
            if ref is not None and ref in loaded and loaded[ref].cluster is not None:
                affected.add(loaded[ref].cluster)
    members = run.store.phrases_of_clusters(affected)
    members.update((pid, loaded[pid]) for pid in members if pid in loaded)
    members.update((p.id, p) for p in run.fresh)
    run.out.old_clusters = {p.cluster for p in members.values() if p.cluster is not None}
    run.old_cluster = {pid: p.cluster for pid, p in members.items()}
    roots = _roots(members)
    for pid, p in members.items():
        p.cluster = roots[pid]
    run.members = members


def _statements(run: Run) -> None:
    """6. Statements: clusters joined by statement links, over every
    statement touched; the phrases whose links changed are saved."""
    loaded, members = run.loaded, run.members
    old_stmts = {p.statement for p in members.values() if p.statement is not None}
    for p in run.changed:
        for ref in (run.old_stmt_parent.get(p.id), p.statement_parent):
            if ref is not None and ref in loaded and loaded[ref].statement is not None:
                old_stmts.add(loaded[ref].statement)
    group = run.store.phrases_of_statements(old_stmts)
    group.update((pid, loaded[pid]) for pid in group if pid in loaded)
    group.update(members)
    old_cluster = run.old_cluster
    old_statement = {pid: p.statement for pid, p in group.items()}
    uf = _UnionFind()
    for p in group.values():
        uf.find(p.cluster)
        target = group.get(p.statement_parent) if p.statement_parent is not None else None
        if target is not None:
            uf.union(p.cluster, target.cluster)
    for p in group.values():
        p.statement = uf.find(p.cluster)
    run.out.old_statements = {s for s in old_statement.values() if s is not None}
    changed_ids = {p.id for p in run.changed}
    run.store.save_links(
        [
            p
            for pid, p in group.items()
            if pid in changed_ids or old_cluster.get(pid, p.cluster) != p.cluster or old_statement[pid] != p.statement
        ]
    )
    run.group = group


def _records_to_trace(run: Run) -> None:
    """7. The records to trace: every recomputed cluster, every recomputed
    statement."""
    out, group = run.out, run.group
    quotes_of = run.store.quotes_of_phrases(group)
    missing = {q for qs in quotes_of.values() for q in qs if q not in out.items}
    out.items.update((q.id, q) for q in run.store.load_items(missing))
    records_to_trace(out, group, quotes_of, {p.cluster for p in run.members.values()})


def records_to_trace(
    out: Regrouped, group: dict[int, Phrase], quotes_of: dict[int, list[int]], new_clusters: set[int]
) -> None:
    """The clusters and statements of the phrases ``group`` (their cluster
    and statement set) as records to trace, in ``out``: the clusters of
    ``new_clusters`` in full (with their canonical text), the others as
    moved to their statement; each statement's speaker the one most of its
    quotes name. ``quotes_of`` gives each phrase's quotes, ``out.items``
    their records. Statements depend only on their own phrases and quotes,
    so this runs per group of statements as well as over all."""
    by_cluster: dict[int, list[int]] = defaultdict(list)
    cluster_phrases: dict[int, list[Phrase]] = defaultdict(list)
    for pid, p in group.items():
        qids = quotes_of.get(pid, [])
        by_cluster[p.cluster].extend(qids)
        cluster_phrases[p.cluster].append(p)
        out.phrase_norm[pid] = p.norm
        for q in qids:
            out.phrase_of[q] = pid
    out.cluster_quotes = {cid: sorted(qids) for cid, qids in by_cluster.items()}
    statements: dict[int, Statement] = {}
    for cid, qids in sorted(by_cluster.items()):
        sid = cluster_phrases[cid][0].statement
        st = statements.setdefault(sid, Statement(key=sid, cluster_keys=[], speaker_id=None))
        st.cluster_keys.append(cid)
        if cid in new_clusters:
            root = next(p for p in cluster_phrases[cid] if p.id == cid)
            canonical = max((out.items[q] for q in quotes_of.get(root.id, [])), key=lambda q: (len(q.text), -q.id))
            out.clusters.append(
                Cluster(key=cid, quote_ids=sorted(qids), canonical_text=canonical.text, statement_key=sid)
            )
        else:
            out.moved_clusters[cid] = sid
    for st in statements.values():
        speakers = defaultdict(int)
        for cid in st.cluster_keys:
            for q in by_cluster[cid]:
                if out.items[q].speaker_id is not None:
                    speakers[out.items[q].speaker_id] += 1
        st.speaker_id = min(speakers, key=lambda s: (-speakers[s], s)) if speakers else None
    out.statements = list(statements.values())


_STEPS: tuple[Callable[[Run], None], ...] = (
    _phrases_of_new_quotes,
    _keys_and_postings,
    _choices_that_may_change,
    _one_parent_per_phrase,
    _clusters,
    _statements,
    _records_to_trace,
)


def _lap(out: Regrouped, step: int) -> None:
    """Seconds spent before each step (in ``out.seconds``)."""
    now = time.perf_counter()
    if step > 1:
        out.seconds[f"step {step - 1}"] = round(now - out.seconds.get("_t", now), 3)
    out.seconds["_t"] = now


def _shrunk_choices_change(run: Run) -> set[int]:
    """Of the phrases that lost candidates (a key they share became a
    formula), those whose choice may change: a choice over fewer
    candidates stands when the chosen one is still a candidate (and was
    chosen by a strong match), or when nothing was chosen and no tie
    was broken."""
    lost, loaded, before, vocab = run.lost, run.loaded, run.before, run.vocab
    if not lost:
        return set()
    refs = {r for y in lost for r in (loaded[y].parent, loaded[y].statement_parent) if r is not None}
    run.load(refs)
    involved = [loaded[i] for i in set(lost) | refs]
    shared: dict[KeyKind, dict[tuple[int, int], int]] = {}
    for kind in KEY_KINDS:
        keys, ids = phrase_keys(involved, vocab, kind.name)
        live = ~np.isin(keys, np.fromiter(run.store.formula_keys(keys), dtype=np.int64))
        xs, ys, n = candidate_pairs(keys[live], ids[live], None, len(involved) + 1, 1)
        shared[kind] = dict(zip(zip(xs.tolist(), ys.tolist()), n.tolist()))

    def still(statement: bool, a: int, b: int) -> bool:
        """Are a and b still candidates (as find_pairs would find them)?"""
        pa, pb = loaded[a], loaded[b]
        if any(
            blocked_in(kind, shared[kind].get((a, b), 0), pa, pb) for kind in KEY_KINDS if kind.statement == statement
        ):
            return True
        return statement and named_apart(pa, pb) and still(False, a, b)

    full = set()
    for y in lost:
        p = loaded[y]
        if p.parent is None:
            ok = not p.tied
        else:
            parent = loaded[p.parent]
            m = None if parent.id in before or not still(False, y, parent.id) else verify_wording(p, parent)
            ok = m is not None and m.strong
        if ok and p.statement_parent is not None:
            ok = p.statement_parent not in before and still(True, y, p.statement_parent)
        if not ok:
            full.add(y)
    return full


def _by_source(pairs: Pairs, loaded: dict[int, Phrase]) -> dict[int, list[Phrase]]:
    """Each phrase's candidates (the other side of its pairs)."""
    out: dict[int, list[Phrase]] = defaultdict(list)
    xs, ys, _ = pairs
    for x, y in zip(xs.tolist(), ys.tolist()):
        out[x].append(loaded[y])
    return out


def _roots(members: dict[int, Phrase]) -> dict[int, int]:
    """Root of each phrase's tree (parents always lie among members)."""
    roots: dict[int, int] = {}
    for pid in members:
        path = []
        x = pid
        while x not in roots:
            path.append(x)
            parent = members[x].parent
            if parent is None or parent not in members:
                roots[x] = x
                break
            x = parent
        root = roots[x]
        for y in path:
            roots[y] = root
    return roots


class _UnionFind:
    """Statements: clusters joined by statement links (the smaller id is the root)."""

    def __init__(self) -> None:
        self.up: dict[int, int] = {}

    def find(self, x: int) -> int:
        up = self.up
        root = x
        while up.get(root, root) != root:
            root = up[root]
        while up.get(x, x) != root:
            up[x], x = root, up[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if ra < rb:
                ra, rb = rb, ra
            self.up[ra] = rb  # the smaller id is the root
