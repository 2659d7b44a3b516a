"""The profile parser: structure, spans, and every error it must report."""

from __future__ import annotations

import pytest

from forcelaw.errors import ProfileError
from forcelaw.profile.parse import parse, parse_bytes
from forcelaw.profile.records import Profile, Span
from tests.conftest import KZ, PROFILES

MINIMAL = """Constitutional Provisions
Article 3 provides that "Everyone has the right to life."
Treaty Adherence
Global Treaties
1984 Convention against Torture (CAT) | State Party |
National Legislation
There is no law on the use of force.
Police Oversight
There is no independent police oversight body in Testland.
Caselaw
National
There is no known national caselaw on police use of force.
"""


def _kz() -> Profile:
    return parse_bytes(KZ.read_bytes(), "KZ.txt")


def test_every_span_quotes_the_text_exactly() -> None:
    for path in (KZ, PROFILES / "XA.txt", PROFILES / "XB.txt"):
        profile = parse_bytes(path.read_bytes(), path.name)
        for sentence in profile.sentences:
            assert profile.text[sentence.span.start : sentence.span.end] == sentence.text
        for provision in profile.provisions:
            span = provision.text_span
            assert profile.text[span.start : span.end] == provision.text


def test_kz_sections_in_order_with_their_nesting() -> None:
    sections = {s.key: s for s in _kz().sections}
    assert list(sections) == [
        "constitution",
        "treaties",
        "treaties-global",
        "treaties-regional",
        "legislation",
        "legislation-use-of-force",
        "oversight",
        "caselaw",
        "caselaw-global",
        "caselaw-global-treaty-bodies",
        "caselaw-regional",
        "caselaw-national",
    ]
    assert sections["caselaw-global-treaty-bodies"].parent == "caselaw-global"
    assert sections["caselaw-global-treaty-bodies"].level == 3
    assert sections["treaties-global"].heading.line == 9


def test_kz_sentences_never_cross_lines_and_keep_quoted_stops() -> None:
    profile = _kz()
    assert len(profile.sentences) == 38
    first = profile.sentences[0]
    assert first.text.endswith('"Everyone shall have the right to life."')
    assert profile.sentences[1].text == "According to Article 17 of the Constitution:"
    for sentence in profile.sentences:
        assert "\n" not in sentence.text


def test_kz_provisions() -> None:
    found = {(p.instrument, p.unit, p.label_number): p.text for p in _kz().provisions}
    # the parser keeps the place an instrument is said to be of; the mapper, which knows the
    # state, tells whether it is the state's own ("constitution") or another's
    assert set(found) == {
        ("constitution-of-the-republic-of-kazakhstan", "article", "15(1)"),
        ("constitution", "article", "17(1)"),
        ("constitution", "article", "17(2)"),
        ("constitution", "article", "32"),
        ("criminal-code", "article", "32(3)"),
    }
    assert found[("constitution", "article", "17(1)")] == "A person’s dignity shall be inviolable."
    assert found[("criminal-code", "article", "32(3)")].startswith("Use of excessive force")


def test_kz_instruments_keep_year_and_amendment() -> None:
    mentions = _kz().instruments
    constitution = [m for m in mentions if (m.own_key or m.key) == "constitution"]
    assert constitution[0].place == "Republic of Kazakhstan"
    assert constitution[0].year == "1995"
    assert constitution[0].as_amended
    assert constitution[0].name == "Constitution of the Republic of Kazakhstan"
    assert {m.kind for m in mentions} == {"constitution", "criminal-code"}


def test_kz_treaty_rows() -> None:
    rows = [(r.name, r.status, r.span.line) for r in _kz().treaty_rows]
    assert rows[0] == ("1966 Covenant on Civil and Political Rights (ICCPR)", "state-party", 10)
    assert ("Competence of CAT Committee to receive individual complaints", "yes", 13) in rows
    assert rows[-1] == ("1998 Rome Statute of the International Criminal Court", "not-party", 15)
    assert len(rows) == 6


def test_kz_absences_with_hedges() -> None:
    found = {(a.kind, a.hedge) for a in _kz().absences}
    assert found == {
        ("constitutional-use-of-force-provision", "asserted"),
        ("regional-human-rights-treaty", "asserted"),
        ("use-of-force-legislation", "believed"),
        ("independent-police-oversight-body", "asserted"),
        ("regional-human-rights-court", "asserted"),
    }


