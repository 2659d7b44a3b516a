"""The quality summary of a release (DQV): counts per class, provenance, coverage, validation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from forcelaw.graph.coverage import Coverage
from forcelaw.namespaces import BASE, DQV, FL, bind_prefixes
from forcelaw.publish.void import dataset_iri

FACT_CLASSES = (
    FL.Provision,
    FL.TreatyAdherence,
    FL.AbsenceStatement,
    FL.Pronouncement,
    FL.Claim,
    FL.Figure,
    FL.Event,
    FL.Outcome,
)
"""The classes whose instances are facts that must derive from a source passage."""


@dataclass(frozen=True)
class Quality:
    """The numbers of the summary, for the build's screen and the RDF alike."""

    classes: dict[str, int]
    facts: int
    facts_with_provenance: int
    sentences: int
    sentences_covered: int
    violations: int
    warnings: int

    @property
    def provenance_share(self) -> Decimal:
        return _share(self.facts_with_provenance, self.facts)

    @property
    def coverage_share(self) -> Decimal:
        return _share(self.sentences_covered, self.sentences)


def measure(
    state_graphs: Sequence[Graph], coverages: Sequence[Coverage], violations: int, warnings: int
) -> Quality:
    """Count what the state graphs hold and how much of it is traced to the sources."""
    classes: Counter[str] = Counter()
    facts = traced = 0
    for graph in state_graphs:
        for cls in set(graph.objects(None, RDF.type)):
            if isinstance(cls, URIRef) and str(cls).startswith(str(FL)):
                classes[str(cls)] += len(set(graph.subjects(RDF.type, cls)))
        for cls in FACT_CLASSES:
            for subject in set(graph.subjects(RDF.type, cls)):
                facts += 1
                traced += (subject, PROV.wasDerivedFrom, None) in graph
    return Quality(
        classes=dict(sorted(classes.items())),
        facts=facts,
        facts_with_provenance=traced,
        sentences=sum(c.sentences for c in coverages),
        sentences_covered=sum(c.covered for c in coverages),
        violations=violations,
        warnings=warnings,
    )


def quality_graph(quality: Quality, version: str, base: str = BASE) -> Graph:
    """The summary as DQV quality measurements of the release's dataset."""
    graph = bind_prefixes(Graph())
    dataset = dataset_iri(base)
    prefix = f"{base}quality/{version}/"

    def add(key: str, metric: URIRef, value: Literal, label: str) -> URIRef:
        node = URIRef(prefix + key)
        graph.add((node, RDF.type, DQV.QualityMeasurement))
        graph.add((node, RDFS.label, Literal(label, lang="en")))
        graph.add((node, DQV.computedOn, dataset))
        graph.add((node, DQV.isMeasurementOf, metric))
        graph.add((node, DQV.value, value))
        graph.add((dataset, DQV.hasQualityMeasurement, node))
        return node

    for cls, count in quality.classes.items():
        name = cls.rsplit("#", 1)[-1]
        node = add(
            f"instances-{name}",
            FL.instanceCount,
            Literal(count, datatype=XSD.integer),
            f"Instances of fl:{name}",
        )
        graph.add((node, FL.measuredClass, URIRef(cls)))
    add(
        "provenance-share",
        FL.provenanceShare,
        Literal(quality.provenance_share, datatype=XSD.decimal),
        f"Facts with provenance: {quality.facts_with_provenance} of {quality.facts}",
    )
    add(
        "sentence-coverage",
        FL.sentenceCoverage,
        Literal(quality.coverage_share, datatype=XSD.decimal),
        f"Sentences covered: {quality.sentences_covered} of {quality.sentences}",
    )
    add(
        "violations",
        FL.violationCount,
        Literal(quality.violations, datatype=XSD.integer),
        "SHACL violations",
    )
    add(
        "warnings",
        FL.warningCount,
        Literal(quality.warnings, datatype=XSD.integer),
        "SHACL warnings",
    )
    return graph


def summary_lines(quality: Quality) -> list[str]:
    counts = ", ".join(f"{k.rsplit('#', 1)[-1]} {v}" for k, v in quality.classes.items())
    return [
        f"  facts with provenance: {quality.facts_with_provenance}/{quality.facts} "
        f"({quality.provenance_share:.0%})",
        f"  instances: {counts}",
    ]


def _share(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001")) if whole else Decimal(1)
