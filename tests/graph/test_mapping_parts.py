"""A part of the state in the profile's own words: its constitution ("the Constitution of the
State of Texas", "the Constitution of Zanzibar") is the state's instrument of that part, typed
and labelled so (never the state's constitution), and another state's is still left out."""

from __future__ import annotations

import pytest
from rdflib.namespace import RDF

from forcelaw.errors import BuildError
from forcelaw.graph.build import ProjectPaths, load_states
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.graph.states import parse_states
from forcelaw.namespaces import FL
from tests.graph.test_mapping_names import _graph, _instruments, _profile, _provisions


def _with(
    constitution: str, state: str, index: ReferenceIndex
) -> tuple[dict[str, tuple[str, str]], set[str]]:
    graph = _graph(
        _profile(
            constitution='Article 3 provides that "Everyone has the right to life." Article 7 of '
            f'the {constitution} provides that "No person shall be deprived of life."'
        ),
        index,
        state,
    )
    return _instruments(graph), _provisions(graph)


def test_the_constitution_of_a_part_of_the_state_is_the_state_s_for_that_part(
    reference_index: ReferenceIndex,
) -> None:
    for state, constitution, slug in (
        (
            "United States of America",
            "Constitution of the State of Texas",
            "constitution-of-the-state-of-texas",
        ),
        ("United Republic of Tanzania", "Constitution of Zanzibar", "constitution-of-zanzibar"),
        ("Testland", "Constitution of Ostrava Isle", "constitution-of-ostrava-isle"),
    ):
        instruments, provisions = _with(constitution, state, reference_index)
        assert instruments[f"instrument/TT/{slug}"] == (
            f"{constitution} (a part of {state})",
            "subnational-constitution",
        ), constitution
        assert instruments["instrument/TT/constitution"][1] == "constitution"
        assert provisions == {"instrument/TT/constitution/art-3", f"instrument/TT/{slug}/art-7"}


def test_another_state_s_constitution_is_still_not_the_state_s(
    reference_index: ReferenceIndex,
) -> None:
    for state, constitution in (
        ("United Republic of Tanzania", "Constitution of Kenya"),
        ("Testland", "Constitution of the Republic of Somaliland"),  # a state by its designation
        ("Guinea", "Constitution of Guinea-Bissau"),  # a name that holds the state's
        ("Russian Federation", "Constitution of the USSR"),  # a former state
        ("Mexico", "Constitution of the State of Texas"),  # a part of another state
        ("Kenya", "Constitution of Zanzibar"),
    ):
        instruments, provisions = _with(constitution, state, reference_index)
        assert set(instruments) == {"instrument/TT/constitution", "instrument/TT/police-act-2011"}
        assert provisions == {"instrument/TT/constitution/art-3"}, constitution


def _laws(sentences: str, state: str, index: ReferenceIndex) -> set[str]:
    graph = _graph(_profile(legislation=sentences), index, state)
    return set(_instruments(graph)) - {"instrument/TT/constitution"}


def test_an_adjective_inside_a_longer_name_is_not_a_state_s(
    reference_index: ReferenceIndex,
) -> None:
    both = "The British Columbia Police Act and the Indian Act govern the police."
    assert _laws(both, "Canada", reference_index) == {
        "instrument/TT/british-columbia-police-act",
        "instrument/TT/indian-act",
    }
    # a part of another state is that state's; the state's adjective before a law still is
    assert _laws(both, "United Kingdom of Great Britain and Northern Ireland", reference_index) == {
        "instrument/TT/indian-act"
    }
    assert _laws(both + " The Indian Penal Code is older.", "Canada", reference_index) == {
        "instrument/TT/british-columbia-police-act",
        "instrument/TT/indian-act",
    }
    assert _laws("The British Police Act governs the police.", "Canada", reference_index) == set()
    # "Dominican" opens the name of the Dominican Republic: its law, not Dominica's
    law = "The Dominican Republic Police Law governs the police."
    assert _laws(law, "Dominica", reference_index) == set()
    assert _laws(law, "Dominican Republic", reference_index) == {
        "instrument/TT/dominican-republic-police-law"
    }


def test_another_state_s_name_before_a_law_is_not_the_state_s(
    reference_index: ReferenceIndex,
) -> None:
    law = "The Kenya Police Act governs the police."
    assert _laws(law, "Uganda", reference_index) == set()
    assert _laws(law, "Kenya", reference_index) == {"instrument/TT/kenya-police-act"}


def test_a_state_s_name_that_is_also_a_part_of_this_state_is_that_part(
    reference_index: ReferenceIndex,
) -> None:
    # a law by that name may be either's: not said to be the state's
    law = "The Georgia Police Act governs the police."
    assert _laws(law, "United States of America", reference_index) == set()
    assert _laws(law, "Georgia", reference_index) == {"instrument/TT/georgia-police-act"}
    # what is said of that place is not said of another state, nor of the whole state
    whole = {"independent-police-oversight-body"}
    for state, kinds in (("United States of America", set()), ("Georgia", whole)):
        graph = _graph(
            _profile(oversight="There is no independent police oversight body in Georgia."),
            reference_index,
            state,
        )
        found = {str(o).rsplit("/", 1)[-1] for o in graph.objects(None, FL.absentKind)}
        assert found == kinds, state
    said = "In 2019, the Human Rights Committee expressed concern about killings in Georgia."
    for state, on_state in (("United States of America", True), ("Armenia", False)):
        graph = _graph(_profile(national=said), reference_index, state)
        pronouncements = set(graph.subjects(RDF.type, FL.Pronouncement))
        assert bool(pronouncements) == on_state, state


def test_the_parts_list_is_iso_3166_2_s_and_a_bad_row_names_its_file(paths: ProjectPaths) -> None:
    states = load_states(paths)
    assert states.part_of("Georgia", frozenset({"US"}))
    assert not states.part_of("Georgia", frozenset({"GE"}))
    assert states.opening("British Columbia Police Act") == ("CA", "British Columbia")
    assert states.whose_part("Zanzibar") == {"TZ"}  # Zanzibar North, South, West
    assert states.whose_part("the State of Texas") == {"US"}
    assert states.whose_part("Ostrava Isle") == frozenset()
    assert states.by_adjective("British Columbia Police Act") is None
    assert states.by_adjective("British Police Act") == "GB"
    assert states.by_adjective("Indian Act") is None
    assert states.by_adjective("Indian Penal Code") == "IN"
    with pytest.raises(BuildError, match=r"parts\.tsv:1: expected an ISO 3166-2 code"):
        parse_states("CA\tCanada\t\tCanadian\n", "states.tsv", None, "CA\tBritish Columbia\n")


def test_a_state_s_name_that_goes_on_as_another_name_is_not_the_state(
    reference_index: ReferenceIndex,
) -> None:
    for said, on_state in (
        ("expressed concern about the shooting of Chad Miller by police.", True),
        ("expressed concern about a shooting in Jordan Street.", True),
        ("expressed concern about killings in Chad.", False),
        ("expressed concern about the Kenya Police Service.", False),
    ):
        graph = _graph(
            _profile(national=f"In 2019, the Human Rights Committee {said}"),
            reference_index,
            "Testland",
        )
        assert bool(set(graph.subjects(RDF.type, FL.Pronouncement))) == on_state, said
