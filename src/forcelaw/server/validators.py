"""Validators for the answers that are not documents or dumps (the edition list, a changelog, the
comparison table, a TimeMap, the query page, the service description, a problem type's page).

Each of these is made from the release (and, for the service description, the settings), so its
bytes are its entity tag: ``validated`` gives a built answer a weak ``ETag`` of its body and type,
the release's ``Last-Modified`` where the release alone decides the body, and answers a matching
conditional GET 304 with the same headers (``Vary`` and ``Cache-Control`` too, RFC 9110 §15.4.5)
and a failed ``If-Match`` or ``If-Unmodified-Since`` 412, as documents and dumps do.
"""

from __future__ import annotations

import hashlib

from fastapi import Request
from starlette.responses import Response

from forcelaw.server.conditional import not_modified, require_preconditions

# Headers of the body itself, which a 304 leaves out.
_BODY_HEADERS = frozenset({"content-type", "content-length", "content-encoding"})
# As documents and dumps: the release decides these answers, and it changes only with a new one.
DEFAULT_CACHE_CONTROL = "public, max-age=300"


def validated(request: Request, answer: Response, last_modified: str | None = None) -> Response:
    """``answer`` (a 200 with its whole body) with a weak ``ETag`` of its bytes and type and,
    given the release's date, ``Last-Modified``: a 304 when the client's copy is current, the
    412 problem when a precondition fails. ``Cache-Control`` is kept if the view set one."""
    body = bytes(answer.body)
    kind = answer.headers.get("content-type", "")
    digest = hashlib.sha256(kind.encode("latin-1") + b"\n" + body).hexdigest()[:24]
    answer.headers["ETag"] = f'W/"{digest}"'
    if last_modified is not None:
        answer.headers["Last-Modified"] = last_modified
    if "cache-control" not in answer.headers:
        answer.headers["Cache-Control"] = DEFAULT_CACHE_CONTROL
    etag = answer.headers["ETag"]
    # without a date of its own, If-Modified-Since and If-Unmodified-Since are not evaluated
    date = last_modified or ""
    require_preconditions(request.headers, etag, date, request.url.path)
    if not_modified(request.headers, etag, date):
        unchanged = Response(status_code=304)
        unchanged.raw_headers = [
            (name, value)
            for name, value in answer.raw_headers
            if name.decode("latin-1").lower() not in _BODY_HEADERS
        ]
        return unchanged
    return answer
