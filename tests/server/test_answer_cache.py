"""The answer cache of /sparql: keys, what is never kept, 304s, warming and the release swap."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from forcelaw.errors import QuerySyntaxError, QueryTimeout, ResultTooLarge, StoreError
from forcelaw.server.answer_cache import (
    AnswerCache,
    CachedAnswer,
    Generation,
    answer_etag,
    answer_key,
    warm,
)
from forcelaw.server.app import create_app
from forcelaw.server.canonical import canonical_tokens
from forcelaw.server.examples import Example, load_examples
from forcelaw.server.settings import Settings
from forcelaw.store import DatasetInfo, GraphInfo, QueryRequest, QueryResult
from tests.server.release_fixture import FL, GRAPH_KZ, GRAPH_REF

SPELLED = f"""PREFIX fl: <{FL}>
# the states
SELECT ?s WHERE {{ ?s a fl:State }}"""
RESPELLED = f"PREFIX x: <{FL}>\nselect  $s\twhere{{?s a x:State}}  # same query"
SAME_IRI = f"SELECT ?s WHERE {{ ?s a <{FL}State> }}"


# --- keys ----------------------------------------------------------------------------------------


def test_equivalent_spellings_share_a_stream() -> None:
    assert canonical_tokens(SPELLED) == canonical_tokens(RESPELLED) == canonical_tokens(SAME_IRI)


RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_PREFIX = f"PREFIX rdf: <{RDF}> "


@pytest.mark.parametrize(
    "pattern",
    [
        "?s {a} ?c",
        "?s ?p ?o . ?s {a} ?c",
        "?s ?p ?o ; {a} ?c",
        "?s ?p [ {a} ?c ]",
        "[ {a} ?c ] ?p ?o",
        "<http://e/s> {a} ?c",
        "_:b {a} ?c",
        "?s {a}/<http://e/p>* ?c",
        "?s ^{a} ?c",
        "?s <http://e/p>|{a} ?c",
        "OPTIONAL {{ ?s {a} ?c }}",
    ],
)
def test_a_and_rdf_type_share_a_stream_where_a_is_a_predicate(pattern: str) -> None:
    """``a``, ``rdf:type`` and the full IRI are one predicate: one cache entry."""
    spellings = [
        "SELECT * WHERE { " + pattern.format(a="a") + " }",
        RDF_PREFIX + "SELECT * WHERE { " + pattern.format(a="rdf:type") + " }",
        "SELECT * WHERE { " + pattern.format(a=f"<{RDF}type>") + " }",
    ]
    streams = {canonical_tokens(q) for q in spellings}
    assert len(streams) == 1 and None not in streams


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # where ``a`` is no predicate it is a syntax error; an IRI there can be a query
        ("DESCRIBE ?x a", f"DESCRIBE ?x <{RDF}type>"),
        ("SELECT * { ?s ?p a }", f"SELECT * {{ ?s ?p <{RDF}type> }}"),
        ("SELECT * { ?s ?p ?o , a }", f"SELECT * {{ ?s ?p ?o , <{RDF}type> }}"),
        ("SELECT * { a ?p ?o }", f"SELECT * {{ <{RDF}type> ?p ?o }}"),
        (
            "SELECT * { VALUES ?x { <http://e/s> a } }",
            f"SELECT * {{ VALUES ?x {{ <http://e/s> <{RDF}type> }} }}",
        ),
        (
            "SELECT * { ?s ?p ?o FILTER(?o = a) }",
            f"SELECT * {{ ?s ?p ?o FILTER(?o = <{RDF}type>) }}",
        ),
        ("SELECT * { ?s ?p ?o FILTER(!a) }", f"SELECT * {{ ?s ?p ?o FILTER(!<{RDF}type>) }}"),
        # an ``a`` inside a string, an IRI, a name, a variable, a language tag is no keyword
        ('SELECT * { ?s ?p "a" }', f'SELECT * {{ ?s ?p "{RDF}type" }}'),
        ("SELECT * { ?s <http://e/a> ?c }", f"SELECT * {{ ?s <{RDF}type> ?c }}"),
        ("PREFIX ex: <http://e/> SELECT * { ?s ex:a ?c }", f"SELECT * {{ ?s <{RDF}type> ?c }}"),
        ("PREFIX a: <http://e/> SELECT * { ?s a:b ?c }", f"SELECT * {{ ?s <{RDF}type> ?c }}"),
        ("SELECT * { ?s ?a ?c }", f"SELECT * {{ ?s <{RDF}type> ?c }}"),
        ("SELECT * { ?s _:a ?c }", f"SELECT * {{ ?s <{RDF}type> ?c }}"),
        ('SELECT * { ?s ?p "x"@a }', f'SELECT * {{ ?s ?p "x"<{RDF}type> }}'),
        ("SELECT * { ?s A ?c }", f"SELECT * {{ ?s <{RDF}type> ?c }}"),
    ],
)
def test_a_is_rdf_type_only_as_a_predicate(one: str, other: str) -> None:
    assert canonical_tokens(one) != canonical_tokens(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ('SELECT * { ?s ?p "a b" }', 'SELECT * { ?s ?p "a  b" }'),
        ('SELECT * { ?s ?p "x" }', 'SELECT * { ?s ?p "X" }'),
        ('SELECT * { ?s ?p "x"@en }', 'SELECT * { ?s ?p "x"@EN }'),
        ('SELECT * { ?s ?p "# not a comment" }', 'SELECT * { ?s ?p "" }'),
        ("SELECT * { ?s ?p 12 }", "SELECT * { ?s ?p 1 2 }"),
        ("SELECT * { ?s ?p +1 }", "SELECT * { ?s ?p + 1 }"),
        ("SELECT ?a { ?a ?p ?o }", "SELECT ?A { ?A ?p ?o }"),
        (f"PREFIX e: <{FL}> SELECT * {{ ?s ?p e:a.}}", f"SELECT * {{ ?s ?p <{FL}a.> }}"),
        ("SELECT * { ?s a ?o }", "SELECT * { ?s A ?o }"),
        # An escape in an IRI: the "#" after it is the IRI's, not a comment's.
        (
            "SELECT ?o WHERE { BIND(<http://e/T#\\u0041> AS ?o) }",
            "SELECT ?o WHERE { BIND(<http://e/T#\\u0042> AS ?o) }",
        ),
        (
            "SELECT ?s { ?s ?p ?o FILTER(?o != <http://e/T#\\u0041>) } LIMIT 1",
            "SELECT ?s { ?s ?p ?o FILTER(?o != <http://e/T#\\u0041>) }",
        ),
        (
            "ASK { FILTER(<http://e/T#\\u0041> = <http://e/T#A>) }",
            "ASK { FILTER(<http://e/T#\\u0041> = <http://e/T#B>) }",
        ),
        # SPARQL's white space is space, tab, CR and LF: the engine refuses a no-break space
        # (pasted from a web page), a line separator or a form feed between tokens.
        ("ASK { ?s ?p ?o }", "ASK\u00a0{ ?s ?p ?o }"),
        ("ASK { ?s ?p ?o }", "ASK {\u2028?s ?p ?o }"),
        ("ASK { ?s ?p ?o }", "ASK { ?s\x0c?p ?o }"),
        # a base direction is part of the language tag, in its case (--LTR is refused)
        ('SELECT ("x"@en--ltr AS ?v) {}', 'SELECT ("x"@en--LTR AS ?v) {}'),
    ],
)
def test_different_queries_never_collide(one: str, other: str) -> None:
    assert canonical_tokens(one) != canonical_tokens(other)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (NOW() AS ?t) {}",
        "SELECT (rand() AS ?r) {}",
        "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "BASE <http://example.org/> SELECT * { <a> ?p ?o }",
        'SELECT * { ?s ?p "unterminated }',
        "PREFIX r: <relative/> SELECT * { ?s ?p r:x }",
        "SELECT * PREFIX e: <http://example.org/> { ?s ?p e:x }",
        # a prefix name longer than the tokenizer reads: a word run into a name
        "PREFIX " + "p" * 100 + ": <http://example.org/> SELECT * { ?s ?p " + "p" * 100 + ":x }",
    ],
)
def test_volatile_or_doubtful_queries_are_not_cacheable(query: str) -> None:
    assert canonical_tokens(query) is None
    assert answer_key(query, (), (), "json") is None


def test_key_separates_formats_and_datasets() -> None:
    base = answer_key(SPELLED, (), (), "json")
    assert base == answer_key(RESPELLED, (), (), "json")
    assert base != answer_key(SPELLED, (), (), "xml")
    assert base != answer_key(SPELLED, (GRAPH_KZ,), (), "json")
    assert answer_key(SPELLED, (GRAPH_KZ,), (), "json") != answer_key(
        SPELLED, (), (GRAPH_KZ,), "json"
    )
    # The protocol dataset is a set: the order of the parameters does not matter.
    assert answer_key(SPELLED, (GRAPH_KZ, GRAPH_REF), (), "json") == answer_key(
        SPELLED, (GRAPH_REF, GRAPH_KZ), (), "json"
    )
    assert answer_etag("v1", "k") != answer_etag("v2", "k")


def test_generation_is_lru_bounded_in_bytes() -> None:
    answer = CachedAnswer(b"x" * 1000, "text/csv", 1)
    room = answer.cost("k0") * 3
    generation = Generation("v", room)
    for i in range(3):
        assert generation.put(f"k{i}", answer)
    assert generation.get("k0") is not None  # k0 is now the most recently used
    generation.put("k3", answer)
    assert generation.get("k1") is None and generation.get("k0") is not None
    assert generation.bytes <= room and len(generation) == 3
    assert not generation.put("huge", CachedAnswer(b"x" * room, "text/csv", 1))


# --- over HTTP, both stores ----------------------------------------------------------------------


def test_repeat_is_a_hit_with_the_same_etag(client: TestClient) -> None:
    first = client.get("/sparql", params={"query": SPELLED + " # run 1"})
    second = client.get("/sparql", params={"query": RESPELLED})
    assert first.status_code == second.status_code == 200
    assert first.headers["x-cache"] == "miss" and second.headers["x-cache"] == "hit"
    assert first.content == second.content
    assert first.headers["etag"] == second.headers["etag"]
    assert second.headers["x-result-rows"] == first.headers["x-result-rows"]
    assert second.headers["content-type"] == first.headers["content-type"]


def test_a_and_rdf_type_are_one_answer(client: TestClient) -> None:
    first = client.get(
        "/sparql", params={"query": f"SELECT ?s WHERE {{ ?s a <{FL}State> }} LIMIT 4"}
    )
    second = client.get(
        "/sparql",
        params={"query": RDF_PREFIX + f"SELECT ?s WHERE {{ ?s rdf:type <{FL}State> }} LIMIT 4"},
    )
    assert first.status_code == second.status_code == 200
    assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit")
    assert first.content == second.content and first.headers["etag"] == second.headers["etag"]
    refused = client.get("/sparql", params={"query": f"SELECT * WHERE {{ a ?p <{FL}State> }}"})
    assert refused.status_code == 400  # a as a subject: no answer of rdf:type's is given


def test_formats_and_datasets_are_kept_apart(client: TestClient) -> None:
    query = SAME_IRI + " LIMIT 7"
    json_answer = client.get("/sparql", params={"query": query})
    xml = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert (json_answer.headers["x-cache"], xml.headers["x-cache"]) == ("miss", "miss")
    assert json_answer.headers["etag"] != xml.headers["etag"]
    scoped = client.get("/sparql", params={"query": query, "default-graph-uri": GRAPH_REF})
    assert scoped.headers["x-cache"] == "miss"
    assert scoped.json()["results"]["bindings"] == []  # no state in the reference graph
    again = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert again.headers["x-cache"] == "hit" and again.content == xml.content


def test_if_none_match_is_304(client: TestClient) -> None:
    first = client.get("/sparql", params={"query": SAME_IRI + " LIMIT 3"})
    etag = first.headers["etag"]
    again = client.get(
        "/sparql", params={"query": SAME_IRI + "  LIMIT 3"}, headers={"If-None-Match": etag}
    )
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other = client.get(
        "/sparql", params={"query": SAME_IRI + " LIMIT 3"}, headers={"If-None-Match": '"nope"'}
    )
    assert other.status_code == 200
    head = client.head(
        "/sparql", params={"query": SAME_IRI + " LIMIT 3"}, headers={"If-None-Match": etag}
    )
    assert head.status_code == 304 and head.headers["etag"] == etag


def test_if_none_match_on_a_post_is_about_the_endpoint(client: TestClient) -> None:
    """RFC 9110 §13.1.2: a POST is never 304; its If-None-Match names /sparql's state."""
    query = SAME_IRI + " LIMIT 3"
    etag = client.get("/sparql", params={"query": query}).headers["etag"]
    direct = {"Content-Type": "application/sparql-query"}
    for headers in (direct, {"Content-Type": "application/x-www-form-urlencoded"}):
        body = query if headers is direct else urlencode({"query": query})
        answer = client.post("/sparql", content=body, headers={**headers, "If-None-Match": etag})
        assert answer.status_code == 200 and answer.headers["etag"] == etag
        assert answer.content == client.get("/sparql", params={"query": query}).content
    star = client.post("/sparql", content=query, headers={**direct, "If-None-Match": "*"})
    assert star.status_code == 412
    assert star.json()["type"].endswith("/precondition-failed")
    uncacheable = client.post(
        "/sparql", content="SELECT (RAND() AS ?r) {}", headers={**direct, "If-None-Match": "*"}
    )
    assert uncacheable.status_code == 412


