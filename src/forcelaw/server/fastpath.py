"""The fast path: requests that a frozen release turns into lookups, answered without the router.

Two kinds of request are answered here, inside the middleware stack (security headers, request
id, CORS, the rate limit and Memento still apply) but before FastAPI's routing and request
handling, which cost most of a cheap request's time:

* ``GET /sparql`` with a query whose complete answer is in the answer cache, or whose entity tag
  the client already holds (304);
* ``GET``/``HEAD`` of a document under ``/id/`` that has a static file in the release, or that
  was rendered on an earlier request (the document cache).

Each answer is computed by the functions the views use (``sparql.known_answer``,
``resources.choose_format``, ``document_headers`` and ``cached_document``,
``static_site.answer``), so both paths give the same status, headers and body; a parity test
compares them request by request. Anything else (a miss, a malformed or refused query, paging, a
citation, the service description, an edition) goes on to the router, which stays the authority
on every error. ``Settings.fast_path`` turns the fast path off.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from forcelaw.formats import Format, Kind
from forcelaw.server import static_site
from forcelaw.server.answer_cache import AnswerCache
from forcelaw.server.describe import is_safe_iri
from forcelaw.server.document_cache import document_key, origin_of
from forcelaw.server.negotiation import choose_format as choose_answer_format
from forcelaw.server.problems import Problem
from forcelaw.server.resources import (
    RESOURCE_FORMATS,
    _split_suffix,
    cached_document,
    choose_format,
    document_headers,
)
from forcelaw.server.settings import Settings
from forcelaw.server.site import Site
from forcelaw.server.sparql import _parse_qs, _prefers_page, known_answer, protocol_request

Answer = tuple[int, dict[str, str], bytes]
NEGOTIATIONS = 4096  # distinct (Accept, format) pairs whose outcome is remembered


class FastPath:
    """ASGI middleware answering cache hits and static documents, else calling the app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            state = scope["app"].state
            settings: Settings = state.settings
            path: str = scope["path"]
            found: Answer | None = None
            if settings.fast_path:
                headers = request_headers(scope["headers"])
                if path == "/sparql" and scope["method"] == "GET":
                    found = sparql_hit(settings, state.answers, state.store, scope, headers)
                elif path.startswith("/id/"):
                    found = static_document(state.site, scope, headers)
            if found is not None:
                await _send(send, *found)
                return
        await self.app(scope, receive, send)


def request_headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """Header name (lower case) -> its first value, as Starlette's ``Headers.get`` reads them."""
    out: dict[str, str] = {}
    for name, value in raw:
        key = name.decode("latin-1").lower()
        if key not in out:
            out[key] = value.decode("latin-1")
    return out


def sparql_hit(
    settings: Settings,
    cache: AnswerCache,
    store: Any,
    scope: Scope,
    headers: Mapping[str, str],
) -> Answer | None:
    """The answer to a ``GET /sparql`` known without the store, or None (the view decides)."""
    if not cache.enabled:
        return None
    raw: bytes = scope["query_string"]
    if not raw or len(raw) > settings.max_request_bytes:
        return None
    try:
        params = protocol_request(_parse_qs(raw, "query string"), [])
    except Problem:
        return None
    query = params.query
    if query is None or len(query) > settings.max_query_length:
        return None
    accept = headers.get("accept")
    if params.format is None and _page_preferred(accept):
        return None
    text = cache.analyse(query)
    if text.depth > settings.max_depth or text.is_update or text.services or text.form is None:
        return None
    kind = Kind.GRAPH if text.is_graph_query else Kind.RESULTS
    fmt = _answer_format(kind, accept, params.format)
    if fmt is None:
        return None
    key = cache.key(query, params.default_graph_uris, params.named_graph_uris, fmt.key)
    if key is None:
        return None
    return known_answer(cache, store.dataset.version, key, headers.get("if-none-match", ""))


def static_document(site: Site, scope: Scope, headers: Mapping[str, str]) -> Answer | None:
    """The document at ``scope``'s path (``/id/...``) from its static file or from the document
    cache, or None (the view renders it)."""
    rest = scope["path"][len("/id/") :]
    query_string: bytes = scope["query_string"]
    if not rest or rest.endswith("/"):
        return None
    override = None
    if query_string:
        try:
            items = _parse_qs(query_string, "query string")
        except Problem:
            return None
        if any(name != "format" for name, _ in items):
            return None  # paging and anything else: the view
        override = items[-1][1] if items else None
    stem, forced = _split_suffix(rest)
    chosen = _document_format(headers.get("accept"), override, forced)
    if chosen is None:
        return None
    fmt, negotiated = chosen
    if fmt.kind is Kind.CITATION:
        return None
    iri = site.urls.base + stem
    if not is_safe_iri(iri):
        return None
    local = site.urls.resource_path(iri) or "/id/" + stem
    own = document_headers(site, local, fmt, negotiated)
    found = static_site.lookup(site, local, fmt)
    if found is not None:
        return static_site.answer(headers, site, found, own)
    return cached_document(site, document_key(origin_of(scope), local, fmt.key, 0), own, headers)


@lru_cache(maxsize=NEGOTIATIONS)
def _page_preferred(accept: str | None) -> bool:
    return _prefers_page(accept)


@lru_cache(maxsize=NEGOTIATIONS)
def _answer_format(kind: Kind, accept: str | None, override: str | None) -> Format | None:
    try:
        return choose_answer_format(kind, accept, override)
    except Problem:
        return None


@lru_cache(maxsize=NEGOTIATIONS)
def _document_format(
    accept: str | None, override: str | None, forced: Format | None
) -> tuple[Format, bool] | None:
    try:
        return choose_format(accept, override, forced, RESOURCE_FORMATS)
    except Problem:
        return None


async def _send(send: Send, status: int, headers: dict[str, str], body: bytes) -> None:
    raw = [
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()
    ]
    if status not in (204, 304) and status >= 200:
        raw.append((b"content-length", str(len(body)).encode("latin-1")))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
