"""The release files at ``/dumps/``: an index page, and each file with a strong ``ETag`` (its
SHA-256), ``Last-Modified``, ``Link`` (licence, the edition's VoID), 412 on a failed If-Match or
If-Unmodified-Since, 304 on conditional GET, ``Content-Length`` and byte ranges (a range past
the end: 416 problem+json).

Only the files the release manifest lists (plus ``manifest.json`` and ``SHA256SUMS``) are served:
a name is looked up, never joined onto a directory, so ``..`` and encoded variants cannot reach
anything else (they are refused before the lookup too, with a clear answer).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response, StreamingResponse

from forcelaw.publish.void import CHECKSUMS_FILE, GZIP, LICENSE
from forcelaw.server.conditional import (
    RangeNotSatisfiable,
    byte_range,
    not_modified,
    require_preconditions,
)
from forcelaw.server.pages import HTML_TYPE
from forcelaw.server.problems import Problem
from forcelaw.server.site import Site, site_of

router = APIRouter()
CHUNK = 256 * 1024
METHODS = ["GET", "HEAD"]
_OTHER_TYPES = {"manifest.json": "application/json", CHECKSUMS_FILE: "text/plain; charset=utf-8"}


@dataclass(frozen=True)
class DumpFile:
    path: str
    size: int
    sha256: str
    media_type: str
    compress_format: str | None

    @property
    def content_type(self) -> str:
        if self.compress_format == GZIP:
            return GZIP
        if self.media_type.startswith("text/") or self.media_type.endswith(
            ("+json", "/json", "n-triples", "n-quads", "trig")
        ):
            plain = ";" in self.media_type
            return self.media_type if plain else f"{self.media_type}; charset=utf-8"
        return self.media_type

    @property
    def etag(self) -> str:
        return f'"{self.sha256}"'  # the whole SHA-256: the one SHA256SUMS and the manifest give


def catalogue(site: Site) -> dict[str, DumpFile]:
    """Every servable file of the release by its relative path (computed once per site)."""
    cached = site.memo.get("dumps")
    if isinstance(cached, dict):
        return cached
    files: dict[str, DumpFile] = {}
    for entry in site.manifest.get("files", []):
        path = str(entry["path"])
        if (site.release / path).is_file():
            files[path] = DumpFile(
                path,
                int(entry["bytes"]),
                str(entry["sha256"]),
                str(entry.get("media_type", "application/octet-stream")),
                entry.get("compress_format"),
            )
    for name, media_type in _OTHER_TYPES.items():
        file = site.release / name
        if file.is_file():
            data = file.read_bytes()
            files[name] = DumpFile(
                name, len(data), hashlib.sha256(data).hexdigest(), media_type, None
            )
    site.memo["dumps"] = files
    return files


@router.api_route("/dumps", methods=METHODS, include_in_schema=False)
async def dumps_root() -> Response:
    return RedirectResponse("/dumps/", status_code=301)


@router.api_route("/dumps/", methods=METHODS, summary="The release files")
async def index(request: Request) -> Response:
    site = site_of(request)
    # The page is the edition's list of files: its validators are the edition's, so a crawler
    # revalidates it (it had none, and was fetched whole every time).
    validators = {
        "ETag": f'W/"{site.version}-dumps-index"',
        "Last-Modified": site.last_modified,
        "Cache-Control": "public, max-age=300",
    }
    require_preconditions(request.headers, validators["ETag"], site.last_modified, "/dumps/")
    if not_modified(request.headers, validators["ETag"], site.last_modified):
        return Response(status_code=304, headers=validators)
    files = sorted(catalogue(site).values(), key=lambda f: (f.path.count("/"), f.path))
    page = site.render("dumps.html", request, files=files, manifest=site.manifest)
    headers = {"Content-Type": HTML_TYPE, **validators, "Link": _links(site)}
    return Response(page, headers=headers)


@router.api_route("/dumps/{path:path}", methods=METHODS, summary="One release file")
async def dump(request: Request, path: str) -> Response:
    site = site_of(request)
    segments = path.replace("\\", "/").split("/")
    if any(s in ("..", ".") for s in segments) or path.startswith("/") or "\x00" in path:
        raise Problem("bad-request", f"{path!r}: path traversal is refused; name a release file.")
    file = catalogue(site).get(path)
    if file is None:
        raise Problem("not-found", f"The release has no file {path!r}; see /dumps/.")
    headers = {
        "ETag": file.etag,
        "Last-Modified": site.last_modified,
        "Accept-Ranges": "bytes",
        "Cache-Control": "public, max-age=3600",
        "Content-Type": file.content_type,
        "Repr-Digest": f"sha-256=:{base64.b64encode(bytes.fromhex(file.sha256)).decode()}:",
        "Link": _links(site),
    }
    validators = {k: headers[k] for k in ("ETag", "Last-Modified")}
    require_preconditions(request.headers, file.etag, site.last_modified, path)
    if not_modified(request.headers, file.etag, site.last_modified):
        del headers["Content-Type"]
        return Response(status_code=304, headers=headers)
    try:
        selected = byte_range(request.headers, file.size, file.etag, site.last_modified)
    except RangeNotSatisfiable:
        raise Problem(
            "range-not-satisfiable",
            f"Range {request.headers.get('range')!r} names no byte of {path!r}, which is "
            f"{file.size} bytes long.",
            headers={**validators, "Content-Range": f"bytes */{file.size}"},
            size=file.size,
        ) from None
    location = site.release / file.path
    if selected is None:
        start, length, status = 0, file.size, 200
    else:
        start, length, status = selected.first, selected.length, 206
        headers["Content-Range"] = selected.content_range(file.size)
    headers["Content-Length"] = str(length)
    if request.method == "HEAD":
        return Response(status_code=status, headers=headers)
    return StreamingResponse(_read(location, start, length), status_code=status, headers=headers)


def _read(path: Path, start: int, length: int) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


def _links(site: Site) -> str:
    """The licence the description gives every distribution, and the description itself."""
    void = site.urls.href(site.urls.void)
    return f'<{LICENSE}>; rel="license", <{void}>; rel="describedby"'
