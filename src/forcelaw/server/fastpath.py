"""The fast path: requests that a frozen release turns into lookups, answered without the router.

Two kinds of request are answered here, before FastAPI's routing and request handling and (for
the clients the rate limit exempts) before the middleware stack, which cost most of a cheap
request's time:

* ``GET``/``HEAD /sparql`` with a query whose complete answer is in the answer cache, or whose
  entity tag the client already holds (304);
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

import logging
import time
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from forcelaw.formats import Format, Kind
from forcelaw.server import static_site
from forcelaw.server.answer_cache import AnswerCache
from forcelaw.server.describe import is_safe_iri
from forcelaw.server.document_cache import document_key
from forcelaw.server.editions import describes, timegate_links, with_timegate
from forcelaw.server.lru import text_bytes
from forcelaw.server.middleware import cors_headers, with_headers
from forcelaw.server.negotiation import choose_format as choose_answer_format
from forcelaw.server.off_loop import is_long
from forcelaw.server.problems import Problem
from forcelaw.server.ratelimit import client_key
from forcelaw.server.request_ids import new_id
from forcelaw.server.resources import (
    RESOURCE_FORMATS,
    cached_document,
    choose_format,
    document_headers,
    split_suffix,
)
from forcelaw.server.security import with_security_headers
from forcelaw.server.settings import Settings
from forcelaw.server.site import Site
from forcelaw.server.sparql import _parse_qs, _prefers_page, known_answer, protocol_request

log = logging.getLogger("forcelaw.server")

Answer = tuple[int, dict[str, str], bytes]
NEGOTIATIONS = 4096  # distinct (Accept, format) pairs whose outcome is remembered
TRIED = "forcelaw.fastpath"  # scope key: the outer fast path looked this request up already


class FastPath:
    """ASGI middleware answering cache hits and static documents, else calling the app.

    It is installed twice. ``outer`` (outside every middleware) answers the clients the rate
    limit exempts and adds what the middlewares would have added itself: the Memento links, the
    request id, ``Server-Timing`` and CORS, the security headers, each by the function the
    middleware uses. The inner one (inside them all) answers the other clients, after the rate
    limit. A request the outer one could not answer is marked, so it is not looked up twice.
    """

    def __init__(self, app: ASGIApp, *, outer: bool = False) -> None:
        self.app = app
        self.outer = outer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            arrived = time.perf_counter()
            try:
                found = self._lookup(scope)
            except Exception:  # e.g. a static file gone from disk: the stack answers (problem+json)
                log.exception("fast path failed; the views answer")
                found = None
            if found is not None:
                status, headers, body = found
                raw = _raw(headers)
                if self.outer:
                    raw = _as_middlewares_would(scope, status, raw, arrived)
                await _send(send, status, raw, body)
                return
        await self.app(scope, receive, send)

    def _lookup(self, scope: Scope) -> Answer | None:
        if not self.outer and scope.get(TRIED):
            return None
        state = scope["app"].state
        settings: Settings = state.settings
        if not settings.fast_path:
            return None
        if self.outer:
            if _rate_limited(settings, scope):
                return None  # the rate limit decides first; the inner fast path comes after it
            scope[TRIED] = True
        path: str = scope["path"]
        headers = request_headers(scope["headers"])
        if path == "/sparql":  # GET or HEAD (the server sends no body for HEAD)
            found = sparql_hit(settings, state.answers, state.store, scope, headers)
            if found is not None and scope["method"] == "GET" and not state.held.admits(found[2]):
                return None  # the view refuses it: 503 with the stack's headers
            return found
        if path.startswith("/id/") and "accept-datetime" not in headers:
            return static_document(state.site, scope, headers)
        return None


def _rate_limited(settings: Settings, scope: Scope) -> bool:
    """Whether the rate limit applies to the client of ``scope`` (as ``RateLimitMiddleware``)."""
    if settings.rate_limit <= 0:
        return False
    client = scope.get("client")
    local = client_key(client[0] if client else None)[1]
    return not local or settings.rate_limit_loopback


def _as_middlewares_would(
    scope: Scope, status: int, raw: list[tuple[bytes, bytes]], arrived: float
) -> list[tuple[bytes, bytes]]:
    """``raw`` with the headers the middleware stack adds, in the order it adds them: Memento's
    (``/id/``), the request id, timing and CORS (``ProtocolMiddleware``), the security headers."""
    state = scope["app"].state
    path: str = scope["path"]
    editions = getattr(state, "editions", None)
    if path.startswith("/id/") and describes(status) and editions is not None and editions.all():
        raw = with_timegate(raw, timegate_links(path))
    origin = next(
        (v.decode("latin-1") for n, v in scope["headers"] if n.lower() == b"origin"), None
    )
    elapsed = (time.perf_counter() - arrived) * 1000
    own = {
        "X-Request-Id": new_id(),
        "Server-Timing": f"app;dur={elapsed:.1f}",
        **cors_headers(origin, state.settings.cors_origins),
    }
    return with_security_headers(with_headers(raw, own), path)


def request_headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """Header name (lower case) -> its first value, as Starlette's ``Headers.get`` reads them."""
    out: dict[str, str] = {}
    for name, value in raw:
        key = name.decode("latin-1").lower()
        if key not in out:
            out[key] = value.decode("latin-1")
    return out


