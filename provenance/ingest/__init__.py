"""Ingestion: files, folders, JSONL records and an optional manifest in,
:class:`~provenance.records.Article` records out.

Problems with one input are reported through ``on_problem`` and the rest
of the corpus carries on.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import ArticleTooLarge, InputError, ManifestError
from ..records import Article
from .chrome import remove_chrome
from .wire import infer_wire

DEFAULT_MAX_BYTES = 5_000_000
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MANIFEST_NAME = "manifest.jsonl"
MANIFEST_FIELDS = {"path", "url", "outlet", "published", "title", "wire"}


@dataclass
class InputProblem:
    """A warning or error about one input; the build goes on without it."""

    source: str
    message: str
    level: str = "error"  # "error": input skipped; "warning": input used, something ignored

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


ProblemHandler = Callable[[InputProblem], None]


def _ignore(problem: InputProblem) -> None:
    pass


def read_manifest(path: str | Path, on_problem: ProblemHandler = _ignore) -> dict[str, dict]:
    """Manifest records keyed by their ``path`` (basename too) or ``url``."""
    records: dict[str, dict] = {}
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(str(path), f"cannot read manifest: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            on_problem(InputProblem(f"{path}:{n}", f"bad JSON in manifest line ({exc.msg})", "warning"))
            continue
        if not isinstance(record, dict):
            on_problem(InputProblem(f"{path}:{n}", "manifest line is not a JSON object", "warning"))
            continue
        ref = record.get("path") or record.get("url")
        if not ref:
            on_problem(InputProblem(f"{path}:{n}", "manifest line has neither 'path' nor 'url'", "warning"))
            continue
        records[str(ref)] = record
        records.setdefault(os.path.basename(str(ref)), record)
    return records


def iter_paths(sources: Iterable[str | Path], on_problem: ProblemHandler = _ignore) -> Iterator[Path]:
    """Article files under the given paths (folders recursively, sorted)."""
    for src in sources:
        p = Path(src)
        if not p.exists():
            on_problem(InputProblem(str(p), "no such file or folder"))
            continue
        if p.is_dir():
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    f = Path(root) / name
                    if f.name == MANIFEST_NAME or f.name.startswith("."):
                        continue
                    if f.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES:
                        yield f
        else:
            yield p


def count_inputs(sources: Iterable[str | Path]) -> int:
    """How many articles the sources hold at most (files, plus JSONL lines):
    the length of a progress bar."""
    total = 0
    for path in iter_paths(sources):
        if path.suffix.lower() in JSONL_SUFFIXES:
            try:
                with path.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            except OSError:
                pass
        else:
            total += 1
    return total


def _decode(raw: bytes, source: str) -> str:
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(source, "binary file (NUL bytes), not text")
    for enc in ("utf-8-sig", "utf-16"):
        try:
            if enc == "utf-16" and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                continue
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(source, "not UTF-8 text")


def _from_html(raw: str, source: str) -> tuple[str, dict]:
    import trafilatura

    doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None:
        raise InputError(source, "no article text found in HTML")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    meta = {"title": data.get("title"), "published": data.get("date"), "outlet": data.get("sitename"),
            "url": data.get("url")}
    return data.get("text") or "", meta


def _article(source: str, text: str, found: dict, manifest: dict | None, max_bytes: int) -> Article:
    if len(text.encode("utf-8")) > max_bytes:
        raise ArticleTooLarge(source, f"article text is larger than the cap of {max_bytes:,} bytes (--max-bytes)")
    cleaned = remove_chrome(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not cleaned.strip():
        raise InputError(source, "empty article (no text after cleaning)")
    wire = infer_wire(text)
    record = manifest or {}
    article = Article(
        source=source,
        text=cleaned,
        outlet=record.get("outlet") or found.get("outlet"),
        title=record.get("title") or found.get("title") or _first_line(cleaned),
        published=record.get("published") or found.get("published"),
        url=record.get("url") or found.get("url"),
        wire=record.get("wire") if "wire" in record else (wire[0] if wire else None),
        wire_evidence=("manifest" if record.get("wire") else (wire[1] if wire and "wire" not in record else None)),
        meta={k: v for k, v in record.items() if k not in MANIFEST_FIELDS},
    )
    return article


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return None


def read_articles(
    sources: Iterable[str | Path],
    manifest: str | Path | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_problem: ProblemHandler = _ignore,
) -> Iterator[Article]:
    """Articles from files, folders and JSONL files, with manifest metadata.

    Without ``manifest``, a ``manifest.jsonl`` inside a given folder is used."""
    sources = list(sources)
    records: dict[str, dict] = {}
    manifests = [Path(manifest)] if manifest else [Path(s) / MANIFEST_NAME for s in sources if Path(s).is_dir()]
    for m in manifests:
        if m.exists() or manifest:
            records.update(read_manifest(m, on_problem))
    for path in iter_paths(sources, on_problem):
        source = str(path)
        try:
            if path.suffix.lower() in JSONL_SUFFIXES:
                yield from _read_jsonl(path, records, max_bytes, on_problem)
                continue
            raw = path.read_bytes()
            if len(raw) > max_bytes * 4:
                raise ArticleTooLarge(source, f"file is larger than the cap of {max_bytes:,} bytes (--max-bytes)")
            text = _decode(raw, source)
            found: dict = {}
            if path.suffix.lower() in HTML_SUFFIXES:
                text, found = _from_html(text, source)
            record = records.get(source) or records.get(path.name)
            yield _article(source, text, found, record, max_bytes)
        except InputError as exc:
            on_problem(InputProblem(exc.source, exc.problem))
        except OSError as exc:
            on_problem(InputProblem(source, f"cannot read: {exc.strerror or exc}"))


def _read_jsonl(path: Path, records: dict[str, dict], max_bytes: int, on_problem: ProblemHandler) -> Iterator[Article]:
    with path.open(encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            where = f"{path}:{n}"
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                on_problem(InputProblem(where, f"bad JSON ({exc.msg})"))
                continue
            if not isinstance(record, dict):
                on_problem(InputProblem(where, "line is not a JSON object"))
                continue
            text = record.get("text")
            if not isinstance(text, str) or not text.strip():
                on_problem(InputProblem(where, "record has no 'text'"))
                continue
            found = {k: record.get(k) for k in ("outlet", "title", "published", "url")}
            found = {k: v for k, v in found.items() if isinstance(v, str)}
            source = record.get("url") or record.get("path") or where
            meta = records.get(str(source)) or {**{k: v for k, v in record.items() if k != "text"}}
            try:
                yield _article(str(source), text, found, meta, max_bytes)
            except InputError as exc:
                on_problem(InputProblem(where, exc.problem))
