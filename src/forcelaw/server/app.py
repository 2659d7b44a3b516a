"""The application factory: wires settings, a store and the views; owns nothing else."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import math
import os
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import RedirectResponse, Response
from starlette.staticfiles import StaticFiles

from forcelaw import __version__
from forcelaw.errors import StoreError
from forcelaw.server import (
    changes,
    compare,
    dumps,
    editions,
    openapi,
    problem_types,
    quality,
    resources,
    sparql,
    static_site,
)
from forcelaw.server.answer_cache import AnswerCache, warm
from forcelaw.server.disconnect import CLIENT_CLOSED_REQUEST, ClientLeft
from forcelaw.server.error_pages import problem_answer
from forcelaw.server.examples import Example, load_examples
from forcelaw.server.fastpath import FastPath
from forcelaw.server.field_lines import CombinedFieldLines
from forcelaw.server.jsonld_profiles import JsonLdProfiles
from forcelaw.server.methods import allowed_methods
from forcelaw.server.middleware import ProtocolMiddleware
from forcelaw.server.pages import STATIC
from forcelaw.server.problems import Problem, from_store_error
from forcelaw.server.ratelimit import RateLimitMiddleware
from forcelaw.server.security import SecurityHeadersMiddleware
from forcelaw.server.sending import HeldBodies, PiecewiseBodies
from forcelaw.server.settings import Settings
from forcelaw.server.site import Site
from forcelaw.server.slashes import redirect_status, slash_target
from forcelaw.store import Store

log = logging.getLogger("forcelaw.server")

_HTTP_SLUGS = {404: "not-found", 405: "method-not-allowed", 413: "request-too-large"}


def create_app(
    settings: Settings, store: Store, *, resolver: sparql.Resolver | None = None
) -> FastAPI:
    """A FastAPI app serving ``store``; the store is started and closed with the app."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The static index is read (not a stall on the first request) while the workers start.
        _, files = await asyncio.gather(
            store.start(), asyncio.to_thread(static_site.preload, app.state.site)
        )
        log.info("static site: %d files", files)
        examples = load_examples(app.state.site.release / "queries")
        # The gallery is answered beside the first requests, not before them: start-up does not
        # wait for the slowest aggregate (seconds at 197 states), and a request for a gallery
        # query that comes first is simply a miss.
        app.state.warming = asyncio.create_task(_warm(app.state.answers, store, examples, settings))
        try:
            yield
        finally:
            app.state.warming.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):  # it never stops a stop
                await app.state.warming
            await store.close()

    app = FastAPI(
        **_telemetry_off(),
        title="forcelaw",
        version=__version__,
        description="Linked data and a SPARQL 1.1 endpoint for the law on police use of force.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    openapi.install(app)
    # A path but for its trailing slash is redirected by ``slashes`` (relative), not by
    # Starlette (absolute, from the Host header).
    app.router.redirect_slashes = False
    app.state.settings = settings
    app.state.store = store
    app.state.resolver = resolver or sparql.resolve_host
    app.state.site = Site.create(settings, store)
    app.state.answers = AnswerCache(settings.answer_cache_bytes, store.dataset.version)
    app.state.held = HeldBodies(settings.held_answer_bytes)
    app.state.editions = editions.Editions.create(app.state.site)
    routers = (
        sparql.router,
        editions.router,
        changes.router,
        quality.router,
        compare.router,
        problem_types.router,
    )
    for router in (*routers, dumps.router, resources.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # The routes as declared, for the Allow of a 405 and of OPTIONS (methods.allowed_methods).
    app.state.routes = [
        *(r for router in (*routers, dumps.router, resources.router) for r in router.routes),
        *app.router.routes,
    ]
    app.add_exception_handler(Problem, _on_problem)  # type: ignore[arg-type]
    app.add_exception_handler(StoreError, _on_store_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _on_http_error)  # type: ignore[arg-type]
    app.add_exception_handler(ClientLeft, _on_client_left)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _on_validation_error)  # type: ignore[arg-type]
    app.add_middleware(FastPath)  # innermost: every middleware below still applies to its answers
    app.add_middleware(editions.MementoMiddleware)
    if settings.rate_limit > 0:
        app.add_middleware(
            RateLimitMiddleware,
            rate=settings.rate_limit,
            burst=settings.rate_burst,
            include_loopback=settings.rate_limit_loopback,
        )
    app.add_middleware(ProtocolMiddleware, origins=settings.cors_origins)
    app.add_middleware(SecurityHeadersMiddleware)  # on every answer, errors too
    app.add_middleware(FastPath, outer=True)  # adds what the stack would have added
    # A negotiated JSON-LD answer in the form Accept's profile asks (expanded, compacted).
    app.add_middleware(JsonLdProfiles)
    # Before anything reads a header: an Accept sent in several lines is one field (RFC 9110 §5.3).
    app.add_middleware(CombinedFieldLines)
    # Outermost: every answer, the fast path's and an expanded JSON-LD one too, is sent in pieces
    # and counted while held.
    retry_after = max(1, math.ceil(settings.queue_wait))
    app.add_middleware(PiecewiseBodies, held=app.state.held, retry_after=retry_after)
    return app


def _telemetry_off() -> dict[str, Any]:
    """FastAPI's own OpenTelemetry (in the FastAPI versions that have it) turned off, unless the
    environment configures OpenTelemetry.

    Left on, it asks on every request whether a tracer or meter provider has been set up (an
    environment lookup or three), a tenth of a static document's time in process; with nothing
    configured it records nothing anyway."""
    configured = any(name.startswith("OTEL_") for name in os.environ) or os.environ.get(
        "FASTAPI_OTEL_AUTO_CONFIGURE"
    )
    if configured or "telemetry" not in inspect.signature(FastAPI.__init__).parameters:
        return {}
    return {"telemetry": {"tracing": False, "metrics": False, "logs": False}}


async def _warm(
    answers: AnswerCache, store: Store, examples: Iterable[Example], settings: Settings
) -> int:
    kept = await warm(answers, store, examples, settings)
    log.info("answer cache: %d gallery answers warmed", kept)
    return kept


def _request_id(request: Request) -> str:
    return str(request.scope.get("state", {}).get("request_id", "-"))


async def _on_problem(request: Request, exc: Problem) -> Response:
    return problem_answer(request, exc, _request_id(request))


async def _on_store_error(request: Request, exc: StoreError) -> Response:
    problem = from_store_error(exc)
    if problem.status >= 500:
        log.warning("request %s: %s", _request_id(request), exc)
    return problem_answer(request, problem, _request_id(request))


async def _on_client_left(request: Request, exc: ClientLeft) -> Response:
    # Nobody reads this answer (the server drops it): the status is for the logs and tests.
    log.info(
        "request %s: the client left before its answer; its query was stopped", _request_id(request)
    )
    return Response(status_code=CLIENT_CLOSED_REQUEST)


async def _on_http_error(request: Request, exc: HTTPException) -> Response:
    slug = _HTTP_SLUGS.get(exc.status_code, "bad-request")
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    headers = dict(exc.headers or {})
    if slug == "method-not-allowed":
        allow = allowed_methods(request.scope)
        if request.method == "OPTIONS" and "OPTIONS" in allow.split(", "):
            # a path without an OPTIONS route of its own: what it allows is the answer
            return Response(status_code=204, headers={"Allow": allow})
        detail = f"{request.method} is not supported on {request.url.path} (only {allow})."
        headers["Allow"] = allow
    elif slug == "not-found":
        if (target := slash_target(request.scope, request.app.router.routes)) is not None:
            return RedirectResponse(target, status_code=redirect_status(request.method))
        detail = f"Nothing is served at {request.url.path}."
    return problem_answer(request, Problem(slug, detail, headers=headers), _request_id(request))


async def _on_validation_error(request: Request, exc: RequestValidationError) -> Response:
    return problem_answer(request, Problem("bad-request", str(exc)), _request_id(request))
