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
from forcelaw.server.export_site import export_site
from forcelaw.server.middleware import EXPOSED_HEADERS
from forcelaw.server.render import render_release
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
def front(front_and_server: tuple[str, str]) -> str:
    return front_and_server[0]


@pytest.fixture(scope="module")
def front_and_server(
    loaded: tuple[Path, Path, DatasetInfo], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """nginx on a loopback port in front of ``forcelaw serve`` over a rendered release, and
    the server's own URL."""
    assert NGINX is not None
    release = tmp_path_factory.mktemp("deploy") / "release"
    shutil.copytree(loaded[0], release)
    render_release(release)
    site = tmp_path_factory.mktemp("deploy-site")
    export_site(release, site, root_links=True)  # deploy/README.md, step 3
    prefix = tmp_path_factory.mktemp("nginx")
    with serving(release, tmp_path_factory.mktemp("deploy-live"), "--workers", "2") as server:
        port = free_port()
        conf = prefix / "nginx.conf"
        conf.write_text(
            unprivileged_config(
                prefix, site, server.url.removeprefix("http://"), f"127.0.0.1:{port}"
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
            yield url, server.url
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


# Headers a static answer and the server's answer to the same request have alike; the ETag is
# left out (nginx gives a negotiated answer none, see above) and so are the server's own
# (Server-Timing, X-Request-Id) and the connection's (Date, Server, Content-Length, ...).
PARITY = (
    "link",
    "content-location",
    "cache-control",
    "content-type",
    "last-modified",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "content-security-policy",
    "cross-origin-opener-policy",
    "access-control-allow-origin",
    "access-control-expose-headers",
)


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize(
    ("path", "accept"),
    [
        (STATE_PATH, "text/html"),
        (STATE_PATH, "text/turtle"),
        (STATE_PATH, "application/ld+json"),
        (STATE_PATH + ".nt", "*/*"),
        (STATE_PATH + ".html", "text/html"),
        ("/shapes.ttl", "*/*"),
        ("/shapes", "text/html"),
        ("/context.jsonld", "*/*"),
        ("/", "text/html"),
    ],
)
def test_a_static_answer_carries_the_servers_headers_for_the_same_url(
    front_and_server: tuple[str, str], method: str, path: str, accept: str
) -> None:
    """nginx sent no Link on its files (alternates, licence, describedby, the Memento links of
    an /id/ document): a crawler reading headers found the formats only through the server.
    The files are the server's documents byte for byte, pages with their root-relative links
    (``export_site`` with ``root_links``)."""
    front, server = front_and_server
    headers = {"Accept": accept, "Origin": "https://client.example"}
    static = httpx.request(method, front + path, headers=headers)
    served = httpx.request(method, server + path, headers=headers)
    assert static.status_code == served.status_code == 200, path
    assert static.content == served.content, path
    assert "server-timing" not in static.headers and "server-timing" in served.headers
    differ = [n for n in PARITY if static.headers.get(n) != served.headers.get(n)]
    assert not differ, [(n, static.headers.get(n), served.headers.get(n)) for n in differ]
    # nginx serves a gzip twin where the server has none to serve (the context): it says so
    assert _vary(served) <= _vary(static) <= _vary(served) | {"accept-encoding"}, path


def test_only_an_id_document_is_a_timegate_behind_the_front(front: str) -> None:
    """Any Accept-Datetime went to the server and every static answer said Vary:
    Accept-Datetime, where the server's TimeGates are the /id/ documents alone."""
    dated = {"Accept-Datetime": "Thu, 01 Jan 2015 00:00:00 GMT"}
    shapes = httpx.get(front + "/shapes.ttl", headers=dated)
    assert shapes.status_code == 200 and "server-timing" not in shapes.headers
    assert "accept-datetime" not in _vary(shapes)
    document = httpx.get(front + STATE_PATH + ".ttl", headers=dated)
    assert document.status_code == 302 and "server-timing" in document.headers


def test_a_revalidated_static_answer_keeps_its_headers(front_and_server: tuple[str, str]) -> None:
    front = front_and_server[0]
    first = httpx.get(front + STATE_PATH, headers={"Accept": "text/turtle"})
    again = httpx.get(
        front + STATE_PATH,
        headers={"Accept": "text/turtle", "If-Modified-Since": first.headers["last-modified"]},
    )
    assert again.status_code == 304
    for name in ("link", "content-location", "cache-control"):
        assert again.headers.get(name) == first.headers.get(name), name
    assert _vary(again) == _vary(first)


@pytest.mark.parametrize("path", [STATE_PATH, STATE_PATH + ".ttl", "/", "/shapes"])
def test_options_and_other_methods_are_the_servers_answers(
    front_and_server: tuple[str, str], path: str
) -> None:
    """nginx answered OPTIONS on a file 405 with no Allow, where the server says 204 and what
    the path allows; a POST is the server's 405 problem with Allow too."""
    front, server = front_and_server
    for method in ("OPTIONS", "POST", "DELETE"):
        static = httpx.request(method, front + path)
        served = httpx.request(method, server + path)
        assert static.status_code == served.status_code, (method, path)
        assert static.headers.get("allow") == served.headers.get("allow"), (method, path)
        assert "GET" in static.headers["allow"] and "OPTIONS" in static.headers["allow"]
    assert httpx.options(front + path).status_code == 204


def _vary(answer: httpx.Response) -> set[str]:
    return {
        v.strip().lower() for value in answer.headers.get_list("vary") for v in value.split(",")
    }


def test_expanded_json_ld_is_the_servers_answer(front: str) -> None:
    """The files are compacted: JSON-LD asked in its expanded form is passed to the server."""
    accept = 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"'
    r = httpx.get(front + STATE_PATH, headers={"Accept": accept})
    assert r.status_code == 200
    assert 'profile="http://www.w3.org/ns/json-ld#expanded"' in r.headers["content-type"]
    assert isinstance(r.json(), list) and STATE in r.text
