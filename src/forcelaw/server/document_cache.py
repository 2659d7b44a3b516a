"""Documents rendered on request, kept for the next one: a release never changes under a server.

A document without a static file (remote-store mode, a format left out of the static rendering,
a page of incoming links) is rendered on its first request and kept here, in a least-recently-used
map bounded in bytes (``Settings.document_cache_bytes``). The key names everything the bytes
depend on: the document, format and page. Absolute links in them (a page's schema.org ``url``, the
JSON-LD ``@context``) are written against the published site, as the static rendering writes
them, never the Host a client sent: one document has one set of bytes. Each edition's site has
its own cache, so a key never crosses releases.
"""

from __future__ import annotations

from dataclasses import dataclass

from forcelaw.server.lru import ByteLru

ENTRY_OVERHEAD = 200  # bytes an entry costs beyond its body and key
STATIC_RENDERING = "forcelaw.static_rendering"  # scope key: the static renderer's own request


@dataclass(frozen=True)
class Rendered:
    """A document's bytes and content type."""

    body: bytes
    content_type: str


def document_key(local: str, format_key: str, page: int) -> str:
    """The cache key of page ``page`` of the document at ``local`` in a format."""
    return f"{local}|{format_key}|{page}"


def document_cache(max_bytes: int) -> ByteLru[Rendered]:
    """An empty cache of at most ``max_bytes``."""
    return ByteLru(max_bytes, _cost)


def _cost(key: str, rendered: Rendered) -> int:
    return len(rendered.body) + len(key) + len(rendered.content_type) + ENTRY_OVERHEAD
