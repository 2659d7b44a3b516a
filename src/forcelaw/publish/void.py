"""The dataset description (VoID + DCAT 3) that goes into the metadata graph of each release.

The description is itself part of the dataset it describes (the ``metadata`` named graph, and so
part of the SPARQL default graph), so its statistics are computed over the content graphs *and*
the description, by iterating to a fixed point: a count's value never changes how many triples
state it, so the counts settle after a few rounds and then equal what the endpoint answers for
``SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }`` and its friends.

Each edition's distributions are its own files at their versioned URLs
(``https://w3id.org/forcelaw/release/VERSION/dumps/FILE``), which serve that edition's bytes for
as long as it is kept: the unversioned ``/dumps/FILE`` serves whichever edition is current, so an
older edition's sizes and checksums would stop matching it. The URLs are written at build time,
so a release's files never change after it is published (its dumps and static site stay byte for
byte as built; rewriting an older description when it is served would make the served one and
the one in its own dumps disagree).

The dataset's ``dct:issued`` is the day of its first edition (carried from edition to edition),
``dct:modified`` this edition's day.

A file that contains the description (``dataset.*``, ``graphs/metadata.ttl``, and their ``.gz``)
cannot carry its own size and checksum inside itself. Those distributions are described with
their media type and download URL only, and point (``rdfs:seeAlso``) to ``SHA256SUMS``, which
lists the SHA-256 of every file of the release; ``manifest.json`` lists the sizes too. The
description's own named graph states its size like the others (``void:triples``, the triple
that states it counted).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD
from rdflib.util import from_n3

from forcelaw.graph import uris
from forcelaw.jsonld import compact_iri
from forcelaw.namespaces import BASE, FL, PREFIXES, SD, SPDX, bind_prefixes
from forcelaw.publish.dumps import canonical_ntriples, ntriples_lines
from forcelaw.urls import Urls

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
SOURCE_SITE = URIRef("https://www.policinglaw.info/")
TITLE = "forcelaw: the law on police use of force, as linked data"
DESCRIPTION = (
    "Country profiles of the Law on Police Use of Force Worldwide as a knowledge "
    "graph: constitutional provisions, treaty adherence, national legislation, "
    "police oversight and caselaw, every fact traced to its source passage."
)
CATALOG_DESCRIPTION = (
    "The forcelaw dataset, in every edition, with its dumps and its SPARQL endpoint."
)
PUBLISHER = "forcelaw developers"  # as CITATION.cff names the authors
IANA = "https://www.iana.org/assignments/media-types/"
GZIP = "application/gzip"
CHECKSUMS_FILE = "SHA256SUMS"
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3; rdflib's namespace predates it
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
MAX_ROUNDS = 8
PAV = Namespace("http://purl.org/pav/")


@dataclass(frozen=True)
class FileInfo:
    """A file of a release: path relative to the release, media type, and (when the file does
    not contain the description) its size and SHA-256; ``compress_format`` for ``.gz`` files."""

    path: str
    bytes: int | None
    sha256: str | None
    media_type: str
    compress_format: str | None = None


@dataclass(frozen=True)
class Statistics:
    """VoID statistics of a set of triples (the union of graphs, duplicates counted once)."""

    triples: int
    entities: int
    distinct_subjects: int
    classes: dict[str, int]  # class IRI -> distinct instances
    properties: dict[str, int]  # property IRI -> triples


def site_root(base: str = BASE) -> str:
    """The site the base URI lives under ("https://w3id.org/forcelaw/")."""
    return Urls(base).site


def dataset_iri(base: str = BASE) -> URIRef:
    return URIRef(Urls(base).dataset)


def statistics(graphs: Iterable[Graph], base: str = BASE) -> Statistics:
    """Counts over the union of ``graphs``, as the endpoint's default graph computes them."""
    return _Tally().adding(graphs).statistics(base)


