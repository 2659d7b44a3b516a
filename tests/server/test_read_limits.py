"""Read deadlines and request-target limits of a real ``forcelaw serve`` (uvicorn on a loopback
port): a request whose headers or body never finish is answered 408 and closed, so silent sockets
cannot hold ``max_connections``; a client leaving mid-body is no error; an over-long request
target is 414 problem+json whichever layer sees it first."""

from __future__ import annotations

import contextlib
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from forcelaw.store import DatasetInfo
from tests.server.conftest import LiveServer, serving
from tests.server.test_hostile import Answer, request, send
from tests.server.test_live import RUNAWAY

HEADER_TIMEOUT = 1.0
BODY_TIMEOUT = 2.0
MAX_CONNECTIONS = 6
MARGIN = 2.0  # scheduling slack on a busy two-core machine
ASK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def limited(
    loaded: tuple[Path, Path, DatasetInfo], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, Path]]:
    """A live server with short read deadlines and few connections; yields it and its log."""
    log_dir = tmp_path_factory.mktemp("read-limits")
    with serving(
        loaded[0], log_dir,
        "--header-timeout", str(HEADER_TIMEOUT), "--body-timeout", str(BODY_TIMEOUT),
        "--max-connections", str(MAX_CONNECTIONS), "--timeout", "2", "--workers", "1",
        "--max-request-bytes", "4096",
    ) as server:  # fmt: skip
        yield server, log_dir / "server.log"


def port_of(server: LiveServer) -> int:
    return int(server.url.rsplit(":", 1)[1])


def timed(port: int, raw: bytes) -> tuple[Answer, float]:
    """Send ``raw`` and wait (bounded) until the server answers and closes."""
    started = time.monotonic()
    answer = send(port, raw, timeout=BODY_TIMEOUT + 10)
    return answer, time.monotonic() - started


def assert_timed_out(answer: Answer, elapsed: float, limit: float) -> None:
    assert answer.status == 408, answer
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["connection"] == "close"
    assert json.loads(answer.body)["type"].endswith("/request-timeout")
    assert limit - 0.2 <= elapsed <= limit + MARGIN, elapsed


def test_headers_that_never_finish_are_408_and_closed(limited: tuple[LiveServer, Path]) -> None:
    port = port_of(limited[0])
    answer, elapsed = timed(port, b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/")
    assert_timed_out(answer, elapsed, HEADER_TIMEOUT)
    silent, elapsed = timed(port, b"")  # connected, never a byte
    assert_timed_out(silent, elapsed, HEADER_TIMEOUT)


def test_headers_dribbled_byte_by_byte_still_meet_the_deadline(
    limited: tuple[LiveServer, Path],
) -> None:
    """The deadline is for the whole header block, not for the silence between two bytes."""
    raw = request("GET", "/sparql?query=" + quote(ASK))
    with socket.create_connection(("127.0.0.1", port_of(limited[0])), timeout=10) as sock:
        started = time.monotonic()
        with contextlib.suppress(OSError):
            for byte in raw[:40]:
                sock.sendall(bytes([byte]))
                time.sleep(HEADER_TIMEOUT / 5)
        data = b""
        with contextlib.suppress(OSError):
            while chunk := sock.recv(65536):
                data += chunk
        elapsed = time.monotonic() - started
    assert data.startswith(b"HTTP/1.1 408 ")
    assert elapsed <= HEADER_TIMEOUT + MARGIN


def test_a_body_that_never_finishes_is_408_and_closed(limited: tuple[LiveServer, Path]) -> None:
    server, log = limited
    raw = request(
        "POST", "/sparql", headers={"Content-Type": "application/sparql-query"}, body=b"ASK"
    ).replace(b"Content-Length: 3", b"Content-Length: 1000")
    answer, elapsed = timed(port_of(server), raw)
    assert_timed_out(answer, elapsed, BODY_TIMEOUT)
    assert "ERROR" not in log.read_text() and "Traceback" not in log.read_text()


def test_a_client_leaving_mid_body_is_not_an_error(limited: tuple[LiveServer, Path]) -> None:
    server, log = limited
    raw = request(
        "POST", "/sparql", headers={"Content-Type": "application/sparql-query"}, body=b"ASK"
    ).replace(b"Content-Length: 3", b"Content-Length: 1000")
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=10) as sock:
        sock.sendall(raw)
        time.sleep(0.3)  # the app is reading the body now
    deadline = time.monotonic() + 5
    while "the body did not arrive whole" not in log.read_text():
        assert time.monotonic() < deadline, log.read_text()[-2000:]
        time.sleep(0.1)
    text = log.read_text()
    assert "ERROR" not in text and "Traceback" not in text and " 500" not in text


