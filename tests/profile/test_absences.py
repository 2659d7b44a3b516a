"""Absence statements: what a sentence says is absent, in the profile's own voice, and nothing
else (an absence is a fact: a sentence that states none must not produce one)."""

from __future__ import annotations

import pytest

from forcelaw.profile.records import Span
from forcelaw.profile.statements import find_absence


def _absence(text: str, section: str) -> tuple[str, str] | None:
    found = find_absence(text, Span(0, len(text), 1), section)
    return (found.kind, found.hedge) if found is not None else None


@pytest.mark.parametrize(
    ("text", "section", "expected"),
    [
        (
            "The Constitution does not specifically address police use of force.",
            "constitution",
            ("constitutional-use-of-force-provision", "asserted"),
        ),
        (
            "The 1991 Constitution of the Republic of Borealia (as amended in 2010) does not "
            "explicitly protect the right to life.",
            "constitution",
            ("constitutional-right-to-life", "asserted"),
        ),
        (
            "There is not believed to be national legislation in place governing police use of "
            "force.",
            "legislation-use-of-force",
            ("use-of-force-legislation", "believed"),
        ),
        (
            "There does not appear to be a specific law governing police use of force.",
            "legislation-use-of-force",
            ("use-of-force-legislation", "believed"),
        ),
        (
            "No law governs the use of force by police.",
            "legislation-use-of-force",
            ("use-of-force-legislation", "asserted"),
        ),
        (
            "There is no civilian independent police oversight body in Kazakhstan.",
            "oversight",
            ("independent-police-oversight-body", "asserted"),
        ),
        (
            "No independent body oversees the police.[2]",
            "oversight",
            ("independent-police-oversight-body", "asserted"),
        ),
        (
            "Xland lacks an independent police oversight body.",
            "oversight",
            ("independent-police-oversight-body", "asserted"),
        ),
        (
            "Xland does not have an independent police oversight mechanism.",
            "oversight",
            ("independent-police-oversight-body", "asserted"),
        ),
        (
            "There is no regional human rights court with jurisdiction over police use of force.",
            "caselaw-regional",
            ("regional-human-rights-court", "asserted"),
        ),
        (
            "Xland is not subject to the jurisdiction of a regional human rights court.",
            "caselaw-regional",
            ("regional-human-rights-court", "asserted"),
        ),
        (
            "There is no regional human rights treaty to which Central Asian nations can become "
            "party.",
            "treaties-regional",
            ("regional-human-rights-treaty", "asserted"),
        ),
        (
            "There is no known national caselaw on police use of force in Borealia.",
            "caselaw-national",
            ("national-caselaw", "believed"),
        ),
        (
            "No relevant caselaw has been identified.",
            "caselaw-regional",
            ("regional-caselaw", "asserted"),
        ),
        # Absences that fit no kind, stated for sure: kept, unclassified.
        (
            "There are no statistics on complaints.",
            "oversight",
            ("unclassified", "asserted"),
        ),
        (
            "The Constitution does not guarantee the right to peaceful assembly.",
            "constitution",
            ("unclassified", "asserted"),
        ),
        (
            "The Police Act does not regulate the use of plastic bullets.",
            "legislation-use-of-force",
            ("unclassified", "asserted"),
        ),
    ],
)
def test_a_stated_absence_is_found_and_classified_by_what_is_absent(
    text: str, section: str, expected: tuple[str, str]
) -> None:
    assert _absence(text, section) == expected


