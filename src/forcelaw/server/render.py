"""Static rendering of a release: every document the server would answer, written once at build.

The server's own app answers each document, over the release's dataset (the query store
``forcelaw.release_store`` is also prepared here if the release has none yet, and lists the
resources), in one event loop with no socket or thread, so a static file is byte for byte what
the view returns: every resource under the base in HTML and each RDF format (asked of its view
directly, ``view_get``), the index page, the VoID/DCAT description, the ontology, the shapes and
the JSON-LD context (asked of the whole ASGI app, ``asgi_get``). Each document gets a gzip twin
(``gzip_twin``) for clients that accept it. ``site/index.json`` lists every document by the file
a static host would serve it from (``static_path``), with its SHA-256 (the strong ETag served).

Each process appends every body and gzip twin it renders to a pack, one per format and encoding
(``site/packs/JOB-SUFFIX.pack``, ``JOB-SUFFIX-gzip.pack``: ``pack_names``), and the index says
where: ``"pack": [JOB, OFFSET, GZIP_OFFSET]`` (the lengths are ``bytes`` and ``gzip_bytes``; one
short list rather than four more keys keeps the server's parsed index small). The server reads a
document from its pack at that offset, one ``pread`` on a file it keeps open: a document's own
file costs a directory lookup, an inode and a data block read from the disk whenever the page
cache has let them go (some 90-220 us a document here, most of a cold answer's time), where
neighbouring documents of a pack come in together with the kernel's read-ahead (2-8 us).

The packs are the whole rendering: a static host that needs one file per document (nginx,
Apache, ``python -m http.server``) is given them by ``forcelaw export-site`` (``export_site``),
which writes them out of the packs. Writing them here as well took a quarter of the rendering's
time at 197 states (416,000 files and twins: 39 s against 30 s) and 2.9 GB of disk in 4 KB
blocks for a release whose server never reads them.

The resources are shared among processes (``forcelaw.parallel.worker_count``), each with its own
app over the release's dataset loaded into memory (``Engine.in_memory``); all formats of a
resource are asked one after the other. The views read a resource's page and documents from an
index of the dataset's quads (``quad_index.IndexedReader``: the same rows and triples, in the
same order, as their SPARQL queries; the queries' parsing and planning were a third of a
resource's rendering), and ask the store only where the queries' answer is the engine's to
choose; a CONSTRUCT asked for several formats is then evaluated once for all of them.

Absolute URLs in a document (the JSON-LD ``@context``, schema.org ``url``) name the published site
(``https://w3id.org/forcelaw/``), as the document will be read from any host.

If the files pass ``budget`` bytes, HTML and Turtle stay static and the other RDF formats are left
to the server, which renders them on first request (``Rendering.complete`` is then False). Which
files are kept depends only on the release, never on the number of processes or their timing.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

from isal import igzip

from forcelaw import memory, parallel, release_store
from forcelaw.errors import InvalidDataset
from forcelaw.formats import Format, Kind, formats_for
from forcelaw.server.document_cache import STATIC_RENDERING
from forcelaw.server.quad_index import IndexedReader, QuadIndex
from forcelaw.server.settings import Settings
from forcelaw.store import (
    DatasetInfo,
    Engine,
    QueryRequest,
    QueryResult,
    release_version,
    solution_terms,
    triple_terms,
    write_answer,
)
from forcelaw.terms import Term, Triple
from forcelaw.urls import Urls

SITE_DIR = "site"
INDEX_FILE = "index.json"
PACKS_DIR = "packs"
RENDER_ORIGIN = "http://forcelaw.render.invalid"
BUDGET = 1 << 30  # 1 GB: past this only HTML and Turtle are kept static
GZIP_LEVEL = 3  # ISA-L's best (``gzip_twin``)
RECENT = 6  # bodies whose gzip twin and hash a writer keeps (one resource's formats)
MEMO = 8  # CONSTRUCT answers kept by a rendering store (the formats of one resource share one)
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
# Documents the server has no suffixed URL for: their files are asked with ``?format=``.
BY_FORMAT_PARAMETER = frozenset({"/.well-known/void"})
RESOURCES = """SELECT DISTINCT ?r WHERE {
  { GRAPH ?g { ?r ?p ?o } } UNION { GRAPH ?g { ?s ?p ?r } }
  FILTER(isIRI(?r) && STRSTARTS(STR(?r), "%s"))
}"""


@dataclass(frozen=True)
class Rendering:
    """What a static rendering wrote."""

    documents: int
    files: int  # representations: the files a static host serves (``export-site``), in packs
    bytes: int
    gzip_bytes: int
    seconds: float
    complete: bool  # False: past the budget, only HTML and Turtle were kept
    store_seconds: float = 0.0  # loading the query store, while the documents were rendered

    def summary(self) -> str:
        extent = "all formats" if self.complete else "HTML and Turtle only (over budget)"
        return (
            f"static site: {self.documents} documents, {self.files} files in packs, "
            f"{self.bytes / 1e6:.1f} MB (+{self.gzip_bytes / 1e6:.1f} MB gzip), {extent}, "
            f"{self.seconds:.1f} s"
        )


Place = tuple[str, int, int]  # a pack (relative to ``site/``), an offset in it, a length
MAX_JOB = 9999  # the highest rendering process number an index entry may name


def pack_places(relative: str, info: Any) -> tuple[Place, Place] | None:
    """Where the index entry ``info`` of the file ``relative`` puts its body and its gzip twin
    in the packs, or None for an entry of another shape (a damaged or hand-made index): its
    ``pack`` (``[JOB, OFFSET, GZIP_OFFSET]``), ``bytes`` and ``gzip_bytes`` must be whole
    numbers of zero or more (not booleans), the process number at most ``MAX_JOB``."""
    entry = info.get("pack") if isinstance(info, dict) else None
    if not isinstance(entry, list) or len(entry) != 3:
        return None
    numbers = [*entry, info.get("bytes"), info.get("gzip_bytes")]
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in numbers):
        return None
    job, offset, gzip_offset, size, gzip_size = numbers
    if job > MAX_JOB:
        return None
    plain, gzipped = pack_names(relative, job)
    return (plain, offset, size), (gzipped, gzip_offset, gzip_size)


def pack_names(relative: str, job: int) -> tuple[str, str]:
    """The packs (relative to ``site/``) that rendering process ``job`` writes the file
    ``relative`` into: its body's and its gzip twin's, by the file's suffix."""
    suffix = relative.rsplit(".", 1)[-1]
    return f"{PACKS_DIR}/{job}-{suffix}.pack", f"{PACKS_DIR}/{job}-{suffix}-gzip.pack"


