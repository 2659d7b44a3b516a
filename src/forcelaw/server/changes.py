"""What changed: ``/releases`` (every edition) and ``/release/VERSION/changes`` (one edition's
changelog entry and changeset: sentences, counts per named graph, triples grouped by resource),
also as ``.json`` (the changelog entry) and ``.ttl`` (the changeset)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import APIRouter, Request
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from starlette.responses import RedirectResponse, Response

from forcelaw.formats import Format, Kind, by_suffix, formats_for
from forcelaw.publish.changes import BLANK_GROUP, CS
from forcelaw.publish.editions import CHANGELOG_FILE, CHANGES_FILE, Edition
from forcelaw.server.editions import SITE_KEY, editions_of
from forcelaw.server.negotiation import negotiate, not_acceptable
from forcelaw.server.pages import HTML_TYPE
from forcelaw.server.problems import Problem
from forcelaw.server.site import Site, site_of
from forcelaw.server.validators import validated

router = APIRouter()
METHODS = ["GET", "HEAD"]
HTML = formats_for(Kind.PAGE)[0]
CHANGESET_FORMATS = (by_suffix((Kind.GRAPH,), "ttl") or HTML, HTML)
# The list of editions: a page, or JSON for a program that asks for it (Accept or format=json).
LISTING = Format("listing", Kind.PAGE, "application/json", "json", ("json",))
LISTING_FORMATS = (HTML, LISTING)


@dataclass(frozen=True)
class Row:
    sign: str
    predicate: str
    value: str


@dataclass(frozen=True)
class ResourceRows:
    resource: str
    rows: tuple[Row, ...]


@router.api_route("/releases", methods=METHODS, summary="Every edition")
async def releases(request: Request) -> Response:
    editions = editions_of(request)
    found = list(reversed(editions.all()))
    site = site_of(request)
    if request.query_params.get("format") == "json":
        return validated(request, _listing(found), site.last_modified)
    # Accept chooses (an Accept that takes neither is given the page, RFC 9110 §12.5.1)
    negotiated = {"Vary": "Accept"}
    if negotiate(request.headers.get("accept"), LISTING_FORMATS) is LISTING:
        return validated(request, _listing(found, negotiated), site.last_modified)
    page = site.render("releases.html", request, editions=found, current=editions.current)
    headers = {"Content-Type": HTML_TYPE, **negotiated}
    return validated(request, Response(page, headers=headers), site.last_modified)


def _listing(found: list[Edition], headers: dict[str, str] | None = None) -> Response:
    body = json.dumps([_entry(e) for e in found], indent=2)
    return Response(body, media_type="application/json", headers=headers)


@router.api_route("/changes", methods=METHODS, summary="What changed in the current edition")
async def current_changes(request: Request) -> Response:
    return RedirectResponse(f"/release/{editions_of(request).current}/changes", status_code=302)


@router.api_route("/release/{version}", methods=METHODS, include_in_schema=False)
@router.api_route("/release/{version}/", methods=METHODS, include_in_schema=False)
async def edition_root(version: str) -> Response:
    # ``version`` is a decoded path segment: encoded again, the target names the same edition.
    return RedirectResponse(f"/release/{quote(version, safe='')}/changes", status_code=302)


@router.api_route("/release/{version}/changes", methods=METHODS, summary="An edition's changes")
async def edition_changes(request: Request, version: str) -> Response:
    editions = editions_of(request)
    edition = editions.find(version)
    if edition is None:
        raise Problem("not-found", f"There is no edition {version!r}; see /releases.")
    site = await editions.site(version)
    request.scope[SITE_KEY] = site
    entry = _changelog(edition)
    groups = _grouped(site, edition)
    page = site.render("changes.html", request, entry=entry, groups=groups, changes_version=version)
    return validated(
        request, Response(page, headers={"Content-Type": HTML_TYPE}), site.last_modified
    )


@router.api_route("/release/{version}/changes.json", methods=METHODS, include_in_schema=False)
async def edition_changelog(request: Request, version: str) -> Response:
    edition = _edition(request, version)
    entry = json.dumps(_changelog(edition), indent=2, ensure_ascii=False)
    return validated(request, Response(entry, media_type="application/json"))


@router.api_route("/release/{version}/changes.ttl", methods=METHODS, include_in_schema=False)
async def edition_changeset(request: Request, version: str) -> Response:
    edition = _edition(request, version)
    path = edition.path / CHANGES_FILE
    if not path.is_file():
        raise Problem("not-found", f"Edition {version} was published without a changeset.")
    changeset = Response(path.read_bytes(), media_type="text/turtle; charset=utf-8")
    return validated(request, changeset)


@router.api_route("/id/changes/{version}", methods=METHODS, include_in_schema=False)
@router.api_route("/id/changes/{version}/graph/{name}", methods=METHODS, include_in_schema=False)
async def changeset_iri(request: Request, version: str, name: str | None = None) -> Response:
    """The IRIs ``changes.ttl`` mints for an edition's changeset and its parts (``#sN``, the
    statements, stay with the client): a 303 to the document that describes them, the
    changeset in Turtle (the default, as for every ``/id/`` IRI) or its page."""
    _edition(request, version)
    fmt = negotiate(request.headers.get("accept"), CHANGESET_FORMATS)
    if fmt is None:
        raise not_acceptable(CHANGESET_FORMATS, "the changeset is in Turtle and HTML only")
    suffix = ".ttl" if fmt is not HTML else ""
    target = f"/release/{quote(version, safe='')}/changes{suffix}"
    if name is not None and fmt is HTML:
        target += f"#graph-{quote(name, safe='')}"
    return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})


def _edition(request: Request, version: str) -> Edition:
    edition = editions_of(request).find(version)
    if edition is None:
        raise Problem("not-found", f"There is no edition {version!r}; see /releases.")
    return edition


def _entry(edition: Edition) -> dict[str, object]:
    return {
        "version": edition.version,
        "created": edition.created.isoformat(),
        "triples": edition.triples,
        "previous": edition.previous,
        "added": edition.added,
        "removed": edition.removed,
        "changes": list(edition.changes),
    }


def _changelog(edition: Edition) -> dict[str, object]:
    path = edition.path / CHANGELOG_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {**_entry(edition), "graphs": [], "changes": ["No changelog in this edition."]}
    return data if isinstance(data, dict) else {}


def _grouped(site: Site, edition: Edition) -> dict[str, list[ResourceRows]]:
    """The changeset's statements per named graph and resource (read once per edition site)."""
    cached = site.memo.get("changes")
    if isinstance(cached, dict):
        return cached
    graph = Graph()
    path = edition.path / CHANGES_FILE
    if path.is_file():
        graph.parse(path, format="turtle")
    out: dict[str, list[ResourceRows]] = {}
    for part in sorted(graph.objects(None, URIRef("http://purl.org/dc/terms/hasPart")), key=str):
        name = str(part).rsplit("/", 1)[-1]
        resources: dict[str, list[Row]] = {}
        for sign, kind in (("+", CS.addition), ("−", CS.removal)):
            for statement in graph.objects(part, kind):
                s = graph.value(statement, RDF.subject)
                p = graph.value(statement, RDF.predicate)
                o = graph.value(statement, RDF.object)
                key = BLANK_GROUP if not isinstance(s, URIRef) else str(s).split("#", 1)[0]
                resources.setdefault(key, []).append(Row(sign, str(p), _short(str(o))))
        out[name] = [
            ResourceRows(key, tuple(sorted(rows, key=lambda r: (r.predicate, r.sign))))
            for key, rows in sorted(resources.items())
        ]
    site.memo["changes"] = out
    return out


def _short(text: str) -> str:
    return text if len(text) <= 300 else text[:300] + f"… ({len(text)} characters)"
