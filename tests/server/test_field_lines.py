"""A list-based field sent in several lines is one field (RFC 9110 §5.3): unit and HTTP tests."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from forcelaw.server.field_lines import combined, repeated


def test_the_lines_of_a_list_field_are_joined_in_order() -> None:
    headers = [
        (b"host", b"x"),
        (b"accept", b"text/html;q=0"),
        (b"x-other", b"1"),
        (b"Accept", b" text/turtle "),
    ]
    assert repeated(headers)
    assert combined(headers) == [
        (b"host", b"x"),
        (b"accept", b"text/html;q=0, text/turtle"),
        (b"x-other", b"1"),
    ]


def test_other_fields_and_single_lines_are_left_as_sent() -> None:
    headers = [(b"accept", b"text/turtle"), (b"cookie", b"a=1"), (b"cookie", b"b=2")]
    assert not repeated(headers)
    assert combined(headers) == headers


def test_empty_lines_add_no_empty_member() -> None:
    assert combined([(b"accept", b""), (b"accept", b"application/n-triples")]) == [
        (b"accept", b"application/n-triples")
    ]


@pytest.mark.parametrize(
    ("lines", "media_type"),
    [
        (("text/html;q=0", "text/turtle"), "text/turtle"),
        (("application/rdf+xml;q=0.5", "application/n-triples"), "application/n-triples"),
        (("text/turtle;q=0.1", "text/turtle;q=0, application/ld+json"), "application/ld+json"),
    ],
)
def test_a_document_is_negotiated_on_every_accept_line(
    site: TestClient, lines: tuple[str, ...], media_type: str
) -> None:
    headers = [("accept", line) for line in lines]
    response = site.get("/id/state/KZ", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in response.headers["vary"]


def test_an_error_page_is_chosen_on_every_accept_line(site: TestClient) -> None:
    headers = [("accept", "application/problem+json;q=0.1"), ("accept", "text/html")]
    response = site.get("/id/state/NOWHERE-XX", headers=headers)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


def test_an_entity_tag_in_a_second_if_none_match_line_revalidates(site: TestClient) -> None:
    accept = ("accept", "text/turtle")
    tag = site.get("/id/state/KZ", headers=[accept]).headers["etag"]
    headers = [accept, ("if-none-match", '"another"'), ("if-none-match", tag)]
    assert site.get("/id/state/KZ", headers=headers).status_code == 304
    stale = [accept, ("if-none-match", '"another"'), ("if-none-match", '"yet-another"')]
    assert site.get("/id/state/KZ", headers=stale).status_code == 200
