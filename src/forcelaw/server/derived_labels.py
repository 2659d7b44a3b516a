"""Page text for what a page shows but the graph gives no label: a passage's position and quote
selectors, VoID's class and property partitions, a file's checksum, any other ``#fragment`` or
blank node. A link to one read as its raw IRI ("https://w3id.org/forcelaw/id/profile/KZ/
passage/0026-0120#position"). The text is made from the node's own triples on the page, for
people: no triple states it, and a label in the graph always wins."""

from __future__ import annotations

from forcelaw.jsonld import compact_iri
from forcelaw.namespaces import PREFIXES
from forcelaw.server.describe import LABEL_PROPERTIES, Description, Passage
from forcelaw.terms import Blank, Iri, Lit, Term

OA = PREFIXES["oa"]
VOID = "http://rdfs.org/ns/void#"
SPDX = "http://spdx.org/rdf/terms#"
RDF_TYPE = PREFIXES["rdf"] + "type"
POSITION = OA + "TextPositionSelector"
QUOTE = OA + "TextQuoteSelector"
CHECKSUM = SPDX + "Checksum"
QUOTE_CHARS = 60  # of a quote selector's text in its label


def derived_labels(description: Description, labels: dict[str, str]) -> dict[str, str]:
    """A readable name for each IRI subject of ``description`` that ``labels`` does not name
    (blank nodes keep their ``_:`` label: a page has nothing else to tell them apart by)."""
    out: dict[str, str] = {}
    passages = {p.iri.value: p for p in description.passages}
    for subject in description.subjects:
        if not isinstance(subject, Iri) or subject.value in labels:
            continue
        text = _derived(description, subject, passages, labels)
        if text is not None:
            out[subject.value] = text
    return out


def made_by_the_page(description: Description, derived: dict[str, str]) -> frozenset[str]:
    """The IRIs of ``derived`` whose name the page made: not a label of the node's own that
    the page's labels happened to lack (that one the graph states)."""
    return frozenset(
        iri
        for iri in derived
        if not any(
            p.value in LABEL_PROPERTIES and isinstance(o, Lit)
            for p, o in description.about(Iri(iri))
        )
    )


def _derived(
    description: Description,
    subject: Iri | Blank,
    passages: dict[str, Passage],
    labels: dict[str, str],
) -> str | None:
    values: dict[str, Term] = {}
    types: set[str] = set()
    for p, o in description.about(subject):
        if p.value == RDF_TYPE:
            types.add(o.value)
        values.setdefault(p.value, o)
    own_label = next((values[p] for p in LABEL_PROPERTIES if p in values), None)
    if isinstance(own_label, Lit):  # the graph's own, when the page's labels lack it
        return own_label.value
    start, end = values.get(OA + "start"), values.get(OA + "end")
    if POSITION in types and isinstance(start, Lit) and isinstance(end, Lit):
        where = f"Position: characters {start.value}–{end.value} of the profile"
        passage = passages.get(subject.value.split("#", 1)[0])
        if passage is not None and passage.line is not None:
            where += f" (line {passage.line})"
        return where
    exact = values.get(OA + "exact")
    if QUOTE in types and isinstance(exact, Lit):
        return f"Quote: “{_shortened(exact.value)}”"
    for predicate, kind in ((VOID + "class", "Class"), (VOID + "property", "Property")):
        term = values.get(predicate)
        if isinstance(term, Iri):
            return f"{kind} partition: {compact_iri(term.value)}"  # the IRI it counts
    algorithm = values.get(SPDX + "algorithm")
    if CHECKSUM in types and isinstance(algorithm, Iri):
        name = algorithm.value.rsplit("_", 1)[-1].upper().replace("SHA", "SHA-")
        return f"{name} checksum"
    own = subject.value.split("#", 1)
    if len(own) == 2 and own[0] == description.iri.value:
        whose = labels.get(own[0])
        return f"#{own[1]} of {whose}" if whose else None
    return None


def _shortened(text: str) -> str:
    """``text`` on one line, cut at a word with an ellipsis past ``QUOTE_CHARS`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= QUOTE_CHARS:
        return flat
    cut = flat[:QUOTE_CHARS].rsplit(" ", 1)[0]
    return cut + "…"