def gzip_twin(body: bytes) -> bytes:
    """``body`` gzipped reproducibly (no time, no name) by ISA-L at its best level: on the
    documents of 197 states it takes a third of zlib's time at level 9 (0.12 against 0.33 ms for
    a resource's seven documents, some 3 s of a two-process rendering) for twins 6% larger
    (195 against 184 MB). zlib's own faster levels save half as much for the same growth."""
    return igzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


def static_path(local: str, fmt: Format) -> str:
    """The file (relative to ``site/``) holding the document at ``local`` in ``fmt``."""
    if local == CONTEXT:
        return CONTEXT.lstrip("/")
    if local == "/":
        return "index." + fmt.suffix
    return f"{local.lstrip('/')}.{fmt.suffix}"


def render_release(release: Path, budget: int = BUDGET, workers: int | None = None) -> Rendering:
    """Render every static document of ``release`` into ``release/site`` (replaced in one move).

    ``workers`` processes share the resources (default: ``forcelaw.parallel.worker_count``); the
    files do not depend on it."""
    started = time.perf_counter()
    release = release.resolve()
    store_dir = release / release_store.STORE_DIR
    resources = sorted(resource_paths(release / release_store.DATASET_FILE, _base(release)))
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=release))
    store_seconds = 0.0
    when = release_date(release)

    def load_store() -> None:
        # The query store the server opens, loaded while the jobs render: they read the dataset
        # in memory and need nothing of it.
        nonlocal store_seconds
        began = time.perf_counter()
        release_store.prepare(release)
        store_seconds = time.perf_counter() - began

    try:
        shares = split(resources, parallel.worker_count(workers, len(resources)))
        jobs = [
            Job(
                release,
                store_dir,
                None,
                staging,
                tuple(share),
                budget,
                with_documents=i == 0,
                number=i,
            )
            for i, share in enumerate(shares)
        ]
        parts = _run_jobs(jobs, load_store)
        writer = _merge(parts, staging)
        complete = all(part.complete for part in parts) and writer.bytes <= budget
        if not complete:
            writer.drop(lambda path: not path.endswith((".html", ".ttl")))
        writer.write_index(parts[0].version, complete)
        stamp_paths([staging / INDEX_FILE, *(staging / PACKS_DIR).glob("*.pack")], when)
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
        store_seconds=store_seconds,
    )


