"""VoID and DCAT: the statistics equal what the endpoint counts, every dump is discoverable and
verifiable from the description, and the union dump equals the endpoint's whole default graph."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib import RDF, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDFS, VOID, XSD

from forcelaw.publish.changes import Changeset, changeset_graph
from tests.server.conftest import Built

BASE = "https://w3id.org/forcelaw/id/"
DATASET = URIRef(BASE + "dataset")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
FL = rdflib.Namespace("https://w3id.org/forcelaw/ontology#")
PAV = rdflib.Namespace("http://purl.org/pav/")
IANA = "https://www.iana.org/assignments/media-types/"
INTEGER_TYPES = {
    str(XSD.integer),
    str(XSD.nonNegativeInteger),
    str(XSD.positiveInteger),
    str(XSD.int),
    str(XSD.long),
}


def void(site: TestClient) -> rdflib.Graph:
    response = site.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    return rdflib.Graph().parse(data=response.content, format="turtle")


def count(site: TestClient, query: str) -> int:
    response = site.get("/sparql", params={"query": query})
    rows: Any = response.json()["results"]["bindings"]
    return int(rows[0]["n"]["value"])


def rows(site: TestClient, query: str) -> list[dict[str, str]]:
    response = site.get("/sparql", params={"query": query})
    data: Any = response.json()
    return [{k: v["value"] for k, v in r.items()} for r in data["results"]["bindings"]]


def number(graph: rdflib.Graph, subject: URIRef, predicate: URIRef) -> int:
    value = graph.value(subject, predicate)
    assert isinstance(value, Literal), (subject, predicate)
    return int(value)


def test_no_triple_is_in_two_graphs(site: TestClient) -> None:
    """The endpoint's union default graph counts a triple once per graph that holds it
    (pyoxigraph), so the statistics equal its counts only while no triple is stated twice."""
    twice = rows(
        site,
        "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?s ?p ?o HAVING (COUNT(?g) > 1)",
    )
    assert twice == []


def test_statistics_equal_the_endpoint(site: TestClient) -> None:
    graph = void(site)
    assert number(graph, DATASET, VOID.triples) == count(
        site, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    )
    assert number(graph, DATASET, VOID.entities) == count(
        site,
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o "
        f"FILTER(isIRI(?s) && STRSTARTS(STR(?s), '{BASE}')) }}",
    )
    assert number(graph, DATASET, VOID.distinctSubjects) == count(
        site, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"
    )
    assert number(graph, DATASET, VOID.classes) == count(
        site, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }"
    )
    assert number(graph, DATASET, VOID.properties) == count(
        site, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"
    )
    classes = {
        r["c"]: int(r["n"])
        for r in rows(site, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")
    }
    described = {
        str(graph.value(part, VOID["class"])): number(graph, part, VOID.entities)  # type: ignore[arg-type]
        for part in graph.objects(DATASET, VOID.classPartition)
    }
    assert described == classes
    properties = {
        r["p"]: int(r["n"])
        for r in rows(site, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")
    }
    described = {
        str(graph.value(part, VOID.property)): number(graph, part, VOID.triples)  # type: ignore[arg-type]
        for part in graph.objects(DATASET, VOID.propertyPartition)
    }
    assert described == properties
    for subset in graph.objects(DATASET, VOID.subset):  # the description's own graph too
        assert number(graph, subset, VOID.triples) == count(  # type: ignore[arg-type]
            site, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{subset}> {{ ?s ?p ?o }} }}"
        )


def test_void_links_endpoint_space_examples_licence_sources(site: TestClient) -> None:
    graph = void(site)
    assert (DATASET, RDF.type, VOID.Dataset) in graph
    assert graph.value(DATASET, VOID.sparqlEndpoint) == URIRef("https://w3id.org/forcelaw/sparql")
    assert str(graph.value(DATASET, VOID.uriSpace)) == BASE
    assert URIRef(BASE + "state/KZ") in set(graph.objects(DATASET, VOID.exampleResource))
    assert graph.value(DATASET, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert graph.value(DATASET, DCTERMS.modified) is not None
    assert graph.value(DATASET, URIRef(str(DCAT) + "version")) is not None
    profile = URIRef(BASE + "profile/KZ")
    assert profile in set(graph.objects(DATASET, DCTERMS.source))
    kz = URIRef(BASE + "graph/KZ")
    assert graph.value(kz, DCTERMS.source) == profile
    assert str(graph.value(kz, PAV.retrievedFrom)).startswith("https://www.policinglaw.info/")
    # the day the profile was retrieved, reached from the graph (no time of day is stated)
    assert (kz, PAV.retrievedOn, None) not in graph
    query = f"SELECT ?day WHERE {{ <{kz}> <{DCTERMS.source}>/<{FL.retrieved}> ?day }}"
    answer: Any = site.get("/sparql", params={"query": query}).json()
    [row] = answer["results"]["bindings"]
    day = row["day"]
    assert (day["value"], day["datatype"]) == ("2026-11-25", str(XSD.date))
    version = str(graph.value(DATASET, URIRef(str(DCAT) + "version")))
    edition = f"https://w3id.org/forcelaw/release/{version}/dumps/"
    dumps = {str(d).removeprefix(edition) for d in graph.objects(DATASET, VOID.dataDump)}
    assert {"dataset.nq", "dataset.nt", "dataset.trig", "dataset.jsonld"} <= dumps
    assert "dataset.nt.gz" in dumps


def test_dcat_lets_a_harvester_find_and_verify_every_dump(site: TestClient, built: Built) -> None:
    """Every distribution's downloadURL is this edition's own file (``/release/VERSION/dumps/``,
    which keeps serving these bytes when a newer edition is current): its media type, size and
    checksum are those of the bytes served there."""
    graph = void(site)
    version = str(graph.value(DATASET, URIRef(str(DCAT) + "version")))
    edition = f"https://w3id.org/forcelaw/release/{version}/dumps/"
    manifest = json.loads((built.release / "manifest.json").read_text("utf-8"))
    listed = {f["path"]: f for f in manifest["files"]}
    sums = dict(
        reversed(line.split("  ", 1))
        for line in site.get(f"/release/{version}/dumps/SHA256SUMS").text.splitlines()  # type: ignore[misc]
    )
    seen = set()
    for dist in graph.objects(DATASET, DCAT.distribution):
        url = graph.value(dist, DCAT.downloadURL)
        if url is None:  # the SPARQL access distribution
            assert graph.value(dist, DCAT.accessService) is not None
            continue
        assert str(url).startswith(edition) and url == dist
        assert graph.value(dist, DCAT.accessURL) == URIRef(edition)
        path = str(url).removeprefix(edition)
        seen.add(path)
        entry = listed[path]
        media = str(graph.value(dist, DCAT.mediaType)).removeprefix(IANA)
        assert media == entry["media_type"]
        if path.endswith(".gz"):
            assert graph.value(dist, DCAT.compressFormat) == URIRef(IANA + "application/gzip")
        served = site.get(str(url).removeprefix("https://w3id.org/forcelaw"))
        assert served.status_code == 200, url
        body = served.content
        digest = hashlib.sha256(body).hexdigest()
        checksum = graph.value(dist, SPDX.checksum)
        if checksum is not None:
            assert str(graph.value(checksum, SPDX.checksumValue)) == digest  # type: ignore[arg-type]
            assert number(graph, dist, DCAT.byteSize) == len(body)  # type: ignore[arg-type]
        else:  # files that contain this description: verified through SHA256SUMS
            assert graph.value(dist, RDFS.seeAlso) == URIRef(edition + "SHA256SUMS")
            assert sums[path] == digest
    assert seen == set(listed)
    assert graph.value(DATASET, RDFS.seeAlso) == URIRef(edition + "SHA256SUMS")
    service = URIRef(BASE + "service/sparql")
    assert (service, RDF.type, DCAT.DataService) in graph
    assert graph.value(service, DCAT.endpointURL) == URIRef("https://w3id.org/forcelaw/sparql")
    assert (URIRef(BASE + "catalog"), DCAT.service, service) in graph


def test_the_catalogue_has_what_dcat_ap_requires(site: TestClient) -> None:
    """DCAT-AP's mandatory catalogue properties (title, description, publisher, dataset), and
    the dataset's publisher; ``dct:issued`` of a single edition is its own day."""
    graph = void(site)
    catalog = URIRef(BASE + "catalog")
    assert (catalog, RDF.type, DCAT.Catalog) in graph
    for predicate in (DCTERMS.title, DCTERMS.description):
        value = graph.value(catalog, predicate)
        assert isinstance(value, Literal) and value.language == "en", predicate
    publisher = graph.value(catalog, DCTERMS.publisher)
    assert publisher == URIRef(BASE + "publisher")
    assert graph.value(DATASET, DCTERMS.publisher) == publisher
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert str(graph.value(publisher, FOAF.name)) == "forcelaw developers"
    assert (catalog, DCAT.dataset, DATASET) in graph
    issued, modified = graph.value(DATASET, DCTERMS.issued), graph.value(DATASET, DCTERMS.modified)
    assert issued == modified and issued is not None
    assert graph.value(catalog, DCTERMS.issued) == issued
    assert site.get("/id/publisher", headers={"Accept": "text/turtle"}).status_code == 200


