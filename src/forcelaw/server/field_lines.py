"""Repeated request header lines read as one field: RFC 9110 §5.3.

A client may send a list-based field in several lines (``Accept: text/html;q=0`` then
``Accept: text/turtle``); the field's value is the lines joined with commas, in order. Starlette's
``Headers.get`` and every reader here see the first line alone, so the second line's media types
were never negotiated (a 406 for a client that accepts Turtle). ``CombinedFieldLines`` joins the
lines of the list-based fields the server reads before anything else sees the request.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

# The list-based fields (RFC 9110 §5.6.1) whose value the server reads. Set-Cookie-like fields,
# which cannot be joined, are response fields; the request's others are read as sent.
LIST_FIELDS = frozenset(
    {b"accept", b"accept-encoding", b"accept-language", b"if-match", b"if-none-match"}
)


def combined(headers: Sequence[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``headers`` with the lines of each list-based field joined into its first line, with
    ``", "`` between them (empty lines add nothing); other lines as they were, in order."""
    values: dict[bytes, list[bytes]] = {}
    for name, value in headers:
        lowered = name.lower()
        if lowered in LIST_FIELDS:
            values.setdefault(lowered, []).append(value.strip(b" \t"))
    out: list[tuple[bytes, bytes]] = []
    for name, value in headers:
        lowered = name.lower()
        if lowered not in LIST_FIELDS:
            out.append((name, value))
        elif lowered in values:
            out.append((name, b", ".join(v for v in values.pop(lowered) if v)))
    return out


def repeated(headers: Sequence[tuple[bytes, bytes]]) -> bool:
    """Whether a list-based field comes in more than one line."""
    seen: set[bytes] = set()
    for name, _ in headers:
        lowered = name.lower()
        if lowered in LIST_FIELDS:
            if lowered in seen:
                return True
            seen.add(lowered)
    return False


class CombinedFieldLines:
    """ASGI middleware: a request's repeated list-based field lines become one line each."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and repeated(scope["headers"]):
            scope["headers"] = combined(scope["headers"])
        await self.app(scope, receive, send)