def test_kz_pronouncements() -> None:
    found = [(p.document_type, p.year) for p in _kz().pronouncements]
    assert found == [
        ("concluding-observations", "2023"),
        ("concluding-observations", "2016"),
        ("unspecified", "2012"),
    ]
    assert _kz().pronouncements[0].author_name.startswith("Committee against Torture")


def test_fixture_xa_sections_provisions_and_judgment() -> None:
    profile = parse_bytes((PROFILES / "XA.txt").read_bytes(), "XA.txt")
    numbers = {(p.instrument, p.unit, p.label_number) for p in profile.provisions}
    assert ("constitution", "article", "77(4)") in numbers
    assert ("police-act", "section", "14(1)") in numbers
    assert ("police-act", "section", "16") in numbers
    assert ("constitution", "article", "9(2)") in numbers
    judgment = next(p for p in profile.pronouncements if p.case_name)
    assert (judgment.case_name, judgment.date) == ("Petrov v. Arcadia", "2016-05-12")
    assert not profile.absences  # XA has an oversight body; nothing is said to be absent
    assert [r.status for r in profile.treaty_rows].count("signatory") == 1


def test_fixture_xb_absences_and_instruments() -> None:
    profile = parse_bytes((PROFILES / "XB.txt").read_bytes(), "XB.txt")
    kinds = {a.kind: a.hedge for a in profile.absences}
    assert kinds == {
        "constitutional-right-to-life": "asserted",
        "constitutional-use-of-force-provision": "asserted",
        "independent-police-oversight-body": "asserted",
        "national-caselaw": "believed",
    }
    keys = {m.own_key or m.key: m.year for m in profile.instruments if m.year}
    assert keys == {"constitution": "1991", "police-service-act": "1995"}
    assert ("criminal-procedure-code", "section", "49(2)") in {
        (p.instrument, p.unit, p.label_number) for p in profile.provisions
    }


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda t: "\ufeff" + t, id="bom"),
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda t: t.replace("\n", "  \n"), id="trailing-spaces"),
        pytest.param(lambda t: t.replace("\n", "\n\n"), id="blank-lines"),
        pytest.param(lambda t: t.replace('"', "“", 1).replace('"', "”", 1), id="curly-quotes"),
    ],
)
def test_accepted_variants_give_the_same_records(transform: object) -> None:
    assert callable(transform)
    plain = parse(MINIMAL, "t.txt")
    varied = parse(transform(MINIMAL), "t.txt")
    assert [s.key for s in varied.sections] == [s.key for s in plain.sections]
    assert [(p.label_number, p.text) for p in varied.provisions] == [
        (p.label_number, p.text) for p in plain.provisions
    ]
    assert [(r.name, r.status) for r in varied.treaty_rows] == [
        (r.name, r.status) for r in plain.treaty_rows
    ]
    assert [a.kind for a in varied.absences] == [a.kind for a in plain.absences]
    for sentence in varied.sentences:
        assert varied.text[sentence.span.start : sentence.span.end] == sentence.text


def test_crlf_keeps_line_numbers() -> None:
    profile = parse(MINIMAL.replace("\n", "\r\n"), "t.txt")
    assert profile.treaty_rows[0].span.line == 5


