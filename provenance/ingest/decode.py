"""Bytes to clean text: refuse binary files, find the encoding of text that
is not UTF-8, and remove the characters no article needs.

A newsroom folder holds whatever people saved into it: PDFs and images
renamed ``.txt``, Windows-1251 exports, UTF-16 files from Word, pasted
terminal output. Each is either decoded (with a note saying how) or refused
with a reason a person can act on.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from ..errors import InputError

# Signatures of common binary formats that end up with a text name.
MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh91AY&SY", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable program"),
    (b"OggS", "an audio file"),
    (b"ID3", "an audio file"),
]

BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

#: Above this share (and count) of control characters a "text" is really binary data.
MAX_CONTROL_SHARE = 0.05
MAX_CONTROL_COUNT = 32
#: charset-normalizer's "chaos" above which a guessed decoding is not trusted.
MAX_CHAOS = 0.25

# Invisible format characters that only get in the way of matching quotes:
# soft hyphen, zero-width space, word joiner, stray BOMs, bidi marks and embeddings.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# C0 and C1 controls other than tab and the line breaks handled below.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Characters that UTF-8 read as Latin-1 or Windows-1252 leaves behind ("Ã©", "â€™"):
# only a text holding one is handed to ftfy.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2\u00c3\u00e2\u00c5\u00d0\u00d1][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
    "\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028]")


@dataclass
class Decoded:
    """Text read from bytes, and what was done to get it."""

    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)  # warnings worth one line each


def sniff_binary(raw: bytes) -> str | None:
    """What binary format ``raw`` is, when its first bytes say so."""
    for magic, what in MAGIC:
        if raw.startswith(magic):
            return what
    return None


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is NUL, as in UTF-16
    text mostly made of Latin letters."""
    sample = raw[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


#: When several encodings read a text equally well (short texts often do), the
#: one newsrooms really use wins: Windows code pages before Mac and DOS ones.
COMMON_ENCODINGS = [
    "cp1252",
    "cp1251",
    "latin_1",
    "iso8859_15",
    "koi8_r",
    "koi8_u",
    "cp1250",
    "iso8859_2",
    "cp1254",
    "cp1253",
    "cp1257",
    "cp1255",
    "cp1256",
    "gb18030",
    "gbk",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
    "iso8859_5",
]


def _guess(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding) by charset-normalizer, when it is confident."""
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(raw) if m.chaos <= MAX_CHAOS]
    if not matches:
        return None
    least_chaos = min(m.chaos for m in matches)
    most_coherent = max(m.coherence for m in matches)
    good = [m for m in matches if m.chaos <= least_chaos + 0.05 and m.coherence >= most_coherent / 2]

    def rank(m) -> tuple[int, float]:
        common = COMMON_ENCODINGS.index(m.encoding) if m.encoding in COMMON_ENCODINGS else len(COMMON_ENCODINGS)
        return common, m.chaos

    best = min(good, key=rank)
    return str(best), best.encoding


def decode_bytes(raw: bytes, source: str) -> Decoded:
    """Decode the bytes of a text file, or raise :class:`InputError` saying
    why they are not text."""
    if not raw.strip():
        raise InputError(source, "empty file" if not raw else "file holds only whitespace")
    what = sniff_binary(raw)
    if what:
        hint = "; decompress it first" if "compressed" in what else ""
        raise InputError(source, f"binary file ({what}), not text{hint}")
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    source,
                    f"starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()} (byte {exc.start + len(bom)})",
                ) from None
            notes = [] if encoding == "utf-8" else [f"decoded as {encoding.upper()} (byte-order mark)"]
            return Decoded(text, encoding, notes)
    if b"\x00" in raw:
        encoding = _utf16_without_bom(raw)
        if encoding:
            try:
                return Decoded(raw.decode(encoding), encoding, [f"decoded as {encoding.upper()} (no byte-order mark)"])
            except UnicodeDecodeError:
                pass
        if raw.count(0) > max(8, len(raw) // 100):
            raise InputError(source, "binary file (NUL bytes), not text")
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    guessed = _guess(raw)
    if guessed is None:
        raise InputError(source, f"not text: not valid UTF-8 (byte {bad_at}) and no other encoding fits")
    text, encoding = guessed
    return Decoded(text, encoding, [f"not UTF-8; decoded as {encoding}"])


def clean_text(text: str, source: str) -> tuple[str, list[str]]:
    """Text with unified line breaks, mojibake repaired (by ftfy), NFC-composed,
    without invisible and control characters; raises :class:`InputError` when control characters
    are so many the text is really binary. Returns (text, notes)."""
    notes: list[str] = []
    text = unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", text).replace("\u2029", "\n\n"))
    if _MOJIBAKE_HINT.search(text):
        import ftfy

        # word by word: one well-encoded character elsewhere on a line must not stop the repair
        repaired = re.sub(r"\S*" + _MOJIBAKE_HINT.pattern + r"\S*", lambda m: ftfy.fix_encoding(m.group()), text)
        if repaired != text:
            notes.append("repaired mis-decoded characters (mojibake such as 'Ã©' for 'é')")
            text = repaired
    controls = len(_CONTROL.findall(text))
    if controls:
        if controls > MAX_CONTROL_COUNT and controls > MAX_CONTROL_SHARE * len(text):
            raise InputError(source, f"binary data, not text ({controls:,} control characters)")
        text = _CONTROL.sub("", text)
        notes.append(f"removed {controls:,} control character{'s' if controls != 1 else ''}")
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", text), notes


def clean_field(value: str | None) -> str | None:
    """A one-line field (outlet, title, URL, wire) without invisible and
    control characters: a bidi override in an outlet's name would make it
    display as another name. Runs of whitespace become one space."""
    if not value:
        return value
    cleaned = " ".join(_INVISIBLE.sub("", _CONTROL.sub("", value)).split())
    return cleaned or None
