"""The static rendering: written at build from the app itself, served as files, exported."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest
from fastapi.testclient import TestClient

from forcelaw import release_store
from forcelaw.cli import main
from forcelaw.server.app import create_app
from forcelaw.server.export_site import _twin, relative_links
from forcelaw.server.render import (
    BUDGET,
    InProcessStore,
    Job,
    Rendering,
    gzip_twin,
    pack_names,
    release_date,
    render_job,
    render_release,
)
from forcelaw.server.resources import DOCUMENT_FORMATS
from forcelaw.server.settings import Settings
from forcelaw.store import DatasetInfo, Engine, load_release
from tests.server.conftest import Built
from tests.server.release_fixture import STATE

STATE_PATH = "/id/" + STATE.rsplit("/id/", 1)[1]


@pytest.fixture(scope="module")
def rendered(
    loaded: tuple[Path, Path, DatasetInfo], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Rendering]:
    release = tmp_path_factory.mktemp("static") / "release"
    shutil.copytree(loaded[0], release)
    return release, render_release(release)


def _client(release: Path, tmp: Path, **overrides: object) -> Iterator[TestClient]:
    dataset = load_release(release, tmp / "store")
    settings = Settings(release=release, **overrides)  # type: ignore[arg-type]
    app = create_app(settings, InProcessStore(tmp / "store", dataset))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client


@pytest.fixture()
def served(rendered: tuple[Path, Rendering], tmp_path: Path) -> Iterator[TestClient]:
    yield from _client(rendered[0], tmp_path)


def test_rendering_covers_documents_in_every_format(rendered: tuple[Path, Rendering]) -> None:
    release, rendering = rendered
    index = json.loads((release / "site" / "index.json").read_text())
    files = index["files"]
    for suffix in ("html", "ttl", "nt", "jsonld", "rdf", "trig", "nq"):
        assert f"{STATE_PATH[1:]}.{suffix}" in files
        assert (release / "site" / f"{STATE_PATH[1:]}.{suffix}.gz").is_file()
    # The fixture release has no ontology or metadata graph: those documents are 404, not files.
    assert {"index.html", "shapes.html", "shapes.ttl", "context.jsonld"} <= set(files)
    assert "ontology.html" not in files
    assert rendering.complete and rendering.files == len(files)
    assert rendering.bytes == sum(f["bytes"] for f in files.values())


def test_variants_with_the_same_bytes_are_told_apart_by_their_etags(
    served: TestClient, rendered: tuple[Path, Rendering]
) -> None:
    """A resource's N-Triples and N-Quads (Turtle and TriG) are the same bytes: a cache that
    revalidates the URI with the tag it holds for one must not get a 304 for the other."""
    site = rendered[0] / "site"
    for first, second in (("nt", "nq"), ("ttl", "trig")):
        same = (site / f"{STATE_PATH[1:]}.{first}").read_bytes()
        assert same == (site / f"{STATE_PATH[1:]}.{second}").read_bytes()
        accept = {
            s: next(f.media_type for f in DOCUMENT_FORMATS if f.suffix == s)
            for s in (first, second)
        }
        for encoding in ("identity", "gzip"):
            held = served.get(
                STATE_PATH, headers={"Accept": accept[first], "Accept-Encoding": encoding}
            )
            asked = {"Accept": accept[second], "Accept-Encoding": encoding}
            other = served.get(STATE_PATH, headers=asked)
            assert held.headers["etag"] != other.headers["etag"]
            again = served.get(STATE_PATH, headers={**asked, "If-None-Match": held.headers["etag"]})
            assert again.status_code == 200
            assert again.headers["content-type"].startswith(accept[second])
            own = served.get(STATE_PATH, headers={**asked, "If-None-Match": other.headers["etag"]})
            assert own.status_code == 304


def test_static_file_served_with_strong_etag_and_304(
    served: TestClient, rendered: tuple[Path, Rendering]
) -> None:
    release = rendered[0]
    body = (release / "site" / f"{STATE_PATH[1:]}.ttl").read_bytes()
    response = served.get(STATE_PATH + ".ttl", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200 and response.content == body
    etag = response.headers["etag"]
    assert etag == f'"{hashlib.sha256(body).hexdigest()[:32]}-ttl"'
    assert response.headers["last-modified"] == "Wed, 01 Jan 2025 00:00:00 GMT"
    assert "max-age" in response.headers["cache-control"]
    assert "accept-encoding" in response.headers["vary"].lower()
    again = served.get(STATE_PATH + ".ttl", headers={"If-None-Match": etag, "Accept-Encoding": ""})
    assert again.status_code == 304 and again.content == b""
    since = served.get(
        STATE_PATH + ".ttl",
        headers={"If-Modified-Since": response.headers["last-modified"], "Accept-Encoding": ""},
    )
    assert since.status_code == 304


def test_gzip_twin_for_clients_that_accept_it(served: TestClient) -> None:
    plain = served.get(STATE_PATH + ".html", headers={"Accept-Encoding": "identity"})
    packed = served.get(STATE_PATH + ".html", headers={"Accept-Encoding": "br, gzip"})
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.content == plain.content  # httpx decoded it
    assert packed.headers["etag"] != plain.headers["etag"]
    refused = served.get(STATE_PATH + ".html", headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers


def test_negotiated_answer_keeps_the_document_headers(served: TestClient) -> None:
    response = served.get(STATE_PATH, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/n-triples")
    assert response.headers["content-location"] == STATE_PATH + ".nt"
    assert {"accept", "accept-encoding"} <= {
        v.strip().lower() for v in response.headers["vary"].split(",")
    }
    assert 'rel="alternate"' in response.headers["link"]


def test_every_file_of_the_site_is_dated_the_release(rendered: tuple[Path, Rendering]) -> None:
    """A static host's Last-Modified is a file's mtime: each document (dated as it is written),
    its gzip twin, the packs and the index carry the release's creation time."""
    release, _ = rendered
    when = release_date(release)
    assert when is not None
    dates = {
        path.relative_to(release): path.stat().st_mtime
        for path in (release / "site").rglob("*")
        if path.is_file()
    }
    assert len(dates) > 20 and Path("site/index.json") in dates
    assert {path for path, mtime in dates.items() if mtime != when} == set()


