"""A path that is a route but for a trailing slash (``/sparql/``, ``/release/V/dumps``): where
to send it.

Starlette's own answer (``redirect_slashes``) is a 307 to an absolute URL built from the
request's ``Host`` header, so ``Host: evil.example`` got ``Location: http://evil.example/sparql``
(an address off the site, which a cache keyed on the path alone would give every client), and
behind a proxy the address the proxy used. This one is relative (the path as the client encoded
it, and its query), permanent, and never names another host.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.routing import BaseRoute, Match
from starlette.types import Scope

from forcelaw.urls import header_uri

SAFE_METHODS = frozenset({"GET", "HEAD"})


def slash_target(scope: Scope, routes: Iterable[BaseRoute]) -> str | None:
    """The path (and query) the request should have asked, with its trailing slashes taken off
    or one slash added, if a route answers that; else None."""
    path: str = scope["path"]
    if path == "/" or not path.startswith("/"):
        return None
    trailing = path.endswith("/")
    candidate = path.rstrip("/") if trailing else path + "/"
    if not candidate or candidate.startswith("//"):
        return None
    probe = {**scope, "path": candidate}
    if all(route.matches(probe)[0] is Match.NONE for route in routes):
        return None
    raw_path = scope.get("raw_path")
    raw = raw_path.decode("latin-1").split("?", 1)[0] if raw_path else header_uri(path)
    if trailing and not raw.endswith("/"):
        return None  # the slash was "%2F": taking it off is not this
    target = raw.rstrip("/") if trailing else raw + "/"
    if not target.startswith("/") or target.startswith("//"):
        return None  # "//host" would be another site's address
    query: bytes = scope.get("query_string", b"")
    return target + ("?" + query.decode("latin-1") if query else "")


def redirect_status(method: str) -> int:
    """301 for GET and HEAD; 308 for any other method, which keeps its method and body."""
    return 301 if method in SAFE_METHODS else 308
