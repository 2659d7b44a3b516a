"""The dataset description against the standards it follows: VoID's vocabularies counted
from the data."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, FOAF, RDF, VOID

from forcelaw.publish import void

BASE = "https://w3id.org/forcelaw/id/"
EX = "http://example.org/vocab#"
STATES = {"KZ": "Kazakhstan"}
FILES = [
    void.FileInfo("graphs/KZ.ttl", 120, "ab" * 32, "text/turtle"),
    void.FileInfo("graphs/KZ.ttl.gz", 0, "cd" * 32, "text/turtle", "application/gzip"),
    void.FileInfo("dataset.nq", None, None, "application/n-quads"),
]


def _data() -> Graph:
    graph = Graph()
    state = URIRef(BASE + "state/KZ")
    graph.add((state, RDF.type, URIRef(EX + "Country")))
    graph.add((state, URIRef(EX + "name"), Literal("Kazakhstan")))
    graph.add((state, FOAF.name, Literal("Kazakhstan")))
    return graph


def _description(data: Graph | None = None) -> Graph:
    graphs = {"KZ": data if data is not None else _data()}
    return void.describe(graphs, "2026-01-01-x", "2026-01-01", FILES, STATES, BASE)


def test_every_vocabulary_the_data_and_its_description_use_is_listed() -> None:
    """The listed vocabularies were a fixed list that left out DCAT, VoID, SPDX, FOAF, PAV and
    the SPARQL service description, all of which the description itself uses, and any a new
    profile brings; they are now the namespaces of the terms counted."""
    data = _data()
    description = _description(data)
    union = Graph()
    for triple in (*data, *description):
        union.add(triple)
    used = {str(p) for p in union.predicates()} | {str(c) for c in union.objects(None, RDF.type)}
    listed = {str(v) for v in description.objects(void.dataset_iri(BASE), VOID.vocabulary)}
    for term in used:
        assert any(term.startswith(v) and term != v for v in listed), term
    for vocabulary in listed:
        assert any(term.startswith(vocabulary) for term in used), vocabulary
    assert {EX, str(DCAT), str(VOID), str(FOAF), "http://spdx.org/rdf/terms#"} <= listed


def test_a_vocabulary_the_data_does_not_use_is_not_listed() -> None:
    listed = {str(v) for v in _description().objects(None, VOID.vocabulary)}
    assert "http://data.europa.eu/eli/ontology#" not in listed  # the data has no ELI term
    assert "http://www.w3.org/ns/oa#" not in listed


def test_a_term_outside_the_known_namespaces_is_in_the_one_its_iri_ends() -> None:
    stats = void.Statistics(
        triples=2,
        entities=0,
        distinct_subjects=1,
        classes={"http://e.org/a/C": 1, "cls": 1},  # "cls": a blank node's label
        properties={"http://e.org/b#p": 1, "https://schema.org/name": 1},
    )
    assert void.vocabularies(stats) == ["http://e.org/a/", "http://e.org/b#", "https://schema.org/"]
