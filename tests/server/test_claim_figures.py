"""Who said what, side by side: each claim on a page (an event's, a body's, a pronouncement's)
is a row with its author and its figures ("12 deaths" by the Human Rights Committee beside
"some 15 people killed" by the High Commissioner); the figures were a link away each."""

from __future__ import annotations

from fastapi.testclient import TestClient

from forcelaw.jsonld import compact_iri
from forcelaw.server.claim_figures import Figure, figures
from forcelaw.terms import Blank, Iri, Lit, Term
from tests.server.html_page import parse

BASE = "https://w3id.org/forcelaw/id/"
FL = "https://w3id.org/forcelaw/ontology#"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SPARQL_JSON = "application/sparql-results+json"
CLAIM = BASE + "claim/un-hrc/XA/2020-concluding-observations/1"


def test_each_claim_has_its_figures_labelled() -> None:
    first, second, bare = CLAIM + "/figure/1", CLAIM + "/figure/2", CLAIM + "x/figure/1"
    rows: list[dict[str, Term]] = [
        {"claim": Iri(CLAIM), "figure": Iri(second), "label": Lit("3 deaths (Committee)")},
        {"claim": Iri(CLAIM), "figure": Iri(first), "label": Lit("3 Tote", lang="de")},
        {"claim": Iri(CLAIM), "figure": Iri(first), "label": Lit("3 deaths", lang="en")},
        {"claim": Iri(CLAIM + "x"), "figure": Iri(bare)},
        {"claim": Iri(CLAIM + "y"), "figure": Blank("b0")},  # no page to link
    ]
    assert figures(rows) == {
        CLAIM: [Figure(Iri(first), "3 deaths"), Figure(Iri(second), "3 deaths (Committee)")],
        CLAIM + "x": [Figure(Iri(bare), compact_iri(bare))],
    }
    assert figures([]) == {}


def _select(site: TestClient, query: str) -> list[dict[str, dict[str, str]]]:
    answer = site.get("/sparql", params={"query": query}, headers={"Accept": SPARQL_JSON})
    rows: list[dict[str, dict[str, str]]] = answer.json()["results"]["bindings"]
    return rows


def test_an_event_page_sets_each_claims_figures_beside_its_author(site: TestClient) -> None:
    rows = _select(
        site,
        f"PREFIX fl: <{FL}> SELECT ?event ?claim ?agent ?figure WHERE {{ ?event a fl:Event . "
        "?claim fl:about ?event ; fl:assertedBy ?agent OPTIONAL { ?claim fl:hasFigure ?figure } }",
    )
    expected: dict[str, dict[str, tuple[str, set[str]]]] = {}
    for row in rows:
        claims = expected.setdefault(row["event"]["value"], {})
        local = "/id/" + row["claim"]["value"].removeprefix(BASE)
        agent = "/id/" + row["agent"]["value"].removeprefix(BASE)
        found = claims.setdefault(local, (agent, set()))[1]
        if "figure" in row:
            found.add("/id/" + row["figure"]["value"].removeprefix(BASE))
    authors = {a for claims in expected.values() for a, f in claims.values() if f}
    assert len(authors) >= 2  # two bodies' figures, side by side
    for event, claims in expected.items():
        path = "/id/" + event.removeprefix(BASE)
        table = parse(site.get(path, headers={"Accept": BROWSER}).text).find(
            "table", class_="claims"
        )
        shown = {}
        for tr in table.find("tbody").find_all("tr"):
            claim = tr.find("th", scope="row").find("a").attrs["href"]  # the row's header
            cells = tr.find_all("td")
            shown[claim] = (
                cells[0].find("a").attrs["href"],
                {a.attrs["href"] for a in cells[1].find_all("a")},
            )
        assert shown == claims, path
