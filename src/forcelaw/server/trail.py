"""The way up from a provision's or an instrument's page: the state, the instrument and the
articles a provision is part of ("Kazakhstan › 1995 Constitution › Article 17 › Article
17(1)"). A paragraph's page linked only its article (a row of its statements table), so a
reader reached the instrument and the state by way of the article's page.

Read from the graph alone: ``eli:is_part_of`` from the resource up (a part of two wholes, or a
loop, ends the way there: the page does not choose), then the top's ``fl:state``."""

from __future__ import annotations

from dataclasses import dataclass

from forcelaw.jsonld import compact_iri
from forcelaw.namespaces import FL, PREFIXES
from forcelaw.server.describe import Description, Reader, Row, best_labels
from forcelaw.terms import Iri, Term

ELI = PREFIXES["eli"]
WITH_TRAIL = frozenset({FL + "Provision", FL + "LegalInstrument"})


@dataclass(frozen=True)
class Step:
    iri: Iri
    label: str


async def trail(reader: Reader, description: Description) -> list[Step]:
    """The steps up to ``description``'s resource, the outermost first (none but for a
    provision or an instrument)."""
    if not WITH_TRAIL & {t.value for t in description.types()}:
        return []
    return steps(description.iri.value, await reader.select(_query(description.iri.value)))


def steps(iri: str, rows: list[Row]) -> list[Step]:
    """The steps ``_query``'s ``rows`` give up from ``iri``."""
    parents: dict[str, set[str]] = {}
    states: dict[str, set[str]] = {}
    found: list[tuple[str, Term]] = []
    for row in rows:
        node = row["x"].value
        for name, into in (("parent", parents), ("state", states)):
            value = row.get(name)
            into.setdefault(node, set())
            if isinstance(value, Iri):
                into[node].add(value.value)
        for term, label in (("x", "label"), ("state", "stateLabel")):
            if label in row and term in row:
                found.append((row[term].value, row[label]))
    labels = best_labels(found)
    chain = [iri]
    while len(up := parents.get(chain[-1], set())) == 1:
        (parent,) = up
        if parent in chain:
            break
        chain.append(parent)
    state = states.get(chain[-1], set())
    outer = ([state.pop()] if len(state) == 1 else []) + chain[:0:-1]
    return [Step(Iri(i), labels.get(i) or compact_iri(i)) for i in outer]


def _query(iri: str) -> str:
    return (
        f"PREFIX eli: <{ELI}> PREFIX fl: <{FL}> PREFIX rdfs: <{PREFIXES['rdfs']}> "
        "SELECT ?x ?parent ?label ?state ?stateLabel WHERE { "
        f"<{iri}> eli:is_part_of* ?x . "
        "OPTIONAL { ?x eli:is_part_of ?parent } OPTIONAL { ?x rdfs:label ?label } "
        "OPTIONAL { ?x fl:state ?state OPTIONAL { ?state rdfs:label ?stateLabel } } }"
    )