REQUEST_MEMO_BYTES = 4096  # the longest GET (query string and Accept) whose key is remembered


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
    accept = headers.get("accept")
    # The key is a pure function of the query string and Accept (and of the settings, fixed for
    # the server's life): a request seen before is looked up (those up to REQUEST_MEMO_BYTES;
    # both are read as Latin-1, one character a byte, so the length is the bytes sent).
    request = raw.decode("latin-1") + "\n" + (accept or "")
    key = cache.request_keys.get(request)
    if key is None:
        key = _hit_key(settings, cache, raw, accept)
        if key is None:
            return None
        if len(request) <= REQUEST_MEMO_BYTES:
            cache.request_keys.put(request, key)
    return known_answer(cache, store.dataset.version, key, headers.get("if-none-match", ""))


def _hit_key(settings: Settings, cache: AnswerCache, raw: bytes, accept: str | None) -> str | None:
    """The answer-cache key of ``GET /sparql?raw`` with ``accept``, or None when the view must
    answer it (not a query, one the endpoint refuses, a page for a person, not cacheable)."""
    try:
        params = protocol_request(_parse_qs(raw, "query string"), [])
    except Problem:
        return None
    query = params.query
    if query is None or len(query) > settings.max_query_length or is_long(query):
        return None  # a long text is read off the event loop, by the view
    if not params.formats and _page_preferred(accept):
        return None
    text = cache.analyse(query)
    if text.depth > settings.max_depth or text.chain > settings.max_chain:
        return None
    if text.is_update or text.services or text.form is None:
        return None
    kind = Kind.GRAPH if text.is_graph_query else Kind.RESULTS
    fmt = _answer_format(kind, accept, params.formats)
    if fmt is None:
        return None
    return cache.key(query, params.default_graph_uris, params.named_graph_uris, fmt.key)


def static_document(site: Site, scope: Scope, headers: Mapping[str, str]) -> Answer | None:
    """The document at ``scope``'s path (``/id/...``) from its static file or from the document
    cache, or None (the view renders it)."""
    rest = scope["path"][len("/id/") :]
    query_string: bytes = scope["query_string"]
    if not rest or rest.endswith("/") or _respelled(scope):
        return None
    if "if-match" in headers or "if-unmodified-since" in headers:
        return None  # the view answers a failed precondition (412 problem+json)
    overrides: tuple[str, ...] = ()
    if query_string:
        try:
            items = _parse_qs(query_string, "query string")
        except Problem:
            return None
        if any(name != "format" for name, _ in items):
            return None  # paging and anything else: the view
        overrides = tuple(value for _, value in items)
    stem, forced = split_suffix(rest)
    chosen = _document_format(headers.get("accept"), overrides, forced)
    if chosen is None:
        return None
    fmt, negotiated = chosen
    if fmt.kind is Kind.CITATION:
        return None
    iri = site.urls.base + stem
    if not is_safe_iri(iri):
        return None
    local = site.urls.resource_path(iri) or "/id/" + stem
    own = document_headers(site, local, fmt, negotiated, named=forced is None)
    found = static_site.lookup(site, local, fmt)
    if found is not None:
        return static_site.answer(headers, site, found, own)
    return cached_document(site, document_key(local, fmt.key, 0), own, headers)


def _respelled(scope: Scope) -> bool:
    """Whether the client spelled the path otherwise than it reads decoded (``%4B``, ``%2F``,
    ``/./``): the view decides what it names (``id_paths``), maybe a redirect."""
    raw = scope.get("raw_path")
    path: str = scope["path"]
    if raw is not None and raw != path.encode("latin-1", "replace"):
        return True
    return "/." in path or "//" in path


# The outcomes of negotiation are remembered for Accept and format values this long at most: a
# client chooses them, and each remembered outcome keeps its key. Unbounded, 4,096 distinct long
# Accept headers (one of 20 MB was read) were kept per memo; bounded, the memos hold a few MiB.
# Counted in bytes: a format value is text, 512 characters of it up to 2 KiB.
MEMO_BYTES = 512


def _page_preferred(accept: str | None) -> bool:
    if _long(accept):
        return _prefers_page(accept)
    return _page_preferred_memo(accept)


@lru_cache(maxsize=NEGOTIATIONS)
def _page_preferred_memo(accept: str | None) -> bool:
    return _prefers_page(accept)


def _answer_format(kind: Kind, accept: str | None, overrides: tuple[str, ...]) -> Format | None:
    if _long(accept, *overrides):
        return _answer_format_now(kind, accept, overrides)
    return _answer_format_memo(kind, accept, overrides)


def _answer_format_now(kind: Kind, accept: str | None, overrides: tuple[str, ...]) -> Format | None:
    try:
        return choose_answer_format(kind, accept, overrides)
    except Problem:
        return None


_answer_format_memo = lru_cache(maxsize=NEGOTIATIONS)(_answer_format_now)


def _document_format(
    accept: str | None, overrides: tuple[str, ...], forced: Format | None
) -> tuple[Format, bool] | None:
    if _long(accept, *overrides):
        return _document_format_now(accept, overrides, forced)
    return _document_format_memo(accept, overrides, forced)


def _document_format_now(
    accept: str | None, overrides: tuple[str, ...], forced: Format | None
) -> tuple[Format, bool] | None:
    try:
        return choose_format(accept, overrides, forced, RESOURCE_FORMATS)
    except Problem:
        return None


_document_format_memo = lru_cache(maxsize=NEGOTIATIONS)(_document_format_now)


def _long(*texts: str | None) -> bool:
    """Whether the values a negotiation depends on are too long to be remembered."""
    return sum(text_bytes(text) for text in texts if text) > MEMO_BYTES


def _raw(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]


async def _send(send: Send, status: int, raw: list[tuple[bytes, bytes]], body: bytes) -> None:
    """The answer as Starlette's ``Response`` sends it (``Content-Length`` but on 1xx/204/304)."""
    if status not in (204, 304) and status >= 200:
        raw.append((b"content-length", str(len(body)).encode("latin-1")))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
