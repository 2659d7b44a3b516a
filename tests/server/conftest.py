"""Fixtures: a release written by the tests, the real app over a worker pool, a live uvicorn.

``client``, ``site`` and ``site_live`` are parametrized over the two stores: ``embedded`` (the
worker pool) and ``remote`` (a real Oxigraph server on a loopback port, loaded with
``forcelaw load``), so the same tests run against both.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from forcelaw.remote.load import load_release_remote
from forcelaw.remote.store import RemoteStore
from forcelaw.server.app import create_app
from forcelaw.server.settings import Settings
from forcelaw.server.workers import WorkerPool
from forcelaw.store import DatasetInfo, Store, load_release
from tests.conftest import Listener
from tests.oxigraph_server import OxigraphServer, require_oxigraph, stop_process
from tests.server.release_fixture import write_release

STORES = ["embedded", "remote"]


@pytest.fixture(scope="session")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, DatasetInfo]:
    root = tmp_path_factory.mktemp("forcelaw")
    release = write_release(root / "release")
    dataset = load_release(release, root / "store")
    return release, root / "store", dataset


async def fake_resolver(host: str, port: int) -> Sequence[str]:
    """No DNS in tests: one name resolves to a private address, one to a public one."""
    table = {"private.example.org": ["10.1.2.3"], "public.example.org": ["93.184.215.14"]}
    return table.get(host, [])


def test_settings(listener: Listener, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "timeout": 5.0,
        "max_rows": 50,
        "max_result_bytes": 200_000,
        "max_request_bytes": 4096,
        "max_depth": 32,
        "workers": 2,
        "worker_memory_mb": 1024,
        "queue_wait": 1.0,
        "service_allowlist": (
            listener.url,
            "http://private.example.org/sparql",
            "http://localhost:1/sparql",
        ),
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


test_settings.__test__ = False  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def remote_loaded(
    loaded: tuple[Path, Path, DatasetInfo], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[OxigraphServer]:
    """Oxigraph holding the fixture release; its default graph is NOT the union (we say it)."""
    binary = require_oxigraph()
    location = tmp_path_factory.mktemp("oxigraph-fixture") / "db"
    server = OxigraphServer(binary, location, union=False).start()
    try:
        load_release_remote(loaded[0], server.query, server.store)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module", params=STORES)
def client(
    request: pytest.FixtureRequest, loaded: tuple[Path, Path, DatasetInfo], listener: Listener
) -> Iterator[TestClient]:
    release_dir, store_dir, dataset = loaded
    settings = test_settings(listener, release=release_dir)
    store: Store
    if request.param == "remote":
        remote: OxigraphServer = request.getfixturevalue("remote_loaded")
        store = RemoteStore(remote.query, version=dataset.version, queue_wait=1.0)
    else:
        store = WorkerPool(store_dir, dataset, size=2, memory_mb=1024, queue_wait=1.0)
    app = create_app(settings, store, resolver=fake_resolver)
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]

    @property
    def endpoint(self) -> str:
        return self.url + "/sparql"

    def worker_pids(self) -> list[int]:
        """The worker processes: children of the server process."""
        # Workers are started from the pool's threads, so look under every task of the server.
        tasks = Path(f"/proc/{self.process.pid}/task").glob("*/children")
        return sorted(int(pid) for task in tasks for pid in task.read_text().split())


SERVE = """
import argparse, sys
from forcelaw.server.command import register
parser = argparse.ArgumentParser()
register(parser.add_subparsers())
args = parser.parse_args(sys.argv[1:])
sys.exit(args.handler(args))
"""


@contextlib.contextmanager
def serving(
    release: Path,
    log_dir: Path,
    *options: str,
    env: dict[str, str] | None = None,
    start_timeout: float = 30,
) -> Iterator[LiveServer]:
    """``forcelaw serve`` (through ``register``) in its own process on a loopback port the
    system chose as it bound it (``--port 0``, read from uvicorn's log): a port found free and
    closed before the server binds it may be another's by then, and its server the one asked."""
    command = [
        sys.executable, "-c", SERVE, "serve", "--host", "127.0.0.1", "--port", "0",
        "--release", str(release), *options,
    ]  # fmt: skip
    log_path = log_dir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            url = _wait_until_serving(log_path, process, start_timeout)
        except BaseException:  # the run interrupted while it starts: no server is left behind
            process.kill()
            process.wait()
            raise
        if url is None:
            process.kill()
            process.wait()
            raise RuntimeError(log_path.read_text())
        try:
            yield LiveServer(url, process)
        finally:
            stop_process(process)


RUNNING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:[0-9]+) ")