@pytest.mark.parametrize(
    ("data", "line", "expected"),
    [
        (b"", None, "empty profile"),
        (b"  \n\n", None, "empty profile"),
        (b"Constitutional Provisions\n\xff\xfe bad\n", 2, "not valid UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", 3, "binary data"),
        (MINIMAL.replace("Police Oversight\n", "").encode(), 9, "missing section heading 'Police"),
        (
            MINIMAL.replace("Caselaw\nNational\n", "").encode(),
            10,
            "missing section heading(s) 'Caselaw'",
        ),
        (
            MINIMAL.replace("| State Party |", "| Maybe |").encode(),
            5,
            "unknown treaty status 'Maybe'",
        ),
        (
            MINIMAL.replace("| State Party |", "| State Party").encode(),
            5,
            "without its closing bar",
        ),
        (
            MINIMAL.replace("1984 Convention against Torture (CAT) |", " |").encode(),
            5,
            "without a treaty name",
        ),
        (("Preface\n" + MINIMAL).encode(), 1, "expected the heading 'Constitutional Provisions'"),
        ((MINIMAL + "Caselaw\n").encode(), 13, "duplicate heading 'Caselaw'"),
        (
            MINIMAL.replace("Global Treaties", "Global\x07Treaties").encode(),
            4,
            "control character U+0007",
        ),
    ],
    ids=[
        "empty",
        "blank",
        "not-utf8",
        "binary",
        "missing-heading",
        "missing-last-heading",
        "unknown-status",
        "no-closing-bar",
        "no-treaty-name",
        "text-before-heading",
        "duplicate-heading",
        "control-character",
    ],
)
def test_bad_input_names_file_line_and_expectation(
    data: bytes, line: int | None, expected: str
) -> None:
    with pytest.raises(ProfileError) as caught:
        parse_bytes(data, "bad.txt")
    assert caught.value.source == "bad.txt"
    assert caught.value.line == line
    assert expected in caught.value.message
    assert str(caught.value).startswith(f"bad.txt:{line}:" if line else "bad.txt:")


def test_oversight_bodies_named_as_subjects() -> None:
    xa = parse_bytes((PROFILES / "XA.txt").read_bytes(), "XA.txt")
    assert [(b.name, b.body_type) for b in xa.bodies] == [
        ("Independent Police Complaints Office", "oversight-body")
    ]
    xb = parse_bytes((PROFILES / "XB.txt").read_bytes(), "XB.txt")
    assert [b.name for b in xb.bodies] == ["Office of the Public Protector"]
    assert _kz().bodies == ()  # only an absence is stated


def _quoted_block(lines: str, newline: str = "\n") -> str:
    text = "\n".join(
        [
            "Constitutional Provisions",
            "According to Article 17(2) of the Constitution:",
            "1. No one shall be subjected to torture.",
            "2. No one shall be subjected to cruel treatment.",
            "Treaty Adherence",
            "Global Treaties",
            "1984 Convention against Torture (CAT) | State Party |",
            "National Legislation",
            "The 2015 Police Act governs the use of force by the police.",
            lines,
            "Police Oversight",
            "There is no independent police oversight body in Testland.",
            "Caselaw",
            "National",
            "There is no known national caselaw on police use of force.",
            "",
        ]
    )
    return text.replace("\n", newline)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_quoted_list_is_quoted_whole(newline: str) -> None:
    text = _quoted_block(
        "According to Section 14 of the Police Act:\n"
        "(a) the officer shall first give a warning;\n"
        "(b) the officer shall use the minimum force necessary.\n"
        "The Act was amended in 2019.",
        newline,
    )
    profile = parse(text, "t.txt")
    by_number = {(p.number, p.paragraph): p for p in profile.provisions}
    section = by_number[("14", None)]
    assert section.text.splitlines() == [
        "(a) the officer shall first give a warning;",
        "(b) the officer shall use the minimum force necessary.",
    ]
    assert text[section.text_span.start : section.text_span.end] == section.text
    article = by_number[("17", "2")]
    assert article.text.splitlines() == [
        "1. No one shall be subjected to torture.",
        "2. No one shall be subjected to cruel treatment.",
    ]
    assert text[article.text_span.start : article.text_span.end] == article.text
    # the line after the list is the profile's own text again, not part of the quote
    assert "The Act was amended in 2019." in [s.text for s in profile.sentences]


def test_an_articles_title_is_part_of_its_quote_and_a_list_of_laws_is_no_heading() -> None:
    text = _quoted_block(
        "The following instruments govern the police:\nPolice Service Act\nPublic Order Act"
    ).replace(
        "According to Article 17(2) of the Constitution:\n1. No one shall be subjected to "
        "torture.\n2. No one shall be subjected to cruel treatment.",
        "According to Article 17 of the Constitution:\nRight to Life\nEvery person has the "
        "right to life.",
    )
    profile = parse(text, "t.txt")
    assert [s.key for s in profile.sections if s.kind == "other"] == []
    (article,) = [p for p in profile.provisions if p.number == "17"]
    assert article.text.splitlines() == ["Right to Life", "Every person has the right to life."]
    assert {m.key for m in profile.instruments} >= {"police-service-act", "public-order-act"}


