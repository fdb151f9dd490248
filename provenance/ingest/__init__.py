"""Ingestion: files, folders, JSONL records and an optional manifest in,
:class:`~provenance.records.Article` records out.

Each article gets its cleaned text (decoded, control characters and page
chrome removed) and its outlet, title, published date, URL and wire: from
the manifest where it says, else from the format (HTML metadata, a JSONL
record's fields), else inferred from the text. Problems with one input are
reported through ``on_problem`` and the rest of the corpus carries on.
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, ManifestError
from ..records import Article
from .chrome import remove_chrome
from .decode import clean_field, clean_text
from .infer import infer_outlet, infer_published, infer_title
from .manifest import MANIFEST_NAME, Manifest, ManifestEntry, normalize_date, read_manifest, report_missing
from .metadata import choose_outlet, host_name, strip_site_suffix
from .problems import InputProblem, ProblemHandler, ignore_problem, printable
from .readers import ARTICLE_SUFFIXES, JSONL_SUFFIXES, RawArticle, read_file, read_jsonl, too_large
from .web import Fetcher, feed_links, fetch_page
from .wire import infer_wire

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Dedup",
    "Input",
    "InputProblem",
    "Manifest",
    "Part",
    "Plan",
    "ProblemHandler",
    "Read",
    "count_inputs",
    "iter_inputs",
    "iter_paths",
    "make_article",
    "normalize_date",
    "plan_reading",
    "read_articles",
    "read_manifest",
    "read_part",
    "remove_chrome",
    "report_missing",
]

#: The default cap on one article's text, in bytes of UTF-8: far above any real article.
DEFAULT_MAX_BYTES = 5_000_000
#: Fewer words than this is not an article (a navigation label, a stray caption).
MIN_WORDS = 3


@dataclass(frozen=True)
class Input:
    """One file to read: where it is, the name it is stored under (relative
    to the folder given, so no local folder layout is published) and the
    name problems are reported under (as given on the command line)."""

    path: Path
    name: str
    shown: str


_URL = re.compile(r"^(?:https?|ftp):/", re.IGNORECASE)


def is_web_address(source: str | Path) -> bool:
    """An http(s) address that is not also a local file's name."""
    return bool(_URL.match(str(source))) and not os.path.exists(source)


