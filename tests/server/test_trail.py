"""A provision's page leads up to its article, its instrument and its state (it linked only
the article, a row of its table); an instrument's to its state. The way is the graph's
``eli:is_part_of`` and ``fl:state``: where they fork or loop, the page does not choose."""

from __future__ import annotations

from fastapi.testclient import TestClient

from forcelaw.server.trail import steps
from forcelaw.terms import Iri, Lit, Term
from tests.server.html_page import parse

BASE = "https://w3id.org/forcelaw/id/"
ELI = "http://data.europa.eu/eli/ontology#"
FL = "https://w3id.org/forcelaw/ontology#"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SPARQL_JSON = "application/sparql-results+json"
CODE = BASE + "instrument/XA/penal-code"
ARTICLE = CODE + "/art-3"
PARAGRAPH = ARTICLE + "/para-2"
STATE = BASE + "state/XA"


def _row(x: str, **values: str) -> dict[str, Term]:
    row: dict[str, Term] = {"x": Iri(x)}
    for name, value in values.items():
        row[name] = Lit(value) if "abel" in name else Iri(value)
    return row


def test_the_way_up_is_state_instrument_article() -> None:
    rows = [
        _row(PARAGRAPH, parent=ARTICLE, label="Article 3(2)"),
        _row(ARTICLE, parent=CODE, label="Article 3"),
        _row(CODE, label="Penal Code", state=STATE, stateLabel="Xanadu"),
    ]
    found = steps(PARAGRAPH, rows)
    assert [(s.iri.value, s.label) for s in found] == [
        (STATE, "Xanadu"),
        (CODE, "Penal Code"),
        (ARTICLE, "Article 3"),
    ]


def test_a_fork_or_a_loop_ends_the_way() -> None:
    other = BASE + "instrument/XA/other-code"
    forked = [
        _row(PARAGRAPH, parent=ARTICLE),
        _row(ARTICLE, parent=CODE),
        _row(ARTICLE, parent=other),
        _row(CODE, state=STATE),
    ]
    assert [s.iri.value for s in steps(PARAGRAPH, forked)] == [ARTICLE]
    looped = [_row(PARAGRAPH, parent=ARTICLE), _row(ARTICLE, parent=PARAGRAPH)]
    assert [s.iri.value for s in steps(PARAGRAPH, looped)] == [ARTICLE]
    assert steps(CODE, [_row(CODE)]) == []


def test_every_provision_page_leads_up_to_its_instrument_and_state(site: TestClient) -> None:
    query = (
        f"PREFIX eli: <{ELI}> PREFIX fl: <{FL}> "
        "SELECT ?p ?parent ?instrument ?state WHERE { ?p a fl:Provision ; eli:is_part_of ?parent ; "
        "eli:is_part_of+ ?instrument . ?instrument a fl:LegalInstrument ; fl:state ?state }"
    )
    rows = site.get("/sparql", params={"query": query}, headers={"Accept": SPARQL_JSON})
    found = rows.json()["results"]["bindings"]
    assert found
    for row in found:
        path = "/id/" + row["p"]["value"].removeprefix(BASE)
        page = parse(site.get(path, headers={"Accept": BROWSER}).text)
        crumbs = page.find("nav", class_="breadcrumbs")
        links = [a.attrs["href"] for a in crumbs.find_all("a")]
        wanted = [row[k]["value"].removeprefix(BASE) for k in ("state", "instrument", "parent")]
        assert links[0] == "/id/" + wanted[0] and links[-1] == "/id/" + wanted[2], links
        assert "/id/" + wanted[1] in links
        assert crumbs.find("li", **{"aria-current": "page"}).text == page.find("h1").text
        for link in links:
            assert site.get(link, headers={"Accept": BROWSER}).status_code == 200, link
    state = parse(site.get("/id/state/KZ", headers={"Accept": BROWSER}).text)
    assert not state.find_all("nav", class_="breadcrumbs")
