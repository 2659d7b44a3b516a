"""Schemathesis against the server's own OpenAPI description, over loopback: whatever it generates
for each operation (bounded examples), no answer is a 5xx and the server stays up."""

from __future__ import annotations

from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.server.conftest import LiveServer

EXAMPLES = 25
SENT: list[tuple[str, int]] = []


def operations(live: LiveServer) -> list[Any]:
    assert live.url.startswith("http://127.0.0.1:")
    api = schemathesis.openapi.from_url(live.url + "/openapi.json")
    return [result.ok() for result in api.get_all_operations()]


def test_no_server_error(live: LiveServer) -> None:
    # Driven by hand rather than through schemathesis' pytest plugin, which does not load with
    # this pytest: one bounded hypothesis run per operation of the description.
    found = operations(live)
    assert len(found) >= 8, [op.label for op in found]
    for operation in found:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def run(case: Any) -> None:
            response = case.call(base_url=live.url, timeout=15)
            SENT.append((case.operation.label, response.status_code))
            assert response.status_code < 500, (
                f"{case.operation.label}: {response.status_code} for {case.path} "
                f"{case.query!r}: {response.text[:300]}"
            )

        run()


def test_still_serving_after_the_fuzzing(live: LiveServer) -> None:
    answer = httpx.get(live.endpoint, params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert answer.status_code == 200
    statuses: dict[int, int] = {}
    for _label, status in SENT:
        statuses[status] = statuses.get(status, 0) + 1
    operations = len({label for label, _ in SENT})
    print(f"schemathesis: {len(SENT)} requests over {operations} operations, statuses {statuses}")
    assert live.process.poll() is None
