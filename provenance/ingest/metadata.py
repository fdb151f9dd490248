"""The metadata provenance rests on: an article's outlet, title and
published date, each chosen from the best source that has it, with a
record of where it came from (``articles.outlet_from``, ``title_from``,
``published_from``).

The order is the manifest, then the page's structured metadata
(``article:published_time``, JSON-LD ``datePublished``, ``og:site_name``,
``og:title``), then what the page extractor guessed, then the text. A
date the extractor read from a server build stamp or a cited source loses
to the page's own. A wire named as the site of a page that carries its
copy (an AP story on SFGate) is the wire, and the page's own site the
outlet. Outlet names that are slugs ("Nj", "Wday_"), web addresses or
taglines are mended or passed over; a title loses its site suffix
(" - IGN", "| ZDNet").
"""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import urlsplit

from ..sources import wire_name
from .infer import looks_like_outlet

_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"([\w:.-]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+)")
_JSON_LD = re.compile(r"<script\b[^>]*application/ld\+json[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)
_TIME_TAG = re.compile(r"<time\b[^>]*>", re.IGNORECASE)
#: meta tags giving the publication date, best first (property/name/itemprop, lower case)
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
)
_SITE_META = ("og:site_name", "application-name")
_TITLE_META = ("og:title", "twitter:title")
_ARTICLE_TYPES = ("article", "newsarticle", "reportagenewsarticle", "blogposting", "webpage", "analysisnewsarticle")
#: small words inside outlets' names ("Times of India", "Corriere della Sera")
_NAME_PARTICLES = frozenset("of and the for on & de del della di da la le les des du van von am im y e et".split())
#: words that make a "site name" a tagline, not a name
_TAGLINE_WORDS = frozenset("your you best latest breaking source home news-and for in our we".split())
_SUFFIX = re.compile(r"\s+(?:[|\-\u2013\u2014:\u00b7\u2022]|::)\s+([^|\-\u2013\u2014:\u00b7\u2022]{1,60})$")
_HOST_LIKE = re.compile(r"^(?:https?://|www\.)|^[\w-]+(?:\.[\w-]+)+(?:/|$)", re.I)  # an address, not a name
_TITLE_TAG = re.compile(r"<title[^>]*>([^<]{1,400})</title>", re.IGNORECASE)


def _tags(html: str) -> dict[str, str]:
    """Meta tags' content by property, name or itemprop (lower case), first wins."""
    out: dict[str, str] = {}
    for m in _META.finditer(html[:300_000]):
        attrs = {k.lower(): v.strip("\"'") for k, v in _ATTR.findall(m.group(0))}
        content = attrs.get("content") or attrs.get("datetime")
        if not content:
            continue
        for key in ("property", "name", "itemprop"):
            if attrs.get(key):
                out.setdefault(attrs[key].lower(), unescape(content).strip())
    return out


def _json_ld(html: str) -> list[dict]:
    """The JSON-LD objects of a page describing an article, flattened."""
    found: list[dict] = []

    def walk(node, depth: int = 0) -> None:
        if depth > 6:
            return
        if isinstance(node, list):
            for n in node:
                walk(n, depth + 1)
        elif isinstance(node, dict):
            kinds = node.get("@type")
            kinds = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, list) else []
            if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                found.append(node)
            walk(node.get("@graph"), depth + 1)

    for m in _JSON_LD.finditer(html[:1_000_000]):
        try:
            walk(json.loads(m.group(1).strip()))
        except (ValueError, RecursionError):
            continue
    found.sort(key=lambda n: str(n.get("@type")).lower() == "webpage")  # an article before the page around it
    return found


def structured(html: str) -> dict[str, tuple[str, str]]:
    """What a page's own structured metadata says: field -> (value, where
    from) for published, outlet and title."""
    tags = _tags(html)
    ld = _json_ld(html)
    found = {
        "published": _first_tag(tags, _DATE_META)
        or _first_ld(ld, "datePublished", "JSON-LD datePublished")
        or _byline_time(html),
        "outlet": _first_tag(tags, _SITE_META) or _first_ld(ld, "publisher", "JSON-LD publisher"),
        "title": _first_tag(tags, _TITLE_META) or _first_ld(ld, "headline", "JSON-LD headline"),
    }
    return {k: (" ".join(unescape(v[0]).split()), v[1]) for k, v in found.items() if v and v[0].strip()}


def _first_tag(tags: dict[str, str], names: tuple[str, ...]) -> tuple[str, str] | None:
    """The first of these meta tags the page has, with where it came from."""
    return next(((tags[n], f"page metadata ({n})") for n in names if tags.get(n)), None)


def _first_ld(nodes: list[dict], key: str, how: str) -> tuple[str, str] | None:
    """The first JSON-LD article's ``key`` (a publisher's name), with where it came from."""
    for node in nodes:
        value = node.get(key)
        value = value[0] if isinstance(value, list) and value else value
        value = value.get("name") if isinstance(value, dict) else value
        if isinstance(value, str):
            return value, f"page metadata ({how})"
    return None


def _byline_time(html: str) -> tuple[str, str] | None:
    """The date of a ``<time>`` the page marks as its publication's."""
    for m in _TIME_TAG.finditer(html[:300_000]):
        attrs = {k.lower(): v.strip("\"'") for k, v in _ATTR.findall(m.group(0))}
        marks = " ".join(attrs.get(k, "") for k in ("class", "itemprop", "pubdate", "data-testid")).lower()
        if attrs.get("datetime") and ("pub" in marks or "byline" in marks or "pubdate" in attrs):
            return attrs["datetime"], "page byline (<time>)"
    return None