@dataclass
class _Tally:
    """What ``Statistics`` counts, over a union of triples that can grow: the description's
    rounds add a small graph to the same data, which is counted once.

    Triples are their canonical N-Triples lines (``dumps.canonical_ntriples``: one triple, one
    line), which a release has written already; counting strings is five times faster than
    reading rdflib's store. Subjects and classes are kept as their N-Triples tokens."""

    union: set[str] = field(default_factory=set)
    subjects: set[str] = field(default_factory=set)
    classes: dict[str, set[str]] = field(default_factory=dict)
    properties: dict[str, int] = field(default_factory=dict)

    def adding(self, graphs: Iterable[Graph]) -> _Tally:
        """A new tally of this union and ``graphs`` (this one is left as it is)."""
        return self.adding_lines(line for graph in graphs for line in _lines(graph))

    def adding_lines(self, lines: Iterable[str]) -> _Tally:
        """A new tally of this union and the triples of canonical N-Triples ``lines``."""
        tally = _Tally(
            set(self.union),
            set(self.subjects),
            {c: set(members) for c, members in self.classes.items()},
            dict(self.properties),
        )
        union, subjects, properties = tally.union, tally.subjects, tally.properties
        for line in lines:
            if line in union:
                continue
            union.add(line)
            subject, predicate, rest = line.split(" ", 2)
            subjects.add(subject)
            properties[predicate] = properties.get(predicate, 0) + 1
            if predicate == _TYPE:
                tally.classes.setdefault(rest[:-2], set()).add(subject)
        return tally

    def statistics(self, base: str) -> Statistics:
        return Statistics(
            triples=len(self.union),
            entities=_entities(self.subjects, base),
            distinct_subjects=len(self.subjects),
            classes={_key(c): len(members) for c, members in self.classes.items()},
            properties={_key(p): count for p, count in self.properties.items()},
        )

    def statistics_with(self, extra: Graph, base: str) -> Statistics:
        """``self.adding([extra]).statistics(base)`` without copying the union: the
        description's rounds add a few hundred triples to 340,000 (197 states)."""
        added = [line for line in _lines(extra) if line not in self.union]
        parts = [line.split(" ", 2) for line in added]
        new_subjects = {s for s, _, _ in parts if s not in self.subjects}
        properties = dict(self.properties)
        new_members: dict[str, set[str]] = {}
        for s, p, rest in parts:
            properties[p] = properties.get(p, 0) + 1
            if p == _TYPE and s not in self.classes.get(rest[:-2], ()):
                new_members.setdefault(rest[:-2], set()).add(s)
        classes = {c: len(members) for c, members in self.classes.items()}
        for cls, members in new_members.items():
            classes[cls] = classes.get(cls, 0) + len(members)
        return Statistics(
            triples=len(self.union) + len(added),
            entities=_entities(self.subjects, base) + _entities(new_subjects, base),
            distinct_subjects=len(self.subjects) + len(new_subjects),
            classes={_key(c): n for c, n in classes.items()},
            properties={_key(p): n for p, n in properties.items()},
        )


_TYPE = RDF.type.n3()


def _lines(graph: Graph) -> list[str]:
    """The graph's triples as canonical N-Triples lines (each once)."""
    return ntriples_lines(canonical_ntriples(graph))


def _key(token: str) -> str:
    """``str()`` of the term an N-Triples token writes (an IRI's text, a blank node's label, a
    literal's lexical form), as the statistics name classes and properties."""
    if token.startswith("<") and token.endswith(">"):
        return token[1:-1]
    if token.startswith("_:"):
        return token[2:]
    return str(from_n3(token))


def _entities(subjects: Iterable[str], base: str) -> int:
    opening = "<" + base
    return sum(1 for s in subjects if s.startswith(opening))


def describe(
    graphs: Mapping[str, Graph],
    version: str,
    created: datetime | str,
    files: Sequence[FileInfo],
    states: Mapping[str, str],
    base: str = BASE,
    ntriples: Mapping[str, str] | None = None,
    issued: str | None = None,
) -> Graph:
    """VoID/DCAT triples for a release, with statistics that include the description itself.

    ``ntriples``: each graph's ``canonical_ntriples``, if the caller has them already;
    ``issued``: the day of the dataset's first edition (default: this edition's)."""
    day = created if isinstance(created, str) else created.date().isoformat()
    first = min(issued, day) if issued else day
    if ntriples is not None and all(name in ntriples for name in graphs):
        data = _Tally().adding_lines(
            line for name in graphs for line in ntriples_lines(ntriples[name])
        )
    else:
        data = _Tally().adding(graphs.values())
    stats = data.statistics(base)
    for _ in range(MAX_ROUNDS):
        metadata = _describe_once(graphs, version, (first, day), files, states, base, stats)
        settled = data.statistics_with(metadata, base)
        if settled == stats:
            return metadata
        stats = settled
    raise RuntimeError(f"dataset statistics did not settle in {MAX_ROUNDS} rounds")


