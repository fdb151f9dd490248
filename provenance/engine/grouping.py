"""Clustering as tasks: the phrase graph of a build made over partitions
and buckets, with Parquet files between the steps in a work folder, by
the same functions as a local build (:mod:`provenance.clustering`).

The quotes are cut into partitions; every other step works on one of
``buckets`` buckets. A file ``STEP/NAME-I-J.parquet`` is what task I of a
step sends to bucket J of the next (a shuffle through files); a bucket
with nothing to receive gets no file.

1. :func:`units` (per partition of quotes): the phrase each quote belongs
   to (its unit key), sent to the bucket of that key.
2. :func:`phrases` (per bucket of unit keys): the phrases, each with the
   smallest id of its quotes as its id (ids then rank as a local build's
   do); their blocking keys; each key's holders counted, sent to the
   bucket of the key. A phrase's *home* is this bucket.
3. :func:`formulas` (per bucket of keys): the keys held by more phrases
   than their kind allows (formulas, a few per thousand keys), returned
   to the driver, which hands them to every task of step 4.
4. :func:`route_postings` (per home): the postings of the keys that are not
   formulas, sent to the bucket of the key: the hot-key rule is applied
   before the shuffle, so a formula's millions of holders never move.
5. :func:`key_pairs` (per bucket of keys): every key's holders holds
   every pair sharing it: pairs with the keys they share (and whether a
   rare one), sent to the home of the first phrase.
6. :func:`candidates` (per home): the pairs' shared keys summed over
   buckets; the blocking rule (:func:`~provenance.clustering.blocking.blocked`)
   tells the candidates; the candidates' ids asked of their homes.
7. :func:`answer` (per home): the phrases asked for, sent to who asked.
8. :func:`choose` (per home): each phrase chooses its parent and
   statement parent among its candidates
   (:func:`~provenance.clustering.regroup.choose_parents`).

The driver then reads only the phrases' first quotes and their choices
back, as integer arrays, and finds clusters and statements from them
(:func:`read_links`); it streams the phrases, the quotes' links and the
match index from the files into the database a batch at a time
(:func:`save_graph`), sending on the way what tracing needs. Tracing
then runs per bucket of statements (:func:`route_quotes`,
:func:`trace_bucket`), and the driver writes the rows it made, read from
its files (:func:`traced_rows`). These functions know nothing of Dask:
:mod:`.on_dask` runs them.
"""

from __future__ import annotations

import heapq
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..clustering.blocking import KEY_KINDS, blocked, phrase_keys, shared_keys, star_pairs, union_pairs
from ..clustering.phrases import Vocab
from ..clustering.regroup import MatchStore, choose_parents, new_phrase, quote_unit, records_to_trace
from ..clustering.rules import MAX_DF, SHORT_MAX_DF
from ..errors import ProvenanceError
from ..records import GroupRows, Phrase, QuoteItem, Regrouped
from ..store.writer import group_rows
from ..trace import trace_groups
from .shards import write_atomically

#: Quotes per partition of the first step.
PARTITION_QUOTES = 50_000

_INTS = pa.list_(pa.int64())
_INT, _STR = pa.int64(), pa.string()
#: A quote as clustering and tracing read it (every field of QuoteItem).
_ITEM_SCHEMA = pa.schema(
    [
        ("id", _INT),
        ("text", _STR),
        ("article_id", _INT),
        ("speaker_id", _INT),
        ("published", _STR),
        ("outlet", _STR),
        ("credited", _STR),
        ("credited_kind", _STR),
        ("wire", _STR),
        ("speaker", _STR),
        ("article_sha256", _STR),
        ("start", _INT),
    ]
)


def _write(columns: dict[str, list | np.ndarray | pa.Array], path: Path) -> None:
    write_atomically(pa.table(columns), path, durable=False)


def _send(table: pa.Table, to: np.ndarray, buckets: int, path: str) -> None:
    """Each row of ``table`` to bucket ``to[row]``: ``path`` formatted with the bucket."""
    order = np.argsort(to, kind="stable")
    bounds = np.searchsorted(to[order], np.arange(buckets + 1))
    for b in range(buckets):
        if bounds[b] < bounds[b + 1]:
            write_atomically(table.take(order[bounds[b] : bounds[b + 1]]), Path(path.format(b)), durable=False)


def _received(folder: Path, bucket: int) -> list[tuple[int, pa.Table]]:
    """The files sent to ``bucket`` of the next step, with who sent each."""
    out = []
    for path in sorted(folder.glob(f"*-{bucket:05d}.parquet")):
        sender = int(re.search(r"-(\d+)-\d+\.parquet$", path.name).group(1))
        out.append((sender, pq.read_table(path)))
    return out


