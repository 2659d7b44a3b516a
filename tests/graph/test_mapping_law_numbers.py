"""Laws and articles known by their number: laws numbered within their year ("Law No. 107 of
2013"), with the number's mark as each language writes it ("n°", "n.º", "N°"), named the French,
Portuguese and Spanish way ("Loi n° 2016-012", "Ley Orgánica 4/2015"); articles numbered the
French way ("Article L. 435-1", "Article 122-5")."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from forcelaw.graph.reference import ReferenceIndex
from forcelaw.namespaces import BASE, ELI, FL
from tests.graph.small_profile import mapped, profile_text


def _graph(legislation: str, index: ReferenceIndex) -> Graph:
    return mapped(profile_text(legislation=legislation), index)


def _paths(graph: Graph, kind: URIRef) -> set[str]:
    return {str(s).removeprefix(BASE + "instrument/TT/") for s in graph.subjects(RDF.type, kind)}


def test_laws_numbered_within_their_years_are_two_laws(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        "Law No. 107 of 2013 on the right to public meetings regulates protests. "
        "Law No. 107 of 2014 governs the police. "
        'Article 13 of Law No. 107 of 2013 provides that "Force may be used gradually." '
        'Article 2 of Act No. 5 of 2011 provides that "Force shall be the last resort."',
        reference_index,
    )
    assert _paths(graph, FL.LegalInstrument) == {
        "constitution",
        "law-no-107-of-2013",
        "law-no-107-of-2014",
        "act-no-5-of-2011",
    }
    assert _paths(graph, FL.Provision) == {
        "constitution/art-3",
        "law-no-107-of-2013/art-13",
        "act-no-5-of-2011/art-2",
    }
    year = graph.value(URIRef(BASE + "instrument/TT/law-no-107-of-2014"), FL.adoptionYear)
    assert str(year) == "2014"


def test_a_bare_number_beside_one_year_is_that_year_s_law(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        "Legislative Decree No. 1186 of 2015 governs the use of force. "
        'Article 8 of Legislative Decree No. 1186 provides that "Force is exceptional."',
        reference_index,
    )
    assert _paths(graph, FL.Provision) == {
        "constitution/art-3",
        "legislative-decree-no-1186-of-2015/art-8",
    }
    # two years of one number: a bare mention is neither of them
    graph = _graph(
        "Law No. 7 of 2001 and Law No. 7 of 2009 are in force. Law No. 7 is often cited.",
        reference_index,
    )
    assert _paths(graph, FL.LegalInstrument) >= {"law-no-7-of-2001", "law-no-7-of-2009"}


def test_laws_named_in_french_portuguese_and_spanish_are_read(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        "The use of force is governed by Loi n° 2016-012 du 4 juillet 2016 portant statut de "
        "la police nationale and by Décret n° 2011-795 du 19 décembre 2011. "
        'Article 12 of Loi n° 2016-012 provides that "Police officers may use force only when '
        'absolutely necessary." '
        'Article 2 of Lei n.º 13.060/2014 provides that "Agents shall give priority to '
        'less-lethal instruments." '
        'Article 3 of Decreto Supremo N° 012-2016-IN provides that "Lethal force may be used '
        'only to protect life." '
        "Ley Orgánica 4/2015 regulates public safety.",
        reference_index,
    )
    assert _paths(graph, FL.Provision) == {
        "constitution/art-3",
        "loi-no-2016-012/art-12",
        "lei-no-13-060-2014/art-2",
        "decreto-supremo-no-012-2016-in/art-3",
    }
    assert "decret-no-2011-795" in _paths(graph, FL.LegalInstrument)
    assert "ley-organica-4-2015" in _paths(graph, FL.LegalInstrument)
    kinds = {
        str(s).rsplit("/", 1)[-1]: str(graph.value(s, ELI.type_document)).rsplit("/", 1)[-1]
        for s in graph.subjects(RDF.type, FL.LegalInstrument)
    }
    assert kinds["loi-no-2016-012"] == "law"
    assert kinds["decret-no-2011-795"] == "decree"


def test_one_number_with_any_mark_is_one_law_and_two_numbers_two(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        "Supreme Decree N° 012-2016-IN regulates the use of force. "
        'Article 3 of Supreme Decree No. 012-2016-IN provides that "Force is exceptional." '
        'Article 4 of Supreme Decree Nº 013-2016-IN provides that "Firearms are a last resort."',
        reference_index,
    )
    assert _paths(graph, FL.LegalInstrument) == {
        "constitution",
        "supreme-decree-no-012-2016-in",
        "supreme-decree-no-013-2016-in",
    }


def test_a_short_title_s_year_after_a_comma_is_part_of_its_name(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        "The Police Act, 1861 applies in most states and the Police Act, 1949 in the capital. "
        'Section 46(3) of the Code of Criminal Procedure, 1973 provides that "Nothing in this '
        'section gives a right to cause death." The Code of Criminal Procedure, 1898 was '
        "repealed. Under the Police Act, 1,200 officers were trained.",
        reference_index,
    )
    assert _paths(graph, FL.LegalInstrument) == {
        "constitution",
        "police-act-1861",
        "police-act-1949",
        "police-act",  # "the Police Act" alone: which of the two is not said
        "code-of-criminal-procedure-1973",
        "code-of-criminal-procedure-1898",
    }
    assert "code-of-criminal-procedure-1973/sec-46/para-3" in _paths(graph, FL.Provision)


def test_a_number_opening_with_its_series_letters_names_its_law(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        "Royal Decree No. M/1 regulates assemblies. Royal Decree No. M/2 governs the police. "
        'Article 4 of Royal Decree No. M/2 provides that "Force is a last resort."',
        reference_index,
    )
    assert _paths(graph, FL.LegalInstrument) == {
        "constitution",
        "royal-decree-no-m-1",
        "royal-decree-no-m-2",
    }
    assert "royal-decree-no-m-2/art-4" in _paths(graph, FL.Provision)


def test_an_article_numbered_the_french_way_is_that_article(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        'Article 122-5 of the Penal Code provides that "A person who acts in self-defence is not '
        'criminally liable." Article L. 435-1 of the Internal Security Code provides that '
        '"Police officers may use their weapons only in case of absolute necessity." Article 5 '
        'bis of the Police Act provides that "Force shall be proportionate." Article 122 of the '
        'Penal Code provides that "Nothing here applies."',
        reference_index,
    )
    assert _paths(graph, FL.Provision) == {
        "constitution/art-3",
        "penal-code/art-122-5",
        "penal-code/art-122",
        "internal-security-code/art-l-435-1",
        "police-act/art-5-bis",
    }


def test_a_name_after_an_abbreviation_is_not_the_state_s_instrument(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        "Use of force is governed by state law, such as Cal. Penal Code § 835a. The St. Lucia "
        "Police Act is often cited. The U.S. Constitution does not address police use of force.",
        reference_index,
    )
    assert _paths(graph, FL.LegalInstrument) == {"constitution"}


def test_another_name_given_a_law_in_brackets_is_that_law(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        "Law No. 31012 of 2020 (the Police Protection Law) removed the requirement of "
        "proportionality. The Police Act, 2011 (Act 5 of 2011) applies. The Police Protection "
        'Law is criticised. Article 4 of the Police Protection Law provides that "Officers are '
        'protected." The Criminal Code and the Penal Code (1990) apply.',
        reference_index,
    )
    assert _paths(graph, FL.LegalInstrument) == {
        "constitution",
        "law-no-31012-of-2020",
        "police-act-2011",
        "criminal-code",
        "penal-code",
    }
    assert "law-no-31012-of-2020/art-4" in _paths(graph, FL.Provision)
    # one name in brackets after two laws is neither's
    graph = _graph(
        "Law No. 1 of 2001 (the Police Law) and Law No. 2 of 2002 (the Police Law) apply.",
        reference_index,
    )
    assert _paths(graph, FL.LegalInstrument) == {
        "constitution",
        "law-no-1-of-2001",
        "law-no-2-of-2002",
        "police-law",
    }


def test_a_law_numbered_over_its_year_is_that_year_s_law_however_written(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        "Law No. 107/2013 regulates assemblies. Law No. 107/2014 governs the police. "
        'Article 3 of Law No. 107 of 2013 provides that "Assemblies shall be peaceful." '
        'Article 4 of Law No. 107/2013 provides that "Force shall be the last resort." '
        'Article 9 of Law No. 2015/009 provides that "Force shall be proportionate." '
        'Article 2 of Decree No. 12/2019/ND-CP provides that "Firearms are a last resort."',
        reference_index,
    )
    # one law under both spellings; a year first or a number that goes on is left as written
    assert _paths(graph, FL.LegalInstrument) == {
        "constitution",
        "law-no-107-of-2013",
        "law-no-107-of-2014",
        "law-no-2015-009",
        "decree-no-12-2019-nd-cp",
    }
    assert _paths(graph, FL.Provision) >= {
        "law-no-107-of-2013/art-3",
        "law-no-107-of-2013/art-4",
        "law-no-2015-009/art-9",
        "decree-no-12-2019-nd-cp/art-2",
    }


def _graph_of(legislation: str, index: ReferenceIndex, code: str, name: str) -> Graph:
    return mapped(profile_text(legislation=legislation, oversight="None."), index, code, name)


def test_a_law_another_state_s_adjective_names_is_not_the_state_s(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph_of(
        "The Spanish law, Ley Orgánica 4/2015, was cited as a model. Decree No. 9 (the Russian "
        "decree) was compared. The French Penal Code and the Russian Criminal Code were studied. "
        'Article 122-5 of the French Penal Code provides that "No one is liable in self-defence." '
        'Article 7 of the Uzbek Criminal Code provides that "Force is a last resort." '
        "The Congolese Penal Code was also cited.",
        reference_index,
        "UZ",
        "Uzbekistan",
    )
    paths = {
        str(s).removeprefix(BASE + "instrument/UZ/")
        for kind in (FL.LegalInstrument, FL.Provision)
        for s in graph.subjects(RDF.type, kind)
    }
    # the state's own adjective is dropped from the key; an adjective two states share
    # ("Congolese") says no state, so the law stays as the text names it
    assert paths == {
        "constitution",
        "constitution/art-3",
        "criminal-code",
        "criminal-code/art-7",
        "congolese-penal-code",
    }


def test_a_unit_numbered_within_a_part_is_that_part_s(reference_index: ReferenceIndex) -> None:
    graph = _graph(
        'Article 1, Section 19 of the Police Act provides that "No one shall be deprived of life." '
        'Article 5, Section 19 of the Police Act provides that "Justices shall have jurisdiction." '
        'Chapter II, Section 5 of the Police Act provides that "The police shall protect life." '
        'Under Chapter IV, Section 5 of the Police Act: "Firearms are a last resort." '
        'Section 7 of the Police Act provides that "Force shall be proportionate." '
        'Section 1, Article III of the Police Act provides that "No one shall be tortured."',
        reference_index,
    )
    provisions = {
        str(s).removeprefix(BASE + "instrument/TT/"): str(graph.value(s, RDFS.label))
        for s in graph.subjects(RDF.type, FL.Provision)
    }
    assert provisions == {
        "constitution/art-3": "Article 3 of the Constitution",
        "police-act/art-1/sec-19": "Article 1, Section 19 of the Police Act",
        "police-act/art-5/sec-19": "Article 5, Section 19 of the Police Act",
        "police-act/chapter-ii/sec-5": "Chapter II, Section 5 of the Police Act",
        "police-act/chapter-iv/sec-5": "Chapter IV, Section 5 of the Police Act",
        "police-act/sec-7": "Section 7 of the Police Act",
        "police-act/art-iii/sec-1": "Article III, Section 1 of the Police Act",
    }


def test_a_law_titled_by_what_it_is_on_in_quotes_is_that_law(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph_of(
        'The Law of the Republic of Tajikistan "On the Police" governs the use of force. '
        'Article 16 of the Law "On the Police" provides that "Police officers may use force." '
        "Article 20 of the Law of the Republic of Tajikistan “On Internal Affairs Bodies” "
        'provides that "Firearms may be used as a last resort." Article 8 of the Law of '
        'Georgia "On Police" provides that "Force shall be proportionate." The Law on the '
        "Police was amended in 2019.",
        reference_index,
        "TJ",
        "Tajikistan",
    )
    paths = {
        str(s).removeprefix(BASE + "instrument/TJ/")
        for kind in (FL.LegalInstrument, FL.Provision)
        for s in graph.subjects(RDF.type, kind)
    }
    # one law however its title is written; Georgia's law is not Tajikistan's
    assert paths == {
        "constitution",
        "constitution/art-3",
        "law-on-the-police",
        "law-on-the-police/art-16",
        "law-on-internal-affairs-bodies",
        "law-on-internal-affairs-bodies/art-20",
    }


def test_the_state_s_own_adjective_beside_a_law_leaves_its_name_as_it_is(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph_of(
        "The Uzbek law, the Law of the Republic of Uzbekistan on the Police, governs the use of "
        "force. The Law on the Police was amended in 2019. The Uzbek Criminal Code applies.",
        reference_index,
        "UZ",
        "Uzbekistan",
    )
    paths = {
        str(s).removeprefix(BASE + "instrument/UZ/")
        for s in graph.subjects(RDF.type, FL.LegalInstrument)
    }
    assert paths == {"constitution", "law-on-the-police", "criminal-code"}


def test_a_short_title_with_its_year_after_of_is_that_year_s_law(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph(
        "The Civil Rights Act of 1964 and the Civil Rights Act of 1991 apply. Republic Act No. "
        "6975 (the DILG Act of 1990) established the police. Section 7 of the Civil Rights Act "
        'of 1991 provides that "Damages may be awarded." Section 24 of Republic Act No. 6975 '
        'provides that "The police shall enforce all laws."',
        reference_index,
    )
    # two laws of one name, each its own year's, never a third bare one; a law's other name in
    # brackets with its year is that law
    assert _paths(graph, FL.LegalInstrument) == {
        "constitution",
        "civil-rights-act-of-1964",
        "civil-rights-act-of-1991",
        "republic-act-no-6975-1990",
    }
    assert _paths(graph, FL.Provision) == {
        "constitution/art-3",
        "civil-rights-act-of-1991/sec-7",
        "republic-act-no-6975-1990/sec-24",
    }


def test_another_state_s_short_title_named_again_without_its_adjective_is_still_its(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph_of(
        "The Malaysian Police Act 1967 was compared. Section 3 of the Police Act 1967 provides "
        'that "There shall be a police force." The French Penal Code was cited. Article 9 of '
        'the Penal Code provides that "Force shall be proportionate."',
        reference_index,
        "PH",
        "Philippines",
    )
    paths = {
        str(s).removeprefix(BASE + "instrument/PH/")
        for kind in (FL.LegalInstrument, FL.Provision)
        for s in graph.subjects(RDF.type, kind)
    }
    # a title without its year ("the Penal Code") may be the state's own: it stays
    assert paths == {"constitution", "constitution/art-3", "penal-code", "penal-code/art-9"}


def test_the_instrument_that_issued_another_state_s_law_is_that_state_s(
    reference_index: ReferenceIndex,
) -> None:
    graph = _graph_of(
        "The Saudi Law of Criminal Procedure, issued by Royal Decree No. M/2, was cited. The "
        "Police Law, issued by Royal Decree No. 35/1990, governs the police. Article 4 of Royal "
        'Decree No. M/2 provides that "Force is a last resort."',
        reference_index,
        "BH",
        "Bahrain",
    )
    paths = {
        str(s).removeprefix(BASE + "instrument/BH/")
        for kind in (FL.LegalInstrument, FL.Provision)
        for s in graph.subjects(RDF.type, kind)
    }
    # the state's own law's decree stays the state's
    assert paths == {
        "constitution",
        "constitution/art-3",
        "police-law",
        "royal-decree-no-35-of-1990",
    }
