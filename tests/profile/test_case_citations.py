"""Cases cited the way US, Commonwealth and regional courts report them: the case's name without
its citation, the citation kept apart, and the year from the date or from the citation."""

from __future__ import annotations

import time

import pytest

from forcelaw.profile.records import Span
from forcelaw.profile.statements import find_pronouncement


def _found(sentence: str) -> tuple[str, str | None, str | None, str | None, str] | None:
    found = find_pronouncement(sentence, Span(0, len(sentence), 1), "caselaw-national")
    if found is None:
        return None
    return found.year, found.date, found.case_name, found.citation, found.author_name


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "In Tennessee v. Garner, 471 U.S. 1 (1985), the Supreme Court held that deadly force "
            "may not be used.",
            (
                "1985",
                None,
                "Tennessee v. Garner",
                "471 U.S. 1 (1985)",
                "Supreme Court held that deadly force may not be used.",
            ),
        ),
        (
            "In Smith v. Jones, 12 F.3d 345 (9th Cir. 1994), the Court of Appeals held so.",
            (
                "1994",
                None,
                "Smith v. Jones",
                "12 F.3d 345 (9th Cir. 1994)",
                "Court of Appeals held so.",
            ),
        ),
        (
            "In Doe v. Roe, 123 Cal. Rptr. 2d 45 (Cal. Ct. App. 2002), the court held so.",
            (
                "2002",
                None,
                "Doe v. Roe",
                "123 Cal. Rptr. 2d 45 (Cal. Ct. App. 2002)",
                "court held so.",
            ),
        ),
        (
            "In R. v. Nasogaluak, 2010 SCC 6, the Supreme Court of Canada held so.",
            ("2010", None, "R. v. Nasogaluak", "2010 SCC 6", "Supreme Court of Canada held so."),
        ),
        (
            "In its judgment in PUCL v. State of Maharashtra, (2014) 10 SCC 635, delivered on 23 "
            "September 2014, the Supreme Court laid down guidelines.",
            (
                "2014",
                "2014-09-23",
                "PUCL v. State of Maharashtra",
                "(2014) 10 SCC 635",
                "Supreme Court laid down guidelines.",
            ),
        ),
        (
            "In its judgment in Commissioner of Police of the Metropolis v. DSD, [2018] UKSC 11, "
            "the Supreme Court held so.",
            (
                "2018",
                None,
                "Commissioner of Police of the Metropolis v. DSD",
                "[2018] UKSC 11",
                "Supreme Court held so.",
            ),
        ),
        (
            "In its judgment in McCann and Others v. the United Kingdom (no. 18984/91), delivered "
            "on 27 September 1995, the European Court of Human Rights held so.",
            (
                "1995",
                "1995-09-27",
                "McCann and Others v. the United Kingdom",
                "no. 18984/91",
                "European Court of Human Rights held so.",
            ),
        ),
        (
            "In its judgment in Armani Da Silva v. the United Kingdom [GC], no. 5878/08, delivered "
            "on 30 March 2016, the European Court of Human Rights found no violation.",
            (
                "2016",
                "2016-03-30",
                "Armani Da Silva v. the United Kingdom",
                "[GC], no. 5878/08",
                "European Court of Human Rights found no violation.",
            ),
        ),
        (
            "In its judgment in Cosme Rosa Genoveva et al. v. Brazil (Series C No. 345), delivered "
            "on 16 February 2017, the Inter-American Court of Human Rights ordered so.",
            (
                "2017",
                "2017-02-16",
                "Cosme Rosa Genoveva et al. v. Brazil",
                "Series C No. 345",
                "Inter-American Court of Human Rights ordered so.",
            ),
        ),
        (
            "In its decision in Communication No. 323/06, Egyptian Initiative for Personal Rights "
            "and Interights v. Egypt, adopted in 2011, the African Commission on Human and "
            "Peoples' Rights found a violation.",
            (
                "2011",
                None,
                "Egyptian Initiative for Personal Rights and Interights v. Egypt",
                "Communication No. 323/06",
                "African Commission on Human and Peoples' Rights found a violation.",
            ),
        ),
        (
            "In its judgment in Giuliani and Gaggio v. Italy [GC], no. 23458/02, ECHR 2011, the "
            "European Court of Human Rights held so.",
            (
                "2011",
                None,
                "Giuliani and Gaggio v. Italy",
                "[GC], no. 23458/02, ECHR 2011",
                "European Court of Human Rights held so.",
            ),
        ),
        (
            "In its judgment in Lohé Issa Konaté v. Burkina Faso (Application No. 004/2013), "
            "delivered on 5 December 2014, the African Court on Human and Peoples' Rights held so.",
            (
                "2014",
                "2014-12-05",
                "Lohé Issa Konaté v. Burkina Faso",
                "Application No. 004/2013",
                "African Court on Human and Peoples' Rights held so.",
            ),
        ),
        (
            "In its judgment in S v Makwanyane, 1995 (3) SA 391 (CC), the Constitutional Court "
            "held so.",
            (
                "1995",
                None,
                "S v Makwanyane",
                "1995 (3) SA 391 (CC)",
                "Constitutional Court held so.",
            ),
        ),
        (
            "In Tennessee v. Garner, 471 U.S. 1, 105 S. Ct. 1694 (1985), the Supreme Court held "
            "so.",
            (
                "1985",
                None,
                "Tennessee v. Garner",
                "471 U.S. 1, 105 S. Ct. 1694 (1985)",
                "Supreme Court held so.",
            ),
        ),
        # a second case of one name is part of its name, not a citation
        (
            "In its judgment in Kakoulli v. Turkey (No. 2), delivered on 5 May 2010, the "
            "European Court of Human Rights held so.",
            (
                "2010",
                "2010-05-05",
                "Kakoulli v. Turkey (No. 2)",
                None,
                "European Court of Human Rights held so.",
            ),
        ),
        # a series written without stops
        (
            "In Ivanov v. Uzbekistan, 12 UzLR 45 (2010), the Supreme Court held so.",
            ("2010", None, "Ivanov v. Uzbekistan", "12 UzLR 45 (2010)", "Supreme Court held so."),
        ),
        (
            "In R v. Clegg, 1 All ER 334 (1995), the House of Lords held so.",
            ("1995", None, "R v. Clegg", "1 All ER 334 (1995)", "House of Lords held so."),
        ),
        # a date is no series: the case's year is the date's, and the date no citation
        (
            "In its judgment in Petit v. Valdoria, 12 May 2016, the Supreme Court held so.",
            ("2016", "2016-05-12", "Petit v. Valdoria", None, "Supreme Court held so."),
        ),
        (
            "In Petit v. Valdoria, 12 May 2016, the Supreme Court held so.",
            ("2016", "2016-05-12", "Petit v. Valdoria", None, "Supreme Court held so."),
        ),
        # "its judgment in" is no part of a case's name, whatever follows it
        ("In its judgment in Petit v. Valdoria, 2 Ch 45, the Supreme Court held so.", None),
        # no year anywhere: no pronouncement
        ("In McCann v. UK, no. 18984/91, the European Court of Human Rights held so.", None),
        ("In Ivanov v. Uzbekistan, 12 UzLR 45, the Supreme Court held so.", None),
        # a name without "v." and a report is no case
        ("In Tennessee, 471 U.S. 1 (1985), the Supreme Court held so.", None),
    ],
)
def test_a_case_s_citation_is_kept_apart_from_its_name(
    sentence: str, expected: tuple[str, str | None, str | None, str | None, str] | None
) -> None:
    assert _found(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "In a 2015 decision, the Constitutional Court held that the law was void.",
            ("2015", None, None, None, "Constitutional Court held that the law was void."),
        ),
        (
            "In a judgment of 12 May 2015, the Supreme Court held so.",
            ("2015", "2015-05-12", None, None, "Supreme Court held so."),
        ),
        (
            "In its 2019 ruling, the High Court found the shooting unlawful.",
            ("2019", None, None, None, "High Court found the shooting unlawful."),
        ),
        (
            "In its judgment of 2015 in Doe v. State, the Supreme Court held so.",
            ("2015", None, "Doe v. State", None, "Supreme Court held so."),
        ),
        (
            "In Velásquez Rodríguez v. Honduras (1988), the Inter-American Court of Human Rights "
            "held so.",
            (
                "1988",
                None,
                "Velásquez Rodríguez v. Honduras",
                None,
                "Inter-American Court of Human Rights held so.",
            ),
        ),
        # no year, or a "date" that is none: no pronouncement
        ("In a decision of Petrov 2015, the Supreme Court held so.", None),
        ("In a recent decision, the Supreme Court held so.", None),
    ],
)
def test_a_decision_cited_by_its_court_and_year_alone(
    sentence: str, expected: tuple[str, str | None, str | None, str | None, str] | None
) -> None:
    assert _found(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "In x v. y " + "1 A." * 250_000 + ", the Court held.",
        "In its judgment in " + "a v. b 1 U.S. " * 50_000,
        "In a " + "2015 decision " * 50_000,
        "In its judgment in X v. Y, " + "no. 1/05, " * 50_000 + "the Court held.",
    ],
)
def test_a_long_hostile_sentence_is_read_in_linear_time(sentence: str) -> None:
    # CPU time: what the reader does, however busy the machine.
    started = time.process_time()
    find_pronouncement(sentence, Span(0, len(sentence), 1), "caselaw-national")
    assert time.process_time() - started < 5.0


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "In Novak v. Moravia, no. 12345/06, 14 March 2010, the European Court of Human "
            "Rights found a violation.",
            ("2010", "2010-03-14", "Novak v. Moravia", "no. 12345/06"),
        ),
        (
            "In Novak v. Moravia (Application no. 12345/06), judgment of 14 March 2010, the "
            "European Court of Human Rights found a violation.",
            ("2010", "2010-03-14", "Novak v. Moravia", "Application no. 12345/06"),
        ),
        (
            "In Dvorak v. Moravia (no. 2), no. 45678/10, 21.01.2013, the European Court of "
            "Human Rights found a violation.",
            ("2013", "2013-01-21", "Dvorak v. Moravia (no. 2)", "no. 45678/10"),
        ),
        (
            "In its judgment of 21.01.2013 in Novak v. Moravia, the European Court of Human "
            "Rights found a violation.",
            ("2013", "2013-01-21", "Novak v. Moravia", None),
        ),
        (
            "In Novak v. Moravia, 9 Nov. 2021, the European Court of Human Rights found a "
            "violation.",
            ("2021", "2021-11-09", "Novak v. Moravia", None),
        ),
    ],
)
def test_a_european_court_case_is_dated_after_its_application_number(
    sentence: str, expected: tuple[str, str | None, str, str | None]
) -> None:
    found = _found(sentence)
    assert found is not None
    assert found[:4] == expected
    assert found[4].startswith("European Court of Human Rights found")


