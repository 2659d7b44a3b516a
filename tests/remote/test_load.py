"""``forcelaw load``: a release into a real Oxigraph server, graph by graph, idempotently."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from forcelaw.cli import main
from forcelaw.errors import LoadError
from forcelaw.remote.load import load_release_remote
from tests.oxigraph_server import OxigraphServer, require_oxigraph
from tests.server.release_fixture import GRAPH_KZ, GRAPH_REF, write_release

COUNT_ALL = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture()
def oxigraph(tmp_path: Path) -> Iterator[OxigraphServer]:
    server = OxigraphServer(require_oxigraph(), tmp_path / "db", union=False).start()
    yield server
    server.stop()


@pytest.fixture()
def release(tmp_path: Path) -> Path:
    return write_release(tmp_path / "release")


def total(server: OxigraphServer) -> int:
    answer = httpx.post(server.query, data={"query": COUNT_ALL})
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_load_twice_leaves_the_same_store(oxigraph: OxigraphServer, release: Path) -> None:
    first = load_release_remote(release, oxigraph.query, oxigraph.store)
    second = load_release_remote(release, oxigraph.query, oxigraph.store)
    assert first == second
    assert {g.iri: g.found for g in first.graphs} == {GRAPH_KZ: 10, GRAPH_REF: 3}
    assert total(oxigraph) == 13


def test_load_from_graph_files(oxigraph: OxigraphServer, release_dir: Path) -> None:
    """A built release is loaded from its graphs/NAME.ttl, every count checked."""
    report = load_release_remote(release_dir, oxigraph.query, oxigraph.store)
    manifest = json.loads((release_dir / "manifest.json").read_text())
    assert {g.name: g.found for g in report.graphs} == {
        g["name"]: g["triples"] for g in manifest["graphs"]
    }
    assert total(oxigraph) == manifest["triples"]


def test_stale_graphs_of_the_release_go_others_stay(
    oxigraph: OxigraphServer, release: Path
) -> None:
    stale, foreign = "https://w3id.org/forcelaw/id/graph/XX", "http://example.org/mine"
    for graph in (stale, foreign):
        httpx.put(
            oxigraph.store,
            params={"graph": graph},
            content=b"<http://a/s> <http://a/p> <http://a/o> .",
            headers={"Content-Type": "application/n-triples"},
        ).raise_for_status()
    report = load_release_remote(release, oxigraph.query, oxigraph.store)
    assert report.removed == (stale,)
    assert total(oxigraph) == 13 + 1  # the foreign graph is not ours to delete


def test_counts_that_differ_from_the_manifest_fail(oxigraph: OxigraphServer, release: Path) -> None:
    manifest = json.loads((release / "manifest.json").read_text())
    manifest["graphs"][0]["triples"] += 1
    (release / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(LoadError, match=r"graph/KZ> holds 10 triples, the manifest says 11"):
        load_release_remote(release, oxigraph.query, oxigraph.store)


def test_cli_load_and_its_errors(
    oxigraph: OxigraphServer, release: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["load", "--store", oxigraph.query, "--release", str(release)]
    assert main([*args, "--graph-store", oxigraph.store]) == 0
    out = capsys.readouterr().out
    assert "KZ\thttps://w3id.org/forcelaw/id/graph/KZ\t10 triples\tok" in out
    assert "13 triples in 2 graphs" in out
    # Oxigraph's query endpoint is not its graph store: the message says what to give.
    assert main(args) == 1
    assert "--graph-store" in capsys.readouterr().err
    shutil.rmtree(release)
    assert main([*args, "--graph-store", oxigraph.store]) == 1
    assert "manifest.json: cannot read the release manifest" in capsys.readouterr().err


def test_store_down_is_a_clear_error(release: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.oxigraph_server import free_port

    url = f"http://127.0.0.1:{free_port()}/store"
    assert main(["load", "--store", url, "--release", str(release), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"{url}: PUT <{GRAPH_KZ}> failed" in err
