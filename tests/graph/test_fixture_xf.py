"""Fixture XF: a post-Soviet state's profile with shapes no other fixture has (a unit
numbered within its article, a law titled by what it is on in quotes, a law numbered over its
year and with "of", other states' laws called by their adjective, a city's board by its
acronym, a case in an American reporter, an instrument that lacks a use-of-force rule, a
treaty table of accession and succession), read whole."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from forcelaw.graph.build import ingest
from forcelaw.graph.mapping import StateInfo
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, FL, OA
from tests.conftest import PROFILES


def test_fixture_xf_names_what_it_states_and_nothing_of_other_states(
    reference_index: ReferenceIndex,
) -> None:
    data = (PROFILES / "XF.txt").read_bytes()
    text = data.decode("utf-8")
    profile, graph = ingest(data, "XF.txt", StateInfo("XF", "Karavia"), reference_index)
    paths = {
        kind: {str(s).removeprefix(BASE) for s in graph.subjects(RDF.type, FL[kind])}
        for kind in ("LegalInstrument", "Provision", "Body", "Pronouncement", "AbsenceStatement")
    }
    assert paths["LegalInstrument"] == {
        "instrument/XF/constitution",
        "instrument/XF/criminal-code",
        "instrument/XF/law-no-107-of-2013",
        "instrument/XF/law-on-internal-affairs-bodies",
    }
    assert paths["Provision"] == {
        "instrument/XF/constitution/art-1/sec-19",
        "instrument/XF/constitution/art-5/sec-19",
        "instrument/XF/law-no-107-of-2013/art-3",
    }
    assert paths["Body"] == {"body/XF/commissioner-for-human-rights", "body/XF/supreme-court"}
    assert paths["Pronouncement"] == {"pronouncement/supreme-court/XF/2015-petrov-v-karavia"}
    kinds = {str(o).rsplit("/", 1)[-1] for o in graph.objects(None, FL.absentKind)}
    assert kinds == {"constitutional-use-of-force-provision", "unclassified"}
    adherences = {str(s).rsplit("/", 1)[-1] for s in graph.subjects(RDF.type, FL.TreatyAdherence)}
    assert len(adherences) == 2
    # every passage quotes the source at its offsets, and every sentence is a passage
    for passage in graph.subjects(RDF.type, FL.SourcePassage):
        start = int(graph.value(URIRef(f"{passage}#position"), OA.start))  # type: ignore[arg-type]
        end = int(graph.value(URIRef(f"{passage}#position"), OA.end))  # type: ignore[arg-type]
        assert str(graph.value(URIRef(f"{passage}#quote"), OA.exact)) == text[start:end]
    labels = {str(graph.value(s, RDFS.label)) for s in graph.subjects(RDF.type, FL.SourcePassage)}
    assert len(labels) >= len(profile.sentences)
