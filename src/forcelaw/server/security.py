"""Security headers on every answer, and a Content-Security-Policy on every HTML page.

Pages load scripts, styles and images from this origin only: no inline script runs (the query
page's configuration is a JSON data block read by ``/static/query.js``, the schema.org JSON-LD is
a data block too, and data blocks are not executed). The query page alone allows inline *styles*,
because YASGUI's result table inserts a ``<style>`` element for its column grips; its scripts are
still 'self' only. No page may be framed (clickjacking), and nothing is sniffed.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_PAGE_POLICY = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
}
PAGE_CSP = "; ".join(f"{name} {value}" for name, value in _PAGE_POLICY.items())
QUERY_PAGE_CSP = "; ".join(
    f"{name} {value} 'unsafe-inline'" if name == "style-src" else f"{name} {value}"
    for name, value in _PAGE_POLICY.items()
)
# Paths that may answer with the YASGUI page (``/sparql`` does for a browser without a query).
QUERY_PAGE_PATHS = frozenset({"/query", "/sparql"})

ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
ON_PAGES = {
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Cross-Origin-Opener-Policy": "same-origin",
}


def security_headers(path: str, content_type: str | None) -> dict[str, str]:
    """The headers to add to an answer at ``path`` with ``content_type``."""
    headers = dict(ALWAYS)
    if content_type is not None and content_type.split(";")[0].strip().lower() == "text/html":
        headers.update(ON_PAGES)
        headers["Content-Security-Policy"] = (
            QUERY_PAGE_CSP if path in QUERY_PAGE_PATHS else PAGE_CSP
        )
    return headers


def with_security_headers(raw: list[tuple[bytes, bytes]], path: str) -> list[tuple[bytes, bytes]]:
    """Raw response headers ``raw`` with ``security_headers`` added (those set already kept)."""
    present = {name.lower() for name, _ in raw}
    content_type = next((v for n, v in raw if n.lower() == b"content-type"), None)
    kind = content_type.decode("latin-1") if content_type is not None else None
    for name, value in security_headers(path, kind).items():
        key = name.lower().encode("latin-1")
        if key not in present:
            raw.append((key, value.encode("latin-1")))
    return raw


class SecurityHeadersMiddleware:
    """Adds ``security_headers`` to every HTTP response (those a view already set are kept)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = with_security_headers(list(message.get("headers", [])), path)
                message = {**message, "headers": raw}
            await send(message)

        await self.app(scope, receive, send_with_headers)
