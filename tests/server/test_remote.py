"""Remote mode beyond the shared tests: a stateless front end (two instances, one store, the same
answers, equal to the embedded store's), the union said through the protocol, timeouts, a store
that goes away and comes back, a store that is down at start."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from forcelaw.errors import StoreUnavailable
from forcelaw.remote.load import load_release_remote
from forcelaw.remote.store import RemoteStore, has_dataset
from forcelaw.server.app import create_app
from forcelaw.server.settings import Settings
from forcelaw.server.workers import WorkerPool
from forcelaw.store import DatasetInfo, dataset_clauses
from tests.oxigraph_server import OxigraphServer, free_port, require_oxigraph
from tests.server.conftest import SERVE, Built, Listener, fake_resolver, test_settings
from tests.server.release_fixture import GRAPH_REF
from tests.server.test_errors import assert_problem
from tests.server.test_live import RUNAWAY

STATE = "https://w3id.org/forcelaw/id/state/KZ"
# What a client of either front end asks: SPARQL in several formats, documents, pages, the VoID.
REQUESTS: list[tuple[str, dict[str, str], str]] = [
    (
        "/sparql",
        {"query": "SELECT ?s ?o WHERE { ?s a ?o FILTER(isIRI(?s)) } ORDER BY ?s ?o LIMIT 40"},
        "*/*",
    ),
    (
        "/sparql",
        {"query": "SELECT ?s ?o WHERE { ?s a ?o FILTER(isIRI(?s)) } ORDER BY ?s ?o LIMIT 40"},
        "text/csv",
    ),
    ("/sparql", {"query": "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"}, ""),
    ("/sparql", {"query": f"DESCRIBE <{STATE}>"}, "application/n-triples"),
    ("/sparql", {"query": f"CONSTRUCT {{ <{STATE}> ?p ?o }} WHERE {{ <{STATE}> ?p ?o }}"}, ""),
    ("/sparql", {"query": f"ASK {{ <{STATE}> ?p ?o }}"}, "application/sparql-results+xml"),
    ("/sparql", {}, "text/turtle"),
    ("/id/state/KZ", {}, "text/turtle"),
    ("/id/state/KZ", {}, "application/ld+json"),
    ("/id/state/KZ", {}, "text/html"),
    ("/id/treaty/cat", {}, "application/rdf+xml"),
    ("/.well-known/void", {}, "text/turtle"),
    ("/", {}, "text/html"),
]
PUBLIC_HOST = "forcelaw.example.org"


def answers(base: str) -> list[tuple[int, str, str, bytes]]:
    """Status, type, row count and body of every request in ``REQUESTS``."""
    found = []
    # Behind a load balancer every front end sees the public host name.
    with httpx.Client(base_url=base, timeout=30, headers={"Host": PUBLIC_HOST}) as client:
        for path, params, accept in REQUESTS:
            response = client.get(path, params=params, headers={"Accept": accept} if accept else {})
            found.append(
                (
                    response.status_code,
                    response.headers.get("content-type", ""),
                    response.headers.get("x-result-rows", ""),
                    response.content,
                )
            )
    return found


@pytest.fixture(scope="module")
def two_front_ends(
    built: Built, remote_built: OxigraphServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[str]]:
    """Two ``forcelaw serve --store`` processes on one Oxigraph server."""
    logs = tmp_path_factory.mktemp("front-ends")
    processes, urls = [], []
    try:
        for n in range(2):
            port = free_port()
            command = [
                sys.executable, "-c", SERVE, "serve", "--port", str(port),
                "--release", str(built.release), "--store", remote_built.query,
            ]  # fmt: skip
            log = (logs / f"front-end-{n}.log").open("wb")
            processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT))
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            _wait_for(url + "/sparql")
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(10)


def test_two_front_ends_on_one_store_give_identical_answers(
    two_front_ends: list[str], built: Built
) -> None:
    first, second = (answers(url) for url in two_front_ends)
    assert [a[0] for a in first] == [200] * len(REQUESTS)
    assert first == second
    # ... and the same as the embedded store: the front end does not change what clients get.
    settings = Settings(release=built.release)  # what `forcelaw serve` runs with
    pool = WorkerPool(built.store, built.dataset, size=1, memory_mb=1024)
    app = create_app(settings, pool, resolver=fake_resolver)
    with TestClient(app, base_url=f"http://{PUBLIC_HOST}") as embedded:
        for (path, params, accept), remote in zip(REQUESTS, first, strict=True):
            headers = {"Accept": accept} if accept else {}
            response = embedded.get(path, params=params, headers=headers)
            local = (
                response.status_code,
                response.headers.get("content-type", ""),
                response.headers.get("x-result-rows", ""),
                response.content,
            )
            assert remote == local, (path, params, accept)


# --- a store of our own: stopped, restarted, timed out ---------------------------------------


@pytest.fixture(scope="module")
def own_store(
    loaded: tuple[Path, Path, DatasetInfo], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[OxigraphServer]:
    """Oxigraph (not union by default) with the fixture release, which stops runaways at 2 s."""
    location = tmp_path_factory.mktemp("own-store") / "db"
    server = OxigraphServer(require_oxigraph(), location, union=False, options=("--timeout-s", "2"))
    server.start()
    load_release_remote(loaded[0], server.query, server.store)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def own_client(
    own_store: OxigraphServer, loaded: tuple[Path, Path, DatasetInfo]
) -> Iterator[tuple[TestClient, RemoteStore]]:
    settings = test_settings(Listener(0), release=loaded[0], timeout=1.0)
    store = RemoteStore(own_store.query, version=loaded[2].version, queue_wait=1.0)
    app = create_app(settings, store, resolver=fake_resolver)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client, store


def count(client: TestClient, query: str) -> int:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_union_is_said_through_the_protocol(
    own_client: tuple[TestClient, RemoteStore], own_store: OxigraphServer
) -> None:
    client, store = own_client
    assert not store.union_native
    raw = httpx.post(own_store.query, data={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert raw.json()["results"]["bindings"][0]["n"]["value"] == "0"  # the store's own default
    assert count(client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == 13
    assert count(client, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }") == 13
    # A query naming its own dataset keeps it; so does the protocol's.
    assert count(client, f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH_REF}> {{ ?s ?p ?o }}") == 3
    response = client.get(
        "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "default-graph-uri": GRAPH_REF},
    )
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "3"


def test_dataset_info_comes_from_the_store(own_client: tuple[TestClient, RemoteStore]) -> None:
    _, store = own_client
    assert store.dataset.triples == 13
    assert {g.iri.rsplit("/", 1)[1]: g.triples for g in store.dataset.graphs} == {
        "KZ": 10,
        "reference": 3,
    }


def test_timeout_is_the_same_problem_and_others_are_answered(
    own_client: tuple[TestClient, RemoteStore],
) -> None:
    client, _ = own_client
    started = time.perf_counter()
    body = assert_problem(client.get("/sparql", params={"query": RUNAWAY}), 504, "query-timeout")
    assert body["timeout"] == 1.0
    assert time.perf_counter() - started < 3
    assert count(client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == 13


def test_store_down_is_502_and_recovers(
    own_client: tuple[TestClient, RemoteStore], own_store: OxigraphServer
) -> None:
    client, _ = own_client
    assert count(client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == 13  # a kept-alive connection
    own_store.stop()
    try:
        response = client.get("/sparql", params={"query": "ASK {}"})
        body = assert_problem(response, 502, "store-unavailable")
        assert "cannot be reached" in body["detail"] or "dropped" in body["detail"]
        assert own_store.query not in body["detail"]  # the store's address stays private
        page = client.get("/id/state/KZ", headers={"Accept": "text/turtle"})
        assert_problem(page, 502, "store-unavailable")
    finally:
        own_store.start()
    assert count(client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == 13


def test_store_down_at_start_fails_clearly() -> None:
    store = RemoteStore(f"http://127.0.0.1:{free_port()}/query", startup_wait=0.3)
    with pytest.raises(StoreUnavailable, match="cannot be reached"):
        asyncio.run(store.start())


def test_serve_refuses_a_store_that_is_not_a_url() -> None:
    command = [sys.executable, "-c", SERVE, "serve", "--store", "localhost:7878"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, env=os.environ)
    assert done.returncode == 2
    assert "store must be an http(s) URL" in done.stderr


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * FROM <http://a/g> { ?s ?p ?o }", True),
        ("select * from named <http://a/g> { graph ?g { ?s ?p ?o } }", True),
        ("SELECT * FROM<http://a/g> { ?s ?p ?o }", True),
        ("SELECT * { ?s ?p ?o }", False),
        ('SELECT * { ?s ?p "FROM <x>" }', False),
        ("SELECT * { ?s ex:from ?from } # FROM <x>", False),
        ("SELECT * { ?s <http://a/FROM> ?o }", False),
    ],
)
def test_has_dataset(query: str, expected: bool) -> None:
    assert has_dataset(query) is expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "SELECT * FROM <http://a/g> FROM NAMED <http://a/h> {}",
            (("http://a/g",), ("http://a/h",)),
        ),
        (
            "PREFIX g: <http://a/> select * from g:x from named g:y\\-z {}",
            (("http://a/x",), ("http://a/y-z",)),
        ),
        ("SELECT * FROM<http://a/\\u0041>{}", (("http://a/A",), ())),
        ('SELECT ?from { ?from ?p "FROM <http://x>"@from } # FROM <http://c>', ((), ())),
        ("SELECT * { ?s ex:from <http://a/FROM> }", ((), ())),
        ("SELECT * FROM <relative> {}", None),
        ("SELECT * FROM undeclared:x {}", None),
        ("SELECT * FROM {}", None),
    ],
)
def test_dataset_clauses(query: str, expected: object) -> None:
    assert dataset_clauses(query) == expected


def test_from_and_from_named_hold_on_a_store_whose_default_graph_is_the_union(
    site: TestClient, built: Built
) -> None:
    """Oxigraph's server with --union-default-graph disregards FROM (every graph was counted):
    the front end says the query's dataset in the protocol, which it does not disregard."""
    graphs = {g.iri: g.triples for g in built.dataset.graphs}
    for iri, triples in graphs.items():
        prefix, _, local = iri.rpartition("/")
        for query in (
            f"SELECT (COUNT(*) AS ?n) FROM <{iri}> WHERE {{ ?s ?p ?o }}",
            f"PREFIX g: <{prefix}/> SELECT (COUNT(*) AS ?n) FROM g:{local} WHERE {{ ?s ?p ?o }}",
        ):
            answer = site.get("/sparql", params={"query": query})
            assert answer.status_code == 200, answer.text
            assert answer.json()["results"]["bindings"][0]["n"]["value"] == str(triples), query
    first = next(iter(graphs))
    named = (
        f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{first}> "
        "WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g"
    )
    rows = site.get("/sparql", params={"query": named}).json()["results"]["bindings"]
    assert [(r["g"]["value"], r["n"]["value"]) for r in rows] == [(first, str(graphs[first]))]


def test_a_relative_from_is_refused_where_it_cannot_be_said_in_the_protocol(
    site: TestClient, built: Built
) -> None:
    first = built.dataset.graphs[0].iri
    base, _, local = first.rpartition("/")
    query = f"BASE <{base}/> SELECT (COUNT(*) AS ?n) FROM <{local}> WHERE {{ ?s ?p ?o }}"
    answer = site.get("/sparql", params={"query": query})
    store = site.app.state.store  # type: ignore[attr-defined]
    if isinstance(store, RemoteStore) and store.union_native:
        assert_problem(answer, 400, "unsupported-query")
        assert "FROM" in answer.json()["detail"]
    else:  # the embedded engine resolves it against BASE
        assert answer.json()["results"]["bindings"][0]["n"]["value"] == str(
            built.dataset.graphs[0].triples
        )


def _wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout:g} s")
