"""The query store a release carries: its ``dataset.nq`` bulk-loaded once, at build.

Loading the 197-state dataset takes 4-6 s; opening a loaded store read-only takes about 0.1 s.
So ``forcelaw build`` leaves the loaded store in the release (``store/``) with a mark
(``store/forcelaw-store.json``) naming what it was loaded from: the release version, the SHA-256
of ``dataset.nq`` as the manifest states it, the engine version (the on-disk format is the
engine's) and the layout (how it was loaded: ``LAYOUT``). The server and ``forcelaw query`` open
that store when the mark matches, and otherwise load ``dataset.nq`` into a scratch directory as
before, so a release without a store (or with one from another engine version) still serves,
only slower to start. The static renderer loads ``dataset.nq`` into memory instead, where its
many small queries run faster; both stores name blank nodes as the file does.

The server opens hard links to the store's files in a directory of its own (``open_release``),
so a rebuild that replaces the release's directory cannot pull files from under it.

The store is not a release file: it is not in the manifest or ``SHA256SUMS`` (its bytes depend
on the engine, not on the data), it is never exported with the site, and it is only read.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from forcelaw.errors import ReleaseError
from forcelaw.store import DatasetInfo, GraphInfo, load_release

STORE_DIR = "store"
MARK_FILE = "forcelaw-store.json"
DATASET_FILE = "dataset.nq"
ENGINE = f"pyoxigraph {ox.__version__}"
# How the store was loaded: 2 = blank nodes keep the labels of ``dataset.nq`` (a store of layout
# 1 gave them random ones, unlike the renderer's in-memory store; it is loaded again).
LAYOUT = 2


def expected_mark(release: Path) -> dict[str, Any]:
    """What the mark of ``release``'s store must say (from its manifest)."""
    manifest_path = release / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        version = str(manifest["version"])
        digest = next(str(f["sha256"]) for f in manifest["files"] if f.get("path") == DATASET_FILE)
    except (OSError, ValueError, KeyError, TypeError, StopIteration, AttributeError) as exc:
        raise ReleaseError(f"{manifest_path}: cannot read the release manifest ({exc})") from exc
    return {"version": version, "dataset_sha256": digest, "engine": ENGINE, "layout": LAYOUT}


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


@dataclass(frozen=True)
class Opened:
    """A store ready to open read-only: where, what it holds, and whether it is the release's
    prebuilt store (else ``dataset.nq`` was loaded at start-up)."""

    path: Path
    dataset: DatasetInfo
    prebuilt: bool


def open_release(release: Path, scratch: Path) -> Opened:
    """``scratch`` (a new directory) holding the store of ``release``, and what it holds: the
    release's own store when it matches, hard-linked (or copied, across file systems), else
    ``dataset.nq`` loaded into it.

    The server opens its own links, not the release's directory: the engine opens some of its
    files only when a query first needs them, and a rebuild of the same edition replaces the
    release's directory while a server may still be reading it."""
    found = prepared(release)
    if found is not None:
        source = release.resolve() / STORE_DIR
        _link_tree(source, scratch)
        if _read_mark(scratch) == _read_mark(source) and prepared(release) == found:
            return Opened(scratch, found, prebuilt=True)
        shutil.rmtree(scratch, ignore_errors=True)  # replaced while it was linked: load instead
    return Opened(scratch, load_release(release, scratch), prebuilt=False)


def _link_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, copy_function=_link_or_copy)


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _read_mark(store: Path) -> object:
    try:
        return json.loads((store / MARK_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _identity(mark: dict[str, Any]) -> dict[str, Any]:
    return {key: mark.get(key) for key in ("version", "dataset_sha256", "engine", "layout")}


def _dataset(mark: dict[str, Any]) -> DatasetInfo | None:
    try:
        graphs = tuple(GraphInfo(str(iri), int(count)) for iri, count in mark["graphs"])
    except (KeyError, TypeError, ValueError):
        return None
    return DatasetInfo(version=str(mark["version"]), graphs=graphs)
