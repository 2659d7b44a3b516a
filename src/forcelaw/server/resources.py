"""Dereferencing: every IRI under the base answers at the same path (``/id/...``), and the
vocabulary at ``/ontology`` and ``/shapes``; content negotiation over the format registry.

The representation is chosen by a format suffix (``/id/state/KZ.ttl``), else ``format=``, else
Accept. A negotiated answer says ``Vary: Accept`` and names the document it is
(``Content-Location``); every answer links its alternates and the licence (``Link``). Documents
change only with the release, so they carry a weak ``ETag`` and ``Last-Modified``: a matching
conditional GET of a document that exists is answered 304, a failed If-Match 412.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable, Mapping
from urllib.parse import unquote

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from forcelaw import jsonld
from forcelaw.formats import Format, Kind, by_keyword, by_suffix, formats_for
from forcelaw.graph import uris
from forcelaw.namespaces import ONTOLOGY_IRI
from forcelaw.publish.void import LICENSE
from forcelaw.server import citations, describe, id_paths, reading, static_site
from forcelaw.server import shapes as shapes_view
from forcelaw.server.absence_text import absence_text
from forcelaw.server.claim_figures import claim_figures
from forcelaw.server.conditional import not_modified, require_preconditions
from forcelaw.server.derived_labels import derived_labels, made_by_the_page
from forcelaw.server.document_cache import STATIC_RENDERING, Rendered, document_key
from forcelaw.server.negotiation import negotiate, not_acceptable
from forcelaw.server.page_titles import page_title
from forcelaw.server.pages import HTML_TYPE, Labeller, schema_org
from forcelaw.server.passage_places import passage_places
from forcelaw.server.problems import Problem
from forcelaw.server.site import Site, site_of
from forcelaw.server.trail import trail
from forcelaw.store import QueryResult
from forcelaw.terms import Iri, Lit, Triple
from forcelaw.urls import ONTOLOGY_PATH, SHAPES_PATH, VOID_PATH, header_uri

OWL_VERSION_IRI = "http://www.w3.org/2002/07/owl#versionIRI"

router = APIRouter()

GRAPH_FORMATS = formats_for(Kind.GRAPH)
HTML = formats_for(Kind.PAGE)[0]
DOCUMENT_FORMATS: tuple[Format, ...] = (*GRAPH_FORMATS, HTML)
# A resource can also be cited: its IRI negotiates (and suffixes) the citation formats too.
RESOURCE_FORMATS: tuple[Format, ...] = (*DOCUMENT_FORMATS, *citations.CITATION_FORMATS)
METHODS = ["GET", "HEAD"]
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
DCT_DESCRIPTION = "http://purl.org/dc/terms/description"
FL_STATE = "https://w3id.org/forcelaw/ontology#State"

HtmlRenderer = Callable[[], Awaitable[str | None]]
CONTEXT_PATH = "/context.jsonld"


@router.api_route("/", methods=METHODS, include_in_schema=False)
async def home(request: Request) -> Response:
    site = site_of(request)
    # the landing page of the dataset: its licence and its description (VoID, DCAT)
    links = {"Link": _links(None, site)}
    if found := static_site.lookup(site, "/", HTML):
        return static_site.respond(request, site, found, links)
    if response := _conditional(request, site, "home", {**_cache_headers(site, "home"), **links}):
        return response
    entries = await site.reader.index()
    groups = {kind: [e for e in entries if e.kind == kind] for kind in ("state", "treaty", "body")}
    page = site.render("home.html", request, groups=groups, manifest=site.manifest)
    return Response(
        page, headers={**_cache_headers(site, "home"), **links, "Content-Type": HTML_TYPE}
    )


@router.api_route("/id", methods=METHODS, include_in_schema=False)
@router.api_route("/id/", methods=METHODS, include_in_schema=False)
async def id_root() -> Response:
    return RedirectResponse("/", status_code=301)


@router.api_route("/id/{path:path}", methods=METHODS, summary="Dereference a forcelaw IRI")
async def resource(request: Request, path: str) -> Response:
    """The description of ``<base>path`` in the negotiated (or suffixed) format."""
    site = site_of(request)
    prefix, raw = raw_split(request, path)
    resolved = id_paths.resolve(raw)
    stem, forced = split_suffix(resolved.path if resolved is not None else path)
    iri = site.urls.base + stem
    if resolved is not None and resolved.spelling != raw and describe.is_safe_iri(iri):
        # Another spelling of the resource's one URL (RFC 3986 §6.2.2): a trailing slash,
        # "%4B" for "K", "./": the client is sent to that URL rather than answered here.
        target = prefix + resolved.spelling if resolved.spelling or prefix != "/id/" else "/"
        query = request.url.query
        return RedirectResponse(target + (f"?{query}" if query else ""), status_code=301)
    fmt, negotiated = choose(request, forced, RESOURCE_FORMATS)
    if resolved is None or not describe.is_safe_iri(iri):
        return _not_found(request, site, fmt, f"{iri!r} is not an IRI this dataset mints.")
    page = _page(request)
    local = site.urls.resource_path(iri) or "/id/" + stem
    if fmt.kind is Kind.CITATION:
        headers = document_headers(site, local, fmt, negotiated, named=forced is None)
        return await citations.respond(request, site, iri, fmt, local, headers)

    if page and (past := await _past_the_last_page(site, iri, page)) is not None:
        return _not_found(request, site, fmt, past)
    construct, triples, html = _resource_parts(request, site, iri, page)
    return await _document(
        request,
        site,
        local=local,
        fmt=fmt,
        negotiated=negotiated,
        named=forced is None,
        page=page,
        construct=construct,
        triples=triples,
        html=html,
        missing=f"No resource <{iri}> is described in this dataset.",
    )


async def resource_document(
    request: Request, site: Site, iri: str, fmt: Format, page: int = 0
) -> Rendered | None:
    """The bytes and type ``resource`` answers for ``iri`` in ``fmt`` (HTML or an RDF format),
    without the answer's headers; None if the dataset does not describe ``iri``. The static
    renderer asks this for each document, past the negotiation, headers, conditionals and
    caches that a static file does not keep."""
    return await _render(request, fmt, *_resource_parts(request, site, iri, page), site)


def _resource_parts(
    request: Request, site: Site, iri: str, page: int
) -> tuple[
    Callable[[Format], Awaitable[QueryResult]],
    Callable[[], Awaitable[list[Triple]]],
    HtmlRenderer,
]:
    """How a resource's document is made in each kind of format: its RDF formats, its
    triples (for JSON-LD) and its page."""

    async def render_html() -> str | None:
        return await _resource_page(request, site, iri, page)

    return (
        lambda fmt: site.reader.document(iri, page, fmt),
        lambda: site.reader.triples(iri, page),
        render_html,
    )


@router.api_route("/ontology", methods=METHODS, summary="The forcelaw ontology")
async def ontology(request: Request) -> Response:
    return await _ontology(request, None)


@router.api_route("/ontology.{suffix}", methods=METHODS, include_in_schema=False)
async def ontology_suffixed(request: Request, suffix: str) -> Response:
    return await _ontology(request, suffix)


@router.api_route("/ontology/{term}", methods=METHODS, include_in_schema=False)
async def ontology_term(request: Request, term: str) -> Response:
    """``/ontology/State`` is a common guess at a term IRI: send it to the term's anchor. The
    ontology's ``owl:versionIRI`` (``/ontology/0.1.0``) is the ontology itself, as served."""
    if f"{ONTOLOGY_IRI}/{term}" in await _version_iris(site_of(request)):
        return RedirectResponse(ONTOLOGY_PATH, status_code=303)
    return RedirectResponse(f"{ONTOLOGY_PATH}#{term}", status_code=303)


