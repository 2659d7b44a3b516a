"""Names and kinds the mapper gives what a profile cites: instruments named as the text names
them (never "Constitution" for another law, never two laws as one, nothing international as the
state's own), courts named whole, and absences only where the text states them."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from forcelaw.graph.build import ProjectPaths, load_ontology, load_reference
from forcelaw.graph.curated import check_references
from forcelaw.graph.mapping import StateInfo, map_profile
from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, ELI, FL
from forcelaw.profile.parse import parse
from tests.conftest import PROFILES
from tests.graph.small_profile import profile_text


def _profile(
    constitution: str = 'Article 3 provides that "Everyone has the right to life."',
    legislation: str = "The 2011 Police Act governs the use of force by police officers.",
    oversight: str = "The Independent Police Complaints Office investigates complaints.",
    national: str = "In 2017, the Supreme Court upheld the conviction of two officers.",
) -> str:
    return profile_text(
        constitution=constitution,
        legislation=legislation,
        oversight=oversight,
        caselaw=("National", national),
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


def test_a_court_of_a_part_of_the_state_is_that_part_s_court(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        _profile(national="In 2019, the High Court of Lagos State upheld the conviction."),
        reference_index,
    )
    assert _courts(graph) == {"High Court of Lagos State"}
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


def test_another_state_s_court_is_never_minted_as_the_state_s(
    reference_index: ReferenceIndex,
) -> None:
    for state, other in (
        ("Guinea", "Guinea-Bissau"),
        ("Niger", "Nigeria"),
        ("South Sudan", "Sudan"),
        ("Democratic Republic of the Congo", "the Congo"),
    ):
        graph = _graph(
            _profile(national=f"In 2019, the Supreme Court of {other} upheld the conviction."),
            reference_index,
            state,
        )
        assert _courts(graph) == set(), (state, other)
        assert not list(graph.subjects(RDF.type, FL.Pronouncement)), (state, other)


def test_one_court_under_each_of_its_names_is_one_body(reference_index: ReferenceIndex) -> None:
    name = "Bolivia (Plurinational State of)"
    graph = _graph(
        _profile(
            national="In 2019, the Constitutional Court of the Plurinational State of Bolivia "
            "annulled the decree. In 2021, the Constitutional Court upheld a conviction."
        ),
        reference_index,
        name,
    )
    courts = [s for s in graph.subjects(RDF.type, FL.Body) if "court" in str(s)]
    assert courts == [URIRef(BASE + "body/TT/constitutional-court")]
    assert _courts(graph) == {"Constitutional Court of the Plurinational State of Bolivia"}
    authors = set(graph.objects(None, FL.author))
    assert authors == set(courts) and len(list(graph.subjects(RDF.type, FL.Pronouncement))) == 2


def _subject_paths(graph: Graph) -> set[str]:
    return {
        str(s).removeprefix(BASE + "pronouncement/")
        for s in graph.subjects(RDF.type, FL.Pronouncement)
    }


def test_a_pronouncement_on_another_state_is_not_said_to_be_on_this_one(
    reference_index: ReferenceIndex,
) -> None:
    national = (
        "In its 2018 Concluding Observations on Guinea-Bissau, the Human Rights Committee "
        "expressed concern about killings. "
        "In its judgment in Konaté v. Burkina Faso, delivered on 5 December 2014, the African "
        "Court on Human and Peoples' Rights held that the Charter had been violated. "
        "In its Views in Diallo v. Guinea (communication no. 2345/2014), adopted on 12 July "
        "2019, the Human Rights Committee found a violation. "
        "In its 2021 Concluding Observations on the second periodic report of Guinea, the "
        "Committee against Torture expressed concern. "
        "In its 2022 Concluding Observations on Guinea’s third periodic report, the Human "
        "Rights Committee expressed concern. "
        "In its 2023 Concluding Observations on Guinea-Bissau's initial report, the Human "
        "Rights Committee expressed concern."
    )
    graph = _graph(_profile(national=national), reference_index, "Guinea")
    assert _subject_paths(graph) == {
        "un-hrc/TT/2019-diallo-v-guinea",  # its communication is its citation
        "un-cat/TT/2021-concluding-observations",
        "un-hrc/TT/2022-concluding-observations",
    }
    graph = _graph(
        _profile(
            national="In its judgment in McCann and Others v. the United Kingdom [GC], delivered "
            "on 27 September 1995, the European Court of Human Rights held that the right to "
            "life had been violated. In its 2016 Concluding Observations on the Plurinational "
            "State of Bolivia, the Human Rights Committee expressed concern."
        ),
        reference_index,
        "United Kingdom of Great Britain and Northern Ireland",
    )
    assert _subject_paths(graph) == {"ecthr/TT/1995-mccann-and-others-v-the-united-kingdom"}


def _provisions(graph: Graph) -> set[str]:
    return {str(s).removeprefix(BASE) for s in graph.subjects(RDF.type, FL.Provision)}


def test_a_constitution_is_one_instrument_under_each_of_its_names(
    reference_index: ReferenceIndex,
) -> None:
    for state, formal in (
        (
            "Bolivia (Plurinational State of)",
            "2009 Political Constitution of the Plurinational State of Bolivia",
        ),
        (
            "Micronesia (Federated States of)",
            "2009 Constitution of the Federated States of Micronesia",
        ),
        (
            "Lao People's Democratic Republic",
            "2009 Constitution of the Lao People's Democratic Republic",
        ),
        ("Portugal", "2009 Constitution of the Portuguese Republic"),
        (
            "Democratic Republic of the Congo",
            "2009 Constitution of the Democratic Republic of the Congo",
        ),
    ):
        graph = _graph(
            _profile(
                constitution=f'Article 15 of the {formal} provides that "Everyone has the right '
                'to life." Article 251 of the Constitution provides that "The police defend '
                'society."'
            ),
            reference_index,
            state,
        )
        assert set(_instruments(graph)) == {
            "instrument/TT/constitution-2009",
            "instrument/TT/police-act-2011",
        }, state
        assert _provisions(graph) == {
            "instrument/TT/constitution-2009/art-15",
            "instrument/TT/constitution-2009/art-251",
        }, state


def test_another_state_s_instrument_is_not_the_state_s(reference_index: ReferenceIndex) -> None:
    for state, other in (
        ("Guinea", "Constitution of Guinea-Bissau"),
        ("Montenegro", "Constitution of the Republic of Serbia"),
        ("Republic of Korea", "Constitution of the Democratic People's Republic of Korea"),
        ("Congo", "Constitution of the Democratic Republic of the Congo"),
        ("Niger", "Law of the Federal Republic of Nigeria on the Police"),
    ):
        graph = _graph(
            _profile(
                constitution='Article 3 provides that "Everyone has the right to life." '
                f'Article 12 of the {other} provides that "No one shall be tortured."'
            ),
            reference_index,
            state,
        )
        assert set(_instruments(graph)) == {
            "instrument/TT/constitution",
            "instrument/TT/police-act-2011",
        }, other
        assert _provisions(graph) == {"instrument/TT/constitution/art-3"}, other


def test_short_titles_with_their_years_are_different_acts(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        _profile(
            legislation="The Police Act 1996 replaced the Police Act 1964. According to "
            'section 3(1) of the Criminal Law Act 1967, "A person may use such force as is '
            'reasonable." Section 117 of the Police and Criminal Evidence Act 1984 provides that '
            '"The officer may use reasonable force." In Northern Ireland, section 3 of the '
            "Criminal Law Act (Northern Ireland) 1967 applies, in Scotland the Criminal Law "
            "(Consolidation) (Scotland) Act 1995.",
        ),
        reference_index,
        "United Kingdom of Great Britain and Northern Ireland",
    )
    instruments = _instruments(graph)
    assert set(instruments) == {
        "instrument/TT/constitution",
        "instrument/TT/police-act-1996",
        "instrument/TT/police-act-1964",
        "instrument/TT/criminal-law-act-1967",
        "instrument/TT/criminal-law-act-northern-ireland-1967",
        "instrument/TT/criminal-law-consolidation-scotland-act-1995",
        "instrument/TT/police-and-criminal-evidence-act-1984",
    }
    assert instruments["instrument/TT/police-act-1964"][0].startswith("Police Act 1964 (")
    assert _provisions(graph) == {
        "instrument/TT/constitution/art-3",
        "instrument/TT/criminal-law-act-1967/sec-3/para-1",
        "instrument/TT/criminal-law-act-1967/sec-3",
        "instrument/TT/police-and-criminal-evidence-act-1984/sec-117",
    }
    years = {str(o) for o in graph.objects(None, FL.adoptionYear)}
    assert years == {"1964", "1967", "1984", "1995", "1996"}


def test_laws_of_one_name_and_different_years_are_not_merged(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        _profile(
            constitution="The 1979 Constitution was replaced by the 1999 Constitution. Section "
            '33(1) of the 1999 Constitution provides that "Every person has a right to life." '
            'Section 4 of the 1979 Constitution provides that "The police shall be established."',
            legislation="The Police Act 2020 repealed the Police Act 1943. The Police Act "
            "provides for the police. The Public Order Act 1986 applies. Section 14 of the "
            'Public Order Act provides that "Conditions may be imposed."',
        ),
        reference_index,
        "Nigeria",
    )
    assert set(_instruments(graph)) == {
        "instrument/TT/constitution-1979",
        "instrument/TT/constitution-1999",
        "instrument/TT/police-act",  # which of the two is not said
        "instrument/TT/police-act-1943",
        "instrument/TT/police-act-2020",
        "instrument/TT/public-order-act-1986",  # the one Public Order Act there is
    }
    assert _provisions(graph) == {
        "instrument/TT/constitution-1979/sec-4",
        "instrument/TT/constitution-1999/sec-33/para-1",
        "instrument/TT/constitution-1999/sec-33",
        "instrument/TT/public-order-act-1986/sec-14",
    }


def test_a_numbered_law_is_known_by_its_number(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        _profile(
            legislation="Law No. 2015/009 on the Maintenance of Public Order governs the use of "
            'force. Article 37 of Law No. 2015/009 provides that "Firearms may be used only as '
            'a last resort." Supreme Decree No. 4078 of 2019 was repealed by Supreme Decree '
            "No. 4100. Federal Law No. 3-FZ of 7 February 2011 on Police applies.",
        ),
        reference_index,
        "Guinea",
    )
    instruments = _instruments(graph)
    assert set(instruments) == {
        "instrument/TT/constitution",
        "instrument/TT/law-no-2015-009",
        "instrument/TT/supreme-decree-no-4078-of-2019",  # its year is part of its number,
        "instrument/TT/supreme-decree-no-4100",
        "instrument/TT/federal-law-no-3-fz",
    }
    assert instruments["instrument/TT/law-no-2015-009"] == (
        "Law No. 2015/009 on the Maintenance of Public Order (Guinea)",
        "law",
    )
    assert _provisions(graph) == {
        "instrument/TT/constitution/art-3",
        "instrument/TT/law-no-2015-009/art-37",
    }


def test_a_state_level_law_is_kept_apart_from_the_federation_s_and_another_state_s(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        _profile(
            constitution='Article 3 provides that "Everyone has the right to life." Article 5 '
            'of the Constitution of the State of São Paulo provides that "The police serve."',
            legislation="The Police Act 1990 (NSW) and the Police Act 1990 (Vic) govern the "
            "police of two states. The Police Law of Bavaria and the Police Law of Saxony "
            "differ.",
        ),
        reference_index,
        "Brazil",
    )
    assert set(_instruments(graph)) == {
        "instrument/TT/constitution",
        "instrument/TT/constitution-of-the-state-of-sao-paulo",
        "instrument/TT/police-act-1990-nsw",
        "instrument/TT/police-act-1990-vic",
        "instrument/TT/police-law-of-bavaria",
        "instrument/TT/police-law-of-saxony",
    }
    assert _provisions(graph) == {
        "instrument/TT/constitution/art-3",
        "instrument/TT/constitution-of-the-state-of-sao-paulo/art-5",
    }
    label = _instruments(graph)["instrument/TT/police-act-1990-nsw"][0]
    assert label == "Police Act 1990 (NSW) (Brazil)"


def test_an_absence_in_a_part_of_the_state_is_not_the_state_s(
    reference_index: ReferenceIndex,
) -> None:
    for sentence, kinds in (
        ("There is no independent police oversight body in the Kurdistan Region.", set()),
        ("There is no independent police oversight body in Guinea-Bissau.", set()),
        ("There is no independent police oversight body in Conakry City.", set()),
        (
            "There is no independent police oversight body in the Republic of Guinea.",
            {"independent-police-oversight-body"},
        ),
        (  # a place neither the manifest nor the list gives: nothing says it is all the state
            "There is no independent police oversight body in Guinée.",
            set(),
        ),
        (  # no place: the absence is the state's
            "There is no independent police oversight body in January 2020.",
            {"independent-police-oversight-body"},
        ),
        (  # the state's own adjective: its law
            "There is no legislation governing police use of force in Guinean law.",
            {"use-of-force-legislation"},
        ),
        (  # another state's: not the state's absence
            "There is no legislation governing police use of force in Malian law.",
            set(),
        ),
    ):
        graph = _graph(_profile(oversight=sentence), reference_index, "Guinea")
        assert _absences(graph) == kinds, sentence


def test_a_body_s_rapporteur_is_not_the_body(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        _profile(
            national="In 2020, the Human Rights Council Special Rapporteur on extrajudicial "
            "executions expressed concern. In 2021, the Human Rights Council's Working Group "
            "visited Testland. In 2022, the Human Rights Council adopted a resolution."
        ),
        reference_index,
    )
    assert _subject_paths(graph) == {"un-hrcouncil/TT/2022-statement"}


def test_an_instrument_of_the_state_by_its_short_name_is_the_state_s(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        _profile(
            legislation="The Criminal Code of Bolivia and the Criminal Code govern the use of "
            "force. The Amended Basic Law of Palestine is cited."
        ),
        reference_index,
        "Bolivia (Plurinational State of)",
    )
    assert set(_instruments(graph)) == {  # the Basic Law is the State of Palestine's
        "instrument/TT/constitution",
        "instrument/TT/criminal-code",
    }


def test_a_case_is_on_the_state_by_the_names_it_goes_by(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        _profile(
            national="In its judgment in Kukayev v. Russia, delivered on 15 November 2007, the "
            "European Court of Human Rights held that the right to life had been violated. "
            "In its judgment in Mkhize v. Sithole, delivered on 3 March 2015, the Supreme Court "
            "held that the shooting was unlawful."
        ),
        reference_index,
        "Russian Federation",
    )
    assert _subject_paths(graph) == {
        "ecthr/TT/2007-kukayev-v-russia",
        "supreme-court/TT/2015-mkhize-v-sithole",  # a national case: its parties are people
    }


def test_an_oversight_body_of_another_state_or_a_province_is_not_the_state_s(
    reference_index: ReferenceIndex,
) -> None:
    for sentence, bodies in (
        ("The Police Complaints Authority of Guinea-Bissau investigates deaths.", set()),
        ("The Police Complaints Authority of the Western Province investigates deaths.", set()),
        (
            "The Police Complaints Authority of Guinea investigates deaths.",
            {"Police Complaints Authority of Guinea"},
        ),
    ):
        graph = _graph(_profile(oversight=sentence), reference_index, "Guinea")
        labels = {str(graph.value(s, RDFS.label)) for s in graph.subjects(RDF.type, FL.Body)}
        assert labels - _courts(graph) == bodies, sentence


def test_an_act_numbered_in_its_year_is_the_act_of_that_year(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        _profile(
            legislation="Arrest is governed by section 49 of the Criminal Procedure Act 51 of "
            "1977, as amended by the Criminal Procedure Amendment Act 9 of 2012. The Police Act "
            "7 of 1958 was replaced by the Police Act 68 of 1995. According to section 49(2) of "
            'the Criminal Procedure Act, "The arrestor may use such force as may be necessary."'
        ),
        reference_index,
        "South Africa",
    )
    instruments = _instruments(graph)
    assert set(instruments) == {
        "instrument/TT/constitution",
        "instrument/TT/criminal-procedure-act-1977",
        "instrument/TT/criminal-procedure-amendment-act-2012",
        "instrument/TT/police-act-1958",
        "instrument/TT/police-act-1995",
    }
    assert instruments["instrument/TT/criminal-procedure-act-1977"][0] == (
        "Criminal Procedure Act 51 of 1977 (South Africa)"
    )
    assert "instrument/TT/criminal-procedure-act-1977/sec-49/para-2" in _provisions(graph)


def test_a_law_of_the_state_on_a_subject_keeps_its_subject(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        _profile(
            legislation="The Law of Georgia on Police governs the use of force. The Law of "
            "Georgia on Assemblies and Manifestations applies to protests. Under the Law on "
            "Police, force must be necessary."
        ),
        reference_index,
        "Georgia",
    )
    assert set(_instruments(graph)) == {
        "instrument/TT/constitution",
        "instrument/TT/law-on-police",
        "instrument/TT/law-on-assemblies-and-manifestations",
    }


def test_a_law_named_only_as_the_state_s_law_is_not_one_instrument(
    reference_index: ReferenceIndex,
) -> None:
    """Each law is the one its quoted title says it is on, never one "Law" of Ukraine; a law
    named only as the state's, with no title, is none."""
    graph = _graph(
        _profile(
            legislation='The Law of Ukraine "On the National Police" governs the use of force. '
            'The Law of Ukraine "On Freedom of Assembly" applies to protests. The Law of the '
            'Republic of Ukraine "On Militia" was repealed. The Law of Ukraine was cited.'
        ),
        reference_index,
        "Ukraine",
    )
    assert set(_instruments(graph)) == {
        "instrument/TT/constitution",
        "instrument/TT/law-on-the-national-police",
        "instrument/TT/law-on-freedom-of-assembly",
        "instrument/TT/law-on-militia",
    }