def test_failures_are_never_kept(client: TestClient) -> None:
    cache: AnswerCache = client.app.state.answers  # type: ignore[attr-defined]
    for _ in range(2):
        broken = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
        assert broken.status_code == 400 and "x-cache" not in broken.headers
    held = len(cache.generation)
    # The fixture caps answers at 50 rows: a bigger answer is a 422, and stays one.
    big = "SELECT ?i WHERE { VALUES ?i { " + " ".join(str(i) for i in range(60)) + " } }"
    for _ in range(2):
        response = client.get("/sparql", params={"query": big})
        assert response.status_code == 422 and "etag" not in response.headers
    assert len(cache.generation) == held


def test_gallery_is_warm_at_start(client: TestClient) -> None:
    # Warming runs beside the first requests (start-up does not wait for it): wait for it here.
    assert client.portal is not None
    assert client.portal.call(_finished, client.app.state.warming) > 0  # type: ignore[attr-defined]
    example = next(e for e in load_examples() if e.name.startswith("a-"))
    response = client.get("/sparql", params={"query": example.query})
    assert response.status_code == 200
    assert response.headers["x-cache"] == "hit"


async def _finished(task: asyncio.Task[int]) -> int:
    return await task


def test_service_description_advertises_the_bound(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "application/n-triples"})
    line = next(li for li in response.text.splitlines() if "answerCacheBytes" in li)
    assert f'"{256 * 1024 * 1024}"' in line
    line = next(li for li in response.text.splitlines() if "documentCacheBytes" in li)
    assert f'"{64 * 1024 * 1024}"' in line


