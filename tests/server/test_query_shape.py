"""``query_shape``: what a client can vary at will (white space, comments, variable names,
literals, prefix names) leaves the shape; what changes what the query does changes it."""

from __future__ import annotations

import pytest

from forcelaw.server.query_shape import query_shape

BASE = 'PREFIX e: <http://e/> SELECT ?x ?n { ?x e:p "a" ; e:n ?n FILTER(?n > 3) } LIMIT 10'
SAME = [
    'PREFIX e: <http://e/>\nSELECT ?x ?n # what\n{ ?x e:p "a" ; e:n ?n FILTER(?n > 3) } LIMIT 10',
    'PREFIX e: <http://e/> SELECT $a ?b { $a e:p "zz"@en ; e:n ?b FILTER(?b > 3) } LIMIT 10',
    "PREFIX k: <http://e/> select ?x ?n { ?x k:p '''a''' ; k:n ?n filter(?n > 1e9) } limit 99",
    "PREFIX e: <http://e/> SELECT ?x ?n { ?x e:p true ; e:n ?n FILTER(?n > -3.5) } LIMIT 0",
]
OTHER = [
    'PREFIX e: <http://e/> SELECT ?x ?n { ?x e:q "a" ; e:n ?n FILTER(?n > 3) } LIMIT 10',
    'PREFIX e: <http://e/> SELECT ?x ?x { ?x e:p "a" ; e:n ?n FILTER(?n > 3) } LIMIT 10',
    'PREFIX e: <http://e/> SELECT ?x ?n { ?x e:p "a" ; e:n ?n FILTER(?n < 3) } LIMIT 10',
    "PREFIX e: <http://e/> SELECT ?x ?n { ?x e:p ?a ; e:n ?n FILTER(?n > 3) } LIMIT 10",
    'SELECT ?x ?n { ?x <http://e/p> "a" ; <http://e/n> ?n FILTER(?n > 3) } LIMIT 10',
    'PREFIX e: <http://e/> SELECT ?x ?n { ?x e:p "a" ; e:n ?n FILTER(?n > 3) } OFFSET 10',
]


@pytest.mark.parametrize("text", SAME)
def test_respellings_share_the_shape(text: str) -> None:
    assert query_shape(text) == query_shape(BASE)


@pytest.mark.parametrize("text", OTHER)
def test_other_queries_have_other_shapes(text: str) -> None:
    assert query_shape(text) != query_shape(BASE)
