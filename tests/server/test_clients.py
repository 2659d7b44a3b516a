"""Client libraries as they are, against a ``forcelaw serve`` process on a loopback port:
SPARQLWrapper 2.0 in every return format (its ``format``/``output`` values and Accept headers)
by GET, POST form and POST direct, rdflib's SPARQLStore for SELECT, ASK and CONSTRUCT and its
Graph().parse(url); and the requests of Jena ARQ, Comunica, YASGUI, curl and browsers, header
for header as their sources write them, on /sparql and /id/."""

from __future__ import annotations

import json
import warnings
from typing import Any
from xml.dom.minidom import Document

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDF,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)

from tests.server.conftest import LiveServer
from tests.server.release_fixture import FL, STATE, TREATY

SELECT = f"SELECT ?s WHERE {{ ?s a <{FL}State> }}"
ASK = f"ASK {{ <{STATE}> a <{FL}State> }}"
CONSTRUCT = f"CONSTRUCT WHERE {{ <{STATE}> ?p ?o }}"
DESCRIBE = f"DESCRIBE <{TREATY}>"
# How a client sends the query: (SPARQLWrapper method, request method)
WAYS = [("GET", URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)]
GRAPH_TYPES = {
    TURTLE: "text/turtle",
    N3: "text/turtle",  # Turtle is N3: the client's Accept lists text/turtle first
    RDFXML: "application/rdf+xml",
    XML: "application/rdf+xml",
    RDF: "application/rdf+xml",
    JSONLD: "application/ld+json",
}


