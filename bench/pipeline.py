"""Pipeline measurements: build time and peak memory at each size, and SHACL validation time.

Build (per size, in a fresh process, peak RSS from ``getrusage``): load the ontology and reference
data, run the per-profile pipeline (parse, map, curate, check: ``build_state``) on a
Kazakhstan-sized profile as many times as the size has Kazakhstan-equivalents of state data,
shared among processes as the build shares its profiles (``build_states``), then
``write_release`` the size's dataset. (The synthetic states are generated outside the timed part:
generating them is not something a real build does.)

Validation (in a fresh process, bounded by ``--validation-timeout``): the states validated as
the build validates them (``validate_per_graph``: each beside ontology + reference), for N states
(Kazakhstan and N - 1 synthetic ones), to show how it scales.

Whole build (``--whole SIZES``, in a fresh process): the build stage, the validation of its
graphs, and the release's static site with its query store loaded meanwhile, each timed, and
their sum.

    python -m bench.pipeline [--sizes real,states197,million] [--validate 1,2,4,8,197]
                             [--whole states197]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def build_stage(size: str, seed: int) -> dict[str, Any]:
    """Run in a child process: the timed build of ``size`` (see the module docstring)."""
    with tempfile.TemporaryDirectory() as out:
        return _build(size, seed, Path(out))[0]


def _build(
    size: str, seed: int, out: Path, validate: Callable[[Any], Any] | None = None
) -> tuple[dict[str, Any], Any, Any]:
    """``build_stage`` writing the release under ``out``: its measurements, the graphs it wrote
    (an ``Assembled``) and the ``Release``. ``validate``, if given, is called with the graphs
    before the release is written, as the build validates them, and returns the graphs' texts
    for ``write_release`` (or None); its seconds are ``validation_s``, not the build's."""
    import gc

    from rdflib import Graph

    from bench.generate import KZ_NAMES, SIZES, Template, synthetic_codes, synthetic_state
    from forcelaw.graph.build import (
        Assembled,
        ProjectPaths,
        build_state,
        build_states,
        load_index,
        load_ontology,
        load_reference,
        read_manifest,
    )
    from forcelaw.memory import kept_alive
    from forcelaw.publish.release import write_release

    paths = ProjectPaths(ROOT)
    started = time.perf_counter()
    ontology, reference = load_ontology(paths), load_reference(paths)
    index = load_index(paths, reference)
    known = Graph()
    for triple in ontology:
        known.add(triple)
    for triple in reference:
        known.add(triple)
    entry = read_manifest(paths)[0]
    kz = build_state(entry, index, known)
    spec = SIZES[size]
    template = Template("KZ", kz.graph, KZ_NAMES)
    generate_started = time.perf_counter()
    graphs: dict[str, Graph] = {"ontology": ontology, "reference": reference, "KZ": kz.graph}
    states = {"KZ": kz.name}
    for code in synthetic_codes(spec.synthetic_states):
        graphs[code] = synthetic_state(template, code, seed, spec.richness)
        states[code] = f"Synthetic State {code}"
    generation = time.perf_counter() - generate_started
    state_triples = sum(len(g) for n, g in graphs.items() if n not in ("ontology", "reference"))
    equivalents = max(1, round(state_triples / len(kz.graph)))
    # As `forcelaw build` does: its data is left out of garbage collections as it is built.
    with kept_alive() as keep:
        keep()
        parse_started = time.perf_counter()
        kept = []
        for result in build_states([entry] * (equivalents - 1), index, known):
            kept.append(result)
            keep()
        per_profile = time.perf_counter() - parse_started
        # The parsed copies stand in for the states the build writes, which are the synthetic
        # graphs here: free them (a build holds one set), then leave the rest out again.
        del kept
        gc.unfreeze()
        keep()
        results = tuple(replace(kz, code=code) for code in states)
        validation_s, texts = 0.0, None
        if validate is not None:
            validate_started = time.perf_counter()
            texts = validate(Assembled(graphs, results))
            validation_s = time.perf_counter() - validate_started
        write_started = time.perf_counter()
        release = write_release(graphs, out, states, texts=texts)
        write = time.perf_counter() - write_started
    first = generate_started - started
    measured = {
        "size": size,
        "triples": release.manifest["triples"],
        "kz_equivalents": equivalents,
        "build_s": first + per_profile + write,
        "profiles_s": first + per_profile,
        "write_release_s": write,
        "generation_s_untimed": generation,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if validate is not None:
        measured["validation_s"] = validation_s
    return measured, Assembled(graphs, results), release


def whole_stage(size: str, seed: int) -> dict[str, Any]:
    """Run in a child process: the build as a whole, stage by stage, as ``forcelaw build`` runs
    them: the profiles, the validation of their graphs (``validate_and_write``: each graph
    validated and written by one process, then the report and the quality measures, as the
    build makes them), the release written from those texts, then the release's static site,
    its query store loaded meanwhile (the whole is their sum, the store's time within the
    site's; ``build_s`` is the profiles and the writing, as in ``build_stage``)."""
    from forcelaw import release_store
    from forcelaw.publish.pipeline import validate_and_write
    from forcelaw.publish.quality import measure
    from forcelaw.server.render import render_release
    from forcelaw.validate import load_shapes, report_turtle

    outcome: dict[str, Any] = {}

    def validate(assembled: Any) -> Any:
        validation, texts = validate_and_write(assembled, load_shapes())
        # What the build does with the result before it writes: the report and the quality.
        report_turtle(validation)
        warnings = sum(1 for f in validation.findings if f.severity == "Warning")
        states = [assembled.graphs[s.code] for s in assembled.states]
        measure(states, [s.coverage for s in assembled.states], violations=0, warnings=warnings)
        outcome["conforms"] = validation.conforms
        assert not isinstance(texts, str), texts
        return texts

    with tempfile.TemporaryDirectory() as out:
        measured, _, release = _build(size, seed, Path(out), validate)
        measured["conforms"] = outcome["conforms"]
        # The static site, with the query store loaded meanwhile (``query_store_s``, within).
        rendering = render_release(release.path)
        measured["query_store_s"] = rendering.store_seconds
        measured["static_site_s"] = rendering.seconds
        measured["static_site"] = rendering.summary()
        assert release_store.prepared(release.path) is not None, "no query store"
    stages = ("build_s", "validation_s", "static_site_s")
    measured["whole_s"] = sum(measured[stage] for stage in stages)
    measured["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return measured


def validate_stage(states: int, seed: int) -> dict[str, Any]:
    """Run in a child process: validate ontology + reference + KZ + ``states - 1`` synthetic."""
    from bench.generate import KZ_NAMES, Template, synthetic_codes, synthetic_state
    from forcelaw.graph.build import Assembled, ProjectPaths, assemble
    from forcelaw.publish.pipeline import validate_per_graph

    try:
        from forcelaw import validate as validation
    except ImportError:
        return {"states": states, "skipped": "forcelaw.validate is not installed"}
    assembled = assemble(ProjectPaths(ROOT))
    graphs = dict(assembled.graphs)
    template = Template("KZ", graphs["KZ"], KZ_NAMES)
    for code in synthetic_codes(states - 1):
        graphs[code] = synthetic_state(template, code, seed)
    shapes = validation.load_shapes()
    codes = [code for code in graphs if code not in ("ontology", "reference")]
    state_of = {s.code: s for s in assembled.states}
    results = tuple(state_of.get(c) or replace(assembled.states[0], code=c) for c in codes)
    started = time.perf_counter()
    # As `forcelaw build` validates: each state graph beside the shared reference data, the
    # states shared among processes as the build shares them.
    result = validate_per_graph(Assembled(graphs, results), shapes)
    counts: dict[str, int] = {}
    for finding in result.findings:
        key = str(getattr(finding, "severity", "?"))
        counts[key] = counts.get(key, 0) + 1
    return {
        "states": states,
        "triples": sum(len(g) for g in graphs.values()),
        "validation_s": time.perf_counter() - started,
        "conforms": result.conforms,
        "findings": counts,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child(stage: str, value: str, seed: int, timeout: float) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.pipeline", "--stage", stage, value, "--seed", str(seed)]
    try:
        out = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"stage": stage, "value": value, "timed_out_after_s": timeout}
    except subprocess.CalledProcessError as exc:
        return {"stage": stage, "value": value, "error": exc.stderr.decode()[-2000:]}
    result: dict[str, Any] = json.loads(out.stdout.decode().strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="build and validation measurements")
    parser.add_argument("--sizes", default="real,states197,million")
    parser.add_argument("--validate", default="1,2,4,8,197", help="state counts to validate")
    parser.add_argument(
        "--whole",
        default="",
        help="sizes to build as a whole (build, validation, query store, static site)",
    )
    parser.add_argument("--validation-timeout", type=float, default=600.0)
    parser.add_argument("--build-timeout", type=float, default=1800.0)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--stage", nargs=2, metavar=("STAGE", "VALUE"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pipeline.json")
    args = parser.parse_args(argv)
    if args.stage:
        stage, value = args.stage
        stages = {
            "build": lambda: build_stage(value, args.seed),
            "validate": lambda: validate_stage(int(value), args.seed),
            "whole": lambda: whole_stage(value, args.seed),
        }
        result = stages[stage]()
        print(json.dumps(result))
        return 0
    report: dict[str, Any] = {"build": [], "validation": [], "whole": []}
    for size in [s for s in args.sizes.split(",") if s]:
        print(f"build {size} ...", flush=True)
        report["build"].append(child("build", size, args.seed, args.build_timeout))
        print(json.dumps(report["build"][-1]), flush=True)
    for n in [v for v in args.validate.split(",") if v]:
        print(f"validate {n} states ...", flush=True)
        report["validation"].append(child("validate", n, args.seed, args.validation_timeout))
        print(json.dumps(report["validation"][-1]), flush=True)
    for size in [s for s in args.whole.split(",") if s]:
        print(f"whole build {size} ...", flush=True)
        report["whole"].append(child("whole", size, args.seed, args.build_timeout))
        print(json.dumps(report["whole"][-1]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