def test_an_instrument_named_only_outside_the_law_sections_breaks_no_link(
    reference_index: ReferenceIndex, paths: ProjectPaths
) -> None:
    """An Act named only in the oversight or caselaw sections is not minted (those sections
    define none), so nothing may link to it: the build refused such a profile as a broken
    reference."""
    graph = _graph(
        _profile(
            oversight="The Independent Police Investigative Directorate was established by "
            "the Independent Police Investigative Directorate Act 1 of 2011.",
            national="In 2017, the Supreme Court held that the Riotous Assemblies Act 17 of "
            "1956 was unconstitutional.",
        ),
        reference_index,
        "South Africa",
    )
    known = load_reference(paths) + load_ontology(paths)
    check_references(graph, known, "TT.txt")  # raises on a link to nothing
    assert set(_instruments(graph)) == {
        "instrument/TT/constitution",
        "instrument/TT/police-act-2011",
    }


def test_an_instrument_of_any_other_state_is_not_the_state_s(
    reference_index: ReferenceIndex,
) -> None:
    for state, other in (
        ("Niger", "Criminal Code of Nigeria"),
        ("Nigeria", "Criminal Code of Niger"),
        ("Dominica", "Criminal Code of the Dominican Republic"),
        ("Sudan", "Criminal Code of South Sudan"),
        ("Guinea", "Criminal Code of Equatorial Guinea"),
        ("Niger", "Law of Ghana on the Police"),
        ("Chile", "Criminal Code of the United Kingdom"),
        ("Chile", "Criminal Code of Turkey"),
    ):
        graph = _graph(
            _profile(
                legislation=f"The Criminal Code and the {other} are often compared. Article 5 "
                f'of the {other} provides that "Force may be used." Article 6 of the Criminal '
                'Code provides that "Force must be necessary."'
            ),
            reference_index,
            state,
        )
        assert set(_instruments(graph)) == {
            "instrument/TT/constitution",
            "instrument/TT/criminal-code",
        }, other
        assert _provisions(graph) == {
            "instrument/TT/constitution/art-3",
            "instrument/TT/criminal-code/art-6",
        }, other


def test_an_instrument_of_the_state_by_a_name_of_the_list_is_the_state_s(
    reference_index: ReferenceIndex,
) -> None:
    for state, own in (
        ("Niger", "Criminal Code of Niger"),
        ("Niger", "Criminal Code of the Republic of the Niger"),
        ("Türkiye", "Criminal Code of Turkey"),
        (
            "Democratic Republic of the Congo",
            "Criminal Code of the Democratic Republic of the Congo",
        ),
        ("Testland", "Code of Criminal Procedure"),
    ):
        graph = _graph(
            _profile(legislation=f'Article 5 of the {own} provides that "Force may be used."'),
            reference_index,
            state,
        )
        assert len(_provisions(graph) - {"instrument/TT/constitution/art-3"}) == 1, own


def test_a_body_of_any_other_state_is_not_the_state_s(reference_index: ReferenceIndex) -> None:
    for sentence, bodies in (
        ("The National Human Rights Commission of Nigeria investigates deaths.", set()),
        ("The Police Complaints Authority of Ghana investigates deaths.", set()),
        (
            "The National Human Rights Commission of Niger investigates deaths.",
            {"National Human Rights Commission of Niger"},
        ),
        (
            "The Office of the Public Protector investigates deaths.",
            {"Office of the Public Protector"},
        ),
    ):
        graph = _graph(_profile(oversight=sentence), reference_index, "Niger")
        labels = {str(graph.value(s, RDFS.label)) for s in graph.subjects(RDF.type, FL.Body)}
        assert labels - _courts(graph) == bodies, sentence


def test_a_pronouncement_is_on_the_state_its_sentence_names(
    reference_index: ReferenceIndex,
) -> None:
    for national, on_state in (
        ("In 2019, the IACHR condemned killings in Honduras.", False),
        (
            "In 2019, the Inter-American Commission on Human Rights condemned killings in "
            "Honduras.",
            False,
        ),
        ("In 2019, the Human Rights Committee expressed concern about killings in Mexico.", False),
        ("In 2019, the IACHR condemned killings in Guatemala.", True),
        ("In 2019, the IACHR condemned killings in the Republic of Guatemala and Honduras.", True),
        ("In 2019, the IACHR condemned killings by police.", True),
        ("In 2019, the IACHR condemned killings by Honduran police.", True),
        ("In 2019, the Supreme Court upheld the extradition of an officer to Honduras.", True),
    ):
        graph = _graph(_profile(national=national), reference_index, "Guatemala")
        subjects = set(graph.objects(None, FL.subjectState))
        assert subjects == ({URIRef(BASE + "state/TT")} if on_state else set()), national


def test_an_absence_in_another_state_is_not_the_state_s(reference_index: ReferenceIndex) -> None:
    for sentence, kinds in (
        ("There is no independent police oversight body in Kenya.", set()),
        ("There is no independent police oversight body in Uganda.", set()),
        (
            "There is no independent police oversight body in Tanzania.",
            {"independent-police-oversight-body"},
        ),
        (  # a place the list does not name is a part of the state, not all of it
            "There is no independent police oversight body in Zanzibar.",
            set(),
        ),
        (  # a form of the state's name the list gives it
            "There is no independent police oversight body in the United Republic of Tanzania.",
            {"independent-police-oversight-body"},
        ),
    ):
        graph = _graph(_profile(oversight=sentence), reference_index, "United Republic of Tanzania")
        assert _absences(graph) == kinds, sentence
    # a state known by its code alone: no place is told from it
    graph = _graph(
        _profile(oversight="There is no independent police oversight body in Zanzibar."),
        reference_index,
        "TT",
    )
    assert _absences(graph) == {"independent-police-oversight-body"}
    graph = _graph(
        _profile(constitution="There is no provision on the use of force in the Constitution."),
        reference_index,
        "Kenya",
    )
    assert _absences(graph) == {"constitutional-use-of-force-provision"}


