"""Treaty table rows -> the reference treaty or competence each names, checked against the row.

The parser reads a row's status without knowing what the row is about; only the reference data
tells a treaty (State Party, Signatory, Not party) from an optional competence (Yes, No). So the
rows are checked here, where each is matched to its reference resource: an unknown treaty, a
status that does not fit, and a second row for the same treaty (under any of its spellings) are
refused with the line of the row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from rdflib import URIRef

from forcelaw.errors import ProfileError, shown
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.profile.records import TreatyRow

TREATY_STATUSES = {"state-party": "State Party", "signatory": "Signatory", "not-party": "Not party"}
"""Statuses a treaty row may have (status key -> the table's wording)."""
COMPETENCE_STATUSES = {"yes": "Yes", "no": "No"}
"""Statuses an optional competence row may have (status key -> the table's wording)."""


class ResolvedRow(NamedTuple):
    """A treaty table row and the reference treaty or competence it names."""

    row: TreatyRow
    treaty: URIRef


def resolve_rows(
    rows: Iterable[TreatyRow], reference: ReferenceIndex, source: str
) -> list[ResolvedRow]:
    """Each row with its reference treaty, in order; ProfileError (naming `source` and the row's
    line) for an unknown treaty, a status that does not fit the row, or a second row for one."""
    resolved: list[ResolvedRow] = []
    first: dict[URIRef, TreatyRow] = {}
    for row in rows:
        treaty = reference.treaty(row.name)
        if treaty is None:
            raise ProfileError(
                source,
                row.span.line,
                f"treaty '{shown(row.name)}' is not in the reference data "
                "(expected one of the treaties in data/reference/treaties.ttl)",
            )
        _check_status(row, reference.is_competence(treaty), source)
        earlier = first.setdefault(treaty, row)
        if earlier is not row:
            raise ProfileError(source, row.span.line, _duplicate(row, earlier))
        resolved.append(ResolvedRow(row, treaty))
    return resolved


def _check_status(row: TreatyRow, competence: bool, source: str) -> None:
    fitting = COMPETENCE_STATUSES if competence else TREATY_STATUSES
    if row.status in fitting:
        return
    given = {**TREATY_STATUSES, **COMPETENCE_STATUSES}.get(row.status, row.status)
    what = "an optional competence" if competence else "a treaty"
    raise ProfileError(
        source,
        row.span.line,
        f"status '{given}' does not fit '{shown(row.name)}', {what} "
        f"(expected {', '.join(fitting.values())})",
    )


def _duplicate(row: TreatyRow, earlier: TreatyRow) -> str:
    where = f"first at line {earlier.span.line}"
    if earlier.name != row.name:
        where += f", as '{shown(earlier.name)}'"
    return f"duplicate row for '{shown(row.name)}' ({where})"
