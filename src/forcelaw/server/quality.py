"""The IRIs an edition's ``quality.ttl`` mints for its DQV measurements
(``/id/quality/VERSION/instances-Body``): a 303 to the document that describes them, the
edition's ``quality.ttl`` (Turtle, the default as for every ``/id/`` IRI), or for a browser the
page of the edition's files, which lists it."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from forcelaw.formats import Kind, by_suffix, formats_for
from forcelaw.server.editions import editions_of
from forcelaw.server.negotiation import negotiate, not_acceptable
from forcelaw.server.problems import Problem

router = APIRouter()
METHODS = ["GET", "HEAD"]
QUALITY_FILE = "quality.ttl"
HTML = formats_for(Kind.PAGE)[0]
QUALITY_FORMATS = (by_suffix((Kind.GRAPH,), "ttl") or HTML, HTML)


@router.api_route("/id/quality/{version}", methods=METHODS, include_in_schema=False)
@router.api_route("/id/quality/{version}/{key}", methods=METHODS, include_in_schema=False)
async def measurement_iri(request: Request, version: str, key: str | None = None) -> Response:
    """A 303 from a measurement's IRI (or the edition's) to ``quality.ttl`` or its listing."""
    edition = editions_of(request).find(version)
    if edition is None:
        raise Problem("not-found", f"There is no edition {version!r}; see /releases.")
    if not (edition.path / QUALITY_FILE).is_file():
        raise Problem("not-found", f"Edition {version} was published without {QUALITY_FILE}.")
    fmt = negotiate(request.headers.get("accept"), QUALITY_FORMATS)
    if fmt is None:
        raise not_acceptable(QUALITY_FORMATS, f"the measurements are in {QUALITY_FILE} only")
    dumps = f"/release/{quote(version, safe='')}/dumps/"
    target = dumps if fmt is HTML else dumps + QUALITY_FILE
    return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})
