"""A corpus of hostile requests, sent byte for byte over a loopback socket to a real ``forcelaw
serve`` (uvicorn in front, so its HTTP parser is under test too). Each gets the right 4xx; after
all of them the same server, with the same worker processes, still answers.

``test_errors.py`` checks the same paths in-process with their exact problem bodies; this corpus
is about the whole stack: raw dot segments and broken percent-encoding that clients would
normalise away, megabyte queries, huge headers, and SERVICE targets that are allowlisted (so that
only the address check stands between the query and the network) yet loopback, private or cloud
metadata addresses.
"""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from forcelaw.store import DatasetInfo
from tests.server.conftest import Listener, LiveServer, serving
from tests.server.release_fixture import HOSTILE_TEXT, PROVISION

REFUSED_TARGETS = (
    "http://127.0.0.1:{port}/sparql",
    "http://localhost:{port}/sparql",
    "http://[::1]:{port}/sparql",
    "http://2130706433:{port}/sparql",
    "http://0x7f.1:{port}/sparql",
    "http://[::ffff:127.0.0.1]:{port}/sparql",
    "http://0.0.0.0:{port}/sparql",
    "http://10.0.0.1/sparql",
    "http://192.168.1.1/sparql",
    "http://172.16.0.1/sparql",
    "http://169.254.169.254/latest/meta-data/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://100.100.100.200/latest/meta-data/",
    "http://[fd00:ec2::254]/latest/meta-data/",
)
UPDATES = (
    "INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }",
    "DELETE DATA { <http://a/s> <http://a/p> <http://a/o> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "WITH <http://a/g> DELETE { ?s ?p ?o } INSERT { ?s ?p 2 } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://a/g>",
    "CLEAR ALL",
    "CLEAR DEFAULT",
    "CLEAR NAMED",
    "CLEAR SILENT GRAPH <https://w3id.org/forcelaw/id/graph/KZ>",
    "DROP ALL",
    "DROP GRAPH <https://w3id.org/forcelaw/id/graph/KZ>",
    "CREATE GRAPH <http://a/g>",
    "COPY DEFAULT TO <http://a/g>",
    "MOVE <https://w3id.org/forcelaw/id/graph/KZ> TO DEFAULT",
    "ADD <https://w3id.org/forcelaw/id/graph/KZ> TO <http://a/g>",
    "PREFIX ex: <http://a/>\n# a comment\ninsert data { ex:s ex:p ex:o }",
)


@dataclass(frozen=True)
class Hostile:
    name: str
    raw: bytes  # the whole request
    statuses: frozenset[int]
    slug: str | None = None  # the problem type, when the app (not uvicorn) answers


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def request(
    method: str,
    target: str,
    *,
    headers: dict[str, str] | None = None,
    body: bytes = b"",
) -> bytes:
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def send(port: int, raw: bytes, timeout: float = 30) -> Answer:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        # The server may answer and close before it has read a huge request whole.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(raw)
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except ConnectionResetError:
            pass
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Answer(int(status_line.split(" ")[1]), headers, body)


def get_query(query: str, **headers: str) -> bytes:
    return request("GET", "/sparql?query=" + quote(query, safe=""), headers=headers)


def post_query(query: str, content_type: str = "application/sparql-query") -> bytes:
    return request(
        "POST", "/sparql", headers={"Content-Type": content_type}, body=query.encode("utf-8")
    )


def post_form(**fields: str) -> bytes:
    body = "&".join(f"{k}={quote(v, safe='')}" for k, v in fields.items()).encode()
    return request(
        "POST", "/sparql", headers={"Content-Type": "application/x-www-form-urlencoded"}, body=body
    )


