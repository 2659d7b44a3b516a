"""``RemoteStore``: the ``Store`` protocol over a SPARQL 1.1 query endpoint somewhere else.

Queries go out as SPARQL Protocol POSTs (form-encoded, so long queries and long dataset lists
fit) on a pool of kept-alive connections. The endpoint's checks (lexer, depth, updates, SERVICE)
run before a query reaches any store, so they hold here unchanged. The answer is read as it
arrives into a capped buffer: a result over the byte cap stops the transfer and is an error,
never a truncated answer; then it is counted (the row cap, ``X-Result-Rows``, and "no triples"
is a 404 for documents) and passed through.

The SPARQL default graph must be the union of the named graphs, as it is embedded. At start the
store is asked: if its default graph holds as many triples as its named graphs together (Oxigraph
``--union-default-graph``, Fuseki ``tdb2:unionDefaultGraph``), queries go out as they are;
otherwise every query that names no dataset of its own is sent with the named graphs as both
``default-graph-uri`` and ``named-graph-uri``: the union, said in the protocol, no query rewritten.
A store whose default graph is the union may disregard a query's FROM and FROM NAMED (Oxigraph's
server does): there they are sent as ``default-graph-uri`` and ``named-graph-uri`` too.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from forcelaw.errors import (
    InvalidDataset,
    Overloaded,
    QueryTimeout,
    QueryUnsupported,
    ResultTooLarge,
    StoreError,
    StoreUnavailable,
)
from forcelaw.formats import BY_KEY, Format, formats_for
from forcelaw.remote.answers import (
    accept_header,
    count_rows,
    format_of,
    remote_format,
    results_format,
    rewrite,
)
from forcelaw.store import (
    DatasetInfo,
    GraphInfo,
    QueryRequest,
    QueryResult,
    dataset_clauses,
    has_dataset,
    syntax_error,
    unsupported,
)

log = logging.getLogger("forcelaw.remote")

GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
DEFAULT_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
VERSION = "SELECT ?v WHERE { ?d <http://www.w3.org/ns/dcat#version> ?v } ORDER BY ?v LIMIT 1"
FORM = "application/x-www-form-urlencoded"
ERROR_BYTES = 16 * 1024  # of an error answer: enough for any parser message
REWRITE_SLACK = 4  # N-Triples fetched for Turtle may be this much larger than the Turtle cap
THREAD_BYTES = 1 << 20  # count (parse) answers larger than this off the event loop


class RemoteStore:
    """A SPARQL 1.1 query endpoint as the server's ``Store``."""

    # Every ORDER BY is sent as the keys of a total order (``engine_text.totally_ordered``): an
    # Oxigraph server aborts on a sort of some mixes of values, and this server cannot restart it.
    sorts_totally = True

    def __init__(
        self,
        endpoint: str,
        *,
        version: str = "",
        connections: int = 32,
        queue_wait: float = 2.0,
        startup_wait: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
        reading_bytes: int = 0,
    ) -> None:
        self.endpoint = endpoint
        # Until start() asks the store; an empty version lets a local manifest's win.
        self.dataset = DatasetInfo(version=version, graphs=())
        self.union_native = True
        self.connections = connections
        self.queue_wait = queue_wait
        self.startup_wait = startup_wait
        self._version_hint = version
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._refused: set[str] = set()  # format keys the remote answered 406 to
        # Bytes of answers being read from the remote at once (0: no bound): each is read whole
        # into this, the server's, process (four times max_result_bytes when rewritten), and
        # ``connections`` of them at once, 8 GiB by default, could take it past the machine's
        # memory. Past the bound a read is refused as overloaded (503); a lone one goes on.
        self.reading_bytes = reading_bytes
        self.reading = 0

    async def start(self) -> None:
        """Open the connection pool and read what the store holds (retrying while it starts)."""
        self._client = httpx.AsyncClient(
            transport=self._transport,
            limits=httpx.Limits(
                max_connections=self.connections, max_keepalive_connections=self.connections
            ),
            # The query's own deadline bounds reading; waiting for a pooled connection is the
            # remote-mode counterpart of waiting for a free worker.
            timeout=httpx.Timeout(None, connect=5.0, pool=self.queue_wait),
            headers={"User-Agent": "forcelaw"},
        )
        deadline = time.monotonic() + self.startup_wait
        while True:
            try:
                self.dataset = await self._describe()
                break
            except StoreUnavailable as exc:
                if time.monotonic() >= deadline:
                    await self.close()
                    raise
                log.info("%s; retrying", exc)
                await asyncio.sleep(0.5)
        how = "natively" if self.union_native else "through the protocol's dataset"
        log.info(
            "remote store %s: %d triples in %d named graphs; default graph = union (%s)",
            self.endpoint,
            self.dataset.triples,
            len(self.dataset.graphs),
            how,
        )

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def query(self, request: QueryRequest, timeout: float) -> QueryResult:
        """Send ``request`` to the remote store; answer within ``timeout`` and the caps."""
        started = time.perf_counter()
        wanted = BY_KEY[request.format_key]
        asked = remote_format(wanted, self._refused)
        try:
            async with asyncio.timeout(timeout):
                answer = await self._fetch(request, asked, cap(request, asked, wanted))
                if answer is None and asked is wanted:  # 406: the store does not write it; we do
                    self._refused.add(wanted.key)
                    asked = remote_format(wanted, self._refused)
                    answer = await self._fetch(request, asked, cap(request, asked, wanted))
        except TimeoutError:
            raise QueryTimeout(timeout) from None
        if answer is None:
            raise StoreUnavailable(self.endpoint, f"does not write {asked.label} (406)")
        body, got = answer
        # As embedded: an answer of the other kind (the lexer and the store disagreed on the
        # form) comes in the first format of its kind.
        target = wanted if got.kind is wanted.kind else formats_for(got.kind)[0]
        if got is not target:
            body, rows = await _off_loop(
                body, rewrite, body, got, target, request.max_rows, request.max_bytes
            )
            got = target
        else:
            rows = await _off_loop(body, count_rows, got, body, request.max_rows + 1)
        if rows > request.max_rows:
            raise ResultTooLarge("rows", request.max_rows)
        elapsed = time.perf_counter() - started
        return QueryResult(body=body, content_type=got.content_type, rows=rows, elapsed=elapsed)

    # --- the protocol -------------------------------------------------------------------------

    async def _fetch(
        self, request: QueryRequest, asked: Format, limit: tuple[int, int]
    ) -> tuple[bytes, Format] | None:
        """The remote's answer and its format; None when it refused to write ``asked`` (406)."""
        form = urlencode([("query", request.query), *self._dataset(request)]).encode("utf-8")
        headers = {"Accept": accept_header(asked), "Content-Type": FORM}
        client = self._connected()
        try:
            async with client.stream(
                "POST", self.endpoint, content=form, headers=headers
            ) as answer:
                if answer.status_code == 406:
                    return None
                if answer.status_code != 200:
                    text = await self._read(answer, (ERROR_BYTES, ERROR_BYTES), truncate=True)
                    raise self._error(answer, text.decode("utf-8", "replace"))
                body = await self._read(answer, limit)
                got = format_of(answer.headers.get("content-type"))
        except httpx.PoolTimeout:
            raise Overloaded(max(1, math.ceil(self.queue_wait))) from None
        except httpx.TransportError as exc:
            raise StoreUnavailable(self.endpoint, _transport_reason(exc)) from None
        if got is None:
            where = answer.headers.get("content-type", "no Content-Type")
            raise StoreUnavailable(self.endpoint, f"answered in a format we do not read ({where})")
        return body, got

    async def _read(
        self, answer: httpx.Response, limit: tuple[int, int], *, truncate: bool = False
    ) -> bytes:
        """The body as it arrives, refused as soon as it passes the limit (or cut there), or
        when it would take the bytes being read at once past ``reading_bytes``."""
        most, reported = limit
        parts: list[bytes] = []
        size = 0  # bytes of this answer read, and counted in ``self.reading``
        try:
            async for chunk in answer.aiter_bytes():
                if size + len(chunk) > most:
                    if truncate:
                        parts.append(chunk[: most - size])
                        break
                    raise ResultTooLarge("bytes", reported)
                others = self.reading - size
                if (
                    self.reading_bytes
                    and others
                    and others + size + len(chunk) > self.reading_bytes
                ):
                    raise Overloaded(max(1, math.ceil(self.queue_wait)))
                size += len(chunk)
                self.reading += len(chunk)
                parts.append(chunk)
        finally:
            self.reading -= size
        return b"".join(parts)

    def _dataset(self, request: QueryRequest) -> list[tuple[str, str]]:
        """The protocol dataset: the client's, else (if the store needs it said) the union."""
        for iri in (*request.default_graph_uris, *request.named_graph_uris):
            try:
                ox.NamedNode(iri)
            except ValueError as exc:
                raise InvalidDataset(f"not an absolute IRI: {iri!r} ({exc})") from None
        defaults: Sequence[str] = request.default_graph_uris
        named: Sequence[str] = request.named_graph_uris
        if not defaults and not named and has_dataset(request.query):
            if self.union_native:
                defaults, named = self._said_in_protocol(request.query)
        elif not defaults and not named and not self.union_native:
            defaults = named = [g.iri for g in self.dataset.graphs]
        return [
            *(("default-graph-uri", iri) for iri in defaults),
            *(("named-graph-uri", iri) for iri in named),
        ]

    @staticmethod
    def _said_in_protocol(query: str) -> tuple[Sequence[str], Sequence[str]]:
        """A query's FROM and FROM NAMED as the protocol's dataset: a store whose default graph
        is the union disregards them (Oxigraph's ``--union-default-graph``), never the
        protocol's, which gives the same dataset (SPARQL 1.1 Protocol §2.1.4)."""
        found = dataset_clauses(query)
        if found is None:
            raise QueryUnsupported(
                "FROM or FROM NAMED names a graph by a relative IRI or an undeclared prefix; "
                "name it by an absolute IRI (or send default-graph-uri / named-graph-uri)"
            )
        return found

    def _error(self, answer: httpx.Response, text: str) -> StoreError:
        status = answer.status_code
        message = text.strip()[:4000] or f"HTTP {status}"
        if status == 400:
            return syntax_error(message)
        if status in (429, 503):
            retry = answer.headers.get("retry-after", "")
            return Overloaded(int(retry) if retry.isdigit() else 1)
        if status == 413 or status == 414:
            return StoreUnavailable(self.endpoint, f"refused the request as too large ({status})")
        if status == 500 and isinstance(found := unsupported(RuntimeError(message)), StoreError):
            return found  # Oxigraph's server says so with a 500: the query, not the store
        return StoreUnavailable(
            self.endpoint, f"answered HTTP {status}: {' '.join(message.split())[:300]}"
        )

    def _connected(self) -> httpx.AsyncClient:
        if self._client is None:
            raise StoreError("the remote store is not started")
        return self._client

    # --- what the store holds -----------------------------------------------------------------

    async def _describe(self) -> DatasetInfo:
        graphs = tuple(
            GraphInfo(str(row["g"]), int(row["n"])) for row in await self._select(GRAPH_COUNTS)
        )
        default = await self._select(DEFAULT_COUNT)
        in_default = int(default[0]["n"]) if default else 0
        in_graphs = sum(g.triples for g in graphs)
        self.dataset = DatasetInfo(version=self._version_hint, graphs=graphs)
        self.union_native = in_default == in_graphs
        if not self.union_native and in_default:
            log.warning(
                "remote store %s: its default graph holds %d triples, not the union of its named "
                "graphs (%d); serving the union of the named graphs",
                self.endpoint,
                in_default,
                in_graphs,
            )
        found = await self._select(VERSION)
        version = str(found[0]["v"]) if found else ""
        if version and self._version_hint and version != self._version_hint:
            log.warning(
                "remote store %s holds release %s, but the local release is %s: dumps and the "
                "store disagree",
                self.endpoint,
                version,
                self._version_hint,
            )
        return DatasetInfo(version=version or self._version_hint, graphs=graphs)

    async def _select(self, query: str) -> list[dict[str, str]]:
        request = QueryRequest(query=query, format_key="json", max_rows=1 << 20, max_bytes=1 << 26)
        fmt = BY_KEY["json"]
        answer = await self._fetch(request, fmt, (request.max_bytes, request.max_bytes))
        if answer is None or answer[1] is not fmt:
            raise StoreUnavailable(self.endpoint, "does not answer in SPARQL JSON")
        body = answer[0]
        solutions: Any = ox.parse_query_results(body, format=results_format(fmt))
        return [
            {v.value: str(s[v].value) for v in solutions.variables if s[v] is not None}
            for s in solutions
        ]


def cap(request: QueryRequest, asked: Format, wanted: Format) -> tuple[int, int]:
    """Bytes to read from the remote, and the cap to report when they are exceeded."""
    slack = 1 if asked is wanted or asked.kind is not wanted.kind else REWRITE_SLACK
    return request.max_bytes * slack, request.max_bytes


async def _off_loop(body: bytes, function: Any, *args: Any) -> Any:
    """``function(*args)``, in a thread when ``body`` is large enough to hold up the loop."""
    if len(body) < THREAD_BYTES:
        return function(*args)
    return await asyncio.to_thread(function, *args)


def _transport_reason(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
        return f"cannot be reached ({type(exc).__name__})"
    return f"dropped the connection ({type(exc).__name__})"
