"""A resource's page and documents read from an index of the release's quads (the static
renderer's reader).

``Reader`` asks the store one SPARQL query for each part of a resource's page (its description,
passages, claims, and the source its citation names) and one CONSTRUCT for its machine-readable
documents. Each costs a quarter to half a millisecond in the engine, most of it parsing and
planning whatever the data: over a millisecond a resource, for 28,000 resources at 197 states.
``IndexedReader`` answers the same reads from two dictionaries over the quads of the rendering
engine's store (by subject, by object; read back from the store, so that literals are in its
canonical form), built once per rendering process, and gives the views the same
``Description``, citation source and triples, in the same order, that the queries give.

The queries' semantics are followed row for row where the page depends on rows: the union default
graph (one row per quad, the default graph's and every named graph's), the label path
(``rdfs:label|skos:prefLabel``: each distinct label once), OPTIONALs multiplying rows, DISTINCT.
Where the queries leave a choice to the engine, the index does not guess: blank nodes tie in
``ORDER BY`` (which of them make a page of incoming links), ``LIMIT 1`` over several values, two
passages with one span, a claim with two agents, a literal the query's arithmetic or ordering
would treat otherwise. The index then raises ``Unsure`` and the reader asks the store, as
``Reader`` does (``IndexedReader.asked`` counts them).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import pyoxigraph as ox

from forcelaw.formats import Format, Kind
from forcelaw.namespaces import FL, PREFIXES
from forcelaw.results import serialize_graph
from forcelaw.server.describe import (
    INCOMING_PAGE,
    LABEL_PROPERTIES,
    ClaimRow,
    Description,
    Link,
    Passage,
    Reader,
    Row,
    best_labels,
    document_query,
    link_key,
)
from forcelaw.server.line_context import CONTEXT_WINDOW, in_line
from forcelaw.server.settings import Settings
from forcelaw.store import Engine, QueryResult, Store, write_answer
from forcelaw.terms import RDF_LANG_STRING, XSD, XSD_STRING, Blank, Iri, Lit, Term, Triple

Node = Iri | Blank

RDF_TYPE = Iri(PREFIXES["rdf"] + "type")
LABEL_PATH = frozenset(Iri(p) for p in LABEL_PROPERTIES[:2])  # rdfs:label|skos:prefLabel
RDFS_LABEL = Iri(PREFIXES["rdfs"] + "label")
DERIVED_FROM = Iri(PREFIXES["prov"] + "wasDerivedFrom")
SOURCE_PASSAGE = Iri(FL + "SourcePassage")
HAS_SOURCE = Iri(PREFIXES["oa"] + "hasSource")
HAS_SELECTOR = Iri(PREFIXES["oa"] + "hasSelector")
START = Iri(PREFIXES["oa"] + "start")
END = Iri(PREFIXES["oa"] + "end")
LINE = Iri(FL + "line")
SOURCE_TEXT = Iri(FL + "sourceText")
CLAIM = Iri(FL + "Claim")
CLAIM_LINKS = tuple(Iri(FL + name) for name in ("about", "assertedBy", "reportedIn", "hasFigure"))
ASSERTED_BY = Iri(FL + "assertedBy")
REPORTED_IN = Iri(FL + "reportedIn")
DATE = Iri(PREFIXES["dct"] + "date")
PROFILE_OF = Iri(FL + "profileOf")
SOURCE = Iri(PREFIXES["dct"] + "source")
RETRIEVED = Iri(FL + "retrieved")

XSD_INTEGER = XSD + "integer"  # the engine reads every integer type back as xsd:integer
# Integers the engine holds as numbers (64 bits; a longer one it may keep, and order, as text).
_DIGITS = re.compile(r"[0-9]{1,18}")
# Dates the claims are ordered by: canonical forms without a time zone, whose order as text is
# the engine's order (by value within a type; gYear and gYearMonth side by side as text).
_DATE_FORMS = {
    XSD + "gYear": re.compile(r"[0-9]{4}"),
    XSD + "gYearMonth": re.compile(r"[0-9]{4}-[0-9]{2}"),
    XSD + "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
}
_MIXABLE_DATES = frozenset((XSD + "gYear", XSD + "gYearMonth"))
MAX_ROWS = 10_000  # more rows than this for one part of a page: the store is asked instead


class Unsure(Exception):
    """The queries' answer here depends on the engine (or would fail in it): ask the store."""


