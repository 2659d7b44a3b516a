"""Cases in the graph: one case cited in two forms is one pronouncement with its citation; two
decisions the text dates apart stay two."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from forcelaw.graph.build import ingest
from forcelaw.graph.mapping import StateInfo
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, FL
from tests.conftest import PROFILES
from tests.graph.small_profile import mapped, profile_text


def _graph(national: str, index: ReferenceIndex) -> Graph:
    return mapped(profile_text(caselaw=("National", national)), index)


def _pronouncements(graph: Graph) -> dict[str, tuple[set[str], set[str], int]]:
    """path -> (dates, citations, passages it derives from)."""
    return {
        str(s).removeprefix(BASE + "pronouncement/"): (
            {str(d) for d in graph.objects(s, DCTERMS.date)},
            {str(c) for c in graph.objects(s, DCTERMS.bibliographicCitation)},
            len(set(graph.objects(s, PROV.wasDerivedFrom))),
        )
        for s in graph.subjects(RDF.type, FL.Pronouncement)
    }


def test_one_case_cited_in_two_forms_is_one_pronouncement(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        "In Tennessee v. Garner, 471 T.R. 1 (1985), the Supreme Court held that deadly force may "
        "not be used to stop a fleeing suspect. In its judgment in Tennessee v. Garner, "
        "delivered on March 27, 1985, the Supreme Court held that the statute was "
        "unconstitutional. In Graham v. Connor, 490 T.R. 386 (1989), the Supreme Court held "
        "that force is judged by reasonableness.",
        reference_index,
    )
    assert _pronouncements(graph) == {
        "supreme-court/TT/1985-tennessee-v-garner": ({"1985-03-27"}, {"471 T.R. 1 (1985)"}, 2),
        "supreme-court/TT/1989-graham-v-connor": ({"1989"}, {"490 T.R. 386 (1989)"}, 1),
    }
    garner = next(graph.subjects(DCTERMS.bibliographicCitation, Literal("471 T.R. 1 (1985)")))
    assert (garner, FL.documentType, None) in graph


def test_two_decisions_in_one_case_dated_apart_stay_two(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        "In its judgment in Doe v. Testland, delivered on 3 May 2019, the Supreme Court ordered "
        "an inquiry. In its judgment in Doe v. Testland, delivered on 9 October 2019, the "
        "Supreme Court awarded damages.",
        reference_index,
    )
    assert _pronouncements(graph) == {
        "supreme-court/TT/2019-doe-v-testland": ({"2019-05-03"}, set(), 1),
        "supreme-court/TT/2019-doe-v-testland-2": ({"2019-10-09"}, set(), 1),
    }


def _courts(graph: Graph) -> dict[str, set[str]]:
    """court path -> the years of its pronouncements."""
    found: dict[str, set[str]] = {}
    for pronouncement in graph.subjects(RDF.type, FL.Pronouncement):
        author = str(graph.value(pronouncement, FL.author)).removeprefix(BASE + "body/TT/")
        found.setdefault(author, set()).add(str(graph.value(pronouncement, DCTERMS.date)))
    return found


def test_courts_named_by_what_they_are_and_by_their_acronym(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        "In 2014, the Court of Cassation overturned a conviction. In 2015, the Council of State "
        "annulled a decree. In 2016, the Constitutional Council struck down a law. In 2020, the "
        "Federal Supreme Court (STF) restricted police operations. In 2022, the STF confirmed "
        "its order. In 2021, the Court of Appeals for the Ninth Circuit held so. In 2019, the "
        "Court of Appeals for the Fifth Circuit held otherwise. In 2018, the Ontario Court of "
        "Appeal convicted an officer. In 2017, the Court of Appeal of Lagos State acquitted "
        "two officers. In 2023, the PCB found a breach.",
        reference_index,
    )
    assert _courts(graph) == {
        "court-of-cassation": {"2014"},
        "council-of-state": {"2015"},
        "constitutional-council": {"2016"},
        "federal-supreme-court": {"2020", "2022"},
        "court-of-appeals-for-the-ninth-circuit": {"2021"},
        "court-of-appeals-for-the-fifth-circuit": {"2019"},
        "court-of-appeal-of-lagos-state": {"2017"},  # a court of a part of the state
    }  # a court named after a place it opens with, an unknown acronym


def test_an_acronym_given_to_two_courts_is_neither(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        "In 2020, the Supreme Court (SC) upheld a conviction. In 2021, the Constitutional Court "
        "(SC) annulled a law. In 2022, the SC confirmed its ruling.",
        reference_index,
    )
    assert _courts(graph) == {"supreme-court": {"2020"}, "constitutional-court": {"2021"}}


def test_a_civil_law_profile_citing_cases_is_read_whole(reference_index: ReferenceIndex) -> None:
    data = (PROFILES / "XE.txt").read_bytes()
    profile, graph = ingest(data, "XE.txt", StateInfo("XE", "Valdoria"), reference_index)
    paths = {
        kind: {str(s).removeprefix(BASE) for s in graph.subjects(RDF.type, FL[kind])}
        for kind in ("LegalInstrument", "Provision", "Body", "Pronouncement", "AbsenceStatement")
    }
    assert paths["LegalInstrument"] == {
        f"instrument/XE/{key}"
        for key in (
            "constitution-2009",
            "transition-charter",
            "loi-no-2016-012",
            "law-no-107-of-2013",
            "law-no-107-of-2014",
            "police-act-1861",
            "police-act-1949",
        )
    }
    assert paths["Provision"] == {
        "instrument/XE/transition-charter/art-4",
        "instrument/XE/loi-no-2016-012/art-12",
        "instrument/XE/law-no-107-of-2013/art-13",
    }
    assert paths["Body"] == {
        "body/XE/inspectorate-general-of-police-services",
        "body/XE/supreme-court",
        "body/XE/court-of-cassation",
    }
    assert paths["Pronouncement"] == {
        "pronouncement/un-hrc/XE/2019-concluding-observations",
        "pronouncement/achpr-commission/XE/2010-mouvement-valdorien-des-droits-humains-v-valdoria",
        "pronouncement/supreme-court/XE/2015-petit-v-valdoria",
        "pronouncement/supreme-court/XE/2017-d-k-amani-v-state-of-valdoria",
        "pronouncement/court-of-cassation/XE/2014-judgment",
        "pronouncement/court-of-cassation/XE/2016-judgment",
    }
    assert paths["AbsenceStatement"] == set()  # "no information on any other body": none
    unmodelled = {
        str(graph.value(passage, RDFS.label)).split(", ")[1]
        for passage in graph.subjects(RDF.type, FL.UnmodelledPassage)
    }
    lines = {s.span.line for s in profile.sentences if "between 10 and 15" in s.text}
    lines |= {s.span.line for s in profile.sentences if "any other police" in s.text}
    assert unmodelled == {f"line {line}" for line in lines}


def test_a_case_another_state_s_courts_report_is_not_the_state_s(
    reference_index: ReferenceIndex,
) -> None:
    national = (
        "In Tennessee v. Garner, 471 U.S. 1 (1985), the Supreme Court held that deadly force was "
        "unreasonable. In R. v. Nasogaluak, 2010 SCC 6, the Supreme Court held that force must "
        "be proportional. In its judgment in PUCL v. State of Maharashtra, (2014) 10 SCC 635, the "
        "Supreme Court laid down guidelines. In its judgment in Doe v. Roe, no. 1234/05, "
        "delivered on 5 May 2010, the Supreme Court held so."
    )
    found = {}
    for code, name in (("US", "United States of America"), ("CA", "Canada"), ("IN", "India")):
        text = profile_text(oversight="None.", caselaw=("National", national))
        graph = mapped(text, reference_index, code, name)
        found[code] = {
            str(s).rsplit("/", 1)[-1] for s in graph.subjects(RDF.type, FL.Pronouncement)
        }
    assert found == {
        "US": {"1985-tennessee-v-garner", "2010-doe-v-roe"},
        "CA": {"2010-r-v-nasogaluak", "2010-doe-v-roe"},
        "IN": {"2014-pucl-v-state-of-maharashtra", "2010-doe-v-roe"},
    }  # an application number is no one state's


def test_a_case_in_an_american_series_of_reports_is_not_another_state_s(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        "In Smith v. Jones, 45 Cal. Rptr. 3d 12 (2009), the Supreme Court held that deadly force "
        "was limited. In Doe v. Roe, 12 F.4th 5 (9th Cir. 2021), the Court of Appeals held "
        "so. In Petrov v. Testland, 12 T.L.R. 45 (2015), the Supreme Court held that force was "
        "excessive.",
        reference_index,
    )
    # the state's own reports name no other state: its case stays the state's
    assert set(_pronouncements(graph)) == {"supreme-court/TT/2015-petrov-v-testland"}
