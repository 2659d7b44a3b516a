"""The SHACL shapes, tested both ways: a valid graph conforms, and for every constraint a minimal
mutation of it violates that constraint (and nothing else that is not explained).

Each negative case names the rule it breaks (property shape, node shape or SPARQL constraint), the
constraint component, the focus node and the severity; the test also checks that the finding
carries the rule's sh:message, and that no *other* rule fires unless the case lists it in `also`
(offsets are encoded in passage URIs, for instance, so moving an offset also breaks the URI rule).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from forcelaw.namespaces import BASE, ELI, FL, FLSH, OA, ORG, SCHEMA, SH
from forcelaw.validate import (
    Finding,
    Severity,
    ValidationInputError,
    ValidationResult,
    format_report,
    has_violations,
    load_ontology,
    load_shapes,
    rebase_shapes,
    report_turtle,
    validate,
    validate_files,
)
from tests.screen_check import check_screen

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "shapes"
VALID = FIXTURES / "valid.trig"
REFERENCE_DIR = HERE.parent / "data" / "reference"

ID = Namespace(BASE)
KZ_GRAPH = ID["graph/KZ"]
STATE = ID["state/KZ"]
XA = ID["state/XA"]
PROFILE = ID["profile/KZ"]
SEC_T = ID["profile/KZ/section/treaties"]
SEC_O = ID["profile/KZ/section/oversight"]
P_ROW = ID["profile/KZ/passage/0029-0079"]
P_ART17 = ID["profile/KZ/passage/0173-0224"]
P_CLOSURE = ID["profile/KZ/passage/0411-0459"]
INSTR = ID["instrument/KZ/constitution-1995"]
PROVISION = ID["instrument/KZ/constitution-1995/art-17/para-1"]
CAT = ID["treaty/cat"]
COMP = ID["treaty/cat-art22-competence"]
UNCAT = ID["body/un-committee-against-torture"]
BODY = ID["body/KZ/prosecutor-general-office"]
POST = ID["post/KZ/president"]
PERSON = ID["person/kassym-jomart-tokayev"]
ADH = ID["adherence/KZ/cat"]
ABS = ID["absence/KZ/independent-police-oversight-body-0098"]
PRON = ID["pronouncement/un-cat/KZ/2016-concluding-observations"]
CLAIM = ID["claim/un-cat/KZ/2016-concluding-observations/1"]
FIG = ID["claim/un-cat/KZ/2016-concluding-observations/1/figure/1"]
EVENT = ID["event/KZ/2011-12-zhanaozen"]
OUTCOME = ID["outcome/KZ/zhanaozen-case-closure"]
HEDGE = ID["scheme/hedge"]
ASSERTED = ID["scheme/hedge/asserted"]


def pos(passage: URIRef) -> URIRef:
    return URIRef(f"{passage}#position")


def quote(passage: URIRef) -> URIRef:
    return URIRef(f"{passage}#quote")


MENTIONED_CONCEPTS: set[URIRef] = set()


def concept(scheme: str, key: str) -> URIRef:
    MENTIONED_CONCEPTS.add(ID[f"scheme/{scheme}/{key}"])
    return ID[f"scheme/{scheme}/{key}"]


# ------------------------------------------------------------------------------------------------
# graphs, loaded once
# ------------------------------------------------------------------------------------------------


def _load_valid() -> Dataset:
    dataset = Dataset()
    dataset.parse(VALID, format="trig")
    return dataset


VALID_DATA = _load_valid()
SHAPES = load_shapes()
FULL_ONTOLOGY = load_ontology()


@functools.cache
def case_ontology() -> Graph:
    """The ontology without the concepts neither the fixture nor a case mentions.

    Same rules, a third less work per validation; the full ontology is validated on its own in
    test_ontology_and_its_schemes_conform. A case that needed a dropped concept would fail its
    strict "nothing else fires" check with an InScheme finding.
    """
    used = {o for graph in VALID_DATA.graphs() for o in graph.objects() if isinstance(o, URIRef)}
    used |= MENTIONED_CONCEPTS
    unused = {c for c in FULL_ONTOLOGY.subjects(RDF.type, SKOS.Concept) if c not in used}
    small = Graph()
    for s, p, o in FULL_ONTOLOGY:
        if s not in unused and o not in unused:
            small.add((s, p, o))
    return small


@dataclass
class World:
    """A mutable copy of the valid data; the ontology is copied only when a case changes it."""

    data: Dataset
    ontology: Graph
    own_ontology: bool = False

    def writable_ontology(self) -> Graph:
        if not self.own_ontology:
            copy = Graph()
            for triple in self.ontology:
                copy.add(triple)
            self.ontology, self.own_ontology = copy, True
        return self.ontology

    def graphs_with(self, pattern: tuple[Node | None, Node | None, Node | None]) -> list[Graph]:
        graphs = [g for g in self.data.graphs() if pattern in g]
        if pattern in self.ontology:
            graphs.append(self.writable_ontology())
        return graphs

    def home_of(self, subject: Node) -> Graph:
        graphs = self.graphs_with((subject, None, None))
        return graphs[0] if graphs else self.data.graph(KZ_GRAPH)


@pytest.fixture(autouse=True)
def _screen_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every validation here has its SPARQL screen checked against rdflib, query by query
    (``tests.screen_check``): the cases are the mutations the screen must not hide."""
    check_screen(monkeypatch)


def fresh_world() -> World:
    data = Dataset()
    for graph in VALID_DATA.graphs():
        target = data.graph(graph.identifier)
        for triple in graph:
            target.add(triple)
    return World(data, case_ontology())


def run(world: World) -> ValidationResult:
    return validate(world.data, SHAPES, world.ontology)


# ------------------------------------------------------------------------------------------------
# mutations
# ------------------------------------------------------------------------------------------------

Mutation = Callable[[World], None]


def drop(s: Node, p: Node | None = None, o: Node | None = None) -> Mutation:
    def apply(world: World) -> None:
        for graph in world.graphs_with((s, p, o)):
            graph.remove((s, p, o))

    return apply


def add(s: Node, p: Node, o: Node) -> Mutation:
    def apply(world: World) -> None:
        world.home_of(s).add((s, p, o))

    return apply


def replace(s: Node, p: Node, o: Node) -> Mutation:
    def apply(world: World) -> None:
        home = world.home_of(s)
        drop(s, p)(world)
        home.add((s, p, o))

    return apply


def rename(old: Node, new: Node) -> Mutation:
    def apply(world: World) -> None:
        for graph in [*world.graphs_with((old, None, None)), *world.graphs_with((None, None, old))]:
            for s, p, o in list(graph):
                if old in (s, o):
                    graph.remove((s, p, o))
                    graph.add((new if s == old else s, p, new if o == old else o))

    return apply


def delete(s: Node) -> Mutation:
    return drop(s)


def new_adherence(iri: URIRef, treaty: URIRef) -> Mutation:
    def apply(world: World) -> None:
        graph = world.data.graph(KZ_GRAPH)
        graph.add((iri, RDF.type, FL.TreatyAdherence))
        graph.add((iri, RDFS.label, Literal("Kazakhstan: CAT, again", lang="en")))
        graph.add((iri, FL.state, STATE))
        graph.add((iri, FL.treaty, treaty))
        graph.add((iri, FL.status, concept("treaty-status", "state-party")))
        graph.add((iri, PROV.wasDerivedFrom, P_ROW))

    return apply


def new_concept(iri: URIRef, scheme: URIRef = HEDGE) -> Mutation:
    def apply(world: World) -> None:
        world.writable_ontology().add((iri, RDF.type, SKOS.Concept))
        world.writable_ontology().add((iri, SKOS.prefLabel, Literal("new", lang="en")))
        world.writable_ontology().add((iri, SKOS.inScheme, scheme))

    return apply


def new_scheme(iri: URIRef) -> Mutation:
    def apply(world: World) -> None:
        world.writable_ontology().add((iri, RDF.type, SKOS.ConceptScheme))
        world.writable_ontology().add((iri, SKOS.prefLabel, Literal("new scheme", lang="en")))

    return apply


def set_source_text(text: str) -> Mutation:
    def apply(world: World) -> None:
        graph = world.data.graph(KZ_GRAPH)
        current = graph.value(PROFILE, FL.sourceText)
        assert current is not None
        graph.set((PROFILE, FL.sourceText, Literal(text)))

    return apply


def truncate_source_text(length: int) -> Mutation:
    def apply(world: World) -> None:
        graph = world.data.graph(KZ_GRAPH)
        current = str(graph.value(PROFILE, FL.sourceText))
        graph.set((PROFILE, FL.sourceText, Literal(current[:length])))

    return apply


def tag_source_text_english(world: World) -> None:
    graph = world.data.graph(KZ_GRAPH)
    graph.set((PROFILE, FL.sourceText, en(str(graph.value(PROFILE, FL.sourceText)))))


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def typed(text: str, datatype: URIRef) -> Literal:
    return Literal(text, datatype=datatype)