def test_an_unknown_heading_after_another_is_its_sibling() -> None:
    text = MINIMAL.replace(
        "National\n", "National Courts\nThe courts sit in the capital.\nRecent Developments\n"
    )
    sections = {s.key: s for s in parse(text, "t.txt").sections}
    courts, recent = sections["caselaw-national-courts"], sections["caselaw-recent-developments"]
    assert (courts.parent, courts.level) == ("caselaw", 2)
    assert (recent.parent, recent.level) == ("caselaw", 2)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "The law was adopted on 5 Jan. 2010 by Parliament. It applies.",
            ["The law was adopted on 5 Jan. 2010 by Parliament.", "It applies."],
        ),
        (
            "Gen. Smith ordered the police to fire. Prof. Doe objected.",
            ["Gen. Smith ordered the police to fire.", "Prof. Doe objected."],
        ),
        (
            "The unit (est. 2013) reports under s. 14 of the Act. It works.",
            ["The unit (est. 2013) reports under s. 14 of the Act.", "It works."],
        ),
        (
            "Police, army, etc. The Committee noted this.",
            ["Police, army, etc.", "The Committee noted this."],
        ),
        (
            "He visited the U.S. The Ministry replied.",
            ["He visited the U.S.", "The Ministry replied."],
        ),
        (
            "The U.S. Department of State reported it.",
            ["The U.S. Department of State reported it."],
        ),
        (
            "In its judgment in D.K. Basu v. State of West Bengal, the Court held so. It stands.",
            [
                "In its judgment in D.K. Basu v. State of West Bengal, the Court held so.",
                "It stands.",
            ],
        ),
        (
            "The report was written by J.R.R. Tolkien. The Ministry disputed it.",
            ["The report was written by J.R.R. Tolkien.", "The Ministry disputed it."],
        ),
        (
            "The inquiry was chaired by A.B. In the end it was closed.",
            ["The inquiry was chaired by A.B.", "In the end it was closed."],
        ),
        (
            "In Doe v. Roe, 123 Cal. Rptr. 2d 45 (Cal. Ct. App. 2002), the court held so. It "
            "stands.",
            [
                "In Doe v. Roe, 123 Cal. Rptr. 2d 45 (Cal. Ct. App. 2002), the court held so.",
                "It stands.",
            ],
        ),
        (
            "In Garner, 105 S. Ct. 1694 (1985), and Smith, 12 F. Supp. 2d 34 (S.D.N.Y. 1998), "
            "courts held so.",
            [
                "In Garner, 105 S. Ct. 1694 (1985), and Smith, 12 F. Supp. 2d 34 (S.D.N.Y. 1998), "
                "courts held so."
            ],
        ),
        (
            "In 2021, the Constitutional Court (Exp. N° 00009-2020-PI/TC) declared it void.",
            ["In 2021, the Constitutional Court (Exp. N° 00009-2020-PI/TC) declared it void."],
        ),
    ],
)
def test_abbreviations_and_sentence_ends(text: str, sentences: list[str]) -> None:
    from forcelaw.profile.text import Line, split_sentences

    line = Line(1, Span(0, len(text), 1), text)
    assert [text[s.start : s.end] for s in split_sentences(line)] == sentences


@pytest.mark.parametrize(
    ("text", "year", "date", "case", "rest"),
    [
        ("In 2019 the Supreme Court upheld it.", "2019", None, None, "Supreme Court upheld it."),
        (
            "On 3 March 2021, the Supreme Court of Justice quashed it.",
            "2021",
            "2021-03-03",
            None,
            "Supreme Court of Justice quashed it.",
        ),
        (
            "On 1st Sept. 2019 the Constitutional Court ruled.",
            "2019",
            "2019-09-01",
            None,
            "Constitutional Court ruled.",
        ),
        (
            "In its judgment in Doe v. Xland of 1 March 2019, the European Court of Human Rights "
            "found a violation.",
            "2019",
            "2019-03-01",
            "Doe v. Xland",
            "European Court of Human Rights found a violation.",
        ),
        (
            "In its judgment in Doe v. Xland, delivered on 1st March 2019, the Court held so.",
            "2019",
            "2019-03-01",
            "Doe v. Xland",
            "Court held so.",
        ),
    ],
)
def test_pronouncements_dated_in_more_ways(
    text: str, year: str, date: str | None, case: str | None, rest: str
) -> None:
    from forcelaw.profile.statements import find_pronouncement

    found = find_pronouncement(text, Span(0, len(text), 1), "caselaw-national")
    assert found is not None
    assert (found.year, found.date, found.case_name, found.author_name) == (year, date, case, rest)


