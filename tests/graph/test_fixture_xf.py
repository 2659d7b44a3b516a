"""Fixture XF: a post-Soviet state's profile with shapes no other fixture has (a unit
numbered within its article, a law titled by what it is on in quotes, a law numbered over its
year and with "of", other states' laws called by their adjective, a city's board by its
acronym, a case in an American reporter, an instrument that lacks a use-of-force rule, a
treaty table of accession and succession), read whole."""

from __future__ import annotations

from rdflib.namespace import RDF

from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import FL
from tests.graph.fixture_reading import assert_every_sentence_quoted, paths_by_kind, read_fixture


def test_fixture_xf_names_what_it_states_and_nothing_of_other_states(
    reference_index: ReferenceIndex,
) -> None:
    text, profile, graph = read_fixture("XF", "Karavia", reference_index)
    paths = paths_by_kind(
        graph, ("LegalInstrument", "Provision", "Body", "Pronouncement", "AbsenceStatement")
    )
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
    assert_every_sentence_quoted(graph, text, profile)
