"""Fixture XG: a profile written with the punctuation of a word processor throughout (curly
quotes and apostrophes, en and em dashes, no-break spaces, a tab, non-breaking hyphens in a
law's number, soft hyphens in a heading and a word, a zero-width space in a name), read as its
ASCII twin is read, every passage quoting the text as written."""

from __future__ import annotations

from rdflib import Graph

from forcelaw.graph.build import ingest
from forcelaw.graph.mapping import StateInfo
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import FL
from forcelaw.profile.records import Profile
from tests.conftest import PROFILES
from tests.graph.fixture_reading import assert_every_sentence_quoted, paths_by_kind

_KINDS = ("LegalInstrument", "Provision", "Body", "Pronouncement", "TreatyAdherence")
# What the word processor wrote, and what a typewriter would have: the same profile in ASCII.
_ASCII = str.maketrans(
    {
        "\u00a0": " ", "\u202f": " ", "\t": " ", "\u2011": "-", "\u00ad": None,
        "\u200b": None, "\u2060": None,
    }
)  # fmt: skip


def _read(data: bytes, reference_index: ReferenceIndex) -> tuple[Profile, Graph]:
    return ingest(data, "XG.txt", StateInfo("XG", "Azurie"), reference_index)


def _paths(graph: Graph) -> dict[str, set[str]]:
    return paths_by_kind(graph, _KINDS)


def test_fixture_xg_reads_as_its_ascii_twin(reference_index: ReferenceIndex) -> None:
    data = (PROFILES / "XG.txt").read_bytes()
    _profile, graph = _read(data, reference_index)
    _twin, twin = _read(data.decode("utf-8").translate(_ASCII).encode(), reference_index)
    paths = _paths(graph)
    assert paths == _paths(twin)
    assert paths["LegalInstrument"] == {
        "instrument/XG/constitution-2000",
        "instrument/XG/law-no-2014-12-of-2014",
    }
    assert paths["Provision"] == {
        "instrument/XG/constitution-2000/art-6",
        "instrument/XG/constitution-2000/art-7",
        "instrument/XG/law-no-2014-12-of-2014/art-5",
    }
    assert paths["Body"] == {"body/XG/inspectorate-general-of-police", "body/XG/supreme-court"}
    # "The Constitution doesn’t specifically address ...": the absence its spelling out states
    kinds = {str(o).rsplit("/", 1)[-1] for o in graph.objects(None, FL.absentKind)}
    assert kinds == {"constitutional-use-of-force-provision"}


def test_fixture_xg_quotes_the_text_as_written(reference_index: ReferenceIndex) -> None:
    data = (PROFILES / "XG.txt").read_bytes()
    text = data.decode("utf-8")
    profile, graph = _read(data, reference_index)
    assert_every_sentence_quoted(graph, text, profile)
    verbatim = {str(o) for o in graph.objects(None, FL.verbatimText)}
    life = "Every person has the right to life \u2014 no one shall be arbitrarily deprived of it."
    assert life in verbatim
    assert all(quote in text for quote in verbatim)
