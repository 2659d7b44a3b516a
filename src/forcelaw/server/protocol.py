"""The HTTP/1.1 connection: uvicorn's httptools protocol with the read limits it lacks.

uvicorn waits for ever for a request whose headers or body never finish, so a handful of silent
sockets hold ``max_connections`` and every other client gets 503 (slowloris). Here each request
has a deadline for its headers (``header_timeout``, counted from the connection or, on a kept-alive
connection, from the request's first byte) and then one for its whole body (``body_timeout``).
Past either the client is answered 408 ``request-timeout`` if nothing was sent to it yet, and the
connection is closed either way.

Once an answer is being written, a client that leaves it unread for ``send_timeout`` (the write
buffer stays over its high-water mark) has its connection dropped, buffer and all: with answers
sent a piece at a time (``sending``), that is what bounds the memory a client that never reads
can hold, and for how long.

A request past ``max_connections`` (uvicorn's ``limit_concurrency``) was uvicorn's text/plain
"Service Unavailable" with no ``Retry-After``; it is answered here, the same check made first,
with 503 ``too-many-connections`` problem+json and ``Retry-After``.

A request target longer than httptools can parse (its URL parser counts in 16 bits) used to be a
text/plain 400 from uvicorn; it is refused here, as soon as it passes the limit, with 414
``uri-too-long`` problem+json, the answer the app gives for a query string over
``max_request_bytes``. A request httptools cannot parse (Content-Length beside
Transfer-Encoding, two lengths, a NUL or a folded line in a header, a bad chunk size) was
uvicorn's text/plain 400 too: it is 400 ``bad-request`` problem+json, the connection closed.

Header fields had no limit at all: a 20 MB Accept header was read whole, parsed for seconds on
the event loop, and kept as the key of a negotiation memo, so that each such request grew the
server by its size. Past ``MAX_HEADER_BYTES`` of header names and values (nginx's front refuses a
header line over 8 KiB), or ``MAX_HEAD_READ`` bytes read before the headers end (httptools holds
a header whole before it is handed over), a request is refused with 431
``headers-too-large``.

A request httptools cannot parse (a raw UTF-8 byte or a space in its target, a malformed header
line or chunk) was uvicorn's text/plain "Invalid HTTP request received."; it is a 400
``bad-request`` problem+json like every other error. It is JSON whatever the client accepts: the
parser stops before the headers are read, and a browser never sends such a request (it
percent-encodes a path's bytes itself).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from forcelaw.server.problems import MEDIA_TYPE, Problem, problem_body
from forcelaw.server.request_ids import new_id
from forcelaw.server.settings import Settings

log = logging.getLogger("forcelaw.server")

# httptools.parse_url keeps offsets in 16 bits: a longer request target cannot be parsed at all.
MAX_TARGET = 65_535
# Seconds a client refused for too many connections is asked to wait: connections come and go
# in about the time of an answer.
CONNECTIONS_RETRY_AFTER = 1
MAX_HEADER_BYTES = 32 * 1024  # names and values of a request's header fields
# Bytes read while a request's headers are not all in: its target, its fields (and their
# separators), and a read's worth of body that came with them.
MAX_HEAD_READ = MAX_TARGET + 2 * MAX_HEADER_BYTES + 256 * 1024


def protocol_class(settings: Settings) -> type[asyncio.Protocol]:
    """The protocol class for uvicorn's ``http=``, with the settings' read timeouts."""
    return type(
        "ForcelawProtocol",
        (ReadLimitedProtocol,),
        {
            "header_timeout": settings.header_timeout,
            "body_timeout": settings.body_timeout,
            "send_timeout": settings.send_timeout,
        },
    )


class ReadLimitedProtocol(HttpToolsProtocol):
    """``HttpToolsProtocol`` with a deadline for a request's headers and one for its body."""

    header_timeout = 10.0
    body_timeout = 30.0
    send_timeout = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._stalled: asyncio.TimerHandle | None = None
        self._refused = False
        self._in_head = True  # the current request's headers are not all in yet
        self._head_read = 0  # bytes read while they were not
        self._header_bytes = 0  # the current request's header names and values

    # --- the connection ----------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self.header_timeout, "headers")  # a socket that never sends a byte too

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self._writable()
        super().connection_lost(exc)

    # --- writing: the client must take its answer ----------------------------------------------

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._stalled is None:
            self._stalled = self.loop.call_later(self.send_timeout, self._drop)

    def resume_writing(self) -> None:
        self._writable()
        super().resume_writing()

    def _writable(self) -> None:
        if self._stalled is not None:
            self._stalled.cancel()
            self._stalled = None

    def _drop(self) -> None:
        self._stalled = None
        log.info(
            "%s: left its answer unread for %g s: connection dropped",
            self._peer(),
            self.send_timeout,
        )
        self.transport.abort()  # close() would wait for the buffer to be read: it never will

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # answered already: the rest of the request is not read
        if self._in_head:
            self._head_read += len(data)
            if self._head_read > MAX_HEAD_READ:
                self._refuse(_headers_too_large(), "request head too large")
                return
        super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        if not self._refused:  # a parse error past our own answer needs no other
            self._refuse(_malformed(), f"not an HTTP/1.1 request ({msg})")

    # --- parser callbacks: after a refusal, the rest of the bytes at hand are parsed and dropped

    def on_message_begin(self) -> None:
        if self._refused:
            return
        super().on_message_begin()
        self._header_bytes = 0
        if self._deadline is None:  # the next request on a kept-alive connection
            self._arm(self.header_timeout, "headers")

    def on_url(self, url: bytes) -> None:
        if self._refused:
            return
        if len(self.url) + len(url) > MAX_TARGET:
            self._refuse(
                Problem(
                    "uri-too-long",
                    f"The request target is longer than {MAX_TARGET} bytes. "
                    "Send long queries with POST.",
                    max=MAX_TARGET,
                ),
                "request target too long",
            )
            return
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        if self._refused:
            return
        self._header_bytes += len(name) + len(value)
        if self._header_bytes > MAX_HEADER_BYTES:
            self._refuse(_headers_too_large(), "request header fields too large")
            return
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._disarm()
        if self._refused:
            return
        if self._over_limit():
            self._refuse(
                Problem(
                    "too-many-connections",
                    f"This server takes {self.limit_concurrency} connections or requests at "
                    f"once and has them; retry in {CONNECTIONS_RETRY_AFTER} s.",
                    headers={"Retry-After": str(CONNECTIONS_RETRY_AFTER)},
                    retry_after=CONNECTIONS_RETRY_AFTER,
                ),
                "past the concurrency limit",
            )
            return
        self._arm(self.body_timeout, "body")  # disarmed at once if there is no body
        super().on_headers_complete()

    def _over_limit(self) -> bool:
        """uvicorn's own test for answering its text/plain 503, made before it is."""
        limit = self.limit_concurrency
        return limit is not None and (len(self.connections) >= limit or len(self.tasks) >= limit)

    def on_body(self, body: bytes) -> None:
        if not self._refused:
            super().on_body(body)

    def on_message_complete(self) -> None:
        self._in_head, self._head_read = True, 0  # the next request's head, if any
        self._disarm()
        if not self._refused:
            super().on_message_complete()

    # --- deadlines -----------------------------------------------------------------------------

    def _arm(self, seconds: float, part: str) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expired, seconds, part)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self, seconds: float, part: str) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if part == "body" and cycle is not None and not cycle.response_complete:
            # The app may be waiting in receive(): it gets http.disconnect, and whatever it
            # sends from now on is dropped (uvicorn sends nothing to a disconnected cycle).
            answered = cycle.response_started
            cycle.disconnected = True
            cycle.message_event.set()
        else:
            answered = cycle is not None and not cycle.response_complete  # a pipelined answer
        problem = Problem(
            "request-timeout",
            f"The request's {part} did not arrive within {seconds:g} s; the connection is closed.",
            timeout=seconds,
        )
        if answered:
            log.info("%s: the request's %s took over %g s: closed", self._peer(), part, seconds)
            self.transport.close()
        else:
            self._refuse(problem, f"the request's {part} took over {seconds:g} s")

    def _refuse(self, problem: Problem, why: str) -> None:
        """Answer ``problem`` on the raw connection and close it (no request reached the app)."""
        self._refused = True
        self._disarm()
        request_id = new_id()
        log.info("%s: %s: %d (request %s)", self._peer(), why, problem.status, request_id)
        body = json.dumps(problem_body(problem, request_id), ensure_ascii=False, indent=2)
        data = body.encode("utf-8")
        reason = REASONS.get(problem.status, b"Error")
        head = [
            b"HTTP/1.1 %d %s" % (problem.status, reason),
            *(name + b": " + value for name, value in self.server_state.default_headers),
            *(
                k.lower().encode("latin-1") + b": " + v.encode("latin-1")
                for k, v in problem.headers.items()
            ),
            b"content-type: " + MEDIA_TYPE.encode(),
            b"content-length: %d" % len(data),
            b"cache-control: no-store",
            b"x-content-type-options: nosniff",
            b"x-request-id: " + request_id.encode(),
            b"connection: close",
        ]
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + data)
        self.transport.close()

    def _peer(self) -> str:
        return f"{self.client[0]}:{self.client[1]}" if self.client else "a client"


REASONS = {
    400: b"Bad Request",
    408: b"Request Timeout",
    414: b"URI Too Long",
    431: b"Request Header Fields Too Large",
    503: b"Service Unavailable",
}


def _malformed() -> Problem:
    return Problem(
        "bad-request",
        "The request is not HTTP/1.1 as RFC 9112 writes it: its request line, a header field "
        "or its chunked body holds what the syntax does not allow. A request target is ASCII "
        "without spaces: percent-encode every other byte (%C3%A9 for é, %20 for a space).",
    )


def _headers_too_large() -> Problem:
    return Problem(
        "headers-too-large",
        f"The request's header fields are longer than {MAX_HEADER_BYTES} bytes in all; the "
        "connection is closed.",
        max=MAX_HEADER_BYTES,
    )
