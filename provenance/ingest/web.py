"""Articles from the web: pages given by address, and the pages an RSS or
Atom feed lists.

A page is fetched only where the site's robots.txt lets our user agent
(``provenance``) have it, with a time limit and a size cap; its HTML goes
through the same extractor as a saved page (trafilatura), and the article
keeps the address it was finally served from and the time it was fetched
(``meta["fetched"]``). Every failure is one :class:`InputError` naming the
address and the problem, so one bad address never stops the others.
"""

from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from .. import __version__
from ..errors import InputError
from .decode import decode_bytes
from .readers import FILE_SLACK, HTML_SUFFIXES, RawArticle, extract_html, too_large

USER_AGENT = f"provenance/{__version__} (quote provenance checker; +https://pypi.org/project/provenance/)"
ROBOTS_AGENT = "provenance"  # the name robots.txt rules address us by
TIMEOUT = 20.0  # seconds per request
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Fetcher:
    """How pages are fetched: the user agent, a time limit, and the robots.txt
    rules read so far (one read per site)."""

    user_agent: str = USER_AGENT
    timeout: float = TIMEOUT
    opener: urllib.request.OpenerDirector = field(default_factory=urllib.request.build_opener)
    robots: dict[str, RobotFileParser | str] = field(default_factory=dict)  # site -> rules, or why none

    def get(self, url: str, max_bytes: int) -> tuple[bytes, str, str]:
        """(body, content type, final address) of a GET; raises InputError."""
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "*/*"})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                body = response.read(max_bytes + 1)
                if len(body) > max_bytes:
                    raise too_large(url, len(body), max_bytes, "page")
                return body, response.headers.get("Content-Type", ""), response.geturl()
        except urllib.error.HTTPError as exc:
            raise InputError(url, f"the server answered HTTP {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason.strerror if isinstance(exc.reason, OSError) and exc.reason.strerror else exc.reason
            raise InputError(url, f"cannot fetch: {reason}") from None
        except TimeoutError:
            raise InputError(url, f"no answer within {self.timeout:g} s") from None
        except (OSError, ValueError) as exc:
            raise InputError(url, f"cannot fetch: {exc}") from None

    def allowed(self, url: str) -> None:
        """Raise InputError unless the site's robots.txt lets us fetch ``url``."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self.robots:
            self.robots[site] = self._read_robots(site)
        rules = self.robots[site]
        if isinstance(rules, str):
            raise InputError(url, rules)
        if not rules.can_fetch(ROBOTS_AGENT, url):
            raise InputError(url, f"the site's robots.txt does not allow {ROBOTS_AGENT} to fetch it; not fetched")

    def _read_robots(self, site: str) -> RobotFileParser | str:
        rules = RobotFileParser(site + "/robots.txt")
        request = urllib.request.Request(site + "/robots.txt", headers={"User-Agent": self.user_agent})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                text = response.read(512_000).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                rules.disallow_all = True  # the convention: a locked robots.txt locks the site
            elif exc.code >= 500:
                return f"the site's robots.txt could not be read (HTTP {exc.code}); not fetched"
            else:
                rules.allow_all = True  # no robots.txt: no rules
            return rules
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return f"cannot fetch the site's robots.txt ({reason}); not fetched"
        rules.parse(text.splitlines())
        return rules


def fetch_page(url: str, fetcher: Fetcher, max_bytes: int) -> RawArticle:
    """The article of a web page, with its final address and fetch time;
    raises InputError."""
    fetcher.allowed(url)
    fetched = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    body, content_type, final = fetcher.get(url, max_bytes * FILE_SLACK["html"])
    kind = content_type.split(";")[0].strip().lower()
    decoded = decode_bytes(body, url)
    meta = {"fetched": fetched}
    if kind.startswith("text/plain"):
        return RawArticle(url, decoded.text, {"url": final}, meta, url=final, notes=decoded.notes)
    if kind and kind not in _HTML_TYPES and not urlsplit(final).path.lower().endswith(tuple(HTML_SUFFIXES)):
        raise InputError(url, f"not a web page ({kind}); not read")
    text, found, notes = extract_html(decoded.text, url)
    found.setdefault("url", final)
    return RawArticle(url, text, found, meta, url=final, notes=decoded.notes + notes)


def feed_links(feed_url: str, fetcher: Fetcher, max_bytes: int) -> list[str]:
    """The addresses of the articles an RSS or Atom feed lists, in its order;
    raises InputError."""
    import feedparser

    fetcher.allowed(feed_url)
    body, content_type, final = fetcher.get(feed_url, max_bytes * FILE_SLACK["html"])
    parsed = feedparser.parse(body, response_headers={"content-type": content_type, "content-location": final})
    if not parsed.entries:
        if parsed.get("bozo"):
            raise InputError(feed_url, f"not an RSS or Atom feed ({parsed.get('bozo_exception')})")
        raise InputError(feed_url, "the feed lists no articles")
    links = []
    for entry in parsed.entries:
        link = entry.get("link")
        if link:
            links.append(urljoin(final, link))
    if not links:
        raise InputError(feed_url, "the feed's entries have no links")
    return list(dict.fromkeys(links))
