"""Work shared among processes: how many, and the same output as one process gives."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench.generate import KZ_NAMES, Template, synthetic_codes, synthetic_state
from forcelaw import parallel
from forcelaw.errors import CurationError
from forcelaw.graph.build import ProjectPaths, assemble
from forcelaw.publish.dumps import canonical_ntriples, graph_texts, texts
from tests.conftest import FIXTURES, ROOT


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


def _checkout(root: Path, curated_xa: str | None = None) -> ProjectPaths:
    """A checkout of the project's inputs with three profiles: Kazakhstan (and its curated
    layer) and the fictional XA and XB (XA with ``curated_xa`` as its curated layer)."""
    for part in ("ontology", "shapes", "data/reference"):
        shutil.copytree(ROOT / part, root / part)
    (root / "data/curated").mkdir()
    shutil.copytree(ROOT / "data/sources", root / "data/sources")
    shutil.copy(ROOT / "data/curated/KZ.ttl", root / "data/curated/KZ.ttl")
    rows = json.loads((root / "data/sources/manifest.json").read_text("utf-8"))["profiles"]
    for code, name in (("XA", "Arcadia"), ("XB", "Borduria")):
        shutil.copy(FIXTURES / f"profiles/{code}.txt", root / f"data/sources/{code}.txt")
        rows.append(
            {
                "code": code,
                "name": name,
                "file": f"{code}.txt",
                "source_url": f"https://example.org/fictional/{code}",
                "retrieved": "2026-11-25",
            }
        )
    if curated_xa is not None:
        (root / "data/curated/XA.ttl").write_text(curated_xa, "utf-8")
        rows[1]["curated"] = "../curated/XA.ttl"
    (root / "data/sources/manifest.json").write_text(json.dumps({"profiles": rows}), "utf-8")
    return ProjectPaths(root)


def test_states_built_in_two_processes_are_those_one_builds(tmp_path: Path) -> None:
    """``assemble`` shares the profiles among processes: the same graphs (triples and
    prefixes), coverage, notes and progress lines, in the manifest's order."""
    paths = _checkout(tmp_path)
    said: dict[int, list[str]] = {1: [], 2: []}
    one = assemble(paths, said[1].append, workers=1)
    two = assemble(paths, said[2].append, workers=2)
    assert [s.code for s in two.states] == ["KZ", "XA", "XB"]
    assert said[2] == said[1] == ["[1/3] KZ Kazakhstan", "[2/3] XA Arcadia", "[3/3] XB Borduria"]
    assert list(two.graphs) == list(one.graphs)
    for name, graph in one.graphs.items():
        assert canonical_ntriples(two.graphs[name]) == canonical_ntriples(graph), name
        assert sorted(two.graphs[name].namespaces()) == sorted(graph.namespaces()), name
    for built, alone in zip(two.states, one.states, strict=True):
        assert (built.coverage, built.notes) == (alone.coverage, alone.notes)
    assert texts(two.graphs, workers=1) == texts(one.graphs, workers=1)


def test_an_error_in_another_process_is_the_one_raised_in_this_one(tmp_path: Path) -> None:
    """A bad curated layer fails a build shared among processes with the error, file and line
    that one process gives."""
    curated = (
        "@base <https://w3id.org/forcelaw/id/> .\n"
        "@prefix fl: <https://w3id.org/forcelaw/ontology#> .\n\n"
        '<body/XA/police> a fl:Body ; fl:anchor "the Federal Gendarmerie" .\n'
    )
    paths = _checkout(tmp_path, curated)
    errors = []
    for workers in (1, 2):
        with pytest.raises(CurationError) as raised:
            assemble(paths, workers=workers)
        errors.append((raised.value.source, raised.value.line, str(raised.value)))
    assert errors[0] == errors[1]
    assert errors[0][1] == 4 and "the Federal Gendarmerie" in errors[0][2]
