"""The database side of clustering: the persisted phrase graph and match
index that :func:`provenance.clustering.regroup` reads and extends
(:class:`SQLiteMatchStore`), and the clustering inputs read from the
quotes (:func:`load_items`).

The caller holds the transaction throughout.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import chain

import numpy as np
import sqlite_utils

from ..clustering.phrases import names_from_text, names_text
from ..clustering.rules import MATCH_RULES
from ..records import Phrase, QuoteItem
from ..trace import wire_in_insertion
from .schema import QUOTE_JOINS
from .writer import ensure_schema, source_id, temp_ids

_ITEMS_SQL = f"""
select q.id, q.text, q.article_id, q.speaker_id, a.published, o.name as outlet,
       cs.name as credited, cs.kind as credited_kind, wire.name as wire, sp.name as speaker,
       a.sha256, q.start
{QUOTE_JOINS}
"""
_PHRASE_COLUMNS = (
    "id, key, norm, elisions, breaks, speakers, names, published, article_id, parent_id,"
    " statement_parent_id, tied, cluster_id, statement_id, commas"
)


def _sorted_once(keys: np.ndarray, ids: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Postings sorted by key then phrase, each once."""
    order = np.lexsort((ids, keys))
    keys, ids, sizes = keys[order], ids[order], sizes[order]
    keep = np.r_[True, (keys[1:] != keys[:-1]) | (ids[1:] != ids[:-1])] if len(keys) else np.zeros(0, bool)
    return keys[keep], ids[keep], sizes[keep]


def _phrase(row) -> Phrase:
    (
        pid,
        key,
        norm,
        elisions,
        breaks,
        speakers,
        names,
        published,
        article,
        parent,
        sparent,
        tied,
        cluster,
        statement,
        commas,
    ) = row
    return Phrase(
        id=pid,
        key=key,
        norm=norm,
        elisions=_int_tuple(elisions),
        breaks=_int_tuple(breaks),
        speakers=_speaker_set(speakers),
        names=names_from_text(names),
        published=published,
        article=article,
        parent=parent,
        statement_parent=sparent,
        tied=bool(tied),
        cluster=cluster,
        statement=statement,
        commas=_int_tuple(commas),
    )


@lru_cache(maxsize=100_000)
def _speaker_set(text: str | None) -> frozenset[int]:
    return frozenset(int(s) for s in text.split(",")) if text else frozenset()


def _ints(values: Iterable[int]) -> str | None:
    values = sorted(values)
    return ",".join(map(str, values)) if values else None


def _int_tuple(text: str | None) -> tuple[int, ...]:
    """The positions :func:`_ints` stored."""
    return tuple(int(e) for e in text.split(",")) if text else ()


RECENT_POSTINGS = 3_000_000  # recent postings kept apart before they are merged
CACHE_KIB = 512 * 1024  # SQLite page cache while clustering: the match index is read at random
MMAP_BYTES = 1 << 31  # ... and the file read through a memory map (SQLite caps it at its own maximum)


def use_big_cache(db: sqlite_utils.Database, *, memory_map: bool = False, kib: int | None = None) -> None:
    """A page cache big enough that adding a day to a million quotes does
    not read the same index pages again and again (SQLite's default is 2 MB).
    With ``memory_map`` (for ``add``, which reads a little of a big file at
    random), reads go through a memory map, which spares a copy of every
    page read (loading the older phrases a day reaches: a fifth faster); a
    build, which reads most of the file, keeps its memory to itself."""
    db.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB if kib is None else int(kib)}")
    if memory_map:
        db.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")


def load_items(db: sqlite_utils.Database, quote_ids: Iterable[int] | None = None) -> list[QuoteItem]:
    """Quotes as clustering inputs (all of them, or the given ids)."""
    if quote_ids is None:
        rows = db.conn.execute(_ITEMS_SQL + " order by q.id")
    else:
        table = temp_ids(db.conn, "_item_ids", quote_ids)
        rows = db.conn.execute(_ITEMS_SQL + f" where q.id in (select id from {table}) order by q.id")
    shared: dict = {}  # one string object per outlet, date, name... (a million quotes share few)
    out = []
    for row in rows:
        qid, text, *rest = row
        out.append(QuoteItem(qid, text, *(shared.setdefault(v, v) if isinstance(v, str) else v for v in rest)))
    return out