class QuadIndex:
    """The dataset's quads by subject and by object, one entry per quad (graph names dropped:
    the pages read the union default graph, where a triple in two graphs is two rows)."""

    def __init__(self) -> None:
        self.out: dict[Term, list[tuple[Iri, Term]]] = {}  # literals are never keys
        self.into: dict[Term, list[tuple[Node, Iri]]] = {}
        self._labels: dict[Term, tuple[Term, ...]] = {}
        self.native: dict[Term, Any] = {}  # each term as the engine's (pyoxigraph) term

    @classmethod
    def from_triples(cls, triples: Iterable[Triple]) -> QuadIndex:
        """The index of ``triples`` (one per quad of the dataset)."""
        index = cls()
        out, into = index.out, index.into
        for s, p, o in triples:
            out.setdefault(s, []).append((p, o))
            into.setdefault(o, []).append((s, p))
        return index

    @classmethod
    def of(cls, engine: Engine) -> QuadIndex:
        """The index of the quads of ``engine``'s store, read back from it: its terms are the
        ones its queries answer with (the store keeps literals in a canonical form)."""
        made: dict[Any, Term] = {}
        index = cls.from_triples(_terms(engine.quads(), made))
        index.native = {term: value for value, term in made.items()}
        return index

    def objects(self, subject: Term, predicate: Iri) -> list[Term]:
        """The objects of ``subject predicate ?o``, one per quad."""
        return [o for p, o in self.out.get(subject, ()) if p == predicate]

    def labels(self, term: Term) -> tuple[Term, ...]:
        """What ``term (rdfs:label|skos:prefLabel) ?label`` binds: each distinct object once."""
        found = self._labels.get(term)
        if found is None:
            pairs = self.out.get(term, ()) if not isinstance(term, Lit) else ()
            found = tuple(dict.fromkeys(o for p, o in pairs if p in LABEL_PATH))
            self._labels[term] = found
        return found


def _terms(quads: Iterable[Any], made: dict[Any, Term]) -> Iterator[Triple]:
    """``pyoxigraph`` quads as triples of terms, each distinct term made once and kept in
    ``made`` (graph names are dropped: one triple per quad)."""

    def term(value: Any) -> Term:
        found = made.get(value)
        if found is None:
            if isinstance(value, ox.NamedNode):
                found = Iri(value.value)
            elif isinstance(value, ox.BlankNode):
                found = Blank(value.value)
            elif value.language:
                found = Lit(value.value, value.language, RDF_LANG_STRING)
            else:
                found = Lit(value.value, None, value.datatype.value)
            made[value] = found
        return found

    for quad in quads:
        subject = term(quad.subject)
        predicate = term(quad.predicate)
        if isinstance(subject, Lit) or not isinstance(predicate, Iri):  # pragma: no cover
            raise ValueError(f"not a quad of the dataset: {quad}")
        yield subject, predicate, term(quad.object)


# --- the description (``describe._description_query``) ---------------------------------------


def description(
    index: QuadIndex, iri: str, page: int = 0
) -> tuple[Description, list[tuple[str, Term]]]:
    """What ``Reader.describe(iri, page, extras=False)`` reads (own and fragment triples, one
    page of incoming links, their count), and the labels the query's rows carry."""
    subject = Iri(iri)
    found: list[tuple[str, Term]] = []
    triples: dict[Triple, None] = {}
    own = index.out.get(subject, [])
    parts = [(subject, own)] + [
        (o, index.out.get(o, []))
        for _, o in own
        if isinstance(o, Blank) or (isinstance(o, Iri) and o.value.startswith(iri + "#"))
    ]
    for s, pairs in parts:
        for p, o in pairs:
            triples[(s, p, o)] = None
            _add_labels(index, found, p)
            _add_labels(index, found, o)
    rows = index.into.get(subject, [])
    incoming: list[Link] = []
    for s, p in incoming_page(rows, page):
        _add_labels(index, found, s)
        _add_labels(index, found, p)
        repeat = max(1, len(index.labels(s))) * max(1, len(index.labels(p)))
        incoming.extend([Link(s, p)] * repeat)  # a row for each label pair, as the OPTIONALs
    incoming.sort(key=link_key)
    return Description(subject, list(triples), incoming, len(rows), page), found


