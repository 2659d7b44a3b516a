"""The static hosts' rewrite tables (the exported ``.htaccess`` and the ``map`` of
``deploy/nginx/forcelaw.conf``), read rule by rule and run here on Accept headers: they agree
with each other, with the README's table and with the server's negotiation, and never serve a
format the client refused. No Apache is needed; nginx runs them in test_deploy_nginx.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forcelaw.deploy import TEMPLATE
from forcelaw.server.id_paths import resolve
from forcelaw.server.negotiation import negotiate, parse_accept, quality
from forcelaw.server.resources import DOCUMENT_FORMATS
from forcelaw.server.rewrite_table import (
    FALLBACK,
    RESPELLED,
    REWRITES,
    accept_pattern,
    any_pattern,
    expanded_pattern,
    htaccess,
)

SUFFIXES = {fmt.suffix: fmt for fmt in DOCUMENT_FORMATS}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def apache(accept: str) -> str:
    """The suffix the ``.htaccess`` rewrites to, every candidate file existing: its rules in
    order, a rule applying when all its Accept conditions match."""
    conditions: list[re.Pattern[str]] = []
    for line in htaccess().splitlines():
        words = line.split()
        if line.startswith("RewriteCond %{HTTP_ACCEPT}"):
            flags = re.IGNORECASE if words[-1] == "[NC]" else 0
            conditions.append(re.compile(words[2], flags))
        elif line.startswith("RewriteRule ^ "):  # a refusal or redirect by path: not the table
            conditions = []
        elif line.startswith("RewriteRule"):
            if all(c.search(accept) for c in conditions):
                return words[2].rsplit(".", 1)[1]
            conditions = []
    raise AssertionError("the .htaccess has no rule for every request")


def nginx(accept: str, template: Path = TEMPLATE) -> str:
    """The value of nginx's ``map $http_accept $forcelaw_suffix``: an exact key first, then the
    regular expressions in order (``~*`` ignoring case), else the default."""
    text = template.read_text(encoding="utf-8")
    block = re.search(r"map \$http_accept \$forcelaw_suffix \{(.*?)\n\}", text, re.S)
    assert block is not None
    default, exact, patterns = "", {}, []
    for key, value in re.findall(r'^\s*("[^"]*"|default)\s+(\S+);', block[1], re.M):
        value = value.strip('"')
        if key == "default":
            default = value
        elif key.startswith('"~*'):
            patterns.append((re.compile(key[3:-1], re.IGNORECASE), value))
        elif key.startswith('"~'):
            patterns.append((re.compile(key[2:-1]), value))
        else:
            exact[key[1:-1]] = value
    if accept in exact:
        return str(exact[accept])
    return next((v for pattern, v in patterns if pattern.search(accept)), default)


def test_the_nginx_map_is_the_table() -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    block = re.search(r"map \$http_accept \$forcelaw_suffix \{(.*?)\n\}", text, re.S)
    assert block is not None
    keys = re.findall(r'^\s*"~\*([^"]*)"\s+(\w+);', block[1], re.M)
    expected = [(accept_pattern(m), s) for m, s in REWRITES] + [(any_pattern(), FALLBACK)]
    assert keys == expected


@pytest.mark.parametrize(("media_type", "suffix"), REWRITES)
@pytest.mark.parametrize(
    "spelling",
    ["{}", "{}; charset=utf-8", "{};q=0.5", " {} ;q=0.001", "image/png, {}", "image/png;q=1,{}"],
)
@pytest.mark.parametrize("case", [str.lower, str.upper, str.title])
def test_a_listed_media_type_is_its_file(
    media_type: str, suffix: str, spelling: str, case: object
) -> None:
    assert callable(case)
    accept = spelling.format(case(media_type))
    assert apache(accept) == nginx(accept) == suffix
    assert negotiate(accept, DOCUMENT_FORMATS) is SUFFIXES[suffix]


@pytest.mark.parametrize(("media_type", "suffix"), REWRITES)
@pytest.mark.parametrize("refusal", ["q=0", "q=0.0", "Q = 0.000", "charset=utf-8;q=0"])
def test_a_refused_media_type_is_never_its_file(media_type: str, suffix: str, refusal: str) -> None:
    other_type, other = next((m, s) for m, s in reversed(REWRITES) if s != suffix)
    accept = f"{media_type};{refusal}, {other_type}"
    assert apache(accept) == nginx(accept) == other
    assert nginx(f"{media_type};{refusal}") == ""  # nothing acceptable: the server's 406
    assert apache(f"{media_type};{refusal}") == FALLBACK  # a static host has no 406


@pytest.mark.parametrize(
    "accept", ["text/turtle-x", "x-text/turtle", "text/turtles", "application/ld+json5"]
)
def test_a_media_type_is_matched_whole(accept: str) -> None:
    assert nginx(accept) == ""
    assert apache(accept) == FALLBACK
    assert negotiate(accept, DOCUMENT_FORMATS) is None


@pytest.mark.parametrize(
    ("accept", "suffix"),
    [(BROWSER, "html"), ("*/*", "ttl"), ("", "ttl"), ("text/html;q=0, */*", "ttl")],
)
def test_browsers_get_pages_and_other_clients_turtle(accept: str, suffix: str) -> None:
    assert apache(accept) == nginx(accept) == suffix
    assert negotiate(accept, DOCUMENT_FORMATS) is SUFFIXES[suffix]


def test_what_no_rule_names_is_the_servers_or_the_fallback() -> None:
    assert nginx("image/png") == "" and apache("image/png") == FALLBACK


_RANGES = st.sampled_from([m for m, _ in REWRITES] + ["*/*", "text/*", "image/png"])
_Q = st.sampled_from(["", ";q=0", ";q=0.0", ";q=0.5", ";q=1", ";q=0.001", "; charset=utf-8"])
_CASE = st.sampled_from([str.lower, str.upper, str.title])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_RANGES, _Q, _CASE), min_size=1, max_size=5))
def test_a_static_answer_is_one_the_client_accepts(
    ranges: list[tuple[str, str, object]],
) -> None:
    """Whatever the header, nginx serves a file of a format the server's negotiation gives a
    q-value above zero, or leaves the request to the server; Apache serves the same file, or
    its fallback where nginx has none."""
    accept = ", ".join(f"{case(m)}{q}" for m, q, case in ranges if callable(case))
    chosen = nginx(accept)
    if chosen:
        assert quality(parse_accept(accept), SUFFIXES[chosen])[0] > 0, accept
        assert apache(accept) == chosen
    else:
        assert apache(accept) == FALLBACK


def test_a_negotiated_answer_carries_no_file_etag() -> None:
    """Apache's file ETag (mtime and size) is one tag for a resource's N-Triples and N-Quads,
    which are the same bytes: a rewritten (negotiated) answer drops it, a suffixed file keeps it."""
    lines = htaccess().splitlines()
    for env in ("VARY_ACCEPT", "REDIRECT_VARY_ACCEPT"):
        assert f"Header unset ETag env={env}" in lines
    assert not any(line.startswith("FileETag") for line in lines)
    rules = [line for line in lines if line.startswith("RewriteRule ^(.*)$")]
    assert rules and all("E=VARY_ACCEPT:1" in line for line in rules)


@pytest.mark.parametrize(
    ("request_line", "refused"),
    [
        ("GET /id//state/KZ HTTP/1.1", True),
        ("HEAD //id/state/KZ.ttl HTTP/1.1", True),
        ("GET /id/state/KZ// HTTP/1.1", True),
        ("GET /id/state/KZ HTTP/1.1", False),
        ("GET / HTTP/1.1", False),
        ("GET /id/state/KZ?see=http://example.org/ HTTP/1.1", False),  # the query is not a path
    ],
)
def test_apache_refuses_a_path_with_an_empty_segment(request_line: str, refused: bool) -> None:
    """Apache merges "//" before it looks for a file, so /id//state/KZ (another IRI, which
    forcelaw serve answers 404) was KZ's file."""
    lines = htaccess().splitlines()
    condition = next(line for line in lines if line.startswith("RewriteCond %{THE_REQUEST}"))
    rule = lines[lines.index(condition) + 1]
    assert rule == "RewriteRule ^ - [R=404,L]"
    pattern = condition.split(" ", 2)[2].strip('"')
    assert (re.search(pattern, request_line) is not None) is refused


