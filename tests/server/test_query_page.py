"""The query page without scripts: its "Run this query" buttons did nothing (they are the
editor's, shown once it runs), and each example now has a link that opens it in the page's
form, which runs it without a script."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.server.html_page import parse

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_every_example_opens_in_the_form_without_scripts(site: TestClient) -> None:
    page = parse(site.get("/query", headers={"Accept": BROWSER}).text)
    config = json.loads(page.find("script", id="query-config").text)
    buttons = page.find("main").find_all("button")
    runs = [b for b in buttons if "run-example" in b.attrs.get("class", "")]
    assert len(runs) == len(config["examples"]) > 0
    assert all("hidden" in b.attrs for b in runs)  # shown by query.js, which runs them
    gallery = page.find("section", class_="gallery").find_all("li")
    assert len(gallery) == len(config["examples"])
    for item, example in zip(gallery, config["examples"], strict=True):
        (link,) = [a for n in item.find_all("noscript") for a in n.find_all("a")]
        opened = parse(site.get(link.attrs["href"], headers={"Accept": BROWSER}).text)
        form = opened.find("form", action="/sparql")
        assert form.find("textarea", id="query-text").text == " ".join(example["query"].split())
        answer = site.post(
            "/sparql",
            data={"query": example["query"], "format": "csv"},
            headers={"Accept": BROWSER},
        )
        assert answer.status_code == 200, example["title"]
