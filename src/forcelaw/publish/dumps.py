"""Deterministic serializations of the dataset: canonical N-Triples/N-Quads, Turtle, TriG,
N-Triples of the union, JSON-LD, and reproducible gzip."""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from typing import NamedTuple

from rdflib import Dataset, Graph, Node

from forcelaw import jsonld, parallel
from forcelaw.graph import uris
from forcelaw.namespaces import BASE
from forcelaw.publish import turtle_writer
from forcelaw.terms import Iri, Lit, Triple, from_rdflib


def canonical_ntriples(graph: Graph) -> str:
    """Sorted N-Triples without blank lines: the form golden files and diffs compare."""
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "".join(f"{line}\n" for line in sorted(set(lines)) if line.strip())


def canonical_nquads(
    graphs: Mapping[str, Graph], base: str = BASE, texts: Mapping[str, Texts] | None = None
) -> str:
    """Every named graph as sorted N-Quads (graphs in name order, lines sorted within).

    ``texts`` may hold graphs already serialized by ``texts`` (serializing is the slow part)."""
    out: list[str] = []
    for name in sorted(graphs):
        graph_iri = uris.named_graph(name, base)
        for line in _ntriples(name, graphs, texts).splitlines():
            out.append(f"{line[:-2]} <{graph_iri}> .\n")
    return "".join(out)


def turtle(graph: Graph) -> str:
    """Turtle with the project's prefixes (rdflib sorts subjects, so output is stable): rdflib's
    serializer, with the memos of ``turtle_writer`` (the same bytes, 3 to 5 times faster)."""
    return turtle_writer.turtle(graph)


class Texts(NamedTuple):
    """A graph written once for every file made from it."""

    turtle: str  # ``turtle``
    ntriples: str  # ``canonical_ntriples``
    jsonld: str  # its nodes in the dataset's JSON-LD (``jsonld.graph_nodes_json``)


def graph_texts(graph: Graph) -> Texts:
    nodes = jsonld.graph_nodes_json([_triple(t) for t in graph])
    return Texts(turtle(graph), canonical_ntriples(graph), nodes)


def texts(graphs: Mapping[str, Graph], workers: int | None = None) -> dict[str, Texts]:
    """``graph_texts`` of each graph, shared among processes (``forcelaw.parallel``: by default
    two from 8 graphs on; rdflib's serializers are most of the time a release takes to write).
    The edition id, the graph files and the N-Quads, TriG and N-Triples dumps are made from them."""
    names = sorted(graphs)
    written = parallel.ordered_map(
        graph_texts, [graphs[name] for name in names], parallel.worker_count(workers, len(names))
    )
    return dict(zip(names, written, strict=True))


def trig(
    graphs: Mapping[str, Graph], base: str = BASE, texts: Mapping[str, Texts] | None = None
) -> str:
    """The whole dataset as TriG: one prefix block, then each named graph in name order.

    `texts` may hold graphs already serialized by `texts` (serializing is the slow part).
    """
    prefixes: set[str] = set()
    blocks: list[str] = []
    for name in sorted(graphs):
        known = texts.get(name) if texts else None
        lines = (known.turtle if known else turtle(graphs[name])).splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix"))
        body = "\n".join(
            f"    {line}" if line else "" for line in lines if not line.startswith("@")
        )
        blocks.append(f"<{uris.named_graph(name, base)}> {{\n{body.strip(chr(10))}\n}}\n")
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)


def as_dataset(graphs: Mapping[str, Graph], base: str = BASE) -> Dataset:
    """The named graphs as one rdflib Dataset (graph names minted by `uris.named_graph`)."""
    dataset = Dataset()
    for name, graph in graphs.items():
        target = dataset.graph(uris.named_graph(name, base))
        for triple in graph:
            target.add(triple)
    return dataset


def union_ntriples(graphs: Mapping[str, Graph], texts: Mapping[str, Texts] | None = None) -> str:
    """The union of every graph (the SPARQL default graph) as sorted N-Triples, each triple once."""
    lines: set[str] = set()
    for name in graphs:
        lines.update(_ntriples(name, graphs, texts).splitlines())
    return "".join(f"{line}\n" for line in sorted(lines))


def _ntriples(name: str, graphs: Mapping[str, Graph], texts: Mapping[str, Texts] | None) -> str:
    known = texts.get(name) if texts else None
    return known.ntriples if known else canonical_ntriples(graphs[name])


def dataset_jsonld(
    graphs: Mapping[str, Graph], base: str = BASE, texts: Mapping[str, Texts] | None = None
) -> str:
    """Every named graph as one JSON-LD document with the context inlined (usable offline).

    ``texts`` may hold graphs already written by ``texts`` (their nodes are then joined)."""
    if texts is not None and all(name in texts for name in graphs):
        nodes = {str(uris.named_graph(name, base)): texts[name].jsonld for name in graphs}
        return jsonld.dataset_document_from(nodes, jsonld.context()["@context"])
    named = {
        str(uris.named_graph(name, base)): [_triple(t) for t in graphs[name]] for name in graphs
    }
    return jsonld.dataset_document(named, jsonld.context()["@context"])


def gzipped(data: bytes) -> bytes:
    """``data`` gzipped reproducibly (no timestamp, no file name in the header), at zlib's
    default level: on the 197-state N-Quads, level 9 took three times as long (1.24 s against
    0.42 s) for a file 2.2% smaller."""
    return gzip.compress(data, compresslevel=6, mtime=0)


def _triple(triple: tuple[Node, Node, Node]) -> Triple:
    s, p, o = (from_rdflib(t) for t in triple)
    assert not isinstance(s, Lit) and isinstance(p, Iri)
    return (s, p, o)
