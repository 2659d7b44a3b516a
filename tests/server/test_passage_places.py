"""A source passage links to its place in the profile as read: the line of its state's page
that holds its words (its "line 25" linked nowhere, and the profile's own page holds the text
as one literal)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import cast
from urllib.parse import urldefrag

from fastapi.testclient import TestClient

from forcelaw.server.describe import Passage
from forcelaw.server.passage_places import passage_places
from forcelaw.server.site import Site
from forcelaw.terms import Iri, Term
from forcelaw.urls import Urls
from tests.server.html_page import Element, parse

BASE = "https://w3id.org/forcelaw/id/"
FL = "https://w3id.org/forcelaw/ontology#"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SPARQL_JSON = "application/sparql-results+json"


def _by_id(page: Element) -> dict[str, Element]:
    found: dict[str, Element] = {}
    stack = [page]
    while stack:
        element = stack.pop()
        if "id" in element.attrs:
            found[element.attrs["id"]] = element
        stack += [c for c in element.children if isinstance(c, Element)]
    return found


def test_every_passage_links_to_its_line_on_its_states_page(site: TestClient) -> None:
    query = (
        f"PREFIX fl: <{FL}> SELECT ?passage ?state WHERE {{ ?passage a fl:SourcePassage ; "
        "fl:line ?line ; <http://www.w3.org/ns/oa#hasSource>/fl:profileOf ?state }"
    )
    rows = site.get("/sparql", params={"query": query}, headers={"Accept": SPARQL_JSON})
    found = rows.json()["results"]["bindings"]
    assert len(found) > 20
    states: dict[str, dict[str, Element]] = {}
    for row in found:
        path = "/id/" + row["passage"]["value"].removeprefix(BASE)
        page = parse(site.get(path, headers={"Accept": BROWSER}).text)
        figure = page.find("figure", class_="passage")
        exact = figure.find("mark").text
        (place,) = [
            a.attrs["href"]
            for a in figure.find("figcaption").find_all("a")
            if "#line-" in a.attrs["href"]
        ]
        target, line = urldefrag(place)
        assert target == "/id/" + row["state"]["value"].removeprefix(BASE), place
        if target not in states:
            states[target] = _by_id(parse(site.get(target, headers={"Accept": BROWSER}).text))
        assert exact in states[target][line].text, (path, place)


class _Reader:
    def __init__(self, rows: list[dict[str, Term]]) -> None:
        self.rows = rows
        self.asked = 0

    async def select(self, query: str) -> list[dict[str, Term]]:
        self.asked += 1
        return self.rows


def _passage(profile: str, line: int | None) -> Passage:
    start = 10 * (line or 0)
    return Passage(
        Iri(f"{profile}/passage/{start}"), Iri(profile), start, start + 5, line,
        "", "words", "", False, False,
    )  # fmt: skip


def test_only_a_passage_with_a_line_of_one_states_profile_has_a_place() -> None:
    one, shared = BASE + "profile/XA", BASE + "profile/XS"
    reader = _Reader(
        [
            {"profile": Iri(one), "state": Iri(BASE + "state/XA")},
            {"profile": Iri(shared), "state": Iri(BASE + "state/XB")},
            {"profile": Iri(shared), "state": Iri(BASE + "state/XC")},
        ]
    )
    site = cast(Site, SimpleNamespace(memo={}, reader=reader, urls=Urls()))
    passages = [_passage(one, 4), _passage(one, None), _passage(shared, 7)]
    places = asyncio.run(passage_places(site, passages))
    assert places == {passages[0].iri.value: "/id/state/XA#line-4"}
    asyncio.run(passage_places(site, passages))
    assert reader.asked == 1  # the profiles' states are read once a release
    assert asyncio.run(passage_places(site, [])) == {}
