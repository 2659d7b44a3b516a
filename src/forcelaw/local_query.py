"""`forcelaw query`: run one SPARQL query against a built release, locally, and print the answer."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from forcelaw.errors import ForcelawError, QuerySyntaxError
from forcelaw.formats import BY_KEY, Kind
from forcelaw.release_store import open_release
from forcelaw.server.engine_text import engine_text, in_the_clients_text
from forcelaw.server.lexer import analyse
from forcelaw.store import Engine, QueryRequest

TABLE = "table"


class QueryError(ForcelawError):
    """A query this command will not run, or not in the output asked."""


_UNLIMITED_ROWS = 10_000_000
_UNLIMITED_BYTES = 1 << 34


MAX_DEPTH = 64  # as the server's default: deeper nesting can overflow the engine's stack
MAX_CHAIN = 1000  # as the server's default: so can long runs of operators (lexer.QueryText.chain)


def output_key(name: str) -> str | None:
    """The output ``--format`` names: ``table``, a registry key (``turtle``), a file suffix
    (``ttl``) or a media type (``text/turtle``); None if it names none."""
    if name == TABLE:
        return TABLE
    folded = name.strip().casefold()
    for fmt in BY_KEY.values():
        if fmt.kind not in (Kind.RESULTS, Kind.GRAPH):
            continue
        if folded in (fmt.key, fmt.suffix, *fmt.media_types):
            return fmt.key
    return None


def check_query(query: str, format_key: str) -> None:
    """Refuse, as the server does, what this command will not run: an empty text, an update,
    a ``SERVICE`` call (the release is answered here, nothing is fetched), nesting past
    ``MAX_DEPTH`` (or ``MAX_CHAIN`` with operator runs counted), and an output the query's form
    cannot be written in."""
    found = analyse(query)
    if found.form is None and not re.sub(r"#[^\n\r]*", "", query).strip():
        raise QueryError("empty query (expected a SPARQL query: SELECT, ASK, CONSTRUCT, DESCRIBE)")
    if found.is_update:
        raise QueryError(f"{found.form} is an update: a release is read-only")
    if found.services:
        raise QueryError("SERVICE is not run: forcelaw query answers from the release alone")
    if found.depth > MAX_DEPTH:
        raise QueryError(f"the query nests {found.depth} deep (at most {MAX_DEPTH})")
    if found.chain > MAX_CHAIN:
        raise QueryError(
            f"the query nests {found.chain} deep counting its runs of operators, triples and "
            f"bracketed items (at most {MAX_CHAIN}; use VALUES or IN for long lists of "
            "alternatives)"
        )
    if format_key == TABLE or found.form is None:
        return
    kind = BY_KEY[format_key].kind
    wants = Kind.GRAPH if found.is_graph_query else Kind.RESULTS
    if kind is not wants:
        fitting = [f.key for f in BY_KEY.values() if f.kind is wants]
        raise QueryError(
            f"a {found.form} answer cannot be written as {format_key} "
            f"(expected {', '.join(fitting)}{' or table' if wants is Kind.RESULTS else ''})"
        )


def run_query(release: Path, query: str, format_key: str = TABLE) -> str:
    """The answer to `query` on the release: a text table, or the body in a registry format."""
    check_query(query, format_key)
    if format_key == TABLE and analyse(query).is_graph_query:
        format_key = "turtle"  # a graph has no table: its Turtle
    with tempfile.TemporaryDirectory(prefix="forcelaw-query-") as scratch:
        engine = Engine(open_release(release, Path(scratch) / "store").path)
        wire = "json" if format_key == TABLE else format_key
        request = QueryRequest(engine_text(query), wire, _UNLIMITED_ROWS, _UNLIMITED_BYTES)
        try:
            result = engine.run(request)
        except QuerySyntaxError as exc:
            raise in_the_clients_text(exc, query) from None
        del engine
    body = result.body.decode("utf-8")
    if format_key != TABLE or not result.content_type.startswith("application/sparql-results"):
        return body
    return text_table(json.loads(body))


def text_table(results: dict[str, object]) -> str:
    """SPARQL JSON results as an aligned text table (ASK: "true"/"false")."""
    if "boolean" in results:
        return "true" if results["boolean"] else "false"
    head = results["head"]
    assert isinstance(head, dict)
    names: list[str] = list(head.get("vars", []))
    bindings = results["results"]
    assert isinstance(bindings, dict)
    rows = [[_cell(row.get(name)) for name in names] for row in bindings["bindings"]]
    widths = [max([len(name), *(len(row[i]) for row in rows)]) for i, name in enumerate(names)]
    lines = [" | ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    lines.extend(
        " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    )
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def choices() -> list[str]:
    """Every output the command can print."""
    keys = [f.key for f in BY_KEY.values() if f.kind in (Kind.RESULTS, Kind.GRAPH)]
    return [TABLE, *sorted(keys)]


def _cell(term: object) -> str:
    if not isinstance(term, dict):
        return ""
    # one line a row, and a bar in a value is not a column's edge
    value = str(term.get("value", "")).replace("\\", "\\\\").replace("\n", "\\n")
    value = value.replace("\r", "\\r").replace("|", "\\|")
    if term.get("type") == "uri":
        return f"<{value}>"
    if "xml:lang" in term:
        return f'"{value}"@{term["xml:lang"]}'
    return value