@pytest.mark.parametrize(
    "sentence",
    [
        # day or month first? no date, and no year read from it alone
        "In Novak v. Moravia, no. 12345/06, 10/05/2019, the European Court found a violation.",
        "In Novak v. Moravia, no. 12345/06, 31.02.2019, the European Court found a violation.",
        "In Novak v. Moravia, the European Court of Human Rights found a violation.",  # no year
        "In Novak v. Moravia, Petrov 2010, the European Court found a violation.",
    ],
)
def test_a_case_without_a_date_or_year_it_can_read_is_none(sentence: str) -> None:
    assert _found(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "In The State v. Charles (2018) 92 WIR 45, the High Court convicted the constable.",
            ("2018", None, "The State v. Charles", "(2018) 92 WIR 45"),
        ),
        (
            "In Gómez Pérez et al. v. Aragua, judgment of 12 November 2012, Series C No. 250, "
            "the Inter-American Court of Human Rights found a violation.",
            ("2012", "2012-11-12", "Gómez Pérez et al. v. Aragua", "Series C No. 250"),
        ),
    ],
)
def test_caribbean_and_inter_american_reports_are_citations(
    sentence: str, expected: tuple[str, str | None, str, str | None]
) -> None:
    found = _found(sentence)
    assert found is not None
    assert found[:4] == expected


