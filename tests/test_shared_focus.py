"""``shared_focus``: which shapes read only forward from a focus node, when a state says nothing
about the shared nodes, and a build that leaves the shared nodes to one run finding exactly
what validating every state in full finds."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from forcelaw import shared_focus
from forcelaw import validate as validation
from forcelaw.graph import uris
from forcelaw.graph.build import Assembled, ProjectPaths, assemble
from forcelaw.namespaces import FL
from forcelaw.publish import pipeline

PREFIXES = {"ex": "https://example.org/", "skos": "http://www.w3.org/2004/02/skos/core#"}
CAT = URIRef("https://w3id.org/forcelaw/id/treaty/cat")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT $this $value WHERE { FILTER NOT EXISTS { $value a skos:Concept } }", True),
        ("SELECT $this ?v WHERE { $this ex:a/ex:b ?v . ?v ex:c ?w }", True),
        ("SELECT $this WHERE { $this ex:p [ ex:q ?y ] }", True),  # a blank node is a variable
        ("SELECT $this WHERE { $this ex:p ?x OPTIONAL { ?x ex:q ?y } FILTER(!BOUND(?y)) }", True),
        ("SELECT $this WHERE { $this ex:p* ?x . ?x !(ex:a|ex:b) ?y }", True),
        ("ASK { $this ex:p ?x . ?x ex:q ?y }", True),
        ("SELECT $this WHERE { FILTER EXISTS { $this ex:p ?x . ?x ex:q ?y } }", True),
        ("SELECT $this WHERE { FILTER NOT EXISTS { ?x ex:p $this } }", False),
        ("SELECT $this WHERE { BIND(EXISTS { ?x ex:p $this } AS ?b) }", False),
        ("SELECT $this WHERE { FILTER EXISTS { { SELECT ?x WHERE { ?x ex:p ?y } } } }", False),
        ("SELECT $this WHERE { $this ^ex:a ?x }", False),  # an inverse path
        ("SELECT $this WHERE { $this ex:a/^ex:b ?x }", False),
        ("SELECT $this WHERE { $this !(^ex:p) ?o }", False),  # a negated inverse
        ("SELECT $this WHERE { ?x ex:p $this }", False),  # what points at the focus node
        ("SELECT $this WHERE { ?x a ex:C }", False),  # anything in the graph
        ("SELECT $this WHERE { ex:a ex:p $this }", False),  # a constant subject
        ("SELECT $this WHERE { BIND(IRI('https://x/') AS ?i) ?i ex:p ?o }", False),
        ("SELECT $this WHERE { { $this ex:p ?x } UNION { ?z ex:q ?y } }", False),
        ("SELECT $this WHERE { $this ex:p ?x MINUS { ?z ex:q ?x } }", False),
        ("SELECT $this WHERE { $this ex:p ?x { SELECT ?x WHERE { ?x ex:q ?y } } }", False),
        ("SELECT $this WHERE { GRAPH ?g { $this ex:p ?x } }", False),
        ("SELECT $this WHERE { SERVICE <http://127.0.0.1:9/> { $this ex:p ?x } }", False),
        ("SELECT $this WHERE { $this ex:p }", False),  # does not parse
    ],
)
def test_anchored_queries(query: str, expected: bool) -> None:
    assert shared_focus.anchored(query, PREFIXES) is expected


def test_value_is_an_anchor_only_where_pyshacl_binds_it() -> None:
    """A validator of a component is run for each value node; a SPARQL constraint only for the
    focus node, where ``?value`` is whatever the query finds."""
    query = "SELECT $this ?value WHERE { ?value ex:p $this }"
    assert shared_focus.anchored(query, PREFIXES, shared_focus.THIS_AND_VALUE)
    assert not shared_focus.anchored(query, PREFIXES, shared_focus.THIS)
    body = """
    ex:Found sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex:prefixes ;
        sh:select "SELECT $this ?value WHERE { ?value ex:p $this }" ] .
    ex:Bound sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex:prefixes ;
        sh:select "SELECT $this ?value WHERE { $this ex:p ?value . ?value ex:q ?w }" ] .
    """
    assert _forward(body) == {"Bound"}


SHAPES_HEAD = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "https://example.org/"^^xsd:anyURI ] .
"""


def _forward(body: str) -> set[str]:
    shapes = Graph().parse(data=SHAPES_HEAD + body, format="turtle")
    found = shared_focus.forward_shapes(shapes)
    return {str(shape).removeprefix(PREFIXES["ex"]) for shape in found.shapes}