def _concat(tables: Iterable[pa.Table]) -> pa.Table | None:
    tables = list(tables)
    return pa.concat_tables(tables) if tables else None


def _cap(kind) -> int:
    return kind.cap or MAX_DF


# --- 0. the quotes (written by the driver) ---


def write_items(store: MatchStore, quote_ids: np.ndarray, folder: Path, parts: int) -> int:
    """The build's quotes (sorted ids), as clustering and tracing read
    them, in ``parts`` partitions of consecutive ids, read from the store
    :data:`BATCH_ROWS` at a time. Returns the partition size: partition I
    holds ``quote_ids[I * size : (I + 1) * size]``."""
    size = -(-len(quote_ids) // parts) if len(quote_ids) else 1
    for i in range(parts):
        part = quote_ids[i * size : (i + 1) * size]
        path = folder / "items" / f"items-{i:05d}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        with pq.ParquetWriter(tmp, _ITEM_SCHEMA, compression="zstd") as writer:
            writer.write_table(_ITEM_SCHEMA.empty_table())
            for start in range(0, len(part), BATCH_ROWS):
                chunk = store.load_items(part[start : start + BATCH_ROWS])
                rows = [{f: getattr(q, f) for f in _ITEM_SCHEMA.names} for q in chunk]
                writer.write_table(pa.Table.from_pylist(rows, _ITEM_SCHEMA))
        tmp.replace(path)
    return size


# --- 1. units ---


def units(folder: str, part: int, buckets: int) -> int:
    """The unit key and wording of each quote of a partition, sent to the
    bucket of the key. Returns the quotes read."""
    root = Path(folder)
    rows = pq.read_table(root / "items" / f"items-{part:05d}.parquet").to_pylist()
    keys, norms, elisions, breaks, commas = [], [], [], [], []
    for row in rows:
        k, (norm, e, b, c) = quote_unit(QuoteItem(**row))
        keys.append(k)
        norms.append(norm)
        elisions.append(list(e))
        breaks.append(list(b))
        commas.append(list(c))
    table = pa.table(
        {
            "key": pa.array(keys, pa.int64()),
            "norm": norms,
            "elisions": pa.array(elisions, _INTS),
            "breaks": pa.array(breaks, _INTS),
            "commas": pa.array(commas, _INTS),
            **{f: [row[f] for row in rows] for f in ("id", "article_id", "speaker_id", "speaker", "published")},
        }
    )
    _send(
        table, np.array(keys, dtype=np.int64) % buckets, buckets, str(root / "units" / f"u-{part:05d}-{{:05d}}.parquet")
    )
    return len(rows)


# --- 2. phrases, their keys, and the keys counted ---

_PHRASE_SCHEMA = pa.schema(
    [
        ("id", pa.int64()),
        ("key", pa.int64()),
        ("norm", pa.string()),
        ("elisions", _INTS),
        ("breaks", _INTS),
        ("commas", _INTS),
        ("speakers", _INTS),
        ("names", pa.list_(pa.string())),  # each name's words, space-separated
        ("published", pa.string()),
        ("article", pa.int64()),
    ]
)


def _phrase_rows(phrases: list[Phrase]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {
                "id": p.id,
                "key": p.key,
                "norm": p.norm,
                "elisions": list(p.elisions),
                "breaks": list(p.breaks),
                "commas": list(p.commas),
                "speakers": sorted(p.speakers),
                "names": sorted(" ".join(sorted(n)) for n in p.names),
                "published": p.published,
                "article": p.article,
            }
            for p in phrases
        ],
        schema=_PHRASE_SCHEMA,
    )


def read_phrases(table: pa.Table, shared: dict | None = None) -> list[Phrase]:
    """Phrases as :func:`phrases` wrote them (``shared``: one object per
    distinct speaker or name set)."""
    shared = {} if shared is None else shared
    out = []
    for row in table.to_pylist():
        speakers = frozenset(row["speakers"])
        names = frozenset(frozenset(n.split()) for n in row["names"])
        out.append(
            Phrase(
                row["id"],
                row["key"],
                row["norm"],
                tuple(row["elisions"]),
                tuple(row["breaks"]),
                shared.setdefault(speakers, speakers),
                shared.setdefault(names, names),
                row["published"],
                row["article"],
                commas=tuple(row["commas"]),
            )
        )
    return out