def test_static_equals_on_demand(rendered: tuple[Path, Rendering], tmp_path: Path) -> None:
    release = rendered[0]
    for client in _client(release, tmp_path):
        client.app.state.site.memo["static"] = {}  # type: ignore[attr-defined]
        for suffix in ("ttl", "nt", "rdf", "html"):
            fresh = client.get(f"{STATE_PATH}.{suffix}").content
            static = (release / "site" / f"{STATE_PATH[1:]}.{suffix}").read_bytes()
            if suffix == "html":  # absolute URLs name the published site instead of the host
                fresh = fresh.replace(b"http://127.0.0.1/", b"https://w3id.org/forcelaw/")
                fresh = re.sub(rb"\d+(\.\d+)? ms", b"", fresh)
                static = re.sub(rb"\d+(\.\d+)? ms", b"", static)
            assert fresh == static, suffix


@pytest.mark.parametrize(
    "entry", [None, "a string", {"sha256": "ab"}, {"sha256": 1, "content_type": "text/turtle"}]
)
def test_a_damaged_index_entry_is_rendered_by_the_view(
    rendered: tuple[Path, Rendering], tmp_path: Path, entry: object
) -> None:
    release = rendered[0]
    for client in _client(release, tmp_path):
        files = client.app.state.site.memo["static"]  # type: ignore[attr-defined]
        name = f"{STATE_PATH[1:]}.ttl"
        kept = files[name]
        files[name] = entry
        try:
            response = client.get(STATE_PATH + ".ttl")
        finally:
            files[name] = kept
        assert response.status_code == 200
        assert response.headers["etag"].startswith('W/"')  # the view's own, not the file's
        assert response.content == (release / "site" / name).read_bytes()


