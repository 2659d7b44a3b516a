"""The ontology and the reference data: complete, documented and consistent with each other."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).parents[1]
ONTOLOGY_FILE = ROOT / "ontology" / "forcelaw.ttl"
REFERENCE_DIR = ROOT / "data" / "reference"
TREATIES_FILE = REFERENCE_DIR / "treaties.ttl"
BODIES_FILE = REFERENCE_DIR / "bodies.ttl"

ONTOLOGY_IRI = URIRef("https://w3id.org/forcelaw/ontology")
FL = "https://w3id.org/forcelaw/ontology#"
ID = "https://w3id.org/forcelaw/id/"
DQV_METRIC = URIRef("http://www.w3.org/ns/dqv#Metric")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, DQV_METRIC)
XSD_GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


def _words(text: str) -> list[str]:
    return text.split()


# The terms of the vocabulary contract (notes/vocabulary.md).
CLASSES = set(
    _words("""
    AbsenceStatement Adherable Body Claim Competence CountryProfile Event Figure
    LegalInstrument Outcome Person Post ProfileSection Pronouncement Provision SourcePassage
    State Treaty TreatyAdherence
""")
)
OBJECT_PROPERTIES = set(
    _words("""
    about absentKind assertedBy author bodyType claimType competentBody documentType eventType
    hasFigure hedge legalBasis mentions monitoringBody monitors outcomeOf outcomeType profileOf
    qualifier reportedIn sectionKind state status subjectState treaty treatyScope underTreaty
    unit
""")
)
DATATYPE_PROPERTIES = set(
    _words("""
    adoptionYear anchor anchorOccurrence asAmended dateDerivation isoCode line offence order
    outOf paragraph penalty quantity retrieved sha256 shortName sourceText synthetic
    verbatimText
