"""``/compare``: states side by side (HTML, CSV, JSON), built from the graph by the queries
``queries/i-compare-*.rq`` to ``l-compare-*.rq``.

``states=KZ,XA`` and ``columns=treaties,competences,legislation,oversight,pronouncements`` choose
what is shown (default: every state, every column). Every cell links to the fact and its source
passage. An absence the profile states ("There is no ... oversight body") is a cell saying so, with
its hedge; a question the profile does not answer is ``unknown``, never an empty cell or a "no".
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from fastapi import APIRouter, Request
from starlette.responses import Response

from forcelaw.server.describe import Row
from forcelaw.server.pages import HTML_TYPE
from forcelaw.server.problems import Problem
from forcelaw.server.site import Site, site_of
from forcelaw.server.validators import validated

router = APIRouter()
METHODS = ["GET", "HEAD"]
CHECKOUT_QUERIES = Path(__file__).resolve().parents[3] / "queries"
QUERIES = {
    "treaties": "i-compare-treaties.rq",
    "absences": "j-compare-absences.rq",
    "positive": "k-compare-oversight-legislation.rq",
    "pronouncements": "l-compare-pronouncements.rq",
}
LABELS = {"legislation": "Use-of-force legislation", "oversight": "Independent oversight body"}
# The row headers: a state's name, not its code alone.
STATE_NAMES = """PREFIX fl: <https://w3id.org/forcelaw/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?code ?name WHERE { ?state a fl:State ; fl:isoCode ?code ; rdfs:label ?name }
ORDER BY ?code ?name"""
GROUPS = ("treaties", "competences", "legislation", "oversight", "pronouncements")
ABSENCE = "https://w3id.org/forcelaw/id/scheme/absence-kind/"
REGIONAL = "https://w3id.org/forcelaw/id/scheme/treaty-scope/regional"
# Which absence statement answers which column ("no regional treaty" answers regional treaties).
ABSENCE_FOR = {
    "legislation": ABSENCE + "use-of-force-legislation",
    "oversight": ABSENCE + "independent-police-oversight-body",
    "regional": ABSENCE + "regional-human-rights-treaty",
}


@dataclass(frozen=True)
class CellLink:
    label: str
    iri: str


@dataclass(frozen=True)
class Cell:
    """One answer: ``status`` is ``asserted``, ``absent`` (the profile says there is none) or
    ``unknown`` (the profile says nothing the graph records)."""

    value: str
    status: str
    facts: tuple[CellLink, ...] = ()
    passages: tuple[CellLink, ...] = ()


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str


@dataclass
class Table:
    states: list[str]
    columns: list[Column]
    cells: dict[str, dict[str, Cell]] = field(default_factory=dict)  # state -> column -> cell
    names: dict[str, str] = field(default_factory=dict)  # state code -> the state's label

    def name(self, code: str) -> str:
        """The state's name as the graph labels it, or its code when it has no label."""
        return self.names.get(code, code)

    def as_json(self) -> dict[str, object]:
        return {
            "states": self.states,
            "names": {code: self.name(code) for code in self.states},
            "columns": [asdict(c) for c in self.columns],
            "rows": [
                {
                    "state": state,
                    "cells": {key: asdict(cell) for key, cell in self.cells[state].items()},
                }
                for state in self.states
            ],
        }

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["state", *(c.label for c in self.columns)])
        for state in self.states:
            writer.writerow([state, *(self.cells[state][c.key].value for c in self.columns)])
        return out.getvalue()


@router.api_route("/compare", methods=METHODS, summary="States side by side")
async def compare(request: Request) -> Response:
    site = site_of(request)
    groups = _choice(request.query_params.getlist("columns"), GROUPS, "columns")
    rows = {name: await site.reader.select(_query(site, file)) for name, file in QUERIES.items()}
    known = sorted({r["code"].value for rows_ in rows.values() for r in rows_})
    states = _choice(request.query_params.getlist("states"), tuple(known), "states", upper=True)
    table = build_table(rows, states, groups)
    table.names = state_names(await site.reader.select(STATE_NAMES), known)
    wanted = (request.query_params.get("format") or "html").lower()
    if wanted == "json":
        data = json.dumps(table.as_json(), ensure_ascii=False, indent=2)
        return validated(request, Response(data, media_type="application/json"), site.last_modified)
    if wanted == "csv":
        rows_csv = Response(table.as_csv(), media_type="text/csv; charset=utf-8")
        return validated(request, rows_csv, site.last_modified)
    if wanted != "html":
        raise Problem("bad-request", f"format={wanted!r}: expected html, csv or json.")
    query = str(request.url.query)
    csv_url = f"/compare?{query}&format=csv" if query else "/compare?format=csv"
    json_url = f"/compare?{query}&format=json" if query else "/compare?format=json"
    page = site.render(
        "compare.html",
        request,
        table=table,
        known=known,
        groups=GROUPS,
        chosen=groups,
        csv_url=csv_url,
        json_url=json_url,
    )
    # the same table as data, for a client that reads the page's headers
    links = f'<{csv_url}>; rel="alternate"; type="text/csv", '
    links += f'<{json_url}>; rel="alternate"; type="application/json"'
    answer = Response(page, headers={"Content-Type": HTML_TYPE, "Link": links})
    return validated(request, answer, site.last_modified)


