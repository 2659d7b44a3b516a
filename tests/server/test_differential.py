"""Differential testing of ``/sparql``: a seeded corpus of queries (``sparql_corpus``) asked of a
live ``forcelaw serve`` in several spellings and ways (GET, POST form, POST sparql-query), each
answer compared with pyoxigraph's own on the same dataset; over the checkout's release and over
the fixture release (its hostile literal).

What it holds the endpoint to: every spelling of a query gets pyoxigraph's answer (never a 4xx or
5xx), and one answer-cache entry per query and format: the first request of a query is a miss,
every later spelling a hit (a query whose answer may change, or with a BASE, never kept); two
different queries never share an entry (the first of each is a miss). The SELECTs are also
asked in XML, TSV and CSV, read back (CSV against pyoxigraph's own CSV). pyoxigraph's answers
are computed in a child process (``reference``): a query that aborts the engine fails the test
naming it, and the run goes on.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.server.conftest import Built, LiveServer, serving
from tests.server.differential import WAYS, ask, describe_difference, served
from tests.server.reference import Reference, dataset_store
from tests.server.sparql_corpus import TEMPLATES, Entry, Spelling, corpus, render

SEED = 20261127
SPELLINGS = 3  # the plain one and two drawn
# What clients send for SELECT and ASK, each negotiating SPARQL JSON (so all share one entry):
# none, curl's, Jena's ARQ (WebContent.defaultSparqlResultsHeader), YASGUI's,
# fetch-sparql-endpoint's.
RESULTS_ACCEPTS = (
    None,
    "*/*",
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "text/tab-separated-values;q=0.7, text/csv;q=0.5, application/json;q=0.2, "
    "application/xml;q=0.2, */*;q=0.1",
    "application/sparql-results+json,*/*;q=0.9",
    "application/sparql-results+json;q=1.0,application/sparql-results+xml;q=0.7",
)
# And for CONSTRUCT and DESCRIBE, each negotiating Turtle: none, Jena's defaultGraphAcceptHeader.
GRAPH_ACCEPTS = (
    None,
    "*/*",
    "text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,"
    "application/rdf+xml;q=0.7,*/*;q=0.3",
)
XML = "application/sparql-results+xml"
OTHER_FORMATS = ("text/tab-separated-values", "text/csv")


@pytest.fixture(scope="module")
def kz_live(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serving(
        built.release, tmp_path_factory.mktemp("differential"),
        "--workers", "2", "--max-rows", "100000", "--timeout", "10",
    ) as server:  # fmt: skip
        yield server


def test_the_corpus_is_the_same_for_the_seed_and_uses_every_template(built: Built) -> None:
    store = dataset_store(built.release)
    first, again = corpus(store, SEED, 60), corpus(store, SEED, 60)
    assert first == again
    assert {e.name for e in first} >= {"lookup", "path", "values", "base", "volatile"}
    assert len({(e.text(), e.default_graphs, e.named_graphs) for e in first}) == len(first)
    assert len(TEMPLATES) >= 25
    rng = random.Random(SEED)
    respelled = 0
    with Reference(built.release) as reference:
        for entry in first:  # the oracle reads the plain spelling: a corpus query is SPARQL
            kind = reference.answer(entry, entry.text()).kind
            assert kind not in ("error", "abort"), entry.text()
            respelled += render(entry, Spelling.draw(rng)) != entry.text()
    assert respelled >= len(first) * 0.9


def differences(live: LiveServer, reference: Reference, entries: list[Entry]) -> list[str]:
    """Every way the endpoint's answers depart from pyoxigraph's, or its cache from one entry
    per query and format (empty when none does)."""
    found: list[str] = []
    rng = random.Random(SEED)
    with httpx.Client(timeout=30) as client:
        for n, entry in enumerate(entries):
            plain = entry.text()
            expected = reference.answer(entry, plain)
            if expected.kind == "abort":
                found.append(f"{entry.name} {plain!r}: {expected.value}")
                continue
            texts = [render(entry, Spelling.draw(rng)) for _ in range(SPELLINGS - 1)] + [plain]
            accepts = GRAPH_ACCEPTS if entry.form in ("CONSTRUCT", "DESCRIBE") else RESULTS_ACCEPTS
            for i, text in enumerate(texts):
                way = WAYS[(n + i) % len(WAYS)]
                response = ask(client, live.endpoint, entry, text, way, rng.choice(accepts))
                got = served(response, entry)
                if got != expected:
                    why = describe_difference(expected, got)
                    found.append(f"{entry.name} ({way}) {text!r}: {why}")
                    continue
                cache = response.headers.get("x-cache")
                wanted = ("miss" if i == 0 else "hit") if entry.cacheable else None
                if cache != wanted:
                    found.append(f"{entry.name} ({way}) {text!r}: X-Cache {cache}, not {wanted}")
            if entry.form != "SELECT":
                continue
            for accept in (XML, OTHER_FORMATS[n % len(OTHER_FORMATS)]):
                response = ask(client, live.endpoint, entry, plain, "get", accept)
                want = expected
                if accept == "text/csv":
                    if entry.default_graphs or entry.named_graphs:
                        continue
                    want = reference.csv(entry, plain)
                got = served(response, entry)
                if got != want:
                    why = describe_difference(want, got)
                    found.append(f"{entry.name} in {accept} {plain!r}: {why}")
    return found


def test_every_spelling_gets_pyoxigraphs_answer_and_one_cache_entry(
    kz_live: LiveServer, built: Built
) -> None:
    entries = corpus(dataset_store(built.release), SEED, 200)
    with Reference(built.release) as reference:
        found = differences(kz_live, reference, entries)
    assert not found, "\n".join(found[:20])


def test_the_same_over_the_fixture_release(
    live: LiveServer, loaded: tuple[Path, Path, object]
) -> None:
    entries = corpus(dataset_store(loaded[0]), SEED + 1, 60)
    with Reference(loaded[0]) as reference:
        found = differences(live, reference, entries)
    assert not found, "\n".join(found[:20])
