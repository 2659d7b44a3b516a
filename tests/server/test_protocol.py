"""SPARQL 1.1 Protocol cases against the real app: each format parsed back with a real parser."""

from __future__ import annotations

import csv
import io
import json
import warnings
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from fastapi.testclient import TestClient

from forcelaw.server.openapi import unique_operation_ids
from tests.server.release_fixture import (
    FL,
    GRAPH_KZ,
    GRAPH_REF,
    HOSTILE_TEXT,
    PROVISION,
    QUADS,
    STATE,
    TREATY,
)

TEXT_QUERY = f"SELECT ?s ?text WHERE {{ ?s <{FL}verbatimText> ?text }}"
TYPES_QUERY = "SELECT ?s ?type WHERE { ?s a ?type } ORDER BY ?s"
EXPECTED_TYPES = sorted((s, o.strip("<>")) for s, p, o, _ in QUADS if p.endswith("#type"))


def rows_of(body: bytes, media_type: str) -> list[dict[str, str]]:
    """Parse SPARQL results with pyoxigraph's own parser (JSON, XML, TSV)."""
    fmt = ox.QueryResultsFormat.from_media_type(media_type)
    parsed = ox.parse_query_results(body, fmt)
    return [
        {v.value: row[v].value for v in parsed.variables if row[v] is not None} for row in parsed
    ]


