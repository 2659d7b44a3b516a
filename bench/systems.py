"""The systems under test: how to start each on loopback with a release, and how big it gets.

Each system is started from the same ``dataset.nq`` with the union of its named graphs as the
default graph: forcelaw (``forcelaw serve``), the Oxigraph server (``oxigraph load`` into a fresh
directory, then ``oxigraph serve-read-only --union-default-graph``) and rdflib-endpoint (which
parses the file into an rdflib ``Dataset(default_union=True)``). Start-up time runs from launching
the first process (the load, for Oxigraph) to the first answered query.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

SYSTEMS = ("forcelaw", "oxigraph", "rdflib-endpoint")
BIN = Path(sys.executable).parent


@dataclass
class Running:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    startup: float
    load: float
    sampler: RssSampler


@contextlib.contextmanager
def running(name: str, release: Path, startup_timeout: float = 900.0) -> Iterator[Running]:
    """Start ``name`` serving ``release``; stop it (and its children) on exit."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp:
        port = free_port()
        log = open(Path(tmp) / "server.log", "wb")  # noqa: SIM115 - closed below
        started = time.perf_counter()
        load = 0.0
        dataset = release / "dataset.nq"
        if name == "forcelaw":
            command = [str(BIN / "forcelaw"), "serve", "--release", str(release)]
            command += ["--host", "127.0.0.1", "--port", str(port)]
            url = f"http://127.0.0.1:{port}/sparql"
        elif name == "oxigraph":
            location = Path(tmp) / "store"
            loader = [str(BIN / "oxigraph"), "load", "--location", str(location)]
            subprocess.run([*loader, "--file", str(dataset)], check=True, stdout=log, stderr=log)
            load = time.perf_counter() - started
            command = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(location)]
            command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
            url = f"http://127.0.0.1:{port}/query"
        elif name == "rdflib-endpoint":
            command = [str(BIN / "rdflib-endpoint"), "serve", str(dataset)]
            command += ["--host", "127.0.0.1", "--port", str(port)]
            url = f"http://127.0.0.1:{port}/"
        else:
            raise ValueError(f"unknown system {name!r} (expected one of {', '.join(SYSTEMS)})")
        process = subprocess.Popen(
            command, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True
        )
        sampler = RssSampler(process.pid)
        sampler.start()
        try:
            wait_ready(url, process, startup_timeout)
            startup = time.perf_counter() - started
            yield Running(name, url, process, startup, load, sampler)
        finally:
            sampler.stop()
            stop(process)
            log.close()


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    """Poll a trivial ASK until it is answered."""
    deadline = time.perf_counter() + timeout
    headers = {"Accept": "application/sparql-results+json"}
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode} at start-up")
        with contextlib.suppress(httpx.HTTPError):
            response = httpx.get(url, params={"query": "ASK {}"}, headers=headers, timeout=5)
            if response.status_code == 200:
                return
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer within {timeout:g} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server and everything it started (it leads its own process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, 15)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 9)
        process.wait(10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RssSampler(threading.Thread):
    """Samples the resident memory of a process and all its descendants; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join(5)


def tree_rss(pid: int) -> int:
    """Bytes resident in ``pid`` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = Path(f"/proc/{entry}/stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total
