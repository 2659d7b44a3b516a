"""The figures each claim on a page gives: an event's page listed who claimed what, but not the
numbers, so "12 deaths" (the Human Rights Committee) and "some 15 people killed" (the High
Commissioner) stood one link away each, never side by side with their authors."""

from __future__ import annotations

from dataclasses import dataclass

from forcelaw.jsonld import compact_iri
from forcelaw.namespaces import FL, PREFIXES
from forcelaw.server.describe import ClaimRow, Reader, Row, best_labels
from forcelaw.terms import Iri, Term


@dataclass(frozen=True)
class Figure:
    iri: Iri
    label: str


async def claim_figures(reader: Reader, claims: list[ClaimRow]) -> dict[str, list[Figure]]:
    """Each claim's figures (``fl:hasFigure``) by the claim's IRI, in IRI order."""
    if not claims:
        return {}
    return figures(await reader.select(_query([c.claim.value for c in claims])))


def figures(rows: list[Row]) -> dict[str, list[Figure]]:
    """``_query``'s rows as each claim's figures, labelled (the best label, else the IRI)."""
    found: dict[str, set[str]] = {}
    labels: list[tuple[str, Term]] = []
    for row in rows:
        figure = row["figure"]
        if not isinstance(figure, Iri):
            continue
        found.setdefault(row["claim"].value, set()).add(figure.value)
        if "label" in row:
            labels.append((figure.value, row["label"]))
    best = best_labels(labels)
    return {
        claim: [Figure(Iri(f), best.get(f) or compact_iri(f)) for f in sorted(these)]
        for claim, these in found.items()
    }


def _query(claims: list[str]) -> str:
    values = " ".join(f"<{c}>" for c in sorted(set(claims)))
    return (
        f"PREFIX fl: <{FL}> PREFIX rdfs: <{PREFIXES['rdfs']}> "
        f"SELECT ?claim ?figure ?label WHERE {{ VALUES ?claim {{ {values} }} "
        "?claim fl:hasFigure ?figure OPTIONAL { ?figure rdfs:label ?label } }"
    )