def corpus(listener_port: int) -> list[Hostile]:
    bad = frozenset({400})
    cases: list[Hostile] = []

    def add(name: str, raw: bytes, statuses: set[int], slug: str | None = None) -> None:
        cases.append(Hostile(name, raw, frozenset(statuses), slug))

    # malformed SPARQL
    for text in ("SELECT * WHERE {", "hello world", "SELECT ?x WHERE { ?x ?y }}}", "ASK {", "\x01"):
        add(f"malformed: {text!r}", get_query(text), set(bad), "malformed-query")
    add("malformed, POST", post_query("SELECT * WHERE { FILTER( }"), set(bad), "malformed-query")
    # megabyte queries
    mega = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (1024 * 1024)
    add("1 MB query, POST", post_query(mega), {413}, "request-too-large")
    add("1 MB query, form", post_form(query=mega), {413}, "request-too-large")
    # Past 65 535 bytes of request target the connection answers, before the app: 414 all the same.
    add("1 MB query, GET", get_query(mega), {414}, "uri-too-long")
    add("60 KB query, GET (within the limit)", get_query("ASK {} #" + "x" * 60_000), {200})
    add("70 KB query, GET", get_query("ASK {} #" + "x" * 70_000), {414}, "uri-too-long")
    add("70 KB path", request("GET", "/id/" + "x" * 70_000), {414}, "uri-too-long")
    # deep nesting
    add("41 nested groups", get_query("ASK " + "{" * 41 + "}" * 41), set(bad), "query-too-deep")
    deep = "ASK { FILTER(" + "(" * 20_000 + "1" + ")" * 20_000 + ") }"
    add("20 000 nested brackets", post_query(deep), set(bad), "query-too-deep")
    add("unbalanced 30 000 open", post_query("ASK " + "[" * 30_000), set(bad), "query-too-deep")
    # runs the engine nests one level an item, without a bracket: each overflowed a worker's
    # stack (SIGSEGV) in a fraction of a second
    for name, run in (
        ("8000 terms of +", "SELECT (" + "+".join(["1"] * 8000) + " AS ?x) {}"),
        ("10 000 terms of ||", "ASK { FILTER(" + "||".join(["?a"] * 10_000) + ") }"),
        ("7000 UNIONs", "ASK { " + "UNION".join(["{}"] * 7000) + " }"),
        ("3000 BINDs", "SELECT * { " + " ".join(f"BIND(1 AS ?v{i})" for i in range(3000)) + " }"),
        ("3000 MINUS", "ASK { " + " ".join(["MINUS{}"] * 3000) + " }"),
        ("3000 projections", "SELECT " + " ".join(f"(1 AS ?v{i})" for i in range(3000)) + " {}"),
        ("9000 objects", "ASK { ?s ?p " + ",".join(f"?o{i}" for i in range(9000)) + " }"),
    ):
        add(name, post_query(run), set(bad), "query-too-deep")
    # huge or odd Accept headers
    many = ", ".join(f"application/x-type-{i};q=0.{i % 10}" for i in range(300))
    add("8 KB Accept, none usable", get_query("ASK {}", Accept=many), {406}, "not-acceptable")
    huge = get_query("ASK {}", Accept="text/x" + ",text/x" * 16_000)
    add("100 KB Accept", huge, {400, 406, 431})
    add("Accept with bad q", get_query("ASK {}", Accept="*/*;q=abc, text/csv;q=-1"), {200, 406})
    # an unknown format value is no file name, nor a refusal: Accept (none here: JSON) decides
    add(
        "format=../../etc/passwd",
        request("GET", "/sparql?query=ASK%20%7B%7D&format=..%2F..%2Fetc%2Fpasswd"),
        {200},
    )
    # path traversal, raw and encoded
    for target in (
        "/dumps/../manifest.json",
        "/dumps/../../../../etc/passwd",
        "/dumps/..%2f..%2f..%2fetc%2fpasswd",
        "/dumps/%2e%2e/%2e%2e/etc/passwd",
        "/dumps/graphs/..%5c..%5cmanifest.json",
        "/id/../../etc/passwd",
        "/id/%2e%2e/%2e%2e/etc/passwd",
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2fapp.py",
    ):
        add(f"traversal {target}", request("GET", target), {400, 404})
    # one segment ("%2f" is no "/"): sent to its own spelling, "..%2F..%2Fetc%2Fpasswd", a 404
    traversal = "/id/%2e%2e%2f%2e%2e%2fetc%2fpasswd"
    add(f"traversal {traversal}", request("GET", traversal), {301, 404})
    # invalid percent-encoding and bytes
    add("query=%zz", request("GET", "/sparql?query=%zz"), set(bad), "malformed-query")
    add("query=%ff%fe", request("GET", "/sparql?query=%ff%fe"), set(bad), "bad-request")
    add("query=%", request("GET", "/sparql?query=ASK%"), set(bad), "malformed-query")
    add("/id/%ff%fe", request("GET", "/id/%ff%fe"), {301, 400, 404})  # 301: to "%FF%FE"
    add("/id/%zz", request("GET", "/id/%zz"), {400, 404})
    add("/id/%00", request("GET", "/id/%00"), {400, 404})
    add("/dumps/%c0%ae%c0%ae/", request("GET", "/dumps/%c0%ae%c0%ae/manifest.json"), {400, 404})
    add(
        "form body not UTF-8",
        request(
            "POST",
            "/sparql",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            body=b"query=%ff%fe",
        ),
        set(bad),
        "bad-request",
    )
    # SERVICE to loopback, private and metadata addresses (all allowlisted on this server)
    for template in REFUSED_TARGETS:
        target = template.format(port=listener_port)
        query = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
        add(f"SERVICE {target}", get_query(query), {403}, "service-refused")
    add(
        "SERVICE by variable",
        get_query("SELECT * WHERE { BIND(<http://127.0.0.1/> AS ?e) SERVICE ?e { ?s ?p ?o } }"),
        {403},
        "service-refused",
    )
    # UPDATE in every form, by every route
    for text in UPDATES:
        add(f"update GET: {text[:40]}", get_query(text), {403}, "update-refused")
        add(f"update POST: {text[:40]}", post_query(text), {403}, "update-refused")
        add(f"update form: {text[:40]}", post_form(update=text), {403}, "update-refused")
        add(
            f"update sparql-update: {text[:40]}",
            post_query(text, "application/sparql-update"),
            {403},
            "update-refused",
        )
    add(
        "escaped INSERT", get_query("\\u0049NSERT DATA { <http://a/s> <http://a/p> 1 }"), {400, 403}
    )
    # HTTP-level abuse
    add("TRACE", request("TRACE", "/sparql"), {405}, "method-not-allowed")
    add("DELETE", request("DELETE", "/id/state/KZ"), {405}, "method-not-allowed")
    add(
        "declared 1 GB body",
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 1000000000\r\nConnection: close\r\n\r\nASK {}",
        {413},
        "request-too-large",
    )
    add(
        "negative Content-Length",
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\nConnection: close\r\n\r\n",
        {400},
        "bad-request",
    )
    add(
        "bad chunked body",
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nASK {}\r\n0\r\n\r\n",
        {400},
        "bad-request",
    )
    tls = b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64
    add("not HTTP at all", tls, {400}, "bad-request")
    # The parser refuses these before any view: the answer is still a problem, not text/plain.
    for path in (b"/id/state/K\xc3\xa9", b"/id/state/\xff", b"/id/state/a b", b"/sparql\x7f"):
        raw = (
            b"GET "
            + path
            + b" HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n"
        )
        add(f"raw bytes in the target {path!r}", raw, {400}, "bad-request")
    add(
        "a header line without a colon",
        b"GET /sparql HTTP/1.1\r\nHost: x\r\nno colon here\r\nConnection: close\r\n\r\n",
        {400},
        "bad-request",
    )
    post = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    smuggled = b"0\r\n\r\nGET /sparql HTTP/1.1\r\nHost: x\r\n\r\n"
    for name, raw in (
        ("Content-Length and Transfer-Encoding", post + b"Content-Length: 6\r\n"
         b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + smuggled),
        ("two Content-Lengths", post + b"Content-Length: 6\r\nContent-Length: 40\r\n"
         b"Connection: close\r\n\r\nASK {}"),
        ("two Transfer-Encodings", post + b"Transfer-Encoding: chunked\r\n"
         b"Transfer-Encoding: identity\r\nConnection: close\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n"),
        ("a chunk size past 64 bits", post + b"Transfer-Encoding: chunked\r\n"
         b"Connection: close\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\nASK {}\r\n0\r\n\r\n"),
        ("a NUL in a header", b"GET /sparql HTTP/1.1\r\nHost: x\r\nAccept: a\x00b\r\n\r\n"),
        ("a folded header line", b"GET /sparql HTTP/1.1\r\nHost: x\r\nAccept: text/csv,\r\n"
         b" text/tab-separated-values\r\n\r\n"),
        ("CONNECT", b"CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n"),
    ):  # fmt: skip
        add(name, raw, {400}, "bad-request")
    # (An ORDER BY over a mix the engine aborts on costs one worker a shape, then is answered:
    # tests/server/test_total_order.py. The corpus's end checks the workers are the same.)
    add(
        "1000 byte ranges",
        request("GET", "/dumps/dataset.nq", headers={"Range": "bytes=" + "0-0," * 1000 + "1-1"}),
        {200, 206, 416},
    )
    add("page=-1", request("GET", "/id/state/KZ?page=-1"), {400, 404})
    add("page=10**30", request("GET", "/id/state/KZ?page=" + "9" * 30), {400, 404})
    add(
        "default-graph-uri not an IRI",
        request("GET", "/sparql?query=ASK%20%7B%7D&default-graph-uri=%3Cjavascript%3Aalert(1)"),
        set(bad),
        "invalid-dataset",
    )
    return cases


