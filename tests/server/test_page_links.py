"""The pages a client starts from say in ``Link`` where the licence, the description and the
same content as data are (the index, the dumps index and the comparison said nothing)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def links(header: str) -> dict[str, tuple[str, str | None]]:
    """``rel`` -> (target, type) of a Link header (one link per rel, or the last)."""
    out: dict[str, tuple[str, str | None]] = {}
    for target, params in re.findall(r"<([^>]*)>((?:\s*;\s*[a-z]+=\"[^\"]*\")*)", header):
        named = dict(re.findall(r'([a-z]+)="([^"]*)"', params))
        out[named["rel"] + ":" + named.get("type", "")] = (target, named.get("type"))
    return out


def test_the_index_and_the_dumps_link_their_licence_and_description(site: TestClient) -> None:
    for path in ("/", "/dumps/"):
        answer = site.get(path, headers={"Accept": BROWSER})
        assert answer.status_code == 200
        found = links(answer.headers["link"])
        assert found["license:"] == (LICENSE, None)
        target, _ = found["describedby:"]
        assert target == "/.well-known/void"
        assert site.get(target, headers={"Accept": "text/turtle"}).status_code == 200
    again = site.get("/", headers={"If-None-Match": site.get("/").headers["etag"]})
    assert again.status_code == 304


def test_the_comparison_links_its_table_as_data(site: TestClient) -> None:
    page = site.get("/compare?states=KZ&columns=oversight", headers={"Accept": BROWSER})
    found = links(page.headers["link"])
    for media_type in ("text/csv", "application/json"):
        target, _ = found[f"alternate:{media_type}"]
        assert f'<link rel="alternate" type="{media_type}" href="{target}">' in page.text.replace(
            "&amp;", "&"
        )
        data = site.get(target)
        assert data.status_code == 200 and data.headers["content-type"].startswith(media_type)
    table = site.get(found["alternate:application/json"][0]).json()
    assert table["states"] == ["KZ"] and [c["key"] for c in table["columns"]] == ["oversight"]
