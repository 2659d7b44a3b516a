"""The release: files, manifest, checksums, determinism, atomic publication, golden graph."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from forcelaw.errors import BuildError
from forcelaw.graph.build import ProjectPaths, assemble
from forcelaw.publish import release as release_module
from forcelaw.publish.dumps import canonical_ntriples
from forcelaw.publish.release import write_release
from tests.conftest import FIXTURES, ROOT

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "KZ.nt"


def test_release_files_and_manifest(release_dir: Path) -> None:
    manifest = json.loads((release_dir / "manifest.json").read_text("utf-8"))
    assert manifest["version"] == release_dir.name
    names = {g["name"]: g["triples"] for g in manifest["graphs"]}
    assert set(names) == {"KZ", "metadata", "ontology", "reference"}
    assert manifest["triples"] == sum(names.values())
    listed = {f["path"] for f in manifest["files"]}
    assert {"dataset.nq", "dataset.trig", "graphs/KZ.ttl", "validation-report.ttl"} <= listed
    for entry in manifest["files"]:
        data = (release_dir / entry["path"]).read_bytes()
        assert len(data) == entry["bytes"]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    for graph in manifest["graphs"]:
        parsed = Graph().parse(release_dir / graph["file"], format="turtle")
        assert len(parsed) == graph["triples"], graph["name"]


def test_dumps_agree(release_dir: Path) -> None:
    """Every dump holds the same named graphs, each isomorphic (blank nodes included) to the
    N-Quads' and to its graphs/NAME.ttl; dataset.nt is their union."""
    manifest = json.loads((release_dir / "manifest.json").read_text("utf-8"))
    nquads = _named_graphs(release_dir / "dataset.nq", "nquads")
    assert sum(len(g) for g in nquads.values()) == manifest["triples"]
    for name, format in (("dataset.trig", "trig"), ("dataset.jsonld", "json-ld")):
        other = _named_graphs(release_dir / name, format)
        assert set(other) == set(nquads), name
        for iri, graph in nquads.items():
            assert isomorphic(other[iri], graph), (name, iri)
    for entry in manifest["graphs"]:
        turtle = Graph().parse(release_dir / entry["file"], format="turtle")
        assert isomorphic(turtle, nquads[entry["iri"]]), entry["file"]
    union = Graph()
    for graph in nquads.values():
        union += graph
    assert isomorphic(Graph().parse(release_dir / "dataset.nt", format="nt"), union)


def _named_graphs(path: Path, format: str) -> dict[str, Graph]:
    dataset = Dataset().parse(path, format=format)
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


def test_current_points_at_the_release(release_dir: Path) -> None:
    current = release_dir.parents[1] / "current"
    assert current.is_symlink()
    assert current.resolve() == release_dir.resolve()
    assert not os.path.isabs(os.readlink(current))


