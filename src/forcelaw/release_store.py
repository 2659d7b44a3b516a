"""The query store a release carries: its ``dataset.nq`` bulk-loaded once, at build.

Loading the 197-state dataset takes 4-6 s; opening a loaded store read-only takes about 0.1 s.
So ``forcelaw build`` leaves the loaded store in the release (``store/``) with a mark
(``store/forcelaw-store.json``) naming what it was loaded from: the release version, the SHA-256
of ``dataset.nq`` as the manifest states it, and the engine version (the on-disk format is the
engine's). The server, the static renderer and ``forcelaw query`` open that store when the mark
matches, and otherwise load ``dataset.nq`` into a scratch directory as before, so a release
without a store (or with one from another engine version) still serves, only slower to start.

The store is not a release file: it is not in the manifest or ``SHA256SUMS`` (its bytes depend
on the engine, not on the data), it is never exported with the site, and it is only read.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from forcelaw.errors import ReleaseError
from forcelaw.store import DatasetInfo, GraphInfo, load_release

STORE_DIR = "store"
MARK_FILE = "forcelaw-store.json"
DATASET_FILE = "dataset.nq"
ENGINE = f"pyoxigraph {ox.__version__}"


def expected_mark(release: Path) -> dict[str, str]:
    """What the mark of ``release``'s store must say (from its manifest)."""
    manifest_path = release / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        version = str(manifest["version"])
        digest = next(str(f["sha256"]) for f in manifest["files"] if f.get("path") == DATASET_FILE)
    except (OSError, ValueError, KeyError, TypeError, StopIteration, AttributeError) as exc:
        raise ReleaseError(f"{manifest_path}: cannot read the release manifest ({exc})") from exc
    return {"version": version, "dataset_sha256": digest, "engine": ENGINE}


def prepared(release: Path) -> DatasetInfo | None:
    """What ``release/store`` holds, if it is there and was loaded from this release's dataset
    by this engine version; None otherwise."""
    release = release.resolve()
    try:
        mark = json.loads((release / STORE_DIR / MARK_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(mark, dict) or _identity(mark) != expected_mark(release):
        return None
    return _dataset(mark)


def prepare(release: Path) -> DatasetInfo:
    """Load ``release/dataset.nq`` into ``release/store`` unless a matching store is there.

    The store is loaded beside it and renamed into place in one step (its mark written last), so
    ``release/store`` is either absent, the old store, or a complete new one."""
    release = release.resolve()
    found = prepared(release)
    if found is not None:
        return found
    staging = Path(tempfile.mkdtemp(prefix=".store-", dir=release))
    retired: Path | None = None
    try:
        dataset = load_release(release, staging)
        mark = {
            **expected_mark(release),
            "graphs": [[g.iri, g.triples] for g in dataset.graphs],
        }
        (staging / MARK_FILE).write_text(json.dumps(mark, indent=1) + "\n", encoding="utf-8")
        target = release / STORE_DIR
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=".store-retired-", dir=release))
            os.replace(target, retired / STORE_DIR)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
    return dataset


def open_release(release: Path, scratch: Path) -> tuple[Path, DatasetInfo]:
    """The store directory to open read-only for ``release`` and what it holds: the release's
    own store when it matches, else ``scratch`` (a new directory) with ``dataset.nq`` loaded."""
    found = prepared(release)
    if found is not None:
        return release.resolve() / STORE_DIR, found
    return scratch, load_release(release, scratch)


def _identity(mark: dict[str, Any]) -> dict[str, Any]:
    return {key: mark.get(key) for key in ("version", "dataset_sha256", "engine")}


def _dataset(mark: dict[str, Any]) -> DatasetInfo | None:
    try:
        graphs = tuple(GraphInfo(str(iri), int(count)) for iri, count in mark["graphs"])
    except (KeyError, TypeError, ValueError):
        return None
    return DatasetInfo(version=str(mark["version"]), graphs=graphs)
