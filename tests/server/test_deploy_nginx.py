"""The production front: Debian's nginx with ``deploy/nginx/forcelaw.conf`` in front of a live
``forcelaw serve``, on loopback. Skipped, saying why, when nginx is not installed."""

from __future__ import annotations

import http.client
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from forcelaw.deploy import unprivileged_config
from forcelaw.server.middleware import EXPOSED_HEADERS
from forcelaw.server.render import SITE_DIR, render_release
from forcelaw.server.security import security_headers
from forcelaw.store import DatasetInfo
from tests.oxigraph_server import stop_process
from tests.server.conftest import free_port, serving
from tests.server.release_fixture import STATE

STATE_PATH = "/id/" + STATE.rsplit("/id/", 1)[1]
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")

pytestmark = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (Debian: apt-get install nginx)"
)


@pytest.fixture(scope="module")
def front(
    loaded: tuple[Path, Path, DatasetInfo], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """nginx on a loopback port in front of ``forcelaw serve`` over a rendered release."""
    assert NGINX is not None
    release = tmp_path_factory.mktemp("deploy") / "release"
    shutil.copytree(loaded[0], release)
    render_release(release)
    prefix = tmp_path_factory.mktemp("nginx")
    with serving(release, tmp_path_factory.mktemp("deploy-live"), "--workers", "2") as server:
        port = free_port()
        conf = prefix / "nginx.conf"
        conf.write_text(
            unprivileged_config(
                prefix, release / SITE_DIR, server.url.removeprefix("http://"), f"127.0.0.1:{port}"
            ),
            encoding="utf-8",
        )
        command = [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        log = (prefix / "stderr.log").open("wb")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 15
            while True:
                try:
                    httpx.get(url + "/", timeout=1)
                    break
                except httpx.TransportError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError((prefix / "error.log").read_text()) from None
                    time.sleep(0.1)
            yield url
        finally:
            stop_process(process)
            log.close()


def test_html_from_the_static_file(front: str) -> None:
    r = httpx.get(front + STATE_PATH, headers={"Accept": "text/html,application/xhtml+xml"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert "Accept" in r.headers.get_list("vary")
    assert r.headers["last-modified"] and "etag" not in r.headers  # see below
    assert "<html" in r.text.lower()


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("*/*", "text/turtle"),
    ],
)
def test_rdf_by_accept(front: str, accept: str, media_type: str) -> None:
    r = httpx.get(front + STATE_PATH, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"] == f"{media_type}; charset=utf-8"
    assert "Accept" in r.headers.get_list("vary")
    assert STATE in r.text


def test_gzip_twin(front: str) -> None:
    r = httpx.get(front + STATE_PATH, headers={"Accept": "text/turtle", "Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
    assert STATE in r.text


def test_suffix_url(front: str) -> None:
    r = httpx.get(front + STATE_PATH + ".ttl", headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"
    assert STATE in r.text


def test_sparql_is_proxied(front: str) -> None:
    r = httpx.get(
        front + "/sparql",
        params={"query": f"ASK {{ <{STATE}> ?p ?o }}"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200
    assert r.json()["boolean"] is True


def test_query_string_is_proxied(front: str) -> None:
    r = httpx.get(front + STATE_PATH + "?page=1", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert "text/turtle" in r.headers["content-type"]
    assert "server-timing" in r.headers  # answered by forcelaw serve, not from a file


def test_unknown_is_a_404_from_the_server(front: str) -> None:
    r = httpx.get(front + "/id/state/XX", headers={"Accept": "text/turtle"})
    assert r.status_code == 404


def test_if_none_match_is_a_304(front: str) -> None:
    first = httpx.get(front + STATE_PATH + ".ttl")
    etag = first.headers["etag"]
    again = httpx.get(front + STATE_PATH + ".ttl", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_a_negotiated_answer_revalidates_by_date_with_no_tag_shared_by_two_variants(
    front: str,
) -> None:
    """nginx's ETag is the file's mtime and size: the N-Triples and N-Quads files (Turtle and
    TriG) of a resource are the same bytes written together, so they had one tag at one URI."""
    for accept in ("application/n-triples", "application/n-quads", "text/turtle"):
        first = httpx.get(front + STATE_PATH, headers={"Accept": accept})
        assert first.status_code == 200 and "etag" not in first.headers
        since = {"Accept": accept, "If-Modified-Since": first.headers["last-modified"]}
        again = httpx.get(front + STATE_PATH, headers=since)
        assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize("suffix", ["", ".ttl"])
def test_accept_datetime_reaches_the_timegate(front: str, suffix: str) -> None:
    """A Memento client's datetime negotiation is the server's: a static file cannot do it."""
    dated = {"Accept": "text/turtle", "Accept-Datetime": "Thu, 01 Jan 2015 00:00:00 GMT"}
    r = httpx.get(front + STATE_PATH + suffix, headers=dated)
    assert r.status_code == 302
    assert r.headers["location"].endswith(STATE_PATH + suffix)
    assert "/release/" in r.headers["location"]
    plain = httpx.get(front + STATE_PATH + suffix, headers={"Accept": "text/turtle"})
    assert plain.status_code == 200 and "server-timing" not in plain.headers  # still the file
    assert "accept-datetime" in {v.lower() for v in plain.headers.get_list("vary")}


@pytest.mark.parametrize(("accept", "suffix"), [("text/turtle", "ttl"), ("text/html", "html")])
def test_content_location_names_the_file_asked_for(front: str, accept: str, suffix: str) -> None:
    r = httpx.get(front + STATE_PATH, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-location"] == f"{STATE_PATH}.{suffix}"
    assert httpx.get(front + r.headers["content-location"]).status_code == 200


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        (STATE_PATH, "text/html"),
        (STATE_PATH, "text/turtle"),
        (STATE_PATH + ".html", "*/*"),
        ("/", "text/html"),
    ],
)
def test_static_answers_carry_the_servers_security_and_cors_headers(
    front: str, path: str, accept: str
) -> None:
    r = httpx.get(front + path, headers={"Accept": accept, "Origin": "https://client.example"})
    assert r.status_code == 200 and "server-timing" not in r.headers  # nginx's own answer
    expected = security_headers(path, r.headers["content-type"])
    assert ("Content-Security-Policy" in expected) == r.headers["content-type"].startswith(
        "text/html"
    )
    for name, value in expected.items():
        assert r.headers.get(name) == value, name
    assert r.headers["access-control-allow-origin"] == "*"
    assert r.headers["access-control-expose-headers"] == EXPOSED_HEADERS


@pytest.mark.parametrize(
    ("spelled", "status"),
    [
        (STATE_PATH.replace("/KZ", "/%4B%5A"), 301),  # another spelling: the server's redirect
        (STATE_PATH.replace("/KZ", "/%4b%5a") + ".ttl", 301),
        (STATE_PATH + "/", 301),
        (STATE_PATH.replace("/state/", "/./state/"), 301),
        (STATE_PATH.replace("/state/", "/x/../state/"), 301),
        (STATE_PATH.replace("/KZ", "%2FKZ"), 404),  # an encoded "/" names another IRI
        (STATE_PATH + "%2F", 404),
        (STATE_PATH.replace("/state/", "//state/"), 404),  # an empty segment is no "/"
        ("/id/../.well-known/void", 404),
    ],
)
def test_a_path_spelled_otherwise_is_answered_as_the_server_answers_it(
    front: str, spelled: str, status: int
) -> None:
    """nginx decodes, merges slashes and removes dot segments before it looks for a file, so it
    answered KZ's file at URLs that are not KZ's (``state%2FKZ``, ``//state``) and at other
    spellings of it: those go to the server, which redirects to the one URL or answers 404."""
    host, port = front.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", spelled, headers={"Accept": "text/turtle"})
        answer = connection.getresponse()
        answer.read()
    finally:
        connection.close()
    assert answer.status == status, spelled
    if status == 301:
        assert answer.getheader("location", "").startswith(STATE_PATH)
