"""Treaty table rows matched to the reference data: a status must fit the row (a treaty: State
Party, Signatory, Not party; an optional competence: Yes, No), and one treaty has one row, under
whichever of its spellings. Each refusal names the file and the row's line."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from forcelaw.errors import ProfileError
from forcelaw.graph.mapping import StateInfo, map_profile
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.graph.treaty_rows import resolve_rows
from forcelaw.namespaces import BASE
from forcelaw.profile.parse import parse
from tests.conftest import KZ

CAT = "1984 Convention against Torture (CAT)"
CAT22 = "Competence of CAT Committee to receive individual complaints"
ROME = "1998 Rome Statute of the International Criminal Court"
OP1 = "ICCPR Optional Protocol 1"


def profile_with_rows(*rows: str) -> str:
    """A small profile whose treaty table (from line 5) holds ``rows``."""
    return (
        "Constitutional Provisions\n"
        'Article 3 provides that "Everyone has the right to life."\n'
        "Treaty Adherence\n"
        "Global Treaties\n"
        + "".join(f"{row}\n" for row in rows)
        + "National Legislation\nThere is no law on the use of force.\n"
        "Police Oversight\nThere is no independent police oversight body in Testland.\n"
        "Caselaw\nNational\nThere is no known national caselaw on police use of force.\n"
    )


def _map(text: str, index: ReferenceIndex) -> None:
    map_profile(parse(text, "tt.txt"), StateInfo("TT", "Testland"), index)


def test_the_reference_tells_competences_from_treaties(reference_index: ReferenceIndex) -> None:
    competence = URIRef(BASE + "treaty/cat-art22-competence")
    assert reference_index.competences == {competence}
    assert reference_index.is_competence(competence)
    cat = reference_index.treaty(CAT)
    assert cat is not None and not reference_index.is_competence(cat)


def test_fitting_rows_resolve_in_order(reference_index: ReferenceIndex) -> None:
    rows = parse(KZ.read_text("utf-8"), "KZ.txt").treaty_rows
    resolved = resolve_rows(rows, reference_index, "KZ.txt")
    assert [r.row for r in resolved] == list(rows)
    assert [str(r.treaty).rsplit("/", 1)[-1] for r in resolved] == [
        "iccpr", "iccpr-op1", "cat", "cat-art22-competence", "opcat", "rome-statute",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "line", "message"),
    [
        (
            [f"{CAT} | State Party |", f"{ROME} | Yes |"],
            6,
            f"status 'Yes' does not fit '{ROME}', a treaty "
            "(expected State Party, Signatory, Not party)",
        ),
        (
            [f"{ROME} | no |"],
            5,
            f"status 'No' does not fit '{ROME}', a treaty "
            "(expected State Party, Signatory, Not party)",
        ),
        (
            [f"{CAT} | State Party |", f"{CAT22} | Signatory |"],
            6,
            f"status 'Signatory' does not fit '{CAT22}', an optional competence (expected Yes, No)",
        ),
        (
            [f"{CAT22} | State Party |"],
            5,
            f"status 'State Party' does not fit '{CAT22}', an optional competence "
            "(expected Yes, No)",
        ),
        (
            [f"{CAT22} | Not party |"],
            5,
            f"status 'Not party' does not fit '{CAT22}', an optional competence (expected Yes, No)",
        ),
        (
            [f"{CAT} | State Party |", f"{OP1} | State Party |", f"{OP1} | Not party |"],
            7,
            f"duplicate row for '{OP1}' (first at line 6)",
        ),
        (
            [f"{OP1} | State Party |", f"{CAT} | State Party |", f"{OP1} | State Party |"],
            7,
            f"duplicate row for '{OP1}' (first at line 5)",
        ),
        (
            [f"{CAT} | State Party |", "Convention against  Torture (CAT) | Signatory |"],
            6,
            f"duplicate row for 'Convention against  Torture (CAT)' (first at line 5, as '{CAT}')",
        ),
        (
            [f"{CAT22} | Yes |", f"{CAT22.upper()} | No |"],
            6,
            f"duplicate row for '{CAT22.upper()}' (first at line 5, as '{CAT22}')",
        ),
        (
            [f"{CAT} | State Party |", "Treaty of Atlantis | Yes |"],
            6,
            "treaty 'Treaty of Atlantis' is not in the reference data",
        ),
    ],
    ids=[
        "yes-on-treaty",
        "no-on-treaty",
        "signatory-on-competence",
        "state-party-on-competence",
        "not-party-on-competence",
        "duplicate-conflicting",
        "duplicate-agreeing",
        "duplicate-other-spelling",
        "duplicate-competence",
        "unknown-treaty",
    ],
)
def test_row_that_does_not_fit_is_refused_at_its_line(
    rows: list[str], line: int, message: str, reference_index: ReferenceIndex
) -> None:
    with pytest.raises(ProfileError) as caught:
        _map(profile_with_rows(*rows), reference_index)
    assert (caught.value.source, caught.value.line) == ("tt.txt", line)
    assert caught.value.message.startswith(message), caught.value.message
    assert str(caught.value).startswith(f"tt.txt:{line}: ")


def test_competence_row_with_yes_or_no_and_treaty_row_with_each_status_map(
    reference_index: ReferenceIndex,
) -> None:
    for status in ("State Party", "Signatory", "Not party"):
        for answer in ("Yes", "No"):
            _map(profile_with_rows(f"{CAT} | {status} |", f"{CAT22} | {answer} |"), reference_index)


def test_footnotes_dashes_and_a_qualified_status_are_read(reference_index: ReferenceIndex) -> None:
    """What real tables carry beside the cells: a footnote marker, a bracketed qualifier of the
    status (kept, as said, on the adherence) and a dash of another code point."""
    from rdflib.namespace import SKOS

    from forcelaw.namespaces import FL

    text = profile_with_rows(
        f"{CAT}[1] | State Party (with reservations) |",
        f"{OP1}¹ | Signatory* |",
        "1985 Inter\u2011American Convention to Prevent and Punish Torture | State Party |",
    )
    graph = map_profile(parse(text, "tt.txt"), StateInfo("TT", "Testland"), reference_index)
    cat = URIRef(BASE + "adherence/TT/cat")
    assert str(graph.value(cat, FL.status)).endswith("/state-party")
    assert str(graph.value(cat, SKOS.note)) == "with reservations"
    assert str(graph.value(URIRef(BASE + "adherence/TT/iccpr-op1"), FL.status)).endswith(
        "/signatory"
    )
    assert (URIRef(BASE + "adherence/TT/iacppt"), FL.status, None) in graph


def test_a_status_that_is_no_status_even_with_a_qualifier_is_refused() -> None:
    with pytest.raises(ProfileError, match="unknown treaty status 'Party'"):
        parse(profile_with_rows(f"{CAT} | Party (with reservations) |"), "tt.txt")


def test_a_huge_treaty_name_is_named_by_its_start_and_length(
    reference_index: ReferenceIndex,
) -> None:
    name = "Convention " + "x" * 1_000_000
    with pytest.raises(ProfileError) as caught:
        _map(profile_with_rows(f"{name} | State Party |"), reference_index)
    assert caught.value.line == 5
    assert len(str(caught.value)) < 300
    assert caught.value.message.startswith("treaty 'Convention xxx")
    assert "… (1,000,011 characters)' is not in the reference data" in caught.value.message