def _add_labels(index: QuadIndex, found: list[tuple[str, Term]], term: Term) -> None:
    for label in index.labels(term):
        found.append((term.value, label))


def incoming_page(rows: Sequence[tuple[Node, Iri]], page: int) -> list[tuple[Node, Iri]]:
    """``SELECT ?s ?p WHERE { ?s ?p <iri> } ORDER BY ?p ?s LIMIT 100 OFFSET page*100`` over the
    rows: unsure where a page boundary falls between two different blank nodes of one
    predicate (the engine orders blank nodes as equals, so it decides which are in)."""
    ordered = sorted(rows, key=_order_key)
    low, high = page * INCOMING_PAGE, (page + 1) * INCOMING_PAGE
    for cut in (low, high):
        if 0 < cut < len(ordered) and _order_key(ordered[cut - 1]) == _order_key(ordered[cut]):
            key = _order_key(ordered[cut])
            tied = {row for row in ordered if _order_key(row) == key}
            if len(tied) > 1:  # the rows the engine sees as equals are not all the same row
                raise Unsure("a page boundary among blank nodes of one predicate")
    return ordered[low:high]


def _order_key(row: tuple[Node, Iri]) -> tuple[str, int, str]:
    s, p = row
    return (p.value, 1, s.value) if isinstance(s, Iri) else (p.value, 0, "")


# --- the document (``describe.document_query``) -----------------------------------------------


def document_triples(index: QuadIndex, iri: str, page: int = 0) -> list[Triple]:
    """The triples of ``document_query(iri, page)``, each once (the engine's CONSTRUCT writes a
    triple once), in the order its ``ORDER BY ?s ?p ?o`` gives them (``engine_order``)."""
    subject = Iri(iri)
    found: dict[Triple, None] = {}
    own = index.out.get(subject, [])
    for p, o in own:
        found[(subject, p, o)] = None
    for _, x in own:
        if isinstance(x, Blank) or (isinstance(x, Iri) and x.value.startswith(iri + "#")):
            for p, o in index.out.get(x, ()):
                found[(x, p, o)] = None  # a fragment's or blank node's own triples
        elif isinstance(x, Iri):
            for o in index.objects(x, RDFS_LABEL):
                found[(x, RDFS_LABEL, o)] = None  # the label of what it links to
    for s, p in incoming_page(index.into.get(subject, []), page):
        found[(s, p, subject)] = None
        for o in index.objects(s, RDFS_LABEL):
            found[(s, RDFS_LABEL, o)] = None  # the label of what links to it
    return engine_order(found)


def engine_order(triples: Iterable[Triple]) -> list[Triple]:
    """``triples`` as the engine orders them by subject, predicate and object, where that order
    is known: blank nodes before IRIs before literals; IRIs, and literals of one kind, compared
    as the engine compares them. Blank nodes tie with each other, as do literals of kinds the
    engine cannot compare: where two different triples tie, the engine's order is its own, and
    this is ``Unsure``."""
    grouped: list[tuple[tuple[tuple[int, str], str], Triple]] = []
    groups: dict[tuple[tuple[int, str], str], dict[Term, None]] = {}
    for triple in triples:
        group = (_subject_key(triple[0]), triple[1].value)
        grouped.append((group, triple))
        groups.setdefault(group, {})[triple[2]] = None
    keys = {group: _object_keys(list(objects)) for group, objects in groups.items()}
    keyed = sorted(((*group, keys[group][t[2]]), t) for group, t in grouped)
    for (a, _), (b, _) in itertools.pairwise(keyed):
        if a == b:  # the triples are distinct: two subjects that are blank nodes
            raise Unsure("two triples the engine orders as equals")
    return [triple for _, triple in keyed]


def _subject_key(term: Node) -> tuple[int, str]:
    return (1, term.value) if isinstance(term, Iri) else (0, "")


