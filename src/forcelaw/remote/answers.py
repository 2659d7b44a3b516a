"""What a remote store's answer is: its format, its row count, and our rewrite of it. Pure.

The remote is asked for the client's format and its bytes are passed through, counted but not
rewritten, except where we write a better answer than a typical store does: Turtle and TriG are
fetched as N-Triples and written here with the project's prefixes (stores write them without), so
a document reads the same whichever store serves it. XML (results and RDF/XML) and JSON-LD are
fetched that way too and written here: a store passes on an ill-formed XML document (a control
character, a predicate IRI with no XML local name) or fails on a triple term in JSON-LD, where
the writers here answer 406 naming the formats that can carry the answer, as the embedded engine
does. A format the remote refuses (406) is fetched in the canonical format of its kind (SPARQL
JSON, N-Triples) and written here.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from forcelaw.errors import StoreError
from forcelaw.formats import BY_KEY, FORMATS, Format, Kind
from forcelaw.namespaces import PREFIXES
from forcelaw.results import write_boolean, write_solutions, write_triples

CANONICAL = {Kind.RESULTS: BY_KEY["json"], Kind.GRAPH: BY_KEY["ntriples"]}
# Formats we write ourselves: Turtle and TriG for their prefixes, the others to check them.
REWRITTEN = frozenset({"turtle", "trig", "xml", "rdfxml", "jsonld"})


def remote_format(fmt: Format, refused: Iterable[str] = ()) -> Format:
    """The format to ask the remote for when the client wants ``fmt``."""
    if fmt.key in REWRITTEN or fmt.key in refused:
        return CANONICAL[fmt.kind]
    return fmt


def accept_header(fmt: Format) -> str:
    """``fmt`` first; the canonical format of the other kind as a fallback.

    The endpoint picks the format by the query form the lexer saw; should the remote's parser
    disagree (a SELECT asked for as Turtle), it answers in the other kind rather than 406, as the
    embedded engine does.
    """
    other = CANONICAL[Kind.GRAPH if fmt.kind is Kind.RESULTS else Kind.RESULTS]
    return f"{fmt.media_type}, {other.media_type};q=0.5"


def format_of(content_type: str | None) -> Format | None:
    """The registry format a Content-Type names (first by the main media type)."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    for fmt in FORMATS:
        if fmt.kind is not Kind.PAGE and media_type == fmt.media_type:
            return fmt
    for fmt in FORMATS:
        if fmt.kind is not Kind.PAGE and media_type in fmt.aliases:
            return fmt
    return None


def count_rows(fmt: Format, body: bytes, most: int | None = None) -> int:
    """Rows of a results answer (1 for ASK), triples of a graph answer; counted no further than
    ``most`` (a count past the row cap only needs to say so: what follows is not read)."""
    try:
        if fmt.kind is Kind.GRAPH:
            return _count(ox.parse(body, format=fmt.rdf_format), most)
        if fmt.key == "csv":  # pyoxigraph cannot read CSV results back (lossy by design)
            lines = csv.reader(io.StringIO(body.decode("utf-8")))
            return max(_count(lines, None if most is None else most + 1) - 1, 0)
        answer = ox.parse_query_results(body, format=results_format(fmt))
        if isinstance(answer, ox.QueryBoolean):
            return 1
        return _count(answer, most)
    except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"the remote store's {fmt.label} answer does not parse: {exc}") from None


def _count(items: Iterable[Any], most: int | None) -> int:
    return sum(1 for _ in itertools.islice(items, most))


def rewrite(
    body: bytes, got: Format, wanted: Format, max_rows: int, max_bytes: int
) -> tuple[bytes, int]:
    """The answer ``body`` (in ``got``, a canonical format) written in ``wanted``, and its rows."""
    try:
        if got.kind is Kind.GRAPH:
            # Read as they are written, within the caps: a list of them first held every triple
            # of the remote's answer (up to four times max_result_bytes of N-Triples) in this,
            # the server's, process, to refuse it at the row cap.
            triples = (quad.triple for quad in ox.parse(body, format=got.rdf_format))
            return write_triples(wanted, triples, max_rows, max_bytes, PREFIXES)
        answer: Any = ox.parse_query_results(body, format=results_format(got))
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"the remote store's {got.label} answer does not parse: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return write_boolean(wanted, answer), 1
    variables = [v.value for v in answer.variables]
    return write_solutions(wanted, variables, answer, max_rows, max_bytes)


def results_format(fmt: Format) -> ox.QueryResultsFormat:
    """The pyoxigraph results format of ``fmt`` (results formats only)."""
    found = fmt.oxigraph
    if not isinstance(found, ox.QueryResultsFormat):
        raise TypeError(f"{fmt.key} is not a SPARQL results format")
    return found
