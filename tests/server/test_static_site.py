"""The static rendering: written at build from the app itself into packs, served from them,
exported as files."""

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
from forcelaw.errors import ReleaseError
from forcelaw.server.app import create_app
from forcelaw.server.export_site import _twin, export_site, relative_links
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
from forcelaw.server.site_packs import SitePacks
from forcelaw.store import DatasetInfo, Engine, load_release
from tests.server.conftest import Built
from tests.server.release_fixture import STATE, TREATY

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


def _body(release: Path, relative: str) -> bytes:
    """The document ``relative`` (``id/state/KZ.ttl``) of ``release``'s rendering, out of its
    pack (the rendering writes no file per document)."""
    with SitePacks(release / "site") as packs:
        return packs.body(relative)


def test_rendering_covers_documents_in_every_format(rendered: tuple[Path, Rendering]) -> None:
    release, rendering = rendered
    index = json.loads((release / "site" / "index.json").read_text())
    files = index["files"]
    with SitePacks(release / "site") as packs:
        for suffix in ("html", "ttl", "nt", "jsonld", "rdf", "trig", "nq"):
            name = f"{STATE_PATH[1:]}.{suffix}"
            assert name in files
            assert gzip.decompress(packs.twin(name)) == packs.body(name), name
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
    for first, second in (("nt", "nq"), ("ttl", "trig")):
        same = _body(rendered[0], f"{STATE_PATH[1:]}.{first}")
        assert same == _body(rendered[0], f"{STATE_PATH[1:]}.{second}")
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
    body = _body(rendered[0], f"{STATE_PATH[1:]}.ttl")
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


def test_the_rendering_writes_its_index_and_packs_and_no_document_files(
    rendered: tuple[Path, Rendering],
) -> None:
    """The packs are the whole rendering: ``site/`` holds the index and the packs the index
    names, each holding documents, and no file per document or twin (``export-site`` writes
    those)."""
    site = rendered[0] / "site"
    assert {p.name for p in site.iterdir()} == {"index.json", "packs"}
    on_disk = {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}
    packs = {n for n in on_disk if n.startswith("packs/")}
    assert on_disk - packs == {"index.json"}
    assert packs == {n for name, f in _index(rendered[0]).items() for n in _pack_pair(name, f)}
    assert all(re.fullmatch(r"packs/\d+-[a-z]+(-gzip)?\.pack", n) for n in packs), packs
    assert [n for n in sorted(packs) if (site / n).stat().st_size == 0] == []


def test_every_file_of_the_site_is_dated_the_release(rendered: tuple[Path, Rendering]) -> None:
    """The packs and the index carry the release's creation time, as the server dates the
    documents (``export_site`` dates the files it writes alike)."""
    release, _ = rendered
    when = release_date(release)
    assert when is not None
    dates = {
        path.relative_to(release): path.stat().st_mtime
        for path in (release / "site").rglob("*")
        if path.is_file()
    }
    packs = {n for name, f in _index(release).items() for n in _pack_pair(name, f)}
    assert set(dates) == {Path("site/index.json")} | {Path("site") / n for n in packs}
    assert {path for path, mtime in dates.items() if mtime != when} == set()


def test_static_equals_on_demand(rendered: tuple[Path, Rendering], tmp_path: Path) -> None:
    release = rendered[0]
    for client in _client(release, tmp_path):
        client.app.state.site.memo["static"] = {}  # type: ignore[attr-defined]
        for suffix in ("ttl", "nt", "rdf", "html"):
            fresh = client.get(f"{STATE_PATH}.{suffix}").content
            static = _body(release, f"{STATE_PATH[1:]}.{suffix}")
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
        assert response.content == _body(release, name)


