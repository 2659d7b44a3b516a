"""Citations of a resource in the edition being served: the record, the "Cite this" box, and the
BibTeX / CSL-JSON / RIS documents that content negotiation and suffixes (``.bib``, ``.csl``,
``.ris``) answer with."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

from fastapi import Request
from starlette.responses import Response

from forcelaw.citation import WRITERS, Citation, Passage
from forcelaw.formats import Format, Kind, formats_for
from forcelaw.server.describe import LABEL_PROPERTIES, Description
from forcelaw.server.problems import Problem
from forcelaw.server.site import Site
from forcelaw.terms import Lit
from forcelaw.urls import Urls, header_uri

CITATION_FORMATS = formats_for(Kind.CITATION)
MAX_PASSAGES = 3


async def citation(site: Site, iri: str, description: Description | None = None) -> Citation | None:
    """The citation of ``iri`` in ``site``'s edition; None if the edition does not describe it."""
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
        accessed=datetime.now(UTC).date(),
        source_title=source_title,
        source_url=source_url,
        retrieved=retrieved,
        passages=passages,
    )


async def respond(
    request: Request, site: Site, iri: str, fmt: Format, local: str, negotiated: bool
) -> Response:
    """The citation of ``iri`` in ``fmt`` (a 404 problem if the edition does not describe it)."""
    cited = await citation(site, iri)
    if cited is None:
        raise Problem("not-found", f"No resource <{iri}> is described in this dataset.")
    body = WRITERS[fmt.key](cited)
    tag = hashlib.sha256(f"{local}|{fmt.key}|{cited.accessed}".encode()).hexdigest()[:12]
    headers = {
        "Content-Type": fmt.content_type,
        "ETag": f'W/"{site.version}-{tag}"',
        "Cache-Control": "public, max-age=300",
        "Content-Disposition": f'inline; filename="{cited.key}.{fmt.suffix}"',
        "Link": ", ".join(
            f'<{header_uri(local)}.{f.suffix}>; rel="alternate"; type="{f.media_type}"'
            for f in CITATION_FORMATS
        ),
    }
    if negotiated:
        headers["Vary"] = "Accept"
        headers["Content-Location"] = header_uri(f"{local}.{fmt.suffix}")
    return Response(body, headers=headers)


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
