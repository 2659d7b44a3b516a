"""Cross-cutting HTTP behaviour: a request id and CORS headers on every response, preflights,
and a problem+json answer (not a bare 500) when anything below raises; a client that leaves
mid-body is a client abort (logged at info), not a failure."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping, Sequence

from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from forcelaw.server.problems import Problem, problem_response
from forcelaw.server.request_ids import new_id

log = logging.getLogger("forcelaw.server")

ALLOWED_METHODS = "GET, POST, OPTIONS"
EXPOSED_HEADERS = (
    "X-Request-Id, Retry-After, X-Result-Rows, Content-Length, Server-Timing, ETag, Link, "
    "Content-Location, Content-Range, Memento-Datetime, Last-Modified, X-Cache"
)


def cors_headers(origin: str | None, allowed: Sequence[str]) -> dict[str, str]:
    """The CORS response headers for a request from ``origin`` (empty if it is not allowed)."""
    if "*" in allowed:
        return {
            "Access-Control-Allow-Origin": "*",
            "Access-Control-Expose-Headers": EXPOSED_HEADERS,
        }
    if origin is not None and origin in allowed:
        return {
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Expose-Headers": EXPOSED_HEADERS,
            "Vary": "Origin",
        }
    return {}


def with_headers(
    raw: Iterable[tuple[bytes, bytes]], added: Mapping[str, str]
) -> list[tuple[bytes, bytes]]:
    """``raw`` response headers with ``added`` set (replacing a header of the same name), except
    ``Vary``, whose value is appended to any ``Vary`` already there."""
    names = {name.lower().encode("latin-1"): value for name, value in added.items()}
    out: list[tuple[bytes, bytes]] = []
    vary = names.pop(b"vary", None)
    for name, value in raw:
        lowered = name.lower()
        if lowered == b"vary" and vary is not None:
            out.append((name, value + b", " + vary.encode("latin-1")))
            vary = None
        elif lowered not in names:
            out.append((name, value))
    out.extend((name, value.encode("latin-1")) for name, value in names.items())
    if vary is not None:
        out.append((b"vary", vary.encode("latin-1")))
    return out


class ProtocolMiddleware:
    def __init__(self, app: ASGIApp, origins: Sequence[str]) -> None:
        self.app = app
        self.origins = tuple(origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        arrived = time.perf_counter()
        request_id = new_id()
        scope.setdefault("state", {})["request_id"] = request_id
        headers = Headers(scope=scope)
        cors = cors_headers(headers.get("origin"), self.origins)
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self._preflight(headers, cors, request_id, scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                # Time until the response starts: the server's share of a page's latency.
                elapsed = (time.perf_counter() - arrived) * 1000
                own = {
                    "X-Request-Id": request_id,
                    "Server-Timing": f"app;dur={elapsed:.1f}",
                    **cors,
                }
                message = {**message, "headers": with_headers(message.get("headers", []), own)}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except ClientDisconnect:
            # The client went away (or missed the body deadline) before its body was read:
            # nobody is left to answer, and it is the client's doing, not a fault here.
            log.info(
                "request %s: the body did not arrive whole (client gone or too slow)", request_id
            )
        except Exception:
            log.exception("request %s failed", request_id)
            if started:
                raise
            problem = Problem(
                "internal-error", f"The server failed while answering (request {request_id})."
            )
            await problem_response(problem, request_id)(scope, receive, send_with_headers)

    async def _preflight(
        self,
        headers: Headers,
        cors: dict[str, str],
        request_id: str,
        scope: Scope,
        receive: Receive,
        send: Send,
    ) -> None:
        if not cors:
            problem = Problem(
                "origin-refused",
                f"Origin {headers.get('origin')!r} may not call this endpoint from a browser.",
                headers={"X-Request-Id": request_id},
            )
            await problem_response(problem, request_id)(scope, receive, send)
            return
        allow = {
            **cors,
            "Access-Control-Allow-Methods": ALLOWED_METHODS,
            "Access-Control-Allow-Headers": headers.get(
                "access-control-request-headers", "Accept, Content-Type"
            ),
            "Access-Control-Max-Age": "86400",
            "X-Request-Id": request_id,
        }
        await send(
            {
                "type": "http.response.start",
                "status": 204,
                "headers": [(k.lower().encode(), v.encode()) for k, v in allow.items()],
            }
        )
        await send({"type": "http.response.body", "body": b""})
