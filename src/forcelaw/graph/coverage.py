"""Coverage: which sentences of a profile some fact in its graph derives from, and the passages
that keep the others in the graph (``fl:UnmodelledPassage``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF

from forcelaw.graph.passages import Triple, passage_iri, passage_triples
from forcelaw.namespaces import BASE, FL, OA
from forcelaw.profile.records import Profile, Sentence


@dataclass(frozen=True)
class Coverage:
    """How many sentences are covered, and the ones that are not (with their line numbers)."""

    sentences: int
    covered: int
    uncovered: tuple[Sentence, ...]

    @property
    def ratio(self) -> float:
        return self.covered / self.sentences if self.sentences else 1.0


def coverage(profile: Profile, graph: Graph) -> Coverage:
    """A sentence is covered when the passages facts derive from span all of its characters."""
    spans = sorted(_derived_spans(graph))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    uncovered = tuple(
        s
        for s in profile.sentences
        if not any(a <= s.span.start and s.span.end <= b for a, b in merged)
    )
    total = len(profile.sentences)
    return Coverage(total, total - len(uncovered), uncovered)


def unmodelled_passages(
    profile: Profile, code: str, state_name: str, uncovered: tuple[Sentence, ...], base: str = BASE
) -> Iterator[Triple]:
    """The passage of each ``uncovered`` sentence, typed ``fl:UnmodelledPassage``: every sentence
    of the profile is then in the graph, in its section, whether or not a fact derives from it."""
    for sentence in uncovered:
        yield from passage_triples(code, state_name, profile, sentence.span, base)
        yield passage_iri(code, sentence.span, base), RDF.type, FL.UnmodelledPassage


def _derived_spans(graph: Graph) -> set[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    for passage in set(graph.objects(None, PROV.wasDerivedFrom)):
        if (passage, RDF.type, FL.SourcePassage) not in graph:
            continue
        for selector in graph.objects(passage, OA.hasSelector):
            start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)
            if isinstance(start, Literal) and isinstance(end, Literal):
                spans.add((int(start), int(end)))
    return spans