def test_a_date_that_is_no_date_gives_no_pronouncement() -> None:
    from forcelaw.profile.statements import find_pronouncement

    text = "On 31 Foo 2019, the Supreme Court ruled."
    assert find_pronouncement(text, Span(0, len(text), 1), "caselaw-national") is None


def test_a_profile_cut_short_is_noted() -> None:
    cut = MINIMAL.rstrip().removesuffix(" on police use of force.")
    notes = parse(cut, "t.txt").notes
    assert any("ends mid-sentence" in note and "t.txt:12" in note for note in notes), notes
    assert not [n for n in parse(MINIMAL, "t.txt").notes if "mid-sentence" in n]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "The suspect, 5'11\" tall, fled. Police fired.",
            ["The suspect, 5'11\" tall, fled.", "Police fired."],
        ),
        (
            'He said "Stop. Now" and left. Police fired.',
            ['He said "Stop. Now" and left.', "Police fired."],
        ),
        (
            'A "quote that never closes. Police fired.',
            ['A "quote that never closes.', "Police fired."],
        ),
    ],
)
def test_an_unpaired_straight_quote_holds_nothing_open(text: str, sentences: list[str]) -> None:
    from forcelaw.profile.text import Line, split_sentences

    line = Line(1, Span(0, len(text), 1), text)
    assert [text[s.start : s.end] for s in split_sentences(line)] == sentences


def test_a_known_heading_right_after_an_intro_is_still_a_heading() -> None:
    text = MINIMAL.replace(
        "National Legislation\n",
        "National Legislation\nAccording to Section 5 of the Police Act:\nPolice Use of Force\n",
    )
    profile = parse(text, "t.txt")
    assert "legislation-use-of-force" in {s.key for s in profile.sections}
    assert not [p for p in profile.provisions if p.number == "5"]


@pytest.mark.parametrize(
    ("case", "party"),
    [
        ("Konaté v. Burkina Faso", "Burkina Faso"),
        ("McCann and Others v. the United Kingdom [GC]", "the United Kingdom"),
        ("Da Silva v. the United Kingdom (application no. 5878/08)", "the United Kingdom"),
        ("Georgia v. Russia (II) (no. 38263/08)", "Russia"),
        ("Diallo vs Guinea", "Guinea"),
        ("the Zhanaozen case", None),
    ],
)
def test_a_case_s_respondent_is_the_party_after_v(case: str, party: str | None) -> None:
    from forcelaw.profile.statements import respondent

    assert respondent(case) == party


