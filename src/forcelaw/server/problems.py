"""RFC 9457 problem details: every error the server returns, in application/problem+json.

Each problem type has a stable IRI ``https://w3id.org/forcelaw/problems/<slug>`` (served locally at
``/problems/<slug>``), a status and a title; a response adds a ``detail`` written for the person
who sent the request, an ``instance`` (``urn:uuid:<request id>``) and the ``request_id``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from forcelaw.errors import (
    EngineCrashed,
    InvalidDataset,
    NotRepresentable,
    Overloaded,
    QuerySyntaxError,
    QueryTimeout,
    QueryUnsupported,
    ResultTooLarge,
    StoreError,
    StoreUnavailable,
    UpdateRefused,
)

PROBLEM_BASE = "https://w3id.org/forcelaw/problems/"
MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True)
class ProblemType:
    slug: str
    status: int
    title: str
    description: str

    @property
    def iri(self) -> str:
        return PROBLEM_BASE + self.slug


CATALOG: dict[str, ProblemType] = {
    p.slug: p
    for p in (
        ProblemType(
            "malformed-query",
            400,
            "Malformed query",
            "The text is not a SPARQL 1.1 query; the detail gives the parser's line and column.",
        ),
        ProblemType(
            "bad-request",
            400,
            "Bad request",
            "The request does not follow the SPARQL 1.1 Protocol (e.g. two `query` parameters).",
        ),
        ProblemType(
            "invalid-dataset",
            400,
            "Invalid dataset",
            "A default-graph-uri or named-graph-uri value is not an absolute IRI.",
        ),
        ProblemType(
            "unsupported-query",
            400,
            "Unsupported query",
            "The query calls a function this endpoint's engine does not implement (such as "
            "`fn:concat`, an XPath function outside SPARQL 1.1); the detail names it.",
        ),
        ProblemType(
            "query-too-deep",
            400,
            "Query nested too deeply",
            "The query nests brackets, or runs of operators and pattern elements (each of which "
            "the engine nests one level deeper), deeper than this endpoint accepts.",
        ),
        ProblemType(
            "update-refused",
            403,
            "Updates are not accepted",
            "This endpoint is read-only: SPARQL Update, LOAD, CLEAR, DROP etc. are refused.",
        ),
        ProblemType(
            "service-refused",
            403,
            "Federated query refused",
            "SERVICE may only call endpoints named in the allowlist, on public addresses.",
        ),
        ProblemType(
            "origin-refused",
            403,
            "Origin not allowed",
            "The CORS preflight came from an origin this endpoint does not allow.",
        ),
        ProblemType("not-found", 404, "Not found", "Nothing is served at this path."),
        ProblemType(
            "method-not-allowed",
            405,
            "Method not allowed",
            "The resource does not support this HTTP method; see the Allow header.",
        ),
        ProblemType(
            "not-acceptable",
            406,
            "Not acceptable",
            "None of the media types in Accept (or `format`) can carry this answer.",
        ),
        ProblemType(
            "request-timeout",
            408,
            "Request timeout",
            "The request's headers or body did not arrive within this server's read timeout; "
            "the connection is closed.",
        ),
        ProblemType(
            "precondition-failed",
            412,
            "Precondition failed",
            "If-Match, If-Unmodified-Since (or If-None-Match on a POST) does not hold for the "
            "current representation; fetch it again.",
        ),
        ProblemType(
            "request-too-large",
            413,
            "Request too large",
            "The request body is larger than this endpoint accepts.",
        ),
        ProblemType(
            "uri-too-long",
            414,
            "URI too long",
            "The query string is longer than this endpoint accepts; POST the query instead.",
        ),
        ProblemType(
            "headers-too-large",
            431,
            "Request header fields too large",
            "The request's header fields (an Accept, a cookie) are longer than this server "
            "reads; the connection is closed.",
        ),
        ProblemType(
            "unsupported-media-type",
            415,
            "Unsupported media type",
            "POST bodies must be application/x-www-form-urlencoded or application/sparql-query "
            "(in UTF-8, the only charset the protocol allows for it).",
        ),
        ProblemType(
            "range-not-satisfiable",
            416,
            "Range not satisfiable",
            "The Range header names no byte of the file; Content-Range gives its length.",
        ),
        ProblemType(
            "result-too-large",
            422,
            "Result too large",
            "The answer exceeds the row or byte cap. Nothing is truncated silently: page the "
            "query with LIMIT/OFFSET, or download the dumps.",
        ),
        ProblemType(
            "query-too-long",
            413,
            "Query too long",
            "The query text is longer than this endpoint accepts (see the service description).",
        ),
        ProblemType(
            "rate-limited",
            429,
            "Too many requests",
            "This client sent more requests than the per-client rate limit allows; retry after "
            "the number of seconds in Retry-After.",
        ),
        ProblemType(
            "internal-error",
            500,
            "Internal error",
            "The server failed while answering; the request id identifies it in the logs.",
        ),
        ProblemType(
            "engine-crashed",
            500,
            "Query engine stopped",
            "The process running the query died (a crash or its memory cap). It has been "
            "replaced and other queries are unaffected.",
        ),
        ProblemType(
            "store-unavailable",
            502,
            "SPARQL store unavailable",
            "This server answers from a separate SPARQL store, which could not be reached or "
            "failed; the detail says how. Retry later.",
        ),
        ProblemType(
            "overloaded",
            503,
            "Overloaded",
            "Every query worker is busy, or the server holds as many bytes of answers for "
            "clients still reading them as it keeps (held_answer_bytes); retry after the "
            "number of seconds in Retry-After.",
        ),
        ProblemType(
            "too-many-connections",
            503,
            "Too many connections",
            "The server holds as many connections as it accepts at once; retry after the "
            "number of seconds in Retry-After. The connection is closed.",
        ),
        ProblemType(
            "query-timeout",
            504,
            "Query timeout",
            "The query ran past the time limit and was stopped. Narrow it or add LIMIT.",
        ),
    )
}


class Problem(Exception):
    """An error to send as problem+json; ``extensions`` become extra members."""

    def __init__(
        self,
        slug: str,
        detail: str,
        *,
        headers: Mapping[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.type = CATALOG[slug]
        self.detail = detail
        self.headers = dict(headers or {})
        self.extensions = extensions

    @property
    def status(self) -> int:
        return self.type.status


def problem_body(problem: Problem, request_id: str) -> dict[str, Any]:
    """The JSON members of a problem response."""
    return {
        "type": problem.type.iri,
        "title": problem.type.title,
        "status": problem.status,
        "detail": problem.detail,
        "instance": f"urn:uuid:{request_id}",
        "request_id": request_id,
        **problem.extensions,
    }


def problem_response(problem: Problem, request_id: str) -> Response:
    body = json.dumps(problem_body(problem, request_id), ensure_ascii=False, indent=2)
    return Response(
        body.encode("utf-8"),
        status_code=problem.status,
        media_type=MEDIA_TYPE,
        headers={**problem.headers, "Cache-Control": "no-store"},
    )


def from_store_error(exc: StoreError) -> Problem:
    """The problem a store error is reported as."""
    if isinstance(exc, QuerySyntaxError):
        where = f" (line {exc.line}, column {exc.column})" if exc.line is not None else ""
        return Problem(
            "malformed-query",
            f"Query parse error{where}: {exc.message}",
            line=exc.line,
            column=exc.column,
        )
    if isinstance(exc, UpdateRefused):
        return Problem("update-refused", str(exc))
    if isinstance(exc, QueryUnsupported):
        return Problem("unsupported-query", f"The query engine cannot evaluate this query: {exc}")
    if isinstance(exc, InvalidDataset):
        return Problem("invalid-dataset", str(exc))
    if isinstance(exc, NotRepresentable):
        return Problem(
            "not-acceptable",
            f"The answer cannot be written in {exc.label}: {exc.reason}. Ask for it as "
            f"{' or '.join(exc.alternatives[:2])} (Accept or format=); it is available as: "
            f"{', '.join(exc.alternatives)}.",
            available=list(exc.alternatives),
        )
    if isinstance(exc, ResultTooLarge):
        return Problem(
            "result-too-large",
            f"The answer exceeds this endpoint's limit of {exc.value} {exc.limit}; "
            "nothing was sent. Add LIMIT/OFFSET to page through it, or download the dumps.",
            limit=exc.limit,
            max=exc.value,
        )
    if isinstance(exc, QueryTimeout):
        return Problem(
            "query-timeout",
            f"The query was stopped after {exc.seconds:g} s, this endpoint's time limit. "
            "Narrow the patterns or add LIMIT.",
            timeout=exc.seconds,
        )
    if isinstance(exc, EngineCrashed):
        return Problem(
            "engine-crashed",
            f"The query engine process running this query stopped ({_exit(exc.exitcode)}); "
            "it has been replaced. A query that exhausts memory, or that the engine aborts on, "
            "will do this again (the second time, it is refused from then on without running).",
        )
    if isinstance(exc, Overloaded):
        return Problem(
            "overloaded",
            f"All query workers are busy; retry in {exc.retry_after} s.",
            headers={"Retry-After": str(exc.retry_after)},
        )
    if isinstance(exc, StoreUnavailable):
        return Problem(
            "store-unavailable",
            f"The SPARQL store this server answers from {exc.reason}; retry later.",
            headers={"Retry-After": "5"},
        )
    return Problem("internal-error", f"The query engine failed: {exc}")


def _exit(code: int | None) -> str:
    if code is None:
        return "out of memory"
    if code < 0:
        import signal

        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"
