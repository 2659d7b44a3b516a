"""The SPARQL screen of validation (``forcelaw.sparql_screen``): it says a SELECT has no solution
only when it holds exactly the validated triples and may be asked the query, and validation with
it finds what rdflib alone finds."""

from __future__ import annotations

import threading
import time

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from forcelaw import validate as validation
from forcelaw.graph import uris
from forcelaw.graph.build import Assembled, ProjectPaths, assemble
from forcelaw.namespaces import FL
from forcelaw.sparql_screen import SILENT, Mirror, Screen
from tests.conftest import Listener
from tests.screen_check import check_screen

EX = "http://example.org/"
S, P, Q = URIRef(EX + "s"), URIRef(EX + "p"), URIRef(EX + "q")
SHARED = [(URIRef(EX + "shared"), P, Literal("here"))]
PREFIXES = {"ex": EX}
HAS_P = "PREFIX ex: <http://example.org/> SELECT $this ?o WHERE { $this ex:p ?o }"
ANY_Q = "SELECT ?s WHERE { ?s <http://example.org/q> ?o }"


def empty(screen: Screen, text: str, **bindings: object) -> bool:
    return screen.empty(text, bindings, PREFIXES, None)  # type: ignore[arg-type]


def test_no_solution_is_said_and_a_solution_is_not() -> None:
    """With a run's triples beside the shared ones, a query without solution is empty, one with
    a solution (in either part) is not; ``$this`` is pre-bound as pyshacl binds it."""
    mirror = Mirror(SHARED)
    with mirror.holding([(S, P, Literal(1))]) as screen:
        assert not empty(screen, HAS_P)
        assert not empty(screen, HAS_P, this=S)
        assert not empty(screen, HAS_P, this=URIRef(EX + "shared"))
        assert empty(screen, HAS_P, this=URIRef(EX + "elsewhere"))
        assert empty(screen, ANY_Q)


def test_a_run_s_triples_go_when_it_ends() -> None:
    """The next run does not see the triples of the one before; the shared ones stay."""
    mirror = Mirror(SHARED)
    with mirror.holding([(S, Q, Literal("x"))]) as screen:
        assert not empty(screen, ANY_Q)
    with mirror.holding([]) as screen:
        assert empty(screen, ANY_Q)
        assert not empty(screen, HAS_P, this=URIRef(EX + "shared"))


def test_one_run_at_a_time() -> None:
    mirror = Mirror(SHARED)
    with mirror.holding([]), pytest.raises(RuntimeError, match="one validation"):  # noqa: SIM117
        with mirror.holding([]):
            pass


@pytest.mark.parametrize(
    "triple",
    [
        pytest.param((S, Q, Literal("1.50", datatype=XSD.decimal)), id="decimal made 1.5"),
        pytest.param((S, Q, Literal("1", datatype=XSD.int)), id="int made integer"),
        pytest.param((S, Q, Literal("29", datatype=XSD.nonNegativeInteger)), id="integer subtype"),
        pytest.param((S, Q, Literal("x", lang="abcdefghij")), id="invalid language tag"),
        pytest.param((URIRef("not an iri"), Q, Literal("x")), id="invalid IRI"),
        pytest.param((S, Q, Literal("here", datatype=XSD.string)), id="two terms made one"),
    ],
)
def test_a_run_it_cannot_hold_as_it_is_gets_no_answer(
    triple: tuple[URIRef, URIRef, Literal],
) -> None:
    """A term Oxigraph refuses or stores in another form, or two rdflib terms that are one in
    Oxigraph (``"here"`` is shared, ``"here"^^xsd:string`` the run's): the screen says nothing,
    even of a query without solution; the next run is screened again."""
    mirror = Mirror(SHARED)
    with mirror.holding([triple]) as screen:
        assert screen is SILENT
        assert not empty(screen, HAS_P, this=URIRef(EX + "elsewhere"))
    with mirror.holding([]) as screen:
        assert empty(screen, HAS_P, this=URIRef(EX + "elsewhere"))


def test_shared_triples_it_cannot_hold_silence_every_run() -> None:
    mirror = Mirror([(S, Q, Literal("7", datatype=XSD.byte))])
    with mirror.holding([]) as screen:
        assert screen is SILENT


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("ASK { ?s ?p ?o }", id="ASK"),
        pytest.param("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", id="CONSTRUCT"),
        pytest.param("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", id="GRAPH"),
        pytest.param("SELECT ?s FROM <http://example.org/g> WHERE { ?s ?p ?o }", id="FROM"),
        pytest.param("SELECT ?s WHERE { GRAPH $shapesGraph { ?s ?p ?o } }", id="shapesGraph"),
        pytest.param("SELECT ?s WHERE { \\u0047RAPH ?g { ?s ?p ?o } }", id="escape"),
        pytest.param("SELECT ?s WHERE { " + "{ " * 70 + "}" * 70 + " }", id="deep"),
        pytest.param("SELECT ?s WHERE { ?s ", id="syntax error"),
        pytest.param("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p 0 } } }", id="subquery"),
        pytest.param("SELECT ?s WHERE { ?s ?p 0 MINUS { ?s ?p ?o } }", id="MINUS"),
    ],
)
def test_queries_it_may_not_be_asked_get_no_answer(text: str) -> None:
    """Each of these has no solution on the mirror, and the screen says nothing of it."""
    with Mirror(SHARED).holding([]) as screen:
        assert not empty(screen, text)


