"""The pure pieces: lexer, host classification, Accept parsing, settings, protocol parsing."""

from __future__ import annotations

import ipaddress
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forcelaw.formats import BY_KEY, Kind, formats_for
from forcelaw.server.canonical import canonical_tokens
from forcelaw.server.hosts import (
    HostClass,
    addresses_refusal,
    classify_host,
    endpoint_refusal,
    parse_ip,
)
from forcelaw.server.lexer import analyse, nesting_depth
from forcelaw.server.negotiation import (
    choose_format,
    fallbacks,
    negotiate,
    parse_accept,
    ranked,
    weight,
)
from forcelaw.server.problems import Problem
from forcelaw.server.settings import Settings, from_sources
from forcelaw.server.sparql import protocol_request, query_body


@pytest.mark.parametrize(
    ("text", "form", "depth", "services"),
    [
        ("SELECT * { ?s ?p ?o }", "SELECT", 1, ()),
        ("PREFIX select: <http://x/> ASK { ?s select:p ?o }", "ASK", 1, ()),
        ("BASE <http://x/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", 1, ()),
        ("describe <http://x/a>", "DESCRIBE", 0, ()),
        ("PREFIX a: <x:> insert data { a:b a:c a:d }", "INSERT", 1, ()),
        ("# SELECT\nLOAD <http://x/>", "LOAD", 0, ()),
        ('SELECT ("{{{{" AS ?x) { }', "SELECT", 1, ()),
        ("SELECT ('''{{ ' '' \\''' {{''' AS ?x) {}", "SELECT", 1, ()),
        ("SELECT * { FILTER(?a<?b && ?c>?d) }", "SELECT", 2, ()),
        ("SELECT * { <http://x/(> ?p ?o }", "SELECT", 2, ()),  # "<" may compare: counted
        ("SELECT * { FILTER((1<((((1))))>0)) }", "SELECT", 7, ()),
        ("SELECT * { FILTER(!!!!true) }", "SELECT", 6, ()),
        ("SELECT * { ?s ^^^^<http://x/p> ?o }", "SELECT", 5, ()),
        ("SELECT * { FILTER(?a != -1 && !?b) }", "SELECT", 3, ()),
        ("SELECT ?service { ?service ex:SERVICE ?o }", "SELECT", 1, ()),
        ("SELECT * { SERVICE <http://e/s> {} }", "SELECT", 2, ("http://e/s",)),
        ("PREFIX e: <http://e/> SELECT * { SERVICE SILENT e:s {} }", "SELECT", 2, ("http://e/s",)),
        ("SELECT * { SERVICE ?x {} SERVICE zz:s {} }", "SELECT", 2, (None, None)),
        ("SELECT * { \\u0053ERVICE <http://e/s> {} }", "SELECT", 2, ("http://e/s",)),
        ("SELECT * { [ ?p [ ?q ( 1 2 ) ] ] }", "SELECT", 4, ()),
        ("SELECT * { << <x:s> <x:p> <x:o> >> <x:q> ?o }", "SELECT", 2, ()),
        ("SELECT * { <<<x:s> <x:p> <<?s ?p ?o>>>> <x:q> ?o }", "SELECT", 3, ()),
        ("SELECT * { ?s ?p <<( <x:s> <x:p> <x:o> )>> }", "SELECT", 3, ()),
        ("SELECT * { FILTER(?a < <x:b> && ?c > 1) }", "SELECT", 2, ()),  # comparisons
    ],
)
def test_lexer(text: str, form: str, depth: int, services: tuple[str | None, ...]) -> None:
    found = analyse(text)
    assert (found.form, found.depth, found.services) == (form, depth, services)


LEXING_SECONDS = 2.0  # of CPU time for 64 KB: ten times this machine's; quadratic took 45 s


@pytest.mark.parametrize(
    "body",
    ["a." * 32_000, "ab.cd" * 12_800, "a:" * 32_000, "_:a." * 16_000, "?a." * 21_000, "a" * 64_000],
)
def test_lexing_is_linear_in_the_query(body: str) -> None:
    """A 64 KB run of name characters without a colon once took 45 s to lex (each of its letters
    tried the whole run as a prefix name), with every other request waiting. The cost is this
    process's CPU time, the least of up to three runs: what the lexer does, not how busy the
    machine is (0.2 s at most here, busy or not; wall-clock time grows with the load)."""
    text = "SELECT * WHERE { " + body + " }"
    costs = []
    for _ in range(3):
        started = time.process_time()
        analyse(text)
        canonical_tokens(text)
        costs.append(time.process_time() - started)
        if costs[-1] < LEXING_SECONDS:
            break
    assert min(costs) < LEXING_SECONDS, costs


