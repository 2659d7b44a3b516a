"""A query's shape: what it does, without the constants and names a client can vary at will.

A query that stopped a query worker twice on a release is refused (``sparql``), and the count is
kept by shape, not by text: respelled with a comment, white space, a variable renamed, another
string, number or language tag, or a prefix named otherwise, a memory bomb is the same bomb, and
counted by text each respelling cost a worker. The shape is the canonical tokenizer's stream
(``canonical.token_spans``) without white space and comments, keywords upper-cased, every
variable named by the order it first appears in, every blank-node label alike, every string,
number and boolean alike (a language tag dropped), and prefixed names without their prefix
(the ``PREFIX`` declarations dropped). IRIs are kept: two queries over different resources are
different queries. Two different queries can share a shape; one is refused only after two
crashes of that shape on the release.
"""

from __future__ import annotations

import hashlib

from forcelaw.server.canonical import token_spans

_GAPS = frozenset({"ws", "comment"})
_CONSTANTS = frozenset({"string", "number"})
CONSTANT = '""'  # every string, number and boolean


def query_shape(text: str) -> str:
    """A digest of ``text``'s shape (see the module's docstring)."""
    names: dict[str, str] = {}
    out: list[str] = []
    skip = 0
    for kind, start, end in token_spans(text):
        if kind in _GAPS:
            continue
        value = text[start:end]
        if skip:
            skip -= 1  # a PREFIX declaration's name and IRI
            continue
        if kind == "word" and value.upper() == "PREFIX":
            skip = 2
            continue
        if kind == "lang":
            continue  # "a"@en is a string as "a" is
        if kind == "var":
            value = names.setdefault(value[1:], f"?{len(names)}")
        elif kind == "bnode":
            value = "_:"
        elif kind in _CONSTANTS:
            value = CONSTANT
        elif kind == "pname":
            value = ":" + value.partition(":")[2]
        elif kind == "word" and value in ("true", "false"):
            value = CONSTANT
        elif kind == "word" and value != "a":
            value = value.upper()
        out.append(value)
    return hashlib.sha256("\x00".join(out).encode("utf-8")).hexdigest()
