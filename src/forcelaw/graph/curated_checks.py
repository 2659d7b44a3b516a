"""What a curated resource says, checked against the quote that anchors it.

An anchor proves that a passage exists; these checks make sure the triples say what that passage
says. A figure's quantity (and what it is out of) must be a number its quote writes, in digits or
in words, and its qualifier must be the quote's own ("some 15" is approximate, "12 deaths" is
exact, "dozens" has no quantity). A date must be one its quote states (its year, and its month if
it has one), unless ``fl:dateDerivation`` says how it was derived from the text. A figure that
someone else's words give ("Kazakhstan has reported that five officers ...") is theirs: it hangs
on the ``fl:Claim`` that attributes it, never on the thing reported as a fact. Each refusal
names the resource; none is a guess about meaning beyond these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from forcelaw.errors import CurationError
from forcelaw.namespaces import FL
from forcelaw.profile.statements import reports_speech

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\w])|(?<![\w.,])\d+(?![\w])")
_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100, "hundred": 100,
    "thousand": 1000,
}  # fmt: skip
# Words before a number that make it other than exact, and the qualifier each calls for.
_HEDGES = (
    (re.compile(r"\b(?:some|about|around|approximately|roughly|nearly|almost|an estimated)\s+$",
                re.I), "approximately"),
    (re.compile(r"\bat least\s+$", re.I), "at-least"),
    (re.compile(r"\b(?:more than|over|upwards of)\s+$", re.I), "more-than"),
)  # fmt: skip
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SMALL = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen"
)
# A number of several words: "twenty-five", "two hundred", "forty-two thousand", "a hundred".
_COMPOUND = re.compile(
    rf"\b(?:(?P<tens>{_TENS})[-\s](?P<unit>{_SMALL})(?:\s+(?P<tens_scale>hundred|thousand))?"
    rf"|(?P<head>{_TENS}|{_SMALL}|a)\s+(?P<scale>hundred|thousand))\b"
)
_NUMERAL = rf"(?:\d[\d,]*|\b(?:{_TENS}|{_SMALL})\b)"
# A range's quantities: its bottom ("between 10 and 15", "10 to 15", "10-15") is "at least" it,
# its top ("15") no qualifier of the scheme states.
_BEFORE_BOTTOM = re.compile(r"\bbetween\s+$", re.I)
_AFTER_BOTTOM = re.compile(rf"\s*(?:-|–|\s+to\s+)\s*{_NUMERAL}", re.I)
_BEFORE_TOP = re.compile(
    rf"(?:\bbetween\s+{_NUMERAL}\s+and|{_NUMERAL}\s*(?:-|–)|{_NUMERAL}\s+to)\s*$", re.I
)
# Words that give an amount without a number; "many" is the scheme's word for all but dozens.
_COUNTLESS = {
    "dozens": "dozens", "scores": "many", "hundreds": "many", "thousands": "many",
    "many": "many", "multiple": "many", "numerous": "many",
}  # fmt: skip
_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip


def check_curated(parsed: Graph, source: str) -> None:
    """Refuse a figure or a date of ``parsed`` (a curated file with its ``fl:anchor`` quotes)
    that its quotes do not state."""
    for subject in sorted(set(parsed.subjects(FL.anchor, None)), key=str):
        quotes = [str(q) for q in parsed.objects(subject, FL.anchor)]
        if (subject, RDF.type, FL.Figure) in parsed:
            _check_figure(parsed, subject, quotes, source)
        if (subject, FL.hasFigure, None) in parsed and (subject, RDF.type, FL.Claim) not in parsed:
            _check_unattributed_figures(subject, quotes, source)
        for when in parsed.objects(subject, DCTERMS.date):
            if (subject, FL.dateDerivation, None) not in parsed:
                _check_date(subject, when, quotes, source)


def _check_figure(graph: Graph, figure: Node, quotes: list[str], source: str) -> None:
    written = {n for quote in quotes for n in numbers(quote)}
    for prop in (FL.quantity, FL.outOf):
        for value in graph.objects(figure, prop):
            if _int(value) not in written:
                raise CurationError(
                    source,
                    None,
                    f"<{figure}>: {prop.n3(graph.namespace_manager)} {value} is not a number "
                    f"its anchor writes ({_said(quotes)})",
                )
    wanted = qualifier_of(quotes, graph.value(figure, FL.quantity))
    if wanted == "range-top":
        raise CurationError(
            source,
            None,
            f"<{figure}>: its quantity is the top of a range its anchor writes ({_said(quotes)}); "
            "no qualifier says 'at most': record the bottom of the range, 'at-least'",
        )
    given = graph.value(figure, FL.qualifier)
    given_key = str(given).rsplit("/", 1)[-1] if given is not None else None
    if wanted is not None and given_key != wanted:
        raise CurationError(
            source,
            None,
            f"<{figure}>: its anchor ({_said(quotes)}) makes the figure '{wanted}', "
            f"not '{given_key}'",
        )


def _check_unattributed_figures(subject: Node, quotes: list[str], source: str) -> None:
    if any(reports_speech(quote) for quote in quotes):
        raise CurationError(
            source,
            None,
            f"<{subject}>: its anchor ({_said(quotes)}) gives someone else's words, so its "
            "figures are theirs: put them on the fl:Claim that attributes them, not on this "
            "resource",
        )


def numbers(text: str) -> set[int]:
    """The whole numbers ``text`` writes, in digits ("1,200") or in words ("five", "twenty-five",
    "two hundred": not 20, 5, 2 or 100)."""
    found = {int(m.group().replace(",", "")) for m in _NUMBER.finditer(text)}
    return found | {value for value, _start, _end in _worded(text.casefold())}


def _worded(folded: str) -> list[tuple[int, int, int]]:
    """The numbers ``folded`` writes in words, with where each starts and ends: a compound
    ("twenty-five", "two hundred") is one number, its words none of their own."""
    found: list[tuple[int, int, int]] = []
    for compound in _COMPOUND.finditer(folded):
        if compound.group("tens"):
            value = _WORDS[compound.group("tens")] + _WORDS[compound.group("unit")]
            scale = compound.group("tens_scale")
        else:
            head = compound.group("head")
            value, scale = (1 if head == "a" else _WORDS[head]), compound.group("scale")
        value *= _WORDS[scale] if scale else 1
        found.append((value, compound.start(), compound.end()))
    taken = [(start, end) for _value, start, end in found]
    for word, value in _WORDS.items():
        for match in re.finditer(rf"\b{word}\b", folded):
            if not any(a <= match.start() < b for a, b in taken):
                found.append((value, match.start(), match.end()))
    return found


def qualifier_of(quotes: Iterable[str], quantity: object) -> str | None:
    """The qualifier the quotes call for: a hedge before the quantity ("some 15"), "at-least" for
    the bottom of a range ("between 10 and 15") and "range-top" for its top (which no qualifier
    states), a countless word ("dozens") where there is no quantity, else "exact" for a
    quantity; None if the quotes do not settle it."""
    texts = list(quotes)
    if quantity is None:
        for text in texts:
            for word, key in _COUNTLESS.items():
                if re.search(rf"\b{word}\b", text, re.I):
                    return key
        return None
    number = _int(quantity)
    for text in texts:
        for start, end in _positions(text, number):
            before = text[:start]
            for pattern, key in _HEDGES:
                if pattern.search(before):
                    return key
            if _BEFORE_TOP.search(before):
                return "range-top"
            if _BEFORE_BOTTOM.search(before) or _AFTER_BOTTOM.match(text, end):
                return "at-least"
    return "exact"


def _positions(text: str, number: int | None) -> list[tuple[int, int]]:
    spans = [m.span() for m in _NUMBER.finditer(text) if int(m.group().replace(",", "")) == number]
    spans += [(start, end) for value, start, end in _worded(text.casefold()) if value == number]
    return spans


def _check_date(subject: Node, when: Node, quotes: list[str], source: str) -> None:
    value = str(when)
    year, _, rest = value.partition("-")
    text = " ".join(quotes).casefold()
    month = int(rest[:2]) if rest[:2].isdigit() else None
    stated = year in text and (month is None or _MONTHS[month - 1] in text)
    if not stated:
        raise CurationError(
            source,
            None,
            f"<{subject}>: dct:date {value} is not stated by its anchor ({_said(quotes)}); "
            "a date derived from the text says how in fl:dateDerivation",
        )


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _said(quotes: list[str]) -> str:
    joined = " / ".join(f'"{q}"' for q in quotes)
    return joined if len(joined) <= 120 else joined[:117] + '..."'
