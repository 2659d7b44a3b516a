"""A replacement worker that fails to start is tried again until one starts: the pool never stays a
worker short (with every worker lost, it would refuse every query as overloaded for ever)."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from forcelaw.errors import Overloaded, StoreError
from forcelaw.server import workers
from forcelaw.server.workers import WorkerPool
from forcelaw.store import DatasetInfo, QueryRequest
from tests.server.test_live import SIMPLE


def test_a_failed_replacement_is_tried_again(
    loaded: tuple[Path, Path, DatasetInfo],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(workers, "RESPAWN_WAITS", (0.1, 0.4))
    _, store_dir, dataset = loaded
    failures = [StoreError("a query worker did not start"), OSError(12, "Cannot allocate memory")]

    async def scenario() -> tuple[int, int, str]:
        pool = WorkerPool(store_dir, dataset, size=1, memory_mb=1024, queue_wait=10.0)
        await pool.start()
        try:
            spawn = pool._spawn

            def flaky() -> workers._Worker:
                if failures:
                    raise failures.pop(0)
                return spawn()

            monkeypatch.setattr(pool, "_spawn", flaky)
            worker = pool._idle.get_nowait()  # taken for a query that crashes it:
            worker.stop()  # the worker is gone, a replacement is asked for
            pool._replace(worker)
            answer = await pool.query(QueryRequest(SIMPLE, "json", 10, 1 << 20), timeout=10.0)
            return len(pool.pids), pool.replaced, answer.body.decode()
        finally:
            await pool.close()

    with caplog.at_level(logging.WARNING, logger="forcelaw.server"):
        size, replaced, body = asyncio.run(scenario())
    assert failures == []  # both failed tries happened, and a third start succeeded
    assert size == 1 and replaced == 1 and '"boolean":true' in body
    tries = [r.getMessage() for r in caplog.records if "did not start" in r.getMessage()]
    assert len(tries) == 2 and "Cannot allocate memory" in tries[1]


def test_a_closed_pool_stops_trying(
    loaded: tuple[Path, Path, DatasetInfo], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing the pool ends a replacement's waiting at once: nothing is started after close."""
    monkeypatch.setattr(workers, "RESPAWN_WAITS", (30.0, 30.0))
    _, store_dir, dataset = loaded
    tries: list[int] = []

    async def scenario() -> None:
        pool = WorkerPool(store_dir, dataset, size=1, memory_mb=1024, queue_wait=0.2)
        await pool.start()

        def failing() -> workers._Worker:
            tries.append(1)
            raise StoreError("a query worker did not start")

        monkeypatch.setattr(pool, "_spawn", failing)
        worker = pool._idle.get_nowait()
        worker.stop()
        pool._replace(worker)
        with pytest.raises(Overloaded):  # no worker meanwhile: refused after the queue wait
            await pool.query(QueryRequest(SIMPLE, "json", 10, 1 << 20), timeout=10.0)
        await pool.close()
        await asyncio.sleep(0.3)

    asyncio.run(scenario())
    assert tries == [1]  # tried once, then waiting 30 s, woken by close, and not tried again


def test_a_worker_writes_no_core_dump(
    loaded: tuple[Path, Path, DatasetInfo], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that aborts at its memory cap (a hostile query can make it) dumps no core, even
    when the server was started with core dumps on: each would be as large as the cap."""
    import resource

    _, store_dir, dataset = loaded
    soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    if hard == 0:
        pytest.skip("core dumps cannot be turned on here (hard limit 0): nothing to show")
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))  # as after `ulimit -c unlimited`
    try:

        async def limits() -> str:
            pool = WorkerPool(store_dir, dataset, size=1, memory_mb=1024)
            await pool.start()
            try:
                (pid,) = pool.pids
                return Path(f"/proc/{pid}/limits").read_text()
            finally:
                await pool.close()

        text = asyncio.run(limits())
    finally:
        resource.setrlimit(resource.RLIMIT_CORE, (soft, hard))
    (line,) = [row for row in text.splitlines() if row.startswith("Max core file size")]
    assert line.split()[4:6] == ["0", "0"], line