def test_words_after_a_judgments_date_are_no_report() -> None:
    sentence = (
        "In Gómez Pérez v. Aragua, judgment of 12 November 2012, a landmark, the Inter-American "
        "Court found a violation."
    )
    assert _found(sentence) is None


@pytest.mark.parametrize("lead", ["In the case of ", "In the Case of ", "In "])
def test_the_case_of_is_no_part_of_the_cases_name(lead: str) -> None:
    sentence = (
        f"{lead}Cerny v. Moravia (dec.), no. 8901/13, 3 March 2016, the European Court of Human "
        "Rights declared the application inadmissible."
    )
    found = _found(sentence)
    assert found is not None
    assert found[:4] == ("2016", "2016-03-03", "Cerny v. Moravia (dec.)", "no. 8901/13")


def test_a_case_named_the_case_of_something_else_keeps_its_words() -> None:
    sentence = "In Re the Case of Smith v. Jones (1988), the High Court held so."
    found = _found(sentence)
    assert found is not None
    assert found[2] == "Re the Case of Smith v. Jones"


def test_what_an_inter_american_judgment_decided_in_brackets_is_part_of_its_name() -> None:
    sentence = (
        "In Hermanos Landaeta Mejías v. Aragua (Preliminary Objections, Merits, Reparations and "
        "Costs), 27 August 2014, the Inter-American Court of Human Rights found violations."
    )
    assert _found(sentence) == (
        "2014",
        "2014-08-27",
        "Hermanos Landaeta Mejías v. Aragua "
        "(Preliminary Objections, Merits, Reparations and Costs)",
        None,
        "Inter-American Court of Human Rights found violations.",
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "In X v. Y (an unclosed bracket, 2010, the Court held so.",
        "In x v. y " + "(a, b) " * 5_000 + ", the Court held.",
        "In x v. y (" + "a, " * 50_000 + ", the Court held.",
    ],
)
def test_brackets_that_do_not_close_or_hold_no_year_give_no_case(sentence: str) -> None:
    started = time.process_time()
    assert _found(sentence) is None
    assert time.process_time() - started < 2.0