@pytest.mark.parametrize(("media_type", "suffix"), REWRITES)
@pytest.mark.parametrize("weight", ["q=abc", "q=-1", "q=1.5", "q=0.0001", 'q="0"', "q=", "q=0x0"])
def test_a_malformed_weight_is_ignored_by_the_server_as_by_the_table(
    media_type: str, suffix: str, weight: str
) -> None:
    """A q-value RFC 9110 §12.4.2 does not write leaves the range at its default weight (1):
    listed, never refused, on the static hosts and in the server alike."""
    accept = f"{media_type};{weight}"
    assert apache(accept) == nginx(accept) == suffix
    assert negotiate(accept, DOCUMENT_FORMATS) is SUFFIXES[suffix]
    assert parse_accept(accept)[0].q == 1.0


EXPANDED = 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"'


def test_the_nginx_map_leaves_expanded_json_ld_to_the_server() -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    block = re.search(r"map \$http_accept \$forcelaw_suffix \{(.*?)\n\}", text, re.S)
    assert block is not None
    first = re.search(r'^\s*"~\*([^"]*)"\s+(\S+);', block[1], re.M)
    assert first is not None and first.groups() == (expanded_pattern(), '""')


@pytest.mark.parametrize(
    "accept",
    [EXPANDED, f"image/png, {EXPANDED.upper()}", f"{EXPANDED};q=0.5", f"{EXPANDED}, text/turtle"],
)
def test_expanded_json_ld_is_the_servers(accept: str) -> None:
    assert nginx(accept) == ""
    assert apache(accept) in ("jsonld", "ttl")  # a static host serves its compacted file


