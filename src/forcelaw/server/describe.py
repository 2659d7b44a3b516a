"""What the pages and documents say about a resource, read through the ``Store`` with SPARQL.

Every function here is a query (SELECT answered as SPARQL JSON, or CONSTRUCT in the requested
format) sent through the store protocol, so the same views work on the embedded worker pool and on
a remote SPARQL store. Nothing here touches an RDF library: answers become ``forcelaw.terms``.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph as ox

from forcelaw.formats import Format
from forcelaw.graph import uris
from forcelaw.namespaces import FL, PREFIXES
from forcelaw.server.line_context import CONTEXT_WINDOW, in_line
from forcelaw.server.settings import Settings
from forcelaw.store import ConstructsTerms, QueryRequest, QueryResult, SelectsTerms, Store
from forcelaw.terms import Blank, Iri, Lit, Term, Triple, from_sparql_json

RDF_TYPE = PREFIXES["rdf"] + "type"
LABEL_PROPERTIES = (
    PREFIXES["rdfs"] + "label",
    PREFIXES["skos"] + "prefLabel",
    PREFIXES["schema"] + "name",
    PREFIXES["dct"] + "title",
)
INCOMING_PAGE = 100

_LABEL = "rdfs:label|skos:prefLabel"
_PREFIX_BLOCK = "".join(
    f"PREFIX {p}: <{PREFIXES[p]}>\n"
    for p in ("dct", "fl", "oa", "owl", "prov", "rdf", "rdfs", "skos", "xsd")
)

Row = dict[str, Term]


@dataclass(frozen=True)
class Link:
    """One incoming link: ``subject --predicate--> this``."""

    subject: Iri | Blank
    predicate: Iri


@dataclass(frozen=True)
class Passage:
    """A source passage with the text around it (cut to its line) and the profile it is in."""

    iri: Iri
    profile: Iri
    start: int
    end: int
    line: int | None
    before: str
    exact: str
    after: str
    before_cut: bool  # the line goes on before ``before`` (it is cut to CONTEXT_CHARS)
    after_cut: bool  # the line goes on after ``after``


@dataclass(frozen=True)
class ClaimRow:
    claim: Iri
    label: str
    agent: Iri | None
    pronouncement: Iri | None
    date: Lit | None


@dataclass
class Description:
    """A resource document: its own triples, those of its ``#fragments``, incoming links, labels."""

    iri: Iri
    triples: list[Triple]
    incoming: list[Link]
    incoming_total: int
    page: int
    labels: dict[str, str] = field(default_factory=dict)
    passages: list[Passage] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return bool(self.triples or self.incoming_total)

    @property
    def subjects(self) -> list[Iri | Blank]:
        """The resource first, then its fragments and blank nodes in IRI order."""
        seen = {s for s in self._by_subject if s != self.iri}
        return [self.iri, *sorted(seen, key=lambda t: (isinstance(t, Blank), t.value))]

    def about(self, subject: Iri | Blank) -> list[tuple[Iri, Term]]:
        return self._by_subject.get(subject, [])

    def types(self, subject: Iri | Blank | None = None) -> list[Iri]:
        found = {o for p, o in self.about(subject or self.iri) if p.value == RDF_TYPE}
        return sorted(t for t in found if isinstance(t, Iri))

    @cached_property
    def _by_subject(self) -> dict[Iri | Blank, list[tuple[Iri, Term]]]:
        index: dict[Iri | Blank, set[tuple[Iri, Term]]] = {}
        for s, p, o in self.triples:
            index.setdefault(s, set()).add((p, o))
        return {s: sorted(pairs, key=_statement_key) for s, pairs in index.items()}

    def label(self, term: Term | str) -> str | None:
        value = term if isinstance(term, str) else term.value
        return self.labels.get(value)

    @property
    def has_more_incoming(self) -> bool:
        return (self.page + 1) * INCOMING_PAGE < self.incoming_total


@dataclass(frozen=True)
class ProfileSection:
    iri: Iri
    label: str
    order: int
    parent: Iri | None
    heading_start: int


@dataclass(frozen=True)
class Fact:
    iri: Iri
    label: str
    type: Iri | None
    type_label: str | None = None