# Runs the engine parses as left-deep trees, one level per item; a few thousand of any of them
# overflowed a worker's stack (SIGSEGV), brackets or not. Each makes n items of a run.
CHAINS = {
    "+": lambda n: "SELECT (" + "+".join(["1"] * (n + 1)) + " AS ?x) {}",
    "||": lambda n: "ASK { FILTER(" + "||".join(["true"] * (n + 1)) + ") }",
    "&&": lambda n: "ASK { FILTER(" + " && ".join(["true"] * (n + 1)) + ") }",
    "UNION": lambda n: "ASK { {} " + " ".join(["UNION {}"] * n) + " }",
    "BIND": lambda n: "SELECT * { " + " ".join(f"BIND(1 AS ?v{i})" for i in range(n)) + " }",
    "MINUS": lambda n: "ASK { " + " ".join(["MINUS {}"] * n) + " }",
    "FILTER": lambda n: "ASK { " + " ".join(["FILTER(true)"] * n) + " }",
    "projection": lambda n: "SELECT " + " ".join(f"(1 AS ?v{i})" for i in range(n)) + " {}",
    "path /": lambda n: "ASK { ?a " + "/".join(["<x:p>"] * (n + 1)) + " ?b }",
    "objects ,": lambda n: "ASK { ?s ?p " + ",".join(f"?o{i}" for i in range(n + 1)) + " }",
    "triples .": lambda n: "ASK { " + " ".join(f"?a{i} <x:p> ?b{i} ." for i in range(n)) + " }",
}


@pytest.mark.parametrize("name", list(CHAINS))
def test_chain_depth_grows_with_every_run(name: str) -> None:
    make = CHAINS[name]
    short, long = analyse(make(10)), analyse(make(3000))
    assert long.depth == short.depth <= 3  # the brackets do not show it
    assert 3000 <= long.chain - short.chain + 10 <= 3100
    assert long.chain > Settings().max_chain >= short.chain


@pytest.mark.parametrize(
    "text",
    [
        "ASK { FILTER(1 IN (" + ",".join(["1"] * 5000) + ")) }",  # arguments, not a chain
        "ASK { FILTER(CONCAT(" + ",".join(['"a"'] * 5000) + ")) }",
        "SELECT (COUNT(*) AS ?c) {} GROUP BY " + " ".join(f"?a{i}" for i in range(5000)),
        "ASK { VALUES ?x { " + " ".join(str(i) for i in range(5000)) + " } }",
        "ASK { VALUES (?x ?y) { " + " ".join(f"({i} {i}.5)" for i in range(2000)) + " } }",
        'ASK { FILTER(?x = "' + "+" * 5000 + '") }',  # in a string
        "# " + "UNION {} " * 1000 + "\nASK {}",  # in a comment
    ],
)
def test_flat_lists_are_no_chain(text: str) -> None:
    assert analyse(text).chain < 10


def test_a_prefixed_name_after_a_dot_still_names_its_service() -> None:
    text = "PREFIX e: <http://e/> SELECT * { ?s ?p ?o.SERVICE e:s {} }"
    assert analyse(text).services == ("http://e/s",)


@given(st.text(max_size=300))
def test_lexer_never_fails(text: str) -> None:
    found = analyse(text)
    assert found.depth >= 0


@given(st.integers(min_value=0, max_value=500))
def test_nesting_depth_counts(n: int) -> None:
    assert nesting_depth("ASK " + "{" * n + "}" * n) == n


