"""The answer writers: RDF 1.2 literals in every results format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pyoxigraph as ox

from forcelaw.formats import BY_KEY
from forcelaw.results import write_solutions

ITS = "{http://www.w3.org/2005/11/its}"
RESULTS = "{http://www.w3.org/2005/sparql-results#}"


def select(fmt: str, *terms: Any) -> bytes:
    rows = [{"x": term} for term in terms]
    return write_solutions(BY_KEY[fmt], ["x"], rows, 100, 100_000)[0]


def test_base_direction_is_written_in_every_results_format() -> None:
    ltr = ox.Literal("x", language="en", direction=ox.BaseDirection.LTR)
    rtl = ox.Literal("\u0642\u0637\u0629", language="ar", direction=ox.BaseDirection.RTL)
    bindings = json.loads(select("json", ltr, rtl))["results"]["bindings"]
    assert bindings[0]["x"] == {"type": "literal", "value": "x", "xml:lang": "en", "its:dir": "ltr"}
    assert bindings[1]["x"]["its:dir"] == "rtl"
    xml = select("xml", ltr, rtl, ox.Literal("y", language="en"))
    literals = list(ET.fromstring(xml).iter(f"{RESULTS}literal"))
    assert [e.get(f"{ITS}dir") for e in literals] == ["ltr", "rtl", None]
    assert literals[0].get(f"{ITS}version") == "2.0"
    for fmt in ("json", "xml", "tsv"):
        parsed = ox.parse_query_results(select(fmt, ltr, rtl), BY_KEY[fmt].oxigraph)
        assert [row["x"] for row in parsed] == [ltr, rtl], fmt  # type: ignore[union-attr]
