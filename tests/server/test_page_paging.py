"""Pages 2..n of a long description are pages of their own: each is titled apart, links its
neighbours (``rel=prev``/``next``, in the head and in the text) and offers itself, not page 1,
in each RDF format (page 2's ``<link rel="alternate">`` and "Also as" named page 1's documents,
while its Link header named its own)."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from fastapi.testclient import TestClient

from forcelaw.formats import Kind, formats_for
from forcelaw.server.describe import Description
from forcelaw.server.page_titles import page_title
from forcelaw.terms import Iri
from tests.server.html_page import Element, parse

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PROFILE = "/id/profile/KZ"


@pytest.fixture
def pages_of_thirty(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thirty incoming links a page: Kazakhstan's profile (84 links) has three pages."""
    from forcelaw.server import describe

    monkeypatch.setattr(describe, "INCOMING_PAGE", 30)


def _head_links(page: Element, rel: str) -> list[str]:
    return [link.attrs["href"] for link in page.find("head").find_all("link", rel=rel)]


def _walk(site: TestClient, start: str, rel: str) -> list[str]:
    """The URLs met following ``rel`` from ``start`` (each page's head and text agree)."""
    seen = [start]
    while True:
        page = parse(site.get(seen[-1], headers={"Accept": BROWSER}).text)
        head = _head_links(page, rel)
        text = [a.attrs["href"] for a in page.find("main").find_all("a", rel=rel)]
        assert head == text, (seen[-1], head, text)
        if not head:
            return seen
        assert len(head) == 1 and head[0] not in seen
        seen.append(urljoin(seen[-1], head[0]))


def test_the_pages_of_a_long_description_link_each_other(
    site: TestClient, pages_of_thirty: None
) -> None:
    forward = _walk(site, PROFILE, "next")
    assert forward == [PROFILE, f"{PROFILE}?page=2", f"{PROFILE}?page=3"]
    back = _walk(site, forward[-1], "prev")
    assert back == [f"{PROFILE}?page=3", f"{PROFILE}?page=2", f"{PROFILE}?page=1"]
    titles = [
        parse(site.get(url, headers={"Accept": BROWSER}).text).find("title").text for url in forward
    ]
    assert len(set(titles)) == len(titles), titles


def test_each_page_offers_itself_in_every_format(site: TestClient, pages_of_thirty: None) -> None:
    for url in (PROFILE, f"{PROFILE}?page=2"):
        answer = site.get(url, headers={"Accept": BROWSER})
        page = parse(answer.text)
        head = {
            link.attrs["type"]: link.attrs["href"]
            for link in page.find("head").find_all("link", rel="alternate")
        }
        shown = {
            a.attrs["type"]: a.attrs["href"] for a in page.find("p", class_="formats").find_all("a")
        }
        assert head == shown
        assert set(head) == {f.media_type for f in formats_for(Kind.GRAPH)}
        for media_type, target in head.items():
            assert f'<{target}>; rel="alternate"; type="{media_type}"' in answer.headers["link"]
            negotiated = site.get(url, headers={"Accept": media_type})
            assert site.get(target).content == negotiated.content, target


def test_the_first_page_keeps_its_label_as_title() -> None:
    first = Description(Iri("https://w3id.org/forcelaw/id/state/XA"), [], [], 0, 0)
    second = Description(Iri("https://w3id.org/forcelaw/id/state/XA"), [], [], 0, 1)
    assert page_title("Xanadu", first) == "Xanadu"
    assert page_title("Xanadu", second) == "Xanadu · page 2"
