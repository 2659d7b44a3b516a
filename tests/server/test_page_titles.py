"""A page's title names its resource: a section's title says whose profile it is in, a concept's
the scheme it is in (their labels alone name several resources); others keep their label."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SUFFIX = " · forcelaw"


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