@router.api_route("/shapes", methods=METHODS, summary="The SHACL shapes")
async def shapes(request: Request) -> Response:
    return await _shapes(request, None)


@router.api_route("/shapes.{suffix}", methods=METHODS, include_in_schema=False)
async def shapes_suffixed(request: Request, suffix: str) -> Response:
    return await _shapes(request, suffix)


@router.api_route("/context.jsonld", methods=METHODS, summary="The JSON-LD @context")
async def context(request: Request) -> Response:
    site = site_of(request)
    if response := _conditional(request, site, "context"):
        return response
    body = jsonld.json_text(jsonld.context())
    return Response(
        body,
        media_type="application/ld+json; charset=utf-8",  # as every document, and nginx's file
        headers={**_cache_headers(site, "context"), "Access-Control-Allow-Origin": "*"},
    )


@router.api_route("/.well-known/void", methods=METHODS, summary="The VoID/DCAT description")
async def void(request: Request) -> Response:
    """The dataset description (the release's metadata graph); browsers go to its page."""
    return await _void(request, None)


@router.api_route("/.well-known/void.{suffix}", methods=METHODS, include_in_schema=False)
async def void_in(request: Request, suffix: str) -> Response:
    """The dataset description in the RDF format of ``suffix`` (``void.ttl``): the file the
    static site holds, and the URL nginx and a static host answer."""
    fmt = by_suffix((Kind.GRAPH,), suffix)
    if fmt is None:
        raise Problem("not-found", f"No dataset description in a format with suffix .{suffix}.")
    return await _void(request, fmt)


