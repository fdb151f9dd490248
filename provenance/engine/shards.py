"""Shards: the input cut into pieces of a few thousand articles, each read
and extracted on its own and kept as one Parquet file.

A shard is named by a hash of everything its output depends on (the
files' names, sizes and times, the byte range of a JSONL file, the
manifest, the model, the size cap and the source of the ingest and quote
stages), so a file found under that name is the shard's output, made by
an earlier run or by another worker: it is not made again. A shard's file
is written beside its final name and renamed into place, so a worker
killed while writing leaves no half file.

These functions know nothing of Dask: :mod:`.on_dask` runs
:func:`extract_shard` on workers.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import json
import os
import typing
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..ingest import InputProblem, Manifest, Part, Read, read_part
from ..ingest.readers import JSONL_SUFFIXES
from ..records import Article, Extraction, Quote

#: Articles in one shard (a JSONL file is cut at a line; other files are one article each).
SHARD_ARTICLES = 2000


@dataclass(frozen=True)
class Shard:
    """One piece of the input: its parts in reading order, and the name
    its output is kept under."""

    number: int
    parts: tuple[Part, ...]
    key: str

    @property
    def file_name(self) -> str:
        return f"shard-{self.number:06d}-{self.key[:24]}.parquet"


def _jsonl_pieces(part: Part, room: int, size: int) -> Iterator[tuple[Part, int]]:
    """A JSONL file cut at line ends: the first piece holds ``room``
    records, the others ``size``; yields (piece, records in it)."""
    start, first_line, count, line_no, pos = 0, 1, 0, 0, 0
    with part.input.path.open("rb") as fh:
        for line in fh:
            line_no += 1
            pos += len(line)
            if line.strip():
                count += 1
            if count >= room:
                yield dataclasses.replace(part, start=start, stop=pos, first_line=first_line), count
                start, first_line, count, room = pos, line_no + 1, 0, size
    if count or start == 0:
        yield dataclasses.replace(part, start=start, stop=None, first_line=first_line), count


def plan_shards(parts: Iterable[Part], salt: str, size: int = SHARD_ARTICLES) -> list[Shard]:
    """The parts grouped into shards of about ``size`` articles, in reading
    order; ``salt`` is what every shard's output depends on besides its
    files (:func:`salt`)."""
    groups: list[list[Part]] = [[]]
    filled = 0

    def add(piece: Part, n: int) -> None:
        nonlocal filled
        if filled >= size:
            groups.append([])
            filled = 0
        groups[-1].append(piece)
        filled += n

    for part in parts:
        if part.input.path.suffix.lower() in JSONL_SUFFIXES and part.input.path.is_file():
            try:
                for piece, n in _jsonl_pieces(part, max(size - filled, 1) if filled < size else size, size):
                    add(piece, n)
            except OSError:
                add(part, 1)  # read_part reports it
        else:
            add(part, 1)
    return [Shard(n, tuple(g), _shard_key(g, salt)) for n, g in enumerate(groups) if g]


def _shard_key(parts: list[Part], salt: str) -> str:
    h = hashlib.sha256(salt.encode())
    for p in parts:
        try:
            st = p.input.path.stat()
            stamp = (st.st_size, st.st_mtime_ns)
        except OSError:
            stamp = None
        h.update(repr((str(p.input.path), p.input.name, p.input.shown, stamp, p.start, p.stop, p.first_line)).encode())
    return h.hexdigest()


def salt(index: Manifest, model: str, max_bytes: int) -> str:
    """What every shard's output depends on besides its own files: the
    manifest lines, the model (and its version), the size cap, and the
    source of the stages that read and extract."""
    h = hashlib.sha256()
    for e in index.entries:
        h.update(json.dumps([e.where, e.path, e.url, e.fields, e.meta, str(e.base)], default=str).encode())
    try:
        version = importlib.metadata.version(model.replace("_", "-"))
    except (importlib.metadata.PackageNotFoundError, ValueError):
        version = "?"
    h.update(f"{model} {version} spacy {importlib.metadata.version('spacy')} {max_bytes}".encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted([*package.glob("ingest/*.py"), *package.glob("quotes/*.py"), package / "records.py"]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


# --- the Parquet of one shard: one row per article read, in reading order ---


def _arrow_type(hint) -> pa.DataType:
    if hint is float:
        return pa.float64()
    if hint is int:
        return pa.int64()
    if typing.get_origin(hint) is list:
        return pa.list_(pa.list_(pa.int64()))  # Quote.pieces
    return pa.string()


QUOTE_TYPE = pa.struct(
    [pa.field(f.name, _arrow_type(typing.get_type_hints(Quote)[f.name])) for f in dataclasses.fields(Quote)]
)
_ARTICLE_HINTS = typing.get_type_hints(Article)
#: Article fields kept as JSON (dicts: meta, found_from); the others are strings.
JSON_FIELDS = [f.name for f in dataclasses.fields(Article) if typing.get_origin(_ARTICLE_HINTS[f.name]) is dict]
ARTICLE_FIELDS = [f.name for f in dataclasses.fields(Article) if f.name not in JSON_FIELDS]
SCHEMA = pa.schema(
    [
        *(pa.field(name, pa.string()) for name in ARTICLE_FIELDS),
        *(pa.field(name, pa.string()) for name in JSON_FIELDS),
        pa.field("sha256", pa.string()),
        pa.field("notes", pa.list_(pa.string())),
        pa.field("where", pa.string()),
        pa.field("manifest_line", pa.string()),
        pa.field("extracted", pa.bool_()),  # false: a duplicate within the shard, not parsed
        pa.field("error", pa.string()),
        pa.field("detail", pa.string()),
        pa.field("quotes", pa.list_(QUOTE_TYPE)),
    ]
)


@dataclass
class ShardOutput:
    """What a shard gave: each article read with its extraction (None for
    a duplicate within the shard), and the problems met, each with the
    number of articles read before it."""

    reads: list[tuple[Read, Extraction | None]]
    problems: list[tuple[int, InputProblem]]


def extract_shard(
    shard: Shard, index: Manifest, nlp, *, max_bytes: int, on_batch: Callable[[int], None] | None = None
) -> ShardOutput:
    """Read and extract one shard with the stage functions of the local
    engine (:func:`provenance.ingest.read_part`, then
    :func:`provenance.quotes.pool.extract_each` in this process)."""
    from ..quotes.pool import extract_each

    problems: list[tuple[int, InputProblem]] = []
    reads: list[Read] = []
    for part in shard.parts:
        for read in read_part(part, index, max_bytes=max_bytes, on_problem=lambda p: problems.append((len(reads), p))):
            reads.append(read)
    seen: set[str] = set()
    todo: list[int] = []
    for n, read in enumerate(reads):
        digest = read.article.sha256
        if digest not in seen:
            seen.add(digest)
            todo.append(n)
    extractions: list[Extraction | None] = [None] * len(reads)
    for batch, done in extract_each(nlp, todo, lambda n: reads[n].article.text):
        for n, extraction in zip(batch, done):
            extractions[n] = extraction
        if on_batch:
            on_batch(len(batch))
    return ShardOutput(list(zip(reads, extractions)), problems)


def write_shard(output: ShardOutput, path: Path) -> None:
    """Write a shard's output as Parquet, atomically: to a temporary name
    beside ``path``, then renamed."""
    rows = []
    for read, extraction in output.reads:
        a = read.article
        row = {name: getattr(a, name) for name in ARTICLE_FIELDS}
        row.update({name: json.dumps(getattr(a, name), ensure_ascii=False) for name in JSON_FIELDS})
        row.update(
            sha256=a.sha256,
            notes=read.notes,
            where=read.where,
            manifest_line=read.manifest_line,
            extracted=extraction is not None,
            error=extraction.error if extraction else None,
            detail=extraction.detail if extraction else None,
            quotes=[dataclasses.asdict(q) for q in extraction.quotes] if extraction else [],
        )
        rows.append(row)
    table = pa.Table.from_pylist(rows, schema=SCHEMA)
    problems = [
        {"after": after, **{k: v for k, v in dataclasses.asdict(p).items() if v is not None}}
        for after, p in output.problems
    ]
    table = table.replace_schema_metadata({b"provenance.problems": json.dumps(problems).encode()})
    write_atomically(table, path)


def write_atomically(table: pa.Table, path: Path, *, durable: bool = True) -> None:
    """Write ``table`` as Parquet beside ``path`` and rename it into place,
    so a worker killed while writing leaves no half file (``durable``: its
    bytes on the disk before the rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        if durable:
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read_shard(path: Path) -> ShardOutput:
    """A shard's output as written by :func:`write_shard`."""
    table = pq.read_table(path)
    meta = table.schema.metadata or {}
    problems = [
        (p.pop("after"), InputProblem(**p)) for p in json.loads(meta.get(b"provenance.problems", b"[]").decode())
    ]
    reads = []
    for row in table.to_pylist():
        article = Article(
            **{name: row[name] for name in ARTICLE_FIELDS},
            **{name: json.loads(row[name]) for name in JSON_FIELDS if row[name] is not None},
        )
        read = Read(article, row["notes"] or [], row["where"], row["manifest_line"])
        extraction = None
        if row["extracted"]:
            quotes = []
            for q in row["quotes"] or []:
                q["pieces"] = [tuple(p) for p in q["pieces"] or []]
                quotes.append(Quote(**q))
            extraction = Extraction(quotes, row["error"], row["detail"])
        reads.append((read, extraction))
    return ShardOutput(reads, problems)