def phrases(folder: str, bucket: int, buckets: int) -> int:
    """The phrases of the unit keys of a bucket (their home), the links of
    their quotes, their blocking keys (postings), and each key's holders
    counted, sent to the bucket of the key. Returns the phrases made."""
    root = Path(folder)
    members: dict[int, list[QuoteItem]] = {}
    forms: dict[int, tuple] = {}
    for _, table in _received(root / "units", bucket):
        for row in table.to_pylist():
            k = row["key"]
            if k not in forms:
                forms[k] = (row["norm"], tuple(row["elisions"]), tuple(row["breaks"]), tuple(row["commas"]))
                members[k] = []
            members[k].append(
                QuoteItem(
                    row["id"],
                    "",
                    row["article_id"],
                    speaker_id=row["speaker_id"],
                    published=row["published"],
                    speaker=row["speaker"],
                )
            )
    shared: dict = {}
    made = []
    quote_ids, phrase_ids = [], []
    for k, quotes in members.items():
        p = new_phrase(k, forms[k], quotes, shared)
        p.id = min(q.id for q in quotes)  # ranks as the local build's id: in the order of first quotes
        made.append(p)
        quote_ids += [q.id for q in quotes]
        phrase_ids += [p.id] * len(quotes)
    made.sort(key=lambda p: p.id)
    write_atomically(_phrase_rows(made), root / "phrases" / f"p-{bucket:05d}.parquet", durable=False)
    _write({"quote_id": quote_ids, "phrase_id": phrase_ids}, root / "links" / f"l-{bucket:05d}.parquet")
    vocab = Vocab()
    for p in made:
        vocab.prepare(p)
    size_of = {p.id: p.size for p in made}
    rank_of = {p.id: p.key for p in made}
    postings: dict[str, list[np.ndarray]] = {c: [] for c in ("kind", "key", "id", "size", "rank")}
    counted: dict[str, list[np.ndarray]] = {c: [] for c in ("kind", "key", "count")}
    for kind_no, kind in enumerate(KEY_KINDS):
        keys, ids = phrase_keys(made, vocab, kind.name)
        postings["kind"].append(np.full(len(keys), kind_no, dtype=np.int8))
        postings["key"].append(keys)
        postings["id"].append(ids)
        postings["size"].append(np.array([size_of[i] for i in ids.tolist()], dtype=np.int64))
        postings["rank"].append(np.array([rank_of[i] for i in ids.tolist()], dtype=np.int64))
        held, count = np.unique(keys, return_counts=True)
        counted["kind"].append(np.full(len(held), kind_no, dtype=np.int8))
        counted["key"].append(held)
        counted["count"].append(count.astype(np.int64))
    _write({c: np.concatenate(v) for c, v in postings.items()}, root / "postings" / f"k-{bucket:05d}.parquet")
    counts = pa.table({c: np.concatenate(v) for c, v in counted.items()})
    keys = counts["key"].to_numpy()
    _send(counts, keys % buckets, buckets, str(root / "counts" / f"c-{bucket:05d}-{{:05d}}.parquet"))
    return len(made)


# --- 3. formulas ---


def formulas(folder: str, bucket: int) -> list[np.ndarray]:
    """The keys of a bucket held by more phrases than their kind allows,
    one sorted array per kind of :data:`KEY_KINDS`."""
    table = _concat(t for _, t in _received(Path(folder) / "counts", bucket))
    out = []
    for kind_no, kind in enumerate(KEY_KINDS):
        if table is None:
            out.append(np.zeros(0, np.int64))
            continue
        mine = table.filter(pc.equal(table["kind"], kind_no))
        keys, counts = mine["key"].to_numpy(), mine["count"].to_numpy()
        order = np.argsort(keys, kind="stable")
        keys, counts = keys[order], counts[order]
        if not len(keys):
            out.append(np.zeros(0, np.int64))
            continue
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        totals = np.add.reduceat(counts, starts)
        out.append(keys[starts][totals > _cap(kind)])
    return out


# --- 4. postings, without the formulas, to the buckets of their keys ---


def route_postings(folder: str, home: int, formula_keys: list[np.ndarray], buckets: int) -> int:
    """A home's postings of keys that are not formulas, sent to the
    buckets of their keys. Returns how many were sent."""
    root = Path(folder)
    table = pq.read_table(root / "postings" / f"k-{home:05d}.parquet")
    kinds, keys = table["kind"].to_numpy(), table["key"].to_numpy()
    live = np.ones(len(keys), dtype=bool)
    for kind_no, dead in enumerate(formula_keys):
        if len(dead):
            mine = kinds == kind_no
            live[mine] = ~np.isin(keys[mine], dead)
    table = table.filter(pa.array(live)).append_column("home", pa.array(np.full(int(live.sum()), home, np.int64)))
    _send(table, keys[live] % buckets, buckets, str(root / "routed" / f"r-{home:05d}-{{:05d}}.parquet"))
    return int(live.sum())


