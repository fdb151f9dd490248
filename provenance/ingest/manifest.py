"""The optional manifest: one JSON object a line giving what is known about
an article (``path`` or ``url``, ``outlet``, ``published``, ``url``,
``title``, ``wire``). What it gives wins over what is inferred from the text.

Bad lines, unknown fields and unusable dates are warnings: the line (or the
field) is ignored and the build goes on.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ManifestError
from .problems import InputProblem, ProblemHandler, ignore_problem

MANIFEST_NAME = "manifest.jsonl"
#: Fields a manifest line may give, besides ``path``/``url``.
KNOWN_FIELDS = ("outlet", "published", "url", "title", "wire")
TEXT_FIELDS = ("outlet", "url", "title", "wire")
#: Fields of a JSONL article record that are not metadata.
RECORD_FIELDS = {"path", "text", *KNOWN_FIELDS}
#: How many "path does not exist" lines to print before summing up the rest.
MISSING_SHOWN = 5


def json_type(value: object) -> str:
    """What JSON calls a value's type, for messages: 'a number', 'a list'."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    names = {str: "a string", int: "a number", float: "a number", list: "a list", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def normalize_date(value: object) -> str | None:
    """An ISO 8601 date (``2017-03-14``), datetime (``2017-03-14T10:00:00+00:00``),
    month (``2017-03``) or year (``2017``) for a date written any common way;
    ``None`` for null or empty. Raises ``ValueError`` for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, (int, float)):
        if not 0 < value < 32_503_680_000:  # seconds since 1970, before the year 3000
            raise ValueError(f"not a date: {value!r}")
        return dt.datetime.fromtimestamp(value, dt.UTC).isoformat(timespec="seconds")
    text = value.strip()
    if re.fullmatch(r"\d{4}(-\d{2})?", text):
        year = int(text[:4])
        month = int(text[5:7]) if len(text) > 4 else 1
        if 1000 <= year <= 2999 and 1 <= month <= 12:
            return text
        raise ValueError(f"not a date: {text!r}")
    from dateutil import parser

    # Parse twice with different defaults: the parts that change were not written.
    try:
        a = parser.parse(text, default=dt.datetime(2000, 1, 1, 0, 0, 0))
        b = parser.parse(text, default=dt.datetime(2001, 2, 2, 1, 1, 1))
    except (ValueError, OverflowError, parser.ParserError):
        raise ValueError(f"not a date: {text!r}") from None
    if a.year != b.year or not 1000 <= a.year <= 2999:
        raise ValueError(f"not a date (no year): {text!r}")
    if a.month != b.month:
        return f"{a.year:04d}"
    if a.day != b.day:
        return f"{a.year:04d}-{a.month:02d}"
    if a.hour != b.hour:
        return a.date().isoformat()
    return a.isoformat(timespec="seconds" if a.second or a.microsecond else "minutes")


@dataclass
class ManifestEntry:
    """One usable manifest line."""

    where: str  # "manifest.jsonl:3"
    path: str | None
    url: str | None
    fields: dict  # the known fields the line gives (a null ``wire`` means "not a wire copy")
    meta: dict  # any other fields, kept in articles.meta
    base: Path  # the folder relative paths are read from
    used: bool = False


@dataclass
class Manifest:
    """Manifest entries from one or more files, looked up by path or URL."""

    entries: list[ManifestEntry] = field(default_factory=list)
    _by_path: dict[str, ManifestEntry] = field(default_factory=dict)
    _by_name: dict[str, list[ManifestEntry]] = field(default_factory=dict)
    _by_url: dict[str, ManifestEntry] = field(default_factory=dict)

    def add(self, entry: ManifestEntry) -> None:
        self.entries.append(entry)
        if entry.path:
            self._by_path[_path_key(entry.base / entry.path)] = entry
            self._by_name.setdefault(os.path.basename(entry.path), []).append(entry)
        if entry.url:
            self._by_url[_url_key(entry.url)] = entry

    def lookup(self, path: str | Path | None = None, url: str | None = None) -> ManifestEntry | None:
        """The entry for a file (by its path, else by its name when only one
        entry has that name) or for a URL; marks it used."""
        entry = None
        if path is not None:
            entry = self._by_path.get(_path_key(Path(path)))
            if entry is None:
                named = self._by_name.get(os.path.basename(str(path)), [])
                entry = named[0] if len(named) == 1 else None
        if entry is None and url:
            entry = self._by_url.get(_url_key(url))
        if entry is not None:
            entry.used = True
        return entry

    def unused_missing(self) -> list[ManifestEntry]:
        """Entries that matched no input and whose path names no file."""
        return [e for e in self.entries if not e.used and e.path and not (e.base / e.path).exists()]


def _path_key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _url_key(url: str) -> str:
    return url.strip().rstrip("/")


def read_manifest(
    path: str | Path,
    on_problem: ProblemHandler = ignore_problem,
    into: Manifest | None = None,
    *,
    inside: Callable[[Path], bool] | None = None,
) -> Manifest:
    """Read a manifest file; a file that cannot be read at all raises
    :class:`ManifestError`, a bad line is a warning. With ``inside``, a
    line whose path is not inside the folders it accepts is ignored, and
    nothing is said about whether that path exists."""
    path = Path(path)
    manifest = into if into is not None else Manifest()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ManifestError(str(path), f"cannot read manifest: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(str(path), f"manifest is not UTF-8 text (byte {exc.start})") from None
    base = path.parent
    unknown: dict[str, str] = {}
    seen: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        where = f"{path}:{n}"
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            on_problem(InputProblem(where, f"bad JSON in manifest line ({exc.msg}); line ignored", "warning"))
            continue
        if not isinstance(record, dict):
            on_problem(InputProblem(where, "manifest line is not a JSON object; line ignored", "warning"))
            continue
        entry = parse_entry(record, where, base, on_problem)
        if entry is None:
            continue
        if entry.path and inside is not None and not inside(base / entry.path):
            on_problem(InputProblem(where, "path is outside the folders given; line ignored", "warning"))
            continue
        for name in entry.meta:
            unknown.setdefault(name, where)
        ref = entry.path or entry.url or ""
        if ref in seen:
            on_problem(InputProblem(where, f"'{ref}' is already listed at {seen[ref]}; this line wins", "warning"))
        seen[ref] = where
        manifest.add(entry)
    if unknown:
        names = ", ".join(f"'{name}'" for name in sorted(unknown))
        on_problem(
            InputProblem(
                str(path),
                f"unknown manifest field{'s' if len(unknown) > 1 else ''} {names} "
                f"(kept in articles.meta; known: path, {', '.join(KNOWN_FIELDS)})",
                "warning",
            )
        )
    return manifest


def parse_entry(record: dict, where: str, base: Path, on_problem: ProblemHandler) -> ManifestEntry | None:
    """A manifest entry from one JSON object, with each bad field dropped
    and warned about; ``None`` when it names no article."""
    path, url = record.get("path"), record.get("url")
    path = path if isinstance(path, str) and path.strip() else None
    url = url if isinstance(url, str) and url.strip() else None
    if path is None and url is None:
        on_problem(InputProblem(where, "manifest line has neither 'path' nor 'url'; line ignored", "warning"))
        return None
    fields = known_fields(record, where, on_problem)
    meta = {k: v for k, v in record.items() if k not in RECORD_FIELDS}
    return ManifestEntry(where, path, url, fields, meta, base)


def known_fields(record: dict, where: str, on_problem: ProblemHandler) -> dict:
    """The known metadata fields of a record, checked: text fields must be
    strings (or null), ``published`` a date (normalised to ISO 8601)."""
    fields: dict = {}
    for name in TEXT_FIELDS:
        if name not in record:
            continue
        value = record[name]
        if value is None or (isinstance(value, str) and value.strip()):
            fields[name] = value.strip() if isinstance(value, str) else None
        elif isinstance(value, str):
            continue  # an empty string says nothing
        else:
            on_problem(InputProblem(where, f"'{name}' should be text, not {json_type(value)}; ignored", "warning"))
    if "published" in record:
        try:
            fields["published"] = normalize_date(record["published"])
        except ValueError as exc:
            on_problem(InputProblem(where, f"'published' is {exc}; left empty", "warning"))
            fields["published"] = None
    return fields


def report_missing(manifest: Manifest, on_problem: ProblemHandler) -> None:
    """Warn about manifest paths that name no file and matched no input."""
    missing = manifest.unused_missing()
    for entry in missing[:MISSING_SHOWN]:
        on_problem(InputProblem(entry.where, f"path '{entry.path}' does not exist", "warning"))
    if len(missing) > MISSING_SHOWN:
        rest = len(missing) - MISSING_SHOWN
        on_problem(
            InputProblem(
                missing[MISSING_SHOWN].where,
                f"and {rest} more manifest path{'s' if rest > 1 else ''} that do not exist",
                "warning",
            )
        )
