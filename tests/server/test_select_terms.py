"""The static renderer reads SELECT rows as terms straight from the engine (``SelectsTerms``),
and a document's triples from the CONSTRUCT it already evaluated (``ConstructsTerms``); every
reader query must give exactly what the SPARQL JSON the server's workers write reads back as, on
every resource of the checkout's release."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
import pytest

from forcelaw import jsonld
from forcelaw.errors import InvalidDataset, ResultTooLarge
from forcelaw.formats import BY_KEY
from forcelaw.graph import uris
from forcelaw.namespaces import PREFIXES
from forcelaw.results import serialize_graph
from forcelaw.server import describe
from forcelaw.server.render import InProcessStore, RenderingStore
from forcelaw.server.settings import Settings
from forcelaw.store import (
    ConstructsTerms,
    QueryRequest,
    QueryResult,
    SelectsTerms,
    solution_terms,
    triple_terms,
)
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


def test_document_triples_from_the_construct_are_those_of_the_select(
    built: Built, readers: tuple[describe.Reader, describe.Reader]
) -> None:
    """The renderer's JSON-LD documents come from the CONSTRUCT its other formats were written
    from; the server's from a SELECT of the same pattern. Same triples, same document."""
    _, json_path = readers
    store = RenderingStore(built.store, built.dataset)
    assert isinstance(store, ConstructsTerms)
    assert not isinstance(InProcessStore(built.store, built.dataset), ConstructsTerms)
    rendering = describe.Reader(store, Settings(release=built.release))
    resources = _resources(built)

    async def compare() -> None:
        for iri in resources:
            # first from the engine, then from the memo the Turtle document left behind
            await rendering.construct(describe.document_query(iri), describe_format("turtle"))
            for _ in range(2):
                ours = await rendering.triples(iri)
                theirs = await json_path.triples(iri)
                assert set(ours) == set(theirs) and len(ours) == len(set(ours)), iri
                context = "https://w3id.org/forcelaw/context.jsonld"
                assert jsonld.document(ours, context) == jsonld.document(theirs, context), iri

    asyncio.run(compare())


def test_construct_terms_hold_the_row_cap_and_refuse_other_answers(built: Built) -> None:
    store = RenderingStore(built.store, built.dataset)
    query = (
        "CONSTRUCT { ?s <http://example.org/p> ?i } "
        "WHERE { VALUES ?i { 1 2 3 } BIND(<http://example.org/s> AS ?s) }"
    )

    async def run(text: str, rows: int) -> list[tuple[object, object, object]]:
        return list(await store.construct_terms(QueryRequest(text, "ntriples", rows, 1 << 20)))

    assert len(asyncio.run(run(query, 3))) == 3
    with pytest.raises(ResultTooLarge):
        asyncio.run(run(query, 2))
    with pytest.raises(InvalidDataset, match="CONSTRUCT"):
        asyncio.run(run("SELECT ?i WHERE { VALUES ?i { 1 } }", 10))
    raw = ox.Store.read_only(str(built.store)).query(query)
    terms = triple_terms(raw, 10)
    assert {o for _, _, o in terms} == {
        Lit(str(i), None, "http://www.w3.org/2001/XMLSchema#integer") for i in (1, 2, 3)
    }


def describe_format(key: str):  # type: ignore[no-untyped-def]
    return BY_KEY[key]


@pytest.mark.parametrize("key", ["trig", "nquads"])
def test_triples_in_a_dataset_format_are_written_in_the_default_graph(
    built: Built, key: str
) -> None:
    """``serialize_graph`` hands the triples to pyoxigraph as they are: for every document of
    the checkout's release and the ontology's graph (blank nodes, literals of every kind, the
    prefixes of TriG) that is the same bytes as quads in the default graph, made one by one as
    before."""
    fmt = BY_KEY[key]
    store = ox.Store.read_only(str(built.store))
    resources = _resources(built)
    assert len(resources) >= 200
    queries = [describe.document_query(iri) for iri in resources]
    queries.append(describe.graph_query(uris.named_graph("ontology", BASE)))
    blank = False
    prefixes = PREFIXES if key == "trig" else None
    for query in queries:
        found: Any = store.query(describe._PREFIX_BLOCK + query, use_default_graph_as_union=True)
        triples = list(found)
        blank = blank or any(isinstance(t.subject, ox.BlankNode) for t in triples)
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        expected = ox.serialize(quads, format=fmt.rdf_format, prefixes=prefixes) or b""
        assert serialize_graph(fmt, triples, PREFIXES) == expected, query
    assert blank
