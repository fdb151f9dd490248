"""Readers for each input format: plain text, HTML (through trafilatura)
and JSONL records. Each gives :class:`RawArticle` records: the text as read
and what the format itself says about the article (HTML metadata, a
record's fields), before cleaning and the manifest are applied.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..errors import ArticleTooLarge, InputError
from .decode import decode_bytes
from .manifest import RECORD_FIELDS, json_type, known_fields
from .metadata import printed_on_page, structured, title_tag_outlet
from .problems import InputProblem, ProblemHandler, printable

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
#: A file may be this many times the text cap before it is refused unread:
#: a text file for its encoding (UTF-32 takes four bytes a character); an
#: HTML file for its markup, but parsing HTML takes time and memory that
#: grow with it (50 MB: 7 minutes and 660 MB), so not much.
FILE_SLACK = {"text": 4, "html": 2}
#: Markup nested deeper than this is flattened before extraction (lxml stops at 256).
MAX_MARKUP_DEPTH = 200


@dataclass
class RawArticle:
    """An article as one reader found it, before cleaning."""

    source: str  # the path or URL (or "file.jsonl:LINE") it was read from
    text: str
    found: dict = field(default_factory=dict)  # outlet, title, published, url, wire given by the format
    meta: dict = field(default_factory=dict)  # other fields of a JSONL record
    path: Path | None = None  # for the manifest lookup
    url: str | None = None
    notes: list[str] = field(default_factory=list)  # warnings: how it was decoded, what was fixed
    where: str | None = None  # where to point a person at, when not the source ("file.jsonl:LINE")


def megabytes(n: int) -> str:
    """A byte count for messages: '5 MB', '52.4 MB'."""
    mb = n / 1_000_000
    return f"{mb:.0f} MB" if mb >= 1 and mb == int(mb) else (f"{mb:.1f} MB" if mb >= 0.1 else f"{n:,} bytes")


def too_large(source: str, size: int, max_bytes: int, what: str = "article") -> ArticleTooLarge:
    return ArticleTooLarge(
        source,
        f"{what} is {megabytes(size)}, over the {megabytes(max_bytes)} cap on article size (raise it with --max-bytes)",
    )


def read_file(path: Path, max_bytes: int, *, name: str | None = None) -> RawArticle:
    """A .txt or .html file (or any other file named explicitly, read as
    text), stored under ``name`` (by default its path)."""
    source = str(path)
    html = path.suffix.lower() in HTML_SUFFIXES
    size = path.stat().st_size
    if size > max_bytes * FILE_SLACK["html" if html else "text"]:
        raise too_large(source, size, max_bytes, "file")
    with path.open("rb") as fh:
        raw = fh.read()
    decoded = decode_bytes(raw, source)
    del raw
    if html:
        text, found, notes = extract_html(decoded.text, source)
        return RawArticle(
            name or source, text, found, path=path, url=found.get("url"), notes=decoded.notes + notes, where=source
        )
    return RawArticle(name or source, decoded.text, path=path, notes=decoded.notes, where=source)


class _DepthGauge(HTMLParser):
    """Measures how deep markup nests (stdlib parser: no depth limit)."""

    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }

    def __init__(self, limit: int | None = None):
        super().__init__(convert_charrefs=False)
        self.limit = limit
        self.stack: list[str] = []
        self.max_depth = 0
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            self._emit(self.get_starttag_text())
            return
        self.stack.append(tag)
        self.max_depth = max(self.max_depth, len(self.stack))
        if self.limit is None or len(self.stack) <= self.limit:
            self._emit(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack:
                depth = len(self.stack)
                top = self.stack.pop()
                if self.limit is None or depth <= self.limit:
                    self._emit(f"</{top}>")
                if top == tag:
                    break

    def handle_startendtag(self, tag, attrs):
        self._emit(self.get_starttag_text())

    def handle_data(self, data):
        self._emit(data)

    def handle_entityref(self, name):
        self._emit(f"&{name};")

    def handle_charref(self, name):
        self._emit(f"&#{name};")

    def handle_decl(self, decl):
        self._emit(f"<!{decl}>")

    def _emit(self, s):
        if self.limit is not None and s:
            self.out.append(s)


def markup_depth(html: str) -> int:
    gauge = _DepthGauge()
    gauge.feed(html)
    gauge.close()
    return gauge.max_depth


def flatten_markup(html: str, limit: int = MAX_MARKUP_DEPTH) -> str:
    """The same document with the tags nested below ``limit`` dropped (their text kept)."""
    gauge = _DepthGauge(limit)
    gauge.feed(html)
    gauge.close()
    return "".join(gauge.out)


def _trafilatura(html: str) -> dict | None:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return data if (data.get("text") or "").strip() else None


def extract_html(html: str, source: str) -> tuple[str, dict, list[str]]:
    """(body text, metadata, notes) of an HTML page through trafilatura;
    markup too deep for lxml is flattened first."""
    notes: list[str] = []
    try:
        data = _trafilatura(html)
        if data is None:
            depth = markup_depth(html)
            if depth > MAX_MARKUP_DEPTH:
                notes.append(f"markup nested {depth:,} levels deep; flattened to {MAX_MARKUP_DEPTH} to read it")
                data = _trafilatura(flatten_markup(html))
    except (ValueError, TypeError, AttributeError, RecursionError, LookupError) as exc:
        raise InputError(source, f"cannot parse HTML ({exc.__class__.__name__}: {exc})") from exc
    if data is None:
        raise InputError(source, "no article text found in the HTML")
    own = structured(html)
    guessed = {"title": data.get("title"), "published": data.get("date")}
    found: dict = {"url": data.get("url")}
    found_from: dict[str, str] = {}
    for name in ("title", "published"):  # the page's own metadata before the extractor's guess
        if name in own:
            found[name], found_from[name] = own[name]
            if name == "published":
                found[name] = found[name][:10]  # the day, as the extractor gives it
        elif isinstance(guessed[name], str) and guessed[name].strip():
            if name == "published" and not printed_on_page(guessed[name], html, data.get("url")):
                continue  # a date only a cited source or a build stamp gives is not the article's
            found[name], found_from[name] = guessed[name], f"page extractor ({name})"
    outlets = [
        own.get("outlet", (None, "")),
        (title_tag_outlet(html), "the page's <title> ('headline - outlet')"),
        (data.get("sitename"), "page extractor (site name)"),
    ]
    outlets = [(n, how) for n, how in outlets if isinstance(n, str) and n.strip()]
    if outlets:
        found["outlet"] = outlets[0][0]
    found = {k: v for k, v in found.items() if isinstance(v, str) and v.strip()}
    return data["text"], {**found, "_outlets": outlets, "_from": found_from}, notes


def read_jsonl(
    path: Path,
    max_bytes: int,
    on_problem: ProblemHandler,
    *,
    name: str | None = None,
    start: int = 0,
    stop: int | None = None,
    first_line: int = 1,
) -> Iterator[RawArticle]:
    """Article records, one JSON object a line with at least ``text``; a bad
    line is reported and skipped. A record is stored under its ``url``,
    else its ``path``, else ``NAME:LINE`` (``name`` by default the path).
    ``start`` and ``stop`` read only the lines between those bytes (line
    ``first_line`` begins at ``start``): one shard of a large file."""
    with path.open("rb") as fh:
        fh.seek(start)
        pos = start
        for n, line in enumerate(fh, first_line):
            if stop is not None and pos >= stop:
                break
            pos += len(line)
            where = f"{path}:{n}"
            if not line.strip():
                continue
            if len(line) > max_bytes * FILE_SLACK["text"]:
                on_problem(InputProblem(where, str(too_large(where, len(line), max_bytes, "record").problem)))
                continue
            try:
                record = json.loads(line.decode("utf-8-sig"))
            except UnicodeDecodeError as exc:
                on_problem(InputProblem(where, f"line is not UTF-8 (byte {exc.start})"))
                continue
            except json.JSONDecodeError as exc:
                on_problem(InputProblem(where, f"bad JSON ({exc.msg} at column {exc.colno})"))
                continue
            except RecursionError:
                on_problem(InputProblem(where, "bad JSON (nested too deeply)"))
                continue
            if not isinstance(record, dict):
                on_problem(InputProblem(where, f"line is {json_type(record)}, not a JSON object"))
                continue
            text = record.get("text")
            if not isinstance(text, str) or not text.strip():
                on_problem(
                    InputProblem(
                        where,
                        "record has no 'text'"
                        if text is None or isinstance(text, str)
                        else f"record's 'text' is {json_type(text)}, not a string",
                    )
                )
                continue
            warnings: list[InputProblem] = []
            found = known_fields(record, where, warnings.append)
            for w in warnings:
                on_problem(w)
            rel = record.get("path") if isinstance(record.get("path"), str) else None
            url = found.get("url")
            source = url or (printable(rel) if rel else f"{name or path}:{n}")
            meta = {k: v for k, v in record.items() if k not in RECORD_FIELDS}
            yield RawArticle(
                str(source), text, found, meta, path=(path.parent / rel) if rel else None, url=url, where=where
            )