def test_kz_graph_matches_golden(paths: ProjectPaths) -> None:
    """A change to the Kazakhstan graph is a reviewed diff of tests/golden/KZ.nt."""
    built = canonical_ntriples(assemble(paths).graphs["KZ"])
    if os.environ.get("FORCELAW_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(built, encoding="utf-8")
    assert GOLDEN.read_text(encoding="utf-8") == built


def test_build_is_deterministic(paths: ProjectPaths, tmp_path: Path) -> None:
    first = assemble(paths).graphs
    second = assemble(paths).graphs
    a = write_release(first, tmp_path / "a", {"KZ": "Kazakhstan"})
    b = write_release(second, tmp_path / "b", {"KZ": "Kazakhstan"})
    assert a.version == b.version
    for name in ("dataset.nq", "dataset.trig", "graphs/KZ.ttl", "graphs/ontology.ttl"):
        assert (a.path / name).read_bytes() == (b.path / name).read_bytes(), name


def test_failed_write_leaves_previous_release(
    paths: ProjectPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graphs = assemble(paths).graphs
    first = write_release(graphs, tmp_path, {"KZ": "Kazakhstan"})
    changed = dict(graphs)
    changed["reference"] = Graph()

    def broken_trig(*_args: object, **_kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(release_module, "trig", broken_trig)
    with pytest.raises(BuildError, match="cannot write the release"):
        write_release(changed, tmp_path, {"KZ": "Kazakhstan"})
    assert (tmp_path / "current").resolve() == first.path.resolve()
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == [first.version]


def test_build_refuses_a_violation_and_keeps_previous(tmp_path: Path) -> None:
    """A checkout whose data violates the shapes publishes nothing."""
    from forcelaw.publish.pipeline import build

    root = tmp_path / "checkout"
    for part in ("ontology", "shapes", "data/reference", "data/sources"):
        (root / part).mkdir(parents=True)
    for part in ("ontology/forcelaw.ttl", "shapes/forcelaw.shapes.ttl"):
        (root / part).write_bytes((ROOT / part).read_bytes())
    for ttl in (ROOT / "data/reference").glob("*.*"):  # the .ttl files and states.tsv
        (root / "data/reference" / ttl.name).write_bytes(ttl.read_bytes())
    (root / "data/sources/XA.txt").write_bytes((FIXTURES / "profiles/XA.txt").read_bytes())
    row = {
        "code": "XA",
        "name": "Arcadia",
        "file": "XA.txt",
        "source_url": "https://example.org/fictional/arcadia",
        "retrieved": "2026-11-25",
    }
    manifest = {"profiles": [row]}
    (root / "data/sources/manifest.json").write_text(json.dumps(manifest), "utf-8")
    out = tmp_path / "dist"
    good = build(ProjectPaths(root), out)
    # a curated file that types a body with a value outside its scheme: a Violation
    (root / "data/curated").mkdir()
    (root / "data/curated/XA.ttl").write_text(
        "@base <https://w3id.org/forcelaw/id/> .\n"
        "@prefix fl: <https://w3id.org/forcelaw/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<body/XA/police> a fl:Body ; rdfs:label "National Police"@en ;\n'
        "    fl:bodyType <scheme/treaty-status/yes> ; fl:state <state/XA> ;\n"
        '    fl:anchor "the National Police" .\n',
        "utf-8",
    )
    manifest["profiles"][0]["curated"] = "../curated/XA.ttl"
    (root / "data/sources/manifest.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(BuildError, match="violates the shapes"):
        build(ProjectPaths(root), out)
    assert (out / "current").resolve() == good.release.path.resolve()
    assert (out / "rejected-validation-report.ttl").is_file()


def test_a_failed_gzip_twin_leaves_previous_release(
    paths: ProjectPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gzip twins are written in threads: a failure in one is still the build's error,
    naming the file, and nothing is published."""
    graphs = assemble(paths).graphs
    first = write_release(graphs, tmp_path, {"KZ": "Kazakhstan"})
    changed = dict(graphs)
    changed["reference"] = Graph()
    real = release_module._write_bytes

    def full_disk(root: Path, relative: str, *args: object, **kwargs: object) -> object:
        if relative == "dataset.nq.gz":
            raise OSError(28, "No space left on device", relative)
        return real(root, relative, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(release_module, "_write_bytes", full_disk)
    with pytest.raises(BuildError, match=r"cannot write the release \(dataset\.nq\.gz\)"):
        write_release(changed, tmp_path, {"KZ": "Kazakhstan"})
    assert (tmp_path / "current").resolve() == first.path.resolve()
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == [first.version]


def test_gzip_twins_are_the_files_gzipped_in_order(release_dir: Path) -> None:
    import gzip

    manifest = json.loads((release_dir / "manifest.json").read_text())
    paths = [f["path"] for f in manifest["files"]]
    for path in [p for p in paths if not p.endswith(".gz")]:
        assert f"{path}.gz" in paths
        twin = (release_dir / f"{path}.gz").read_bytes()
        assert gzip.decompress(twin) == (release_dir / path).read_bytes()
        assert twin == release_module.gzipped((release_dir / path).read_bytes())


def test_the_same_edition_rebuilt_keeps_its_bytes(paths: ProjectPaths, tmp_path: Path) -> None:
    """A rebuild of the same data on the same day is the same edition at the same versioned
    URLs: it keeps the creation time, so no file changes (the time is in the manifest, the
    changelog and changes.ttl, whose checksums the description states)."""
    from forcelaw.publish import editions
    from forcelaw.publish.pipeline import build

    dist = tmp_path / "dist"
    today = datetime.now(UTC).replace(hour=0, minute=0, second=1, microsecond=0)
    first = build(paths, dist, created=today).release
    before = {p.relative_to(first.path): p.read_bytes() for p in _files(first.path)}
    assert editions.kept_creation(dist, first.version) == today
    second = build(paths, dist).release
    assert second.version == first.version
    after = {p.relative_to(second.path): p.read_bytes() for p in _files(second.path)}
    assert after == before
    # A time given explicitly is the edition's own: the files then say it.
    later = today.replace(second=2)
    third = build(paths, dist, created=later).release
    assert third.version == first.version
    assert json.loads((third.path / "manifest.json").read_text("utf-8"))["created"] == (
        later.isoformat()
    )


def test_kept_creation_is_only_an_edition_that_is_there(tmp_path: Path) -> None:
    from forcelaw.publish import editions

    assert editions.kept_creation(tmp_path, "2026-01-01-00000000") is None
    broken = tmp_path / "releases" / "2026-01-01-00000000"
    broken.mkdir(parents=True)
    (broken / "manifest.json").write_text('{"version": "2026-01-01-00000000"}', "utf-8")
    assert editions.kept_creation(tmp_path, "2026-01-01-00000000") is None
    (broken / "manifest.json").write_text(
        '{"version": "another", "created": "2026-01-01T10:00:00+00:00"}', "utf-8"
    )
    assert editions.kept_creation(tmp_path, "2026-01-01-00000000") is None


def _files(release: Path) -> list[Path]:
    return sorted(p for p in release.rglob("*") if p.is_file() and "store" not in p.parts)
