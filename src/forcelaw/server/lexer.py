"""A small SPARQL lexer: what a query text is, found before the engine sees it.

The engine is native code that can crash on pathological input (deeply nested groups overflow its
stack), and it fetches ``SERVICE`` endpoints itself. So before a query is dispatched we find, by
tokenizing (strings, IRIs and comments are skipped, never matched as keywords):

- its form (SELECT, ASK, CONSTRUCT, DESCRIBE, or an update keyword such as INSERT or LOAD);
- its nesting depth: brackets (also inside what reads as an IRI, as ``<`` may compare, and a
  reified triple's ``<<`` and ``>>``) and runs of prefix operators (``!``, ``-``, ``+``, ``^``),
  each of which nests what follows;
- the targets of its ``SERVICE`` clauses (``None`` for a variable or an unknown prefix);
- its chain depth: the nesting depth with every run of items counted too. The engine parses
  ``a || b || c``, ``1 + 2 - 3``, ``p/q|r``, the triples of a group (``?s ?p ?a, ?b ; ?q ?c .``)
  and its elements (``{} UNION {}``, ``OPTIONAL {}``, ``MINUS {}``, ``BIND(...)``,
  ``FILTER(...)``, ``(... AS ?x)`` in a SELECT) as left-deep trees, one level per item, and walks
  them recursively: a few thousand in a row (from 4 KB of query) overflow its stack and kill the
  process, brackets or not. So each binary operator, each bracket opened after another and each
  triple separator (``.``, ``;``, ``,`` outside parentheses, where a comma only separates
  arguments) counts one level for the rest of its group, on top of the groups around it.

SPARQL allows ``\\uXXXX`` escapes outside strings; the text is scanned both as written and with
escapes decoded, and the stricter reading wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_FORMS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


@dataclass(frozen=True)
class QueryText:
    """What the lexer found in a query text."""

    form: str | None
    depth: int
    services: tuple[str | None, ...]
    chain: int = 0  # nesting depth with operator and pattern-element chains counted too

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_FORMS

    @property
    def is_graph_query(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def analyse(text: str) -> QueryText:
    """Form, nesting depth and SERVICE targets of a SPARQL text."""
    found = _scan(text)
    if "\\u" in text or "\\U" in text:
        decoded = _scan(_decode_escapes(text))
        form = found.form if found.form is not None else decoded.form
        if decoded.form in UPDATE_FORMS:
            form = decoded.form
        found = QueryText(
            form=form,
            depth=max(found.depth, decoded.depth),
            services=found.services + decoded.services,
            chain=max(found.chain, decoded.chain),
        )
    return found


def nesting_depth(text: str) -> int:
    """The deepest nesting of (), {} and [] outside strings, IRIs and comments."""
    return analyse(text).depth


# A prefixed name starts a run of name characters and is read in one pass (a possessive run,
# tried once per run): a long run with no colon costs its length, not its length squared. One
# written right after a name character or a dot ("?o.ex:x") reads as a word and a name: a word
# only adds to what is refused (a form, SERVICE), never hides it.
_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)
               |\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|$)
               |'(?:[^'\\\n\r]|\\.)*(?:'|$)
               |"(?:[^"\\\n\r]|\\.)*(?:"|$))
    | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
    | (?P<pname>(?:(?<![\w.\-])[^\W\d][\w.\-]*+(?<!\.))?:(?:[\w:%\-.]|\\.)*|_:[\w.\-]+)
    | (?P<word>[^\W\d][\w\-]*)
    | (?P<open>[({\[])
    | (?P<close>[)}\]])
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
# Prefix operators: "!", "-", "+" before an expression, "^" before a path. The engine parses
# each as a nested expression, so a long run of them overflows its stack as brackets would.
_PREFIX_OPERATORS = frozenset("!-+^")
# Items the engine nests one level deeper each when they follow one another (left-deep trees):
# binary operators ("||" and "&&" are one item, not two) and path sequences and alternatives;
# triple separators, outside parentheses; and (in ``_scan``) every bracketed item.
_CHAIN_OPERATORS = frozenset("|&+-*/")
_TRIPLE_SEPARATORS = frozenset(".;,")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _scan(text: str) -> QueryText:
    tokens = _reified_brackets(
        [
            (m.lastgroup or "other", m.group())
            for m in _TOKEN.finditer(text)
            if m.lastgroup not in ("ws", "comment")
        ]
    )
    depth = max_depth = 0
    form: str | None = None
    prefixes: dict[str, str] = {}
    services: list[str | None] = []
    prefix_run = 0  # unary operators in a row: each nests the expression after it
    chains = [0]  # chain items so far in each open bracket, outermost first
    opened = [""]  # the open brackets, outermost first
    chained = max_chain = 0  # the sum of ``chains``; the deepest depth + chained seen
    previous = ""
    values = False  # after VALUES, until its block opens: the block's rows are a flat list
    for i, (kind, value) in enumerate(tokens):
        prefix_run = prefix_run + 1 if kind == "other" and value in _PREFIX_OPERATORS else 0
        max_depth = max(max_depth, depth + prefix_run)
        if kind == "word" and value.upper() == "VALUES":
            values = True
        if _is_chain_item(kind, value, previous, opened[-1]):
            chains[-1] += 1
            chained += 1
        previous = value if kind == "other" else ""
        max_chain = max(max_chain, depth + prefix_run + chained)
        if kind == "open":
            depth += 1
            max_depth = max(max_depth, depth)
            chains.append(0)
            opened.append("VALUES" if values and value == "{" else value)
            values = values and value != "{"
        elif kind == "close":
            depth = max(depth - 1, 0)
            if len(chains) > 1:
                chained -= chains.pop()
                opened.pop()
        elif kind == "iri":
            # "<" and ">" also compare: "1<((...))>0" reads as an IRI here and as nested
            # brackets to the engine. The brackets inside count, whichever it is.
            max_depth = max(max_depth, depth + _bracket_depth(value))
        elif kind == "word":
            word = value.upper()
            if word == "PREFIX" and i + 2 < len(tokens):
                name, iri = tokens[i + 1], tokens[i + 2]
                if name[0] == "pname" and iri[0] == "iri":
                    prefixes[name[1].rstrip(":")] = iri[1][1:-1]
            elif form is None and (word in QUERY_FORMS or word in UPDATE_FORMS):
                form = word
            elif word == "SERVICE":
                services.append(_service_target(tokens[i + 1 :], prefixes))
    chain = max(max_chain, max_depth)
    return QueryText(form=form, depth=max_depth, services=tuple(services), chain=chain)


def _reified_brackets(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``tokens`` with each ``<<`` and ``>>`` (two "<" or ">" in a row) as one bracket.

    A reified triple (``<< ?s ?p ?o >>``, SPARQL 1.2) may hold another in its place of object or
    subject, and the engine parses each one nested in the one around it: a run of them nests as
    brackets do, though none is written (6,000 fit in 64 KB). Two comparisons in a row are no
    SPARQL, so reading them as brackets refuses nothing that runs."""
    out: list[tuple[str, str]] = []
    for kind, value in tokens:
        if kind == "other" and value in "<>" and out and out[-1] == ("other", value):
            out[-1] = ("open", "<<") if value == "<" else ("close", ">>")
        else:
            out.append((kind, value))
    return out


def _is_chain_item(kind: str, value: str, previous: str, inside: str) -> bool:
    if kind == "open":
        return inside != "VALUES"  # a row of VALUES data, not an item that nests
    if kind != "other":
        return False
    if value in _TRIPLE_SEPARATORS:
        return inside != "("  # in parentheses a comma separates arguments, a dot is a decimal's
    return value in _CHAIN_OPERATORS and not (value in "|&" and previous == value)


def _bracket_depth(text: str) -> int:
    """The deepest nesting of brackets in ``text`` (an IRI token), closing ones first ignored."""
    depth = deepest = 0
    for char in text:
        if char in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")}]" and depth:
            depth -= 1
    return deepest


def _service_target(rest: list[tuple[str, str]], prefixes: dict[str, str]) -> str | None:
    if rest and rest[0][0] == "word" and rest[0][1].upper() == "SILENT":
        rest = rest[1:]
    if not rest:
        return None
    kind, value = rest[0]
    if kind == "iri":
        return value[1:-1]
    if kind == "pname" and not value.startswith("_:"):
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None


def _decode_escapes(text: str) -> str:
    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group()

    return _ESCAPE.sub(char, text)