# ------------------------------------------------------------------------------------------------
# the cases
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    rule: str  # local name in flsh: of the property shape, node shape or SPARQL constraint
    component: str  # "MinCount" -> sh:MinCountConstraintComponent; "InScheme" -> flsh:...
    focus: Node | None
    mutations: tuple[Mutation, ...]
    severity: Severity = Severity.VIOLATION
    also: frozenset[str] = field(default_factory=frozenset)


def case(
    id: str,
    rule: str,
    component: str,
    focus: Node | None,
    *mutations: Mutation,
    severity: Severity = Severity.VIOLATION,
    also: tuple[str, ...] = (),
) -> Case:
    return Case(id, rule, component, focus, mutations, severity, frozenset(also))


W = Severity.WARNING
DOZENS = concept("figure-qualifier", "dozens")
COVERAGE = "ProfileSection-hasFacts"
STRING = XSD.string

CASES = [
    # labels (shared by every class)
    case(
        "label-missing",
        "englishLabel",
        "MinCount",
        ADH,
        drop(ADH, RDFS.label),
        also=("englishLabel/QualifiedMinCount",),
    ),
    case("label-plain-string", "englishLabel", "Datatype", ADH, add(ADH, RDFS.label, Literal("x"))),
    case("label-two-english", "englishLabel", "UniqueLang", ADH, add(ADH, RDFS.label, en("y"))),
    case(
        "label-no-english",
        "englishLabel",
        "QualifiedMinCount",
        ADH,
        replace(ADH, RDFS.label, Literal("x", lang="ru")),
    ),
    # provenance is mandatory (every class that must have it: test_provenance_is_mandatory_for)
    case(
        "provenance-missing",
        "derivedFromPassage",
        "MinCount",
        CLAIM,
        drop(CLAIM, PROV.wasDerivedFrom),
    ),
    case(
        "provenance-missing-adherence",
        "derivedFromPassage",
        "MinCount",
        ADH,
        drop(ADH, PROV.wasDerivedFrom),
        also=(COVERAGE,),
    ),
    case(
        "provenance-not-passage",
        "derivedFromPassage",
        "Class",
        CLAIM,
        replace(CLAIM, PROV.wasDerivedFrom, PROFILE),
    ),
    case(
        "section-provenance-not-passage",
        "derivedFromPassageIfAny",
        "Class",
        SEC_T,
        replace(SEC_T, PROV.wasDerivedFrom, PROFILE),
    ),
    case(
        "section-provenance-missing",
        "derivedFromPassageRecommended",
        "MinCount",
        SEC_T,
        drop(SEC_T, PROV.wasDerivedFrom),
        severity=W,
    ),
    case(
        "instrument-provenance-missing",
        "derivedFromPassageRecommended",
        "MinCount",
        INSTR,
        drop(INSTR, PROV.wasDerivedFrom),
        severity=W,
    ),
    # state of national bodies and posts (optional) and of instruments, adherences, ... (required)
    case("body-two-states", "optionalState", "MaxCount", BODY, add(BODY, FL.state, XA)),
    case("body-state-not-state", "optionalState", "Class", BODY, replace(BODY, FL.state, PROFILE)),
    case("event-state-missing", "requiredState", "MinCount", EVENT, drop(EVENT, FL.state)),
    case("absence-two-states", "requiredState", "MaxCount", ABS, add(ABS, FL.state, XA)),
    case(
        "instrument-state-not-state",
        "requiredState",
        "Class",
        INSTR,
        replace(INSTR, FL.state, PROFILE),
    ),
    # state
    case("iso-code-missing", "State-isoCode", "MinCount", STATE, drop(STATE, FL.isoCode)),
    case(
        "iso-code-twice",
        "State-isoCode",
        "MaxCount",
        STATE,
        add(STATE, FL.isoCode, typed("KZ", XSD.token)),
        also=("State-isoCode/Datatype",),
    ),
    case(
        "iso-code-datatype",
        "State-isoCode",
        "Datatype",
        STATE,
        replace(STATE, FL.isoCode, typed("KZ", XSD.token)),
    ),
    case(
        "iso-code-pattern",
        "State-isoCode",
        "Pattern",
        XA,
        replace(XA, FL.isoCode, Literal("X1")),
        also=("State-codeMatchesIri",),
    ),
    case(
        "iso-code-not-in-uri",
        "State-codeMatchesIri",
        "SPARQL",
        XA,
        replace(XA, FL.isoCode, Literal("XB")),
    ),
    case(
        "adherence-duplicated",
        "State-oneAdherencePerTreaty",
        "SPARQL",
        STATE,
        new_adherence(ID["adherence/KZ/cat-again"], CAT),
    ),
    case(
        "state-uri-host",
        "StateIriShape",
        "Pattern",
        URIRef("https://example.org/id/state/XA"),
        rename(XA, URIRef("https://example.org/id/state/XA")),
    ),
    case(
        "state-blank-node",
        "StateIriShape",
        "Pattern",
        None,
        rename(XA, BNode()),
        also=("State-codeMatchesIri",),
    ),
    # country profile
    case(
        "profile-of-missing",
        "CountryProfile-profileOf",
        "MinCount",
        PROFILE,
        drop(PROFILE, FL.profileOf),
    ),
    case(
        "profile-of-twice",
        "CountryProfile-profileOf",
        "MaxCount",
        PROFILE,
        add(PROFILE, FL.profileOf, XA),
    ),
    case(
        "profile-of-not-state",
        "CountryProfile-profileOf",
        "Class",
        PROFILE,
        replace(PROFILE, FL.profileOf, CAT),
    ),
    case(
        "profile-source-missing",
        "CountryProfile-source",
        "MinCount",
        PROFILE,
        drop(PROFILE, DCTERMS.source),
    ),
    case(
        "profile-source-twice",
        "CountryProfile-source",
        "MaxCount",
        PROFILE,
        add(PROFILE, DCTERMS.source, URIRef("https://example.org/other")),
    ),
    case(
        "profile-source-string",
        "CountryProfile-source",
        "NodeKind",
        PROFILE,
        replace(PROFILE, DCTERMS.source, Literal("https://example.org/profiles/kazakhstan")),
    ),
    case(
        "retrieved-missing",
        "CountryProfile-retrieved",
        "MinCount",
        PROFILE,
        drop(PROFILE, FL.retrieved),
    ),
    case(
        "retrieved-twice",
        "CountryProfile-retrieved",
        "MaxCount",
        PROFILE,
        add(PROFILE, FL.retrieved, typed("2024-05-02", XSD.date)),
    ),
    case(
        "retrieved-string",
        "CountryProfile-retrieved",
        "Datatype",
        PROFILE,
        replace(PROFILE, FL.retrieved, Literal("2024-05-01")),
    ),
    case("sha256-missing", "CountryProfile-sha256", "MinCount", PROFILE, drop(PROFILE, FL.sha256)),
    case(
        "sha256-twice",
        "CountryProfile-sha256",
        "MaxCount",
        PROFILE,
        add(PROFILE, FL.sha256, Literal("0" * 64)),
    ),
    case(
        "sha256-datatype",
        "CountryProfile-sha256",
        "Datatype",
        PROFILE,
        replace(PROFILE, FL.sha256, typed("0" * 64, XSD.hexBinary)),
    ),
    case(
        "sha256-upper-case",
        "CountryProfile-sha256",
        "Pattern",
        PROFILE,
        replace(PROFILE, FL.sha256, Literal("A" * 64)),
    ),
    case(
        "source-text-missing",
        "CountryProfile-sourceText",
        "MinCount",
        PROFILE,
        drop(PROFILE, FL.sourceText),
    ),
    case(
        "source-text-twice",
        "CountryProfile-sourceText",
        "MaxCount",
        PROFILE,
        add(PROFILE, FL.sourceText, Literal("Another text.")),
        also=("SourcePassage-quoteMatchesText", "SourcePassage-endWithinText"),
    ),
    case(
        "source-text-language",
        "CountryProfile-sourceText",
        "Datatype",
        PROFILE,
        tag_source_text_english,
    ),
    case(
        "profile-part-not-section",
        "CountryProfile-hasPart",
        "Class",
        PROFILE,
        add(PROFILE, DCTERMS.hasPart, P_ROW),
    ),
    case(
        "profile-uri",
        "CountryProfileIriShape",
        "Pattern",
        URIRef("https://example.org/id/profile/KZ"),
        rename(PROFILE, URIRef("https://example.org/id/profile/KZ")),
        also=("SourcePassage-iriMatchesOffsets",),
    ),
    # profile section
    case(
        "section-kind-missing",
        "ProfileSection-sectionKind",
        "MinCount",
        SEC_T,
        drop(SEC_T, FL.sectionKind),
    ),
    case(
        "section-kind-twice",
        "ProfileSection-sectionKind",
        "MaxCount",
        SEC_T,
        add(SEC_T, FL.sectionKind, concept("section-kind", "oversight")),
    ),
    case(
        "section-kind-other-scheme",
        "ProfileSection-sectionKind",
        "InScheme",
        SEC_T,
        replace(SEC_T, FL.sectionKind, concept("instrument-type", "constitution")),
    ),
    case(
        "section-kind-string",
        "ProfileSection-sectionKind",
        "InScheme",
        SEC_T,
        replace(SEC_T, FL.sectionKind, Literal("treaties")),
    ),
    case("section-order-missing", "ProfileSection-order", "MinCount", SEC_T, drop(SEC_T, FL.order)),
    case(
        "section-order-twice",
        "ProfileSection-order",
        "MaxCount",
        SEC_T,
        add(SEC_T, FL.order, Literal(5)),
    ),
    case(
        "section-order-string",
        "ProfileSection-order",
        "Datatype",
        SEC_T,
        replace(SEC_T, FL.order, Literal("1")),
    ),
    case(
        "section-parent-missing",
        "ProfileSection-isPartOf",
        "MinCount",
        SEC_T,
        drop(SEC_T, DCTERMS.isPartOf),
    ),
    case(
        "section-two-parents",
        "ProfileSection-isPartOf",
        "MaxCount",
        SEC_T,
        add(SEC_T, DCTERMS.isPartOf, SEC_O),
    ),
    case(
        "section-parent-state",
        "ProfileSection-isPartOf",
        "Or",
        SEC_T,
        replace(SEC_T, DCTERMS.isPartOf, STATE),
    ),
    case(
        "section-uri",
        "ProfileSectionIriShape",
        "Pattern",
        ID["profile/KZ/section/Oversight"],
        rename(SEC_O, ID["profile/KZ/section/Oversight"]),
    ),
    case("section-without-facts", COVERAGE, "SPARQL", SEC_O, delete(ABS), severity=W),
    # source passage
    case(
        "passage-source-missing",
        "SourcePassage-hasSource",
        "MinCount",
        P_ROW,
        drop(P_ROW, OA.hasSource),
    ),
    case(
        "passage-two-sources",
        "SourcePassage-hasSource",
        "MaxCount",
        P_ROW,
        add(P_ROW, OA.hasSource, XA),
        also=("SourcePassage-hasSource/Class", "SourcePassage-iriMatchesOffsets"),
    ),
    case(
        "passage-source-not-profile",
        "SourcePassage-hasSource",
        "Class",
        P_ROW,
        replace(P_ROW, OA.hasSource, STATE),
        also=("SourcePassage-iriMatchesOffsets",),
    ),
    case(
        "position-selector-missing",
        "SourcePassage-positionSelector",
        "QualifiedMinCount",
        P_ROW,
        drop(P_ROW, OA.hasSelector, pos(P_ROW)),
    ),
    case(
        "position-selector-twice",
        "SourcePassage-positionSelector",
        "QualifiedMaxCount",
        P_ROW,
        add(P_ROW, OA.hasSelector, URIRef(f"{P_ROW}#position2")),
        add(URIRef(f"{P_ROW}#position2"), RDF.type, OA.TextPositionSelector),
        add(URIRef(f"{P_ROW}#position2"), OA.start, typed("29", XSD.integer)),
        add(URIRef(f"{P_ROW}#position2"), OA.end, typed("79", XSD.integer)),
        also=("TextPositionSelectorIriShape",),
    ),
    case(
        "quote-selector-missing",
        "SourcePassage-quoteSelector",
        "QualifiedMinCount",
        P_ROW,
        drop(P_ROW, OA.hasSelector, quote(P_ROW)),
    ),
    case(
        "quote-selector-twice",
        "SourcePassage-quoteSelector",
        "QualifiedMaxCount",
        P_ROW,
        add(P_ROW, OA.hasSelector, URIRef(f"{P_ROW}#quote2")),
        add(URIRef(f"{P_ROW}#quote2"), RDF.type, OA.TextQuoteSelector),
        add(
            URIRef(f"{P_ROW}#quote2"),
            OA.exact,
            Literal("1984 Convention against Torture (CAT): State Party"),
        ),
        also=("TextQuoteSelectorIriShape",),
    ),
    case("line-missing", "SourcePassage-line", "MinCount", P_ROW, drop(P_ROW, FL.line)),
    case("line-twice", "SourcePassage-line", "MaxCount", P_ROW, add(P_ROW, FL.line, Literal(5))),
    case(
        "line-string",
        "SourcePassage-line",
        "Datatype",
        P_ROW,
        replace(P_ROW, FL.line, Literal("4")),
        also=("SourcePassage-line/MinInclusive",),
    ),
    case(
        "line-zero",
        "SourcePassage-line",
        "MinInclusive",
        P_ROW,
        replace(P_ROW, FL.line, Literal(0)),
    ),
    case(
        "passage-section-missing",
        "SourcePassage-isPartOf",
        "MinCount",
        P_ROW,
        drop(P_ROW, DCTERMS.isPartOf),
        also=(COVERAGE,),
    ),
    case(
        "passage-two-sections",
        "SourcePassage-isPartOf",
        "MaxCount",
        P_ROW,
        add(P_ROW, DCTERMS.isPartOf, SEC_O),
    ),
    case(
        "passage-section-not-section",
        "SourcePassage-isPartOf",
        "Class",
        P_ROW,
        replace(P_ROW, DCTERMS.isPartOf, PROFILE),
        also=(COVERAGE,),
    ),
    case(
        "passage-mentions-string",
        "SourcePassage-mentions",
        "NodeKind",
        P_ROW,
        add(P_ROW, FL.mentions, Literal("CAT")),
    ),
    case(
        "passage-start-after-end",
        "SourcePassage-startBeforeEnd",
        "SPARQL",
        P_ROW,
        replace(pos(P_ROW), OA.start, typed("80", XSD.integer)),
        also=("SourcePassage-iriMatchesOffsets",),
    ),
    case(
        "passage-end-past-text",
        "SourcePassage-endWithinText",
        "SPARQL",
        P_CLOSURE,
        truncate_source_text(450),
    ),
    case(
        "quote-mismatch",
        "SourcePassage-quoteMatchesText",
        "SPARQL",
        P_ROW,
        replace(
            quote(P_ROW), OA.exact, Literal("1984 Convention against Torture (CAT): Signatory")
        ),
    ),
    case(
        "quote-straight-instead-of-curly",
        "SourcePassage-quoteMatchesText",
        "SPARQL",
        P_ART17,
        replace(
            quote(P_ART17), OA.exact, Literal('Article 17(1): "Human dignity shall be inviolable."')
        ),
    ),
    case(
        "quote-with-shifted-offsets",
        "SourcePassage-quoteMatchesText",
        "SPARQL",
        P_CLOSURE,
        replace(pos(P_CLOSURE), OA.start, typed("412", XSD.integer)),
        also=("SourcePassage-iriMatchesOffsets",),
    ),
    case(
        "passage-uri-disagrees",
        "SourcePassage-iriMatchesOffsets",
        "SPARQL",
        ID["profile/KZ/passage/0029-0080"],
        rename(P_ROW, ID["profile/KZ/passage/0029-0080"]),
    ),
    case(
        "unmodelled-passage-with-a-fact",
        "UnmodelledPassage-noFact",
        "SPARQL",
        P_CLOSURE,
        add(P_CLOSURE, RDF.type, FL.UnmodelledPassage),
    ),
    case(
        "passage-uri-unpadded",
        "SourcePassageIriShape",
        "Pattern",
        ID["profile/KZ/passage/29-79"],
        rename(P_ROW, ID["profile/KZ/passage/29-79"]),
    ),
    # selectors
    case(
        "start-missing",
        "TextPositionSelector-start",
        "MinCount",
        pos(P_ROW),
        drop(pos(P_ROW), OA.start),
    ),
    case(
        "start-twice",
        "TextPositionSelector-start",
        "MaxCount",
        pos(P_ROW),
        add(pos(P_ROW), OA.start, typed("30", XSD.integer)),
        also=("SourcePassage-quoteMatchesText", "SourcePassage-iriMatchesOffsets"),
    ),
    case(
        "start-subtype",
        "TextPositionSelector-start",
        "Datatype",
        pos(P_ROW),
        replace(pos(P_ROW), OA.start, typed("29", XSD.nonNegativeInteger)),
    ),
    case(
        "start-negative",
        "TextPositionSelector-start",
        "MinInclusive",
        pos(P_ROW),
        replace(pos(P_ROW), OA.start, Literal(-1)),
        also=("SourcePassage-quoteMatchesText", "SourcePassage-iriMatchesOffsets"),
    ),
    case(
        "end-missing", "TextPositionSelector-end", "MinCount", pos(P_ROW), drop(pos(P_ROW), OA.end)
    ),
    case(
        "end-twice",
        "TextPositionSelector-end",
        "MaxCount",
        pos(P_ROW),
        add(pos(P_ROW), OA.end, typed("78", XSD.integer)),
        also=("SourcePassage-quoteMatchesText", "SourcePassage-iriMatchesOffsets"),
    ),
    case(
        "end-subtype",
        "TextPositionSelector-end",
        "Datatype",
        pos(P_ROW),
        replace(pos(P_ROW), OA.end, typed("79", XSD.nonNegativeInteger)),
    ),
    case(
        "end-negative",
        "TextPositionSelector-end",
        "MinInclusive",
        pos(P_ROW),
        replace(pos(P_ROW), OA.end, Literal(-1)),
        also=(
            "SourcePassage-quoteMatchesText",
            "SourcePassage-iriMatchesOffsets",
            "SourcePassage-startBeforeEnd",
        ),
    ),
    case(
        "position-uri",
        "TextPositionSelectorIriShape",
        "Pattern",
        URIRef(f"{P_ROW}#pos"),
        rename(pos(P_ROW), URIRef(f"{P_ROW}#pos")),
    ),
    case(
        "exact-missing",
        "TextQuoteSelector-exact",
        "MinCount",
        quote(P_ROW),
        drop(quote(P_ROW), OA.exact),
    ),
    case(
        "exact-twice",
        "TextQuoteSelector-exact",
        "MaxCount",
        quote(P_ROW),
        add(quote(P_ROW), OA.exact, Literal("1984")),
        also=("SourcePassage-quoteMatchesText",),
    ),
    case(
        "exact-language",
        "TextQuoteSelector-exact",
        "Datatype",
        quote(P_ROW),
        replace(quote(P_ROW), OA.exact, en("1984 Convention against Torture (CAT): State Party")),
    ),
    case(
        "quote-uri",
        "TextQuoteSelectorIriShape",
        "Pattern",
        URIRef(f"{P_ROW}#q"),
        rename(quote(P_ROW), URIRef(f"{P_ROW}#q")),
    ),
    # legal instrument
    case(
        "instrument-type-missing",
        "LegalInstrument-typeDocument",
        "MinCount",
        INSTR,
        drop(INSTR, ELI.type_document),
    ),
    case(
        "instrument-type-twice",
        "LegalInstrument-typeDocument",
        "MaxCount",
        INSTR,
        add(INSTR, ELI.type_document, concept("instrument-type", "act")),
    ),
    case(
        "instrument-type-other-scheme",
        "LegalInstrument-typeDocument",
        "InScheme",
        INSTR,
        replace(INSTR, ELI.type_document, concept("subdivision-type", "article")),
    ),
    case(
        "instrument-year-twice",
        "LegalInstrument-adoptionYear",
        "MaxCount",
        INSTR,
        add(INSTR, FL.adoptionYear, typed("1996", XSD.gYear)),
    ),
    case(
        "instrument-year-integer",
        "LegalInstrument-adoptionYear",
        "Datatype",
        INSTR,
        replace(INSTR, FL.adoptionYear, Literal(1995)),
    ),
    case(
        "instrument-amended-twice",
        "LegalInstrument-asAmended",
        "MaxCount",
        INSTR,
        add(INSTR, FL.asAmended, Literal(False)),
    ),
    case(
        "instrument-amended-string",
        "LegalInstrument-asAmended",
        "Datatype",
        INSTR,
        replace(INSTR, FL.asAmended, Literal("yes")),
    ),
    case(
        "instrument-part-not-provision",
        "LegalInstrument-hasPart",
        "Class",
        INSTR,
        add(INSTR, ELI.has_part, CLAIM),
    ),
    case(
        "instrument-uri",
        "LegalInstrumentIriShape",
        "Pattern",
        ID["instrument/KZ/Constitution"],
        rename(INSTR, ID["instrument/KZ/Constitution"]),
    ),
    # provision
    case(
        "provision-instrument-missing",
        "Provision-isPartOf",
        "MinCount",
        PROVISION,
        drop(PROVISION, ELI.is_part_of),
        also=("Provision-withinInstrument/QualifiedMinCount",),
    ),
    case(
        "provision-two-instruments",
        "Provision-isPartOf",
        "MaxCount",
        PROVISION,
        add(PROVISION, ELI.is_part_of, ID["instrument/KZ/criminal-code"]),
        also=("Provision-isPartOf/Or",),
    ),
    case(
        "provision-instrument-is-treaty",
        "Provision-isPartOf",
        "Or",
        PROVISION,
        replace(PROVISION, ELI.is_part_of, CAT),
        also=("Provision-withinInstrument/QualifiedMinCount",),
    ),
    case(
        "provision-part-of-itself",
        "Provision-withinInstrument",
        "QualifiedMinCount",
        PROVISION,
        replace(PROVISION, ELI.is_part_of, PROVISION),
    ),
    case(
        "provision-part-not-provision",
        "Provision-hasPart",
        "Class",
        PROVISION,
        add(PROVISION, ELI.has_part, CLAIM),
    ),
    case(
        "provision-number-missing",
        "Provision-number",
        "MinCount",
        PROVISION,
        drop(PROVISION, ELI.number),
    ),
    case(
        "provision-number-twice",
        "Provision-number",
        "MaxCount",
        PROVISION,
        add(PROVISION, ELI.number, Literal("17")),
    ),
    case(
        "provision-number-integer",
        "Provision-number",
        "Datatype",
        PROVISION,
        replace(PROVISION, ELI.number, Literal(17)),
    ),
    case(
        "provision-text-missing",
        "ProvisionTextOrPartsShape",
        "Or",
        PROVISION,
        drop(PROVISION, FL.verbatimText),
    ),
    case(
        "provision-text-twice",
        "Provision-verbatimText",
        "MaxCount",
        PROVISION,
        add(PROVISION, FL.verbatimText, en("Dignity.")),
    ),
    case(
        "provision-text-untagged",
        "Provision-verbatimText",
        "Datatype",
        PROVISION,
        replace(PROVISION, FL.verbatimText, Literal("Human dignity shall be inviolable.")),
        also=("Provision-verbatimText/LanguageIn",),
    ),
    case(
        "provision-text-russian",
        "Provision-verbatimText",
        "LanguageIn",
        PROVISION,
        replace(PROVISION, FL.verbatimText, Literal("Достоинство", lang="ru")),
    ),
    case(
        "subdivision-type-missing",
        "Provision-typeSubdivision",
        "MinCount",
        PROVISION,
        drop(PROVISION, ELI.type_subdivision),
    ),
    case(
        "subdivision-type-twice",
        "Provision-typeSubdivision",
        "MaxCount",
        PROVISION,
        add(PROVISION, ELI.type_subdivision, concept("subdivision-type", "paragraph")),
    ),
    case(
        "subdivision-type-other-scheme",
        "Provision-typeSubdivision",
        "InScheme",
        PROVISION,
        replace(PROVISION, ELI.type_subdivision, concept("instrument-type", "constitution")),
    ),
    case(
        "paragraph-twice",
        "Provision-paragraph",
        "MaxCount",
        PROVISION,
        add(PROVISION, FL.paragraph, Literal("2")),
    ),
    case(
        "paragraph-integer",
        "Provision-paragraph",
        "Datatype",
        PROVISION,
        replace(PROVISION, FL.paragraph, Literal(1)),
    ),
    case(
        "provision-uri",
        "ProvisionIriShape",
        "Pattern",
        ID["instrument/KZ/constitution-1995/article17"],
        rename(PROVISION, ID["instrument/KZ/constitution-1995/article17"]),
    ),
    # treaty, competence
    case(
        "adherable-neither",
        "AdherableShape",
        "Or",
        ID["treaty/something"],
        add(ID["treaty/something"], RDF.type, FL.Adherable),
    ),
    case("short-name-missing", "Treaty-shortName", "MinCount", CAT, drop(CAT, FL.shortName)),
    case(
        "short-name-twice",
        "Treaty-shortName",
        "MaxCount",
        CAT,
        add(CAT, FL.shortName, Literal("UNCAT")),
    ),
    case(
        "short-name-tagged",
        "Treaty-shortName",
        "Datatype",
        CAT,
        replace(CAT, FL.shortName, en("CAT")),
    ),
    case("treaty-year-missing", "Treaty-adoptionYear", "MinCount", CAT, drop(CAT, FL.adoptionYear)),
    case(
        "treaty-year-twice",
        "Treaty-adoptionYear",
        "MaxCount",
        CAT,
        add(CAT, FL.adoptionYear, typed("1987", XSD.gYear)),
    ),
    case(
        "treaty-year-date",
        "Treaty-adoptionYear",
        "Datatype",
        CAT,
        replace(CAT, FL.adoptionYear, typed("1984-12-10", XSD.date)),
    ),
    case("treaty-scope-missing", "Treaty-treatyScope", "MinCount", CAT, drop(CAT, FL.treatyScope)),
    case(
        "treaty-scope-twice",
        "Treaty-treatyScope",
        "MaxCount",
        CAT,
        add(CAT, FL.treatyScope, concept("treaty-scope", "regional")),
    ),
    case(
        "treaty-scope-other-scheme",
        "Treaty-treatyScope",
        "InScheme",
        CAT,
        replace(CAT, FL.treatyScope, concept("hedge", "asserted")),
    ),
    case(
        "monitoring-body-not-body",
        "Treaty-monitoringBody",
        "Class",
        CAT,
        replace(CAT, FL.monitoringBody, STATE),
    ),
    case("hidden-label-iri", "hiddenLabel", "NodeKind", CAT, add(CAT, SKOS.hiddenLabel, STATE)),
    case(
        "treaty-uri", "TreatyIriShape", "Pattern", ID["treaty/CAT"], rename(CAT, ID["treaty/CAT"])
    ),
    case(
        "competence-treaty-missing",
        "Competence-underTreaty",
        "MinCount",
        COMP,
        drop(COMP, FL.underTreaty),
    ),
    case(
        "competence-two-treaties",
        "Competence-underTreaty",
        "MaxCount",
        COMP,
        add(COMP, FL.underTreaty, ID["treaty/opcat"]),
        also=("Competence-underTreaty/Class",),
    ),
    case(
        "competence-treaty-is-body",
        "Competence-underTreaty",
        "Class",
        COMP,
        replace(COMP, FL.underTreaty, UNCAT),
    ),
    case(
        "competent-body-missing",
        "Competence-competentBody",
        "MinCount",
        COMP,
        drop(COMP, FL.competentBody),
    ),
    case(
        "competent-body-twice",
        "Competence-competentBody",
        "MaxCount",
        COMP,
        add(COMP, FL.competentBody, BODY),
    ),
    case(
        "competent-body-is-state",
        "Competence-competentBody",
        "Class",
        COMP,
        replace(COMP, FL.competentBody, STATE),
    ),
    # treaty adherence
    case(
        "adherence-treaty-missing", "TreatyAdherence-treaty", "MinCount", ADH, drop(ADH, FL.treaty)
    ),
    case(
        "adherence-two-treaties",
        "TreatyAdherence-treaty",
        "MaxCount",
        ADH,
        add(ADH, FL.treaty, COMP),
    ),
    case(
        "adherence-treaty-is-body",
        "TreatyAdherence-treaty",
        "Class",
        ADH,
        replace(ADH, FL.treaty, UNCAT),
    ),
    case("status-missing", "TreatyAdherence-status", "MinCount", ADH, drop(ADH, FL.status)),
    case(
        "status-twice",
        "TreatyAdherence-status",
        "MaxCount",
        ADH,
        add(ADH, FL.status, concept("treaty-status", "signatory")),
    ),
    case(
        "status-string",
        "TreatyAdherence-status",
        "InScheme",
        ADH,
        replace(ADH, FL.status, Literal("State Party")),
    ),
    case(
        "status-other-scheme",
        "TreatyAdherence-status",
        "InScheme",
        ADH,
        replace(ADH, FL.status, ASSERTED),
    ),
    case(
        "adherence-uri",
        "TreatyAdherenceIriShape",
        "Pattern",
        ID["adherence/kz/cat"],
        rename(ADH, ID["adherence/kz/cat"]),
    ),
    # absence statement
    case(
        "absent-kind-missing",
        "AbsenceStatement-absentKind",
        "MinCount",
        ABS,
        drop(ABS, FL.absentKind),
    ),
    case(
        "absent-kind-twice",
        "AbsenceStatement-absentKind",
        "MaxCount",
        ABS,
        add(ABS, FL.absentKind, concept("absence-kind", "use-of-force-legislation")),
    ),
    case(
        "absent-kind-other-scheme",
        "AbsenceStatement-absentKind",
        "InScheme",
        ABS,
        replace(ABS, FL.absentKind, concept("body-type", "oversight-body")),
    ),
    case("hedge-missing", "AbsenceStatement-hedge", "MinCount", ABS, drop(ABS, FL.hedge)),
    case(
        "hedge-twice",
        "AbsenceStatement-hedge",
        "MaxCount",
        ABS,
        add(ABS, FL.hedge, concept("hedge", "believed")),
    ),
    case(
        "hedge-string",
        "AbsenceStatement-hedge",
        "InScheme",
        ABS,
        replace(ABS, FL.hedge, Literal("asserted")),
    ),
    case(
        "absence-uri",
        "AbsenceStatementIriShape",
        "Pattern",
        ID["absence/KZ/independent-police-oversight-body"],
        rename(ABS, ID["absence/KZ/independent-police-oversight-body"]),
    ),
    # body, post, person
    case("body-type-missing", "Body-bodyType", "MinCount", BODY, drop(BODY, FL.bodyType)),
    case(
        "body-type-twice",
        "Body-bodyType",
        "MaxCount",
        BODY,
        add(BODY, FL.bodyType, concept("body-type", "police")),
    ),
    case(
        "body-type-other-scheme",
        "Body-bodyType",
        "InScheme",
        BODY,
        replace(BODY, FL.bodyType, concept("event-type", "protest")),
    ),
    case(
        "notation-twice", "notation", "MaxCount", UNCAT, add(UNCAT, SKOS.notation, Literal("cat"))
    ),
    case(
        "notation-tagged",
        "notation",
        "Datatype",
        UNCAT,
        replace(UNCAT, SKOS.notation, en("un-cat")),
    ),
    case(
        "alt-label-untagged",
        "altLabel",
        "Datatype",
        UNCAT,
        add(UNCAT, SKOS.altLabel, Literal("CAT Committee")),
    ),
    case(
        "parent-body-not-body",
        "Body-subOrganizationOf",
        "Class",
        BODY,
        add(BODY, ORG.subOrganizationOf, STATE),
    ),
    case(
        "body-uri",
        "BodyIriShape",
        "Pattern",
        ID["body/KZ/Prosecutor_General"],
        rename(BODY, ID["body/KZ/Prosecutor_General"]),
    ),
    case(
        "post-in-two-bodies",
        "Post-postIn",
        "MaxCount",
        POST,
        add(POST, ORG.postIn, BODY),
        add(POST, ORG.postIn, UNCAT),
    ),
    case("post-in-state", "Post-postIn", "Class", POST, add(POST, ORG.postIn, STATE)),
    case(
        "post-uri",
        "PostIriShape",
        "Pattern",
        ID["post/KZ/President"],
        rename(POST, ID["post/KZ/President"]),
    ),
    case("person-holds-body", "Person-holds", "Class", PERSON, replace(PERSON, ORG.holds, BODY)),
    case(
        "person-uri",
        "PersonIriShape",
        "Pattern",
        ID["person/Tokayev"],
        rename(PERSON, ID["person/Tokayev"]),
    ),
    # pronouncement
    case("author-missing", "Pronouncement-author", "MinCount", PRON, drop(PRON, FL.author)),
    case("author-is-state", "Pronouncement-author", "Or", PRON, replace(PRON, FL.author, STATE)),
    case(
        "subject-state-missing",
        "Pronouncement-subjectState",
        "MinCount",
        PRON,
        drop(PRON, FL.subjectState),
    ),
    case(
        "subject-state-not-state",
        "Pronouncement-subjectState",
        "Class",
        PRON,
        replace(PRON, FL.subjectState, PROFILE),
    ),
    case(
        "document-type-missing",
        "Pronouncement-documentType",
        "MinCount",
        PRON,
        drop(PRON, FL.documentType),
    ),
    case(
        "document-type-twice",
        "Pronouncement-documentType",
        "MaxCount",
        PRON,
        add(PRON, FL.documentType, concept("pronouncement-type", "report")),
    ),
    case(
        "document-type-other-scheme",
        "Pronouncement-documentType",
        "InScheme",
        PRON,
        replace(PRON, FL.documentType, concept("claim-type", "report")),
    ),
    case(
        "date-twice",
        "Pronouncement-date",
        "MaxCount",
        PRON,
        add(PRON, DCTERMS.date, typed("2016-12", XSD.gYearMonth)),
    ),
    case(
        "date-string",
        "Pronouncement-date",
        "Or",
        PRON,
        replace(PRON, DCTERMS.date, Literal("2016")),
    ),
    case(
        "citation-tagged",
        "Pronouncement-bibliographicCitation",
        "Datatype",
        PRON,
        add(PRON, DCTERMS.bibliographicCitation, en("471 U.S. 1 (1985)")),
    ),
    case(
        "citation-empty",
        "Pronouncement-bibliographicCitation",
        "MinLength",
        PRON,
        add(PRON, DCTERMS.bibliographicCitation, Literal("")),
    ),
    case(
        "date-missing",
        "Pronouncement-dateRecommended",
        "MinCount",
        PRON,
        drop(PRON, DCTERMS.date),
        severity=W,
    ),
    case(
        "date-derivation-twice",
        "Pronouncement-dateDerivation",
        "MaxCount",
        PRON,
        add(PRON, FL.dateDerivation, en("From the session.")),
        add(PRON, FL.dateDerivation, en("From the symbol.")),
    ),
    case(
        "date-derivation-untagged",
        "Pronouncement-dateDerivation",
        "Datatype",
        PRON,
        add(PRON, FL.dateDerivation, Literal("From the session.")),
        also=("Pronouncement-dateDerivation/LanguageIn",),
    ),
    case(
        "date-derivation-russian",
        "Pronouncement-dateDerivation",
        "LanguageIn",
        PRON,
        add(PRON, FL.dateDerivation, Literal("Из сессии.", lang="ru")),
    ),
    case(
        "pronouncement-uri",
        "PronouncementIriShape",
        "Pattern",
        ID["pronouncement/un-cat/2016"],
        rename(PRON, ID["pronouncement/un-cat/2016"]),
    ),
    # claim
    case("claim-type-missing", "Claim-claimType", "MinCount", CLAIM, drop(CLAIM, FL.claimType)),
    case(
        "claim-type-twice",
        "Claim-claimType",
        "MaxCount",
        CLAIM,
        add(CLAIM, FL.claimType, concept("claim-type", "finding")),
    ),
    case(
        "claim-type-other-scheme",
        "Claim-claimType",
        "InScheme",
        CLAIM,
        replace(CLAIM, FL.claimType, concept("pronouncement-type", "report")),
    ),
    case("asserted-by-missing", "Claim-assertedBy", "MinCount", CLAIM, drop(CLAIM, FL.assertedBy)),
    case(
        "asserted-by-state", "Claim-assertedBy", "Or", CLAIM, replace(CLAIM, FL.assertedBy, STATE)
    ),
    case(
        "reported-in-event",
        "Claim-reportedIn",
        "Class",
        CLAIM,
        replace(CLAIM, FL.reportedIn, EVENT),
    ),
    case(
        "reported-in-missing",
        "Claim-reportedInRecommended",
        "MinCount",
        CLAIM,
        drop(CLAIM, FL.reportedIn),
        severity=W,
    ),
    case(
        "about-string", "Claim-about", "NodeKind", CLAIM, add(CLAIM, FL.about, Literal("Zhanaozen"))
    ),
    case("claim-figure-not-figure", "hasFigure", "Class", CLAIM, add(CLAIM, FL.hasFigure, EVENT)),
    case(
        "claim-uri",
        "ClaimIriShape",
        "Pattern",
        ID["claim/un-cat/KZ/2016-concluding-observations"],
        rename(CLAIM, ID["claim/un-cat/KZ/2016-concluding-observations"]),
    ),
    # figure
    case(
        "quantity-twice",
        "Figure-quantity",
        "MaxCount",
        FIG,
        add(FIG, FL.quantity, typed("16", XSD.integer)),
    ),
    case(
        "quantity-subtype",
        "Figure-quantity",
        "Datatype",
        FIG,
        replace(FIG, FL.quantity, typed("15", XSD.nonNegativeInteger)),
    ),
    case(
        "quantity-negative",
        "Figure-quantity",
        "MinInclusive",
        FIG,
        replace(FIG, FL.quantity, Literal(-1)),
        also=("Figure-quantity/Datatype",),
    ),
    case(
        "quantity-above-total",
        "Figure-quantity",
        "LessThanOrEquals",
        FIG,
        add(FIG, FL.outOf, typed("10", XSD.integer)),
    ),
    case(
        "total-twice",
        "Figure-outOf",
        "MaxCount",
        FIG,
        add(FIG, FL.outOf, typed("20", XSD.integer)),
        add(FIG, FL.outOf, typed("30", XSD.integer)),
    ),
    case(
        "total-negative",
        "Figure-outOf",
        "MinInclusive",
        FIG,
        add(FIG, FL.outOf, Literal(-1)),
        also=("Figure-quantity/LessThanOrEquals",),
    ),
    case(
        "total-decimal",
        "Figure-outOf",
        "Datatype",
        FIG,
        add(FIG, FL.outOf, Literal("20.0", datatype=XSD.decimal)),
    ),
    case("unit-missing", "Figure-unit", "MinCount", FIG, drop(FIG, FL.unit)),
    case(
        "unit-twice",
        "Figure-unit",
        "MaxCount",
        FIG,
        add(FIG, FL.unit, concept("figure-unit", "injured")),
    ),
    case("unit-string", "Figure-unit", "InScheme", FIG, replace(FIG, FL.unit, Literal("deaths"))),
    case(
        "qualifier-twice",
        "Figure-qualifier",
        "MaxCount",
        FIG,
        add(FIG, FL.qualifier, concept("figure-qualifier", "exact")),
    ),
    case(
        "qualifier-other-scheme",
        "Figure-qualifier",
        "InScheme",
        FIG,
        replace(FIG, FL.qualifier, concept("figure-unit", "deaths")),
    ),
    case("quantity-missing", "Figure-quantityUnlessVague", "SPARQL", FIG, drop(FIG, FL.quantity)),
    case(
        "figure-uri",
        "FigureIriShape",
        "Pattern",
        ID["claim/un-cat/KZ/2016-concluding-observations/1/figure/one"],
        rename(FIG, ID["claim/un-cat/KZ/2016-concluding-observations/1/figure/one"]),
    ),
    # event
    case("event-type-missing", "Event-eventType", "MinCount", EVENT, drop(EVENT, FL.eventType)),
    case(
        "event-type-other-scheme",
        "Event-eventType",
        "InScheme",
        EVENT,
        replace(EVENT, FL.eventType, concept("outcome-type", "conviction")),
    ),
    case("location-treaty", "Event-location", "Or", EVENT, add(EVENT, SCHEMA.location, CAT)),
    case(
        "start-date-twice",
        "Event-startDate",
        "MaxCount",
        EVENT,
        add(EVENT, SCHEMA.startDate, typed("2011-12", XSD.gYearMonth)),
    ),
    case(
        "start-date-string",
        "Event-startDate",
        "Or",
        EVENT,
        replace(EVENT, SCHEMA.startDate, Literal("16 December 2011")),
    ),
    case(
        "end-date-twice",
        "Event-endDate",
        "MaxCount",
        EVENT,
        add(EVENT, SCHEMA.endDate, typed("2011-12", XSD.gYearMonth)),
    ),
    case(
        "end-date-datetime",
        "Event-endDate",
        "Or",
        EVENT,
        replace(EVENT, SCHEMA.endDate, typed("2011-12-17T00:00:00", XSD.dateTime)),
    ),
    case(
        "event-ends-before-start",
        "Event-endNotBeforeStart",
        "SPARQL",
        EVENT,
        replace(EVENT, SCHEMA.endDate, typed("2011-12-15", XSD.date)),
    ),
    case(
        "event-ends-year-before",
        "Event-endNotBeforeStart",
        "SPARQL",
        EVENT,
        replace(EVENT, SCHEMA.endDate, typed("2010", XSD.gYear)),
    ),
    case(
        "event-uri",
        "EventIriShape",
        "Pattern",
        ID["event/2011-12-zhanaozen"],
        rename(EVENT, ID["event/2011-12-zhanaozen"]),
    ),
    # outcome
    case(
        "outcome-type-missing",
        "Outcome-outcomeType",
        "MinCount",
        OUTCOME,
        drop(OUTCOME, FL.outcomeType),
    ),
    case(
        "outcome-type-other-scheme",
        "Outcome-outcomeType",
        "InScheme",
        OUTCOME,
        replace(OUTCOME, FL.outcomeType, concept("event-type", "riot")),
    ),
    case(
        "outcome-event-missing",
        "Outcome-outcomeOf",
        "MinCount",
        OUTCOME,
        drop(OUTCOME, FL.outcomeOf),
    ),
    case(
        "outcome-of-claim",
        "Outcome-outcomeOf",
        "Class",
        OUTCOME,
        replace(OUTCOME, FL.outcomeOf, CLAIM),
    ),
    case(
        "legal-basis-state", "Outcome-legalBasis", "Or", OUTCOME, add(OUTCOME, FL.legalBasis, STATE)
    ),
    case(
        "offence-iri", "Outcome-offence", "NodeKind", OUTCOME, add(OUTCOME, FL.offence, PROVISION)
    ),
    case(
        "penalty-iri", "Outcome-penalty", "NodeKind", OUTCOME, add(OUTCOME, FL.penalty, PROVISION)
    ),
    case(
        "outcome-uri",
        "OutcomeIriShape",
        "Pattern",
        ID["outcome/KZ/Case_Closure"],
        rename(OUTCOME, ID["outcome/KZ/Case_Closure"]),
    ),
    # SKOS concepts and schemes (mutations of the ontology)
    case(
        "concept-pref-label-missing",
        "englishPrefLabel",
        "MinCount",
        ASSERTED,
        drop(ASSERTED, SKOS.prefLabel),
        also=("englishPrefLabel/QualifiedMinCount",),
    ),
    case(
        "concept-pref-label-untagged",
        "englishPrefLabel",
        "Datatype",
        ASSERTED,
        add(ASSERTED, SKOS.prefLabel, Literal("asserted")),
    ),
    case(
        "concept-pref-label-two-english",
        "englishPrefLabel",
        "UniqueLang",
        ASSERTED,
        add(ASSERTED, SKOS.prefLabel, en("stated")),
    ),
    case(
        "concept-pref-label-no-english",
        "englishPrefLabel",
        "QualifiedMinCount",
        ASSERTED,
        replace(ASSERTED, SKOS.prefLabel, Literal("behauptet", lang="de")),
    ),
    case(
        "concept-scheme-missing",
        "Concept-inScheme",
        "MinCount",
        ASSERTED,
        drop(ASSERTED, SKOS.inScheme),
        also=("AbsenceStatement-hedge",),
    ),
    case(
        "concept-two-schemes",
        "Concept-inScheme",
        "MaxCount",
        ASSERTED,
        add(ASSERTED, SKOS.inScheme, ID["scheme/claim-type"]),
    ),
    case(
        "concept-scheme-not-scheme",
        "Concept-inScheme",
        "Class",
        ASSERTED,
        replace(ASSERTED, SKOS.inScheme, STATE),
        also=("AbsenceStatement-hedge",),
    ),
    case(
        "concept-notation-twice",
        "notation",
        "MaxCount",
        ASSERTED,
        add(ASSERTED, SKOS.notation, Literal("a")),
    ),
    case(
        "concept-definition-untagged",
        "Concept-definition",
        "Datatype",
        ASSERTED,
        add(ASSERTED, SKOS.definition, Literal("Said.")),
    ),
    case(
        "concept-definition-two-english",
        "Concept-definition",
        "UniqueLang",
        ASSERTED,
        add(ASSERTED, SKOS.definition, en("Said.")),
    ),
    case(
        "concept-uri",
        "ConceptIriShape",
        "Pattern",
        ID["scheme/hedge/Not_Sure"],
        new_concept(ID["scheme/hedge/Not_Sure"]),
    ),
    case(
        "scheme-pref-label-missing",
        "englishPrefLabel",
        "MinCount",
        HEDGE,
        drop(HEDGE, SKOS.prefLabel),
        also=("englishPrefLabel/QualifiedMinCount",),
    ),
    case(
        "scheme-uri",
        "ConceptSchemeIriShape",
        "Pattern",
        ID["scheme/Bad_Scheme"],
        new_scheme(ID["scheme/Bad_Scheme"]),
    ),
    # curation-only annotations left behind
    case(
        "anchor-left",
        "Curation-anchor",
        "MaxCount",
        CLAIM,
        add(CLAIM, FL.anchor, Literal("excessive use of force")),
        severity=W,
    ),
    case(
        "anchor-occurrence-left",
        "Curation-anchorOccurrence",
        "MaxCount",
        CLAIM,
        add(CLAIM, FL.anchorOccurrence, typed("1", XSD.positiveInteger)),
        severity=W,
    ),
]


