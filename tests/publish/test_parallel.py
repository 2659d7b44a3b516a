"""Work shared among processes: how many, and the same output as one process gives."""

from __future__ import annotations

from bench.generate import KZ_NAMES, Template, synthetic_codes, synthetic_state
from forcelaw import parallel
from forcelaw.graph.build import ProjectPaths, assemble
from forcelaw.publish.dumps import graph_texts, texts


def test_worker_count() -> None:
    assert parallel.worker_count(None, parallel.FROM - 1) == 1
    assert 1 <= parallel.worker_count(None, 197) <= parallel.MOST
    assert parallel.worker_count(4, 2) == 2  # never more processes than items
    assert parallel.worker_count(0, 5) == 1


def test_ordered_map_keeps_the_order() -> None:
    items = list(range(20))
    assert parallel.ordered_map(abs, [-i for i in items], 2) == items
    assert parallel.ordered_map(abs, [-i for i in items], 1) == items


def test_texts_in_two_processes_are_what_one_writes(paths: ProjectPaths) -> None:
    graphs = dict(assemble(paths).graphs)
    template = Template("KZ", graphs["KZ"], KZ_NAMES)
    for code in synthetic_codes(3):
        graphs[code] = synthetic_state(template, code, seed=5)
    shared = texts(graphs, workers=2)
    assert list(shared) == sorted(graphs)
    assert shared == {name: graph_texts(graph) for name, graph in graphs.items()}
    assert texts(graphs, workers=1) == shared