def test_get_select_json(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": TYPES_QUERY})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json; charset=utf-8"
    assert "accept" in response.headers["vary"].lower()
    data = response.json()
    got = [(b["s"]["value"], b["type"]["value"]) for b in data["results"]["bindings"]]
    assert sorted(got) == EXPECTED_TYPES
    assert response.headers["x-result-rows"] == str(len(EXPECTED_TYPES))


@pytest.mark.parametrize(
    "accept",
    ["application/sparql-results+json", "application/sparql-results+xml",
     "text/tab-separated-values"],
)  # fmt: skip
def test_select_formats_parse_back(client: TestClient, accept: str) -> None:
    response = client.get("/sparql", params={"query": TEXT_QUERY}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{accept}; charset=utf-8"
    assert rows_of(response.content, accept) == [{"s": PROVISION, "text": HOSTILE_TEXT}]


def test_select_csv_parses_back(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": TEXT_QUERY}, headers={"Accept": "text/csv"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text, newline="")))
    assert rows == [{"s": PROVISION, "text": HOSTILE_TEXT}]


def test_post_form(client: TestClient) -> None:
    response = client.post(
        "/sparql",
        content=urlencode({"query": TEXT_QUERY}),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200
    assert rows_of(response.content, "application/sparql-results+json")[0]["text"] == HOSTILE_TEXT


def test_post_direct_with_charset(client: TestClient) -> None:
    query = 'SELECT ("Ω ünïcode" AS ?x) WHERE {}'
    response = client.post(
        "/sparql",
        content=query.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-8"},
    )
    assert response.status_code == 200
    assert rows_of(response.content, "application/sparql-results+json") == [{"x": "Ω ünïcode"}]


def test_ask(client: TestClient) -> None:
    yes = client.get("/sparql", params={"query": f"ASK {{ <{STATE}> a <{FL}State> }}"})
    assert yes.json() == {"head": {}, "boolean": True}
    no = client.get(
        "/sparql",
        params={"query": f"ASK {{ <{STATE}> a <{FL}Treaty> }}"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert bool(ox.parse_query_results(no.content, ox.QueryResultsFormat.XML)) is False


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [("text/turtle", "turtle"), ("application/n-triples", "nt"),
     ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")],
)  # fmt: skip
def test_construct_formats_parse_back(client: TestClient, accept: str, rdflib_format: str) -> None:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{GRAPH_KZ}> {{ ?s ?p ?o }} }}"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{accept}; charset=utf-8"
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert len(graph) == sum(1 for q in QUADS if q[3] == GRAPH_KZ)
    texts = list(graph.objects(rdflib.URIRef(PROVISION), rdflib.URIRef(FL + "verbatimText")))
    assert [str(t) for t in texts] == [HOSTILE_TEXT]


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_construct_dataset_formats(client: TestClient, fmt: str) -> None:
    query = f"CONSTRUCT WHERE {{ <{TREATY}> ?p ?o }}"
    response = client.get("/sparql", params={"query": query, "format": fmt})
    media_type = response.headers["content-type"].split(";")[0]
    quads = list(ox.parse(response.content, ox.RdfFormat.from_media_type(media_type)))
    assert len(quads) == 3


def test_describe(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": f"DESCRIBE <{TREATY}>"})
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    graph = rdflib.Graph().parse(data=response.content, format="turtle")
    assert len(graph) == 3


def test_default_graph_is_union_and_graph_works(client: TestClient) -> None:
    union = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert union.json()["results"]["bindings"][0]["n"]["value"] == str(len(QUADS))
    graphs = client.get("/sparql", params={"query": "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"})
    got = {b["g"]["value"] for b in graphs.json()["results"]["bindings"]}
    assert got == {GRAPH_KZ, GRAPH_REF}


def test_protocol_dataset(client: TestClient) -> None:
    count = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    only_ref = client.get("/sparql", params={"query": count, "default-graph-uri": GRAPH_REF})
    assert only_ref.json()["results"]["bindings"][0]["n"]["value"] == "3"
    named = client.get(
        "/sparql",
        params={
            "query": "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": GRAPH_KZ,
        },
    )
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [GRAPH_KZ]


def test_query_from_clause_is_honoured(client: TestClient) -> None:
    """A query's own FROM replaces the union default graph (on every store)."""
    own = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH_REF}> {{ ?s ?p ?o }}"
    answer = client.get("/sparql", params={"query": own})
    assert answer.json()["results"]["bindings"][0]["n"]["value"] == "3"
    quoted = 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER(?o != "FROM <x>") }'
    union = client.get("/sparql", params={"query": quoted})
    assert int(union.json()["results"]["bindings"][0]["n"]["value"]) > 3


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/*;q=0.9, */*;q=0.1", "text/csv"),
        ("application/json", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/tab-separated-values, text/csv", "text/tab-separated-values"),
        ("text/*, text/csv;q=0", "text/tab-separated-values"),
    ],
)
def test_accept_negotiation(client: TestClient, accept: str, expected: str) -> None:
    response = client.get("/sparql", params={"query": TYPES_QUERY}, headers={"Accept": accept})
    assert response.headers["content-type"].split(";")[0] == expected


def test_format_parameter_overrides_accept(client: TestClient) -> None:
    response = client.get(
        "/sparql", params={"query": TYPES_QUERY, "format": "csv"}, headers={"Accept": "text/html"}
    )
    assert response.headers["content-type"].startswith("text/csv")


def test_cors_on_answers_and_preflight(client: TestClient) -> None:
    response = client.get(
        "/sparql", params={"query": TYPES_QUERY}, headers={"Origin": "https://yasgui.example"}
    )
    assert response.headers["access-control-allow-origin"] == "*"
    assert "X-Request-Id" in response.headers["access-control-expose-headers"]
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert preflight.headers["access-control-allow-headers"] == "content-type"
    plain = client.options("/sparql")
    assert plain.status_code == 204 and "POST" in plain.headers["allow"]


def test_service_description_turtle(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.content, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    flsd = rdflib.Namespace("https://w3id.org/forcelaw/service#")
    service = next(graph.subjects(rdflib.RDF.type, sd.Service))
    # the published endpoint, as the VoID says it, whatever Host the request named
    assert graph.value(service, sd.endpoint) == rdflib.URIRef("https://w3id.org/forcelaw/sparql")
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.feature, sd.UnionDefaultGraph) in graph
    formats = set(graph.objects(service, sd.resultFormat))
    assert rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats
    assert graph.value(service, flsd.queryTimeout).toPython() == 5
    assert graph.value(service, flsd.maxResultRows).toPython() == 50
    names = set(graph.objects(None, sd.name))
    assert names == {rdflib.URIRef(GRAPH_KZ), rdflib.URIRef(GRAPH_REF)}
    assert graph.value(flsd.maxResultRows, rdflib.RDFS.comment) is not None
    # The edition's name is a literal of dcat:version; dct:hasVersion would name a resource.
    dataset = graph.value(service, sd.defaultDataset)
    version = graph.value(dataset, rdflib.URIRef("http://www.w3.org/ns/dcat#version"))
    assert isinstance(version, rdflib.Literal) and str(version)
    assert not list(graph.objects(None, rdflib.namespace.DCTERMS.hasVersion))


def test_service_description_jsonld_and_html(client: TestClient) -> None:
    jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"] == "application/ld+json; charset=utf-8"
    graph = rdflib.Graph().parse(data=jsonld.content, format="json-ld")
    assert len(graph) > 20
    html = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert html.headers["content-type"] == "text/html; charset=utf-8"
    assert "<form" in html.text and "sd:Service" in html.text


def test_hostile_literal_is_escaped_in_html_free_formats(client: TestClient) -> None:
    response = client.get(
        "/sparql",
        params={"query": TEXT_QUERY},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert b"<script>" not in response.content
    assert json.loads(client.get("/sparql", params={"query": TEXT_QUERY}).content)


def test_openapi_and_problem_types(client: TestClient) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # FastAPI warned of every GET and HEAD route's one id
        spec = client.get("/openapi.json").json()
    assert "/sparql" in spec["paths"]
    ids = [op["operationId"] for item in spec["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))
    for method in ("get", "head", "post"):
        assert spec["paths"]["/sparql"][method]["operationId"] == f"sparql_sparql_{method}"
    described = client.get("/problems/query-timeout").json()
    assert described["status"] == 504


@pytest.mark.parametrize("order", [("GET", "HEAD", "POST"), ("POST", "HEAD", "GET")])
def test_openapi_ids_end_with_their_own_method(order: tuple[str, ...]) -> None:
    # FastAPI ends a route's id with the first method of its set, which varies between processes.
    first = order[0].lower()
    schema = {"paths": {"/x": {m.lower(): {"operationId": f"x_x_{first}"} for m in order}}}
    ids = unique_operation_ids(schema)["paths"]["/x"]
    assert {m: op["operationId"] for m, op in ids.items()} == {
        "get": "x_x_get",
        "head": "x_x_head",
        "post": "x_x_post",
    }


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/sparql", {}),
        ("/sparql", {"query": TYPES_QUERY}),
        ("/sparql", {"query": TYPES_QUERY, "format": "csv"}),
        ("/problems/not-found", {}),
    ],
)
def test_head_wherever_get(client: TestClient, path: str, params: dict[str, str]) -> None:
    got = client.get(path, params=params)
    head = client.head(path, params=params)
    assert got.status_code == head.status_code == 200
    assert head.content == b""
    for name in ("content-type", "content-length", "vary", "etag"):
        assert head.headers.get(name) == got.headers.get(name), name


def test_allow_of_a_405_agrees_with_options(client: TestClient) -> None:
    allow = client.options("/sparql").headers["allow"]
    assert allow == "GET, HEAD, POST, OPTIONS"
    refused = client.put("/sparql", content="x")
    assert refused.status_code == 405 and refused.headers["allow"] == allow
    for path in ("/problems/not-found", "/id/state/KZ", "/", "/dumps/", "/compare", "/query"):
        options = client.options(path)
        assert options.status_code == 204 and options.content == b""
        assert options.headers["allow"] == "GET, HEAD, OPTIONS"  # it was a 405
        refused = client.request("PATCH", path)
        assert refused.status_code == 405 and refused.headers["allow"] == "GET, HEAD, OPTIONS"
    missing = client.options("/no-such-path")
    assert missing.status_code == 404 and "allow" not in missing.headers


XML_RESULTS = "application/sparql-results+xml"


def _problem_406(response: httpx.Response, *, names: tuple[str, ...]) -> dict[str, object]:
    assert response.status_code == 406, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, object] = response.json()
    assert str(problem["type"]).endswith("/not-acceptable")
    assert "cannot be written in" in str(problem["detail"])
    for name in names:
        assert name in str(problem["detail"]) and name in problem["available"]  # type: ignore[operator]
    return problem


@pytest.mark.parametrize("escape", ["\\u0001", "\\u000B", "\\u001F", "\\uFFFE", "\\uFFFF"])
def test_results_xml_never_ill_formed(client: TestClient, escape: str) -> None:
    """A literal holding a character XML 1.0 cannot carry: 406 naming JSON, not a 200 that no
    XML parser reads; JSON carries it."""
    query = f'SELECT ?x {{ BIND("a{escape}b" AS ?x) }}'
    response = client.get("/sparql", params={"query": query}, headers={"Accept": XML_RESULTS})
    _problem_406(response, names=("application/sparql-results+json",))
    as_json = client.get("/sparql", params={"query": query, "format": "json"})
    value = as_json.json()["results"]["bindings"][0]["x"]["value"]
    assert value == "a" + chr(int(escape[2:], 16)) + "b"


def test_results_xml_keeps_carriage_returns(client: TestClient) -> None:
    query = 'SELECT ?x { BIND("a\\rb\\r\\nc\\td" AS ?x) }'
    response = client.get("/sparql", params={"query": query}, headers={"Accept": XML_RESULTS})
    assert response.status_code == 200
    assert b"&#13;" in response.content and b"\r" not in response.content
    assert rows_of(response.content, XML_RESULTS) == [{"x": "a\rb\r\nc\td"}]


@pytest.mark.parametrize(
    "template",
    ['<http://e/s> <http://e/p> "a\\u0001b"', '<http://e/s> <http://e/123> "x"',
     '<http://e/s> <http://e/> "x"'],
)  # fmt: skip
def test_rdfxml_answers_never_ill_formed(client: TestClient, template: str) -> None:
    """A C0 character, or a predicate with no XML local name: 406 naming Turtle, not ill-formed
    RDF/XML; Turtle carries the same answer."""
    query = f"CONSTRUCT {{ {template} }} WHERE {{}}"
    rdfxml = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/rdf+xml"}
    )
    _problem_406(rdfxml, names=("text/turtle", "application/n-triples"))
    turtle = client.get("/sparql", params={"query": query}, headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200
    assert len(rdflib.Graph().parse(data=turtle.content, format="turtle")) == 1


def test_rdfxml_answer_keeps_carriage_returns(client: TestClient) -> None:
    query = 'CONSTRUCT { <http://e/s> <http://e/p> "a\\rb" } WHERE {}'
    response = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/rdf+xml"}
    )
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.content, format="xml")
    assert set(graph.objects()) == {rdflib.Literal("a\rb")}


