"""The query store a release carries: used only when its mark matches, rebuilt otherwise."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from forcelaw import release_store
from forcelaw.errors import QuerySyntaxError, ReleaseError
from forcelaw.local_query import run_query
from forcelaw.publish.verify import verify_release
from forcelaw.store import Engine, QueryRequest, load_release

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture
def release(release_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / release_dir.name
    shutil.copytree(release_dir, copy, ignore=shutil.ignore_patterns("store", "site"))
    return copy


def _count(store_dir: Path) -> int:
    return _count_of(Engine(store_dir))


def test_prepare_loads_the_dataset_once_and_marks_it(release: Path, tmp_path: Path) -> None:
    assert release_store.prepared(release) is None
    dataset = release_store.prepare(release)
    loaded = load_release(release, tmp_path / "scratch")
    assert dataset == loaded  # the same version and graph sizes as a load at start-up
    assert release_store.prepared(release) == loaded
    mark = json.loads((release / "store" / release_store.MARK_FILE).read_text("utf-8"))
    assert mark["engine"] == release_store.ENGINE
    assert mark["dataset_sha256"] == release_store.expected_mark(release)["dataset_sha256"]
    assert _count(release / "store") == loaded.triples
    staged = [p.name for p in release.iterdir() if p.name.startswith(".store")]
    assert staged == []  # nothing left beside it
    first = (release / "store" / release_store.MARK_FILE).stat().st_mtime_ns
    assert release_store.prepare(release) == loaded  # a matching store is not loaded again
    assert (release / "store" / release_store.MARK_FILE).stat().st_mtime_ns == first


def test_the_store_is_not_a_release_file(release: Path) -> None:
    release_store.prepare(release)
    verify_release(release)  # still the release its manifest describes
    manifest = json.loads((release / "manifest.json").read_text("utf-8"))
    assert not any(f["path"].startswith("store/") for f in manifest["files"])


def test_open_release_links_the_prepared_store(release: Path, tmp_path: Path) -> None:
    dataset = release_store.prepare(release)
    opened = release_store.open_release(release, tmp_path / "scratch")
    store_dir = opened.path
    assert store_dir == tmp_path / "scratch" and opened.dataset == dataset and opened.prebuilt
    names = sorted(p.name for p in (release / "store").iterdir())
    assert sorted(p.name for p in store_dir.iterdir()) == names
    for name in names:  # links, not a load: the same files
        assert (store_dir / name).stat().st_ino == (release / "store" / name).stat().st_ino
    assert _count(store_dir) == dataset.triples


def test_the_opened_store_outlives_a_rebuild_of_the_release(release: Path, tmp_path: Path) -> None:
    dataset = release_store.prepare(release)
    store_dir = release_store.open_release(release, tmp_path / "scratch").path
    shutil.rmtree(release / "store")  # the same edition rebuilt replaces the release's directory
    assert _count(store_dir) == dataset.triples


def test_open_release_without_a_store_loads_into_scratch(release: Path, tmp_path: Path) -> None:
    opened = release_store.open_release(release, tmp_path / "scratch")
    assert opened.path == tmp_path / "scratch" and not opened.prebuilt
    assert _count(opened.path) == opened.dataset.triples
    assert not (release / "store").exists()  # serving never writes into the release


@pytest.mark.parametrize(
    "field, value",
    [
        ("engine", "pyoxigraph 0.0.1"),  # another engine's on-disk format
        ("dataset_sha256", "0" * 64),  # loaded from other data
        ("version", "1999-01-01-00000000"),
        ("layout", 1),  # loaded with random blank-node labels
        ("layout", None),  # a store marked before layouts were
    ],
)
def test_a_store_that_does_not_match_is_not_used(
    release: Path, tmp_path: Path, field: str, value: object
) -> None:
    release_store.prepare(release)
    mark_path = release / "store" / release_store.MARK_FILE
    mark = json.loads(mark_path.read_text("utf-8"))
    changed = {k: v for k, v in {**mark, field: value}.items() if v is not None}
    mark_path.write_text(json.dumps(changed), encoding="utf-8")
    assert release_store.prepared(release) is None
    assert not release_store.open_release(release, tmp_path / "scratch").prebuilt
    dataset = release_store.prepare(release)  # the build replaces it
    assert release_store.prepared(release) == dataset
    assert json.loads(mark_path.read_text("utf-8"))[field] != value


@pytest.mark.parametrize("mark", ["", "{not json", "[]", '{"graphs": 3}'])
def test_a_broken_mark_is_not_used(release: Path, mark: str) -> None:
    release_store.prepare(release)
    (release / "store" / release_store.MARK_FILE).write_text(mark, encoding="utf-8")
    assert release_store.prepared(release) is None


def test_a_store_without_its_mark_is_not_used(release: Path) -> None:
    release_store.prepare(release)
    (release / "store" / release_store.MARK_FILE).unlink()  # e.g. a load cut short
    assert release_store.prepared(release) is None


def test_a_release_without_a_manifest_is_refused(release: Path, tmp_path: Path) -> None:
    (release / "manifest.json").unlink()
    with pytest.raises(ReleaseError, match="manifest"):
        release_store.open_release(release, tmp_path / "scratch")


def test_query_command_reads_the_prepared_store(release: Path) -> None:
    before = run_query(release, COUNT, "csv")
    release_store.prepare(release)
    assert run_query(release, COUNT, "csv") == before


@pytest.mark.parametrize("prepared_first", [True, False])
def test_the_server_opens_the_release_store(
    release: Path, tmp_path: Path, prepared_first: bool
) -> None:
    import httpx

    from tests.server.conftest import serving

    if prepared_first:
        release_store.prepare(release)
    expected = load_release(release, tmp_path / "scratch").triples
    with serving(release, tmp_path, "--workers", "1") as server:
        response = httpx.get(
            server.url + "/sparql",
            params={"query": COUNT},
            headers={"Accept": "application/sparql-results+json"},
        )
    count = int(response.json()["results"]["bindings"][0]["n"]["value"])
    assert count == expected
    log = (tmp_path / "server.log").read_text()
    said = "its prebuilt store" if prepared_first else "loaded at start-up"
    assert said in log, log
    assert (release / "store").exists() is prepared_first  # serving never writes one


BLANK = re.compile(r"(?:^| )_:([A-Za-z0-9]+) ")


def _blank_labels(engine: Engine) -> set[str]:
    query = (
        "SELECT DISTINCT ?b WHERE { GRAPH ?g { { ?b ?p ?o } UNION { ?s ?p ?b } } "
        "FILTER isBlank(?b) }"
    )
    body = engine.run(QueryRequest(query, "json", 100_000, 1 << 30)).body
    return {row["b"]["value"] for row in json.loads(body)["results"]["bindings"]}


def test_both_stores_name_blank_nodes_as_the_dataset_file_does(
    release: Path, tmp_path: Path
) -> None:
    """The server's on-disk store and the renderer's in-memory one keep ``dataset.nq``'s labels
    (a bulk load would give new random ones each time), so their documents are the same bytes."""
    text = (release / "dataset.nq").read_text("utf-8")
    in_file = {m.group(1) for line in text.splitlines() for m in BLANK.finditer(line)}
    assert in_file, "the checkout's release has blank nodes (the ontology's lists)"
    load_release(release, tmp_path / "store")
    assert _blank_labels(Engine(tmp_path / "store")) == in_file
    assert _blank_labels(Engine.in_memory(release / "dataset.nq")) == in_file


def test_a_damaged_dataset_is_a_release_error_in_memory_too(tmp_path: Path) -> None:
    broken = tmp_path / "dataset.nq"
    broken.write_text("<a:s> <a:p> .\n", encoding="utf-8")
    with pytest.raises(ReleaseError, match=r"dataset\.nq"):
        Engine.in_memory(broken)


def test_an_in_memory_engine_never_executes_an_update(release: Path) -> None:
    """Only a read-only store can be asked to parse an update safely (it refuses to write);
    the renderer's in-memory store would run it, so it reports the query parser's error."""
    engine = Engine.in_memory(release / "dataset.nq")
    before = _count_of(engine)
    update = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> <urn:x:o> } }"
    with pytest.raises(QuerySyntaxError):
        engine.run(QueryRequest(update, "json", 10, 1 << 20))
    assert _count_of(engine) == before


def _count_of(engine: Engine) -> int:
    body = engine.run(QueryRequest(COUNT, "json", 10, 1 << 20)).body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