@dataclass
class StateProfile:
    """A country profile as the state page reads it: text, sections, passages and their facts."""

    profile: Iri
    label: str
    text: str
    source: Iri | None
    retrieved: str | None
    sections: list[ProfileSection]
    passages: list[tuple[Iri, int, int]]
    facts: dict[str, list[Fact]]  # passage IRI -> facts derived from it


@dataclass(frozen=True)
class IndexEntry:
    iri: Iri
    label: str
    kind: str


@dataclass(frozen=True)
class VocabularyTerm:
    """An ontology term as the vocabulary page lists it."""

    iri: Iri
    kinds: tuple[str, ...]
    label: str
    comment: str
    parents: tuple[Iri, ...]
    domains: tuple[Iri, ...]
    ranges: tuple[Iri, ...]


class Reader:
    """Reads descriptions through a store, within the server's caps and timeout."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    async def select(self, query: str) -> list[Row]:
        """A SELECT's rows as terms."""
        if isinstance(self.store, SelectsTerms):  # in this process: no JSON written and read
            return await self.store.select_terms(self._request(query, "json"))
        result = await self._run(query, "json")
        data = json.loads(result.body)
        return [
            {name: from_sparql_json(value) for name, value in binding.items()}
            for binding in data["results"]["bindings"]
        ]

    async def construct(self, query: str, fmt: Format) -> QueryResult:
        """A CONSTRUCT written by the store in ``fmt``."""
        return await self._run(query, fmt.key)

    async def _run(self, query: str, format_key: str) -> QueryResult:
        return await self.store.query(self._request(query, format_key), self.settings.timeout)

    def _request(self, query: str, format_key: str) -> QueryRequest:
        return QueryRequest(
            query=_PREFIX_BLOCK + query,
            format_key=format_key,
            max_rows=self.settings.max_rows,
            max_bytes=self.settings.max_result_bytes,
        )

    # --- one resource -------------------------------------------------------------------------

    async def exists(self, iri: str) -> bool:
        rows = await self.select(
            f"SELECT ?x WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} "
            f"BIND(1 AS ?x) }} LIMIT 1"
        )
        return bool(rows)

    async def incoming_count(self, iri: str) -> int:
        """How many triples have ``iri`` as their object: the links its pages list, 100 a page."""
        rows = await self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p <{iri}> }}")
        return int(rows[0]["n"].value) if rows and "n" in rows[0] else 0

    async def triples(self, iri: str, page: int = 0) -> list[Triple]:
        """The document's triples as terms (same pattern as ``document_query``).

        A store in this process that has evaluated ``document_query`` (``ConstructsTerms``: the
        static renderer's) hands its triples over: the same triples, each once and in another
        order, which the documents built from them (JSON-LD) do not depend on."""
        if isinstance(self.store, ConstructsTerms):
            return await self.store.construct_terms(
                self._request(document_query(iri, page), "ntriples")
            )
        rows = await self.select("SELECT ?s ?p ?o WHERE {" + document_pattern(iri, page) + "}")
        return [(_subject(r["s"]), _iri(r["p"]), r["o"]) for r in rows]

    async def document(self, iri: str, page: int, fmt: Format) -> QueryResult:
        """The machine-readable document about ``iri`` in ``fmt`` (``document_query``)."""
        return await self.construct(document_query(iri, page), fmt)

    async def describe(self, iri: str, page: int = 0, *, extras: bool = True) -> Description:
        """Everything a page about ``iri`` shows."""
        main = self.select(_description_query(iri, page))
        passages = self.select(_passages_query(iri)) if extras else _nothing()
        claims = self.select(_claims_query(iri)) if extras else _nothing()
        rows, passage_rows, claim_rows = await asyncio.gather(main, passages, claims)
        subject = Iri(iri)
        triples: list[Triple] = []
        incoming: list[Link] = []
        total = 0
        found: list[tuple[str, Term]] = []
        for row in rows:
            for term, label in (("s", "slabel"), ("p", "plabel"), ("o", "olabel")):
                if label in row:
                    found.append((row[term].value, row[label]))
            kind = row["kind"].value
            if kind == "count":
                total = int(row["o"].value)
            elif kind == "in":
                incoming.append(Link(_subject(row["s"]), _iri(row["p"])))
            else:
                triples.append((_subject(row["s"]), _iri(row["p"]), row["o"]))
        incoming.sort(key=link_key)  # as the query's page is ordered, whatever the store
        description = Description(subject, triples, incoming, total, page)
        description.passages = [_passage(r) for r in passage_rows]
        description.claims = _claims(claim_rows)
        for r in passage_rows:
            if "profileLabel" in r:
                found.append((r["profile"].value, r["profileLabel"]))
        for r in claim_rows:
            for term, label in (("agent", "agentLabel"), ("pronouncement", "pronouncementLabel")):
                if label in r:
                    found.append((r[term].value, r[label]))
        description.labels = best_labels(found)
        return description

    async def profile_source(self, iri: str, profile: str | None) -> Row | None:
        """The first row of ``?profile ?label ?source ?retrieved`` for the profile ``profile``,
        or (None) the profile of the state ``iri``: what a citation names as its source."""
        if profile:
            target = f"VALUES ?profile {{ <{profile}> }} "
        else:
            target = f"?profile fl:profileOf <{iri}> . "
        rows = await self.select(
            "SELECT ?profile ?label ?source ?retrieved WHERE { "
            + target
            + "OPTIONAL { ?profile rdfs:label ?label } OPTIONAL { ?profile dct:source ?source } "
            "OPTIONAL { ?profile fl:retrieved ?retrieved } } LIMIT 1"
        )
        return rows[0] if rows else None

    async def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """A label for each IRI that has one (English or untagged preferred)."""
        wanted = sorted(set(iris))
        if not wanted:
            return {}
        values = " ".join(f"<{i}>" for i in wanted)
        rows = await self.select(
            f"SELECT ?x ?label WHERE {{ VALUES ?x {{ {values} }} ?x {_LABEL} ?label }}"
        )
        return best_labels([(row["x"].value, row["label"]) for row in rows])

    # --- pages with their own shape -----------------------------------------------------------

    async def state_profile(self, state: str) -> StateProfile | None:
        """The profile of a state, with its sections, passages and the facts from each."""
        profile_rows, section_rows, passage_rows = await asyncio.gather(
            self.select(
                "SELECT ?profile ?label ?text ?source ?retrieved WHERE { "
                f"?profile fl:profileOf <{state}> ; fl:sourceText ?text . "
                "OPTIONAL { ?profile rdfs:label ?label } OPTIONAL { ?profile dct:source ?source } "
                "OPTIONAL { ?profile fl:retrieved ?retrieved } } LIMIT 1"
            ),
            self.select(
                "SELECT ?section ?label ?order ?parent ?start WHERE { "
                f"?profile fl:profileOf <{state}> . ?section dct:isPartOf+ ?profile . "
                "?section a fl:ProfileSection ; rdfs:label ?label ; fl:order ?order ; "
                "dct:isPartOf ?parent ; prov:wasDerivedFrom ?heading . "
                "?heading oa:hasSelector ?sel . ?sel oa:start ?start . "
                "} ORDER BY ?order"
            ),
            self.select(
                "SELECT ?passage ?start ?end ?fact ?label ?type ?typeLabel WHERE { "
                f"?profile fl:profileOf <{state}> . "
                "?passage oa:hasSource ?profile ; oa:hasSelector ?sel . "
                "?sel oa:start ?start ; oa:end ?end . "
                "OPTIONAL { ?fact prov:wasDerivedFrom ?passage . "
                "FILTER NOT EXISTS { ?fact a fl:ProfileSection } "
                "OPTIONAL { ?fact rdfs:label ?label } "
                f"OPTIONAL {{ ?fact a ?type FILTER(STRSTARTS(STR(?type), '{FL}')) "
                "OPTIONAL { ?type rdfs:label ?typeLabel } } } "
                "} ORDER BY ?start ?end ?fact"
            ),
        )
        if not profile_rows:
            return None
        head = profile_rows[0]
        profile = _iri(profile_rows[0]["profile"])
        sections = [
            ProfileSection(
                _iri(r["section"]),
                r["label"].value,
                int(r["order"].value),
                None if r["parent"] == profile else _iri(r["parent"]),
                int(r["start"].value),
            )
            for r in section_rows
        ]
        passages: dict[str, tuple[Iri, int, int]] = {}
        facts: dict[str, list[Fact]] = {}
        for r in passage_rows:
            iri = _iri(r["passage"])
            passages[iri.value] = (iri, int(r["start"].value), int(r["end"].value))
            if "fact" in r:
                fact = Fact(
                    _iri(r["fact"]),
                    r["label"].value if "label" in r else r["fact"].value,
                    _iri(r["type"]) if "type" in r else None,
                    r["typeLabel"].value if "typeLabel" in r else None,
                )
                known = facts.setdefault(iri.value, [])
                if all(f.iri != fact.iri for f in known):
                    known.append(fact)
        return StateProfile(
            profile=profile,
            label=head["label"].value if "label" in head else head["profile"].value,
            text=head["text"].value,
            source=_iri(head["source"]) if "source" in head else None,
            retrieved=head["retrieved"].value if "retrieved" in head else None,
            sections=sections,
            passages=sorted(passages.values(), key=lambda p: (p[1], -p[2])),
            facts=facts,
        )

    async def index(self) -> list[IndexEntry]:
        """States, treaties (and competences), bodies and posts, for the home page."""
        rows = await self.select(
            "SELECT ?x ?label ?kind WHERE { "
            "VALUES (?class ?kind) { (fl:State 'state') (fl:Treaty 'treaty') "
            "(fl:Competence 'treaty') (fl:Body 'body') (fl:Post 'body') } "
            "?x a ?class . OPTIONAL { ?x rdfs:label ?label } } ORDER BY ?kind ?label"
        )
        entries = {}
        for r in rows:
            iri = _iri(r["x"])
            entries[iri] = IndexEntry(
                iri, r["label"].value if "label" in r else iri.value, r["kind"].value
            )
        return sorted(entries.values(), key=lambda e: (e.kind, e.label.casefold()))

    async def vocabulary(self, base: str) -> list[VocabularyTerm]:
        """The ``fl:`` classes and properties with labels, comments, parents, domains, ranges."""
        graph = uris.named_graph("ontology", base)
        rows = await self.select(
            "SELECT ?term ?kind ?label ?comment ?parent ?domain ?range WHERE { "
            f"GRAPH <{graph}> {{ ?term a ?kind . "
            f"FILTER(isIRI(?term) && STRSTARTS(STR(?term), '{FL}')) "
            "OPTIONAL { ?term rdfs:label ?label } OPTIONAL { ?term rdfs:comment ?comment } "
            "OPTIONAL { ?term rdfs:subClassOf|rdfs:subPropertyOf ?parent FILTER isIRI(?parent) } "
            "OPTIONAL { ?term rdfs:domain ?domain FILTER isIRI(?domain) } "
            "OPTIONAL { ?term rdfs:range ?range FILTER isIRI(?range) } } }"
        )
        merged: dict[str, dict[str, set[str]]] = {}
        for r in rows:
            entry = merged.setdefault(r["term"].value, {})
            for name in ("kind", "label", "comment", "parent", "domain", "range"):
                if name in r:
                    entry.setdefault(name, set()).add(r[name].value)
        terms = []
        for iri, entry in merged.items():
            terms.append(
                VocabularyTerm(
                    Iri(iri),
                    tuple(sorted(entry.get("kind", ()))),
                    min(entry.get("label", {iri.rsplit("#", 1)[-1]})),
                    min(entry.get("comment", {""})),
                    tuple(Iri(v) for v in sorted(entry.get("parent", ()))),
                    tuple(Iri(v) for v in sorted(entry.get("domain", ()))),
                    tuple(Iri(v) for v in sorted(entry.get("range", ()))),
                )
            )
        return sorted(terms, key=lambda t: t.iri.value.rsplit("#", 1)[-1])


