"""The list of states (data/reference/states.tsv): accurate, unique, and read by whole names."""

from __future__ import annotations

from pathlib import Path

import pytest

from forcelaw.errors import BuildError
from forcelaw.graph.build import ProjectPaths, load_states
from forcelaw.graph.states import StateList, parse_states

# Codes ISO 3166-1 leaves to its users: never a state's.
_USER_ASSIGNED = (
    {"AA", "ZZ"}
    | {f"Q{c}" for c in "MNOPQRSTUVWXYZ"}
    | {f"X{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
)
# The system's copy of ISO 3166-1 (tzdata), where there is one.
_ISO_TAB = Path("/usr/share/zoneinfo/iso3166.tab")


@pytest.fixture(scope="module")
def states(paths: ProjectPaths) -> StateList:
    return load_states(paths)


def test_the_list_is_the_un_members_and_observer_states(states: StateList) -> None:
    codes = [state.code for state in states.states if not state.former]
    assert len(codes) == len(set(codes)) == 195
    assert {"VA", "PS"} <= set(codes)  # the Holy See and the State of Palestine
    assert states.code("Holy See") == "VA" and states.code("State of Palestine") == "PS"


def test_every_code_is_an_assigned_iso_alpha_2_code(states: StateList) -> None:
    codes = {state.code for state in states.states if not state.former}
    assert all(len(c) == 2 and c.isascii() and c.isupper() for c in codes)
    assert not codes & _USER_ASSIGNED
    if not _ISO_TAB.exists():
        pytest.skip(f"no copy of ISO 3166-1 at {_ISO_TAB}")
    lines = _ISO_TAB.read_text(encoding="utf-8").splitlines()
    assigned = {line.split("\t")[0] for line in lines if line and not line.startswith("#")}
    assert codes <= assigned, sorted(codes - assigned)


def test_every_name_is_one_state_s(states: StateList) -> None:
    seen: dict[str, str] = {}
    for state in states.states:
        for name in state.names:
            key = name.casefold()
            assert seen.setdefault(key, state.code) == state.code, (name, seen[key], state.code)
            assert states.code(name) == state.code, name
    assert len(seen) > len(states.states)  # short forms beside the UN names


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("United Kingdom", "GB"),
        ("UK", "GB"),
        ("Russia", "RU"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Côte d’Ivoire", "CI"),
        ("Viet Nam", "VN"),
        ("the Democratic Republic of the Congo", "CD"),
        ("the Congo", "CG"),
        ("Republic of Korea", "KR"),
        ("Democratic People's Republic of Korea", "KP"),
    ],
)
def test_a_state_goes_by_its_short_forms(states: StateList, name: str, code: str) -> None:
    assert states.code(name) == code


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("killings in Nigeria", {"NG"}),
        ("killings in Niger", {"NE"}),
        ("killings in Niger and Nigeria", {"NE", "NG"}),
        ("in Guinea-Bissau, Equatorial Guinea and Papua New Guinea", {"GW", "GQ", "PG"}),
        ("in Guinea", {"GN"}),
        ("in the Dominican Republic", {"DO"}),
        ("in Dominica", {"DM"}),
        ("in South Sudan", {"SS"}),
        ("in the Sudan", {"SD"}),
        ("in the Democratic Republic of the Congo", {"CD"}),
        ("in the Democratic People's Republic of Korea", {"KP"}),
        ("in Nigerian prisons, by Sudanese police", set()),  # adjectives name no state
        ("in Omani waters, Chadian forces, Malian law", set()),
        ("Niger-Delta", set()),
    ],
)
def test_a_name_in_a_text_is_matched_whole(states: StateList, text: str, codes: set[str]) -> None:
    assert states.named_in(text) == codes


@pytest.mark.parametrize(
    "row",
    [
        "ng\tNigeria\t",
        "NG Nigeria",
        "NGA\tNigeria\t",
        "NG\t\tFederal Republic of Nigeria",
        "NG\tNigeria",
    ],
)
def test_a_bad_row_is_an_error_naming_its_line(row: str) -> None:
    with pytest.raises(BuildError, match=r"^states\.tsv:2: expected a code"):
        parse_states(f"# states\n{row}\n", "states.tsv")


def test_an_empty_list_names_no_state() -> None:
    empty = parse_states("# nothing yet\n", "states.tsv")
    assert empty.named_in("killings in Nigeria") == set() and empty.code("Nigeria") is None


def test_a_name_at_a_place_ends_where_the_name_does(states: StateList) -> None:
    text = "Supreme Court of the UK upheld it"
    assert states.end_at(text, len("Supreme Court of "), frozenset({"GB"})) == len(text) - 10
    assert states.end_at(text, len("Supreme Court of "), frozenset({"US"})) is None
    assert states.end_at("Court of Nigeria", len("Court of "), frozenset({"NE"})) is None
    assert states.end_at("Court of Côte d’Ivoire", len("Court of "), frozenset({"CI"})) == 22


def test_a_checkout_without_the_list_is_a_build_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "data" / "reference").mkdir(parents=True)
    with pytest.raises(BuildError, match=r"states\.tsv: cannot read the list of states"):
        load_states(ProjectPaths(tmp_path))


def test_every_state_has_its_adjectives_and_none_is_a_name(paths: ProjectPaths) -> None:
    """The adjectives column: a state's adjective is no state's name (the list would read
    "Georgia" and "Georgian" alike), and it is capitalised and whole."""
    states = load_states(paths)
    names = {name for state in states.states for name in state.names}
    adjectives = [a for state in states.states for a in state.adjectives]
    assert len(adjectives) >= 190
    assert not set(adjectives) & names
    assert all(a[0].isupper() and a == a.strip() and ";" not in a for a in adjectives)
    assert states.by_adjective("French Penal Code") == "FR"
    assert states.by_adjective("Kazakh Criminal Code") == "KZ"
    assert states.by_adjective("South Sudanese Police Act") == "SS"
    assert states.by_adjective("Sudanese Police Act") == "SD"


def test_an_adjective_two_states_share_is_neither_s(paths: ProjectPaths) -> None:
    states = load_states(paths)
    assert states.by_adjective("Congolese Penal Code") is None
    assert states.by_adjective("Dominican Criminal Code") is None
    assert states.by_adjective("Frenchman Code") is None  # whole words only
    assert states.by_adjective("Penal Code") is None


def test_adjectives_are_read_from_a_fourth_column() -> None:
    two = parse_states("FR\tFrance\tFrench Republic\tFrench\nCA\tCanada\t\n", "states.tsv")
    assert two.by_adjective("French Civil Code") == "FR"
    assert two.by_adjective("Canadian Charter") is None
    with pytest.raises(BuildError, match=r"^states\.tsv:1: expected a code"):
        parse_states("FR\tFrance\tFrench Republic\tFrench\textra\n", "states.tsv")
