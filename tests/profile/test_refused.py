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
