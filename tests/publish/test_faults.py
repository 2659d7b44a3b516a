"""Faults while publishing: SIGKILL at random points of the write, a full disk, a size-limited
file. Whatever happens, ``current`` names a complete release that verifies and loads, and no
half-written file is ever in a published release directory."""

from __future__ import annotations

import contextlib
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from forcelaw.errors import BuildError
from forcelaw.graph.build import ProjectPaths, assemble
from forcelaw.publish.release import write_release
from forcelaw.publish.verify import verify_release
from forcelaw.store import Engine, QueryRequest, load_release
from tests.conftest import ROOT

# Assembles the checkout's graphs (plus one triple naming the variant, so that variants are
# different editions; variant 0 is the edition the test published first), says so on stdout,
# then writes the release: the parent kills it somewhere in the write.
HARNESS = """
import sys
from pathlib import Path
from rdflib import Literal, URIRef
from forcelaw.errors import ForcelawError
from forcelaw.graph.build import ProjectPaths, assemble
from forcelaw.publish.release import write_release
root, out, variant = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
graphs = assemble(ProjectPaths(root)).graphs
if variant:
    graphs["reference"].add(
        (URIRef("urn:x-test:run"), URIRef("urn:x-test:variant"), Literal(variant))
    )
print("writing", flush=True)
try:
    write_release(graphs, out, {"KZ": "Kazakhstan"})
except ForcelawError as exc:
    print(f"forcelaw: error: {exc}", file=sys.stderr)
    sys.exit(2)
print("done", flush=True)
"""


@dataclass
class KillReport:
    tried: int = 0
    killed: int = 0
    completed: int = 0
    delays: list[float] = field(default_factory=list)
    write_seconds: float = 0.0


def harness(out: Path, variant: int, **popen: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", HARNESS, str(ROOT), str(out), str(variant)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,  # type: ignore[call-overload]
    )


@contextlib.contextmanager
def reaped(process: subprocess.Popen[str]) -> Iterator[subprocess.Popen[str]]:
    """``process``, killed if still running when the block ends (a failed assertion leaves no
    build writing on behind the test), waited for and its pipes closed."""
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        for pipe in (process.stdout, process.stderr):
            if pipe is not None:
                pipe.close()


def assert_published_state_is_whole(out: Path) -> Path:
    """`current` is a complete release that loads and answers; every published one verifies."""
    current = (out / "current").resolve()
    assert current.is_dir(), f"current points at nothing: {os.readlink(out / 'current')}"
    verify_release(current)
    for release in (out / "releases").iterdir():
        if not release.name.startswith("."):  # staging, twin, retired: never published
            verify_release(release)
    with tempfile.TemporaryDirectory() as tmp:
        load_release(current, Path(tmp) / "store")
        engine = Engine(Path(tmp) / "store")
        answer = engine.run(
            QueryRequest(
                "ASK { ?s a <https://w3id.org/forcelaw/ontology#State> }", "json", 10, 10**6
            )
        )
        assert b"true" in answer.body
        del engine
    return current