# --- query text -------------------------------------------------------------------------------

_UNSAFE_IRI = frozenset('<>"{}|^`\\ ')
_UNSAFE_IRI_CHAR = re.compile("[\x00-\x20" + re.escape("".join(sorted(_UNSAFE_IRI))) + "]")


def is_safe_iri(iri: str) -> bool:
    """True if ``iri`` can be written as a SPARQL IRIREF as it is (IRIs cannot be escaped) and
    the engine's IRI parser takes it: a path with bad percent-encoding (``%ZZ``, a lone ``%``),
    a ``[``, a second ``#`` or a noncharacter (U+FFFE, the U+FFFD a bad byte decodes to) is no
    IRI this dataset mints, so it is a 404 and never reaches a query (where it would be a parse
    error naming a line and column of a query the client did not write)."""
    if not iri or _UNSAFE_IRI_CHAR.search(iri) is not None:
        return False
    try:
        ox.NamedNode(iri)
    except (ValueError, UnicodeError):  # UnicodeError: a lone surrogate
        return False
    return True


def document_pattern(iri: str, page: int = 0) -> str:
    """The triples of the document about ``iri``: its own, its ``#fragments``' and blank nodes',
    the labels of what it links to, and one page of incoming links with their subjects' labels."""
    offset = page * INCOMING_PAGE
    # The label properties are a FILTER on the subject's own triples, not a VALUES joined with
    # ``?s ?p ?o``: the engine would evaluate that join first, over every label in the dataset
    # (hundreds of milliseconds a document at 197 states instead of one or two).
    labels = f"FILTER(?p IN ({', '.join(f'<{p}>' for p in LABEL_PROPERTIES[:1])}))"
    return (
        f"{{ VALUES ?s {{ <{iri}> }} ?s ?p ?o }} "
        f"UNION {{ <{iri}> ?link ?s . {_part_of(iri)} ?s ?p ?o }} "
        f"UNION {{ <{iri}> ?link ?s . FILTER(isIRI(?s) && !{_is_part(iri)}) ?s ?p ?o {labels} }} "
        f"UNION {{ {{ SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} ORDER BY ?p ?s "
        f"LIMIT {INCOMING_PAGE} OFFSET {offset} }} BIND(<{iri}> AS ?o) }} "
        f"UNION {{ {{ SELECT ?s WHERE {{ ?s ?in <{iri}> }} ORDER BY ?in ?s "
        f"LIMIT {INCOMING_PAGE} OFFSET {offset} }} ?s ?p ?o {labels} }}"
    )


