"""A real ``forcelaw serve`` process on a loopback port: SPARQLWrapper as a client, timeouts,
worker death and replacement, concurrency, overload."""

from __future__ import annotations

import os
import signal
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from forcelaw.store import DatasetInfo
from tests.server.conftest import LiveServer, serving
from tests.server.release_fixture import FL, HOSTILE_TEXT, PROVISION, STATE

RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
    "?m ?n1 ?o . ?p ?q ?r . ?s ?t ?u . ?v ?w ?x . ?y ?z ?a2 }"
)
SIMPLE = f"ASK {{ <{STATE}> a <{FL}State> }}"
# Doubles a 1 KiB string 24 times (16 GiB): the worker hits its memory cap and aborts.
MEMORY_BOMB = (
    f'SELECT (STRLEN(?x24) AS ?l) WHERE {{ BIND("{"x" * 1024}" AS ?x0) '
    + " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(24))
    + " }"
)


def wrapper(live: LiveServer, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(live.endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_json_xml_csv(live: LiveServer) -> None:
    query = f"SELECT ?text WHERE {{ <{PROVISION}> <{FL}verbatimText> ?text }}"
    data: Any = wrapper(live, query, JSON).queryAndConvert()
    assert data["results"]["bindings"][0]["text"]["value"] == HOSTILE_TEXT
    xml: Any = wrapper(live, query, XML).queryAndConvert()
    texts = [n.firstChild.data for n in xml.getElementsByTagName("literal")]
    assert texts == [HOSTILE_TEXT]
    csv_text: Any = wrapper(live, query, CSV).queryAndConvert()
    assert csv_text.decode("utf-8").startswith("text\r\n")


def test_sparqlwrapper_post_and_construct(live: LiveServer) -> None:
    client = wrapper(live, f"CONSTRUCT WHERE {{ <{STATE}> ?p ?o }}", TURTLE)
    client.setMethod("POST")
    graph = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")  # type: ignore[arg-type]
    assert len(graph) == 3
    ask: Any = wrapper(live, SIMPLE, JSON).queryAndConvert()
    assert ask["boolean"] is True


def post(live: LiveServer, query: str, timeout: float = 30) -> httpx.Response:
    return httpx.post(
        live.endpoint,
        content=query,
        headers={"Content-Type": "application/sparql-query"},
        timeout=timeout,
    )


def test_simple_query_latency(live: LiveServer) -> None:
    with httpx.Client() as client:
        times = []
        for _ in range(50):
            started = time.perf_counter()
            response = client.get(live.endpoint, params={"query": SIMPLE})
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
    median = statistics.median(times)
    print(f"simple ASK round trip over loopback: median {median * 1000:.2f} ms")
    assert median < 0.05


def test_runaway_is_cut_while_others_are_answered(live: LiveServer) -> None:
    outcome: dict[str, Any] = {}

    def runaway() -> None:
        started = time.perf_counter()
        outcome["response"] = post(live, RUNAWAY)
        outcome["elapsed"] = time.perf_counter() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    latencies = []
    with httpx.Client() as client:
        while thread.is_alive() and len(latencies) < 200:
            started = time.perf_counter()
            response = client.get(live.endpoint, params={"query": SIMPLE})
            latencies.append(time.perf_counter() - started)
            assert response.status_code == 200
            time.sleep(0.01)
    thread.join(30)
    response = outcome["response"]
    assert response.status_code == 504
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["timeout"] == 2
    elapsed = outcome["elapsed"]
    median = statistics.median(latencies)
    print(
        f"runaway cut after {elapsed:.3f} s (limit 2 s); meanwhile {len(latencies)} simple "
        f"queries, median {median * 1000:.2f} ms, max {max(latencies) * 1000:.2f} ms"
    )
    assert 2.0 <= elapsed < 3.0
    assert latencies and median < 0.1


@pytest.fixture(scope="module")
def crashable(
    loaded: tuple[Path, Path, DatasetInfo], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A server whose timeout is long enough that a memory bomb always hits the memory cap
    first, however busy the machine (with the 2 s `live` server it could time out instead)."""
    with serving(
        loaded[0], tmp_path_factory.mktemp("crashable"),
        "--timeout", "60", "--workers", "2", "--worker-memory-mb", "768",
    ) as server:  # fmt: skip
        yield server


def test_worker_crash_is_a_problem_and_the_server_keeps_serving(crashable: LiveServer) -> None:
    live = crashable
    response = post(live, MEMORY_BOMB)
    assert response.status_code == 500
    body = response.json()
    assert body["type"].endswith("/engine-crashed")
    for _ in range(5):
        assert httpx.get(live.endpoint, params={"query": SIMPLE}).status_code == 200
    deadline = time.monotonic() + 10
    while len(live.worker_pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(live.worker_pids()) == 2


def test_killed_worker_is_replaced(live: LiveServer) -> None:
    before = live.worker_pids()
    os.kill(before[0], signal.SIGKILL)
    time.sleep(0.2)
    # Distinct queries (a comment is not enough: it is not part of the cache key), so that each
    # reaches a worker instead of being answered from the answer cache.
    statuses = [
        httpx.get(
            live.endpoint, params={"query": f"{SIMPLE[:-1]} FILTER({i} = {i}) }}"}
        ).status_code
        for i in range(6)
    ]
    # A request that lands on the dead worker gets a 500 problem; every other one is answered.
    assert statuses.count(200) >= 5 and set(statuses) <= {200, 500}
    deadline = time.monotonic() + 10
    while (len(live.worker_pids()) < 2 or before[0] in live.worker_pids()) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.1)
    after = live.worker_pids()
    assert len(after) == 2 and before[0] not in after


@pytest.mark.stress
def test_overloaded_when_every_worker_is_busy(live: LiveServer) -> None:
    threads = [threading.Thread(target=post, args=(live, RUNAWAY)) for _ in range(2)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    response = httpx.get(live.endpoint, params={"query": SIMPLE}, timeout=10)
    for thread in threads:
        thread.join(30)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.json()["type"].endswith("/overloaded")
