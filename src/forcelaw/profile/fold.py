"""The text the parser reads a profile in, and the way back to the text as written.

Profiles pasted from word processors and web pages carry characters that show nothing or show as
a space or a hyphen: soft hyphens and zero-width spaces inside words ("Consti­tution"),
bidirectional marks, no-break spaces in "Article 6" and "12 people", tabs, non-breaking
hyphens in "Law No. 2014‑12", letters decomposed into a letter and its accent ("Co\u0302te").
Every pattern of the parser is written with the ASCII space and hyphen, with words unbroken and
letters composed, so the parser reads a folded copy: the invisible characters left out, the
others as the ASCII character they look like, the letters composed (NFC). The spans it finds
are then read back to the text as written, so a passage's offsets and quote are the source's own
characters.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from typing import TypeVar, cast

from forcelaw.profile.records import CITATION_JOIN, Span

# Format characters that show nothing: the soft hyphen, the Arabic letter mark, the Mongolian
# vowel separator, zero-width spaces, joiners and direction marks, bidirectional embeddings,
# overrides and isolates, the word joiner and invisible operators, the zero-width no-break space
# (a byte order mark inside the text) and the tag characters.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\U000e0001\U000e0020-\U000e007f]"
)
# Characters read as the ASCII space or hyphen: the tab, the no-break, fixed-width and
# ideographic spaces, and the hyphen and non-breaking hyphen (U+2010, U+2011).
_AS_SPACE = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_AS_SPACE += "\u202f\u205f\u3000"
_LOOK_ALIKES = str.maketrans({**dict.fromkeys(_AS_SPACE, " "), "\u2010": "-", "\u2011": "-"})
_FOLDED = re.compile(f"[{re.escape(_AS_SPACE)}\u2010\u2011]|{_INVISIBLE.pattern}")

T = TypeVar("T")


# A letter and the combining marks after it, as text decomposed (NFD, as some systems copy it)
# writes "Côte" ("o" and U+0302): composed (NFC) to the one letter the manifest and the
# patterns write, the marks that compose kept with their letter.
_MARKED = re.compile("(?s:.)[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_INVISIBLE_OR_MARKED = re.compile(f"{_INVISIBLE.pattern}|{_MARKED.pattern}")


@dataclass(frozen=True)
class Folded:
    """A profile's text as the parser reads it, and where each character of it was written."""

    text: str
    # For each character left out, in order: how many characters of the folded text precede it.
    gaps: tuple[int, ...]
    # For each combining mark composed into the letter before it: that letter's folded position.
    marks: tuple[int, ...] = ()

    def offset(self, position: int) -> int:
        """The offset in the text as written of the folded text's character at ``position``."""
        return (
            position
            + bisect.bisect_right(self.gaps, position)
            + bisect.bisect_left(self.marks, position)
        )

    def span(self, span: Span) -> Span:
        """``span`` of the folded text as a span of the text as written: from its first character
        to its last with its marks, with what was left out between them (none before or after)."""
        if span.end <= span.start:
            start = self.offset(span.start)
            return Span(start, start, span.line)
        last = span.end - 1
        own = bisect.bisect_right(self.marks, last) - bisect.bisect_left(self.marks, last)
        return Span(self.offset(span.start), self.offset(last) + 1 + own, span.line)


def fold(text: str) -> Folded:
    """``text`` without its invisible characters, its look-alike spaces and hyphens as ASCII,
    its decomposed letters composed."""
    if _FOLDED.search(text) is None and unicodedata.is_normalized("NFC", text):
        return Folded(text, ())
    gaps: list[int] = []
    marks: list[int] = []
    pieces: list[str] = []
    size = 0  # characters of the folded text so far
    position = 0
    for match in _INVISIBLE_OR_MARKED.finditer(text):
        pieces.append(text[position : match.start()])
        size += match.start() - position
        position = match.end()
        written = match.group(0)
        if _INVISIBLE.fullmatch(written):
            gaps.append(size)
            continue
        composed = unicodedata.normalize("NFC", written)
        if len(composed) >= len(written):
            pieces.append(written)
            size += len(written)
            continue
        pieces.append(composed)
        size += len(composed)
        marks.extend([size - 1] * (len(written) - len(composed)))
    pieces.append(text[position:])
    folded = "".join(pieces).translate(_LOOK_ALIKES)
    return Folded(folded, tuple(gaps), tuple(marks))


def folded_text(text: str) -> str:
    """``text`` as the parser reads it (for matching a slice of the text as written)."""
    return fold(text).text


def restore(records: T, folded: Folded, written: str) -> T:
    """``records`` (a dataclass, or tuples of them) with every span a span of ``written``, and
    the texts that are quoted verbatim (a sentence's, a provision's, a case's citations) the
    characters as written."""
    if folded.text == written:
        return records
    return cast(T, _restore(records, folded, written))


def _restore(value: object, folded: Folded, written: str) -> object:
    if isinstance(value, Span):
        return folded.span(value)
    if isinstance(value, tuple):
        return tuple(_restore(item, folded, written) for item in value)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes = {
        field.name: _restore(getattr(value, field.name), folded, written)
        for field in dataclasses.fields(value)
    }
    for name, span_name in _VERBATIM.get(type(value).__name__, ()):
        text, span = getattr(value, name), getattr(value, span_name)
        if isinstance(text, str) and isinstance(span, Span):
            changes[name] = _as_written(text, span, folded, written)
    return dataclasses.replace(value, **changes)


def _as_written(text: str, span: Span, folded: Folded, written: str) -> str:
    """Each piece of ``text`` (a slice of the folded text within ``span``, or several joined)
    as the written text has it; a piece not found there is left as it is."""
    pieces = []
    for piece in text.split(CITATION_JOIN):
        at = folded.text.find(piece, span.start, span.end) if piece else -1
        if at < 0:
            pieces.append(piece)
            continue
        found = folded.span(Span(at, at + len(piece), span.line))
        pieces.append(written[found.start : found.end])
    return CITATION_JOIN.join(pieces)


# The texts a record quotes (field, the field of the folded span it lies within).
_VERBATIM: dict[str, tuple[tuple[str, str], ...]] = {
    "Sentence": (("text", "span"),),
    "ProvisionRecord": (("text", "text_span"),),
    "PronouncementRecord": (("citation", "span"),),
}