def document_query(iri: str, page: int = 0) -> str:
    """The CONSTRUCT a machine-readable document of ``iri`` is written from.

    Its triples are ordered, so the document's bytes do not depend on the order in which a
    store happens to find them (the on-disk store and the renderer's in-memory one differ)."""
    return "CONSTRUCT { ?s ?p ?o } WHERE { " + document_pattern(iri, page) + " } ORDER BY ?s ?p ?o"


def graph_query(graph_iri: str) -> str:
    """The CONSTRUCT of a whole named graph (the ontology's document), ordered as
    ``document_query``."""
    return (
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }} ORDER BY ?s ?p ?o"
    )


def _part_of(iri: str) -> str:
    return f"FILTER(isBlank(?s) || {_is_part(iri)})"


def _is_part(iri: str) -> str:
    return f'(isIRI(?s) && STRSTARTS(STR(?s), "{_literal(iri)}#"))'


def _description_query(iri: str, page: int) -> str:
    offset = page * INCOMING_PAGE
    labels = f"OPTIONAL {{ ?p {_LABEL} ?plabel }} OPTIONAL {{ ?o {_LABEL} ?olabel }}"
    return (
        "SELECT ?kind ?s ?p ?o ?slabel ?plabel ?olabel WHERE { "
        f'{{ VALUES ?s {{ <{iri}> }} ?s ?p ?o BIND("out" AS ?kind) {labels} }} '
        f"UNION {{ <{iri}> ?link ?s . {_part_of(iri)} ?s ?p ?o "
        f'BIND("part" AS ?kind) {labels} }} '
        f"UNION {{ {{ SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} ORDER BY ?p ?s "
        f'LIMIT {INCOMING_PAGE} OFFSET {offset} }} BIND("in" AS ?kind) '
        f"OPTIONAL {{ ?s {_LABEL} ?slabel }} OPTIONAL {{ ?p {_LABEL} ?plabel }} }} "
        f"UNION {{ {{ SELECT (COUNT(*) AS ?o) WHERE {{ ?s0 ?p0 <{iri}> }} }} "
        'BIND("count" AS ?kind) } }'
    )


