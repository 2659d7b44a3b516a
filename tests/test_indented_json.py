"""``indented_json.dumps`` writes exactly what ``json.dumps(ensure_ascii=False, indent=2)`` does."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forcelaw import indented_json

SCALARS = st.none() | st.booleans() | st.integers() | st.text()
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


def expected(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_the_text_is_json_s(data: Any) -> None:
    assert indented_json.dumps(data) == expected(data)


def test_a_json_ld_document_with_every_kind_of_string() -> None:
    document = {
        "@context": "https://w3id.org/forcelaw/context.jsonld",
        "@graph": [
            {
                "@id": "_:b0",
                "fl:text": {"@value": 'a "quote", \\ \n\t\u2028 \x00 é 日本', "@language": "kk"},
            },
            {"@id": "https://w3id.org/forcelaw/id/state/KZ", "@type": ["fl:State"], "fl:x": []},
            {},
        ],
    }
    assert indented_json.dumps(document) == expected(document)


def test_empty_containers_and_tuples() -> None:
    for data in ({}, [], (), {"a": {}}, [[]], ("x", (1, None))):
        assert indented_json.dumps(data) == expected(data)


def test_what_it_does_not_write_is_left_to_json() -> None:
    class Text(str):
        pass

    for data in (
        {"n": 1.5},
        [float("inf")],
        {1: "a non-string key"},
        {"big": 10**30, "nested": [{"f": -0.0}]},
        [Text("a subclass")],
        {True: None},
    ):
        assert indented_json.dumps(data) == expected(data)


def test_a_cycle_is_refused_as_json_refuses_it() -> None:
    cycle: list[Any] = []
    cycle.append(cycle)
    with pytest.raises(ValueError, match="Circular reference"):
        indented_json.dumps(cycle)
