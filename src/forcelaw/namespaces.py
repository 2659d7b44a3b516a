"""The namespaces the project mints in and the vocabularies it reuses."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

BASE = "https://w3id.org/forcelaw/id/"
ONTOLOGY_IRI = "https://w3id.org/forcelaw/ontology"
SHAPES_IRI = "https://w3id.org/forcelaw/shapes"

FL = Namespace(ONTOLOGY_IRI + "#")
FLSH = Namespace(SHAPES_IRI + "#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
SPDX = Namespace("http://spdx.org/rdf/terms#")

PREFIXES: dict[str, str] = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "dqv": str(DQV),
    "eli": str(ELI),
    "fl": str(FL),
    "flsh": str(FLSH),
    "oa": str(OA),
    "org": str(ORG),
    "owl": str(OWL),
    "pav": "http://purl.org/pav/",
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "sd": str(SD),
    "sh": str(SH),
    "skos": str(SKOS),
    "spdx": str(SPDX),
    "vann": "http://purl.org/vocab/vann/",
    "void": str(VOID),
    "xsd": str(XSD),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes (and only those) so serializations are stable."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph
