"""Names and kinds the mapper gives what a profile cites: instruments named as the text names
them (never "Constitution" for another law, never two laws as one, nothing international as the
state's own), courts named whole, and absences only where the text states them."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from forcelaw.graph.mapping import StateInfo, map_profile
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, ELI, FL
from forcelaw.profile.parse import parse


def _profile(
    constitution: str = 'Article 3 provides that "Everyone has the right to life."',
    legislation: str = "The 2011 Police Act governs the use of force by police officers.",
    oversight: str = "The Independent Police Complaints Office investigates complaints.",
    national: str = "In 2017, the Supreme Court upheld the conviction of two officers.",
) -> str:
    return "\n".join(
        [
            "Constitutional Provisions",
            constitution,
            "Treaty Adherence",
            "Global Treaties",
            "1984 Convention against Torture (CAT) | State Party |",
            "National Legislation",
            legislation,
            "Police Oversight",
            oversight,
            "Caselaw",
            "National",
            national,
            "",
        ]
    )


def _graph(text: str, index: ReferenceIndex, name: str = "Testland") -> Graph:
    return map_profile(parse(text, "TT.txt"), StateInfo("TT", name), index)


def _instruments(graph: Graph) -> dict[str, tuple[str, str]]:
    """Instrument path -> (label, type key)."""
    return {
        str(s).removeprefix(BASE): (
            str(graph.value(s, RDFS.label)),
            str(graph.value(s, ELI.type_document)).rsplit("/", 1)[-1],
        )
        for s in graph.subjects(RDF.type, FL.LegalInstrument)
    }


def test_a_law_cited_by_its_name_alone_is_that_law(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        _profile(
            legislation="According to Article 12 of the Law on the National Police: "
            '"Police officers may use force only when strictly necessary." '
            'Article 7 of the Code of Criminal Procedure provides that "Any person arrested '
            'shall be informed of the reasons."'
        ),
        reference_index,
    )
    found = _instruments(graph)
    assert found["instrument/TT/law-on-the-national-police"] == (
        "Law on the National Police (Testland)",
        "law",
    )
    assert found["instrument/TT/code-of-criminal-procedure"] == (
        "Code of Criminal Procedure (Testland)",
        "criminal-procedure-code",
    )
    label = graph.value(
        URIRef(BASE + "instrument/TT/law-on-the-national-police/art-12"), RDFS.label
    )
    assert label == Literal("Article 12 of the Law on the National Police", lang="en")
    others = {k: v for k, v in found.items() if k != "instrument/TT/constitution"}
    assert not [k for k, (_, kind) in others.items() if kind == "constitution"]


def test_laws_of_the_republic_on_different_subjects_stay_apart(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        _profile(
            legislation="The 2004 Law of the Republic of Testland on Police governs the use of "
            "force. The 2014 Law of the Republic of Testland on Assemblies, Meetings and "
            "Demonstrations regulates protests."
        ),
        reference_index,
    )
    found = _instruments(graph)
    assert found["instrument/TT/law-on-police-2004"][0] == (
        "2004 Law of the Republic of Testland on Police"
    )
    assert found["instrument/TT/law-on-assemblies-2014"][0] == (
        "2014 Law of the Republic of Testland on Assemblies"
    )


def test_international_law_is_not_the_states_and_names_are_kept_whole(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        _profile(
            legislation="The 2017 Prevention of Torture Act criminalises torture. Officers "
            "must respect International Humanitarian Law and the UN Code of Conduct for Law "
            "Enforcement Officials."
        ),
        reference_index,
    )
    assert set(_instruments(graph)) == {
        "instrument/TT/constitution",  # of the constitution section's bare "Article 3"
        "instrument/TT/prevention-of-torture-act-2017",
    }


def test_the_states_name_after_an_instruments_name_is_the_same_instrument(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        _profile(
            constitution="The Constitution of Côte d’Ivoire of 8 November 2016 protects life. "
            'Article 4 provides that "The human person is sacred."',
            legislation="The Criminal Code of Côte d’Ivoire punishes torture. The Criminal Code "
            "applies to police officers.",
        ),
        reference_index,
        "Côte d’Ivoire",
    )
    assert set(_instruments(graph)) == {
        "instrument/TT/constitution",
        "instrument/TT/criminal-code",
    }


def _courts(graph: Graph) -> set[str]:
    return {
        str(graph.value(s, RDFS.label))
        for s in graph.subjects(RDF.type, FL.Body)
        if "court" in str(s)
    }


def test_a_court_of_a_state_with_a_long_name_is_named_whole(
    reference_index: ReferenceIndex,
) -> None:
    for name in ("Côte d’Ivoire", "São Tomé and Príncipe", "Trinidad and Tobago"):
        graph = _graph(
            _profile(national=f"In 2019, the Supreme Court of {name} upheld the conviction."),
            reference_index,
            name,
        )
        assert _courts(graph) == {f"Supreme Court of {name}"}


def test_a_court_whose_name_the_text_does_not_delimit_is_not_minted(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        _profile(national="In 2019, the High Court of Lagos State upheld the conviction."),
        reference_index,
    )
    assert _courts(graph) == set()
    graph = _graph(
        _profile(national="In 2019, the Supreme Court of Testland upheld the conviction."),
        reference_index,
    )
    assert _courts(graph) == {"Supreme Court of Testland"}


def _absences(graph: Graph) -> set[str]:
    return {
        str(graph.value(s, FL.absentKind)).rsplit("/", 1)[-1]
        for s in graph.subjects(RDF.type, FL.AbsenceStatement)
    }


def test_only_stated_absences_are_in_the_graph(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        _profile(
            legislation="The 2011 Police Act governs the use of force. The police have no "
            "obligation under the Act to warn before firing.",
            oversight="The Inspectorate has no power to prosecute officers.",
            national="In 2016, the Constitutional Court held that there was no justification "
            "for the use of firearms.",
        ),
        reference_index,
    )
    assert _absences(graph) == set()
    graph = _graph(
        _profile(
            legislation="There does not appear to be a specific law governing police use of force.",
            oversight="No independent body oversees the police.",
            national="There is no known national caselaw on police use of force.",
        ),
        reference_index,
    )
    assert _absences(graph) == {
        "use-of-force-legislation",
        "independent-police-oversight-body",
        "national-caselaw",
    }


def test_un_before_a_reference_body_names_that_body(reference_index: ReferenceIndex) -> None:
    for text in (
        "U.N. Committee against Torture noted it.",
        "UN Committee against Torture noted it.",
        "United Nations Committee against Torture noted it.",
        "Committee against Torture noted it.",
    ):
        found = reference_index.agent_at_start(text)
        assert found is not None, text
        agent, length = found
        assert agent.key == "un-cat"
        assert text[length:] == " noted it."
