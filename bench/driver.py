"""The load driver: a separate process that sends SPARQL requests in a closed loop.

``concurrency`` asyncio clients, each with its own keep-alive connection, each send a request,
read the whole answer, and send the next, until ``duration`` seconds have passed; in-flight
requests are then allowed to finish (each is bounded by ``timeout``); each client sends at least
one. With several queries, client ``i`` starts at query ``i`` and cycles through them (the mix);
with a ``sequence`` (indices into ``requests``) the clients share one cursor over it instead, so
the requests go out in that order (the repeat-heavy and crawler regimes). A request with its own
``url`` is a plain GET of that URL (a linked-data document) instead of a SPARQL query. It prints
one JSON object: per query the latencies in seconds, the failures (any answer but 200, and the
first error's text), the size of an answer, the latencies of answers marked ``X-Cache: hit``,
and the driver's own CPU time (to show it is not saturated).

Two clients (``client`` in the spec):

* ``raw`` (the default): a minimal HTTP/1.1 client on ``asyncio.open_connection``, on uvloop
  where it is installed. Each request's bytes are built once (``GET path?query=...`` with
  ``Host``, ``Accept`` and ``Accept-Encoding: gzip, deflate``, as aiohttp sends them, the query
  encoded exactly as aiohttp encodes it: :data:`QUERY_SAFE`); the answer is read by
  ``Content-Length``, ``Transfer-Encoding: chunked`` or to the end of the connection, and not
  decompressed, so ``bytes`` is the size on the wire (compressed when the server compresses). A
  connection the server closes (``Connection: close``, or an idle keep-alive connection it
  dropped) is opened again for the next request. A fifth to a quarter of aiohttp's CPU per
  request: the driver's ceiling on a constant endpoint is several times the systems' rates
  rather than near them.
* ``aiohttp``: aiohttp's ``ClientSession`` on asyncio's own loop (the former driver, as it
  was); ``bytes`` is then the decompressed size.

The trivial server (``--trivial-server``) runs on uvloop too, so that it is not what limits the
driver's measured ceiling.

Run with ``start_at`` (a ``time.time()`` value), it waits until then before the first request,
so several driver processes (``bench.run --driver-processes``) start together.

    python -m bench.driver SPEC.json   (SPEC: url, requests, concurrency, duration, timeout[,
                                        sequence, client, start_at])
    python -m bench.driver --trivial-server PORT   (a constant endpoint to measure the driver)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import resource
import sys
import time
import zlib
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote, urlencode, urlsplit

CLIENTS = ("raw", "aiohttp")
# The characters aiohttp (yarl) leaves as they are in a query value, besides the unreserved
# ones; every other byte of the UTF-8 is percent-encoded and a space becomes "+".
QUERY_SAFE = "?/:@!$'()*,"
PATH_SAFE = "/:@!$&'()*+,;=%~"  # a document URL's path: reserved characters and escapes kept
ACCEPT_ENCODING = "gzip, deflate"

# What one request gave: ok (200), an X-Cache hit, the body's size, the error if not ok.
Result = tuple[bool, bool, int, str]
T = TypeVar("T")


@dataclass(frozen=True)
class Request:
    name: str
    query: str
    accept: str
    url: str = ""


@dataclass
class Outcome:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    first_error: dict[str, str] = field(default_factory=dict)
    bytes: dict[str, int] = field(default_factory=dict)
    hit_latencies: list[float] = field(default_factory=list)
    cursor: int = 0


async def drive(
    url: str,
    requests: list[Request],
    concurrency: int,
    duration: float,
    timeout: float,
    sequence: list[int] | None = None,
    client: str = "raw",
    start_at: float | None = None,
) -> dict[str, Any]:
    """Run the closed loop and return what was measured."""
    if client not in CLIENTS:
        raise ValueError(f"unknown client {client!r} (expected one of {', '.join(CLIENTS)})")
    outcome = Outcome()
    for r in requests:
        outcome.latencies[r.name] = []
        outcome.failures[r.name] = 0
        outcome.bytes[r.name] = 0
    if start_at is not None:
        await asyncio.sleep(max(0.0, start_at - time.time()))
    cpu_before = _cpu()
    if client == "raw":
        prepared = [prepare(url, r) for r in requests]
        senders = [raw_sender(prepared, timeout) for _ in range(concurrency)]
        started = time.perf_counter()
        deadline = started + duration
        try:
            await asyncio.gather(
                *(
                    _client(send, requests, i, deadline, outcome, sequence)
                    for i, send in enumerate(senders)
                )
            )
        finally:
            for send in senders:
                send.close()  # type: ignore[attr-defined]
        elapsed = time.perf_counter() - started
    else:
        import aiohttp

        connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
        limits = aiohttp.ClientTimeout(total=timeout)
        async with aiohttp.ClientSession(connector=connector, timeout=limits) as session:
            send = aiohttp_sender(session, url, requests)
            started = time.perf_counter()
            deadline = started + duration
            await asyncio.gather(
                *(
                    _client(send, requests, i, deadline, outcome, sequence)
                    for i in range(concurrency)
                )
            )
            elapsed = time.perf_counter() - started
    return {
        "elapsed": elapsed,
        "concurrency": concurrency,
        "client": client,
        "loop": type(asyncio.get_running_loop()).__module__.split(".")[0],
        "latencies": outcome.latencies,
        "failures": outcome.failures,
        "first_error": outcome.first_error,
        "bytes": outcome.bytes,
        "hit_latencies": outcome.hit_latencies,
        "driver_cpu": _cpu() - cpu_before,
    }


async def _client(
    send: Callable[[int], Awaitable[Result]],
    requests: list[Request],
    index: int,
    deadline: float,
    outcome: Outcome,
    sequence: list[int] | None = None,
) -> None:
    n = index
    while n == index or time.perf_counter() < deadline:  # at least one request each
        if sequence:
            which = sequence[outcome.cursor % len(sequence)]
            outcome.cursor += 1
        else:
            which = n % len(requests)
        request = requests[which]
        n += 1
        sent = time.perf_counter()
        ok, hit, size, error = await send(which)
        if ok:
            latency = time.perf_counter() - sent
            outcome.latencies[request.name].append(latency)
            if hit:
                outcome.hit_latencies.append(latency)
            outcome.bytes[request.name] = size
        else:
            outcome.failures[request.name] += 1
            outcome.first_error.setdefault(request.name, error)


# --- the aiohttp client -------------------------------------------------------------------------


def aiohttp_sender(
    session: Any, url: str, requests: list[Request]
) -> Callable[[int], Awaitable[Result]]:
    """Requests through one aiohttp session (its pool holds a connection per client)."""
    import aiohttp

    async def send(which: int) -> Result:
        request = requests[which]
        target = request.url or url
        params = None if request.url else {"query": request.query}
        try:
            async with session.get(
                target, params=params, headers={"Accept": request.accept}
            ) as response:
                body = await response.read()
                ok = response.status == 200
                hit = response.headers.get("X-Cache", "").lower() == "hit"
                error = "" if ok else f"HTTP {response.status}: {body[:200]!r}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            return False, False, 0, f"{type(exc).__name__}: {exc}"
        return ok, hit, len(body), error

    return send


# --- the raw client -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """A request as the raw client sends it: where to, and its bytes, built once."""

    host: str
    port: int
    data: bytes


def prepare(url: str, request: Request) -> Prepared:
    """The bytes of ``request``: a GET of its own ``url``, or of ``url`` with ``?query=``."""
    parts = urlsplit(request.url or url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"the raw client speaks plain http only: {request.url or url!r}")
    target = quote(parts.path or "/", safe=PATH_SAFE)
    query = parts.query
    if not request.url:
        encoded = urlencode({"query": request.query}, safe=QUERY_SAFE)
        query = f"{query}&{encoded}" if query else encoded
    if query:
        target += "?" + query
    head = (
        f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: {request.accept}\r\n"
        f"Accept-Encoding: {ACCEPT_ENCODING}\r\n\r\n"
    )
    return Prepared(parts.hostname, parts.port or 80, head.encode("ascii"))


class HTTPError(Exception):
    """An answer that is not HTTP/1.x as the raw client reads it."""


class RawConnection:
    """One keep-alive HTTP/1.1 connection, opened on first use and again after a close."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def exchange(self, data: bytes) -> tuple[int, bool, int, bytes]:
        """Send ``data``; the answer's status, X-Cache hit, body size and first body bytes."""
        for retry in (False, True):
            fresh = self.writer is None
            if self.reader is None or self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            reader = self.reader
            try:
                self.writer.write(data)
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError) as exc:
                self.close()
                partial = isinstance(exc, asyncio.IncompleteReadError) and exc.partial
                if fresh or retry or partial:
                    raise
                continue  # a kept-alive connection the server had closed: once more, on a new one
            try:
                return await self._answer(reader, head)
            except BaseException:
                self.close()
                raise
        raise AssertionError("unreachable")

    async def _answer(
        self, reader: asyncio.StreamReader, head: bytes
    ) -> tuple[int, bool, int, bytes]:
        while True:
            lines = head[:-4].split(b"\r\n")
            version, _, rest = lines[0].partition(b" ")
            if not version.startswith(b"HTTP/1.") or not rest[:3].isdigit():
                raise HTTPError(f"not an HTTP/1.x status line: {lines[0][:100]!r}")
            status = int(rest[:3])
            if not 100 <= status < 200 or status == 101:
                break
            head = await reader.readuntil(b"\r\n\r\n")  # an interim answer (100 Continue)
        length = -1
        chunked = hit = gzipped = False
        close = version == b"HTTP/1.0"
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif name == b"connection":
                value = value.lower()
                if b"close" in value:
                    close = True
                elif b"keep-alive" in value:
                    close = False
            elif name == b"x-cache":
                hit = value.strip().lower() == b"hit"
            elif name == b"content-encoding":
                gzipped = value.strip().lower() in (b"gzip", b"deflate")
        first = b""
        if status in (204, 304):
            size = 0
        elif chunked:
            size = 0
            while True:
                line = await reader.readuntil(b"\r\n")
                chunk = int(line.split(b";", 1)[0].strip(), 16)  # chunk extensions ignored
                if chunk == 0:
                    while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers
                        pass
                    break
                body = await reader.readexactly(chunk + 2)
                if len(first) < 200 and status != 200:
                    first += body[:-2]
                size += chunk
        elif length >= 0:
            body = await reader.readexactly(length)
            size, first = length, body[:200] if status != 200 else b""
        else:  # to the end of the connection
            body = await reader.read()
            size, first, close = len(body), body[:200], True
        if close:
            self.close()
        if gzipped and first:  # an error's text, readable (only read when it failed)
            with contextlib.suppress(zlib.error):
                first = zlib.decompressobj(47).decompress(first)
        return status, hit, size, first[:200]

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


