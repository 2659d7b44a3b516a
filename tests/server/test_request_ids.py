"""Request ids are version-4 UUIDs, unique, and made without a system call each."""

from __future__ import annotations

import uuid

import pytest

from forcelaw.server import request_ids


def test_ids_are_version_4_uuids() -> None:
    for _ in range(1000):
        value = request_ids.new_id()
        assert len(value) == 32 and value == value.lower()
        parsed = uuid.UUID(hex=value)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
        assert parsed.hex == value


def test_ids_do_not_repeat() -> None:
    ids = {request_ids.new_id() for _ in range(100_000)}
    assert len(ids) == 100_000


def test_no_system_call_per_id(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    def refuse(_: int) -> bytes:
        raise AssertionError("os.urandom was called")

    monkeypatch.setattr(os, "urandom", refuse)
    assert len(request_ids.new_id()) == 32


def test_a_forked_child_does_not_repeat_its_parents_ids() -> None:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=_send_ids, args=(child,))
    process.start()
    theirs = parent.recv()
    process.join(10)
    ours = [request_ids.new_id() for _ in range(5)]
    assert not set(ours) & set(theirs)


def _send_ids(connection: object) -> None:
    connection.send([request_ids.new_id() for _ in range(5)])  # type: ignore[attr-defined]