def _inside(path: str, roots: Iterable[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _stored_name(path: Path, folder: Path | None, on_problem: ProblemHandler) -> str:
    """The name a file is stored under: its path relative to the folder
    given (its own name when given itself), escaped where it is not
    valid UTF-8 or holds control characters (one warning says so)."""
    name = os.path.relpath(path, folder) if folder is not None else path.name
    safe = printable(name)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        on_problem(InputProblem(str(path), f"file name is not valid UTF-8; stored as '{safe}'", "warning"))
    return safe


def _walk(folder: Path, roots: list[str], seen: set[tuple[int, int]], on_problem: ProblemHandler) -> Iterator[Input]:
    """Article files under ``folder``, sorted, following symlinks that stay
    inside the folders given (``roots``) but reading each real folder once
    (so symlink loops end)."""
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            st = current.stat()
        except OSError as exc:
            on_problem(InputProblem(str(current), f"cannot read folder: {exc.strerror or exc}", "warning"))
            continue
        if (st.st_dev, st.st_ino) in seen:
            what = "symlink to a folder" if current.is_symlink() else "folder"
            on_problem(
                InputProblem(str(current), f"{what} already read ({os.path.realpath(current)}); skipped", "warning")
            )
            continue
        seen.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            on_problem(InputProblem(str(current), f"cannot read folder: {exc.strerror or exc}", "warning"))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_symlink() and not _inside(os.path.realpath(path), roots):
                on_problem(InputProblem(str(path), "symlink leads outside the folders given; not followed", "warning"))
                continue
            try:
                is_dir, is_file = entry.is_dir(), entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:
                subfolders.append(path)
            elif is_file:
                if entry.name != MANIFEST_NAME and path.suffix.lower() in ARTICLE_SUFFIXES:
                    yield Input(path, _stored_name(path, folder, on_problem), str(path))
            elif entry.is_symlink():
                on_problem(InputProblem(str(path), "broken or looping symlink; skipped", "warning"))
        stack.extend(reversed(subfolders))


def _roots(sources: Iterable[str | Path]) -> list[str]:
    """The folders given, as written and as real paths: links may not lead out of them."""
    folders = [s for s in sources if not _URL.match(str(s)) and os.path.isdir(s)]
    return sorted({form(f) for f in folders for form in (os.path.realpath, os.path.abspath)})


def iter_inputs(sources: Iterable[str | Path], on_problem: ProblemHandler = ignore_problem) -> Iterator[Input]:
    """The article files under the given paths (folders recursively, sorted;
    files named explicitly are read whatever their name). Web addresses
    are left to :func:`read_articles`, which fetches them."""
    sources = list(sources)
    roots = _roots(sources)
    seen: set[tuple[int, int]] = set()
    for src in sources:
        if is_web_address(src):
            continue  # fetched by read_articles
        p = Path(src)
        if p.is_symlink() and not p.exists():
            on_problem(InputProblem(str(p), "broken or looping symlink"))
        elif not p.exists():
            on_problem(InputProblem(str(p), "no such file or folder"))
        elif p.is_dir():
            yield from _walk(p, roots, seen, on_problem)
        elif p.name == MANIFEST_NAME:
            continue  # a manifest named among the sources is read as the manifest
        else:
            yield Input(p, _stored_name(p, None, on_problem), str(p))


def iter_paths(sources: Iterable[str | Path], on_problem: ProblemHandler = ignore_problem) -> Iterator[Path]:
    """The paths of :func:`iter_inputs`."""
    return (i.path for i in iter_inputs(sources, on_problem))


def count_inputs(sources: Iterable[str | Path]) -> int:
    """How many articles the sources hold at most (files, plus JSONL lines):
    the length of a progress bar."""
    sources = list(sources)
    total = sum(is_web_address(s) for s in sources)
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


def _manifests(sources: list[Path], manifest: str | Path | None) -> list[Path]:
    """The manifest files to read: each source folder's manifest.jsonl and
    any manifest.jsonl named as a source, then the one given explicitly."""
    found = []
    for src in sources:
        candidate = src / MANIFEST_NAME if src.is_dir() else src
        if candidate.name == MANIFEST_NAME and candidate.is_file():
            found.append(candidate)
    if manifest is not None:
        found.append(Path(manifest))
    return found


def make_article(
    raw: RawArticle, entry: ManifestEntry | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Article, list[str]]:
    """The article from what a reader found: size-checked, cleaned, chrome
    removed, with metadata from the manifest entry, then the format, then
    the text. Returns (article, notes); raises :class:`InputError`."""
    where = raw.where or raw.source
    size = len(raw.text.encode("utf-8"))
    if size > max_bytes:
        raise too_large(where, size, max_bytes)
    text, notes = clean_text(raw.text, where)
    body = remove_chrome(text)
    if not body.strip():
        raise InputError(
            where, "no article text left after removing page chrome" if text.strip() else "no text (only whitespace)"
        )
    if not any(c.isalpha() for c in body):
        raise InputError(where, "no words in the text (only marks, digits or symbols)")
    words = len(body.split(None, MIN_WORDS))
    if words < MIN_WORDS:
        raise InputError(where, f"too short to be an article ({words} word{'s' if words != 1 else ''})")
    given = entry.fields if entry else {}
    fields = describe_fields(raw, given, text, body)
    if "wire" in given:
        wire, evidence = given["wire"], ("manifest" if given["wire"] else None)
    elif raw.found.get("wire"):
        wire, evidence = raw.found["wire"], "record"
    elif fields.syndicated:
        wire, evidence = fields.syndicated, f"the page names {fields.syndicated} beside its own site"
    else:
        wire, evidence = infer_wire(text) or (None, None)
    article = Article(
        source=raw.source,
        text=body,
        outlet=clean_field(fields.outlet),
        title=clean_field(fields.title),
        published=fields.published,
        url=clean_field(fields.url),
        wire=clean_field(wire),
        wire_evidence=evidence,
        meta={**raw.meta, **(entry.meta if entry else {})},
        found_from=fields.found_from,
    )
    return article, raw.notes + notes


@dataclass
class Fields:
    """An article's outlet, title, date and address, and where each came from."""

    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    syndicated: str | None = None  # a wire named where the page's own site is named too
    found_from: dict[str, str] = field(default_factory=dict)


def describe_fields(raw: RawArticle, given: dict, text: str, body: str) -> Fields:
    """Outlet, title, published date and URL: the manifest's, then what the
    format gave (a page's own metadata before the extractor's guesses), then
    the text's; each with where it came from (see :mod:`.metadata`)."""
    out = Fields()
    how = raw.found.get("_from", {})
    out.url = given["url"] if "url" in given else raw.found.get("url") or raw.url
    if "outlet" in given:
        out.outlet = given["outlet"]
        if out.outlet:
            out.found_from["outlet"] = "manifest"
    else:
        candidates = list(raw.found.get("_outlets") or [])
        if not candidates and raw.found.get("outlet"):
            candidates.append((raw.found["outlet"], "record"))
        inferred = infer_outlet(text)
        if inferred:
            candidates.append((inferred[0], f"the text ({inferred[1]})"))
        out.outlet, where, out.syndicated = choose_outlet(candidates, out.url)
        if where:
            out.found_from["outlet"] = where
    if "title" in given:
        out.title = given["title"]
        if out.title:
            out.found_from["title"] = "manifest"
    else:
        if raw.found.get("title"):
            out.title, out.found_from["title"] = raw.found["title"], how.get("title", "record")
        else:
            out.title = infer_title(body, out.outlet)
            if out.title:
                out.found_from["title"] = "the text (its first headline-like line)"
        names = [out.outlet, *(n for n, _ in raw.found.get("_outlets") or []), host_name(out.url)]
        out.title = strip_site_suffix(out.title, names)
    if "published" in given:
        out.published = given["published"]
        if out.published:
            out.found_from["published"] = "manifest"
    else:
        for value, where in (
            (raw.found.get("published"), how.get("published", "record")),
            (infer_published(text), "the text (a 'Published:' line)"),
        ):
            try:
                value = normalize_date(value)
            except ValueError:
                continue
            if value:
                out.published, out.found_from["published"] = value, where
                break
    return out


def _unexpected(where: str, exc: BaseException) -> InputProblem:
    return InputProblem(
        where,
        f"unexpected {exc.__class__.__name__} while reading: {exc} (run again with --verbose for details)",
        detail=traceback.format_exc(),
    )


@dataclass(frozen=True)
class Part:
    """A piece of the input read as one: a whole file, or the lines of a
    JSONL file from byte ``start`` to byte ``stop`` (``first_line`` is the
    number of the line at ``start``), so a large JSONL file can be read
    in several places at once."""

    input: Input
    start: int = 0
    stop: int | None = None
    first_line: int = 1


@dataclass
class Read:
    """One article as read from a part, before duplicates are dropped: the
    notes about it (warnings), where to point a person at, and the manifest
    line that described it (its ``where``, or None)."""

    article: Article
    notes: list[str]
    where: str
    manifest_line: str | None = None


@dataclass
class Plan:
    """What reading the sources needs before any article is read: the
    manifest lines, and which files are manifests rather than articles."""

    index: Manifest
    skip: set[str]

    def parts(self, sources: Iterable[str | Path], on_problem: ProblemHandler = ignore_problem) -> Iterator[Part]:
        """One part per article file, and one per JSONL file, in reading order."""
        for given in iter_inputs(sources, on_problem):
            if os.path.abspath(given.path) not in self.skip:
                yield Part(given)


def plan_reading(
    sources: Iterable[str | Path], manifest: str | Path | None = None, on_problem: ProblemHandler = ignore_problem
) -> Plan:
    """Read the manifests: ``manifest`` and a ``manifest.jsonl`` inside a
    given folder (or named among the sources); the explicit one wins."""
    sources = list(sources)
    folders = [Path(s) for s in sources if not is_web_address(s)]
    manifests = _manifests(folders, manifest)
    # manifest paths may name files in the folders given and beside a manifest given
    allowed = _roots(folders + ([Path(manifest).parent] if manifest is not None else []))
    index = Manifest()
    for m in manifests:
        try:
            read_manifest(m, on_problem, into=index, inside=lambda p: _inside(os.path.abspath(p), allowed))
        except ManifestError as exc:
            on_problem(InputProblem(exc.source, f"{exc.problem}; building without it"))
    return Plan(index, {os.path.abspath(m) for m in manifests})


def _make_read(raw: RawArticle, index: Manifest, max_bytes: int) -> Read:
    entry = index.lookup(raw.path, raw.url)
    article, notes = make_article(raw, entry, max_bytes=max_bytes)
    return Read(article, notes, raw.where or raw.source, entry and entry.where)


def read_part(
    part: Part, index: Manifest, *, max_bytes: int = DEFAULT_MAX_BYTES, on_problem: ProblemHandler = ignore_problem
) -> Iterator[Read]:
    """The articles of one part, with the manifest's metadata; what cannot
    be read is reported and skipped (duplicates are not dropped here)."""
    given = part.input
    path, where = given.path, given.shown

    def make(raw: RawArticle) -> Read:
        return _make_read(raw, index, max_bytes)

    try:
        if path.suffix.lower() in JSONL_SUFFIXES:
            records = read_jsonl(
                path,
                max_bytes,
                on_problem,
                name=given.name,
                start=part.start,
                stop=part.stop,
                first_line=part.first_line,
            )
            for raw in records:
                try:
                    read = make(raw)
                except InputError as exc:
                    on_problem(InputProblem(exc.source, exc.problem))
                    continue
                except Exception as exc:
                    on_problem(_unexpected(raw.where or raw.source, exc))
                    continue
                yield read
            return
        read = make(read_file(path, max_bytes, name=given.name))
    except InputError as exc:
        on_problem(InputProblem(exc.source, exc.problem))
        return
    except MemoryError:
        on_problem(InputProblem(where, "out of memory while reading; skipped (try a lower --max-bytes)"))
        return
    except OSError as exc:
        on_problem(InputProblem(where, f"cannot read: {exc.strerror or exc}"))
        return
    except (GeneratorExit, KeyboardInterrupt):
        raise
    except Exception as exc:
        on_problem(_unexpected(where, exc))
        return
    yield read


class Dedup:
    """Drops an article with the same text as one read before, or as one
    already stored (its text hash passes ``stored``), with a warning of
    code ``duplicate``: the one place duplicates are dropped. The notes
    about an article kept are reported with it. ``first_read`` holds where
    each text hash was first read (a dict unless another mapping is given:
    one kept on disk spares a driver millions of entries)."""

    def __init__(
        self,
        on_problem: ProblemHandler,
        stored: Callable[[str], bool] | None = None,
        first_read: MutableMapping[str, str] | None = None,
    ) -> None:
        self.on_problem = on_problem
        self.stored = stored
        self.first_read = {} if first_read is None else first_read  # text hash -> where it was first read

    def keep(self, read: Read, digest: str | None = None) -> bool:
        digest = digest or read.article.sha256
        if digest in self.first_read:
            self.on_problem(
                InputProblem(
                    read.where, f"same text as {self.first_read[digest]}; kept once", "warning", code="duplicate"
                )
            )
            return False
        if self.stored is not None and self.stored(digest):
            self.on_problem(
                InputProblem(
                    read.where, "same text as an article already stored; kept once", "warning", code="duplicate"
                )
            )
            return False
        self.first_read[digest] = read.where
        for note in read.notes:
            self.on_problem(InputProblem(read.where, note, "warning"))
        return True


def read_articles(
    sources: Iterable[str | Path],
    manifest: str | Path | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_problem: ProblemHandler = ignore_problem,
    stored: Callable[[str], bool] | None = None,
    feeds: Iterable[str] = (),
    fetcher: Fetcher | None = None,
) -> Iterator[Article]:
    """Articles from files, folders, JSONL files, web addresses and the
    pages RSS or Atom ``feeds`` list, with manifest metadata.

    Besides ``manifest``, a ``manifest.jsonl`` inside a given folder (or
    named among the sources) is read; the explicit one wins. An article
    with the same text as one read before, or as one already stored (its
    text hash passes ``stored``), is skipped with a warning of code
    ``duplicate`` (:class:`Dedup`)."""
    sources = list(sources)
    plan = plan_reading(sources, manifest, on_problem)
    dedup = Dedup(on_problem, stored)
    for part in plan.parts(sources, on_problem):
        for read in read_part(part, plan.index, max_bytes=max_bytes, on_problem=on_problem):
            if dedup.keep(read):
                yield read.article
    addresses = [str(s) for s in sources if is_web_address(s)]
    if addresses or feeds:
        fetcher = fetcher or Fetcher()
        for feed in feeds:
            try:
                addresses += feed_links(feed, fetcher, max_bytes)
            except InputError as exc:
                on_problem(InputProblem(exc.source, exc.problem))
        for url in dict.fromkeys(addresses):
            try:
                read = _make_read(fetch_page(url, fetcher, max_bytes), plan.index, max_bytes)
            except InputError as exc:
                on_problem(InputProblem(exc.source, exc.problem))
            except (GeneratorExit, KeyboardInterrupt):
                raise
            except Exception as exc:
                on_problem(_unexpected(url, exc))
            else:
                if dedup.keep(read):
                    yield read.article
    report_missing(plan.index, on_problem)
