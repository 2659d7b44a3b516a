"""The live servers the tests start: on a port the system chose as the server bound it, the
server asked being the one started; one that cannot start is an error with its log, at once."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from forcelaw.store import DatasetInfo
from tests.oxigraph_server import stop_process
from tests.server.conftest import serving


def test_the_server_asked_is_the_one_started_on_the_port_it_bound(
    loaded: tuple[Path, Path, DatasetInfo], tmp_path: Path
) -> None:
    with serving(loaded[0], tmp_path, "--workers", "1") as server:
        port = int(server.url.rsplit(":", 1)[1])
        assert 0 < port < 65536
        assert f"Uvicorn running on {server.url} " in (tmp_path / "server.log").read_text()
        assert httpx.get(server.endpoint, timeout=10).status_code == 200
        stop_process(server.process)
        with pytest.raises(httpx.TransportError):  # nothing else answered in its place
            httpx.get(server.endpoint, timeout=5)


def test_a_server_that_cannot_start_is_an_error_with_its_log(tmp_path: Path) -> None:
    started = time.monotonic()
    with (
        pytest.raises(RuntimeError, match="forcelaw serve: ") as raised,
        serving(tmp_path / "no-release", tmp_path, start_timeout=60),
    ):
        pass
    assert time.monotonic() - started < 30  # at its exit, not at the start timeout
    assert "Uvicorn running" not in str(raised.value)