RAW_ERRORS = (
    OSError,
    TimeoutError,
    asyncio.IncompleteReadError,
    asyncio.LimitOverrunError,
    HTTPError,
    ValueError,
)


def raw_sender(prepared: list[Prepared], timeout: float) -> Callable[[int], Awaitable[Result]]:
    """One simulated client: its own connection (one per host and port it is sent to)."""
    connections: dict[tuple[str, int], RawConnection] = {}

    async def send(which: int) -> Result:
        request = prepared[which]
        key = (request.host, request.port)
        connection = connections.get(key)
        if connection is None:
            connection = connections[key] = RawConnection(*key)
        try:
            async with asyncio.timeout(timeout):
                status, hit, size, first = await connection.exchange(request.data)
        except RAW_ERRORS as exc:
            connection.close()
            return False, False, 0, f"{type(exc).__name__}: {exc}"
        if status != 200:
            return False, False, size, f"HTTP {status}: {first!r}"
        return True, hit, size, ""

    def close() -> None:
        for connection in connections.values():
            connection.close()

    send.close = close  # type: ignore[attr-defined]
    return send


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def trivial_server(port: int) -> None:
    """A constant HTTP/1.1 endpoint in raw asyncio: it costs next to nothing per request, so the
    rate the driver reaches against it is the driver's own ceiling."""
    body = b'{"head":{"vars":["x"]},"results":{"bindings":[]}}'
    response = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )

    class Constant(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.transport: Any = transport
            self.pending = b""

        def data_received(self, data: bytes) -> None:
            self.pending += data
            while b"\r\n\r\n" in self.pending:  # GET requests: no body
                _, self.pending = self.pending.split(b"\r\n\r\n", 1)
                self.transport.write(response)

    async def serve() -> None:
        server = await asyncio.get_running_loop().create_server(Constant, "127.0.0.1", port)
        async with server:
            await server.serve_forever()

    run(serve())


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run on uvloop where it is installed (a dependency of forcelaw, but for Windows): about
    half the CPU per request of asyncio's own loop, for the driver and the trivial server."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--trivial-server"]:
        trivial_server(int(argv[1]))
        return 0
    with open(argv[0], encoding="utf-8") as handle:
        spec = json.load(handle)
    requests = [Request(**r) for r in spec["requests"]]
    client = spec.get("client", "raw")
    # aiohttp on asyncio's own loop, as the driver always ran it (its results stay comparable)
    result = (run if client == "raw" else asyncio.run)(
        drive(
            spec["url"],
            requests,
            spec["concurrency"],
            spec["duration"],
            spec["timeout"],
            spec.get("sequence"),
            client,
            spec.get("start_at"),
        )
    )
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
