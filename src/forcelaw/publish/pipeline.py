"""The build pipeline end to end: assemble, validate, and publish a release (or refuse to)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph

from forcelaw import memory, parallel, shared_focus
from forcelaw import validate as validation
from forcelaw.errors import BuildError, NotRepresentable
from forcelaw.graph import uris
from forcelaw.graph.build import Assembled, Progress, ProjectPaths, assemble
from forcelaw.publish import dumps, editions
from forcelaw.publish.changes import (
    CHANGESET_PREFIXES,
    Changeset,
    changelog_entry,
    changeset_graph,
    diff,
)
from forcelaw.publish.dumps import turtle
from forcelaw.publish.quality import Quality, measure, quality_graph, summary_lines
from forcelaw.publish.release import Release, content_version, write_release


@dataclass(frozen=True)
class BuildOutcome:
    """A published release, what went into it, and how long it took."""

    release: Release
    assembled: Assembled
    validation: validation.ValidationResult
    quality: Quality
    seconds: float
    changes: Changeset


def build(
    paths: ProjectPaths,
    out: Path,
    progress: Progress | None = None,
    created: datetime | None = None,
) -> BuildOutcome:
    """Build, validate and publish; a Violation raises BuildError and publishes nothing.

    The edition records what changed since the one it follows (``changelog.json``, ``changes.ttl``).
    """
    started = time.perf_counter()
    with memory.kept_alive() as keep:
        assembled = assemble(paths, progress, settle=keep)
        return _validate_and_publish(assembled, paths, out, progress, created, started)


def _validate_and_publish(
    assembled: Assembled,
    paths: ProjectPaths,
    out: Path,
    progress: Progress | None,
    created: datetime | None,
    started: float,
) -> BuildOutcome:
    if progress is not None:
        progress("validating against shapes/forcelaw.shapes.ttl")
    result, written = validate_and_write(assembled, validation.load_shapes(paths.shapes))
    report = validation.report_turtle(result)
    if validation.has_violations(result):
        rejected = out / "rejected-validation-report.ttl"
        out.mkdir(parents=True, exist_ok=True)
        rejected.write_text(report, encoding="utf-8")
        raise BuildError(
            "the graph violates the shapes; no release was published "
            f"(report: {rejected})\n" + validation.format_report(result)
        )
    states = {state.code: state.name for state in assembled.states}
    warnings = sum(1 for f in result.findings if f.severity == "Warning")
    measured = measure(
        [assembled.graphs[s.code] for s in assembled.states],
        [s.coverage for s in assembled.states],
        violations=0,
        warnings=warnings,
    )
    now = created or datetime.now(UTC).replace(microsecond=0)
    if isinstance(written, str):
        raise BuildError(f"dataset.jsonld: {written}; no release was published")
    texts = written  # each graph written once: the id and the files
    version = content_version(assembled.graphs, now.date().isoformat(), texts=texts)
    # The same edition rebuilt (same data, same day) keeps its creation time unless one is given.
    created = created or editions.kept_creation(out, version) or now
    previous = editions.previous_edition(out, version)
    if previous is not None and editions.same_graphs(
        previous.path, {name: text.turtle for name, text in texts.items()}
    ):
        changes = Changeset(previous.version, version, (), ())  # what diff finds, unread
    else:
        changes = diff(
            editions.read_graphs(previous.path) if previous else None,
            assembled.graphs,
            previous.version if previous else None,
            version,
        )
    when = created.isoformat()
    release = write_release(
        assembled.graphs,
        out,
        states,
        extra_files={
            "validation-report.ttl": report,
            "quality.ttl": turtle(quality_graph(measured, version)),
            "shapes.ttl": paths.shapes.read_text(encoding="utf-8"),
            editions.CHANGELOG_FILE: json.dumps(
                changelog_entry(changes, when), indent=2, sort_keys=True
            )
            + "\n",
            editions.CHANGES_FILE: turtle(changeset_graph(changes, when), CHANGESET_PREFIXES),
            **{
                f"queries/{query.name}": query.read_text(encoding="utf-8")
                for query in sorted((paths.root / "queries").glob("*.rq"))
            },
        },
        created=created,
        texts=texts,
        issued=editions.first_issued(out, previous),
    )
    return BuildOutcome(
        release, assembled, result, measured, time.perf_counter() - started, changes
    )


def validate_per_graph(
    assembled: Assembled, shapes: Graph, workers: int | None = None
) -> validation.ValidationResult:
    """Validate each state graph beside the shared reference data (and the ontology).

    Every constraint concerns one state's resources or the shared ones, so this finds what one
    validation of the union would, in time linear in the number of states (pyshacl's time over a
    union grows faster than its size: 20 states took 42 s together, 23 s one by one). Findings on
    the shared graphs come back from every run; `combine` keeps each once.

    A state whose graph says nothing about the shared nodes leaves them to one run over the
    shared graphs alone, for the shapes where that gives the same findings
    (``forcelaw.shared_focus``): checking them again in each state's run was a quarter of its
    time. That run's findings count if some state left its shared nodes to it.

    The states are shared among ``workers`` processes (``forcelaw.parallel``: by default two from
    8 states on). The result does not depend on it: `combine` takes the runs in the states' order.
    """
    return _validate(assembled, shapes, workers, write=False)[0]


def validate_and_write(
    assembled: Assembled, shapes: Graph, workers: int | None = None
) -> tuple[validation.ValidationResult, dict[str, dumps.Texts] | str]:
    """``validate_per_graph``, and every graph written (``dumps.graph_texts``) by the process
    that validates it: the texts of every graph, or why JSON-LD cannot carry the first graph
    it cannot (``NotRepresentable``'s reason).

    The build needs both, and each state graph then goes to a process once rather than twice
    (a second pool of processes, its start and the graphs pickled to it again, took about 3 s
    of a 197-state build). The texts are the same whichever process writes them."""
    result, states = _validate(assembled, shapes, workers, write=True)
    written: dict[str, dumps.Texts] = {}
    for name in sorted(assembled.graphs):
        text = states.get(name)
        if text is None:  # the shared graphs, and any the states do not cover
            text = _texts(assembled.graphs[name])
        if isinstance(text, str):
            return result, text
        written[name] = text
    return result, written


def _validate(
    assembled: Assembled, shapes: Graph, workers: int | None, write: bool
) -> tuple[validation.ValidationResult, dict[str, dumps.Texts | str]]:
    """The validation of ``validate_per_graph``, with each state's texts if ``write``."""
    ontology, reference = assembled.graphs["ontology"], assembled.graphs["reference"]
    states: list[dict[str, Graph] | None] = [
        {state.code: assembled.graphs[state.code]} for state in assembled.states
    ]
    forward = shared_focus.forward_shapes(shapes)
    if states and forward.shapes:
        states.append(None)  # the shared graphs alone, against the forward shapes
    runs = parallel.ordered_map(
        _validate_state,
        states or [{}],
        parallel.worker_count(workers, len(states)),
        initializer=_share_validation,
        initargs=(shapes, ontology, reference, forward, write),
    )
    left = any(run.left_shared for run in runs)
    texts = {name: text for run in runs for name, text in run.texts.items()}
    return validation.combine([run.result for run in runs if not run.alone or left]), texts


@dataclass(frozen=True)
class StateRun:
    """One run of ``validate_per_graph``: a state's or the shared graphs' alone (``alone``), and
    whether a state's left the shared nodes to the latter."""

    result: validation.ValidationResult
    left_shared: bool = False
    alone: bool = False
    # the state's graphs written (``dumps.graph_texts``), when asked, or why one cannot be
    texts: dict[str, dumps.Texts | str] = field(default_factory=dict)


# What every validation shares (set once in each process by ``_share_validation``): the shapes,
# the reference graph with the ontology (indexed once for all the states), the forward shapes
# and whether each state's graphs are also written.
_shared: tuple[Graph, validation.SharedGraphs, shared_focus.ForwardShapes, bool] | None = None


def _share_validation(
    shapes: Graph,
    ontology: Graph,
    reference: Graph,
    forward: shared_focus.ForwardShapes,
    write: bool = False,
) -> None:
    global _shared
    named = {str(uris.named_graph("reference")): reference}
    indexed = validation.indexed_shapes(shapes)  # copied once here, not in every state's run
    _shared = (indexed, validation.SharedGraphs.of(named, ontology), forward, write)


def _validate_state(state: dict[str, Graph] | None) -> StateRun:
    """Validate one state beside the shared graphs (``None``: the shared graphs alone, against
    the forward shapes), and write its graphs if the process was asked to."""
    assert _shared is not None, "the process was not given the shared graphs"
    run = _validate_one(state)
    if state and _shared[3]:
        return replace(run, texts={name: _texts(graph) for name, graph in state.items()})
    return run


def _texts(graph: Graph) -> dumps.Texts | str:
    """``graph`` written, or why JSON-LD cannot carry it (a reason, which pickles where the
    exception, made with more arguments than it keeps, would not)."""
    try:
        return dumps.graph_texts(graph)
    except NotRepresentable as exc:
        return exc.reason


def _validate_one(state: dict[str, Graph] | None) -> StateRun:
    assert _shared is not None, "the process was not given the shared graphs"
    shapes, shared, forward, _ = _shared
    if state is None:
        only = validation.only(forward.shapes)
        return StateRun(validation.validate_beside({}, shapes, shared, only), alone=True)
    named = {str(uris.named_graph(name)): graph for name, graph in state.items()}
    if state and forward.shapes and shared_focus.independent(state.values(), shared.nodes, forward):
        leaving = validation.leaving(forward.shapes, shared.nodes)
        result = validation.validate_beside(named, shapes, shared, leaving)
        return StateRun(result, left_shared=True)
    return StateRun(validation.validate_beside(named, shapes, shared))


def summary(outcome: BuildOutcome) -> str:
    """One screen: the release, triples per graph, coverage per state, validation."""
    release = outcome.release
    lines = [
        f"release {release.version} -> {release.path}",
        f"  {release.manifest['triples']} triples in {len(outcome.assembled.graphs) + 1} graphs "
        f"({outcome.seconds:.1f} s)",
    ]
    graphs = release.manifest["graphs"]
    assert isinstance(graphs, list)
    for graph in graphs:
        lines.append(f"    {graph['name']:<12} {graph['triples']:>8} triples")
    for state in outcome.assembled.states:
        cov = state.coverage
        lines.append(
            f"  {state.code} {state.name}: {cov.covered}/{cov.sentences} sentences "
            f"covered ({cov.ratio:.0%})"
        )
        for sentence in cov.uncovered[:5]:
            lines.append(f"    not covered, line {sentence.span.line}: {sentence.text[:70]}")
        for note in state.notes:
            lines.append(f"    note: {note}")
    lines.extend(summary_lines(outcome.quality))
    changes = outcome.changes
    lines.append(
        f"  changes since {changes.old}: +{changes.added} -{changes.removed} triples"
        if changes.old
        else "  first edition (no earlier release in this dist/)"
    )
    lines.extend(f"    {sentence}" for sentence in changes.sentences[:10] if changes.old)
    lines.append(
        f"  validation: conforms (0 violations, {outcome.quality.warnings} warnings, "
        f"{outcome.validation.seconds:.1f} s)"
    )
    return "\n".join(lines)
