"""What each problem type means, where its ``type`` IRI dereferences (``/problems/{slug}``): JSON
for programs, an HTML page for a browser (RFC 9457 section 3.1.1: the type URI, when
dereferenced, should give documentation for people)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from forcelaw.formats import Format, Kind, formats_for
from forcelaw.server.negotiation import negotiate
from forcelaw.server.problems import CATALOG, Problem
from forcelaw.server.site import site_of
from forcelaw.server.validators import validated

router = APIRouter()
HTML = formats_for(Kind.PAGE)[0]
# The description as JSON: the default, and the answer to a client that accepts neither.
JSON = Format("problem-type", Kind.PAGE, "application/json", "json", ("json",))


@router.api_route("/problems/{slug}", methods=["GET", "HEAD"], summary="A problem type")
async def problem_type(request: Request, slug: str) -> Response:
    """What a problem type means (its ``type`` IRI dereferences here)."""
    if slug not in CATALOG:
        raise Problem("not-found", f"There is no problem type {slug!r}.")
    entry = CATALOG[slug]
    headers = {"Vary": "Accept"}
    if negotiate(request.headers.get("accept"), (JSON, HTML)) is HTML:
        page = site_of(request).render("problem_type.html", request, problem=entry)
        return validated(request, HTMLResponse(page, headers=headers))
    described = {
        "type": entry.iri,
        "status": entry.status,
        "title": entry.title,
        "description": entry.description,
    }
    return validated(request, JSONResponse(described, headers=headers))