def test_core_shapes_with_forward_paths_are_forward() -> None:
    body = """
    ex:A sh:targetClass ex:C ; sh:property ex:A-p ; sh:closed true ; sh:ignoredProperties () .
    ex:A-p sh:path ( ex:p [ sh:zeroOrMorePath ex:q ] ) ; sh:class ex:D ; sh:minCount 1 ;
        sh:node ex:B ; sh:message "m" ; rdfs:label "l" .
    ex:B sh:or ( [ sh:datatype ex:T ] [ sh:nodeKind sh:IRI ] ) ; sh:node ex:A .
    ex:U sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:qualifiedValueShape ex:B ;
        sh:qualifiedMinCount 1 ] .
    """
    assert _forward(body) == {"A", "U"}  # ex:B has no targets; the cycle A -> B -> A is fine


def test_a_cycle_is_as_forward_as_every_shape_in_it() -> None:
    """ex:B reaches ex:A, which reads backwards: neither is forward, whichever is judged
    first."""
    body = """
    ex:A sh:targetClass ex:C ; sh:node ex:B ; sh:property [ sh:path [ sh:inversePath ex:p ] ] .
    ex:B sh:targetClass ex:D ; sh:node ex:A .
    ex:E sh:targetClass ex:C ; sh:node ex:F .
    ex:F sh:node ex:E ; sh:minCount 1 .
    """
    assert _forward(body) == {"E"}


def test_what_reads_backwards_or_anywhere_is_not_forward() -> None:
    body = """
    ex:Inverse sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:p ] ] .
    ex:Hidden sh:targetClass ex:C ; sh:property [ sh:path [ sh:alternativePath
        ( ex:q [ sh:inversePath ex:p ] ) ] ] .
    ex:Through sh:targetNode ex:n ; sh:not ex:Reached .
    ex:Reached sh:property [ sh:path [ sh:inversePath ex:p ] ] .
    ex:Anchored sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex:prefixes ;
        sh:select "SELECT $this WHERE { $this ex:p ?x . ?x ex:q ?y }" ] .
    ex:Global sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex:prefixes ;
        sh:select "SELECT $this WHERE { ?x ex:p $this }" ] .
    ex:Targeted sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE { ?this ?p ?o }" ] .
    ex:Expression sh:targetClass ex:C ; sh:expression [ ex:f ex:g ] .
    ex:Objects sh:targetObjectsOf ex:r ; sh:datatype ex:T .
    """
    shapes = Graph().parse(data=SHAPES_HEAD + body, format="turtle")
    found = shared_focus.forward_shapes(shapes)
    assert {str(s).removeprefix(PREFIXES["ex"]) for s in found.shapes} == {"Anchored", "Objects"}
    assert found.objects_of == {URIRef(PREFIXES["ex"] + "r")}


def test_constraint_components_are_judged_by_their_validators() -> None:
    component = """
    ex:Comp a sh:ConstraintComponent ; sh:parameter [ sh:path ex:scheme ] ;
        sh:propertyValidator [ sh:prefixes ex:prefixes ; sh:select "%s" ] .
    ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; ex:scheme ex:k ] .
    """
    forward = "SELECT $this $value WHERE { FILTER NOT EXISTS { $value ex:in $scheme } }"
    backward = "SELECT $this $value WHERE { FILTER NOT EXISTS { ?x ex:in $value } }"
    assert _forward(component % forward) == {"S"}
    assert _forward(component % backward) == set()


def test_rules_or_functions_anywhere_leave_no_shape_forward() -> None:
    body = """
    ex:A sh:targetClass ex:C ; sh:minCount 1 .
    ex:R sh:targetClass ex:C ; sh:rule [ a sh:TripleRule ; sh:subject sh:this ] .
    """
    assert _forward(body) == set()
    assert _forward("ex:A sh:targetClass ex:C .\nex:f a sh:SPARQLFunction .") == set()


def test_the_projects_shapes(paths: ProjectPaths) -> None:
    """Every targeted shape is forward but the state's, whose SPARQL constraints look at the
    adherences that point at the state; the treaty's and the body's use the SPARQL-based
    flsh:inScheme component, whose query reads forward from the value."""
    shapes = validation.load_shapes(paths.shapes)
    found = shared_focus.forward_shapes(shapes)
    shape = "https://w3id.org/forcelaw/shapes#{}".format
    assert URIRef(shape("StateShape")) not in found.shapes
    for name in ("ConceptShape", "ConceptSchemeShape", "TreatyShape", "BodyShape", "ClaimShape"):
        assert URIRef(shape(name)) in found.shapes, name
    assert len(found.shapes) >= 40 and not found.objects_of


