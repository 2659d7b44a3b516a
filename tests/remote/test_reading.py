"""Answers read from a remote store are held in the server's process while they are read:
``reading_bytes`` bounds those read at once (``connections`` answers of four times
max_result_bytes each, 8 GiB by default, could be read at once before)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from forcelaw.errors import Overloaded, ResultTooLarge
from forcelaw.remote.store import RemoteStore

CHUNK = 1000


def answer(chunks: int) -> httpx.Response:
    async def body() -> AsyncIterator[bytes]:
        for _ in range(chunks):
            await asyncio.sleep(0.01)  # the other reads go on meanwhile
            yield b"x" * CHUNK

    return httpx.Response(200, content=body())


def test_reads_past_the_bound_at_once_are_refused_and_a_lone_read_goes_on() -> None:
    store = RemoteStore("http://127.0.0.1:1/sparql", reading_bytes=5 * CHUNK, queue_wait=2.0)

    async def scenario() -> list[object]:
        reads = [store._read(answer(4), (10**6, 10**6)) for _ in range(3)]
        outcomes = await asyncio.gather(*reads, return_exceptions=True)
        return [*outcomes, store.reading, await store._read(answer(20), (10**6, 10**6))]

    *outcomes, left, alone = asyncio.run(scenario())
    refused = [o for o in outcomes if isinstance(o, Overloaded)]
    read = [o for o in outcomes if isinstance(o, bytes)]
    assert refused and read  # 3 x 4 chunks at once pass 5: some, not all, are refused
    assert all(o.retry_after == 2 for o in refused)
    assert all(len(o) == 4 * CHUNK for o in read)
    assert left == 0  # a refused read gives back what it had counted
    assert alone == b"x" * 20 * CHUNK  # larger than the bound, but alone


def test_no_bound_and_the_answer_cap_still_apply() -> None:
    store = RemoteStore("http://127.0.0.1:1/sparql")

    async def scenario() -> list[object]:
        reads = [store._read(answer(4), (10**6, 10**6)) for _ in range(3)]
        return await asyncio.gather(*reads, return_exceptions=True)

    assert asyncio.run(scenario()) == [b"x" * 4 * CHUNK] * 3
    with pytest.raises(ResultTooLarge):
        asyncio.run(store._read(answer(4), (3 * CHUNK, 3 * CHUNK)))
    assert store.reading == 0
    cut = asyncio.run(store._read(answer(4), (1500, 1500), truncate=True))
    assert cut == b"x" * 1500 and store.reading == 0
