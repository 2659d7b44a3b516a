"""The build validates the states in several processes: the outcome must be the one a single
process gives, findings on the shared graphs reported once, violations in a state kept."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from bench.generate import KZ_NAMES, Template, synthetic_codes, synthetic_state
from forcelaw import validate as validation
from forcelaw.graph import uris
from forcelaw.graph.build import Assembled, ProjectPaths, assemble
from forcelaw.namespaces import FL
from forcelaw.publish import pipeline

SH_RESULT = URIRef("http://www.w3.org/ns/shacl#result")
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