def test_a_profile_naming_other_states_keeps_only_its_own(
    reference_index: ReferenceIndex,
) -> None:
    text = (PROFILES / "XD.txt").read_text(encoding="utf-8")
    graph = map_profile(parse(text, "XD.txt"), StateInfo("XD", "Ardenia"), reference_index)
    paths = {str(s).removeprefix(BASE) for s in graph.subjects(RDF.type, FL.LegalInstrument)}
    assert paths == {"instrument/XD/constitution", "instrument/XD/criminal-code"}
    assert _provisions(graph) == {
        "instrument/XD/constitution/art-4",
        "instrument/XD/criminal-code/art-30",
    }
    bodies = {str(graph.value(s, RDFS.label)) for s in graph.subjects(RDF.type, FL.Body)}
    assert bodies - _courts(graph) == {"Police Complaints Authority of Ardenia"}
    assert _absences(graph) == set()
    years = {str(graph.value(s, DCTERMS.date)) for s in graph.subjects(RDF.type, FL.Pronouncement)}
    assert years == {"2020", "2021", "2018"}
    assert set(graph.objects(None, FL.subjectState)) == {URIRef(BASE + "state/XD")}


def test_a_case_against_the_state_by_a_short_form_of_the_list_is_on_the_state(
    reference_index: ReferenceIndex,
) -> None:
    for state, respondent, on_state in (
        ("United Kingdom of Great Britain and Northern Ireland", "UK", True),
        ("United States of America", "USA", True),
        ("Democratic Republic of the Congo", "DRC", True),
        ("United Kingdom of Great Britain and Northern Ireland", "USA", False),
        ("Congo", "DRC", False),
    ):
        graph = _graph(
            _profile(
                national=f"In its judgment in Smith v. {respondent}, delivered on 5 May 2010, "
                "the European Court of Human Rights held that Article 2 was violated."
            ),
            reference_index,
            state,
        )
        found = _subject_paths(graph)
        assert found == ({f"ecthr/TT/2010-smith-v-{respondent.lower()}"} if on_state else set())


