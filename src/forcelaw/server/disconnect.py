"""A query whose client has left is stopped, not run to its end for nobody.

Without this, a client could send queries that run to the time limit and close its connection at
once: each would hold a query worker (the scarce resource: as many as the machine has cores) for
the whole timeout while every other client's queries were refused as overloaded, at no cost to the
sender. While a query waits for a worker or runs, the connection is watched; when the client
leaves, the query is cancelled (its worker is killed and replaced) and ``ClientLeft`` is raised.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import Any, TypeVar

from starlette.types import Receive

T = TypeVar("T")

CLIENT_CLOSED_REQUEST = 499  # nginx's status for it: never sent, only logged


class ClientLeft(Exception):
    """The client closed its connection before its answer was ready."""


async def unless_client_leaves(receive: Receive, work: Awaitable[T]) -> T:
    """The result of ``work``, or ``ClientLeft`` (with ``work`` cancelled) if the client
    disconnects first.

    ``receive`` must have delivered the request's whole body already: from then on the ASGI
    server's next message is ``http.disconnect``, sent when the client goes (and, at the latest,
    once the response is complete, which cannot happen before ``work`` is done)."""
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(_disconnected(receive))
    try:
        await asyncio.wait((task, watcher), return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        task.cancel()
        watcher.cancel()
        raise
    if task.done():  # answered (or failed) first: the answer is sent, even to a client just gone
        await _cancelled(watcher)
        return task.result()
    if watcher.exception() is not None:  # the connection cannot be watched: wait for the answer
        return await task
    await _cancelled(task)
    raise ClientLeft


async def _cancelled(task: asyncio.Future[Any]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task


async def _disconnected(receive: Receive) -> None:
    """Return when the client disconnects (any body still unread is dropped)."""
    while (await receive())["type"] != "http.disconnect":
        pass