def clustered_by_other_rules(db: sqlite_utils.Database) -> bool:
    """Was the stored clustering state made by other matching rules (or by
    a version that did not record them)? It is then rebuilt."""
    if not db.conn.execute("select 1 from sqlite_master where name = '_match_phrases'").fetchone():
        return False
    if not db.conn.execute("select 1 from _match_phrases limit 1").fetchone():
        return False
    rules = db.conn.execute("select value from _provenance where key = 'match_rules'").fetchone()
    return rules is None or rules[0] != str(MATCH_RULES)


class SQLiteMatchStore:
    """:class:`provenance.clustering.MatchStore` over a provenance database."""

    def __init__(self, db: sqlite_utils.Database, *, cache_kib: int | None = None) -> None:
        self.db = db
        self.conn = db.conn
        self._index_was_empty: bool | None = None
        self._formula_keys: np.ndarray | None = None
        use_big_cache(db, kib=cache_kib)  # cache_kib: another size (a driver that only writes wants less)
        self._upgrade()

    def _upgrade(self) -> None:
        """Clustering state from an older layout, or made by other matching
        rules, is dropped (and rebuilt from the quotes by
        :meth:`unmatched_quotes`): new quotes matched by one set of rules
        against old ones matched by another would not give what one build
        gives."""
        have = {r[1] for r in self.conn.execute("pragma table_info(_match_phrases)")}
        want = {c.strip() for c in _PHRASE_COLUMNS.split(",")}
        postings = {r[1] for r in self.conn.execute("pragma table_info(_match_postings)")}
        if (have and not want <= have) or (postings and "size" not in postings) or clustered_by_other_rules(self.db):
            for table in (
                "_match_phrases",
                "_match_quotes",
                "_match_postings",
                "_match_postings_recent",
                "_match_formulas",
            ):
                self.conn.execute(f"drop table if exists [{table}]")
            ensure_schema(self.db)

    def load_items(self, quote_ids: Iterable[int]) -> list[QuoteItem]:
        return load_items(self.db, quote_ids)

    def unmatched_quotes(self, exclude: np.ndarray | None = None) -> np.ndarray:
        """Quotes stored without clustering state (a database from before it
        was kept, or a new build): their old groups are dropped and they are
        clustered anew. Sorted ids, ``exclude`` (sorted stored ids, as an
        array: a build's millions of quotes are held as integers, not
        objects) left out."""
        none = np.zeros(0, np.int64)
        if self.conn.execute("select 1 from _match_quotes limit 1").fetchone():
            return none
        exclude = none if exclude is None else exclude
        stored = self.conn.execute("select count(*) from quotes").fetchone()[0]
        if not stored:
            return none
        self.conn.execute("update quotes set cluster_id = null")
        for table in ("copy_edges", "clusters", "statements"):
            self.conn.execute(f"delete from {table}")
        if stored == len(exclude):  # a new build: every stored quote is new (and ``exclude`` holds stored ids)
            return none
        old = np.fromiter(chain.from_iterable(self.conn.execute("select id from quotes order by id")), np.int64)
        return np.setdiff1d(old, exclude, assume_unique=True)

    def has_phrases(self) -> bool:
        return self.conn.execute("select 1 from _match_phrases limit 1").fetchone() is not None

    def phrases_by_key(self, keys: list[int]) -> dict[int, Phrase]:
        if not self.conn.execute("select 1 from _match_phrases limit 1").fetchone():
            return {}
        self.conn.execute("create temp table if not exists _keys (key integer primary key)")
        self.conn.execute("delete from temp._keys")
        self.conn.executemany("insert or ignore into temp._keys values (?)", ((k,) for k in keys))
        rows = self.conn.execute(
            f"select {_PHRASE_COLUMNS} from _match_phrases where key in (select key from temp._keys)"
        )
        return {p.key: p for p in map(_phrase, rows)}

    def save_new_phrases(self, phrases: list[Phrase]) -> None:
        """Insert phrases; those without an id get the next ones, in order."""
        start = self.conn.execute("select coalesce(max(id), 0) from _match_phrases").fetchone()[0] + 1
        for p in phrases:
            if p.id is None:
                p.id, start = start, start + 1
        self.conn.executemany(
            "insert into _match_phrases (id, key, norm, elisions, breaks, speakers, names, published, article_id,"
            " commas) values (?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    p.id,
                    p.key,
                    p.norm,
                    _ints(p.elisions),
                    _ints(p.breaks),
                    _ints(p.speakers),
                    names_text(p.names),
                    p.published,
                    p.article,
                    _ints(p.commas),
                )
                for p in phrases
            ),
        )

    def update_phrase_facts(self, phrases: list[Phrase]) -> None:
        self.conn.executemany(
            "update _match_phrases set speakers = ?, names = ?, published = ?, article_id = ? where id = ?",
            ((_ints(p.speakers), names_text(p.names), p.published, p.article, p.id) for p in phrases),
        )

    def link_quotes(self, pairs: list[tuple[int, int]]) -> None:
        self.conn.executemany("insert or replace into _match_quotes (quote_id, phrase_id) values (?, ?)", pairs)

    def add_postings(
        self,
        keys: np.ndarray,
        ids: np.ndarray,
        sizes: np.ndarray,
        max_df: int,
        short_df: int | None = None,
        short: int = 0,
    ) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
        """Add postings (``keys`` sorted; ``sizes``: the tokens of each
        posting's phrase); keys now held by more than ``max_df`` phrases
        become formulas (their postings are dropped). Returns the postings
        of the given keys that are not formulas (keys, phrase ids, sizes,
        sorted by key), and the old holders that may have lost candidates:
        those of keys that just became formulas, and those of at most
        ``short`` tokens of keys now held by more than ``short_df``
        phrases for the first time (too common to pair a short wording
        alone)."""
        if self._index_was_empty is None:  # postings added by this run are all in hand
            self._index_was_empty = not any(
                self.conn.execute(f"select 1 from {t} limit 1").fetchone()
                for t in ("_match_postings", "_match_postings_recent", "_match_formulas")
            )
        if self._index_was_empty:
            all_k, all_i, all_s = keys, ids, sizes
            old_k = old_i = formulas = np.zeros(0, np.int64)
        else:
            old_k, old_i, old_s = self._postings_of(keys)
            formulas = np.intersect1d(self._formulas(), keys)
            all_k, all_i, all_s = _sorted_once(
                np.concatenate([old_k, keys]), np.concatenate([old_i, ids]), np.concatenate([old_s, sizes])
            )
        bounds = np.flatnonzero(np.r_[True, all_k[1:] != all_k[:-1], True]) if len(all_k) else np.zeros(1, np.int64)
        counts = np.diff(bounds)
        too_many = all_k[bounds[:-1][counts > max_df]] if len(all_k) else np.zeros(0, np.int64)
        new_formulas = np.setdiff1d(too_many, formulas)
        lost = old_i[np.isin(old_k, new_formulas)] if len(new_formulas) and len(old_k) else np.zeros(0, np.int64)
        if short and short_df is not None and len(old_k):
            held, before = np.unique(old_k, return_counts=True)
            now = counts[np.searchsorted(all_k[bounds[:-1]], held)]
            crossed = held[(before <= short_df) & (now > short_df)]
            lost = np.concatenate([lost, old_i[np.isin(old_k, crossed) & (old_s <= short)]])
        if len(new_formulas):
            if len(old_k):
                gone = [(int(k),) for k in np.intersect1d(new_formulas, old_k)]
                for t in ("_match_postings", "_match_postings_recent"):
                    self.conn.executemany(f"delete from {t} where key = ?", gone)
            self.conn.executemany("insert or ignore into _match_formulas values (?)", ((int(k),) for k in new_formulas))
            self._formula_keys = np.union1d(self._formulas(), new_formulas)
        dead = np.concatenate([too_many, formulas])
        if len(dead):
            ok = ~np.isin(all_k, dead)
            all_k, all_i, all_s = all_k[ok], all_i[ok], all_s[ok]
            fresh = ~np.isin(keys, dead)
            keys, ids, sizes = keys[fresh], ids[fresh], sizes[fresh]
        again = np.isin(ids, old_i) if len(old_k) else np.zeros(len(ids), bool)
        if again.any():  # a phrase whose speakers changed brings its keys again: store each posting once
            mine = np.isin(old_i, ids[again])
            stored = set(zip(old_k[mine].tolist(), old_i[mine].tolist()))
            keep = np.ones(len(ids), bool)
            keep[again] = [(k, i) not in stored for k, i in zip(keys[again].tolist(), ids[again].tolist())]
            keys, ids, sizes = keys[keep], ids[keep], sizes[keep]
        target = "_match_postings" if self._index_was_empty else "_match_postings_recent"
        self.conn.executemany(
            f"insert or ignore into {target} (key, phrase_id, size) values (?, ?, ?)",
            zip(keys.tolist(), ids.tolist(), sizes.tolist()),
        )
        return (all_k, all_i, all_s), np.unique(lost)

    def save_index(self, keys: np.ndarray, ids: np.ndarray, sizes: np.ndarray, formulas: np.ndarray) -> None:
        """The match index of a build made elsewhere (on Dask), in as many
        calls as it takes: postings of keys that are not formulas, and
        formulas."""
        order = np.lexsort((ids, keys))
        self.conn.executemany(
            "insert or ignore into _match_postings (key, phrase_id, size) values (?, ?, ?)",
            zip(keys[order].tolist(), ids[order].tolist(), sizes[order].tolist()),
        )
        self.conn.executemany("insert or ignore into _match_formulas values (?)", ((k,) for k in formulas.tolist()))
        self._formula_keys = None

    def formula_keys(self, keys: np.ndarray) -> set[int]:
        """Which of these keys are formulas."""
        return set(np.intersect1d(self._formulas(), keys).tolist())

    def _formulas(self) -> np.ndarray:
        """All formula keys (a few per thousand keys), read once per run."""
        if self._formula_keys is None:
            self._formula_keys = np.array(
                sorted(r[0] for r in self.conn.execute("select key from _match_formulas")), dtype=np.int64
            )
        return self._formula_keys

    def postings(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The stored postings of these keys (keys, phrase ids, the
        phrases' sizes), sorted by key then phrase."""
        return _sorted_once(*self._postings_of(keys))

    def _postings_of(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Stored (keys, phrase ids, sizes) of these keys, unsorted.
        Formulas hold no postings, so they are not looked up (at a million
        quotes they are a good share of a new phrase's shingles)."""
        table = temp_ids(self.conn, "_keys_in", np.setdiff1d(keys, self._formulas()).tolist())
        rows = self.conn.execute(
            f"select p.key, p.phrase_id, p.size from {table} t cross join _match_postings p on p.key = t.id"
            f" union all select r.key, r.phrase_id, r.size from {table} t"
            f" cross join _match_postings_recent r on r.key = t.id"
        )
        found = np.fromiter(chain.from_iterable(rows), dtype=np.int64).reshape(-1, 3)  # no list of tuples
        return found[:, 0], found[:, 1], found[:, 2]

    def merge_recent_postings(self, most: int = RECENT_POSTINGS) -> None:
        """Fold the recent postings into the main table once there are many."""
        if self.conn.execute(f"select count(*) > {int(most)} from _match_postings_recent").fetchone()[0]:
            self.conn.execute(
                "insert or ignore into _match_postings (key, phrase_id, size)"
                " select key, phrase_id, size from _match_postings_recent"
                " order by key, phrase_id"
            )
            self.conn.execute("delete from _match_postings_recent")

    def _phrases_where(self, column: str, ids: Iterable[int]) -> dict[int, Phrase]:
        ids = list(ids)
        if not ids:
            return {}
        table = temp_ids(self.conn, f"_by_{column}", ids)
        rows = self.conn.execute(
            f"select {_PHRASE_COLUMNS} from _match_phrases where {column} in (select id from {table})"
        )
        return {p.id: p for p in map(_phrase, rows)}

    def load_phrases(self, ids: Iterable[int]) -> dict[int, Phrase]:
        return self._phrases_where("id", ids)

    def with_choices(self, ids: Iterable[int]) -> set[int]:
        """Of these phrases, those with a parent, a statement parent or a tie."""
        ids = list(ids)
        if not ids:
            return set()
        table = temp_ids(self.conn, "_by_choice", ids)
        return {
            r[0]
            for r in self.conn.execute(
                f"select id from _match_phrases where id in (select id from {table})"
                " and (parent_id is not null or statement_parent_id is not null or tied)"
            )
        }

    def phrases_of_clusters(self, cluster_ids: Iterable[int]) -> dict[int, Phrase]:
        return self._phrases_where("cluster_id", cluster_ids)

    def phrases_of_statements(self, statement_ids: Iterable[int]) -> dict[int, Phrase]:
        return self._phrases_where("statement_id", statement_ids)

    def quotes_of_phrases(self, phrase_ids: Iterable[int]) -> dict[int, list[int]]:
        table = temp_ids(self.conn, "_phrase_ids", phrase_ids)
        out: dict[int, list[int]] = {}
        for quote_id, phrase_id in self.conn.execute(
            f"select quote_id, phrase_id from _match_quotes where phrase_id in (select id from {table})"
            " order by quote_id"
        ):
            out.setdefault(phrase_id, []).append(quote_id)
        return out

    def save_links(self, phrases: list[Phrase]) -> None:
        self.conn.executemany(
            "update _match_phrases set parent_id = ?, statement_parent_id = ?, tied = ?, cluster_id = ?,"
            " statement_id = ? where id = ?",
            ((p.parent, p.statement_parent, int(p.tied), p.cluster, p.statement, p.id) for p in phrases),
        )

    def record_rules(self, rules: int) -> None:
        """Stamp the matching rules the stored clustering state was made by."""
        self.conn.execute("insert or replace into _provenance (key, value) values ('match_rules', ?)", (str(rules),))

    def mark_insertion_wires(self, quote_ids: Iterable[int]) -> None:
        """An editor's insertion naming a wire inside a quote ("(with Russia -
        TASS)") tells which wire the article carries, where nothing else did."""
        table = temp_ids(self.conn, "_item_ids", quote_ids)
        # the quotes to look at, as they stand before any update, kept in a temporary table and
        # read a batch at a time (a build's are too many to hold)
        self.conn.execute("drop table if exists temp._insertions")
        self.conn.execute("create temp table _insertions (id integer primary key, article_id integer, text text)")
        self.conn.execute(
            f"insert into temp._insertions select q.id, q.article_id, q.text from quotes q"
            f" join articles a on a.id = q.article_id where q.id in (select id from {table})"
            " and a.wire_source_id is null and (q.text like '%(%' or q.text like '%[%') order by q.id"
        )
        last = -1
        while True:
            rows = self.conn.execute(
                "select id, article_id, text from temp._insertions where id > ? order by id limit 10000", (last,)
            ).fetchall()
            if not rows:
                break
            last = rows[-1][0]
            for _, article_id, text in rows:
                found = wire_in_insertion(text)
                if found:
                    wire, insertion = found
                    self.conn.execute(
                        "update articles set wire_source_id = ?, wire_evidence = ? where id = ? and wire_source_id is null",
                        (
                            source_id(self.db, wire, "wire"),
                            f"editor's insertion '{insertion}' inside a quote",
                            article_id,
                        ),
                    )
        self.conn.execute("drop table temp._insertions")
