"""Inferring the wire (AP, Reuters, TASS, ...) an article carries from its
text: datelines ("NEW YORK, Feb. 7 (UPI) —", "MOSCOW (Reuters) -",
"MOSCOW, March 3. /TASS/."),
copyright lines ("© Copyright 2017 TASS"), bylines and credit lines
("By The Associated Press", "Reporting by ...; Editing by ..." is
Reuters' house style), and AP's "___" separators where the text names
the Associated Press."""

from __future__ import annotations

import re

from ..sources import WIRE_SPELLINGS, wire_name

_NAMES = "|".join(sorted((re.escape(n) for n in WIRE_SPELLINGS), key=len, reverse=True))
_WIRE = rf"(?i:({_NAMES}))"
HEAD_LINES = 15  # datelines and bylines are looked for this near the top
_HEAD_PATTERNS = [
    # dateline: CITY[, State][, Date] (WIRE) — ...
    (
        "dateline",
        re.compile(
            rf"^\s*[A-Z][A-Za-z0-9 .,'’/&-]{{0,60}}?\s*\(\s*{_WIRE}\s*\)\s*(?:[-\u2013\u2014:]|$)", re.MULTILINE
        ),
    ),
    # TASS's dateline: MOSCOW, March 3. /TASS/.
    ("dateline", re.compile(rf"^\s*[A-Z][A-Za-z0-9 .,'’-]{{0,60}}?/\s*{_WIRE}\s*/", re.MULTILINE)),
    ("byline", re.compile(rf"^\s*(?i:by|from)\s+(?:the\s+)?{_WIRE}\s*\.?\s*$", re.MULTILINE)),
]
_ANYWHERE = [
    (
        "copyright line",
        re.compile(
            rf"(?:©|\([cC]\)|\b(?i:copyright)\b)\s*(?:©|\([cC]\)|(?i:copyright))?\s*(?:\d{{4}}(?:\s*[-\u2013]\s*\d{{4}})?,?\s*)?"
            rf"(?:by\s+)?(?:the\s+)?{_WIRE}\b"
        ),
    ),
    (
        "credit line",
        re.compile(rf"^\s*[-\u2014\u2013(]*\s*(?:the\s+)?{_WIRE}\s+(?i:contributed to this report)", re.MULTILINE),
    ),
    (
        "credit line",
        re.compile(rf"\b{_WIRE}\s+(?i:writers?|correspondents?)\s+[A-Z][\w.'’ -]{{2,80}}\s+(?i:contributed)"),
    ),
]
# Reuters' house credit: "(Reporting by X; Editing by Y)"
_REUTERS_CREDIT = re.compile(
    r"^\s*\(?\s*(?:additional\s+)?reporting\s+by\b[^\n]{2,200}?\b(?:editing|writing)\s+by\b",
    re.MULTILINE | re.IGNORECASE,
)
_AP_SEPARATOR = re.compile(r"^_{3,}\.?\s*$", re.MULTILINE)
_AP_NAMED = re.compile(r"\b(?:the\s+)?Associated Press\b")


def infer_wire(text: str) -> tuple[str, str] | None:
    """(wire name, the words that gave it away), or None."""
    head = "\n".join(text.splitlines()[:HEAD_LINES])
    for _, pattern in _HEAD_PATTERNS:
        m = pattern.search(head)
        if m:
            return wire_name(m.group(1)), m.group(0).strip()
    for _, pattern in _ANYWHERE:
        m = pattern.search(text)
        if m:
            return wire_name(m.group(1)), m.group(0).strip()
    m = _REUTERS_CREDIT.search(text)
    if m:
        return "Reuters", m.group(0).strip()
    if _AP_SEPARATOR.search(text):
        named = _AP_NAMED.search(text)
        if named:
            return "AP", f"AP's '___' separators, and the text names {named.group(0)}"
    return None
