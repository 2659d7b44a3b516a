"""The systems under test: how to start each on loopback with a release, and how big it gets.

Each system is started from the same ``dataset.nq`` with the union of its named graphs as the
default graph: forcelaw (``forcelaw serve``), the Oxigraph server (``oxigraph load`` into a fresh
directory, then ``oxigraph serve-read-only --union-default-graph``) and rdflib-endpoint (which
parses the file into an rdflib ``Dataset(default_union=True)``). Start-up time runs from launching
the first process (the load, for Oxigraph) to the first answered query.

``forcelaw-nginx`` is the production front (``deploy/``): ``forcelaw serve`` on one loopback
port and Debian's nginx on another, configured by ``forcelaw.deploy`` (one worker process,
unprivileged, everything under a temp prefix), serving the release's static site (``site/``)
with content negotiation and proxying ``/sparql`` and every dynamic path to the server. It only
runs in the repeat and crawler regimes, and raises :class:`Unavailable` (the runner skips it,
saying why) when nginx is not installed. Its RSS is the server's and nginx's together.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

SYSTEMS = ("forcelaw", "forcelaw-nginx", "oxigraph", "rdflib-endpoint")
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")


class Unavailable(RuntimeError):
    """A system that cannot run on this machine (a missing program): skipped, not failed."""


@dataclass
class Running:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    startup: float
    load: float
    sampler: RssSampler
    warm: float = 0.0  # forcelaw: seconds until its background warming of the gallery ended


@contextlib.contextmanager
def running(name: str, release: Path, startup_timeout: float = 900.0) -> Iterator[Running]:
    """Start ``name`` serving ``release``; stop it (and its children) on exit."""
    if name == "forcelaw-nginx" and NGINX is None:
        raise Unavailable("nginx is not installed (Debian: apt-get install nginx)")
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp:
        port = free_port()
        log = open(Path(tmp) / "server.log", "wb")  # noqa: SIM115 - closed below
        started = time.perf_counter()
        load = 0.0
        dataset = release / "dataset.nq"
        # each stage: a command and the URL it must answer a query on before the next starts
        stages: list[tuple[list[str], str]] = []
        if name in ("forcelaw", "forcelaw-nginx"):
            upstream = port if name == "forcelaw" else free_port()
            command = [str(BIN / "forcelaw"), "serve", "--release", str(release)]
            command += ["--host", "127.0.0.1", "--port", str(upstream)]
            command += ["--access-log", "no"]  # nginx logs every request (README "Deploying")
            stages.append((command, f"http://127.0.0.1:{upstream}/sparql"))
            if name == "forcelaw-nginx":  # its files written first: its load time
                stages.append((nginx(Path(tmp), release, upstream, port), ""))
                load = time.perf_counter() - started
            url = f"http://127.0.0.1:{port}/sparql"
        elif name == "oxigraph":
            location = Path(tmp) / "store"
            loader = [str(BIN / "oxigraph"), "load", "--location", str(location)]
            subprocess.run([*loader, "--file", str(dataset)], check=True, stdout=log, stderr=log)
            load = time.perf_counter() - started
            command = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(location)]
            command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
            url = f"http://127.0.0.1:{port}/query"
            stages.append((command, url))
        elif name == "rdflib-endpoint":
            command = [str(BIN / "rdflib-endpoint"), "serve", str(dataset)]
            command += ["--host", "127.0.0.1", "--port", str(port)]
            url = f"http://127.0.0.1:{port}/"
            stages.append((command, url))
        else:
            raise ValueError(f"unknown system {name!r} (expected one of {', '.join(SYSTEMS)})")
        sampler = RssSampler([])
        sampler.start()
        processes: list[subprocess.Popen[bytes]] = []
        try:
            for command, ready in stages:
                process = subprocess.Popen(
                    command,
                    stdout=log,
                    stderr=log,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
                processes.append(process)
                sampler.pids.append(process.pid)
                try:
                    wait_ready(ready or url, process, startup_timeout)
                except RuntimeError as exc:
                    log.flush()
                    tail = (Path(tmp) / "server.log").read_text(errors="replace")[-1500:]
                    raise RuntimeError(f"{exc}; its log ends: {tail}") from None
            startup = time.perf_counter() - started
            warm = startup
            if name in ("forcelaw", "forcelaw-nginx"):
                # It answers from start-up on while it warms its answer cache in the background;
                # measure the steady state, not the warming's competition for the two cores.
                wait_warm(Path(tmp) / "server.log", log, processes[0], WARM_TIMEOUT)
                warm = time.perf_counter() - started
            yield Running(name, url, processes[0], startup, load, sampler, warm)
        finally:
            sampler.stop()
            for process in reversed(processes):
                stop(process)
            log.close()


def nginx(tmp: Path, release: Path, upstream: int, port: int) -> list[str]:
    """The command of a foreground nginx on ``port`` in front of ``forcelaw serve`` on
    ``upstream``, configured by the project's deploy code (``forcelaw.deploy``) over the
    release's static site, under ``tmp/nginx``; its configuration is checked first."""
    from forcelaw.deploy import unprivileged_config
    from forcelaw.server.export_site import export_site

    assert NGINX is not None
    if not (release / "site").is_dir():
        raise RuntimeError(f"{release}/site is missing: the release needs its static site")
    site = tmp / "site"  # the documents as files, as deploy/README.md has them written
    export_site(release, site, root_links=True)
    # The 400,000 files are dirty pages until the kernel writes them out, which it did during the
    # first formats' runs, taking CPU from nginx and the driver: a deployment's files were
    # written long before crawlers come. The wait is counted in the front's load time.
    os.sync()
    prefix = tmp / "nginx"
    prefix.mkdir()
    conf = prefix / "nginx.conf"
    text = unprivileged_config(prefix, site, f"127.0.0.1:{upstream}", f"127.0.0.1:{port}")
    conf.write_text(text, encoding="utf-8")
    command = [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t failed: {check.stderr.strip()}")
    return command


WARM_TIMEOUT = 120.0
WARM_LINES = ("gallery answers warmed", "warming the answer cache took over")


def wait_warm(
    log_path: Path, log: IO[bytes], process: subprocess.Popen[bytes], timeout: float
) -> None:
    """Wait until the server's log says its background warming ended (or ``timeout`` passed)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline and process.poll() is None:
        log.flush()
        text = log_path.read_text(errors="replace")
        if any(line in text for line in WARM_LINES):
            return
        time.sleep(0.05)


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
    """Samples the resident memory of some processes and all their descendants.

    It keeps the peak and every sample as ``(time.perf_counter(), bytes)`` in ``samples``
    (``window`` picks a stretch of them); ``pids`` may grow while it runs.
    """

    def __init__(self, pids: list[int], interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.interval = interval
        self.peak = 0
        self.samples: list[tuple[float, int]] = []
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            rss = tree_rss(*self.pids)
            self.samples.append((time.perf_counter(), rss))
            self.peak = max(self.peak, rss)
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join(5)

    def window(self, start: float, end: float) -> list[tuple[float, int]]:
        """The samples taken from ``start`` to ``end`` (``time.perf_counter()`` values)."""
        return [(t, rss) for t, rss in self.samples if start <= t <= end]


def tree_rss(*pids: int) -> int:
    """Bytes resident in ``pids`` and their descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = Path(f"/proc/{entry}/stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, list(pids)
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total
