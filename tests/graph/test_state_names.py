"""Whether a place a profile names is its own state: every form of the name, whole names only."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forcelaw.graph.state_names import StateNames


@pytest.mark.parametrize(
    ("state", "place"),
    [
        ("Bolivia (Plurinational State of)", "Bolivia (Plurinational State of)"),
        ("Bolivia (Plurinational State of)", "the Plurinational State of Bolivia"),
        ("Bolivia (Plurinational State of)", "Bolivia"),
        ("Micronesia (Federated States of)", "Federated States of Micronesia"),
        ("Netherlands (Kingdom of the)", "the Kingdom of the Netherlands"),
        ("Kazakhstan", "the Republic of Kazakhstan"),
        ("Ethiopia", "Federal Democratic Republic of Ethiopia"),
        ("United Kingdom of Great Britain and Northern Ireland", "the United Kingdom"),
        ("United States of America", "the United States"),
        ("Republic of Korea", "Korea"),
        ("Democratic People's Republic of Korea", "the Democratic People's Republic of Korea"),
        ("Congo", "the Republic of the Congo"),
        ("Democratic Republic of the Congo", "the Democratic Republic of the Congo"),
        ("Lao People's Democratic Republic", "the Lao People's Democratic Republic"),
        ("State of Palestine", "Palestine"),
        ("Holy See", "the Holy See"),
        ("Côte d’Ivoire", "Côte d’Ivoire"),
        ("Côte d’Ivoire", "the Republic of Côte d'Ivoire"),
        ("Lao People's Democratic Republic", "Lao People’s Democratic Republic"),
    ],
)
def test_a_form_of_the_state_s_name_names_it(state: str, place: str) -> None:
    assert StateNames.of(state).names(place)


@pytest.mark.parametrize(
    ("state", "place"),
    [
        ("Guinea", "Guinea-Bissau"),
        ("Guinea", "Equatorial Guinea"),
        ("Guinea", "Papua New Guinea"),
        ("Guinea-Bissau", "Guinea"),
        ("Niger", "Nigeria"),
        ("Nigeria", "Niger"),
        ("Sudan", "South Sudan"),
        ("South Sudan", "Sudan"),
        ("Dominica", "Dominican Republic"),
        ("Dominican Republic", "Dominica"),
        ("Congo", "the Democratic Republic of the Congo"),
        ("Democratic Republic of the Congo", "the Congo"),
        ("Democratic Republic of the Congo", "the Republic of the Congo"),
        ("Republic of Korea", "the Democratic People's Republic of Korea"),
        ("Democratic People's Republic of Korea", "Korea"),
        ("Democratic People's Republic of Korea", "the Republic of Korea"),
        ("Bolivia (Plurinational State of)", "Honduras"),
        ("Kazakhstan", "the Republic of Uzbekistan"),
        ("Guinea", "Guinea's"),
    ],
)
def test_another_state_or_a_longer_name_does_not(state: str, place: str) -> None:
    assert not StateNames.of(state).names(place)


def test_end_at_gives_where_the_name_ends_in_running_text() -> None:
    names = StateNames.of("Guinea")
    text = "Supreme Court of the Republic of Guinea upheld"
    assert names.end_at(text, len("Supreme Court of ")) == len(
        "Supreme Court of the Republic of Guinea"
    )
    assert names.end_at("Supreme Court of Guinea-Bissau upheld", len("Supreme Court of ")) is None


@given(st.text(max_size=60), st.text(max_size=80))
def test_no_name_or_text_crashes_it(state: str, place: str) -> None:
    names = StateNames.of(state)
    assert names.names(place) == (
        names.end_at(" ".join(place.split())) == len(" ".join(place.split()))
    )


@pytest.mark.parametrize(
    ("state", "place", "elsewhere"),
    [
        ("Iraq", "Kurdistan Region", True),
        ("Nigeria", "Lagos State", True),
        ("Guinea", "Guinea-Bissau", True),
        ("Sudan", "South Sudan", True),
        ("Guinea", "Republic of Guinea", False),
        ("Russian Federation", "Russia", False),  # the state by a name the manifest omits
        ("KZ", "Kurdistan Region", False),  # a code for a name: nothing can be told
    ],
)
def test_elsewhere_is_a_part_of_the_state_or_a_state_whose_name_holds_its_name(
    state: str, place: str, elsewhere: bool
) -> None:
    assert StateNames.of(state).elsewhere(place) is elsewhere


@pytest.mark.parametrize(
    ("state", "place"),
    [("Russian Federation", "Russia"), ("Türkiye", "Turkey"), ("Côte d’Ivoire", "Ivory Coast")],
)
def test_a_name_the_state_goes_by_beside_its_un_name_names_it(state: str, place: str) -> None:
    assert StateNames.of(state).names(place)
