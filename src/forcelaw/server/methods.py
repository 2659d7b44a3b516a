"""Which methods a path allows: the one answer that a 405's ``Allow`` and ``OPTIONS`` both give.

Every path a route serves answers ``OPTIONS`` (204 with ``Allow``): it was a 405 everywhere but
``/sparql``, whose ``Allow`` then listed no ``OPTIONS`` while ``/sparql``'s did."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.routing import BaseRoute, Match, Route
from starlette.types import Scope

# The order ``Allow`` lists them in (RFC 9110 leaves it open; one order keeps answers comparable).
ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(scope: Scope) -> str:
    """The ``Allow`` value for the path of ``scope``, over the routes the app keeps for this."""
    return allow_for(scope["app"].state.routes, scope["path"])


def allow_for(routes: Iterable[BaseRoute], path: str) -> str:
    """Every method of every route that matches ``path``, GET implying HEAD, in ``ORDER``."""
    probe: Scope = {"type": "http", "path": path, "root_path": "", "method": "GET"}
    methods: set[str] = set()
    for route in routes:
        if isinstance(route, Route) and route.methods:
            match, _ = route.matches(probe)
            if match is not Match.NONE:
                methods |= route.methods
    if "GET" in methods:
        methods.add("HEAD")  # every GET here answers HEAD too (RFC 9110 §9.1)
    if methods:
        methods.add("OPTIONS")  # every path served answers OPTIONS with its Allow
    known = [m for m in ORDER if m in methods]
    return ", ".join(known + sorted(methods - set(ORDER)))
