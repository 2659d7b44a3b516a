"""A case's dct:bibliographicCitation is read, never composed: every one is exactly a slice of a
passage its pronouncement is derived from, in every profile we ingest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV, RDF

from forcelaw.graph.mapping import StateInfo, map_profile
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import FL
from forcelaw.profile.parse import parse
from tests.conftest import KZ, PROFILES
from tests.graph.small_profile import profile_text

_NAMES = {
    "KZ": "Kazakhstan",
    "XA": "Arcadia",
    "XB": "Borealia",
    "XC": "Concordia (Federated States of)",
    "XD": "Ardenia",
    "XE": "Valdoria",
    "XF": "Karavia",
    "XG": "Azurie",
    "XH": "Moravia",
    "XI": "Lumeria",
}
_SOURCES = [KZ, *sorted(PROFILES.glob("*.txt"))]  # the shared fixtures XA and XB are copies
_OFFSETS = re.compile(r"/passage/(\d+)-(\d+)$")


def _profile(national: str) -> str:
    """A whole profile of Ardenia whose national caselaw is ``national``."""
    return profile_text(
        oversight="There is no independent police oversight body in Ardenia.",
        caselaw=("National", national),
    )


def _citations(text: str, code: str, index: ReferenceIndex) -> list[tuple[str, set[str]]]:
    """Each citation in the state's graph and the texts of its pronouncement's passages."""
    assert code in _NAMES, f"fixture {code}: add the state's name to _NAMES"
    graph: Graph = map_profile(parse(text, f"{code}.txt"), StateInfo(code, _NAMES[code]), index)
    found = []
    for pronouncement in graph.subjects(RDF.type, FL.Pronouncement):
        passages = set()
        for passage in graph.objects(pronouncement, PROV.wasDerivedFrom):
            offsets = _OFFSETS.search(str(passage))
            assert offsets is not None, passage
            passages.add(text[int(offsets.group(1)) : int(offsets.group(2))])
        found += [
            (str(c), passages) for c in graph.objects(pronouncement, DCTERMS.bibliographicCitation)
        ]
    return found


@pytest.mark.parametrize("source", _SOURCES, ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
def test_every_citation_is_a_slice_of_its_passage(
    source: Path, reference_index: ReferenceIndex
) -> None:
    text = source.read_text("utf-8")
    for citation, passages in _citations(text, source.stem, reference_index):
        assert citation, "an empty citation"
        assert any(citation in passage for passage in passages), (citation, passages)


def test_a_case_cited_before_and_after_its_name_has_two_citations(
    reference_index: ReferenceIndex,
) -> None:
    sentence = (
        "In its decision in Communication 246/02, Petit v. Ardenia, [2015] TTSC 7, the "
        "Supreme Court held that the shooting was unlawful."
    )
    text = _profile(sentence)
    found = _citations(text, "XD", reference_index)
    assert sorted(c for c, _ in found) == ["Communication 246/02", "[2015] TTSC 7"]
    assert all(c in sentence for c, _ in found)


def test_a_case_without_a_report_has_no_citation(reference_index: ReferenceIndex) -> None:
    sentence = "In Petit v. Ardenia (2015), the Supreme Court held so."
    text = _profile(sentence)
    graph = map_profile(parse(text, "XD.txt"), StateInfo("XD", "Ardenia"), reference_index)
    assert len(set(graph.subjects(RDF.type, FL.Pronouncement))) == 1
    assert _citations(text, "XD", reference_index) == []