def _object_keys(objects: list[Term]) -> dict[Term, tuple[Any, ...]]:
    """Each object's sort key among the objects of one subject key and predicate."""
    blanks = [o for o in objects if isinstance(o, Blank)]
    literals = [o for o in objects if isinstance(o, Lit)]
    if len(blanks) > 1:
        raise Unsure("two blank nodes as objects of one predicate")
    keys: dict[Term, tuple[Any, ...]] = {o: (0,) for o in blanks}
    keys.update((o, (1, o.value)) for o in objects if isinstance(o, Iri))
    keys.update((o, (2, *k)) for o, k in zip(literals, _literal_keys(literals), strict=True))
    return keys


_STRINGS = frozenset((XSD_STRING, RDF_LANG_STRING))


def _literal_keys(literals: list[Lit]) -> list[tuple[Any, ...]]:
    """Keys that order ``literals`` as the engine does: strings by text, then type and language
    (plain and language-tagged alike); integers by value; canonical dates by text."""
    if len(literals) < 2:
        return [() for _ in literals]  # nothing to compare
    kinds = {lit.datatype for lit in literals}
    if kinds <= _STRINGS:
        return [(lit.value, lit.datatype, lit.lang or "") for lit in literals]
    if kinds == {XSD_INTEGER} and all(_small(lit) for lit in literals):
        return [(int(lit.value),) for lit in literals]
    if _dates_as_text(literals):
        return [(lit.value,) for lit in literals]
    raise Unsure(f"literals the engine may order otherwise: {sorted(kinds)}")


# --- passages (``describe._passages_query``) --------------------------------------------------


def passages(index: QuadIndex, iri: str) -> tuple[list[Passage], list[tuple[str, Term]]]:
    """The passages of ``iri`` (those it is derived from, or itself), ordered by span, and the
    profile labels their rows carry."""
    subject = Iri(iri)
    candidates = [*index.objects(subject, DERIVED_FROM), subject]
    rows: list[tuple[int, int, Passage]] = []
    labels: list[tuple[str, Term]] = []
    for passage in candidates:
        types = [t for t in index.objects(passage, RDF_TYPE) if t == SOURCE_PASSAGE]
        if not types:
            continue
        for _type, profile, selector in itertools.product(
            types, index.objects(passage, HAS_SOURCE), index.objects(passage, HAS_SELECTOR)
        ):
            combos = itertools.product(
                index.objects(selector, START),
                index.objects(selector, END),
                _optional(index.objects(passage, LINE)),
                index.objects(profile, SOURCE_TEXT),
                _optional(index.objects(profile, RDFS_LABEL)),
            )
            for start, end, line, text, label in combos:
                rows.append(_passage(passage, profile, start, end, line, text))
                if label is not None:
                    labels.append((profile.value, label))
                if len(rows) > MAX_ROWS:
                    raise Unsure("too many passage rows")
    rows.sort(key=lambda row: row[:2])
    for a, b in itertools.pairwise(rows):
        if a[:2] == b[:2] and a[2] != b[2]:
            raise Unsure("two passages with one span")  # the engine orders them
    return [row[2] for row in rows], labels


def _optional(values: list[Term]) -> list[Term | None]:
    """What an OPTIONAL over ``values`` binds: each value (one row each), else nothing."""
    return [*values] if values else [None]


def _passage(
    passage: Term, profile: Term, start: Term, end: Term, line: Term | None, text: Term
) -> tuple[int, int, Passage]:
    if not isinstance(passage, Iri) or not isinstance(profile, Iri):
        raise Unsure("a passage or profile that is not an IRI")
    s0, e0 = _integer(start), _integer(end)
    if not isinstance(text, Lit) or text.datatype not in (XSD_STRING, RDF_LANG_STRING):
        raise Unsure("a source text that is not a string")
    if line is not None:
        _integer(line)
    body, w = text.value, CONTEXT_WINDOW
    b0 = s0 - w if s0 > w else 0
    context = in_line(body[b0:s0], body[e0 : e0 + w])
    return (
        s0,
        e0,
        Passage(
            iri=passage,
            profile=profile,
            start=s0,
            end=e0,
            line=int(line.value) if line is not None else None,
            before=context.before,
            exact=body[s0:e0],
            after=context.after,
            before_cut=context.before_cut,
            after_cut=context.after_cut,
        ),
    )


