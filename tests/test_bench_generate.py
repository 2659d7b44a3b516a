"""The benchmark generator: deterministic, marked synthetic, and shaped like the state it copies."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from bench.generate import (
    _NOT_SYNTHETIC,
    KZ_NAMES,
    Template,
    synthetic_codes,
    synthetic_state,
)
from forcelaw.graph import uris
from forcelaw.graph.build import (
    ProjectPaths,
    build_state,
    load_ontology,
    load_reference,
    read_manifest,
)
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import FL, OA


@pytest.fixture(scope="module")
def template(paths: ProjectPaths, reference_index: ReferenceIndex) -> Template:
    """Kazakhstan's state graph, built by the real pipeline."""
    known = Graph()
    for triple in load_ontology(paths):
        known.add(triple)
    for triple in load_reference(paths):
        known.add(triple)
    entry = read_manifest(paths)[0]
    return Template("KZ", build_state(entry, reference_index, known).graph, KZ_NAMES)


def test_same_seed_same_graph_other_seed_other_graph(template: Template) -> None:
    first = set(synthetic_state(template, "QM", seed=1, richness=2))
    assert first == set(synthetic_state(template, "QM", seed=1, richness=2))
    assert first != set(synthetic_state(template, "QM", seed=2, richness=2))


def test_codes_are_never_real_states() -> None:
    codes = synthetic_codes(196)
    assert len(set(codes)) == 196
    assert not set(codes) & _NOT_SYNTHETIC
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in codes)


def test_every_resource_is_synthetic_and_nothing_real_is_left(template: Template) -> None:
    graph = synthetic_state(template, "QM", seed=3, richness=2)
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
    assert subjects == set(graph.subjects(FL.synthetic, Literal(True)))
    real = re.compile(r"Kazakh|Zhanaozen|Nazarbayev|Nursultan|/KZ\b|kazakhstan")
    leftovers = [t for triple in graph for t in triple if real.search(str(t))]
    assert leftovers == []


def test_same_shape_as_the_template(template: Template) -> None:
    def kinds(g: Graph) -> Counter[str]:
        return Counter(str(o).rsplit("#", 1)[-1] for o in g.objects(None, RDF.type))

    one = kinds(synthetic_state(template, "QM", seed=4))
    kz = kinds(template.graph)
    # An oversight body may stand in for the "no oversight body" absence statement.
    one_without_oversight = one - Counter({"Body": 1}) + Counter({"AbsenceStatement": 1})
    assert kz in (one, one_without_oversight)
    richer = kinds(synthetic_state(template, "QM", seed=4, richness=3))
    assert richer["Claim"] > one["Claim"] and richer["Pronouncement"] > one["Pronouncement"]
    assert richer["TreatyAdherence"] == one["TreatyAdherence"]


def test_passages_quote_the_edited_text_at_their_offsets(template: Template) -> None:
    graph = synthetic_state(template, "QM", seed=5, richness=2)
    text = str(graph.value(uris.profile("QM"), FL.sourceText))
    passages = list(graph.subjects(RDF.type, FL.SourcePassage))
    assert passages
    for passage in passages:
        start = int(graph.value(URIRef(f"{passage}#position"), OA.start))
        end = int(graph.value(URIRef(f"{passage}#position"), OA.end))
        assert str(passage).endswith(f"/passage/{start:04d}-{end:04d}")
        assert str(graph.value(URIRef(f"{passage}#quote"), OA.exact)) == text[start:end]
