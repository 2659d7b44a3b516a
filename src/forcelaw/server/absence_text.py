"""What an absence statement's page says in words: "The profile states that there is no
independent police oversight body in Kazakhstan", read from the statement's own triples (its
kind, its hedge and its state). The page showed the label and a table of statements, so that a
hedged absence ("There is not believed to be ...") read as the label's flat "no ...", and the
hedge only as a row among the others.

The sentence says nothing its triples do not: the hedge decides its verb (an absence without a
hedge says so), the kind and the state are their labels, linked to their pages."""

from __future__ import annotations

from dataclasses import dataclass

from forcelaw.namespaces import FL
from forcelaw.server.describe import Description
from forcelaw.terms import Iri, Term

ABSENCE = FL + "AbsenceStatement"
HEDGE_SCHEME = "https://w3id.org/forcelaw/id/scheme/hedge/"
UNCLASSIFIED = "https://w3id.org/forcelaw/id/scheme/absence-kind/unclassified"
# The words before the kind, by hedge: "asserted" and "believed" are the scheme's two concepts.
LEADS = {
    HEDGE_SCHEME + "asserted": "The profile states that there is no",
    HEDGE_SCHEME + "believed": "The profile states that there is not believed to be",
}
NO_HEDGE = "The profile states an absence, with no hedge recorded, of"


@dataclass(frozen=True)
class AbsenceText:
    """The sentence's parts: ``lead`` ``kind`` in ``state``. (``kind`` None: unclassified.)"""

    lead: str
    kind: Iri | None
    state: Iri | None
    hedge: Iri | None


def absence_text(description: Description) -> AbsenceText | None:
    """The sentence for an absence statement's page, or None for any other resource."""
    if not any(t.value == ABSENCE for t in description.types()):
        return None
    own = description.about(description.iri)
    kind = _one(own, FL + "absentKind")
    hedge = _one(own, FL + "hedge")
    state = _one(own, FL + "state")
    lead = LEADS.get(hedge.value, NO_HEDGE) if hedge is not None else NO_HEDGE
    if kind is not None and kind.value == UNCLASSIFIED:
        kind = None
    return AbsenceText(lead, kind, state, hedge)


def _one(pairs: list[tuple[Iri, Term]], predicate: str) -> Iri | None:
    """The one IRI value of ``predicate`` (None when there is none, or several to choose from)."""
    found = {o for p, o in pairs if p.value == predicate and isinstance(o, Iri)}
    return found.pop() if len(found) == 1 else None