# --- 5. the pairs each key's holders make ---


def key_pairs(folder: str, bucket: int, buckets: int) -> int:
    """The pairs of phrases sharing each key of a bucket, with the keys
    they share here and whether one of those is rare, sent to the home of
    the first phrase of the pair. Returns the pairs sent."""
    root = Path(folder)
    table = _concat(t for _, t in _received(root / "routed", bucket))
    if table is None:
        return 0
    col = {c: table[c].to_numpy() for c in ("kind", "key", "id", "size", "rank", "home")}
    out: dict[str, list[np.ndarray]] = {c: [] for c in ("kind", "x", "y", "n", "rare", "sx", "sy", "hx", "hy")}
    for kind_no, kind in enumerate(KEY_KINDS):
        sel = np.flatnonzero(col["kind"] == kind_no)
        sel = sel[np.lexsort((col["id"][sel], col["key"][sel]))]
        keys, ids = col["key"][sel], col["id"][sel]
        if not len(keys):
            continue
        known, first = np.unique(ids, return_index=True)
        if kind.star:
            rank = dict(zip(ids.tolist(), col["rank"][sel].tolist()))
            xs, ys, ns = star_pairs(keys, ids, None, rank)
            found = [(xs, ys, ns, np.zeros(len(xs), dtype=bool))]
        else:
            found = list(shared_keys(keys, ids, None, _cap(kind), SHORT_MAX_DF))
        for xs, ys, ns, rare in found:
            ix, iy = first[np.searchsorted(known, xs)], first[np.searchsorted(known, ys)]
            out["kind"].append(np.full(len(xs), kind_no, dtype=np.int8))
            out["x"].append(xs)
            out["y"].append(ys)
            out["n"].append(ns.astype(np.int64))
            out["rare"].append(rare)
            for side, idx in (("x", ix), ("y", iy)):
                out[f"s{side}"].append(col["size"][sel][idx])
                out[f"h{side}"].append(col["home"][sel][idx])
    if not out["x"]:
        return 0
    pairs = pa.table({c: np.concatenate(v) for c, v in out.items()})
    _send(
        pairs.drop_columns(["hx"]),
        np.concatenate(out["hx"]),
        buckets,
        str(root / "pairs" / f"q-{bucket:05d}-{{:05d}}.parquet"),
    )
    return pairs.num_rows


# --- 6. candidates ---


def candidates(folder: str, home: int, buckets: int) -> int:
    """A home's phrases' candidates: the pairs' shared keys summed over
    the buckets, kept by the blocking rule of their kind; the candidates
    held elsewhere are asked of their homes. Returns the candidate pairs."""
    root = Path(folder)
    table = _concat(t for _, t in _received(root / "pairs", home))
    e = np.zeros(0, np.int64)
    wording = statement = (e, e, e)
    wanted_ids, wanted_homes = [e], [e]
    if table is not None:
        col = {c: table[c].to_numpy() for c in ("kind", "x", "y", "n", "rare", "sx", "sy", "hy")}
        for kind_no, kind in enumerate(KEY_KINDS):
            sel = np.flatnonzero(col["kind"] == kind_no)
            if not len(sel):
                continue
            codes = (col["x"][sel] << 32) | col["y"][sel]
            pair, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
            shared = np.bincount(inverse, weights=col["n"][sel]).astype(np.int64)
            rare = np.bincount(inverse, weights=col["rare"][sel]) > 0
            sx, sy = col["sx"][sel][first], col["sy"][sel][first]
            good = blocked(shared, rare, sx, sy, kind.least, kind.short, kind.long)
            found = (pair[good] >> 32, pair[good] & 0xFFFFFFFF, shared[good])
            if kind.statement:
                statement = union_pairs(statement, found)
            else:
                wording = union_pairs(wording, found)
            wanted_ids.append(found[1])
            wanted_homes.append(col["hy"][sel][first][good])
    ys, homes = np.concatenate(wanted_ids), np.concatenate(wanted_homes)
    elsewhere = homes != home
    asked = np.unique((ys[elsewhere] << 16) | homes[elsewhere])  # homes < 2**16
    _send(
        pa.table({"id": asked >> 16}),
        asked & 0xFFFF,
        buckets,
        str(root / "asked" / f"a-{home:05d}-{{:05d}}.parquet"),
    )
    _write(
        {
            "statement": np.r_[np.zeros(len(wording[0]), bool), np.ones(len(statement[0]), bool)],
            "x": np.r_[wording[0], statement[0]],
            "y": np.r_[wording[1], statement[1]],
            "n": np.r_[wording[2], statement[2]],
        },
        root / "candidates" / f"c-{home:05d}.parquet",
    )
    return len(wording[0]) + len(statement[0])