#: The wires' own sites: a wire named there is the outlet.
_WIRE_HOSTS = {
    "apnews.com": "AP",
    "ap.org": "AP",
    "reuters.com": "Reuters",
    "afp.com": "AFP",
    "bloomberg.com": "Bloomberg",
    "upi.com": "UPI",
    "tass.com": "TASS",
    "tass.ru": "TASS",
    "aa.com.tr": "Anadolu",
    "xinhuanet.com": "Xinhua",
    "news.cn": "Xinhua",
    "dpa.com": "dpa",
    "efe.com": "EFE",
    "ansa.it": "ANSA",
    "kyodonews.net": "Kyodo",
    "yna.co.kr": "Yonhap",
    "interfax.ru": "Interfax",
    "ria.ru": "RIA Novosti",
}


def title_tag_outlet(html: str) -> str | None:
    """The site a page's <title> names after its headline ("Headline - Outlet",
    "Headline | Outlet")."""
    m = _TITLE_TAG.search(html[:200_000])
    if not m:
        return None
    title = " ".join(unescape(m.group(1)).split())
    suffix = _SUFFIX.search(title)
    if not suffix or len(title[: suffix.start()].split()) < 3:
        return None
    name = suffix.group(1).strip()
    return name if looks_like_outlet(name) else None


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
BYLINE_WORDS = 14  # a date printed in a piece of text this short is a byline's or a dateline's
_MONTHS = "January February March April May June July August September October November December".split()


def printed_on_page(date: str, html: str, url: str | None = None) -> bool:
    """Is this date (``YYYY-MM-DD``) the page's own: in its markup's
    attributes (a ``<time>``, a meta tag), its own address, or printed in a short
    piece of text (a byline, a dateline), not only in a sentence citing an
    earlier report or in an HTML comment (a server's build stamp)?"""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", date or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        return False
    y, mo, d = m.group(1), int(m.group(2)), int(m.group(3))
    month = _MONTHS[mo - 1]
    forms = [
        f"{y}-{mo:02d}-{d:02d}",
        f"{y}/{mo:02d}/{d:02d}",
        f"{month} {d}, {y}",
        f"{month[:3]} {d}, {y}",
        f"{month[:3]}. {d}, {y}",
        f"{d} {month} {y}",
        f"{d} {month[:3]} {y}",
        f"{mo}/{d}/{y}",
        f"{d:02d}.{mo:02d}.{y}",
    ]
    page = _COMMENT.sub(" ", html[:500_000])
    attributes = " ".join(re.findall(r"(?:datetime|content)\s*=\s*[\"']([^\"']{0,300})", page)) + " " + (url or "")
    if any(f in attributes for f in forms):
        return True
    for piece in re.findall(r">([^<]{1,400})<", page):
        text = " ".join(unescape(piece).split())
        if len(text.split()) <= BYLINE_WORDS and any(f.lower() in text.lower() for f in forms):
            return True
    return False


def host_name(url: str | None) -> str | None:
    """A site's name from its address: "https://www.sfgate.com/x" -> "sfgate.com"."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return None
    host = host.removeprefix("www.")
    return host if "." in host else None


def outlet_name(name: str | None) -> str | None:
    """An outlet's name as stored, or None when the text is no name: a web
    address, a tagline ("The best source for news in your town"), a slug
    ("Wday_" -> "WDAY", "Nj" -> "NJ")."""
    if not name:
        return None
    name = " ".join(name.split()).strip(" _-|:;,.\u2013\u2014")
    if not name or _HOST_LIKE.search(name) or len(name) > 60:
        return None
    words = name.split()
    lower = [w for w in words if w[:1].islower() and w.lower() not in _NAME_PARTICLES]
    if len(words) > 6 or 2 * len(lower) >= len(words) > 1 or any(w.lower() in _TAGLINE_WORDS for w in lower):
        return None
    if _abbreviation_slug(name):
        return name.upper()
    return name.replace("_", " ").strip()


def _abbreviation_slug(name: str) -> bool:
    """An abbreviation written as a slug: "Nj" (no vowel after its first
    letter), or broadcast call letters "Wday", "Kare"."""
    if not (name.isalpha() and len(name) <= 4 and name[0].isupper() and name[1:].islower()):
        return False
    return not re.search(r"[aeiouy]", name[1:]) or (len(name) == 4 and name[0] in "WK")


def choose_outlet(
    candidates: list[tuple[str | None, str]], url: str | None
) -> tuple[str | None, str | None, str | None]:
    """(outlet, where from, wire) from candidate names best first, each with
    where it came from, then the page's address. A wire named where the
    page's own site is named too (an AP story on SFGate) is the wire the
    article carries, not its outlet."""
    names = [(outlet_name(n), how) for n, how in candidates]
    names = [(n, how) for n, how in names if n]
    host = host_name(url)
    if host:
        names.append((host, "the page's address"))
    wire = None
    own_wire = next((w for h, w in _WIRE_HOSTS.items() if host and (host == h or host.endswith("." + h))), None)
    for n, how in names:
        w = wire_name(n)
        if w and w == own_wire:
            return n, how, None  # the wire's own site
        if w:
            wire = wire or w
            continue
        return n, how, wire
    if wire:
        first = next(how for n, how in names if wire_name(n) == wire)
        return wire, first, None
    return None, None, None


def strip_site_suffix(title: str | None, outlets: list[str | None]) -> str | None:
    """A title without the site's name after it (" - IGN", " | ZDNet")."""
    if not title:
        return title
    m = _SUFFIX.search(title)
    if not m:
        return title
    suffix = _squash(m.group(1))
    for outlet in outlets:
        if outlet and suffix and (suffix == _squash(outlet) or _squash(outlet).startswith(suffix)):
            head = title[: m.start()].strip()
            return head if len(head.split()) >= 2 else title
    return title


def _squash(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.lower()).removesuffix("com")
