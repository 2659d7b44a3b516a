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
# What goes on in a name: a letter, a digit, a hyphen, an apostrophe ("Guinea-Bissau", "Côte
# d'Ivoire"); a name is matched only where none of these is either side of it.
_WORD = r"\w’'\-"


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

    @classmethod
    def of(cls, states: tuple[State, ...]) -> StateList:
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
        return cls(states, codes, pattern, {a: adjectives[a] for a in longest_first})

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
        for adjective, code in self._adjectives.items():  # longest first
            if words == adjective or words.startswith(f"{adjective} "):
                return code
        return None

    def code(self, place: str) -> str | None:
        """The code of the state ``place`` (all of it, after a leading "the") names, or None."""
        return self._codes.get(_key(place.removeprefix("the ").removeprefix("The ")))

    def named_in(self, text: str) -> set[str]:
        """The codes of the states ``text`` names, each name whole and the longest at its place
        ("Equatorial Guinea" is not Guinea, "South Sudan" not the Sudan)."""
        if self._pattern is None:
            return set()
        return {self._codes[m.group(0)] for m in self._pattern.finditer(_key(text))}

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


def parse_states(text: str, source: str, former: str | None = None) -> StateList:
    """The states of a states.tsv file, and of a former_states.tsv file's text ``former`` when
    given; raises BuildError naming the line of a bad row."""
    states = _rows(text, source, former=False)
    if former is not None:
        states += _rows(former, source.replace("states.tsv", "former_states.tsv"), former=True)
    return StateList.of(tuple(states))


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
