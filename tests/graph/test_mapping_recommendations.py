"""A pronouncement's sentence that gives its author's recommendation is a claim of the
claim-type recommendation: asserted by the author, reported in the pronouncement, about the
state, derived from the sentence. One in someone else's words is none."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, FL
from tests.graph.small_profile import mapped, profile_text

RECOMMENDATION = URIRef(f"{BASE}scheme/claim-type/recommendation")


def _graph(caselaw: list[str], index: ReferenceIndex) -> tuple[str, Graph]:
    text = profile_text(caselaw=("Global", *caselaw))
    return text, mapped(text, index)


def _recommendations(graph: Graph) -> list[URIRef]:
    return sorted(URIRef(c) for c in graph.subjects(FL.claimType, RECOMMENDATION))


def test_a_committee_s_recommendation_is_its_claim(reference_index: ReferenceIndex) -> None:
    sentence = (
        "In its 2021 Concluding Observations on Testland, the Committee against Torture urged "
        "the State party to investigate all deaths in custody."
    )
    text, graph = _graph([sentence], reference_index)
    (claim,) = _recommendations(graph)
    pronouncement = graph.value(claim, FL.reportedIn)
    assert (pronouncement, RDF.type, FL.Pronouncement) in graph
    assert str(claim) == str(pronouncement).replace("/pronouncement/", "/claim/") + (
        "-recommendation/1"
    )
    assert graph.value(claim, FL.assertedBy) == graph.value(pronouncement, FL.author)
    assert graph.value(claim, FL.about) == URIRef(f"{BASE}state/TT")
    (passage,) = graph.objects(claim, PROV.wasDerivedFrom)
    start, end = (int(n) for n in str(passage).rsplit("/", 1)[1].split("-"))
    assert text[start:end] == sentence
    assert (claim, RDF.type, FL.Claim) in graph


def test_each_phrasing_and_none_in_another_s_words(reference_index: ReferenceIndex) -> None:
    own = [
        "In 2019, the Human Rights Committee recommended that Testland adopt a use of force law.",
        "In 2020, the Human Rights Committee called upon Testland to prosecute the officers.",
        "In 2022, the Committee against Torture requested Testland to report on the inquiry.",
    ]
    others = [
        "In 2018, the Human Rights Committee noted that the Ombudsman had recommended that "
        "the officers be suspended.",
        "In 2017, the Committee against Torture requested information on the deaths.",
        "In 2016, the Committee against Torture expressed concern about the killings.",
    ]
    _text, graph = _graph(own + others, reference_index)
    claims = _recommendations(graph)
    years = sorted(
        str(graph.value(graph.value(c, FL.reportedIn), URIRef("http://purl.org/dc/terms/date")))
        for c in claims
    )
    assert years == ["2019", "2020", "2022"]
    pronouncements = set(graph.subjects(RDF.type, FL.Pronouncement))
    assert len(pronouncements) == len(own + others)  # each still a pronouncement, claim or none
