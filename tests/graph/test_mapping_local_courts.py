"""A court of a part of the state ("the Tokyo District Court", "the Regional Court of Almaty")
gives the pronouncement it made, each court under its own name (two cities' regional courts are
two), and another state's court is still none of the state's."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, FL
from tests.graph.small_profile import mapped, profile_text
from tests.graph.test_mapping_cases import _courts, _graph


def test_a_local_court_s_decision_is_a_pronouncement_of_that_court(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        "In 2018, the Lumen District Court convicted two officers. In 2019, the Regional Court "
        "of Varena held that a baton charge was unlawful. In 2020, the Regional Court of "
        "Ostrava Isle held otherwise. In 2021, the Supreme Court upheld the conviction.",
        reference_index,
    )
    assert _courts(graph) == {
        "lumen-district-court": {"2018"},
        "regional-court-of-varena": {"2019"},
        "regional-court-of-ostrava-isle": {"2020"},
        "supreme-court": {"2021"},
    }
    # the state's own parts by ISO 3166-2
    said = "In 2018, the Tokyo District Court convicted two officers."
    graph = mapped(profile_text(caselaw=("National", said)), reference_index, "JP", "Japan")
    assert set(graph.subjects(RDF.type, FL.Pronouncement)) == {
        URIRef(f"{BASE}pronouncement/tokyo-district-court/JP/2018-judgment")
    }
    said = "In 2019, the Regional Court of Almaty held that a baton charge was unlawful."
    graph = mapped(profile_text(caselaw=("National", said)), reference_index, "KZ", "Kazakhstan")
    assert set(graph.subjects(RDF.type, FL.Pronouncement)) == {
        URIRef(f"{BASE}pronouncement/regional-court-of-almaty/KZ/2019-judgment")
    }


def test_another_state_s_court_is_not_a_local_court(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        "In 2018, the Kenyan District Court convicted two officers. In 2019, the Regional Court "
        "of Kenya held that a baton charge was unlawful. In 2020, the Supreme Court of Arcadia "
        "held otherwise. In 2021, the Kenya High Court acquitted them. In 2022, the US District "
        "Court dismissed the claim. In 2023, the Tokyo District Court convicted an officer. In "
        "2024, the Regional Court of Almaty held so.",
        reference_index,
    )
    assert _courts(graph) == {}


def test_a_court_of_the_nation_or_the_republic_is_the_state_s_own(
    reference_index: ReferenceIndex,
) -> None:
    """A highest court named after what the state is ("of the Nation", "of the Republic") and no
    state's name is the state's court under its whole name; "of the Republic of X" still names
    a state, and is another state's when X is not the profile's."""
    graph = _graph(
        "In 2016, the Supreme Court of Justice of the Nation held that lethal force must be "
        "strictly necessary. In 2017, the Constitutional Court of the Republic upheld a law. "
        "In 2018, the Supreme Court of the Republic of Kenya held otherwise. In 2019, the "
        "Supreme Court of the Union held so.",
        reference_index,
    )
    assert _courts(graph) == {
        "supreme-court-of-justice": {"2016"},
        "constitutional-court": {"2017"},
        "supreme-court": {"2019"},
    }
    labels = {str(o) for o in graph.objects(None, RDFS.label)}
    assert "Supreme Court of Justice of the Nation" in labels
