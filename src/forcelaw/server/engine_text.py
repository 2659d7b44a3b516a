"""A query's text as the engine is given it: SPARQL the engine's parser would wrongly refuse,
respelled without changing what it says.

pyoxigraph's parser (0.5) refuses white space or a comment between ``CONCAT``, ``COALESCE`` or
``BNODE`` and its opening bracket (``CONCAT ("a", "b")``, ``BNODE ()``), which SPARQL 1.1 allows
between any two tokens, as it allows it after every other function name. Such a gap is removed
here; strings, IRIs and comments are never looked into (the canonical form's tokenizer finds
them), so nothing else of the text changes. The answer cache's key does not see white space or
comments, so both spellings share one entry and one answer.
"""

from __future__ import annotations

from forcelaw.server.canonical import token_spans

# Functions whose name the engine only reads right before "(" (ExpressionList or NIL).
GLUED = frozenset({"CONCAT", "COALESCE", "BNODE"})
_GAP = frozenset({"ws", "comment"})


def engine_text(text: str) -> str:
    """``text`` with the gap between a function in ``GLUED`` and its "(" removed."""
    if not any(name in text.upper() for name in GLUED):
        return text
    spans = token_spans(text)
    drop: list[tuple[int, int]] = []
    for i, (kind, start, end) in enumerate(spans):
        if kind != "word" or text[start:end].upper() not in GLUED:
            continue
        j = i + 1
        while j < len(spans) and spans[j][0] in _GAP:
            j += 1
        if j > i + 1 and j < len(spans) and text[spans[j][1] : spans[j][2]] == "(":
            drop.append((end, spans[j][1]))
    if not drop:
        return text
    pieces: list[str] = []
    kept = 0
    for start, end in drop:
        pieces.append(text[kept:start])
        kept = end
    pieces.append(text[kept:])
    return "".join(pieces)
