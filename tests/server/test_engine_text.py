"""``engine_text``: white space or a comment between CONCAT, COALESCE or BNODE and "(" is
removed, and the dots of a prefixed name's local part are escaped, before the engine parses the
query (pyoxigraph refuses both; SPARQL allows them), and nothing else of the text changes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from forcelaw.server.engine_text import engine_text, in_the_clients_text
from forcelaw.store import syntax_error

GLUED = [
    ('SELECT (CONCAT ("a", "b") AS ?v) {}', 'SELECT (CONCAT("a", "b") AS ?v) {}'),
    ("SELECT (concat\n\t('a') AS ?v) {}", "SELECT (concat('a') AS ?v) {}"),
    ("SELECT (Coalesce # a comment (\n (?x, 1) AS ?v) {}", "SELECT (Coalesce(?x, 1) AS ?v) {}"),
    ("SELECT (BNODE () AS ?v) {}", "SELECT (BNODE() AS ?v) {}"),
    (
        "PREFIX e: <http://e/> SELECT ?v { BIND(e:xmlns.com-foaf-0.1-name AS ?v) }",
        "PREFIX e: <http://e/> SELECT ?v { BIND(e:xmlns\\.com-foaf-0\\.1-name AS ?v) }",
    ),
    ("SELECT ?s { ?s ?p [ # a comment\n ] }", "SELECT ?s { ?s ?p [ ] }"),
    ("SELECT (STRLEN(STR(NOW( #\n))) > 0 AS ?v) {}", "SELECT (STRLEN(STR(NOW( ))) > 0 AS ?v) {}"),
    (
        "PREFIX e: <http://e/> SELECT ?v { ?v e:a.b\\.c.d ?o }",
        "PREFIX e: <http://e/> SELECT ?v { ?v e:a\\.b\\.c\\.d ?o }",
    ),
]
UNCHANGED = [
    'SELECT (CONCAT("a", "b") AS ?v) {}',  # no gap
    'SELECT ("CONCAT (" AS ?v) {}',  # in a string
    "SELECT ('''COALESCE\n(''' AS ?v) {}",
    "SELECT ?v { BIND(<http://e/CONCAT> AS ?v) } # CONCAT (",  # an IRI, a comment
    "PREFIX ex: <http://e/> SELECT ?v { ?v ex:CONCAT (1) }",  # a prefixed name, a list
    "SELECT ?concat { VALUES ?concat { 1 } }",  # a variable
    "SELECT (STRLEN ('a') AS ?v) {}",  # a function the engine reads with a gap
    "SELECT ?v { BIND(<http://e/a.b.c> AS ?v) BIND('e:a.b.c' AS ?w) } # e:a.b.c",
    "SELECT ?v { ?v ?p 1.5 . _:b.c ?p ?o }",  # numbers, blank nodes
    "SELECT ?v { ?v ?p ( 1 # a list\n ) }",  # a comment in a list, not in NIL
    'SELECT ?v { ?v ?p "[ #c\n ]" }',  # not a string (a line break): left for the engine
    "SELECT (CONCAT ('a') AS ?v) { ?s ?p 'x }",  # an unterminated string: the same
]


@pytest.mark.parametrize(("text", "glued"), GLUED)
def test_the_gap_before_the_bracket_is_removed_and_the_engine_answers(
    text: str, glued: str
) -> None:
    assert engine_text(text) == glued
    store = ox.Store()
    with pytest.raises(SyntaxError):
        store.query(text)  # the engine's own parser refuses it (if it ever stops, drop this)
    answer = store.query(glued)
    assert isinstance(answer, ox.QuerySolutions)
    assert len(list(answer)) <= 1


@pytest.mark.parametrize("text", UNCHANGED)
def test_nothing_else_is_touched(text: str) -> None:
    assert engine_text(text) == text


def test_an_escaped_local_name_is_the_same_iri() -> None:
    """Unescaped, the engine reads ``e:1.2.3`` in VALUES as ``e:1.2`` and the number ``.3``."""
    text = "PREFIX e: <http://e/> SELECT ?v { VALUES ?v { e:a.b.c e:x.y\\.z.1 e:1.2.3 } }"
    rows = ox.Store().query(engine_text(text))
    assert isinstance(rows, ox.QuerySolutions)
    expected = ["<http://e/a.b.c>", "<http://e/x.y.z.1>", "<http://e/1.2.3>"]
    assert [str(row["v"]) for row in rows] == expected
    misread = ox.Store().query("PREFIX e: <http://e/> SELECT ?v { VALUES ?v { e:1.2.3 } }")
    assert isinstance(misread, ox.QuerySolutions)
    assert len(list(misread)) == 2  # if the engine ever reads it right, this can go


def test_the_endpoint_answers_both_spellings_alike(client: TestClient) -> None:
    """Asked with the gap, the query is answered (not 400), the same as without it, and both
    spellings share one cache entry."""
    spaced = 'SELECT (CONCAT ("for", "ce") AS ?v) (COALESCE (?none, 1) AS ?w) {}'
    glued = 'SELECT (CONCAT("for", "ce") AS ?v) (COALESCE(?none, 1) AS ?w) {}'
    first = client.get("/sparql", params={"query": spaced})
    assert first.status_code == 200, first.text
    row = first.json()["results"]["bindings"][0]
    assert (row["v"]["value"], row["w"]["value"]) == ("force", "1")
    second = client.post("/sparql", data={"query": glued})
    assert second.status_code == 200
    assert second.content == first.content
    assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")


def test_the_endpoint_reads_a_local_name_with_dots_as_one_iri(client: TestClient) -> None:
    prefixed = "PREFIX e: <http://e/> SELECT ?v { VALUES ?v { e:1.2.3 e:xmlns.com-foaf-0.1 } }"
    whole = "SELECT ?v { VALUES ?v { <http://e/1.2.3> <http://e/xmlns.com-foaf-0.1> } }"
    first = client.get("/sparql", params={"query": prefixed})
    assert first.status_code == 200, first.text
    values = [row["v"]["value"] for row in first.json()["results"]["bindings"]]
    assert values == ["http://e/1.2.3", "http://e/xmlns.com-foaf-0.1"]
    second = client.get("/sparql", params={"query": whole})
    assert (second.headers["x-cache"], second.content) == ("hit", first.content)


@pytest.mark.parametrize(
    ("text", "lines", "columns"),
    [
        # three spaces removed before the error, on its line
        ('SELECT (CONCAT   ("a", "b") AS ?v) { FILTER(?v = ) }', 0, 3),
        # two backslashes added
        ("PREFIX e: <http://e/> SELECT ?v { ?v e:a.b.c ?o FILTER(?o = ) }", 0, -2),
        # a comment and its line break removed: the error is a line further down
        ("SELECT ?v { ?v ?p [ # a comment\n ] .\n FILTER(?v = ) }", 1, 0),
    ],
)
def test_a_syntax_error_is_placed_in_the_text_the_client_sent(
    text: str, lines: int, columns: int
) -> None:
    """The engine parses the respelled text; its line and column are moved back by what the
    respelling added or removed before them."""
    with pytest.raises(SyntaxError) as caught:
        ox.Store().query(engine_text(text))
    engine_error = syntax_error(str(caught.value))
    assert engine_error.line is not None and engine_error.column is not None
    moved = in_the_clients_text(engine_error, text)
    assert (moved.line, moved.column) == (engine_error.line + lines, engine_error.column + columns)
    assert f"error at {moved.line}:{moved.column}" in moved.message
    untouched = syntax_error("error at 1:5: expected NOT")
    assert in_the_clients_text(untouched, "SELECT * {}") is untouched  # nothing respelled


def test_the_endpoint_says_where_the_error_is_in_the_clients_text(client: TestClient) -> None:
    text = 'SELECT (CONCAT   ("a", "b") AS ?v) { FILTER(?v = ) }'
    with pytest.raises(SyntaxError) as caught:
        ox.Store().query(engine_text(text))
    engine_column = syntax_error(str(caught.value)).column
    assert engine_column is not None
    problem = client.get("/sparql", params={"query": text}).json()
    assert problem["type"].endswith("/malformed-query")
    assert (problem["line"], problem["column"]) == (1, engine_column + 3)
    assert f"(line 1, column {engine_column + 3})" in problem["detail"]