@pytest.mark.parametrize(
    ("name", "key", "place", "own_key"),
    [
        (
            "Constitution of the Republic of Kazakhstan",
            "constitution-of-the-republic-of-kazakhstan",
            "Republic of Kazakhstan",
            "constitution",
        ),
        (
            "Political Constitution of the Plurinational State of Bolivia",
            "political-constitution-of-the-plurinational-state-of-bolivia",
            "Plurinational State of Bolivia",
            "constitution",
        ),
        (
            "Constitution of Guinea-Bissau",
            "constitution-of-guinea-bissau",
            "Guinea-Bissau",
            "constitution",
        ),
        (
            "Law of the Republic of Tajikistan on Police",
            "law-of-the-republic-of-tajikistan-on-police",
            "Republic of Tajikistan",
            "law-on-police",
        ),
        ("Code of Criminal Procedure", "code-of-criminal-procedure", None, None),
        ("Political Constitution", "constitution", None, None),
    ],
)
def test_an_instrument_s_place_is_kept_apart_from_its_name(
    name: str, key: str, place: str | None, own_key: str | None
) -> None:
    from forcelaw.profile.provisions import instrument_name

    named = instrument_name(name, None, None)
    assert named is not None
    assert (named.key, named.place, named.own_key) == (key, place, own_key)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "The Independent Office for Police Conduct investigates serious complaints.",
            "Independent Office for Police Conduct",
        ),
        (
            "The Police Ombudsman for Northern Ireland is independent.",
            "Police Ombudsman for Northern Ireland",
        ),
        (
            "The Police Investigations and Review Commissioner covers Scotland.",
            "Police Investigations and Review Commissioner",
        ),
        (
            "The Police Service Commission of Nigeria oversees the police.",
            "Police Service Commission of Nigeria",
        ),
        (
            "The National Human Rights Commission and the Police Council share it.",
            "National Human Rights Commission",
        ),
        ("The Office reports annually to Parliament.", None),
        (
            "The Inspectorate General of Police Services (IGSP) investigates complaints.",
            "Inspectorate General of Police Services",
        ),
        (
            "The Office of the Police Ombudsman of São Paulo State receives complaints.",
            "Office of the Police Ombudsman of São Paulo State",
        ),
        (
            "The Office of the Ombudsman for Police Affairs of the Ministry of Interior acts.",
            "Office of the Ombudsman for Police Affairs of the Ministry of Interior",
        ),
    ],
)
def test_an_oversight_body_is_named_to_its_last_word(sentence: str, name: str | None) -> None:
    from forcelaw.profile.statements import find_oversight_body

    found = find_oversight_body(sentence, Span(0, len(sentence), 1), "oversight")
    assert (found.name if found is not None else None) == name
    if found is not None:
        assert sentence[found.span.start : found.span.end] == name


@pytest.mark.parametrize(
    ("intro", "label", "paragraph"),
    [
        ("According to section 835a(c)(1) of the California Penal Code:", "835a(c)(1)", "c(1)"),
        ("According to Article 17(2) of the Constitution:", "17(2)", "2"),
        ("According to section 12(1)(a)(ii) of the Police Act 1996:", "12(1)(a)(ii)", "1(a)(ii)"),
    ],
)
def test_a_paragraph_s_items_are_part_of_what_is_quoted(
    intro: str, label: str, paragraph: str
) -> None:
    text = MINIMAL.replace(
        "There is no law on the use of force.",
        f"{intro}\nThe officer may use such force as is necessary.",
    )
    (provision,) = [p for p in parse(text, "TT.txt").provisions if p.label_number != "3"]
    assert (provision.label_number, provision.paragraph) == (label, paragraph)
    assert provision.text == "The officer may use such force as is necessary."


def test_a_number_is_never_read_in_part() -> None:
    text = MINIMAL.replace(
        "There is no law on the use of force.",
        "According to section 835a(c)(1)(A)(i)(x) of the California Penal Code:\n"
        "The officer may use such force as is necessary.",
    )
    assert [p.label_number for p in parse(text, "TT.txt").provisions] == ["3"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "In its judgment in Kukayev v. Russia, delivered on 2019-07-12, the European Court "
            "of Human Rights held that Article 2 had been violated.",
            ("2019", "2019-07-12", "Kukayev v. Russia"),
        ),
        (
            "In its judgment in Kukayev v. Russia, delivered on July 12, 2019, the European "
            "Court of Human Rights held that Article 2 had been violated.",
            ("2019", "2019-07-12", "Kukayev v. Russia"),
        ),
        (
            "In its decision in Kenneth Good v. Botswana, adopted in May 2010, the African "
            "Commission on Human and Peoples' Rights found a violation.",
            ("2010", None, "Kenneth Good v. Botswana"),
        ),
        (
            "In its judgment of 12 May 2016 in Petrov v. Arcadia, the European Court of Human "
            "Rights held that Arcadia had violated Article 2.",
            ("2016", "2016-05-12", "Petrov v. Arcadia"),
        ),
        (
            "In its judgment in the case of Nadege Dorzema et al. v. Dominican Republic of 24 "
            "October 2012, the Inter-American Court of Human Rights held the State responsible.",
            ("2012", "2012-10-24", "Nadege Dorzema et al. v. Dominican Republic"),
        ),
        (
            "In its judgment in Petrov v. Arcadia of Petrov 2010, the European Court of Human "
            "Rights held.",
            None,
        ),
    ],
)
def test_a_decision_s_date_in_the_forms_profiles_write_it(
    sentence: str, expected: tuple[str, str | None, str] | None
) -> None:
    from forcelaw.profile.statements import find_pronouncement

    found = find_pronouncement(sentence, Span(0, len(sentence), 1), "caselaw-regional")
    assert (None if found is None else (found.year, found.date, found.case_name)) == expected