def _component(name: str) -> URIRef:
    if name == "InScheme":
        return FLSH.InSchemeConstraintComponent
    return SH[f"{name}ConstraintComponent"]


def _rule_of(finding: Finding) -> str:
    node = finding.constraint if finding.constraint is not None else finding.source_shape
    return str(node).removeprefix(str(FLSH))


def _component_name(finding: Finding) -> str:
    name = str(finding.component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    return "SPARQL" if name == "SPARQL" else name


def _explained(finding: Finding, case: Case) -> bool:
    """Expected: the case's own rule and component, or a rule (or rule/Component) in `also`."""
    rule, component = _rule_of(finding), _component_name(finding)
    if (rule, component) == (case.rule, case.component):
        return True
    return rule in case.also or f"{rule}/{component}" in case.also


def _message_pattern(rule: URIRef) -> re.Pattern[str]:
    """The rule's sh:message as a regex: {?var} / {$var} placeholders match anything."""
    templates = [str(m) for m in SHAPES.objects(rule, SH.message)]
    assert templates, f"{rule} has no sh:message"
    parts = re.split(r"\{[?$]\w+\}", templates[0])
    return re.compile(".*".join(re.escape(part) for part in parts), re.DOTALL)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_constraint_is_violated_by_its_mutation(case: Case) -> None:
    world = fresh_world()
    for mutation in case.mutations:
        mutation(world)
    result = run(world)

    matching = [
        f
        for f in result.findings
        if _rule_of(f) == case.rule
        and f.component == _component(case.component)
        and (case.focus is None or f.focus_node == case.focus)
    ]
    assert matching, f"expected {case.rule} / {case.component}; got:\n{format_report(result)}"
    finding = matching[0]
    assert finding.severity is case.severity
    assert _message_pattern(FLSH[case.rule]).search(finding.message), finding.message
    assert result.conforms is (case.severity is not Severity.VIOLATION)
    unexplained = [f for f in result.findings if not _explained(f, case)]
    assert not unexplained, f"other rules fired too:\n{format_report(result)}"


@pytest.mark.parametrize(
    "cls",
    [
        FL.Claim,
        FL.Provision,
        FL.TreatyAdherence,
        FL.AbsenceStatement,
        FL.Figure,
        FL.Event,
        FL.Outcome,
        FL.Pronouncement,
    ],
)
def test_provenance_is_mandatory_for(cls: URIRef) -> None:
    """The rule is shared; its negative case is provenance-missing. Here: every class uses it."""
    shapes = {s for s in SHAPES.subjects(SH.targetClass, cls)}
    assert any((shape, SH.property, FLSH.derivedFromPassage) in SHAPES for shape in shapes)


# What the shapes say to people: each in English, tagged so like the ontology's labels.
PROSE = (SH.message, SH.name, SH.description, RDFS.label, RDFS.comment)


def _untagged_prose(graph: Graph) -> list[tuple[Node, Node, str]]:
    return sorted(
        (s, p, str(o))
        for p in PROSE
        for s, o in graph.subject_objects(p)
        if isinstance(o, Literal) and o.language != "en"
    )


def test_every_message_and_label_of_the_shapes_is_tagged_english() -> None:
    """Every sh:message was a plain string beside labels and comments tagged @en."""
    assert _untagged_prose(SHAPES) == []
    assert SHAPES.value(FLSH["State-isoCode"], SH.message) is not None


def test_the_shapes_say_who_made_them_and_under_which_licence() -> None:
    """The shapes are published (shapes.ttl, /shapes) like the ontology, whose header names
    its creator and licence; theirs named neither."""
    header = URIRef("https://w3id.org/forcelaw/shapes")
    assert SHAPES.value(header, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    creators = list(SHAPES.objects(header, DCTERMS.creator))
    assert creators and all((c, RDF.type, FOAF.Agent) in SHAPES for c in creators)


def test_a_message_without_its_language_is_found() -> None:
    graph = Graph()
    graph.add((FLSH.x, SH.message, Literal("A state needs a name.")))
    graph.add((FLSH.x, RDFS.label, Literal("state name", lang="en")))
    assert _untagged_prose(graph) == [(FLSH.x, SH.message, "A state needs a name.")]


def test_every_rule_has_a_negative_case() -> None:
    tested = {c.rule for c in CASES}
    kinds = {SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint}
    rules = {
        str(node).removeprefix(str(FLSH))
        for node in set(SHAPES.subjects(SH.message, None))
        if kinds & set(SHAPES.objects(node, RDF.type))
    }
    assert rules - tested == set()


def test_every_constraint_component_of_every_rule_is_tested() -> None:
    """Each (property shape, constraint parameter) pair has its own negative case."""
    parameters = {
        SH.minCount: "MinCount",
        SH.maxCount: "MaxCount",
        SH.datatype: "Datatype",
        SH["class"]: "Class",
        SH.nodeKind: "NodeKind",
        SH.pattern: "Pattern",
        SH["or"]: "Or",
        SH.languageIn: "LanguageIn",
        SH.uniqueLang: "UniqueLang",
        SH.minInclusive: "MinInclusive",
        SH.lessThanOrEquals: "LessThanOrEquals",
        SH.qualifiedMinCount: "QualifiedMinCount",
        SH.qualifiedMaxCount: "QualifiedMaxCount",
        FLSH.inScheme: "InScheme",
    }
    expected = {
        (str(shape).removeprefix(str(FLSH)), name)
        for parameter, name in parameters.items()
        for shape in SHAPES.subjects(parameter, None)
        if {SH.NodeShape, SH.PropertyShape} & set(SHAPES.objects(shape, RDF.type))
    }
    tested = {(c.rule, c.component) for c in CASES}
    assert expected - tested == set()


# ------------------------------------------------------------------------------------------------
# positive cases
# ------------------------------------------------------------------------------------------------


def test_valid_graph_conforms_without_any_finding() -> None:
    result = validate(VALID_DATA, SHAPES, FULL_ONTOLOGY)
    assert result.conforms, format_report(result)
    assert result.findings == ()
    assert not has_violations(result)


def test_ontology_and_its_schemes_conform() -> None:
    result = validate(Graph(), SHAPES, FULL_ONTOLOGY)
    assert result.findings == (), format_report(result)


def test_reference_data_conforms() -> None:
    files = sorted(REFERENCE_DIR.glob("*.ttl"))
    assert files, REFERENCE_DIR
    result = validate_files(files)
    assert not has_violations(result), format_report(result)


def test_fixture_offsets_are_python_string_indices_not_bytes() -> None:
    """The quote check must agree with Python slicing on text with curly quotes."""
    world = fresh_world()
    text = str(world.data.graph(KZ_GRAPH).value(PROFILE, FL.sourceText))
    assert len(text.encode("utf-8")) > len(text)
    checked = 0
    kz = world.data.graph(KZ_GRAPH)
    for passage in kz.subjects(RDF.type, FL.SourcePassage):
        start = kz.value(pos(URIRef(str(passage))), OA.start)
        end = kz.value(pos(URIRef(str(passage))), OA.end)
        exact = kz.value(quote(URIRef(str(passage))), OA.exact)
        assert start is not None and end is not None and exact is not None
        assert text[int(str(start)) : int(str(end))] == str(exact)
        checked += 1
    assert checked == 9


def test_quote_check_counts_characters_outside_the_basic_plane() -> None:
    """One astral character (two UTF-16 units, four UTF-8 bytes) before every passage."""
    world = fresh_world()
    text = str(world.data.graph(KZ_GRAPH).value(PROFILE, FL.sourceText))
    set_source_text("\N{MUSICAL SYMBOL G CLEF}" + text[1:])(world)
    result = run(world)
    assert result.findings == (), format_report(result)


def test_vague_figure_may_omit_its_quantity() -> None:
    world = fresh_world()
    drop(FIG, FL.quantity)(world)
    replace(FIG, FL.qualifier, DOZENS)(world)
    assert run(world).findings == ()


def test_dates_of_different_precision_compare_on_their_common_prefix() -> None:
    world = fresh_world()
    replace(EVENT, SCHEMA.endDate, typed("2011-12", XSD.gYearMonth))(world)
    assert run(world).findings == ()


def test_status_mutation_and_duplicate_adherence_fail_the_build() -> None:
    """The mutations the issue names: provenance, status, duplicate adherence, date."""
    for mutation in [
        drop(ADH, PROV.wasDerivedFrom),
        replace(ADH, FL.status, Literal("State Party")),
        new_adherence(ID["adherence/KZ/cat-2"], CAT),
        replace(PRON, DCTERMS.date, Literal("2016-13-45")),
    ]:
        world = fresh_world()
        mutation(world)
        assert has_violations(run(world))


# ------------------------------------------------------------------------------------------------
# a different base
# ------------------------------------------------------------------------------------------------

OTHER_BASE = "http://localhost:8000/id/"


def _rebased_world() -> World:
    world = fresh_world()
    for graph in [*world.data.graphs(), world.writable_ontology()]:
        for s, p, o in list(graph):
            new = [
                URIRef(OTHER_BASE + n[len(BASE) :])
                if isinstance(n, URIRef) and n.startswith(BASE)
                else n
                for n in (s, p, o)
            ]
            if new != [s, p, o]:
                graph.remove((s, p, o))
                graph.add((new[0], new[1], new[2]))
    return world


def test_rebased_shapes_accept_data_minted_under_another_base() -> None:
    world = _rebased_world()
    result = validate(world.data, rebase_shapes(SHAPES, OTHER_BASE), world.ontology)
    assert result.findings == (), format_report(result)


def test_canonical_shapes_reject_data_minted_under_another_base() -> None:
    world = _rebased_world()
    result = validate(world.data, SHAPES, world.ontology)
    assert has_violations(result)
    assert any(f.component == SH.PatternConstraintComponent for f in result.findings)


# ------------------------------------------------------------------------------------------------
# files, report text and Turtle
# ------------------------------------------------------------------------------------------------


def _write_split(tmp_path: Path, world: World) -> tuple[Path, Path]:
    """The KZ graph as Turtle, everything else as TriG: two files to trace findings back to."""
    kz = tmp_path / "KZ.ttl"
    rest = tmp_path / "rest.trig"
    world.data.graph(KZ_GRAPH).serialize(kz, format="turtle")
    others = Dataset()
    for graph in world.data.graphs():
        if graph.identifier != KZ_GRAPH:
            target = others.graph(graph.identifier)
            for triple in graph:
                target.add(triple)
    others.serialize(rest, format="trig")
    return kz, rest


def test_validate_files_reports_the_file_of_each_focus_node(tmp_path: Path) -> None:
    world = fresh_world()
    replace(ADH, FL.status, Literal("State Party"))(world)
    replace(CAT, FL.adoptionYear, Literal(1984))(world)
    kz, rest = _write_split(tmp_path, world)
    result = validate_files([kz, rest])
    by_focus = {f.focus_node: f for f in result.findings}
    assert by_focus[ADH].sources == (str(kz),)
    assert by_focus[CAT].sources == (str(rest),)
    text = format_report(result)
    assert text.startswith("Validation: does NOT conform (2 violations, 0 warnings, 0 infos;")
    kz_block = text.index(f"\n{kz}\n")
    assert text.index(f"  <{ADH}>", kz_block) > kz_block
    assert '    Violation: fl:status = "State Party"' in text
    assert "An adherence needs exactly one fl:status" in text
    assert "rule: flsh:TreatyAdherence-status (flsh:InSchemeConstraintComponent)" in text
    assert f'\n{rest}\n  <{CAT}>\n    Violation: fl:adoptionYear = "1984"^^xsd:integer\n' in text


def test_dataset_findings_name_their_named_graph() -> None:
    world = fresh_world()
    drop(CLAIM, FL.claimType)(world)
    (finding,) = run(world).findings
    assert finding.sources == (str(KZ_GRAPH),)
    assert finding.path == FL.claimType


def test_warnings_do_not_fail() -> None:
    world = fresh_world()
    drop(CLAIM, FL.reportedIn)(world)
    result = run(world)
    assert result.conforms
    assert not has_violations(result)
    assert [f.severity for f in result.findings] == [Severity.WARNING]
    assert "does NOT" not in format_report(result)


def test_report_turtle_is_deterministic_and_round_trips() -> None:
    world = fresh_world()
    drop(ADH, FL.status)(world)
    drop(CLAIM, PROV.wasDerivedFrom)(world)
    replace(quote(P_ROW), OA.exact, Literal("wrong"))(world)
    first, second = run(world), run(world)
    assert len(first.findings) >= 3
    assert report_turtle(first) == report_turtle(second)
    parsed = Graph().parse(data=report_turtle(first), format="turtle")
    assert len(parsed) == len(first.report)
    assert "sh:conforms false" in report_turtle(first)


def _relabelled(graph: Graph, prefix: str) -> Graph:
    """``graph`` with new blank node labels (an isomorphic copy)."""
    renamed: dict[Node, BNode] = {}

    def name(node: Node) -> Node:
        if isinstance(node, BNode):
            return renamed.setdefault(node, BNode(f"{prefix}{len(renamed)}"))
        return node

    copy = Graph()
    for s, p, o in graph:
        copy.add((name(s), p, name(o)))
    return copy


@pytest.mark.parametrize("shape", ["tree", "twins", "cycle"])
def test_canonical_blank_nodes_name_isomorphic_graphs_alike(shape: str) -> None:
    """A report's tree of blank nodes is named by content; blank nodes that say the same
    (told apart only by where they are) or that reach themselves go to rdflib's naming. Either
    way the triples are the graph's, and an isomorphic copy gives the same."""
    from rdflib.compare import isomorphic

    from forcelaw.validate import canonical_blank_nodes

    ex = Namespace("http://example.org/")
    graph = Graph()
    report, first, second, path = BNode(), BNode(), BNode(), BNode()
    graph.add((report, SH.result, first))
    graph.add((report, SH.result, second))
    graph.add((first, SH.focusNode, ex.a))
    graph.add((first, SH.resultPath, path))
    graph.add((path, SH.inversePath, ex.p))
    graph.add((second, SH.focusNode, ex.b))
    if shape == "twins":
        graph.add((first, SH.value, BNode()))
        graph.add((second, SH.value, BNode()))
        graph.add((ex.c, SH.value, BNode()))
        graph.add((ex.c, SH.value, BNode()))
    if shape == "cycle":
        graph.add((path, SH.inversePath, first))
    named = Graph()
    for triple in canonical_blank_nodes(graph):
        named.add(triple)
    again = set(canonical_blank_nodes(_relabelled(graph, "other")))
    assert isomorphic(named, graph) and len(named) == len(graph)
    assert set(named) == again
    labels = {n for triple in named for n in triple if isinstance(n, BNode)}
    assert all(str(label).startswith("h") for label in labels) == (shape == "tree")


def test_unknown_suffix_and_bad_syntax_name_the_file(tmp_path: Path) -> None:
    odd = tmp_path / "data.rdf"
    odd.write_text("<rdf/>", encoding="utf-8")
    with pytest.raises(ValidationInputError, match=r"data\.rdf: unknown RDF file type '\.rdf'"):
        validate_files([odd])
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(ValidationInputError, match=r"broken\.ttl: not valid turtle"):
        validate_files([broken])
