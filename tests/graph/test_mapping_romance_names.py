"""An instrument named in French, Spanish or Portuguese with the small words of its language
("the Charte de la Transition", "the Ley de Seguridad Ciudadana") is read whole, with the
provision quoted from it, as its English name would be."""

from __future__ import annotations

import pytest
from rdflib.namespace import RDF

from forcelaw.graph.mapping import StateInfo, map_profile
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, FL
from forcelaw.profile.parse import parse
from tests.graph.small_profile import profile_text

_QUOTE = ' provides that "Every person has the right to life."'


def _provisions(constitution: str, reference_index: ReferenceIndex) -> set[str]:
    profile = parse(profile_text(constitution=constitution), "XI.txt")
    graph = map_profile(profile, StateInfo("XI", "Kanembou"), reference_index)
    return {str(s).removeprefix(BASE) for s in graph.subjects(RDF.type, FL.Provision)}


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Charte de la Transition", "charte-de-la-transition"),
        ("Ley de Seguridad Ciudadana", "ley-de-seguridad-ciudadana"),
        ("Lei do Estado de Emergência", "lei-do-estado-de-emergencia"),
        ("Transition Charter", "transition-charter"),  # the English name, as before
    ],
)
def test_a_provision_of_an_instrument_named_in_a_romance_language_is_kept(
    name: str, key: str, reference_index: ReferenceIndex
) -> None:
    found = _provisions(f"Article 9 of the {name}{_QUOTE}", reference_index)
    assert found == {f"instrument/XI/{key}/art-9"}


@pytest.mark.parametrize(
    "name",
    [
        "Charte de",  # a small word that names nothing after it
        "Code de procédure pénale",  # words not capitalised: no name read (as before)
    ],
)
def test_small_words_without_a_name_after_them_name_no_instrument(
    name: str, reference_index: ReferenceIndex
) -> None:
    assert _provisions(f"Article 9 of the {name}{_QUOTE}", reference_index) == set()
