"""A part of the state in the profile's own words: its constitution ("the Constitution of the
State of Texas", "the Constitution of Zanzibar") is the state's instrument of that part, typed
and labelled so (never the state's constitution), and another state's is still left out."""

from __future__ import annotations

from forcelaw.graph.reference import ReferenceIndex
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
    ):
        instruments, provisions = _with(constitution, state, reference_index)
        assert set(instruments) == {"instrument/TT/constitution", "instrument/TT/police-act-2011"}
        assert provisions == {"instrument/TT/constitution/art-3"}, constitution