@pytest.mark.parametrize("n", [1, 63, 6000])
def test_reified_triples_nest_as_brackets(n: int) -> None:
    """The engine parses a reified triple inside another one level deeper, without a bracket
    written: 6,000 of them (what 64 KB holds) were depth 1 to the lexer."""
    nested = "?o"
    for _ in range(n):
        nested = "<<?s ?p " + nested + ">>"
    found = analyse("SELECT * { " + nested + " <x:q> ?x }")
    assert found.depth == n + 1
    assert (found.depth > Settings().max_depth) == (n >= 64)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", HostClass.LOOPBACK),
        ("2130706433", HostClass.LOOPBACK),
        ("0x7f000001", HostClass.LOOPBACK),
        ("0177.0.0.1", HostClass.LOOPBACK),
        ("017700000001", HostClass.LOOPBACK),
        ("127.1", HostClass.LOOPBACK),
        ("0x7f.1", HostClass.LOOPBACK),
        ("[::1]", HostClass.LOOPBACK),
        ("::ffff:127.0.0.1", HostClass.LOOPBACK),
        ("[::ffff:7f00:1]", HostClass.LOOPBACK),
        ("localhost", HostClass.LOOPBACK),
        ("api.localhost", HostClass.LOOPBACK),
        ("169.254.169.254", HostClass.METADATA),
        ("0xa9fea9fe", HostClass.METADATA),
        ("64:ff9b::a9fe:a9fe", HostClass.METADATA),
        ("fd00:ec2::254", HostClass.METADATA),
        ("metadata.google.internal", HostClass.PRIVATE),
        ("169.254.1.1", HostClass.LINK_LOCAL),
        ("[fe80::1%eth0]", HostClass.LINK_LOCAL),
        ("10.0.0.1", HostClass.PRIVATE),
        ("192.168.1.1", HostClass.PRIVATE),
        ("172.16.5.5", HostClass.PRIVATE),
        ("fd00::1", HostClass.PRIVATE),
        ("0.0.0.0", HostClass.UNSPECIFIED),
        ("0", HostClass.UNSPECIFIED),
        ("[::]", HostClass.UNSPECIFIED),
        ("224.0.0.1", HostClass.MULTICAST),
        ("100.64.0.1", HostClass.RESERVED),
        ("256.1.1.1", HostClass.INVALID),
        ("0x100000000", HostClass.INVALID),
        ("", HostClass.INVALID),
        ("8.8.8.8", HostClass.PUBLIC),
        ("2001:4860:4860::8888", HostClass.PUBLIC),
        ("query.wikidata.org", HostClass.NAME),
    ],
)
def test_classify_host(host: str, expected: HostClass) -> None:
    assert classify_host(host) is expected


@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_every_decimal_ipv4_spelling_agrees(value: int) -> None:
    address = ipaddress.IPv4Address(value)
    assert parse_ip(str(value)) == address
    assert parse_ip(hex(value)) == address
    assert parse_ip(".".join("0" + oct(int(p))[2:] for p in str(address).split("."))) == address


@given(st.text(max_size=60))
def test_classify_host_never_fails(host: str) -> None:
    assert isinstance(classify_host(host), HostClass)


def test_endpoint_and_address_refusals() -> None:
    allow = ["https://query.example.org/sparql"]
    assert endpoint_refusal("https://query.example.org/sparql", allow) is None
    assert endpoint_refusal("HTTPS://QUERY.example.org/sparql#x", allow) is None
    assert endpoint_refusal("https://query.example.org/other", allow) is not None
    assert endpoint_refusal(None, allow) is not None
    assert endpoint_refusal("ftp://query.example.org/", ["ftp://query.example.org/"]) is not None
    assert endpoint_refusal("http://10.0.0.1/", ["http://10.0.0.1/"]) is not None
    assert addresses_refusal("https://q/", ["93.184.215.14"]) is None
    assert addresses_refusal("https://q/", ["93.184.215.14", "127.0.0.1"]) is not None
    assert addresses_refusal("https://q/", ["::1"]) is not None
    assert addresses_refusal("https://q/", []) is not None


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "json"),
        ("", "json"),
        ("text/csv", "csv"),
        ("text/csv;q=0.4, application/sparql-results+xml;q=0.5", "xml"),
        ("application/*", "json"),
        ("text/*", "csv"),
        ("text/*;q=1, text/csv;q=0.1", "tsv"),
        ("*;q=0.5", "json"),
        ("garbage, text/tab-separated-values", "tsv"),
        ("text/turtle", None),
        ("application/json;q=0", None),
    ],
)
def test_negotiate_results(accept: str | None, expected: str | None) -> None:
    chosen = negotiate(accept, formats_for(Kind.RESULTS))
    assert (chosen.key if chosen else None) == expected


def test_ranked_and_fallbacks_follow_the_clients_order() -> None:
    results = formats_for(Kind.RESULTS)
    accept = "application/sparql-results+xml, text/csv;q=0.5, */*;q=0.1"
    assert [f.key for f in ranked(accept, results)] == ["xml", "csv", "json", "tsv"]
    assert [f.key for f in ranked(None, results)] == [f.key for f in results]
    assert ranked("text/turtle", results) == []
    xml = BY_KEY["xml"]
    assert [f.key for f in fallbacks(Kind.RESULTS, accept, (), xml)] == ["csv", "json", "tsv"]
    assert fallbacks(Kind.RESULTS, accept, ("xml",), xml) == ()  # the client named it
    assert fallbacks(Kind.RESULTS, "application/sparql-results+xml", (), xml) == ()