def _passages_query(iri: str) -> str:
    w = CONTEXT_WINDOW
    return (
        "SELECT ?passage ?profile ?profileLabel ?start ?end ?line ?before ?exact ?after WHERE { "
        f"{{ <{iri}> prov:wasDerivedFrom ?passage }} "
        f"UNION {{ VALUES ?passage {{ <{iri}> }} }} "
        "?passage a fl:SourcePassage ; oa:hasSource ?profile ; oa:hasSelector ?sel . "
        "?sel oa:start ?start ; oa:end ?end . OPTIONAL { ?passage fl:line ?line } "
        "?profile fl:sourceText ?text . OPTIONAL { ?profile rdfs:label ?profileLabel } "
        "BIND(xsd:integer(?start) AS ?s0) BIND(xsd:integer(?end) AS ?e0) "
        f"BIND(IF(?s0 > {w}, ?s0 - {w}, 0) AS ?b0) "
        "BIND(SUBSTR(?text, ?b0 + 1, ?s0 - ?b0) AS ?before) "
        "BIND(SUBSTR(?text, ?s0 + 1, ?e0 - ?s0) AS ?exact) "
        f"BIND(SUBSTR(?text, ?e0 + 1, {w}) AS ?after) "
        "} ORDER BY ?start ?end"
    )


