"""Serving the release's static rendering (``site/``, written by ``render``).

In embedded mode a document with a static file is answered from it: a strong ETag (the file's
SHA-256 and its format), ``Last-Modified`` = the release date, 304 on a matching conditional
GET, the gzip twin when the client prefers gzip (``Vary: Accept-Encoding``), ``Cache-Control``.
Everything else (paging, citations, a format left out over budget, remote-store mode) is
rendered on demand.

The body is read from the document's pack (``render``: one file per format and encoding, kept
open, one ``pread`` at the offset the index gives). A document whose entry names no pack, or a
pack that is missing or shorter than the index says, is rendered on demand instead.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Mapping
from typing import Any, NamedTuple

from fastapi import Request
from starlette.responses import Response

from forcelaw.errors import ReleaseError
from forcelaw.formats import Format
from forcelaw.server.conditional import not_modified, require_preconditions
from forcelaw.server.render import INDEX_FILE, SITE_DIR, Place, pack_places, static_path
from forcelaw.server.site import Site


class StaticFile(NamedTuple):
    """One file of the static site, as ``lookup`` finds it in the index."""

    relative: str
    sha256: str
    content_type: str
    size: int  # bytes of the body, and of its gzip twin, as the index says
    gzip_size: int
    pack: tuple[str, int]  # where the body is in the packs (pack, offset)
    gzip_pack: tuple[str, int]  # where its gzip twin is


def lookup(site: Site, local: str, fmt: Format) -> StaticFile | None:
    """The static file of the document at ``local`` in ``fmt``, if the release has one whose
    body and twin its packs hold."""
    files = _index(site)
    if not files:
        return None
    relative = static_path(local, fmt)
    info = files.get(relative)
    if not isinstance(info, dict):
        return None
    sha256, content_type = info.get("sha256"), info.get("content_type")
    if not isinstance(sha256, str) or not isinstance(content_type, str):
        return None  # a damaged entry: the view renders the document instead
    places = pack_places(relative, info)
    if places is None:
        return None  # no pack: the view renders the document
    if not all(_holds(site, place) for place in places):
        return None  # a pack missing or cut short: likewise
    (plain, offset, size), (gzipped, gzip_offset, gzip_size) = places
    return StaticFile(
        relative, sha256, content_type, size, gzip_size, (plain, offset), (gzipped, gzip_offset)
    )


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
    (lower-case names): 304 on a matching conditional, the gzip twin when gzip is accepted; a
    failed If-Match or If-Unmodified-Since raises the 412 problem."""
    gzipped = _accepts_gzip(request_headers.get("accept-encoding", ""))
    etag = entity_tag(found, gzipped)
    vary = [v for v in (headers.get("Vary"), "Accept-Encoding") if v]
    out = {
        **headers,
        "ETag": etag,
        "Last-Modified": site.last_modified,
        "Cache-Control": "public, max-age=300",
        "Vary": ", ".join(vary),
    }
    require_preconditions(request_headers, etag, site.last_modified, "/" + found.relative)
    if not_modified(request_headers, etag, site.last_modified):
        return 304, out, b""
    size = found.gzip_size if gzipped else found.size
    packed = found.gzip_pack if gzipped else found.pack
    body = read_packed(site, packed, size)
    if body is None:  # ``lookup`` found it whole: the pack was cut or replaced since
        raise ReleaseError(f"site/{packed[0]}: ends before the document /{found.relative}")
    out["Content-Type"] = found.content_type
    if gzipped:
        out["Content-Encoding"] = "gzip"
    return 200, out, body


def entity_tag(found: StaticFile, gzipped: bool) -> str:
    """The file's strong ``ETag``: its content hash, its format's suffix and the coding.

    The hash alone does not tell two representations of one URI apart: a resource's N-Triples
    and N-Quads (its Turtle and TriG) are the same bytes under another Content-Type, and a
    cache that revalidates ``/id/state/KZ`` with the tags of every variant it holds
    (RFC 9111 §4.3.1) would take a 304 for N-Quads as leave to serve its N-Triples copy."""
    suffix = found.relative.rpartition(".")[2]
    return f'"{found.sha256[:32]}-{suffix}{"-gz" if gzipped else ""}"'


def read_packed(site: Site, location: tuple[str, int], size: int) -> bytes | None:
    """``size`` bytes at ``location`` (pack, offset) of the site's packs, or None when the pack
    cannot be opened or ends before them."""
    pack = _pack(site, location[0])
    if pack is None or location[1] + size > pack[1]:
        return None  # no such pack, or the index says more than it holds
    body = os.pread(pack[0].fileno(), size, location[1])
    return body if len(body) == size else None


def _holds(site: Site, place: Place) -> bool:
    """Whether the pack of ``place`` can be opened and holds its length from its offset on."""
    name, offset, size = place
    pack = _pack(site, name)
    return pack is not None and offset + size <= pack[1]


def _pack(site: Site, name: str) -> tuple[io.FileIO, int] | None:
    """The pack ``name`` (relative to ``site/``) opened, with its length, or None if it cannot
    be opened; kept open for the life of the release's ``Site`` (closed with it)."""
    packs: dict[str, tuple[io.FileIO, int] | None] = site.memo.setdefault("static_packs", {})
    if name not in packs:
        try:
            opened = io.FileIO(_root(site) + name, "r")
            packs[name] = (opened, os.fstat(opened.fileno()).st_size)
        except OSError:
            packs[name] = None
    return packs[name]


def _root(site: Site) -> str:
    root: str | None = site.memo.get("static_root")
    if root is None:
        root = site.memo["static_root"] = str(site.release / SITE_DIR) + os.sep
    return root


def _index(site: Site) -> dict[str, Any]:
    """The index's entries by file (read once; an entry becomes a ``StaticFile`` when looked up,
    so start-up only parses the index: 0.5 s for the 198,000 files of 197 states)."""
    cached: dict[str, Any] | None = site.memo.get("static")
    if cached is not None:
        return cached
    files: dict[str, Any] = {}
    if not site.settings.store:  # a remote store may hold another state: render on demand
        try:
            index = json.loads((site.release / SITE_DIR / INDEX_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            index = {}
        if isinstance(index, dict) and index.get("version") == site.version:
            found = index.get("files")
            files = found if isinstance(found, dict) else {}
    site.memo["static"] = files
    return files


def _accepts_gzip(header: str) -> bool:
    """Whether the gzip twin answers a request with this ``Accept-Encoding``: gzip (or ``*``,
    which stands for every coding not listed, RFC 9110 §12.5.3) has a q-value above zero and
    no lower than the one identity is given, if it is given one (a tie goes to the smaller
    answer). ``gzip;q=0.5, identity`` asks for identity; ``*`` and ``gzip;q=0.5`` take gzip."""
    weights: dict[str, float] = {}
    for part in header.split(","):
        coding, _, params = part.partition(";")
        name = coding.strip().lower()
        if not name:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        weights.setdefault("gzip" if name == "x-gzip" else name, q)
    anything = weights.get("*")
    gzip = weights.get("gzip", anything if anything is not None else 0.0)
    identity = weights.get("identity", anything if anything is not None else 0.0)
    return gzip > 0 and gzip >= identity
