"""The load driver: a separate process that sends SPARQL requests in a closed loop.

``concurrency`` asyncio clients (aiohttp, keep-alive connections) each send a request, read the
whole answer, and send the next, until ``duration`` seconds have passed; in-flight requests are
then allowed to finish (each is bounded by ``timeout``); each client sends at least one. With
several queries, client ``i`` starts at query ``i`` and cycles through them (the mix); with a
``sequence`` (indices into ``requests``) the clients share one cursor over it instead, so the
requests go out in that order (the repeat-heavy and crawler regimes). A request with its own
``url`` is a plain GET of that URL (a linked-data document) instead of a SPARQL query. It prints
one JSON object: per query the latencies in seconds, the failures, the latencies of answers marked
``X-Cache: hit``, and the driver's own CPU time (to show it is not saturated).

    python -m bench.driver SPEC.json   (SPEC: url, requests, concurrency, duration, timeout[,
                                        sequence])
    python -m bench.driver --trivial-server PORT   (a constant endpoint to measure the driver)
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp


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
) -> dict[str, Any]:
    """Run the closed loop and return what was measured."""
    outcome = Outcome()
    for r in requests:
        outcome.latencies[r.name] = []
        outcome.failures[r.name] = 0
        outcome.bytes[r.name] = 0
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    limits = aiohttp.ClientTimeout(total=timeout)
    cpu_before = _cpu()
    async with aiohttp.ClientSession(connector=connector, timeout=limits) as session:
        started = time.perf_counter()
        deadline = started + duration
        await asyncio.gather(
            *(
                _client(session, url, requests, i, deadline, outcome, sequence)
                for i in range(concurrency)
            )
        )
        elapsed = time.perf_counter() - started
    return {
        "elapsed": elapsed,
        "concurrency": concurrency,
        "latencies": outcome.latencies,
        "failures": outcome.failures,
        "first_error": outcome.first_error,
        "bytes": outcome.bytes,
        "hit_latencies": outcome.hit_latencies,
        "driver_cpu": _cpu() - cpu_before,
    }


async def _client(
    session: aiohttp.ClientSession,
    url: str,
    requests: list[Request],
    index: int,
    deadline: float,
    outcome: Outcome,
    sequence: list[int] | None = None,
) -> None:
    n = index
    while n == index or time.perf_counter() < deadline:  # at least one request each
        if sequence:
            request = requests[sequence[outcome.cursor % len(sequence)]]
            outcome.cursor += 1
        else:
            request = requests[n % len(requests)]
        n += 1
        sent = time.perf_counter()
        target = request.url or url
        params = None if request.url else {"query": request.query}
        try:
            async with session.get(
                target, params=params, headers={"Accept": request.accept}
            ) as response:
                body = await response.read()
                ok = response.status == 200
                hit = response.headers.get("X-Cache") == "hit"
                error = f"HTTP {response.status}: {body[:200]!r}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            ok, hit, body, error = False, False, b"", f"{type(exc).__name__}: {exc}"
        if ok:
            outcome.latencies[request.name].append(time.perf_counter() - sent)
            if hit:
                outcome.hit_latencies.append(outcome.latencies[request.name][-1])
            outcome.bytes[request.name] = len(body)
        else:
            outcome.failures[request.name] += 1
            outcome.first_error.setdefault(request.name, error)


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

    asyncio.run(serve())


def main(argv: list[str]) -> int:
    if argv[:1] == ["--trivial-server"]:
        trivial_server(int(argv[1]))
        return 0
    with open(argv[0], encoding="utf-8") as handle:
        spec = json.load(handle)
    requests = [Request(**r) for r in spec["requests"]]
    result = asyncio.run(
        drive(
            spec["url"],
            requests,
            spec["concurrency"],
            spec["duration"],
            spec["timeout"],
            spec.get("sequence"),
        )
    )
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