def test_every_document_is_in_its_packs_end_to_end(rendered: tuple[Path, Rendering]) -> None:
    """A document's body and gzip twin are in the packs of its format, at the offsets the index
    gives: the body the bytes the index's SHA-256 names, the twin a gzip of them; a pack holds
    its documents end to end, nothing else."""
    site = rendered[0] / "site"
    files = _index(rendered[0])
    spans: dict[str, list[tuple[int, int]]] = {}
    for name, info in files.items():
        job, offset, gzip_offset = info["pack"]
        plain, gzipped = pack_names(name, job)
        suffix = name.rsplit(".", 1)[-1]
        assert (plain, gzipped) == (f"packs/{job}-{suffix}.pack", f"packs/{job}-{suffix}-gzip.pack")
        read = {}
        for pack, start, size in (
            (plain, offset, info["bytes"]),
            (gzipped, gzip_offset, info["gzip_bytes"]),
        ):
            with open(site / pack, "rb") as handle:
                handle.seek(start)
                read[pack] = handle.read(size)
            assert len(read[pack]) == size, (name, pack)
            spans.setdefault(pack, []).append((start, size))
        assert hashlib.sha256(read[plain]).hexdigest() == info["sha256"], name
        assert gzip.decompress(read[gzipped]) == read[plain], name
    for pack, held in spans.items():
        end = 0
        for start, size in sorted(held):
            assert start == end, (pack, start)  # no gap, no overlap
            end += size
        assert (site / pack).stat().st_size == end, pack  # nothing else in a pack
    jobs = {info["pack"][0] for info in files.values()}
    assert len(spans) == len(jobs) * 2 * 7  # each process a pack per format and encoding


def test_site_packs_give_back_every_document_and_its_twin(
    rendered: tuple[Path, Rendering],
) -> None:
    """``SitePacks`` gives back each document of the rendering and its gzip twin: the SHA-256
    and sizes the index names, the twin a gzip of the body; for documents whose bytes another
    format shares (TriG and Turtle, N-Quads and N-Triples: their twin and hash are made once)
    as for the others."""
    files = _index(rendered[0])
    assert len(files) == rendered[1].files
    shared = 0
    with SitePacks(rendered[0] / "site") as packs:
        assert packs.files == files
        for name, info in files.items():
            body, twin = packs.body(name), packs.twin(name)
            assert info["sha256"] == hashlib.sha256(body).hexdigest(), name
            assert (info["bytes"], info["gzip_bytes"]) == (len(body), len(twin)), name
            assert gzip.decompress(twin) == body, name
            if name.endswith(".trig") and packs.body(name.replace(".trig", ".ttl")) == body:
                shared += 1
    assert shared > 0  # the case the writer's memo serves occurs in the fixture


def _site_copy(rendered: tuple[Path, Rendering], tmp: Path) -> Path:
    """A copy of the rendering's ``site/`` folder, to damage."""
    site = tmp / "site"
    shutil.copytree(rendered[0] / "site", site)
    return site


def _set_entry(site: Path, name: str, entry: object) -> None:
    """The index of ``site`` with ``entry`` for the document ``name``."""
    index = json.loads((site / "index.json").read_text(encoding="utf-8"))
    index["files"][name] = entry
    (site / "index.json").write_text(json.dumps(index), encoding="utf-8")


def _damage_packs(site: Path, name: str, info: dict[str, Any], damage: str) -> None:
    """The packs of ``site`` damaged for the document ``name`` (its index entry ``info``): its
    pack or gzip pack ``missing``/``cut short`` (one byte before its end), its pack ``emptied``,
    its entry with ``no pack``, or ``no packs`` at all."""
    plain, gzipped = (site / n for n in _pack_pair(name, info))
    if damage == "missing":
        plain.unlink()
    elif damage == "missing gzip":
        gzipped.unlink()
    elif damage == "cut short":
        os.truncate(plain, info["pack"][1] + info["bytes"] - 1)
    elif damage == "gzip cut short":
        os.truncate(gzipped, info["pack"][2] + info["gzip_bytes"] - 1)
    elif damage == "emptied":
        os.truncate(plain, 0)
    elif damage == "no pack":
        _set_entry(site, name, {k: v for k, v in info.items() if k != "pack"})
    elif damage == "no packs":
        shutil.rmtree(site / "packs")
    else:
        raise ValueError(damage)


