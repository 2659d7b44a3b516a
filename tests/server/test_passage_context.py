"""A passage is shown in its line: cut at the line's ends, and where the line goes on past the
width shown, cut at a word with an elision mark, never passed off as the whole line."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from forcelaw.server.line_context import CONTEXT_CHARS, CONTEXT_WINDOW, in_line
from tests.conftest import KZ

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
_QUOTE = re.compile(r"<blockquote[^>]*><p>(.*?)</p></blockquote>", re.S)
_SPAN = re.compile(r'<span class="(context|elided)"[^>]*>(.*?)</span>|<mark>(.*?)</mark>', re.S)


def test_a_short_line_is_shown_whole_and_not_said_to_be_cut() -> None:
    found = in_line("first line\nbefore it ", " after it\nnext line")
    assert (found.before, found.after) == ("before it ", " after it")
    assert not found.before_cut and not found.after_cut


def test_a_line_as_long_as_the_width_is_not_cut() -> None:
    side = "w " * (CONTEXT_CHARS // 2)
    found = in_line("\n" + side, side)
    assert (found.before, found.after) == (side, side)
    assert not found.before_cut and not found.after_cut


def test_a_long_line_is_cut_at_a_word_and_says_so() -> None:
    words = " ".join(f"word{i}" for i in range(200))  # far longer than the window
    found = in_line(words[-CONTEXT_WINDOW:], words[:CONTEXT_WINDOW])
    assert found.before_cut and found.after_cut
    assert len(found.before) <= CONTEXT_CHARS and len(found.after) <= CONTEXT_CHARS
    assert words.endswith(found.before) and words.startswith(found.after)
    # no part of a word: each shown piece starts and ends at a space
    assert found.before[0] == " " and found.after[-1] == " "
    assert all(re.fullmatch(r"word\d+", w) for w in (found.before + " " + found.after).split())


def test_a_line_end_inside_the_window_is_no_cut() -> None:
    found = in_line("x" * 10 + "\n" + "y" * 390, "z" * 390 + "\n" + "x" * 10)
    assert (found.before, found.after) == ("y" * 390, "z" * 390)
    assert not found.before_cut and not found.after_cut


def test_one_word_longer_than_the_width_is_cut_inside_it() -> None:
    found = in_line("a" * CONTEXT_WINDOW, "b" * CONTEXT_WINDOW)
    assert (found.before, found.after) == ("a" * CONTEXT_CHARS, "b" * CONTEXT_CHARS)
    assert found.before_cut and found.after_cut


def _shown(page: str) -> tuple[bool, str, str, bool]:
    """(elided before, the text shown around the mark and in it, the marked text, elided after)."""
    quote = _QUOTE.search(page)
    assert quote is not None
    parts = [(m.group(1) or "mark", html.unescape(m.group(2) or m.group(3) or "")) for m in
             _SPAN.finditer(quote.group(1))]  # fmt: skip
    kinds = [k for k, _ in parts]
    marked = next(text for kind, text in parts if kind == "mark")
    text = "".join(text for kind, text in parts if kind != "elided")
    return kinds[0] == "elided", text, marked, kinds[-1] == "elided"


@pytest.mark.parametrize("side", ["before", "after"])
def test_passage_pages_show_their_line_and_mark_its_cuts(site: TestClient, side: str) -> None:
    source = KZ.read_text(encoding="utf-8")
    state = site.get("/id/state/KZ", headers={"Accept": BROWSER}).text
    spans = [(int(s), int(e)) for s, e in re.findall(r"/id/profile/KZ/passage/(\d+)-(\d+)", state)]
    checked = {True: 0, False: 0}
    for start, end in sorted(set(spans)):
        line_start = source.rfind("\n", 0, start) + 1
        line_end = source.find("\n", end)
        line_end = len(source) if line_end < 0 else line_end
        room = start - line_start if side == "before" else line_end - end
        path = f"/id/profile/KZ/passage/{start:04d}-{end:04d}"
        page = site.get(path, headers={"Accept": BROWSER})
        cut_before, text, marked, cut_after = _shown(page.text)
        assert marked == source[start:end]
        assert text in source[line_start:line_end]
        assert (cut_before if side == "before" else cut_after) == (room > CONTEXT_CHARS)
        checked[room > CONTEXT_CHARS] += 1
    assert checked[True] and checked[False]  # the profile has passages of both kinds