def test_every_document_is_in_its_packs_as_in_its_files(rendered: tuple[Path, Rendering]) -> None:
    """A document's body and gzip twin are in the packs of its format, at the offsets the index
    gives, the same bytes as its files; a pack holds its documents end to end, nothing else."""
    site = rendered[0] / "site"
    files = _index(rendered[0])
    ends: dict[str, int] = {}
    for name, info in files.items():
        job, offset, gzip_offset = info["pack"]
        plain, gzipped = pack_names(name, job)
        suffix = name.rsplit(".", 1)[-1]
        assert (plain, gzipped) == (f"packs/{job}-{suffix}.pack", f"packs/{job}-{suffix}-gzip.pack")
        for pack, start, size, file in (
            (plain, offset, info["bytes"], name),
            (gzipped, gzip_offset, info["gzip_bytes"], name + ".gz"),
        ):
            with open(site / pack, "rb") as handle:
                handle.seek(start)
                assert handle.read(size) == (site / file).read_bytes(), (name, pack)
            ends[pack] = ends.get(pack, 0) + size
    for pack, length in ends.items():
        assert (site / pack).stat().st_size == length, pack  # nothing else in a pack
    jobs = {info["pack"][0] for info in files.values()}
    assert len(ends) == len(jobs) * 2 * 7  # each process a pack per format and encoding


def test_every_index_entry_names_its_files_hash_and_sizes(
    rendered: tuple[Path, Rendering],
) -> None:
    """The index's SHA-256 and sizes are those of each file and its gzip twin, for documents
    whose bytes another format shares (TriG and Turtle, N-Quads and N-Triples: their twin and
    hash are made once) as for the others."""
    site = rendered[0] / "site"
    files = _index(rendered[0])
    shared = 0
    for name, info in files.items():
        body, twin = (site / name).read_bytes(), (site / (name + ".gz")).read_bytes()
        assert info["sha256"] == hashlib.sha256(body).hexdigest(), name
        assert (info["bytes"], info["gzip_bytes"]) == (len(body), len(twin)), name
        assert gzip.decompress(twin) == body, name
        if name.endswith(".trig") and (site / name.replace(".trig", ".ttl")).read_bytes() == body:
            shared += 1
    assert shared > 0  # the case the writer's memo serves occurs in the fixture


def _served_bodies(release: Path, tmp: Path, name: str) -> tuple[bytes, bytes, bytes]:
    """The document ``name`` (``id/....ttl``) as the server answers it: through the fast path
    (plain and gzip) and through the view (the fast path off)."""
    bodies = []
    for fast in (True, False):
        folder = tmp / str(fast)
        folder.mkdir(parents=True)
        for client in _client(release, folder, fast_path=fast):
            encodings = ("identity", "gzip") if fast else ("identity",)
            for encoding in encodings:
                response = client.get("/" + name, headers={"Accept-Encoding": encoding})
                assert response.status_code == 200
                assert not response.headers["etag"].startswith('W/"')  # the static document
                bodies.append(response.content)
    return bodies[0], bodies[1], bodies[2]


def test_the_server_reads_documents_from_the_packs(
    rendered: tuple[Path, Rendering], tmp_path: Path
) -> None:
    """With a document's files gone the server still answers it, from the packs, the same bytes;
    with the packs gone it answers from the files."""
    release = _rendered_copy(rendered, tmp_path)
    shutil.copytree(rendered[0] / "site", release / "site")
    name = f"{STATE_PATH[1:]}.ttl"
    body = (release / "site" / name).read_bytes()
    (release / "site" / name).unlink()
    (release / "site" / (name + ".gz")).unlink()
    assert _served_bodies(release, tmp_path / "packs", name) == (body, body, body)
    shutil.copy(rendered[0] / "site" / name, release / "site" / name)
    shutil.copy(rendered[0] / "site" / (name + ".gz"), release / "site" / (name + ".gz"))
    shutil.rmtree(release / "site" / "packs")
    assert _served_bodies(release, tmp_path / "files", name) == (body, body, body)


