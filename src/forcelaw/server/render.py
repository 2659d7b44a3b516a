"""Static rendering of a release: every document the server would answer, written once at build.

The release is loaded into an in-process store and the server's own app answers each document
(``TestClient``, no socket), so a static file is byte for byte what the view returns: every
resource under the base in HTML and each RDF format, the index page, the VoID/DCAT description,
the ontology, the shapes and the JSON-LD context. Each file gets a gzip twin (``.gz``) for clients
that accept it. ``site/index.json`` lists every file with its SHA-256 (the strong ETag served).

Absolute URLs in a document (the JSON-LD ``@context``, schema.org ``url``) name the published site
(``https://w3id.org/forcelaw/``), as the document will be read from any host.

If the files pass ``budget`` bytes, HTML and Turtle stay static and the other RDF formats are left
to the server, which renders them on first request (``Rendering.complete`` is then False).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forcelaw.formats import Format, Kind, formats_for
from forcelaw.server.settings import Settings
from forcelaw.store import DatasetInfo, Engine, QueryRequest, QueryResult, load_release
from forcelaw.urls import Urls

SITE_DIR = "site"
INDEX_FILE = "index.json"
RENDER_ORIGIN = "http://forcelaw.render.invalid"
BUDGET = 1 << 30  # 1 GB: past this only HTML and Turtle are kept static
HTML = formats_for(Kind.PAGE)[0]
GRAPH_FORMATS = formats_for(Kind.GRAPH)
FIRST = (HTML, GRAPH_FORMATS[0])  # always static: the page and Turtle
# Documents that are not resources under the base: path -> formats rendered.
DOCUMENTS: dict[str, tuple[Format, ...]] = {
    "/": (HTML,),
    "/ontology": (HTML, *GRAPH_FORMATS),
    "/shapes": (HTML, *(f for f in GRAPH_FORMATS if not f.is_dataset_format)),
    "/.well-known/void": GRAPH_FORMATS,
}
CONTEXT = "/context.jsonld"
RESOURCES = """SELECT DISTINCT ?r WHERE {
  { GRAPH ?g { ?r ?p ?o } } UNION { GRAPH ?g { ?s ?p ?r } }
  FILTER(isIRI(?r) && STRSTARTS(STR(?r), "%s"))
}"""


@dataclass(frozen=True)
class Rendering:
    """What a static rendering wrote."""

    documents: int
    files: int
    bytes: int
    gzip_bytes: int
    seconds: float
    complete: bool  # False: past the budget, only HTML and Turtle were kept

    def summary(self) -> str:
        extent = "all formats" if self.complete else "HTML and Turtle only (over budget)"
        return (
            f"static site: {self.documents} documents, {self.files} files, "
            f"{self.bytes / 1e6:.1f} MB (+{self.gzip_bytes / 1e6:.1f} MB gzip), {extent}, "
            f"{self.seconds:.1f} s"
        )


def static_path(local: str, fmt: Format) -> str:
    """The file (relative to ``site/``) holding the document at ``local`` in ``fmt``."""
    if local == CONTEXT:
        return CONTEXT.lstrip("/")
    if local == "/":
        return "index." + fmt.suffix
    return f"{local.lstrip('/')}.{fmt.suffix}"


def render_release(release: Path, budget: int = BUDGET) -> Rendering:
    """Render every static document of ``release`` into ``release/site`` (replaced in one move)."""
    from fastapi.testclient import TestClient

    from forcelaw.server.app import create_app

    started = time.perf_counter()
    release = release.resolve()
    with tempfile.TemporaryDirectory(prefix="forcelaw-render-") as tmp:
        dataset = load_release(release, Path(tmp) / "store")
        store = InProcessStore(Path(tmp) / "store", dataset)
        settings = Settings(
            release=release, answer_cache_bytes=0, max_rows=10_000_000, timeout=300.0
        )
        app = create_app(settings, store)
        app.state.site.memo["static"] = {}  # render from the store, never from an older site/
        staging = Path(tempfile.mkdtemp(prefix=".site-", dir=release))
        try:
            with TestClient(app, base_url=RENDER_ORIGIN) as client:
                writer = _Writer(client, staging, Urls(settings.base).site)
                resources = sorted(_resource_paths(store, settings.base))
                writer.fetch(CONTEXT, None)
                for local, fmts in DOCUMENTS.items():
                    for fmt in fmts:
                        writer.fetch(local, fmt)
                for local in resources:
                    for fmt in FIRST:
                        writer.fetch(local, fmt)
                complete = True
                for local in resources:
                    for fmt in GRAPH_FORMATS[1:]:
                        if writer.bytes > budget:
                            complete = False
                            break
                        writer.fetch(local, fmt)
                if not complete:
                    writer.drop(lambda path: not path.endswith((".html", ".ttl")))
            writer.write_index(str(app.state.site.version), complete)
            target = release / SITE_DIR
            if target.exists():
                shutil.rmtree(target)
            os.replace(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return Rendering(
        documents=len(resources) + len(DOCUMENTS) + 1,
        files=len(writer.files),
        bytes=writer.bytes,
        gzip_bytes=writer.gzip_bytes,
        seconds=time.perf_counter() - started,
        complete=complete,
    )


class InProcessStore:
    """The ``Store`` protocol over one engine in this process (for rendering: trusted queries)."""

    def __init__(self, store_dir: Path, dataset: DatasetInfo) -> None:
        self.dataset = dataset
        self._engine = Engine(store_dir)

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def query(self, request: QueryRequest, timeout: float) -> QueryResult:
        return self._engine.run(request)

    def select(self, query: str) -> list[dict[str, Any]]:
        result = self._engine.run(QueryRequest(query, "json", 10_000_000, 1 << 40))
        rows: list[dict[str, Any]] = json.loads(result.body)["results"]["bindings"]
        return rows


def _resource_paths(store: InProcessStore, base: str) -> set[str]:
    urls = Urls(base)
    paths: set[str] = set()
    for row in store.select(RESOURCES % base.replace('"', "")):
        path = urls.resource_path(row["r"]["value"])
        if path is not None and path.startswith("/id/") and len(path) > len("/id/"):
            paths.add(path)
    return paths


class _Writer:
    """Fetches documents from the app and writes them (and their gzip twins) under a folder."""

    def __init__(self, client: Any, root: Path, site_url: str) -> None:
        self.client = client
        self.root = root
        self.site_url = site_url.encode()
        self.files: dict[str, dict[str, Any]] = {}
        self.bytes = 0
        self.gzip_bytes = 0

    def fetch(self, local: str, fmt: Format | None) -> None:
        url = local if fmt is None or local == "/" else f"{local}.{fmt.suffix}"
        response = self.client.get(url)
        if response.status_code != 200:
            return  # nothing to say (no shapes, no such resource): the server answers 404 itself
        body = response.content.replace(RENDER_ORIGIN.encode() + b"/", self.site_url)
        relative = static_path(local, fmt) if fmt is not None else CONTEXT.lstrip("/")
        packed = gzip.compress(body, compresslevel=9, mtime=0)
        for name, data in ((relative, body), (relative + ".gz", packed)):
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        self.files[relative] = {
            "sha256": hashlib.sha256(body).hexdigest(),
            "bytes": len(body),
            "gzip_bytes": len(packed),
            "content_type": response.headers["content-type"],
        }
        self.bytes += len(body)
        self.gzip_bytes += len(packed)

    def drop(self, unwanted: Any) -> None:
        for relative in [r for r in self.files if unwanted(r)]:
            info = self.files.pop(relative)
            self.bytes -= info["bytes"]
            self.gzip_bytes -= info["gzip_bytes"]
            for name in (relative, relative + ".gz"):
                (self.root / name).unlink(missing_ok=True)

    def write_index(self, version: str, complete: bool) -> None:
        index = {"version": version, "complete": complete, "files": self.files}
        text = json.dumps(index, indent=1, sort_keys=True) + "\n"
        (self.root / INDEX_FILE).write_text(text, encoding="utf-8")
