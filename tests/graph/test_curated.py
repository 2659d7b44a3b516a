"""The curated layer: anchors resolve to exact passages; bad curation fails clearly."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from forcelaw.errors import CurationError
from forcelaw.graph import curated
from forcelaw.graph.build import ingest, load_ontology, load_reference
from forcelaw.graph.coverage import coverage
from forcelaw.graph.mapping import StateInfo
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, FL, OA
from forcelaw.profile.parse import parse_bytes
from tests.conftest import KZ, ROOT

HEADER = """@base <https://w3id.org/forcelaw/id/> .
@prefix fl: <https://w3id.org/forcelaw/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
KZ_INFO = StateInfo("KZ", "Kazakhstan")


def _resolve(turtle: str) -> curated.Curated:
    profile = parse_bytes(KZ.read_bytes(), "KZ.txt")
    return curated.resolve(HEADER + turtle, "test.ttl", profile, "KZ", "Kazakhstan")


def test_anchor_becomes_derivation_from_exact_passage() -> None:
    layer = _resolve('<event/KZ/x> a fl:Event ; rdfs:label "x"@en ; fl:anchor "Zhanaozen riots" .')
    passage = layer.graph.value(URIRef(BASE + "event/KZ/x"), PROV.wasDerivedFrom)
    assert passage is not None
    text = KZ.read_bytes().decode("utf-8")
    start = text.index("Zhanaozen riots")
    assert str(passage).endswith(f"passage/{start:04d}-{start + 15:04d}")
    assert str(layer.graph.value(URIRef(f"{passage}#quote"), OA.exact)) == "Zhanaozen riots"
    assert (None, FL.anchor, None) not in layer.graph


def test_quote_not_in_source_fails_naming_quote_and_line() -> None:
    with pytest.raises(CurationError) as caught:
        _resolve('<event/KZ/x> a fl:Event ;\n    fl:anchor "the Almaty massacre" .')
    assert 'anchor quote not found in KZ.txt: "the Almaty massacre"' in str(caught.value)
    assert caught.value.line == 5


def test_ambiguous_quote_needs_an_occurrence() -> None:
    with pytest.raises(CurationError, match="occurs 2 times"):
        _resolve('<event/KZ/x> a fl:Event ; fl:anchor "January 2022" .')
    layer = _resolve('<event/KZ/x> a fl:Event ; fl:anchor "January 2022" ; fl:anchorOccurrence 2 .')
    passage = str(layer.graph.value(URIRef(BASE + "event/KZ/x"), PROV.wasDerivedFrom))
    second = KZ.read_bytes().decode("utf-8").rindex("January 2022")
    assert passage.endswith(f"{second:04d}-{second + 12:04d}")
    with pytest.raises(CurationError, match="out of range"):
        _resolve('<event/KZ/x> a fl:Event ; fl:anchor "January 2022" ; fl:anchorOccurrence 3 .')


def test_duplicate_subject_block_fails_with_both_lines() -> None:
    turtle = (
        '<event/KZ/x> a fl:Event ; fl:anchor "Zhanaozen riots" .\n\n'
        '<event/KZ/x> rdfs:label "again"@en .\n'
    )
    with pytest.raises(CurationError) as caught:
        _resolve(turtle)
    assert "duplicate URI: <event/KZ/x> is described again (first at line 4)" in str(caught.value)
    assert caught.value.line == 6


def test_redefining_a_parsed_resource_is_a_duplicate(reference_index: ReferenceIndex) -> None:
    turtle = HEADER + '<adherence/KZ/cat> a fl:TreatyAdherence ; fl:anchor "Zhanaozen riots" .'
    with pytest.raises(
        CurationError,
        match=re.escape("duplicate URI: <https://w3id.org/forcelaw/id/adherence/KZ/cat>"),
    ):
        ingest(KZ.read_bytes(), "KZ.txt", KZ_INFO, reference_index, ("dup.ttl", turtle))


