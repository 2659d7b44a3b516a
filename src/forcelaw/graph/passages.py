"""Source passages: spans of a profile's text as Web Annotation specific resources."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from forcelaw.graph import uris
from forcelaw.namespaces import BASE, FL, OA
from forcelaw.profile.records import Profile, Span

_LINE_BREAK = re.compile(r"\r\n|\n|\r")
Triple = tuple[URIRef, URIRef, URIRef | Literal]


def passage_iri(code: str, span: Span, base: str = BASE) -> URIRef:
    return uris.passage(code, span.start, span.end, base)


def passage_triples(
    code: str, state_name: str, profile: Profile, span: Span, base: str = BASE
) -> Iterator[Triple]:
    """The passage for `span` with its position and quote selectors and its section."""
    iri = passage_iri(code, span, base)
    position = uris.passage_selector(iri, "position")
    quote = uris.passage_selector(iri, "quote")
    exact = profile.text[span.start : span.end]
    yield iri, RDF.type, FL.SourcePassage
    yield (
        iri,
        RDFS.label,
        Literal(
            f"{state_name} profile, line {span.line}, characters {span.start}–{span.end}", lang="en"
        ),
    )
    yield iri, OA.hasSource, uris.profile(code, base)
    yield iri, OA.hasSelector, position
    yield iri, OA.hasSelector, quote
    yield iri, FL.line, Literal(span.line, datatype=XSD.integer)
    yield iri, DCTERMS.isPartOf, uris.section(code, section_at(profile, span.start), base)
    yield position, RDF.type, OA.TextPositionSelector
    yield position, OA.start, Literal(span.start, datatype=XSD.integer)
    yield position, OA.end, Literal(span.end, datatype=XSD.integer)
    yield quote, RDF.type, OA.TextQuoteSelector
    yield quote, OA.exact, Literal(exact)


def derived_from(subject: URIRef, code: str, span: Span, base: str = BASE) -> Triple:
    return subject, PROV.wasDerivedFrom, passage_iri(code, span, base)


def section_at(profile: Profile, offset: int) -> str:
    """Key of the (deepest) section whose text contains `offset`."""
    key = profile.sections[0].key
    for section in profile.sections:
        if section.heading.start <= offset:
            key = section.key
    return key


def span_at(profile: Profile, start: int, end: int) -> Span:
    """A span with the 1-based line number of its start."""
    line = len(_LINE_BREAK.findall(profile.text, 0, start)) + 1
    return Span(start, end, line)
