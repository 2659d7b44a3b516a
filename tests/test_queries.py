"""Competency questions: each queries/*.rq, run on the built release, gives the known answer."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from forcelaw.graph.build import ingest
from forcelaw.graph.coverage import coverage
from forcelaw.graph.mapping import StateInfo
from forcelaw.graph.reference import ReferenceIndex
from tests.conftest import KZ, ROOT

QUERIES = ROOT / "queries"
ID = "https://w3id.org/forcelaw/id/"


@pytest.fixture(scope="module")
def store(release_dir: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(release_dir / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    return store


def _rows(
    store: ox.Store, name: str, replace: tuple[str, str] | None = None
) -> list[dict[str, str]]:
    query = (QUERIES / name).read_text(encoding="utf-8")
    if replace is not None:
        query = query.replace(*replace)
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def test_every_query_file_is_tested() -> None:
    tested = {"a-constitutional-provisions.rq", "b-global-treaty-status.rq",
              "c-independent-oversight.rq", "d-concluding-observations.rq",
              "e-events-excessive-force.rq", "f-zhanaozen-deaths.rq",
              "g-excessive-self-defence.rq", "h-source-passage.rq",
              # the comparison table's queries: tests/server/test_editions.py
              "i-compare-treaties.rq", "j-compare-absences.rq",
              "k-compare-oversight-legislation.rq", "l-compare-pronouncements.rq",
              "m-unmodelled-sentences.rq"}  # fmt: skip
    assert {p.name for p in QUERIES.glob("*.rq")} == tested
    for path in QUERIES.glob("*.rq"):
        assert path.read_text(encoding="utf-8").startswith("# ("), f"{path.name} needs a comment"


def test_a_constitutional_provisions(store: ox.Store) -> None:
    rows = _rows(store, "a-constitutional-provisions.rq")
    assert [r["number"] for r in rows] == ["15(1)", "17(1)", "17(2)", "32"]
    assert rows[0]["text"] == "Everyone shall have the right to life."
    assert rows[1]["text"] == "A person’s dignity shall be inviolable."
    assert rows[2]["text"].startswith("No one must be subject to torture")
    assert rows[3]["text"].startswith("Citizens of the Republic of Kazakhstan shall have the right")
    assert rows[3]["text"].endswith("rights and freedoms of other persons.")
    assert [r.get("paragraph") for r in rows] == ["1", "1", "2", None]


def test_b_global_treaty_status(store: ox.Store) -> None:
    rows = {
        r["adherable"].removeprefix(ID + "treaty/"): r["status"]
        for r in _rows(store, "b-global-treaty-status.rq")
    }
    assert rows == {
        "iccpr": "State Party",
        "iccpr-op1": "State Party",
        "cat": "State Party",
        "opcat": "State Party",
        "cat-art22-competence": "Yes",
        "rome-statute": "Not party",
    }


def test_c_no_independent_oversight_body_asserted(store: ox.Store) -> None:
    rows = _rows(store, "c-independent-oversight.rq")
    assert len(rows) == 1
    assert rows[0]["hedge"] == "asserted"
    assert (
        rows[0]["quote"] == "There is no civilian independent police oversight body in Kazakhstan."
    )


def test_d_concluding_observations(store: ox.Store) -> None:
    rows = [
        (r["body"].removeprefix(ID), r["year"])
        for r in _rows(store, "d-concluding-observations.rq")
    ]
    assert rows == [
        ("body/un-committee-against-torture", "2023"),
        ("body/un-human-rights-committee", "2016"),
    ]


def test_e_events_with_dates(store: ox.Store) -> None:
    rows = [
        (r["event"].removeprefix(ID), r["start"], r.get("end"))
        for r in _rows(store, "e-events-excessive-force.rq")
    ]
    assert rows == [
        ("event/KZ/2011-12-zhanaozen", "2011-12-16", "2011-12-17"),
        ("event/KZ/2022-01-protests", "2022-01", None),
    ]


def test_f_zhanaozen_deaths_both_claims_kept(store: ox.Store) -> None:
    rows = [
        (r["quantity"], r["qualifier"], r["year"], r["claim"].removeprefix(ID))
        for r in _rows(store, "f-zhanaozen-deaths.rq")
    ]
    assert rows == [
        ("15", "approximately", "2012", "claim/un-hchr/KZ/2012-statement/1"),
        ("12", "exact", "2016", "claim/un-hrc/KZ/2016-concluding-observations/1"),
    ]


def test_g_excessive_force_in_self_defence(store: ox.Store) -> None:
    rows = _rows(store, "g-excessive-self-defence.rq")
    assert len(rows) == 1
    assert rows[0]["provision"] == ID + "instrument/KZ/criminal-code/art-32/para-3"
    assert rows[0]["number"] == "32(3)"
    assert rows[0]["text"].startswith("Use of excessive force in self-defence shall be recognized")
    assert rows[0]["text"].endswith("shall not be the use of excessive force in self-defence.")


@pytest.mark.parametrize(
    "fact",
    [
        "adherence/KZ/cat",
        "instrument/KZ/criminal-code/art-32/para-3",
        "claim/un-hrc/KZ/2016-concluding-observations/1/figure/1",
        "claim/un-hchr/KZ/2012-statement/1/figure/1",
        "absence/KZ/use-of-force-legislation-1439",
        "pronouncement/ministry-internal-affairs/KZ/2018-10-announcement",
        "outcome/KZ/2011-12-zhanaozen-convictions",
    ],
)
def test_h_source_passage_of_any_fact_is_exact(store: ox.Store, fact: str) -> None:
    text = KZ.read_bytes().decode("utf-8")
    default = "<https://w3id.org/forcelaw/id/adherence/KZ/cat>"
    rows = _rows(store, "h-source-passage.rq", (default, f"<{ID}{fact}>"))
    assert rows, fact
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert row["exact"] == text[start:end]
        assert row["profile"] == ID + "profile/KZ"
        assert int(row["line"]) == text.count("\n", 0, start) + 1
    if fact.endswith("figure/1") and "hrc" in fact:
        assert [r["exact"] for r in rows] == ["12 deaths"]


def test_m_unmodelled_sentences_none_in_the_release(store: ox.Store) -> None:
    assert _rows(store, "m-unmodelled-sentences.rq") == []


def test_m_unmodelled_sentences_lists_what_no_fact_derives_from(
    reference_index: ReferenceIndex,
) -> None:
    # Kazakhstan's profile without its curated layer: the sentences only a curator models.
    profile, graph = ingest(
        KZ.read_bytes(), "KZ.txt", StateInfo("KZ", "Kazakhstan"), reference_index
    )
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    rows = _rows(store, "m-unmodelled-sentences.rq")
    uncovered = coverage(profile, graph).uncovered
    assert uncovered
    assert [(int(r["start"]), int(r["end"]), r["exact"]) for r in rows] == [
        (s.span.start, s.span.end, s.text) for s in uncovered
    ]
    for row, sentence in zip(rows, uncovered, strict=True):
        assert row["profile"] == ID + "profile/KZ"
        assert row["section"] == ID + "profile/KZ/section/" + sentence.section
        assert int(row["line"]) == sentence.span.line
