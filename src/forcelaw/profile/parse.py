"""The profile parser: the text of a country profile -> typed records with exact spans (no RDF)."""

from __future__ import annotations

import re
from dataclasses import replace

from forcelaw.errors import ProfileError, shown
from forcelaw.profile import provisions as prov
from forcelaw.profile import sections as sec
from forcelaw.profile.fold import fold, restore
from forcelaw.profile.records import (
    AbsenceRecord,
    BodyRecord,
    InstrumentMention,
    Profile,
    PronouncementRecord,
    ProvisionRecord,
    Section,
    Sentence,
    Span,
    TreatyRow,
)
from forcelaw.profile.statements import (
    find_absence,
    find_body_by_acronym,
    find_oversight_body,
    find_pronouncement,
)
from forcelaw.profile.text import Line, check_characters, decode, split_lines, split_sentences

STATUSES: dict[str, str] = {
    "state party": "state-party",
    "signatory": "signatory",
    "not party": "not-party",
    "yes": "yes",
    "no": "no",
}
"""Treaty table statuses as the profiles write them (case-insensitive) -> status concept key."""
STATUS_WORDING = "State Party, Signatory, Not party, Yes, No"
# How a state became a party or a signatory, written where the status would be: "Accession",
# "Succession (1993)". The status is what the act makes it; the cell is kept as its qualifier.
_ACTS: dict[str, str] = {
    "accession": "state-party",
    "acceded": "state-party",
    "succession": "state-party",
    "ratification": "state-party",
    "ratified": "state-party",
    "signature": "signatory",
    "signed": "signatory",
}
_PROVISION_SECTIONS = ("constitution", "legislation")
# What the last sentence of a whole profile ends with (a stop, a closing quote or bracket, a
# table row's bar, a footnote marker).
# Footnote markers at the end of a cell: "[1]", "¹", "*" (``_without_footnotes``).
_SUPERSCRIPTS = "\u00b9\u00b2\u00b3" + "".join(chr(c) for c in range(0x2070, 0x207A))
_ENDINGS = tuple('.!?"”’)]|:;…*' + _SUPERSCRIPTS)
_BRACKETED_NOTE = re.compile(r"\[\d{1,3}\]$")
# How a sentence ends, as a table row without its bars does not ("... Rights (ICCPR)").
_SENTENCE_END = re.compile(r"[.!?…:;][\"”’')\]]*$")
# A status with what the cell adds in brackets: "State Party (with reservations)".
_QUALIFIED = re.compile(r"^(?P<status>[^()]+?)\s*\((?P<qualifier>[^()]{1,120})\)$")


def parse_bytes(data: bytes, source: str) -> Profile:
    """Decode a profile file's bytes and parse it."""
    return parse(decode(data, source), source)


def parse(text: str, source: str) -> Profile:
    """Parse the text of one profile; raise ProfileError naming the line on bad input."""
    text = text.removeprefix("\ufeff")
    folded = fold(text)
    if not folded.text.strip():  # nothing, or nothing but blanks and invisible characters
        raise ProfileError(source, None, "empty profile (expected the five section headings)")
    check_characters(text, source)
    profile = _Reader(folded.text, source).read()
    return restore(replace(profile, text=text), folded, text)


