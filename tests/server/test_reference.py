"""The differential test's reference answers: pyoxigraph's, in a child process that a query may
abort (as pyoxigraph 0.5 does sorting some mixes of literal kinds) without ending pytest."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pyoxigraph as ox

from tests.server.differential import Answer, direct
from tests.server.reference import Reference, dataset_store
from tests.server.sparql_corpus import Entry, q

DIES = "ASK { FILTER ( true ) } # dies"


def aborting(store: ox.Store, entry: Entry, text: str, csv: bool) -> Answer:
    """pyoxigraph's answer, except that the query marked ``# dies`` aborts the process (as a
    Rust panic does: SIGABRT) and one marked ``# exits`` ends it with status 3."""
    if text.endswith("# dies"):
        os.abort()
    if text.endswith("# exits"):
        os._exit(3)
    return direct(store, entry, text)


def entry(text: str) -> Entry:
    return Entry("probe", q(text), "ASK" if text.startswith("ASK") else "SELECT")


def test_the_reference_answers_as_pyoxigraph_does_in_this_process(
    loaded: tuple[Path, Path, object],
) -> None:
    store = dataset_store(loaded[0])
    probes = [
        entry("SELECT ?g ( COUNT ( * ) AS ?n ) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"),
        entry("ASK { ?s ?p ?o }"),
        entry("SELECT * WHERE { ?s ?p }"),  # a syntax error is an error answer, not an abort
    ]
    with Reference(loaded[0]) as reference:
        answers = [reference.answer(e, e.text()) for e in probes]
    assert answers == [direct(store, e, e.text()) for e in probes]
    assert [a.kind for a in answers] == ["rows", "boolean", "error"]
    assert answers[0].value[1]  # some graph has triples


def test_an_engine_abort_is_one_answer_and_the_next_query_is_answered(
    loaded: tuple[Path, Path, object],
) -> None:
    store = dataset_store(loaded[0])
    alive = entry("ASK { ?s ?p ?o }")
    with Reference(loaded[0], evaluate=aborting) as reference:
        died = reference.answer(entry(DIES), DIES)
        after = reference.answer(alive, alive.text())
        exited = reference.answer(entry("ASK {} # exits"), "ASK {} # exits")
        again = reference.answer(alive, alive.text())
    assert died.kind == "abort" and signal.Signals.SIGABRT.name in died.value, died
    assert exited.kind == "abort" and "exit status 3" in exited.value, exited
    assert after == again == direct(store, alive, alive.text())
    assert after.kind == "boolean"