def vocabularies(stats: Statistics) -> list[str]:
    """The namespace of every property and class the data uses (VoID's ``void:vocabulary``), the
    description's own (VoID, DCAT, SPDX, ...) among them: a listed set drifts from the data."""
    terms = (*stats.properties, *stats.classes)
    return sorted({_namespace(term) for term in terms if _ABSOLUTE.match(term)})


def citation(version: str, day: str, base: str = BASE) -> str:
    """How to cite this edition of the dataset (also in CITATION.cff, without the edition)."""
    site = Urls(base).site
    return (
        f"forcelaw developers ({day[:4]}). {TITLE}. Edition {version} ({day}). "
        f"{site}release/{version}/ . Data from the Law on Police Use of Force Worldwide, "
        f"{SOURCE_SITE}, CC BY 4.0."
    )


def _describe_once(
    graphs: Mapping[str, Graph],
    version: str,
    days: tuple[str, str],
    files: Sequence[FileInfo],
    states: Mapping[str, str],
    base: str,
    stats: Statistics,
) -> Graph:
    urls = Urls(base)
    issued, day = days
    graph = bind_prefixes(Graph())
    dataset = URIRef(urls.dataset)
    add = graph.add
    add((dataset, RDF.type, VOID.Dataset))
    add((dataset, RDF.type, DCAT.Dataset))
    add((dataset, RDFS.label, Literal(TITLE, lang="en")))
    add((dataset, DCTERMS.title, Literal(TITLE, lang="en")))
    add((dataset, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    add((dataset, DCTERMS.license, LICENSE))
    add((LICENSE, RDF.type, DCTERMS.LicenseDocument))
    add((dataset, DCTERMS.publisher, URIRef(urls.publisher)))
    add((dataset, DCTERMS.source, SOURCE_SITE))
    add((dataset, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
    add((dataset, DCTERMS.modified, Literal(day, datatype=XSD.date)))
    add((dataset, DCAT_VERSION, Literal(version)))
    add((dataset, DCTERMS.bibliographicCitation, Literal(citation(version, day, base), lang="en")))
    add((dataset, DCAT.landingPage, URIRef(urls.site)))
    add((dataset, VOID.uriSpace, Literal(base)))
    add((dataset, VOID.sparqlEndpoint, URIRef(urls.sparql)))
    for vocabulary in vocabularies(stats):
        add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    add((dataset, RDFS.seeAlso, URIRef(urls.edition_dump(version, CHECKSUMS_FILE))))
    _statistics(graph, dataset, stats)
    for code in sorted(states):
        add((dataset, VOID.exampleResource, uris.state(code, base)))
    # Each profile is a source; the profile's own triples (its URL, fl:retrieved) stay in its
    # state's graph, and the graph built from it says where it was retrieved from (PAV). Not
    # when: pav:retrievedOn's range is xsd:dateTime and the manifest gives the day only, so
    # PAV's way (a made-up T00:00:00Z) would state a time nobody recorded; the day is the
    # profile's fl:retrieved (an xsd:date), which the graph reaches by dct:source.
    # Nothing is restated: a triple in two graphs would be counted twice by the endpoint.
    sources = {profile: source for profile, source in _sources(graphs)}
    for profile in sources:
        add((dataset, DCTERMS.source, profile))
    for name in sorted({*graphs, "metadata"}):
        subset = uris.named_graph(name, base)
        add((dataset, VOID.subset, subset))
        add((subset, RDF.type, VOID.Dataset))
        add((subset, RDF.type, SD.NamedGraph))
        add((subset, SD.name, subset))
        add((subset, RDFS.label, Literal(_graph_label(name, states), lang="en")))
        if name != "metadata":  # the description's own size is counted last, below
            add((subset, VOID.triples, Literal(len(graphs[name]), datatype=XSD.integer)))
        if name in states:
            profile = uris.profile(name, base)
            add((subset, DCTERMS.spatial, uris.state(name, base)))
            add((subset, DCTERMS.source, profile))
            if profile in sources:
                add((subset, PAV.retrievedFrom, sources[profile]))
    _catalog(graph, dataset, urls, days)
    for info in files:
        _distribution(graph, dataset, info, urls, version)
    # The description's graph counts itself: this triple is the one it adds.
    add((uris.named_graph("metadata", base), VOID.triples, _int(len(graph) + 1)))
    return graph


def _statistics(graph: Graph, dataset: URIRef, stats: Statistics) -> None:
    add = graph.add
    add((dataset, VOID.triples, _int(stats.triples)))
    add((dataset, VOID.entities, _int(stats.entities)))
    add((dataset, VOID.distinctSubjects, _int(stats.distinct_subjects)))
    add((dataset, VOID.classes, _int(len(stats.classes))))
    add((dataset, VOID.properties, _int(len(stats.properties))))
    class_names = _fragments(stats.classes)
    for cls, count in sorted(stats.classes.items()):
        part = URIRef(f"{dataset}#class-{class_names[cls]}")
        add((dataset, VOID.classPartition, part))
        add((part, VOID["class"], URIRef(cls)))
        add((part, VOID.entities, _int(count)))
    property_names = _fragments(stats.properties)
    for prop, count in sorted(stats.properties.items()):
        part = URIRef(f"{dataset}#property-{property_names[prop]}")
        add((dataset, VOID.propertyPartition, part))
        add((part, VOID.property, URIRef(prop)))
        add((part, VOID.triples, _int(count)))


def _catalog(graph: Graph, dataset: URIRef, urls: Urls, days: tuple[str, str]) -> None:
    add = graph.add
    catalog = URIRef(urls.catalog)
    service = URIRef(urls.sparql_service)
    endpoint = URIRef(urls.sparql)
    publisher = URIRef(urls.publisher)
    add((catalog, RDF.type, DCAT.Catalog))
    add((catalog, DCTERMS.title, Literal("forcelaw catalogue", lang="en")))
    add((catalog, RDFS.label, Literal("forcelaw catalogue", lang="en")))
    add((catalog, DCTERMS.description, Literal(CATALOG_DESCRIPTION, lang="en")))
    add((catalog, DCTERMS.publisher, publisher))
    add((catalog, DCTERMS.issued, Literal(days[0], datatype=XSD.date)))
    add((catalog, DCTERMS.modified, Literal(days[1], datatype=XSD.date)))
    add((catalog, FOAF.homepage, URIRef(urls.site)))
    add((publisher, RDF.type, FOAF.Agent))
    add((publisher, FOAF.name, Literal(PUBLISHER, lang="en")))
    add((publisher, RDFS.label, Literal(PUBLISHER, lang="en")))
    add((catalog, DCAT.dataset, dataset))
    add((catalog, DCAT.service, service))
    add((catalog, DCTERMS.license, LICENSE))
    add((service, RDF.type, DCAT.DataService))
    add((service, RDFS.label, Literal("forcelaw SPARQL endpoint", lang="en")))
    add((service, DCTERMS.title, Literal("forcelaw SPARQL endpoint", lang="en")))
    add((service, DCAT.endpointURL, endpoint))
    add((service, DCAT.endpointDescription, endpoint))
    add((service, DCAT.servesDataset, dataset))
    add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    add((service, DCTERMS.license, LICENSE))
    access = URIRef(f"{dataset}#sparql")
    add((dataset, DCAT.distribution, access))
    add((access, RDF.type, DCAT.Distribution))
    add((access, RDFS.label, Literal("Query the dataset over SPARQL 1.1", lang="en")))
    add((access, DCAT.accessURL, endpoint))
    add((access, DCAT.accessService, service))
    add((access, DCTERMS.license, LICENSE))


def _distribution(graph: Graph, dataset: URIRef, info: FileInfo, urls: Urls, version: str) -> None:
    add = graph.add
    dist = URIRef(urls.edition_dump(version, info.path))
    add((dataset, DCAT.distribution, dist))
    if info.path.startswith("dataset."):
        add((dataset, VOID.dataDump, dist))
    add((dist, RDF.type, DCAT.Distribution))
    add((dist, RDFS.label, Literal(f"Dump: {info.path}", lang="en")))
    add((dist, DCAT.downloadURL, dist))
    add((dist, DCAT.accessURL, URIRef(urls.edition_dump(version, ""))))
    # DCAT's ranges, stated: DCAT-AP's shapes check the class (no inference)
    media_type = URIRef(IANA + info.media_type)
    add((dist, DCAT.mediaType, media_type))
    add((media_type, RDF.type, DCTERMS.MediaType))
    if info.compress_format is not None:
        compress_format = URIRef(IANA + info.compress_format)
        add((dist, DCAT.compressFormat, compress_format))
        add((compress_format, RDF.type, DCTERMS.MediaType))
    add((dist, DCTERMS.license, LICENSE))
    if info.bytes is None or info.sha256 is None:
        add(
            (
                dist,
                DCTERMS.description,
                Literal(
                    "This file contains this description, so its size and SHA-256 cannot be "
                    f"stated inside it: see {CHECKSUMS_FILE} and manifest.json.",
                    lang="en",
                ),
            )
        )
        add((dist, RDFS.seeAlso, URIRef(urls.edition_dump(version, CHECKSUMS_FILE))))
        return
    checksum = URIRef(f"{dist}#sha256")
    add((dist, DCAT.byteSize, Literal(info.bytes, datatype=XSD.integer)))
    add((dist, SPDX.checksum, checksum))
    add((checksum, RDF.type, SPDX.Checksum))
    add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    add((checksum, SPDX.checksumValue, Literal(info.sha256, datatype=XSD.hexBinary)))


def _sources(graphs: Mapping[str, Graph]) -> list[tuple[URIRef, URIRef]]:
    """Each profile with its source URL, as the state graphs state them."""
    found = []
    for graph in graphs.values():
        for profile in graph.subjects(RDF.type, FL.CountryProfile):
            source = graph.value(profile, DCTERMS.source)
            if isinstance(profile, URIRef) and isinstance(source, URIRef):
                found.append((profile, source))
    return sorted(found, key=lambda row: str(row[0]))


def _fragments(iris: Iterable[str]) -> dict[str, str]:
    """Each IRI's name in its partition's IRI: its compact name with other characters as "-"
    (``fl-State``). IRIs that would share a name (``http://e/a#b``, ``http://e/a/b``) each get
    ``~`` and a hash of the IRI after it, so no two partitions are one node; ``~`` is in no
    plain name, so neither can be another's."""
    named: dict[str, list[str]] = {}
    for iri in sorted(iris):
        named.setdefault(_fragment(iri), []).append(iri)
    names: dict[str, str] = {}
    for name, members in named.items():
        for iri in members:
            digest = hashlib.sha256(iri.encode("utf-8")).hexdigest()[:12]
            names[iri] = name if len(members) == 1 else f"{name}~{digest}"
    return names


def _fragment(iri: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", compact_iri(iri)).strip("-")


_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # an IRI, not a blank node's label
_KNOWN = sorted(PREFIXES.values(), key=len, reverse=True)


def _namespace(iri: str) -> str:
    """The vocabulary ``iri`` is a term of: the longest known namespace it starts with, else
    its text up to its last ``#`` or ``/``."""
    known = next((ns for ns in _KNOWN if iri.startswith(ns) and len(iri) > len(ns)), None)
    if known is not None:
        return known
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut > 0 else iri


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _graph_label(name: str, states: Mapping[str, str]) -> str:
    if name in states:
        return f"Named graph of the {states[name]} profile"
    if name == "metadata":
        return "Named graph: the description of this dataset (VoID, DCAT)"
    return f"Named graph: {name}"
