"""Oversight bodies in the graph: one body under each of its names (its acronym, its name with
the state's), two bodies stay two, another state's body is not the state's."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS

from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, FL
from tests.graph.small_profile import mapped, profile_text


def _graph(oversight: str, index: ReferenceIndex, name: str = "Togo") -> Graph:
    return mapped(profile_text(oversight=oversight), index, name=name)


def _bodies(graph: Graph) -> dict[str, tuple[str, set[str], int]]:
    """path -> (label, acronyms, sentences that mention it)."""
    return {
        str(s).removeprefix(BASE + "body/TT/"): (
            str(graph.value(s, RDFS.label)),
            {str(a) for a in graph.objects(s, SKOS.altLabel)},
            len(set(graph.subjects(FL.mentions, s))),
        )
        for s in graph.subjects(RDF.type, FL.Body)
    }


def test_a_body_by_its_acronym_and_its_full_name_is_one_body(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        "The Inspectorate General of Police Services (IGSP) investigates complaints. The IGSP "
        "reports to the Minister. The National Human Rights Commission of Togo visits prisons. "
        "The National Human Rights Commission publishes reports. The Police Complaints "
        "Board (PCB) hears complaints.",
        reference_index,
    )
    assert _bodies(graph) == {
        "inspectorate-general-of-police-services": (
            "Inspectorate General of Police Services",
            {"IGSP"},
            2,
        ),
        "national-human-rights-commission": ("National Human Rights Commission of Togo", set(), 2),
        "police-complaints-board": ("Police Complaints Board", {"PCB"}, 1),
    }


def test_another_state_s_body_is_not_the_state_s_whatever_it_is_of_first(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        "The Office of the Ombudsman of Ghana investigates deaths in custody. The Office of the "
        "Police Ombudsman of Lagos State receives complaints. The Office of the Ombudsman of "
        "Togo is independent of the police.",
        reference_index,
    )
    assert set(_bodies(graph)) == {"office-of-the-ombudsman"}


def test_what_a_body_is_of_after_its_acronym_is_part_of_its_name(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        "The Civilian Complaint Review Board (CCRB) of New York City was studied as a model. "
        "The CCRB publishes its findings. The Police Complaints Authority (PCA) of Ghana "
        "was also studied. The National Human Rights Commission (NHRC) of Togo visits "
        "police cells. The NHRC publishes reports. The Police Complaints Board (PCB) hears "
        "complaints.",
        reference_index,
    )
    # a city's board and another state's authority are not the state's; the state's own
    # commission is one body, keyed without its state's name
    assert _bodies(graph) == {
        "national-human-rights-commission": (
            "National Human Rights Commission of Togo",
            {"NHRC"},
            2,
        ),
        "police-complaints-board": ("Police Complaints Board", {"PCB"}, 1),
    }


def test_a_body_another_state_s_adjective_names_is_not_the_state_s(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        "The Togolese Ombudsman receives complaints. The Ombudsman publishes reports. The "
        "Ghanaian Police Complaints Commission was cited as a model. The Beninese Human Rights "
        "Commission (BHRC) was also cited. The BHRC visits prisons. The Congolese Police "
        "Council was studied.",
        reference_index,
    )
    # the state's own adjective is dropped from the key; one two states share names neither
    assert set(_bodies(graph)) == {"ombudsman", "congolese-police-council"}
    assert _bodies(graph)["ombudsman"][0] == "Togolese Ombudsman"