def ask_with(live: LiveServer, query: str, fmt: str, way: tuple[str, str]) -> Any:
    client = SPARQLWrapper(live.endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(way[0])
    client.setRequestMethod(way[1])
    client.setTimeout(10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # its notes on Accept: */*
        return client.query()


def graph_of(body: bytes, media_type: str) -> rdflib.Graph:
    names = {
        "text/turtle": "turtle",
        "application/rdf+xml": "xml",
        "application/ld+json": "json-ld",
    }
    return rdflib.Graph().parse(data=body, format=names[media_type])


@pytest.mark.parametrize("way", WAYS, ids=lambda w: f"{w[0]}-{w[1]}")
@pytest.mark.parametrize("fmt", list(GRAPH_TYPES))
def test_sparqlwrapper_graph_formats(live: LiveServer, fmt: str, way: tuple[str, str]) -> None:
    """CONSTRUCT and DESCRIBE in every RDF return format: SPARQLWrapper sends
    ``format=rdf+xml&format=application/rdf+xml&output=...`` (or ``format=n3``) and an Accept."""
    for query, expected in ((CONSTRUCT, 3), (DESCRIBE, 3)):
        answer = ask_with(live, query, fmt, way)
        media_type = answer.response.headers["content-type"].split(";")[0]
        assert media_type == GRAPH_TYPES[fmt], (fmt, query)
        body = answer.response.read()
        assert len(graph_of(body, media_type)) == expected


@pytest.mark.parametrize("way", WAYS, ids=lambda w: f"{w[0]}-{w[1]}")
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_results_formats(live: LiveServer, fmt: str, way: tuple[str, str]) -> None:
    select = ask_with(live, SELECT, fmt, way).convert()
    ask = ask_with(live, ASK, fmt, way).convert()
    if fmt == JSON:
        assert [b["s"]["value"] for b in select["results"]["bindings"]] == [STATE]
        assert ask["boolean"] is True
    elif fmt == XML:
        assert isinstance(select, Document)
        uris = [n.firstChild.data for n in select.getElementsByTagName("uri")]
        assert uris == [STATE]
        assert ask.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        lines = select.decode("utf-8").splitlines()
        assert lines[1] in (STATE, f"<{STATE}>")
        assert ask.decode("utf-8").splitlines()[-1] in ("true", "True")


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("return_format", ["json", "xml"])
def test_rdflib_sparqlstore(live: LiveServer, return_format: str, method: str) -> None:
    """SPARQLStore(returnFormat="json") asks a CONSTRUCT as SPARQL JSON only: it gets Turtle
    (the default RDF format) rather than a 406, and reads it by its Content-Type."""
    store = SPARQLStore(live.endpoint, returnFormat=return_format, method=method, timeout=10)
    graph = rdflib.Graph(store)
    rows = list(graph.query(SELECT))
    assert [str(row[0]) for row in rows] == [STATE]  # type: ignore[index]
    assert graph.query(ASK).askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert constructed is not None and len(constructed) == 3
    assert (rdflib.URIRef(STATE), rdflib.RDF.type, rdflib.URIRef(FL + "State")) in constructed
    store.close()


def test_a_table_format_for_a_graph_stays_406(live: LiveServer) -> None:
    refused = httpx.get(live.endpoint, params={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert refused.status_code == 406
    assert "text/turtle" in json.loads(refused.content)["available"]


# --- what other clients send, header for header ---------------------------------------------
# Apache Jena ARQ (org.apache.jena.riot.WebContent, QueryExecHTTP): GET while the URL is within
# 2 KB, else POST application/sparql-query.
JENA_SELECT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "text/tab-separated-values;q=0.7, text/csv;q=0.5,application/json;q=0.2,"
    "application/xml;q=0.2,*/*;q=0.1"
)
JENA_ASK = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9,"
    "application/json;q=0.2,application/xml;q=0.2,*/*;q=0.1"
)
JENA_GRAPH = (
    "text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,"
    "application/rdf+xml;q=0.7,*/*;q=0.3"
)
JENA_DATASET = "application/trig,application/n-quads;q=0.9,application/ld+json;q=0.8,*/*;q=0.3"
# Comunica: fetch-sparql-endpoint (POST form) and its link traversal's dereferencing Accept.
FETCH_SPARQL = "application/sparql-results+json;q=1.0,application/sparql-results+xml;q=0.7"
COMUNICA_DEREFERENCE = (
    "application/n-quads,application/trig;q=0.95,application/ld+json;q=0.9,"
    "application/n-triples;q=0.8,text/turtle;q=0.6,application/rdf+xml;q=0.5,"
    "application/json;q=0.45,text/n3;q=0.35,application/xml;q=0.3,image/svg+xml;q=0.3,"
    "text/xml;q=0.3,text/html;q=0.2,application/xhtml+xml;q=0.18,text/shaclc;q=0.1,"
    "text/shaclc-ext;q=0.05"
)
# YASGUI (the vendored build's requestConfig defaults: POST form).
YASGUI_SELECT = "application/sparql-results+json,*/*;q=0.9"
YASGUI_GRAPH = "application/n-triples,*/*;q=0.9"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
CURL = "*/*"
FORM = "application/x-www-form-urlencoded"
LONG_SELECT = SELECT.replace("WHERE {", "WHERE { VALUES ?pad { " + "'pad' " * 400 + "}")

CLIENT_REQUESTS = [
    # (client, query, Accept, how it is sent, the media type it must get)
    ("jena", SELECT, JENA_SELECT, "get", "application/sparql-results+json"),
    ("jena long", LONG_SELECT, JENA_SELECT, "post-query", "application/sparql-results+json"),
    ("jena", ASK, JENA_ASK, "get", "application/sparql-results+json"),
    ("jena", CONSTRUCT, JENA_GRAPH, "get", "text/turtle"),
    ("jena", DESCRIBE, JENA_GRAPH, "get", "text/turtle"),
    ("jena dataset", CONSTRUCT, JENA_DATASET, "get", "application/trig"),
    ("comunica", SELECT, FETCH_SPARQL, "post-form", "application/sparql-results+json"),
    ("comunica", ASK, FETCH_SPARQL, "post-form", "application/sparql-results+json"),
    ("comunica", CONSTRUCT, "text/turtle", "post-form", "text/turtle"),
    ("yasgui", SELECT, YASGUI_SELECT, "post-form", "application/sparql-results+json"),
    ("yasgui", ASK, YASGUI_SELECT, "post-form", "application/sparql-results+json"),
    ("yasgui", CONSTRUCT, YASGUI_GRAPH, "post-form", "application/n-triples"),
    ("yasgui", DESCRIBE, YASGUI_GRAPH, "post-form", "application/n-triples"),
    ("curl", SELECT, CURL, "get", "application/sparql-results+json"),
    ("curl", CONSTRUCT, CURL, "post-form", "text/turtle"),
    ("browser form", SELECT, BROWSER, "post-form", "application/sparql-results+xml"),
]


def read_body(media_type: str, body: bytes) -> int:
    """How many rows, booleans or triples a parser for ``media_type`` reads in ``body``."""
    results = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    }
    if media_type in results:
        answer = ox.parse_query_results(body, format=results[media_type])
        return 1 if isinstance(answer, ox.QueryBoolean) else len(list(answer))
    if media_type == "text/html":
        return body.count(b"</html>")
    fmt = ox.RdfFormat.from_media_type(media_type)
    assert fmt is not None, media_type
    return len(list(ox.parse(body, format=fmt)))


@pytest.mark.parametrize(
    ("client", "query", "accept", "way", "media_type"),
    CLIENT_REQUESTS,
    ids=[f"{c}-{q.split()[0]}-{w}" for c, q, _, w, _ in CLIENT_REQUESTS],
)
def test_each_clients_request_gets_the_format_it_prefers(
    live: LiveServer, client: str, query: str, accept: str, way: str, media_type: str
) -> None:
    headers = {"Accept": accept}
    if way == "get":
        answer = httpx.get(live.endpoint, params={"query": query}, headers=headers)
    elif way == "post-form":
        body = httpx.QueryParams({"query": query})
        answer = httpx.post(
            live.endpoint, content=str(body), headers={**headers, "Content-Type": FORM}
        )
    else:
        sent = {**headers, "Content-Type": "application/sparql-query"}
        answer = httpx.post(live.endpoint, content=query.encode(), headers=sent)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == f"{media_type}; charset=utf-8", client
    assert read_body(media_type, answer.content) >= 1


DOCUMENT_REQUESTS = [
    ("comunica", COMUNICA_DEREFERENCE, "application/n-quads"),
    ("jena graph", JENA_GRAPH, "text/turtle"),
    ("jena dataset", JENA_DATASET, "application/trig"),
    ("yasgui", YASGUI_GRAPH, "application/n-triples"),
    ("browser", BROWSER, "text/html"),
    ("curl", CURL, "text/turtle"),
]


@pytest.mark.parametrize(("client", "accept", "media_type"), DOCUMENT_REQUESTS)
def test_each_client_dereferences_a_resource_in_the_format_it_prefers(
    live: LiveServer, client: str, accept: str, media_type: str
) -> None:
    answer = httpx.get(live.url + "/id/state/KZ", headers={"Accept": accept})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == f"{media_type}; charset=utf-8", client
    assert read_body(media_type, answer.content) >= 1


def test_rdflib_graph_parse_reads_a_resource_and_a_construct_url(live: LiveServer) -> None:
    """rdflib's Graph().parse(url) as it is (its own Accept: every parser's media type, RDF/XML
    first): a document, and a CONSTRUCT whose predicate RDF/XML cannot write (it gets Turtle,
    which it also accepts, not a 406)."""
    document = rdflib.Graph().parse(live.url + "/id/state/KZ")
    assert (rdflib.URIRef(STATE), rdflib.RDF.type, rdflib.URIRef(FL + "State")) in document
    construct = (
        f"CONSTRUCT {{ <{STATE}> <http://example.org/p/123> ?o }} WHERE {{ <{STATE}> ?p ?o }}"
    )
    url = live.endpoint + "?" + str(httpx.QueryParams({"query": construct}))
    constructed = rdflib.Graph().parse(url)
    assert len(constructed) == 3