def test_a_quote_in_guillemets_is_one_quote_and_one_in_another_language_no_provision() -> None:
    text = MINIMAL.replace(
        'Article 3 provides that "Everyone has the right to life."',
        "Article 3 provides that «Everyone has the right to life. No one shall be tortured.» "
        "Article 4 provides that «Toute personne a droit à la vie. Nul ne peut être torturé.» "
        'Article 5 provides that "Каждый имеет право на жизнь."',
    )
    profile = parse(text, "TT.txt")
    assert [s.text for s in profile.sentences[:3]] == [
        "Article 3 provides that «Everyone has the right to life. No one shall be tortured.»",
        "Article 4 provides that «Toute personne a droit à la vie. Nul ne peut être torturé.»",
        'Article 5 provides that "Каждый имеет право на жизнь."',
    ]
    assert [(p.number, p.text) for p in profile.provisions] == [
        ("3", "Everyone has the right to life. No one shall be tortured.")
    ]
    assert [note.split(": ", 1)[1] for note in profile.notes] == [
        "article 4 is quoted in another language than English; kept as text only",
        "article 5 is quoted in another language than English; kept as text only",
    ]


def test_a_lead_in_ending_with_a_dash_takes_its_lettered_items() -> None:
    text = MINIMAL.replace(
        "There is no law on the use of force.",
        "According to section 12(1) of the Police Act:\n"
        "Everyone has the right to freedom and security of the person, which includes the right—\n"
        "(a) not to be deprived of freedom arbitrarily;\n"
        "(b) not to be detained without trial.",
    )
    profile = parse(text, "TT.txt")
    (provision,) = [p for p in profile.provisions if p.number == "12"]
    assert provision.text.endswith("(b) not to be detained without trial.")
    span = provision.text_span
    assert profile.text[span.start : span.end] == provision.text


def test_a_state_word_inside_a_subject_is_no_place() -> None:
    from forcelaw.profile.provisions import instrument_name

    named = instrument_name("Law on the Protection of the State Border", None, None)
    assert named is not None
    assert (named.key, named.place) == ("law-on-the-protection-of-the-state-border", None)


def test_a_body_s_acronym_is_that_body_later_in_its_section() -> None:
    text = MINIMAL.replace(
        "There is no independent police oversight body in Testland.",
        "The Independent Office for Police Conduct (IOPC) investigates deaths after police "
        "contact. The IOPC replaced the Independent Police Complaints Commission (IPCC) in "
        "2018. In 2020, the IOPC opened 600 investigations. The CNDH received complaints. "
        "The National Police Board (NPB) sets standards. The National Prisons Board (NPB) "
        "visits prisons. The NPB reports to Parliament.",
    )
    profile = parse(text, "TT.txt")
    found = [(b.name, text[b.span.start : b.span.end], b.acronym) for b in profile.bodies]
    assert found == [
        ("Independent Office for Police Conduct", "Independent Office for Police Conduct", "IOPC"),
        ("Independent Office for Police Conduct", "IOPC", "IOPC"),
        ("Independent Office for Police Conduct", "IOPC", "IOPC"),
        ("National Police Board", "National Police Board", "NPB"),
        ("National Prisons Board", "National Prisons Board", "NPB"),
    ]  # "the CNDH" was given to no body, "the NPB" to two