# The format and output values SPARQLWrapper 2.0, Jena and Virtuoso clients send, by query kind
CLIENT_FORMATS = [
    (Kind.GRAPH, ("rdf+xml", "application/rdf+xml"), "rdfxml"),
    (Kind.GRAPH, ("n3",), "turtle"),
    (Kind.GRAPH, ("text/n3",), "turtle"),
    (Kind.GRAPH, ("text/rdf+n3",), "turtle"),
    (Kind.GRAPH, ("turtle",), "turtle"),
    (Kind.GRAPH, ("json-ld", "application/ld+json"), "jsonld"),
    (Kind.GRAPH, ("xml",), "rdfxml"),
    (Kind.GRAPH, ("rdf",), "rdfxml"),
    (Kind.GRAPH, ("json",), "jsonld"),
    (Kind.GRAPH, ("ntriples",), "ntriples"),
    (Kind.GRAPH, ("text/plain",), "ntriples"),
    (Kind.RESULTS, ("json",), "json"),
    (Kind.RESULTS, ("xml",), "xml"),
    (Kind.RESULTS, ("csv",), "csv"),
    (Kind.RESULTS, ("tsv", "text/tab-separated-values"), "tsv"),
    (Kind.RESULTS, ("application/sparql-results+json",), "json"),
    (Kind.RESULTS, ("text", "json"), "json"),  # Jena's text table is not ours: the next one
]


@pytest.mark.parametrize(("kind", "values", "expected"), CLIENT_FORMATS)
def test_format_values_clients_send(kind: Kind, values: tuple[str, ...], expected: str) -> None:
    assert choose_format(kind, "image/png", values).key == expected


def test_unknown_format_values_leave_the_choice_to_accept() -> None:
    assert choose_format(Kind.GRAPH, "text/turtle", ("bogus", "pdf")).key == "turtle"
    assert choose_format(Kind.RESULTS, None, ("turtle",)).key == "json"  # not a results format
    assert choose_format(Kind.GRAPH, "application/rdf+xml", ("csv",)).key == "rdfxml"
    with pytest.raises(Problem) as refused:
        choose_format(Kind.GRAPH, "text/csv", ("bogus",))
    assert refused.value.status == 406 and "format='bogus'" in refused.value.detail


def test_a_graph_asked_as_sparql_results_gets_the_default_rdf_format() -> None:
    """rdflib's SPARQLStore(returnFormat="json") asks a CONSTRUCT as SPARQL JSON only."""
    for accept in ("application/sparql-results+json", "application/sparql-results+xml;q=0.5"):
        assert choose_format(Kind.GRAPH, accept).key == "turtle"
    # a table format or a graph format for a SELECT stays a 406, as does nothing acceptable
    for kind, accept in ((Kind.GRAPH, "text/csv"), (Kind.RESULTS, "text/turtle")):
        with pytest.raises(Problem):
            choose_format(kind, accept)
    with pytest.raises(Problem):
        choose_format(Kind.GRAPH, "application/sparql-results+json;q=0")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 0.0), ("0.", 0.0), ("0.5", 0.5), ("0.001", 0.001), ("1", 1.0), ("1.000", 1.0)],
)
def test_a_q_value_is_read_as_rfc_9110_writes_it(value: str, expected: float) -> None:
    assert weight(value) == expected


@pytest.mark.parametrize(
    "value", ["abc", "", "-1", "1.5", "1.001", "0.0001", "2", '"0"', "nan", "inf", " 0.5x"]
)
def test_a_malformed_q_value_is_no_weight(value: str) -> None:
    assert weight(value) == 1.0
    assert weight(value, 0.25) == 0.25
    assert negotiate(f"text/turtle;q={value}", formats_for(Kind.GRAPH)) is BY_KEY["turtle"]


def test_parse_accept_params() -> None:
    ranges = parse_accept('application/ld+json;profile="x";q=0.7, text/turtle;charset=utf-8')
    assert ranges[0].params == (("profile", "x"),) and ranges[0].q == 0.7
    assert ranges[1].params == () and ranges[1].q == 1.0
    assert negotiate("application/json", formats_for(Kind.GRAPH)) is BY_KEY["jsonld"]


