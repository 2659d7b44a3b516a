"""The dataset description (VoID + DCAT) that goes into the metadata graph of each release."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, VOID, XSD

from forcelaw.graph import uris
from forcelaw.namespaces import BASE, FL, SD, SPDX, bind_prefixes

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
SOURCE_SITE = URIRef("https://www.policinglaw.info/")
TITLE = "forcelaw: the law on police use of force, as linked data"


@dataclass(frozen=True)
class FileInfo:
    """A file of a release: path relative to the release, size, SHA-256 and media type."""

    path: str
    bytes: int
    sha256: str
    media_type: str


def site_root(base: str = BASE) -> str:
    """The site the base URI lives under ("https://w3id.org/forcelaw/")."""
    return base.removesuffix("id/")


def dataset_iri(base: str = BASE) -> URIRef:
    return URIRef(base + "dataset")


def describe(
    graphs: Mapping[str, Graph],
    version: str,
    issued: str,
    files: Sequence[FileInfo],
    states: Mapping[str, str],
    base: str = BASE,
) -> Graph:
    """VoID/DCAT triples for a release: the dataset, a subset per named graph, its dumps."""
    graph = bind_prefixes(Graph())
    dataset = dataset_iri(base)
    site = site_root(base)
    total = sum(len(g) for g in graphs.values())
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, RDFS.label, Literal(TITLE, lang="en")))
    graph.add((dataset, DCTERMS.title, Literal(TITLE, lang="en")))
    graph.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                "Country profiles of the Law on Police Use of Force Worldwide as a knowledge "
                "graph: constitutional provisions, treaty adherence, national legislation, "
                "police oversight and caselaw, every fact traced to its source passage.",
                lang="en",
            ),
        )
    )
    graph.add((dataset, DCTERMS.license, LICENSE))
    graph.add((dataset, DCTERMS.source, SOURCE_SITE))
    graph.add((dataset, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
    graph.add((dataset, DCAT.version, Literal(version)))
    graph.add((dataset, VOID.triples, Literal(total, datatype=XSD.integer)))
    graph.add((dataset, VOID.uriSpace, Literal(base)))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(site + "sparql")))
    graph.add((dataset, VOID.vocabulary, URIRef(str(FL))))
    for name in sorted(graphs):
        subset = uris.named_graph(name, base)
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, RDF.type, SD.NamedGraph))
        graph.add((subset, SD.name, subset))
        graph.add((subset, RDFS.label, Literal(_graph_label(name, states), lang="en")))
        graph.add((subset, VOID.triples, Literal(len(graphs[name]), datatype=XSD.integer)))
        if name in states:
            graph.add((subset, DCTERMS.spatial, uris.state(name, base)))
            graph.add((subset, DCTERMS.source, uris.profile(name, base)))
    for info in files:
        _distribution(graph, dataset, info, site)
    return graph


def _distribution(graph: Graph, dataset: URIRef, info: FileInfo, site: str) -> None:
    dist = URIRef(f"{site}dumps/{info.path}")
    checksum = URIRef(f"{dist}#sha256")
    graph.add((dataset, DCAT.distribution, dist))
    graph.add((dist, RDF.type, DCAT.Distribution))
    graph.add((dist, RDFS.label, Literal(f"Dump: {info.path}", lang="en")))
    graph.add((dist, DCAT.downloadURL, dist))
    graph.add(
        (
            dist,
            DCAT.mediaType,
            URIRef(f"https://www.iana.org/assignments/media-types/{info.media_type}"),
        )
    )
    graph.add((dist, DCAT.byteSize, Literal(info.bytes, datatype=XSD.nonNegativeInteger)))
    graph.add((dist, DCTERMS.license, LICENSE))
    graph.add((dist, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(info.sha256, datatype=XSD.hexBinary)))


def _graph_label(name: str, states: Mapping[str, str]) -> str:
    if name in states:
        return f"Named graph of the {states[name]} profile"
    return f"Named graph: {name}"