def _integer(term: Term) -> int:
    """An integer written in digits (what the spans are); anything else is unsure."""
    if (
        not isinstance(term, Lit)
        or term.datatype != XSD_INTEGER
        or not _DIGITS.fullmatch(term.value)
    ):
        raise Unsure(f"not a plain integer: {term!r}")
    return int(term.value)


# --- claims (``describe._claims_query``) ------------------------------------------------------


def claims(index: QuadIndex, iri: str) -> tuple[list[ClaimRow], list[tuple[str, Term]]]:
    """The claims about, by, in or with ``iri`` (or ``iri`` itself), ordered by date then IRI,
    and the agent and pronouncement labels their rows carry."""
    subject = Iri(iri)
    linked = [s for s, p in index.into.get(subject, ()) if p in CLAIM_LINKS]
    found: list[tuple[Iri, ClaimRow, Term | None]] = []
    labels: list[tuple[str, Term]] = []
    for claim in dict.fromkeys([*linked, subject]):
        if CLAIM not in index.objects(claim, RDF_TYPE):
            continue
        rows = set(  # SELECT DISTINCT: one row per combination of values
            itertools.product(
                _distinct(index.objects(claim, RDFS_LABEL)),
                _optional_with(index, claim, ASSERTED_BY, (RDFS_LABEL,)),
                _optional_with(index, claim, REPORTED_IN, (RDFS_LABEL, DATE)),
            )
        )
        if len(rows) != 1:
            raise Unsure("a claim with more than one row")  # which comes first is the engine's
        label, (agent, agent_label), (pron, pron_label, date) = rows.pop()
        if not isinstance(claim, Iri) or not isinstance(agent, Iri | None):
            raise Unsure("a claim or agent that is not an IRI")
        if not isinstance(pron, Iri | None):
            raise Unsure("a pronouncement that is not an IRI")
        title = label.value if label is not None else claim.value
        dated = date if isinstance(date, Lit) else None
        found.append((claim, ClaimRow(claim, title, agent, pron, dated), date))
        for term, term_label in ((agent, agent_label), (pron, pron_label)):
            if term is not None and term_label is not None:
                labels.append((term.value, term_label))
    dates = _date_order([date for _, _, date in found])
    found.sort(key=lambda item: (dates(item[2]), item[0].value))
    return [row for _, row, _ in found], labels


def _distinct(values: list[Term]) -> list[Term | None]:
    return _optional(list(dict.fromkeys(values)))


def _optional_with(
    index: QuadIndex, subject: Term, predicate: Iri, nested: tuple[Iri, ...]
) -> list[tuple[Term | None, ...]]:
    """``OPTIONAL { subject predicate ?x OPTIONAL { ?x n1 ?v1 } ... }`` as distinct tuples."""
    values = list(dict.fromkeys(index.objects(subject, predicate)))
    if not values:
        return [(None,) * (1 + len(nested))]
    return [
        (x, *rest)
        for x in values
        for rest in itertools.product(*(_distinct(index.objects(x, n)) for n in nested))
    ]


def _date_order(dates: list[Term | None]) -> Callable[[Term | None], tuple[int, str]]:
    """The key ``ORDER BY ?date`` sorts by, if the engine's order of ``dates`` is their order
    as text (unbound first): canonical forms of one type, or gYear and gYearMonth mixed."""
    bound = [date for date in dates if date is not None]
    literals = [date for date in bound if isinstance(date, Lit)]
    if len(literals) < len(bound) or not _dates_as_text(literals):
        raise Unsure(f"dates the engine may order otherwise: {bound!r}")
    return lambda date: (0, "") if date is None else (1, date.value)


def _small(integer: Lit) -> bool:
    return _DIGITS.fullmatch(integer.value.removeprefix("-")) is not None


def _dates_as_text(dates: list[Lit]) -> bool:
    """True if the engine orders ``dates`` as their text: canonical forms of one type, or of
    gYear and gYearMonth side by side."""
    kinds = {date.datatype for date in dates}
    if len(kinds) > 1 and not kinds <= _MIXABLE_DATES:
        return False
    return all(
        (form := _DATE_FORMS.get(date.datatype)) is not None and form.fullmatch(date.value)
        for date in dates
    )


