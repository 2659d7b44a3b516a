"""The OpenAPI description (``/openapi.json``): one operation id per operation.

FastAPI names a route's operations after the route, so a route that answers GET and HEAD gives
both the same ``operationId`` (and warns on every build of the description). OpenAPI requires
the id to be unique among all operations, and client generators that key on it drop an operation
or fail. FastAPI ends the id with whichever of the route's methods its set gives first, which
changes from process to process. Each operation's id here ends with its own method instead
(``sparql_sparql_get``, ``sparql_sparql_head``, ``sparql_sparql_post``): unique, and the same in
every process.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Make ``app``'s OpenAPI description give each operation an id of its own."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", "Duplicate Operation ID", UserWarning)
                app.openapi_schema = unique_operation_ids(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def unique_operation_ids(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with each operation's id ending with its own method (FastAPI's ends with one
    of its route's methods), numbered if still repeated; changed in place and returned."""
    seen: set[str] = set()
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            stem = _METHOD_SUFFIX.sub("", operation["operationId"])
            renamed = f"{stem}_{method}"
            number = 2
            while renamed in seen:
                renamed = f"{stem}_{method}_{number}"
                number += 1
            operation["operationId"] = renamed
            seen.add(renamed)
    return schema


_METHOD_SUFFIX = re.compile(r"_(?:get|head|post|put|patch|delete|options|trace)$")
