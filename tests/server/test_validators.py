"""Validators on the answers that are neither documents nor dumps: the edition list, a changelog
and changeset, the comparison table, a TimeMap, the query page, the service description and a
problem type's page had no ETag or Last-Modified, so a crawler fetched each whole every visit."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from forcelaw.server.validators import validated

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
LATER = "Fri, 01 Jan 2100 00:00:00 GMT"
EARLIER = "Mon, 01 Jan 2001 00:00:00 GMT"

DATED = [  # the release alone decides them: Last-Modified too
    ("/releases", BROWSER),
    ("/releases?format=json", "*/*"),
    ("/compare?states=KZ", BROWSER),
    ("/compare?states=KZ&format=csv", "*/*"),
    ("/compare?states=KZ&format=json", "*/*"),
    ("/timemap/id/state/KZ", "*/*"),
    ("/changes", BROWSER),  # a 302 to the current edition's page, followed
]
UNDATED = [  # they state the settings or the code, which a restart may change: no date
    ("/query", BROWSER),
    ("/sparql", "text/turtle"),
    ("/sparql", BROWSER),
    ("/problems/not-found", "application/json"),
    ("/problems/not-found", BROWSER),
]


@pytest.mark.parametrize(("path", "accept"), DATED + UNDATED)
def test_a_conditional_get_of_an_unchanged_answer_is_a_304(
    site: TestClient, path: str, accept: str
) -> None:
    first = site.get(path, headers={"Accept": accept})
    assert first.status_code == 200, path
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    again = site.get(path, headers={"Accept": accept, "If-None-Match": f'"x", {etag}'})
    assert again.status_code == 304 and again.content == b"", path
    for name in ("etag", "vary", "cache-control", "last-modified", "link"):
        assert again.headers.get(name) == first.headers.get(name), (path, name)
    assert "content-type" not in again.headers
    stale = site.get(path, headers={"Accept": accept, "If-None-Match": 'W/"stale"'})
    assert stale.status_code == 200 and stale.content == first.content
    refused = site.get(path, headers={"Accept": accept, "If-Match": '"other"'})
    assert refused.status_code == 412 and "precondition-failed" in refused.text


@pytest.mark.parametrize(("path", "accept"), DATED)
def test_the_release_date_revalidates_what_the_release_decides(
    site: TestClient, path: str, accept: str
) -> None:
    first = site.get(path, headers={"Accept": accept})
    modified = first.headers["last-modified"]
    assert first.headers["cache-control"].startswith("public")
    same = site.get(path, headers={"Accept": accept, "If-Modified-Since": modified})
    assert same.status_code == 304
    older = site.get(path, headers={"Accept": accept, "If-Modified-Since": EARLIER})
    assert older.status_code == 200
    failed = site.get(path, headers={"Accept": accept, "If-Unmodified-Since": EARLIER})
    assert failed.status_code == 412


@pytest.mark.parametrize(("path", "accept"), UNDATED)
def test_no_date_is_claimed_for_what_a_restart_may_change(
    site: TestClient, path: str, accept: str
) -> None:
    first = site.get(path, headers={"Accept": accept})
    assert "last-modified" not in first.headers
    since = site.get(path, headers={"Accept": accept, "If-Modified-Since": LATER})
    assert since.status_code == 200 and since.content == first.content


def test_each_variant_has_its_own_tag(site: TestClient) -> None:
    tags = {
        site.get(path, headers={"Accept": accept}).headers["etag"]
        for path, accept in (
            ("/compare?states=KZ&format=csv", "*/*"),
            ("/compare?states=KZ&format=json", "*/*"),
            ("/compare?states=KZ", BROWSER),
            ("/sparql", "text/turtle"),
            ("/sparql", "application/n-triples"),
            ("/problems/not-found", "application/json"),
            ("/problems/not-found", BROWSER),
        )
    }
    assert len(tags) == 7


def test_validated_tags_the_body_and_its_type() -> None:
    from starlette.requests import Request
    from starlette.responses import Response

    scope = {"type": "http", "method": "GET", "path": "/x", "headers": [], "query_string": b""}
    one = validated(Request(scope), Response(b"a", media_type="text/plain"))
    other = validated(Request(scope), Response(b"a", media_type="text/csv"))
    changed = validated(Request(scope), Response(b"b", media_type="text/plain"))
    assert len({one.headers["etag"], other.headers["etag"], changed.headers["etag"]}) == 3
    assert one.headers["cache-control"] == "public, max-age=300"
    kept = validated(Request(scope), Response(b"a", headers={"Cache-Control": "no-cache"}))
    assert kept.headers["cache-control"] == "no-cache"
