"""Writing a release directory atomically: dumps, manifest, and the `current` pointer."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph

from forcelaw.errors import BuildError
from forcelaw.graph import uris
from forcelaw.namespaces import BASE
from forcelaw.publish.dumps import canonical_nquads, trig, turtle
from forcelaw.publish.void import FileInfo, describe

MEDIA_TYPES = {
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".ttl": "text/turtle",
    ".json": "application/json",
}


@dataclass(frozen=True)
class Release:
    """A written release: where it is and what its manifest says."""

    version: str
    path: Path
    manifest: dict[str, object]


def content_version(graphs: Mapping[str, Graph], day: str, base: str = BASE) -> str:
    """Edition id: the build date and a short hash of the data (same data, same hash)."""
    digest = hashlib.sha256(canonical_nquads(graphs, base).encode("utf-8")).hexdigest()
    return f"{day}-{digest[:8]}"


def write_release(
    graphs: Mapping[str, Graph],
    out: Path,
    states: Mapping[str, str],
    extra_files: Mapping[str, str] | None = None,
    created: datetime | None = None,
    base: str = BASE,
) -> Release:
    """Write every file of the release into a temporary directory, then publish it in one move.

    A failure at any point leaves `out/current` and every earlier release untouched.
    """
    created = created or datetime.now(UTC).replace(microsecond=0)
    day = created.date().isoformat()
    version = content_version(graphs, day, base)
    releases = out / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{version}-", dir=releases))
    try:
        files = [
            _write(staging, f"graphs/{name}.ttl", turtle(graphs[name])) for name in sorted(graphs)
        ]
        metadata = describe(graphs, version, day, files, states, base)
        everything = {**graphs, "metadata": metadata}
        files.append(_write(staging, "graphs/metadata.ttl", turtle(metadata)))
        files.append(_write(staging, "dataset.nq", canonical_nquads(everything, base)))
        files.append(_write(staging, "dataset.trig", trig(everything, base)))
        for name, text in sorted((extra_files or {}).items()):
            files.append(_write(staging, name, text))
        manifest = _manifest(version, created, everything, files, base)
        _write(staging, "manifest.json", json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        target = releases / version
        _move_into_place(staging, target)
        switch_current(out, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"{out}: cannot write the release ({exc})") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Release(version, target, manifest)


def switch_current(out: Path, target: Path) -> None:
    """Point `out/current` at `target` with one atomic rename of a fresh symlink."""
    link = out / "current"
    temporary = out / f".current-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(os.path.relpath(target, out))
    os.replace(temporary, link)


def _move_into_place(staging: Path, target: Path) -> None:
    if target.exists():
        retired = target.with_name(f".retired-{target.name}-{os.getpid()}")
        os.replace(target, retired)
        os.replace(staging, target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(staging, target)


def _write(root: Path, relative: str, text: str) -> FileInfo:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return FileInfo(
        relative,
        len(data),
        hashlib.sha256(data).hexdigest(),
        MEDIA_TYPES.get(path.suffix, "application/octet-stream"),
    )


def _manifest(
    version: str,
    created: datetime,
    graphs: Mapping[str, Graph],
    files: list[FileInfo],
    base: str,
) -> dict[str, object]:
    return {
        "version": version,
        "created": created.isoformat(),
        "base": base,
        "triples": sum(len(g) for g in graphs.values()),
        "graphs": [
            {
                "name": name,
                "iri": str(uris.named_graph(name, base)),
                "file": f"graphs/{name}.ttl",
                "triples": len(graphs[name]),
            }
            for name in sorted(graphs)
        ],
        "files": [
            {"path": f.path, "bytes": f.bytes, "sha256": f.sha256, "media_type": f.media_type}
            for f in files
        ],
    }
