"""A query's canonical token stream: what it says, without how it was typed.

Two query texts that tokenize to the same canonical stream mean the same query, so the answer
cache (``answer_cache``) can give one's answer to the other. The stream drops white space
(SPARQL's: space, tab, CR, LF; any other space character, which the engine refuses, is a
token) and comments, upper-cases keywords (but not ``a``, ``true``, ``false`` or language
tags), writes ``$x`` as ``?x``, drops ``PREFIX`` declarations and writes every prefixed name as
the full IRI it abbreviates, and the keyword ``a`` as ``rdf:type``'s IRI where it is certainly a
predicate (``_verb_positions``). String literals, IRIs, numbers and blank-node labels are kept
exactly as written, so two queries that differ inside a literal never share a stream.

The tokenizer never splits what SPARQL keeps together (a token here is at least as long as the
grammar's), so texts that differ only in whitespace cannot be read differently by the engine; where
in doubt (a stray quote or backslash, a ``BASE``, a SERVICE call, a function whose answer changes
from call to call) ``canonical_tokens`` answers None: not cacheable.
"""

from __future__ import annotations

import itertools
import re

# Functions whose value differs between two runs of the same query: their answers are not kept.
VOLATILE = frozenset({"RAND", "NOW", "UUID", "STRUUID"})
# Keywords after which the query's answer depends on something other than the frozen release.
UNCACHEABLE = frozenset({"SERVICE", "BASE"}) | VOLATILE
# Words SPARQL matches case-sensitively (or whose case we do not want to reason about).
KEEP_CASE = frozenset({"a", "true", "false"})

_NAME = r"\w\u00B7\u0300-\u036F\u203F-\u2040"
# The longest prefix name read (a bound keeps a long run of name characters that is no prefixed
# name linear to scan: unbounded, each of its letters tried the whole run, quadratic in its
# length). A longer one is read as a word and a name: ``canonical_tokens`` then gives up.
_LONGEST = 64
_LOCAL_CHAR = rf"(?:[{_NAME}:%\-]|\\.)"
_TOKEN = re.compile(
    rf"""
      (?P<ws>[\ \t\r\n]+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*>)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
               |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'
               |"(?:[^"\\\n\r]|\\.)*")
    | (?P<var>[?$][{_NAME}]+)
    | (?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?)
    | (?P<number>[+-]?(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?))
    | (?P<bnode>_:[{_NAME}](?:[{_NAME}.\-]*[{_NAME}\-])?)
    | (?P<pname>(?:[^\W\d_](?:[{_NAME}.\-]{{0,{_LONGEST}}}[{_NAME}\-])?)?
                :(?:{_LOCAL_CHAR}(?:(?:{_LOCAL_CHAR}|\.)*{_LOCAL_CHAR})?)?)
    | (?P<word>[^\W\d][\w\-]*)
    | (?P<op>\^\^|&&|\|\||!=|<=|>=)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPED = re.compile(r"\\(.)")
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """Every token of ``text`` (white space and comments too) as (kind, start, end): the
    tokenizer of the canonical form, for code that must not look inside strings and IRIs."""
    return [(m.lastgroup or "other", m.start(), m.end()) for m in _TOKEN.finditer(text)]


def canonical_tokens(text: str) -> tuple[str, ...] | None:
    """The canonical token stream of a query text, or None if its answer must not be cached."""
    tokens: list[tuple[str, str]] = []
    spans: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        value = match.group()
        spans.append((kind, match.start(), match.end()))
        if kind == "other" and value in "\"'\\":
            return None  # an unterminated string or an escape outside one: do not guess
        if kind == "word" and value not in KEEP_CASE:
            value = value.upper()
            if value in UNCACHEABLE:
                return None
        tokens.append((kind, value))
    if any(
        kind == "word" and following == "pname" and ends == starts
        for (kind, _, ends), (following, _, starts) in itertools.pairwise(spans)
    ):
        return None  # a word run into a prefixed name: a prefix name too long to read
    split = _prologue(tokens)
    if split is None:
        return None
    prefixes, body = split
    out: list[str] = []
    verbs = _verb_positions(body)
    for i, (kind, value) in enumerate(body):
        if i in verbs:
            value = RDF_TYPE
        elif kind == "pname":
            prefix, _, local = value.partition(":")
            namespace = prefixes.get(prefix)
            if namespace is not None:
                value = "<" + namespace + _ESCAPED.sub(r"\1", local) + ">"
        elif kind == "var":
            value = "?" + value[1:]
        out.append(value)
    return tuple(out)


def _verb_positions(tokens: list[tuple[str, str]]) -> set[int]:
    """The indexes of the keyword ``a`` where it is certainly a predicate, as ``rdf:type``
    there would be: after ``;``, ``[``, a path's ``^`` or ``|``, or after the subject (one
    variable, IRI, prefixed name or blank node) of a group's first triple or of one after
    ``.``, outside ``VALUES`` data. Written as the IRI there, it shares a stream with
    ``rdf:type`` and ``<...#type>``. Anywhere else ``a`` is a syntax error, and an IRI in its
    place may not be (``DESCRIBE ?x rdf:type``, ``VALUES ?x { <s> rdf:type }``, an object), so
    the ``a`` is kept: the two must not share an answer."""
    found: set[int] = set()
    in_values = False
    for i, (kind, value) in enumerate(tokens):
        if kind == "word" and value == "VALUES":
            in_values = True
        elif in_values and (kind, value) == ("other", "}"):
            in_values = False
        if in_values or (kind, value) != ("word", "a") or i == 0:
            continue
        before = tokens[i - 1]
        after_verb_mark = before[0] == "other" and before[1] in _VERB_AFTER
        after_subject = before[0] in _SUBJECTS and i >= 2 and tokens[i - 2] in _TRIPLE_START
        if after_verb_mark or after_subject:
            found.add(i)
    return found


RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_VERB_AFTER = frozenset({";", "[", "^", "|"})
_SUBJECTS = frozenset({"var", "iri", "pname", "bnode"})
_TRIPLE_START = frozenset({("other", "{"), ("other", ".")})


def _prologue(
    tokens: list[tuple[str, str]],
) -> tuple[dict[str, str], list[tuple[str, str]]] | None:
    """The leading PREFIX declarations (later ones win) and the tokens after them; None if a
    declaration is one we would not want to drop (misplaced, malformed, or a relative IRI)."""
    prefixes: dict[str, str] = {}
    i = 0
    while i < len(tokens) and tokens[i] == ("word", "PREFIX"):
        name, iri = tokens[i + 1 : i + 2], tokens[i + 2 : i + 3]
        if not (name and iri and name[0][0] == "pname" and iri[0][0] == "iri"):
            return None
        label, namespace = name[0][1], iri[0][1][1:-1]
        if not label.endswith(":") or label.count(":") != 1 or not _ABSOLUTE.match(namespace):
            return None
        prefixes[label[:-1]] = namespace
        i += 3
    body = tokens[i:]
    if ("word", "PREFIX") in body:
        return None
    return prefixes, body
