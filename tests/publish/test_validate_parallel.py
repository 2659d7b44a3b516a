"""The build validates the states in several processes: the outcome must be the one a single
process gives, findings on the shared graphs reported once, violations in a state kept."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from bench.generate import KZ_NAMES, Template, synthetic_codes, synthetic_state
from forcelaw import validate as validation
from forcelaw.graph import uris
from forcelaw.graph.build import Assembled, ProjectPaths, assemble
from forcelaw.namespaces import FL, OA
from forcelaw.publish import pipeline
from forcelaw.publish.dumps import as_dataset
from forcelaw.triple_index import TripleIndex

SH_RESULT = URIRef("http://www.w3.org/ns/shacl#result")
SH_PREFIXES = URIRef("http://www.w3.org/ns/shacl#prefixes")
SH_DECLARE = URIRef("http://www.w3.org/ns/shacl#declare")
SH_PREFIX = URIRef("http://www.w3.org/ns/shacl#prefix")
SH_NAMESPACE = URIRef("http://www.w3.org/ns/shacl#namespace")
CAT = URIRef("https://w3id.org/forcelaw/id/treaty/cat")


@pytest.fixture(scope="module")
def several(paths: ProjectPaths) -> Assembled:
    """The checkout's states plus four synthetic ones; a Violation in one state and one on the
    shared reference graph."""
    assembled = assemble(paths)
    graphs = dict(assembled.graphs)
    template = Template("KZ", graphs["KZ"], KZ_NAMES)
    states = list(assembled.states)
    for code in synthetic_codes(4):
        graphs[code] = synthetic_state(template, code, seed=3)
        states.append(replace(assembled.states[0], code=code))
    broken_code = states[-1].code
    broken = Graph()
    broken += graphs[broken_code]
    state = next(broken.subjects(RDF.type, FL.State))
    broken.remove((state, FL.isoCode, None))  # a state without its ISO code
    broken.remove((state, RDFS.label, None))
    graphs[broken_code] = broken
    reference = Graph()
    reference += graphs["reference"]
    reference.remove((CAT, FL.adoptionYear, None))
    graphs["reference"] = reference
    return Assembled(graphs, tuple(states))


def _keys(result: validation.ValidationResult) -> list[tuple[object, ...]]:
    return [
        (f.focus_node, f.path, f.value, f.severity, f.message, f.source_shape, f.sources)
        for f in result.findings
    ]


def test_processes_find_what_one_process_finds(paths: ProjectPaths, several: Assembled) -> None:
    shapes = validation.load_shapes(paths.shapes)
    alone = pipeline.validate_per_graph(several, shapes, workers=1)
    shared = pipeline.validate_per_graph(several, shapes, workers=2)
    assert not alone.conforms and not shared.conforms
    assert _keys(shared) == _keys(alone)
    assert len(list(shared.report.objects(None, SH_RESULT))) == len(
        list(alone.report.objects(None, SH_RESULT))
    )
    on_cat = [f for f in shared.findings if f.focus_node == CAT]
    assert len(on_cat) == 1  # the shared graph's finding, once, though every state reported it
    broken = several.states[-1].code
    violations = [f for f in shared.findings if f.severity == "Violation"]
    assert any(str(uris.named_graph(broken)) in f.sources for f in violations)


def _mutated(graph: Graph) -> Graph:
    """A state whose SPARQL constraints fail for several focus nodes, each with its own value:
    two passages that end where they start (or before), a hedge outside its scheme on two
    statements (the SPARQL-based ``flsh:inScheme`` component), and a wrong ISO code."""
    mutated = Graph()
    mutated += graph
    selectors = sorted(set(mutated.subjects(OA.start, None)))[:2]
    for number, selector in enumerate(selectors):
        mutated.remove((selector, OA.end, None))
        mutated.add((selector, OA.end, Literal(number, datatype=XSD.integer)))
    hedged = sorted(set(mutated.subjects(FL.hedge, None)))[:2]
    for subject in hedged:
        mutated.set((subject, FL.hedge, URIRef(f"{subject}-not-a-hedge")))
    state = next(mutated.subjects(RDF.type, FL.State))
    mutated.set((state, FL.isoCode, Literal("ZZ")))
    return mutated


def test_named_graphs_validate_as_the_dataset_of_them(
    paths: ProjectPaths, several: Assembled
) -> None:
    """``validate_named`` (what the build runs per state) finds what ``validate`` finds over the
    dataset of the same graphs, origins included."""
    shapes = validation.load_shapes(paths.shapes)
    ontology = several.graphs["ontology"]
    for code in (several.states[0].code, several.states[-1].code, "mutated"):
        state = _mutated(several.graphs["KZ"]) if code == "mutated" else several.graphs[code]
        graphs = {code: state, "reference": several.graphs["reference"]}
        named = {str(uris.named_graph(name)): graph for name, graph in graphs.items()}
        alone = validation.validate_named(named, shapes, ontology)
        whole = validation.validate(as_dataset(graphs), shapes, ontology)
        assert _keys(alone) == _keys(whole), code
        assert alone.conforms == whole.conforms
    assert not alone.conforms


def test_prepared_sparql_constraints_find_what_pyshacl_alone_finds(
    paths: ProjectPaths, several: Assembled, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SPARQL constraints' texts are checked and prepared once per constraint
    (``_install_prebinding_cache``); pyshacl's own preparation, at every focus node, finds the
    same results, for several focus nodes of one constraint, each with its own value."""
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    shapes = validation.load_shapes(paths.shapes)
    data = as_dataset({"KZ": _mutated(several.graphs["KZ"])})
    prepared = validation.validate(data, shapes, several.graphs["ontology"])
    monkeypatch.setattr(
        SPARQLQueryHelper, "pre_bind_variables", validation._PYSHACL_PRE_BIND, raising=True
    )
    unprepared = validation.validate(data, shapes, several.graphs["ontology"])
    assert _keys(prepared) == _keys(unprepared)
    fired: dict[str, int] = {}
    for finding in prepared.findings:
        for node in (finding.source_shape, finding.constraint):
            name = str(node).rsplit("#", 1)[-1]
            fired[name] = fired.get(name, 0) + 1
    assert fired.get("SourcePassage-startBeforeEnd") == 2  # one SPARQL constraint, two passages
    assert fired.get("AbsenceStatement-hedge") == 2  # the inScheme component, two statements
    assert fired.get("State-codeMatchesIri") == 1
    assert any("ZZ" in f.message for f in prepared.findings)


