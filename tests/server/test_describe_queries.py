"""The document and claims queries are written for the engine's join order (a FILTER instead of
a pattern joined first over the whole dataset); they must select exactly what the plain
formulation selects, on every resource of the checkout's release."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from forcelaw.server import describe
from tests.server.conftest import Built

BASE = "https://w3id.org/forcelaw/id/"
LABELS = " ".join(f"<{p}>" for p in describe.LABEL_PROPERTIES[:1])


def _plain_document(iri: str) -> str:
    part = describe._is_part(iri)
    n = describe.INCOMING_PAGE
    return (
        "CONSTRUCT { ?s ?p ?o } WHERE { "
        f"{{ VALUES ?s {{ <{iri}> }} ?s ?p ?o }} "
        f"UNION {{ <{iri}> ?link ?s . {describe._part_of(iri)} ?s ?p ?o }} "
        f"UNION {{ <{iri}> ?link ?s . FILTER(isIRI(?s) && !{part}) VALUES ?p {{ {LABELS} }} "
        "?s ?p ?o } "
        f"UNION {{ {{ SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} ORDER BY ?p ?s LIMIT {n} }} "
        f"BIND(<{iri}> AS ?o) }} "
        f"UNION {{ {{ SELECT ?s WHERE {{ ?s ?in <{iri}> }} ORDER BY ?in ?s LIMIT {n} }} "
        f"VALUES ?p {{ {LABELS} }} ?s ?p ?o }} }}"
    )


def _plain_claims(iri: str) -> str:
    fast = describe._claims_query(iri)
    head, _, rest = fast.partition("WHERE { ")
    unions, _, tail = rest.partition(" FILTER EXISTS { ?claim a fl:Claim }")
    return f"{head}WHERE {{ {unions} ?claim a fl:Claim .{tail}"


@pytest.fixture(scope="module")
def store(built: Built) -> ox.Store:
    return ox.Store.read_only(str(built.store))


def _resources(store: ox.Store) -> list[str]:
    rows = store.query(
        "SELECT DISTINCT ?r WHERE { { GRAPH ?g { ?r ?p ?o } } UNION { GRAPH ?g { ?s ?p ?r } } "
        f'FILTER(isIRI(?r) && STRSTARTS(STR(?r), "{BASE}")) }}'
    )
    return sorted(row["r"].value for row in rows)


def _run(store: ox.Store, query: str) -> list[str]:
    answer = store.query(describe._PREFIX_BLOCK + query, use_default_graph_as_union=True)
    return [str(item) for item in answer]


def test_document_query_selects_what_the_plain_one_does(store: ox.Store) -> None:
    resources = _resources(store)
    assert len(resources) > 200
    nonempty = 0
    for iri in resources:
        fast = _run(store, describe.document_query(iri))
        assert sorted(fast) == sorted(_run(store, _plain_document(iri))), iri
        nonempty += bool(fast)
    assert nonempty == len(resources)


def test_claims_query_selects_what_the_plain_one_does(store: ox.Store) -> None:
    with_claims = 0
    for iri in _resources(store):
        fast = _run(store, describe._claims_query(iri))
        assert "?claim a fl:Claim ." in _plain_claims(iri)
        assert sorted(fast) == sorted(_run(store, _plain_claims(iri))), iri
        with_claims += bool(fast)
    assert with_claims > 0
