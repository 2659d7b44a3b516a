"""What the fixture profiles' tests share: a fixture read whole, its resources by kind, and the
check that every passage quotes the text at its offsets and every sentence is a passage."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from forcelaw.graph.build import ingest
from forcelaw.graph.mapping import StateInfo
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, FL, OA
from forcelaw.profile.records import Profile
from tests.conftest import PROFILES


def read_fixture(
    code: str, name: str, reference_index: ReferenceIndex
) -> tuple[str, Profile, Graph]:
    """Fixture ``code`` (``tests/fixtures/profiles/CODE.txt``) as a state named ``name``: its
    text, profile and graph."""
    data = (PROFILES / f"{code}.txt").read_bytes()
    profile, graph = ingest(data, f"{code}.txt", StateInfo(code, name), reference_index)
    return data.decode("utf-8"), profile, graph


def paths_by_kind(graph: Graph, kinds: Iterable[str]) -> dict[str, set[str]]:
    """The resources of each class ``fl:KIND``, as paths under the base."""
    return {
        kind: {str(s).removeprefix(BASE) for s in graph.subjects(RDF.type, FL[kind])}
        for kind in kinds
    }


def assert_every_sentence_quoted(graph: Graph, text: str, profile: Profile) -> None:
    """Every passage's ``oa:exact`` is the slice of ``text`` at its offsets, and every sentence
    of ``profile`` is a passage of its own."""
    spans = set()
    for passage in graph.subjects(RDF.type, FL.SourcePassage):
        start = int(graph.value(URIRef(f"{passage}#position"), OA.start))  # type: ignore[arg-type]
        end = int(graph.value(URIRef(f"{passage}#position"), OA.end))  # type: ignore[arg-type]
        assert str(graph.value(URIRef(f"{passage}#quote"), OA.exact)) == text[start:end]
        spans.add((start, end))
    for sentence in profile.sentences:
        assert (sentence.span.start, sentence.span.end) in spans, sentence.text