# --- 7. the phrases asked for ---


def answer(folder: str, home: int) -> int:
    """The phrases of a home other homes asked for, sent to them. Returns
    how many were sent."""
    root = Path(folder)
    asked = _received(root / "asked", home)
    if not asked:
        return 0
    table = pq.read_table(root / "phrases" / f"p-{home:05d}.parquet")
    sent = 0
    for sender, ids in asked:
        found = table.filter(pc.is_in(table["id"], value_set=ids["id"]))
        write_atomically(found, root / "answers" / f"s-{home:05d}-{sender:05d}.parquet", durable=False)
        sent += found.num_rows
    return sent


# --- 8. one parent per phrase ---


def choose(folder: str, home: int) -> int:
    """Each phrase of a home with candidates chooses its parent and
    statement parent among them. Returns the candidates weighed."""
    root = Path(folder)
    shared: dict = {}
    loaded = {p.id: p for p in read_phrases(pq.read_table(root / "phrases" / f"p-{home:05d}.parquet"), shared)}
    for _, table in _received(root / "answers", home):
        loaded.update((p.id, p) for p in read_phrases(table, shared))
    cands = pq.read_table(root / "candidates" / f"c-{home:05d}.parquet")
    side, xs, ys, ns = (cands[c].to_numpy() for c in ("statement", "x", "y", "n"))
    vocab = Vocab()
    for p in loaded.values():
        vocab.prepare(p)
    w, s = ~side, side
    chosen, verified = choose_parents(set(xs.tolist()), (xs[w], ys[w], ns[w]), (xs[s], ys[s], ns[s]), loaded)
    rows = [(pid, *c) for pid, c in sorted(chosen.items()) if c != (None, None, False)]
    _write(
        {
            "id": pa.array([r[0] for r in rows], pa.int64()),
            "parent": pa.array([r[1] for r in rows], pa.int64()),
            "statement_parent": pa.array([r[2] for r in rows], pa.int64()),
            "tied": pa.array([r[3] for r in rows], pa.bool_()),
        },
        root / "choices" / f"h-{home:05d}.parquet",
    )
    return verified


# --- the driver: the phrase graph as integer arrays, everything else streamed ---

#: Rows read from a task's file at a time, so the driver never holds a whole step's output.
BATCH_ROWS = 20_000


class CyclicLinks(ProvenanceError):
    """The parent links the tasks chose make a cycle (they never should: a
    phrase links only upwards in a total order)."""


def _files(root: Path, step: str, prefix: str, buckets: int) -> Iterator[Path]:
    """The files a step wrote, one per bucket (a bucket with nothing has none)."""
    for b in range(buckets):
        path = root / step / f"{prefix}-{b:05d}.parquet"
        if path.exists():
            yield path