@pytest.mark.parametrize(
    ("cell", "status", "qualifier"),
    [
        ("Accession", "state-party", "Accession"),
        ("Succession (1993)", "state-party", "Succession (1993)"),
        ("ratified", "state-party", "ratified"),
        ("Signature (2007)", "signatory", "Signature (2007)"),
        ("State Party (accession, 2020)", "state-party", "accession, 2020"),
    ],
)
def test_a_treaty_row_that_says_how_the_state_became_party_is_read(
    cell: str, status: str, qualifier: str
) -> None:
    """A table that lists accession or succession for the status: the state is what the act
    makes it, and the cell is kept as written."""
    row = parse(MINIMAL.replace("| State Party |", f"| {cell} |"), "t.txt").treaty_rows[0]
    assert (row.status, row.qualifier) == (status, qualifier)


@pytest.mark.parametrize("cell", ["Accessions", "Pending accession", "Withdrawn", "Denounced"])
def test_a_treaty_row_of_another_act_is_refused_at_its_line(cell: str) -> None:
    with pytest.raises(ProfileError, match=rf"^t\.txt:5: unknown treaty status '{cell}'"):
        parse(MINIMAL.replace("| State Party |", f"| {cell} |"), "t.txt")


_ROW = "1984 Convention against Torture (CAT) | State Party |\n"


@pytest.mark.parametrize(
    "table",
    [
        "1966 Covenant on Civil and Political Rights (ICCPR)\n" + _ROW,  # before a row
        _ROW + "1966 Covenant on Civil and Political Rights (ICCPR) State Party\n",  # after one
        _ROW + "1966 ICCPR\tState Party\n" + _ROW.replace("1984", "1985"),  # between two
    ],
)
def test_a_table_row_without_its_bars_is_noted_naming_its_line(table: str) -> None:
    text = MINIMAL.replace(_ROW, table)
    profile = parse(text, "t.txt")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "|" not in t and "ICCPR" in t)
    assert profile.notes == (
        f"t.txt:{line}: a line of the treaty table without its bars (expected 'TREATY | "
        "STATUS |'); kept as text only, with no adherence",
    )
    assert any("ICCPR" in s.text for s in profile.sentences)  # the line is still a passage


@pytest.mark.parametrize(
    "line",
    [
        "* Signed on 12 May 2007.",  # a footnote, a sentence of its own
        "[1] With a reservation to Article 20.",
        "There is no regional human rights treaty to which Testland can become party.",
    ],
)
def test_a_sentence_beside_a_table_is_no_row_without_bars(line: str) -> None:
    profile = parse(MINIMAL.replace(_ROW, _ROW + line + "\n"), "t.txt")
    assert profile.notes == ()


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "The Police Act, Cap. 14.01 governs the police. It was amended.",
            ["The Police Act, Cap. 14.01 governs the police.", "It was amended."],
        ),
        ("The Police Act, Chap. 15:01 applies.", ["The Police Act, Chap. 15:01 applies."]),
        ("The R.S.C. 1985, c. P-10 applies.", ["The R.S.C. 1985, c. P-10 applies."]),
        ("In 2019 the Const. Court held so.", ["In 2019 the Const. Court held so."]),
        # a chapter's number that ends a sentence still ends it
        (
            "The law is in Cap. 14. The Court held so.",
            ["The law is in Cap. 14.", "The Court held so."],
        ),
    ],
)
def test_a_commonwealth_chapter_citation_ends_no_sentence(text: str, sentences: list[str]) -> None:
    from forcelaw.profile.text import Line, split_sentences

    line = Line(1, Span(0, len(text), 1), text)
    assert [text[s.start : s.end] for s in split_sentences(line)] == sentences


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("«\u00a0", "\u00a0»"), ("« ", " »"), ("«\u202f", "\u202f»"), ('" ', ' "'), ("«", "»")],
)
def test_a_quoted_provision_is_its_words_without_the_spaces_inside_its_marks(
    opening: str, closing: str
) -> None:
    quote = f"{opening}Every person has the right to life.{closing}"
    text = MINIMAL.replace('"Everyone has the right to life."', quote)
    (provision,) = parse(text, "fr.txt").provisions
    assert provision.text == "Every person has the right to life."
    assert text[provision.text_span.start : provision.text_span.end] == provision.text


def test_a_quote_of_spaces_alone_is_no_provision() -> None:
    text = MINIMAL.replace('"Everyone has the right to life."', "«\u00a0\u00a0»")
    assert parse(text, "fr.txt").provisions == ()