def test_jsonld_construct_with_a_triple_term_is_406(client: TestClient) -> None:
    query = (
        "CONSTRUCT { <http://e/s> <http://e/p> <<( <http://e/a> <http://e/b> <http://e/c> )>> }"
        " WHERE {}"
    )
    jsonld = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/ld+json"}
    )
    problem = _problem_406(jsonld, names=("text/turtle", "application/n-triples"))
    assert "triple term" in str(problem["detail"])
    assert "application/ld+json" not in problem["available"]  # type: ignore[operator]
    ntriples = client.get("/sparql", params={"query": query, "format": "ntriples"})
    assert ntriples.status_code == 200
    assert "<<( <http://e/a> <http://e/b> <http://e/c> )>>" in ntriples.text


def test_base_direction_in_every_results_format(client: TestClient) -> None:
    query = 'SELECT ?l { BIND("x"@en--ltr AS ?l) }'

    def body(fmt: str) -> bytes:
        response = client.get("/sparql", params={"query": query, "format": fmt})
        assert response.status_code == 200
        return response.content

    literal = json.loads(body("json"))["results"]["bindings"][0]["l"]
    assert literal == {"type": "literal", "value": "x", "xml:lang": "en", "its:dir": "ltr"}
    assert b'its:dir="ltr"' in body("xml")
    assert body("tsv").decode().splitlines()[1] == '"x"@en--ltr'
    expected = ox.Literal("x", language="en", direction=ox.BaseDirection.LTR)
    for fmt, media_type in (("json", "application/sparql-results+json"), ("xml", XML_RESULTS)):
        parsed = ox.parse_query_results(
            body(fmt), ox.QueryResultsFormat.from_media_type(media_type)
        )
        assert [row["l"] for row in parsed] == [expected], fmt  # type: ignore[union-attr]


