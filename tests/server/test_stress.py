"""Stress, on demand (``pytest -m stress``): runaway queries while others are served, and a
bounded load test. Every request goes to a ``forcelaw serve`` on 127.0.0.1; both print figures.

- Runaway: 4 concurrent cartesian products, each cut at the 2 s timeout (504), while another
  client's simple queries keep p99 < 100 ms; every worker stays under its memory cap, the server's
  process tree under ``TREE_CAP_MB``; the pool has as many workers after as before.
- Load: 16 clients for ``FORCELAW_LOAD_SECONDS`` (default 60 s) running the example queries
  (``queries/*.rq``) against the real release: zero errors, p99 reported, RSS stable.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from forcelaw.store import DatasetInfo
from tests.conftest import ROOT
from tests.server.conftest import Built, serving
from tests.server.test_live import RUNAWAY, SIMPLE

pytestmark = pytest.mark.stress

WORKER_CAP_MB = 512
TREE_CAP_MB = 8 * WORKER_CAP_MB  # 6 workers at their cap, the server, and room to spare
LOAD_CLIENTS = 16
LOAD_SECONDS = float(os.environ.get("FORCELAW_LOAD_SECONDS", "60"))


def tree_rss(pid: int) -> tuple[int, int]:
    """(total RSS of the server and its workers, largest worker RSS), in bytes."""
    root = psutil.Process(pid)
    total, largest = root.memory_info().rss, 0
    for child in root.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            rss = child.memory_info().rss
            total += rss
            largest = max(largest, rss)
    return total, largest


@dataclass
class MemoryWatch:
    pid: int
    samples: list[tuple[float, int, int]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> MemoryWatch:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        started = time.monotonic()
        while not self._stop.wait(0.05):
            with contextlib.suppress(psutil.NoSuchProcess):
                self.samples.append((time.monotonic() - started, *tree_rss(self.pid)))


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def test_runaway_queries_are_cut_while_others_are_served(
    loaded: tuple[Path, Path, DatasetInfo], tmp_path_factory: pytest.TempPathFactory
) -> None:
    options = ("--timeout", "2", "--workers", "6", "--worker-memory-mb", str(WORKER_CAP_MB))
    log_dir = tmp_path_factory.mktemp("stress-runaway")
    with serving(loaded[0], log_dir, *options, "--queue-wait", "5", start_timeout=60) as live:
        workers_before = sorted(live.worker_pids())
        assert len(workers_before) == 6
        cut: list[tuple[int, float]] = []

        def runaway() -> None:
            started = time.perf_counter()
            response = httpx.post(
                live.endpoint,
                content=RUNAWAY,
                headers={"Content-Type": "application/sparql-query"},
                timeout=30,
            )
            cut.append((response.status_code, time.perf_counter() - started))

        latencies: list[float] = []
        statuses: set[int] = set()
        with MemoryWatch(live.process.pid) as memory:
            threads = [threading.Thread(target=runaway) for _ in range(4)]
            for thread in threads:
                thread.start()
            time.sleep(0.2)
            with httpx.Client() as other:
                while any(t.is_alive() for t in threads):
                    started = time.perf_counter()
                    response = other.get(live.endpoint, params={"query": SIMPLE})
                    latencies.append(time.perf_counter() - started)
                    statuses.add(response.status_code)
                    time.sleep(0.005)
            for thread in threads:
                thread.join(30)
        deadline = time.monotonic() + 15
        while len(live.worker_pids()) < 6 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers_after = live.worker_pids()
    peak_tree = max(s[1] for s in memory.samples) / 2**20
    peak_worker = max(s[2] for s in memory.samples) / 2**20
    times = sorted(t for _, t in cut)
    print(
        f"runaway: {len(cut)} cartesian queries cut at {times[0]:.2f}-{times[-1]:.2f} s "
        f"(timeout 2 s); meanwhile {len(latencies)} simple queries, median "
        f"{statistics.median(latencies) * 1000:.1f} ms, p99 {p99(latencies) * 1000:.1f} ms, "
        f"max {max(latencies) * 1000:.1f} ms; peak RSS: largest worker {peak_worker:.0f} MiB "
        f"(cap {WORKER_CAP_MB}), server tree {peak_tree:.0f} MiB (cap {TREE_CAP_MB}); workers "
        f"{len(workers_before)} before, {len(workers_after)} after"
    )
    assert [status for status, _ in cut] == [504] * 4
    assert all(2.0 <= t < 3.5 for t in times), times
    assert statuses == {200} and len(latencies) >= 20
    assert p99(latencies) < 0.1
    assert peak_worker < WORKER_CAP_MB and peak_tree < TREE_CAP_MB
    assert len(workers_after) == len(workers_before)


def query_mix() -> list[str]:
    bench = ROOT / "bench" / "queries"
    folder = bench if bench.is_dir() and any(bench.glob("*.rq")) else ROOT / "queries"
    return [path.read_text("utf-8") for path in sorted(folder.glob("*.rq"))]


def test_load(built: Built, tmp_path_factory: pytest.TempPathFactory) -> None:
    queries = query_mix()
    assert queries
    log_dir = tmp_path_factory.mktemp("stress-load")
    options = ("--workers", "2", "--queue-wait", "10")
    with serving(built.release, log_dir, *options, start_timeout=60) as live:
        host, port = "127.0.0.1", int(live.url.rsplit(":", 1)[1])
        results: list[tuple[int, float]] = []
        lock = threading.Lock()
        stop = threading.Event()

        def client(number: int) -> None:
            connection = http.client.HTTPConnection(host, port, timeout=30)
            index = number
            local: list[tuple[int, float]] = []
            while not stop.is_set():
                query = queries[index % len(queries)].encode("utf-8")
                index += 1
                started = time.perf_counter()
                try:
                    connection.request(
                        "POST",
                        "/sparql",
                        body=query,
                        headers={
                            "Content-Type": "application/sparql-query",
                            "Accept": "application/sparql-results+json, text/turtle;q=0.9",
                        },
                    )
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    status = 0
                    connection.close()
                    connection = http.client.HTTPConnection(host, port, timeout=30)
                local.append((status, time.perf_counter() - started))
            connection.close()
            with lock:
                results.extend(local)

        rss: list[tuple[float, int]] = []
        threads = [threading.Thread(target=client, args=(n,)) for n in range(LOAD_CLIENTS)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        while (elapsed := time.monotonic() - started) < LOAD_SECONDS:
            rss.append((elapsed, tree_rss(live.process.pid)[0]))
            time.sleep(1.0)
        stop.set()
        for thread in threads:
            thread.join(60)
        duration = time.monotonic() - started
        rss.append((duration, tree_rss(live.process.pid)[0]))
    errors = [status for status, _ in results if status != 200]
    latencies = [seconds for _, seconds in results]
    # RSS after the first tenth of the run (warm caches, workers' first queries) vs the end.
    warm = next(value for at, value in rss if at >= LOAD_SECONDS / 10) / 2**20
    end = rss[-1][1] / 2**20
    summary: dict[str, Any] = {
        "clients": LOAD_CLIENTS,
        "seconds": round(duration, 1),
        "requests": len(results),
        "per_second": round(len(results) / duration, 1),
        "errors": len(errors),
        "median_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(p99(latencies) * 1000, 1),
        "rss_start_mib": round(rss[0][1] / 2**20),
        "rss_warm_mib": round(warm),
        "rss_end_mib": round(end),
        "queries": len(queries),
    }
    print("load:", summary)
    assert errors == []
    assert end <= warm * 1.2 + 32, summary