def kill_during_writes(out: Path, runs: int, seed: int, min_kills: int = 1) -> KillReport:
    """``runs`` builds (more, until ``min_kills``): the first is timed writing a new edition to
    the end, each later one is SIGKILLed at a random moment of its write (the same edition
    again, or a new one) unless it finished first. A write that finished first is timed too, and
    the moments are drawn within the shortest write seen: on a busy machine the first write was
    slower than the next three, and none of them was killed."""
    rng = random.Random(seed)
    report = KillReport()
    write_seconds = 0.0
    shortest = 0.0
    most = max(2 * runs, runs + 4 * min_kills)
    run = -1
    while run + 1 < runs or (report.killed < min_kills and run + 1 < most):
        run += 1
        variant = 1000 + run if run == 0 else rng.choice([0, run])
        with reaped(harness(out, variant)) as process:
            assert process.stdout is not None and process.stderr is not None
            assert process.stdout.readline().strip() == "writing"
            started = time.perf_counter()
            report.tried += 1
            if run == 0:
                process.wait(120)
                write_seconds = shortest = time.perf_counter() - started
            else:
                delay = rng.uniform(0.0, 0.95 * shortest)
                try:
                    process.wait(delay)
                except subprocess.TimeoutExpired:
                    process.send_signal(signal.SIGKILL)
                    report.killed += 1
                    report.delays.append(delay)
                else:
                    shortest = min(shortest, time.perf_counter() - started)
            process.wait(120)
            errors = process.stderr.read()
            if process.returncode == 0:
                report.completed += 1
            else:
                assert process.returncode == -signal.SIGKILL, errors
        assert_published_state_is_whole(out)
    report.write_seconds = write_seconds
    return report


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A release directory with one good release (variant 0) in it; copied per test."""
    out = tmp_path_factory.mktemp("faults") / "dist"
    write_release(assemble(ProjectPaths(ROOT)).graphs, out, {"KZ": "Kazakhstan"})
    yield out


def copy_of(published: Path, tmp_path: Path) -> Path:
    out = tmp_path / "dist"
    shutil.copytree(published, out, symlinks=True)
    return out


def test_sigkill_during_the_write_never_publishes_a_partial_release(
    published: Path, tmp_path: Path
) -> None:
    out = copy_of(published, tmp_path)
    report = kill_during_writes(out, runs=2, seed=7, min_kills=1)
    print(
        f"build SIGKILLed {report.killed}/{report.tried} times mid-write (at "
        f"{', '.join(f'{d:.2f}' for d in report.delays)} s of a {report.write_seconds:.2f} s "
        f"write), {report.completed} completed; current always whole"
    )
    assert report.killed >= 1


@pytest.mark.stress
def test_sigkill_during_the_write_repeated(published: Path, tmp_path: Path) -> None:
    out = copy_of(published, tmp_path)
    seed = int(os.environ.get("FORCELAW_SEED", "2026"))
    report = kill_during_writes(out, runs=25, seed=seed, min_kills=12)
    print(
        f"build SIGKILLed {report.killed}/{report.tried} times mid-write (a "
        f"{report.write_seconds:.2f} s write), {report.completed} completed; current always whole"
    )
    assert report.killed >= 12


def test_size_limited_file_is_a_clear_error_and_the_old_release_stays(
    published: Path, tmp_path: Path
) -> None:
    """RLIMIT_FSIZE: a write past 256 KiB fails (EFBIG) in the middle of the release."""
    out = copy_of(published, tmp_path)
    before = (out / "current").resolve()

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))

    with reaped(harness(out, 99, preexec_fn=limit)) as process:
        _stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 2, stderr
    assert "cannot write the release" in stderr and "File too large" in stderr, stderr
    assert "previous release is unchanged" in stderr
    assert (out / "current").resolve() == before
    assert_published_state_is_whole(out)
    assert not [p.name for p in (out / "releases").iterdir() if p.name.startswith(".staging")]


@contextlib.contextmanager
def small_tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({mounted.stderr.strip()})")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_disk_full_is_a_clear_error_and_the_old_release_stays(
    published: Path, tmp_path: Path
) -> None:
    """A real ENOSPC: a 4 MiB tmpfs holds one release (about 2.5 MB) but not two."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    graphs = assemble(ProjectPaths(ROOT)).graphs
    with small_tmpfs(tmp_path / "disk", "4m") as disk:
        out = disk / "dist"
        first = write_release(graphs, out, {"KZ": "Kazakhstan"})
        changed = dict(graphs)
        bigger = changed["reference"] = graphs["reference"] + Graph()  # a copy, one triple more
        bigger.add((URIRef("urn:x-test:run"), URIRef("urn:x-test:variant"), Literal(1)))
        with pytest.raises(BuildError) as caught:
            write_release(changed, out, {"KZ": "Kazakhstan"})
        message = str(caught.value)
        print(f"disk full: {message}")
        assert "No space left on device" in message and "previous release is unchanged" in message
        assert "(" in message and ")" in message  # names the file it was writing
        assert (out / "current").resolve() == first.path.resolve()
        assert_published_state_is_whole(out)
        assert sorted(p.name for p in (out / "releases").iterdir()) == [first.version]


def test_a_build_still_running_when_its_test_fails_is_killed_and_reaped() -> None:
    sleeper = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with pytest.raises(AssertionError, match="failed meanwhile"), reaped(sleeper):
        raise AssertionError("failed meanwhile")
    assert sleeper.returncode == -signal.SIGKILL
    assert sleeper.stdout is not None and sleeper.stdout.closed