def _claims_query(iri: str) -> str:
    return (
        "SELECT DISTINCT ?claim ?label ?agent ?agentLabel ?pronouncement ?pronouncementLabel "
        "?date WHERE { "
        f"{{ {{ ?claim fl:about <{iri}> }} UNION {{ VALUES ?claim {{ <{iri}> }} }} "
        f"UNION {{ ?claim fl:assertedBy <{iri}> }} UNION {{ ?claim fl:reportedIn <{iri}> }} "
        f"UNION {{ ?claim fl:hasFigure <{iri}> }} }} "
        # A filter on the few candidates: a pattern would be joined first, over every claim.
        "FILTER EXISTS { ?claim a fl:Claim } OPTIONAL { ?claim rdfs:label ?label } "
        "OPTIONAL { ?claim fl:assertedBy ?agent OPTIONAL { ?agent rdfs:label ?agentLabel } } "
        "OPTIONAL { ?claim fl:reportedIn ?pronouncement "
        "OPTIONAL { ?pronouncement rdfs:label ?pronouncementLabel } "
        "OPTIONAL { ?pronouncement dct:date ?date } } "
        "} ORDER BY ?date ?claim"
    )


def _claims(rows: Sequence[Row]) -> list[ClaimRow]:
    out: dict[str, ClaimRow] = {}
    for r in rows:
        claim = _iri(r["claim"])
        if claim.value in out:
            continue
        date = r.get("date")
        out[claim.value] = ClaimRow(
            claim,
            r["label"].value if "label" in r else claim.value,
            _iri(r["agent"]) if "agent" in r else None,
            _iri(r["pronouncement"]) if "pronouncement" in r else None,
            date if isinstance(date, Lit) else None,
        )
    return list(out.values())


def _passage(row: Row) -> Passage:
    context = in_line(row["before"].value, row["after"].value)
    return Passage(
        iri=_iri(row["passage"]),
        profile=_iri(row["profile"]),
        start=int(row["start"].value),
        end=int(row["end"].value),
        line=int(row["line"].value) if "line" in row else None,
        before=context.before,
        exact=row["exact"].value,
        after=context.after,
        before_cut=context.before_cut,
        after_cut=context.after_cut,
    )


def best_labels(found: Iterable[tuple[str, Term]]) -> dict[str, str]:
    """One label per IRI: English or untagged first, then the alphabetically first."""
    best: dict[str, tuple[int, str]] = {}
    for key, label in found:
        if not isinstance(label, Lit):
            continue
        rank = 0 if label.lang in (None, "en") else 1
        if key not in best or (rank, label.value) < best[key]:
            best[key] = (rank, label.value)
    return {k: v for k, (_, v) in best.items()}


async def _nothing() -> list[Row]:
    return []


def _iri(term: Term) -> Iri:
    if not isinstance(term, Iri):
        raise ValueError(f"expected an IRI, got {term!r}")
    return term


def _subject(term: Term) -> Iri | Blank:
    if isinstance(term, Lit):
        raise ValueError(f"a literal cannot be a subject: {term!r}")
    return term


def link_key(link: Link) -> tuple[str, bool, str]:
    """``ORDER BY ?p ?s`` of the incoming page: by predicate, blank nodes before IRIs."""
    return (link.predicate.value, isinstance(link.subject, Iri), link.subject.value)


def _statement_key(item: tuple[Iri, Term]) -> tuple[int, str, int, str]:
    p, o = item
    return (0 if p.value == RDF_TYPE else 1, p.value, 0 if isinstance(o, Iri) else 1, o.value)


def _literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
