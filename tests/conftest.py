"""Shared fixtures: project paths, the fixture profiles, and one release built per session."""

from __future__ import annotations

import hashlib
import os
import socket
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from forcelaw.graph.build import ProjectPaths, load_index, load_reference
from forcelaw.graph.reference import ReferenceIndex

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROFILES = FIXTURES / "profiles"
KZ = ROOT / "data" / "sources" / "KZ.txt"

# Hypothesis keeps its example database and caches outside the checkout (it wrote .hypothesis/
# into the working directory, the source tree): one folder per checkout, kept between runs.
CHECKOUT = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY",
    str(Path(tempfile.gettempdir()) / f"forcelaw-hypothesis-{CHECKOUT}"),
)


@pytest.fixture(scope="session")
def paths() -> ProjectPaths:
    return ProjectPaths(ROOT)


@pytest.fixture(scope="session")
def reference_index(paths: ProjectPaths) -> ReferenceIndex:
    return load_index(paths, load_reference(paths))


@pytest.fixture(scope="session")
def release_dir(paths: ProjectPaths, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release built from the checkout, once per test session."""
    from forcelaw.publish.pipeline import build

    out = tmp_path_factory.mktemp("dist")
    outcome = build(paths, out)
    return outcome.release.path


@dataclass
class Listener:
    """A loopback socket that records every connection made to it (and answers nothing)."""

    port: int
    connections: list[tuple[str, int]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.2)
    found = Listener(sock.getsockname()[1])
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, address = sock.accept()
            except OSError:
                continue
            found.connections.append(address)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield found
    stop.set()
    thread.join(2)
    sock.close()
