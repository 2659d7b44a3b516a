"""Coverage: which sentences of a profile some fact in its graph derives from."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF

from forcelaw.namespaces import FL, OA
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