@pytest.mark.parametrize(
    ("text", "section"),
    [
        # Something else is lacking: not the section's headline absence.
        ("The Inspectorate has no power to prosecute officers.", "oversight"),
        ("The Police Complaints Authority has no jurisdiction over the military.", "oversight"),
        (
            "The police have no obligation under the Act to issue a warning before firing.",
            "legislation-use-of-force",
        ),
        # Someone else's words: a court's or a body's finding, not the profile's statement.
        (
            "In 2016, the Constitutional Court held that there was no justification for the use "
            "of firearms against the protesters.",
            "caselaw-national",
        ),
        (
            "In its 2019 Concluding Observations on Xland, the Committee against Torture noted "
            "that there were no prosecutions of police officers.",
            "caselaw-global",
        ),
        (
            "no independent, impartial and effective investigation has been conducted into the "
            "violations.",
            "caselaw-global-treaty-bodies",
        ),
        # Idioms and rules.
        ("There is no doubt that the Act applies to all officers.", "legislation"),
        ("No one shall be subjected to torture or to cruel treatment.", "constitution"),
        ("No police officer may use firearms except in self-defence.", "legislation"),
        ("No. 5 of the Law on Police provides that force is a last resort.", "legislation"),
        # No negation at all.
        ("The Independent Police Complaints Office investigates complaints.", "oversight"),
    ],
)
def test_a_sentence_that_states_no_such_absence_gives_none(text: str, section: str) -> None:
    assert _absence(text, section) is None


@pytest.mark.parametrize(
    ("text", "section", "expected"),
    [
        ("None known.", "caselaw-global-treaty-bodies", ("global-caselaw", "believed")),
        ("None.", "caselaw-regional", ("regional-caselaw", "asserted")),
        ("None known to date.", "caselaw-national", ("national-caselaw", "believed")),
        ("None", "treaties-regional", ("regional-human-rights-treaty", "asserted")),
        ("None.", "oversight", ("independent-police-oversight-body", "asserted")),
        ("None.", "legislation-use-of-force", ("use-of-force-legislation", "asserted")),
        ("None.", "constitution", None),  # which provisions are absent is not said
        ("None.", "caselaw-national-other", None),  # an unknown heading says nothing
        ("None of the officers was charged.", "caselaw-national", None),
        ("None known, but see below.", "caselaw-national", None),
    ],
)
def test_none_under_a_heading_is_an_absence_of_what_it_lists(
    text: str, section: str, expected: tuple[str, str] | None
) -> None:
    assert _absence(text, section) == expected


@pytest.mark.parametrize(
    "text",
    [
        "There was no independent police oversight body until 2015, when the Police "
        "Complaints Commission was established.",
        "Until 2015 there was no independent police oversight body.",
        "Before the 2011 Police Act, there was no legislation governing police use of force.",
        "Prior to 2019 there were no independent oversight bodies.",
        "The 1979 Constitution did not address police use of force.",
    ],
)
def test_an_absence_in_the_past_is_not_one_now(text: str) -> None:
    assert _absence(text, "oversight") is None


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "There is no independent police oversight body in the Kurdistan Region.",
            "Kurdistan Region",
        ),
        (
            "There is no independent police oversight body in Bolivia (Plurinational State of).",
            "Bolivia (Plurinational State of)",
        ),
        ("There is still no independent police oversight body until now.", None),
        ("There is no independent police oversight body in some provinces.", "some provinces"),
        (
            "There is no independent police oversight body in several of its districts.",
            "several of its districts",
        ),
        (
            "There is no independent police oversight body in parts of the country.",
            "parts of the country",
        ),
        ("There is no independent police oversight body in the country.", None),
        ("There is no independent police oversight body in some cases.", None),
        (
            "There is no independent body before which complaints against the police can be "
            "brought.",
            None,
        ),
    ],
)
def test_an_absence_keeps_where_it_is_said_to_be(text: str, place: str | None) -> None:
    found = find_absence(text, Span(0, len(text), 1), "oversight")
    assert found is not None and found.kind == "independent-police-oversight-body"
    assert found.place == place