@pytest.mark.parametrize(
    "entry",
    [
        None,
        "0 0 0",
        [0, 0],
        [0, 10**9, 10**9],  # past the end of the packs
        [0, 2**62, 2**62],
        [9, 0, 0],  # no such packs
        [-1, 0, 0],
        [0, -5, 0],
        [0, "0", 0],
        [True, 0, 0],
        [10**6, 0, 0],
        [0.0, 0, 0],
    ],
)
def test_a_damaged_pack_entry_is_read_from_the_file(
    rendered: tuple[Path, Rendering], tmp_path: Path, entry: object
) -> None:
    release = rendered[0]
    name = f"{STATE_PATH[1:]}.ttl"
    for client in _client(release, tmp_path):
        files = client.app.state.site.memo["static"]  # type: ignore[attr-defined]
        kept = files[name]
        files[name] = {**kept, "pack": entry}
        try:
            body = (release / "site" / name).read_bytes()
            for encoding in ("identity", "gzip"):
                response = client.get(STATE_PATH + ".ttl", headers={"Accept-Encoding": encoding})
                assert response.status_code == 200
                assert response.headers["etag"].startswith(f'"{kept["sha256"][:32]}')
                zipped = response.headers.get("content-encoding") == "gzip"
                assert zipped == (encoding == "gzip")
                assert response.content == body  # httpx decoded the gzip twin
        finally:
            files[name] = kept


@pytest.mark.parametrize("size", [10**15, 2**62])
def test_a_wrong_size_in_the_index_reads_the_whole_file(
    rendered: tuple[Path, Rendering], tmp_path: Path, size: int
) -> None:
    """A document whose index entry gives sizes its pack cannot hold is read whole from its
    file, without a buffer of the size the entry claims. (The index and the packs are written
    together: within a pack, the index's offsets and sizes are what the pack holds.)"""
    release = rendered[0]
    name = f"{STATE_PATH[1:]}.ttl"
    body = (release / "site" / name).read_bytes()
    for client in _client(release, tmp_path):
        files = client.app.state.site.memo["static"]  # type: ignore[attr-defined]
        kept = files[name]
        files[name] = {**kept, "bytes": size, "gzip_bytes": size}
        try:
            for encoding in ("identity", "gzip"):
                response = client.get(STATE_PATH + ".ttl", headers={"Accept-Encoding": encoding})
                assert response.status_code == 200 and response.content == body, encoding
        finally:
            files[name] = kept


def test_the_rendering_leaves_the_query_store_in_the_release(
    rendered: tuple[Path, Rendering],
) -> None:
    """The rendering loads the query store while its processes render; they read the dataset
    in memory and take what it holds from there, which is what the store holds."""
    from forcelaw import release_store

    stored = release_store.prepared(rendered[0])
    assert stored is not None
    assert Engine.in_memory(rendered[0] / "dataset.nq").dataset(stored.version) == stored


def test_remote_mode_renders_on_demand(rendered: tuple[Path, Rendering], tmp_path: Path) -> None:
    for client in _client(rendered[0], tmp_path, store="http://127.0.0.1:9/sparql"):
        response = client.get(STATE_PATH + ".ttl")
        assert response.status_code == 200
        assert response.headers["etag"].startswith('W/"')  # the view's own, not the file's