class _Shape:
    """What pyshacl's helper reads of a shape to prepare a query without a path."""

    node = URIRef("https://w3id.org/forcelaw/shapes#Example")
    sg = None

    def path(self) -> None:
        return None


def test_prepared_bindings_are_pyshacl_bindings_for_every_focus_and_value_node() -> None:
    """The memo of ``pre_bind_variables`` gives, call after call on one constraint, the text and
    bindings pyshacl's own method gives: each focus node, each value node (a false one, such
    as an empty string, binds nothing, as in pyshacl), the shape; a forbidden text is refused
    at every call."""
    from pyshacl.errors import ValidationFailure
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    validation._install_prebinding_cache()
    original = validation._PYSHACL_PRE_BIND
    text = "SELECT $this ?value WHERE { $this ?p $value . FILTER(?p != $currentShape) }"
    helper = SPARQLQueryHelper(_Shape(), URIRef("urn:c"), text)
    reference = SPARQLQueryHelper(_Shape(), URIRef("urn:c"), text)
    calls: list[tuple[object, object, list[str] | None]] = [
        (URIRef("urn:a"), URIRef("urn:v1"), None),
        (URIRef("urn:b"), URIRef("urn:v2"), None),
        (URIRef("urn:c"), None, None),
        (URIRef("urn:d"), Literal(""), None),
        (URIRef("urn:e"), Literal("x"), ["extra"]),
        (URIRef("urn:f"), URIRef("urn:v3"), None),
    ]
    for this, value, extra in calls:
        assert helper.pre_bind_variables(this, value, extra) == original(
            reference, this, value, extra
        )
    forbidden = SPARQLQueryHelper(_Shape(), URIRef("urn:c"), "SELECT $this WHERE { MINUS {} }")
    for this in (URIRef("urn:a"), URIRef("urn:b")):
        with pytest.raises(ValidationFailure):
            forbidden.pre_bind_variables(this)


