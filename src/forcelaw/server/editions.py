"""Every edition on one server: ``/release/VERSION/...`` and Memento (RFC 7089).

How the server holds several editions: the current edition is the worker pool the server was
started with (user SPARQL goes there and only there, with its timeouts and crash isolation). An
older edition is loaded on first use into an in-memory pyoxigraph store in this process, kept in
a small LRU (``MAX_LOADED`` editions; the least recently used is dropped). That is safe without
worker isolation because an older edition only answers the server's own fixed, bounded queries
(descriptions, labels, passages), never a client's SPARQL; it is cheap because an edition is a few
thousand triples per state, loaded from its ``dataset.nq`` in well under a second. A pool per
edition would multiply processes by the number of editions kept, for no gain.

``/id/...`` is the TimeGate of each resource (the original resource and its TimeGate are one URL):
with ``Accept-Datetime`` it redirects (302) to the memento ``/release/VERSION/id/...`` of one of
the editions that describe the resource (those its TimeMap lists): the latest at or before that
time, else the first after it; every answer there says ``Vary: accept-datetime`` and links its
TimeMap (``/timemap/id/...``, ``application/link-format``). Mementos carry ``Memento-Datetime``
(the edition's creation time) and ``Link`` rel ``original``, ``timegate``, ``timemap``; so does
a 304 of either.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from forcelaw.errors import ReleaseError
from forcelaw.publish.editions import Edition, in_force, list_editions, read_edition
from forcelaw.server import dumps, id_paths, resources
from forcelaw.server.describe import is_safe_iri
from forcelaw.server.http_dates import parse_http_date
from forcelaw.server.pages import environment
from forcelaw.server.problems import Problem, problem_response
from forcelaw.server.request_ids import new_id
from forcelaw.server.site import Site, site_of
from forcelaw.server.validators import validated
from forcelaw.store import DatasetInfo, Engine, GraphInfo, QueryRequest, QueryResult
from forcelaw.urls import Urls, header_uri

router = APIRouter()
METHODS = ["GET", "HEAD"]
MAX_LOADED = 3  # older editions held in memory at once
LOOK_EVERY = 1.0  # seconds between looks at the releases folder for a new edition
LINK_FORMAT = "application/link-format"
SITE_KEY = "forcelaw.site"  # request scope key: the edition a view answers from


@dataclass(frozen=True)
class EditionUrls(Urls):
    """URLs inside one edition: resources, dumps and the VoID live under ``/release/VERSION``."""

    prefix: str = ""

    def local(self, iri: str) -> str | None:
        path = super().local(iri)
        if path is not None and path.startswith(("/id/", "/dumps/", "/.well-known/void")):
            return self.prefix + path
        return path


@dataclass
class EditionSite(Site):
    """A site answering from one edition; its pages say which edition (and if it is current)."""

    edition: Edition | None = None
    current: str | None = None

    def render(self, template: str, request: Request, **context: Any) -> str:
        banner = None
        if self.edition is not None:
            banner = {
                "version": self.edition.version,
                "created": self.edition.created.date().isoformat(),
                "current": self.current,
                "is_current": self.edition.version == self.current,
                "original": request.url.path.removeprefix(f"/release/{self.edition.version}"),
            }
        return super().render(template, request, edition=banner, **context)


class MemoryStore:
    """An older edition in an in-memory store, answering the server's own queries in a thread."""

    def __init__(self, release: Path) -> None:
        self._store = ox.Store()
        self._store.bulk_load(path=str(release / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
        counts: Any = self._store.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
        )
        graphs = tuple(GraphInfo(str(r["g"].value), int(r["n"].value)) for r in counts)
        self.dataset = DatasetInfo(read_edition(release).version, graphs)
        self._engine = _MemoryEngine(self._store)

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def query(self, request: QueryRequest, timeout: float) -> QueryResult:
        return await asyncio.wait_for(asyncio.to_thread(self._engine.run, request), timeout)


class _MemoryEngine(Engine):
    def __init__(self, store: ox.Store) -> None:  # no read-only directory: the store is given
        self._store = store


@dataclass
class Editions:
    """The editions next to the served release, and the sites that answer from them."""

    main: Site
    releases: Path | None
    loaded: OrderedDict[str, EditionSite] = field(default_factory=OrderedDict)
    _listing: tuple[int, list[Edition]] | None = None
    _looked: float = 0.0  # time.monotonic() of the last look at the releases folder
    _subjects: dict[str, frozenset[str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def create(cls, main: Site) -> Editions:
        release = main.release
        parent = release.parent if release.parent.name == "releases" else None
        return cls(main, parent)

    @property
    def current(self) -> str:
        return self.main.version

    def all(self) -> list[Edition]:
        """Every edition, oldest first (re-read when a build adds one: the folder is looked at
        at most once a second, not on every request)."""
        if self.releases is None:
            return self._single()
        now = time.monotonic()
        if self._listing is not None and now - self._looked < LOOK_EVERY:
            return self._listing[1]
        try:
            stamp = os.stat(self.releases).st_mtime_ns
        except OSError:
            return self._single()
        self._looked = now
        if self._listing is None or self._listing[0] != stamp:
            self._listing = (stamp, list_editions(self.releases.parent))
        return self._listing[1]

    def find(self, version: str) -> Edition | None:
        return next((e for e in self.all() if e.version == version), None)

    def having(self, iri: str) -> list[Edition]:
        """The editions that describe ``iri`` (it is the subject of a triple there)."""
        return [e for e in self.all() if iri in self._subjects_of(e)]

    def memento_at(self, iri: str, when: datetime) -> Edition:
        """The edition the TimeGate of ``iri`` sends a client asking for ``when`` to: among the
        editions that describe ``iri`` (its TimeMap's mementos), the latest created at or before
        ``when``, else the first after it (RFC 7089 §4.1 lets a TimeGate pick the closest). A
        404 problem if no edition describes ``iri``: a redirect would lead to a 404 anyway."""
        edition = in_force(self.having(iri), when)
        if edition is None:
            raise Problem("not-found", f"No edition describes <{iri}>.")
        return edition

    async def site(self, version: str) -> EditionSite:
        """The site answering from ``version``; a 404 problem if there is no such edition."""
        edition = self.find(version)
        if edition is None:
            raise Problem("not-found", f"There is no edition {version!r}; see /releases.")
        if version in self.loaded:
            self.loaded.move_to_end(version)
            return self.loaded[version]
        if version == self.current:
            store: Any = self.main.store
        else:
            try:
                store = await asyncio.to_thread(MemoryStore, edition.path)
            except (OSError, SyntaxError, ReleaseError) as exc:
                raise Problem("not-found", f"Edition {version} cannot be read: {exc}") from None
        site = self._edition_site(edition, store)
        self.loaded[version] = site
        while len(self.loaded) > MAX_LOADED + 1:  # + the current edition's
            oldest = next(v for v in self.loaded if v != self.current)
            del self.loaded[oldest]
        return site

    def _edition_site(self, edition: Edition, store: Any) -> EditionSite:
        settings = replace(self.main.settings, release=edition.path)
        base = Site.create(settings, store)
        urls = EditionUrls(self.main.urls.base, f"/release/{edition.version}")
        return EditionSite(
            settings=base.settings,
            store=store,
            urls=urls,
            templates=environment(urls),
            reader=base.reader,
            release=base.release,
            manifest=base.manifest,
            edition=edition,
            current=self.current,
        )

    def _single(self) -> list[Edition]:
        try:
            return [read_edition(self.main.release)]
        except ReleaseError:
            return []

    def _subjects_of(self, edition: Edition) -> frozenset[str]:
        with self._lock:
            if edition.version not in self._subjects:
                self._subjects[edition.version] = _subjects(edition.path / "dataset.nq")
            return self._subjects[edition.version]


def editions_of(request: Request) -> Editions:
    found: Editions = request.app.state.editions
    return found


# --- routes -----------------------------------------------------------------------------------


@router.api_route("/release/{version}/id/{path:path}", methods=METHODS, summary="A memento")
async def memento(request: Request, version: str, path: str) -> Response:
    """The description of ``<base>path`` as edition ``version`` has it."""
    editions = editions_of(request)
    site = await editions.site(version)
    request.scope[SITE_KEY] = site
    response = await resources.resource(request, path)
    if describes(response.status_code) and site.edition is not None:
        # The original is the resource itself, whatever format this memento is in: the
        # TimeMap linked is that of the resource, and lists its unsuffixed mementos.
        original = header_uri("/id/" + _stem("/id/" + path))
        response.headers["Memento-Datetime"] = http_date(site.edition.created)
        links = [
            f'<{original}>; rel="original timegate"',
            f'<{timemap_path(original)}>; rel="timemap"; type="{LINK_FORMAT}"',
        ]
        existing = response.headers.get("link")
        response.headers["Link"] = ", ".join([*([existing] if existing else []), *links])
    return response


@router.api_route("/release/{version}/dumps/", methods=METHODS, include_in_schema=False)
async def edition_dumps(request: Request, version: str) -> Response:
    request.scope[SITE_KEY] = await editions_of(request).site(version)
    return await dumps.index(request)


@router.api_route("/release/{version}/dumps/{path:path}", methods=METHODS, include_in_schema=False)
async def edition_dump(request: Request, version: str, path: str) -> Response:
    request.scope[SITE_KEY] = await editions_of(request).site(version)
    return await dumps.dump(request, path)


@router.api_route("/release/{version}/.well-known/void", methods=METHODS, include_in_schema=False)
async def edition_void(request: Request, version: str) -> Response:
    request.scope[SITE_KEY] = await editions_of(request).site(version)
    return await resources.void(request)


@router.api_route(
    "/release/{version}/.well-known/void.{suffix}", methods=METHODS, include_in_schema=False
)
async def edition_void_in(request: Request, version: str, suffix: str) -> Response:
    request.scope[SITE_KEY] = await editions_of(request).site(version)
    return await resources.void_in(request, suffix)


@router.api_route("/timemap/id/{path:path}", methods=METHODS, summary="A resource's TimeMap")
async def timemap(request: Request, path: str) -> Response:
    """Every edition that describes ``<base>path``, as an RFC 7089 TimeMap (link format)."""
    editions = editions_of(request)
    site = site_of(request)
    resolved = id_paths.resolve(resources.raw_split(request, path)[1])
    stem, _ = resources.split_suffix(resolved.path if resolved is not None else path)
    original = header_uri("/id/" + stem)
    found = editions.having(site.urls.base + stem) if resolved is not None else []
    if not found:
        raise Problem("not-found", f"No edition describes <{site.urls.base + stem}>.")
    timemap_answer = Response(
        timemap_body(original, found),
        media_type=LINK_FORMAT,
        headers={"Cache-Control": "public, max-age=300"},
    )
    return validated(request, timemap_answer, site.last_modified)


def timemap_body(original: str, found: list[Edition]) -> str:
    """The TimeMap of ``original`` over the editions ``found`` (oldest first)."""
    lines = [
        f'<{original}>; rel="original"',
        f'<{original}>; rel="timegate"',
        f'<{timemap_path(original)}>; rel="self"; type="{LINK_FORMAT}"; '
        f'from="{http_date(found[0].created)}"; until="{http_date(found[-1].created)}"',
    ]
    for number, edition in enumerate(found):
        rel = "memento"
        if number == 0:
            rel = "first memento"
        if number == len(found) - 1:
            rel = "last memento" if number else "first last memento"
        lines.append(
            f'<{memento_path(edition.version, original)}>; rel="{rel}"; '
            f'datetime="{http_date(edition.created)}"'
        )
    return ",\n".join(lines) + "\n"


def timemap_path(original: str) -> str:
    return "/timemap" + original


def memento_path(version: str, original: str) -> str:
    return f"/release/{version}{original}"


def http_date(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC), usegmt=True)


def parse_accept_datetime(value: str) -> datetime:
    """An ``Accept-Datetime`` (an HTTP-date, GMT: RFC 7089 §2.1.1); a 400 problem if it is
    not one (another zone, no seconds, no day name: e-mail dates that HTTP-date is not)."""
    when = parse_http_date(value)
    if when is None:
        raise Problem(
            "bad-request",
            f"Accept-Datetime: {value!r} is not an HTTP date "
            "(expected e.g. 'Thu, 01 Jan 2026 00:00:00 GMT').",
        )
    return when


# --- the TimeGate ---------------------------------------------------------------------------------


class MementoMiddleware:
    """``/id/...`` as TimeGate: ``Accept-Datetime`` -> 302 to the memento; ``Vary`` and ``Link``
    on every ``/id/`` answer (the answer depends on that header)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/id/") or scope["method"] not in METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        editions: Editions | None = getattr(scope["app"].state, "editions", None)
        if editions is None or not editions.all():
            await self.app(scope, receive, send)
            return
        links = timegate_links(path)
        # Only the resource's own spelling is a TimeGate (the view redirects any other, or
        # answers 404 for "state%2FKZ", which is no spelling of KZ's URI).
        rest = id_paths.named(scope) if "accept-datetime" in headers else None
        if rest is not None and _mintable(scope["app"].state.site, rest):
            await self._redirect(scope, receive, send, editions, headers, rest, links)
            return

        async def send_with_links(message: Message) -> None:
            if message["type"] == "http.response.start" and describes(message["status"]):
                raw = with_timegate(list(message.get("headers", [])), links)
                message = {**message, "headers": raw}
            await send(message)

        await self.app(scope, receive, send_with_links)

    async def _redirect(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        editions: Editions,
        headers: dict[str, str],
        path: str,
        links: str,
    ) -> None:
        iri = scope["app"].state.site.urls.base + _stem(path)
        try:
            when = parse_accept_datetime(headers["accept-datetime"])
            # The subjects of each edition are read once (a file per edition): not on the loop.
            edition = await asyncio.to_thread(editions.memento_at, iri, when)
        except Problem as problem:
            request_id = str(scope.get("state", {}).get("request_id", "")) or new_id()
            response = problem_response(problem, request_id)
            response.headers["Vary"] = "accept-datetime"
            await response(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        # The path as the client encoded it: the memento's path then decodes to this one.
        raw = scope.get("raw_path")
        sent = raw.decode("latin-1") if raw else header_uri(path)
        target = memento_path(edition.version, sent) + (f"?{query}" if query else "")
        redirect = RedirectResponse(target, status_code=302)
        redirect.headers["Vary"] = "accept-datetime"
        redirect.headers["Link"] = links
        redirect.headers["Cache-Control"] = "public, max-age=300"
        await redirect(scope, receive, send)


def describes(status: int) -> bool:
    """Whether an answer with ``status`` carries the Memento headers: a success, and a 304,
    which carries the headers its 200 would (RFC 9110 §15.4.5), or a cache that freshens its
    copy from it loses them (``Vary: accept-datetime`` among them)."""
    return status < 300 or status == 304


def timegate_links(path: str) -> str:
    """The ``Link`` value every ``/id/`` answer carries: its original/TimeGate and TimeMap."""
    stem = header_uri("/id/" + _stem(path))
    return (
        f'<{stem}>; rel="original timegate", '
        f'<{timemap_path(stem)}>; rel="timemap"; type="{LINK_FORMAT}"'
    )


def with_timegate(raw: list[tuple[bytes, bytes]], links: str) -> list[tuple[bytes, bytes]]:
    """Response headers ``raw`` saying that the answer varies with ``Accept-Datetime`` and
    linking its TimeGate and TimeMap (``links``)."""
    _append(raw, b"vary", b"accept-datetime")
    _append(raw, b"link", links.encode("latin-1"))
    return raw


def _mintable(site: Site, path: str) -> bool:
    """Whether the ``/id/`` ``path`` can name an IRI of this dataset: if not, the view answers
    404 with or without ``Accept-Datetime``, rather than a redirect to a memento that cannot be."""
    return is_safe_iri(site.urls.base + _stem(path))


def _stem(path: str) -> str:
    """The part of an ``/id/`` path after ``/id/`` that names the resource (no format suffix)."""
    return resources.split_suffix(path.removeprefix("/id/"))[0]


def _append(raw: list[tuple[bytes, bytes]], name: bytes, value: bytes) -> None:
    for index, (key, existing) in enumerate(raw):
        if key.lower() == name:
            raw[index] = (key, existing + b", " + value)
            return
    raw.append((name, value))


def _subjects(dataset: Path) -> frozenset[str]:
    """The IRIs that are subjects in an N-Quads file (read line by line, nothing parsed)."""
    found: set[str] = set()
    try:
        with open(dataset, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("<"):
                    found.add(line[1 : line.index(">")].split("#", 1)[0])
    except OSError:
        return frozenset()
    return frozenset(found)
