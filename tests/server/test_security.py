"""Security headers on pages and answers, the limits in settings and in the service description,
and the per-client rate limit (token buckets, then the middleware with a fake clock)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDFS, Graph, Literal, URIRef

from forcelaw.errors import QueryTimeout
from forcelaw.server.app import create_app
from forcelaw.server.ratelimit import RateLimiter, TokenBucket, client_key, retry_after
from forcelaw.server.security import PAGE_CSP, QUERY_PAGE_CSP, security_headers
from forcelaw.server.service_description import FLSD
from forcelaw.server.settings import Settings, from_sources, unreachable_limits
from forcelaw.store import DatasetInfo
from tests.server.conftest import Built, Listener, fake_resolver, test_settings
from tests.server.test_errors import FakeStore, assert_problem

HTML = "text/html; charset=utf-8"


# --- headers --------------------------------------------------------------------------------


def csp(header: str) -> dict[str, str]:
    return {
        part.strip().split(" ", 1)[0]: part.strip().split(" ", 1)[1]
        for part in header.split(";")
        if part.strip()
    }


def test_page_policy_allows_nothing_but_this_origin() -> None:
    policy = csp(PAGE_CSP)
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'none'" and policy["object-src"] == "'none'"
    query = csp(QUERY_PAGE_CSP)
    assert query["script-src"] == "'self'"
    assert query["style-src"] == "'self' 'unsafe-inline'"  # YASGUI's table grips
    assert {k: v for k, v in query.items() if k != "style-src"} == {
        k: v for k, v in policy.items() if k != "style-src"
    }


def test_security_headers_by_type_and_path() -> None:
    page = security_headers("/id/state/KZ", HTML)
    assert page["Content-Security-Policy"] == PAGE_CSP
    assert page["X-Frame-Options"] == "DENY"
    assert security_headers("/query", HTML)["Content-Security-Policy"] == QUERY_PAGE_CSP
    data = security_headers("/sparql", "application/sparql-results+json")
    assert "Content-Security-Policy" not in data
    assert data["X-Content-Type-Options"] == "nosniff"
    assert data["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Content-Security-Policy" not in security_headers("/x", None)


@pytest.mark.parametrize(
    "path",
    ["/", "/query", "/id/state/KZ", "/id/nothing/here", "/dumps/", "/ontology", "/sparql"],
)
def test_every_html_page_has_the_headers(site: TestClient, path: str) -> None:
    response = site.get(path, headers={"Accept": "text/html"})
    assert response.headers["content-type"].startswith("text/html"), path
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    policy = csp(response.headers["content-security-policy"])
    assert policy["frame-ancestors"] == "'none'" and policy["script-src"] == "'self'"
    # No inline script could run under that policy: every executable script is a file.
    text = response.text
    for chunk in text.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert 'src="/static/' in tag or "application/json" in tag or "ld+json" in tag, tag


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/sparql", {"Accept": "text/turtle"}),
        ("/id/state/KZ", {"Accept": "text/turtle"}),
        ("/dumps/manifest.json", {}),
        ("/nothing", {}),
        ("/static/query.js", {}),
    ],
)
def test_other_answers_are_not_sniffed(
    site: TestClient, path: str, headers: dict[str, str]
) -> None:
    response = site.get(path, headers=headers)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in response.headers


def test_problems_carry_the_headers_too(site: TestClient) -> None:
    response = site.get("/sparql", params={"query": "SELECT nonsense"})
    assert response.status_code == 400
    assert response.headers["x-content-type-options"] == "nosniff"


# --- limits in settings and the service description -----------------------------------------


def test_limit_settings_from_the_environment() -> None:
    settings = from_sources(
        {},
        {
            "FORCELAW_MAX_QUERY_LENGTH": "1000",
            "FORCELAW_MAX_CONNECTIONS": "32",
            "FORCELAW_RATE_LIMIT": "2.5",
            "FORCELAW_RATE_BURST": "5",
            "FORCELAW_RATE_LIMIT_LOOPBACK": "yes",
        },
    )
    assert (settings.max_query_length, settings.max_connections) == (1000, 32)
    assert (settings.rate_limit, settings.rate_burst, settings.rate_limit_loopback) == (
        2.5,
        5,
        True,
    )
    assert from_sources({}, {"FORCELAW_RATE_LIMIT": "0"}).rate_limit == 0
    for bad in ({"FORCELAW_RATE_LIMIT": "-1"}, {"FORCELAW_RATE_LIMIT_LOOPBACK": "maybe"}):
        with pytest.raises(ValueError):
            from_sources({}, bad)
    with pytest.raises(ValueError, match="max_query_length"):
        Settings(max_query_length=0)
    timeouts = from_sources({"body_timeout": "5"}, {"FORCELAW_HEADER_TIMEOUT": "2.5"})
    assert (timeouts.header_timeout, timeouts.body_timeout) == (2.5, 5.0)
    assert (Settings().header_timeout, Settings().body_timeout) == (10.0, 30.0)
    for bad_timeout in ({"header_timeout": 0.0}, {"body_timeout": -1.0}):
        with pytest.raises(ValueError, match="_timeout"):
            Settings(**bad_timeout)


def test_service_description_advertises_every_limit(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.text, format="turtle")
    service = URIRef("https://w3id.org/forcelaw/sparql")  # the published endpoint, any Host

    def value(name: str) -> object:
        found = graph.value(service, URIRef(FLSD + name))
        assert isinstance(found, Literal), name
        return found.toPython()

    assert value("maxQueryLength") == 65_536
    assert value("maxRequestBytes") == 4096
    assert value("maxResultRows") == 50 and value("maxResultBytes") == 200_000
    assert value("concurrentQueries") == 2 and value("maxQueuedQueries") == 64
    assert value("maxConnections") == 256
    assert float(str(value("headerTimeout"))) == 10.0
    assert float(str(value("bodyTimeout"))) == 30.0
    assert float(str(value("rateLimit"))) == 10.0 and value("rateBurst") == 60
    for term in ("maxQueryLength", "concurrentQueries", "rateLimit"):
        assert (URIRef(FLSD + term), None, None) in graph  # defined in the description


def test_query_too_long(loaded: tuple[Path, Path, DatasetInfo], listener: Listener) -> None:
    settings = test_settings(listener, max_query_length=100, max_request_bytes=10_000)
    app = create_app(settings, FakeStore(loaded[2], RuntimeError("unused")), resolver=fake_resolver)
    with TestClient(app) as test_client:
        query = "ASK {} #" + "x" * 200
        response = test_client.post(
            "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
        )
        body = assert_problem(response, 413, "query-too-long")
        assert (body["length"], body["max"]) == (len(query), 100)


@pytest.fixture(scope="module")
def default_limits(
    loaded: tuple[Path, Path, DatasetInfo], listener: Listener
) -> Iterator[TestClient]:
    """The app with the default request and query limits, over a store that answers 504: a
    query that passes both limits reaches the store."""
    defaults = Settings()
    settings = test_settings(
        listener,
        max_request_bytes=defaults.max_request_bytes,
        max_query_length=defaults.max_query_length,
    )
    store = FakeStore(loaded[2], QueryTimeout(5.0))
    with TestClient(create_app(settings, store, resolver=fake_resolver)) as test_client:
        yield test_client


def test_the_default_query_limit_is_met_before_the_request_limit(
    default_limits: TestClient,
) -> None:
    """With the defaults, a query one character too long is refused as too long a query (413
    query-too-long) sent directly or as a form, not as too large a request: the two limits were
    equal, so a longer query was always a larger request first."""
    limit = Settings().max_query_length
    too_long = "ASK {} #" + "x" * (limit - 7)
    assert len(too_long) == limit + 1
    direct = default_limits.post(
        "/sparql", content=too_long, headers={"Content-Type": "application/sparql-query"}
    )
    form = default_limits.post("/sparql", data={"query": too_long})
    for response in (direct, form):
        body = assert_problem(response, 413, "query-too-long")
        assert (body["length"], body["max"]) == (limit + 1, limit)
    # a query at the limit in the widest characters UTF-8 has (4 bytes) is no larger a
    # request than the limit allows: it reaches the store (here, a timeout)
    widest = "ASK {} #" + "\U0001f600" * (limit - 8)
    assert len(widest) == limit and len(widest.encode("utf-8")) > limit
    at_limit = default_limits.post(
        "/sparql",
        content=widest.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert_problem(at_limit, 504, "query-timeout")


def test_query_too_long_by_get(loaded: tuple[Path, Path, DatasetInfo], listener: Listener) -> None:
    settings = test_settings(listener, max_query_length=100, max_request_bytes=10_000)
    app = create_app(settings, FakeStore(loaded[2], RuntimeError("unused")), resolver=fake_resolver)
    with TestClient(app) as test_client:
        query = "ASK {} #" + "x" * 200
        for accept in ("application/sparql-results+json", "text/html"):
            response = test_client.get(
                "/sparql", params={"query": query}, headers={"Accept": accept}
            )
            assert response.status_code == 413
        body = assert_problem(
            test_client.get("/sparql", params={"query": query}), 413, "query-too-long"
        )
        assert (body["length"], body["max"]) == (len(query), 100)


def test_a_query_limit_past_the_request_limit_is_said_to_be_unreachable() -> None:
    assert unreachable_limits(Settings()) == []
    assert unreachable_limits(Settings(max_query_length=1000, max_request_bytes=4096)) == []
    [warning] = unreachable_limits(Settings(max_query_length=4096, max_request_bytes=4096))
    assert "max_query_length (4096 characters) is never reached" in warning


def test_the_service_description_says_which_limit_is_met_first(client: TestClient) -> None:
    graph = Graph().parse(
        data=client.get("/sparql", headers={"Accept": "text/turtle"}).text, format="turtle"
    )
    comment = str(graph.value(URIRef(FLSD + "maxQueryLength"), RDFS.comment))
    assert "maxRequestBytes" in comment
    assert "before the query" in str(graph.value(URIRef(FLSD + "maxRequestBytes"), RDFS.comment))


# --- rate limit: the pure part ----------------------------------------------------------------


def test_bucket_grants_a_burst_then_the_rate() -> None:
    bucket = TokenBucket.full(rate=2.0, burst=3, now=100.0)
    assert [bucket.take(100.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take(100.0) == pytest.approx(0.5)  # one token back in half a second
    assert bucket.take(100.5) == 0.0
    assert bucket.take(100.5) == pytest.approx(0.5)
    assert bucket.take(110.0) == 0.0 and bucket.tokens == pytest.approx(2.0)  # capped at burst
    assert [bucket.take(109.0), bucket.take(109.0)] == [0.0, 0.0]
    assert bucket.take(109.0) > 0  # a clock going back refills nothing


@given(
    rate=st.floats(0.1, 100),
    burst=st.integers(1, 50),
    gaps=st.lists(st.floats(0, 5), max_size=60),
)
def test_bucket_never_grants_more_than_burst_plus_rate_times_time(
    rate: float, burst: int, gaps: list[float]
) -> None:
    bucket = TokenBucket.full(rate, burst, 0.0)
    now, granted = 0.0, 0
    for gap in gaps:
        now += gap
        wait = bucket.take(now)
        assert wait >= 0
        granted += wait == 0.0
        assert 0 <= bucket.tokens <= burst
    assert granted <= burst + rate * now + 1e-6


def test_limiter_keys_and_forgets_the_oldest() -> None:
    limiter = RateLimiter(rate=1.0, burst=1, max_clients=2)
    assert limiter.check("a", 0.0) == 0.0
    assert limiter.check("a", 0.0) == pytest.approx(1.0)
    assert limiter.check("b", 0.0) == 0.0
    assert limiter.check("c", 0.0) == 0.0  # "a" is forgotten: the table stays bounded
    assert len(limiter) == 2
    assert limiter.check("a", 0.0) == 0.0
    with pytest.raises(ValueError):
        RateLimiter(rate=0, burst=1)


def test_client_keys() -> None:
    assert client_key("203.0.113.9") == ("203.0.113.9", False)
    assert client_key("127.0.0.1") == ("127.0.0.1", True)
    assert client_key("::1") == ("::1/128", True) or client_key("::1")[1]
    assert client_key("2001:db8::1") == ("2001:db8::/64", False)
    assert client_key("2001:db8::ffff:1")[0] == client_key("2001:db8::2")[0]
    assert client_key("::ffff:203.0.113.9") == ("203.0.113.9", False)
    assert client_key(None)[1] and client_key("testclient")[1]
    assert [retry_after(s) for s in (0.01, 1.0, 1.2)] == [1, 1, 2]


# --- rate limit: the middleware ---------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def limited(
    loaded: tuple[Path, Path, DatasetInfo], listener: Listener
) -> Iterator[tuple[TestClient, Clock]]:
    settings = test_settings(listener, rate_limit=1.0, rate_burst=3, release=loaded[0])
    app = create_app(settings, FakeStore(loaded[2], RuntimeError("unused")), resolver=fake_resolver)
    clock = Clock()
    for middleware in app.user_middleware:
        if middleware.cls.__name__ == "RateLimitMiddleware":
            middleware.kwargs["clock"] = clock
    with TestClient(app, base_url="http://127.0.0.1", client=("203.0.113.7", 4242)) as test_client:
        yield test_client, clock


def test_rate_limit_answers_429_with_retry_after(limited: tuple[TestClient, Clock]) -> None:
    test_client, clock = limited
    assert [test_client.get("/problems/not-found").status_code for _ in range(3)] == [200] * 3
    refused = test_client.get("/problems/not-found")
    body = assert_problem(refused, 429, "rate-limited")
    assert refused.headers["retry-after"] == "1" and body["retry_after"] == 1
    assert "203.0.113.7" in body["detail"]
    clock.now += 1.0
    assert test_client.get("/problems/not-found").status_code == 200


def test_a_rate_limited_browser_reads_a_page(limited: tuple[TestClient, Clock]) -> None:
    """The 429 was problem+json for every client; a browser gets the page other errors give
    it, with the same status and Retry-After."""
    test_client, clock = limited
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    for _ in range(3):
        test_client.get("/problems/not-found", headers=browser)
    page = test_client.get("/problems/not-found", headers=browser)
    assert page.status_code == 429 and page.headers["retry-after"] == "1"
    assert page.headers["content-type"] == HTML
    assert "<h1>Too many requests</h1>" in page.text and "203.0.113.7" in page.text
    assert_problem(test_client.get("/problems/not-found"), 429, "rate-limited")  # a program
    clock.now += 5.0


def test_loopback_is_exempt_unless_configured(
    loaded: tuple[Path, Path, DatasetInfo], listener: Listener
) -> None:
    for include, expected in ((False, {200}), (True, {200, 429})):
        settings = test_settings(
            listener, rate_limit=1.0, rate_burst=2, rate_limit_loopback=include
        )
        app = create_app(settings, FakeStore(loaded[2], RuntimeError("unused")))
        with TestClient(app, client=("127.0.0.1", 4242)) as test_client:
            statuses = {test_client.get("/problems/not-found").status_code for _ in range(5)}
        assert statuses == expected


def test_rate_limit_off(loaded: tuple[Path, Path, DatasetInfo], listener: Listener) -> None:
    settings = test_settings(listener, rate_limit=0.0)
    app = create_app(settings, FakeStore(loaded[2], RuntimeError("unused")))
    assert not any(m.cls.__name__ == "RateLimitMiddleware" for m in app.user_middleware)
    with TestClient(app, client=("203.0.113.7", 4242)) as test_client:
        assert {test_client.get("/problems/not-found").status_code for _ in range(80)} == {200}


def test_the_real_site_for_a_remote_client(built: Built) -> None:
    """A pages-and-queries session from a public address, under the default limit."""
    settings = Settings(release=built.release, rate_limit=5.0, rate_burst=4)
    app = create_app(settings, FakeStore(built.dataset, RuntimeError("unused")))
    with TestClient(app, client=("198.51.100.20", 1)) as test_client:
        statuses = [test_client.get("/dumps/").status_code for _ in range(6)]
    assert statuses[:4] == [200] * 4 and 429 in statuses[4:]