# rdflib's Graph().parse(url) with no format (rdflib 7: every parser's media type, all q=1, RDF/XML
# first) and a browser's: each accepts another format that carries what the first cannot.
RDFLIB_ACCEPT = (
    "application/rdf+xml, text/n3, text/turtle, application/n-triples, application/ld+json, "
    "application/n-quads, application/trix, application/trig"
)
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_an_answer_its_first_format_cannot_carry_comes_in_the_next_one_accept_takes(
    client: TestClient,
) -> None:
    """406 only when nothing Accept takes can carry the answer: RDF/XML that cannot be written
    falls to Turtle for rdflib's Accept, XML results to JSON for a browser's form POST; the
    answer is kept under its own format, so a client taking RDF/XML alone still gets the 406."""
    construct = 'CONSTRUCT { <http://e/s> <http://e/123> "x" } WHERE {}'
    first = client.get("/sparql", params={"query": construct}, headers={"Accept": RDFLIB_ACCEPT})
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "text/turtle; charset=utf-8"
    assert len(rdflib.Graph().parse(data=first.content, format="turtle")) == 1
    again = client.get("/sparql", params={"query": construct}, headers={"Accept": RDFLIB_ACCEPT})
    assert (again.status_code, again.content) == (200, first.content)
    alone = {"Accept": "application/rdf+xml"}
    _problem_406(client.get("/sparql", params={"query": construct}, headers=alone), names=())
    select = 'SELECT ?x { BIND("a\\u0001b" AS ?x) }'
    posted = client.post("/sparql", data={"query": select}, headers={"Accept": BROWSER_ACCEPT})
    assert posted.status_code == 200, posted.text
    assert posted.headers["content-type"] == "application/sparql-results+json; charset=utf-8"
    assert posted.json()["results"]["bindings"][0]["x"]["value"] == "a\x01b"


def test_a_format_the_client_named_gets_no_other(client: TestClient) -> None:
    """``format=xml`` names the format: the 406 stands even with Accept: */*."""
    select = 'SELECT ?x { BIND("a\\u0001b" AS ?x) }'
    named = client.get(
        "/sparql", params={"query": select, "format": "xml"}, headers={"Accept": "*/*"}
    )
    _problem_406(named, names=("application/sparql-results+json",))