def test_stalled_sockets_release_max_connections(limited: tuple[LiveServer, Path]) -> None:
    server = limited[0]
    stalled = [
        socket.create_connection(("127.0.0.1", port_of(server)), timeout=10)
        for _ in range(MAX_CONNECTIONS)
    ]
    try:
        for sock in stalled:
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        time.sleep(0.2)
        full = httpx.get(server.endpoint, params={"query": ASK}, timeout=10)
        assert full.status_code == 503  # max_connections holds while they are open...
        # ...said as a problem with when to come back (it was uvicorn's text/plain, no
        # Retry-After), the connection closed
        assert full.headers["content-type"] == "application/problem+json"
        assert full.json()["type"].endswith("/too-many-connections")
        assert int(full.headers["retry-after"]) == full.json()["retry_after"] >= 1
        assert full.headers["connection"] == "close"
        time.sleep(HEADER_TIMEOUT + MARGIN)
        ok = httpx.get(server.endpoint, params={"query": ASK}, timeout=10)
        assert ok.status_code == 200  # ...and no longer than the header deadline
        for sock in stalled:
            assert sock.recv(65536).startswith(b"HTTP/1.1 408 ")
    finally:
        for sock in stalled:
            sock.close()


def test_ordinary_requests_are_unaffected(limited: tuple[LiveServer, Path]) -> None:
    server = limited[0]
    with httpx.Client(timeout=20) as client:
        first = client.get(server.endpoint, params={"query": ASK})
        time.sleep(HEADER_TIMEOUT + 0.5)  # idle on a kept-alive connection: no header deadline
        again = client.get(server.endpoint, params={"query": ASK})
        assert first.status_code == again.status_code == 200
        posted = client.post(
            server.endpoint, content=ASK, headers={"Content-Type": "application/sparql-query"}
        )
        assert posted.status_code == 200 and posted.json()["boolean"] is True
        # A query may run past the body deadline: the body had arrived, the deadline is over.
        slow = client.post(
            server.endpoint, content=RUNAWAY, headers={"Content-Type": "application/sparql-query"}
        )
        assert slow.status_code == 504
        assert slow.json()["type"].endswith("/query-timeout")


def test_long_request_targets_are_414_problems(limited: tuple[LiveServer, Path]) -> None:
    port = port_of(limited[0])
    # Over --max-request-bytes (4096) but parseable: the app answers.
    by_app = send(port, request("GET", "/sparql?query=" + quote(ASK + " #" + "x" * 5000)))
    # Past what the HTTP parser can take (64 KiB): the connection's protocol answers.
    by_protocol = send(port, request("GET", "/sparql?query=" + quote(ASK + " #" + "x" * 70_000)))
    long_path = send(port, request("GET", "/id/" + "a" * 70_000))
    for answer in (by_app, by_protocol, long_path):  # not uvicorn's text/plain 400
        assert answer.status == 414, answer.body[:200]
        assert answer.headers["content-type"] == "application/problem+json"
        assert json.loads(answer.body)["type"].endswith("/uri-too-long")
    ok = httpx.get(limited[0].endpoint, params={"query": ASK}, timeout=10)
    assert ok.status_code == 200
    assert "Invalid HTTP request" not in limited[1].read_text()  # ours, not a parse error


def test_header_fields_past_the_limit_are_431_problems(limited: tuple[LiveServer, Path]) -> None:
    """A 20 MB Accept header was read whole, parsed for seconds on the event loop and kept as
    the key of a negotiation memo: each such request grew the server by its size."""
    port = port_of(limited[0])
    target = "/sparql?query=" + quote(ASK)
    accept = "application/sparql-results+json"
    within = send(port, request("GET", target, headers={"Accept": accept + ", text/x" * 3000}))
    assert within.status == 200  # 24 KB of Accept: read
    started = time.monotonic()
    refused = [
        send(port, request("GET", target, headers={"Accept": accept + ", text/x" * 5000})),
        send(port, request("GET", target, headers={f"X-{i}": "y" * 1000 for i in range(40)})),
        send(port, request("GET", target, headers={"Accept": "text/x" * 2_000_000})),  # 12 MB
        send(port, request("POST", "/sparql", headers={"Cookie": "c" * 40_000}, body=b"x" * 9)),
    ]
    for answer in refused:
        assert answer.status == 431, answer
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.headers["connection"] == "close"
        assert json.loads(answer.body)["type"].endswith("/headers-too-large")
    assert time.monotonic() - started < 10  # refused as they arrive, not parsed
    kept_alive = []  # and on a kept-alive connection, each request is counted alone
    with httpx.Client(timeout=10) as client:
        for _ in range(3):
            answer = client.get(
                limited[0].endpoint, params={"query": ASK}, headers={"X-A": "a" * 20_000}
            )
            kept_alive.append(answer.status_code)
    assert kept_alive == [200, 200, 200]
    assert limited[0].process.poll() is None
