"""Every profile we can ingest yields a graph that conforms to the shapes (KZ, XA, XB, XC)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from forcelaw import validate as validation
from forcelaw.graph.build import ProjectPaths, ingest, load_ontology, load_reference
from forcelaw.graph.mapping import StateInfo
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import DQV, FL
from forcelaw.publish.dumps import as_dataset
from tests.conftest import KZ, PROFILES, ROOT


@pytest.mark.parametrize(
    ("path", "code", "name", "curated"),
    [
        (KZ, "KZ", "Kazakhstan", ROOT / "data" / "curated" / "KZ.ttl"),
        (PROFILES / "XA.txt", "XA", "Arcadia", None),
        (PROFILES / "XB.txt", "XB", "Borealia", None),
        (PROFILES / "XC.txt", "XC", "Concordia (Federated States of)", None),
        (PROFILES / "XE.txt", "XE", "Valdoria", None),
        (PROFILES / "XF.txt", "XF", "Karavia", None),
        (PROFILES / "XG.txt", "XG", "Azurie", None),
        (PROFILES / "XH.txt", "XH", "Moravia", None),
        (PROFILES / "XI.txt", "XI", "Lumeria", None),
    ],
    ids=["KZ", "XA", "XB", "XC", "XE", "XF", "XG", "XH", "XI"],
)
def test_ingested_profile_conforms(
    path: Path,
    code: str,
    name: str,
    curated: Path | None,
    paths: ProjectPaths,
    reference_index: ReferenceIndex,
) -> None:
    data = path.read_bytes()
    info = StateInfo(
        code,
        name,
        f"https://example.org/profiles/{code}",
        "2026-11-25",
        hashlib.sha256(data).hexdigest(),
    )
    layer = (str(curated), curated.read_text("utf-8")) if curated else None
    _profile, graph = ingest(data, path.name, info, reference_index, layer)
    graphs = {code: graph, "reference": load_reference(paths)}
    result = validation.validate(
        as_dataset(graphs), validation.load_shapes(paths.shapes), load_ontology(paths)
    )
    violations = [f for f in result.findings if f.severity == "Violation"]
    assert violations == [], validation.format_report(result)


def test_release_publishes_quality_summary(release_dir: Path) -> None:
    graph = Graph().parse(release_dir / "quality.ttl", format="turtle")
    measurements = set(graph.subjects(RDF.type, DQV.QualityMeasurement))
    assert len(measurements) > 10
    share = next(graph.subjects(DQV.isMeasurementOf, FL.provenanceShare))
    assert graph.value(share, DQV.value) == Literal(
        "1.0000", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    )
    provisions = [m for m in graph.subjects(FL.measuredClass, FL.Provision)]
    # the five quoted, and Articles 15, 17 and 32 (Criminal Code) that their paragraphs are of
    assert [int(graph.value(m, DQV.value)) for m in provisions] == [8]  # type: ignore[arg-type]
    assert (release_dir / "validation-report.ttl").is_file()


def test_per_state_validation_reports_shared_findings_once(paths: ProjectPaths) -> None:
    """Two states validated one by one: a finding on the shared graphs is reported once."""
    from rdflib import Graph

    from forcelaw.graph.build import assemble
    from forcelaw.publish.pipeline import validate_per_graph

    assembled = assemble(paths)
    reference = Graph()
    reference += assembled.graphs["reference"]
    cat = URIRef("https://w3id.org/forcelaw/id/treaty/cat")
    reference.remove((cat, FL.adoptionYear, None))  # a Violation on the shared graph
    graphs = {**assembled.graphs, "reference": reference}
    twice = type(assembled)(graphs, (assembled.states[0], assembled.states[0]))
    result = validate_per_graph(twice, validation.load_shapes(paths.shapes))
    on_cat = [f for f in result.findings if f.focus_node == cat]
    assert len(on_cat) == 1 and on_cat[0].severity == "Violation"
    reported = list(result.report.subjects(URIRef("http://www.w3.org/ns/shacl#focusNode"), cat))
    assert len(reported) == 1
