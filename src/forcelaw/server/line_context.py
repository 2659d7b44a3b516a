"""The line around a passage, as a passage is shown: cut at the line's ends, and where the line
goes on past the width shown, cut at a word with the cut said (a reader must not take a cut line
for the whole line)."""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT_CHARS = 400  # characters of the line shown either side of a passage
# What is read either side: one character more than is shown tells whether the line goes on.
CONTEXT_WINDOW = CONTEXT_CHARS + 1


@dataclass(frozen=True)
class LineContext:
    """The text of a passage's line before and after it, and whether either was cut short."""

    before: str
    after: str
    before_cut: bool
    after_cut: bool


def in_line(before: str, after: str) -> LineContext:
    """The context of a passage from the text either side of it (each ``CONTEXT_WINDOW``
    characters at most, fewer only at the text's ends)."""
    before = before.rsplit("\n", 1)[-1]
    after = after.split("\n", 1)[0]
    before_cut = len(before) > CONTEXT_CHARS
    after_cut = len(after) > CONTEXT_CHARS
    if before_cut:
        before = _from_word(before[-CONTEXT_CHARS:])
    if after_cut:
        after = _to_word(after[:CONTEXT_CHARS])
    return LineContext(before, after, before_cut, after_cut)


def _from_word(text: str) -> str:
    """``text`` without the part of a word it starts inside (the cut fell in a word)."""
    space = next((i for i, c in enumerate(text) if c.isspace()), None)
    return text if space is None else text[space:]


def _to_word(text: str) -> str:
    """``text`` without the part of a word it ends inside."""
    space = next((i for i in range(len(text) - 1, -1, -1) if text[i].isspace()), None)
    return text if space is None else text[: space + 1]
