"""The SPARQL 1.1 Protocol endpoint (queries only): ``/sparql``.

GET with ``query``, POST form-encoded, POST ``application/sparql-query``; ``default-graph-uri``
and ``named-graph-uri``; the first ``format`` (or ``output``) value that names a format overrides
Accept (``negotiation.choose_format``; none known: Accept decides). Without a query, GET returns
the service description; a POST without one is a 400, and ``using-graph-uri`` or
``using-named-graph-uri`` (SPARQL Update's dataset) with a query too. Before dispatch a query is
lexed (``lexer``) so that nesting depth, chain depth, updates and ``SERVICE`` targets are checked
without handing the text to native code, then respelled where the engine's parser would refuse or
misread it (``engine_text``); a text over 4,096 characters is read on a thread (``off_loop``). A
query whose shape (``query_shape``: its constants and names aside) stopped a worker is run again
with its ``ORDER BY`` conditions as the keys of a total order (``engine_text.totally_ordered``:
pyoxigraph 0.5 aborts sorting some mixes of kinds of values), and one that stopped a worker twice
on a release is refused without running (the answer cache counts the crashes). An answer that would
take the answers held for clients still reading them past ``held_answer_bytes`` is 503
``overloaded`` (``sending.HeldBodies``).
"""

from __future__ import annotations

import asyncio
import codecs
import math
import socket
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from forcelaw.errors import (
    EngineCrashed,
    NotRepresentable,
    QuerySyntaxError,
    QueryTimeout,
    UpdateRefused,
)
from forcelaw.formats import Format, Kind, by_keyword, formats_for
from forcelaw.namespaces import PREFIXES
from forcelaw.results import serialize_graph
from forcelaw.server.answer_cache import AnswerCache, CachedAnswer, answer_etag
from forcelaw.server.conditional import etag_matches
from forcelaw.server.disconnect import unless_client_leaves
from forcelaw.server.engine_text import engine_text, in_the_clients_text, totally_ordered
from forcelaw.server.examples import load_examples
from forcelaw.server.hosts import addresses_refusal, endpoint_refusal
from forcelaw.server.methods import allowed_methods
from forcelaw.server.negotiation import choose_format, fallbacks, negotiate, not_acceptable
from forcelaw.server.off_loop import reading
from forcelaw.server.pages import HTML_TYPE
from forcelaw.server.problems import Problem
from forcelaw.server.query_shape import query_shape
from forcelaw.server.sending import HeldBodies
from forcelaw.server.service_description import FLSD, service_description
from forcelaw.server.settings import Settings
from forcelaw.server.site import site_of
from forcelaw.server.validators import validated
from forcelaw.store import QueryRequest, QueryResult, Store
from forcelaw.urls import QUERY_UI_PATH

Resolver = Callable[[str, int], Awaitable[Sequence[str]]]

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
HTML_PAGE = formats_for(Kind.PAGE)[0]
UPDATE_DATASET = frozenset({"using-graph-uri", "using-named-graph-uri"})
BOM = "\ufeff"
READS = ("GET", "HEAD")  # HEAD is GET without the body (uvicorn drops it)
# A query that stopped a worker this often on a release is refused, not run again: it would kill
# a worker each time (a memory bomb, a query the engine aborts on). Once could be bad luck (a
# worker killed from outside), twice is the query.
CRASHES_TO_REFUSE = 2

router = APIRouter()

_OPENAPI = {
    "parameters": [
        {
            "name": n,
            "in": "query",
            "required": False,
            "schema": {"type": "string"},
            "description": d,
        }
        for n, d in (
            ("query", "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE)."),
            ("default-graph-uri", "A graph of the default graph (repeatable)."),
            ("named-graph-uri", "A named graph of the dataset (repeatable)."),
            (
                "format",
                "Overrides Accept (also `output`; the first known value of either): json, xml, "
                "csv, tsv, turtle, n3, ntriples, jsonld, rdf+xml, ... or a media type; when no "
                "value is known, Accept decides.",
            ),
        )
    ],
    "responses": {"4XX": {"description": "application/problem+json (RFC 9457)"}},
}


@dataclass(frozen=True)
class ProtocolRequest:
    """The protocol parameters of one request."""

    query: str | None
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()  # every ``format`` and ``output`` value, in request order


