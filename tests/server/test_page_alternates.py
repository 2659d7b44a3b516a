"""Every page that is also data names each of its RDF formats in its head
(``<link rel="alternate" type=...>``) and in its text, and each answers in that format: the
shapes page named none in its head and three of its six formats in its text."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from forcelaw.formats import Kind, formats_for
from tests.server.html_page import parse

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
GRAPH_TYPES = {f.media_type for f in formats_for(Kind.GRAPH)}


@pytest.mark.parametrize("path", ["/shapes", "/ontology", "/id/state/KZ", "/id/treaty/cat"])
def test_a_page_names_and_serves_each_of_its_formats(site: TestClient, path: str) -> None:
    page = parse(site.get(path, headers={"Accept": BROWSER}).text)
    head = {
        link.attrs["type"]: link.attrs["href"]
        for link in page.find("head").find_all("link", rel="alternate")
    }
    text = {
        a.attrs["type"]: a.attrs["href"] for a in page.find("p", class_="formats").find_all("a")
    }
    assert set(head) == GRAPH_TYPES and text == head
    for media_type, target in head.items():
        answer = site.get(target)
        assert answer.status_code == 200, target
        assert answer.headers["content-type"].split(";")[0] == media_type, target
        assert answer.content == site.get(path, headers={"Accept": media_type}).content, target