def state_names(rows: list[Row], codes: list[str]) -> dict[str, str]:
    """Each of ``codes``' state name from ``STATE_NAMES``' rows (English first, then any)."""
    names: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: (getattr(r["name"], "lang", None) != "en",)):
        code = row["code"].value
        if code in codes:
            names.setdefault(code, row["name"].value)
    return names


def build_table(rows: dict[str, list[Row]], states: list[str], groups: list[str]) -> Table:
    """The table for ``states`` and column ``groups`` from the four queries' rows."""
    treaties = [r for r in rows["treaties"] if r["code"].value in states]
    absences = [r for r in rows["absences"] if r["code"].value in states]
    positives = [r for r in rows["positive"] if r["code"].value in states]
    counts = [r for r in rows["pronouncements"] if r["code"].value in states]
    columns: list[Column] = []
    for group in groups:
        if group in ("treaties", "competences"):
            kind = "treaty" if group == "treaties" else "competence"
            names = sorted(
                {
                    (r["name"].value, r["adherable"].value)
                    for r in treaties
                    if r["kind"].value == kind
                }
            )
            columns += [Column(iri, name, group) for name, iri in names]
        elif group in ("legislation", "oversight"):
            label = LABELS[group]
            columns.append(Column(group, label, group))
        else:
            pairs = sorted({(_label(r, "authorLabel", "author"), r["year"].value) for r in counts})
            columns += [
                Column(f"pronouncements:{name}:{year}", f"{name} {year or '(undated)'}", group)
                for name, year in pairs
            ]
    scopes = {r["adherable"].value: r["scope"].value for r in treaties if "scope" in r}
    table = Table(states, columns)
    for state in states:
        table.cells[state] = {
            c.key: _cell(state, c, treaties, absences, positives, counts, scopes) for c in columns
        }
    return table


def _cell(
    state: str,
    column: Column,
    treaties: list[Row],
    absences: list[Row],
    positives: list[Row],
    counts: list[Row],
    scopes: dict[str, str],
) -> Cell:
    if column.group in ("treaties", "competences"):
        found = [
            r for r in treaties if r["code"].value == state and r["adherable"].value == column.key
        ]
        if found:
            r = found[0]
            return Cell(
                r["status"].value,
                "asserted",
                (CellLink(r["status"].value, r["adherence"].value),),
                _passages(found),
            )
        if scopes.get(column.key) == REGIONAL:
            return _absence(state, ABSENCE_FOR["regional"], absences)
        return _unknown()
    if column.group in ("legislation", "oversight"):
        absence = _absence(state, ABSENCE_FOR[column.group], absences)
        if absence.status == "absent":
            return absence
        found = [
            r for r in positives if r["code"].value == state and r["column"].value == column.group
        ]
        if found:
            things = {r["thing"].value: r["label"].value for r in found}
            return Cell(
                "Yes: " + "; ".join(sorted(things.values())),
                "asserted",
                tuple(CellLink(label, iri) for iri, label in sorted(things.items())),
                _passages(found),
            )
        return _unknown()
    _, name, year = column.key.split(":", 2)
    for r in counts:
        same = r["code"].value == state and r["year"].value == year
        if same and _label(r, "authorLabel", "author") == name:
            items = r["pronouncements"].value.split()
            return Cell(
                r["count"].value,
                "asserted",
                tuple(CellLink(i.rsplit("/", 1)[-1], i) for i in sorted(items)),
            )
    return Cell("none reported", "unknown")


def _absence(state: str, kind: str, absences: list[Row]) -> Cell:
    found = [r for r in absences if r["code"].value == state and r["kind"].value == kind]
    if not found:
        return _unknown()
    r = found[0]
    what = _label(r, "kindLabel", "kind").lower()
    return Cell(
        f"No {what} ({r['hedge'].value})",
        "absent",
        (CellLink("absence statement", r["statement"].value),),
        _passages(found),
    )


def _unknown() -> Cell:
    return Cell("unknown", "unknown")


def _passages(rows: list[Row]) -> tuple[CellLink, ...]:
    seen: dict[str, str] = {}
    for r in rows:
        if "passage" in r:
            seen.setdefault(r["passage"].value, r["quote"].value if "quote" in r else "")
    return tuple(CellLink(quote, iri) for iri, quote in sorted(seen.items()))


def _label(row: Row, label: str, fallback: str) -> str:
    return row[label].value if label in row else row[fallback].value.rsplit("/", 1)[-1]


def _query(site: Site, name: str) -> str:
    for folder in (site.release / "queries", CHECKOUT_QUERIES):
        path = folder / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise Problem("not-found", f"The comparison query {name} is not installed.")


def _choice(
    given: list[str], allowed: tuple[str, ...], name: str, upper: bool = False
) -> list[str]:
    """The values chosen, as ``name=KZ,XA`` or as the page's form sends them (``name=KZ&name=XA``,
    one per ticked box); none chosen is all of them."""
    raw = ",".join(given)
    values = [v.strip() for v in raw.split(",") if v.strip()]
    if not values:
        return list(allowed)
    chosen = [v.upper() if upper else v.lower() for v in values]
    unknown = [v for v in chosen if v not in allowed]
    if unknown:
        raise Problem(
            "bad-request",
            f"{name}={raw!r}: {', '.join(unknown)} not known (expected some of "
            f"{', '.join(allowed)}).",
        )
    return list(dict.fromkeys(chosen))
