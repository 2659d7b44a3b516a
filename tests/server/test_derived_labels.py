"""What a page names a node the graph gives no label: selectors, partitions, checksums,
fragments; made from the node's own triples on the page, never stated in the graph."""

from __future__ import annotations

import re

import rdflib
from fastapi.testclient import TestClient

from forcelaw.server.derived_labels import derived_labels, made_by_the_page
from forcelaw.server.describe import Description, Passage
from forcelaw.terms import Iri, Lit, Triple
from tests.server.html_page import Element, parse

BASE = "https://w3id.org/forcelaw/id/"
OA = "http://www.w3.org/ns/oa#"
VOID = "http://rdfs.org/ns/void#"
SPDX = "http://spdx.org/rdf/terms#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
INT = "http://www.w3.org/2001/XMLSchema#integer"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PASSAGE = "profile/KZ/passage/0026-0162"
CUT = (False, False)  # a passage line cut before and after


def _description(iri: str, triples: list[Triple], passages: list[Passage] = ()) -> Description:  # type: ignore[assignment]
    return Description(Iri(iri), triples, [], 0, 0, passages=list(passages))


def _t(s: str, p: str, o: Iri | Lit) -> Triple:
    return (Iri(s), Iri(p), o)


def test_selectors_are_named_by_their_position_and_words() -> None:
    passage = BASE + "profile/XA/passage/0120-0184"
    position, quote = passage + "#position", passage + "#quote"
    words = "The police may use force only when strictly necessary and to the extent required"
    description = _description(
        passage,
        [
            _t(passage, OA + "hasSelector", Iri(position)),
            _t(passage, OA + "hasSelector", Iri(quote)),
            _t(position, RDF_TYPE, Iri(OA + "TextPositionSelector")),
            _t(position, OA + "start", Lit("120", datatype=INT)),
            _t(position, OA + "end", Lit("184", datatype=INT)),
            _t(quote, RDF_TYPE, Iri(OA + "TextQuoteSelector")),
            _t(quote, OA + "exact", Lit(words)),
        ],
        [
            Passage(
                Iri(passage), Iri(BASE + "profile/XA"), 120, 184, 12, "", words, "", False, False
            )
        ],
    )
    named = derived_labels(description, {passage: "Passage, characters 120–184"})
    assert named[position] == "Position: characters 120–184 of the profile (line 12)"
    assert named[quote] == "Quote: “The police may use force only when strictly necessary and…”"
    assert passage not in named  # labelled already


def test_partitions_and_checksums_are_named_by_what_they_count() -> None:
    dataset = BASE + "dataset"
    dump = "https://w3id.org/forcelaw/release/1/dumps/quality.ttl"
    description = _description(
        dataset,
        [
            _t(dataset + "#class-fl-Treaty", VOID + "class", Iri(
                "https://w3id.org/forcelaw/ontology#Treaty"
            )),
            _t(dataset + "#property-rdfs-label", VOID + "property", Iri(LABEL)),
            _t(dump + "#sha256", RDF_TYPE, Iri(SPDX + "Checksum")),
            _t(dump + "#sha256", SPDX + "algorithm", Iri(SPDX + "checksumAlgorithm_sha256")),
            _t(dataset + "#sparql", LABEL, Lit("Query the dataset over SPARQL 1.1", lang="en")),
            _t(dataset + "#other", RDF_TYPE, Iri("http://example.org/Thing")),
        ],
    )  # fmt: skip
    named = derived_labels(description, {dataset: "forcelaw"})
    assert named[dataset + "#class-fl-Treaty"] == "Class partition: fl:Treaty"
    assert named[dataset + "#property-rdfs-label"] == "Property partition: rdfs:label"
    assert named[dump + "#sha256"] == "SHA-256 checksum"
    assert named[dataset + "#sparql"] == "Query the dataset over SPARQL 1.1"  # its own label
    assert named[dataset + "#other"] == "#other of forcelaw"


def test_nothing_is_named_without_something_to_name_it_by() -> None:
    """A node of another document, or one whose triples say nothing readable, keeps its IRI;
    a selector without its offsets is not given made-up ones."""
    iri = BASE + "thing/x"
    description = _description(
        iri,
        [
            _t("http://example.org/elsewhere#x", RDF_TYPE, Iri("http://example.org/Thing")),
            _t(iri + "#position", RDF_TYPE, Iri(OA + "TextPositionSelector")),
        ],
    )
    assert derived_labels(description, {}) == {}


def _links(page: Element) -> dict[str, Element]:
    return {a.attrs["href"]: a for a in page.find("main").find_all("a") if "href" in a.attrs}


def test_pages_name_selectors_and_partitions_in_words(site: TestClient) -> None:
    page = parse(site.get(f"/id/{PASSAGE}", headers={"Accept": BROWSER}).text)
    links = _links(page)
    position = links[f"/id/{PASSAGE}#position"].text
    assert re.fullmatch(r"Position: characters 26–162 of the profile \(line \d+\)", position)
    assert links[f"/id/{PASSAGE}#quote"].text.startswith("Quote: “Article 15(1)")
    named = [a.text for href, a in links.items() if href.startswith("/id/")]
    assert "https://w3id.org/forcelaw/id/" not in "".join(named)
    headings = [h.text for h in page.find_all("h3")]
    assert f"#position {position}" in headings
    dataset = parse(site.get("/id/dataset", headers={"Accept": BROWSER}).text)
    partitions = [
        a.text
        for href, a in _links(dataset).items()
        if re.match(r"/id/dataset#(class|property)-", href)
    ]
    assert partitions and all(
        re.fullmatch(r"(Class|Property) partition: \S+", p) for p in partitions
    )
    assert "Class partition: fl:State" in partitions
    # the words are the page's: no triple states them
    turtle = rdflib.Graph().parse(data=site.get(f"/id/{PASSAGE}.ttl").text, format="turtle")
    assert not any("Position: characters" in str(o) for o in turtle.objects())


def test_a_name_the_page_made_is_marked_as_such(site: TestClient) -> None:
    """A name no triple states is set apart (in italics, which the page explains); a label the
    graph gives is not, even one of a node of the page's own."""
    for path in (f"/id/{PASSAGE}", "/id/dataset"):
        turtle = rdflib.Graph().parse(data=site.get(f"{path}.ttl").text, format="turtle")
        labelled = {str(s) for s in turtle.subjects(rdflib.RDFS.label)}
        page = parse(site.get(path, headers={"Accept": BROWSER}).text)
        fragments = {href: a for href, a in _links(page).items() if href.startswith(f"{path}#")}
        assert fragments, path
        for href, a in fragments.items():
            iri = "https://w3id.org/forcelaw" + href
            marked = bool(a.find_all("i", class_="derived"))
            assert marked == (iri not in labelled), href
        assert page.find("p", class_="derived-note").find("i", class_="derived")
    state = parse(site.get("/id/state/KZ", headers={"Accept": BROWSER}).text)
    assert not state.find_all("i", class_="derived")
    assert not state.find_all("p", class_="derived-note")


def test_the_page_marks_only_the_names_it_made() -> None:
    dataset = BASE + "dataset"
    description = _description(
        dataset,
        [
            _t(dataset + "#class-fl-Treaty", VOID + "class", Iri(BASE + "Treaty")),
            _t(dataset + "#sparql", LABEL, Lit("Query the dataset over SPARQL 1.1")),
        ],
    )
    named = derived_labels(description, {})
    assert set(named) == {dataset + "#class-fl-Treaty", dataset + "#sparql"}
    assert made_by_the_page(description, named) == {dataset + "#class-fl-Treaty"}