def test_protocol_request_rules() -> None:
    assert protocol_request([], []).query is None
    parsed = protocol_request(
        [("default-graph-uri", "http://g/1"), ("format", "csv")], [("query", "ASK {}")]
    )
    assert parsed.query == "ASK {}" and parsed.default_graph_uris == ("http://g/1",)
    assert parsed.formats == ("csv",)
    # every format and output value, in order (the first known one decides)
    many = protocol_request([("format", "rdf+xml"), ("output", "n3"), ("format", "")], [])
    assert many.formats == ("rdf+xml", "n3")
    for bad in ([("query", "a"), ("query", "b")], [("update", "CLEAR ALL")], [("query", " ")]):
        with pytest.raises(Problem):
            protocol_request(bad, [])


def test_protocol_request_needs_a_query_in_a_post_and_no_update_dataset() -> None:
    # A POST without a query is refused, even with nothing else in its body.
    for url_items in ([], [("default-graph-uri", "http://g/1")]):
        with pytest.raises(Problem) as empty:
            protocol_request(url_items, [], posted=True)
        assert empty.value.type.slug == "bad-request" and "query" in empty.value.detail
    assert protocol_request([], [("query", "ASK {}")], posted=True).query == "ASK {}"
    # The update protocol's dataset parameters would be ignored by a query: refused, not ignored.
    for name in ("using-graph-uri", "using-named-graph-uri"):
        for url_items, body_items in (([(name, "http://g/1")], []), ([], [(name, "http://g/1")])):
            with pytest.raises(Problem) as refused:
                protocol_request([("query", "ASK {}"), *url_items], body_items)
            assert refused.value.type.slug == "bad-request"
            assert name in refused.value.detail and "default-graph-uri" in refused.value.detail
    # A query and an update in one request is no request of the protocol's (400), whichever
    # part of the request each came in; an update alone is refused as an update (403).
    for url_items, body_items in (
        ([("query", "ASK {}"), ("update", "CLEAR ALL")], []),
        ([("update", "CLEAR ALL")], [("query", "ASK {}")]),
    ):
        with pytest.raises(Problem) as both:
            protocol_request(url_items, body_items, posted=bool(body_items))
        assert both.value.type.slug == "bad-request" and "update" in both.value.detail
    # An update parameter beside them is refused as an update.
    with pytest.raises(Problem) as update:
        protocol_request([("update", "CLEAR ALL"), ("using-graph-uri", "http://g/1")], [])
    assert update.value.type.slug == "update-refused"


def test_protocol_request_drops_a_byte_order_mark_only_before_the_query() -> None:
    assert protocol_request([("query", "\ufeffASK {}")], []).query == "ASK {}"
    kept = 'ASK { FILTER("\ufeff" != "") }'
    assert protocol_request([("query", kept)], []).query == kept
    with pytest.raises(Problem):
        protocol_request([("query", "\ufeff ")], [])  # nothing but the mark: empty


@pytest.mark.parametrize("charset", [None, "", "utf-8", "UTF-8", "utf8", "Utf_8"])
def test_a_query_body_is_read_in_utf8(charset: str | None) -> None:
    assert query_body('ASK { FILTER("Ω" != "") }'.encode(), charset) == (
        'ASK { FILTER("Ω" != "") }'
    )


@pytest.mark.parametrize(
    ("body", "charset"),
    [
        ("ASK {}".encode("utf-16"), "UTF-16"),  # the W3C protocol test bad_query_non_utf8
        (b"ASK {}", "iso-8859-1"),  # plain ASCII, still not the charset the protocol allows
        (b"ASK {}", "no-such-charset"),
    ],
)
def test_a_query_body_in_another_charset_is_refused(body: bytes, charset: str) -> None:
    with pytest.raises(Problem) as refused:
        query_body(body, charset)
    assert refused.value.status == 415 and refused.value.type.slug == "unsupported-media-type"
    assert charset in refused.value.detail and "UTF-8" in refused.value.detail


def test_a_query_body_that_is_not_utf8_is_a_bad_request() -> None:
    with pytest.raises(Problem) as refused:
        query_body("ASK { FILTER('café' != '') }".encode("latin-1"), None)
    assert refused.value.type.slug == "bad-request" and "not UTF-8" in refused.value.detail


def test_settings_sources_and_limits() -> None:
    settings = from_sources(
        {"timeout": None, "workers": 3, "cors_origins": None},
        {"FORCELAW_TIMEOUT": "4.5", "FORCELAW_CORS_ORIGINS": "https://a, https://b"},
    )
    assert settings.timeout == 4.5 and settings.workers == 3
    assert settings.cors_origins == ("https://a", "https://b")
    with pytest.raises(ValueError):
        Settings(timeout=10_000)
    with pytest.raises(ValueError):
        Settings(max_rows=0)
