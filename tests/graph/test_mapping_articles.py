"""An article cited by its paragraphs ("Article 17(1)", "Article 17(2)") is a provision of its
own: named by the citation, typed and labelled, with no text; its paragraphs are its parts, and
it is the instrument's."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from forcelaw.graph.mapping import StateInfo, map_profile
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, ELI, FL
from forcelaw.profile.parse import parse


def _graph(
    constitution: list[str], legislation: list[str], reference_index: ReferenceIndex
) -> Graph:
    text = "\n".join(
        [
            "Constitutional Provisions",
            *constitution,
            "Treaty Adherence",
            "Global Treaties",
            "1984 Convention against Torture (CAT) | State Party |",
            "National Legislation",
            *legislation,
            "Police Oversight",
            "There is no independent police oversight body in Testland.",
            "Caselaw",
            "None.",
            "",
        ]
    )
    return map_profile(parse(text, "TT.txt"), StateInfo("TT", "Testland"), reference_index)


def _iri(path: str) -> URIRef:
    return URIRef(f"{BASE}instrument/TT/{path}")


def _offsets(passage: URIRef) -> tuple[int, int]:
    start, end = str(passage).rsplit("/", 1)[1].split("-")
    return int(start), int(end)


PARAGRAPHS = [
    'Article 17(1) of the Constitution provides that "Human dignity shall be inviolable."',
    'Article 17(2) of the Constitution provides that "No one shall be tortured."',
]


def test_paragraphs_of_one_article_are_parts_of_one_article(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        PARAGRAPHS, ["There is no legislation governing police use of force."], reference_index
    )
    article, constitution = _iri("constitution/art-17"), _iri("constitution")
    paragraphs = {_iri("constitution/art-17/para-1"), _iri("constitution/art-17/para-2")}
    assert (article, RDF.type, FL.Provision) in graph
    assert str(graph.value(article, ELI.number)) == "17"
    assert str(graph.value(article, RDFS.label)) == "Article 17 of the Constitution"
    assert set(graph.objects(article, ELI.is_part_of)) == {constitution}
    assert set(graph.objects(article, ELI.has_part)) == paragraphs
    assert set(graph.objects(constitution, ELI.has_part)) == {article}
    for paragraph in paragraphs:
        assert set(graph.objects(paragraph, ELI.is_part_of)) == {article}
    # the article's text is not in the profile: none is given it
    assert graph.value(article, FL.verbatimText) is None
    # it is derived from each sentence that names it, and every such passage names "Article 17"
    text = graph.value(URIRef(f"{BASE}profile/TT"), FL.sourceText)
    passages = set(graph.objects(article, PROV.wasDerivedFrom))
    assert len(passages) == 2
    for passage in passages:
        start, end = _offsets(passage)
        assert str(text)[start:end].startswith("Article 17(")


def test_an_article_quoted_whole_has_no_article_above_it(reference_index: ReferenceIndex) -> None:
    sentence = 'Article 20 of the Constitution provides that "Everyone has the right to life."'
    graph = _graph(
        [sentence], ["There is no legislation governing police use of force."], reference_index
    )
    article = _iri("constitution/art-20")
    assert set(graph.objects(article, ELI.is_part_of)) == {_iri("constitution")}
    assert list(graph.objects(article, ELI.has_part)) == []
    assert graph.value(article, FL.verbatimText) is not None
    assert len(set(graph.subjects(RDF.type, FL.Provision))) == 1


def test_an_article_quoted_whole_and_by_paragraph_is_one_article(
    reference_index: ReferenceIndex,
) -> None:
    sentences = [
        'Article 17 of the Constitution provides that "Human dignity shall be inviolable."',
        'Article 17(2) of the Constitution provides that "No one shall be tortured."',
    ]
    graph = _graph(
        sentences, ["There is no legislation governing police use of force."], reference_index
    )
    article = _iri("constitution/art-17")
    assert str(graph.value(article, FL.verbatimText)) == "Human dignity shall be inviolable."
    assert set(graph.objects(article, ELI.has_part)) == {_iri("constitution/art-17/para-2")}
    assert {str(n) for n in graph.objects(article, ELI.number)} == {"17"}
    assert len(set(graph.objects(article, RDFS.label))) == 1


def test_a_section_s_subsection_is_part_of_its_section(reference_index: ReferenceIndex) -> None:
    legislation = [
        'Section 46(3) of the Police Act 2011 provides that "Force shall be the last resort."'
    ]
    graph = _graph(PARAGRAPHS[:1], legislation, reference_index)
    sections = [s for s in graph.subjects(RDF.type, FL.Provision) if str(s).endswith("/sec-46")]
    assert len(sections) == 1
    (section,) = sections
    assert str(graph.value(section, RDFS.label)).startswith("Section 46 of the ")
    (part,) = graph.objects(section, ELI.has_part)
    assert str(part).endswith("/sec-46/para-3")
    assert graph.value(section, ELI.is_part_of) is not None


def test_an_item_is_part_of_its_paragraph_and_that_of_its_article(
    reference_index: ReferenceIndex,
) -> None:
    sentences = [
        'Article 12(1)(a) of the Constitution provides that "Force is a last resort."',
        'Article 12(1) of the Constitution provides that "Force shall be necessary."',
    ]
    graph = _graph(
        sentences, ["There is no legislation governing police use of force."], reference_index
    )
    article, paragraph = _iri("constitution/art-12"), _iri("constitution/art-12/para-1")
    item = _iri("constitution/art-12/para-1-a")
    assert set(graph.objects(item, ELI.is_part_of)) == {paragraph}
    assert set(graph.objects(paragraph, ELI.is_part_of)) == {article}
    assert set(graph.objects(article, ELI.has_part)) == {paragraph}
    assert set(graph.objects(paragraph, ELI.has_part)) == {item}
    # the paragraph is quoted too: one resource with its text, number and label
    assert str(graph.value(paragraph, FL.verbatimText)) == "Force shall be necessary."
    assert {str(n) for n in graph.objects(paragraph, ELI.number)} == {"12(1)"}
    assert {str(n) for n in graph.objects(paragraph, FL.paragraph)} == {"1"}
    assert len(set(graph.objects(paragraph, RDFS.label))) == 1
    # an item of a paragraph never quoted: the paragraph is named, with no text
    graph = _graph(
        sentences[:1], ["There is no legislation governing police use of force."], reference_index
    )
    assert graph.value(paragraph, FL.verbatimText) is None
    assert str(graph.value(paragraph, RDFS.label)) == "Article 12(1) of the Constitution"
