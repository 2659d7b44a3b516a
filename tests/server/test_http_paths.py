"""What a request path names and where a near miss is sent (``id_paths``, ``slashes``), and
which coding a static answer takes (``static_site``): pure functions, no server."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.routing import Route
from starlette.types import Scope

from forcelaw.server.id_paths import remove_dot_segments, resolve
from forcelaw.server.slashes import redirect_status, slash_target
from forcelaw.server.static_site import StaticFile, _accepts_gzip, entity_tag


@pytest.mark.parametrize(
    ("raw", "path", "spelling"),
    [
        ("state/KZ", "state/KZ", "state/KZ"),
        ("state/%4B%5A", "state/KZ", "state/KZ"),  # unreserved: the same URI (RFC 3986 §6.2.2)
        ("state/%4b%5a", "state/KZ", "state/KZ"),
        ("state/%C3%84", "state/Ä", "state/%C3%84"),  # an IRI's character, as RFC 3987 maps it
        ("state/%c3%84", "state/Ä", "state/%C3%84"),
        ("state%2FKZ", "state%2FKZ", "state%2FKZ"),  # an encoded "/" is no segment break
        ("state/KZ%2F", "state/KZ%2F", "state/KZ%2F"),
        ("state/KZ%2f", "state/KZ%2F", "state/KZ%2F"),
        ("state/KZ%23x", "state/KZ%23x", "state/KZ%23x"),  # nor is "%23" a fragment
        ("state/KZ%3Fformat=nt", "state/KZ%3Fformat=nt", "state/KZ%3Fformat=nt"),
        ("state/KZ%2541", "state/KZ%2541", "state/KZ%2541"),
        ("state/KZ%00", "state/KZ%00", "state/KZ%00"),
        ("state/%C3", "state/%C3", "state/%C3"),  # no UTF-8: kept as sent
        ("state/%C0%AF", "state/%C0%AF", "state/%C0%AF"),  # an overlong "/"
        ("state/%C2%85", "state/%C2%85", "state/%C2%85"),  # a C1 control
        ("./state/KZ", "state/KZ", "state/KZ"),
        ("state/x/../KZ", "state/KZ", "state/KZ"),
        ("state/%2e%2e/state/KZ", "state/KZ", "state/KZ"),
        ("state/KZ/", "state/KZ", "state/KZ"),
        ("state/KZ//", "state/KZ", "state/KZ"),
        ("state/KZ/.", "state/KZ", "state/KZ"),
        ("/state/KZ", "/state/KZ", "/state/KZ"),  # "/id//state/KZ": an empty segment stays
        ("", "", ""),
    ],
)
def test_a_raw_path_names_the_iri_its_encoding_names(raw: str, path: str, spelling: str) -> None:
    resolved = resolve(raw)
    assert resolved is not None
    assert (resolved.path, resolved.spelling) == (path, spelling)


@pytest.mark.parametrize("raw", ["../sparql", "%2e%2e/sparql", "state/../../x", "..//evil.example"])
def test_dot_segments_out_of_id_name_nothing(raw: str) -> None:
    assert resolve(raw) is None


def test_dot_segments_removed_as_rfc_3986_does() -> None:
    # RFC 3986 §5.4.2's abnormal examples, on a path
    assert remove_dot_segments("/a/b/c/./../../g") == "/a/g"
    assert remove_dot_segments("/a/b/../../../g") == "/g"
    assert remove_dot_segments("/a/b/.") == "/a/b/"
    assert remove_dot_segments("/a//b/..") == "/a//"


_RAW = st.text(
    alphabet=st.sampled_from(list("aZ09-._~/%2FfE3C4A8:@!$&'()*+,;=\\\"<> é")),
    max_size=30,
)


@given(_RAW)
@settings(max_examples=300, deadline=None)
def test_the_spelling_redirected_to_is_answered_as_itself(raw: str) -> None:
    """No redirect loop: the spelling a request is sent to resolves to itself."""
    resolved = resolve(raw)
    if resolved is None:
        return
    again = resolve(resolved.spelling)
    assert again is not None and again.spelling == resolved.spelling
    assert again.path == resolved.path or "%" in resolved.spelling


async def _ok(scope: Scope, receive: object, send: object) -> None:  # never called
    raise AssertionError


ROUTES = [
    Route("/sparql", _ok, methods=["GET", "POST"]),
    Route("/dumps/", _ok),
    Route("/release/{version}/dumps/", _ok),
    Route("/id/{path:path}", _ok),
]


def _scope(path: str, raw: bytes | None = None, query: bytes = b"") -> Scope:
    return {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": raw if raw is not None else path.encode(),
        "query_string": query,
        "headers": [(b"host", b"evil.example")],
    }


@pytest.mark.parametrize(
    ("path", "raw", "query", "target"),
    [
        ("/sparql/", None, b"", "/sparql"),
        ("/sparql//", None, b"query=ASK%7B%7D", "/sparql?query=ASK%7B%7D"),
        ("/dumps", None, b"", "/dumps/"),
        ("/release/v1/dumps", None, b"", "/release/v1/dumps/"),
        ("/release/a/b/dumps", b"/release/a%2Fb/dumps", b"", None),  # no such route decoded
        ("/sparql/", b"/sparql%2F", b"", None),  # the slash was encoded: no loop
        ("//evil.example/", None, b"", None),  # "//evil.example" would leave the site
        ("/nothing/", None, b"", None),
        ("/", None, b"", None),
    ],
)
def test_a_trailing_slash_is_redirected_relative_to_the_site(
    path: str, raw: bytes | None, query: bytes, target: str | None
) -> None:
    assert slash_target(_scope(path, raw, query), ROUTES) == target


def test_a_trailing_slash_redirect_keeps_the_method_of_a_post() -> None:
    assert (redirect_status("GET"), redirect_status("HEAD"), redirect_status("POST")) == (
        301,
        301,
        308,
    )


@pytest.mark.parametrize(
    ("header", "gzip"),
    [
        ("gzip", True),
        ("GZIP", True),
        ("x-gzip", True),
        ("gzip, deflate, br", True),
        ("gzip;q=0.001", True),
        ("*", True),  # "*" is every coding not listed
        ("identity;q=0.5, *;q=0.6", True),
        ("gzip;q=0.8, identity;q=0.8", True),  # a tie: the smaller answer
        ("", False),
        ("identity", False),
        ("br", False),
        ("gzip;q=0", False),
        ("gzip;q=0, *", False),
        ("*;q=0", False),
        ("gzip;q=0.5, identity;q=1", False),  # identity preferred
        ("identity, *;q=0.5", False),
        ("gzip;q=abc", False),
    ],
)
def test_the_gzip_twin_answers_when_gzip_is_preferred(header: str, gzip: bool) -> None:
    assert _accepts_gzip(header) is gzip


def test_representations_with_the_same_bytes_have_their_own_entity_tags() -> None:
    """A resource's N-Triples and N-Quads (Turtle and TriG) are byte for byte the same."""
    digest = "ab" * 32
    found = {  # each in its own packs, as the rendering puts them (the tag names no pack)
        suffix: StaticFile(
            f"id/state/KZ.{suffix}",
            digest,
            "text/plain",
            120,
            80,
            (f"packs/0-{suffix}.pack", 0),
            (f"packs/0-{suffix}-gzip.pack", 0),
        )
        for suffix in ("ttl", "trig", "nt", "nq")
    }
    tags = {entity_tag(f, gzipped) for f in found.values() for gzipped in (False, True)}
    assert len(tags) == 8
    assert all(t.startswith(f'"{digest[:32]}') and not t.startswith('W/"') for t in tags)
    assert entity_tag(found["nt"], False) == entity_tag(found["nt"], False)
