"""Sending large answers to clients that read slowly: a piece at a time.

An answer is one bytes object (up to ``max_result_bytes``, 64 MiB). Sent in one ASGI message, it
goes to the connection's write buffer whole, and what the client has not read stays there: with
asyncio's own event loop as a copy per connection. Sent in pieces, each only once the last has
left the buffer (uvicorn waits for its flow control), a connection holds at most a piece beyond
what the kernel took. A connection that leaves a piece unread for ``send_timeout`` is dropped
(``protocol.ReadLimitedProtocol``): before, a client that never read held its connection, and
the answer, for ever, and ``max_connections`` of them left every other client a 503.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PIECE = 256 * 1024  # bytes handed to the connection at a time


class PiecewiseBodies:
    """ASGI middleware: a response body longer than ``PIECE`` is sent in pieces of that size."""

    def __init__(self, app: ASGIApp, piece: int = PIECE) -> None:
        self.app = app
        self.piece = piece

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
            for start in range(0, len(body), self.piece):
                last = start + self.piece >= len(body)
                piece = bytes(view[start : start + self.piece])
                await send(
                    {"type": "http.response.body", "body": piece, "more_body": more or not last}
                )

        await self.app(scope, receive, send_in_pieces)
