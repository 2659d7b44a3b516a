"""``total_order``: once a query's shape stopped a worker, its ``ORDER BY`` conditions reach the
engine as keys of a total order.

pyoxigraph 0.5 aborts its process sorting values its comparison does not order totally (a
number and a string, NaN, dates with and without a time zone, an invalid boolean beside valid
ones, a decimal and the double it rounds to). The engine is asked in a child process here, so
that a regression fails one test rather than ending the run; over HTTP the query runs in the
server's workers, of which the test checks one is replaced for each shape at most.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from forcelaw.errors import QuerySyntaxError, QueryUnsupported
from forcelaw.server.engine_text import engine_text, in_the_clients_text, totally_ordered
from forcelaw.server.total_order import ORDER_BUDGET, total_keys

XSD = "http://www.w3.org/2001/XMLSchema#"
# Values SPARQL's "<" leaves unordered against one another, each kind the engine mishandles.
HOSTILE = (
    "9", "10", '"5"', '"10"', '"a"', '"a"@en', '"b"@fr', "0.1", "0.1e0", "0.10000000000000000001",
    "9007199254740993", "9007199254740992.0e0", "<http://a/1>", '"x"^^<http://e/t>', "UNDEF",
    *(f'"{v}"^^<{XSD}{t}>' for t, v in (
        ("boolean", "1"), ("boolean", "false"), ("boolean", "abc"), ("double", "NaN"),
        ("double", "INF"), ("double", "-INF"), ("float", "NaN"), ("float", "0.1"),
        ("date", "2020-01-01"), ("date", "2020-01-01Z"), ("date", "2020-01-01+14:00"),
        ("dateTime", "2020-01-01T10:00:00"), ("dateTime", "2020-01-01T10:00:00Z"),
        ("dateTime", "2020-01-01T20:00:00-05:00"), ("dateTime", "xx"), ("duration", "P1M"),
        ("duration", "P30D"), ("dayTimeDuration", "PT1H"), ("integer", "x"), ("time", "10:00:00"),
        ("time", "10:00:00Z"), ("gYear", "2020"), ("gYear", "2020Z"),
    )),
)  # fmt: skip
# The engine's sort aborted on this mix before (numbers and strings of the same digits).
ABORTED = " ".join(str(i * 7 % 40) if i % 2 else f'"{i * 7 % 40}"' for i in range(40))

CHILD = """
import json, sys
import pyoxigraph as ox
answers = []
for query in json.loads(sys.stdin.read()):
    answers.append([None if row[0] is None else str(row[0]) for row in ox.Store().query(query)])
print(json.dumps(answers))
"""


def engine_answers(queries: list[str]) -> list[list[str | None]]:
    """The engine's rows (first column) for each query, in a child process: an abort fails the
    test that asked, not the run."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    answers: list[list[str | None]] = json.loads(done.stdout)
    return answers


def respelled(text: str) -> str:
    """``text`` as the engine is given it once its shape stopped a worker."""
    return totally_ordered(engine_text(text))


def ordered(values: str, condition: str = "?x") -> str:
    return respelled(f"SELECT ?x {{ VALUES ?x {{ {values} }} }} ORDER BY {condition}")


def test_mixes_of_values_sort_without_aborting_the_engine() -> None:
    rng = random.Random(20261127)
    mixes = [
        " ".join(rng.choice(HOSTILE) for _ in range(rng.randrange(20, 300))) for _ in range(60)
    ]
    queries = [ordered(ABORTED), ordered(ABORTED, "DESC(?x)")]
    queries += [ordered(mix, rng.choice(["?x", "DESC(?x)", "ASC (STR(?x))"])) for mix in mixes]
    answers = engine_answers(queries)
    assert [len(rows) for rows in answers] == [40, 40, *(len(m.split()) for m in mixes)]


def test_what_sparql_orders_keeps_its_order() -> None:
    """Numbers by value (across their types), strings by code point, IRIs by their text,
    dates in time, unbound first; DESC the reverse; kinds apart from one another."""
    values = [
        "UNDEF", "<http://a/1>", "<http://a/2>", '"-INF"^^<{x}double>', "1", '"1.5"^^<{x}float>',
        "2.0", "10",
        '"1e3"^^<{x}double>', '"A"', '"a"', '"b"', '"ä"',
        '"2019-12-31"^^<{x}date>', '"2020-01-01"^^<{x}date>',
        '"false"^^<{x}boolean>', '"1"^^<{x}boolean>',
    ]  # fmt: skip
    written = [v.format(x=XSD) for v in values]
    shuffled = written[:]
    random.Random(3).shuffle(shuffled)
    asc, desc = engine_answers(
        [ordered(" ".join(shuffled)), ordered(" ".join(shuffled), "DESC(?x)")]
    )
    assert asc[0] is None and desc[-1] is None
    at = {value: i for i, value in enumerate(asc) if value is not None}
    numbers = [v for v in asc if v is not None and _numeric(v)]
    assert [float(_lexical(v)) for v in numbers] == sorted(float(_lexical(v)) for v in numbers)
    assert len(numbers) == 6
    assert at["<http://a/1>"] < at["<http://a/2>"] < at[numbers[0]]
    assert at['"A"'] < at['"a"'] < at['"b"'] < at['"ä"']
    assert at[written[13]] < at[written[14]]  # 2019-12-31 before 2020-01-01
    assert at[f'"false"^^<{XSD}boolean>'] < at[f'"true"^^<{XSD}boolean>']
    assert desc == asc[::-1]


