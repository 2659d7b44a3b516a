"""Records -> triples: URIs, provenance down to the span, attribution, unknown treaties."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from forcelaw.errors import ProfileError
from forcelaw.graph.mapping import StateInfo, map_profile
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, ELI, FL, OA
from forcelaw.profile.parse import parse, parse_bytes
from tests.conftest import KZ, PROFILES
from tests.profile.test_parse import MINIMAL


def _graph(path_bytes: bytes, code: str, name: str, index: ReferenceIndex) -> Graph:
    return map_profile(parse_bytes(path_bytes, f"{code}.txt"), StateInfo(code, name), index)


def _iri(path: str) -> URIRef:
    return URIRef(BASE + path)


def test_every_passage_quote_matches_the_source_at_its_offsets(
    reference_index: ReferenceIndex,
) -> None:
    text = KZ.read_bytes().decode("utf-8")
    graph = _graph(KZ.read_bytes(), "KZ", "Kazakhstan", reference_index)
    passages = list(graph.subjects(RDF.type, FL.SourcePassage))
    assert len(passages) > 40
    for passage in passages:
        position = URIRef(f"{passage}#position")
        quote = URIRef(f"{passage}#quote")
        start = int(graph.value(position, OA.start))  # type: ignore[arg-type]
        end = int(graph.value(position, OA.end))  # type: ignore[arg-type]
        assert str(graph.value(quote, OA.exact)) == text[start:end]
        assert str(passage).endswith(f"/passage/{start:04d}-{end:04d}")


def test_structural_facts_all_derive_from_passages(reference_index: ReferenceIndex) -> None:
    graph = _graph(KZ.read_bytes(), "KZ", "Kazakhstan", reference_index)
    for cls in (FL.Provision, FL.TreatyAdherence, FL.AbsenceStatement, FL.Pronouncement):
        subjects = list(graph.subjects(RDF.type, cls))
        assert subjects, cls
        for subject in subjects:
            sources = list(graph.objects(subject, PROV.wasDerivedFrom))
            assert sources and all((s, RDF.type, FL.SourcePassage) in graph for s in sources)


def test_kz_uris_follow_the_patterns(reference_index: ReferenceIndex) -> None:
    graph = _graph(KZ.read_bytes(), "KZ", "Kazakhstan", reference_index)
    for path, cls in [
        ("state/KZ", FL.State),
        ("profile/KZ", FL.CountryProfile),
        ("profile/KZ/section/treaties-global", FL.ProfileSection),
        ("instrument/KZ/constitution-1995", FL.LegalInstrument),
        ("instrument/KZ/constitution-1995/art-17/para-2", FL.Provision),
        ("instrument/KZ/criminal-code/art-32/para-3", FL.Provision),
        ("adherence/KZ/cat-art22-competence", FL.TreatyAdherence),
        ("pronouncement/un-cat/KZ/2023-concluding-observations", FL.Pronouncement),
        ("pronouncement/un-hchr/KZ/2012-statement", FL.Pronouncement),
    ]:
        assert (_iri(path), RDF.type, cls) in graph, path
    provision = _iri("instrument/KZ/constitution-1995/art-15/para-1")
    assert graph.value(provision, ELI.number) == Literal("15(1)")
    article = _iri("instrument/KZ/constitution-1995/art-15")
    assert graph.value(provision, ELI.is_part_of) == article
    assert graph.value(article, ELI.is_part_of) == _iri("instrument/KZ/constitution-1995")


def test_adherence_status_and_provenance(reference_index: ReferenceIndex) -> None:
    graph = _graph(KZ.read_bytes(), "KZ", "Kazakhstan", reference_index)
    adherence = _iri("adherence/KZ/rome-statute")
    assert graph.value(adherence, FL.treaty) == _iri("treaty/rome-statute")
    assert graph.value(adherence, FL.status) == _iri("scheme/treaty-status/not-party")
    passage = graph.value(adherence, PROV.wasDerivedFrom)
    exact = graph.value(URIRef(f"{passage}#quote"), OA.exact)
    assert str(exact) == "1998 Rome Statute of the International Criminal Court | Not party |"


@pytest.mark.parametrize(
    ("file", "code", "expected"),
    [
        (
            "XA.txt",
            "XA",
            [
                "instrument/XA/police-act-2011/sec-14/para-1",
                "instrument/XA/constitution-2004/art-77/para-4",
                "adherence/XA/echr",
                "adherence/XA/ecpt",
                "pronouncement/ecthr/XA/2016-petrov-v-arcadia",
                "body/XA/supreme-court",
                "pronouncement/supreme-court/XA/2017-judgment",
            ],
        ),
        (
            "XB.txt",
            "XB",
            [
                "instrument/XB/criminal-procedure-code/sec-49/para-2",
                "instrument/XB/police-service-act-1995",
                "adherence/XB/achpr",
                "absence/XB/national-caselaw-2240",
                "pronouncement/achpr-commission/XB/2022-statement",
            ],
        ),
    ],
)
def test_fixture_profiles_map(
    file: str, code: str, expected: list[str], reference_index: ReferenceIndex
) -> None:
    names = {"XA": "Arcadia", "XB": "Borealia"}
    graph = _graph((PROFILES / file).read_bytes(), code, names[code], reference_index)
    subjects = {str(s).removeprefix(BASE) for s in graph.subjects(RDF.type, None)}
    for path in expected:
        assert path in subjects


def test_treaty_not_in_reference_data_names_line(reference_index: ReferenceIndex) -> None:
    text = MINIMAL.replace("1984 Convention against Torture (CAT)", "1999 Treaty of Nowhere")
    with pytest.raises(ProfileError) as caught:
        map_profile(parse(text, "t.txt"), StateInfo("TT", "Testland"), reference_index)
    assert caught.value.line == 5
    assert "treaty '1999 Treaty of Nowhere' is not in the reference data" in str(caught.value)


def test_fixture_xc_names_what_it_states_and_nothing_of_other_states(
    reference_index: ReferenceIndex,
) -> None:
    """XC has the shapes real profiles have and XA and XB lack: a designation in the state's
    name, short titles with years and jurisdictions, numbered decrees, nested paragraphs, a
    neighbour whose name holds the state's (its constitution, observations and court), a case
    against another state, 'None.', an absence in the past and one in a province."""
    data = (PROFILES / "XC.txt").read_bytes()
    text = data.decode("utf-8")
    graph = _graph(data, "XC", "Concordia (Federated States of)", reference_index)

    def paths(cls: URIRef) -> set[str]:
        return {str(s).removeprefix(BASE) for s in graph.subjects(RDF.type, cls)}

    assert paths(FL.LegalInstrument) == {
        "instrument/XC/constitution-1998",
        "instrument/XC/police-act-1964",
        "instrument/XC/police-act-1996",
        "instrument/XC/police-act-1990-ns",
        "instrument/XC/police-act-1990-ws",
        "instrument/XC/decree-no-14-of-2019",
        "instrument/XC/decree-no-15-of-2019",
    }
    decrees = {
        str(graph.value(URIRef(f"{BASE}instrument/XC/decree-no-{n}-of-2019"), RDFS.label))
        for n in (14, 15)
    }
    assert decrees == {
        "Decree No. 14/2019 on Public Assemblies (Concordia (Federated States of))",
        "Decree No. 15/2019 on Firearms (Concordia (Federated States of))",
    }
    assert paths(FL.Provision) == {
        "instrument/XC/constitution-1998/sec-12/para-1-a",
        "instrument/XC/constitution-1998/sec-12",  # named by the citation "Section 12(1)(a)"
        "instrument/XC/constitution-1998/sec-12/para-1",
        "instrument/XC/constitution-1998/sec-40",
        "instrument/XC/police-act-1996/sec-3/para-1-b",
        "instrument/XC/police-act-1996/sec-3",
        "instrument/XC/police-act-1996/sec-3/para-1",
        "instrument/XC/decree-no-15-of-2019/art-7",
    }
    assert {str(graph.value(s, RDFS.label)) for s in graph.subjects(RDF.type, FL.Body)} == {
        "Independent Office for Police Conduct",
        "Police Ombudsman for the Northern States",
        "Supreme Court of the Federated States of Concordia",
    }
    assert paths(FL.Pronouncement) == {
        "pronouncement/un-hrc/XC/2021-concluding-observations",
        "pronouncement/ecthr/XC/2019-marin-v-concordia",
        "pronouncement/supreme-court/XC/2018-judgment",
        "pronouncement/supreme-court/XC/2020-judgment",
    }
    kinds = {str(o).rsplit("/", 1)[-1] for o in graph.objects(None, FL.absentKind)}
    assert kinds == {"regional-human-rights-treaty"}
    for passage in graph.subjects(RDF.type, FL.SourcePassage):
        start = int(graph.value(URIRef(f"{passage}#position"), OA.start))  # type: ignore[arg-type]
        end = int(graph.value(URIRef(f"{passage}#position"), OA.end))  # type: ignore[arg-type]
        assert str(graph.value(URIRef(f"{passage}#quote"), OA.exact)) == text[start:end]
