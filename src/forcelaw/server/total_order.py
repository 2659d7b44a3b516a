"""``ORDER BY`` conditions respelled so that the engine sorts by a total order.

pyoxigraph 0.5 compares two values of an ``ORDER BY`` key by SPARQL's ``<`` where it is defined
and by their lexical forms where it is not (a number and a string, a date with a time zone and
one without, an invalid ``"x"^^xsd:boolean`` and a valid one, NaN and a number, a decimal and
the double it rounds to). The mix is no order (9 < 10 < "5" < 9), and the engine's sort aborts
the process when it notices ("comparison function does not correctly implement a total order"):
``SELECT ?x { VALUES ?x { 9 10 "5" } } ORDER BY ?x``, varied as a client likes, stopped a query
worker each time.

So each condition ``E`` (``ASC``/``DESC`` kept) is given to the engine as keys each of which only
ever compares values that ``<`` orders totally, the first key that differs deciding:

1. the kind: blank nodes, IRIs, numbers, other literals, anything else (triple terms);
2. a literal's datatype, as a string ("" for every number, so numbers interleave by value);
3. its language tag;
4. NaN after the other numbers; a date or time with a time zone after those without one;
5. a number as a double (NaN apart, a total order);
6. an integer's or decimal's exact value (those rounding to one double), a boolean's, a date's,
   a time's or a duration's (``yearMonthDuration``, ``dayTimeDuration``) value, read by a cast
   (an invalid lexical form has none: it sorts first of its datatype);
7. the lexical form (IRIs, strings; and a tie-break of the rest).

Each condition's expression is written about forty times over, so the conditions a query may
sort by are bounded (``ORDER_BUDGET`` characters once respelled, about fifty variables): past
it the query is refused (``QueryUnsupported``, 400) rather than handed to the engine, whose
planning grew faster than the text (a thousand ``?x`` conditions, 2 MB respelled, took it 10 s
with two rows; 20,000 of them were 45 MB and overflowed its stack).

Every SPARQL ``<`` the query could rely on gives the same order as before (numbers by value,
strings by code point, IRIs by their text, dates in time); only the order between values ``<``
does not compare changes, which SPARQL leaves to the implementation. Unbound (an error) is still
the lowest. A condition this module does not recognise is left as it is.
"""

from __future__ import annotations

from forcelaw.errors import QueryUnsupported

XSD = "http://www.w3.org/2001/XMLSchema#"
# Types whose values a cast reads and the engine compares totally among themselves (the dates and
# times once split by having a time zone or not, key 4).
DATES = tuple(
    XSD + name
    for name in ("dateTime", "date", "time", "gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay")
)
VALUED = (
    XSD + "boolean",
    XSD + "yearMonthDuration",
    XSD + "dayTimeDuration",
    *DATES,
)
EXACT = tuple(XSD + name for name in ("double", "float"))  # no exact key of their own (key 6)
DIRECTIONS = frozenset({"ASC", "DESC"})
ORDER_BUDGET = 128 * 1024  # characters of respelled ORDER BY conditions in one query
_ERROR = "(1/0)"  # an error: the key is unbound for this value

Span = tuple[str, int, int]  # (kind, start, end), as ``canonical.token_spans`` gives them
Edit = tuple[int, int, str]


def order_edits(text: str, spans: list[Span]) -> list[Edit]:
    """The edits respelling every ``ORDER BY`` condition of ``text`` (tokens ``spans``, gaps
    included) as the keys of a total order."""
    tokens = [span for span in spans if span[0] not in ("ws", "comment")]
    edits: list[Edit] = []
    spent = 0
    i = 0
    while i + 1 < len(tokens):
        if _word(text, tokens[i]) == "ORDER" and _word(text, tokens[i + 1]) == "BY":
            i += 2
            while True:
                after = _exists(text, tokens, i)
                if after is not None:  # a boolean, which the engine orders totally: kept
                    i = after
                    continue
                found = _condition(text, tokens, i)
                if found is None:
                    break
                start, end, direction, expression, i = found
                keys = total_keys(expression, direction)
                spent += len(keys)
                if spent > ORDER_BUDGET:
                    raise QueryUnsupported(
                        f"its ORDER BY conditions are more or longer than this endpoint sorts "
                        f"by ({len(edits) + 1} and more; at most {ORDER_BUDGET} characters once "
                        "each is written as the keys of a total order, about fifty variables): "
                        "sort by fewer"
                    )
                edits.append((start, end, keys))
        else:
            i += 1
    return edits


