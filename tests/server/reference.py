"""pyoxigraph's own answers to corpus queries, computed in a child process.

The differential test compares ``/sparql`` with pyoxigraph over the same dataset. pyoxigraph 0.5
aborts its process (a Rust panic: "comparison function does not correctly implement a total
order") sorting some mixes of literal kinds in an ORDER BY, and which mixes depends on the data:
evaluated in pytest's own process, one such query ended the whole test run. Here it ends a child
only: its query's answer is an ``abort`` naming the exit, which equals no answer the server can
give (so the one test fails, saying which query), and a fresh child answers the next queries.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Any

import pyoxigraph as ox

from tests.server.differential import Answer, direct, direct_csv
from tests.server.sparql_corpus import Entry

ANSWER_SECONDS = 120.0  # a corpus query takes well under a second; past this the child is stuck

Evaluate = Callable[[ox.Store, Entry, str, bool], Answer]


def evaluate(store: ox.Store, entry: Entry, text: str, csv: bool) -> Answer:
    """pyoxigraph's answer (its CSV when ``csv``) to ``text``."""
    return direct_csv(store, entry, text) if csv else direct(store, entry, text)


def dataset_store(release: Path) -> ox.Store:
    """An in-memory store of a release's dataset (every graph)."""
    store = ox.Store()
    store.bulk_extend(ox.parse(path=str(release / "dataset.nq"), format=ox.RdfFormat.N_QUADS))
    return store


def _serve(connection: Connection, release: Path, evaluate: Evaluate) -> None:
    store = dataset_store(release)
    connection.send(None)  # loaded
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        entry, text, csv = request
        connection.send(evaluate(store, entry, text, csv))


class Reference:
    """A child process holding ``release``'s dataset in pyoxigraph, answering one query at a
    time; replaced after it dies. Use as a context manager (the child is ended on exit)."""

    def __init__(self, release: Path, evaluate: Evaluate = evaluate) -> None:
        self._release = release
        self._evaluate = evaluate
        self._context = multiprocessing.get_context("spawn")  # no copy of pytest's threads
        self._process: Any = None
        self._connection: Connection | None = None

    def __enter__(self) -> Reference:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def answer(self, entry: Entry, text: str) -> Answer:
        """pyoxigraph's answer to ``text``, as ``differential.direct`` reads it."""
        return self._ask(entry, text, csv=False)

    def csv(self, entry: Entry, text: str) -> Answer:
        """pyoxigraph's CSV of its answer to ``text``."""
        return self._ask(entry, text, csv=True)

    def close(self) -> None:
        """End the child (if any), waiting for it."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._process is not None:
            self._process.join(5)
            if self._process.is_alive():
                self._process.kill()
                self._process.join(5)
            self._process = None

    def _ask(self, entry: Entry, text: str, csv: bool) -> Answer:
        connection = self._connection or self._start()
        try:
            connection.send((entry, text, csv))
            if connection.poll(ANSWER_SECONDS):
                answer: Answer = connection.recv()
                return answer
            why = f"no answer in {ANSWER_SECONDS:.0f} s"
        except (EOFError, OSError):
            why = "the connection to it closed"
        return Answer("abort", self._ended(why))

    def _start(self) -> Connection:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(theirs, self._release, self._evaluate), daemon=True
        )
        process.start()
        theirs.close()
        self._process, self._connection = process, ours
        if not ours.poll(ANSWER_SECONDS) or ours.recv() is not None:
            raise RuntimeError(f"the reference store of {self._release} did not load")
        return ours

    def _ended(self, why: str) -> str:
        """Kill and reap the child after a failed question; say how it ended."""
        process = self._process
        assert process is not None
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join(5)
        code = process.exitcode
        self.close()
        if code is not None and code < 0:
            how = f"killed by {signal.Signals(-code).name}"
        else:
            how = f"exit status {code}"
        return f"pyoxigraph's process ended evaluating the reference answer ({why}; {how})"
