"""Decoding a profile file and cutting its text into lines and sentences, with exact offsets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from forcelaw.errors import ProfileError
from forcelaw.profile.records import Span

_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_ALLOWED_CONTROLS = frozenset("\t\n\r")
_TERMINATORS = frozenset(".!?")
_OPENING_QUOTES = frozenset("“‘")
_CLOSING_AFTER_STOP = frozenset("\"”»’')]")
_ABBREVIATIONS = frozenset(
    {
        "v", "vs", "no", "nos", "art", "arts", "para", "paras", "e.g", "i.e", "mr", "mrs", "ms",
        "dr", "st", "u.n", "u.s", "u.k", "cf", "etc", "al", "inc", "ltd", "co", "jr", "sr",
        "sect", "sec", "ch", "vol", "p", "pp", "op", "cit", "ibid", "fig", "approx", "ca",
        # months, titles and ranks, and the law's own short forms ("s. 14", "(est. 2013)")
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "gen", "col", "lt", "capt", "sgt", "maj", "cpl", "insp", "supt", "prof", "hon", "rev",
        "gov", "pres", "sen", "rep", "s", "ss", "est", "ed", "eds", "dept", "govt", "cl",
        "sch", "sub", "ref", "reg", "regs", "d.c",
        # chapters of Commonwealth revised laws ("Police Act, Cap. 14.01", "Chap. 15:01",
        # "R.S.C. 1985, c. P-10") and a court by its short form ("the Const. Court")
        "cap", "chap", "c", "const",
        # law reports and codes cited in case law: "123 Cal. Rptr. 2d 45 (Cal. Ct. App. 2002)",
        # "105 S. Ct. 1694", "12 F. Supp. 2d 34", "Exp. N° 00009-2020-PI/TC"
        "ct", "app", "supp", "rptr", "cir", "stat", "ann", "exp", "crim", "civ", "cal", "fla",
        "tex", "ill", "mass", "mich", "minn", "wis", "conn", "ariz", "colo", "okla", "tenn",
    }
)  # fmt: skip
# Abbreviations that also end sentences: after one, a word that opens sentences opens one
# ("... and the U.S. The Ministry ..."), where "the U.S. Department" goes on.
_FINAL_ABBREVIATIONS = frozenset({"etc", "u.s", "u.k", "u.n", "d.c", "inc", "ltd", "co", "al"})
_SENTENCE_OPENERS = frozenset(
    {
        "The", "This", "That", "These", "Those", "It", "Its", "In", "On", "At", "A", "An",
        "However", "There", "He", "She", "They", "We", "Their", "According", "Under", "Since",
        "As", "After", "Before", "Following", "Moreover", "Furthermore", "Nevertheless", "But",
        "Also", "No", "Both", "Such", "While", "When", "Although", "Despite",
    }
)  # fmt: skip
# Initials before their stop: "D.K" of "D.K. Basu".
_INITIALS = re.compile(r"(?:[A-Z]\.){1,3}[A-Z]")
_NEXT_WORD = re.compile(r"\s*(\S+)")
_LIST_MARKER = re.compile(r"\d{1,3}[.)]\s")
# UTF-32 first: its little-endian mark begins with UTF-16's.
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
# Unicode's own line breaks: str.splitlines() and many editors break lines there, the profile's
# line numbers and passages do not, so a profile with them is refused rather than half-read.
_SEPARATORS = {"\u2028": "line separator", "\u2029": "paragraph separator"}


@dataclass(frozen=True)
class Line:
    """One line of the profile: its content without line ending and surrounding blanks."""

    number: int
    span: Span
    text: str


def decode(data: bytes, source: str) -> str:
    """Bytes of a profile file -> its text (BOM removed); errors name the line."""
    if not data.strip():
        raise ProfileError(source, None, "empty profile (expected the five section headings)")
    for mark, encoding in _OTHER_BOMS:
        if data.startswith(mark):
            raise ProfileError(
                source, 1, f"{encoding} text; expected UTF-8 (re-save the file as UTF-8)"
            )
    if b"\x00" in data:
        if _utf16_without_mark(data):
            raise ProfileError(
                source,
                1,
                "UTF-16 text without a byte order mark; expected UTF-8 (re-save the file as UTF-8)",
            )
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ProfileError(source, line, "binary data (NUL byte); expected UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProfileError(
            source, line, f"not valid UTF-8 at byte {exc.start} (expected UTF-8 text)"
        ) from None
    return text.removeprefix("\ufeff")


def _utf16_without_mark(data: bytes) -> bool:
    """Whether ``data`` reads as UTF-16 text with no byte order mark: mostly Latin letters, so a
    NUL in every other byte (the high byte of each character) and none in the others."""
    head = data[:4096]
    if len(head) < 16:
        return False
    even, odd = head[0::2], head[1::2]
    for zeros, letters in ((odd, even), (even, odd)):  # little-endian, big-endian
        if zeros.count(0) >= 0.8 * len(zeros) and letters.count(0) == 0:
            return letters.decode("latin-1").isprintable() or b"\n" in letters
    return False


def check_characters(text: str, source: str) -> None:
    """Refuse control characters, which no profile contains and which break every output, and
    Unicode line and paragraph separators, which would make line numbers ambiguous."""
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        for char in line:
            if char in _SEPARATORS:
                raise ProfileError(
                    source,
                    number,
                    f"{_SEPARATORS[char]} U+{ord(char):04X} "
                    "(expected ordinary line breaks: LF or CR LF)",
                )
            if char not in _ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cs"):
                raise ProfileError(
                    source,
                    number,
                    f"control character U+{ord(char):04X} (expected printable text)",
                )


def split_lines(text: str) -> list[Line]:
    """Every non-blank line with its 1-based number and the span of its stripped content."""
    lines: list[Line] = []
    position = 0
    number = 1
    for match in _LINE_BREAK.finditer(text + "\n"):
        raw = text[position : min(match.start(), len(text))]
        stripped = raw.strip()
        if stripped:
            start = position + (len(raw) - len(raw.lstrip()))
            lines.append(Line(number, Span(start, start + len(stripped), number), stripped))
        position = match.end()
        number += 1
    return lines


def split_sentences(line: Line) -> list[Span]:
    """Sentence spans of one line; a sentence ends at . ! ? outside quotation marks."""
    text = line.text
    spans: list[Span] = []
    begin = 0
    in_quote = False
    index = 0
    size = len(text)
    unpaired = _unpaired_quotes(text)
    while index < size:
        char = text[index]
        if char == '"':
            in_quote = in_quote if index in unpaired else not in_quote
        elif char in "“«":  # guillemets quote in French, Spanish, Russian, Arabic profiles
            in_quote = True
        elif char in "”»":
            in_quote = False
        elif char in _TERMINATORS:
            end, closes = _after_stop(text, index + 1)
            quote_after = in_quote and not closes
            if not quote_after and _ends_sentence(text, begin, index, end):
                spans.append(_span(line, begin, end))
                in_quote = False
                begin = end
                index = end
                continue
        index += 1
    if text[begin:].strip():
        spans.append(_span(line, begin, size))
    return spans


def _unpaired_quotes(text: str) -> frozenset[int]:
    """Straight double quotes of a line that open or close nothing: with an odd number of them,
    an inch mark (after a digit: 5'11") first, else the last one. Read as an opening quote, it
    would hold the rest of the line in one sentence."""
    quotes = [i for i, char in enumerate(text) if char == '"']
    if len(quotes) % 2 == 0:
        return frozenset()
    inches = [i for i in quotes if i and text[i - 1].isdigit()]
    return frozenset(inches[:1] if inches else quotes[-1:])


def _after_stop(text: str, index: int) -> tuple[int, bool]:
    closes = False
    while index < len(text) and text[index] in _CLOSING_AFTER_STOP:
        closes = closes or text[index] in '"”»'
        index += 1
    return index, closes


def _ends_sentence(text: str, begin: int, stop: int, end: int) -> bool:
    # Each look reads only the words beside the stop, never the rest of the line: a line of
    # many stops that end nothing ("Law No. 1/Law No. 2/...") is read in linear time.
    if end < len(text) and not text[end].isspace():
        return False
    following = _NEXT_WORD.match(text, end)
    if end < len(text):
        if following is None:
            return True
        first = following.group(1)[0]
        if not (first.isupper() or first.isdigit() or first in "\"“«…(['‘"):
            return False
    if text[stop] != ".":
        return True
    word_start = stop
    while word_start > begin and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:stop].lstrip("(\"“«'‘[")
    if word.casefold() in _ABBREVIATIONS or _INITIALS.fullmatch(word):
        # initials ("D.K. Basu", "J.R. Smith") go on with a name, as an abbreviation does
        return (
            (word.casefold() in _FINAL_ABBREVIATIONS or _INITIALS.fullmatch(word) is not None)
            and following is not None
            and following.group(1) in _SENTENCE_OPENERS
        )
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial, as in "J. Smith"
    listed = begin == 0 and word.isdigit() and _LIST_MARKER.match(text, 0, end + 1) is not None
    return not listed


def _span(line: Line, begin: int, end: int) -> Span:
    segment = line.text[begin:end]
    lead = len(segment) - len(segment.lstrip())
    trimmed = segment.strip()
    start = line.span.start + begin + lead
    return Span(start, start + len(trimmed), line.number)
