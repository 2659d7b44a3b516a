"""An absence statement's page says it in words, with the hedge the profile used: "The profile
states that there is not believed to be use-of-force legislation in Kazakhstan" (the page gave
the label's flat "no use of force legislation", the hedge a row of its table)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from forcelaw.server.absence_text import NO_HEDGE, absence_text
from forcelaw.server.describe import Description
from forcelaw.server.pages import Labeller, environment
from forcelaw.terms import Iri, Lit, Triple
from forcelaw.urls import Urls
from tests.server.html_page import parse

BASE = "https://w3id.org/forcelaw/id/"
FL = "https://w3id.org/forcelaw/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SPARQL_JSON = "application/sparql-results+json"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ABSENCE = BASE + "absence/XA/independent-police-oversight-body-0100"
KIND = BASE + "scheme/absence-kind/independent-police-oversight-body"
STATE = BASE + "state/XA"


def _absence(*extra: tuple[str, str]) -> Description:
    triples: list[Triple] = [(Iri(ABSENCE), Iri(RDF_TYPE), Iri(FL + "AbsenceStatement"))]
    triples += [(Iri(ABSENCE), Iri(FL + p), Iri(o)) for p, o in extra]
    return Description(Iri(ABSENCE), triples, [], 0, 0)


@pytest.mark.parametrize(
    ("hedge", "lead"),
    [
        ("asserted", "The profile states that there is no"),
        ("believed", "The profile states that there is not believed to be"),
    ],
)
def test_the_hedge_decides_the_words(hedge: str, lead: str) -> None:
    said = absence_text(
        _absence(("absentKind", KIND), ("hedge", BASE + f"scheme/hedge/{hedge}"), ("state", STATE))
    )
    assert said is not None
    assert (said.lead, said.kind, said.state) == (lead, Iri(KIND), Iri(STATE))


def test_what_the_graph_does_not_say_is_not_said() -> None:
    """No hedge is not "there is no"; an unclassified kind is no kind; two states are none."""
    unhedged = absence_text(_absence(("absentKind", KIND)))
    assert unhedged is not None and unhedged.lead == NO_HEDGE and unhedged.hedge is None
    unclassified = absence_text(_absence(("absentKind", BASE + "scheme/absence-kind/unclassified")))
    assert unclassified is not None and unclassified.kind is None
    two = absence_text(_absence(("state", STATE), ("state", BASE + "state/XB")))
    assert two is not None and two.state is None


def test_other_resources_have_no_absence_sentence() -> None:
    body = BASE + "body/XA/police"
    triples: list[Triple] = [
        (Iri(body), Iri(RDF_TYPE), Iri(FL + "Body")),
        (Iri(body), Iri(LABEL), Lit("Police")),
    ]
    assert absence_text(Description(Iri(body), triples, [], 0, 0)) is None


def test_every_absence_page_says_what_its_statement_says(site: TestClient) -> None:
    query = (
        f"PREFIX fl: <{FL}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?a ?kind ?hedge ?state WHERE { ?a a fl:AbsenceStatement ; "
        "fl:absentKind/rdfs:label ?kind ; fl:hedge ?hedge ; fl:state/rdfs:label ?state }"
    )
    rows = site.get("/sparql", params={"query": query}, headers={"Accept": SPARQL_JSON})
    found = rows.json()["results"]["bindings"]
    assert {row["hedge"]["value"].rsplit("/", 1)[1] for row in found} == {"asserted", "believed"}
    for row in found:
        path = "/id/" + row["a"]["value"].removeprefix(BASE)
        page = parse(site.get(path, headers={"Accept": BROWSER}).text)
        sentence = page.find("p", class_="absence-statement").text
        hedged = row["hedge"]["value"].endswith("/believed")
        assert sentence.startswith(
            "The profile states that there is " + ("not believed to be " if hedged else "no ")
        ), sentence
        assert f"{row['kind']['value']} in {row['state']['value']}" in sentence, sentence
    state_page = parse(site.get("/id/state/KZ", headers={"Accept": BROWSER}).text)
    assert not state_page.find_all("p", class_="absence-statement")


def test_an_unclassified_absence_says_the_passage_names_it(site: TestClient) -> None:
    """Every absence page's sentence names its kind, or says the passage does."""
    query = (
        f"PREFIX fl: <{FL}> SELECT ?a ?kind WHERE {{ ?a a fl:AbsenceStatement ; "
        "fl:absentKind ?kind }"
    )
    rows = site.get("/sparql", params={"query": query}, headers={"Accept": SPARQL_JSON})
    for row in rows.json()["results"]["bindings"]:
        path = "/id/" + row["a"]["value"].removeprefix(BASE)
        page = parse(site.get(path, headers={"Accept": BROWSER}).text)
        sentence = page.find("p", class_="absence-statement")
        kinds = [
            a.attrs["href"] for a in sentence.find_all("a") if "absence-kind" in a.attrs["href"]
        ]
        if row["kind"]["value"].endswith("/unclassified"):
            assert not kinds and "the source passage below says what is absent" in sentence.text
        else:
            assert kinds == ["/id/" + row["kind"]["value"].removeprefix(BASE)]


def test_the_sentence_reads_each_case() -> None:
    macros = environment(Urls()).get_template("macros.html").module
    labels = {
        KIND: "independent police oversight body",
        STATE: "Xanadu",
        BASE + "scheme/hedge/believed": "believed",
    }
    label_of = Labeller(labels, Urls())
    cases = [
        (
            [("absentKind", KIND), ("hedge", BASE + "scheme/hedge/believed"), ("state", STATE)],
            "The profile states that there is not believed to be independent police oversight "
            "body in Xanadu (hedge: believed).",
        ),
        (
            [("absentKind", BASE + "scheme/absence-kind/unclassified"), ("state", STATE)],
            "The profile states an absence, with no hedge recorded, in Xanadu of a kind the graph "
            "does not classify: the source passage below says what is absent.",
        ),
        (
            [("absentKind", KIND)],
            "The profile states an absence, with no hedge recorded, of independent police "
            "oversight body.",
        ),
    ]
    for triples, expected in cases:
        said = absence_text(_absence(*triples))
        html = str(macros.absence_sentence(said, label_of))  # type: ignore[attr-defined]
        assert parse(html).find("p", class_="absence-statement").text == expected