@pytest.fixture(scope="module")
def hostile_live(
    loaded: tuple[Path, Path, DatasetInfo],
    listener: Listener,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveServer]:
    """``forcelaw serve`` whose SERVICE allowlist names loopback, private and metadata targets."""
    allowlist = ",".join(t.format(port=listener.port) for t in REFUSED_TARGETS)
    with serving(
        loaded[0], tmp_path_factory.mktemp("hostile"),
        "--timeout", "2", "--workers", "2", "--worker-memory-mb", "768",
        "--max-depth", "40", "--service-allowlist", allowlist,
    ) as server:  # fmt: skip
        yield server


def test_hostile_corpus(hostile_live: LiveServer, listener: Listener) -> None:
    port = int(hostile_live.url.rsplit(":", 1)[1])
    workers = hostile_live.worker_pids()
    cases = corpus(listener.port)
    wrong = []
    for case in cases:
        answer = send(port, case.raw)
        problem_ok = True
        if case.slug is not None:
            problem_ok = answer.headers.get("content-type") == "application/problem+json"
            if problem_ok:
                problem_ok = json.loads(answer.body)["type"].endswith("/" + case.slug)
        if len(answer.body) > 64 * 1024 and answer.status >= 400:
            problem_ok = False  # an error never echoes a huge request back
        if 300 <= answer.status < 400:  # a redirect never leaves the site
            location = answer.headers.get("location", "")
            problem_ok = location.startswith("/") and not location.startswith("//")
        if answer.status not in case.statuses or not problem_ok:
            wrong.append(f"{case.name}: {answer.status} {answer.body[:200]!r}")
        assert hostile_live.process.poll() is None, f"the server died on {case.name}"
    print(f"{len(cases)} hostile requests, {len(cases) - len(wrong)} answered as expected")
    assert wrong == []
    assert listener.connections == []  # no SERVICE call ever left
    # The server keeps serving, with the same workers (none had to be replaced).
    ok = httpx.get(hostile_live.endpoint, params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert ok.status_code == 200 and ok.json()["boolean"] is True
    count = httpx.get(
        hostile_live.endpoint,
        params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "format": "json"},
        timeout=10,
    )
    assert count.json()["results"]["bindings"][0]["n"]["value"] == "13"  # no update got through
    assert hostile_live.worker_pids() == workers


def test_literals_with_html_and_script_stay_text(hostile_live: LiveServer) -> None:
    path = PROVISION.removeprefix("https://w3id.org/forcelaw")
    page = httpx.get(hostile_live.url + path, headers={"Accept": "text/html"}, timeout=10)
    assert page.status_code == 200
    assert "<script>" in HOSTILE_TEXT and "<script>" not in page.text.split("</head>", 1)[1]
    assert "&lt;script&gt;alert(" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    # A query put in the query page's editor cannot close the configuration's script element.
    attack = "</script><script>alert(1)</script><!--"
    query_page = httpx.get(hostile_live.url + "/query", params={"query": attack}, timeout=10)
    assert query_page.status_code == 200
    assert "<script>alert(1)</script>" not in query_page.text
