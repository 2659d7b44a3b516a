"""A real Oxigraph server (the ``oxigraph`` CLI from PyPI) on a loopback port, for remote mode.

Fixtures import this module; a test session without the binary skips the remote-mode tests and
says why.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` CLI next to this interpreter (a venv), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    return shutil.which("oxigraph")


def require_oxigraph() -> str:
    found = oxigraph_binary()
    if found is None:
        pytest.skip(
            "the Oxigraph server is not installed (pip install oxigraph): remote mode untested"
        )
    return found


@dataclass
class OxigraphServer:
    """``oxigraph serve`` on 127.0.0.1; ``query`` and ``store`` are its two endpoints."""

    binary: str
    location: Path
    union: bool
    options: tuple[str, ...] = ()  # more ``oxigraph serve`` options, e.g. ("--timeout-s", "2")
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query(self) -> str:
        return self.base + "/query"

    @property
    def store(self) -> str:
        return self.base + "/store"

    def start(self, timeout: float = 20.0) -> OxigraphServer:
        if not self.port:
            self.port = free_port()
        command = [self.binary, "serve", "--location", str(self.location)]
        command += ["--bind", f"127.0.0.1:{self.port}"]
        if self.union:
            command.append("--union-default-graph")
        command += self.options
        log = (self.location.parent / f"oxigraph-{self.port}.log").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph exited with {self.process.returncode}")
            try:
                httpx.get(self.query, params={"query": "ASK {}"}, timeout=1)
                return self
            except httpx.TransportError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph did not answer on {self.base} within {timeout:g} s")

    def stop(self) -> None:
        if self.process is None:
            return
        stop_process(self.process)
        self.process = None


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate ``process``, killing it if it has not exited within 10 s."""
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
