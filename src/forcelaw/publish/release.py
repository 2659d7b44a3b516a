"""Writing a release directory atomically: dumps, manifest, and the `current` pointer."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph

from forcelaw.errors import BuildError
from forcelaw.graph import uris
from forcelaw.namespaces import BASE
from forcelaw.publish.dumps import (
    Texts,
    canonical_nquads,
    dataset_jsonld,
    graph_texts,
    gzipped,
    trig,
    union_ntriples,
)
from forcelaw.publish.dumps import texts as texts_of
from forcelaw.publish.verify import verify_release
from forcelaw.publish.void import CHECKSUMS_FILE, GZIP, FileInfo, describe

GZIP_THREADS = 4  # two cores compress while the others wait on fsync

MEDIA_TYPES = {
    ".nq": "application/n-quads",
    ".nt": "application/n-triples",
    ".trig": "application/trig",
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".json": "application/json",
    ".rq": "application/sparql-query",
}
# The release files whose content includes the metadata graph (the dataset description).
WITH_METADATA = (
    "graphs/metadata.ttl",
    "dataset.nq",
    "dataset.trig",
    "dataset.nt",
    "dataset.jsonld",
)


@dataclass(frozen=True)
class Release:
    """A written release: where it is and what its manifest says."""

    version: str
    path: Path
    manifest: dict[str, object]


def content_version(
    graphs: Mapping[str, Graph],
    day: str,
    base: str = BASE,
    texts: Mapping[str, Texts] | None = None,
) -> str:
    """Edition id: the build date and a short hash of the data (same data, same hash).

    ``texts``: the graphs already written by ``dumps.texts``, if they are."""
    digest = hashlib.sha256(canonical_nquads(graphs, base, texts).encode("utf-8")).hexdigest()
    return f"{day}-{digest[:8]}"


def write_release(
    graphs: Mapping[str, Graph],
    out: Path,
    states: Mapping[str, str],
    extra_files: Mapping[str, str] | None = None,
    created: datetime | None = None,
    base: str = BASE,
    texts: Mapping[str, Texts] | None = None,
    issued: str | None = None,
) -> Release:
    """Write every file of the release into a temporary directory, then publish it in one move.

    A failure at any point leaves `out/current` and every earlier release untouched. ``texts``
    are ``dumps.texts(graphs)`` if the caller has them already (each graph is written once);
    ``issued`` is the day the dataset was first issued (default: this edition's).
    """
    created = created or datetime.now(UTC).replace(microsecond=0)
    day = created.date().isoformat()
    written = dict(texts) if texts is not None else texts_of(graphs)
    version = content_version(graphs, day, base, written)
    releases = out / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{version}-", dir=releases))
    try:
        # Files that do not contain the description first: it states their sizes and checksums.
        files = [
            _write(staging, f"graphs/{name}.ttl", written[name].turtle) for name in sorted(graphs)
        ]
        for name, text in sorted((extra_files or {}).items()):
            files.append(_write(staging, name, text))
        files += _write_gzips(staging, list(files))
        later = [
            FileInfo(path, None, None, _media_type(path.removesuffix(".gz")), _compress(path))
            for name in WITH_METADATA
            for path in (name, name + ".gz")
        ]
        ntriples = {name: text.ntriples for name, text in written.items()}
        metadata = describe(
            graphs, version, created, [*files, *later], states, base, ntriples, issued
        )
        everything = {**graphs, "metadata": metadata}
        written["metadata"] = graph_texts(metadata)
        containing = [
            _write(staging, "graphs/metadata.ttl", written["metadata"].turtle),
            _write(staging, "dataset.nq", canonical_nquads(everything, base, written)),
            _write(staging, "dataset.trig", trig(everything, base, written)),
            _write(staging, "dataset.nt", union_ntriples(everything, written)),
            _write(staging, "dataset.jsonld", dataset_jsonld(everything, base, written)),
        ]
        files += containing + _write_gzips(staging, containing)
        manifest = _manifest(version, created, everything, files, base)
        files.append(
            _write(staging, "manifest.json", json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        )
        _write(staging, CHECKSUMS_FILE, checksums(files))
        _sync_directory(staging)
        # Read back what was written: a short write or a bad disk must not be published.
        verify_release(staging)
        target = releases / version
        leftovers = _move_into_place(staging, target, out)
        switch_current(out, target)
    except OSError as exc:
        _discard(staging, out)
        where = f" ({exc.filename})" if exc.filename else ""
        raise BuildError(
            f"{out}: cannot write the release{where}: {exc.strerror or exc}; nothing was "
            "published and the previous release is unchanged"
        ) from None
    except BaseException:
        _discard(staging, out)
        raise
    for leftover in leftovers:
        shutil.rmtree(leftover, ignore_errors=True)
    return Release(version, target, manifest)


def switch_current(out: Path, target: Path) -> None:
    """Point `out/current` at `target` with one atomic rename of a fresh symlink."""
    link = out / "current"
    temporary = out / f".current-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(os.path.relpath(target, out))
    os.replace(temporary, link)
    _sync_directory(out)


def _move_into_place(staging: Path, target: Path, out: Path) -> list[Path]:
    """Rename the staged release to ``target``; return what to remove once `current` is switched.

    The same edition rebuilt replaces its directory. `current` must name a complete release at
    every instant (a SIGKILL can come between any two steps), so it is first pointed at the
    staged copy, and a hard-linked twin of that copy is renamed over the old directory.
    """
    if not target.exists():
        os.replace(staging, target)
        _sync_directory(target.parent)
        return []
    if (out / "current").resolve() == target.resolve():
        switch_current(out, staging)
    twin = target.with_name(f".twin-{target.name}-{os.getpid()}")
    retired = target.with_name(f".retired-{target.name}-{os.getpid()}")
    for stale in (twin, retired):
        shutil.rmtree(stale, ignore_errors=True)
    shutil.copytree(staging, twin, copy_function=_link_or_copy)
    os.replace(target, retired)
    os.replace(twin, target)
    _sync_directory(target.parent)
    return [retired, staging]


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _discard(staging: Path, out: Path) -> None:
    """Remove a failed staging directory, unless `current` already points at it."""
    if (out / "current").resolve() != staging.resolve():
        shutil.rmtree(staging, ignore_errors=True)


def _sync_directory(path: Path) -> None:
    """Make the renames and new entries in ``path`` durable (a no-op where unsupported)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def checksums(files: list[FileInfo]) -> str:
    """``SHA256SUMS``: one ``<sha256>  <path>`` line per file, as ``sha256sum -c`` reads it."""
    return "".join(f"{f.sha256}  {f.path}\n" for f in sorted(files, key=lambda f: f.path))


def _write(root: Path, relative: str, text: str) -> FileInfo:
    return _write_bytes(root, relative, text.encode("utf-8"), _media_type(relative))


def _write_gzips(root: Path, plains: list[FileInfo]) -> list[FileInfo]:
    """``_write_gzip`` of each file, in ``GZIP_THREADS`` threads (zlib and fsync release the
    interpreter: the dumps' gzip twins took 5 s at 197 states in one), results in order."""
    with ThreadPoolExecutor(GZIP_THREADS) as pool:
        return list(pool.map(lambda plain: _write_gzip(root, plain), plains))


def _write_gzip(root: Path, plain: FileInfo) -> FileInfo:
    data = gzipped((root / plain.path).read_bytes())
    return _write_bytes(root, plain.path + ".gz", data, plain.media_type, GZIP)


def _write_bytes(
    root: Path, relative: str, data: bytes, media_type: str, compress: str | None = None
) -> FileInfo:
    path = root / relative
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        # A failed write() carries no file name: add it, so the error says which file.
        raise OSError(exc.errno, exc.strerror, relative) from exc
    return FileInfo(relative, len(data), hashlib.sha256(data).hexdigest(), media_type, compress)


def _media_type(relative: str) -> str:
    return MEDIA_TYPES.get(Path(relative).suffix, "application/octet-stream")


def _compress(relative: str) -> str | None:
    return GZIP if relative.endswith(".gz") else None


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
            {
                "path": f.path,
                "bytes": f.bytes,
                "sha256": f.sha256,
                "media_type": f.media_type,
                **({"compress_format": f.compress_format} if f.compress_format else {}),
            }
            for f in files
        ],
    }
