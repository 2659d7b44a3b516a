"""The answer cache of ``/sparql``: a release never changes, so a complete answer stays right.

An answer is kept under its key: the release id, the query's canonical token stream
(``canonical``: whitespace, comments and prefix spelling do not matter, literals do), the protocol
dataset (``default-graph-uri``, ``named-graph-uri``) and the response format. Only complete answers
are stored: a timeout, an answer over a cap or any other error is raised before ``put`` is reached.
The cache is a least-recently-used map bounded in bytes. It belongs to one release: ``install``
replaces the whole generation (release id and entries) in one assignment, so a request sees either
the old release's answers or the new one's, never a mix, and a key carries the release id as well.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from forcelaw.formats import Kind, formats_for
from forcelaw.server.canonical import canonical_tokens
from forcelaw.server.engine_text import engine_text
from forcelaw.server.examples import Example
from forcelaw.server.lexer import QueryText, analyse
from forcelaw.server.lru import ByteLru, text_bytes
from forcelaw.server.settings import Settings
from forcelaw.store import QueryRequest, Store

log = logging.getLogger("forcelaw.server")

ENTRY_OVERHEAD = 200  # bytes an entry costs beyond its body and key (objects, map slot)
TEXT_MEMO_BYTES = 16 * 1024 * 1024  # query texts remembered with their analysis
REQUEST_KEY_BYTES = 4 * 1024 * 1024  # GET requests remembered with the key they come to
WARM_BUDGET = 30.0  # seconds the start-up warming may take in all
CRASH_MEMO = 1024  # query shapes whose worker crashes are counted


@dataclass(frozen=True)
class CachedAnswer:
    """A complete answer as the store wrote it."""

    body: bytes
    content_type: str
    rows: int

    def cost(self, key: str) -> int:
        return len(self.body) + len(key) + len(self.content_type) + ENTRY_OVERHEAD


def answer_key(
    query: str,
    default_graph_uris: Sequence[str],
    named_graph_uris: Sequence[str],
    format_key: str,
) -> str | None:
    """The cache key of a query (without the release), or None if its answer is not cacheable."""
    return _key_of(query_digest(query), default_graph_uris, named_graph_uris, format_key)


def query_digest(query: str) -> str | None:
    """A hash of the query's canonical token stream, or None if it is not cacheable."""
    tokens = canonical_tokens(query)
    if tokens is None:
        return None
    return hashlib.sha256("\x00".join(tokens).encode("utf-8")).hexdigest()


def _key_of(
    digest: str | None,
    default_graph_uris: Sequence[str],
    named_graph_uris: Sequence[str],
    format_key: str,
) -> str | None:
    if digest is None:
        return None
    # The protocol dataset is a set of graphs each way: their order does not change the answer.
    material = [digest, sorted(default_graph_uris), sorted(named_graph_uris), format_key]
    return hashlib.sha256(json.dumps(material, ensure_ascii=False).encode("utf-8")).hexdigest()


def answer_etag(version: str, key: str) -> str:
    """The strong entity tag of an answer: the release and the key, hashed."""
    return '"' + hashlib.sha256(f"{version}\n{key}".encode()).hexdigest()[:32] + '"'


class Generation(ByteLru[CachedAnswer]):
    """One release's answers: an LRU map from key to answer, bounded in bytes."""

    def __init__(self, version: str, max_bytes: int) -> None:
        super().__init__(max_bytes, _answer_cost)
        self.version = version


def _answer_cost(key: str, answer: CachedAnswer) -> int:
    return answer.cost(key)


def _request_key_cost(request: str, key: str) -> int:
    return text_bytes(request) + len(key) + ENTRY_OVERHEAD


