"""``/shapes``: the SHACL shapes a release was validated with (its ``shapes.ttl``; else the
checkout's). They are a file, not part of the queried dataset, so they are read here once and
kept: Turtle as published, other formats converted once, and a page listing each shape."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from fastapi import Request
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import RDF, SH

from forcelaw import jsonld
from forcelaw.formats import Format, Kind, formats_for
from forcelaw.graph.build import stable_blank_nodes
from forcelaw.namespaces import PREFIXES, SHAPES_IRI
from forcelaw.publish.dumps import canonical_ntriples
from forcelaw.results import serialize_graph
from forcelaw.server.site import Site
from forcelaw.terms import Iri, Lit, from_rdflib
from forcelaw.urls import SHAPES_PATH


@dataclass(frozen=True)
class PropertyRule:
    path: str
    constraints: tuple[tuple[str, str], ...]
    message: str | None


@dataclass(frozen=True)
class Shape:
    iri: str
    anchor: str
    targets: tuple[str, ...]
    message: str | None
    severity: str | None
    properties: tuple[PropertyRule, ...]


def serialized(site: Site, path: Path, fmt: Format) -> bytes:
    """The shapes in ``fmt`` (Turtle is the file itself)."""
    memo = _memo(site)
    key = f"shapes:{fmt.key}"
    if key not in memo:
        if fmt.key == "turtle":
            memo[key] = path.read_bytes()
        elif fmt.key == "jsonld":
            triples = []
            for s, p, o in _graph(site, path):
                subject, predicate, obj = from_rdflib(s), from_rdflib(p), from_rdflib(o)
                if isinstance(subject, Lit) or not isinstance(predicate, Iri):
                    continue
                triples.append((subject, predicate, obj))
            memo[key] = jsonld.document(triples, jsonld.context()["@context"]).encode("utf-8")
        else:
            memo[key] = _written(_graph(site, path), fmt)
    data = memo[key]
    assert isinstance(data, bytes)
    return data


def page(site: Site, request: Request, path: Path) -> str:
    """The shapes page: one section per shape, anchored by its local name."""
    return site.render(
        "shapes.html",
        request,
        shapes=_shapes(_graph(site, path)),
        path=path.name,
        alternates=[(f, f"{SHAPES_PATH}.{f.suffix}") for f in formats_for(Kind.GRAPH)],
    )


def _shapes(graph: Graph) -> list[Shape]:
    found = []
    for node in sorted(set(graph.subjects(RDF.type, SH.NodeShape)), key=str):
        if not isinstance(node, URIRef):
            continue
        rules = []
        for prop in graph.objects(node, SH.property):
            constraints = sorted(
                (jsonld.compact_iri(str(p)), _show(graph, o))
                for p, o in graph.predicate_objects(prop)
                if p not in (SH.path, SH.message, RDF.type)
            )
            rules.append(
                PropertyRule(
                    _show(graph, graph.value(prop, SH.path)),
                    tuple(constraints),
                    _message(graph, prop),
                )
            )
        message = _message(graph, node)
        severity = graph.value(node, SH.severity)
        iri = str(node)
        found.append(
            Shape(
                iri=iri,
                anchor=iri.removeprefix(SHAPES_IRI + "#") if "#" in iri else iri,
                targets=tuple(sorted(str(t) for t in graph.objects(node, SH.targetClass))),
                message=message,
                severity=jsonld.compact_iri(str(severity)) if severity is not None else None,
                properties=tuple(sorted(rules, key=_rule_key)),
            )
        )
    return found


def _rule_key(rule: PropertyRule) -> tuple[str, tuple[tuple[str, str], ...], str]:
    """Whole rules compared: two rules on one path came in the store's order, which changes
    from one process to the next (and with it the page's bytes and entity tag)."""
    return (rule.path, rule.constraints, rule.message or "")


def _message(graph: Graph, node: Node) -> str | None:
    """The shape's message (the first as text if it has several, whatever the store's order)."""
    messages = sorted(str(m) for m in graph.objects(node, SH.message))
    return messages[0] if messages else None


def _show(graph: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, Literal):
        return str(node)
    if isinstance(node, URIRef):
        return jsonld.compact_iri(str(node))
    items = list(graph.items(node)) if graph.value(node, RDF.first) is not None else []
    if items:
        return "(" + " ".join(_show(graph, i) for i in items) + ")"
    inner = [
        f"{jsonld.compact_iri(str(p))} {_show(graph, o)}" for p, o in graph.predicate_objects(node)
    ]
    return "[" + "; ".join(sorted(inner)) + "]"


def _graph(site: Site, path: Path) -> Graph:
    memo = _memo(site)
    if "shapes:graph" not in memo:
        # Canonical blank-node labels: rdflib's parser names them at random on each start.
        memo["shapes:graph"] = stable_blank_nodes(Graph().parse(path, format="turtle"))
    graph = memo["shapes:graph"]
    assert isinstance(graph, Graph)
    return graph


def _written(graph: Graph, fmt: Format) -> bytes:
    """``graph`` in ``fmt`` (N-Triples, RDF/XML, TriG, N-Quads; the last two in the shapes'
    named graph), the same bytes at every start and in every build's static site.

    rdflib's writers follow its store's order, which changes from one process to the next: the
    triples are written by pyoxigraph instead, in the order of their sorted N-Triples lines."""
    triples = list(ox.parse(canonical_ntriples(graph), format=ox.RdfFormat.N_TRIPLES))
    return serialize_graph(fmt, triples, PREFIXES, graph=SHAPES_IRI)


def _memo(site: Site) -> dict[str, object]:
    return site.memo