def total_keys(expression: str, direction: str = "ASC") -> str:
    """The keys (``direction`` each) that order ``expression``'s values totally, as SPARQL's
    ``<`` does wherever it is defined."""
    x = f"({expression})"
    numeric = f"isNUMERIC{x}"
    datatype = f"DATATYPE{x}"
    dates = ", ".join(f"<{d}>" for d in DATES)
    # TZ, not a REGEX over the lexical form: compiling the pattern took a millisecond a query
    flag = (
        f"COALESCE(IF({numeric}, {x} != {x}, {_ERROR}), "
        f'IF({datatype} IN ({dates}), TZ{x} != "", {_ERROR}))'
    )
    inexact = ", ".join(f"<{d}>" for d in EXACT)
    exact = [f"IF({numeric} && !({datatype} IN ({inexact})), {x}, {_ERROR})"]
    exact += [f"IF({datatype} = <{d}>, <{d}>(STR{x}), {_ERROR})" for d in VALUED]
    keys = (
        f"IF(isLITERAL{x}, IF({numeric}, 2, 3), IF(isIRI{x}, 1, IF(isBLANK{x}, 0, 4)))",
        f'IF({numeric}, "", STR({datatype}))',
        f"LANG{x}",
        flag,
        f"IF({numeric}, <{XSD}double>({x}), {_ERROR})",
        f"COALESCE({', '.join(exact)})",
        f"STR{x}",
    )
    return " ".join(f"{direction}({key})" for key in keys)


def _condition(text: str, tokens: list[Span], i: int) -> tuple[int, int, str, str, int] | None:
    """The ``ORDER BY`` condition at ``tokens[i]``: its span, direction, expression and the
    index after it; None where no condition this module reads starts there."""
    if i >= len(tokens):
        return None
    kind, start, end = tokens[i]
    word = _word(text, tokens[i])
    if word in DIRECTIONS:
        close = _closing(text, tokens, i + 1)
        if close is None:
            return None
        inner = text[tokens[i + 1][2] : tokens[close][1]]
        return start, tokens[close][2], word, inner, close + 1
    if kind == "var":
        return start, end, "ASC", text[start:end], i + 1
    if _is(text, tokens[i], "("):
        close = _closing(text, tokens, i)
        if close is None:
            return None
        return start, tokens[close][2], "ASC", text[start : tokens[close][2]], close + 1
    if kind in ("word", "iri", "pname") and word not in _NOT_CALLS:
        close = _closing(text, tokens, i + 1)
        if close is None:
            return None
        return start, tokens[close][2], "ASC", text[start : tokens[close][2]], close + 1
    return None


# Words after ORDER BY that end it, or that start a call this module does not read (``EXISTS``
# and ``NOT EXISTS`` take a group, not brackets).
_NOT_CALLS = frozenset({"LIMIT", "OFFSET", "VALUES", "EXISTS", "NOT", "A", "TRUE", "FALSE"})


def _exists(text: str, tokens: list[Span], i: int) -> int | None:
    """The index after an ``EXISTS { ... }`` or ``NOT EXISTS { ... }`` at ``tokens[i]``."""
    if i < len(tokens) and _word(text, tokens[i]) == "NOT":
        i += 1
    if i >= len(tokens) or _word(text, tokens[i]) != "EXISTS":
        return None
    close = _closing(text, tokens, i + 1, "{", "}")
    return None if close is None else close + 1


def _closing(
    text: str, tokens: list[Span], i: int, opening: str = "(", closing: str = ")"
) -> int | None:
    """The index of the bracket closing the one at ``tokens[i]``, or None."""
    if i >= len(tokens) or not _is(text, tokens[i], opening):
        return None
    depth = 0
    for j in range(i, len(tokens)):
        if _is(text, tokens[j], opening):
            depth += 1
        elif _is(text, tokens[j], closing):
            depth -= 1
            if depth == 0:
                return j
    return None


def _is(text: str, token: Span, char: str) -> bool:
    return token[0] == "other" and text[token[1] : token[2]] == char


def _word(text: str, token: Span) -> str | None:
    return text[token[1] : token[2]].upper() if token[0] == "word" else None
