"""A browser shown an error reads a page (same status, headers and meaning as the problem+json
every other client gets); a program never gets the page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from forcelaw.server.problems import MEDIA_TYPE

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ERRORS = [
    ("GET", "/no-such-page", 404),
    ("GET", "/compare?states=ZZ", 400),
    ("GET", "/release/no-such-edition/id/state/KZ", 404),
    ("GET", "/id/state/KZ?page=-1", 400),
    ("DELETE", "/query", 405),
]


@pytest.mark.parametrize(("method", "path", "status"), ERRORS)
def test_a_browser_reads_an_error_as_a_page(
    client: TestClient, method: str, path: str, status: int
) -> None:
    program = client.request(method, path)
    page = client.request(method, path, headers={"Accept": BROWSER})
    assert program.status_code == page.status_code == status
    assert program.headers["content-type"] == MEDIA_TYPE
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers.get("allow") == program.headers.get("allow")
    assert page.headers["cache-control"] == "no-store" and "accept" in page.headers["vary"].lower()
    problem = program.json()
    assert re.findall(r"<h1>(.*?)</h1>", page.text) == [problem["title"]]
    title = re.search(r"<title>(.*?)</title>", page.text)
    assert title is not None and title.group(1).startswith(f"{problem['title']} ({status})")
    slug = problem["type"].rsplit("/", 1)[1]
    assert f'href="/problems/{slug}"' in page.text
    assert client.get(f"/problems/{slug}", headers={"Accept": BROWSER}).status_code == 200
    assert f"<code>{page.headers['x-request-id']}</code>" in page.text


@pytest.mark.parametrize("accept", ["*/*", "application/json", "application/problem+json", ""])
def test_programs_get_the_problem_as_json(client: TestClient, accept: str) -> None:
    headers = {"Accept": accept} if accept else {}
    answer = client.get("/compare?states=ZZ", headers=headers)
    assert answer.status_code == 400 and answer.headers["content-type"] == MEDIA_TYPE
    assert "ZZ" in answer.json()["detail"]


def test_the_detail_is_escaped_on_the_page(client: TestClient) -> None:
    page = client.get("/compare", params={"states": "<b>x</b>"}, headers={"Accept": BROWSER})
    assert page.status_code == 400
    assert "<b>" not in page.text and "&lt;B&gt;X&lt;/B&gt;" in page.text