def test_an_absence_the_text_limits_to_a_part_of_the_state_is_not_the_state_s(
    reference_index: ReferenceIndex,
) -> None:
    whole = {"independent-police-oversight-body"}
    for sentence, kinds in (
        ("There is no independent police oversight body in the Province of Buenos Aires.", set()),
        ("There is no independent police oversight body in the City of Buenos Aires.", set()),
        ("There is no independent police oversight body in some provinces.", set()),
        ("There is no independent police oversight body in parts of the country.", set()),
        ("There is no independent police oversight body in the country.", whole),
        ("There is no independent police oversight body in the Argentine Republic.", whole),
        ("There is no independent police oversight body in some cases.", whole),
    ):
        graph = _graph(_profile(oversight=sentence), reference_index, "Argentina")
        assert _absences(graph) == kinds, sentence


def test_a_court_of_the_state_by_a_short_form_of_the_list_is_the_state_s(
    reference_index: ReferenceIndex,
) -> None:
    for state, court, minted in (
        ("United Kingdom of Great Britain and Northern Ireland", "Supreme Court of the UK", True),
        ("Democratic Republic of the Congo", "Constitutional Court of the DRC", True),
        ("Congo", "Constitutional Court of the DRC", False),
        ("United Kingdom of Great Britain and Northern Ireland", "Supreme Court of the USA", False),
    ):
        graph = _graph(
            _profile(national=f"In 2019, the {court} upheld the conviction."),
            reference_index,
            state,
        )
        assert _courts(graph) == ({court} if minted else set()), court