def test_values_it_cannot_pre_bind_get_no_answer() -> None:
    """A blank node to pre-bind, or a value for a variable the query does not select (which
    Oxigraph refuses, asked again or not)."""
    not_selected = "SELECT ?o WHERE { $this <http://example.org/p> ?o }"
    with Mirror(SHARED).holding([]) as screen:
        assert not empty(screen, HAS_P, this=BNode())
        for _ in range(2):
            assert not empty(screen, not_selected, this=URIRef(EX + "elsewhere"))


@pytest.mark.parametrize("spelling", ["SERVICE", "\\u0053ERVICE", "service"])
def test_service_is_never_fetched(listener: Listener, spelling: str) -> None:
    """A SERVICE clause, however spelt, is not given to the engine: nothing connects to a
    listener of our own on loopback."""
    before = len(listener.connections)
    text = f"SELECT ?s WHERE {{ {spelling} <{listener.url}> {{ ?s ?p ?o }} }}"
    with Mirror(SHARED).holding([]) as screen:
        assert not empty(screen, text)
    time.sleep(0.3)  # a connection would have been accepted by now (the listener polls at 0.2 s)
    assert len(listener.connections) == before


@pytest.fixture(scope="module")
def checkout(paths: ProjectPaths) -> Assembled:
    return assemble(paths)


def test_the_build_s_validation_is_screened_and_rdflib_agrees(
    paths: ProjectPaths, checkout: Assembled, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kazakhstan, with one passage's quote changed: most of its SPARQL runs are screened, rdflib
    finds no solution wherever the screen found none (``check_screen``), and the findings are
    those of rdflib alone, the changed quote's among them."""
    assembled = checkout
    state = Graph()
    state += assembled.graphs["KZ"]
    selector = sorted(state.subjects(URIRef("http://www.w3.org/ns/oa#exact"), None))[0]
    state.set((selector, URIRef("http://www.w3.org/ns/oa#exact"), Literal("not the text")))
    shapes = validation.load_shapes(paths.shapes)
    beside = {str(uris.named_graph("reference")): assembled.graphs["reference"]}
    shared = validation.SharedGraphs.of(beside, assembled.graphs["ontology"])
    own = {str(uris.named_graph("KZ")): state}
    screened = check_screen(monkeypatch)
    with_screen = validation.validate_beside(own, shapes, shared)
    assert len(screened) > 200
    monkeypatch.setattr(validation, "_screened", lambda *args: False, raising=True)
    alone = validation.validate_beside(own, shapes, shared)
    keys = [(f.focus_node, f.path, f.value, f.message, f.source_shape) for f in alone.findings]
    assert [
        (f.focus_node, f.path, f.value, f.message, f.source_shape) for f in with_screen.findings
    ] == keys
    assert any("quote does not match" in f.message for f in with_screen.findings)
    assert any((f.focus_node, RDF.type, FL.SourcePassage) in state for f in alone.findings)


RULE_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .

ex:Shape a sh:NodeShape ;
    sh:targetNode ex:s ;
    sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:q ; sh:object "flag" ] ;
    sh:sparql [
        a sh:SPARQLConstraint ;
        sh:message "the rule flagged it" ;
        sh:select "SELECT $this WHERE { $this <http://example.org/q> ?flag }"
    ] .
"""

FUNCTION_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .

ex:double a sh:SPARQLFunction ;
    sh:parameter [ sh:path ex:x ; sh:datatype xsd:integer ] ;
    sh:returnType xsd:integer ;
    sh:select "SELECT (($x * 2) AS ?result) WHERE { }" .

ex:Shape a sh:NodeShape ;
    sh:targetNode ex:s ;
    sh:sparql [
        a sh:SPARQLConstraint ;
        sh:message "twice the value is 4" ;
        sh:select '''SELECT $this WHERE { $this <http://example.org/p> ?v .
            FILTER (<http://example.org/double>(?v) = 4) }'''
    ] .
"""


@pytest.mark.parametrize(
    ("shapes_text", "message"),
    [
        pytest.param(RULE_SHAPES, "the rule flagged it", id="rule"),
        pytest.param(FUNCTION_SHAPES, "twice the value is 4", id="function"),
    ],
)
def test_shapes_with_rules_or_functions_are_not_screened(
    monkeypatch: pytest.MonkeyPatch, shapes_text: str, message: str
) -> None:
    """A rule adds triples to the validated graph that the mirror never gets, and a SHACL
    function is known to rdflib alone: a shapes graph that has either is validated without the
    screen, and the finding that needs the rule's triple or the function is found."""
    screened = check_screen(monkeypatch)
    shapes = Graph().parse(data=shapes_text, format="turtle")
    data = Graph()
    data.add((S, P, Literal(2)))
    result = validation.validate(data, shapes, Graph())
    assert [f.message for f in result.findings] == [message]
    assert screened == []


def test_runs_beside_one_mirror_from_several_threads(
    paths: ProjectPaths, checkout: Assembled
) -> None:
    """Validations beside the same shared graphs (and so the same mirror), started together from
    four threads, run one at a time and find what one run finds."""
    shapes = validation.load_shapes(paths.shapes)
    beside = {str(uris.named_graph("reference")): checkout.graphs["reference"]}
    shared = validation.SharedGraphs.of(beside, checkout.graphs["ontology"])
    own = {str(uris.named_graph("KZ")): checkout.graphs["KZ"]}
    expected = validation.validate_beside(own, shapes, shared).findings
    found: list[object] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            found.append(validation.validate_beside(own, shapes, shared).findings)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert found == [expected] * 4
