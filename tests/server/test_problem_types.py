"""A problem's ``type`` IRI dereferences to what it means: JSON for programs, a page for people."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from forcelaw.server.problems import CATALOG

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize("slug", sorted(CATALOG))
def test_a_browser_reads_each_problem_type_as_a_page(client: TestClient, slug: str) -> None:
    entry = CATALOG[slug]
    page = client.get(f"/problems/{slug}", headers={"Accept": BROWSER})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "accept" in page.headers["vary"].lower()
    title = re.search(r"<title>(.*?)</title>", page.text)
    assert title is not None and entry.title in title.group(1)
    assert re.findall(r"<h1>(.*?)</h1>", page.text) == [f"Problem type: {entry.title}"]
    assert entry.iri in page.text and f"<dd>{entry.status}</dd>" in page.text
    assert '<html lang="en">' in page.text and "<main" in page.text and "<nav" in page.text


@pytest.mark.parametrize("accept", [None, "application/json", "application/problem+json, */*"])
def test_programs_read_the_problem_type_as_json(client: TestClient, accept: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    described = client.get("/problems/query-timeout", headers=headers)
    assert described.headers["content-type"].startswith("application/json")
    entry = CATALOG["query-timeout"]
    assert described.json() == {
        "type": entry.iri,
        "status": entry.status,
        "title": entry.title,
        "description": entry.description,
    }


def test_a_client_that_accepts_neither_still_reads_json(client: TestClient) -> None:
    described = client.get("/problems/not-found", headers={"Accept": "image/png"})
    assert described.status_code == 200 and described.json()["status"] == 404


def test_head_of_the_page_is_the_get_without_a_body(client: TestClient) -> None:
    got = client.get("/problems/not-found", headers={"Accept": BROWSER})
    head = client.head("/problems/not-found", headers={"Accept": BROWSER})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"]


def test_an_unknown_problem_type_is_a_404_for_people_and_programs(client: TestClient) -> None:
    for accept in (BROWSER, "application/json"):
        missing = client.get("/problems/no-such-problem", headers={"Accept": accept})
        assert missing.status_code == 404
