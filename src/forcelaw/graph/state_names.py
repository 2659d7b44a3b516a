"""Whether a place named in a profile is the profile's own state, by the forms of its name.

A profile names other states too: a court of another state ("the Supreme Court of Nigeria" in
Niger's profile), another state's constitution cited for comparison, a regional court's judgment
against another state ("Konaté v. Burkina Faso"), a treaty body's observations on a neighbour.
None of these is the state's own, so the mapper asks here before minting one under its code.

A state's forms are its name as the manifest writes it ("Bolivia (Plurinational State of)"), the
name in running order ("Plurinational State of Bolivia") and, without the designation, its core
("Bolivia"). A place names the state when it is one of these, or a designation ("the Republic
of", "the Federal Democratic Republic of") before one: except where the core is shared by two
states (Korea, the Congo), where "Democratic" tells them apart. A name is matched whole: "Guinea"
is never the start of "Guinea-Bissau", "Niger" never that of "Nigeria".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_HEADS = (
    r"Republic|Kingdom|State|States|Federation|Principality|Sultanate|Commonwealth|Union|"
    r"Emirates|Duchy|Confederation|Nation"
)
# A designation before "of": a few capitalised words ending in a head word.
_DESIGNATION = re.compile(
    rf"(?:[A-Z][\w’'\-]*\s+){{0,3}}(?:{_HEADS})\s+of\s+(?:the\s+)?", re.UNICODE
)
_PARTS = (
    r"Region|Province|Territory|District|Canton|Oblast|Krai|County|Department|Governorate|"
    r"Prefecture|Municipality"
)
# A part of a state by its kind: "Lagos State", "the Province of Buenos Aires" (not "the State
# of", which may be a state's own name), or a part the text does not name ("some provinces",
# "parts of the country", as the parser reads them).
_PART_OF_STATE = re.compile(
    rf"\b(?:{_PARTS}|Autonomous|Capital|City|Island|Islands|State)$"
    rf"|^(?:{_PARTS}|City)\s+of\s+[A-Z]"
    r"|^(?:some|certain|several|many|most|a few|a number|parts?|much)\s"
)
# Names a state goes by beside its United Nations name (a court's case "v. Russia", "v. Turkey";
# a profile's "in Syria"), where no form of the UN name gives them.
_ALSO_KNOWN_AS: dict[str, tuple[str, ...]] = {
    "Russian Federation": ("Russia",),
    "Türkiye": ("Turkey",),
    "Syrian Arab Republic": ("Syria",),
    "Viet Nam": ("Vietnam",),
    "Czechia": ("Czech Republic",),
    "North Macedonia": ("Macedonia", "former Yugoslav Republic of Macedonia"),
    "Eswatini": ("Swaziland",),
    "Cabo Verde": ("Cape Verde",),
    "Côte d'Ivoire": ("Ivory Coast",),
    "Timor-Leste": ("East Timor",),
    "Myanmar": ("Burma",),
    "Lao People's Democratic Republic": ("Laos", "Lao PDR"),
    "Brunei Darussalam": ("Brunei",),
    "Republic of Korea": ("South Korea",),
    "Democratic People's Republic of Korea": ("North Korea", "DPRK"),
    "United Republic of Tanzania": ("Tanzania",),
    "Republic of Moldova": ("Moldova",),
    "Gambia": ("The Gambia",),
    "Bahamas": ("The Bahamas",),
    "Holy See": ("Vatican", "Vatican City"),
    "Netherlands (Kingdom of the)": ("Holland",),
}
_CODE = re.compile(r"^[A-Z]{2}$")
# "the State of" a name the list of states does not give: a federation's state ("Texas").
_STATE_OF = re.compile(r"^State\s+of\s+(?:the\s+)?[A-Z]")
_DESIGNATION_ONLY = re.compile(rf"\b(?:{_HEADS})$")
_INVERTED = re.compile(r"^(?P<core>[^()]+?)\s*\((?P<designation>[^()]+?\bof(?:\s+the)?)\)$")
_COMMA = re.compile(r"^(?P<core>[^,]+),\s+(?P<designation>.+?\bof(?:\s+the)?)$")
# Cores that two states share; their designations differ by "Democratic".
_SHARED_CORES = frozenset({"korea", "congo"})
# What ends a name: not a letter, a digit, a hyphen or an apostrophe ("Guinea-Bissau").
_NAME_GOES_ON = re.compile(r"[\w’'\-]")


@dataclass(frozen=True)
class StateNames:
    """The forms of one state's name, and whether a place in a profile names that state."""

    name: str
    forms: tuple[str, ...]
    cores: tuple[str, ...]

    @classmethod
    def of(cls, name: str) -> StateNames:
        """The forms of ``name`` (as the manifest writes it), longest first."""
        # composed, as the parser reads the profile ("Côte" written "Co\u0302te" is "Côte")
        name = unicodedata.normalize("NFC", " ".join(name.split()).replace("’", "'"))
        forms = {name, _without_the(name)}
        cores = {_without_the(name)}
        for pattern in (_INVERTED, _COMMA):
            match = pattern.match(name)
            if match is not None:
                core = match.group("core").strip()
                forms.add(f"{match.group('designation')} {core}")
                cores.add(_without_the(core))
        for form in list(forms):
            designation = _DESIGNATION.match(form)
            if designation is not None and designation.end() < len(form):
                cores.add(form[designation.end() :])
                head = re.sub(r"\s+of\s+(?:the\s+)?$", "", form[: designation.end()])
                if head in ("United Kingdom", "United States"):
                    forms.add(head)  # "v. the United Kingdom", "the United States"
        forms |= set(_ALSO_KNOWN_AS.get(name, ()))
        if "Democratic" in name:  # "Korea" alone is the Republic of Korea, "Congo" the Congo
            cores = {c for c in cores if c.casefold() not in _SHARED_CORES}
        forms |= cores
        ordered = tuple(sorted(forms, key=lambda f: (-len(f), f)))
        return cls(name, ordered, tuple(sorted(cores, key=lambda f: (-len(f), f))))

    def end_at(self, text: str, start: int = 0) -> int | None:
        """Where the state's name that ``text`` has at ``start`` ends (after a leading "the", a
        designation, a form), or None when ``text`` does not name the state there; either
        apostrophe goes ("Côte d'Ivoire" is "Côte d’Ivoire")."""
        text = text.replace("’", "'")
        position = start
        if text.startswith("the ", position):
            position += len("the ")
        for form in self.forms:
            if _whole_at(text, position, form):
                return position + len(form)
        designation = _DESIGNATION.match(text, position)
        if designation is None:
            return None
        said = text[position : designation.end()]
        for core in self.cores:
            if not _whole_at(text, designation.end(), core):
                continue
            if core.casefold().removeprefix("the ") in _SHARED_CORES and (
                ("Democratic" in said) != ("Democratic" in self.name)
            ):
                return None  # the Republic of Korea is not the Democratic People's Republic
            return designation.end() + len(core)
        return None

    @property
    def known(self) -> bool:
        """Whether the name is a name at all, not only the state's code ("KZ")."""
        return _CODE.match(self.name) is None

    def other_state(self, place: str) -> bool:
        """Whether ``place`` names a state that is not this one: a name ("Guinea-Bissau") or a
        designation before one ("the Republic of Serbia"), not this state's. A designation
        alone ("the Portuguese Republic", "the Fifth Republic") may be the state's own formal
        name, which the manifest does not give: it is not said to be another's."""
        place = " ".join(place.split()).removeprefix("the ")
        if not place or self.names(place) or _CODE.match(self.name):
            return False  # a name that is only the state's code tells no state from another
        designation = _DESIGNATION.match(place)
        if designation is not None:
            return designation.end() < len(place)
        return _DESIGNATION_ONLY.search(place) is None

    def within(self, text: str) -> bool:
        """Whether ``text`` has one of the state's names in it, whole."""
        text = text.replace("’", "'")
        return any(
            _whole_at(text, at.start(), form)
            for form in self.forms
            for at in re.finditer(re.escape(form), text)
            if at.start() == 0 or _NAME_GOES_ON.match(text, at.start() - 1) is None
        )

    def elsewhere(self, place: str) -> bool:
        """Whether ``place`` is plainly not the whole state: a part of it ("the Kurdistan
        Region", "Lagos State", "the Province of Buenos Aires", "some provinces") or another
        state whose name holds the state's ("Guinea-Bissau", "South Sudan"). Any other name may
        be the state's own by a name the manifest does not give ("Russia" for the Russian
        Federation)."""
        place = " ".join(place.split()).replace("’", "'")
        if not self.known or self.names(place):
            return False
        if _PART_OF_STATE.search(place):
            return True
        return self._holds_name(place)

    def part(self, place: str) -> bool:
        """Whether ``place``, which the list of states does not name, is a part of the state by
        what the text says of it: a name alone ("Zanzibar", "Ostrava Isle"), a part by its kind
        ("the Western Province") or "the State of" one ("the State of Texas"); not the state
        itself, nor another state by a designation ("the Republic of Somaliland") or by a name
        that holds the state's ("Guinea-Bissau" in Guinea's profile)."""
        place = " ".join(place.split()).replace("’", "'").removeprefix("the ")
        if not self.known or not place or self.names(place) or self._holds_name(place):
            return False
        designation = _DESIGNATION.match(place)
        return designation is None or _STATE_OF.match(place) is not None

    def part_by_kind(self, place: str) -> bool:
        """Whether ``place`` is a part of a state by its kind ("Lagos State", "the Province of
        Buenos Aires"), whichever state's."""
        return _PART_OF_STATE.search(" ".join(place.split()).removeprefix("the ")) is not None

    def _holds_name(self, place: str) -> bool:
        return any(
            re.search(rf"(?<![\w']){re.escape(form)}(?![\w'])", place) for form in self.forms
        )

    def names(self, place: str) -> bool:
        """Whether ``place`` (all of it) names the state."""
        place = " ".join(place.split())
        return self.end_at(place) == len(place)


def _whole_at(text: str, position: int, form: str) -> bool:
    end = position + len(form)
    if text[position:end] != form:
        return False
    return end == len(text) or _NAME_GOES_ON.match(text, end) is None


def _without_the(name: str) -> str:
    return name[4:] if name.startswith("the ") else name
