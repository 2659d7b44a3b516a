"""``turtle_writer`` writes the bytes rdflib's Turtle serializer writes, only faster: on every graph
of the checkout's release and the fixture profiles, and on the cases where its memos could be
wrong (an IRI without a prefixed name that gets one later, renamed prefixes, lists, nested blank
nodes, datatypes without a prefix, local names rdflib will not abbreviate)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from forcelaw.graph.build import (
    ProjectPaths,
    SourceEntry,
    assemble,
    build_state,
    load_ontology,
    load_reference,
)
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import bind_prefixes
from forcelaw.publish import dumps
from forcelaw.publish.editions import read_graphs
from forcelaw.publish.turtle_writer import FastTurtleSerializer, turtle

EX = "http://example.org/unbound/"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "profiles"


def rdflib_turtle(graph: Graph, names: Graph | None = None) -> str:
    """What the release wrote before ``turtle_writer``: rdflib's serializer over a copy of the
    graph with the prefixes bound."""
    copy = names if names is not None else bind_prefixes(Graph())
    for triple in graph:
        copy.add(triple)
    return copy.serialize(format="turtle")


def fast_turtle(graph: Graph, names: Graph) -> str:
    from io import BytesIO

    stream = BytesIO()
    FastTurtleSerializer(graph, names).serialize(stream, encoding="utf-8")
    return stream.getvalue().decode("utf-8")


def test_every_graph_of_the_release_is_written_as_rdflib_writes_it(paths: ProjectPaths) -> None:
    graphs = assemble(paths).graphs
    assert {"ontology", "reference", "KZ"} <= set(graphs)
    for name, graph in graphs.items():
        assert turtle(graph) == rdflib_turtle(graph), name
        assert dumps.turtle(graph) == rdflib_turtle(graph), name


def test_the_graphs_of_a_written_release_too(release_dir: Path) -> None:
    """Read back from the files (blank nodes fresh, the metadata graph with its lists)."""
    graphs = read_graphs(release_dir)
    assert graphs
    for name, graph in graphs.items():
        assert turtle(graph) == rdflib_turtle(graph), name


def unbound_then_named() -> Graph:
    """An IRI of an unbound namespace met as an object before a predicate of that namespace
    makes rdflib generate a prefix for it (``ns1``): later uses get the prefixed name."""
    graph = Graph()
    thing, used = URIRef(EX + "thing"), URIRef(EX + "usedAsPredicate")
    graph.add((URIRef("http://example.org/a"), RDFS.seeAlso, used))
    graph.add((URIRef("http://example.org/a"), RDFS.seeAlso, thing))
    graph.add((thing, used, Literal("x")))
    graph.add((URIRef("http://example.org/z"), RDFS.seeAlso, used))
    return graph


def lists_and_blank_nodes() -> Graph:
    graph = Graph()
    subject = URIRef("https://w3id.org/forcelaw/id/test/s")
    head = BNode()
    Collection(graph, head, [Literal(1), URIRef(EX + "member"), Literal("two", lang="en")])
    graph.add((subject, URIRef(EX + "list"), head))
    nested, inner = BNode(), BNode()
    graph.add((subject, RDFS.range, nested))
    graph.add((nested, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")))
    graph.add((nested, RDFS.comment, inner))
    graph.add((inner, RDFS.label, Literal("inner")))
    shared = BNode()  # referenced twice: written on its own, not nested
    graph.add((subject, RDFS.seeAlso, shared))
    graph.add((URIRef(EX + "other"), RDFS.seeAlso, shared))
    graph.add((shared, RDFS.label, Literal("shared")))
    graph.add((BNode(), RDFS.label, Literal("unreferenced")))
    return graph


def awkward_names() -> Graph:
    graph = Graph()
    subject = URIRef("https://w3id.org/forcelaw/ontology#ends.")
    graph.add((subject, RDFS.label, Literal("ends with a dot")))
    graph.add((subject, RDFS.seeAlso, URIRef("https://w3id.org/forcelaw/ontology#a(b)")))
    graph.add((subject, RDFS.seeAlso, URIRef("https://w3id.org/forcelaw/ontology#100%")))
    graph.add((subject, RDFS.seeAlso, URIRef("https://w3id.org/forcelaw/ontology#")))
    graph.add((subject, RDFS.comment, Literal("3", datatype=URIRef(EX + "myType"))))
    graph.add((subject, RDFS.comment, Literal("2", datatype=XSD.integer)))
    graph.add((subject, RDFS.comment, Literal("2.5", datatype=XSD.decimal)))
    graph.add((subject, RDFS.comment, Literal("true", datatype=XSD.boolean)))
    graph.add((subject, RDFS.comment, Literal('line\nbreak "quoted"')))
    graph.add((subject, RDFS.comment, Literal("2026-01-01", datatype=XSD.date)))
    return graph


CASES = {
    "unbound_then_named": unbound_then_named,
    "lists_and_blank_nodes": lists_and_blank_nodes,
    "awkward_names": awkward_names,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_edge_cases_are_written_as_rdflib_writes_them(case: str) -> None:
    graph = CASES[case]()
    assert turtle(graph) == rdflib_turtle(graph)
    assert isomorphic(Graph().parse(data=turtle(graph), format="turtle"), graph)


def test_a_generated_prefix_is_used_after_it_exists() -> None:
    text = turtle(unbound_then_named())
    assert "@prefix ns1: <http://example.org/unbound/>" in text
    assert "ns1:thing ns1:usedAsPredicate" in text
    assert "<http://example.org/unbound/thing>" not in text


def test_a_files_own_prefixes_are_written_as_rdflib_writes_them_bound() -> None:
    graph = unbound_then_named()
    names = bind_prefixes(Graph())
    names.bind("un", EX, override=True, replace=True)
    text = turtle(graph, {"un": EX})
    assert text == rdflib_turtle(graph, names)
    assert "@prefix un: <http://example.org/unbound/>" in text and "ns1:" not in text
    assert turtle(graph) == rdflib_turtle(graph)  # without them: as before


def test_prefixes_renamed_by_rdflib_are_renamed_alike() -> None:
    """A prefix starting with ``_`` is not Turtle: rdflib renames it (``p_x``), and a prefix
    bound to another namespace is renamed too; the memo must not skip that bookkeeping."""
    graph = Graph()
    graph.add((URIRef("http://example.org/u/a"), URIRef("http://example.org/u/p"), Literal("1")))
    graph.add((URIRef("http://example.org/v/b"), URIRef("http://example.org/u/p"), Literal("2")))

    def names() -> Graph:
        bound = Graph(bind_namespaces="none")
        bound.bind("_x", "http://example.org/u/")
        bound.bind("v", "http://example.org/v/")
        return bound

    expected = rdflib_turtle(graph, names())
    assert "p_x:" in expected
    assert fast_turtle(graph, names()) == expected


def test_a_graph_with_a_base_is_written_without_it() -> None:
    graph = Graph(base="http://example.org/base/")
    graph.add((URIRef("http://example.org/base/a"), RDFS.label, Literal("a")))
    assert turtle(graph) == rdflib_turtle(graph)
    assert "@base" not in turtle(graph)


def test_fixture_profiles_are_written_as_rdflib_writes_them(
    paths: ProjectPaths, reference_index: ReferenceIndex
) -> None:
    known = Graph()
    for triple in (*load_ontology(paths), *load_reference(paths)):
        known.add(triple)
    profiles = sorted(FIXTURES.glob("*.txt"))
    assert profiles
    for profile in profiles:
        entry = SourceEntry(profile.stem, profile.stem, profile, None, None, None)
        graph = build_state(entry, reference_index, known).graph
        assert len(graph) > 100
        assert turtle(graph) == rdflib_turtle(graph), profile.name
