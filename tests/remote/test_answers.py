"""What a remote answer is: its format from Content-Type, its rows, our rewrite of it."""

from __future__ import annotations

import pytest

from forcelaw.errors import ResultTooLarge, StoreError
from forcelaw.formats import BY_KEY
from forcelaw.remote.answers import accept_header, count_rows, format_of, remote_format, rewrite

NT = (
    b'<http://a/s> <http://a/p> "x" .\n'
    b'<http://a/s> <http://www.w3.org/2000/01/rdf-schema#label> "y" .\n'
)
JSON = (
    b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://a/s"}},'
    b'{"s":{"type":"literal","value":"a,\\"b\\"\\nc"}}]}}'
)


@pytest.mark.parametrize(
    ("content_type", "key"),
    [
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+json; charset=utf-8", "json"),
        ("text/turtle", "turtle"),
        ("application/n-quads", "nquads"),
        ("application/json", "json"),
        ("text/csv; charset=utf-8", "csv"),
    ],
)
def test_format_of(content_type: str, key: str) -> None:
    assert format_of(content_type) is BY_KEY[key]


def test_unknown_content_type() -> None:
    assert format_of("text/html") is None
    assert format_of(None) is None


def test_remote_is_asked_for_the_clients_format_but_those_written_here() -> None:
    assert remote_format(BY_KEY["csv"]) is BY_KEY["csv"]
    assert remote_format(BY_KEY["nquads"]) is BY_KEY["nquads"]
    assert remote_format(BY_KEY["turtle"]) is BY_KEY["ntriples"]
    # XML and JSON-LD are written (and checked) here: never an ill-formed document passed on
    assert remote_format(BY_KEY["jsonld"]) is BY_KEY["ntriples"]
    assert remote_format(BY_KEY["rdfxml"]) is BY_KEY["ntriples"]
    assert remote_format(BY_KEY["xml"]) is BY_KEY["json"]
    assert remote_format(BY_KEY["xml"], refused={"xml"}) is BY_KEY["json"]
    assert accept_header(BY_KEY["csv"]) == "text/csv, application/n-triples;q=0.5"


def test_count_rows_in_every_results_format() -> None:
    solutions = rewrite(JSON, BY_KEY["json"], BY_KEY["json"], 10, 10_000)[0]
    for key in ("json", "xml", "csv", "tsv"):
        body, rows = rewrite(solutions, BY_KEY["json"], BY_KEY[key], 10, 10_000)
        assert rows == 2
        assert count_rows(BY_KEY[key], body) == 2, key
    ask = b'{"head":{},"boolean":true}'
    assert count_rows(BY_KEY["json"], ask) == 1


def test_rewrite_writes_our_prefixes_within_the_caps() -> None:
    body, rows = rewrite(NT, BY_KEY["ntriples"], BY_KEY["turtle"], 10, 10_000)
    assert rows == 2 and b"rdfs:label" in body and b"@prefix rdfs:" in body
    assert count_rows(BY_KEY["turtle"], body) == 2
    with pytest.raises(ResultTooLarge):
        rewrite(NT, BY_KEY["ntriples"], BY_KEY["turtle"], 1, 10_000)
    with pytest.raises(ResultTooLarge):
        rewrite(NT, BY_KEY["ntriples"], BY_KEY["turtle"], 10, 20)


def test_an_answer_that_does_not_parse_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="does not parse"):
        count_rows(BY_KEY["ntriples"], b"<http://a/s> <http://a/p> .")


def test_a_rewritten_graph_is_read_only_as_far_as_the_caps() -> None:
    # What follows the cap is never read: not parsed, so neither held in the server's memory
    # (a list of every triple of the remote's answer, before) nor found to be malformed.
    beyond = b"this is not N-Triples\n" * 1000
    many = b"".join(b'<http://a/s%d> <http://a/p> "x" .\n' % i for i in range(20)) + beyond
    with pytest.raises(ResultTooLarge) as caught:
        rewrite(many, BY_KEY["ntriples"], BY_KEY["turtle"], 10, 10_000)
    assert caught.value.limit == "rows"
    wide = b'<http://a/s> <http://a/p> "%s" .\n' % (b"x" * 5000) * 3 + beyond
    with pytest.raises(ResultTooLarge) as caught:
        rewrite(wide, BY_KEY["ntriples"], BY_KEY["jsonld"], 10, 8000)
    assert caught.value.limit == "bytes"
    with pytest.raises(StoreError, match="does not parse"):  # within the caps: it is read
        rewrite(NT + beyond, BY_KEY["ntriples"], BY_KEY["turtle"], 10, 10_000)


def test_rows_are_counted_no_further_than_asked() -> None:
    """Past the row cap a count only has to say so: the rest of the answer is not read (all of
    it was parsed, in the server's process, to refuse it)."""
    rows = "".join(f'{{"s":{{"type":"literal","value":"{i}"}}}},' for i in range(20))
    json_body = ('{"head":{"vars":["s"]},"results":{"bindings":[' + rows + "oops").encode()
    nt_body = b"".join(b'<http://a/s%d> <http://a/p> "x" .\n' % i for i in range(20)) + b"oops"
    for fmt, body in (("json", json_body), ("ntriples", nt_body)):
        assert count_rows(BY_KEY[fmt], body, 11) == 11, fmt
        with pytest.raises(StoreError, match="does not parse"):  # read whole, it is malformed
            count_rows(BY_KEY[fmt], body)
    csv_body = b"s\r\n" + b"".join(b"%d\r\n" % i for i in range(20))
    assert count_rows(BY_KEY["csv"], csv_body, 11) == 11
    assert count_rows(BY_KEY["csv"], csv_body) == 20
