"""The JSON-LD document forms: a compacted document of the project's writer, expanded, is the
same graph; what is not under the project's context is not expanded."""

from __future__ import annotations

import json

import pytest
import rdflib
from rdflib.compare import isomorphic

from forcelaw import jsonld
from forcelaw.jsonld_forms import (
    COMPACTED,
    EXPANDED,
    FLATTENED,
    asked,
    expand,
    form_of,
    wants_expanded,
)
from forcelaw.namespaces import PREFIXES
from forcelaw.terms import RDF_LANG_STRING, Blank, Iri, Lit

FL = "https://w3id.org/forcelaw/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
TRIPLES = [
    (Iri("https://w3id.org/forcelaw/id/state/XA"), Iri(RDF_TYPE), Iri(FL + "State")),
    (Iri("https://w3id.org/forcelaw/id/state/XA"), Iri(FL + "isoCode"), Lit("XA")),
    (
        Iri("https://w3id.org/forcelaw/id/state/XA"),
        Iri(FL + "name"),
        Lit("Xa", "fr", RDF_LANG_STRING),
    ),
    (
        Iri("https://w3id.org/forcelaw/id/state/XA"),
        Iri(FL + "year"),
        Lit("1995", None, XSD + "gYear"),
    ),
    (Iri("https://w3id.org/forcelaw/id/state/XA"), Iri(FL + "part"), Blank("b0")),
    (Blank("b0"), Iri("http://example.org/p"), Iri("http://example.org/o")),
]


def graph_of(data: object) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=json.dumps(data), format="json-ld")
    return graph


def test_an_expanded_document_is_the_compacted_ones_graph() -> None:
    compacted = json.loads(jsonld.document(TRIPLES, jsonld.context()["@context"]))
    expanded = expand(
        json.loads(jsonld.document(TRIPLES, "/context.jsonld")), {"/context.jsonld": PREFIXES}
    )
    assert isinstance(expanded, list)
    assert form_of(expanded) == (EXPANDED, FLATTENED)
    assert isomorphic(graph_of(expanded), graph_of(compacted))
    assert len(graph_of(expanded)) == len(TRIPLES)
    node = next(n for n in expanded if n["@id"].endswith("/XA"))
    assert node["@type"] == [FL + "State"]
    assert node[FL + "isoCode"] == [{"@value": "XA"}]
    assert node[FL + "year"] == [{"@value": "1995", "@type": XSD + "gYear"}]
    assert node[FL + "name"] == [{"@value": "Xa", "@language": "fr"}]


def test_the_context_written_inline_is_read_too() -> None:
    document = json.loads(jsonld.document(TRIPLES, jsonld.context()["@context"]))
    assert form_of(document) == (COMPACTED, FLATTENED)
    expanded = expand(document, {})
    assert expanded is not None and all(":" not in k or "//" in k for n in expanded for k in n)


@pytest.mark.parametrize(
    "context",
    ["https://example.org/other.jsonld", {"fl": 1}, None, ["/context.jsonld"]],
)
def test_a_document_under_another_context_is_not_expanded(context: object) -> None:
    document = {"@context": context, "@graph": [{"@id": "http://a/s", "fl:p": "x"}]}
    assert expand(document, {"/context.jsonld": PREFIXES}) is None


def test_an_expanded_document_stays_as_it_is() -> None:
    document = [{"@id": "http://a/s", "http://a/p": [{"@value": "x"}]}]
    assert expand(document, {}) is document


@pytest.mark.parametrize(
    ("profile", "forms", "expanded"),
    [
        (EXPANDED, (EXPANDED,), True),
        (f"{EXPANDED} {FLATTENED}", (EXPANDED, FLATTENED), True),
        (f"{FLATTENED} {COMPACTED}", (FLATTENED, COMPACTED), False),
        (f"{EXPANDED} {COMPACTED}", (EXPANDED, COMPACTED), False),
        ("https://example.org/profile", (), False),
        ("", (), False),
        (None, (), False),
    ],
)
def test_the_forms_a_profile_names(
    profile: str | None, forms: tuple[str, ...], expanded: bool
) -> None:
    assert asked(profile) == forms
    assert wants_expanded(forms) is expanded
