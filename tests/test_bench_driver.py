"""The load driver's raw HTTP/1.1 client, against scripted servers on 127.0.0.1: answers by
Content-Length, chunked (with extensions and trailers), to the end of the connection; header
names in any case; closed connections opened again; failures as the aiohttp client reports them;
the query encoded as aiohttp encodes it; and the merge of several driver processes."""

from __future__ import annotations

import asyncio
import gzip
import http.server
import threading
from collections.abc import Awaitable, Iterator
from typing import Any

import pytest

from bench.driver import RawConnection, Request, drive, prepare
from bench.run import drive as run_drive
from bench.run import load_queries, merge


async def serve(answers: list[bytes], close_after: set[int] | None = None) -> Any:
    """A server answering the n-th request (over all connections) with ``answers[n]`` (the last
    one over and over), closing the connection after the requests in ``close_after``; it
    counts connections and keeps the request heads."""
    state: dict[str, Any] = {"connections": 0, "requests": []}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        state["connections"] += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                n = len(state["requests"])
                state["requests"].append(head)
                answer = answers[min(n, len(answers) - 1)]
                for i in range(0, len(answer), 7):  # in pieces: the client must wait for more
                    writer.write(answer[i : i + 7])
                    await writer.drain()
                if close_after and n in close_after:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    state["port"] = server.sockets[0].getsockname()[1]
    state["server"] = server
    return state


def run(coroutine: Awaitable[Any]) -> Any:
    async def main() -> Any:
        return await coroutine

    return asyncio.run(main())


def ok(body: bytes, *headers: str) -> bytes:
    head = "".join(f"{h}\r\n" for h in headers)
    return f"HTTP/1.1 200 OK\r\n{head}Content-Length: {len(body)}\r\n\r\n".encode() + body


CHUNKED = (
    b"HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\nX-CACHE: Hit\r\n\r\n"
    b"5;name=value\r\nhello\r\n6\r\n world\r\n"
    b"0\r\nExpires: never\r\nX-Trailer: 1\r\n\r\n"
)


async def exchange(answers: list[bytes], times: int, **kw: Any) -> tuple[list[Any], Any]:
    state = await serve(answers, **kw)
    connection = RawConnection("127.0.0.1", state["port"])
    data = prepare(f"http://127.0.0.1:{state['port']}/sparql", Request("q", "ASK {}", "x/y")).data
    try:
        results = [await connection.exchange(data) for _ in range(times)]
    finally:
        connection.close()
        state["server"].close()
    return results, state


def test_content_length_keep_alive_and_header_case() -> None:
    answers = [ok(b"hello", "x-cache: HIT"), ok(b"", "X-Cache: miss"), ok(b"0123456789" * 1000)]
    results, state = run(exchange(answers, 3))
    assert results == [(200, True, 5, b""), (200, False, 0, b""), (200, False, 10000, b"")]
    assert state["connections"] == 1  # one kept-alive connection for the three


def test_chunked_with_extensions_and_trailers() -> None:
    results, state = run(exchange([CHUNKED, ok(b"next")], 3))
    assert results == [(200, True, 11, b""), (200, False, 4, b""), (200, False, 4, b"")]
    assert state["connections"] == 1  # the chunked answer was read to its very end


def test_connection_close_opens_a_new_connection() -> None:
    answers = [ok(b"first", "Connection: close"), ok(b"second", "connection: Keep-Alive")]
    results, state = run(exchange(answers, 3))
    assert [r[2] for r in results] == [5, 6, 6]
    assert state["connections"] == 2


def test_a_dropped_idle_connection_is_retried_once() -> None:
    # the server closes after the first answer without saying so (an idle keep-alive timeout)
    results, state = run(exchange([ok(b"a"), ok(b"bb")], 2, close_after={0}))
    assert [r[:3] for r in results] == [(200, False, 1), (200, False, 2)]
    assert state["connections"] == 2


def test_a_body_to_the_end_of_the_connection() -> None:
    answers = [b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end", ok(b"x")]
    results, state = run(exchange(answers, 2, close_after={0}))
    assert [r[2] for r in results] == [13, 1]
    assert state["connections"] == 2


def test_the_request_bytes() -> None:
    request = Request("q", 'ASK { ?s ?p "é+&" }', "application/sparql-results+json")
    prepared = prepare("http://127.0.0.1:8080/sparql", request)
    assert (prepared.host, prepared.port) == ("127.0.0.1", 8080)
    assert prepared.data == (
        b"GET /sparql?query=ASK+%7B+?s+?p+%22%C3%A9%2B%26%22+%7D HTTP/1.1\r\n"
        b"Host: 127.0.0.1:8080\r\nAccept: application/sparql-results+json\r\n"
        b"Accept-Encoding: gzip, deflate\r\n\r\n"
    )
    document = prepare("http://x/sparql", Request("turtle", "", "text/turtle", "http://h:1/id/a b"))
    assert document.data.startswith(b"GET /id/a%20b HTTP/1.1\r\nHost: h:1\r\n")
    with pytest.raises(ValueError):
        prepare("https://127.0.0.1/sparql", request)


def test_the_query_is_encoded_as_aiohttp_encodes_it() -> None:
    yarl = pytest.importorskip("yarl")  # aiohttp's URL library (the bench extra)
    texts = [m["query"] for m in load_queries()]
    texts += ['SELECT * { ?s ?p "a;b=c&d#e%f\'g(h)*i,j!k$l@m:n/o?p~q[r]s{t}u|v^w`x\\\\y"\n\t }']
    for text in texts:
        expected = yarl.URL("http://127.0.0.1:1/sparql").extend_query({"query": text})
        request = Request("q", text, "x/y")
        line = prepare("http://127.0.0.1:1/sparql", request).data.split(b"\r\n", 1)[0]
        assert line == f"GET {expected.raw_path_qs} HTTP/1.1".encode()


def test_drive_records_answers_hits_and_failures() -> None:
    error = gzip.compress(b"no such query")
    answers = [
        CHUNKED,
        ok(b"{}", "x-cache: miss"),
        b"HTTP/1.1 400 Bad Request\r\nContent-Encoding: gzip\r\nContent-Length: "
        + str(len(error)).encode()
        + b"\r\n\r\n"
        + error,
    ]

    async def main() -> dict[str, Any]:
        state = await serve(answers)
        url = f"http://127.0.0.1:{state['port']}/sparql"
        requests = [Request("a", "ASK {}", "x/y"), Request("b", "ASK {}", "x/y")]
        try:
            return await drive(url, requests, 1, 0.0, 5, sequence=[0, 1, 0])
        finally:
            state["server"].close()

    result = run(main())  # duration 0: the one client sends one request
    assert result["client"] == "raw"
    assert len(result["latencies"]["a"]) == 1 and result["bytes"]["a"] == 11
    assert len(result["hit_latencies"]) == 1

    async def failing() -> dict[str, Any]:
        state = await serve(answers[2:])
        url = f"http://127.0.0.1:{state['port']}/sparql"
        try:
            return await drive(url, [Request("c", "ASK {}", "x/y")], 2, 0.0, 5)
        finally:
            state["server"].close()

    result = run(failing())
    assert result["failures"] == {"c": 2} and result["latencies"] == {"c": []}
    assert result["first_error"]["c"] == "HTTP 400: b'no such query'"


def test_a_refused_connection_is_a_failure() -> None:
    async def main() -> dict[str, Any]:
        state = await serve([ok(b"")])
        state["server"].close()
        await state["server"].wait_closed()
        url = f"http://127.0.0.1:{state['port']}/sparql"
        return await drive(url, [Request("q", "ASK {}", "x/y")], 1, 0.0, 5)

    result = run(main())
    assert result["failures"] == {"q": 1}
    assert result["first_error"]["q"].startswith(("ConnectionRefusedError", "OSError"))


def test_merge_of_several_processes() -> None:
    def one(latencies: list[float], failures: int, error: str | None, cpu: float) -> Any:
        return {
            "elapsed": 1.0 + cpu,
            "concurrency": 4,
            "client": "raw",
            "latencies": {"q": latencies},
            "failures": {"q": failures},
            "first_error": {"q": error} if error else {},
            "bytes": {"q": len(latencies)},
            "hit_latencies": latencies[:1],
            "driver_cpu": cpu,
        }

    merged = merge([one([0.1, 0.2], 0, None, 0.5), one([0.3], 2, "HTTP 500: b''", 0.25)])
    assert merged["latencies"] == {"q": [0.1, 0.2, 0.3]}
    assert merged["failures"] == {"q": 2} and merged["first_error"] == {"q": "HTTP 500: b''"}
    assert merged["elapsed"] == 1.5 and merged["driver_cpu"] == 0.75
    assert merged["concurrency"] == 8 and merged["processes"] == 2
    assert merged["hit_latencies"] == [0.1, 0.3] and merged["bytes"] == {"q": 2}


@pytest.fixture
def recording_server() -> Iterator[tuple[str, list[str]]]:
    paths: list[str] = []

    class Answer(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            paths.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", paths
    finally:
        server.shutdown()
        server.server_close()


def test_driver_processes_split_the_clients_and_the_sequence(
    recording_server: tuple[str, list[str]],
) -> None:
    root, paths = recording_server
    requests = [
        {"name": "doc", "query": "", "accept": "text/turtle", "url": f"{root}/id/{i}"}
        for i in range(4)
    ]
    # duration 0: each of the two processes' one client sends one request, its first in the
    # sequence (process i takes every second element from the i-th)
    result = run_drive(f"{root}/sparql", requests, 2, 0.0, 5, [3, 1, 2, 0], processes=2)
    assert result["processes"] == 2 and result["concurrency"] == 2
    assert len(result["latencies"]["doc"]) == 2 and result["failures"] == {"doc": 0}
    assert sorted(paths) == ["/id/1", "/id/3"]
