"""Asking a corpus query through ``/sparql`` and directly of pyoxigraph, and comparing the two.

An answer is read back into terms (SPARQL JSON, XML and TSV with pyoxigraph's parsers, graphs
from the RDF format the Content-Type names), rows sorted unless the query orders them, blank
nodes of a CONSTRUCT template renamed in order of appearance (they are new at each run). CSV is
compared with pyoxigraph's own CSV of the direct answer, line by line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import pyoxigraph as ox

from tests.server.sparql_corpus import Entry

RESULTS_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
WAYS = ("get", "post-form", "post-direct")


@dataclass(frozen=True)
class Answer:
    """An answer as comparable data: ``kind`` (rows, boolean, graph, csv or error) and value."""

    kind: str
    value: Any


def direct(store: ox.Store, entry: Entry, text: str) -> Answer:
    """pyoxigraph's own answer to ``text``, over the dataset the server would use."""
    options: dict[str, Any]
    if entry.default_graphs or entry.named_graphs:
        options = {
            "default_graph": [ox.NamedNode(g) for g in entry.default_graphs],
            "named_graphs": [ox.NamedNode(g) for g in entry.named_graphs],
        }
    elif entry.names_dataset:
        options = {}
    else:
        options = {"use_default_graph_as_union": True}
    try:
        answer = store.query(text, **options)
    except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
        return Answer("error", type(exc).__name__)
    return _read(answer, entry)


def ask(
    client: httpx.Client,
    endpoint: str,
    entry: Entry,
    text: str,
    way: str,
    accept: str | None,
) -> httpx.Response:
    """``text`` sent as a client would: GET, POST form or POST ``application/sparql-query``."""
    headers = {"Accept": accept} if accept is not None else {}
    dataset = [("default-graph-uri", g) for g in entry.default_graphs] + [
        ("named-graph-uri", g) for g in entry.named_graphs
    ]
    if way == "get":
        return client.get(endpoint, params=[("query", text), *dataset], headers=headers)
    if way == "post-form":
        return client.post(
            endpoint,
            data={},
            content=_form([("query", text), *dataset]),
            headers={
                **headers,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
    return client.post(
        endpoint,
        params=dataset,
        content=text.encode("utf-8"),
        headers={**headers, "Content-Type": "application/sparql-query; charset=UTF-8"},
    )


def _form(items: Sequence[tuple[str, str]]) -> bytes:
    return str(httpx.QueryParams(items)).encode("ascii")


def served(response: httpx.Response, entry: Entry) -> Answer:
    """The server's answer read back as comparable data."""
    if response.status_code != 200:
        return Answer("error", f"{response.status_code} {response.text[:300]}")
    media_type = response.headers["content-type"].split(";")[0].strip()
    if media_type == "text/csv":
        return Answer("csv", _csv_lines(response.content.decode("utf-8"), entry.ordered))
    if media_type in RESULTS_FORMATS:
        answer = ox.parse_query_results(response.content, format=RESULTS_FORMATS[media_type])
        return _read(answer, entry)
    fmt = GRAPH_FORMATS[media_type]
    return Answer("graph", _graph(ox.parse(response.content, format=fmt)))


def direct_csv(store: ox.Store, entry: Entry, text: str) -> Answer:
    """pyoxigraph's CSV of its own answer."""
    options = {} if entry.names_dataset else {"use_default_graph_as_union": True}
    answer = store.query(text, **options)
    body = answer.serialize(format=ox.QueryResultsFormat.CSV)
    return Answer("csv", _csv_lines(body.decode("utf-8"), entry.ordered))


def _csv_lines(body: str, ordered: bool) -> list[str]:
    # Rows are lines unless a quoted cell holds a line break: split records on CRLF outside quotes.
    records: list[str] = []
    current: list[str] = []
    quoted = False
    i = 0
    while i < len(body):
        char = body[i]
        if char == '"':
            quoted = not quoted
        if not quoted and body.startswith("\r\n", i):
            records.append("".join(current))
            current = []
            i += 2
            continue
        current.append(char)
        i += 1
    if current:
        records.append("".join(current))
    head, rows = records[:1], records[1:]
    return head + (rows if ordered else sorted(rows))


def _read(answer: Any, entry: Entry) -> Answer:
    if isinstance(answer, ox.QueryBoolean):
        return Answer("boolean", bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        rows = [tuple(_term(row[n]) for n in names) for row in answer]
        return Answer("rows", (names, rows if entry.ordered else sorted(rows)))
    return Answer("graph", _graph(answer))


def _term(term: Any) -> str:
    return "" if term is None else str(term)


def _graph(triples: Any) -> list[str]:
    """Triples as sorted N-Triples lines with blank-node labels blanked (a CONSTRUCT template's
    blank nodes are new at every run; their count and places still count)."""
    return sorted(
        re.sub(r"_:[A-Za-z0-9]+", "_:", str(ox.Triple(t.subject, t.predicate, t.object)))
        for t in triples
    )


def describe_difference(expected: Answer, got: Answer) -> str:
    """A short account of how two answers differ (for a failure message)."""
    if expected.kind != got.kind:
        wanted, given = str(expected.value)[:200], str(got.value)[:300]
        return f"expected {expected.kind} {wanted}, got {got.kind} {given}"
    if expected.kind == "rows":
        (names_a, rows_a), (names_b, rows_b) = expected.value, got.value
        if names_a != names_b:
            return f"variables {names_a} != {names_b}"
        missing = [r for r in rows_a if r not in rows_b][:3]
        extra = [r for r in rows_b if r not in rows_a][:3]
        return f"{len(rows_a)} rows expected, {len(rows_b)} got; missing {missing}; extra {extra}"
    return json.dumps({"expected": str(expected.value)[:300], "got": str(got.value)[:300]})


def without_blank_labels(answer: Answer) -> Answer:
    """``answer`` with blank-node labels blanked: a remote store names them itself."""
    if answer.kind != "rows":
        return answer
    names, rows = answer.value
    blanked = [tuple(re.sub(r"^_:.*", "_:", cell) for cell in row) for row in rows]
    return Answer("rows", (names, sorted(blanked)))
