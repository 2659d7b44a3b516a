"""Pure parts of the linked-data layer: conditional/range rules, URLs, the reading view, the
example gallery, IRI safety, and JSON-LD determinism."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forcelaw import jsonld
from forcelaw.server.conditional import (
    ByteRange,
    RangeNotSatisfiable,
    byte_range,
    etag_matches,
    not_modified,
)
from forcelaw.server.describe import Fact, ProfileSection, StateProfile, is_safe_iri
from forcelaw.server.examples import parse_example
from forcelaw.server.reading import blocks
from forcelaw.terms import Iri, Lit
from forcelaw.urls import Urls, header_uri

DATE = "Wed, 01 Jan 2025 00:00:00 GMT"
TAG = '"abc"'


def test_not_modified() -> None:
    assert not_modified({"if-none-match": TAG}, TAG, DATE)
    assert not_modified({"if-none-match": 'W/"abc"'}, TAG, DATE)
    assert not_modified({"if-none-match": "*"}, TAG, DATE)
    assert not not_modified({"if-none-match": '"x"', "if-modified-since": DATE}, TAG, DATE)
    assert not_modified({"if-modified-since": DATE}, TAG, DATE)
    assert not not_modified({"if-modified-since": "Tue, 31 Dec 2024 00:00:00 GMT"}, TAG, DATE)
    assert not not_modified({"if-modified-since": "yesterday"}, TAG, DATE)
    assert not not_modified({}, TAG, DATE)
    assert not etag_matches('W/"abc"', TAG, weak=False)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-9", ByteRange(0, 9)),
        ("bytes=90-", ByteRange(90, 99)),
        ("bytes=-10", ByteRange(90, 99)),
        ("bytes=95-200", ByteRange(95, 99)),
        ("bytes=5-2", None),
        ("bytes=0-1,4-5", None),
        ("items=0-1", None),
        ("bytes=a-b", None),
        ("bytes=-", None),
    ],
)
def test_byte_range(header: str, expected: ByteRange | None) -> None:
    assert byte_range({"range": header}, 100, TAG, DATE) == expected


def test_unsatisfiable_and_if_range() -> None:
    with pytest.raises(RangeNotSatisfiable):
        byte_range({"range": "bytes=100-"}, 100, TAG, DATE)
    with pytest.raises(RangeNotSatisfiable):
        byte_range({"range": "bytes=-0"}, 100, TAG, DATE)
    assert byte_range({"range": "bytes=0-1", "if-range": '"old"'}, 100, TAG, DATE) is None
    assert byte_range({"range": "bytes=0-1", "if-range": DATE}, 100, TAG, DATE) == ByteRange(0, 1)
    assert ByteRange(10, 19).content_range(100) == "bytes 10-19/100"


@given(st.text(max_size=40), st.integers(min_value=0, max_value=10_000))
def test_byte_range_never_crashes(header: str, size: int) -> None:
    try:
        chosen = byte_range({"range": header}, size, TAG, DATE)
    except RangeNotSatisfiable:
        return
    if chosen is not None:
        assert 0 <= chosen.first <= chosen.last < size


def test_urls_map_published_iris_to_local_paths() -> None:
    urls = Urls()
    assert urls.local("https://w3id.org/forcelaw/id/state/KZ") == "/id/state/KZ"
    assert urls.local("https://w3id.org/forcelaw/ontology#State") == "/ontology#State"
    assert urls.local("https://w3id.org/forcelaw/shapes#StateShape") == "/shapes#StateShape"
    assert urls.local("https://w3id.org/forcelaw/dumps/dataset.nq") == "/dumps/dataset.nq"
    assert urls.local("https://schema.org/Country") is None
    assert urls.href("https://schema.org/Country") == "https://schema.org/Country"
    assert urls.dump("dataset.nt") == "https://w3id.org/forcelaw/dumps/dataset.nt"
    other = Urls("http://example.org/law/id/")
    assert other.local("http://example.org/law/id/state/KZ") == "/id/state/KZ"
    assert other.sparql == "http://example.org/law/sparql"
    assert Urls.page("/id/x", page=2) == "/id/x?page=2"


def test_unsafe_iris_are_never_put_in_a_query() -> None:
    assert is_safe_iri("https://w3id.org/forcelaw/id/state/KZ")
    for bad in ("", "x> } ; DROP", "a b", 'a"b', "a{b", "a\nb", "a\\u0020"):
        assert not is_safe_iri(bad), bad


def test_reading_view_cuts_lines_into_sentences_with_their_facts() -> None:
    text = "Heading\nOne two. Three four.\n\nLast"
    p = Iri("p")
    first, second, nested = Iri("p/1"), Iri("p/2"), Iri("p/3")
    profile = StateProfile(
        profile=p,
        label="Profile",
        text=text,
        source=None,
        retrieved=None,
        sections=[ProfileSection(Iri("p/section/h"), "Heading", 1, None, 0)],
        passages=[(Iri("p/0"), 0, 7), (first, 8, 16), (nested, 12, 15), (second, 17, 28)],
        facts={
            "p/1": [Fact(Iri("f1"), "fact one", None)],
            "p/3": [Fact(Iri("f3"), "fact three", None)],
        },
    )
    out = blocks(profile)
    assert [b.level for b in out] == [2, 0, 0]
    assert out[0].anchor == "h"
    line = out[1]
    assert [(s.text, s.passage) for s in line.segments] == [
        ("One two.", first),
        (" ", None),
        ("Three four.", second),
    ]
    assert [f.label for f in line.facts] == ["fact one", "fact three"]
    assert out[2].segments[0].text == "Last" and out[2].segments[0].passage is None


def test_example_description_comes_from_the_leading_comment() -> None:
    example = parse_example(
        "b-global-treaty-status", "# (b) Status of treaties,\n# by state.\nSELECT * {}\n"
    )
    assert example.title == "Global treaty status"
    assert example.description == "(b) Status of treaties, by state."
    assert example.query.endswith("SELECT * {}\n")


def test_jsonld_is_deterministic_and_typed() -> None:
    s, p = Iri("http://x/s"), Iri("http://www.w3.org/2000/01/rdf-schema#label")
    triples = [
        (s, p, Lit("b", "en")),
        (s, p, Lit("a", "en")),
        (s, Iri("http://x/n"), Lit("7", None, "http://www.w3.org/2001/XMLSchema#integer")),
    ]
    one = jsonld.document(triples, "ctx")
    two = jsonld.document(list(reversed(triples)), "ctx")
    assert one == two
    assert '"@type": "xsd:integer"' in one


def test_iris_the_engine_refuses_are_not_safe() -> None:
    base = "https://w3id.org/forcelaw/id/state/"
    for bad in ("%ZZ", "%", "%4", "[", "]", "\ufffe", "\ufffd", "\ue000", "a#b#c", "\ud800"):
        assert not is_safe_iri(base + bad), bad
    for good in ("KZ", "%41", "\u20ac", "\xff", "a#b", "a?b"):
        assert is_safe_iri(base + good), good


def test_header_uris_are_ascii_uris_of_the_iri() -> None:
    assert header_uri("/id/state/KZ") == "/id/state/KZ"
    assert header_uri("/id/state/\u20ac") == "/id/state/%E2%82%AC"  # RFC 3987 §3.1
    assert header_uri("/id/state/%41") == "/id/state/%41"  # a triplet is kept
    assert header_uri("/id/state/%") == "/id/state/%25"  # a lone "%" is not one
    assert header_uri('/id/a b<>"[]{}') == "/id/a%20b%3C%3E%22%5B%5D%7B%7D"
    assert header_uri("https://w3id.org/x?y=1&z#f") == "https://w3id.org/x?y=1&z#f"
