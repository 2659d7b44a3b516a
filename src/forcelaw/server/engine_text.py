"""A query's text as the engine is given it: SPARQL the engine's parser would wrongly refuse,
respelled without changing what it says.

pyoxigraph's parser (0.5) refuses three spellings SPARQL 1.1 allows:

- white space or a comment between ``CONCAT``, ``COALESCE`` or ``BNODE`` and its opening bracket
  (``CONCAT ("a", "b")``, ``BNODE ()``), allowed between any two tokens as after every other
  function name: the gap is removed;
- a prefixed name whose local part holds two dots apart (``ex:a.b.c``,
  ``id:xmlns.com-foaf-0.1-name``): each dot is written escaped (``ex:a\\.b\\.c``, PN_LOCAL_ESC),
  the same IRI;
- a comment inside ``()`` or ``[]`` (NIL, ANON: white space only, to the engine; "comments are
  treated as white space", SPARQL 1.1 §19.4): the gap becomes one space.

A query whose shape once stopped a worker is given to the engine with each ``ORDER BY`` condition
written as the keys of a total order (``totally_ordered``, ``total_order``): the engine aborts its
process sorting values its own comparison does not order totally. Only then: the keys cost the
engine three to four times the time of a sort as written.

Strings, IRIs and comments are never looked into (the canonical form's tokenizer finds them),
so nothing else of the text changes. The answer cache's key sees neither white space, comments
nor escapes in a local name, so every spelling shares one entry and one answer.
"""

from __future__ import annotations

import re

from forcelaw.errors import QuerySyntaxError
from forcelaw.server.canonical import token_spans
from forcelaw.server.total_order import order_edits

# Functions whose name the engine only reads right before "(" (ExpressionList or NIL).
GLUED = frozenset({"CONCAT", "COALESCE", "BNODE"})
_GAP = frozenset({"ws", "comment"})
_EMPTY = {"(": ")", "[": "]"}  # NIL and ANON
_POSITION = re.compile(r"error at \d+:\d+")


def engine_text(text: str) -> str:
    """``text`` with the gaps before a ``GLUED`` function's "(" and the comments inside ``()``
    and ``[]`` removed, and the dots of prefixed names' local parts escaped."""
    return _apply(text, _edits(text))


def totally_ordered(text: str) -> str:
    """``text`` (an ``engine_text``, which the engine parsed) with its ``ORDER BY`` conditions
    written as the keys of a total order (``total_order``; QueryUnsupported past its budget)."""
    return _apply(text, _order_edits(text))


def in_the_clients_text(exc: QuerySyntaxError, text: str) -> QuerySyntaxError:
    """The engine's syntax error about ``engine_text(text)``, its line and column moved to
    where they are in ``text``, the query as the client wrote it."""
    edits = _edits(text)
    if not edits or exc.line is None or exc.column is None:
        return exc
    offset = _original_offset(_offset(_apply(text, edits), exc.line, exc.column), edits)
    line, column = _line_column(text, offset)
    message = _POSITION.sub(f"error at {line}:{column}", exc.message, count=1)
    return QuerySyntaxError(message, line, column)


Edit = tuple[int, int, str]  # the span [start, end) of the text, and what replaces it


def _edits(text: str) -> list[Edit]:
    upper = text.upper()
    if "." not in text and "#" not in text and not any(name in upper for name in GLUED):
        return []
    spans = token_spans(text)
    if any(kind == "other" and text[start:end] in "\"'\\" for kind, start, end in spans):
        return []  # an unterminated string or a stray escape: the engine says what is wrong
    edits: list[Edit] = []
    for i, (kind, start, end) in enumerate(spans):
        if kind == "pname" and not text.startswith("_:", start):
            prefix, colon, local = text[start:end].partition(":")
            escaped = _escape_dots(local)
            if escaped != local:
                edits.append((start, end, prefix + colon + escaped))
        elif kind == "other" and text[start:end] in _EMPTY:
            gap = _commented_gap(text, spans, i)
            if gap is not None:
                edits.append((*gap, " "))
        elif kind == "word" and text[start:end].upper() in GLUED:
            j = i + 1
            while j < len(spans) and spans[j][0] in _GAP:
                j += 1
            if j > i + 1 and j < len(spans) and text[spans[j][1] : spans[j][2]] == "(":
                edits.append((end, spans[j][1], ""))
    return edits


def _order_edits(text: str) -> list[Edit]:
    if "ORDER" not in text.upper():
        return []
    spans = token_spans(text)
    if any(kind == "other" and text[start:end] in "\"'\\" for kind, start, end in spans):
        return []  # an unterminated string or a stray escape: the engine says what is wrong
    return order_edits(text, spans)


def _apply(text: str, edits: list[Edit]) -> str:
    if not edits:
        return text
    pieces: list[str] = []
    kept = 0
    for start, end, replacement in edits:
        pieces += [text[kept:start], replacement]
        kept = end
    pieces.append(text[kept:])
    return "".join(pieces)


def _original_offset(offset: int, edits: list[Edit]) -> int:
    """Where ``offset`` of the respelled text is in the original (inside a replacement: at the
    start of what it replaced)."""
    shift = 0
    for start, end, replacement in edits:
        if offset < start + shift:
            break
        if offset < start + shift + len(replacement):
            return start
        shift += len(replacement) - (end - start)
    return offset - shift


def _offset(text: str, line: int, column: int) -> int:
    """The offset of the 1-based ``line`` and ``column`` (in characters) of ``text``."""
    start = 0
    for _ in range(line - 1):
        found = text.find("\n", start)
        if found < 0:
            break
        start = found + 1
    return min(start + column - 1, len(text))


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _commented_gap(text: str, spans: list[tuple[str, int, int]], i: int) -> tuple[int, int] | None:
    """The span between the bracket at ``spans[i]`` and its closing one when only white space
    and at least one comment lie between them (NIL or ANON written with a comment)."""
    j = i + 1
    while j < len(spans) and spans[j][0] in _GAP:
        j += 1
    if j == i + 1 or j == len(spans):
        return None
    closing = text[spans[j][1] : spans[j][2]]
    if closing != _EMPTY[text[spans[i][1] : spans[i][2]]]:
        return None
    if not any(kind == "comment" for kind, _, _ in spans[i + 1 : j]):
        return None
    return spans[i][2], spans[j][1]


def _escape_dots(local: str) -> str:
    """A local name with each unescaped dot written ``\\.`` (its escapes left as they are)."""
    if "." not in local:
        return local
    out: list[str] = []
    i = 0
    while i < len(local):
        char = local[i]
        if char == "\\":
            out.append(local[i : i + 2])
            i += 2
            continue
        out.append("\\." if char == "." else char)
        i += 1
    return "".join(out)
