"""Inferring the wire (AP, Reuters, TASS, ...) an article carries from its
text: copyright lines, datelines, credits."""
from __future__ import annotations

import re

WIRE_NAMES = {
    "tass": "TASS", "itar-tass": "TASS", "reuters": "Reuters", "ap": "AP", "associated press": "AP",
    "the associated press": "AP", "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "upi": "UPI", "united press international": "UPI", "ria novosti": "RIA Novosti", "interfax": "Interfax",
    "xinhua": "Xinhua", "dpa": "dpa", "bloomberg": "Bloomberg", "anadolu agency": "Anadolu",
}
_NAMES = "|".join(sorted((re.escape(n) for n in WIRE_NAMES), key=len, reverse=True))
_PATTERNS = [
    re.compile(r"(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(?:\d{4}\s+)?(" + _NAMES + r")\b", re.IGNORECASE),
    re.compile(r"^[A-Z][A-Z .,'-]{1,40}\((" + _NAMES + r")\)\s*[-\u2013\u2014]", re.MULTILINE | re.IGNORECASE),
    re.compile(r"^\((" + _NAMES + r")\)\s*[-\u2013\u2014]", re.MULTILINE | re.IGNORECASE),
    re.compile(r"^(?:reporting|writing|additional reporting)\s+by\b.*?\b(" + _NAMES + r")\b", re.MULTILINE | re.IGNORECASE),
]


def infer_wire(text: str) -> tuple[str, str] | None:
    """(wire name, the words that gave it away), or None."""
    for pattern in _PATTERNS:
        m = pattern.search(text)
        if m:
            return WIRE_NAMES[m.group(1).lower()], m.group(0).strip()
    return None


def wire_name(text: str) -> str | None:
    """The canonical wire a name denotes ("the associated press" -> "AP"), or None."""
    return WIRE_NAMES.get(" ".join((text or "").lower().split()))
