"""A court of a part of the state ("the Tokyo District Court", "the Regional Court of Almaty")
gives the pronouncement it made, each court under its own name (two cities' regional courts are
two), and another state's court is still none of the state's."""

from __future__ import annotations

from forcelaw.graph.reference import ReferenceIndex
from tests.graph.test_mapping_cases import _courts, _graph


def test_a_local_court_s_decision_is_a_pronouncement_of_that_court(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        "In 2018, the Tokyo District Court convicted two officers. In 2019, the Regional Court "
        "of Almaty held that a baton charge was unlawful. In 2020, the Regional Court of "
        "Shymkent held otherwise. In 2021, the Supreme Court upheld the conviction.",
        reference_index,
    )
    assert _courts(graph) == {
        "tokyo-district-court": {"2018"},
        "regional-court-of-almaty": {"2019"},
        "regional-court-of-shymkent": {"2020"},
        "supreme-court": {"2021"},
    }


def test_another_state_s_court_is_not_a_local_court(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        "In 2018, the Kenyan District Court convicted two officers. In 2019, the Regional Court "
        "of Kenya held that a baton charge was unlawful. In 2020, the Supreme Court of Arcadia "
        "held otherwise. In 2021, the Kenya High Court acquitted them. In 2022, the US District "
        "Court dismissed the claim.",
        reference_index,
    )
    assert _courts(graph) == {}
