"""``forcelaw export-site DIR``: the release's static rendering as a site any static host serves.

Every document of the rendering is written out of the release's packs (``site_packs``) as the
file a static host serves it from, with its ``.gz`` twin, and the stylesheets next to them; every
file is dated the release's creation, as the server dates the documents (a static host's
Last-Modified is a file's mtime). In the HTML pages every link to another page of the site
becomes relative (``../state/KZ.html``), so the folder can be browsed from disk or
``python -m http.server``; a link to something only a running server answers (``/sparql``,
``/query``, ``/dumps/``, ``?page=2``) goes to the published site. With ``root_links`` the pages
keep the root-relative links the server writes, for a front that serves the folder at the site's
root beside ``forcelaw serve`` (``deploy/``: nginx). The table a web server needs for content
negotiation on the extensionless URIs (``rewrite_table``) is written into the folder as
``.htaccess`` (Apache); the README documents it.
"""

from __future__ import annotations

import gzip
import os
import posixpath
import re
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path

from forcelaw.errors import ReleaseError
from forcelaw.server.pages import STATIC
from forcelaw.server.render import SITE_DIR, gzip_twin, release_date
from forcelaw.server.rewrite_table import htaccess
from forcelaw.server.site_packs import SitePacks
from forcelaw.urls import Urls

# Every attribute that names a URL a page holds: a quotation's source (``cite``) and a form's
# target (``action``) as well as links, or a page read from disk named a root it is not at.
_LINK = re.compile(rb'(href|src|cite|action)="(/[^"]*)"')


@dataclass(frozen=True)
class Export:
    files: int
    bytes: int


def export_site(
    release: Path, out: Path, base: str | None = None, root_links: bool = False
) -> Export:
    """Write ``release``'s static rendering into ``out`` as files; returns a count."""
    target = out.resolve()
    if target == release.resolve() or release.resolve() in target.parents:
        raise ReleaseError(
            f"{out}: inside the release {release} (the export would rewrite the release's own "
            "files); choose a folder outside it"
        )
    urls = Urls(base) if base else Urls()
    when = release_date(release.resolve())
    with SitePacks(release.resolve() / SITE_DIR) as packs:
        files: set[str] = set(packs.files)
        for relative in sorted(files):
            if not _inside(relative):
                raise ReleaseError(
                    f"{release}/{SITE_DIR}: the index names {relative!r}, a file outside the "
                    "folder it would be written into; nothing was written"
                )
        out.mkdir(parents=True, exist_ok=True)
        written = size = 0
        for relative in sorted(files):
            data = packs.body(relative)
            twin: bytes | None = None
            if relative.endswith(".html") and not root_links:
                data = relative_links(data, relative, files, urls.site)
            else:  # the same bytes: the rendering's own twin, if it holds them
                twin = _twin(packs.twin(relative), data)
            path = out / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            # The gzip twin for hosts that serve precompressed files (nginx gzip_static).
            for name, body in ((path, data), (Path(f"{path}.gz"), twin or gzip_twin(data))):
                name.write_bytes(body)
                if when is not None:
                    os.utime(name, (when, when))
            written += 2
            size += len(data)
    shutil.copytree(STATIC, out / "static", dirs_exist_ok=True)
    (out / ".htaccess").write_text(htaccess(), encoding="utf-8")
    return Export(written, size)


def _inside(relative: str) -> bool:
    """Whether ``relative`` names a file under the folder it is joined to: not absolute, no
    ``..`` or empty segment, no NUL (a damaged or hand-made index must not write elsewhere)."""
    parts = relative.split("/")
    return bool(relative) and "\0" not in relative and all(p not in ("", ".", "..") for p in parts)


def _twin(twin: bytes, data: bytes) -> bytes | None:
    """``twin`` if it decompresses to ``data`` (else None: compress again)."""
    try:
        return twin if twin and gzip.decompress(twin) == data else None
    except (OSError, EOFError, zlib.error):  # gzip.BadGzipFile is an OSError
        return None


def relative_links(html: bytes, current: str, files: set[str], site_url: str) -> bytes:
    """``html`` (the page at ``current``) with its root-relative links made relative."""
    here = posixpath.dirname(current)

    def rewrite(match: re.Match[bytes]) -> bytes:
        attribute, link = match.group(1), match.group(2).decode()
        target = _target(link, files)
        if target is None:
            return attribute + b'="' + (site_url + link[1:]).encode() + b'"'
        path, _, fragment = target.partition("#")
        relative = posixpath.relpath(path, here or ".")
        return attribute + b'="' + (relative + (f"#{fragment}" if fragment else "")).encode() + b'"'

    return _LINK.sub(rewrite, html)


def _target(link: str, files: set[str]) -> str | None:
    """The file a root-relative link lands on in the exported folder, or None (server only)."""
    if "?" in link:
        return None
    path, hashmark, fragment = link.partition("#")
    tail = hashmark + fragment
    if path.startswith("/static/"):
        return path[1:] + tail
    if path == "/":
        return "index.html" + tail
    stem = path[1:]
    for candidate in (stem + ".html", stem):
        if candidate in files:
            return candidate + tail
    return None
