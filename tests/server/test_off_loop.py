"""A long query text is read beside the event loop: lexing, the canonical digest and the
respelling for the engine took a tenth of a second per 64 KB on the loop, when no other request
moved (forty such queries at once kept a one-line ASK waiting 2.1 s)."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from forcelaw.server.answer_cache import ENTRY_OVERHEAD, AnswerCache
from forcelaw.server.lexer import analyse
from forcelaw.server.off_loop import ON_LOOP_CHARS, is_long, reading

LONG = "SELECT * { " + "?s ?p ?o . " * (ON_LOOP_CHARS // 10) + "}"


def where_read(text: str) -> tuple[int, int]:
    """The thread the loop runs on, and the one ``text`` was read on."""

    def read(given: str) -> int:
        assert analyse(given).form == "SELECT"
        return threading.get_ident()

    async def scenario() -> tuple[int, int]:
        return threading.get_ident(), await reading(text, read, text)

    return asyncio.run(scenario())


def test_a_long_text_is_read_on_a_thread_and_a_short_one_on_the_loop() -> None:
    assert is_long(LONG) and not is_long("ASK {}")
    loop, thread = where_read(LONG)
    assert loop != thread
    loop, thread = where_read("SELECT * { ?s ?p ?o }")
    assert loop == thread


def test_the_memo_of_texts_stays_whole_when_threads_fill_it() -> None:
    cache = AnswerCache(max_bytes=8 * 64 * 1024)  # a memo of 64 KiB: most texts are dropped
    texts = [f"SELECT * {{ ?s ?p {i} . ?s ?q ?o }} # " + "x" * 2000 for i in range(200)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(cache.analyse, texts * 3))
    assert all(text.form == "SELECT" for text in found)
    kept = cache._texts  # the memo's own accounting matches what it holds
    assert cache._text_bytes == sum(len(t) + ENTRY_OVERHEAD for t in kept)
    assert 0 < cache._text_bytes <= 64 * 1024


def test_the_memo_of_texts_is_bounded_in_bytes_not_characters() -> None:
    """Texts of 4-byte characters: counted by characters, the memo held four times its bound."""
    cache = AnswerCache(max_bytes=8 * 64 * 1024)  # a memo of 64 KiB
    texts = [f"SELECT * {{ ?s ?p {i} }} # " + "\U0001f600" * 2000 for i in range(100)]
    for text in texts:
        assert cache.analyse(text).form == "SELECT"
    held = sum(len(t.encode("utf-8")) for t in cache._texts)
    assert 0 < held <= 64 * 1024
    assert len(cache._texts) < 64 * 1024 // 2000  # fewer texts than their characters allow
