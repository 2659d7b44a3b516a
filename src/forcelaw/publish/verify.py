"""Checking a release directory against its own manifest before anything trusts it.

A release is only as good as its bytes: a copy cut short, a disk that filled up, a file edited by
hand. ``verify_release`` reads ``manifest.json``, then checks that every file it lists is there
with the stated size and SHA-256, and that ``SHA256SUMS`` (when present) agrees with the manifest
and vouches for the manifest itself. ``forcelaw serve`` refuses a release that fails, rather than
serving partial data.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from forcelaw.errors import ReleaseError
from forcelaw.publish.void import CHECKSUMS_FILE

MANIFEST = "manifest.json"
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class VerifiedRelease:
    """A release whose every listed file matched its manifest entry."""

    path: Path
    version: str
    files: int
    bytes: int


def verify_release(release: Path) -> VerifiedRelease:
    """Check every file of ``release`` against the manifest; raise ReleaseError on the first
    missing, truncated or altered file, naming it and what was expected."""
    root = release.resolve()
    manifest_path = root / MANIFEST
    if not root.is_dir():
        raise ReleaseError(f"{release}: not a release directory (expected {MANIFEST} in it)")
    try:
        raw = manifest_path.read_bytes()
    except OSError as exc:
        raise ReleaseError(
            f"{manifest_path}: cannot read the release manifest ({exc.strerror})"
        ) from None
    try:
        manifest = json.loads(raw.decode("utf-8"))
        version = str(manifest["version"])
        entries = manifest["files"]
        if not isinstance(entries, list):
            raise TypeError("'files' is not a list")
    except (ValueError, KeyError, TypeError) as exc:
        raise ReleaseError(
            f"{manifest_path}: malformed or truncated manifest ({type(exc).__name__}: {exc}); "
            "expected JSON with 'version' and a 'files' list"
        ) from None
    listed: dict[str, str] = {}
    total = 0
    for number, entry in enumerate(entries, start=1):
        relative, size, digest = _entry(entry, number, manifest_path)
        _check_file(root, relative, size, digest)
        listed[relative] = digest
        total += size
    _check_sums_file(root, listed, hashlib.sha256(raw).hexdigest())
    return VerifiedRelease(root, version, len(listed), total)


def _entry(entry: object, number: int, manifest_path: Path) -> tuple[str, int, str]:
    try:
        assert isinstance(entry, dict)
        relative, size, digest = str(entry["path"]), int(entry["bytes"]), str(entry["sha256"])
    except (AssertionError, KeyError, TypeError, ValueError):
        raise ReleaseError(
            f"{manifest_path}: file entry #{number} is malformed (expected path, bytes, sha256)"
        ) from None
    parts = Path(relative).parts
    if not parts or Path(relative).is_absolute() or ".." in parts:
        raise ReleaseError(f"{manifest_path}: file entry #{number} has an unsafe path {relative!r}")
    return relative, size, digest


def _check_file(root: Path, relative: str, size: int, digest: str) -> None:
    path = root / relative
    try:
        actual_size = path.stat().st_size
    except OSError:
        raise ReleaseError(
            f"{path}: missing (the manifest lists it with {size} bytes); the release is incomplete"
        ) from None
    if actual_size != size:
        how = "truncated" if actual_size < size else "longer than published"
        raise ReleaseError(
            f"{path}: {how}: {actual_size} bytes, the manifest says {size}; "
            "the release is corrupted, refusing to use it"
        )
    actual = _sha256(path)
    if actual != digest:
        raise ReleaseError(
            f"{path}: SHA-256 {actual[:16]}… does not match the manifest's {digest[:16]}…; "
            "the release is corrupted, refusing to use it"
        )


def _check_sums_file(root: Path, listed: dict[str, str], manifest_digest: str) -> None:
    sums_path = root / CHECKSUMS_FILE
    if not sums_path.is_file():
        return  # older releases and test fixtures have none: the manifest alone is checked
    try:
        lines = sums_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ReleaseError(f"{sums_path}: cannot read ({exc})") from None
    for number, line in enumerate(lines, start=1):
        digest, _, relative = line.partition("  ")
        if not relative or len(digest) != 64:
            raise ReleaseError(
                f"{sums_path}:{number}: malformed line (expected '<sha256>  <path>')"
            )
        expected = manifest_digest if relative == MANIFEST else listed.get(relative)
        if expected is not None and expected != digest:
            raise ReleaseError(
                f"{sums_path}:{number}: {relative} has SHA-256 {expected[:16]}… but "
                f"{CHECKSUMS_FILE} says {digest[:16]}…; the release is corrupted"
            )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