""")
)
# scheme -> concept keys, in the order of the contract
SCHEMES: dict[str, list[str]] = {
    "treaty-status": _words("state-party signatory not-party yes no"),
    "instrument-type": _words("""
        constitution criminal-code criminal-procedure-code code act law decree regulation
        subnational-constitution other
    """),
    "subdivision-type": _words("article section rule regulation paragraph clause"),
    "section-kind": _words("""
        constitution treaties treaties-global treaties-regional legislation
        legislation-use-of-force oversight caselaw caselaw-global caselaw-global-treaty-bodies
        caselaw-regional caselaw-national other
    """),
    "body-type": _words("""
        un-treaty-body un-charter-body un-special-procedures un-office international-court
        regional-court regional-commission regional-committee government ministry police
        prosecutor anti-corruption-agency national-court oversight-body legislature other
    """),
    "absence-kind": _words("""
        independent-police-oversight-body use-of-force-legislation regional-human-rights-treaty
        regional-human-rights-court constitutional-use-of-force-provision
        constitutional-right-to-life national-caselaw regional-caselaw global-caselaw
        unclassified
    """),
    "hedge": _words("asserted believed"),
    "figure-unit": _words("deaths injured cases cases-closed persons officers officers-convicted"),
    "figure-qualifier": _words("exact approximately at-least more-than dozens many"),
    "pronouncement-type": _words("""
        concluding-observations views judgment decision statement joint-communication
        announcement report expression-of-concern
    """),
    "claim-type": _words("concern finding report statement allegation recommendation"),
    "event-type": _words("protest riot crackdown dispersal shooting deaths-in-custody other"),
    "outcome-type": _words("conviction sentence investigation case-closure acquittal"),
    "treaty-scope": _words("global regional"),
}
TREATY_STATUS_WORDINGS = {
    "state-party": "State Party",
    "signatory": "Signatory",
    "not-party": "Not party",
    "yes": "Yes",
    "no": "No",
}
TREATIES = {
    "iccpr": 1966,
    "iccpr-op1": 1966,
    "cat": 1984,
    "opcat": 2002,
    "rome-statute": 1998,
    "echr": 1950,
    "ecpt": 1987,
    "achr": 1969,
    "iacppt": 1985,
    "achpr": 1981,
    "arab-charter": 2004,
}
# The wording of each row of the profile treaty tables -> the treaty or competence it names.
TABLE_WORDINGS = {
    "1966 Covenant on Civil and Political Rights (ICCPR)": "iccpr",
    "ICCPR Optional Protocol 1": "iccpr-op1",
    "1984 Convention against Torture (CAT)": "cat",
    "Competence of CAT Committee to receive individual complaints": "cat-art22-competence",
    "CAT Optional Protocol 1": "opcat",
    "1998 Rome Statute of the International Criminal Court": "rome-statute",
    "1950 European Convention on Human Rights": "echr",
    "1987 European Convention for the Prevention of Torture": "ecpt",
    "1969 American Convention on Human Rights": "achr",
    "1985 Inter-American Convention to Prevent and Punish Torture": "iacppt",
    "1981 African Charter on Human and Peoples' Rights": "achpr",
    "2004 Arab Charter on Human Rights": "arab-charter",
}
BODIES = {
    "un-human-rights-committee": "un-hrc",
    "un-committee-against-torture": "un-cat",
    "un-subcommittee-on-prevention-of-torture": "un-spt",
    "ohchr": "ohchr",
    "un-human-rights-council": "un-hrcouncil",
    "un-special-procedures": "un-sp",
    "international-criminal-court": "icc",
    "european-court-of-human-rights": "ecthr",
    "european-committee-for-the-prevention-of-torture": "cpt",
    "inter-american-commission-on-human-rights": "iachr",
    "inter-american-court-of-human-rights": "iacthr",
    "african-commission-on-human-and-peoples-rights": "achpr-commission",
    "african-court-on-human-and-peoples-rights": "afchpr-court",
    "arab-human-rights-committee": "arab-hrc",
}
POSTS = {
    "un-high-commissioner-for-human-rights": "un-hchr",
    "un-special-rapporteur-on-torture": "un-sr-torture",
}
# How the profiles name reference bodies and posts in running text.
PROFILE_NAMES = {
    "Committee against Torture": "body/un-committee-against-torture",
    "Human Rights Committee": "body/un-human-rights-committee",
    "UN High Commissioner for Human Rights": "post/un-high-commissioner-for-human-rights",
    "UN special procedures mandate holders": "body/un-special-procedures",
    "Special Rapporteur on torture": "post/un-special-rapporteur-on-torture",
    "European Court of Human Rights": "body/european-court-of-human-rights",
    "African Commission on Human and Peoples' Rights": (
        "body/african-commission-on-human-and-peoples-rights"
    ),
}


def _fl(name: str) -> URIRef:
    return URIRef(FL + name)


def _parse(*paths: Path) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return _parse(ONTOLOGY_FILE)


@pytest.fixture(scope="module")
def treaties() -> Graph:
    return _parse(TREATIES_FILE)


@pytest.fixture(scope="module")
def bodies() -> Graph:
    return _parse(BODIES_FILE)


@pytest.fixture(scope="module")
def reference() -> Graph:
    return _parse(*sorted(REFERENCE_DIR.glob("*.ttl")))


@pytest.fixture(scope="module")
def everything() -> Graph:
    return _parse(ONTOLOGY_FILE, *sorted(REFERENCE_DIR.glob("*.ttl")))


def _fl_terms(graph: Graph) -> set[URIRef]:
    return {
        term
        for kind in TERM_TYPES
        for term in graph.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and str(term).startswith(FL)
    }


def _fl_used(graph: Graph) -> set[URIRef]:
    return {
        node
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(FL)
    }


def _english(graph: Graph, subject: URIRef, predicate: URIRef) -> list[Literal]:
    return [
        o
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == "en"
    ]


def _hidden_label_index(graph: Graph) -> dict[str, set[URIRef]]:
    index: dict[str, set[URIRef]] = {}
    for subject, label in graph.subject_objects(SKOS.hiddenLabel):
        assert isinstance(subject, URIRef)
        index.setdefault(str(label), set()).add(subject)
    return index


# --- the ontology ------------------------------------------------------------------------------


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert (ONTOLOGY_IRI, OWL.versionInfo, Literal("0.1.0")) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) is not None
    dct = "http://purl.org/dc/terms/"
    for prop in ("license", "creator", "title", "description", "created"):
        assert ontology.value(ONTOLOGY_IRI, URIRef(dct + prop)) is not None, prop
    # dct:creator's range is dct:Agent: an agent with its name (it was a string, no agent)
    for creator in ontology.objects(ONTOLOGY_IRI, URIRef(dct + "creator")):
        assert (creator, RDF.type, FOAF.Agent) in ontology, creator
        assert isinstance(ontology.value(creator, FOAF.name), Literal), creator


@pytest.mark.parametrize(
    ("kind", "names"),
    [
        (OWL.Class, CLASSES),
        (OWL.ObjectProperty, OBJECT_PROPERTIES),
        (OWL.DatatypeProperty, DATATYPE_PROPERTIES),
    ],
)
def test_every_contract_term_is_declared_with_its_kind(
    ontology: Graph, kind: URIRef, names: set[str]
) -> None:
    declared = {
        str(t)[len(FL) :] for t in ontology.subjects(RDF.type, kind) if str(t).startswith(FL)
    }
    assert names <= declared, sorted(names - declared)


def test_every_term_has_one_kind(ontology: Graph) -> None:
    for term in _fl_terms(ontology):
        kinds = [k for k in TERM_TYPES if (term, RDF.type, k) in ontology]
        assert len(kinds) == 1, (term, kinds)


def test_every_term_is_documented(ontology: Graph) -> None:
    terms = _fl_terms(ontology)
    assert terms
    for term in sorted(terms):
        assert len(_english(ontology, term, RDFS.label)) == 1, f"{term}: rdfs:label@en"
        assert _english(ontology, term, RDFS.comment), f"{term}: rdfs:comment@en"
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ontology, f"{term}: rdfs:isDefinedBy"


def test_every_fl_term_used_in_the_ontology_is_declared(ontology: Graph) -> None:
    undeclared = _fl_used(ontology) - _fl_terms(ontology)
    assert not undeclared, sorted(undeclared)


def test_every_fl_term_used_in_reference_data_is_declared(
    ontology: Graph, reference: Graph
) -> None:
    undeclared = _fl_used(reference) - _fl_terms(ontology)
    assert not undeclared, sorted(undeclared)


def test_reference_data_uses_properties_as_declared(ontology: Graph, reference: Graph) -> None:
    for s, p, o in reference:
        if (p, RDF.type, OWL.ObjectProperty) in ontology:
            assert isinstance(o, URIRef), (s, p, o)
        if (p, RDF.type, OWL.DatatypeProperty) in ontology:
            assert isinstance(o, Literal), (s, p, o)
            expected = ontology.value(p, RDFS.range)
            if expected is not None and expected != RDFS.Literal and o.language is None:
                plain_string = expected == XSD_STRING and o.datatype is None
                assert o.datatype == expected or plain_string, (s, p, o)


# --- the SKOS schemes ---------------------------------------------------------------------------


def test_schemes_and_concepts_match_the_contract(ontology: Graph) -> None:
    schemes = set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    assert schemes == {URIRef(f"{ID}scheme/{name}") for name in SCHEMES}
    for name, keys in SCHEMES.items():
        scheme = URIRef(f"{ID}scheme/{name}")
        members = set(ontology.subjects(SKOS.inScheme, scheme))
        assert members == {URIRef(f"{scheme}/{key}") for key in keys}, name
        assert _english(ontology, scheme, SKOS.prefLabel), name
        assert _english(ontology, scheme, RDFS.label), name
        assert ontology.value(scheme, URIRef("http://purl.org/dc/terms/description")), name


def test_every_concept_is_complete(everything: Graph) -> None:
    concepts = set(everything.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for concept in sorted(concepts):
        schemes = list(everything.objects(concept, SKOS.inScheme))
        assert len(schemes) == 1, concept
        assert (schemes[0], RDF.type, SKOS.ConceptScheme) in everything, concept
        assert str(concept).startswith(f"{schemes[0]}/"), concept
        assert (concept, SKOS.topConceptOf, schemes[0]) in everything, concept
        pref = _english(everything, concept, SKOS.prefLabel)
        assert len(pref) == 1, concept
        assert _english(everything, concept, RDFS.label) == pref, concept
        assert len(list(everything.objects(concept, SKOS.notation))) == 1, concept
        assert _english(everything, concept, SKOS.definition), concept


def test_notations_are_keys_except_treaty_status(ontology: Graph) -> None:
    for name, keys in SCHEMES.items():
        for key in keys:
            notation = ontology.value(URIRef(f"{ID}scheme/{name}/{key}"), SKOS.notation)
            expected = TREATY_STATUS_WORDINGS[key] if name == "treaty-status" else key
            assert str(notation) == expected, (name, key)


def test_pref_labels_are_unique_within_a_scheme(ontology: Graph) -> None:
    for name in SCHEMES:
        scheme = URIRef(f"{ID}scheme/{name}")
        labels = [
            str(ontology.value(c, SKOS.prefLabel)).lower()
            for c in ontology.subjects(SKOS.inScheme, scheme)
        ]
        duplicates = [label for label, n in Counter(labels).items() if n > 1]
        assert not duplicates, (name, duplicates)


# --- treaties and bodies ------------------------------------------------------------------------


def test_treaties_are_complete(treaties: Graph, bodies: Graph, ontology: Graph) -> None:
    found = {str(t)[len(ID + "treaty/") :] for t in treaties.subjects(RDF.type, _fl("Treaty"))}
    assert found == set(TREATIES)
    for slug, year in TREATIES.items():
        treaty = URIRef(f"{ID}treaty/{slug}")
        assert _english(treaties, treaty, RDFS.label), slug
        assert _english(treaties, treaty, RDFS.comment), slug
        assert treaties.value(treaty, _fl("shortName")) is not None, slug
        assert treaties.value(treaty, _fl("adoptionYear")) == Literal(
            str(year), datatype=XSD_GYEAR
        ), slug
        scope = treaties.value(treaty, _fl("treatyScope"))
        assert (scope, SKOS.inScheme, URIRef(f"{ID}scheme/treaty-scope")) in ontology, slug
        monitors = list(treaties.objects(treaty, _fl("monitoringBody")))
        assert monitors, slug
        for body in monitors:
            assert (body, RDF.type, _fl("Body")) in bodies, (slug, body)
        assert list(treaties.objects(treaty, SKOS.hiddenLabel)), slug


def test_cat_article_22_competence(treaties: Graph, bodies: Graph) -> None:
    competence = URIRef(f"{ID}treaty/cat-art22-competence")
    assert (competence, RDF.type, _fl("Competence")) in treaties
    assert treaties.value(competence, _fl("underTreaty")) == URIRef(f"{ID}treaty/cat")
    body = treaties.value(competence, _fl("competentBody"))
    assert body == URIRef(f"{ID}body/un-committee-against-torture")
    assert (body, RDF.type, _fl("Body")) in bodies
    assert _english(treaties, competence, RDFS.label)


@pytest.mark.parametrize(("wording", "slug"), sorted(TABLE_WORDINGS.items()))
def test_table_wording_resolves_to_exactly_one_adherable(
    treaties: Graph, wording: str, slug: str
) -> None:
    assert _hidden_label_index(treaties).get(wording) == {URIRef(f"{ID}treaty/{slug}")}


def test_no_hidden_label_is_ambiguous(treaties: Graph) -> None:
    ambiguous = {w: s for w, s in _hidden_label_index(treaties).items() if len(s) > 1}
    assert not ambiguous


def test_monitors_is_the_inverse_of_monitoring_body(treaties: Graph, bodies: Graph) -> None:
    forward = set(treaties.subject_objects(_fl("monitoringBody")))
    backward = {(t, b) for b, t in bodies.subject_objects(_fl("monitors"))}
    assert forward == backward


@pytest.mark.parametrize(
    ("kind", "path", "expected"),
    [("Body", "body", BODIES), ("Post", "post", POSTS)],
)
def test_bodies_and_posts_are_complete(
    bodies: Graph, ontology: Graph, kind: str, path: str, expected: dict[str, str]
) -> None:
    found = set(bodies.subjects(RDF.type, _fl(kind)))
    assert found == {URIRef(f"{ID}{path}/{slug}") for slug in expected}
    for slug, notation in expected.items():
        subject = URIRef(f"{ID}{path}/{slug}")
        assert bodies.value(subject, SKOS.notation) == Literal(notation), slug
        pref = _english(bodies, subject, SKOS.prefLabel)
        assert len(pref) == 1, slug
        assert _english(bodies, subject, RDFS.label) == pref, slug
        assert _english(bodies, subject, RDFS.comment), slug
        assert not set(pref) & set(bodies.objects(subject, SKOS.altLabel)), slug
        if kind == "Body":
            body_type = bodies.value(subject, _fl("bodyType"))
            assert (body_type, SKOS.inScheme, URIRef(f"{ID}scheme/body-type")) in ontology, slug


def test_posts_are_in_their_bodies(bodies: Graph) -> None:
    post_in = URIRef("http://www.w3.org/ns/org#postIn")
    for slug in POSTS:
        for body in bodies.objects(URIRef(f"{ID}post/{slug}"), post_in):
            assert (body, RDF.type, _fl("Body")) in bodies, slug
    assert bodies.value(
        URIRef(f"{ID}post/un-high-commissioner-for-human-rights"), post_in
    ) == URIRef(f"{ID}body/ohchr")


@pytest.mark.parametrize(("name", "path"), sorted(PROFILE_NAMES.items()))
def test_profile_names_resolve_to_one_body_or_post(bodies: Graph, name: str, path: str) -> None:
    matches = {
        s
        for prop in (SKOS.prefLabel, SKOS.altLabel)
        for s, label in bodies.subject_objects(prop)
        if str(label) == name
    }
    assert matches == {URIRef(ID + path)}


# --- identity -----------------------------------------------------------------------------------


def test_every_minted_iri_is_typed(everything: Graph) -> None:
    minted = {
        node
        for triple in everything
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(ID)
    }
    assert minted
    untyped = {iri for iri in minted if everything.value(iri, RDF.type) is None}
    assert not untyped, sorted(untyped)


def test_every_reference_resource_has_one_type(reference: Graph) -> None:
    for subject in set(reference.subjects()):
        assert len(list(reference.objects(subject, RDF.type))) == 1, subject


def test_reference_resources_are_described_in_one_file_only() -> None:
    subjects = [
        s for path in sorted(REFERENCE_DIR.glob("*.ttl")) for s in set(_parse(path).subjects())
    ]
    duplicates = [s for s, n in Counter(subjects).items() if n > 1]
    assert not duplicates


def test_notations_are_unique(reference: Graph) -> None:
    notations = [str(o) for o in reference.objects(None, SKOS.notation)]
    assert len(notations) == len(set(notations))
