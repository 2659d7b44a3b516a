"""A browser shown an error reads a page (same status, headers and meaning as the problem+json
every other client gets); a program never gets the page."""

from __future__ import annotations

import html
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


REFUSED_QUERIES = [
    ("SELEC", 400, "malformed-query"),
    ("SELECT * WHERE { ?s ?p ?o ", 400, "malformed-query"),
    ("SELECT * WHERE " + "{ " * 80 + "}" * 80, 400, "query-too-deep"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "update-refused"),
]


@pytest.mark.parametrize(("query", "status", "slug"), REFUSED_QUERIES)
def test_a_browser_following_a_bad_query_link_reads_its_error_with_the_query(
    client: TestClient, query: str, status: int, slug: str
) -> None:
    """A query the endpoint refuses is the same 4xx for a browser as for a program (a browser
    was redirected to the query page, 200); the page gives the query back to be corrected."""
    program = client.get("/sparql", params={"query": query})
    page = client.get(
        "/sparql", params={"query": query}, headers={"Accept": BROWSER}, follow_redirects=False
    )
    assert program.status_code == page.status_code == status
    assert program.json()["type"].endswith("/" + slug)
    assert page.headers["content-type"].startswith("text/html")
    assert f'href="/problems/{slug}"' in page.text
    form = re.search(r'<form method="get" action="/query"[^>]*>(.*?)</form>', page.text, re.S)
    assert form is not None
    text = re.search(r'<textarea[^>]* name="query"[^>]*>(.*?)</textarea>', form.group(1), re.S)
    assert text is not None and html.unescape(text.group(1)) == query


def test_the_query_given_back_is_escaped(client: TestClient) -> None:
    query = 'SELECT * WHERE { ?s ?p "</textarea><script>alert(1)</script>" '
    page = client.get("/sparql", params={"query": query}, headers={"Accept": BROWSER})
    assert page.status_code == 400
    assert "<script>alert" not in page.text
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_a_good_query_still_takes_a_browser_to_the_query_page_answered(
    client: TestClient,
) -> None:
    query = "ASK { ?s ?p ?o }"
    page = client.get(
        "/sparql", params={"query": query}, headers={"Accept": BROWSER}, follow_redirects=False
    )
    assert page.status_code == 303 and page.headers["location"].startswith("/query?query=")
    # the page's own request for the answer (JSON, as YASGUI asks) finds it kept
    again = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert again.status_code == 200 and again.headers["x-cache"] == "hit"


def test_other_errors_have_no_query_form(client: TestClient) -> None:
    page = client.get("/compare?states=ZZ", headers={"Accept": BROWSER})
    assert page.status_code == 400 and "<textarea" not in page.text
