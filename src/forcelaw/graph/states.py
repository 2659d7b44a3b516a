"""The states of the world by the names profiles use (data/reference/states.tsv), and which of
them a text names, or a name's adjective ("the French Penal Code") says.

A profile names states beside its own: another state's criminal code or court, a regional
commission's concern about killings in a neighbour, an absence in another state. The mapper
asks here which state a name is, so that none of these is taken for the profile's state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from forcelaw.errors import BuildError

_CODE = re.compile(r"^[A-Z]{2}$")
# A former state's code in ISO 3166-3: its alpha-2 code and what became of it ("SUHH").
_FORMER_CODE = re.compile(r"^[A-Z]{4}$")
_PART_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
_STATE_OF = re.compile(r"^(?:State|Province|Region)\s+of\s+(?:the\s+)?")
# What goes on in a name: a letter, a digit, a hyphen, an apostrophe ("Guinea-Bissau", "Côte
# d'Ivoire"); a name is matched only where none of these is either side of it.
_WORD = r"\w’'\-"
# Capitalised words right after a name, and the words that make them something of a state.
_CAPITALISED_AFTER = re.compile(r"(?: [A-Z][\w’'\-]*){1,6}")
_OF_A_STATE = re.compile(
    r"\b(?:Police|Force|Forces|Army|Military|Gendarmerie|Guard|Service|Services|Commission|"
    r"Court|Ministry|Government|Office|Authority|Council|Parliament|Assembly|Agency|Bureau|"
    r"Committee|Tribunal|Ombudsman|National|Federal|Human|Republic|State|Constitution|Code|Act|"
    r"Law|Penal|Criminal|Defence|Defense|Security|Prison|Prisons|Correctional)\b"
)
# A keyword alone after an adjective: "the Indian Act" is titled by whom it is on, not a law of
# India ("the Indian Penal Code" is).
_TITLED_BY = re.compile(r" (?:Act|Law|Ordinance)")


@dataclass(frozen=True)
class State:
    """A state: its ISO 3166-1 alpha-2 code, its United Nations name, its other names and its
    adjectives ("French")."""

    code: str
    name: str
    other_names: tuple[str, ...]
    adjectives: tuple[str, ...] = ()
    former: bool = False  # a state that no longer exists ("the Soviet Union")

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.other_names)


@dataclass(frozen=True)
class StateList:
    """Every state by every name; whole names only ("Niger" is never in "Nigeria")."""

    states: tuple[State, ...] = ()
    _codes: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    _adjectives: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)
    # the parts of states (ISO 3166-2): name -> the codes of the states they are parts of
    parts: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    # every name of a part and each start of one in whole words ("Zanzibar" of "Zanzibar North")
    _part_starts: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    # the parts a text could take for a state: named like one ("Georgia") or with an adjective
    # ("British Columbia"), longest first
    _confusable: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def of(cls, states: tuple[State, ...], parts: tuple[tuple[str, str], ...] = ()) -> StateList:
        codes = {_key(name): state.code for state in states for name in state.names}
        # a former state is never what a text is about now: its names are not looked for in one
        names = sorted(
            (n for s in states if not s.former for n in map(_key, s.names)),
            key=lambda n: (-len(n), n),
        )
        pattern = None
        if names:
            alternatives = "|".join(re.escape(n) for n in names)
            pattern = re.compile(rf"(?<![{_WORD}])(?:{alternatives})(?![{_WORD}])")
        adjectives: dict[str, str | None] = {}
        for state in states:
            for adjective in state.adjectives:
                found = adjectives.setdefault(adjective, state.code)
                if found != state.code:
                    adjectives[adjective] = None  # "Congolese": which Congo is not said
        longest_first = sorted(adjectives, key=lambda a: (-len(a), a))
        of: dict[str, set[str]] = {}
        starts: dict[str, set[str]] = {}
        for code, name in parts:
            words = _key(name).split(" ")
            of.setdefault(" ".join(words), set()).add(code)
            for end in range(1, len(words) + 1):
                starts.setdefault(" ".join(words[:end]), set()).add(code)
        confusable = [
            name
            for name in of
            if name in codes
            or any(
                " ".join(name.split(" ")[:n]) in adjectives
                for n in (1, 2, 3)
                if n < len(name.split(" "))
            )
        ]
        return cls(
            states,
            codes,
            pattern,
            {a: adjectives[a] for a in longest_first},
            {name: frozenset(found) for name, found in of.items()},
            {start: frozenset(found) for start, found in starts.items()},
            tuple(sorted(confusable, key=lambda n: (-len(n), n))),
        )

    def whose_part(self, place: str) -> frozenset[str]:
        """The codes of the states with a part named ``place`` (all of it, after a leading
        "the"), or whose parts' names open with it ("Zanzibar": Zanzibar North, a region of
        Tanzania); "the State of Texas" is Texas. None for a place ISO 3166-2 does not name."""
        key = _key(_STATE_OF.sub("", place.removeprefix("the ").removeprefix("The ")))
        return self._part_starts.get(key, frozenset())

    def part_of(self, place: str, codes: frozenset[str]) -> bool:
        """Whether ``place`` (all of it, after a leading "the") is the name of a part of one of
        the states ``codes``: "Georgia" in the profile of the United States is its state."""
        return bool(self.parts.get(_key(place.removeprefix("the ")), frozenset()) & codes)

    def opening(self, words: str) -> tuple[str, str] | None:
        """The state (its code) whose name, or the name of whose part, ``words`` open with, and
        that name, when more words follow it ("Dominican Republic Police Law": DO, "British
        Columbia Police Act": CA); None when they open with neither."""
        key = _key(words)
        for part in self._confusable:  # longest first
            codes = self.parts[part]
            if key.startswith(f"{part} ") and len(codes) == 1 and part not in self._codes:
                return next(iter(codes)), part
        found = self._pattern.match(key) if self._pattern is not None else None
        if found is not None and key[found.end() : found.end() + 1] == " ":
            return self._codes[found.group(0)], found.group(0)
        return None

    def without_adjective(self, words: str) -> str:
        """``words`` without the adjective of a state they open with ("Criminal Code" of "Kazakh
        Criminal Code"); words that open with none, as they are."""
        key = _key(words)
        for adjective in self._adjectives:  # longest first
            if key.startswith(f"{adjective} "):
                return key[len(adjective) + 1 :]
        return words

    def by_adjective(self, words: str) -> str | None:
        """The code of the state whose adjective ``words`` open with, whole ("French Penal
        Code" -> FR, "South Sudanese Police Act" -> SS, not SD), or None: no state's, or an
        adjective two states share."""
        words = _key(words)
        opening = self.opening(words)
        for adjective, code in self._adjectives.items():  # longest first
            if not (words == adjective or words.startswith(f"{adjective} ")):
                continue
            if opening is not None and len(opening[1]) > len(adjective):
                return None  # "Dominican Republic", "British Columbia": a name, not an adjective
            if _TITLED_BY.fullmatch(words, len(adjective)):
                return None  # "the Indian Act": an Act titled by whom it is on
            return code
        return None

    def code(self, place: str) -> str | None:
        """The code of the state ``place`` (all of it, after a leading "the") names, or None."""
        return self._codes.get(_key(place.removeprefix("the ").removeprefix("The ")))

    def named_in(self, text: str, own: frozenset[str] = frozenset()) -> set[str]:
        """The codes of the states ``text`` names, each name whole and the longest at its place
        ("Equatorial Guinea" is not Guinea, "South Sudan" not the Sudan); a name of a part of
        one of the states ``own`` is that part ("Georgia" in the United States' profile)."""
        if self._pattern is None:
            return set()
        key = _key(text)
        return {
            self._codes[m.group(0)]
            for m in self._pattern.finditer(key)
            if not self.part_of(m.group(0), own) and not _another_name(key, m.end())
        }

    def end_at(self, text: str, start: int, codes: frozenset[str]) -> int | None:
        """Where the name of one of the states ``codes`` that ``text`` has at ``start`` (after a
        "the") ends, whole; None when no such name is there."""
        position = start + len("the ") if text.startswith("the ", start) else start
        if self._pattern is None:
            return None
        found = self._pattern.match(text.replace("’", "'"), position)
        if found is None or self._codes[found.group(0)] not in codes:
            return None
        return found.end()


def _another_name(text: str, end: int) -> bool:
    """Whether the state's name that ends at ``end`` goes on as another proper name: a person's
    ("Chad Miller"), a street's ("Jordan Street"): capitalised words after it, none of them
    saying what of the state it names ("the Kenya Police Service", "the Ghana Armed Forces")."""
    after = _CAPITALISED_AFTER.match(text, end)
    return after is not None and _OF_A_STATE.search(after.group(0)) is None


def parse_states(
    text: str, source: str, former: str | None = None, parts: str | None = None
) -> StateList:
    """The states of a states.tsv file, of a former_states.tsv file's text ``former`` and the
    parts of a parts.tsv file's text ``parts`` when given; raises BuildError naming the line of
    a bad row."""
    states = _rows(text, source, former=False)
    if former is not None:
        states += _rows(former, source.replace("states.tsv", "former_states.tsv"), former=True)
    found: list[tuple[str, str]] = []
    for number, line in enumerate((parts or "").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2 or _PART_CODE.match(cells[0]) is None or not cells[1].strip():
            where = source.replace("states.tsv", "parts.tsv")
            raise BuildError(
                f"{where}:{number}: expected an ISO 3166-2 code and a name (tab-separated), "
                f"got {line!r}"
            )
        found.append((cells[0][:2], cells[1].strip()))
    return StateList.of(tuple(states), tuple(found))


def _rows(text: str, source: str, *, former: bool) -> list[State]:
    states: list[State] = []
    code = _FORMER_CODE if former else _CODE
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) not in (3, 4) or code.match(cells[0]) is None or not cells[1].strip():
            raise BuildError(
                f"{source}:{number}: expected a code of {'four' if former else 'two'} capitals, "
                f"a name, other names and adjectives (tab-separated), got {line!r}"
            )
        others = tuple(n.strip() for n in cells[2].split(";") if n.strip())
        adjectives = tuple(a.strip() for a in cells[3].split(";") if a.strip()) if cells[3:] else ()
        states.append(State(cells[0], cells[1].strip(), others, adjectives, former))
    return states


def _key(name: str) -> str:
    """A name as it is looked up: one space between words, either apostrophe."""
    return " ".join(name.split()).replace("’", "'")
