"""Fixture XI: a profile with what the fifth review read wrong (the constitutions of parts of
the state, titles that say by whom, a decree over a year of two digits and of four, a former
state's code, names that open with a part or another state, an absence in a part, a
recommendation after an aside, a case in a series without stops, local courts, a person named
like a state), read whole."""

from __future__ import annotations

from rdflib.namespace import RDF

from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, ELI, FL
from tests.graph.fixture_reading import assert_every_sentence_quoted, paths_by_kind, read_fixture


def test_fixture_xi_names_what_it_states_and_nothing_of_other_states(
    reference_index: ReferenceIndex,
) -> None:
    text, profile, graph = read_fixture("XI", "Lumeria", reference_index)
    paths = paths_by_kind(graph, ("LegalInstrument", "Provision", "Body", "Pronouncement", "Claim"))
    police = "instrument/XI/act-on-the-performance-of-duties-by-police-officers"
    customs = "instrument/XI/act-on-the-performance-of-duties-by-customs-officers"
    varena = "instrument/XI/constitution-of-the-state-of-varena"
    ostrava = "instrument/XI/constitution-of-ostrava-isle"
    decree = "instrument/XI/royal-decree-no-35-of-1990"
    assert paths["LegalInstrument"] == {
        "instrument/XI/constitution",
        varena,
        ostrava,
        police,
        customs,
        decree,
    }
    assert paths["Provision"] == {
        "instrument/XI/constitution/art-2",
        f"{varena}/art-7",
        f"{ostrava}/art-9",
        f"{police}/art-5",
        f"{customs}/art-8",
        f"{decree}/art-4",
    }
    types = {
        str(s).removeprefix(BASE): str(graph.value(s, ELI.type_document)).rsplit("/", 1)[-1]
        for s in graph.subjects(RDF.type, FL.LegalInstrument)
    }
    assert types["instrument/XI/constitution"] == "constitution"
    assert types[varena] == types[ostrava] == "subnational-constitution"
    assert paths["Body"] == {
        "body/XI/police-ombudsman",
        "body/XI/supreme-court",
        "body/XI/verin-district-court",
        "body/XI/regional-court-of-ostrava-isle",
    }
    assert paths["Pronouncement"] == {
        "pronouncement/un-cat/XI/2019-concluding-observations",
        "pronouncement/un-hrc/XI/2020-statement",
        "pronouncement/supreme-court/XI/2010-ivanov-v-lumeria",
        "pronouncement/verin-district-court/XI/2018-judgment",
        "pronouncement/regional-court-of-ostrava-isle/XI/2019-judgment",
    }
    assert paths["Claim"] == {"claim/un-cat/XI/2019-concluding-observations-recommendation/1"}
    # the absence in a part of the state is not the state's; "None." under Regional is
    kinds = {str(o).rsplit("/", 1)[-1] for o in graph.objects(None, FL.absentKind)}
    assert kinds == {"regional-caselaw"}
    # every passage quotes the source at its offsets, and every sentence is a passage
    assert_every_sentence_quoted(graph, text, profile)
    unmodelled = {
        text[int(str(s).rsplit("/", 1)[1].split("-")[0]) : int(str(s).rsplit("-", 1)[1])]
        for s in graph.subjects(RDF.type, FL.UnmodelledPassage)
    }
    assert unmodelled == {
        'Article 110 of the Soviet Criminal Code provides that "Exceeding the limits of '
        'necessary defence is punishable."',
        "The British Columbia Police Act and the Dominican Republic Police Law were studied as "
        "models.",
        "There is no independent police oversight body in Ostrava Isle.",
    }