class AnswerCache:
    """The server's answer cache: the current generation, swapped whole on a new release.

    It also remembers, per exact query text, the lexer's analysis and the canonical digest (pure
    functions of the text, bounded in bytes too), so that a repeated text is neither lexed nor
    tokenized again: that is most of the time a hit would otherwise take.
    """

    def __init__(self, max_bytes: int, version: str = "") -> None:
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self._generation = Generation(version, max_bytes)
        self._texts: OrderedDict[str, tuple[QueryText, str | None]] = OrderedDict()
        self._text_bytes = 0
        self._max_text_bytes = min(max_bytes // 8, TEXT_MEMO_BYTES)
        self._texts_lock = threading.Lock()
        self._crashes: OrderedDict[str, int] = OrderedDict()
        # The key a GET's query string and Accept header come to (``fastpath.sparql_hit``): a
        # repeated request is then one lookup, where parsing the query string, negotiating and
        # hashing the key were a fifth of a hit's time in the server.
        self.request_keys: ByteLru[str] = ByteLru(
            min(max_bytes // 64, REQUEST_KEY_BYTES), _request_key_cost
        )

    def analyse(self, query: str) -> QueryText:
        """``lexer.analyse(query)``, remembered."""
        return self._remembered(query)[0]

    def key(
        self,
        query: str,
        default_graph_uris: Sequence[str],
        named_graph_uris: Sequence[str],
        format_key: str,
    ) -> str | None:
        """``answer_key``, with the query's digest remembered."""
        digest = self._remembered(query)[1]
        return _key_of(digest, default_graph_uris, named_graph_uris, format_key)

    def _remembered(self, query: str) -> tuple[QueryText, str | None]:
        # A long text is read on a thread (``off_loop``): the memo is looked up and filled under
        # a lock, the text read outside it.
        with self._texts_lock:
            found = self._texts.get(query)
            if found is not None:
                self._texts.move_to_end(query)
                return found
        text = analyse(query)
        cacheable = not text.is_update and not text.services and text.form is not None
        found = (text, query_digest(query) if cacheable else None)
        size = text_bytes(query) + ENTRY_OVERHEAD
        with self._texts_lock:
            if size <= self._max_text_bytes and query not in self._texts:
                while self._texts and self._text_bytes + size > self._max_text_bytes:
                    dropped, _ = self._texts.popitem(last=False)
                    self._text_bytes -= text_bytes(dropped) + ENTRY_OVERHEAD
                self._texts[query] = found
                self._text_bytes += size
        return found

    def crashes(self, version: str, key: str) -> int:
        """How often a query of shape ``key`` stopped a query worker on release ``version``."""
        return self._crashes.get(f"{version}\n{key}", 0)

    def note_crash(self, version: str, key: str) -> None:
        """Count a worker stopped by a query of shape ``key`` (the oldest counts go first)."""
        name = f"{version}\n{key}"
        self._crashes[name] = self._crashes.pop(name, 0) + 1
        while len(self._crashes) > CRASH_MEMO:
            self._crashes.popitem(last=False)

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    @property
    def generation(self) -> Generation:
        return self._generation

    def get(self, version: str, key: str) -> CachedAnswer | None:
        generation = self._generation
        found = generation.get(key) if generation.version == version else None
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, version: str, key: str, answer: CachedAnswer) -> None:
        """Keep an answer of release ``version``; a new release starts a new generation."""
        if not self.enabled:
            return
        if self._generation.version != version:
            self.install(Generation(version, self.max_bytes))
        self._generation.put(key, answer)

    def install(self, generation: Generation) -> None:
        """Make ``generation`` current in one step (the swap on a new release)."""
        self._generation = generation

    def merge(self, generation: Generation) -> None:
        """Add ``generation``'s answers to the current one if both are of the same release
        (answers kept meanwhile stay), else install it whole (the swap on a new release)."""
        current = self._generation
        if current.version != generation.version:
            self.install(generation)
            return
        for key, answer in generation.items():
            if key not in current:
                current.put(key, answer)


async def warm(
    cache: AnswerCache,
    store: Store,
    examples: Iterable[Example],
    settings: Settings,
    budget: float = WARM_BUDGET,
) -> int:
    """Answer every example query into a fresh generation for the store's release, then merge it
    into the cache (``AnswerCache.merge``); returns how many answers were kept. A failing query
    is logged and skipped; past ``budget`` seconds the warming stops and the cache starts cold."""
    if not cache.enabled:
        return 0
    fresh = Generation(store.dataset.version, cache.max_bytes)
    try:
        kept = await asyncio.wait_for(_answer_all(fresh, store, examples, settings), budget)
    except TimeoutError:
        log.warning("warming the answer cache took over %g s; it starts cold", budget)
        return 0
    cache.merge(fresh)  # the server answers while it warms: what it kept meanwhile stays
    return kept


async def _answer_all(
    fresh: Generation, store: Store, examples: Iterable[Example], settings: Settings
) -> int:
    kept = 0
    for example in examples:
        text = analyse(example.query)
        if text.is_update or text.form is None:
            continue
        fmt = formats_for(Kind.GRAPH if text.is_graph_query else Kind.RESULTS)[0]
        key = answer_key(example.query, (), (), fmt.key)
        if key is None:
            continue
        query = engine_text(example.query)  # as a client's: a hit is the bytes a miss would be
        request = QueryRequest(query, fmt.key, settings.max_rows, settings.max_result_bytes)
        try:
            result = await store.query(request, settings.timeout)
        except Exception as exc:  # warming is an optimisation: it must never stop the server
            log.warning("warming the answer cache: %s failed (%s)", example.name, exc)
            continue
        kept += fresh.put(key, CachedAnswer(result.body, result.content_type, result.rows))
    return kept
