"""A release is checked against its manifest's sizes and SHA-256 before it is served: a truncated,
altered or incomplete release is refused with a message that names the file."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from forcelaw.errors import ReleaseError
from forcelaw.publish.verify import verify_release
from tests.server.conftest import SERVE, free_port

Damage = Callable[[Path], None]


def truncate(name: str) -> Damage:
    def damage(release: Path) -> None:
        path = release / name
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    return damage


def flip_a_byte(name: str) -> Damage:
    def damage(release: Path) -> None:
        path = release / name
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x01
        path.write_bytes(bytes(data))

    return damage


def remove(name: str) -> Damage:
    return lambda release: (release / name).unlink()


def rewrite_manifest(change: Callable[[dict[str, object]], None]) -> Damage:
    def damage(release: Path) -> None:
        path = release / "manifest.json"
        manifest = json.loads(path.read_text("utf-8"))
        change(manifest)
        path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")

    return damage


def _first_file(field: str, value: object) -> Callable[[dict[str, object]], None]:
    def change(manifest: dict[str, object]) -> None:
        files = manifest["files"]
        assert isinstance(files, list)
        files[0][field] = value

    return change


DAMAGES: dict[str, tuple[Damage, str]] = {
    "truncated dump": (truncate("dataset.nq"), r"dataset\.nq: truncated: \d+ bytes, the manifest"),
    "truncated gzip": (truncate("dataset.nq.gz"), r"dataset\.nq\.gz: truncated"),
    "altered byte": (flip_a_byte("dataset.nq"), r"dataset\.nq: SHA-256 \w+… does not match"),
    "missing graph file": (remove("graphs/KZ.ttl"), r"graphs/KZ\.ttl: missing"),
    "missing manifest": (remove("manifest.json"), r"manifest\.json: cannot read"),
    "truncated manifest": (truncate("manifest.json"), r"manifest\.json: malformed or truncated"),
    "manifest edited, sums not": (
        rewrite_manifest(lambda m: m.update(created="2000-01-01T00:00:00+00:00")),
        r"SHA256SUMS:\d+: manifest\.json has SHA-256",
    ),
    "unsafe path": (
        rewrite_manifest(_first_file("path", "../../etc/passwd")),
        r"unsafe path '\.\./\.\./etc/passwd'",
    ),
    "entry without checksum": (
        rewrite_manifest(_first_file("sha256", None)),
        r"SHA-256 \w+… does not match the manifest's None",
    ),
}


def damaged_copy(release_dir: Path, tmp_path: Path, damage: Damage) -> Path:
    copy = tmp_path / release_dir.name
    shutil.copytree(release_dir, copy)
    damage(copy)
    return copy


def test_a_good_release_verifies(release_dir: Path) -> None:
    verified = verify_release(release_dir)
    manifest = json.loads((release_dir / "manifest.json").read_text("utf-8"))
    assert verified.version == manifest["version"]
    assert verified.files == len(manifest["files"])


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_damage_is_refused_naming_the_file(release_dir: Path, tmp_path: Path, name: str) -> None:
    damage, expected = DAMAGES[name]
    copy = damaged_copy(release_dir, tmp_path, damage)
    with pytest.raises(ReleaseError, match=expected):
        verify_release(copy)


def test_not_a_directory(tmp_path: Path) -> None:
    with pytest.raises(ReleaseError, match="not a release directory"):
        verify_release(tmp_path / "nothing")


def serve(release: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-c", SERVE, "serve", "--host", "127.0.0.1",
        "--port", str(free_port()), "--release", str(release),
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize("name", ["truncated dump", "altered byte", "truncated manifest"])
def test_serve_refuses_a_corrupted_release(release_dir: Path, tmp_path: Path, name: str) -> None:
    damage, expected = DAMAGES[name]
    finished = serve(damaged_copy(release_dir, tmp_path, damage))
    assert finished.returncode == 1, finished.stderr
    last = finished.stderr.strip().splitlines()[-1]
    assert last.startswith("forcelaw serve: ") and "Uvicorn running" not in finished.stderr
    assert re.search(expected, last), last
    print(last)
