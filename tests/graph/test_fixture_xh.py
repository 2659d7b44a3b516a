"""Fixture XH: a Council of Europe state's profile with a long European Court of Human Rights
section (two dozen "X v. Moravia" judgments: Grand Chamber, application numbers, dates written
"14 March 2010", "21.01.2013", "2015-09-17", and the Court named or not), read whole: each
judgment that names its court and a date or year it can read is one of the Court's
pronouncements on the state, the others are passages of their own."""

from __future__ import annotations

import re

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, FL
from forcelaw.profile.records import Profile
from tests.graph.fixture_reading import assert_every_sentence_quoted, read_fixture

_JUDGMENT = re.compile(
    r"^In (?:its judgment of [^,]+ in |the case of )?(?P<name>[A-Z]\w+)\b.* v\. "
)
_SLASHED = re.compile(r"\d{2}/\d{2}/\d{4}")


def _read(reference_index: ReferenceIndex) -> tuple[str, Profile, Graph]:
    return read_fixture("XH", "Moravia", reference_index)


def test_fixture_xh_has_a_pronouncement_for_each_judgment_naming_its_court(
    reference_index: ReferenceIndex,
) -> None:
    text, _profile, graph = _read(reference_index)
    judgments = [line for line in text.splitlines() if _JUDGMENT.match(line)]
    assert len(judgments) == 24
    readable = {
        _JUDGMENT.match(line).group("name")  # type: ignore[union-attr]
        for line in judgments
        if "the European Court of Human Rights" in line and not _SLASHED.search(line)
    }
    ecthr = [
        str(s).removeprefix(f"{BASE}pronouncement/ecthr/XH/")
        for s in graph.subjects(RDF.type, FL.Pronouncement)
        if str(s).startswith(f"{BASE}pronouncement/ecthr/XH/")
    ]
    assert len(ecthr) == len(readable) == 21
    assert {path.split("-")[1].capitalize() for path in ecthr} == readable
    assert not any("case-of" in path for path in ecthr)
    for path in ecthr:  # each dated the year its IRI says, by its day where the text gives it
        date = graph.value(URIRef(f"{BASE}pronouncement/ecthr/XH/{path}"), DCTERMS.date)
        assert str(date).startswith(path[:4]), (path, date)


def test_fixture_xh_quotes_every_sentence_at_its_offsets(reference_index: ReferenceIndex) -> None:
    text, profile, graph = _read(reference_index)
    assert_every_sentence_quoted(graph, text, profile)
    for citation in graph.objects(None, DCTERMS.bibliographicCitation):
        assert str(citation) in text