def test_site_packs_refuse_a_body_that_is_not_its_hash(
    rendered: tuple[Path, Rendering], tmp_path: Path
) -> None:
    """One byte of a document changed in its pack: its body is an error naming it, not other
    bytes; its twin is not checked (export-site checks a twin against the body), and the pack's
    other documents still read."""
    site = _site_copy(rendered, tmp_path)
    files = _index(rendered[0])
    name = f"{STATE_PATH[1:]}.ttl"
    info = files[name]
    plain = _pack_pair(name, info)[0]
    data = bytearray((site / plain).read_bytes())
    data[info["pack"][1] + info["bytes"] // 2] ^= 0x20
    (site / plain).write_bytes(bytes(data))
    others = [n for n, f in files.items() if n != name and _pack_pair(n, f)[0] == plain]
    assert others  # the fixture's Turtle pack holds more than the state
    with SitePacks(site) as packs:
        with pytest.raises(ReleaseError, match=re.escape(f"/{name} differs from its SHA-256")):
            packs.body(name)
        assert gzip.decompress(packs.twin(name)) == _body(rendered[0], name)
        for other in others:
            assert packs.body(other) == _body(rendered[0], other)


@pytest.mark.parametrize(
    "damage", ["missing", "missing gzip", "cut short", "gzip cut short", "emptied"]
)
def test_site_packs_name_the_document_a_damaged_pack_cannot_give(
    rendered: tuple[Path, Rendering], tmp_path: Path, damage: str
) -> None:
    site = _site_copy(rendered, tmp_path)
    name = f"{STATE_PATH[1:]}.ttl"
    info = _index(rendered[0])[name]
    _damage_packs(site, name, info, damage)
    with SitePacks(site) as packs:
        damaged, whole = (packs.twin, packs.body) if "gzip" in damage else (packs.body, packs.twin)
        with pytest.raises(ReleaseError, match=re.escape(f"/{name}")):
            damaged(name)
        assert whole(name)  # the document's other pack still reads


_MALFORMED: dict[str, Callable[[dict[str, Any]], object]] = {
    "no pack": lambda e: e.pop("pack"),
    "pack not a list": lambda e: e.update(pack=" ".join(map(str, e["pack"]))),
    "pack of two": lambda e: e.update(pack=e["pack"][:2]),
    "pack of four": lambda e: e.update(pack=[*e["pack"], 0]),
    "negative job": lambda e: e.update(pack=[-1, *e["pack"][1:]]),
    "negative offset": lambda e: e.update(pack=[e["pack"][0], -5, e["pack"][2]]),
    "negative gzip offset": lambda e: e.update(pack=[*e["pack"][:2], -5]),
    "bool job": lambda e: e.update(pack=[bool(e["pack"][0]), *e["pack"][1:]]),
    "bool offset": lambda e: e.update(pack=[e["pack"][0], False, e["pack"][2]]),
    "string offset": lambda e: e.update(pack=[e["pack"][0], str(e["pack"][1]), e["pack"][2]]),
    "float job": lambda e: e.update(pack=[float(e["pack"][0]), *e["pack"][1:]]),
    "no such job": lambda e: e.update(pack=[10**6, *e["pack"][1:]]),
    "no bytes": lambda e: e.pop("bytes"),
    "negative bytes": lambda e: e.update(bytes=-1),
    "bool bytes": lambda e: e.update(bytes=True),
    "string gzip bytes": lambda e: e.update(gzip_bytes=str(e["gzip_bytes"])),
}


@pytest.mark.parametrize("damage", list(_MALFORMED))
def test_site_packs_name_the_document_a_malformed_entry_stands_for(
    rendered: tuple[Path, Rendering], tmp_path: Path, damage: str
) -> None:
    site = _site_copy(rendered, tmp_path)
    name = f"{STATE_PATH[1:]}.ttl"
    entry = dict(_index(rendered[0])[name])
    _MALFORMED[damage](entry)
    _set_entry(site, name, entry)
    with SitePacks(site) as packs:
        for read in (packs.body, packs.twin):
            with pytest.raises(ReleaseError, match=re.escape(f"/{name}")):
                read(name)
        other = f"{STATE_PATH[1:]}.nt"
        assert packs.body(other) == _body(rendered[0], other)


@pytest.mark.parametrize("entry", [None, "a string", [], {}, {"sha256": "ab"}])
def test_site_packs_name_a_document_without_an_entry(
    rendered: tuple[Path, Rendering], tmp_path: Path, entry: object
) -> None:
    site = _site_copy(rendered, tmp_path)
    name = f"{STATE_PATH[1:]}.ttl"
    _set_entry(site, name, entry)
    with SitePacks(site) as packs:
        for asked in (name, "id/state/XX.ttl"):  # a damaged entry, and none
            for read in (packs.body, packs.twin):
                with pytest.raises(
                    ReleaseError, match=re.escape(f"no readable entry for /{asked}")
                ):
                    read(asked)


@pytest.mark.parametrize(
    "change",
    [
        {"bytes": 10**15},  # no buffer of the size the entry claims is made
        {"bytes": 2**62},
        {"bytes": 2**63},  # past what pread takes
        {"gzip_bytes": 2**62},
        {"offset": 2**63},
    ],
    ids=str,
)
def test_site_packs_refuse_sizes_past_the_end_of_a_pack(
    rendered: tuple[Path, Rendering], tmp_path: Path, change: dict[str, int]
) -> None:
    """Sizes or offsets past the end of the pack are an error naming the document, with no
    buffer of the size the entry claims (``pread`` makes one before it reads)."""
    site = _site_copy(rendered, tmp_path)
    name = f"{STATE_PATH[1:]}.ttl"
    entry = dict(_index(rendered[0])[name])
    if "offset" in change:
        entry["pack"] = [entry["pack"][0], change["offset"], change["offset"]]
    else:
        entry.update(change)
    _set_entry(site, name, entry)
    with SitePacks(site) as packs:
        for read, fits in (
            (packs.body, "bytes" not in change and "offset" not in change),
            (packs.twin, "gzip_bytes" not in change and "offset" not in change),
        ):
            if fits:
                assert read(name)
            else:
                with pytest.raises(ReleaseError, match=re.escape(f"ends before /{name}")):
                    read(name)


@pytest.mark.parametrize(
    "index", [None, "not json {", "{}", '{"version": "1"}', '{"files": []}', "[]", '"files"']
)
def test_site_packs_refuse_a_site_without_a_readable_index(
    rendered: tuple[Path, Rendering], tmp_path: Path, index: str | None
) -> None:
    site = _site_copy(rendered, tmp_path)
    if index is None:
        (site / "index.json").unlink()
    else:
        (site / "index.json").write_text(index, encoding="utf-8")
    with pytest.raises(ReleaseError, match="no static rendering in this release"):
        SitePacks(site)
    with pytest.raises(ReleaseError, match="no static rendering in this release"):
        SitePacks(tmp_path / "nowhere")


def _served_bodies(
    release: Path, tmp: Path, name: str, static: bool = True
) -> tuple[bytes, bytes, bytes]:
    """The document ``name`` (``id/....ttl``) as the server answers it: through the fast path
    (plain and gzip) and through the view (the fast path off); from the packs (a strong ETag,
    the static document's) if ``static``, else rendered by the view (its weak ETag)."""
    bodies = []
    for fast in (True, False):
        folder = tmp / str(fast)
        folder.mkdir(parents=True)
        for client in _client(release, folder, fast_path=fast):
            encodings = ("identity", "gzip") if fast else ("identity",)
            for encoding in encodings:
                response = client.get("/" + name, headers={"Accept-Encoding": encoding})
                assert response.status_code == 200, (fast, encoding)
                weak = response.headers["etag"].startswith('W/"')
                assert weak != static, (fast, encoding, response.headers["etag"])
                bodies.append(response.content)
    return bodies[0], bodies[1], bodies[2]


def test_the_server_reads_documents_from_the_packs(
    rendered: tuple[Path, Rendering], tmp_path: Path
) -> None:
    """The rendering writes no files: the server answers each document from the packs, through
    the fast path and the view, the bytes ``SitePacks`` gives back."""
    release = rendered[0]
    treaty = "/id/" + TREATY.rsplit("/id/", 1)[1]
    for name in (f"{STATE_PATH[1:]}.ttl", f"{STATE_PATH[1:]}.nq", f"{treaty[1:]}.html"):
        body = _body(release, name)
        served = _served_bodies(release, tmp_path / name.replace("/", "-"), name)
        assert served == (body, body, body), name


@pytest.mark.parametrize(
    "damage", ["missing", "missing gzip", "cut short", "gzip cut short", "no pack", "no packs"]
)
def test_a_document_its_packs_cannot_give_is_rendered_by_the_view(
    rendered: tuple[Path, Rendering], tmp_path: Path, damage: str
) -> None:
    """A pack missing or shorter than the index says, or an entry naming no pack: the view
    renders the document on demand (200, the same bytes), never an error; the documents of
    whole packs are still answered from them."""
    release = tmp_path / "release"
    shutil.copytree(rendered[0], release)
    site = release / "site"
    name = f"{STATE_PATH[1:]}.ttl"
    info = _index(release)[name]
    body = _body(release, name)
    _damage_packs(site, name, info, damage)
    assert _served_bodies(release, tmp_path / "served", name, static=False) == (body, body, body)
    other = f"{STATE_PATH[1:]}.html"  # in other packs
    (tmp_path / "other").mkdir()
    for client in _client(release, tmp_path / "other"):
        response = client.get("/" + other)
        assert response.status_code == 200
        assert response.headers["etag"].startswith('W/"') == (damage == "no packs")


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
def test_a_damaged_pack_entry_is_rendered_by_the_view(
    rendered: tuple[Path, Rendering], tmp_path: Path, entry: object
) -> None:
    release = rendered[0]
    name = f"{STATE_PATH[1:]}.ttl"
    body = _body(release, name)
    for client in _client(release, tmp_path):
        files = client.app.state.site.memo["static"]  # type: ignore[attr-defined]
        kept = files[name]
        files[name] = {**kept, "pack": entry}
        try:
            for encoding in ("identity", "gzip"):
                response = client.get(STATE_PATH + ".ttl", headers={"Accept-Encoding": encoding})
                assert response.status_code == 200
                assert response.headers["etag"].startswith('W/"')  # the view's own
                assert response.content == body
        finally:
            files[name] = kept


@pytest.mark.parametrize(
    "sizes", [(10**15, 10**15), (2**62, 2**62), (None, 100), (100, -1), ("12", 100)], ids=str
)
def test_sizes_the_packs_cannot_hold_are_rendered_by_the_view(
    rendered: tuple[Path, Rendering], tmp_path: Path, sizes: tuple[object, object]
) -> None:
    """A document whose index entry gives sizes its pack cannot hold, or none, is rendered by
    the view, without a buffer of the size the entry claims. (The index and the packs are
    written together: within a pack, the index's offsets and sizes are what the pack holds.)"""
    release = rendered[0]
    name = f"{STATE_PATH[1:]}.ttl"
    body = _body(release, name)
    for client in _client(release, tmp_path):
        files = client.app.state.site.memo["static"]  # type: ignore[attr-defined]
        kept = files[name]
        files[name] = {**kept, "bytes": sizes[0], "gzip_bytes": sizes[1]}
        try:
            for encoding in ("identity", "gzip"):
                response = client.get(STATE_PATH + ".ttl", headers={"Accept-Encoding": encoding})
                assert response.status_code == 200 and response.content == body, encoding
                assert response.headers["etag"].startswith('W/"'), encoding
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
    release's packs, and each decompresses to the bytes of the file it stands beside, which
    for every document but a page is the body the packs hold."""
    out = tmp_path / "www"
    assert main(["export-site", str(out), "--release", str(rendered[0])]) == 0
    files = _exported(out)
    assert len(files) == rendered[1].files
    with SitePacks(rendered[0] / "site") as packs:
        assert {str(p.relative_to(out)) for p in files} == set(packs.files)
        for path in files:
            relative = str(path.relative_to(out))
            twin = path.with_name(path.name + ".gz").read_bytes()
            assert gzip.decompress(twin) == path.read_bytes(), path
            if path.suffix != ".html":  # not rewritten: the body and twin of the packs
                assert path.read_bytes() == packs.body(relative), path
                assert twin == packs.twin(relative), path


def _exported(out: Path) -> list[Path]:
    """The documents ``export_site`` wrote into ``out`` (not their twins, the stylesheets or
    the ``.htaccess``)."""
    files = [p for p in out.rglob("*") if p.is_file() and p.suffix != ".gz"]
    return [p for p in files if "static" not in p.relative_to(out).parts and p.name != ".htaccess"]


def test_export_site_with_root_links_writes_the_servers_bytes(
    rendered: tuple[Path, Rendering], tmp_path: Path
) -> None:
    """For a front serving the folder at the site's root beside the server (nginx), the pages
    keep the server's root-relative links: every file is the body the packs hold and every
    twin theirs; without ``root_links`` a page's links are relative."""
    release = rendered[0]
    page = f"{STATE_PATH[1:]}.html"
    rooted, relative = tmp_path / "rooted", tmp_path / "relative"
    done = export_site(release, rooted, root_links=True)
    assert done.files == 2 * rendered[1].files and done.bytes == rendered[1].bytes
    export_site(release, relative)
    text = (rooted / page).read_text(encoding="utf-8")
    assert 'href="/id/' in text and 'href="/static/' in text
    shown = (relative / page).read_text(encoding="utf-8")
    assert 'href="/' not in shown and 'href="../' in shown
    with SitePacks(release / "site") as packs:
        for path in _exported(rooted):
            name = str(path.relative_to(rooted))
            assert path.read_bytes() == packs.body(name), name
            assert path.with_name(path.name + ".gz").read_bytes() == packs.twin(name), name
    assert (rooted / ".htaccess").is_file() and (rooted / "static" / "site.css").is_file()


def test_export_site_root_links_on_the_command_line(
    rendered: tuple[Path, Rendering], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "www"
    argv = ["export-site", str(out), "--release", str(rendered[0]), "--root-links"]
    assert main(argv) == 0
    assert f"{2 * rendered[1].files} files" in capsys.readouterr().out
    page = f"{STATE_PATH[1:]}.html"
    assert 'href="/id/' in (out / page).read_text(encoding="utf-8")
    assert (out / page).read_bytes() == _body(rendered[0], page)


@pytest.mark.parametrize("root_links", [False, True])
def test_every_exported_file_is_dated_the_release(
    rendered: tuple[Path, Rendering], tmp_path: Path, root_links: bool
) -> None:
    """A static host's Last-Modified is a file's mtime: every document and twin export-site
    writes carries the release's creation time, the server's Last-Modified for them."""
    when = release_date(rendered[0])
    assert when is not None
    out = tmp_path / "www"
    export_site(rendered[0], out, root_links=root_links)
    files = _exported(out)
    twins = [p.with_name(p.name + ".gz") for p in files]
    assert len(files) == rendered[1].files and all(t.is_file() for t in twins)
    assert [str(p) for p in files + twins if p.stat().st_mtime != when] == []


@pytest.mark.parametrize(
    "damage",
    ["missing", "empty", "truncated", "other bytes", "trailing junk", "not gzip"],
)
def test_a_damaged_twin_is_compressed_again(damage: str) -> None:
    data = b"<https://w3id.org/forcelaw/id/state/KZ> a <x:State> .\n" * 50
    good = gzip_twin(data)
    damaged = {
        "missing": b"",
        "empty": b"",
        "truncated": good[: len(good) // 2],
        "other bytes": gzip_twin(data + b"#"),
        "trailing junk": good + b"junk",
        "not gzip": data,
    }
    assert _twin(damaged[damage], data) is None
    assert _twin(good, data) == good


def _damage(twin: bytes, body: bytes, damage: str) -> bytes:
    """``twin`` damaged, its length kept (a pack's offsets stay as the index gives them)."""
    if damage == "zeros":
        return bytes(len(twin))
    if damage == "flipped byte":  # in the compressed stream
        return twin[:20] + bytes([twin[20] ^ 0xFF]) + twin[21:]
    if damage == "wrong checksum":  # the CRC-32 of the trailer
        return twin[:-8] + bytes(b ^ 0xFF for b in twin[-8:-4]) + twin[-4:]
    return body[: len(twin)]  # "not gzip"


@pytest.mark.parametrize("damage", ["zeros", "flipped byte", "wrong checksum", "not gzip"])
@pytest.mark.parametrize(("suffix", "root_links"), [("ttl", False), ("html", True)])
def test_a_damaged_twin_in_a_pack_is_compressed_again(
    rendered: tuple[Path, Rendering], tmp_path: Path, damage: str, suffix: str, root_links: bool
) -> None:
    """The twin export-site would copy out of the gzip pack (a document not rewritten) no longer
    decompresses to the body: the file's twin is compressed again; the others' are the packs'."""
    release = tmp_path / "release"
    shutil.copytree(rendered[0], release, ignore=shutil.ignore_patterns("store"))
    name = f"{STATE_PATH[1:]}.{suffix}"
    info = _index(release)[name]
    with SitePacks(release / "site") as packs:
        twin, body = packs.twin(name), packs.body(name)
    bad = _damage(twin, body, damage)
    assert len(bad) == len(twin) and bad != twin
    gzipped = release / "site" / _pack_pair(name, info)[1]
    with open(gzipped, "r+b") as pack:
        pack.seek(info["pack"][2])
        pack.write(bad)
    out = tmp_path / "www"
    export_site(release, out, root_links=root_links)
    assert (out / name).read_bytes() == body
    again = (out / f"{name}.gz").read_bytes()
    assert again != bad and gzip.decompress(again) == body
    other = f"{STATE_PATH[1:]}.nt"
    assert (out / f"{other}.gz").read_bytes() == _twin_of(rendered[0], other)


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


def _twin_of(release: Path, relative: str) -> bytes:
    """The gzip twin the rendering of ``release`` made of the document ``relative``."""
    with SitePacks(release / "site") as packs:
        return packs.twin(relative)


def _rendered_copy(rendered: tuple[Path, Rendering], tmp: Path) -> Path:
    release = tmp / "release"
    shutil.copytree(rendered[0], release, ignore=shutil.ignore_patterns("site"))
    return release


def _index(release: Path) -> dict[str, dict[str, Any]]:
    files: dict[str, dict[str, Any]] = json.loads((release / "site" / "index.json").read_text())[
        "files"
    ]
    return files


def _pack_pair(name: str, info: dict[str, Any]) -> tuple[str, str]:
    """The packs (relative to ``site/``) the index entry ``info`` puts the document ``name`` and
    its twin in."""
    return pack_names(name, info["pack"][0])


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
            pages = [re.sub(rb"\d+(\.\d+)? ms", b"", _body(r, name)) for r in (alone, shared)]
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
    assert on_disk - packs == {"index.json"}  # no document files, as in a whole rendering
    # only the packs of the kept formats stay, each with the documents the index puts in it
    assert packs == {n for name, f in files.items() for n in _pack_pair(name, f)}
    assert all(re.fullmatch(r"packs/\d+-(html|ttl)(-gzip)?\.pack", n) for n in packs), packs
    with SitePacks(release / "site") as read:
        for name in files:
            assert gzip.decompress(read.twin(name)) == read.body(name), name
    assert rendering.bytes == sum(int(str(f["bytes"])) for f in files.values())


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
    documents = sorted(n for n in _index(release) if n.startswith("id/") and n.endswith(".nt"))
    assert len(documents) >= 200
    unknown: dict[str, list[object]] = {}
    integers = 0
    with SitePacks(release / "site") as packs:
        for document in documents:
            graph = rdflib.Graph().parse(data=packs.body(document), format="nt")
            ground = [t for t in graph if not any(isinstance(n, rdflib.BNode) for n in t)]
            integers += sum(1 for _, _, o in ground if getattr(o, "datatype", None) == XSD.integer)
            missing = [t for t in ground if t not in published]
            if missing:
                unknown[document] = missing[:3]
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
            body = _body(release, name)
            assert (
                body == served.content.replace(b"http://127.0.0.1/", b"https://w3id.org/forcelaw/")
                or body == served.content
            )


@pytest.mark.parametrize(
    "name", ["../escaped.ttl", "id/../../escaped.ttl", "/tmp/escaped.ttl", "id//x.ttl", "./x.ttl"]
)
def test_export_site_writes_nothing_for_an_index_naming_a_file_outside_its_folder(
    rendered: tuple[Path, Rendering], tmp_path: Path, name: str
) -> None:
    """A damaged or hand-made index whose entry would be written outside the folder (or under
    another spelling of a path): refused, naming it, before anything is written."""
    release = tmp_path / "release"
    shutil.copytree(rendered[0], release, ignore=shutil.ignore_patterns("store"))
    entry = _index(release)[f"{STATE_PATH[1:]}.ttl"]
    _set_entry(release / "site", name, entry)
    out = tmp_path / "deep" / "www"
    with pytest.raises(ReleaseError, match="outside the folder"):
        export_site(release, out)
    assert not out.exists()
    assert not (tmp_path / "deep" / "escaped.ttl").exists()
    assert not (tmp_path / "escaped.ttl").exists()
