"""The curated layer: hand-written triples anchored by exact quotes, resolved against the source.

A curated file is Turtle in the project's vocabulary. Each resource it describes carries one or more
`fl:anchor "exact quote"` (with `fl:anchorOccurrence n` when the quote occurs more than once). The
build finds every quote in the profile text, replaces the anchor with `prov:wasDerivedFrom` the
passage at those offsets, and refuses quotes that are absent or ambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from forcelaw.errors import CurationError
from forcelaw.graph.curated_checks import check_curated
from forcelaw.graph.passages import passage_iri, passage_triples, span_at
from forcelaw.namespaces import BASE, FL, bind_prefixes
from forcelaw.profile.records import Profile, Span

_SUBJECT_LINE = re.compile(r"^(<[^>\s]*>|[A-Za-z][\w-]*:[\w./-]*)\s")


@dataclass(frozen=True)
class Curated:
    """The resolved curated layer and the passages its anchors point to."""

    graph: Graph
    anchors: tuple[Span, ...]


def resolve(
    turtle: str, source: str, profile: Profile, code: str, state_name: str, base: str = BASE
) -> Curated:
    """Parse a curated Turtle file and resolve its anchors against the profile text."""
    _check_duplicate_blocks(turtle, source)
    parsed = Graph()
    try:
        parsed.parse(data=turtle, format="turtle", publicID=base)
    except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
        raise CurationError(
            source, _error_line(exc), f"not valid Turtle: {_one_line(exc)}"
        ) from None
    check_curated(parsed, source)
    _check_own(parsed, source, code, base)
    graph = bind_prefixes(Graph())
    anchors: list[Span] = []
    for subject, predicate, obj in parsed:
        if predicate in (FL.anchor, FL.anchorOccurrence):
            continue
        graph.add((subject, predicate, obj))
    for subject, quote in parsed.subject_objects(FL.anchor):
        if not isinstance(subject, URIRef):
            raise CurationError(
                source, None, "an anchored resource must have a URI, not a blank node"
            )
        occurrences = [str(o) for o in parsed.objects(subject, FL.anchorOccurrence)]
        if not all(o.isdigit() for o in occurrences):
            raise CurationError(
                source, None, f"<{subject}>: fl:anchorOccurrence must be a positive integer"
            )
        span = _locate(str(quote), [int(o) for o in occurrences], profile, source, turtle)
        anchors.append(span)
        for triple in passage_triples(code, state_name, profile, span, base):
            graph.add(triple)
        passage = passage_iri(code, span, base)
        graph.add((subject, PROV.wasDerivedFrom, passage))
        if any((subject, RDF.type, named) in parsed for named in _NAMED):
            graph.add((passage, FL.mentions, subject))
        if (subject, RDF.type, FL.Pronouncement) in parsed:
            for author in parsed.objects(subject, FL.author):
                graph.add((passage, FL.mentions, author))  # as a parsed pronouncement's passage
    return Curated(graph, tuple(sorted(anchors)))


# What a quote names (a body, a post, a person, an event, an instrument): the passage of its
# anchor mentions it, as the parser's passages mention the instruments and bodies they name.
# A claim, a figure or a pronouncement is what a passage says, not a thing it names.
_NAMED = (FL.Body, FL.Post, FL.Person, FL.Event, FL.LegalInstrument, FL.Outcome)


_STATE_SEGMENT = re.compile(r"/([A-Z]{2})(?:/|$)")


def _check_own(parsed: Graph, source: str, code: str, base: str) -> None:
    """A curated file speaks of its own state and derives only through anchors: a resource it
    defines under another state's code (``event/FR/...`` in Kazakhstan's file), or a
    ``prov:wasDerivedFrom`` written by hand (which would skip the anchor's check against the
    text), is refused."""
    if (None, PROV.wasDerivedFrom, None) in parsed:
        subject = next(parsed.subjects(PROV.wasDerivedFrom, None))
        raise CurationError(
            source,
            None,
            f"<{subject}>: prov:wasDerivedFrom is written by the build from fl:anchor "
            '(write fl:anchor "the exact quote" instead)',
        )
    for subject in sorted(set(parsed.subjects(RDF.type, None)), key=str):
        iri = str(subject)
        if not iri.startswith(base):
            continue
        other = {m.group(1) for m in _STATE_SEGMENT.finditer(iri[len(base) :])} - {code}
        if other:
            raise CurationError(
                source,
                None,
                f"<{subject}>: a resource of {', '.join(sorted(other))} in the curated file of "
                f"{code} (each state's curated file defines its own resources)",
            )


def check_references(state_graph: Graph, known: Graph, source: str, base: str = BASE) -> None:
    """Every IRI under the base that the state graph links to must be defined somewhere."""
    defined = {s for s in state_graph.subjects(RDF.type, None)}
    defined |= {s for s in known.subjects(RDF.type, None)}
    for _subject, predicate, obj in state_graph:
        if predicate == RDF.type or not isinstance(obj, URIRef):
            continue
        if str(obj).startswith(base) and obj not in defined:
            raise CurationError(
                source, None, f"broken reference: <{obj}> (via <{predicate}>) is not defined"
            )


def check_duplicates(curated: Graph, structural: Graph, source: str) -> None:
    """A curated file may add to structural resources but must not define them again."""
    for subject, cls in curated.subject_objects(RDF.type):
        if (
            (subject, RDF.type, None) in structural
            and isinstance(subject, URIRef)
            and "#" not in subject
            and _is_fact(cls)
        ):
            raise CurationError(
                source,
                None,
                f"duplicate URI: <{subject}> is already defined by the parsed profile",
            )


def _is_fact(cls: object) -> bool:
    return isinstance(cls, URIRef) and str(cls).startswith(str(FL)) and cls != FL.SourcePassage


def _locate(quote: str, occurrences: list[int], profile: Profile, source: str, turtle: str) -> Span:
    line = _line_of(turtle, quote)
    if not quote.strip():
        raise CurationError(source, line, "empty anchor quote")
    starts = [m.start() for m in re.finditer(re.escape(quote), profile.text)]
    if not starts:
        raise CurationError(
            source, line, f'anchor quote not found in {profile.source}: "{_short(quote)}"'
        )
    if occurrences:
        index = occurrences[0]
        if not 1 <= index <= len(starts):
            raise CurationError(
                source,
                line,
                f'anchor quote "{_short(quote)}" occurs {len(starts)} time(s); '
                f"fl:anchorOccurrence {index} is out of range",
            )
        start = starts[index - 1]
    elif len(starts) > 1:
        raise CurationError(
            source,
            line,
            f'anchor quote "{_short(quote)}" occurs {len(starts)} times in {profile.source} '
            "(expected once; add fl:anchorOccurrence N)",
        )
    else:
        start = starts[0]
    end = start + len(quote)
    text = profile.text
    if (quote[0].isalnum() and start > 0 and text[start - 1].isalnum()) or (
        quote[-1].isalnum() and end < len(text) and text[end].isalnum()
    ):
        raise CurationError(
            source,
            line,
            f'anchor quote "{_short(quote)}" starts or ends inside a word of {profile.source} '
            "(expected whole words)",
        )
    return span_at(profile, start, end)


def _check_duplicate_blocks(turtle: str, source: str) -> None:
    """The same subject opening two blocks is a copy-paste slip: refuse it with both lines."""
    first_seen: dict[str, int] = {}
    for number, line in enumerate(turtle.splitlines(), start=1):
        match = _SUBJECT_LINE.match(line)
        if match is None or line.startswith(("@", "PREFIX", "prefix", "BASE", "base")):
            continue
        subject = match.group(1)
        if subject in first_seen:
            raise CurationError(
                source,
                number,
                f"duplicate URI: {subject} is described again "
                f"(first at line {first_seen[subject]})",
            )
        first_seen[subject] = number


def _line_of(turtle: str, quote: str) -> int | None:
    needle = quote[:40]
    for number, line in enumerate(turtle.splitlines(), start=1):
        if needle in line:
            return number
    return None


def _error_line(exc: Exception) -> int | None:
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def _one_line(exc: Exception) -> str:
    # rdflib's message spans lines and repeats the position; the error names the line already.
    parts = [p.strip() for p in str(exc).splitlines() if p.strip()]
    return " ".join(p for p in parts if not re.fullmatch(r"at line \d+ of <[^>]*>:", p))


def _short(quote: str) -> str:
    return quote if len(quote) <= 80 else quote[:77] + "..."
