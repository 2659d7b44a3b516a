"""``TripleIndex``: the store validation runs on answers every triple pattern as rdflib's memory
store does, keeps no duplicates, and grows apart from its copies."""

from __future__ import annotations

import itertools
import random

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from forcelaw.triple_index import TripleIndex

EX = "https://example.org/"


def _triples(seed: int) -> list[tuple[object, object, object]]:
    """A few hundred triples over a small vocabulary, so that patterns share terms, with
    repeats, blank nodes, typed and language-tagged literals."""
    rng = random.Random(seed)
    subjects = [URIRef(f"{EX}s{i}") for i in range(12)] + [BNode(f"b{i}") for i in range(3)]
    predicates = [URIRef(f"{EX}p{i}") for i in range(5)] + [RDF.type]
    objects: list[object] = [*subjects[:6], URIRef(f"{EX}C1"), Literal("x")]
    objects += [Literal("x", lang="en"), *(Literal(n) for n in range(4))]  # xsd:integer
    return [(rng.choice(subjects), rng.choice(predicates), rng.choice(objects)) for _ in range(400)]


def _pair(triples: list[tuple[object, object, object]]) -> tuple[Graph, Graph]:
    indexed, memory = Graph(store=TripleIndex()), Graph()
    for triple in triples:
        indexed.add(triple)  # type: ignore[arg-type]
        memory.add(triple)  # type: ignore[arg-type]
    return indexed, memory


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_pattern_answers_as_the_memory_store(seed: int) -> None:
    triples = _triples(seed)
    indexed, memory = _pair(triples)
    assert len(indexed) == len(memory) == len(set(triples))
    absent = URIRef(f"{EX}absent")
    terms = [[*sorted({t[i] for t in triples}, key=str)[:5], absent] for i in range(3)]
    patterns = 0
    for mask in itertools.product((False, True), repeat=3):
        choices = [terms[i] if bound else [None] for i, bound in enumerate(mask)]
        for pattern in itertools.product(*choices):
            found = list(indexed.triples(pattern))  # type: ignore[arg-type]
            expected = list(memory.triples(pattern))  # type: ignore[arg-type]
            if all(part is None for part in pattern):
                assert sorted(found) == sorted(expected)  # the memory store keeps a set here
            else:
                assert found == expected, pattern  # same triples, same order
            assert len(found) == len(set(found))
            patterns += 1
    assert patterns > 200


def test_sparql_over_it_answers_as_over_the_memory_store() -> None:
    indexed, memory = _pair(_triples(4))
    query = f"""SELECT ?s ?o (COUNT(*) AS ?n) WHERE {{
        ?s <{EX}p1> ?x . OPTIONAL {{ ?x ?p ?o }} FILTER NOT EXISTS {{ ?s a <{EX}C1> }}
    }} GROUP BY ?s ?o"""
    rows = sorted(tuple(row) for row in indexed.query(query))  # type: ignore[arg-type]
    assert rows == sorted(tuple(row) for row in memory.query(query))  # type: ignore[arg-type]
    assert rows


def test_duplicates_removal_and_length() -> None:
    store = TripleIndex()
    graph = Graph(store=store)
    a, p, q = URIRef(f"{EX}a"), URIRef(f"{EX}p"), URIRef(f"{EX}q")
    graph.add((a, p, Literal(1)))
    graph.add((a, p, Literal(1)))
    graph.add((a, q, Literal(2)))
    graph.add((URIRef(f"{EX}b"), p, a))
    assert len(graph) == 3 and (a, p, Literal(1)) in graph
    graph.remove((a, None, None))
    assert len(graph) == 1 and list(graph) == [(URIRef(f"{EX}b"), p, a)]
    assert list(graph.triples((None, p, Literal(1)))) == []
    assert list(graph.triples((None, None, Literal(2)))) == []
    assert store._spo.keys() == {URIRef(f"{EX}b")}  # emptied index levels are dropped
    assert store._pos == {p: {a: {URIRef(f"{EX}b"): None}}}


def test_a_copy_grows_apart() -> None:
    original = TripleIndex()
    s, p = URIRef(f"{EX}s"), URIRef(f"{EX}p")
    original.add((s, p, Literal("shared")))
    twin = original.copy()
    twin.add((s, p, Literal("own")))
    original.add((s, p, Literal("later")))
    assert [t for t, _ in twin.triples((s, p, None))] == [
        (s, p, Literal("shared")),
        (s, p, Literal("own")),
    ]
    assert [t for t, _ in original.triples((None, p, None))] == [
        (s, p, Literal("shared")),
        (s, p, Literal("later")),
    ]
    assert len(original) == len(twin) == 2


def test_adding_while_iterating_is_allowed() -> None:
    graph = Graph(store=TripleIndex())
    s, p = URIRef(f"{EX}s"), URIRef(f"{EX}p")
    graph.add((s, p, Literal(0)))
    for n, (_s, _p, _o) in enumerate(graph.triples((s, p, None))):
        if n < 3:
            graph.add((s, p, Literal(n + 1)))
    assert len(graph) == 2  # what was listed when the walk began


def test_one_graph_whatever_the_context() -> None:
    store = TripleIndex()
    graph = Graph(store=store, identifier=URIRef(f"{EX}g"))
    other = Graph(store=store, identifier=URIRef(f"{EX}other"))
    graph.add((URIRef(f"{EX}s"), URIRef(f"{EX}p"), Literal(1)))
    assert len(other) == 1 and list(store.contexts()) == []
    with pytest.raises(ValueError, match="quoted"):
        store.add((URIRef(f"{EX}s"), URIRef(f"{EX}p"), Literal(1)), graph, quoted=True)


def test_prefixes_bind_like_the_memory_store() -> None:
    store = TripleIndex()
    store.bind("ex", URIRef(EX))
    store.bind("ex2", URIRef(EX))  # a namespace has one prefix
    store.bind("ex2", URIRef(EX), override=False)
    store.bind("other", URIRef(f"{EX}o/"), override=True)
    store.bind("other", URIRef(f"{EX}x/"), override=False)  # kept: not overridden
    assert store.prefix(URIRef(EX)) == "ex2" and store.namespace("ex") is None
    assert dict(store.namespaces()) == {"ex2": URIRef(EX), "other": URIRef(f"{EX}o/")}