def canonical_integers(graph: rdflib.Graph) -> rdflib.Graph:
    """The store writes integer subtypes as xsd:integer in canonical form (pyoxigraph does);
    apply the same to a dump so the comparison shows every other difference."""
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and str(o.datatype) in INTEGER_TYPES:
            o = Literal(str(int(o)), datatype=XSD.integer)
        out.add((s, p, o))
    return out


def test_union_dump_equals_the_endpoint_graph(site: TestClient, built: Built) -> None:
    construct = site.get(
        "/sparql",
        params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
    )
    assert construct.status_code == 200
    endpoint = rdflib.Graph().parse(data=construct.content, format="nt")
    dump = rdflib.Graph().parse(data=site.get("/dumps/dataset.nt").content, format="nt")
    assert len(dump) == len(endpoint)
    assert isomorphic(canonical_integers(dump), endpoint)
    jsonld = rdflib.Dataset().parse(
        data=site.get("/dumps/dataset.jsonld").content, format="json-ld"
    )
    flat = rdflib.Graph()
    for s, p, o, _ in jsonld.quads():
        flat.add((s, p, o))
    assert isomorphic(flat, dump)


def test_live_rdflib_dereferences_a_state(site_live: str) -> None:
    """What the issue promises: rdflib's Graph().parse on the state URI, over real HTTP."""
    graph = rdflib.Graph().parse(f"{site_live}/id/state/KZ")
    assert (URIRef(BASE + "state/KZ"), RDF.type, FL.State) in graph
    for fmt in ("turtle", "json-ld", "xml", "nt"):
        parsed = rdflib.Graph().parse(f"{site_live}/id/state/KZ", format=fmt)
        assert (URIRef(BASE + "state/KZ"), RDFS.label, Literal("Kazakhstan", lang="en")) in parsed