@router.api_route(
    "/sparql",
    methods=["GET", "HEAD", "POST"],
    name="sparql",
    openapi_extra=_OPENAPI,
    summary="SPARQL 1.1 query endpoint",
)
async def sparql(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    store: Store = request.app.state.store
    params = await read_protocol_request(request, settings.max_request_bytes)
    accept = request.headers.get("accept")
    if params.query is None:
        return describe_service(request, settings, store, accept, params.formats)
    # The query, for a browser's error page to offer back for editing (``error_pages``).
    request.state.sparql_query = params.query
    if request.method in READS and not params.formats and _prefers_page(accept):
        # A person followed a link to a query: the query page shows it and its answer, once the
        # query is known to be one. It is answered here as any client would be (the page's own
        # request is then an answer cache hit), so a query that is not one (a syntax error, too
        # deep, an update) is its 4xx as a page, not a redirect to a page that answers 200.
        await answer_query(request, params.query, params, accept=None)
        return RedirectResponse(
            f"{QUERY_UI_PATH}?{request.url.query}", status_code=303, headers={"Vary": "Accept"}
        )
    return await answer_query(request, params.query, params, accept)


async def answer_query(
    request: Request, query_text: str, params: ProtocolRequest, accept: str | None
) -> Response:
    """The answer to ``query_text`` (``params``' query) in the format ``accept`` and the
    ``format`` values choose, after every check the endpoint makes before the store sees it."""
    settings: Settings = request.app.state.settings
    store: Store = request.app.state.store
    if len(query_text) > settings.max_query_length:
        raise Problem(
            "query-too-long",
            f"The query is {len(query_text)} characters long; this endpoint accepts at most "
            f"{settings.max_query_length}.",
            length=len(query_text),
            max=settings.max_query_length,
        )
    cache: AnswerCache = request.app.state.answers
    text = await reading(query_text, cache.analyse, query_text)
    if text.depth > settings.max_depth:
        raise Problem(
            "query-too-deep",
            f"The query nests brackets {text.depth} deep; this endpoint accepts at most "
            f"{settings.max_depth}.",
            depth=text.depth,
            max=settings.max_depth,
        )
    if text.chain > settings.max_chain:
        raise Problem(
            "query-too-deep",
            f"The query nests {text.chain} deep counting its runs of operators, triples and "
            "bracketed items (each ||, &&, +, -, *, /, |, triple, group, BIND(...), FILTER(...) "
            f"or (... AS ?x) after another nests one level); this endpoint accepts at most "
            f"{settings.max_chain}. Use VALUES or IN for long lists of alternatives.",
            depth=text.chain,
            max=settings.max_chain,
        )
    if text.is_update:
        raise Problem(
            "update-refused",
            f"{text.form} is a SPARQL Update operation; this endpoint is read-only.",
        )
    await check_services(text.services, settings.service_allowlist, request.app.state.resolver)
    kind = Kind.GRAPH if text.is_graph_query else Kind.RESULTS
    fmt = choose_format(kind, accept, params.formats)
    query = QueryRequest(
        query=await reading(query_text, engine_text, query_text),
        format_key=fmt.key,
        max_rows=settings.max_rows,
        max_bytes=settings.max_result_bytes,
        default_graph_uris=params.default_graph_uris,
        named_graph_uris=params.named_graph_uris,
    )
    others = fallbacks(kind, accept, params.formats, fmt)
    try:
        return await answer(request, store, query, settings.timeout, others, query_text)
    except QuerySyntaxError as exc:  # its line and column, in the text as the client wrote it
        raise await reading(query_text, in_the_clients_text, exc, query_text) from None
    except UpdateRefused:
        if text.form is None:
            # Nothing but a prologue or comments is a valid, empty SPARQL Update, which the
            # engine refuses as an update: it was a 403 "Update is not accepted" for a `query`
            # that holds no operation at all.
            raise Problem(
                "malformed-query",
                "The query has no query form (SELECT, ASK, CONSTRUCT or DESCRIBE): it holds "
                "only a prologue (BASE, PREFIX) or comments.",
            ) from None
        raise


async def answer(
    request: Request,
    store: Store,
    query: QueryRequest,
    timeout: float,
    others: Sequence[Format] = (),
    client_text: str | None = None,
) -> Response:
    """The store's answer to ``query``, from the answer cache when it was asked before; in the
    first of ``others`` that can carry it when its own format cannot (``NotRepresentable``), as
    Accept allows. The answer is kept under the key of the format it is written in, and of
    ``client_text``, the query as the client wrote it, when it is given (``query.query`` is then
    its respelling for the engine, ``engine_text``).

    Each other format runs the query again, in the time left of ``timeout``: one request holds a
    worker for ``timeout`` in all. Each had the whole of it, and a CONSTRUCT that RDF/XML and
    JSON-LD cannot carry, asked for in both before Turtle, held a worker three times as long."""
    deadline = time.monotonic() + timeout
    try:
        return await answer_in(request, store, query, timeout, client_text)
    except NotRepresentable:
        for fmt in others:
            left = deadline - time.monotonic()
            if left <= 0:
                raise QueryTimeout(timeout) from None
            try:
                other = replace(query, format_key=fmt.key)
                return await answer_in(request, store, other, left, client_text)
            except NotRepresentable:
                continue
            except QueryTimeout:
                raise QueryTimeout(timeout) from None  # the request's limit, not what was left
        raise


async def answer_in(
    request: Request,
    store: Store,
    query: QueryRequest,
    timeout: float,
    client_text: str | None = None,
) -> Response:
    """The store's answer to ``query`` in its format, from the answer cache when it was asked
    before. The key is of ``client_text`` when given (as the fast path and the warming read the
    query: the respelling of ``ORDER BY`` for the engine changes its tokens, not its answer).

    A cacheable answer has a strong ETag (release + key), so a client's If-None-Match on a GET
    or HEAD is a 304 without asking anything; a hit never reaches the store, a miss is kept once
    complete. On a POST, If-None-Match is about ``/sparql`` itself (``post_precondition``).
    """
    cache: AnswerCache = request.app.state.answers
    version = store.dataset.version
    if_none_match = request.headers.get("if-none-match", "")
    if request.method not in READS:
        post_precondition(if_none_match)
        if_none_match = ""
    text = query.query if client_text is None else client_text
    key = await reading(
        text,
        cache.key,
        text,
        query.default_graph_uris,
        query.named_graph_uris,
        query.format_key,
    )
    if key is None:
        result = await _run(request, cache, version, store, query, timeout)
        body = CachedAnswer(result.body, result.content_type, result.rows)
        check_held(request, body.body)
        return _answer_response(body, {"Vary": "Accept", "Cache-Control": "no-cache"})
    known = known_answer(cache, version, key, if_none_match)
    if known is not None:
        status, headers, body_bytes = known
        check_held(request, body_bytes)
        return Response(body_bytes, status_code=status, headers=headers)
    result = await _run(request, cache, version, store, query, timeout)
    fresh = CachedAnswer(result.body, result.content_type, result.rows)
    cache.put(version, key, fresh)  # kept, so that the client's retry is a hit
    check_held(request, fresh.body)
    return _answer_response(fresh, {**_validators(version, key), "X-Cache": "miss"})


def check_held(request: Request, body: bytes) -> None:
    """Refuse (503, Retry-After) an answer that would take the answers held for clients still
    reading them past ``held_answer_bytes`` (``sending.HeldBodies``); HEAD sends no body."""
    held: HeldBodies = request.app.state.held
    if request.method == "HEAD" or held.admits(body):
        return
    settings: Settings = request.app.state.settings
    retry_after = max(1, math.ceil(settings.queue_wait))
    raise Problem(
        "overloaded",
        f"The answer is {len(body)} bytes, and the server holds {held.size} bytes of answers "
        f"for clients still reading them (at most {held.max_bytes}); retry in {retry_after} s.",
        headers={"Retry-After": str(retry_after)},
    )


async def _run(
    request: Request,
    cache: AnswerCache,
    version: str,
    store: Store,
    query: QueryRequest,
    timeout: float,
) -> QueryResult:
    """The store's answer, unless a query of its shape (``query_shape``) has stopped a worker
    ``CRASHES_TO_REFUSE`` times on this release (then a 500 without running it; a crash is
    counted), or the client leaves first: then the query is stopped, its worker freed for others
    (``disconnect``), and ``ClientLeft`` raised.

    A query whose shape stopped a worker once is run with its ``ORDER BY`` conditions as the
    keys of a total order (``totally_ordered``), at once after its crash if that changes its
    text: the engine aborts on a sort of some mixes of values (numbers and strings of the same
    digits), and the keys sort any mix. Only then, as they make the engine's sort three to four
    times slower (a page of claims at 197 states: 420 ms to 1.9 s, uncached)."""
    key = await reading(query.query, query_shape, query.query)
    stopped = cache.crashes(version, key)
    if stopped >= CRASHES_TO_REFUSE:
        raise Problem(
            "engine-crashed",
            f"This query, or one of its shape (the same but for its constants and variable "
            f"names), stopped the query engine {stopped} times on this release (its memory cap, "
            "or an abort of the engine's own); it is not run again. Change the query.",
        )
    # A store the server cannot restart (remote: an Oxigraph server aborts as its workers do)
    # is always given the keys.
    ordered_already = bool(stopped) or getattr(store, "sorts_totally", False)
    if ordered_already:
        query = await _totally_ordered(query)
    try:
        return await unless_client_leaves(request.receive, store.query(query, timeout))
    except EngineCrashed:
        cache.note_crash(version, key)
        ordered = None if ordered_already else await _totally_ordered(query)
        if ordered is None or ordered.query == query.query:
            raise
    try:
        return await unless_client_leaves(request.receive, store.query(ordered, timeout))
    except EngineCrashed:
        cache.note_crash(version, key)
        raise


async def _totally_ordered(query: QueryRequest) -> QueryRequest:
    return replace(query, query=await reading(query.query, totally_ordered, query.query))


def post_precondition(if_none_match: str) -> None:
    """Refuse (412) a POST whose If-None-Match does not hold (RFC 9110 §13.1.2).

    A POST's preconditions are about its target, ``/sparql``, whose representation (the service
    description) has no entity tag: a list of tags (an answer's, say) never matches it, so the
    query runs as if unconditional; ``*`` matches any current representation, so it fails."""
    if if_none_match.strip() == "*":
        raise Problem(
            "precondition-failed",
            "If-None-Match: * on a POST to /sparql never holds: the endpoint exists. Send the "
            "query with GET to revalidate a cached answer by its ETag.",
        )


def known_answer(
    cache: AnswerCache, version: str, key: str, if_none_match: str
) -> tuple[int, dict[str, str], bytes] | None:
    """The answer to a cacheable query that needs no store: 304 when the client's entity tag is
    current, the cached answer on a hit (both ``X-Cache: hit``); None on a miss."""
    headers = {**_validators(version, key), "X-Cache": "hit"}
    if if_none_match and etag_matches(if_none_match, headers["ETag"], weak=True):
        return 304, headers, b""
    found = cache.get(version, key)
    if found is None:
        return None
    return 200, {**headers, **_body_headers(found)}, found.body


def _validators(version: str, key: str) -> dict[str, str]:
    return {"Vary": "Accept", "Cache-Control": "no-cache", "ETag": answer_etag(version, key)}


def _answer_response(found: CachedAnswer, headers: dict[str, str]) -> Response:
    return Response(found.body, headers={**headers, **_body_headers(found)})


def _body_headers(found: CachedAnswer) -> dict[str, str]:
    return {"Content-Type": found.content_type, "X-Result-Rows": str(found.rows)}


@router.api_route("/service", methods=["GET", "HEAD"], include_in_schema=False)
async def service_vocabulary() -> Response:
    """The vocabulary of the service description's own terms (``flsd:``, whose terms are
    ``/service#queryTimeout`` and so on) is defined in the description: it is sent there."""
    return RedirectResponse("/sparql", status_code=303, headers={"Vary": "Accept"})


@router.api_route("/query", methods=["GET", "HEAD"], summary="The query page (YASGUI)")
async def query_page(request: Request) -> Response:
    """The query page for people, whatever Accept says; a ``query`` parameter fills the editor."""
    settings: Settings = request.app.state.settings
    store: Store = request.app.state.store
    page = render_query_page(request, settings, store)
    # no Last-Modified: the page states the settings, which a restart may change
    answer = Response(page, headers={"Content-Type": HTML_TYPE, "Cache-Control": "no-cache"})
    return validated(request, answer)


@router.options("/sparql", include_in_schema=False)
async def sparql_options(request: Request) -> Response:
    return Response(status_code=204, headers={"Allow": allowed_methods(request.scope)})


async def read_protocol_request(request: Request, max_bytes: int) -> ProtocolRequest:
    """The protocol parameters of ``request``, within the size limit."""
    raw_query = request.scope.get("query_string", b"")
    if len(raw_query) > max_bytes:
        raise Problem(
            "uri-too-long",
            f"The query string is {len(raw_query)} bytes; the limit is {max_bytes}. "
            "Send long queries with POST.",
            max=max_bytes,
        )
    url_items = _parse_qs(raw_query, "query string")
    if request.method in READS:
        return protocol_request(url_items, [])
    body = await read_body(request, max_bytes)
    media_type, charset = _content_type(request.headers.get("content-type"))
    if media_type == FORM:
        return protocol_request(url_items, _parse_qs(body, "form body"), posted=True)
    if media_type == QUERY:
        return protocol_request(url_items, [("query", query_body(body, charset))])
    if media_type == UPDATE:
        raise Problem(
            "update-refused", "SPARQL Update is not accepted: this endpoint is read-only."
        )
    raise Problem(
        "unsupported-media-type",
        f"POST with Content-Type {media_type or '(none)'!r}; send {FORM} or {QUERY}.",
        headers={"Accept-Post": f"{FORM}, {QUERY}"},
    )


def query_body(body: bytes, charset: str | None) -> str:
    """The query a direct POST carries: its body in UTF-8, the only charset the protocol allows
    for it (SPARQL 1.1 Protocol §2.1.3). A body declared in another charset is refused (415), not
    decoded: the W3C protocol test bad_query_non_utf8 sends one in UTF-16 and expects a 4xx."""
    if charset and not _is_utf8(charset):  # "charset=" alone names none
        raise Problem(
            "unsupported-media-type",
            f"{QUERY} with charset={charset!r}: the SPARQL 1.1 Protocol allows UTF-8 only for a "
            "query sent as the body; send it in UTF-8.",
            headers={"Accept-Post": f"{FORM}, {QUERY}"},
        )
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem("bad-request", f"The query body is not UTF-8: {exc}") from None


def protocol_request(
    url_items: Sequence[tuple[str, str]],
    body_items: Sequence[tuple[str, str]],
    *,
    posted: bool = False,
) -> ProtocolRequest:
    """Protocol parameters from the URL and (form or direct POST) body; pure, for testing.

    A POST (``posted``) always carries a query: only GET without one asks for the service
    description. A byte order mark before the query (a file saved with one, sent as it is) is
    not part of it."""
    items = [*url_items, *body_items]
    names = {name for name, _ in items}
    if "update" in names and "query" in names:
        raise Problem(
            "bad-request",
            "The request has both a `query` and an `update`; a request carries one operation "
            "(and this endpoint answers queries only).",
        )
    if "update" in names:
        raise Problem(
            "update-refused", "SPARQL Update is not accepted: this endpoint is read-only."
        )
    update_dataset = sorted(names & UPDATE_DATASET)
    if update_dataset:
        # SPARQL 1.1 Protocol §2.2: these name an update's dataset; ignored here, the query
        # would run over another dataset than the client meant.
        raise Problem(
            "bad-request",
            f"{' and '.join(update_dataset)} are parameters of SPARQL Update, which this "
            "endpoint does not accept; a query's dataset is given with default-graph-uri and "
            "named-graph-uri.",
        )
    queries = [v.removeprefix(BOM) for n, v in items if n == "query"]
    if len(queries) > 1:
        raise Problem(
            "bad-request", f"Exactly one query is allowed; the request has {len(queries)}."
        )
    if (posted or body_items) and not queries:
        raise Problem("bad-request", "A POST needs a `query` parameter (or a sparql-query body).")
    if queries and not queries[0].strip():
        raise Problem("bad-request", "The `query` parameter is empty.")
    return ProtocolRequest(
        query=queries[0] if queries else None,
        default_graph_uris=tuple(v for n, v in items if n == "default-graph-uri"),
        named_graph_uris=tuple(v for n, v in items if n == "named-graph-uri"),
        formats=tuple(v for n, v in items if n in ("format", "output") and v),
    )


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``max_bytes``."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(int(declared), max_bytes)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


async def check_services(
    targets: Sequence[str | None], allowlist: Sequence[str], resolver: Resolver
) -> None:
    """Refuse (403) any SERVICE target not allowlisted or reaching a non-public address."""
    for iri in targets:
        why = endpoint_refusal(iri, allowlist)
        if why is None and iri is not None:
            parts = urlsplit(iri)
            port = parts.port or (443 if parts.scheme == "https" else 80)
            try:
                addresses = await asyncio.wait_for(resolver(parts.hostname or "", port), 5.0)
            except (OSError, TimeoutError):
                addresses = []
            why = addresses_refusal(iri, addresses)
        if why is not None:
            raise Problem("service-refused", why, service=iri)


async def resolve_host(host: str, port: int) -> Sequence[str]:
    """Every address ``host`` resolves to (the default SERVICE resolver)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def describe_service(
    request: Request,
    settings: Settings,
    store: Store,
    accept: str | None,
    overrides: Sequence[str] = (),
) -> Response:
    """The service description, as RDF (by Accept or ``format``) or as the query page."""
    # the published endpoint (as the VoID's void:sparqlEndpoint), never the Host a client sent
    endpoint = site_of(request).urls.sparql
    triples = service_description(endpoint, settings, store.dataset)
    graph_formats = formats_for(Kind.GRAPH)
    known = next((f for o in overrides if (f := by_keyword(Kind.GRAPH, o))), None)
    if known is not None:
        fmt = known
    else:
        chosen = negotiate(accept, graph_formats) if accept else graph_formats[0]
        if accept and negotiate(accept, (*graph_formats, HTML_PAGE)) is HTML_PAGE:
            chosen = HTML_PAGE
        if chosen is None:
            raise not_acceptable(
                (*graph_formats, HTML_PAGE), f"none of Accept: {accept!r} can be produced"
            )
        fmt = chosen
    headers = {"Vary": "Accept", "Cache-Control": "max-age=60"}
    if fmt is HTML_PAGE:
        page = render_query_page(request, settings, store)
        return validated(request, Response(page, headers={**headers, "Content-Type": HTML_TYPE}))
    body = _serialize(triples, fmt)
    # no Last-Modified: the description states the settings, which a restart may change
    return validated(request, Response(body, headers={**headers, "Content-Type": fmt.content_type}))


def render_query_page(request: Request, settings: Settings, store: Store) -> str:
    """YASGUI on this endpoint, the example gallery, and the service description."""
    site = site_of(request)
    endpoint = site.urls.sparql
    turtle = _serialize(
        service_description(endpoint, settings, store.dataset), formats_for(Kind.GRAPH)[0]
    ).decode("utf-8")
    examples = site.memo.get("examples")
    if examples is None:
        examples = site.memo["examples"] = load_examples(site.release / "queries")
    given = request.query_params.get("query")
    initial = given or INITIAL_QUERY
    config = {
        "endpoint": "/sparql",  # this server's, whatever its name: the page's own origin
        "initial": initial,
        "examples": [{"title": e.title, "query": e.query} for e in examples],
    }
    return site.render(
        "sparql.html",
        request,
        endpoint=endpoint,
        description=turtle,
        formats=formats_for(Kind.RESULTS),
        examples=examples,
        initial=initial,
        config=config,
    )


INITIAL_QUERY = (
    "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in sorted(PREFIXES.items()))
    + "\n# The states of the dataset and their profiles\n"
    "SELECT ?state ?name ?profile WHERE {\n"
    "  ?state a fl:State ; rdfs:label ?name .\n"
    "  OPTIONAL { ?profile fl:profileOf ?state }\n"
    "}\nORDER BY ?name\n"
)


def _prefers_page(accept: str | None) -> bool:
    if not accept:
        return False
    candidates = (*formats_for(Kind.RESULTS), *formats_for(Kind.GRAPH), HTML_PAGE)
    return negotiate(accept, candidates) is HTML_PAGE


def _serialize(triples: list[Any], fmt: Format) -> bytes:
    prefixes = {p: PREFIXES[p] for p in ("dct", "rdf", "rdfs", "sd", "void", "xsd")}
    return serialize_graph(fmt, triples, {**prefixes, "flsd": FLSD})


def _content_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    media_type, *params = (p.strip() for p in header.split(";"))
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"')
    return media_type.lower(), charset


def _is_utf8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name == "utf-8"  # UTF-8, utf8, utf_8 alike
    except LookupError:
        return False


def _parse_qs(data: bytes, where: str) -> list[tuple[str, str]]:
    # A byte order mark before a form body (a file saved with one, sent as it is) is not part of
    # its first name: "\ufeffquery" was no `query`, and the POST was refused as having none.
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return parse_qsl(data.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise Problem("bad-request", f"The {where} is not UTF-8: {exc}") from None


def _too_large(size: int, max_bytes: int) -> Problem:
    return Problem(
        "request-too-large",
        f"The request body is {size} bytes or more; the limit is {max_bytes}.",
        max=max_bytes,
    )
