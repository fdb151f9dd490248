"""What keeps the site up and its visitors safe: error pages that cost
nothing to make and print no traceback, and the security headers of
every response.

Datasette's own error handler prints a traceback with every local
variable, on the event loop, for each 404: a few clients asking for
missing pages stall everyone else. Ours replaces it (see
:func:`replace_default_error_handler`): a 404 or 400 is a short page in
the site's style and nothing in the log; anything else is a 500 page and
one line in the log.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import sys
from base64 import b64encode
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup

from ..limits import PAGE_SECONDS, TimeLimitExceeded, WordingTooLong, time_limit

T = TypeVar("T")

#: Datasette errors raised for a bad request that it sends as a 500.
_BAD_REQUEST_500S = re.compile(r"^(?:Cannot sort|Cannot use _sort|Invalid _through)")


def replace_default_error_handler() -> None:
    """Unregister Datasette's default ``handle_exception`` hook: it prints
    a rich traceback for every error, 404s included (ours answers them all)."""
    from datasette.plugins import pm

    default = pm.get_plugin("datasette.handle_exception")
    if default is not None:
        pm.unregister(default)


def classify(exception: BaseException) -> tuple[int, str, str | None]:
    """(HTTP status, message, title) for an exception raised by a page."""
    if isinstance(exception, Base400):
        return exception.status, str(exception.args[0]) if exception.args else "Bad request", None
    if isinstance(exception, DatasetteError):
        status = exception.status
        if status >= 500 and _BAD_REQUEST_500S.match(str(exception.message)):
            status = 400
        return status, exception.message, exception.title
    if isinstance(exception, OverflowError):
        return 400, "A number in the address is too large.", None
    if (isinstance(exception, sqlite3.OperationalError) and "interrupted" in str(exception)) or isinstance(
        exception, TimeLimitExceeded
    ):
        return 503, "This took too long to answer; try a narrower request.", "Too slow"
    if isinstance(exception, WordingTooLong):
        return 400, str(exception), None
    return 500, "Something went wrong on the server.", None


def limited(work: Callable[[sqlite3.Connection], T]) -> Callable[[sqlite3.Connection], T]:
    """``work`` as a page hands it to ``execute_fn``, within the page's
    time limit (:data:`provenance.limits.PAGE_SECONDS`, its SQL included):
    Datasette bounds the SQL of its own pages, not a plugin's."""

    def run(conn: sqlite3.Connection) -> T:
        with time_limit(PAGE_SECONDS, conn):
            return work(conn)

    return run


async def error_response(datasette, request, exception: BaseException) -> Response:
    """A short error page (or JSON) in the site's style; only a 500 is
    logged, in one line."""
    status, message, title = classify(exception)
    if status >= 500:
        print(
            f"provenance: {status} on {request.path}: {exception.__class__.__name__}: {exception}",
            file=sys.stderr,
            flush=True,
        )
    info = {"ok": False, "error": str(message), "status": status, "title": title}
    if request.path.split("?")[0].endswith(".json"):
        return Response.json(info, status=status)
    if isinstance(exception, DatasetteError) and exception.message_is_html:
        info["error"] = Markup(message)
    html = await datasette.render_template("provenance_error.html", info, request=request)
    return Response.html(html, status=status)


# ---------------------------------------------------------------- headers


def _inline_script_hashes() -> list[str]:
    """CSP hashes of the inline scripts in Datasette's own templates (the
    menus' closer, the SQL editor's set-up, the facet switch): worked out
    from the template files, never from a response."""
    import datasette

    folder = Path(datasette.__file__).parent / "templates"
    scripts: set[str] = set()
    for template in folder.glob("*.html"):
        for body in re.findall(r"<script>(.*?)</script>", template.read_text(encoding="utf-8"), re.DOTALL):
            if "{{ datasette_allow_facet }}" in body:
                scripts.update(body.replace("{{ datasette_allow_facet }}", v) for v in ("true", "false"))
            elif "{{" not in body and "{%" not in body:
                scripts.add(body)
    return sorted(f"'sha256-{b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts)


def content_security_policy() -> str:
    """Scripts only from the site itself (and Datasette's fixed inline
    ones, by hash); styles from the site, inline ones included, since
    Datasette's templates set colours in style attributes; no framing, no
    plugins, forms and links to the site itself."""
    scripts = " ".join(["'self'", *_inline_script_hashes()])
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def security_headers() -> list[tuple[bytes, bytes]]:
    return [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
        (b"content-security-policy", content_security_policy().encode()),
    ]


def with_security_headers(app):
    """An ASGI app that adds :func:`security_headers` to every response."""
    headers = security_headers()
    names = {name for name, _ in headers}

    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)

        async def send_with_headers(event):
            if event["type"] == "http.response.start":
                kept = [(k, v) for k, v in event.get("headers", []) if k.lower() not in names]
                event = {**event, "headers": kept + headers}
            await send(event)

        return await app(scope, receive, send_with_headers)

    return wrapped