@pytest.mark.parametrize(
    ("suffix", "media_type", "rdflib_format"),
    [
        ("ttl", "text/turtle", "turtle"),
        ("nt", "application/n-triples", "nt"),
        ("rdf", "application/rdf+xml", "xml"),
    ],
)
def test_the_description_has_a_url_in_each_format(
    site: TestClient, suffix: str, media_type: str, rdflib_format: str
) -> None:
    """``/.well-known/void.ttl`` (the static site's file, and what nginx answers) is the
    description in that format, whatever the Accept; an unknown suffix is a 404."""
    response = site.get(f"/.well-known/void.{suffix}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert isomorphic(graph, void(site))
    assert site.get("/.well-known/void.pdf").status_code == 404
    jsonld = site.get("/.well-known/void.jsonld")  # its @context is a URL: read elsewhere offline
    assert jsonld.status_code == 200
    assert jsonld.headers["content-type"].startswith("application/ld+json")


# Every dated property the release publishes, with the datatypes its vocabulary's range admits.
# A property missing here fails the test below: its range is to be looked up before it is used.
ANY_DATE = {str(XSD.date), str(XSD.dateTime), str(XSD.gYear), str(XSD.gYearMonth)}
DATED: dict[str, set[str]] = {
    # DCMI: rdfs:Literal, W3C-DTF recommended (a year, a month, a day or a time)
    str(DCTERMS.issued): ANY_DATE,
    str(DCTERMS.modified): ANY_DATE,
    str(DCTERMS.created): ANY_DATE,
    str(DCTERMS.date): ANY_DATE,
    # schema.org: Date or DateTime (ISO 8601, which has the reduced precisions too)
    "https://schema.org/startDate": ANY_DATE,
    "https://schema.org/endDate": ANY_DATE,
    # PAV, PROV and the changeset vocabulary: xsd:dateTime only
    str(PAV.retrievedOn): {str(XSD.dateTime)},
    str(PAV.createdOn): {str(XSD.dateTime)},
    "http://www.w3.org/ns/prov#generatedAtTime": {str(XSD.dateTime)},
    "http://purl.org/vocab/changeset/schema#createdDate": {str(XSD.dateTime)},
}


def test_every_date_has_a_datatype_its_property_admits(built: Built) -> None:
    """pav:retrievedOn was given an xsd:date (its range is xsd:dateTime); our own properties
    have the range the ontology declares."""
    dataset = rdflib.Dataset()
    dataset.parse(built.release / "dataset.nq", format="nquads")
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    # an edition's changeset, as the build writes it beside the dataset
    changes = Changeset("0.0.1", "0.0.2", (), ())
    graph += changeset_graph(changes, datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC).isoformat())
    dated = ANY_DATE | {str(XSD.time)}
    found: dict[str, set[str]] = {}
    for _, p, o in graph:
        if isinstance(o, Literal) and str(o.datatype) in dated:
            found.setdefault(str(p), set()).add(str(o.datatype))
    assert found, "the release states no date at all"
    for predicate, datatypes in sorted(found.items()):
        if predicate.startswith(str(FL)):
            allowed = {str(r) for r in graph.objects(URIRef(predicate), RDFS.range)}
        else:
            assert predicate in DATED, f"{predicate}: look up its range, then add it to DATED"
            allowed = DATED[predicate]
        assert datatypes <= allowed, (predicate, datatypes - allowed)
