"""More inputs the parser refuses (beyond ``test_parse``'s table), each with the file, the line
and what was expected: UTF-16 and UTF-32 files, Unicode line and paragraph separators, and a
profile with its headings but no text."""

from __future__ import annotations

import pytest

from forcelaw.errors import ProfileError
from forcelaw.profile.parse import parse, parse_bytes
from tests.profile.test_parse import MINIMAL


def _refused(data: bytes) -> ProfileError:
    with pytest.raises(ProfileError) as caught:
        parse_bytes(data, "bad.txt")
    return caught.value


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32-le", "UTF-32"),
        ("utf-32-be", "UTF-32"),
    ],
)
def test_utf16_and_utf32_with_a_byte_order_mark_are_named(encoding: str, name: str) -> None:
    error = _refused(("\ufeff" + MINIMAL).encode(encoding))
    assert str(error) == f"bad.txt:1: {name} text; expected UTF-8 (re-save the file as UTF-8)"


def test_utf8_with_its_byte_order_mark_still_reads() -> None:
    profile = parse_bytes(b"\xef\xbb\xbf" + MINIMAL.encode(), "ok.txt")
    assert profile.treaty_rows[0].span.line == 5


@pytest.mark.parametrize(
    ("char", "name"), [("\u2028", "line separator"), ("\u2029", "paragraph separator")]
)
@pytest.mark.parametrize(
    ("old", "line"),
    [
        ("Police Oversight\n", 8),  # after a heading, where it would hide the heading
        ("There is no law", 7),  # inside a sentence
    ],
)
def test_unicode_line_separators_are_refused_naming_the_line(
    char: str, name: str, old: str, line: int
) -> None:
    text = MINIMAL.replace(old, old.rstrip("\n") + char + ("\n" if old.endswith("\n") else ""))
    for error in (_refused(text.encode()), _refused(text.replace("\n", "\r\n").encode())):
        assert str(error) == (
            f"bad.txt:{line}: {name} U+{ord(char):04X} (expected ordinary line breaks: LF or CR LF)"
        )
    with pytest.raises(ProfileError, match=f"^bad.txt:{line}: {name}"):
        parse(text, "bad.txt")


HEADINGS_ONLY = (
    "Constitutional Provisions\nTreaty Adherence\nGlobal Treaties\nNational Legislation\n"
    "Police Oversight\nCaselaw\nNational\n"
)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (HEADINGS_ONLY, 7),
        (HEADINGS_ONLY.replace("Global Treaties\n", "").replace("National\n", ""), 5),
        ("\n\n" + HEADINGS_ONLY.replace("\n", "\r\n") + "\r\n\r\n", 9),
    ],
)
def test_headings_without_any_text_are_refused(text: str, line: int) -> None:
    error = _refused(text.encode())
    assert str(error) == (
        f"bad.txt:{line}: no text under any heading (expected the profile's text in its sections)"
    )


def test_empty_sections_are_fine_when_another_has_text() -> None:
    one_row = HEADINGS_ONLY.replace(
        "Global Treaties\n",
        "Global Treaties\n1984 Convention against Torture (CAT) | State Party |\n",
    )
    assert [r.name for r in parse(one_row, "ok.txt").treaty_rows] == [
        "1984 Convention against Torture (CAT)"
    ]
    one_sentence = HEADINGS_ONLY + "There is no known caselaw.\n"
    assert [s.text for s in parse(one_sentence, "ok.txt").sentences] == [
        "There is no known caselaw."
    ]


def test_a_section_out_of_order_is_named_with_where_the_expected_one_is() -> None:
    swapped = MINIMAL.replace(
        "National Legislation\nThere is no law on the use of force.\n"
        "Police Oversight\nThere is no independent police oversight body in Testland.\n",
        "Police Oversight\nThere is no independent police oversight body in Testland.\n"
        "National Legislation\nThere is no law on the use of force.\n",
    )
    error = _refused(swapped.encode())
    assert error.line == 6
    assert error.message.startswith(
        "section heading 'Police Oversight' out of order (expected 'National Legislation' "
        "first, which is at line 8;"
    )


def test_a_section_missing_altogether_is_still_missing() -> None:
    error = _refused(MINIMAL.replace("National Legislation\n", "").encode())
    assert (error.line, error.message) == (
        7,
        "missing section heading 'National Legislation' (expected before 'Police Oversight')",
    )


@pytest.mark.parametrize("numbering", ["{n}. ", "{n}) ", "{r}. "])
def test_numbered_section_headings_are_the_headings(numbering: str) -> None:
    text = MINIMAL
    for n, (title, roman) in enumerate(
        [
            ("Constitutional Provisions", "I"),
            ("Treaty Adherence", "II"),
            ("National Legislation", "III"),
            ("Police Oversight", "IV"),
            ("Caselaw", "V"),
        ],
        start=1,
    ):
        text = text.replace(f"{title}\n", numbering.format(n=n, r=roman) + f"{title}\n", 1)
    profile = parse(text, "numbered.txt")
    plain = parse(MINIMAL, "plain.txt")
    assert [s.key for s in profile.sections] == [s.key for s in plain.sections]
    assert [s.text for s in profile.sentences] == [s.text for s in plain.sentences]


def test_a_numbered_heading_given_twice_is_a_duplicate() -> None:
    error = _refused((MINIMAL + "5. Caselaw\n").encode())
    assert str(error) == "bad.txt:13: duplicate heading 'Caselaw' (first at line 10)"


def test_a_numbered_item_of_a_quote_is_no_heading() -> None:
    text = MINIMAL.replace(
        "There is no law on the use of force.\n",
        "According to Article 5 of the Police Act:\n1. Police officers shall use force only "
        "when necessary.\n2. Police oversight shall be independent.\n",
    )
    profile = parse(text, "items.txt")
    assert [s.key for s in profile.sections if s.level == 1][2:4] == ["legislation", "oversight"]
    assert any("Police oversight shall be independent." in s.text for s in profile.sentences)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_named(encoding: str) -> None:
    error = _refused((MINIMAL.replace("life", "life’s") + "…\n").encode(encoding))
    assert str(error) == (
        "bad.txt:1: UTF-16 text without a byte order mark; expected UTF-8 "
        "(re-save the file as UTF-8)"
    )


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (MINIMAL.encode().replace(b"Testland", b"Test\x00land", 1), 9),  # one NUL in UTF-8 text
        (b"\x89PNG\r\n\x1a\n" + bytes(64), 3),  # an image: NULs in every byte
        (bytes(range(256)) * 8, 1),  # NULs here and there
    ],
)
def test_binary_data_is_not_taken_for_utf16(data: bytes, line: int) -> None:
    assert str(_refused(data)) == f"bad.txt:{line}: binary data (NUL byte); expected UTF-8 text"


def test_a_huge_cell_is_named_by_its_start_and_length_not_printed() -> None:
    status = "Maybe " * 100_000
    error = _refused(MINIMAL.replace("| State Party |", f"| {status}|").encode())
    assert error.line == 5
    assert len(str(error)) < 300
    assert error.message.startswith("unknown treaty status 'Maybe Maybe")
    assert "(599,999 characters)" in error.message
    assert error.message.endswith("(expected State Party, Signatory, Not party, Yes, No)")


def test_a_short_cell_is_named_whole() -> None:
    error = _refused(MINIMAL.replace("| State Party |", "| Maybe |").encode())
    assert error.message == (
        "unknown treaty status 'Maybe' (expected State Party, Signatory, Not party, Yes, No)"
    )
