"""A query nested as deep as the lexer lets through is answered by a worker under a tight
address-space cap: its stack (``QUERY_STACK_BYTES``) is reserved before the cap, so its growth
never needs more, and it is deep enough for ten times ``max_chain``."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from forcelaw.server.workers import WorkerPool
from forcelaw.store import DatasetInfo, QueryRequest

DEEP = [
    "SELECT (" + "+".join(["1"] * 999) + " AS ?x) {}",
    # Past the 8 MiB of a main thread's stack (it crashed the worker at about 2,600 terms), within
    # the query thread's: sent to the pool directly, as the lexer would refuse it.
    "SELECT (" + "+".join(["1"] * 10_000) + " AS ?x) {}",
    "SELECT (" + "(" * 60 + "1" + ")" * 60 + " AS ?x) {}",
    "ASK { " + " UNION ".join(["{ ?s ?p ?o }"] * 999) + " }",
]


def test_deep_queries_under_a_tight_cap_do_not_crash_their_worker(
    loaded: tuple[Path, Path, DatasetInfo],
) -> None:
    _, store_dir, dataset = loaded
    # Before, near the cap, a 900-term sum crashed its worker with SIGSEGV now and then: the main
    # thread's stack could not grow. The cap here leaves room for the store and the stack only.
    cap_mb = 768

    async def scenario() -> list[int]:
        pool = WorkerPool(store_dir, dataset, size=1, memory_mb=cap_mb, queue_wait=10.0)
        await pool.start()
        try:
            rows = []
            for _ in range(2):
                for query in DEEP:
                    result = await pool.query(QueryRequest(query, "json", 10, 1 << 20), 30.0)
                    rows.append(len(json.loads(result.body)))
            return rows
        finally:
            await pool.close()

    assert len(asyncio.run(scenario())) == 2 * len(DEEP)
