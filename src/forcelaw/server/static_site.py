"""Serving the release's static rendering (``site/``, written by ``render``) as files.

In embedded mode a document with a static file is answered from it: a strong ETag (the file's
SHA-256), ``Last-Modified`` = the release date, 304 on a matching conditional GET, the gzip twin
when the client accepts gzip (``Vary: Accept-Encoding``), ``Cache-Control``. Everything else
(paging, citations, a format left out over budget, remote-store mode) is rendered on demand.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.responses import Response

from forcelaw.formats import Format
from forcelaw.server.conditional import not_modified
from forcelaw.server.render import INDEX_FILE, SITE_DIR, static_path
from forcelaw.server.site import Site


@dataclass(frozen=True)
class StaticFile:
    relative: str
    sha256: str
    content_type: str


def lookup(site: Site, local: str, fmt: Format) -> StaticFile | None:
    """The static file of the document at ``local`` in ``fmt``, if the release has one."""
    files = _index(site)
    if not files:
        return None
    return files.get(static_path(local, fmt))


def preload(site: Site) -> int:
    """Read the static index now (at start-up) rather than on the first request; its size."""
    return len(_index(site))


def respond(request: Request, site: Site, found: StaticFile, headers: dict[str, str]) -> Response:
    """The file as the answer, with the document's own headers (Link, Vary, Content-Location)."""
    status, out, body = answer(request.headers, site, found, headers)
    return Response(body, status_code=status, headers=out)


def answer(
    request_headers: Mapping[str, str],
    site: Site,
    found: StaticFile,
    headers: dict[str, str],
) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of the file as the answer to a GET with ``request_headers``
    (lower-case names): 304 on a matching conditional, the gzip twin when gzip is accepted."""
    gzipped = _accepts_gzip(request_headers.get("accept-encoding", ""))
    etag = f'"{found.sha256[:32]}{"-gz" if gzipped else ""}"'
    vary = [v for v in (headers.get("Vary"), "Accept-Encoding") if v]
    out = {
        **headers,
        "ETag": etag,
        "Last-Modified": site.last_modified,
        "Cache-Control": "public, max-age=300",
        "Vary": ", ".join(vary),
    }
    if not_modified(request_headers, etag, site.last_modified):
        return 304, out, b""
    name = found.relative + (".gz" if gzipped else "")
    body = (site.release / SITE_DIR / name).read_bytes()
    out["Content-Type"] = found.content_type
    if gzipped:
        out["Content-Encoding"] = "gzip"
    return 200, out, body


def _index(site: Site) -> dict[str, StaticFile]:
    cached: dict[str, StaticFile] | None = site.memo.get("static")
    if cached is not None:
        return cached
    files: dict[str, StaticFile] = {}
    if not site.settings.store:  # a remote store may hold another state: render on demand
        try:
            index: dict[str, Any] = json.loads(
                (site.release / SITE_DIR / INDEX_FILE).read_text(encoding="utf-8")
            )
        except (OSError, ValueError):
            index = {}
        if index.get("version") == site.version:
            for relative, info in index.get("files", {}).items():
                files[relative] = StaticFile(relative, info["sha256"], info["content_type"])
    site.memo["static"] = files
    return files


def _accepts_gzip(header: str) -> bool:
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip"):
            q = params.strip().removeprefix("q=").strip()
            try:
                return float(q) > 0 if q else True
            except ValueError:
                return False
    return False
