"""Every sentence of a profile is in its graph: covered by a fact, or kept as an unmodelled
passage."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF

from forcelaw.graph import uris
from forcelaw.graph.build import ingest
from forcelaw.graph.coverage import coverage
from forcelaw.graph.mapping import StateInfo
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import FL, OA
from tests.conftest import KZ, ROOT

KZ_INFO = StateInfo("KZ", "Kazakhstan")


def test_a_sentence_no_fact_derives_from_is_kept_as_an_unmodelled_passage(
    reference_index: ReferenceIndex,
) -> None:
    # Without its curated layer, Kazakhstan's profile has sentences the mapping does not model.
    profile, graph = ingest(KZ.read_bytes(), "KZ.txt", KZ_INFO, reference_index)
    uncovered = coverage(profile, graph).uncovered
    assert uncovered
    kept = set(graph.subjects(RDF.type, FL.UnmodelledPassage))
    assert kept == {uris.passage("KZ", s.span.start, s.span.end) for s in uncovered}
    for sentence in uncovered:
        passage = uris.passage("KZ", sentence.span.start, sentence.span.end)
        assert (passage, RDF.type, FL.SourcePassage) in graph
        quote = uris.passage_selector(passage, "quote")
        assert graph.value(quote, OA.exact) == Literal(sentence.text)
        assert graph.value(passage, DCTERMS.isPartOf) == uris.section("KZ", sentence.section)
        assert (None, PROV.wasDerivedFrom, passage) not in graph


def test_every_sentence_is_covered_or_kept(reference_index: ReferenceIndex) -> None:
    path = ROOT / "data" / "curated" / "KZ.ttl"
    for curated in (None, (str(path), path.read_text("utf-8"))):
        profile, graph = ingest(KZ.read_bytes(), "KZ.txt", KZ_INFO, reference_index, curated)
        covered = coverage(profile, graph)
        kept = set(graph.subjects(RDF.type, FL.UnmodelledPassage))
        assert covered.covered + len(kept) == covered.sentences == len(profile.sentences)
    assert kept == set()  # the curated layer covers every sentence of Kazakhstan's profile
