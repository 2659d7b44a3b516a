"""The static renderer reads SELECT rows as terms straight from the engine (``SelectsTerms``);
every reader query must give exactly what the SPARQL JSON the server's workers write reads back
as, on every resource of the checkout's release."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pyoxigraph as ox
import pytest

from forcelaw.errors import ResultTooLarge
from forcelaw.server import describe
from forcelaw.server.render import InProcessStore
from forcelaw.server.settings import Settings
from forcelaw.store import QueryRequest, QueryResult, SelectsTerms, solution_terms
from forcelaw.terms import RDF_LANG_STRING, XSD_STRING, Blank, Iri, Lit
from tests.server.conftest import Built

BASE = "https://w3id.org/forcelaw/id/"


@dataclass
class JsonOnly:
    """The same engine behind the plain protocol: answers come back as SPARQL JSON bytes."""

    inner: InProcessStore

    @property
    def dataset(self):  # type: ignore[no-untyped-def]
        return self.inner.dataset

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def query(self, request: QueryRequest, timeout: float) -> QueryResult:
        return await self.inner.query(request, timeout)


@pytest.fixture(scope="module")
def readers(built: Built) -> tuple[describe.Reader, describe.Reader]:
    store = InProcessStore(built.store, built.dataset)
    assert isinstance(store, SelectsTerms)
    assert not isinstance(JsonOnly(store), SelectsTerms)
    settings = Settings(release=built.release)
    return describe.Reader(store, settings), describe.Reader(JsonOnly(store), settings)


def _resources(built: Built) -> list[str]:
    store = ox.Store.read_only(str(built.store))
    rows = store.query(
        "SELECT DISTINCT ?r WHERE { { GRAPH ?g { ?r ?p ?o } } UNION { GRAPH ?g { ?s ?p ?r } } "
        f'FILTER(isIRI(?r) && STRSTARTS(STR(?r), "{BASE}")) }}'
    )
    return sorted(row["r"].value for row in rows)


def test_every_description_reads_the_same(
    built: Built, readers: tuple[describe.Reader, describe.Reader]
) -> None:
    direct, json_path = readers
    resources = _resources(built)
    assert len(resources) > 200

    async def compare() -> None:
        for iri in resources:
            assert await direct.describe(iri) == await json_path.describe(iri), iri
            assert await direct.triples(iri) == await json_path.triples(iri), iri
            if "/state/" in iri:
                profile = await direct.state_profile(iri)
                assert profile == await json_path.state_profile(iri), iri
        assert await direct.index() == await json_path.index()
        assert await direct.vocabulary(BASE) == await json_path.vocabulary(BASE)

    asyncio.run(compare())


def test_terms_of_every_kind(readers: tuple[describe.Reader, describe.Reader]) -> None:
    direct, json_path = readers
    query = (
        "SELECT ?a ?b ?c ?d ?e ?unbound WHERE { "
        'VALUES (?a ?c ?d ?e) { (<http://example.org/x> "plain" "en"@en-GB 7) } '
        "BIND(BNODE() AS ?b) }"
    )

    async def both() -> tuple[list[describe.Row], list[describe.Row]]:
        return await direct.select(query), await json_path.select(query)

    ours, theirs = asyncio.run(both())
    assert [set(r) for r in ours] == [set(r) for r in theirs] == [{"a", "b", "c", "d", "e"}]
    row = ours[0]
    assert row["a"] == Iri("http://example.org/x") and isinstance(row["b"], Blank)
    assert row["c"] == Lit("plain", None, XSD_STRING)
    assert row["d"] == theirs[0]["d"]
    assert isinstance(row["d"], Lit) and row["d"].lang and row["d"].datatype == RDF_LANG_STRING
    assert row["e"] == theirs[0]["e"] == Lit("7", None, "http://www.w3.org/2001/XMLSchema#integer")
    assert {k: v for k, v in row.items() if k != "b"} == {
        k: v for k, v in theirs[0].items() if k != "b"
    }


def test_the_row_cap_holds(built: Built) -> None:
    store = ox.Store.read_only(str(built.store))
    answer = store.query("SELECT ?i WHERE { VALUES ?i { 1 2 3 } }")
    with pytest.raises(ResultTooLarge):
        solution_terms(answer, 2)
    assert len(solution_terms(store.query("SELECT ?i WHERE { VALUES ?i { 1 2 } }"), 2)) == 2


def test_a_non_select_answer_is_refused(built: Built) -> None:
    store = ox.Store.read_only(str(built.store))
    with pytest.raises(Exception, match="SELECT"):
        solution_terms(store.query("ASK {}"), 10)