@pytest.mark.parametrize(
    ("text", "conditions"),
    [
        ("SELECT ?x {} ORDER BY ?x", ["ASC(?x)"]),
        ("SELECT ?x {} ORDER BY desc ( ?x + 1 ) ?y LIMIT 3", ["DESC( ?x + 1 )", "ASC(?y)"]),
        ("SELECT ?x {} order by (?x) STR(?y) <http://e/f>(?z) OFFSET 1", ["ASC((?x))",
         "ASC(STR(?y))", "ASC(<http://e/f>(?z))"]),
        ("SELECT ?x { { SELECT ?x {} ORDER BY ?x LIMIT 1 } }", ["ASC(?x)"]),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s # ORDER BY ?z\n", ["ASC(?s)"]),
        ("SELECT ?x { ?x ?p ?o } ORDER BY NOT EXISTS { ?x ?p (1) } ?o", ["ASC(?o)"]),
    ],
)  # fmt: skip
def test_each_condition_is_respelled(text: str, conditions: list[str]) -> None:
    written = respelled(text)
    for condition in conditions:
        direction, expression = condition.split("(", 1)
        assert total_keys(expression[:-1], direction) in written
    assert written.count("STR(DATATYPE(") == len(conditions)
    assert text.partition("#")[2] in written  # a comment is not read
    assert engine_text(text) == text  # as written until its shape stops a worker


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?x { ?x ?p 'ORDER BY ?x' }",  # in a string
        "SELECT ?x { ?x ?p ?o } # ORDER BY ?x",  # in a comment
        "SELECT ?order { ?order ?by ?o }",  # variables
        "SELECT ?x { ?x ?p ?o } ORDER BY EXISTS { ?x ?p 1 }",  # a boolean: ordered as it is
        "SELECT ?x { ?x ?p ?o } ORDER BY ?x 'unterminated",
    ],
)
def test_nothing_else_is_respelled(text: str) -> None:
    assert respelled(text) == text


def test_a_syntax_error_is_placed_in_the_clients_text() -> None:
    """The engine parses the text with its ORDER BY as written (the keys only after a crash, of
    a text it parsed): an error's place is the client's."""
    text = "SELECT ?x { ?x ?p ?o }\nORDER BY ?x DESC(?o) LIMIT nope"
    assert engine_text(text) == text
    column = text.split("\n")[1].index("nope") + 1
    found = in_the_clients_text(QuerySyntaxError(f"error at 2:{column}: x", 2, column), text)
    assert (found.line, found.column) == (2, column)


def test_the_query_that_aborted_a_worker_is_answered_in_every_spelling(
    client: TestClient,
) -> None:
    """Spelled otherwise (a comment, a variable renamed, DESC) it was a new query, each spelling
    a worker killed and a 500. Now the crash of its shape has it run again at once with the keys
    of a total order, and answered: one worker replaced for each shape, none for a spelling of a
    shape already seen, nor for the same queries asked again."""
    spellings = [
        f"SELECT ?x {{ VALUES ?x {{ {ABORTED} }} }} ORDER BY ?x",
        f"SELECT ?y # again\n{{ VALUES ?y {{ {ABORTED} }} }} ORDER BY ?y",
        f"SELECT ?x {{ VALUES ?x {{ {ABORTED} }} }} ORDER BY DESC(?x) LIMIT 39",
    ]
    numbers = [str(n) for n in sorted(i * 7 % 40 for i in range(1, 40, 2))]
    strings = sorted(str(i * 7 % 40) for i in range(0, 40, 2))
    expected = [numbers + strings, numbers + strings, (strings[::-1] + numbers[::-1])[:39]]
    store = client.app.state.store
    replaced = []
    for _ in range(2):
        for query, rows in zip(spellings, expected, strict=True):
            response = client.get(
                "/sparql", params={"query": query}, headers={"Accept": "text/csv"}
            )
            assert response.status_code == 200, response.text
            assert response.text.splitlines()[1:] == rows
            replaced.append(getattr(store, "replaced", 0))
    assert replaced[2] <= 2  # the two shapes: ?x ascending, and descending
    assert replaced[3:] == [replaced[2]] * 3  # known shapes: sorted by the keys, no crash


def _lexical(value: str) -> str:
    return value.split('"')[1]


def _numeric(value: str) -> bool:
    return any(f"<{XSD}{t}>" in value for t in ("integer", "decimal", "double", "float"))


def test_conditions_past_the_budget_are_refused_before_the_engine() -> None:
    """Each condition is written some forty times over: 20,000 ``?x`` were 45 MB of text that
    overflowed the engine's stack; fifty sort, a hundred are refused."""
    base = "SELECT ?x { VALUES ?x { 1 } } ORDER BY "
    assert len(respelled(base + "?x " * 50)) <= ORDER_BUDGET + len(base) + 200
    for many in (base + "?x " * 100, base + "?x " * 20_000, base + f"({'+'.join(['1'] * 4000)})"):
        with pytest.raises(QueryUnsupported, match="ORDER BY"):
            respelled(many)


def test_many_conditions_are_sorted_as_written(client: TestClient) -> None:
    """The budget binds only the keys: the embedded engine, until the query's shape stops a
    worker, is given the query as written, however many conditions it has; a remote store, always
    given the keys, is spared a query past the budget (400)."""
    base = "SELECT ?x { VALUES ?x { 1 } } ORDER BY "
    sparql = {"Content-Type": "application/sparql-query"}
    fifty = client.post("/sparql", content=base + "?x " * 50, headers=sparql)
    assert fifty.status_code == 200, fifty.text
    response = client.post("/sparql", content=base + "?x " * 1000, headers=sparql)
    if getattr(client.app.state.store, "sorts_totally", False):
        assert response.status_code == 400, response.text
        assert response.json()["type"].endswith("/unsupported-query")
        assert "ORDER BY" in response.json()["detail"]
    else:
        assert response.status_code == 200, response.text
