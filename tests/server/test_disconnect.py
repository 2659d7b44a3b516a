"""A query whose client has left is stopped: its worker is killed and replaced at once, not held
until the timeout while every other client is refused as overloaded.

The helper is tested with a scripted ``receive``, the pool with a cancelled query, and the whole
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
def patient(
    loaded: tuple[Path, Path, DatasetInfo], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """Two workers, a 30 s timeout and a 5 s queue: a held worker would show."""
    with serving(
        loaded[0], tmp_path_factory.mktemp("disconnect"),
        "--timeout", "30", "--workers", "2", "--queue-wait", "5", "--worker-memory-mb", "768",
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
