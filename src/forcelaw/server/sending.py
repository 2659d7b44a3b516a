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

``PiecewiseBodies`` refuses such a body itself, whatever sent it: the SPARQL view refused answers
(``sparql.check_held``), but a static document, a rendered page or an edition's document was
sent however much was held. Its response start is kept back until its body comes, and a body that
does not fit is replaced by a 503 ``overloaded`` problem (its request id, timing and CORS headers
kept, the security headers for problem+json added).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from forcelaw.server.problems import Problem, problem_response
from forcelaw.server.request_ids import new_id
from forcelaw.server.security import with_security_headers

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
    and counted in ``held`` until its last piece is sent (or the sending fails); one that
    ``held`` does not admit is a 503 ``overloaded`` instead (but for HEAD, which sends none)."""

    def __init__(
        self,
        app: ASGIApp,
        piece: int = PIECE,
        held: HeldBodies | None = None,
        retry_after: int = 1,
    ) -> None:
        self.app = app
        self.piece = piece
        self.held = held if held is not None else HeldBodies(0)
        self.retry_after = retry_after

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        pending: Message | None = None
        refused = False

        async def send_in_pieces(message: Message) -> None:
            nonlocal pending, refused
            if refused:
                return  # the rest of a body replaced by the 503
            if message["type"] == "http.response.start":
                pending = message  # sent with the first piece of the body, or replaced
                return
            body = message.get("body", b"")
            if pending is not None and message["type"] == "http.response.body":
                first, pending = pending, None
                if scope.get("method") != "HEAD" and not self.held.admits(body):
                    refused = True
                    await self._refuse(scope, first, len(body), send)
                    return
                await send(first)
            if message["type"] != "http.response.body" or len(body) <= self.piece:
                await send(message)
                return
            more = bool(message.get("more_body", False))
            view = memoryview(body)
            with self.held.holding(body):
                for at in range(0, len(body), self.piece):
                    last = at + self.piece >= len(body)
                    piece = bytes(view[at : at + self.piece])
                    await send(
                        {"type": "http.response.body", "body": piece, "more_body": more or not last}
                    )

        await self.app(scope, receive, send_in_pieces)

    async def _refuse(self, scope: Scope, start: Message, size: int, send: Send) -> None:
        """The 503 ``overloaded`` sent in place of a response of a ``size``-byte body."""
        problem = Problem(
            "overloaded",
            f"The response is {size} bytes, and the server holds {self.held.size} bytes of "
            f"answers for clients still reading them (at most {self.held.max_bytes}); retry in "
            f"{self.retry_after} s.",
            headers={"Retry-After": str(self.retry_after)},
        )
        kept = [(n, v) for n, v in start.get("headers", []) if n.lower() in _KEPT or _cors(n)]
        given = (v.decode("latin-1") for n, v in kept if n.lower() == b"x-request-id")
        response = problem_response(problem, next(given, "") or new_id())
        raw = [*response.raw_headers, *kept]
        await send(
            {
                "type": "http.response.start",
                "status": response.status_code,
                "headers": with_security_headers(raw, scope.get("path", "/")),
            }
        )
        await send({"type": "http.response.body", "body": response.body})


_KEPT = frozenset({b"x-request-id", b"server-timing"})


def _cors(name: bytes) -> bool:
    return name.lower().startswith(b"access-control-")
