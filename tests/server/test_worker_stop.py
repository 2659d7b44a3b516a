"""A worker is stopped once, whoever stops it: the pool's close on the event loop and the thread of
a request still in flight (the background warming at shutdown) may both do it."""

from __future__ import annotations

import asyncio
import threading

from forcelaw.errors import StoreError
from forcelaw.server.workers import WorkerPool
from forcelaw.store import QueryRequest
from tests.server.conftest import Built

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_a_worker_stopped_from_many_threads_at_once_is_stopped_once(built: Built) -> None:
    async def spawn() -> WorkerPool:
        pool = WorkerPool(built.store, built.dataset, size=1, memory_mb=1024)
        await pool.start()
        return pool

    pool = asyncio.run(spawn())
    (worker,) = list(pool._all)
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def stop() -> None:
        start.wait()
        try:
            worker.stop()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=stop) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    assert worker.process.poll() is not None and worker.conn.closed
    worker.stop()  # and once more, later
    asyncio.run(pool.close())


def test_closing_the_pool_while_a_query_runs_raises_nothing(built: Built) -> None:
    async def scenario() -> object:
        pool = WorkerPool(built.store, built.dataset, size=1, memory_mb=1024, queue_wait=5.0)
        await pool.start()
        running = asyncio.ensure_future(
            pool.query(QueryRequest(SLOW, "json", 10, 1 << 20), timeout=30.0)
        )
        await asyncio.sleep(0.5)  # the query is in its thread, on the worker
        await pool.close()  # stops that worker under the thread's feet
        try:
            return await asyncio.wait_for(running, 15)
        except StoreError as exc:
            return exc

    outcome = asyncio.run(scenario())
    # The query ends as a failed query (the worker is gone), not as an error of the pool.
    assert isinstance(outcome, StoreError), outcome
