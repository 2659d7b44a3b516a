"""The dataset description against the standards it follows: VoID's vocabularies and subsets
counted from the data, and DCAT-AP 3's constraints on catalogues, datasets and distributions."""

from __future__ import annotations

from pyshacl import validate as pyshacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID, XSD

from forcelaw.publish import void

BASE = "https://w3id.org/forcelaw/id/"
EX = "http://example.org/vocab#"
STATES = {"KZ": "Kazakhstan"}
FILES = [
    void.FileInfo("graphs/KZ.ttl", 120, "ab" * 32, "text/turtle"),
    void.FileInfo("graphs/KZ.ttl.gz", 0, "cd" * 32, "text/turtle", "application/gzip"),
    void.FileInfo("dataset.nq", None, None, "application/n-quads"),
]


# DCAT-AP 3.0's constraints (the SEMIC shapes: core and class ranges) on what the description
# states, in SHACL; the shapes are not a release file, so the test carries the part it checks.
# One is ours: DCAT-AP asks dcat:byteSize to be written xsd:nonNegativeInteger, and the release
# writes the xsd:integer of the same value, which the engine keeps as written (the README's
# "Integers are xsd:integer"), so it is checked as a non-negative xsd:integer.
DCAT_AP = """
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix spdx: <http://spdx.org/rdf/terms#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <http://example.org/dcat-ap#> .

:Date sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:dateTime ]
              [ sh:datatype xsd:gYear ] [ sh:datatype xsd:gYearMonth ] ) .

:Catalog a sh:NodeShape ; sh:targetClass dcat:Catalog ;
    sh:property [ sh:path dct:title ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ,
        [ sh:path dct:description ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ,
        [ sh:path dct:publisher ; sh:minCount 1 ; sh:maxCount 1 ; sh:class foaf:Agent ] ,
        [ sh:path dct:license ; sh:maxCount 1 ; sh:class dct:LicenseDocument ] ,
        [ sh:path dct:issued ; sh:maxCount 1 ; sh:node :Date ] ,
        [ sh:path dct:modified ; sh:maxCount 1 ; sh:node :Date ] ,
        [ sh:path foaf:homepage ; sh:maxCount 1 ] ,
        [ sh:path dcat:dataset ; sh:class dcat:Dataset ] ,
        [ sh:path dcat:service ; sh:class dcat:DataService ] .

:Dataset a sh:NodeShape ; sh:targetClass dcat:Dataset ;
    sh:property [ sh:path dct:title ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ,
        [ sh:path dct:description ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ,
        [ sh:path dct:publisher ; sh:maxCount 1 ; sh:class foaf:Agent ] ,
        [ sh:path dct:issued ; sh:maxCount 1 ; sh:node :Date ] ,
        [ sh:path dct:modified ; sh:maxCount 1 ; sh:node :Date ] ,
        [ sh:path dcat:version ; sh:maxCount 1 ; sh:nodeKind sh:Literal ] ,
        [ sh:path dcat:distribution ; sh:class dcat:Distribution ] .

:Distribution a sh:NodeShape ; sh:targetClass dcat:Distribution ;
    sh:property [ sh:path dcat:accessURL ; sh:minCount 1 ; sh:nodeKind sh:BlankNodeOrIRI ] ,
        [ sh:path dcat:downloadURL ; sh:nodeKind sh:BlankNodeOrIRI ] ,
        [ sh:path dcat:byteSize ; sh:maxCount 1 ; sh:datatype xsd:integer ; sh:minInclusive 0 ] ,
        [ sh:path dcat:mediaType ; sh:maxCount 1 ; sh:class dct:MediaType ] ,
        [ sh:path dcat:compressFormat ; sh:maxCount 1 ; sh:class dct:MediaType ] ,
        [ sh:path dct:license ; sh:maxCount 1 ; sh:class dct:LicenseDocument ] ,
        [ sh:path spdx:checksum ; sh:maxCount 1 ; sh:class spdx:Checksum ] ,
        [ sh:path dcat:accessService ; sh:class dcat:DataService ] .

:Checksum a sh:NodeShape ; sh:targetClass spdx:Checksum ;
    sh:property [ sh:path spdx:algorithm ; sh:minCount 1 ; sh:maxCount 1 ] ,
        [ sh:path spdx:checksumValue ; sh:minCount 1 ; sh:maxCount 1 ;
          sh:datatype xsd:hexBinary ] .

:DataService a sh:NodeShape ; sh:targetClass dcat:DataService ;
    sh:property [ sh:path dct:title ; sh:minCount 1 ; sh:nodeKind sh:Literal ] ,
        [ sh:path dcat:endpointURL ; sh:minCount 1 ; sh:nodeKind sh:BlankNodeOrIRI ] ,
        [ sh:path dct:license ; sh:maxCount 1 ; sh:class dct:LicenseDocument ] ,
        [ sh:path dcat:servesDataset ; sh:class dcat:Dataset ] .

:Agent a sh:NodeShape ; sh:targetClass foaf:Agent ;
    sh:property [ sh:path foaf:name ; sh:minCount 1 ; sh:nodeKind sh:Literal ] .
"""


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


def _dcat_ap_findings(description: Graph) -> list[str]:
    shapes = Graph().parse(data=DCAT_AP, format="turtle")
    _, report, _ = pyshacl_validate(description, shacl_graph=shapes)
    assert isinstance(report, Graph)
    sh = "http://www.w3.org/ns/shacl#"
    return sorted(
        f"{report.value(r, URIRef(sh + 'focusNode'))} {report.value(r, URIRef(sh + 'resultPath'))}"
        for r in report.subjects(RDF.type, URIRef(sh + "ValidationResult"))
    )


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


def test_the_description_graph_counts_itself() -> None:
    """The metadata subset had no void:triples (its size was left to manifest.json)."""
    description = _description()
    subset = URIRef(BASE + "graph/metadata")
    own = description.value(subset, VOID.triples)
    assert own == Literal(len(description), datatype=XSD.integer)
    for subset in description.objects(void.dataset_iri(BASE), VOID.subset):
        assert description.value(subset, VOID.triples) is not None, subset


def test_the_description_meets_dcat_ap() -> None:
    """Media types and the licence were not typed as DCAT-AP's shapes check (dct:MediaType,
    dct:LicenseDocument: no inference is made)."""
    description = _description()
    assert _dcat_ap_findings(description) == []
    media_types = set(description.objects(None, DCAT.mediaType))
    assert media_types and all((m, RDF.type, DCTERMS.MediaType) in description for m in media_types)


def test_the_dcat_ap_shapes_refuse_what_the_description_used_to_state() -> None:
    description = _description()
    description.remove((None, RDF.type, DCTERMS.MediaType))
    description.remove((None, RDF.type, DCTERMS.LicenseDocument))
    findings = _dcat_ap_findings(description)
    for predicate in (DCAT.mediaType, DCAT.compressFormat, DCTERMS.license):
        assert any(f.endswith(" " + str(predicate)) for f in findings), (predicate, findings)
