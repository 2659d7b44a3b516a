"""Errors as a person reads them: for a client that prefers HTML to JSON (a browser), a problem
(RFC 9457) is a page with the same status, headers and meaning; every other client gets the
problem+json. Before, a person who mistyped a state on /compare or followed a link to a removed
edition was shown raw JSON. A page about a query the endpoint refused holds the query in a form
that sends it to the query page, so the person can correct it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from forcelaw.formats import Format, Kind, formats_for
from forcelaw.server.negotiation import negotiate
from forcelaw.server.problems import MEDIA_TYPE, Problem, problem_response
from forcelaw.server.site import site_of

HTML = formats_for(Kind.PAGE)[0]
# First: what a client that does not say what it prefers gets (programs, curl, */*).
PROBLEM = Format("problem", Kind.PAGE, MEDIA_TYPE, "json", ("json",), ("application/json",))


def problem_answer(request: Request, problem: Problem, request_id: str) -> Response:
    """``problem`` as a page for a browser, else as problem+json."""
    if negotiate(request.headers.get("accept"), (PROBLEM, HTML)) is not HTML:
        return problem_response(problem, request_id)
    # A query the endpoint refused is offered back in an editor: the person fixes it there.
    query = request.scope.get("state", {}).get("sparql_query")
    page = site_of(request).render(
        "problem.html", request, problem=problem, request_id=request_id, query=query
    )
    headers = {**problem.headers, "Cache-Control": "no-store", "Vary": "Accept"}
    return HTMLResponse(page, status_code=problem.status, headers=headers)
