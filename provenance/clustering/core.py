"""Clustering: variant wordings into clusters, clusters into statements.

The unit is the *phrase*: one distinct wording in its matching form
(:mod:`provenance.wording.form`) on one day; all quotes with that wording
that day share it (a wording under eight tokens is a phrase per speaker,
so a short line two people happen to say is not one remark). Phrases are
linked by a phrase graph in the spirit of MemeTracker:

1. **Blocking.** Each phrase has keys: its token 3-shingles (wording),
   its stretches from one content word to the next, function words and
   all (spans: in a big archive every shingle of "I am sure that is not
   what the budget" is common, the span "sure ... budget" is not), its
   wording with its speaker (identity: the same words another day), and
   its content stems per speaker (statements). A key held by more
   than ``MAX_DF`` phrases is a formula ("we will continue these talks",
   "I think it's important") and proposes nothing; an identity key held
   on more than ``IDENTITY_MAX_DF`` days is a habit, not an occasion.
2. **Verification** by an order-aware alignment (:func:`align`): the
   longest-common-subsequence blocks of two wordings, the densest run of
   them, and rules on what is left over: one wording inside the other
   (truncation, elision, insertion) or the end of one overlapping the
   start of the other (two outlets quoting overlapping windows of one
   remark). Words that diverge on both sides of a shared stretch are
   two remarks sharing a phrase, not one; a stretch that keeps the frame
   but changes the content words is another translation. Short shared
   stretches need the speakers to agree, except where one speaker is
   unknown and, within a day, the smaller wording is found whole and
   unbroken in the other, or is whole sentences of it (one function word
   may differ: "What is this? A circus?" in "... What is this, the
   circus? ...").
3. **One parent.** Each phrase joins at most one parent: its best
   verified match among *greater* phrases (longer; ties by wording), so
   a fragment shared by two remarks cannot chain them together; a short
   fragment whose candidates fall in two camps of equal size joins
   neither (among its own speaker's remarks, the camp it is a whole
   sentence of, else the one quoted in more articles, wins). Clusters
   are the trees of this forest. Every decision depends only on the
   phrases themselves, never on the order they arrived in, so adding
   articles one by one gives the partition one build gives.
4. **Statements.** Each phrase also takes at most one statement parent:
   a greater phrase by the same speaker, close in time, that shares most
   of its content words without being the same wording (another
   translation or paraphrase). Statements are clusters joined by those
   links.

:func:`regroup` runs this incrementally over a :class:`MatchStore`
(the database side lives in :mod:`provenance.store.matchstore`): it
recomputes only the phrases a batch of new quotes can touch, then only
the clusters and statements whose members changed.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

import numpy as np

from ..records import Cluster, Phrase, QuoteItem, Regrouped, Statement, day_number
from ..wording.form import match_form
from .alignment import WordingMatch, verify_wording
from .blocking import (
    KEY_KINDS,
    KeyKind,
    blocked_in,
    candidate_pairs,
    find_pairs,
    named_apart,
    named_apart_pairs,
    phrase_keys,
    union_pairs,
)
from .parents import choose_statement_parent, decide_parent, statement_similarity, update_choice
from .phrases import Vocab, name_words, unit_key
from .rules import (
    MAX_DF,
)

# --------------------------------------------------------------------------- the store


class MatchStore(Protocol):
    """What :func:`regroup` needs of the database (see publish.groups)."""

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


class _UnionFind:
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


def regroup(store: MatchStore, quote_ids: Iterable[int], *, max_df: int = MAX_DF) -> Regrouped:
    """Fold new quotes into the phrase graph and recompute what they touch.

    The result is what a from-scratch clustering of all quotes would give
    for the clusters and statements it returns; everything else in the
    store is unchanged."""
    out = Regrouped()
    vocab = Vocab()
    items = store.load_items(quote_ids)
    out.items.update((q.id, q) for q in items)

    _lap(out, 1)
    # 1. phrases of the new quotes
    units: dict[int, list[QuoteItem]] = defaultdict(list)
    forms: dict[int, tuple[str, tuple[int, ...], tuple[int, ...], tuple[int, ...]]] = {}
    for q in items:
        form = match_form(q.text)
        k = unit_key(form, q)
        units[k].append(q)
        if k not in forms:
            forms[k] = (" ".join(form.tokens), form.elisions, form.breaks, form.commas)
    known = store.phrases_by_key(list(units))
    known_any = bool(known) or store.has_phrases()
    fresh: list[Phrase] = []
    grown: list[Phrase] = []  # existing phrases whose speakers, first date or articles changed
    touched_clusters: set[int] = set()  # existing clusters that gained quotes
    links: list[tuple[Phrase, QuoteItem]] = []
    before: dict[int, Phrase] = {}  # grown phrases as they were
    shared: dict = {}  # one object per distinct speaker set (a million phrases share few)
    for k, members in units.items():
        speakers = frozenset(q.speaker_id for q in members if q.speaker_id is not None)
        speakers = shared.setdefault(speakers, speakers)
        names = frozenset(name_words(q.speaker) for q in members if q.speaker)
        names = shared.setdefault(names, names)
        dates = [q.published for q in members if q.published and day_number(q.published)]
        first = min(dates) if dates else None
        articles = {q.article_id for q in members}
        phrase = known.get(k)
        if phrase is None:
            norm, elisions, breaks, commas = forms[k]
            phrase = Phrase(
                None,
                k,
                norm,
                elisions,
                breaks,
                speakers,
                names,
                first,
                articles.pop() if len(articles) == 1 else None,
                commas=commas,
            )
            fresh.append(phrase)
        else:
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
    del units, forms, links, known

    loaded: dict[int, Phrase] = {p.id: p for p in fresh + grown}
    for p in [*loaded.values(), *before.values()]:
        vocab.prepare(p)

    _lap(out, 2)
    # 2. blocking keys and postings; keys turning into formulas touch their holders
    active = fresh + grown
    fresh_ids = {p.id for p in active}
    active_ids = None if not before and not known_any else np.array(sorted(fresh_ids), dtype=np.int64)
    lost_ids: set[int] = set()
    w_pairs, s_pairs = find_pairs(store, active, active_ids, loaded, vocab, max_df, lost=lost_ids)
    lost_ids = store.with_choices(lost_ids - fresh_ids)  # a phrase that chose nothing loses nothing
    _load(store, loaded, lost_ids | set(w_pairs[1].tolist()) | set(s_pairs[1].tolist()), vocab)

    _lap(out, 3)
    # 3. Smaller old phrases a new (or changed) one is now, or was, a
    #    verified candidate of may change their choice; no other phrase's
    #    can. Where the old choice and the new candidates settle it (a
    #    strong old parent; any statement parent), the choice is updated
    #    from those; otherwise (and for holders of keys that just became
    #    formulas) it is recomputed from all its candidates.
    full = _shrunk_choices_change(store, lost_ids, loaded, before, vocab)
    news: dict[int, tuple[list[tuple[Phrase, WordingMatch]], list[Phrase]]] = {}
    for kind, (xs, ys, _) in (("w", w_pairs), ("w>s", w_pairs), ("s", s_pairs)):
        for x, y in zip(xs.tolist(), ys.tolist()):
            if y in fresh_ids or y in full or loaded[y].order > loaded[x].order:
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
    _load(
        store,
        loaded,
        {
            ref
            for y in news
            if y not in full
            for ref in (loaded[y].parent, loaded[y].statement_parent)
            if ref is not None
        },
        vocab,
    )
    settled: dict[int, tuple[int | None, int | None, bool]] = {}
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
            store, [loaded[i] for i in full], np.array(sorted(full), dtype=np.int64), loaded, vocab, max_df
        )
        _load(store, loaded, set(more_w[1].tolist()) | set(more_s[1].tolist()), vocab)
        w_pairs = tuple(np.concatenate([a, b]) for a, b in zip(w_pairs, more_w))
        s_pairs = tuple(np.concatenate([a, b]) for a, b in zip(s_pairs, more_s))
    recompute_ids = fresh_ids | full

    _lap(out, 4)
    # 4. one parent per phrase
    w_cands = _by_source(w_pairs, loaded)
    s_cands = _by_source(union_pairs(s_pairs, named_apart_pairs(w_pairs, loaded)), loaded)
    del w_pairs, s_pairs
    changed: list[Phrase] = []
    old_parent: dict[int, int | None] = {}
    old_stmt_parent: dict[int, int | None] = {}
    choices = dict(settled)
    for pid in sorted(recompute_ids):
        p = loaded[pid]
        parent, tied = decide_parent(p, w_cands.get(pid, []))
        stmt = choose_statement_parent(p, s_cands.get(pid, []))
        out.pairs_verified += len(w_cands.get(pid, [])) + len(s_cands.get(pid, []))
        choices[pid] = (parent.id if parent else None, stmt.id if stmt else None, tied)
    for pid, (new_parent, new_stmt, tied) in sorted(choices.items()):
        p = loaded[pid]
        if new_parent != p.parent or new_stmt != p.statement_parent or tied != p.tied or p.id in fresh_ids:
            old_parent[pid], old_stmt_parent[pid] = p.parent, p.statement_parent
            p.parent, p.statement_parent, p.tied = new_parent, new_stmt, tied
            changed.append(p)
    out.phrases_recomputed = len(recompute_ids) + len(settled)

    _lap(out, 5)
    # 5. clusters: trees of the parent forest, over every cluster a change touches
    affected = set(touched_clusters)
    for p in changed:
        if p.cluster is not None:
            affected.add(p.cluster)
        for ref in (old_parent.get(p.id), p.parent):
            if ref is not None and ref in loaded and loaded[ref].cluster is not None:
                affected.add(loaded[ref].cluster)
    members = store.phrases_of_clusters(affected)
    members.update((pid, loaded[pid]) for pid in members if pid in loaded)
    members.update((p.id, p) for p in fresh)
    out.old_clusters = {p.cluster for p in members.values() if p.cluster is not None}

    _lap(out, 6)
    # 6. statements: clusters joined by statement links, over every statement touched
    old_stmts = {p.statement for p in members.values() if p.statement is not None}
    for p in changed:
        for ref in (old_stmt_parent.get(p.id), p.statement_parent):
            if ref is not None and ref in loaded and loaded[ref].statement is not None:
                old_stmts.add(loaded[ref].statement)
    group = store.phrases_of_statements(old_stmts)
    group.update((pid, loaded[pid]) for pid in group if pid in loaded)
    group.update(members)
    old_cluster = {pid: p.cluster for pid, p in group.items()}
    old_statement = {pid: p.statement for pid, p in group.items()}
    roots = _roots(members)
    for pid, p in members.items():
        p.cluster = roots[pid]
    uf = _UnionFind()
    for p in group.values():
        uf.find(p.cluster)
        target = group.get(p.statement_parent) if p.statement_parent is not None else None
        if target is not None:
            uf.union(p.cluster, target.cluster)
    for p in group.values():
        p.statement = uf.find(p.cluster)
    out.old_statements = {s for s in old_statement.values() if s is not None}
    changed_ids = {p.id for p in changed}
    store.save_links(
        [
            p
            for pid, p in group.items()
            if pid in changed_ids or old_cluster[pid] != p.cluster or old_statement[pid] != p.statement
        ]
    )

    _lap(out, 7)
    # 7. the records to trace: every recomputed cluster, every recomputed statement
    quotes_of = store.quotes_of_phrases(group)
    missing = {q for qs in quotes_of.values() for q in qs if q not in out.items}
    out.items.update((q.id, q) for q in store.load_items(missing))
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
    new_cluster_ids = {p.cluster for p in members.values()}
    statements: dict[int, Statement] = {}
    for cid, qids in sorted(by_cluster.items()):
        sid = cluster_phrases[cid][0].statement
        st = statements.setdefault(sid, Statement(key=sid, cluster_keys=[], speaker_id=None))
        st.cluster_keys.append(cid)
        if cid in new_cluster_ids:
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
    _lap(out, 8)
    return out


def _lap(out: Regrouped, step: int) -> None:
    """Seconds spent before each step (in ``out.seconds``)."""
    now = time.perf_counter()
    if step > 1:
        out.seconds[f"step {step - 1}"] = round(now - out.seconds.get("_t", now), 3)
    out.seconds["_t"] = now


def _shrunk_choices_change(
    store: MatchStore, lost: set[int], loaded: dict[int, Phrase], before: dict[int, Phrase], vocab: Vocab
) -> set[int]:
    """Of the phrases that lost candidates (a key they share became a
    formula), those whose choice may change: a choice over fewer
    candidates stands when the chosen one is still a candidate (and was
    chosen by a strong match), or when nothing was chosen and no tie
    was broken."""
    if not lost:
        return set()
    refs = {r for y in lost for r in (loaded[y].parent, loaded[y].statement_parent) if r is not None}
    _load(store, loaded, refs, vocab)
    involved = [loaded[i] for i in set(lost) | refs]
    shared: dict[KeyKind, dict[tuple[int, int], int]] = {}
    for kind in KEY_KINDS:
        keys, ids = phrase_keys(involved, vocab, kind.name)
        live = ~np.isin(keys, np.fromiter(store.formula_keys(keys), dtype=np.int64))
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


def _load(store: MatchStore, loaded: dict[int, Phrase], ids: set[int], vocab: Vocab) -> None:
    missing = [i for i in ids if i not in loaded]
    if missing:
        for pid, p in store.load_phrases(missing).items():
            vocab.prepare(p)
            loaded[pid] = p


def _by_source(pairs, loaded: dict[int, Phrase]) -> dict[int, list[Phrase]]:
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