# --- with a stub store: what reaches the store, and the swap -------------------------------------


@dataclass
class CountingStore:
    """A store that answers from a script and counts what reaches it."""

    dataset: DatasetInfo
    failures: list[StoreError] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def query(self, request: QueryRequest, timeout: float) -> QueryResult:
        self.calls.append(request.query)
        if self.failures:
            raise self.failures.pop(0)
        body = f'{{"version": "{self.dataset.version}", "n": {len(self.calls)}}}'.encode()
        return QueryResult(body, "application/sparql-results+json; charset=utf-8", 1)


def _dataset(version: str) -> DatasetInfo:
    return DatasetInfo(version, (GraphInfo(GRAPH_KZ, 1),))


@pytest.fixture()
def stubbed(tmp_path: Path) -> Iterator[tuple[TestClient, CountingStore]]:
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "a-one.rq").write_text("# One\nSELECT ?s { ?s ?p ?o } LIMIT 1\n")
    store = CountingStore(_dataset("v1"))
    app = create_app(Settings(release=tmp_path), store)
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client, store


def test_a_hit_never_reaches_the_store(stubbed: tuple[TestClient, CountingStore]) -> None:
    client, store = stubbed
    assert [c.splitlines()[-1] for c in store.calls] == ["SELECT ?s { ?s ?p ?o } LIMIT 1"]
    warmed = client.get("/sparql", params={"query": "select ?s {?s ?p ?o} limit 1"})
    assert warmed.headers["x-cache"] == "hit"
    for _ in range(5):
        client.get("/sparql", params={"query": "SELECT ?o { ?s ?p ?o }"})
    assert len(store.calls) == 2