def test_indexed_parameters_are_the_list_they_index() -> None:
    """``_IndexedParameters`` answers ``in`` from its set, and stays the list it was made of
    through pyshacl's ``copy`` and ``append`` (the order kept, the copy indexed too)."""
    items = [URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")]
    indexed = validation._IndexedParameters(items)
    assert list(indexed) == items
    assert URIRef("urn:b") in indexed and URIRef("urn:z") not in indexed
    assert Literal("urn:a") not in indexed  # a literal is not the IRI with its text
    copied = indexed.copy()
    assert isinstance(copied, validation._IndexedParameters) and copied == items
    copied.append(URIRef("urn:z"))
    assert URIRef("urn:z") in copied and URIRef("urn:z") not in indexed
    assert list(copied) == [*items, URIRef("urn:z")]
    copied.extend(iter([URIRef("urn:y"), URIRef("urn:x")]))
    assert URIRef("urn:x") in copied and list(copied)[-2:] == [URIRef("urn:y"), URIRef("urn:x")]


def test_indexed_parameters_find_what_pyshacl_alone_finds(
    paths: ProjectPaths, several: Assembled, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With pyshacl's own list of constraint parameters (a scan at every ``in``) the findings
    are those found with the indexed list, on a state with findings of several components."""
    from pyshacl import shape as pyshacl_shape
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    shapes = validation.load_shapes(paths.shapes)
    data = as_dataset({"KZ": _mutated(several.graphs["KZ"])})
    indexed = validation.validate(data, shapes, several.graphs["ontology"])
    parameters = pyshacl_shape.CONSTRAINT_PARAMS[0]  # type: ignore[attr-defined]
    assert isinstance(parameters, validation._IndexedParameters)
    plain = (list(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)
    monkeypatch.setattr(pyshacl_shape, "CONSTRAINT_PARAMS", plain, raising=True)
    scanned = validation.validate(data, shapes, several.graphs["ontology"])
    assert _keys(indexed) == _keys(scanned)
    assert len({f.component for f in indexed.findings}) >= 3


def test_the_validation_store_finds_what_the_memory_store_finds(
    paths: ProjectPaths, several: Assembled
) -> None:
    """The union validated on ``TripleIndex`` (a copy of the shared graphs' index, the state's
    graph added) gives the findings and origins of the same union on rdflib's memory store, on
    a state with findings of several components and one on the shared reference graph."""
    shapes = validation.load_shapes(paths.shapes)
    ontology, reference = several.graphs["ontology"], several.graphs["reference"]
    own = {str(uris.named_graph("KZ")): _mutated(several.graphs["KZ"])}
    beside = {str(uris.named_graph("reference")): reference}
    shared = validation.SharedGraphs.of(beside, ontology)
    indexed = validation.validate_beside(own, shapes, shared)
    memory = Graph()
    for graph in (*own.values(), reference, ontology):
        memory += graph
    origins = validation._subject_origins({**own, **beside})
    plain = validation._run(memory, shapes, origins, 0.0)
    assert _keys(indexed) == _keys(plain)
    assert len({f.component for f in indexed.findings}) >= 3
    assert any(f.focus_node == CAT for f in indexed.findings)
    assert len(shared.index) == len(reference) + len(ontology)  # the copy took the state's triples


def test_shapes_on_the_index_are_the_shapes_graph(paths: ProjectPaths) -> None:
    """``indexed_shapes`` holds the shapes graph's triples and prefixes, and gives a graph that
    is on the index already back as it is (the build copies once per process)."""
    shapes = validation.load_shapes(paths.shapes)
    indexed = validation.indexed_shapes(shapes)
    assert isinstance(indexed.store, TripleIndex)
    assert set(indexed) == set(shapes) and len(indexed) == len(shapes)
    assert sorted(indexed.namespaces()) == sorted(shapes.namespaces())
    assert validation.indexed_shapes(indexed) is indexed


def test_shapes_read_from_the_index_find_what_the_memory_store_finds(
    paths: ProjectPaths, several: Assembled, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pyshacl reading the shapes from rdflib's memory store finds what it finds reading them
    from ``indexed_shapes``: the same findings, messages and order, on a state with findings of
    several components, SPARQL constraints among them."""
    shapes = validation.load_shapes(paths.shapes)
    data = as_dataset({"KZ": _mutated(several.graphs["KZ"])})
    indexed = validation.validate(data, shapes, several.graphs["ontology"])
    monkeypatch.setattr(validation, "indexed_shapes", lambda graph: graph, raising=True)
    memory = validation.validate(data, shapes, several.graphs["ontology"])
    assert _keys(indexed) == _keys(memory)
    assert len({f.component for f in indexed.findings}) >= 3
    assert any("SPARQL" in str(f.component) for f in indexed.findings)


class _Helper:
    """What ``collect_prefixes`` reads of a query helper: its shape's shapes graph, its node and
    the prefixes it starts with."""

    def __init__(self, shapes: Graph, node: object) -> None:
        class _ShapesGraph:
            graph = shapes

        class _Shape:
            sg = _ShapesGraph()

        self.shape = _Shape()
        self.node = node
        self.prefixes = {"rdf": URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#")}


def test_prefixes_are_collected_as_pyshacl_collects_them(paths: ProjectPaths) -> None:
    """For every node of the shapes with ``sh:prefixes``, the kept prefixes (asked twice) are
    pyshacl's own; once the shapes store changes (a prefix declared), they are read again."""
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    validation._install_prefix_memo()
    original = validation._PYSHACL_COLLECT_PREFIXES
    shapes = validation.indexed_shapes(validation.load_shapes(paths.shapes))
    nodes = sorted(set(shapes.subjects(SH_PREFIXES, None)))
    assert len(nodes) >= 10
    for node in nodes:
        for _ in range(2):
            kept, own = _Helper(shapes, node), _Helper(shapes, node)
            SPARQLQueryHelper.collect_prefixes(kept)  # type: ignore[arg-type]
            original(own)
            assert list(kept.prefixes.items()) == list(own.prefixes.items()), node
    ontology = next(shapes.objects(nodes[0], SH_PREFIXES))
    declaration = URIRef("urn:forcelaw:test:declaration")
    shapes.add((ontology, SH_DECLARE, declaration))
    shapes.add((declaration, SH_PREFIX, Literal("zz")))
    shapes.add((declaration, SH_NAMESPACE, Literal("urn:zz:", datatype=XSD.anyURI)))
    again = _Helper(shapes, nodes[0])
    SPARQLQueryHelper.collect_prefixes(again)  # type: ignore[arg-type]
    assert again.prefixes["zz"] == URIRef("urn:zz:")


def test_kept_prefixes_find_what_pyshacl_alone_finds(
    paths: ProjectPaths, several: Assembled, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With pyshacl's own ``collect_prefixes`` the findings are those found with the kept
    prefixes, on a state with findings of SPARQL constraints and a SPARQL-based component."""
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    shapes = validation.indexed_shapes(validation.load_shapes(paths.shapes))
    data = as_dataset({"KZ": _mutated(several.graphs["KZ"])})
    kept = validation.validate(data, shapes, several.graphs["ontology"])
    kept_again = validation.validate(data, shapes, several.graphs["ontology"])
    monkeypatch.setattr(
        SPARQLQueryHelper, "collect_prefixes", validation._PYSHACL_COLLECT_PREFIXES, raising=True
    )
    own = validation.validate(data, shapes, several.graphs["ontology"])
    assert _keys(kept) == _keys(own) == _keys(kept_again)
    assert any("SPARQL" in str(f.component) for f in own.findings)


def test_the_graphs_written_while_validating_are_those_the_dumps_write(
    paths: ProjectPaths, several: Assembled
) -> None:
    """The build writes each state graph in the process that validates it: the same texts as
    ``dumps.texts`` gives, for every graph, and the same findings, in one process or two."""
    from forcelaw.publish import dumps

    shapes = validation.load_shapes(paths.shapes)
    expected = dumps.texts(several.graphs, workers=1)
    alone_result, alone = pipeline.validate_and_write(several, shapes, workers=1)
    shared_result, shared = pipeline.validate_and_write(several, shapes, workers=2)
    assert alone == shared == expected
    assert sorted(expected) == sorted(several.graphs)
    assert _keys(alone_result) == _keys(shared_result)
    assert _keys(shared_result) == _keys(pipeline.validate_per_graph(several, shapes, workers=1))


def test_a_graph_json_ld_cannot_carry_is_named_by_its_reason(
    paths: ProjectPaths, several: Assembled
) -> None:
    """Validation still comes back whole when a state's graph cannot be written: the texts are
    the reason, as ``NotRepresentable`` gives it, from a worker process as from this one."""
    graphs = dict(several.graphs)
    code = several.states[1].code
    odd = Graph()
    odd += graphs[code]
    odd.add((URIRef(uris.named_graph(code)), RDFS.seeAlso, URIRef("fl:Body")))
    graphs[code] = odd
    case = Assembled(graphs, several.states)
    shapes = validation.load_shapes(paths.shapes)
    for workers in (1, 2):
        result, written = pipeline.validate_and_write(case, shapes, workers=workers)
        assert isinstance(written, str) and "<fl:Body>" in written
        assert _keys(result) == _keys(pipeline.validate_per_graph(case, shapes, workers=1))
