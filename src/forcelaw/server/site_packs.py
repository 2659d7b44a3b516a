"""A release's static rendering read back out of its packs (``render``): each document's body and
gzip twin by the file a static host serves it from, as ``site/index.json`` lists it.

``forcelaw export-site`` writes the files of a static site from it; the server reads the packs
itself, a ``pread`` per answer (``static_site``). A body is checked against the index's SHA-256,
so a damaged pack is an error naming the document rather than a wrong file.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from forcelaw.errors import ReleaseError
from forcelaw.server.render import INDEX_FILE, pack_places


class SitePacks:
    """The documents of the rendering in ``site`` (a release's ``site/`` folder)."""

    def __init__(self, site: Path) -> None:
        self.site = site
        try:
            index = json.loads((site / INDEX_FILE).read_text(encoding="utf-8"))
            files = index["files"]
            if not isinstance(files, dict):
                raise ValueError("its files are not an object")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ReleaseError(
                f"{site / INDEX_FILE}: no static rendering in this release ({exc}); "
                "run `forcelaw build` to write one"
            ) from None
        self.index: dict[str, Any] = index
        self.files: dict[str, dict[str, Any]] = files
        self._open: dict[str, tuple[int, int]] = {}  # pack -> (descriptor, length)

    def __enter__(self) -> SitePacks:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for fd, _ in self._open.values():
            os.close(fd)
        self._open.clear()

    def body(self, relative: str) -> bytes:
        """The document ``relative`` (``id/state/KZ.ttl``) as rendered, checked against its hash."""
        data = self._read(relative, 0)
        if hashlib.sha256(data).hexdigest() != self.files[relative].get("sha256"):
            raise ReleaseError(f"{self.site}: /{relative} differs from its SHA-256 in the index")
        return data

    def twin(self, relative: str) -> bytes:
        """The gzip twin the rendering made of ``relative`` (not checked: ``body`` is)."""
        return self._read(relative, 1)

    def _read(self, relative: str, which: int) -> bytes:
        places = pack_places(relative, self.files.get(relative))
        if places is None:
            raise ReleaseError(f"{self.site / INDEX_FILE}: no readable entry for /{relative}")
        name, start, size = places[which]
        pack = self._open.get(name)
        if pack is None:
            try:
                fd = os.open(self.site / name, os.O_RDONLY)
            except OSError as exc:
                raise ReleaseError(f"{self.site / name}: {exc.strerror} (/{relative})") from None
            pack = self._open[name] = (fd, os.fstat(fd).st_size)
        # Checked first: ``pread`` makes a buffer of the size asked, which a damaged entry's
        # ``bytes`` could put past any memory.
        data = os.pread(pack[0], size, start) if start + size <= pack[1] else b""
        if len(data) != size:
            raise ReleaseError(f"{self.site / name}: ends before /{relative}")
        return data
