"""Recognising the headings of a profile: the five sections in order and their sub-headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from forcelaw.errors import ProfileError
from forcelaw.graph.uris import slugify
from forcelaw.profile.records import Section
from forcelaw.profile.text import Line

MAIN_SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("constitution", "Constitutional Provisions", ("constitutional provisions",)),
    ("treaties", "Treaty Adherence", ("treaty adherence",)),
    ("legislation", "National Legislation", ("national legislation",)),
    ("oversight", "Police Oversight", ("police oversight",)),
    ("caselaw", "Caselaw", ("caselaw", "case law", "case-law")),
)
"""(key, canonical heading, accepted spellings) of the five required sections, in order."""

_KNOWN_SUBHEADINGS: dict[str, dict[str, tuple[str, int, str | None]]] = {
    "treaties": {
        "global treaties": ("treaties-global", 2, None),
        "regional treaties": ("treaties-regional", 2, None),
    },
    "legislation": {"police use of force": ("legislation-use-of-force", 2, None)},
    "caselaw": {
        "global": ("caselaw-global", 2, None),
        "regional": ("caselaw-regional", 2, None),
        "national": ("caselaw-national", 2, None),
        "views and concluding observations of united nations treaty bodies": (
            "caselaw-global-treaty-bodies",
            3,
            "caselaw-global",
        ),
    },
}
SECTION_KINDS = frozenset(
    {
        "constitution", "treaties", "treaties-global", "treaties-regional", "legislation",
        "legislation-use-of-force", "oversight", "caselaw", "caselaw-global",
        "caselaw-global-treaty-bodies", "caselaw-regional", "caselaw-national",
    }
)  # fmt: skip
_SMALL_WORDS = frozenset({"of", "and", "the", "on", "in", "for", "to", "a", "an", "by", "with"})
_HEADING_END = re.compile(r"[.:;,!?\"”’)|]$")
_NAMES_INSTRUMENT = re.compile(
    r"\b(?:Act|Code|Law|Decree|Ordinance|Regulations|Constitution)(?:\s+of\s+\S.*)?$"
)


@dataclass(frozen=True)
class HeadingMatch:
    main: int | None
    section: Section


# A main heading's number, as a table of contents writes it: "2. Treaty Adherence", "IV) Police
# Oversight".
_HEADING_NUMBER = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})[.)]\s+")


def normalise(title: str) -> str:
    return " ".join(title.rstrip(":").split()).casefold()


def main_index(line: Line) -> int | None:
    """Index of the main section this line is the heading of, if it is one (numbered or not)."""
    folded = normalise(_HEADING_NUMBER.sub("", line.text, count=1))
    for index, (_key, _title, spellings) in enumerate(MAIN_SECTIONS):
        if folded in spellings:
            return index
    return None


def subheading(line: Line, main_key: str, order: int, current: str | None) -> Section | None:
    """The sub-section this line opens, if it is a known or title-case sub-heading."""
    folded = normalise(line.text)
    known = _KNOWN_SUBHEADINGS.get(main_key, {}).get(folded)
    if known is not None:
        key, level, parent = known
        return Section(key, line.text, key, order, level, line.span, parent or main_key)
    if not _looks_like_heading(line.text):
        return None
    key = f"{main_key}-{slugify(line.text)}"
    parent = current if current and current != main_key else main_key
    level = 3 if parent != main_key else 2
    return Section(key, line.text, "other", order, level, line.span, parent)


def main_section(index: int, line: Line, order: int) -> Section:
    key = MAIN_SECTIONS[index][0]
    return Section(key, line.text, key, order, 1, line.span, None)


def check_order(
    index: int,
    expected: int,
    line: Line,
    seen: dict[int, int],
    source: str,
    later: dict[int, int] | None = None,
) -> None:
    """Raise unless the main heading at `line` is the next one expected; `later` gives the line
    of each main heading's first appearance, to tell one out of order from one missing."""
    title = MAIN_SECTIONS[index][1]
    if index in seen:
        raise ProfileError(
            source, line.number, f"duplicate heading '{title}' (first at line {seen[index]})"
        )
    if index != expected:
        missing = MAIN_SECTIONS[expected][1]
        found = (later or {}).get(expected)
        if found is not None and found > line.number:
            raise ProfileError(
                source,
                line.number,
                f"section heading '{title}' out of order (expected '{missing}' first, which is "
                f"at line {found}; the order is {', '.join(t for _k, t, _s in MAIN_SECTIONS)})",
            )
        raise ProfileError(
            source,
            line.number,
            f"missing section heading '{missing}' (expected before '{title}')",
        )


def missing_at_end(expected: int, last_line: int, source: str) -> ProfileError:
    names = ", ".join(f"'{title}'" for _k, title, _s in MAIN_SECTIONS[expected:])
    return ProfileError(source, last_line, f"missing section heading(s) {names} at end of profile")


def _looks_like_heading(text: str) -> bool:
    if len(text) > 90 or _HEADING_END.search(text) or not text[0].isupper():
        return False
    if _NAMES_INSTRUMENT.search(text):
        return False  # "Police Service Act" on a line of its own is an item of a list
    words = text.split()
    if len(words) > 12 or any(char.isdigit() for char in text):
        return False
    return all(word[0].isupper() or word.casefold() in _SMALL_WORDS for word in words)