def test_export_site_is_browsable_over_http_server(
    rendered: tuple[Path, Rendering], tmp_path: Path
) -> None:
    out = tmp_path / "www"
    assert main(["export-site", str(out), "--release", str(rendered[0])]) == 0
    assert (out / ".htaccess").is_file() and (out / "static" / "site.css").is_file()
    page = (out / STATE_PATH[1:]).with_suffix(".html").read_text()
    assert 'href="/' not in page and 'src="/' not in page
    server = subprocess.Popen(  # on a port of the system's choosing, which it prints once bound
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
        cwd=out,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        serving = server.stdout.readline()  # "Serving HTTP on 127.0.0.1 port N (...) ...", or EOF
        bound = re.search(r" port ([0-9]+) ", serving)
        assert bound, f"http.server did not start: {serving!r}"
        root = f"http://127.0.0.1:{bound[1]}/"
        seen: set[str] = set()
        queue = [root + "index.html"]
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            response = httpx.get(url, timeout=5)
            assert response.status_code == 200, url
            if url.endswith(".html"):
                for link in re.findall(r'(?:href|src)="([^"#]+)', response.text):
                    if not link.startswith(("http:", "https:", "mailto:")):
                        queue.append(urljoin(url, link))
        assert root + STATE_PATH[1:] + ".html" in seen
        assert any(u.endswith(".ttl") for u in seen)
    finally:
        server.terminate()
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stdout is not None:
            server.stdout.close()


def test_every_exported_file_has_a_twin_of_its_own_bytes(
    rendered: tuple[Path, Rendering], tmp_path: Path
) -> None:
    """The twins of the rewritten pages are compressed again, the others' come from the
    release, and each decompresses to the bytes of the file it stands beside."""
    out = tmp_path / "www"
    assert main(["export-site", str(out), "--release", str(rendered[0])]) == 0
    site = rendered[0] / "site"
    files = [p for p in out.rglob("*") if p.is_file() and p.suffix != ".gz"]
    files = [p for p in files if "static" not in p.relative_to(out).parts and p.name != ".htaccess"]
    assert len(files) == rendered[1].files
    for path in files:
        twin = path.with_name(path.name + ".gz").read_bytes()
        assert gzip.decompress(twin) == path.read_bytes(), path
        if path.suffix != ".html":  # not rewritten: the release's twin itself
            assert twin == (site / path.relative_to(out)).with_name(path.name + ".gz").read_bytes()


@pytest.mark.parametrize(
    "damage",
    ["missing", "empty", "truncated", "other bytes", "trailing junk", "not gzip"],
)
def test_a_damaged_twin_in_the_release_is_compressed_again(tmp_path: Path, damage: str) -> None:
    data = b"<https://w3id.org/forcelaw/id/state/KZ> a <x:State> .\n" * 50
    twin = tmp_path / "doc.nt.gz"
    good = gzip_twin(data)
    damaged = {
        "empty": b"",
        "truncated": good[: len(good) // 2],
        "other bytes": gzip_twin(data + b"#"),
        "trailing junk": good + b"junk",
        "not gzip": data,
    }
    if damage != "missing":
        twin.write_bytes(damaged[damage])
    assert _twin(twin, data) is None
    twin.write_bytes(good)
    assert _twin(twin, data) == good


def test_gzip_twin_is_reproducible_gzip() -> None:
    body = "Kazakhstan · Қазақстан\n".encode() * 1000
    packed = gzip_twin(body)
    assert packed == gzip_twin(body) and gzip.decompress(packed) == body
    assert packed[:2] == b"\x1f\x8b" and packed[4:8] == b"\0\0\0\0"  # gzip, no time
    assert len(packed) < len(body) // 10


def test_relative_links_rewrite() -> None:
    files = {"id/state/KZ.html", "id/treaty/cat.html", "ontology.html", "id/state/KZ.ttl"}
    html = (
        b'<a href="/">i</a><a href="/id/treaty/cat">t</a><a href="/id/state/KZ.ttl">x</a>'
        b'<a href="/ontology#State">o</a><a href="/sparql">q</a><a href="/id/state/KZ?page=2">p</a>'
        b'<link href="/static/site.css">'
    )
    out = relative_links(html, "id/state/KZ.html", files, "https://w3id.org/forcelaw/")
    assert out == (
        b'<a href="../../index.html">i</a><a href="../treaty/cat.html">t</a>'
        b'<a href="KZ.ttl">x</a><a href="../../ontology.html#State">o</a>'
        b'<a href="https://w3id.org/forcelaw/sparql">q</a>'
        b'<a href="https://w3id.org/forcelaw/id/state/KZ?page=2">p</a>'
        b'<link href="../../static/site.css">'
    )
    assert gzip.decompress(gzip.compress(out)) == out


def _rendered_copy(rendered: tuple[Path, Rendering], tmp: Path) -> Path:
    release = tmp / "release"
    shutil.copytree(rendered[0], release, ignore=shutil.ignore_patterns("site"))
    return release


def _index(release: Path) -> dict[str, dict[str, object]]:
    files: dict[str, dict[str, object]] = json.loads((release / "site" / "index.json").read_text())[
        "files"
    ]
    return files


def test_the_resources_are_those_the_store_lists(built: Built) -> None:
    """``resource_paths`` reads the dataset's file: it finds what ``RESOURCES`` asks the store
    (every IRI under the base in a named graph, as subject or object)."""
    from forcelaw.server import render
    from forcelaw.urls import Urls

    base = render._base(built.release)
    urls = Urls(base)
    expected = set()
    for row in render.InProcessStore(built.store, built.dataset).select(render.RESOURCES % base):
        path = urls.resource_path(row["r"]["value"])
        if path is not None and path.startswith("/id/") and len(path) > len("/id/"):
            expected.add(path)
    assert len(expected) > 200
    assert render.resource_paths(built.release / "dataset.nq", base) == expected


def test_the_view_answers_what_the_app_does(built: Built) -> None:
    """The renderer asks the view of a resource directly (``view_get``), not the app through its
    middleware and router (``asgi_get``): every resource of the checkout's release, in every
    format, must come out the same, and what is not a document must not come out of either."""
    import asyncio

    from forcelaw.server import render
    from forcelaw.server.render import RenderingStore, asgi_get, view_get

    store = RenderingStore(built.store, built.dataset)
    base = render._base(built.release)
    resources = sorted(render.resource_paths(built.release / "dataset.nq", base))
    assert len(resources) > 200
    paths = [f"{r}.{fmt.suffix}" for r in resources for fmt in (render.HTML, *render.GRAPH_FORMATS)]
    paths += [
        resources[0] + "-missing.ttl",  # no such resource: 404 from both
        resources[0] + "-missing.html",
        "/id/state/K%3EZ.ttl",  # not an IRI this dataset mints
        resources[0] + ".pdf",  # no such format
    ]
    settings = Settings(release=built.release, answer_cache_bytes=0, document_cache_bytes=0)

    def timeless(answer: tuple[int, str, bytes]) -> tuple[int, str, bytes]:
        status, content_type, body = answer  # a page says how long its queries took
        return status, content_type, re.sub(rb"\d+(\.\d+)? ms", b"", body)

    async def compare() -> int:
        app = create_app(settings, store)
        app.state.site.memo["static"] = {}
        documents = 0
        async with app.router.lifespan_context(app):
            for path in paths:
                via_app = timeless(await asgi_get(app, path))
                via_view = timeless(await view_get(app, path))
                if via_app[0] != 200:
                    assert via_view[0] != 200, path
                    continue
                assert via_view == via_app, path
                documents += 1
        return documents

    assert asyncio.run(compare()) == len(resources) * 7


def test_one_process_renders_what_two_do(rendered: tuple[Path, Rendering], tmp_path: Path) -> None:
    shared = rendered[0]
    alone = _rendered_copy(rendered, tmp_path)
    rendering = render_release(alone, workers=1)
    assert render_release(_rendered_copy(rendered, tmp_path / "2"), workers=2).files > 0
    two, one = _index(shared), _index(alone)
    assert rendering.complete and set(one) == set(two) and len(one) == rendering.files
    resources = [name for name in one if name.startswith("id/")]
    assert len(resources) >= 20
    for name in one:
        assert one[name]["content_type"] == two[name]["content_type"], name
        if name.endswith(".html"):  # a page says how long its queries took
            pages = [
                re.sub(rb"\d+(\.\d+)? ms", b"", (r / "site" / name).read_bytes())
                for r in (alone, shared)
            ]
            assert pages[0] == pages[1], name
        else:
            assert one[name]["sha256"] == two[name]["sha256"], name


def test_over_budget_keeps_html_and_turtle(
    rendered: tuple[Path, Rendering], tmp_path: Path
) -> None:
    release = _rendered_copy(rendered, tmp_path)
    rendering = render_release(release, budget=1, workers=2)
    files = _index(release)
    assert not rendering.complete and rendering.files == len(files)
    expected = {n for n in _index(rendered[0]) if n.endswith((".html", ".ttl"))}
    assert set(files) == expected and f"{STATE_PATH[1:]}.ttl" in files
    on_disk = {
        str(p.relative_to(release / "site")) for p in (release / "site").rglob("*") if p.is_file()
    }
    packs = {n for n in on_disk if n.startswith("packs/")}
    assert on_disk - packs == {"index.json"} | expected | {n + ".gz" for n in expected}
    # only the packs of the kept formats stay, each with the documents the index puts in it
    assert packs == {n for name, f in files.items() for n in pack_names(name, f["pack"][0])}
    assert all(re.fullmatch(r"packs/\d+-(html|ttl)(-gzip)?\.pack", n) for n in packs), packs
    assert rendering.bytes == sum(int(str(f["bytes"])) for f in files.values())


@pytest.mark.parametrize(
    "length, expected",
    [
        (0, 0),
        (2041, 2041),  # what the index says
        (2041, None),  # no size in the index
        (2041, 100),  # the file grew since
        (2041, 5000),  # the file shrank since
        (200_000, None),  # past the first read
        (200_000, 200_000),
        (2041, 10**15),  # an index entry past any file: no such buffer is asked for
    ],
)
def test_read_file_reads_the_whole_file(tmp_path: Path, length: int, expected: int | None) -> None:
    from forcelaw.server.static_site import read_file

    data = bytes(i % 251 for i in range(length))
    path = tmp_path / "doc.ttl"
    path.write_bytes(data)
    assert read_file(str(path), expected) == data


def test_read_file_of_a_missing_file_raises(tmp_path: Path) -> None:
    from forcelaw.server.static_site import read_file

    with pytest.raises(FileNotFoundError):
        read_file(str(tmp_path / "gone.ttl"), 10)


def _rendered_again(
    built: Built, tmp_path: Path, between: Callable[[Path], None]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The checkout's release rendered by ``render_release``, then each of its documents again
    by one ``render_job`` once ``between(release)`` has run: both renderings' index entries."""
    release = tmp_path / "release"
    shutil.copytree(built.release, release)
    render_release(release, workers=1)
    files = _index(release)
    resources = sorted(
        "/" + name.removesuffix(".html")
        for name in files
        if name.startswith("id/") and name.endswith(".html")
    )
    assert len(resources) >= 200
    between(release)
    staging = tmp_path / "site"
    staging.mkdir()
    store_dir = release / release_store.STORE_DIR
    dataset = release_store.prepare(release)
    part = render_job(Job(release, store_dir, dataset, staging, tuple(resources), BUDGET, True))
    return files, part.files


def _same_bytes(files: dict[str, Any], again: dict[str, Any]) -> None:
    assert set(again) == set(files)
    assert [n for n, info in again.items() if info["sha256"] != files[n]["sha256"]] == []


def test_the_in_memory_dataset_renders_what_the_on_disk_store_serves(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The renderer queries the dataset loaded into memory, the server the release's on-disk
    store: each finds a document's triples in its own order, and names blank nodes as the
    dataset file does, so every file of the checkout's release is the same bytes either way."""

    def on_disk(release: Path) -> None:
        disk = Engine(release / release_store.STORE_DIR)
        monkeypatch.setattr(Engine, "in_memory", classmethod(lambda cls, path: disk))

    _same_bytes(*_rendered_again(built, tmp_path, on_disk))


def test_the_pages_read_from_the_index_are_those_read_by_queries(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The renderer reads the pages' parts from an index of the quads (``IndexedReader``); with
    the queries (``Reader``) instead, every file of the checkout's release is the same bytes."""
    from forcelaw.server import render
    from forcelaw.server.describe import Reader

    def plain(store: Any, settings: Settings, _: object) -> Reader:
        return Reader(store, settings)

    def by_queries(_: Path) -> None:
        monkeypatch.setattr(render, "IndexedReader", plain)

    _same_bytes(*_rendered_again(built, tmp_path, by_queries))


@pytest.mark.parametrize("seed", ["1", "2"])
def test_the_shapes_documents_are_the_same_bytes_in_every_process(seed: str) -> None:
    """rdflib names the blank nodes of the shapes at random and writes in an order that changes
    with the process's string hashing: each start, and each build's static site, gave the shapes
    other bytes and another entity tag. The page too: two property shapes on one path came in
    the store's order."""
    program = (
        "import hashlib, rdflib; from forcelaw.formats import BY_KEY; "
        "from forcelaw.graph.build import stable_blank_nodes; from forcelaw.server import shapes; "
        "from forcelaw.validate import SHAPES_PATH; "
        "g = stable_blank_nodes(rdflib.Graph().parse(SHAPES_PATH)); "
        "print(*(hashlib.sha256(shapes._written(g, BY_KEY[k])).hexdigest() "
        "for k in ('ntriples', 'rdfxml', 'trig', 'nquads')), "
        "hashlib.sha256(repr(shapes._shapes(g)).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", program],
            env={**os.environ, "PYTHONHASHSEED": s},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for s in (seed, seed + "7")
    }
    assert len(digests) == 1


def test_every_document_says_what_the_dumps_say(built: Built, tmp_path: Path) -> None:
    """Each resource's N-Triples document holds triples of the dump, term for term (its blank
    nodes aside, which a separate document cannot name): a value the store would write in
    another form (``"012"^^xsd:nonNegativeInteger`` read back as ``"12"^^xsd:integer``) would
    be a triple the dumps do not have."""
    import rdflib
    from rdflib.namespace import XSD

    release = tmp_path / "release"
    shutil.copytree(built.release, release)
    render_release(release, workers=1)
    dump = rdflib.Dataset()
    dump.parse(release / "dataset.nq", format="nquads")
    published = {(s, p, o) for s, p, o, _ in dump.quads((None, None, None, None))}
    documents = sorted((release / "site" / "id").rglob("*.nt"))
    assert len(documents) >= 200
    unknown: dict[str, list[object]] = {}
    integers = 0
    for document in documents:
        graph = rdflib.Graph().parse(document, format="nt")
        ground = [t for t in graph if not any(isinstance(n, rdflib.BNode) for n in t)]
        integers += sum(1 for _, _, o in ground if getattr(o, "datatype", None) == XSD.integer)
        missing = [t for t in ground if t not in published]
        if missing:
            unknown[str(document.relative_to(release / "site"))] = missing[:3]
    assert unknown == {}
    assert integers > 100  # the offsets and figures are among them


def test_the_dataset_description_is_in_the_site_in_every_format(
    built: Built, tmp_path: Path
) -> None:
    """``/.well-known/void`` has no suffixed URL: its files are asked with ``?format=`` and are
    what the server answers for each Accept (nginx and export-site serve them from there)."""
    release = tmp_path / "release"
    shutil.copytree(built.release, release)
    render_release(release, workers=1)
    files = json.loads((release / "site" / "index.json").read_text())["files"]
    app = create_app(Settings(release=release), InProcessStore(built.store, built.dataset))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        for fmt in ("ttl", "nt", "jsonld", "rdf", "trig", "nq"):
            name = f".well-known/void.{fmt}"
            assert name in files, name
            served = client.get("/.well-known/void", params={"format": fmt})
            assert served.status_code == 200
            body = (release / "site" / name).read_bytes()
            assert (
                body == served.content.replace(b"http://127.0.0.1/", b"https://w3id.org/forcelaw/")
                or body == served.content
            )
