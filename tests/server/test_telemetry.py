"""FastAPI's own OpenTelemetry is off unless the environment configures OpenTelemetry."""

from __future__ import annotations

import inspect

import pytest
from fastapi import FastAPI

from forcelaw.server.app import _telemetry_off

HAS_TELEMETRY = "telemetry" in inspect.signature(FastAPI.__init__).parameters


def _clear(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("OTEL_") or name == "FASTAPI_OTEL_AUTO_CONFIGURE":
            monkeypatch.delenv(name)


def test_off_without_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    _clear(monkeypatch)
    expected = {"telemetry": {"tracing": False, "metrics": False, "logs": False}}
    assert _telemetry_off() == (expected if HAS_TELEMETRY else {})


@pytest.mark.parametrize(
    "name, value",
    [
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"),
        ("FASTAPI_OTEL_AUTO_CONFIGURE", "true"),
    ],
)
def test_fastapi_defaults_when_configured(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    _clear(monkeypatch)
    monkeypatch.setenv(name, value)
    assert _telemetry_off() == {}
