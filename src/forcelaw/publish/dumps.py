"""Deterministic serializations of the dataset: canonical N-Triples/N-Quads, Turtle, TriG,
N-Triples of the union, JSON-LD, and reproducible gzip."""

from __future__ import annotations

import gzip
import re
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
    lines = ntriples_lines(graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))
    return "".join(f"{line}\n" for line in sorted(set(lines)) if line.strip())


def ntriples_lines(text: str) -> list[str]:
    """The lines of N-Triples or N-Quads ``text``, one statement each, without line ends.

    A line ends at LF (a literal's own line breaks are escaped). ``str.splitlines`` also
    breaks at characters a literal holds unescaped (form feed, U+0085, U+2028, U+2029,
    U+001C-U+001E), which would cut its statement in two."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def canonical_nquads(
    graphs: Mapping[str, Graph], base: str = BASE, texts: Mapping[str, Texts] | None = None
) -> str:
    """Every named graph as sorted N-Quads (graphs in name order, lines sorted within).

    ``texts`` may hold graphs already serialized by ``texts`` (serializing is the slow part)."""
    out: list[str] = []
    for name in sorted(graphs):
        graph_iri = uris.named_graph(name, base)
        for line in ntriples_lines(_ntriples(name, graphs, texts)):
            out.append(f"{line[:-2]} <{graph_iri}> .\n")
    return "".join(out)


def turtle(graph: Graph, prefixes: Mapping[str, str] | None = None) -> str:
    """Turtle with the project's prefixes and ``prefixes`` (rdflib sorts subjects, so output is
    stable): rdflib's serializer, with the memos of ``turtle_writer`` (the same bytes, 3 to 5
    times faster)."""
    return turtle_writer.turtle(graph, prefixes)


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
    """The whole dataset as TriG: the prefixes, then each named graph in name order.

    Each graph's block is its Turtle after the prefix lines, as written: a long literal's lines
    are its own, so nothing is indented or dropped inside it. A prefix the graphs bind alike is
    declared once at the top; one they bind differently (a generated ``ns1``) is declared again
    before each graph that declares it, so every name in a block means what it did in its graph.
    `texts` may hold graphs already serialized by `texts` (serializing is the slow part).
    """
    split: list[tuple[str, dict[str, str], str]] = []
    for name in sorted(graphs):
        known = texts.get(name) if texts else None
        prefixes, body = _turtle_parts(known.turtle if known else turtle(graphs[name]))
        split.append((name, prefixes, body))
    bindings: dict[str, set[str]] = {}
    for _, prefixes, _ in split:
        for prefix, namespace in prefixes.items():
            bindings.setdefault(prefix, set()).add(namespace)
    shared = {p: next(iter(ns)) for p, ns in bindings.items() if len(ns) == 1}
    blocks: list[str] = []
    for name, prefixes, body in split:
        own = "".join(_prefix_line(p, ns) for p, ns in sorted(prefixes.items()) if p not in shared)
        content = f"{body}\n" if body else ""
        blocks.append(f"{own}<{uris.named_graph(name, base)}> {{\n{content}}}\n")
    top = "".join(_prefix_line(p, ns) for p, ns in sorted(shared.items()))
    return (top + "\n" if top else "") + "\n".join(blocks)


def _turtle_parts(text: str) -> tuple[dict[str, str], str]:
    """A Turtle document of rdflib's serializer -> its leading ``@prefix`` declarations (prefix
    -> namespace) and the rest, blank lines around it removed. Only the lines before the first
    statement are read as declarations: after it, a line may be part of a long literal."""
    prefixes: dict[str, str] = {}
    position = 0
    while (match := _PREFIX_LINE.match(text, position)) is not None:
        prefixes[match["prefix"]] = match["namespace"]
        position = match.end()
    return prefixes, text[position:].strip("\n")


_PREFIX_LINE = re.compile(r"@prefix (?P<prefix>[^:\s]*): <(?P<namespace>[^>\s]*)> \.\n")


def _prefix_line(prefix: str, namespace: str) -> str:
    return f"@prefix {prefix}: <{namespace}> .\n"


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
        lines.update(ntriples_lines(_ntriples(name, graphs, texts)))
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
