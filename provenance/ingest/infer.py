"""What an article's own text says about it: the outlet (from the page's
title line "Headline | Outlet", its self-promotion "Support Outlet - Go
Ad-Free!", "A message from Outlet:", "Outlet's website can also be
accessed at", or its copyright line), the headline, and a publication date
printed near the top ("Published: 14 March 2017").

Run on the text *before* chrome removal: chrome is where outlets name
themselves.
"""

from __future__ import annotations

import re

from ..sources import WIRE_SPELLINGS
from .manifest import normalize_date

# A name as outlets write their own: capitalised words, "&", "of", "the", dots, apostrophes.
_WORD = r"[A-Z0-9](?:[\w'’&-]|\.(?=\w))*"
_NAME = rf"(?:[Tt]he\s+)?{_WORD}(?:\s+(?:&|and|of|the|for|on|{_WORD})){{0,6}}"

_SELF_NAMING = [
    (
        "'Support … - Go Ad-Free' line",
        re.compile(rf"^\s*(?i:support)\s+({_NAME})\s*[-–—:|]\s*(?i:go\s+ad[- ]?free)\b", re.M),
    ),
    (
        "'A message from …' line",
        re.compile(rf"^\s*(?i:an?\s+(?:message|note|letter)\s+from)\s+({_NAME})\s*:?\s*$", re.M),
    ),
    (
        "'…'s website can also be accessed' line",
        re.compile(rf"^\s*({_NAME})['’]s?\s+(?i:(?:web)?site\s+can\s+(?:also\s+)?be\s+(?:accessed|reached))\b", re.M),
    ),
]
_COPYRIGHT = re.compile(
    rf"(?:©|\([cC]\)|\b(?i:copyright)\b)\s*(?:©|\([cC]\)|(?i:copyright))?\s*"
    rf"(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?,?\s*)?(?:by\s+)?({_NAME})"
)
_TITLE_SEPARATOR = re.compile(r"\s+\|\s+")
_BREADCRUMB = re.compile(r"^[\w&' -]{1,30}(?:\s+[/>»›]\s+[\w&' -]{1,30})+$")
_DATELINE = re.compile(
    r"^\s*(?:published|posted|updated|last updated|date|first published)(?:\s+on)?\s*[:\-–—]?\s*(.{6,60}?)\s*$",
    re.I,
)
_CASE_WORDS = {"&", "and", "of", "the", "for", "on"}
#: Lines read from the top of an article for a title or a date.
HEAD_LINES = 12


def _clean_name(name: str) -> str | None:
    words = name.strip(" .,:;|-–—'’").split()
    if words and words[0] == "the":
        words.pop(0)
    while words and words[-1].lower() in _CASE_WORDS:
        words.pop()
    if not words or len(words) > 7:
        return None
    name = " ".join(words)
    if name.lower() in WIRE_SPELLINGS or name.lower() in {"all rights reserved", "all", "rights"}:
        return None
    return name


def looks_like_outlet(part: str) -> bool:
    words = part.split()
    if not 1 <= len(words) <= 6 or len(part) > 60:
        return False
    capitalised = [w for w in words if w.lower() not in _CASE_WORDS]
    return bool(capitalised) and all(w[0].isupper() or w[0].isdigit() for w in capitalised)


def head_lines(text: str, limit: int = HEAD_LINES) -> list[str]:
    """The first non-empty lines, stripped."""
    out = []
    for line in text.split("\n"):
        if line.strip():
            out.append(line.strip())
            if len(out) >= limit:
                break
    return out


def split_title_line(line: str) -> tuple[str, str | None]:
    """("Headline", "Outlet") for a page title line "Headline | Outlet";
    (line, None) when the line names no outlet."""
    parts = _TITLE_SEPARATOR.split(line)
    if len(parts) >= 2 and looks_like_outlet(parts[-1]) and len(parts[0].split()) >= 3:
        return " | ".join(parts[:-1]).strip(), parts[-1].strip()
    return line, None


def infer_outlet(text: str) -> tuple[str, str] | None:
    """(outlet name, how it was found) from the raw article text, or None.
    A copyright line naming a wire (TASS, AP) names the wire, not the outlet."""
    for how, pattern in _SELF_NAMING:
        m = pattern.search(text)
        if m:
            name = _clean_name(m.group(1))
            if name:
                return name, how
    for line in head_lines(text, 3):
        _, outlet = split_title_line(line)
        if outlet and _clean_name(outlet):
            return _clean_name(outlet), "title line '… | outlet'"
    for m in _COPYRIGHT.finditer(text):
        name = _clean_name(m.group(1))
        if name:
            return name, "copyright line"
    return None


def infer_title(text: str, outlet: str | None = None) -> str | None:
    """The headline: the first line of a few words that is not a breadcrumb
    ("News / Turkey"), not the site's name with a section ("Defense News -
    Turkey"), not two sentences or more (a donation banner: "Our journalism
    is banned. We need your help."), without a trailing "| Outlet"."""
    for line in head_lines(text):
        if len(line.split()) < 3 or len(line) > 300 or _BREADCRUMB.match(line):
            continue
        if _SENTENCES.search(line) or (outlet and _site_and_section(line, outlet)):
            continue
        return split_title_line(line)[0]
    return None


_SENTENCES = re.compile(r"\w[.!?]\s+[A-Z]")  # a sentence ending and another beginning


def _site_and_section(line: str, outlet: str) -> bool:
    """Is the line the outlet's name and a section of its site ("Defense &
    Security News - Turkey")?"""
    if not line.lower().startswith(outlet.lower()):
        return False
    rest = line[len(outlet) :].strip()
    return not rest or (rest[:1] in "-|:–—/>" and len(rest[1:].split()) <= 3)


def infer_published(text: str) -> str | None:
    """A publication date printed near the top ("Published: 14 March 2017")."""
    for line in head_lines(text):
        m = _DATELINE.match(line)
        if m:
            try:
                return normalize_date(m.group(1))
            except ValueError:
                continue
    return None