@pytest.mark.parametrize(
    ("text", "section", "expected"),
    [
        (
            "No information was found on any police oversight body.",
            "oversight",
            ("independent-police-oversight-body", "believed"),
        ),
        (
            "No information was found on legislation governing police use of force in Tuvalu.",
            "legislation-use-of-force",
            ("use-of-force-legislation", "believed"),
        ),
        (
            "There is no information available on national caselaw on police use of force.",
            "caselaw-national",
            ("national-caselaw", "believed"),
        ),
        # information lacking on "the" body, or on nothing named: no absence of anything
        ("There is no information on the oversight body's budget.", "oversight", None),
        ("No information was found on its independent oversight board.", "oversight", None),
        ("No information was found.", "caselaw-global", None),
        ("No information was found on the number of deaths.", "caselaw-national", None),
        # the absence of the thing itself stays asserted
        (
            "There is no independent police oversight body.",
            "oversight",
            ("independent-police-oversight-body", "asserted"),
        ),
    ],
)
def test_no_information_on_something_is_not_its_absence_asserted(
    text: str, section: str, expected: tuple[str, str] | None
) -> None:
    assert _absence(text, section) == expected


@pytest.mark.parametrize(
    "text",
    [
        "There is no other independent police oversight body.",
        "No information was found on any other police oversight body.",
        "There is no further legislation governing police use of force.",
    ],
)
def test_no_other_of_a_kind_is_not_its_absence(text: str) -> None:
    assert _absence(text, "oversight") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what one instrument lacks is that instrument's gap, not the state's lack of a law
        (
            "The Criminal Code does not regulate the use of force by law enforcement.",
            "unclassified",
        ),
        ("The Basic Law does not address the use of force by law enforcement.", "unclassified"),
        ("The Police Act does not regulate the use of force.", "unclassified"),
        # the state's legislation as a whole, or no law at all, is the state's absence
        ("There is no law on the use of force by law enforcement.", "use-of-force-legislation"),
        ("There is no legislation on the use of force.", "use-of-force-legislation"),
    ],
)
def test_an_instrument_lacking_a_use_of_force_rule_is_no_absence_of_legislation(
    text: str, expected: str
) -> None:
    assert _absence(text, "legislation-use-of-force") == (expected, "asserted")


def test_law_enforcement_is_no_law_said_to_be_lacking() -> None:
    text = "There is no guidance on the use of force by law enforcement."
    assert _absence(text, "legislation-use-of-force") == ("unclassified", "asserted")


@pytest.mark.parametrize("apostrophe", ["'", "’"])
@pytest.mark.parametrize(
    ("text", "kind", "section"),
    [
        (
            "The Constitution doesn{a}t specifically address police use of force.",
            "constitutional-use-of-force-provision",
            "constitution",
        ),
        (
            "There{a}s no independent police oversight body in Borealia.",
            "independent-police-oversight-body",
            "oversight",
        ),
        (
            "There isn{a}t any national legislation governing police use of force.",
            "use-of-force-legislation",
            "legislation-use-of-force",
        ),
        (
            "There aren{a}t any regional human rights courts with jurisdiction over Borealia.",
            "regional-human-rights-court",
            "caselaw-regional",
        ),
    ],
)
def test_an_absence_written_with_a_contraction_is_the_absence(
    text: str, kind: str, section: str, apostrophe: str
) -> None:
    sentence = text.format(a=apostrophe)
    found = find_absence(sentence, Span(0, len(sentence), 1), section)
    expanded = text.replace("doesn{a}t", "does not").replace("There{a}s", "There is")
    expanded = expanded.replace("isn{a}t", "is not").replace("aren{a}t", "are not")
    plain = find_absence(expanded, Span(0, len(expanded), 1), section)
    assert found is not None and plain is not None, sentence
    assert (found.kind, found.hedge, found.place) == (kind, plain.hedge, plain.place)


@pytest.mark.parametrize("apostrophe", ["'", "’"])
@pytest.mark.parametrize(
    "text",
    [
        "The Court held that there{a}s no justification for the shooting.",
        "There wasn{a}t any oversight body until 2015.",
        "The Ombudsman doesn{a}t have the power to prosecute officers.",
        "The police don{a}t need a warrant to disperse a crowd.",
        "There isn{a}t enough evidence to prosecute the officers.",
    ],
)
def test_a_contraction_states_no_absence_where_its_spelling_out_states_none(
    text: str, apostrophe: str
) -> None:
    sentence = text.format(a=apostrophe)
    assert find_absence(sentence, Span(0, len(sentence), 1), "oversight") is None