def _wait_until_serving(
    log_path: Path, process: subprocess.Popen[bytes], timeout: float
) -> str | None:
    """The server's URL once its log names the port it bound and ``/sparql`` answers there;
    None if it exits or the time runs out first."""
    deadline = time.monotonic() + timeout
    url = None
    while time.monotonic() < deadline and process.poll() is None:
        if url is None:
            found = RUNNING.search(log_path.read_text(errors="replace"))
            url = found[1] if found else None
        try:
            if url is not None and httpx.get(url + "/sparql", timeout=1).status_code == 200:
                return url
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    return None


@pytest.fixture(scope="module")
def live(
    loaded: tuple[Path, Path, DatasetInfo], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A live server with a 2 s timeout, 2 workers capped at 768 MB, small limits."""
    with serving(
        loaded[0], tmp_path_factory.mktemp("live"),
        "--timeout", "2", "--workers", "2", "--worker-memory-mb", "768",
        "--queue-wait", "0.5", "--max-rows", "1000",
        env={"FORCELAW_MAX_DEPTH": "40"},
    ) as server:  # fmt: skip
        yield server


# --- the real release, built as the development snippet builds it ---------------------------

SHAPES = """@prefix fl: <https://w3id.org/forcelaw/ontology#> .
@prefix flsh: <https://w3id.org/forcelaw/shapes#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .

flsh:StateShape a sh:NodeShape ;
    sh:targetClass fl:State ;
    sh:property [ sh:path fl:isoCode ; sh:minCount 1 ; sh:pattern "^[A-Z]{2}$" ;
        sh:message "A state needs its ISO 3166-1 alpha-2 code <b>" ] .
"""


@dataclass(frozen=True)
class Built:
    """The checkout's release (``write_release`` over ``assemble``) and its loaded store."""

    release: Path
    store: Path
    dataset: DatasetInfo


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    from forcelaw.graph.build import ProjectPaths, assemble
    from forcelaw.publish.release import write_release as publish
    from tests.conftest import ROOT

    root = tmp_path_factory.mktemp("linked")
    assembled = assemble(ProjectPaths(ROOT))
    release = publish(
        assembled.graphs,
        root / "dist",
        {s.code: s.name for s in assembled.states},
        extra_files={"shapes.ttl": SHAPES},
    )
    dataset = load_release(release.path, root / "store")
    return Built(release.path, root / "store", dataset)


@pytest.fixture(scope="session")
def remote_built(
    built: Built, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[OxigraphServer]:
    """Oxigraph holding the real release; its default graph is the union (natively)."""
    binary = require_oxigraph()
    location = tmp_path_factory.mktemp("oxigraph-built") / "db"
    server = OxigraphServer(binary, location, union=True).start()
    try:
        load_release_remote(built.release, server.query, server.store)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module", params=STORES)
def site(request: pytest.FixtureRequest, built: Built) -> Iterator[TestClient]:
    """The app over the real release, as a browser or a harvester sees it."""
    settings = Settings(release=built.release, workers=2, timeout=10.0)
    store: Store
    if request.param == "remote":
        remote: OxigraphServer = request.getfixturevalue("remote_built")
        store = RemoteStore(remote.query, version=built.dataset.version, queue_wait=5.0)
    else:
        store = WorkerPool(built.store, built.dataset, size=2, memory_mb=1024, queue_wait=5.0)
    app = create_app(settings, store, resolver=fake_resolver)
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.fixture(scope="module", params=STORES)
def site_live(
    request: pytest.FixtureRequest, built: Built, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """``forcelaw serve`` over the real release on a loopback port; yields its base URL."""
    options = ["--workers", "2"]
    if request.param == "remote":
        remote: OxigraphServer = request.getfixturevalue("remote_built")
        options += ["--store", remote.query]
    with serving(built.release, tmp_path_factory.mktemp("site-live"), *options) as server:
        yield server.url
