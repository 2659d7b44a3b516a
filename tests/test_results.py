"""The answer writers: well-formed XML or a refusal naming other formats; RDF 1.2 literals."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib

from forcelaw.errors import NotRepresentable, ResultTooLarge
from forcelaw.formats import BY_KEY, FORMATS, Kind
from forcelaw.results import serialize_graph, write_solutions, write_triples

S, P = ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p")
ITS = "{http://www.w3.org/2005/11/its}"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
RESULTS = "{http://www.w3.org/2005/sparql-results#}"
# Every kind of character XML 1.0 cannot hold at all (XML 1.0 §2.2), as pyoxigraph can hold it
NOT_XML = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\ufffe", "\uffff"]


def select(fmt: str, *terms: Any) -> bytes:
    rows = [{"x": term} for term in terms]
    return write_solutions(BY_KEY[fmt], ["x"], rows, 100, 100_000)[0]


@pytest.mark.parametrize("char", NOT_XML, ids=lambda c: f"U+{ord(c):04X}")
def test_xml_results_refuse_a_character_xml_cannot_carry(char: str) -> None:
    for term in (ox.Literal(f"a{char}b"), ox.Literal(f"a{char}", language="en")):
        with pytest.raises(NotRepresentable) as caught:
            select("xml", ox.Literal("fine"), term)
        assert f"U+{ord(char):04X}" in caught.value.reason
        assert caught.value.alternatives[0] == "application/sparql-results+json"
        # JSON carries it
        value = json.loads(select("json", term))["results"]["bindings"][0]["x"]["value"]
        assert value == term.value


def test_xml_results_keep_carriage_returns_and_other_whitespace() -> None:
    text = "a\rb\r\nc\td\ne <&> ]]>"
    body = select("xml", ox.Literal(text), ox.Literal(text, language="en"))
    literals = ET.fromstring(body).iter(f"{RESULTS}literal")
    assert [e.text for e in literals] == [text, text]
    parsed = ox.parse_query_results(body, ox.QueryResultsFormat.XML)
    assert [row["x"].value for row in parsed] == [text, text]  # type: ignore[union-attr]


@pytest.mark.parametrize("text", [" a ", "\n\tindented\r\n", "   ", "end ", " start"])
def test_xml_results_keep_white_space_at_a_literals_edges(text: str) -> None:
    """Oxigraph's results reader trims the white space at the ends of an element's text: the
    writer puts it in as character references, which every reader keeps."""
    body = select("xml", ox.Literal(text), ox.Literal(text, language="en"), ox.Literal("a  b"))
    parsed = ox.parse_query_results(body, ox.QueryResultsFormat.XML)
    assert [row["x"].value for row in parsed] == [text, text, "a  b"]  # type: ignore[union-attr]
    literals = ET.fromstring(body).iter(f"{RESULTS}literal")
    assert [e.text for e in literals] == [text, text, "a  b"]
    assert b"a  b" in body  # white space inside the text is written as it is


def test_base_direction_is_written_in_every_results_format() -> None:
    ltr = ox.Literal("x", language="en", direction=ox.BaseDirection.LTR)
    rtl = ox.Literal("\u0642\u0637\u0629", language="ar", direction=ox.BaseDirection.RTL)
    bindings = json.loads(select("json", ltr, rtl))["results"]["bindings"]
    assert bindings[0]["x"] == {"type": "literal", "value": "x", "xml:lang": "en", "its:dir": "ltr"}
    assert bindings[1]["x"]["its:dir"] == "rtl"
    xml = select("xml", ltr, rtl, ox.Literal("y", language="en"))
    literals = list(ET.fromstring(xml).iter(f"{RESULTS}literal"))
    assert [e.get(f"{ITS}dir") for e in literals] == ["ltr", "rtl", None]
    assert literals[0].get(f"{ITS}version") == "2.0"
    for fmt in ("json", "xml", "tsv"):
        parsed = ox.parse_query_results(select(fmt, ltr, rtl), BY_KEY[fmt].oxigraph)
        assert [row["x"] for row in parsed] == [ltr, rtl], fmt  # type: ignore[union-attr]


@pytest.mark.parametrize("char", NOT_XML, ids=lambda c: f"U+{ord(c):04X}")
def test_rdfxml_refuses_a_character_xml_cannot_carry(char: str) -> None:
    triples = [ox.Triple(S, P, ox.Literal(f"a{char}b"))]
    with pytest.raises(NotRepresentable) as caught:
        serialize_graph(BY_KEY["rdfxml"], triples, {})
    assert f"U+{ord(char):04X}" in caught.value.reason
    assert "text/turtle" in caught.value.alternatives
    assert "application/rdf+xml" not in caught.value.alternatives
    assert serialize_graph(BY_KEY["turtle"], triples, {})  # Turtle carries it


@pytest.mark.parametrize("predicate", ["http://e/123", "http://e/", "urn:x:1", "http://e/a#1"])
def test_rdfxml_refuses_a_predicate_with_no_xml_local_name(predicate: str) -> None:
    triples = [ox.Triple(S, ox.NamedNode(predicate), ox.Literal("x"))]
    with pytest.raises(NotRepresentable) as caught:
        serialize_graph(BY_KEY["rdfxml"], triples, {})
    assert "local name" in caught.value.reason
    assert serialize_graph(BY_KEY["ntriples"], triples, {})


def test_rdfxml_keeps_carriage_returns_and_triple_terms() -> None:
    text = "a\rb\r\nc"
    term = ox.Triple(ox.NamedNode("http://e/a"), P, ox.NamedNode("http://e/c"))
    triples = [ox.Triple(S, P, ox.Literal(text)), ox.Triple(S, P, term)]
    body = serialize_graph(BY_KEY["rdfxml"], triples, {})
    assert b"\r" not in body and b"&#13;" in body
    assert ox.Triple(S, P, term) in {q.triple for q in ox.parse(body, format=ox.RdfFormat.RDF_XML)}
    # pyoxigraph 0.5's RDF/XML reader drops a CR written as a character reference, and rdflib
    # reads no RDF 1.2 triple terms in RDF/XML: the literal alone, read by rdflib (expat)
    plain = serialize_graph(BY_KEY["rdfxml"], triples[:1], {})
    graph = rdflib.Graph().parse(data=plain, format="xml")
    assert set(graph.objects()) == {rdflib.Literal(text)}


def test_jsonld_refuses_a_triple_term_and_names_the_formats_that_carry_it() -> None:
    term = ox.Triple(ox.NamedNode("http://e/a"), P, ox.NamedNode("http://e/c"))
    for triple in (ox.Triple(S, P, term), ox.Triple(ox.BlankNode("r"), P, term)):
        with pytest.raises(NotRepresentable) as caught:
            serialize_graph(BY_KEY["jsonld"], [triple], {})
        assert "triple term" in caught.value.reason
        assert caught.value.alternatives[:2] == ("text/turtle", "application/n-triples")
        assert "application/ld+json" not in caught.value.alternatives
    plain = serialize_graph(BY_KEY["jsonld"], [ox.Triple(S, P, ox.Literal("x"))], {})
    assert json.loads(plain)[0]["@id"] == "http://e/s"


GRAPH_FORMATS = [f.key for f in FORMATS if f.kind is Kind.GRAPH]


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_a_graph_answer_stops_where_it_passes_the_byte_cap(fmt: str) -> None:
    given: list[int] = []

    def endless() -> Iterator[ox.Triple]:  # a megabyte literal per triple, for ever
        while True:
            given.append(1)
            yield ox.Triple(ox.NamedNode(f"http://e/s{len(given)}"), P, ox.Literal("x" * 2**20))

    with pytest.raises(ResultTooLarge) as caught:
        write_triples(BY_KEY[fmt], endless(), 10**6, 4 * 2**20, {"e": "http://e/"})
    assert caught.value.limit == "bytes"
    assert len(given) < 10  # not collected whole (before, until the worker's memory cap)


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_a_graph_answer_is_written_as_the_graph_writer_writes_it(fmt: str) -> None:
    term = ox.Triple(ox.NamedNode("http://e/a"), P, ox.NamedNode("http://e/c"))
    triples = [
        ox.Triple(S, P, ox.Literal("a\r\nb", language="en")),
        ox.Triple(S, ox.NamedNode("http://e/q"), ox.BlankNode("b1")),
        ox.Triple(ox.BlankNode("b1"), P, ox.Literal("1", datatype=ox.NamedNode(XSD_INTEGER))),
    ]
    if fmt != "jsonld":
        triples.append(ox.Triple(S, P, term))
    prefixes = {"e": "http://e/"}
    body, rows = write_triples(BY_KEY[fmt], iter(triples), 10, 1 << 20, prefixes)
    assert (body, rows) == (serialize_graph(BY_KEY[fmt], triples, prefixes), len(triples))
    with pytest.raises(ResultTooLarge) as caught:  # one byte short
        write_triples(BY_KEY[fmt], iter(triples), 10, len(body) - 1, prefixes)
    assert caught.value.limit == "bytes"
    with pytest.raises(ResultTooLarge) as caught:
        write_triples(BY_KEY[fmt], iter(triples), len(triples) - 1, 1 << 20, prefixes)
    assert caught.value.limit == "rows"


def test_a_graph_answer_refuses_what_its_format_cannot_carry() -> None:
    term = ox.Triple(ox.NamedNode("http://e/a"), P, ox.NamedNode("http://e/c"))
    with pytest.raises(NotRepresentable, match="triple term"):
        write_triples(BY_KEY["jsonld"], iter([ox.Triple(S, P, term)]), 10, 1 << 20, {})
    bad = ox.Triple(S, ox.NamedNode("http://e/123"), ox.Literal("x"))
    with pytest.raises(NotRepresentable, match="local name"):
        write_triples(BY_KEY["rdfxml"], iter([bad]), 10, 1 << 20, {})


def test_tsv_writes_a_triple_term_as_a_triple_term() -> None:
    inner = ox.Triple(S, P, ox.Literal("x"))
    term = ox.Triple(S, P, inner)
    body = select("tsv", term, inner)
    assert body.splitlines()[1] == (
        b'<<( <http://e/s> <http://e/p> <<( <http://e/s> <http://e/p> "x" )>> )>>'
    )
    read = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)
    assert [row["x"] for row in read] == [term, inner]  # read back as the terms they are


# Every character a Turtle string escapes or the N-Triples form writes as \uXXXX, and a backslash
# before what reads as an escape.
TRICKY_TEXT = "".join(map(chr, range(0x20))) + '\x7f"\\\ufffe\uffff\u2028 \\u0041 \\n é'
TRICKY_LITERALS = [
    ox.Literal(TRICKY_TEXT),
    ox.Literal(TRICKY_TEXT, language="en-gb"),
    ox.Literal(TRICKY_TEXT, language="en", direction=ox.BaseDirection.RTL),
    ox.Literal(TRICKY_TEXT, datatype=ox.NamedNode("http://e/dt")),
]


def test_tsv_writes_a_literal_as_a_turtle_string_that_every_reader_reads_back() -> None:
    terms = [*TRICKY_LITERALS, ox.Triple(S, P, TRICKY_LITERALS[1])]
    body = select("tsv", *terms)
    assert body.count(b"\n") == 1 + len(terms) and b"\t" not in body  # ends of rows only
    assert b"\x00" in body and b"\\u0000" not in body  # written as it is, not escaped
    read = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)
    assert [row["x"] for row in read] == terms  # type: ignore[index]
    # rdflib's reader too (RDF 1.1: the literals without a base direction, no triple term)
    plain = [t for t in TRICKY_LITERALS if t.direction is None]
    result = rdflib.query.Result.parse(io.StringIO(select("tsv", *plain).decode()), format="tsv")
    assert [(str(r[0]), r[0].language, r[0].datatype) for r in result] == [  # type: ignore[index]
        (TRICKY_TEXT, None, None),
        (TRICKY_TEXT, "en-gb", None),
        (TRICKY_TEXT, None, rdflib.URIRef("http://e/dt")),
    ]


def test_a_triple_term_too_deep_for_a_format_names_the_formats_that_carry_it() -> None:
    term: Any = ox.NamedNode("http://e/o")
    for _ in range(2000):  # a run of BIND(TRIPLE(...)) builds one
        term = ox.Triple(S, P, term)
    for fmt in ("json", "xml"):
        with pytest.raises(NotRepresentable) as caught:
            select(fmt, term)
        assert "nested deeper" in caught.value.reason
        assert "text/tab-separated-values" in caught.value.alternatives
    assert select("tsv", term).count(b"<<(") == 2000  # written flat
    assert select("json", ox.Triple(S, P, ox.Triple(S, P, S)))  # a shallow one is written
