"""The byte-bounded LRU map and the document cache's keys."""

from __future__ import annotations

from forcelaw.server.document_cache import Rendered, document_cache, document_key
from forcelaw.server.lru import ByteLru


def _size(key: str, value: bytes) -> int:
    return len(value)


def test_lru_keeps_within_its_bound_dropping_the_least_recently_used() -> None:
    lru: ByteLru[bytes] = ByteLru(10, _size)
    assert lru.put("a", b"aaaa") and lru.put("b", b"bbbb")
    assert lru.get("a") == b"aaaa"  # now "b" is the least recently used
    assert lru.put("c", b"cccc")
    assert lru.get("b") is None and lru.get("a") == b"aaaa" and lru.get("c") == b"cccc"
    assert lru.bytes == 8 and len(lru) == 2


def test_lru_replaces_a_key_and_refuses_what_can_never_fit() -> None:
    lru: ByteLru[bytes] = ByteLru(10, _size)
    lru.put("a", b"aaaa")
    lru.put("a", b"aaaaaa")
    assert lru.bytes == 6 and len(lru) == 1
    assert not lru.put("big", b"x" * 11)
    assert lru.get("a") == b"aaaaaa" and lru.bytes == 6


def test_a_zero_bound_keeps_nothing() -> None:
    cache = document_cache(0)
    cache.put("k", Rendered(b"", "text/turtle"))
    assert len(cache) == 0 and cache.get("k") is None


def test_document_cost_counts_body_key_and_type() -> None:
    cache = document_cache(1 << 20)
    cache.put("k", Rendered(b"12345", "text/turtle"))
    assert cache.bytes == 5 + 1 + len("text/turtle") + 200


def test_keys_separate_documents_formats_and_pages() -> None:
    keys = {
        document_key(local, fmt, page)
        for local in ("/id/state/KZ", "/id/state/XA")
        for fmt in ("ttl", "html")
        for page in (0, 1)
    }
    assert len(keys) == 8