def test_broken_reference_fails(reference_index: ReferenceIndex) -> None:
    turtle = (
        HEADER
        + '<event/KZ/x> a fl:Event ; fl:about <body/KZ/nonexistent> ; fl:anchor "Zhanaozen riots" .'
    )
    _profile, graph = ingest(KZ.read_bytes(), "KZ.txt", KZ_INFO, reference_index, ("b.ttl", turtle))
    known = Graph()
    from forcelaw.graph.build import ProjectPaths

    paths = ProjectPaths(ROOT)
    known += load_ontology(paths)
    known += load_reference(paths)
    with pytest.raises(
        CurationError,
        match=re.escape("broken reference: <https://w3id.org/forcelaw/id/body/KZ/nonexistent>"),
    ):
        curated.check_references(graph, known, "b.ttl")


def test_bad_turtle_fails_with_its_line() -> None:
    with pytest.raises(CurationError, match="not valid Turtle"):
        _resolve("<event/KZ/x> a fl:Event ; fl:anchor .")


def test_kz_curated_layer_covers_every_sentence(reference_index: ReferenceIndex) -> None:
    path = ROOT / "data" / "curated" / "KZ.ttl"
    profile, graph = ingest(
        KZ.read_bytes(), "KZ.txt", KZ_INFO, reference_index, (str(path), path.read_text("utf-8"))
    )
    result = coverage(profile, graph)
    assert result.uncovered == ()
    assert result.sentences == 38


def test_a_quote_mentions_what_it_names_not_what_it_says() -> None:
    layer = _resolve(
        '<event/KZ/x> a fl:Event ; rdfs:label "x"@en ; fl:anchor "Zhanaozen riots" .\n'
        '<claim/x/KZ/y/1> a fl:Claim ; rdfs:label "y"@en ; fl:anchor "live rounds" .\n'
        '<pronouncement/x/KZ/z> a fl:Pronouncement ; rdfs:label "z"@en ;\n'
        "    fl:author <body/un-special-procedures> ;\n"
        '    fl:anchor "sent a joint communication" .'
    )
    graph = layer.graph
    event, claim = URIRef(BASE + "event/KZ/x"), URIRef(BASE + "claim/x/KZ/y/1")
    event_passage = graph.value(event, PROV.wasDerivedFrom)
    assert set(graph.subjects(FL.mentions, event)) == {event_passage}
    # a claim is what its passage says, not a thing it names
    assert not set(graph.subjects(FL.mentions, claim))
    # a pronouncement's passage names its author, as a parsed pronouncement's does
    said = graph.value(URIRef(BASE + "pronouncement/x/KZ/z"), PROV.wasDerivedFrom)
    assert set(graph.objects(said, FL.mentions)) == {URIRef(BASE + "body/un-special-procedures")}


def test_every_named_thing_is_mentioned_where_it_derives_from(
    reference_index: ReferenceIndex,
) -> None:
    """The published graph: a body, post, person, event, outcome, instrument or treaty
    adherence's treaty is mentioned by each passage it derives from, and a passage mentions
    only things that derive from it or author what does."""
    path = ROOT / "data" / "curated" / "KZ.ttl"
    _profile, graph = ingest(
        KZ.read_bytes(), "KZ.txt", KZ_INFO, reference_index, (str(path), path.read_text("utf-8"))
    )
    named = (FL.Body, FL.Post, FL.Person, FL.Event, FL.Outcome, FL.LegalInstrument)
    derived = {
        (passage, thing)
        for cls in named
        for thing in graph.subjects(RDF.type, cls)
        for passage in graph.objects(thing, PROV.wasDerivedFrom)
    }
    derived |= {
        (passage, graph.value(adherence, FL.treaty))
        for adherence in graph.subjects(RDF.type, FL.TreatyAdherence)
        for passage in graph.objects(adherence, PROV.wasDerivedFrom)
    }
    derived |= {
        (passage, author)
        for said in graph.subjects(RDF.type, FL.Pronouncement)
        for passage in graph.objects(said, PROV.wasDerivedFrom)
        for author in graph.objects(said, FL.author)
    }
    mentioned = set(graph.subject_objects(FL.mentions))
    assert derived - mentioned == set()
    assert mentioned - derived == set()
    assert URIRef(BASE + "treaty/cat") in set(graph.objects(None, FL.mentions))
    assert URIRef(BASE + "event/KZ/2011-12-zhanaozen") in set(graph.objects(None, FL.mentions))