async def _void(request: Request, forced: Format | None) -> Response:
    site = site_of(request)
    fmt, negotiated = choose(request, forced)
    if fmt is HTML:
        target = site.urls.href(site.urls.dataset)
        return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})
    graph = uris.named_graph("metadata", site.settings.base)
    return await _document(
        request,
        site,
        local=site.urls.href(site.urls.void),  # an edition's own: /release/V/.well-known/void
        fmt=fmt,
        negotiated=negotiated,
        named=forced is None,
        page=0,
        construct=lambda fmt: site.reader.construct(describe.graph_query(str(graph)), fmt),
        triples=lambda: _graph_triples(site, str(graph)),
        html=_no_html,
        missing="This release has no dataset description (no metadata graph).",
        suffixes=False,
        static_local=VOID_PATH,  # the edition's file, at its path in the edition's site/
    )


# --- negotiation ---------------------------------------------------------------------------------


def choose(
    request: Request, forced: Format | None, candidates: tuple[Format, ...] = DOCUMENT_FORMATS
) -> tuple[Format, bool]:
    """The format to answer in, and whether Accept decided it (so the answer must Vary)."""
    overrides = tuple(request.query_params.getlist("format"))
    return choose_format(request.headers.get("accept"), overrides, forced, candidates)


def choose_format(
    accept: str | None,
    overrides: tuple[str, ...],
    forced: Format | None,
    candidates: tuple[Format, ...] = DOCUMENT_FORMATS,
) -> tuple[Format, bool]:
    """``choose`` over the header and parameter values: a suffix, else ``format=``, else Accept
    (a 406 problem if none can be produced). Of several ``format=`` values the first that
    names a format decides, as at ``/sparql``; if none does, the answer is a 406."""
    if forced is not None:
        if forced not in candidates:
            raise not_acceptable(candidates, f".{forced.suffix} is not available here")
        return forced, False
    named = [value for value in overrides if value]
    if named:
        kinds = dict.fromkeys(f.kind for f in candidates)
        found = (f for value in named for k in kinds if (f := by_keyword(k, value)))
        fmt = next(found, None)
        if fmt is None:
            raise not_acceptable(candidates, f"format={named[0]!r} is not available here")
        return fmt, False
    chosen = negotiate(accept, candidates)
    if chosen is None:
        raise not_acceptable(candidates, f"none of Accept: {accept!r} can be produced")
    return chosen, True


def split_suffix(path: str) -> tuple[str, Format | None]:
    stem, dot, suffix = path.rpartition(".")
    if dot and "/" not in suffix:
        fmt = by_suffix((Kind.GRAPH, Kind.PAGE, Kind.CITATION), suffix)
        if fmt is not None:
            return stem, fmt
    return path, None


def raw_split(request: Request, path: str) -> tuple[str, str]:
    """The request path as the client encoded it, split before the part the route read as
    ``path`` (``/id/`` or ``/release/V/id/``, and the rest): the route's prefix has as many
    slashes raw as decoded. Without the raw path (or if the prefix reads otherwise), the
    decoded path encoded again."""
    decoded: str = request.scope["path"]
    prefix = decoded[: len(decoded) - len(path)] if path else decoded
    raw_bytes = request.scope.get("raw_path")
    if raw_bytes:
        pieces = raw_bytes.decode("latin-1").split("?", 1)[0].split("/")
        cut = prefix.count("/")
        raw_prefix = "/".join(pieces[:cut]) + "/"
        if unquote(raw_prefix) == prefix:
            return raw_prefix, "/".join(pieces[cut:])
    return prefix, header_uri(path)


