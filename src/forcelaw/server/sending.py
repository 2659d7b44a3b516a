"""Sending large answers to clients that read slowly: a piece at a time, within a bound.

An answer is one bytes object (up to ``max_result_bytes``, 64 MiB). Sent in one ASGI message, it
goes to the connection's write buffer whole, and what the client has not read stays there: with
asyncio's own event loop as a copy per connection. Sent in pieces, each only once the last has
left the buffer (uvicorn waits for its flow control), a connection holds at most a piece beyond
what the kernel took. A connection that leaves a piece unread for ``send_timeout`` is dropped
(``protocol.ReadLimitedProtocol``): before, a client that never read held its connection, and
the answer, for ever, and ``max_connections`` of them left every other client a 503.

A body stays in memory until its last piece is sent, and a client reading a piece now and then
(within ``send_timeout``) holds it for as long as it likes. ``HeldBodies`` counts the bodies being
sent (each once, however many connections send it) so that a new answer can be refused while
they pass ``held_answer_bytes``: without the bound, a few hundred slow readers of distinct
64 MiB answers held gigabytes in the server process, which the kernel's OOM killer ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PIECE = 256 * 1024  # bytes handed to the connection at a time


class HeldBodies:
    """The response bodies being sent, each counted once, and whether another fits the bound.

    A body of at most ``small`` bytes always fits (``max_connections`` of them are a bounded
    sum), as does any body while nothing else is held, so that an answer larger than the bound
    alone is still sent when the server is otherwise idle. ``max_bytes`` 0: no bound."""

    def __init__(self, max_bytes: int, small: int = PIECE) -> None:
        self.max_bytes = max_bytes
        self.small = small
        self.size = 0
        self._held: dict[int, tuple[bytes, int]] = {}  # id -> (the body, connections sending it)

    def admits(self, body: bytes) -> bool:
        """Whether sending ``body`` keeps the held bytes within the bound."""
        if not self.max_bytes or len(body) <= self.small or id(body) in self._held:
            return True
        return self.size == 0 or self.size + len(body) <= self.max_bytes

    @contextmanager
    def holding(self, body: bytes) -> Iterator[None]:
        """Count ``body`` as held while the block runs (once, if it is being sent already)."""
        key = id(body)
        _, senders = self._held.get(key, (body, 0))
        if not senders:
            self.size += len(body)
        self._held[key] = (body, senders + 1)
        try:
            yield
        finally:
            _, senders = self._held[key]
            if senders == 1:
                del self._held[key]
                self.size -= len(body)
            else:
                self._held[key] = (body, senders - 1)


class PiecewiseBodies:
    """ASGI middleware: a response body longer than ``PIECE`` is sent in pieces of that size,
    and counted in ``held`` until its last piece is sent (or the sending fails)."""

    def __init__(self, app: ASGIApp, piece: int = PIECE, held: HeldBodies | None = None) -> None:
        self.app = app
        self.piece = piece
        self.held = held if held is not None else HeldBodies(0)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_in_pieces(message: Message) -> None:
            body = message.get("body", b"")
            if message["type"] != "http.response.body" or len(body) <= self.piece:
                await send(message)
                return
            more = bool(message.get("more_body", False))
            view = memoryview(body)
            with self.held.holding(body):
                for start in range(0, len(body), self.piece):
                    last = start + self.piece >= len(body)
                    piece = bytes(view[start : start + self.piece])
                    await send(
                        {"type": "http.response.body", "body": piece, "more_body": more or not last}
                    )

        await self.app(scope, receive, send_in_pieces)
