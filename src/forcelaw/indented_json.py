"""JSON text indented by two spaces, the same bytes as ``json.dumps(data, ensure_ascii=False,
indent=2)``, written several times faster.

``json`` writes indented text with its pure-Python encoder (its C encoder only writes unindented
text): a generator per container and a string per token. JSON-LD documents are a third of a static
rendering's JSON time and all indented, so ``dumps`` writes them here instead: one list of pieces,
strings escaped by ``json``'s own C function, the same separators (``,`` at line ends, ``": "``
after keys), ``{}`` and ``[]`` for empty containers.

Only what JSON-LD documents hold is written here: dicts with string keys, lists and tuples,
strings, integers, booleans and None. Anything else (a float, whose text ``json`` decides, a
non-string key, a subclass with its own encoding) is left to ``json.dumps`` itself, so the text
is always what ``json`` writes.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

INDENT = "  "


class _Unsupported(Exception):
    """A value this writer leaves to ``json.dumps``."""


def dumps(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)``."""
    pieces: list[str] = []
    try:
        _write(data, "\n", pieces)
    except (_Unsupported, RecursionError):
        return json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(pieces)


def _write(value: Any, newline: str, out: list[str]) -> None:
    """Append ``value``'s text to ``out``; ``newline`` is a line break and the indentation of the
    line ``value`` starts on."""
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + INDENT
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unsupported
            out.append(separator)
            out.append(encode_basestring(key))
            out.append(": ")
            _write(item, inner, out)
            separator = "," + inner
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + INDENT
        separator = "[" + inner
        for item in value:
            out.append(separator)
            _write(item, inner, out)
            separator = "," + inner
        out.append(newline + "]")
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    else:
        raise _Unsupported
