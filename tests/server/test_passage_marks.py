"""A passage's quoted span is told from the rest of its line other than by colour: the page said
it only with <mark>'s background, which a screen reader does not announce and some readers do
not see; it now says where the span begins and ends, in words a screen reader reads, and the
span is set in bold."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from forcelaw.server.pages import QUOTE_BEGINS, QUOTE_ENDS, STATIC
from tests.server.html_page import parse

BASE = "https://w3id.org/forcelaw/id/"
FL = "https://w3id.org/forcelaw/ontology#"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SPARQL_JSON = "application/sparql-results+json"


def test_every_quoted_span_in_a_line_says_where_it_is(site: TestClient) -> None:
    query = f"SELECT ?p WHERE {{ ?p a <{FL}SourcePassage> }}"
    rows = site.get("/sparql", params={"query": query}, headers={"Accept": SPARQL_JSON})
    passages = [row["p"]["value"] for row in rows.json()["results"]["bindings"]]
    told = whole = 0
    for passage in passages:
        page = parse(
            site.get("/id/" + passage.removeprefix(BASE), headers={"Accept": BROWSER}).text
        )
        quote = page.find("figure", class_="passage").find("blockquote")
        exact = quote.find("mark").text
        hidden = [s.text for s in quote.find_all("span", class_="visually-hidden")]
        if quote.find_all("span", class_="context"):
            assert hidden == [QUOTE_BEGINS.strip(), QUOTE_ENDS.strip()], passage
            assert " ".join(f"{QUOTE_BEGINS}{exact}{QUOTE_ENDS}".split()) in quote.text
            told += 1
        else:  # the whole line is the span: nothing to tell it from
            assert hidden == [], passage
            whole += 1
    assert told and whole


def test_the_highlight_is_not_colour_alone() -> None:
    css = (STATIC / "site.css").read_text(encoding="utf-8")
    rule = re.search(r"(?m)^mark\s*\{([^}]*)\}", css)
    assert rule is not None and re.search(r"font-weight:\s*(600|700|bold)", rule.group(1))
    assert re.search(r"(?m)^\.visually-hidden\s*\{[^}]*clip", css)
