"""Assembling the dataset: ontology + reference data + every profile and its curated layer."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.compare import to_canonical_graph

from forcelaw import parallel
from forcelaw.errors import BuildError, CurationError
from forcelaw.graph import curated as curation
from forcelaw.graph import manifest as source_manifest
from forcelaw.graph.coverage import Coverage, coverage, unmodelled_passages
from forcelaw.graph.manifest import SourceEntry
from forcelaw.graph.mapping import StateInfo, map_profile
from forcelaw.graph.reference import ReferenceIndex, build_index
from forcelaw.graph.states import StateList, parse_states
from forcelaw.namespaces import BASE, bind_prefixes
from forcelaw.profile.parse import parse_bytes
from forcelaw.profile.records import Profile

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ProjectPaths:
    """Where the inputs of a build live in a checkout."""

    root: Path

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "forcelaw.ttl"

    @property
    def shapes(self) -> Path:
        return self.root / "shapes" / "forcelaw.shapes.ttl"

    @property
    def reference(self) -> Path:
        return self.root / "data" / "reference"

    @property
    def sources(self) -> Path:
        return self.root / "data" / "sources"


@dataclass(frozen=True)
class StateResult:
    code: str
    name: str
    graph: Graph
    coverage: Coverage
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Assembled:
    """Every named graph of the dataset (by short name) and what was learnt building them."""

    graphs: dict[str, Graph]
    states: tuple[StateResult, ...]


def read_manifest(paths: ProjectPaths) -> list[SourceEntry]:
    """The profiles to publish, from data/sources/manifest.json, every row checked."""
    return source_manifest.read_manifest(paths.sources / "manifest.json", paths.root)


def load_reference(paths: ProjectPaths) -> Graph:
    graph = Graph()
    for path in sorted(paths.reference.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return stable_blank_nodes(graph)


def load_states(paths: ProjectPaths) -> StateList:
    """The states of the world by their names, from data/reference/states.tsv, the states that
    no longer exist, from former_states.tsv, and the parts of states named like another state
    or with its adjective, from parts.tsv."""
    path = paths.reference / "states.tsv"
    texts = []
    for each in (path, paths.reference / "former_states.tsv", paths.reference / "parts.tsv"):
        try:
            texts.append(each.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:  # without it no state is told from another
            raise BuildError(f"{each}: cannot read the list of states: {exc}") from exc
    return parse_states(texts[0], str(path), texts[1], texts[2])


def load_index(paths: ProjectPaths, reference: Graph) -> ReferenceIndex:
    """The index of ``reference`` (as ``load_reference`` read it) and of the states."""
    return build_index(reference, load_states(paths))


def load_ontology(paths: ProjectPaths) -> Graph:
    return stable_blank_nodes(Graph().parse(paths.ontology, format="turtle"))


def stable_blank_nodes(graph: Graph) -> Graph:
    """The graph with canonical blank-node labels, so that every release serializes identically."""
    canonical = bind_prefixes(Graph())
    for triple in to_canonical_graph(graph):
        canonical.add(triple)
    return canonical


def assemble(
    paths: ProjectPaths,
    progress: Progress | None = None,
    base: str = BASE,
    settle: Callable[[], None] | None = None,
    workers: int | None = None,
) -> Assembled:
    """Build every named graph; raise a ForcelawError naming the file on any bad input.

    The states are built by ``build_states``, shared among ``workers`` processes; the graphs do
    not depend on how many. ``settle`` is called once the shared graphs and then each state are
    built (the build passes ``forcelaw.memory.keep``)."""
    ontology = load_ontology(paths)
    reference = load_reference(paths)
    index = load_index(paths, reference)
    known = Graph()
    for triple in ontology:
        known.add(triple)
    for triple in reference:
        known.add(triple)
    entries = read_manifest(paths)
    states: list[StateResult] = []
    if settle is not None:
        settle()
    for number, result in enumerate(build_states(entries, index, known, base, workers), start=1):
        if progress is not None and len(entries) > 1:
            progress(f"[{number}/{len(entries)}] {result.code} {result.name}")
        states.append(result)
        if settle is not None:
            settle()
    graphs = {"ontology": ontology, "reference": reference}
    for result in states:
        graphs[result.code] = result.graph
    return Assembled(graphs, tuple(states))


def build_states(
    entries: Sequence[SourceEntry],
    index: ReferenceIndex,
    known: Graph,
    base: str = BASE,
    workers: int | None = None,
) -> Iterator[StateResult]:
    """``build_state`` of each entry, in the entries' order, each as soon as it is built.

    The profiles are independent, so ``workers`` processes share them (``forcelaw.parallel``:
    by default two from 8 profiles on; 197 took 9.3 s in one process). The first error is
    raised as one process would raise it."""
    count = parallel.worker_count(workers, len(entries))
    for result in parallel.ordered_each(
        _build_shared, entries, count, initializer=_share, initargs=(index, known, base)
    ):
        bind_prefixes(result.graph)  # a graph from another process has rdflib's prefixes
        yield result


# What every state's build reads (set once in each process by ``_share``).
_shared: tuple[ReferenceIndex, Graph, str] | None = None


def _share(index: ReferenceIndex, known: Graph, base: str) -> None:
    global _shared
    _shared = (index, known, base)


def _build_shared(entry: SourceEntry) -> StateResult:
    assert _shared is not None, "the process was not given the reference data"
    return build_state(entry, *_shared)


def build_state(
    entry: SourceEntry, index: ReferenceIndex, known: Graph, base: str = BASE
) -> StateResult:
    """Parse, map and curate one profile into its state graph, with checks and coverage."""
    try:
        data = entry.file.read_bytes()
    except OSError as exc:
        raise BuildError(f"{entry.file}: cannot read profile ({exc.strerror})") from None
    source = str(entry.file)
    profile = parse_bytes(data, source)
    info = StateInfo(
        entry.code,
        entry.name,
        entry.source_url,
        entry.retrieved,
        hashlib.sha256(data).hexdigest(),
    )
    graph = map_profile(profile, info, index, base)
    if entry.curated is not None:
        _add_curated(graph, _read_curated(entry.curated), str(entry.curated), profile, info, base)
    curation.check_references(graph, known, str(entry.curated or source), base)
    covered = coverage(profile, graph)
    _keep_unmodelled(graph, profile, entry.code, entry.name, covered, base)
    return StateResult(entry.code, entry.name, graph, covered, profile.notes)


def ingest(
    data: bytes,
    source: str,
    info: StateInfo,
    index: ReferenceIndex,
    curated_text: tuple[str, str] | None = None,
    base: str = BASE,
) -> tuple[Profile, Graph]:
    """One profile (and optionally its curated file as (name, text)) -> its state graph."""
    profile = parse_bytes(data, source)
    graph = map_profile(profile, info, index, base)
    if curated_text is not None:
        name, text = curated_text
        _add_curated(graph, text, name, profile, info, base)
    _keep_unmodelled(graph, profile, info.code, info.name, coverage(profile, graph), base)
    return profile, graph


def _keep_unmodelled(
    graph: Graph, profile: Profile, code: str, name: str, covered: Coverage, base: str
) -> None:
    for triple in unmodelled_passages(profile, code, name, covered.uncovered, base):
        graph.add(triple)


def _read_curated(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CurationError(str(path), None, f"cannot read curated file ({exc})") from None


def _add_curated(
    graph: Graph, text: str, name: str, profile: Profile, info: StateInfo, base: str
) -> None:
    layer = curation.resolve(text, name, profile, info.code, info.name, base)
    curation.check_duplicates(layer.graph, graph, name)
    graph += layer.graph
