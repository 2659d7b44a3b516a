"""A page's title names its resource: a section's title says whose profile it is in, a concept's
the scheme it is in, a state's body, post, instrument or event its state (their labels alone name
several resources); others keep their label."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from forcelaw.server.describe import Description
from forcelaw.server.page_titles import page_title
from forcelaw.terms import Iri, Lit, Triple

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SUFFIX = " · forcelaw"
BASE = "https://w3id.org/forcelaw/id/"
FL = "https://w3id.org/forcelaw/ontology#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _title_and_h1(client: TestClient, path: str) -> tuple[str, str]:
    page = client.get(path, headers={"Accept": BROWSER}).text
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    h1 = re.search(r"<h1>(.*?)</h1>", page, re.S)
    assert title is not None and h1 is not None, path
    return html.unescape(title.group(1)).removesuffix(SUFFIX), html.unescape(h1.group(1))


def _links(client: TestClient, path: str, pattern: str) -> list[str]:
    page = client.get(path, headers={"Accept": BROWSER}).text
    return sorted(set(re.findall(rf'href="({pattern})"', page)))


def test_a_section_page_is_titled_with_its_profile(site: TestClient) -> None:
    profile_title, _ = _title_and_h1(site, "/id/profile/KZ")
    sections = _links(site, "/id/state/KZ", r"/id/profile/KZ/section/[^\"#]+")
    assert sections
    for path in sections:
        title, heading = _title_and_h1(site, path)
        assert title == f"{heading} · {profile_title}", path


def test_a_concept_page_is_titled_with_its_scheme(site: TestClient) -> None:
    titles = {}
    for scheme in ("claim-type", "pronouncement-type"):
        scheme_title, _ = _title_and_h1(site, f"/id/scheme/{scheme}")
        title, heading = _title_and_h1(site, f"/id/scheme/{scheme}/statement")
        assert title == f"{heading} · {scheme_title}"
        titles[scheme] = title
    assert titles["claim-type"] != titles["pronouncement-type"]


def test_other_pages_are_titled_with_their_label_alone(site: TestClient) -> None:
    for path in ("/id/state/KZ", "/id/treaty/cat", "/id/profile/KZ"):
        title, heading = _title_and_h1(site, path)
        assert title == heading, path


def _body(code: str, label: str, *states: str) -> Description:
    iri = Iri(f"{BASE}body/{code}/supreme-court")
    triples: list[Triple] = [(iri, Iri(FL + "state"), Iri(f"{BASE}state/{s}")) for s in states]
    triples.append((iri, Iri(LABEL), Lit(label)))
    described = Description(iri, triples, [], 0, 0)
    described.labels = {f"{BASE}state/{s}": f"State {s}" for s in states}
    return described


def test_a_states_resource_is_titled_with_its_state() -> None:
    """Two states' "Supreme Court" had one title; a label that names its state keeps it."""
    first = page_title("Supreme Court", _body("XC", "Supreme Court", "XC"))
    second = page_title("Supreme Court", _body("XD", "Supreme Court", "XD"))
    assert (first, second) == ("Supreme Court · State XC", "Supreme Court · State XD")
    named = _body("XC", "Supreme Court of State XC", "XC")
    assert page_title("Supreme Court of State XC", named) == "Supreme Court of State XC"
    shared = _body("XC", "Supreme Court", "XC", "XD")  # of two states: neither is named
    assert page_title("Supreme Court", shared) == "Supreme Court"
