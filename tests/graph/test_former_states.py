"""A state that no longer exists is no profile's state: what it enacted ("the Soviet Criminal
Code", "the Constitution of the USSR") is never minted as the law of the state a profile is about,
and the list of former states (data/reference/former_states.tsv) is read with the list of states."""

from __future__ import annotations

import pytest

from forcelaw.errors import BuildError
from forcelaw.graph.build import ProjectPaths, load_states
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.graph.states import parse_states
from tests.graph.test_mapping_names import _graph, _instruments, _profile, _provisions


def test_a_former_state_s_law_is_not_the_state_s(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        _profile(
            legislation='Article 110 of the Soviet Criminal Code provides that "Exceeding the '
            'limits of necessary defence is punishable." Article 12 of the Yugoslav Penal Code '
            'provides that "An official who exceeds force shall be punished." Article 5 of the '
            'Constitution of the USSR provides that "The militia keeps order." Article 9 of the '
            'Criminal Code provides that "Force may be used only as a last resort."'
        ),
        reference_index,
        "Russian Federation",
    )
    assert set(_instruments(graph)) == {"instrument/TT/constitution", "instrument/TT/criminal-code"}
    assert _provisions(graph) == {
        "instrument/TT/constitution/art-3",
        "instrument/TT/criminal-code/art-9",
    }


def test_a_former_state_is_never_a_profile_s_state(paths: ProjectPaths) -> None:
    states = load_states(paths)
    current = [state for state in states.states if not state.former]
    assert len(current) == 195
    former = {state.code: state for state in states.states if state.former}
    assert {"SUHH", "YUCS", "CSHH", "DDDE"} <= set(former)
    assert not {code[:2] for code in former} & {state.code for state in current} - {"CS"}
    assert states.by_adjective("Soviet Criminal Code") == "SUHH"
    assert states.code("Soviet Union") == "SUHH"
    # what a text is about now is never a former state: only the current states are looked for
    assert states.named_in("laws dating from the Soviet Union remain in Russia") == {"RU"}


def test_a_bad_row_of_the_former_states_names_its_file() -> None:
    with pytest.raises(BuildError, match=r"former_states\.tsv:1: expected a code of four capitals"):
        parse_states("FR\tFrance\t\tFrench\n", "states.tsv", "SU\tUSSR\t\tSoviet\n")
