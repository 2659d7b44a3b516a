"""``forcelaw export-site DIR``: the release's static rendering as a site any static host serves.

Every file of ``site/`` is copied (with its ``.gz`` twin) and the stylesheets next to it; in the
HTML pages every link to another page of the site becomes relative (``../state/KZ.html``), so the
folder can be browsed from disk or ``python -m http.server``. A link to something only a running
server answers (``/sparql``, ``/query``, ``/dumps/``, ``?page=2``) goes to the published site.
The table a web server needs for content negotiation on the extensionless URIs
(``rewrite_table``) is written into the folder as ``.htaccess`` (Apache); the README documents it.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path

from forcelaw.errors import ReleaseError
from forcelaw.server.pages import STATIC
from forcelaw.server.render import INDEX_FILE, SITE_DIR, gzip_twin
from forcelaw.server.rewrite_table import htaccess
from forcelaw.urls import Urls

# Every attribute that names a URL a page holds: a quotation's source (``cite``) and a form's
# target (``action``) as well as links, or a page read from disk named a root it is not at.
_LINK = re.compile(rb'(href|src|cite|action)="(/[^"]*)"')


@dataclass(frozen=True)
class Export:
    files: int
    bytes: int


def export_site(release: Path, out: Path, base: str | None = None) -> Export:
    """Copy ``release``'s static rendering into ``out`` with relative links; returns a count."""
    source = release.resolve() / SITE_DIR
    try:
        index = json.loads((source / INDEX_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReleaseError(
            f"{source / INDEX_FILE}: no static rendering in this release ({exc}); "
            "run `forcelaw build` to write one"
        ) from None
    target = out.resolve()
    if target == release.resolve() or release.resolve() in target.parents:
        raise ReleaseError(
            f"{out}: inside the release {release} (the export would rewrite the release's own "
            "files); choose a folder outside it"
        )
    urls = Urls(base) if base else Urls()
    files: set[str] = set(index["files"])
    out.mkdir(parents=True, exist_ok=True)
    written = size = 0
    for relative in sorted(files):
        data = (source / relative).read_bytes()
        twin: bytes | None = None
        if relative.endswith(".html"):
            data = relative_links(data, relative, files, urls.site)
        else:  # the same bytes: the release's own twin, if it holds them
            twin = _twin(source / f"{relative}.gz", data)
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        # The gzip twin for hosts that serve precompressed files (nginx gzip_static).
        Path(f"{target}.gz").write_bytes(twin if twin is not None else gzip_twin(data))
        written += 2
        size += len(data)
    shutil.copytree(STATIC, out / "static", dirs_exist_ok=True)
    (out / ".htaccess").write_text(htaccess(), encoding="utf-8")
    return Export(written, size)


def _twin(path: Path, data: bytes) -> bytes | None:
    """The gzip file at ``path`` if it decompresses to ``data`` (else None: compress again)."""
    try:
        twin = path.read_bytes()
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