def release_date(release: Path) -> float | None:
    """The release's creation time (its manifest's ``created``, UTC when it names no offset) as
    a timestamp in whole seconds, or None if the manifest gives none."""
    try:
        manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
        when = datetime.fromisoformat(str(manifest["created"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return float(int((when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()))


def stamp_paths(paths: Iterable[Path], when: float | None) -> None:
    """Each of ``paths`` dated ``when`` (nothing if None): a static host's Last-Modified (and
    its answer to If-Modified-Since) is a file's mtime, and the server's for the same document
    is the release's date (``release_date``), so nginx said the rendering's hour where the
    server said the release's."""
    if when is None:
        return
    for path in paths:
        os.utime(path, (when, when))


def split(items: list[str], count: int) -> list[list[str]]:
    """``items`` dealt round-robin into ``count`` shares (neighbours cost alike), none empty
    unless ``items`` is."""
    count = max(1, min(count, len(items)))
    return [items[i::count] for i in range(count)]


@dataclass(frozen=True)
class Job:
    """One process's share of a rendering."""

    release: Path
    store_dir: Path
    dataset: DatasetInfo | None  # None: what the job's engine holds (``Engine.dataset``)
    staging: Path
    resources: tuple[str, ...]
    budget: int
    with_documents: bool  # the index page, ontology, shapes, VoID and context (one job has them)
    number: int = 0  # names this job's packs


@dataclass
class Part:
    """What one job wrote: its files (relative path -> index entry) and whether it kept all the
    formats (False once the shared byte count passed the budget)."""

    version: str
    files: dict[str, dict[str, Any]]
    complete: bool


def _base(release: Path) -> str:
    return Settings(release=release).base


# The byte count shared by the processes of one rendering (set in each by ``_share``).
_shared: Synchronized[int] | None = None


def _share(counter: Synchronized[int]) -> None:
    global _shared
    _shared = counter


def _run_jobs(jobs: list[Job], meanwhile: Callable[[], None]) -> list[Part]:
    """One job here, or each in a worker process of its own, all adding to one byte count;
    ``meanwhile`` runs here while they do (after the job, if it is here).

    Not here beside others: this process may hold a build's graphs, which slow its garbage
    collections, and it has the others' parts to take in; its job ended two to three seconds
    after the other at 197 states, with one core idle meanwhile."""
    context = multiprocessing.get_context("spawn")
    counter: Synchronized[int] = context.Value("q", 0)
    _share(counter)
    if len(jobs) == 1:
        parts = [render_job(jobs[0])]
        meanwhile()
        return parts
    pool = ProcessPoolExecutor(
        len(jobs), mp_context=context, initializer=_share, initargs=(counter,)
    )
    try:
        futures = [pool.submit(render_job, job) for job in jobs]
        meanwhile()
        parts = [future.result() for future in futures]
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # none goes on writing into the staging
        raise
    # Not waiting for the workers to exit (a second or so, freeing their store and index): the
    # merge goes on meanwhile.
    pool.shutdown(wait=False)
    return parts


def render_job(job: Job) -> Part:
    """Render one share of the documents into ``job.staging`` (in this process)."""
    return asyncio.run(_render(job))


async def _render(job: Job) -> Part:
    from forcelaw.server.app import create_app

    settings = Settings(
        release=job.release,
        answer_cache_bytes=0,
        document_cache_bytes=0,  # every document is fetched once
        max_rows=10_000_000,
        timeout=300.0,
        rate_limit=0,
    )
    # The dataset, its index and the app live as long as the job: out of the collector's way
    # (its full collections walked them ten times a job, a second of its time at 197 states).
    # Made with the collector off (the index's million objects set off a collection every few
    # hundred: a third of its 1.2 s at 197 states), and left out of later collections without
    # one more (``memory.keep_made``: the 0.2-0.6 s it took would have freed next to nothing).
    with memory.kept_alive():
        with memory.collector_off():
            # The release's dataset in memory: the documents' small queries run three to four
            # times faster there than on the on-disk store, and give the same answers in the same
            # order (the queries order what a document's bytes depend on; blank nodes keep the
            # file's labels).
            engine = Engine.in_memory(job.release / release_store.DATASET_FILE)
            dataset = job.dataset or engine.dataset(release_version(job.release))
            store = RenderingStore(job.store_dir, dataset, engine)
            app = create_app(settings, store)
            site = app.state.site
            site.memo["static"] = {}  # render from the store, never from an older site/
            # The pages' reads from an index of the quads: a millisecond a page less than their
            # queries.
            site.reader = IndexedReader(store, settings, QuadIndex.of(engine))
            writer = _Writer(app, job.staging, Urls(settings.base).site, _shared, job.number)
            memory.keep_made()
        return await _render_documents(job, app, writer, str(site.version))


async def _render_documents(job: Job, app: Any, writer: _Writer, version: str) -> Part:
    """Ask ``app`` for the job's documents and write them with ``writer``."""
    complete = True
    async with app.router.lifespan_context(app), writer:
        if job.with_documents:
            await writer.fetch(CONTEXT, None)
            for local, fmts in DOCUMENTS.items():
                for fmt in fmts:
                    await writer.fetch(local, fmt)
        for local in job.resources:
            for fmt in FIRST:
                await writer.fetch(local, fmt)
            for fmt in GRAPH_FORMATS[1:]:
                if writer.over(job.budget):
                    complete = False  # the rest goes to the server: keep HTML and Turtle
                    break
                await writer.fetch(local, fmt)
    return Part(version, writer.files, complete)


def _merge(parts: Iterable[Part], staging: Path) -> _Writer:
    merged = _Writer(None, staging, "", None)
    for part in parts:
        for relative, info in part.files.items():
            merged.files[relative] = info
            merged.bytes += info["bytes"]
            merged.gzip_bytes += info["gzip_bytes"]
    return merged


class InProcessStore:
    """The ``Store`` protocol over one engine in this process (for rendering: trusted queries)."""

    def __init__(self, store_dir: Path, dataset: DatasetInfo, engine: Engine | None = None) -> None:
        self.dataset = dataset
        self._engine = engine if engine is not None else Engine(store_dir)

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def query(self, request: QueryRequest, timeout: float) -> QueryResult:
        return self._engine.run(request)

    async def select_terms(self, request: QueryRequest) -> list[dict[str, Term]]:
        """A SELECT's rows as terms, read straight from the engine's answer."""
        return solution_terms(self._engine.evaluate(request), request.max_rows)

    def select(self, query: str) -> list[dict[str, Any]]:
        result = self._engine.run(QueryRequest(query, "json", 10_000_000, 1 << 40))
        rows: list[dict[str, Any]] = json.loads(result.body)["results"]["bindings"]
        return rows


def resource_paths(dataset_file: Path, base: str) -> set[str]:
    """The path of every resource under ``base``: each IRI under it that is a subject or an
    object in a named graph of the release's dataset (``RESOURCES`` asks the store the same).

    Read from ``dataset.nq`` in one pass: 1.2 s at 197 states, where the query over the on-disk
    store, its answer written and read as JSON, took 6 s before the processes could start."""
    import pyoxigraph as ox

    urls = Urls(base)
    iris: set[str] = set()
    for quad in ox.parse(path=str(dataset_file), format=ox.RdfFormat.N_QUADS):
        if isinstance(quad.graph_name, ox.DefaultGraph):
            continue
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
    paths: set[str] = set()
    for iri in iris:
        if not iri.startswith(base):
            continue
        path = urls.resource_path(iri)
        if path is not None and path.startswith("/id/") and len(path) > len("/id/"):
            paths.add(path)
    return paths


class RenderingStore(InProcessStore):
    """``InProcessStore`` that evaluates a CONSTRUCT once for the formats of one document: its
    triples are kept (the last ``MEMO`` queries) and written again in each format asked, or
    handed over as terms (``ConstructsTerms``: the JSON-LD document is built from them)."""

    def __init__(self, store_dir: Path, dataset: DatasetInfo, engine: Engine | None = None) -> None:
        super().__init__(store_dir, dataset, engine)
        self._triples: OrderedDict[MemoKey, list[Any]] = OrderedDict()

    async def query(self, request: QueryRequest, timeout: float) -> QueryResult:
        key = _memo_key(request)
        triples = self._triples.get(key)
        if triples is not None:
            return write_answer(triples, request)
        answer = self._engine.evaluate(request)
        if _is_graph(answer):
            answer = self._keep(key, list(answer))
        return write_answer(answer, request)

    async def construct_terms(self, request: QueryRequest) -> list[Triple]:
        key = _memo_key(request)
        triples = self._triples.get(key)
        if triples is None:
            answer = self._engine.evaluate(request)
            if not _is_graph(answer):
                raise InvalidDataset("expected a CONSTRUCT answer")
            triples = self._keep(key, list(answer))
        return triple_terms(triples, request.max_rows)

    def _keep(self, key: MemoKey, triples: list[Any]) -> list[Any]:
        self._triples[key] = triples
        while len(self._triples) > MEMO:
            self._triples.popitem(last=False)
        return triples


MemoKey = tuple[str, tuple[str, ...], tuple[str, ...]]


def _memo_key(request: QueryRequest) -> MemoKey:
    """What makes two requests the same CONSTRUCT: the query and its dataset, not the format."""
    return (request.query, request.default_graph_uris, request.named_graph_uris)


def _is_graph(answer: Any) -> bool:
    import pyoxigraph as ox

    return not isinstance(answer, ox.QuerySolutions | ox.QueryBoolean)


class _Writer:
    """Asks the app for documents and appends them (and their gzip twins) to packs under a
    folder."""

    def __init__(
        self,
        app: Any,
        root: Path,
        site_url: str,
        shared: Synchronized[int] | None,
        number: int = 0,
    ) -> None:
        self.app = app
        self.root = root
        self.site_url = site_url.encode()
        self.shared = shared
        self.number = number
        self.files: dict[str, dict[str, Any]] = {}
        self.bytes = 0
        self.gzip_bytes = 0
        self._packs: dict[str, list[int]] = {}  # relative name -> [fd, bytes written]
        # The last few bodies with their gzip twin and SHA-256: a resource's TriG is its
        # Turtle's bytes and its N-Quads its N-Triples' (one graph, the default one), so
        # each twin and hash is made once for both.
        self._recent: list[tuple[bytes, bytes, str]] = []

    async def __aenter__(self) -> _Writer:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the packs (their bytes are all written)."""
        for fd, _length in self._packs.values():
            os.close(fd)
        self._packs.clear()

    def over(self, budget: int) -> bool:
        """True once the files of every process of the rendering pass ``budget`` bytes."""
        return (self.shared.value if self.shared is not None else self.bytes) > budget

    async def fetch(self, local: str, fmt: Format | None) -> None:
        if fmt is None or local == "/":
            url = local
        elif local in BY_FORMAT_PARAMETER:  # no suffixed URL: asked as the server answers it
            url = f"{local}?format={fmt.suffix}"
        else:
            url = f"{local}.{fmt.suffix}"
        get = view_get if local.startswith("/id/") else asgi_get
        status, content_type, content = await get(self.app, url)
        if status != 200:
            return  # nothing to say (no shapes, no such resource): the server answers 404 itself
        body = content.replace(RENDER_ORIGIN.encode() + b"/", self.site_url)
        relative = static_path(local, fmt) if fmt is not None else CONTEXT.lstrip("/")
        packed, digest = self._twin_and_digest(body)
        plain_pack, gzip_pack = pack_names(relative, self.number)
        offset = self._append(plain_pack, body)
        gzip_offset = self._append(gzip_pack, packed)
        self.files[relative] = {
            "sha256": digest,
            "bytes": len(body),
            "gzip_bytes": len(packed),
            "content_type": content_type,
            "pack": [self.number, offset, gzip_offset],
        }
        self.bytes += len(body)
        self.gzip_bytes += len(packed)
        if self.shared is not None:
            with self.shared.get_lock():
                self.shared.value += len(body)

    def _twin_and_digest(self, body: bytes) -> tuple[bytes, str]:
        """``body``'s gzip twin and SHA-256, from ``_recent`` when one of the last bodies is
        the same bytes."""
        for seen, packed, digest in self._recent:
            if seen == body:
                return packed, digest
        packed, digest = gzip_twin(body), hashlib.sha256(body).hexdigest()
        if len(self._recent) >= RECENT:
            del self._recent[0]
        self._recent.append((body, packed, digest))
        return packed, digest

    def _append(self, name: str, data: bytes) -> int:
        """Add ``data`` at the end of the pack ``name``: the offset it starts at."""
        pack = self._packs.get(name)
        if pack is None:
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            pack = self._packs[name] = [
                os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
                0,
            ]
        offset = pack[1]
        _write_all(pack[0], data)
        pack[1] += len(data)
        return offset

    def drop(self, unwanted: Callable[[str], bool]) -> None:
        for relative in [r for r in self.files if unwanted(r)]:
            info = self.files.pop(relative)
            self.bytes -= info["bytes"]
            self.gzip_bytes -= info["gzip_bytes"]
        kept = {
            name
            for relative, info in self.files.items()
            if "pack" in info
            for name in pack_names(relative, info["pack"][0])
        }
        for pack in sorted((self.root / PACKS_DIR).glob("*.pack")):
            if f"{PACKS_DIR}/{pack.name}" not in kept:  # only dropped documents were in it
                pack.unlink()

    def write_index(self, version: str, complete: bool) -> None:
        index = {"version": version, "complete": complete, "files": self.files}
        # Compact: json's C encoder writes it (1.5 s at 197 states indented, 0.5 s so).
        text = json.dumps(index, sort_keys=True, separators=(",", ":")) + "\n"
        (self.root / INDEX_FILE).write_text(text, encoding="utf-8")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


async def view_get(app: Any, path: str) -> tuple[int, str, bytes]:
    """``GET path``, a document under ``/id/`` in HTML or an RDF format, as the resource's view
    renders it (``resources.resource_document``), past the app's middleware and router and the
    view's negotiation, headers, conditionals and caches: status, type and body.

    Those only make the answer's headers, and a static file keeps only the body and its type,
    so the file is what ``asgi_get`` would write (``tests/server/test_static_site.py`` compares
    both, format by format). A path in no such format, an IRI the dataset does not mint, a
    refusal (a ``Problem``) or a store error is not a document, as with ``asgi_get``; anything
    else is a bug and stops the rendering rather than leave a document out."""
    from starlette.requests import Request

    from forcelaw.errors import StoreError
    from forcelaw.server import describe, resources
    from forcelaw.server.problems import Problem

    site = app.state.site
    stem, fmt = resources.split_suffix(path.removeprefix("/id/"))
    iri = site.urls.base + stem
    if fmt is None or fmt not in (HTML, *GRAPH_FORMATS) or not describe.is_safe_iri(iri):
        return 0, "", b""
    scope = {**_scope(path), "app": app, "router": app.router}
    try:
        found = await resources.resource_document(Request(scope), site, iri, fmt)
    except (Problem, StoreError):
        return 0, "", b""
    if found is None:
        return 404, "", b""
    return 200, found.content_type, found.body


async def asgi_get(app: Any, path: str) -> tuple[int, str, bytes]:
    """``GET path`` answered by the ASGI ``app`` in this event loop: status, type and body."""
    scope = _scope(path)
    answer: dict[str, Any] = {"status": 0, "type": "", "body": []}

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            for name, value in message.get("headers", []):
                if name.lower() == b"content-type":
                    answer["type"] = value.decode("latin-1")
        elif message["type"] == "http.response.body":
            answer["body"].append(message.get("body", b""))

    await app(scope, receive, send)
    return answer["status"], answer["type"], b"".join(answer["body"])


def _scope(target: str) -> dict[str, Any]:
    """The ASGI scope of a plain ``GET target`` (a path, and a query string after ``?``) from the
    render origin, accepting anything."""
    host = RENDER_ORIGIN.split("://", 1)[1]
    path, _, query = target.partition("?")
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", host.encode()), (b"accept", b"*/*")],
        "server": (host, 80),
        "client": None,
        "state": {},
        STATIC_RENDERING: True,  # its documents name the published JSON-LD context
    }