@pytest.fixture(scope="module")
def assembled(paths: ProjectPaths) -> Assembled:
    return assemble(paths)


def test_a_state_that_says_nothing_of_the_shared_nodes_is_independent(
    assembled: Assembled,
) -> None:
    ontology, reference, kz = (assembled.graphs[n] for n in ("ontology", "reference", "KZ"))
    nodes = shared_focus.shared_nodes([reference, ontology])
    assert CAT in nodes and FL.State in nodes
    forward = shared_focus.ForwardShapes(frozenset({URIRef("urn:s")}), frozenset())
    assert shared_focus.independent([kz], nodes, forward)
    about = Graph()
    about.add((CAT, RDFS.comment, Literal("a state's remark on a shared treaty")))
    assert not shared_focus.independent([kz, about], nodes, forward)
    # A shape with sh:targetObjectsOf fl:treaty would have the treaties KZ adheres to as focus
    # nodes only beside KZ.
    objects_of = replace(forward, objects_of=frozenset({FL.treaty}))
    assert not shared_focus.independent([kz], nodes, objects_of)


def _in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the build validate every state in full (no shape is forward)."""
    none = shared_focus.ForwardShapes(frozenset(), frozenset())
    monkeypatch.setattr(shared_focus, "forward_shapes", lambda shapes: none)


def _with_states(assembled: Assembled, graphs: dict[str, Graph]) -> Assembled:
    states = tuple(replace(assembled.states[0], code=code) for code in graphs)
    return Assembled({**assembled.graphs, **graphs}, states)


def _outcome(result: validation.ValidationResult) -> tuple[object, ...]:
    keys = [
        (f.focus_node, f.path, f.value, f.message, f.source_shape, f.sources)
        for f in result.findings
    ]
    return result.conforms, keys, validation.report_turtle(result)


def test_leaving_the_shared_nodes_finds_what_full_runs_find(
    paths: ProjectPaths, assembled: Assembled, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a finding on a shared node (CAT without its adoption year): a state that states the
    year for CAT is validated in full (it is not independent) and has no finding there; the
    shared graphs' run counts only when another state left the shared nodes to it."""
    shapes = validation.load_shapes(paths.shapes)
    reference = Graph()
    reference += assembled.graphs["reference"]
    year = next(reference.objects(CAT, FL.adoptionYear))
    reference.remove((CAT, FL.adoptionYear, None))
    broken = _with_states(assembled, {"reference": reference, "KZ": assembled.graphs["KZ"]})
    fixing = Graph()
    fixing += assembled.graphs["KZ"]
    fixing.add((CAT, FL.adoptionYear, year))
    cases = {
        "independent": {"KZ": assembled.graphs["KZ"]},
        "both": {"KZ": assembled.graphs["KZ"], "XF": fixing},
        "only the fixing one": {"XF": fixing},
    }
    on_cat = {}
    for name, states in cases.items():
        case = _with_states(broken, states)
        left = pipeline.validate_per_graph(case, shapes, workers=1)
        with monkeypatch.context() as patch:
            _in_full(patch)
            full = pipeline.validate_per_graph(case, shapes, workers=1)
        assert _outcome(left) == _outcome(full), name
        on_cat[name] = any(f.focus_node == CAT for f in left.findings)
    assert on_cat == {"independent": True, "both": True, "only the fixing one": False}


def test_the_shared_graphs_run_checks_only_the_forward_shapes(
    paths: ProjectPaths, assembled: Assembled
) -> None:
    shapes = validation.load_shapes(paths.shapes)
    named = {str(uris.named_graph("reference")): assembled.graphs["reference"]}
    shared = validation.SharedGraphs.of(named, assembled.graphs["ontology"])
    nothing = validation.validate_beside({}, shapes, shared, validation.only(frozenset()))
    assert nothing.findings == () and nothing.conforms
    kz = {str(uris.named_graph("KZ")): assembled.graphs["KZ"]}
    everything = validation.validate_beside(kz, shapes, shared)
    forward = shared_focus.forward_shapes(shapes)
    leaving = validation.leaving(forward.shapes, shared.nodes)
    left = validation.validate_beside(kz, shapes, shared, leaving)
    assert {f.focus_node for f in left.findings} <= {f.focus_node for f in everything.findings}
    assert not any(f.focus_node in shared.nodes for f in left.findings)