class _Reader:
    """One pass over the lines of a profile, collecting records."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.lines = split_lines(text)
        self.sections: list[Section] = []
        self.sentences: list[Sentence] = []
        self.instruments: list[InstrumentMention] = []
        self.provisions: list[ProvisionRecord] = []
        self.rows: list[TreatyRow] = []
        self.absences: list[AbsenceRecord] = []
        self.pronouncements: list[PronouncementRecord] = []
        self.bodies: list[BodyRecord] = []
        self.notes: list[str] = []
        self.acronyms: dict[str, BodyRecord | None] = {}
        self.main_key = ""
        self.current = ""

    def read(self) -> Profile:
        expected = 0
        seen: dict[int, int] = {}
        later: dict[int, int] = {}
        for line in self.lines:
            found = sec.main_index(line)
            if found is not None:
                later.setdefault(found, line.number)
        index = 0
        while index < len(self.lines):
            line = self.lines[index]
            main = sec.main_index(line)
            if main is not None:
                sec.check_order(main, expected, line, seen, self.source, later)
                seen[main] = line.number
                expected = main + 1
                self._open(sec.main_section(main, line, len(self.sections) + 1))
                index += 1
                continue
            if expected == 0:
                raise ProfileError(
                    self.source,
                    line.number,
                    f"expected the heading '{sec.MAIN_SECTIONS[0][1]}' before any text",
                )
            sub = sec.subheading(line, self.main_key, len(self.sections) + 1, self.current)
            if sub is not None:
                self._open(self._beside_unknown(self._with_known_parent(sub)))
                index += 1
                continue
            index += self._content(index)
        if expected < len(sec.MAIN_SECTIONS):
            last = self.lines[-1].number if self.lines else 1
            raise sec.missing_at_end(expected, last, self.source)
        if not self.sentences:
            raise ProfileError(
                self.source,
                self.lines[-1].number,
                "no text under any heading (expected the profile's text in its sections)",
            )
        final = self.sentences[-1]
        if not final.text.rstrip().endswith(_ENDINGS):
            self.notes.append(
                f"{self.source}:{final.span.line}: the profile ends mid-sentence "
                f"('...{final.text[-40:]}'): is the file cut short?"
            )
        return Profile(
            source=self.source,
            text=self.text,
            sections=tuple(self.sections),
            sentences=tuple(self.sentences),
            instruments=tuple(self.instruments),
            provisions=tuple(self.provisions),
            treaty_rows=tuple(self.rows),
            absences=tuple(self.absences),
            pronouncements=tuple(self.pronouncements),
            bodies=tuple(self.bodies),
            notes=tuple(self.notes),
        )

    def _open(self, section: Section) -> None:
        if any(existing.key == section.key for existing in self.sections):
            first = next(s for s in self.sections if s.key == section.key)
            raise ProfileError(
                self.source,
                section.heading.line,
                f"duplicate heading '{section.title}' (first at line {first.heading.line})",
            )
        self.sections.append(section)
        self.current = section.key
        if section.level == 1:
            self.main_key = section.key

    def _with_known_parent(self, section: Section) -> Section:
        keys = {s.key for s in self.sections}
        if section.parent is None or section.parent in keys:
            return section
        return replace(section, level=2, parent=self.main_key)

    def _beside_unknown(self, section: Section) -> Section:
        """An unknown heading after another unknown one is its sibling, not its child: nothing
        says where an unknown heading's part ends (a known one's child stays its child)."""
        parent = next((s for s in self.sections if s.key == section.parent), None)
        if section.kind != "other" or parent is None or parent.kind != "other":
            return section
        return replace(section, level=parent.level, parent=parent.parent)

    def _content(self, index: int) -> int:
        """Read the content line at `index` (and any block it introduces); return lines used."""
        line = self.lines[index]
        if self.main_key == "treaties" and "|" in line.text:
            self.rows.append(self._row(line))
            self.sentences.append(Sentence(line.span, line.text, self.current))
            return 1
        if self._in_table(index) and _SENTENCE_END.search(line.text) is None:
            self.notes.append(
                f"{self.source}:{line.number}: a line of the treaty table without its bars "
                "(expected 'TREATY | STATUS |'); kept as text only, with no adherence"
            )
        spans = self._sentences(line)
        if self.main_key not in _PROVISION_SECTIONS:
            return 1
        named = {mention.key for mention in self.instruments}
        for cited in prov.cited_instruments(line, self.current):
            if cited.key not in named:  # a citation is the only place this instrument is named
                self.instruments.append(cited)
                named.add(cited.key)
        self._add_provisions(prov.find_inline(line, self._default_instrument(), self.current))
        intro = prov.block_intro(line, spans[-1])
        if intro is None:
            return 1
        body = self._block_body(index + 1)
        records, used = prov.find_block(
            intro, line, body, self._default_instrument(), self.current, self.text
        )
        if not records:
            self.notes.append(
                f"{self.source}:{line.number}: quoted block without a known instrument; "
                "kept as text only"
            )
            return 1
        self._add_provisions(records)
        for block_line in body[:used]:
            self._sentences(block_line)
        return 1 + used

    def _in_table(self, index: int) -> bool:
        """Whether the line at ``index`` of a treaty section is between table rows, or opens or
        closes a table (a row right before or right after it)."""
        if self.main_key != "treaties":
            return False
        after_row = (
            bool(self.rows)
            and index > 0
            and (self.rows[-1].span.line == self.lines[index - 1].number)
        )
        before_row = index + 1 < len(self.lines) and "|" in self.lines[index + 1].text
        return after_row or before_row

    def _add_provisions(self, records: list[ProvisionRecord]) -> None:
        """Keep the provisions quoted in English (their text is published tagged @en); one
        quoted in another language is noted and left to its sentences."""
        for record in records:
            if prov.reads_as_english(record.text):
                self.provisions.append(record)
                continue
            self.notes.append(
                f"{self.source}:{record.text_span.line}: {record.unit} {record.label_number} is "
                "quoted in another language than English; kept as text only"
            )

    def _block_body(self, start: int) -> list[Line]:
        """The lines after a block's intro, up to the next heading; the first is the quote's
        whatever it looks like (an article's own title, "Right to Life", is no section)."""
        body: list[Line] = []
        for line in self.lines[start:]:
            if sec.main_index(line) is not None:
                break
            heading = sec.subheading(line, self.main_key, 0, self.current)
            if heading is not None and (body or heading.kind != "other"):
                break  # a known heading ends the block even where its quote would start
            body.append(line)
        return body

    def _sentences(self, line: Line) -> list[Span]:
        spans = split_sentences(line)
        for span in spans:
            sentence_text = self.text[span.start : span.end]
            self.sentences.append(Sentence(span, sentence_text, self.current))
            for mention in prov.find_mentions(line, span, self.current):
                self.instruments.append(mention)
            absence = find_absence(sentence_text, span, self.current)
            if absence is not None:
                self.absences.append(absence)
            body = find_oversight_body(sentence_text, span, self.current)
            if body is None:
                body = find_body_by_acronym(sentence_text, span, self.current, self.acronyms)
            elif body.acronym is not None:
                given = self.acronyms.setdefault(body.acronym, body)
                if given is not None and given.name != body.name:
                    self.acronyms[body.acronym] = None  # two bodies by one acronym: neither
            if body is not None:
                self.bodies.append(body)
            if self.main_key == "caselaw":
                found = find_pronouncement(sentence_text, span, self.current)
                if found is not None:
                    self.pronouncements.append(found)
        return spans

    def _default_instrument(self) -> str | None:
        """The instrument a bare "Article N" refers to: the constitution, or the last named."""
        if self.main_key == "constitution":
            return "constitution"
        in_section = [
            m for m in self.instruments if m.section.startswith(self.main_key) and m.kind != "other"
        ]
        return in_section[-1].key if in_section else None

    def _row(self, line: Line) -> TreatyRow:
        parts = line.text.split("|")
        if len(parts) == 2:
            raise ProfileError(
                self.source,
                line.number,
                "table row without its closing bar (expected 'TREATY | STATUS |')",
            )
        if len(parts) != 3 or parts[2].strip():
            raise ProfileError(
                self.source, line.number, "malformed table row (expected 'TREATY | STATUS |')"
            )
        name = _without_footnotes(parts[0])
        status = " ".join(_without_footnotes(parts[1]).split())
        qualified = _QUALIFIED.match(status)
        qualifier = qualified.group("qualifier") if qualified else None
        if qualified:
            status = qualified.group("status")
        if not name:
            raise ProfileError(
                self.source, line.number, "table row without a treaty name (expected 'TREATY |')"
            )
        key = STATUSES.get(status.casefold())
        if key is None and status.casefold() in _ACTS:  # "Accession (2020)": a State Party
            key = _ACTS[status.casefold()]
            qualifier = f"{status} ({qualifier})" if qualifier else status
        if key is None:
            raise ProfileError(
                self.source,
                line.number,
                f"unknown treaty status '{shown(status)}' (expected {STATUS_WORDING})",
            )
        return TreatyRow(name, key, line.span, self.current, qualifier)


def _without_footnotes(cell: str) -> str:
    """``cell`` stripped, without the footnote markers at its end ("[1]", "¹", "*"), read from
    the end one marker at a time (a pattern over the whole cell could take time exponential in a
    run of them)."""
    text = cell.strip()
    while text:
        if text[-1] == "*" or text[-1] in _SUPERSCRIPTS:
            text = text.rstrip("*" + _SUPERSCRIPTS).rstrip()
            continue
        note = _BRACKETED_NOTE.search(text, max(0, len(text) - 5))
        if note is None:
            break
        text = text[: note.start()].rstrip()
    return text
