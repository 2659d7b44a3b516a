"""/dumps/: the index, every file with its checksum, conditional GET, ranges, traversal."""

from __future__ import annotations

import gzip
import hashlib
import json
import socket

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.namespace import DCTERMS

from tests.server.conftest import Built


def manifest(built: Built) -> dict[str, object]:
    data = json.loads((built.release / "manifest.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def files(built: Built) -> list[dict[str, object]]:
    listed = manifest(built)["files"]
    assert isinstance(listed, list)
    return listed


def test_index_lists_every_file(site: TestClient, built: Built) -> None:
    page = site.get("/dumps/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for entry in files(built):
        assert f'href="/dumps/{entry["path"]}"' in page.text
        assert str(entry["sha256"]) in page.text
    assert 'href="/dumps/SHA256SUMS"' in page.text


def test_the_index_is_revalidated_not_fetched_again(site: TestClient) -> None:
    first = site.get("/dumps/")
    assert first.status_code == 200 and "public" in first.headers["cache-control"]
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    for headers in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
        again = site.get("/dumps/", headers=headers)
        assert again.status_code == 304 and not again.content
        assert again.headers["etag"] == etag
    assert site.get("/dumps/", headers={"If-None-Match": '"other"'}).status_code == 200
    assert site.get("/dumps/", headers={"If-Match": '"other"'}).status_code == 412
    head = site.head("/dumps/")
    assert head.headers["etag"] == etag and head.headers["content-length"] == str(
        len(first.content)
    )


def test_the_release_has_every_dump_plain_and_gzipped(built: Built) -> None:
    paths = {str(e["path"]) for e in files(built)}
    for name in (
        "dataset.nq",
        "dataset.trig",
        "dataset.nt",
        "dataset.jsonld",
        "graphs/KZ.ttl",
        "graphs/metadata.ttl",
        "shapes.ttl",
    ):
        assert name in paths and name + ".gz" in paths, name


def test_every_file_downloads_with_its_checksum(site: TestClient, built: Built) -> None:
    description = Graph().parse(built.release / "graphs" / "metadata.ttl", format="turtle")
    [licence] = set(description.objects(None, DCTERMS.license))  # one, for every distribution
    for entry in files(built):
        response = site.get(f"/dumps/{entry['path']}")
        assert response.status_code == 200, entry["path"]
        body = response.content
        assert hashlib.sha256(body).hexdigest() == entry["sha256"]
        assert response.headers["content-length"] == str(entry["bytes"])
        assert response.headers["etag"] == f'"{entry["sha256"]}"'  # the whole SHA-256
        assert response.headers["accept-ranges"] == "bytes"
        assert "last-modified" in response.headers
        assert response.headers["link"] == (
            f'<{licence}>; rel="license", </.well-known/void>; rel="describedby"'
        )
        if str(entry["path"]).endswith(".gz"):
            assert response.headers["content-type"] == "application/gzip"
            assert "content-encoding" not in response.headers  # a file, not a transfer coding
            plain = (built.release / str(entry["path"]).removesuffix(".gz")).read_bytes()
            assert gzip.decompress(body) == plain


def test_sha256sums_verifies_every_file(site: TestClient, built: Built) -> None:
    sums = site.get("/dumps/SHA256SUMS")
    assert sums.headers["content-type"].startswith("text/plain")
    lines = [line.split("  ", 1) for line in sums.text.splitlines()]
    assert {path for _, path in lines} >= {str(e["path"]) for e in files(built)} | {"manifest.json"}
    for digest, path in lines:
        assert hashlib.sha256((built.release / path).read_bytes()).hexdigest() == digest


def test_conditional_get(site: TestClient) -> None:
    first = site.get("/dumps/dataset.nt")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert site.get("/dumps/dataset.nt", headers={"If-None-Match": etag}).status_code == 304
    weak = site.get("/dumps/dataset.nt", headers={"If-None-Match": f'W/{etag}, "x"'})
    assert weak.status_code == 304
    assert site.get("/dumps/dataset.nt", headers={"If-None-Match": '"other"'}).status_code == 200
    since = site.get("/dumps/dataset.nt", headers={"If-Modified-Since": modified})
    assert since.status_code == 304 and since.content == b""
    before = site.get(
        "/dumps/dataset.nt", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
    )
    assert before.status_code == 200


def test_preconditions_are_412(site: TestClient) -> None:
    first = site.get("/dumps/dataset.nt")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    for headers in (
        {"If-Match": '"nope"'},
        {"If-Match": f"W/{etag}"},  # If-Match compares strongly
        {"If-Unmodified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"},
        {"If-Match": '"nope"', "If-None-Match": etag},  # If-Match is evaluated first
        {"If-Unmodified-Since": "Mon, 01 Jan 2001 00:00:00 GMT", "Range": "bytes=0-9"},
    ):
        refused = site.get("/dumps/dataset.nt", headers=headers)
        assert refused.status_code == 412, headers
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["type"].endswith("/precondition-failed")
        assert refused.headers["etag"] == etag
        assert site.head("/dumps/dataset.nt", headers=headers).status_code == 412
    for headers in (
        {"If-Match": etag},
        {"If-Match": f'"other", {etag}'},
        {"If-Match": "*"},
        {"If-Unmodified-Since": modified},
        {"If-Unmodified-Since": "not a date"},  # ignored
        {"If-Match": etag, "If-Unmodified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"},
    ):
        assert site.get("/dumps/dataset.nt", headers=headers).status_code == 200, headers
    ranged = site.get("/dumps/dataset.nt", headers={"If-Match": etag, "Range": "bytes=0-9"})
    assert ranged.status_code == 206 and len(ranged.content) == 10


def test_ranges(site: TestClient, built: Built) -> None:
    data = (built.release / "dataset.nq").read_bytes()
    size = len(data)
    part = site.get("/dumps/dataset.nq", headers={"Range": "bytes=10-109"})
    assert part.status_code == 206
    assert part.content == data[10:110]
    assert part.headers["content-range"] == f"bytes 10-109/{size}"
    assert part.headers["content-length"] == "100"
    tail = site.get("/dumps/dataset.nq", headers={"Range": "bytes=-50"})
    assert tail.status_code == 206 and tail.content == data[-50:]
    rest = site.get("/dumps/dataset.nq", headers={"Range": f"bytes={size - 5}-"})
    assert rest.content == data[-5:]
    beyond = site.get("/dumps/dataset.nq", headers={"Range": f"bytes={size}-"})
    assert beyond.status_code == 416
    assert beyond.headers["content-range"] == f"bytes */{size}"
    assert beyond.headers["content-type"] == "application/problem+json"
    problem = beyond.json()
    assert problem["type"].endswith("/range-not-satisfiable") and problem["size"] == size
    several = site.get("/dumps/dataset.nq", headers={"Range": "bytes=0-1,5-6"})
    assert several.status_code == 200 and len(several.content) == size
    etag = part.headers["etag"]
    still = site.get("/dumps/dataset.nq", headers={"Range": "bytes=0-9", "If-Range": etag})
    assert still.status_code == 206
    changed = site.get("/dumps/dataset.nq", headers={"Range": "bytes=0-9", "If-Range": '"old"'})
    assert changed.status_code == 200 and len(changed.content) == size


def test_head(site: TestClient, built: Built) -> None:
    response = site.head("/dumps/dataset.trig")
    assert response.status_code == 200
    assert response.headers["content-length"] == str(
        (built.release / "dataset.trig").stat().st_size
    )
    assert response.content == b""


@pytest.mark.parametrize(
    "path",
    [
        "/dumps/%2e%2e/manifest.json",
        "/dumps/%2E%2E/%2E%2E/etc/passwd",
        "/dumps/graphs/%2e%2e/%2e%2e/dataset.nq",
        "/dumps/..%2fmanifest.json",
        "/dumps/graphs%2f..%2f..%2fmanifest.json",
        "/dumps/%2e/dataset.nq",
        "/dumps/etc/passwd",
        "/dumps/graphs",
    ],
)
def test_traversal_is_refused(site: TestClient, path: str) -> None:
    response = site.get(path)
    assert response.status_code in (400, 404), path
    assert response.headers["content-type"] == "application/problem+json"


def test_raw_dot_segments_over_a_socket(site_live: str) -> None:
    """``..`` sent literally (clients normalise it away, so write the request by hand)."""
    host, port = site_live.removeprefix("http://").split(":")
    for target in ("/dumps/../manifest.json", "/dumps/graphs/../../../etc/passwd"):
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        status = answer.split(b"\r\n", 1)[0]
        assert b" 200 " not in status, (target, status)
        assert b"root:" not in answer


def test_the_store_keeps_every_term_of_the_dump(built: Built) -> None:
    """The engine reads back each quad of ``dataset.nq`` as written: none of the dataset's
    literals is in a form the store would change (it keeps integer subtypes as ``xsd:integer``,
    decimals and booleans canonical), so SPARQL answers and the dumps agree term for term."""
    import pyoxigraph as ox

    from forcelaw.store import Engine

    path = built.release / "dataset.nq"
    with path.open("rb") as stream:
        written = set(ox.parse(stream, format=ox.RdfFormat.N_QUADS))
    stored = set(Engine.in_memory(path).quads())
    assert len(written) > 3000
    assert stored == written
