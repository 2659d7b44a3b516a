"""Shared fixtures: project paths, the fixture profiles, and one release built per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from forcelaw.graph.build import ProjectPaths, load_reference
from forcelaw.graph.reference import ReferenceIndex, build_index

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROFILES = FIXTURES / "profiles"
KZ = ROOT / "data" / "sources" / "KZ.txt"


@pytest.fixture(scope="session")
def paths() -> ProjectPaths:
    return ProjectPaths(ROOT)


@pytest.fixture(scope="session")
def reference_index(paths: ProjectPaths) -> ReferenceIndex:
    return build_index(load_reference(paths))


@pytest.fixture(scope="session")
def release_dir(paths: ProjectPaths, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release built from the checkout, once per test session."""
    from forcelaw.publish.pipeline import build

    out = tmp_path_factory.mktemp("dist")
    outcome = build(paths, out)
    return outcome.release.path