def test_timeouts_and_caps_are_not_kept(stubbed: tuple[TestClient, CountingStore]) -> None:
    client, store = stubbed
    store.failures = [QueryTimeout(5.0), ResultTooLarge("rows", 51), QuerySyntaxError("bad")]
    statuses = [client.get("/sparql", params={"query": "ASK {}"}).status_code for _ in range(4)]
    assert statuses == [504, 422, 400, 200]
    assert client.get("/sparql", params={"query": "ASK{}"}).headers["x-cache"] == "hit"


def test_a_new_release_swaps_the_cache(stubbed: tuple[TestClient, CountingStore]) -> None:
    client, store = stubbed
    cache: AnswerCache = client.app.state.answers  # type: ignore[attr-defined]
    old = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert client.get("/sparql", params={"query": "ASK{?s ?p ?o}"}).headers["x-cache"] == "hit"
    store.dataset = _dataset("v2")  # the store now holds a new release
    new = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert new.headers["x-cache"] == "miss" and b'"v2"' in new.content
    assert new.headers["etag"] != old.headers["etag"]
    stale = client.get(
        "/sparql",
        params={"query": "ASK { ?s ?p ?o }"},
        headers={"If-None-Match": old.headers["etag"]},
    )
    assert stale.status_code == 200
    assert cache.generation.version == "v2" and len(cache.generation) == 1


