"""The resource a request path under ``/id/`` names, read from the path as the client encoded it.

A server framework hands a view the path with every percent-encoding decoded, so ``state%2FKZ``
(one segment: an IRI this dataset never mints) reads as ``state/KZ``, ``KZ%23x`` as ``KZ#x`` (a
fragment of KZ), and ``KZ%2F`` ends with a slash that no redirect can take off. ``resolve``
reads the raw path instead, as RFC 3987 §3.2 turns a URI into an IRI: a percent-encoded
unreserved character (RFC 3986 §2.3) or UTF-8 sequence of a non-ASCII character is decoded;
every other triplet (``%2F``, ``%23``, ``%3F``, ``%25``, ``%00``, a byte that is no UTF-8) stays
encoded, so it names the IRI that holds it, which is never one of ours but by that spelling.
Dot segments are removed (RFC 3986 §5.2.4) and trailing slashes dropped. ``spelling`` is the
path's one URI (``header_uri``): a request spelled otherwise (``%4B%5A`` for ``KZ``, ``%c3%84``
for ``%C3%84``, ``./``, a trailing slash) is sent there by a 301, so each resource has one URL.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from starlette.types import Scope

from forcelaw.urls import ID_PREFIX, header_uri

_TRIPLETS = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_UNRESERVED = frozenset((string.ascii_letters + string.digits + "-._~").encode("ascii"))


@dataclass(frozen=True)
class Resolved:
    """What a raw path under ``/id/`` names: the IRI's part after the base, and its one URI."""

    path: str
    spelling: str


def resolve(raw: str) -> Resolved | None:
    """The resource named by ``raw``, the part of the request path after ``/id/`` as it was
    sent (percent-encoded, Latin-1 decoded bytes); None if its dot segments lead out of
    ``/id/`` (``../sparql``)."""
    trimmed = raw.rstrip("/")
    decoded = _TRIPLETS.sub(lambda m: _iri_text(m.group()), trimmed)
    path = remove_dot_segments("/id/" + decoded)
    if not path.startswith("/id/"):
        return None
    path = path.removeprefix("/id/").rstrip("/")  # "a/." leaves "a/": no trailing slash either
    return Resolved(path, header_uri(path))


def named(scope: Scope) -> str | None:
    """The IRI path (after the base) an ``/id/`` request names when the client spelled it as
    its one URI; None for another spelling (the view redirects it) or a path out of ``/id/``."""
    raw_path: bytes | None = scope.get("raw_path")
    path: str = scope["path"]
    raw = raw_path.decode("latin-1").split("?", 1)[0] if raw_path else header_uri(path)
    if not raw.startswith(ID_PREFIX):
        return None
    rest = raw[len(ID_PREFIX) :]
    resolved = resolve(rest)
    return resolved.path if resolved is not None and resolved.spelling == rest else None


def remove_dot_segments(path: str) -> str:
    """``path`` without ``.`` and ``..`` segments (RFC 3986 §5.2.4); empty segments stay."""
    out: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                out.append("")
        elif segment == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(segment)
    return "/".join(out)


def _iri_text(triplets: str) -> str:
    """A run of ``%XX`` triplets as an IRI holds it: unreserved ASCII and whole UTF-8
    characters decoded, every other octet kept as a triplet (upper-case hex, §6.2.2.1)."""
    octets = bytes.fromhex(triplets.replace("%", ""))
    out: list[str] = []
    index = 0
    while index < len(octets):
        octet = octets[index]
        if octet < 0x80:
            out.append(chr(octet) if octet in _UNRESERVED else f"%{octet:02X}")
            index += 1
            continue
        end = index
        while end < len(octets) and octets[end] >= 0x80:
            end += 1
        out.append(_non_ascii(octets[index:end]))
        index = end
    return "".join(out)


def _non_ascii(octets: bytes) -> str:
    """Octets of 0x80 and above: their characters if they are UTF-8 of characters an IRI may
    hold (no C1 control), else each as a triplet."""
    try:
        text = octets.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if text and all(ord(c) >= 0xA0 for c in text):
        return text
    return "".join(f"%{octet:02X}" for octet in octets)
