"""The dumps' serializations carry every literal and every name as the graph has them: line
ends inside literals, Unicode line boundaries, Turtle-looking text, prefixes bound differently;
and their description counts each class and property apart."""

from __future__ import annotations

import re

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, VOID

from forcelaw import jsonld
from forcelaw.errors import NotRepresentable
from forcelaw.publish import dumps, void
from forcelaw.terms import Iri, Lit

BASE = "https://w3id.org/forcelaw/id/"
SUBJECT = URIRef(BASE + "test/x")
COMMENT = URIRef("http://www.w3.org/2000/01/rdf-schema#comment")
# Characters str.splitlines() breaks at that N-Triples and Turtle write unescaped in a literal.
BOUNDARIES = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
# A long literal whose lines look like indentation, directives and the end of a block.
TURTLE_LOOKING = "First line.\n    indented\n@prefix x: <http://e/> .\n@base <http://e/> .\n}\n"


def _graph(*values: str) -> Graph:
    graph = Graph()
    for number, value in enumerate(values):
        graph.add((SUBJECT, COMMENT, Literal(f"{number}: {value} end", lang="en")))
    return graph


def _oxigraph(text: str, format: pyoxigraph.RdfFormat) -> set[tuple[str, str, str, str]]:
    return {
        (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
        for q in pyoxigraph.parse(text.encode("utf-8"), format=format)
    }


@pytest.mark.parametrize("boundary", BOUNDARIES, ids=lambda c: f"U+{ord(c):04X}")
def test_a_line_boundary_in_a_literal_stays_in_its_statement(boundary: str) -> None:
    graph = _graph(f"one{boundary}two", "plain")
    text = dumps.canonical_ntriples(graph)
    assert len(dumps.ntriples_lines(text)) == len(graph) == 2
    assert isomorphic(Graph().parse(data=text, format="nt"), graph)
    quads = dumps.canonical_nquads({"A": graph}, BASE)
    assert len(_oxigraph(quads, pyoxigraph.RdfFormat.N_QUADS)) == 2
    union = dumps.union_ntriples({"A": graph, "B": graph})
    assert isomorphic(Graph().parse(data=union, format="nt"), graph)
    assert void.statistics([graph], BASE).triples == 2


def test_ntriples_lines_split_at_line_feeds_only() -> None:
    assert dumps.ntriples_lines("a\u2028b\x0cc\nd\n") == ["a\u2028b\x0cc", "d"]
    assert dumps.ntriples_lines("a\nb") == ["a", "b"]
    assert dumps.ntriples_lines("") == []


def test_trig_keeps_a_long_literal_as_written() -> None:
    graph = _graph(TURTLE_LOOKING, "line\u2028boundary\nand a break")
    text = dumps.trig({"KZ": graph, "reference": _graph("other")}, BASE)
    parsed = Dataset().parse(data=text, format="trig")
    assert isomorphic(parsed.graph(URIRef(BASE + "graph/KZ")), graph)
    expected = _oxigraph(dumps.canonical_nquads({"KZ": graph}, BASE), pyoxigraph.RdfFormat.N_QUADS)
    found = _oxigraph(text, pyoxigraph.RdfFormat.TRIG)
    assert {q for q in found if q[3].endswith("graph/KZ>")} == expected


def test_trig_declares_a_prefix_bound_differently_before_each_graph() -> None:
    """rdflib generates ``ns1`` for a predicate's namespace without a prefix: two graphs may
    each have their own ``ns1``."""
    one, two = Graph(), Graph()
    one.add((SUBJECT, URIRef("http://one.example/vocab#p"), Literal("a")))
    two.add((SUBJECT, URIRef("http://two.example/vocab#p"), Literal("b")))
    assert "@prefix ns1:" in dumps.turtle(one) and "@prefix ns1:" in dumps.turtle(two)
    text = dumps.trig({"A": one, "B": two}, BASE)
    parsed = Dataset().parse(data=text, format="trig")
    assert isomorphic(parsed.graph(URIRef(BASE + "graph/A")), one)
    assert isomorphic(parsed.graph(URIRef(BASE + "graph/B")), two)
    nquads = dumps.canonical_nquads({"A": one, "B": two}, BASE)
    assert _oxigraph(text, pyoxigraph.RdfFormat.TRIG) == _oxigraph(
        nquads, pyoxigraph.RdfFormat.N_QUADS
    )


def test_trig_declares_a_shared_prefix_once() -> None:
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    one, two = Graph(), Graph()
    one.add((SUBJECT, label, Literal("a")))
    two.add((SUBJECT, label, Literal("b")))
    text = dumps.trig({"A": one, "B": two}, BASE)
    assert text.count("@prefix rdfs:") == 1
    assert text.index("@prefix rdfs:") < text.index("<" + BASE + "graph/A>")


def test_each_class_and_property_has_a_partition_of_its_own() -> None:
    """Names that would be alike once written as a fragment (``http://e/a#b``,
    ``http://e/a/b``, ``http://e/a-b``) are still one partition each, with its own count."""
    alike = ["http://example.org/a#b", "http://example.org/a/b", "http://example.org/a-b"]
    graph = Graph()
    for number, iri in enumerate(alike):
        for n in range(number + 1):
            graph.add((URIRef(f"{BASE}test/{iri[-3:]}/{n}"), URIRef(iri), Literal(n)))
            graph.add((URIRef(f"{BASE}test/{iri[-3:]}/{n}"), RDF.type, URIRef(iri + "C")))
    graph.add((SUBJECT, RDF.type, URIRef("https://w3id.org/forcelaw/ontology#State")))
    metadata = void.describe({"KZ": graph}, "v", "2026-01-01", [], {"KZ": "Kazakhstan"})
    for kind, count_of in ((VOID.property, VOID.triples), (VOID["class"], VOID.entities)):
        parts = {str(o): s for s, o in metadata.subject_objects(kind)}
        assert len(set(parts.values())) == len(parts)  # one partition node per term
        for number, iri in enumerate(alike):
            term = iri if kind == VOID.property else iri + "C"
            assert metadata.value(parts[term], count_of) == Literal(number + 1)
    state = parts["https://w3id.org/forcelaw/ontology#State"]
    assert str(state).endswith("#class-fl-State")  # a name no other shares stays as it is


@pytest.mark.parametrize("position", ["subject", "predicate", "object", "class", "datatype"])
@pytest.mark.parametrize("iri", ["fl:thing", "schema:x", "dct:title"])
def test_json_ld_refuses_an_iri_its_context_would_read_as_another(position: str, iri: str) -> None:
    s, p, o = Iri(BASE + "test/x"), Iri(str(COMMENT)), Iri(BASE + "test/y")
    if position == "subject":
        s = Iri(iri)
    elif position == "predicate":
        p = Iri(iri)
    elif position == "object":
        o = Iri(iri)
    elif position == "class":
        p, o = Iri(str(RDF.type)), Iri(iri)
    else:
        o = Lit("1", datatype=iri)
    with pytest.raises(NotRepresentable, match=re.escape(f"<{iri}>")) as refused:
        jsonld.document([(s, p, o)], jsonld.context()["@context"])
    assert "application/ld+json" not in refused.value.alternatives
    assert "text/turtle" in refused.value.alternatives


@pytest.mark.parametrize(
    "iri", ["fl://host/x", "flx:thing", "urn:isbn:0451450523", "https://schema.org/x", "x:fl:y"]
)
def test_json_ld_writes_every_other_iri_as_it_is(iri: str) -> None:
    triple = (Iri(BASE + "test/x"), Iri(iri), Iri(iri))
    text = jsonld.document([triple], jsonld.context()["@context"])
    quads = pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.JSON_LD)
    assert [(q.predicate.value, q.object.value) for q in quads] == [(iri, iri)]
