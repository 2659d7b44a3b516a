"""The output formats the project speaks: one registry for negotiation, suffix URLs and dumps.

Each format names its media type (and the aliases clients send for it), its file suffix, the
keywords accepted by a ``format=`` parameter and the pyoxigraph enum that writes it. The keywords
include the values SPARQLWrapper, Jena and Virtuoso clients send (``rdf+xml``, ``n3``,
``json-ld``); N3 names Turtle, which every N3 reader reads (N3 is a superset of Turtle).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import pyoxigraph as ox


class Kind(Enum):
    """What a format can carry: SPARQL results (SELECT/ASK) or an RDF graph (CONSTRUCT/DESCRIBE)."""

    RESULTS = "results"
    GRAPH = "graph"
    PAGE = "page"  # a page for people (HTML), rendered from a graph by the server
    CITATION = "citation"  # how to cite a resource (BibTeX, CSL-JSON, RIS), written by the server


@dataclass(frozen=True)
class Format:
    key: str
    kind: Kind
    media_type: str
    suffix: str
    keywords: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    label: str = ""

    @property
    def content_type(self) -> str:
        """The Content-Type header value: every format we write is UTF-8 text."""
        return f"{self.media_type}; charset=utf-8"

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)

    @property
    def iri(self) -> str:
        """The W3C format IRI (http://www.w3.org/ns/formats/...), for service descriptions.

        pyoxigraph's own IRI for JSON-LD (``https://www.w3.org/ns/formats/data/JSON-LD``) is not
        the registry's (https://www.w3.org/ns/formats/): the registry's is given instead."""
        return _REGISTRY_IRIS.get(self.key) or str(self.oxigraph.iri)

    @property
    def oxigraph(self) -> ox.QueryResultsFormat | ox.RdfFormat:
        return _OXIGRAPH[self.key]

    @property
    def rdf_format(self) -> ox.RdfFormat:
        """The pyoxigraph RDF format (graph formats only)."""
        fmt = _OXIGRAPH[self.key]
        if not isinstance(fmt, ox.RdfFormat):
            raise TypeError(f"{self.key} is not an RDF format")
        return fmt

    @property
    def is_dataset_format(self) -> bool:
        """TriG and N-Quads: graphs are written as quads in the default graph."""
        return self.key in ("trig", "nquads")


_REGISTRY_IRIS = {"jsonld": "http://www.w3.org/ns/formats/JSON-LD"}

_OXIGRAPH: dict[str, ox.QueryResultsFormat | ox.RdfFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}

# Order is server preference, used when the client's Accept does not decide.
FORMATS: tuple[Format, ...] = (
    Format(
        "json",
        Kind.RESULTS,
        "application/sparql-results+json",
        "srj",
        ("json", "srj"),
        ("application/json",),
        "SPARQL results in JSON",
    ),
    Format(
        "xml",
        Kind.RESULTS,
        "application/sparql-results+xml",
        "srx",
        ("xml", "srx"),
        ("application/xml", "text/xml"),
        "SPARQL results in XML",
    ),
    Format("csv", Kind.RESULTS, "text/csv", "csv", ("csv",), (), "SPARQL results in CSV"),
    Format(
        "tsv",
        Kind.RESULTS,
        "text/tab-separated-values",
        "tsv",
        ("tsv",),
        (),
        "SPARQL results in TSV",
    ),
    Format(
        "turtle",
        Kind.GRAPH,
        "text/turtle",
        "ttl",
        ("turtle", "ttl", "n3", "text/n3", "text/rdf+n3", "application/n3", "application/turtle"),
        ("application/x-turtle",),
        "Turtle",
    ),
    Format(
        "ntriples",
        Kind.GRAPH,
        "application/n-triples",
        "nt",
        ("ntriples", "n-triples", "nt"),
        ("text/plain",),
        "N-Triples",
    ),
    Format(
        "jsonld",
        Kind.GRAPH,
        "application/ld+json",
        "jsonld",
        ("jsonld", "json-ld", "json", "application/x-json+ld"),
        ("application/json",),
        "JSON-LD",
    ),
    Format(
        "rdfxml",
        Kind.GRAPH,
        "application/rdf+xml",
        "rdf",
        ("rdfxml", "rdf", "xml", "rdf+xml", "rdf/xml"),
        ("application/xml", "text/xml"),
        "RDF/XML",
    ),
    Format("trig", Kind.GRAPH, "application/trig", "trig", ("trig",), (), "TriG"),
    Format(
        "nquads",
        Kind.GRAPH,
        "application/n-quads",
        "nq",
        ("nquads", "n-quads", "nq"),
        (),
        "N-Quads",
    ),
    Format("html", Kind.PAGE, "text/html", "html", ("html",), ("application/xhtml+xml",), "HTML"),
    Format("bibtex", Kind.CITATION, "application/x-bibtex", "bib", ("bibtex", "bib"), (), "BibTeX"),
    Format(
        "csljson",
        Kind.CITATION,
        "application/vnd.citationstyles.csl+json",
        "csl",
        ("csljson", "csl-json", "csl"),
        (),
        "CSL-JSON",
    ),
    Format(
        "ris",
        Kind.CITATION,
        "application/x-research-info-systems",
        "ris",
        ("ris",),
        (),
        "RIS",
    ),
)

BY_KEY: dict[str, Format] = {f.key: f for f in FORMATS}


def formats_for(kind: Kind) -> tuple[Format, ...]:
    """The formats that can carry a given kind of answer, in server preference order."""
    return tuple(f for f in FORMATS if f.kind is kind)


def by_suffix(kinds: tuple[Kind, ...], suffix: str) -> Format | None:
    """The format a file suffix names (``ttl``, ``jsonld``, ``html``), among ``kinds``."""
    for fmt in FORMATS:
        if fmt.kind in kinds and fmt.suffix == suffix:
            return fmt
    return None


def by_keyword(kind: Kind, keyword: str) -> Format | None:
    """The format a ``format=`` value names: a keyword (``json``, ``ttl``) or a media type."""
    word = keyword.strip().lower()
    for fmt in formats_for(kind):
        if word in fmt.keywords or word in fmt.media_types:
            return fmt
    return None
