"""A provision of an instrument "of" a state whose name has an elided article ("Côte d'Ivoire",
either apostrophe) is the state's: the name read whole, as it is in a mention, where a name of
capitalised words alone dropped the provision."""

from __future__ import annotations

import pytest
from rdflib.namespace import RDF

from forcelaw.graph.mapping import StateInfo, map_profile
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, FL
from forcelaw.profile.parse import parse
from tests.graph.small_profile import profile_text

_QUOTE = '"Every person has the right to life."'


def _provisions(
    constitution: str, name: str, reference_index: ReferenceIndex, code: str = "CI"
) -> set[str]:
    profile = parse(profile_text(constitution=constitution), f"{code}.txt")
    graph = map_profile(profile, StateInfo(code, name), reference_index)
    return {str(s).removeprefix(BASE) for s in graph.subjects(RDF.type, FL.Provision)}


@pytest.mark.parametrize("name", ["Côte d'Ivoire", "Côte d’Ivoire"])
@pytest.mark.parametrize(
    ("cited", "provision"),
    [
        ("Article 6 of the 2016 Constitution of {} provides that ", "constitution-2016/art-6"),
        ("Article 6 of the Constitution of the Republic of {} states ", "constitution/art-6"),
        ("According to Article 6 of the Constitution of {}: ", "constitution/art-6"),
    ],
)
def test_a_provision_of_the_states_constitution_by_an_elided_name_is_kept(
    name: str, cited: str, provision: str, reference_index: ReferenceIndex
) -> None:
    for written in ("Côte d'Ivoire", "Côte d’Ivoire"):
        found = _provisions(cited.format(written) + _QUOTE, name, reference_index)
        assert found == {f"instrument/CI/{provision}"}, written


def test_another_states_constitution_is_still_not_the_states(
    reference_index: ReferenceIndex,
) -> None:
    cited = "Article 6 of the Constitution of Guinea-Bissau provides that " + _QUOTE
    assert _provisions(cited, "Côte d'Ivoire", reference_index) == set()
    cited = "Article 6 of the Constitution of Côte d'Ivoire provides that " + _QUOTE
    assert _provisions(cited, "Guinea-Bissau", reference_index, "GW") == set()