def _batches(path: Path, columns: list[str] | None = None) -> Iterator[pa.Table]:
    """A file's rows, :data:`BATCH_ROWS` at a time."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS, columns=columns):
        yield pa.Table.from_batches([batch])


def _int_type(n: int) -> type:
    """The smallest integer type that numbers ``n`` phrases."""
    return np.int32 if n < 2**31 - 1 else np.int64


@dataclass
class Links:
    """A build's phrase graph as integer arrays indexed by phrase number
    (1, 2, ... in the order of first quotes, as a local build numbers
    phrases; entry 0 unused, and 0 means none): about 20 bytes a phrase,
    all the driver keeps of the phrases."""

    first_quote: np.ndarray  # sorted: phrase n's first quote is first_quote[n - 1] (how the tasks name it)
    parent: np.ndarray
    statement_parent: np.ndarray
    tied: np.ndarray
    cluster: np.ndarray
    statement: np.ndarray

    def number(self, first_quotes: np.ndarray) -> np.ndarray:
        """The numbers of the phrases the tasks name by their first quotes."""
        return (np.searchsorted(self.first_quote, first_quotes) + 1).astype(self.parent.dtype)


def _jump(up: np.ndarray) -> np.ndarray:
    """Each node's last ancestor in a forest where ``up`` points each node
    at an ancestor (a root at itself), by pointer jumping: each pass
    halves every path, so log2 of the longest path passes."""
    for _ in range(64):
        higher = up[up]
        if np.array_equal(higher, up):
            return up
        up = higher
    raise CyclicLinks("the parent links chosen make a cycle")


def tree_roots(parent: np.ndarray) -> np.ndarray:
    """The root of each node of a forest given by ``parent`` (0: a root)."""
    return _jump(np.where(parent > 0, parent, np.arange(len(parent), dtype=parent.dtype)))


def smallest_joined(n: int, a: np.ndarray, b: np.ndarray, dtype: type = np.int64) -> np.ndarray:
    """For each node below ``n``, the smallest node joined to it by the
    edges ``a[i]``--``b[i]`` (what union-find with the smaller id as root
    gives), by hooking each edge's larger root under the smaller and
    pointer jumping, over integer arrays: a few passes over the edges."""
    label = np.arange(n, dtype=dtype)
    while True:
        la, lb = label[a], label[b]
        apart = la != lb
        if not apart.any():
            return label
        la, lb = la[apart], lb[apart]
        low = np.minimum(la, lb)
        np.minimum.at(label, la, low)
        np.minimum.at(label, lb, low)
        label = _jump(label)


def read_links(folder: Path, buckets: int) -> Links:
    """The phrases' numbers and choices, read from the tasks' files a column
    at a time; clusters (the roots of the parent trees) and statements
    (clusters joined by statement links, each numbered by its smallest
    cluster) found from them as :func:`provenance.clustering.regroup`
    finds them."""
    found = [pq.read_table(p, columns=["id"])["id"].to_numpy() for p in _files(folder, "phrases", "p", buckets)]
    first = np.sort(np.concatenate(found)) if found else np.zeros(0, np.int64)
    del found
    n, kind = len(first) + 1, _int_type(len(first) + 1)
    links = Links(first, np.zeros(n, kind), np.zeros(n, kind), np.zeros(n, bool), np.zeros(0, kind), np.zeros(0, kind))
    for path in _files(folder, "choices", "h", buckets):
        table = pq.read_table(path)
        at = links.number(table["id"].to_numpy())
        links.tied[at] = table["tied"].to_numpy()
        for column, into in (("parent", links.parent), ("statement_parent", links.statement_parent)):
            valid = pc.is_valid(table[column]).to_numpy()
            into[at[valid]] = links.number(pc.drop_null(table[column]).to_numpy())
    links.cluster = tree_roots(links.parent)
    joined = np.flatnonzero(links.statement_parent)
    clusters = links.cluster
    label = smallest_joined(n, clusters[joined], clusters[links.statement_parent[joined]], kind)
    links.statement = label[clusters]
    return links


def save_graph(
    store: MatchStore, folder: Path, buckets: int, links: Links, bounds: np.ndarray, formulas: np.ndarray
) -> None:
    """The clustering state a local build saves, streamed into ``store``
    from the tasks' files a batch at a time: the phrases with their links,
    each quote's phrase, the match index (``formulas``: the formula keys).
    On the way, what tracing needs: each phrase's cluster, statement and
    wording sent to the bucket of its statement; each quote's phrase and
    that bucket sent to the quote's partition (``bounds``: the first quote
    of each partition)."""
    root = folder / "trace"
    sent = 0
    for path in _files(folder, "phrases", "p", buckets):
        for table in _batches(path):
            made = read_phrases(table, {})
            ids = links.number(table["id"].to_numpy())
            for p, n in zip(made, ids.tolist()):
                p.id, p.tied, p.cluster, p.statement = (
                    n,
                    bool(links.tied[n]),
                    int(links.cluster[n]),
                    int(links.statement[n]),
                )
                p.parent = int(links.parent[n]) or None
                p.statement_parent = int(links.statement_parent[n]) or None
            store.save_new_phrases(made)
            store.save_links(made)
            statements = links.statement[ids].astype(np.int64)
            trace = pa.table(
                {
                    "id": ids.astype(np.int64),
                    "cluster": links.cluster[ids].astype(np.int64),
                    "statement": statements,
                    "norm": table["norm"],
                },
                schema=_TRACE_PHRASE_SCHEMA,
            )
            _send(trace, statements % buckets, buckets, str(root / "phrases" / f"p-{sent:05d}-{{:05d}}.parquet"))
            sent += 1
    for path in _files(folder, "links", "l", buckets):
        for table in _batches(path):
            quotes, phrases = table["quote_id"].to_numpy(), links.number(table["phrase_id"].to_numpy())
            store.link_quotes(zip(quotes.tolist(), phrases.tolist()))
            assign = pa.table(
                {
                    "quote_id": quotes,
                    "phrase_id": phrases.astype(np.int64),
                    "bucket": links.statement[phrases].astype(np.int64) % buckets,
                }
            )
            to = np.searchsorted(bounds, quotes, side="right") - 1
            _send(assign, to, len(bounds), str(root / "assign" / f"a-{sent:05d}-{{:05d}}.parquet"))
            sent += 1
    none = np.zeros(0, np.int64)
    for path in sorted((folder / "routed").glob("*.parquet")):
        for table in _batches(path, ["key", "id", "size"]):
            keys, ids, sizes = (table[c].to_numpy() for c in ("key", "id", "size"))
            store.save_index(keys, links.number(ids), sizes, none)
    store.save_index(none, none, none, formulas)


# --- tracing: per bucket of statements ---

_TRACE_PHRASE_SCHEMA = pa.schema([("id", _INT), ("cluster", _INT), ("statement", _INT), ("norm", _STR)])
#: The rows of :class:`~provenance.records.GroupRows` (statements and copy edges with one more
#: column, to merge the buckets' files in the order a local build writes them).
_ROWS = {
    "statements": pa.schema(
        [
            ("id", _INT),
            ("speaker_id", _INT),
            ("primary_source", _STR),
            ("primary_source_kind", _STR),
            ("first_quote_id", _INT),
            ("label", _STR),
            ("evidence", _STR),
            ("cluster_count", _INT),
            ("quote_count", _INT),
            ("first_cluster", _INT),
        ]
    ),
    "clusters": pa.schema(
        [
            ("id", _INT),
            ("statement_id", _INT),
            ("canonical_text", _STR),
            ("origin_quote_id", _INT),
            ("wording_source", _STR),
            ("wording_source_kind", _STR),
            ("origin_evidence", _STR),
            ("quote_count", _INT),
            ("article_count", _INT),
            ("first_published", _STR),
        ]
    ),
    "quotes": pa.schema([("cluster_id", _INT), ("quote_id", _INT)]),
    "edges": pa.schema(
        [
            ("from_article_id", _INT),
            ("to_article_id", _INT),
            ("cluster_id", _INT),
            ("via_source", _STR),
            ("evidence", _STR),
            ("confidence", pa.float64()),
            ("direction_known", _INT),
            ("order", _INT),
        ]
    ),
}


def route_quotes(folder: str, part: int, buckets: int) -> int:
    """The quotes of a partition, each with its phrase (sent by the driver,
    :func:`save_graph`), sent to the bucket of its statement. Returns the
    quotes sent."""
    root = Path(folder)
    items = pq.read_table(root / "items" / f"items-{part:05d}.parquet")
    assign = _concat(t for _, t in _received(root / "trace" / "assign", part))
    if assign is None:
        return 0  # an empty partition (fewer quotes than partitions)
    assign = assign.sort_by("quote_id")
    at = np.searchsorted(assign["quote_id"].to_numpy(), items["id"].to_numpy())
    table = items.append_column("phrase_id", pa.array(assign["phrase_id"].to_numpy()[at]))
    _send(
        table,
        assign["bucket"].to_numpy()[at],
        buckets,
        str(root / "trace" / "quotes" / f"t-{part:05d}-{{:05d}}.parquet"),
    )
    return items.num_rows


def trace_bucket(folder: str, bucket: int) -> int:
    """The statements of a bucket traced as a local build traces them
    (:func:`~provenance.clustering.regroup.records_to_trace`,
    :func:`~provenance.trace.trace_groups`), their rows written
    (:func:`~provenance.store.writer.group_rows`) in the order a local build
    writes them. Returns the statements traced."""
    root = Path(folder) / "trace"
    phrases = _concat(t for _, t in _received(root / "phrases", bucket))
    if phrases is None:
        return 0
    phrases = phrases.sort_by("id")  # sent in batches from every bucket of phrases: in the local build's order
    group = {
        row["id"]: Phrase(row["id"], 0, row["norm"], cluster=row["cluster"], statement=row["statement"])
        for row in phrases.to_pylist()
    }
    out = Regrouped()
    quotes_of: dict[int, list[int]] = {}
    for _, table in _received(root / "quotes", bucket):
        for row in table.to_pylist():
            phrase = row.pop("phrase_id")
            out.items[row["id"]] = QuoteItem(**row)
            quotes_of.setdefault(phrase, []).append(row["id"])
    for qids in quotes_of.values():
        qids.sort()
    records_to_trace(out, group, quotes_of, {p.cluster for p in group.values()})
    rows = group_rows(out, trace_groups(out))
    firsts = [min(st.cluster_keys) for st in out.statements]
    files = {
        "statements": [(*r, f) for r, f in zip(rows.statements, firsts)],
        "clusters": rows.clusters,
        "quotes": rows.quote_clusters,
        "edges": [(*r, n) for n, r in enumerate(rows.copy_edges)],
    }
    for name, found in files.items():
        schema = _ROWS[name]
        columns = list(zip(*found)) if found else [[] for _ in schema]
        table = pa.Table.from_arrays([pa.array(c, f.type) for c, f in zip(columns, schema)], schema=schema)
        write_atomically(table, root / "rows" / f"{name}-{bucket:05d}.parquet", durable=False)
    return len(out.statements)


def traced_rows(folder: Path, buckets: int) -> GroupRows:
    """The rows the tracing tasks wrote, read as they are written to the
    database, the buckets merged in the order a local build writes them
    (statements by first cluster, clusters by id, copy edges by cluster)."""
    root = folder / "trace" / "rows"

    def merged(name: str, by, width: int | None = None) -> Iterator[tuple]:
        def rows(path: Path) -> Iterator[tuple]:
            for batch in pq.ParquetFile(path).iter_batches(batch_size=20_000):
                yield from zip(*(column.to_pylist() for column in batch.columns))

        paths = [root / f"{name}-{b:05d}.parquet" for b in range(buckets)]
        for row in heapq.merge(*(rows(p) for p in paths if p.exists()), key=by):
            yield row[:width]

    return GroupRows(
        statements=merged("statements", itemgetter(-1), -1),
        clusters=merged("clusters", itemgetter(0)),
        quote_clusters=merged("quotes", itemgetter(0, 1)),
        copy_edges=merged("edges", itemgetter(2, -1), -1),
    )


#: Runs a step's task on each of n partitions or buckets: (task, n, folder, *args) -> results,
#: the task called as task(folder, i, *args).
Each = Callable[..., list]


def one_by_one(task, n: int, folder: str, *args) -> list:
    """:data:`Each` in this process (tests, and a build without a cluster)."""
    return [task(folder, i, *args) for i in range(n)]


def cluster(
    store: MatchStore,
    quote_ids: Iterable[int],
    folder: Path,
    each: Each = one_by_one,
    *,
    everywhere: Callable = lambda value: value,
    parts: int = 1,
    partition_quotes: int = PARTITION_QUOTES,
    buckets: int | None = None,
) -> GroupRows:
    """Cluster and trace the quotes of a new build as
    :func:`provenance.clustering.regroup` and :func:`provenance.trace.trace`
    do, the steps of this module run by ``each`` (on Dask workers) over
    files in ``folder``. Here, between the two, clusters (the trees of the
    parent links) and statements (clusters joined by statement links) are
    found over integer arrays (:func:`read_links`), and the graph is
    streamed into ``store`` (:func:`save_graph`). Returns the rows to
    write, read from the tracing tasks' files as they are written (the
    folder is removed once they are: ``GroupRows.written``). At least
    ``parts`` partitions (the workers) of at most ``partition_quotes``
    quotes; ``buckets`` (default: as many as partitions) for the
    shuffles. ``everywhere`` hands a value to every task (a Dask scatter)."""
    quote_ids = np.unique(np.asarray(quote_ids if isinstance(quote_ids, np.ndarray) else list(quote_ids), np.int64))
    shutil.rmtree(folder, ignore_errors=True)
    parts = max(1, min(len(quote_ids), max(parts, -(-len(quote_ids) // partition_quotes))))
    buckets = buckets or parts
    size = write_items(store, quote_ids, folder, parts)
    where = str(folder)
    each(units, parts, where, buckets)
    each(phrases, buckets, where, buckets)
    found = each(formulas, buckets, where)
    formula_keys = [np.unique(np.concatenate([f[k] for f in found])) for k in range(len(KEY_KINDS))]
    each(route_postings, buckets, where, everywhere(formula_keys), buckets)
    each(key_pairs, buckets, where, buckets)
    each(candidates, buckets, where, buckets)
    each(answer, buckets, where)
    each(choose, buckets, where)
    links = read_links(folder, buckets)
    save_graph(store, folder, buckets, links, quote_ids[::size], np.unique(np.concatenate(formula_keys)))
    del links
    each(route_quotes, parts, where, buckets)
    each(trace_bucket, buckets, where)
    rows = traced_rows(folder, buckets)
    rows.written = lambda: shutil.rmtree(folder, ignore_errors=True)
    return rows
