"""Competency questions: each queries/*.rq, run on the built release, gives the known answer."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from forcelaw.graph.build import ingest
from forcelaw.graph.coverage import coverage
from forcelaw.graph.curated_checks import numbers, qualifier_of
from forcelaw.graph.mapping import StateInfo
from forcelaw.graph.reference import ReferenceIndex
from tests.conftest import KZ, PROFILES, ROOT

QUERIES = ROOT / "queries"
ID = "https://w3id.org/forcelaw/id/"
FL = "https://w3id.org/forcelaw/ontology#"


@pytest.fixture(scope="module")
def store(release_dir: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(release_dir / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="module")
def states(release_dir: Path, reference_index: ReferenceIndex) -> ox.Store:
    """The release with the fictional profiles XA (an oversight body, a signature of OPCAT) and
    XB (a stated absence beside an ombudsperson, a signature of the Rome Statute) added."""
    store = ox.Store()
    store.bulk_load(path=str(release_dir / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    for code, name in (("XA", "Arcadia"), ("XB", "Borealia")):
        path = PROFILES / f"{code}.txt"
        _profile, graph = ingest(
            path.read_bytes(), path.name, StateInfo(code, name), reference_index
        )
        store.load(graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
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
              "m-unmodelled-sentences.rq", "n-death-figures.rq",
              "o-cat-parties-without-oversight.rq", "p-event-facts-with-offsets.rq",
              "q-claim-provenance.rq", "r-signed-not-ratified.rq",
              "s-article-paragraphs.rq", "t-recommendations.rq"}  # fmt: skip
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


def test_s_an_article_s_quoted_paragraphs_without_matching_numbers(
    store: ox.Store, reference_index: ReferenceIndex
) -> None:
    profile, _graph = ingest(
        KZ.read_bytes(), KZ.name, StateInfo("KZ", "Kazakhstan"), reference_index
    )
    quoted = sorted(
        (p.label_number, p.text)
        for p in profile.provisions
        if p.instrument.startswith("constitution") and p.number == "17" and p.paragraph
    )
    rows = _rows(store, "s-article-paragraphs.rq")
    assert len(quoted) == 2
    assert [(r["number"], r["text"]) for r in rows] == quoted
    assert {r["article"] for r in rows} == {ID + "instrument/KZ/constitution-1995/art-17"}
    assert {r["articleLabel"] for r in rows} == {
        "Article 17 of the Constitution of the Republic of Kazakhstan"
    }
    # another article's number names no article: nothing, not Article 17's paragraphs
    assert _rows(store, "s-article-paragraphs.rq", ('eli:number "17"', 'eli:number "18"')) == []


def test_t_what_each_body_recommended_to_each_state(states: ox.Store) -> None:
    """Borealia's profile says the African Commission "called on Borealia to conduct ..." in
    2022: one recommendation, with its sentence; Kazakhstan's gives none in a body's words."""
    text = (PROFILES / "XB.txt").read_text(encoding="utf-8")
    rows = _rows(states, "t-recommendations.rq")
    assert [r["code"] for r in rows] == ["XB"]
    (row,) = rows
    start, end = int(row["start"]), int(row["end"])
    assert row["sentence"] == text[start:end]
    assert "called on Borealia to conduct" in row["sentence"]
    assert row["sentence"].startswith(f"In {row['date']}, the {row['bodyLabel']} called on")
    assert row["pronouncement"] == ID + "pronouncement/achpr-commission/XB/2022-statement"
    assert row["body"] == ID + "body/african-commission-on-human-and-peoples-rights"


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


def test_n_death_figures_side_by_side_as_their_quotes_say(store: ox.Store) -> None:
    text = KZ.read_bytes().decode("utf-8")
    rows = _rows(store, "n-death-figures.rq")
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert row["exact"] == text[start:end]
        quantity = int(row["quantity"]) if "quantity" in row else None
        assert quantity is None or quantity in numbers(row["exact"])
        assert row["qualifier"].replace(" ", "-") == qualifier_of([row["exact"]], quantity)
    deaths = ox.NamedNode(ID + "scheme/figure-unit/deaths")
    figures = {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(FL + "unit"), deaths)}
    assert len(rows) == len(figures)  # each figure of deaths once, with or without an event
    zhanaozen = {
        r["reportedBy"]: r.get("quantity") for r in rows if r.get("event", "").endswith("zhanaozen")
    }
    assert len(zhanaozen) == 2 and len(set(zhanaozen.values())) == 2  # two bodies, two tolls
    january = [r for r in rows if r.get("event") == ID + "event/KZ/2022-01-protests"]
    assert [(r["exact"], r.get("quantity"), r["qualifier"]) for r in january] == [
        ("multiple deaths", None, "many")
    ]
    assert january[0]["reportedBy"] == "United Nations Committee against Torture"


def test_o_cat_parties_whose_profile_states_no_oversight_body(states: ox.Store) -> None:
    rows = {r["code"]: r for r in _rows(states, "o-cat-parties-without-oversight.rq")}
    assert set(rows) == {"KZ", "XB"}  # XA names an independent office and states no absence
    for code, row in rows.items():
        source = (KZ if code == "KZ" else PROFILES / f"{code}.txt").read_text(encoding="utf-8")
        assert row["statement"].endswith(f"-{source.index(row['quote']):04d}")
        assert row["hedge"] == "asserted"
    assert rows["KZ"].get("otherOversightBodies", "") == ""
    assert rows["XB"]["otherOversightBodies"] == "Office of the Public Protector"


def test_p_every_fact_about_an_event_with_its_sentence(store: ox.Store) -> None:
    text = KZ.read_bytes().decode("utf-8")
    rows = _rows(store, "p-event-facts-with-offsets.rq")
    for row in rows:
        assert row["exact"] == text[int(row["start"]) : int(row["end"])]
    facts = {r["fact"] for r in rows}
    event = ox.NamedNode(ID + "event/KZ/2011-12-zhanaozen")
    about, outcome_of = ox.NamedNode(FL + "about"), ox.NamedNode(FL + "outcomeOf")
    outcomes = {q.subject for q in store.quads_for_pattern(None, outcome_of, event)}
    claims = {
        q.subject
        for target in {event} | outcomes
        for q in store.quads_for_pattern(None, about, target)
    }
    figures = {
        q.object
        for claim in claims
        for q in store.quads_for_pattern(claim, ox.NamedNode(FL + "hasFigure"), None)
    }
    assert outcomes and claims and figures
    assert facts == {n.value for n in {event} | outcomes | claims | figures}


def test_q_claim_provenance_up_to_the_retrieved_profile(store: ox.Store) -> None:
    text = KZ.read_bytes().decode("utf-8")
    manifest = json.loads((ROOT / "data" / "sources" / "manifest.json").read_text("utf-8"))
    entry = next(p for p in manifest["profiles"] if p["code"] == "KZ")
    rows = _rows(store, "q-claim-provenance.rq")
    assert len(rows) == 2  # the lead-in and the quoted concern
    for row in rows:
        assert row["exact"] == text[int(row["start"]) : int(row["end"])]
        assert row["profile"] == ID + "profile/KZ"
        assert row["section"] == ID + "profile/KZ/section/caselaw-global-treaty-bodies"
        assert row["retrieved"] == entry["retrieved"]
        assert row["sourceUrl"] == entry["source_url"]
        assert row["sha256"] == hashlib.sha256(KZ.read_bytes()).hexdigest()
        assert row["date"] == "2016" and "2016" in rows[0]["exact"]


def test_r_signed_not_ratified_as_the_tables_say(states: ox.Store) -> None:
    rows = _rows(states, "r-signed-not-ratified.rq")
    expected = sorted(
        (code, line)
        for code, path in (("KZ", KZ), ("XA", PROFILES / "XA.txt"), ("XB", PROFILES / "XB.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if "| Signatory |" in line
    )
    assert sorted((r["code"], r["row"]) for r in rows) == expected
    assert len(expected) == 2
    assert all("since" not in r for r in rows)  # the profiles date no signature


def test_superclasses_are_reached_through_the_ontology_graph(store: ox.Store) -> None:
    """The README's note on types: no inference, so a standard class is asked through
    rdfs:subClassOf*, which finds every instance of each of its fl: subclasses."""
    schema_event = "https://schema.org/Event"
    subclass = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    asked = store.query(
        f"SELECT ?x {{ ?x a/<{subclass}>* <{schema_event}> }}", use_default_graph_as_union=True
    )
    assert isinstance(asked, ox.QuerySolutions)
    found = {row["x"].value for row in asked}
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    expected = {
        q.subject.value
        for cls in ("Event", "Outcome")
        for q in store.quads_for_pattern(None, rdf_type, ox.NamedNode(FL + cls))
    }
    assert expected and found == expected
    direct = store.query(f"ASK {{ ?x a <{schema_event}> }}", use_default_graph_as_union=True)
    assert isinstance(direct, ox.QueryBoolean) and not bool(direct)


def test_dates_of_three_precisions_compare_by_their_year(store: ox.Store) -> None:
    """The README's note on dates: comparing with an xsd:gYear drops the months and days;
    comparing the years keeps every dated pronouncement."""
    head = (
        "PREFIX dct: <http://purl.org/dc/terms/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
    )
    dated = head + "SELECT ?p { ?p dct:date ?d . FILTER (%s) }"
    by_year = _count(store, dated % "xsd:integer(SUBSTR(STR(?d), 1, 4)) >= 2000")
    by_gyear = _count(store, dated % '?d >= "2000"^^xsd:gYear')
    every = _count(store, head + "SELECT ?p { ?p dct:date ?d }")
    assert by_year == every > by_gyear  # KZ's 2018 statements are dated to the month


def _count(store: ox.Store, query: str) -> int:
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return len(list(solutions))


def test_an_article_and_a_place_as_the_readme_asks_them(store: ox.Store) -> None:
    """The README's notes on provisions and places: an article's quoted provisions as its parts,
    and an event's place as a name whether it is the state or a place the profile names."""
    text = KZ.read_text(encoding="utf-8")
    article = store.query(
        "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?p ?number { ?a eli:number "
        '"17" ; eli:has_part ?p . ?p eli:number ?number } ORDER BY ?number',
        use_default_graph_as_union=True,
    )
    assert isinstance(article, ox.QuerySolutions)
    numbers_of_17 = [row["number"].value for row in article]
    assert numbers_of_17 == ["17(1)", "17(2)"]
    assert "According to Article 17 of the Constitution:\n1. " in text and "\n2. No one" in text
    places = store.query(
        "PREFIX schema: <https://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
        " SELECT ?event (COALESCE(?placeLabel, STR(?place)) AS ?name) { ?event schema:location"
        " ?place OPTIONAL { ?place rdfs:label ?placeLabel } }",
        use_default_graph_as_union=True,
    )
    assert isinstance(places, ox.QuerySolutions)
    names = {row["event"].value.removeprefix(ID): row["name"].value for row in places}
    assert names == {
        "event/KZ/2011-12-zhanaozen": "Zhanaozen",
        "event/KZ/2022-01-protests": "Kazakhstan",
    }
    assert all(name in text for name in names.values())


def test_n_lists_a_death_figure_of_a_claim_about_no_event(release_dir: Path) -> None:
    store = ox.Store()
    store.bulk_load(path=str(release_dir / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    claim, figure = f"<{ID}claim/test/KZ/x/1>", f"<{ID}claim/test/KZ/x/1/figure/1>"
    store.load(
        (
            f"{claim} a <{FL}Claim> ; <{FL}about> <{ID}state/KZ> ;\n"
            f"  <{FL}assertedBy> <{ID}body/un-committee-against-torture> ;\n"
            f"  <{FL}hasFigure> {figure} .\n"
            f"{figure} <{FL}unit> <{ID}scheme/figure-unit/deaths> ;\n"
            f"  <{FL}qualifier> <{ID}scheme/figure-qualifier/many> ;\n"
            f"  <http://www.w3.org/ns/prov#wasDerivedFrom> <{ID}profile/KZ/passage/3171-3186> .\n"
        ).encode(),
        format=ox.RdfFormat.TURTLE,
    )
    rows = _rows(store, "n-death-figures.rq")
    added = [r for r in rows if r["claim"] == claim.strip("<>")]
    assert [(r["code"], r.get("event"), r["exact"]) for r in added] == [
        ("KZ", None, "multiple deaths")
    ]