# --- the citation's source (``Reader.profile_source``) ----------------------------------------


def profile_source(index: QuadIndex, iri: str, profile: str | None) -> Row | None:
    """The first row of ``Reader.profile_source``'s query: the profile and its label, source and
    retrieval date (unsure where several profiles or values make the first row the engine's)."""
    if profile:  # as the query: an empty profile is none
        profiles: list[Node] = [Iri(profile)]
    else:
        of_state = index.into.get(Iri(iri), ())
        profiles = list(dict.fromkeys(s for s, p in of_state if p == PROFILE_OF))
    if not profiles:
        return None
    if len(profiles) > 1:
        raise Unsure("several profiles")
    row: Row = {"profile": profiles[0]}
    for name, predicate in (("label", RDFS_LABEL), ("source", SOURCE), ("retrieved", RETRIEVED)):
        values = list(dict.fromkeys(index.objects(profiles[0], predicate)))
        if len(values) > 1:
            raise Unsure(f"several values of {predicate.value}")
        if values:
            row[name] = values[0]
    return row


class IndexedReader(Reader):
    """``Reader`` whose page reads come from a ``QuadIndex`` (the store answers the rest, and
    whatever the index is unsure of)."""

    def __init__(self, store: Store, settings: Settings, index: QuadIndex) -> None:
        super().__init__(store, settings)
        self.quads = index
        self.answered = 0  # reads the index answered
        self.asked = 0  # reads it left to the store
        self._last: tuple[str, int] | None = None  # the document ``_triples`` are of
        self._triples: list[Triple] = []
        self._native_triples: list[Any] | None = None

    async def describe(self, iri: str, page: int = 0, *, extras: bool = True) -> Description:
        try:
            described, found = description(self.quads, iri, page)
            if extras:
                described.passages, passage_labels = passages(self.quads, iri)
                described.claims, claim_labels = claims(self.quads, iri)
                found += passage_labels + claim_labels
        except Unsure:
            self.asked += 1
            return await super().describe(iri, page, extras=extras)
        self.answered += 1
        described.labels = best_labels(found)
        return described

    async def document(self, iri: str, page: int, fmt: Format) -> QueryResult:
        try:
            self._document(iri, page)
        except Unsure:
            self.asked += 1
            return await super().document(iri, page, fmt)
        self.answered += 1
        request = self._request(document_query(iri, page), fmt.key)
        triples = self._native()
        if fmt.kind is Kind.GRAPH and fmt.key != "jsonld" and len(triples) <= request.max_rows:
            # The list written whole, as ``write_answer`` writes it triple by triple within its
            # caps (the same bytes: a tenth of a document's time less, its rows counted here).
            body = serialize_graph(fmt, triples, PREFIXES)
            if len(body) <= request.max_bytes:
                return QueryResult(body, fmt.content_type, len(triples))
        return write_answer(triples, request)

    async def triples(self, iri: str, page: int = 0) -> list[Triple]:
        try:
            triples = self._document(iri, page)
        except Unsure:
            self.asked += 1
            return await super().triples(iri, page)
        self.answered += 1
        return triples

    def _document(self, iri: str, page: int) -> list[Triple]:
        """``document_triples``, kept for the document's other formats (asked one after the
        other)."""
        if self._last != (iri, page):
            self._last, self._native_triples = None, None
            self._triples = document_triples(self.quads, iri, page)
            self._last = (iri, page)
        return self._triples

    def _native(self) -> list[Any]:
        """The engine's triples for the last ``_document``'s, made once for all the document's
        formats."""
        if self._native_triples is None:
            native = self.quads.native
            self._native_triples = [
                ox.Triple(native[s], native[p], native[o]) for s, p, o in self._triples
            ]
        return self._native_triples

    async def profile_source(self, iri: str, profile: str | None) -> Row | None:
        try:
            row = profile_source(self.quads, iri, profile)
        except Unsure:
            self.asked += 1
            return await super().profile_source(iri, profile)
        self.answered += 1
        return row