def test_warm_installs_a_whole_generation_at_once() -> None:
    import asyncio

    store = CountingStore(_dataset("v3"))
    cache = AnswerCache(1 << 20, "v2")
    cache.put("v2", "old", CachedAnswer(b"old", "text/csv", 1))
    before = cache.generation
    examples = [Example("a-x", "X", "", "SELECT * { ?s ?p ?o }"), Example("b", "B", "", "ASK {}")]
    kept = asyncio.run(warm(cache, store, examples, Settings()))
    assert kept == 2 and cache.generation is not before
    assert cache.generation.version == "v3" and cache.get("v2", "old") is None


def test_warming_keeps_what_was_cached_meanwhile() -> None:
    store = CountingStore(_dataset("v3"))
    cache = AnswerCache(1 << 20, "v3")
    cache.put("v3", "meanwhile", CachedAnswer(b"kept", "text/csv", 1))
    before = cache.generation
    examples = [Example("a-x", "X", "", "SELECT * { ?s ?p ?o }")]
    assert asyncio.run(warm(cache, store, examples, Settings())) == 1
    assert cache.generation is before and len(before) == 2
    found = cache.get("v3", "meanwhile")
    assert found is not None and found.body == b"kept"


def test_cache_hit_is_fast(stubbed: tuple[TestClient, CountingStore]) -> None:
    client, _ = stubbed
    client.get("/sparql", params={"query": SPELLED})
    started = time.perf_counter()
    for _ in range(50):
        assert client.get("/sparql", params={"query": SPELLED}).headers["x-cache"] == "hit"
    assert (time.perf_counter() - started) / 50 < 0.05  # generous: TestClient's own overhead


def test_a_space_sparql_does_not_read_as_one_is_not_a_cached_answer(client: TestClient) -> None:
    """The engine refuses a no-break space between tokens; asked after the same query spelled
    with a plain space, it is still refused, never the other's answer from the cache."""
    plain = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert plain.status_code == 200
    pasted = client.get("/sparql", params={"query": "ASK\u00a0{ ?s ?p ?o }"})
    assert pasted.status_code == 400
    assert "x-cache" not in pasted.headers
