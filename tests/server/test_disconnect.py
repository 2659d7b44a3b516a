"""Clients that leave or stop reading hold nothing for long: a query whose client has left is
stopped (its worker killed and replaced at once, not held until the timeout while every other
client is refused as overloaded), and an answer is sent a piece at a time to a connection that is
dropped when it takes none of it for ``send_timeout``.

The helpers are tested with scripted ASGI messages, the pool with a cancelled query, and the whole
stack with a real ``forcelaw serve`` whose timeout (30 s) is far longer than the test."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from starlette.types import Message

from forcelaw.server.disconnect import ClientLeft, unless_client_leaves
from forcelaw.server.sending import PiecewiseBodies
from forcelaw.server.workers import WorkerPool
from forcelaw.store import DatasetInfo, QueryRequest
from tests.server.conftest import LiveServer, serving
from tests.server.test_live import RUNAWAY, SIMPLE


def scripted(*messages: Message, then_wait: bool = True) -> tuple[object, list[int]]:
    """A ``receive`` giving ``messages`` in turn, then waiting for ever (or raising)."""
    calls: list[int] = []
    queue = list(messages)

    async def receive() -> Message:
        calls.append(len(calls))
        if queue:
            await asyncio.sleep(0.05)
            return queue.pop(0)
        if not then_wait:
            raise RuntimeError("this server cannot say")
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    return receive, calls


async def slow(seconds: float, cancelled: list[bool]) -> str:
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        cancelled.append(True)
        raise
    return "answer"


def test_the_answer_when_the_client_stays() -> None:
    receive, calls = scripted({"type": "http.request", "body": b"", "more_body": False})
    cancelled: list[bool] = []
    result = asyncio.run(unless_client_leaves(receive, slow(0.2, cancelled)))  # type: ignore[arg-type]
    assert result == "answer" and cancelled == []
    assert len(calls) == 2  # the body, then waiting for a disconnect that never came


def test_the_work_is_cancelled_when_the_client_leaves() -> None:
    receive, _ = scripted(
        {"type": "http.request", "body": b"ignored", "more_body": False},
        {"type": "http.disconnect"},
    )
    cancelled: list[bool] = []

    async def scenario() -> float:
        started = time.monotonic()
        with pytest.raises(ClientLeft):
            await unless_client_leaves(receive, slow(30, cancelled))  # type: ignore[arg-type]
        return time.monotonic() - started

    assert asyncio.run(scenario()) < 1.0
    assert cancelled == [True]


def test_a_connection_that_cannot_be_watched_still_gets_its_answer() -> None:
    receive, _ = scripted(then_wait=False)
    cancelled: list[bool] = []
    result = asyncio.run(unless_client_leaves(receive, slow(0.2, cancelled)))  # type: ignore[arg-type]
    assert result == "answer" and cancelled == []


def test_an_error_of_the_work_is_raised_as_it_is() -> None:
    receive, _ = scripted()

    async def failing() -> None:
        raise ValueError("the store says no")

    with pytest.raises(ValueError, match="the store says no"):
        asyncio.run(unless_client_leaves(receive, failing()))  # type: ignore[arg-type]


def test_a_cancelled_query_frees_its_worker_at_once(
    loaded: tuple[Path, Path, DatasetInfo],
) -> None:
    _, store_dir, dataset = loaded

    async def scenario() -> tuple[float, bool, str]:
        pool = WorkerPool(store_dir, dataset, size=1, memory_mb=1024, queue_wait=5.0)
        await pool.start()
        try:
            (before,) = pool.pids
            running = asyncio.ensure_future(
                pool.query(QueryRequest(RUNAWAY, "json", 10, 1 << 20), timeout=60.0)
            )
            queued = asyncio.ensure_future(
                pool.query(QueryRequest(SIMPLE, "json", 10, 1 << 20), timeout=60.0)
            )
            await asyncio.sleep(0.5)  # the runaway is on the only worker, SIMPLE waits
            queued.cancel()  # a waiting request that is cancelled takes no worker
            running.cancel()
            started = time.monotonic()
            answer = await pool.query(QueryRequest(SIMPLE, "json", 10, 1 << 20), timeout=60.0)
            waited = time.monotonic() - started
            return waited, before in pool.pids, answer.body.decode()
        finally:
            await pool.close()

    waited, still_there, body = asyncio.run(scenario())
    assert '"boolean":true' in body
    assert not still_there  # the runaway's worker was killed, a fresh one answered
    assert waited < 5.0  # not the runaway's 60 s timeout, nor the queue wait


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("disconnect")


@pytest.fixture(scope="module")
def patient(loaded: tuple[Path, Path, DatasetInfo], logs: Path) -> Iterator[LiveServer]:
    """Two workers, a 30 s timeout and a 5 s queue: a held worker would show. Each worker has
    1.5 GiB of address space: under 768 MiB, the worker writing the 20,000-row answer was once
    stopped (SIGKILL, 500 engine-crashed) on a loaded CI machine; the tests are about the
    server's memory, not the worker's."""
    with serving(
        loaded[0], logs,
        "--timeout", "30", "--workers", "2", "--queue-wait", "5", "--worker-memory-mb", "1536",
        "--send-timeout", "2", "--max-result-bytes", "67108864",
    ) as server:  # fmt: skip
        yield server


def test_clients_that_leave_do_not_hold_the_workers(patient: LiveServer) -> None:
    port = int(patient.url.rsplit(":", 1)[1])
    before = set(patient.worker_pids())
    sockets = []
    for i in range(2):  # as many runaways as workers, each from a client that then leaves
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        target = "/sparql?query=" + quote(f"{RUNAWAY} # {i}", safe="")
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        sockets.append(sock)
    body = f"query={quote(RUNAWAY + ' # form', safe='')}".encode()
    posted = socket.create_connection(("127.0.0.1", port), timeout=5)
    posted.sendall(
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    sockets.append(posted)  # a third, queued behind the two
    time.sleep(0.5)
    for sock in sockets:
        sock.close()
    started = time.monotonic()
    answer = httpx.get(patient.endpoint, params={"query": SIMPLE}, timeout=30)
    elapsed = time.monotonic() - started
    assert answer.status_code == 200 and answer.json()["boolean"] is True
    assert elapsed < 4.0  # a fresh worker, not the queue wait (5 s) nor the timeout (30 s)
    assert before.isdisjoint(patient.worker_pids())  # both runaways' workers were killed
    deadline = time.monotonic() + 10
    while len(patient.worker_pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(patient.worker_pids()) == 2
    assert patient.process.poll() is None


def test_a_large_body_is_sent_in_pieces() -> None:
    sent: list[Message] = []

    async def app(scope: object, receive: object, send: object) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})  # type: ignore[operator]
        await send({"type": "http.response.body", "body": b"a" * 10, "more_body": True})  # type: ignore[operator]
        await send({"type": "http.response.body", "body": b"b" * 250})  # type: ignore[operator]

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(PiecewiseBodies(app, piece=100)({"type": "http"}, None, send))  # type: ignore[arg-type]
    bodies = [(m["body"], m.get("more_body", False)) for m in sent[1:]]
    assert bodies == [
        (b"a" * 10, True),  # as small as a piece: as it was
        (b"b" * 100, True),
        (b"b" * 100, True),
        (b"b" * 50, False),  # the last piece ends the body, as the message did
    ]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_clients_that_never_read_hold_neither_memory_nor_connections(
    patient: LiveServer, logs: Path
) -> None:
    port = int(patient.url.rsplit(":", 1)[1])
    big = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o } LIMIT 20000"
    first = httpx.get(patient.endpoint, params={"query": big}, timeout=60)
    assert first.status_code == 200, first.text[:2000]  # a refusal says why
    assert len(first.content) > 16 * 2**20
    size = len(first.content) / 2**20
    before = rss_mib(patient.process.pid)
    readers = []
    for _ in range(8):  # each asks for the cached answer, then reads nothing
        sock = socket.create_connection(("127.0.0.1", port), timeout=20)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        target = "/sparql?query=" + quote(big, safe="")
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        assert sock.recv(12) == b"HTTP/1.1 200"
        readers.append(sock)
    time.sleep(0.5)
    held = rss_mib(patient.process.pid) - before
    other = httpx.get(patient.endpoint, params={"query": SIMPLE}, timeout=10)
    assert other.status_code == 200
    time.sleep(3)  # past the send timeout (2 s): every silent reader is dropped
    for sock in readers:
        sock.close()
    drops = (logs / "server.log").read_text().count("left its answer unread for 2 s")
    # A copy of the answer per silent connection would be 8 x size MiB (asyncio's own loop
    # copies what it cannot send at once); pieces are 256 KiB.
    assert held < size, (held, size)
    assert drops == len(readers)
    assert patient.process.poll() is None
