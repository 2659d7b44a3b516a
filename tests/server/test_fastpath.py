"""The fast path answers exactly as the router would: same status, headers and body.

Two apps serve the same rendered release, one with the fast path and one without; every request
of a matrix (formats by suffix, ``format=`` and Accept; gzip; conditional requests; CORS; HEAD;
paging, citations, unknown documents, refused and uncached queries, which the fast path leaves
to the router) must get the same answer from both, request id and timing aside. Spies on the
views' own helpers show that the fast app really answered the hits without the router.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from fastapi.testclient import TestClient

from forcelaw.formats import BY_KEY, Kind
from forcelaw.server import fastpath, sparql, static_site
from forcelaw.server.app import create_app
from forcelaw.server.render import InProcessStore, render_release
from forcelaw.server.settings import Settings
from forcelaw.store import DatasetInfo, load_release
from tests.server.release_fixture import STATE

STATE_PATH = "/id/" + STATE.rsplit("/id/", 1)[1]
PER_REQUEST = {"x-request-id", "server-timing"}
QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 5"
EQUIVALENT = "# the same query\nselect ?s ?p ?o where {?s ?p ?o} order by ?s ?p ?o limit 5"
GRAPH_QUERY = f"DESCRIBE <{STATE}>"


@dataclass
class Pair:
    fast: TestClient
    slow: TestClient

    def both(self, method: str, url: str, headers: dict[str, str]) -> httpx.Response:
        """The fast app's answer, after checking that the router's is the same."""
        fast = self.fast.request(method, url, headers=headers)
        slow = self.slow.request(method, url, headers=headers)
        where = f"{method} {url} {headers}"
        assert fast.status_code == slow.status_code, where
        assert _body(fast) == _body(slow), where
        assert _headers(fast) == _headers(slow), where
        return fast


def _body(response: httpx.Response) -> bytes:
    """The body, with the request id (in a problem's ``instance`` and ``request_id``) masked."""
    return response.content.replace(response.headers["x-request-id"].encode(), b"<id>")


def _headers(response: httpx.Response) -> list[tuple[str, str]]:
    return sorted((k.lower(), v) for k, v in response.headers.multi_items() if k not in PER_REQUEST)


@pytest.fixture(scope="module")
def release(
    loaded: tuple[Path, Path, DatasetInfo], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    path = tmp_path_factory.mktemp("fastpath") / "release"
    shutil.copytree(loaded[0], path)
    render_release(path)
    return path


# A local client is exempt from the rate limit, so the outer fast path (outside the middlewares)
# answers it; a public client is answered by the inner one, after the rate limit.
CLIENTS = {"local": ("127.0.0.1", 4242), "public": ("203.0.113.7", 4242)}


@pytest.fixture(params=sorted(CLIENTS))
def pair(release: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Pair]:
    clients = []
    for fast in (True, False):
        store_dir = tmp_path / f"store-{fast}"
        dataset = load_release(release, store_dir)
        settings = Settings(
            release=release,
            fast_path=fast,
            cors_origins=("https://a.example",),
            rate_limit=1e6,
            rate_burst=1_000_000,
        )
        app = create_app(settings, InProcessStore(store_dir, dataset))
        address = CLIENTS[request.param]
        clients.append(TestClient(app, base_url="http://127.0.0.1", client=address))
    with clients[0] as fast_client, clients[1] as slow_client:
        yield Pair(fast_client, slow_client)


DOCUMENT_URLS = [
    STATE_PATH,
    *(f"{STATE_PATH}.{suffix}" for suffix in ("ttl", "nt", "jsonld", "rdf", "trig", "nq", "html")),
    f"{STATE_PATH}?format=turtle",
    f"{STATE_PATH}?format=jsonld",
    f"{STATE_PATH}?format=nonsense",
    f"{STATE_PATH}?format=nt&format=turtle",
    f"{STATE_PATH}?format=nonsense&format=jsonld",
    f"{STATE_PATH}?page=2",
    f"{STATE_PATH}?format=turtle&page=1",
    f"{STATE_PATH}.bib",
    f"{STATE_PATH}/",
    "/id/state/NOWHERE",
    "/id/state/NOWHERE.ttl",
    # spelled otherwise than decoded: the view decides (a 301, or a 404 for an encoded "/")
    STATE_PATH.replace("/KZ", "/%4B%5A"),
    STATE_PATH.replace("/KZ", "%2FKZ"),
    STATE_PATH + "%2F",
    "/id/./" + STATE_PATH.removeprefix("/id/"),
]
ACCEPTS = [
    None,
    "text/turtle",
    "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
    "application/ld+json",
    "application/rdf+xml;q=0.9, text/turtle;q=0.5",
    "application/x-bibtex",
    "image/png",
]


@pytest.mark.parametrize("url", DOCUMENT_URLS)
def test_documents_answer_the_same(pair: Pair, url: str) -> None:
    for accept in ACCEPTS:
        for encoding in ("identity", "gzip", "gzip;q=0"):
            headers = {"Accept-Encoding": encoding}
            if accept is not None:
                headers["Accept"] = accept
            for method in ("GET", "HEAD"):
                pair.both(method, url, headers)


def test_conditional_and_cors_answer_the_same(pair: Pair) -> None:
    first = pair.both("GET", STATE_PATH, {"Accept": "text/turtle", "Accept-Encoding": "gzip"})
    assert first.status_code == 200
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    for headers in (
        {"If-None-Match": etag},
        {"If-None-Match": f'"other", {etag}'},
        {"If-None-Match": '"other"'},
        {"If-Modified-Since": modified},
        {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"},
        {"If-Modified-Since": "not a date"},
        {"If-Match": '"other"'},
        {"If-Match": etag},
        {"If-Unmodified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"},
        {"Origin": "https://a.example"},
        {"Origin": "https://b.example"},
    ):
        pair.both(
            "GET", STATE_PATH, {"Accept": "text/turtle", "Accept-Encoding": "gzip", **headers}
        )


def _sparql_url(query: str, **params: str) -> str:
    return "/sparql?" + urlencode({"query": query, **params})


def test_sparql_hits_answer_the_same(pair: Pair) -> None:
    for accept in ("application/sparql-results+json", "text/csv", None):
        headers = {"Accept": accept} if accept else {}
        first = pair.both("GET", _sparql_url(QUERY), headers)
        assert first.headers["x-cache"] == ("hit" if accept is None else "miss")  # JSON: default
        hit = pair.both("GET", _sparql_url(QUERY), headers)
        assert hit.headers["x-cache"] == "hit" and hit.content == first.content
        same = pair.both("GET", _sparql_url(EQUIVALENT), headers)
        assert same.headers["x-cache"] == "hit"
        for conditional in (hit.headers["etag"], '"other"', "*"):
            pair.both("GET", _sparql_url(QUERY), {**headers, "If-None-Match": conditional})
    pair.both("GET", _sparql_url(QUERY, format="tsv"), {})
    pair.both("GET", _sparql_url(QUERY, format="tsv"), {})
    pair.both("GET", _sparql_url(QUERY, format="nonsense"), {})
    pair.both("GET", _sparql_url(GRAPH_QUERY), {"Accept": "text/turtle"})
    pair.both(
        "GET", _sparql_url(GRAPH_QUERY), {"Accept": "text/turtle", "Origin": "https://a.example"}
    )
    graph = "https://w3id.org/forcelaw/id/graph/none"
    for _ in range(2):
        pair.both("GET", _sparql_url(QUERY, **{"default-graph-uri": graph}), {})


def test_a_repeated_request_is_looked_up_by_its_query_string_and_accept(pair: Pair) -> None:
    """The key a GET comes to is remembered by its query string and Accept, never shared by
    requests that differ in either (format, dataset), and not kept for long requests."""
    answers = pair.fast.app.state.answers  # type: ignore[attr-defined]
    requests = [
        (_sparql_url(QUERY), {"Accept": "application/sparql-results+json"}),
        (_sparql_url(QUERY), {"Accept": "text/csv"}),
        (_sparql_url(QUERY, format="tsv"), {"Accept": "text/csv"}),
        (_sparql_url(QUERY, **{"default-graph-uri": STATE}), {"Accept": "text/csv"}),
    ]
    for url, headers in requests:
        pair.both("GET", url, headers)  # a miss, then kept
    before = len(answers.request_keys)
    seen = {}
    for url, headers in requests:
        hit = pair.both("GET", url, headers)
        assert hit.headers["x-cache"] == "hit", url
        seen[(url, headers["Accept"])] = (hit.headers["etag"], hit.headers["content-type"])
    assert len(answers.request_keys) == before  # looked up, none added
    assert len(set(seen.values())) == len(requests)  # four answers, four keys
    assert len({key for key, _ in answers.request_keys.items()}) >= len(requests)
    long_query = QUERY + " #" + "x" * fastpath.REQUEST_MEMO_BYTES
    for _ in range(2):
        assert pair.both("GET", _sparql_url(long_query), {})  # answered all the same
    assert len(answers.request_keys) == before


@pytest.mark.parametrize(
    "url",
    [
        "/sparql",
        "/sparql?query=",
        "/sparql?query=SELECT",
        _sparql_url("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"),
        _sparql_url("DELETE WHERE { ?s ?p ?o }"),
        _sparql_url("SELECT * WHERE " + "{" * 100 + "}" * 100),
        _sparql_url(QUERY) + "&query=x",
        _sparql_url(QUERY) + "&update=x",
        "/sparql?query=%ff",
    ],
)
def test_what_the_router_decides_answers_the_same(pair: Pair, url: str) -> None:
    for _ in range(2):
        response = pair.both("GET", url, {"Accept": "application/sparql-results+json"})
        assert response.status_code != 500


def test_browser_following_a_query_link_is_redirected_by_both(pair: Pair) -> None:
    pair.fast.get(_sparql_url(QUERY))  # cached
    for client in (pair.fast, pair.slow):
        response = client.get(
            _sparql_url(QUERY), headers={"Accept": "text/html"}, follow_redirects=False
        )
        assert response.status_code == 303


def test_hits_skip_the_router(pair: Pair, monkeypatch: pytest.MonkeyPatch) -> None:
    """The views' helpers are not called when the fast path answers; they are without it."""
    calls: list[str] = []
    known, respond = sparql.known_answer, static_site.respond
    monkeypatch.setattr(sparql, "known_answer", lambda *a: calls.append("sparql") or known(*a))
    monkeypatch.setattr(static_site, "respond", lambda *a: calls.append("static") or respond(*a))
    for client in (pair.fast, pair.slow):
        client.get(_sparql_url(QUERY))  # a miss: the view answers, and keeps it
    calls.clear()
    assert pair.fast.get(_sparql_url(QUERY)).headers["x-cache"] == "hit"
    assert pair.fast.get(f"{STATE_PATH}.ttl").status_code == 200
    assert calls == []
    assert pair.slow.get(_sparql_url(QUERY)).headers["x-cache"] == "hit"
    assert pair.slow.get(f"{STATE_PATH}.ttl").status_code == 200
    assert calls == ["sparql", "static"]


def test_request_headers_keep_the_first_value() -> None:
    raw = [(b"Accept", b"text/turtle"), (b"accept", b"text/html"), (b"X-Other", b"\xe9")]
    assert fastpath.request_headers(raw) == {"accept": "text/turtle", "x-other": "\xe9"}


def test_documents_rendered_on_request_answer_the_same(pair: Pair) -> None:
    """Without static files a document is rendered once, then answered from the cache."""
    for client in (pair.fast, pair.slow):
        client.app.state.site.memo["static"] = {}  # type: ignore[attr-defined]
    urls = [STATE_PATH, f"{STATE_PATH}.ttl", f"{STATE_PATH}.jsonld", f"{STATE_PATH}.html"]
    for _ in range(2):
        for url in [*urls, "/id/state/NOWHERE.ttl"]:
            for accept in ("text/turtle", "application/ld+json", "text/html"):
                pair.both("GET", url, {"Accept": accept, "Accept-Encoding": "gzip"})
    first = pair.both("GET", f"{STATE_PATH}.ttl", {})
    pair.both("GET", f"{STATE_PATH}.ttl", {"If-None-Match": first.headers["etag"]})
    site = pair.fast.app.state.site  # type: ignore[attr-defined]
    assert len(site.documents) == 3  # one document in three formats; the 404 is not kept
    pages = set()
    for origin in ("http://127.0.0.1", "https://127.0.0.1", "http://other.example"):
        client = TestClient(pair.fast.app, base_url=origin, client=CLIENTS["local"])
        page = client.get(f"{STATE_PATH}.html").text
        # its absolute links name the published site, as a static file's do: never a Host
        assert f"{STATE}" in page and origin.split("://")[1] not in page
        pages.add(page)
    assert len(pages) == 1 and len(site.documents) == 3  # one document, kept once


def test_the_rate_limit_still_applies_to_hits(release: Path, tmp_path: Path) -> None:
    """A public client over its rate gets 429 even for an answer the fast path holds."""
    dataset = load_release(release, tmp_path / "store")
    settings = Settings(release=release, rate_limit=1.0, rate_burst=3)
    app = create_app(settings, InProcessStore(tmp_path / "store", dataset))
    with TestClient(app, base_url="http://127.0.0.1", client=CLIENTS["public"]) as client:
        statuses = [client.get(f"{STATE_PATH}.ttl").status_code for _ in range(5)]
    assert statuses[:3] == [200] * 3 and statuses[3:] == [429, 429]


def test_accept_datetime_goes_to_the_timegate(pair: Pair) -> None:
    when = "Thu, 01 Jan 2026 00:00:00 GMT"
    pair.both("GET", f"{STATE_PATH}.ttl", {"Accept-Datetime": when})


def test_a_failing_lookup_falls_back_to_the_views(
    pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A static file that cannot be read is the views' to report, as problem+json."""

    def broken(*args: object) -> None:
        raise OSError("gone")

    monkeypatch.setattr(fastpath.static_site, "answer", broken)
    response = pair.fast.get(f"{STATE_PATH}.ttl")
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/problem+json")


def test_long_accept_values_are_not_remembered() -> None:
    """The negotiation memos keep their keys: values a client chooses are remembered only while
    short (4,096 Accept headers of megabytes each were kept before)."""
    before = (
        fastpath._page_preferred_memo.cache_info().currsize,
        fastpath._answer_format_memo.cache_info().currsize,
        fastpath._document_format_memo.cache_info().currsize,
    )
    for i in range(20):
        accept = f"text/x-{i}, " * 100 + "text/turtle"
        assert fastpath._page_preferred(accept) is False
        assert fastpath._answer_format(Kind.GRAPH, accept, ()) is BY_KEY["turtle"]
        assert fastpath._document_format(accept, (), None) == (BY_KEY["turtle"], True)
    after = (
        fastpath._page_preferred_memo.cache_info().currsize,
        fastpath._answer_format_memo.cache_info().currsize,
        fastpath._document_format_memo.cache_info().currsize,
    )
    assert after == before
    fastpath._answer_format(Kind.GRAPH, "text/turtle;q=0.123", ())  # a short one is
    assert fastpath._answer_format_memo.cache_info().currsize == before[1] + 1


def test_negotiations_are_remembered_for_values_short_in_bytes() -> None:
    """A format value of 200 four-byte characters is 800 bytes: not remembered, as 800 ASCII
    characters would not be; 200 ASCII characters are."""
    assert fastpath._long(None, "\U0001f600" * 200)
    assert fastpath._long("a" * 800)
    assert not fastpath._long("a" * 200, "b" * 200)
