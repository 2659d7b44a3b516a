"""`forcelaw query`: run one SPARQL query against a built release, locally, and print the answer."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from forcelaw.formats import BY_KEY, Kind
from forcelaw.release_store import open_release
from forcelaw.store import Engine, QueryRequest

TABLE = "table"
_UNLIMITED_ROWS = 10_000_000
_UNLIMITED_BYTES = 1 << 34


def run_query(release: Path, query: str, format_key: str = TABLE) -> str:
    """The answer to `query` on the release: a text table, or the body in a registry format."""
    with tempfile.TemporaryDirectory(prefix="forcelaw-query-") as scratch:
        engine = Engine(open_release(release, Path(scratch) / "store").path)
        wire = "json" if format_key == TABLE else format_key
        result = engine.run(QueryRequest(query, wire, _UNLIMITED_ROWS, _UNLIMITED_BYTES))
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
    value = str(term.get("value", "")).replace("\n", "\\n")
    if term.get("type") == "uri":
        return f"<{value}>"
    if "xml:lang" in term:
        return f'"{value}"@{term["xml:lang"]}'
    return value