def _page(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    if not raw.isdigit() or int(raw) < 1 or int(raw) > 100_000:
        raise Problem("bad-request", f"page={raw!r}: pages are numbered from 1.")
    return int(raw) - 1


async def _past_the_last_page(site: Site, iri: str, page: int) -> str | None:
    """Why page ``page`` (from 0) of ``iri``'s description is not one (its incoming links end
    before it), or None. Page 1 always is: it holds the resource's own triples."""
    counts: dict[str, int] = site.memo.setdefault("incoming_counts", {})
    total = counts.get(iri)
    if total is None:
        total = await site.reader.incoming_count(iri)
        if len(counts) < _MEMO_COUNTS:  # a release's counts never change; the memo is bounded
            counts[iri] = total
    if page * describe.INCOMING_PAGE < total:
        return None
    if total == 0 and not await site.reader.exists(iri):
        return f"No resource <{iri}> is described in this dataset."
    last = max(1, -(-total // describe.INCOMING_PAGE))
    return (
        f"page={page + 1} is past the last page of <{iri}>'s description: "
        f"{total} incoming link{'' if total == 1 else 's'}, {describe.INCOMING_PAGE} a page, "
        f"page{'' if last == 1 else 's'} 1{'' if last == 1 else f' to {last}'}."
    )


_MEMO_COUNTS = 10_000


# --- documents -----------------------------------------------------------------------------------


async def _document(
    request: Request,
    site: Site,
    *,
    local: str,
    fmt: Format,
    negotiated: bool,
    page: int,
    construct: Callable[[Format], Awaitable[QueryResult]],
    triples: Callable[[], Awaitable[list[Triple]]],
    html: HtmlRenderer,
    missing: str,
    suffixes: bool = True,
    static_local: str | None = None,
    named: bool = False,
) -> Response:
    """``local``'s document in ``fmt`` (``named``: format= chose it; ``negotiated``: Accept)."""
    tag = f"{local}|{fmt.key}|{page}"
    headers = document_headers(
        site, local, fmt, negotiated, page=page, suffixes=suffixes, named=named
    )
    if page == 0 and (static := static_site.lookup(site, static_local or local, fmt)):
        return static_site.respond(request, site, static, headers)
    key = document_key(local, fmt.key, page)
    found = site.documents.get(key)
    if found is None:
        # Rendered before the conditionals are read: a document that does not exist is a 404
        # whatever they say (RFC 9110 §13.2.1), never a 304 to "If-None-Match: *".
        found = await _render(request, fmt, construct, triples, html, site)
        if found is None:
            return _not_found(request, site, fmt, missing)
        site.documents.put(key, found)
    if response := _conditional(request, site, tag, headers):
        return response
    return Response(found.body, headers={**headers, "Content-Type": found.content_type})


def cached_document(
    site: Site, key: str, headers: dict[str, str], request_headers: Mapping[str, str]
) -> tuple[int, dict[str, str], bytes] | None:
    """The answer from a document rendered before (304 when the client's copy is current)."""
    found = site.documents.get(key)
    if found is None:
        return None
    if not_modified(request_headers, headers["ETag"], headers["Last-Modified"]):
        return 304, headers, b""
    return 200, {**headers, "Content-Type": found.content_type}, found.body


async def _render(
    request: Request,
    fmt: Format,
    construct: Callable[[Format], Awaitable[QueryResult]],
    triples: Callable[[], Awaitable[list[Triple]]],
    html: HtmlRenderer,
    site: Site,
) -> Rendered | None:
    """The document's bytes in ``fmt``, or None if the dataset does not describe it."""
    if fmt is HTML:
        page = await html()
        return None if page is None else Rendered(page.encode("utf-8"), HTML_TYPE)
    if fmt.key == "jsonld":
        found = await triples()
        if not found:
            return None
        # Resolved against the document's own URL (JSON-LD 1.1 §4.1): the context of the server
        # the client reads, and never the Host it sent (a shared cache may not key on it). The
        # static files name the published one, as they always have.
        rendering = request.scope.get(STATIC_RENDERING)
        context_url = site.urls.site + CONTEXT_PATH.lstrip("/") if rendering else CONTEXT_PATH
        body_text = jsonld.document(found, context_url)
        return Rendered(body_text.encode("utf-8"), fmt.content_type)
    result = await construct(fmt)
    if result.rows == 0:
        return None
    return Rendered(result.body, result.content_type)


async def _resource_page(request: Request, site: Site, iri: str, page: int) -> str | None:
    started = time.perf_counter()
    # A state's profile is read alongside its description (state IRIs are recognisable).
    maybe_state = iri.startswith(str(uris.state("", site.settings.base)))
    description, profile = await asyncio.gather(
        site.reader.describe(iri, page),
        site.reader.state_profile(iri) if maybe_state else _no_profile(),
    )
    if not description.exists:
        return None
    # what the graph does not label (selectors, partitions, checksums) is named from its triples
    derived = derived_labels(description, description.labels)
    labels = {**description.labels, **derived}
    title = labels.get(iri) or _own_label(description) or iri.rsplit("/", 1)[-1]
    types = description.types()
    if not any(t.value == FL_STATE for t in types):
        profile = None
    blocks = reading.blocks(profile) if profile is not None else []
    comment = next(
        (o.value for p, o in description.about(description.iri) if p.value == RDFS_COMMENT), None
    )
    local = site.urls.href(iri)
    data = schema_org(iri, published_url(site, request), types, title, comment)
    cite, up, figures, places = await asyncio.gather(
        citations.citation(site, iri, description),
        trail(site.reader, description),
        claim_figures(site.reader, description.claims),
        passage_places(site, description.passages),
    )
    return site.render(
        "state.html" if profile is not None else "resource.html",
        request,
        d=description,
        iri=iri,
        title=title,
        page_title=page_title(title, description),
        types=types,
        label_of=Labeller(labels, site.urls, made_by_the_page(description, derived)),
        # Page N's alternates are page N in each format, as its Link header says.
        alternates=[(f, f"{local}.{f.suffix}{_paged(page)}") for f in GRAPH_FORMATS],
        profile=profile,
        blocks=blocks,
        schema=data,
        page=page,
        page_size=describe.INCOMING_PAGE,
        query_ms=(time.perf_counter() - started) * 1000,
        cite=cite,
        cite_links=citations.links(local),
        summary=comment or _own_value(description, DCT_DESCRIPTION),
        absence=absence_text(description),
        trail=up,
        figures=figures,
        places=places,
    )


def _paged(page: int) -> str:
    """The query that names page ``page`` (from 0) of a description: none for the first."""
    return f"?page={page + 1}" if page else ""


async def _no_profile() -> describe.StateProfile | None:
    return None


def published_url(site: Site, request: Request) -> str:
    """The page's URL on the published site (as the static rendering writes it), whatever Host
    the request named: a body never repeats the Host header, which a shared cache may not key."""
    return site.urls.site + request.url.path.lstrip("/")


def _own_value(description: describe.Description, predicate: str) -> str | None:
    return next(
        (o.value for p, o in description.about(description.iri) if p.value == predicate), None
    )


def _own_label(description: describe.Description) -> str | None:
    for p, o in description.about(description.iri):
        if p.value in describe.LABEL_PROPERTIES and isinstance(o, Lit):
            return o.value
    return None


async def _ontology(request: Request, suffix: str | None) -> Response:
    site = site_of(request)
    forced = _forced(suffix)
    fmt, negotiated = choose(request, forced)
    graph = str(uris.named_graph("ontology", site.settings.base))

    async def render_html() -> str | None:
        terms = await site.reader.vocabulary(site.settings.base)
        if not terms:
            return None
        labels = {t.iri.value: t.label for t in terms}
        return site.render(
            "ontology.html",
            request,
            terms=terms,
            labels=labels,
            ontology_iri=ONTOLOGY_IRI,
            alternates=[(f, f"{ONTOLOGY_PATH}.{f.suffix}") for f in GRAPH_FORMATS],
            schema=schema_org(ONTOLOGY_IRI, published_url(site, request), [], "forcelaw ontology"),
        )

    return await _document(
        request,
        site,
        local=ONTOLOGY_PATH,
        fmt=fmt,
        negotiated=negotiated,
        named=forced is None,
        page=0,
        construct=lambda fmt: site.reader.construct(describe.graph_query(graph), fmt),
        triples=lambda: _graph_triples(site, graph),
        html=render_html,
        missing="This release has no ontology graph.",
    )


async def _shapes(request: Request, suffix: str | None) -> Response:
    site = site_of(request)
    fmt, negotiated = choose(request, _forced(suffix))
    path = site.shapes_path()
    headers = {**_cache_headers(site, f"shapes|{fmt.key}"), "Link": _links("/shapes", site)}
    if negotiated:
        headers["Vary"] = "Accept"
    if negotiated or suffix is None:  # Accept or format= chose it: the document it is
        headers["Content-Location"] = f"/shapes.{fmt.suffix}"
    if path is None:
        return _not_found(request, site, fmt, "No SHACL shapes are published with this release.")
    if found := static_site.lookup(site, SHAPES_PATH, fmt):
        return static_site.respond(request, site, found, headers)
    if response := _conditional(request, site, f"shapes|{fmt.key}", headers):
        return response
    if fmt is HTML:
        page = shapes_view.page(site, request, path)
        return Response(page, headers={**headers, "Content-Type": HTML_TYPE})
    body = shapes_view.serialized(site, path, fmt)
    return Response(body, headers={**headers, "Content-Type": fmt.content_type})


def _forced(suffix: str | None) -> Format | None:
    if suffix is None:
        return None
    fmt = by_suffix((Kind.GRAPH, Kind.PAGE), suffix)
    if fmt is None:
        raise Problem("not-found", f"There is no .{suffix} representation here.")
    return fmt


async def _version_iris(site: Site) -> set[str]:
    """The version IRIs the served ontology states of itself."""
    graph = uris.named_graph("ontology", site.settings.base)
    rows = await site.reader.select(
        f"SELECT ?v WHERE {{ GRAPH <{graph}> {{ <{ONTOLOGY_IRI}> <{OWL_VERSION_IRI}> ?v }} }}"
    )
    return {r["v"].value for r in rows if isinstance(r["v"], Iri)}


async def _graph_triples(site: Site, graph: str) -> list[Triple]:
    rows = await site.reader.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    out: list[Triple] = []
    for r in rows:
        s, p = r["s"], r["p"]
        if isinstance(s, Lit) or not isinstance(p, Iri):
            continue
        out.append((s, p, r["o"]))
    return out


async def _no_html() -> str | None:
    return None


# --- headers and errors --------------------------------------------------------------------------


def document_headers(
    site: Site,
    local: str,
    fmt: Format,
    negotiated: bool,
    *,
    page: int = 0,
    suffixes: bool = True,
    named: bool = False,
) -> dict[str, str]:
    """The headers of page ``page`` of the document at ``local`` in ``fmt``: validators, links
    to its alternates (the same page in each format) and licence, ``Vary`` when Accept chose
    the format, and ``Content-Location`` when Accept or ``format=`` (``named``) did: the
    suffixed document (``?page=N`` kept), or where there are no suffixes
    (``/.well-known/void``) ``?format=``."""
    headers = _cache_headers(site, f"{local}|{fmt.key}|{page}")
    paged = _paged(page)
    alternates = DOCUMENT_FORMATS if suffixes else GRAPH_FORMATS
    headers["Link"] = _links(header_uri(local), site, alternates, paged)
    if negotiated:
        headers["Vary"] = "Accept"
    if negotiated or (named and suffixes):  # (without suffixes, format= names itself)
        located = f"{local}.{fmt.suffix}{paged}" if suffixes else f"{local}?format={fmt.suffix}"
        headers["Content-Location"] = header_uri(located)
    return headers


def _links(
    local: str | None,
    site: Site,
    alternates: tuple[Format, ...] = DOCUMENT_FORMATS,
    query: str = "",
) -> str:
    links = []
    if local is not None:
        for fmt in alternates:
            target = f"{local}.{fmt.suffix}{query}"
            links.append(f'<{target}>; rel="alternate"; type="{fmt.media_type}"')
    links.append(f'<{LICENSE}>; rel="license"')
    links.append(f'<{site.urls.href(site.urls.void)}>; rel="describedby"')
    return ", ".join(links)


def _cache_headers(site: Site, tag: str) -> dict[str, str]:
    return {
        "ETag": f'W/"{site.version}-{hashlib.sha256(tag.encode()).hexdigest()[:12]}"',
        "Last-Modified": site.last_modified,
        "Cache-Control": "public, max-age=300",
    }


def _conditional(
    request: Request, site: Site, tag: str, headers: dict[str, str] | None = None
) -> Response | None:
    headers = headers or _cache_headers(site, tag)
    etag, last_modified = headers["ETag"], headers["Last-Modified"]
    require_preconditions(request.headers, etag, last_modified, request.url.path)
    if not_modified(request.headers, etag, last_modified):
        return Response(status_code=304, headers=headers)
    return None


def _html(body: str, site: Site, tag: str) -> Response:
    return Response(body, headers={**_cache_headers(site, tag), "Content-Type": HTML_TYPE})


def _not_found(request: Request, site: Site, fmt: Format, detail: str) -> Response:
    if fmt is HTML:
        page = site.render("not_found.html", request, detail=detail)
        return Response(page, status_code=404, headers={"Content-Type": HTML_TYPE})
    raise Problem("not-found", detail)