@pytest.mark.parametrize(
    "accept",
    [
        'application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"',
        f"{EXPANDED};q=0, text/turtle",
        'application/ld+json;profile="http://www.w3.org/ns/json-ld#expandedish"',
        'application/ld+json;profile="https://example.org/ns/json-ld#expanded"',
    ],
)
def test_other_json_ld_profiles_are_the_files(accept: str) -> None:
    assert nginx(accept) != ""


def apache_redirects(path: str) -> bool:
    """Whether the ``.htaccess`` sends a GET of ``path`` (as the client spelled it) elsewhere."""
    line = next(x for x in htaccess().splitlines() if RESPELLED in x)
    assert line.endswith("[NC]") and "%{REQUEST_URI} [R=301,L]" in htaccess()
    return re.search(RESPELLED, f"GET {path} HTTP/1.1", re.IGNORECASE) is not None


SPELLINGS = ["/id/state/%4B%5A", "/id/state/%4b%5a", "/id/%73tate/KZ", "/id/state/KZ%2Ettl"]
DOTS = ["/id/./state/KZ", "/id/x/../state/KZ", "/id/state/KZ/.", "/id/state/K%5A?page=2"]
AS_SPELLED = [
    "/id/state/KZ",
    "/id/state/KZ.ttl?format=%4B",
    "/id/state%2FKZ",
    "/id/state/KZ%23x",
    "/id/state/%C3%84",
    "/id/a.b/c..d",
    "/id/state/KZ%25",
]
PIECES = [*"aK/.-", "%4B", "%4b", "%2F", "%2E", "%7E", "%C3%84", "%25"]


@pytest.mark.parametrize("path", [*SPELLINGS, *DOTS, "/id/%7Eb", "/id/%5F"])
def test_apache_redirects_another_spelling_as_the_server_does(path: str) -> None:
    raw = path.split("?")[0].removeprefix("/id/")
    resolved = resolve(raw)
    assert resolved is not None and resolved.spelling != raw  # the server's 301
    assert apache_redirects(path)


@pytest.mark.parametrize("path", AS_SPELLED)
def test_apache_serves_the_one_spelling_and_other_iris_as_they_are(path: str) -> None:
    assert not apache_redirects(path)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_what_apache_redirects_the_server_redirects(raw: str) -> None:
    resolved = resolve(raw)
    if apache_redirects("/id/" + raw) and resolved is not None:
        assert resolved.spelling != raw
