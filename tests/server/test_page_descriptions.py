"""Every page says what it is in a ``<meta name="description">`` (search results and link
previews showed none): a resource's own comment or description where the graph gives one."""

from __future__ import annotations

import html
import re

import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.namespace import DCTERMS, RDFS

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
BASE = "https://w3id.org/forcelaw/id/"
PAGES = [
    ("/", 200),
    ("/id/state/KZ", 200),
    ("/id/profile/KZ/passage/0026-0162", 200),
    ("/id/dataset", 200),
    ("/id/treaty/cat", 200),
    ("/ontology", 200),
    ("/shapes", 200),
    ("/query", 200),
    ("/releases", 200),
    ("/dumps/", 200),
    ("/compare", 200),
    ("/problems/not-found", 200),
    ("/no-such-page", 404),
    ("/sparql?query=SELEC", 400),
]
META = re.compile(r'<meta name="description" content="([^"]*)">')


def description_of(page: str) -> str:
    found = META.findall(page)
    assert len(found) == 1, found
    return html.unescape(found[0])


@pytest.mark.parametrize(("path", "status"), PAGES)
def test_every_page_describes_itself(site: TestClient, path: str, status: int) -> None:
    page = site.get(path, headers={"Accept": BROWSER})
    assert page.status_code == status
    text = description_of(page.text)
    assert 20 <= len(text) <= 300 and text == text.strip()
    assert "{%" not in text and "{{" not in text  # no template left unrendered


def test_a_resource_is_described_by_its_own_comment(site: TestClient) -> None:
    for path in ("/id/treaty/cat", "/id/dataset"):
        graph = rdflib.Graph().parse(data=site.get(f"{path}.ttl").text, format="turtle")
        subject = rdflib.URIRef(BASE + path.removeprefix("/id/"))
        said = graph.value(subject, RDFS.comment) or graph.value(subject, DCTERMS.description)
        assert said is not None
        page = site.get(path, headers={"Accept": BROWSER}).text
        expected = " ".join(str(said).split())
        assert " ".join(description_of(page).split()) in (expected, expected[:299] + "…")


def test_a_description_from_the_request_is_escaped(site: TestClient) -> None:
    page = site.get("/compare", params={"states": 'Z"><script>'}, headers={"Accept": BROWSER})
    assert page.status_code == 400
    assert "<script>" not in page.text
    assert '"><script>'.upper() in description_of(page.text)
