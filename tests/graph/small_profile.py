"""A whole profile of one state, short, with one section written by the test: what the mapper tests
of one kind of sentence (laws, bodies, cases, recommendations) build and map."""

from __future__ import annotations

from rdflib import Graph

from forcelaw.graph.mapping import StateInfo, map_profile
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.profile.parse import parse

NO_LEGISLATION = "There is no legislation governing police use of force."


def profile_text(
    *,
    constitution: str = 'Article 3 provides that "Everyone has the right to life."',
    legislation: str = NO_LEGISLATION,
    oversight: str = "There is no independent police oversight body in Testland.",
    caselaw: tuple[str, ...] = ("National", "None."),
) -> str:
    """The profile's text: the given constitutional provisions, legislation and oversight
    sections, and ``caselaw`` (its subsection headings and sentences, a line each) under
    "Caselaw"."""
    return "\n".join(
        [
            "Constitutional Provisions",
            constitution,
            "Treaty Adherence",
            "Global Treaties",
            "1984 Convention against Torture (CAT) | State Party |",
            "National Legislation",
            legislation,
            "Police Oversight",
            oversight,
            "Caselaw",
            *caselaw,
            "",
        ]
    )


def mapped(text: str, index: ReferenceIndex, code: str = "TT", name: str = "Testland") -> Graph:
    """The graph of ``text`` as the profile of state ``code`` (``name``)."""
    return map_profile(parse(text, f"{code}.txt"), StateInfo(code, name), index)
