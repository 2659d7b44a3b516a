"""Citations of a resource in the edition being served: the record, the "Cite this" box, and the
BibTeX / CSL-JSON / RIS documents that content negotiation and suffixes (``.bib``, ``.csl``,
``.ris``) answer with."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request
from starlette.responses import Response

from forcelaw.citation import WRITERS, Citation, Passage
from forcelaw.formats import Format, Kind, formats_for
from forcelaw.server.conditional import not_modified, require_preconditions
from forcelaw.server.describe import LABEL_PROPERTIES, Description
from forcelaw.server.problems import Problem
from forcelaw.server.site import Site
from forcelaw.terms import Lit
from forcelaw.urls import Urls, header_uri

CITATION_FORMATS = formats_for(Kind.CITATION)
MAX_PASSAGES = 3


async def citation(
    site: Site, iri: str, description: Description | None = None, accessed: date | None = None
) -> Citation | None:
    """The citation of ``iri`` in ``site``'s edition, accessed on ``accessed`` (default today);
    None if the edition does not describe it."""
    if description is None:
        description = await site.reader.describe(iri)
    if not description.exists:
        return None
    title = description.labels.get(iri) or _own_label(description) or iri.rsplit("/", 1)[-1]
    passages = tuple(
        Passage(p.exact, p.start, p.end, p.iri.value) for p in description.passages[:MAX_PASSAGES]
    )
    profile = description.passages[0].profile.value if description.passages else None
    source_title = source_url = retrieved = None
    row = await site.reader.profile_source(iri, profile)
    if row is not None:
        source_title = row["label"].value if "label" in row else None
        source_url = row["source"].value if "source" in row else None
        retrieved = row["retrieved"].value if "retrieved" in row else None
    # The edition's own URL of the resource: it keeps saying what was cited.
    local = Urls(site.urls.base).local(iri) or ""
    return Citation(
        iri=iri,
        title=title,
        edition=site.version,
        published=_published(site),
        url=f"{site.urls.site}release/{site.version}{local}",
        accessed=accessed or datetime.now(UTC).date(),
        source_title=source_title,
        source_url=source_url,
        retrieved=retrieved,
        passages=passages,
    )


async def respond(
    request: Request, site: Site, iri: str, fmt: Format, local: str, headers: dict[str, str]
) -> Response:
    """The citation of ``iri`` in ``fmt`` (a 404 problem if the edition does not describe it).

    ``headers`` are those of the resource's documents (``Link``, and ``Vary`` and
    ``Content-Location`` when Accept chose the format); the validators are the citation's own.
    A citation names the day it was accessed, so its ``ETag`` changes with the day and its
    ``Last-Modified`` is the release's creation or the start of today (UTC), whichever is later;
    a matching conditional GET of a resource the edition describes is answered 304."""
    today = datetime.now(UTC).date()
    out = {
        **headers,
        **validators(site, local, fmt, today),
        "Link": ", ".join([*_alternates(local), headers["Link"]]),
    }
    cited = await citation(site, iri, accessed=today)
    if cited is None:  # whatever the conditionals say (RFC 9110 §13.2.1)
        raise Problem("not-found", f"No resource <{iri}> is described in this dataset.")
    require_preconditions(request.headers, out["ETag"], out["Last-Modified"], local)
    if not_modified(request.headers, out["ETag"], out["Last-Modified"]):
        return Response(status_code=304, headers=out)
    body = WRITERS[fmt.key](cited)
    out["Content-Type"] = fmt.content_type
    out["Content-Disposition"] = f'inline; filename="{cited.key}.{fmt.suffix}"'
    return Response(body, headers=out)


def validators(site: Site, local: str, fmt: Format, today: date) -> dict[str, str]:
    """``ETag``, ``Last-Modified`` and ``Cache-Control`` of the citation of the resource at
    ``local`` in ``fmt``, as it is on ``today``."""
    tag = hashlib.sha256(f"{local}|{fmt.key}|{today}".encode()).hexdigest()[:12]
    midnight = datetime(today.year, today.month, today.day, tzinfo=UTC)
    try:
        released = parsedate_to_datetime(site.last_modified)
    except (TypeError, ValueError):
        released = midnight
    if released.tzinfo is None:
        released = released.replace(tzinfo=UTC)
    return {
        "ETag": f'W/"{site.version}-{tag}"',
        "Last-Modified": format_datetime(max(released, midnight), usegmt=True),
        "Cache-Control": "public, max-age=300",
    }


def _alternates(local: str) -> list[str]:
    return [
        f'<{header_uri(local)}.{f.suffix}>; rel="alternate"; type="{f.media_type}"'
        for f in CITATION_FORMATS
    ]


def links(local: str) -> list[tuple[Format, str]]:
    """The citation documents of a page (for its "Cite this" box)."""
    return [(f, f"{local}.{f.suffix}") for f in CITATION_FORMATS]


def _published(site: Site) -> date:
    try:
        return datetime.fromisoformat(str(site.manifest.get("created"))).date()
    except ValueError:
        return datetime.now(UTC).date()


def _own_label(description: Description) -> str | None:
    for p, o in description.about(description.iri):
        if p.value in LABEL_PROPERTIES and isinstance(o, Lit):
            return o.value
    return None
