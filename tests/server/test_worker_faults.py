"""A query worker killed while it runs a query: that request gets a 5xx problem (not a hang, not a
dropped connection), the next request is answered, and the pool is back to full strength. A
server killed while its workers run: they go with it."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from forcelaw.store import DatasetInfo
from tests.server.conftest import LiveServer, serving
from tests.server.test_live import RUNAWAY, SIMPLE, post


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def busy_worker(live: LiveServer, within: float = 1.5) -> int:
    """The worker burning CPU (the one running the runaway query)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        before = {pid: cpu_ticks(pid) for pid in live.worker_pids()}
        time.sleep(0.15)
        grew = {pid: cpu_ticks(pid) - ticks for pid, ticks in before.items()}
        pid, delta = max(grew.items(), key=lambda item: item[1])
        if delta > 0:
            return pid
    raise AssertionError("no worker is running the query")


def test_worker_killed_mid_query(live: LiveServer) -> None:
    deadline = time.monotonic() + 10
    while len(live.worker_pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)  # an earlier test may have just had one replaced
    workers = live.worker_pids()
    outcome: dict[str, Any] = {}

    def runaway() -> None:
        started = time.perf_counter()
        outcome["response"] = post(live, RUNAWAY)
        outcome["elapsed"] = time.perf_counter() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.2)
    victim = busy_worker(live)
    os.kill(victim, signal.SIGKILL)
    thread.join(30)
    response: httpx.Response = outcome["response"]
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith("/engine-crashed") and "SIGKILL" in body["detail"]
    assert outcome["elapsed"] < 2.0  # answered at the kill, not at the timeout
    assert httpx.get(live.endpoint, params={"query": SIMPLE}, timeout=10).status_code == 200
    deadline = time.monotonic() + 10
    while (len(live.worker_pids()) < 2 or victim in live.worker_pids()) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.1)
    after = live.worker_pids()
    assert len(after) == len(workers) and victim not in after
    print(
        f"worker {victim} SIGKILLed mid-query: 500 engine-crashed after {outcome['elapsed']:.2f} s"
    )


def test_workers_die_with_a_killed_server(
    loaded: tuple[Path, Path, DatasetInfo], tmp_path: Path
) -> None:
    """A server killed while a worker runs a runaway query: the worker goes too (the timeout
    that would have stopped it lived in the server), as does the idle one."""
    with serving(loaded[0], tmp_path, "--timeout", "60", "--workers", "2") as server:
        deadline = time.monotonic() + 10
        while len(server.worker_pids()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = server.worker_pids()
        thread = threading.Thread(target=lambda: _quietly(server, RUNAWAY), daemon=True)
        thread.start()
        busy = busy_worker(server, within=5)
        os.kill(server.process.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert busy in workers
        assert not any(_alive(pid) for pid in workers)


def _quietly(server: LiveServer, query: str) -> None:
    with contextlib.suppress(httpx.HTTPError):
        post(server, query)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped by init, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# A stand-in for a worker that reads its request, closes its end of the pipe, then takes a
# moment to end with its own status (as a worker does when its interpreter exits on an error).
_ENDING_WORKER = """
import os, socket, sys, time
from multiprocessing.connection import Connection
conn = Connection(socket.socket(fileno=int(sys.argv[1])).detach())
conn.recv()
conn.close()
time.sleep(0.3)
os._exit(3)
"""


def test_a_worker_that_ends_on_its_own_is_reported_by_its_own_status(tmp_path: Path) -> None:
    """The pipe closes before the process has ended: its exit status is waited for (at most
    ``EXIT_GRACE``) rather than replaced by the SIGKILL that stopping it would send."""
    import socket
    import subprocess
    import sys
    from multiprocessing.connection import Connection

    from forcelaw.server.workers import EXIT_GRACE, WorkerPool, _Worker
    from forcelaw.store import QueryRequest

    ours, theirs = socket.socketpair()
    process = subprocess.Popen(
        [sys.executable, "-c", _ENDING_WORKER, str(theirs.fileno())], pass_fds=(theirs.fileno(),)
    )
    theirs.close()
    worker = _Worker(process, Connection(ours.detach()))
    pool = WorkerPool(tmp_path, DatasetInfo("test", ()), size=1)
    pool._closed = True  # no replacement is started
    try:
        started = time.monotonic()
        outcome = pool._run(worker, QueryRequest("ASK {}", "json", 10, 1 << 20), timeout=10)
        assert outcome == ("crashed", 3)
        assert time.monotonic() - started < 5 + EXIT_GRACE
        assert pool.replaced == 1
    finally:
        worker.stop()
        pool._threads.shutdown(wait=False)
