"""Client libraries as they are, against a ``forcelaw serve`` process on a loopback port:
SPARQLWrapper 2.0 in every return format (its ``format``/``output`` values and Accept headers)
by GET, POST form and POST direct, and rdflib's SPARQLStore for SELECT, ASK and CONSTRUCT."""

from __future__ import annotations

import json
import warnings
from typing import Any
from xml.dom.minidom import Document

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
    import httpx

    refused = httpx.get(live.endpoint, params={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert refused.status_code == 406
    assert "text/turtle" in json.loads(refused.content)["available"]
