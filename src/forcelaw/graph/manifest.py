"""The source manifest (data/sources/manifest.json): which profiles a build publishes, checked.

Every row is checked before any profile is read, so that a bad row is one clear message naming
the manifest and the row ("profile #2"), not a traceback or a SHACL violation on a minted IRI
much later, and so that no two rows can claim the same state or the same profile file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from forcelaw.errors import BuildError
from forcelaw.graph.uris import STATE_CODE

MANIFEST_KEYS = ("code", "name", "file", "source_url", "retrieved")
"""The keys every row must give, each a non-empty string; `curated` is optional."""

_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class SourceEntry:
    """One row of data/sources/manifest.json."""

    code: str
    name: str
    file: Path
    source_url: str | None
    retrieved: str | None
    curated: Path | None


def read_manifest(manifest: Path, root: Path) -> list[SourceEntry]:
    """The rows of `manifest` (profile files are relative to its folder, inside `root`)."""
    try:
        document = json.loads(manifest.read_text(encoding="utf-8"))
        rows = document["profiles"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BuildError(f"{manifest}: cannot read the source manifest ({exc})") from None
    if not isinstance(rows, list):
        raise BuildError(f"{manifest}: 'profiles' is not a list (expected a list of profiles)")
    entries: list[SourceEntry] = []
    codes: dict[str, int] = {}
    files: dict[Path, int] = {}
    for number, row in enumerate(rows, start=1):
        entry = _entry(row, number, manifest, root)
        _first_use(codes, entry.code, number, manifest, f"code '{entry.code}'")
        _first_use(files, entry.file.resolve(), number, manifest, f"file '{row['file']}'")
        entries.append(entry)
    return entries


def _entry(row: Any, number: int, manifest: Path, root: Path) -> SourceEntry:
    where = f"{manifest}: profile #{number}"
    if not isinstance(row, dict):
        raise BuildError(f"{where}: not an object (expected {', '.join(MANIFEST_KEYS)})")
    missing = [k for k in MANIFEST_KEYS if not isinstance(row.get(k), str) or not row[k].strip()]
    if missing:
        raise BuildError(
            f"{where} lacks {', '.join(missing)} (expected {', '.join(MANIFEST_KEYS)})"
        )
    code, url, retrieved = row["code"], row["source_url"], row["retrieved"]
    if not STATE_CODE.match(code):
        raise BuildError(f"{where}: code {code!r} (expected two capital letters)")
    if not _URL.match(url):
        raise BuildError(f"{where}: source_url {url!r} (expected an http or https URL)")
    if not _is_date(retrieved):
        raise BuildError(f"{where}: retrieved {retrieved!r} (expected a date as YYYY-MM-DD)")
    sources = manifest.parent
    curated = row.get("curated")
    if curated is not None and (not isinstance(curated, str) or not curated.strip()):
        raise BuildError(f"{where}: curated {curated!r} (expected a file path, or no curated)")
    return SourceEntry(
        code=code,
        name=row["name"],
        file=_profile_file(row["file"], sources, where),
        source_url=url,
        retrieved=retrieved,
        curated=_curated_file(curated, sources, root, where) if curated else None,
    )


def _profile_file(name: str, sources: Path, where: str) -> Path:
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or "\\" in name:
        raise BuildError(
            f"{where}: file {name!r} is not inside {sources} "
            "(expected a path relative to that folder, without '..')"
        )
    path = sources / relative
    if not path.is_file():
        raise BuildError(f"{where}: file {name!r} not found in {sources}")
    return path


def _curated_file(name: str, sources: Path, root: Path, where: str) -> Path:
    # Curated layers live beside the sources (data/curated), hence '..' is allowed here, but
    # only as far as the checkout.
    path = (sources / name).resolve()
    if PurePosixPath(name).is_absolute() or not path.is_relative_to(root.resolve()):
        raise BuildError(
            f"{where}: curated {name!r} is outside the checkout {root} "
            "(expected a path relative to the sources folder, e.g. ../curated/KZ.ttl)"
        )
    return path


def _is_date(text: str) -> bool:
    if not _ISO_DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _first_use(seen: dict[Any, int], key: object, number: int, manifest: Path, what: str) -> None:
    first = seen.setdefault(key, number)
    if first != number:
        raise BuildError(
            f"{manifest}: profile #{number}: {what} again (first in profile #{first}); "
            "expected one row per state and per profile file"
        )
