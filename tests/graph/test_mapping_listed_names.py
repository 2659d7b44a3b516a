"""An instrument "of" the state by a name the list of states gives it, not the manifest ("the
Constitution of São Tomé and Príncipe" in the profile of "Sao Tome and Principe", "St Kitts and
Nevis"), is the state's, with the provisions quoted from it; another state's is still not."""

from __future__ import annotations

import pytest
from rdflib.namespace import RDF

from forcelaw.graph.mapping import StateInfo, map_profile
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, FL
from forcelaw.profile.parse import parse
from tests.graph.small_profile import profile_text


def _provisions(place: str, code: str, name: str, reference_index: ReferenceIndex) -> set[str]:
    cited = f'Section 4 of the Constitution of {place} provides that "No one shall be killed."'
    graph = map_profile(
        parse(profile_text(constitution=cited), f"{code}.txt"),
        StateInfo(code, name),
        reference_index,
    )
    return {str(s).removeprefix(BASE) for s in graph.subjects(RDF.type, FL.Provision)}


@pytest.mark.parametrize(
    ("place", "code", "name"),
    [
        ("São Tomé and Príncipe", "ST", "Sao Tome and Principe"),
        ("the Democratic Republic of São Tomé and Príncipe", "ST", "Sao Tome and Principe"),
        ("St Kitts and Nevis", "KN", "Saint Kitts and Nevis"),
        ("Sao Tome and Principe", "ST", "Sao Tome and Principe"),  # the manifest's own, as before
    ],
)
def test_the_states_constitution_by_a_listed_name_is_the_states(
    place: str, code: str, name: str, reference_index: ReferenceIndex
) -> None:
    assert _provisions(place, code, name, reference_index) == {
        f"instrument/{code}/constitution/sec-4"
    }


@pytest.mark.parametrize(
    ("place", "code", "name"),
    [
        ("Guinea-Bissau", "ST", "Sao Tome and Principe"),
        ("São Tomé and Príncipe", "GW", "Guinea-Bissau"),
        ("Nigeria", "NE", "Niger"),
    ],
)
def test_another_listed_states_constitution_is_still_left_out(
    place: str, code: str, name: str, reference_index: ReferenceIndex
) -> None:
    assert _provisions(place, code, name, reference_index) == set()
