"""Typed records the profile parser produces: structure and text spans, no RDF."""

from __future__ import annotations

from dataclasses import dataclass, field

# What joins the citations of one case in PronouncementRecord.citation; no citation has it.
CITATION_JOIN = "; "


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range [start, end) of character offsets into the profile text, on one line."""

    start: int
    end: int
    line: int

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Section:
    """A heading of the profile and the part of the text it governs."""

    key: str
    title: str
    kind: str
    order: int
    level: int
    heading: Span
    parent: str | None


@dataclass(frozen=True)
class Sentence:
    """A sentence, or a line fragment that does not end one; sentences never cross lines."""

    span: Span
    text: str
    section: str


@dataclass(frozen=True)
class InstrumentMention:
    """A national legal instrument named in the text ("the 1995 Constitution of ...")."""

    key: str
    name: str
    kind: str
    year: str | None
    as_amended: bool
    span: Span
    section: str
    place: str | None = None  # the state it is said to be of ("the Republic of Kazakhstan")
    own_key: str | None = None  # the key without that place, if the place is the profile's state
    same_as: str | None = None  # the key of the law this is another name of, "(the Police Law)"
    # the adjective the text gives the law beside its name, which may say whose it is:
    # "Spanish" in "the Spanish law, Ley Orgánica 4/2015"
    adjective: str | None = None


@dataclass(frozen=True)
class ProvisionRecord:
    """A quoted provision of a national instrument, with its number and verbatim text."""

    instrument: str
    unit: str
    number: str
    paragraph: str | None
    text: str
    text_span: Span
    cited_by: Span
    section: str
    part: str | None = None  # what the unit is numbered within, as written: "Article 1"

    @property
    def label_number(self) -> str:
        if not self.paragraph:
            return self.number
        head, items = self.paragraph.partition("(")[::2]
        return f"{self.number}({head})" + (f"({items}" if items else "")


@dataclass(frozen=True)
class TreatyRow:
    """A row `name | status |` of the treaty adherence table."""

    name: str
    status: str
    span: Span
    section: str
    qualifier: str | None = None  # what the status cell adds in brackets: "with reservations"


@dataclass(frozen=True)
class AbsenceRecord:
    """A sentence stating that something does not exist ("There is no ...")."""

    kind: str
    hedge: str
    span: Span
    section: str
    place: str | None = None  # where it is said to be absent: "in Kazakhstan", "in the Region"


@dataclass(frozen=True)
class PronouncementRecord:
    """A pronouncement introduced in the caselaw ("In its 2023 Concluding Observations ...")."""

    author_name: str
    document_type: str
    year: str
    date: str | None
    case_name: str | None
    span: Span
    section: str
    subject: str | None = None  # the state it is said to be on ("on Kazakhstan", "v. Arcadia")
    citation: str | None = None  # where a case is reported: "471 U.S. 1 (1985)", "no. 18984/91"

    @property
    def citations(self) -> tuple[str, ...]:
        """Each citation as the text writes it: a communication's number before the case's name
        and a report after it are two ("Communication 246/02" and "(2004) AHRLR 65")."""
        return tuple(self.citation.split(CITATION_JOIN)) if self.citation else ()


@dataclass(frozen=True)
class BodyRecord:
    """A national body the profile names as the subject of a sentence in a section."""

    name: str
    body_type: str
    span: Span
    sentence: Span
    section: str
    acronym: str | None = None  # the name it goes by later: "IOPC"


@dataclass(frozen=True)
class Profile:
    """Everything the parser reads from one country profile."""

    source: str
    text: str
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    instruments: tuple[InstrumentMention, ...]
    provisions: tuple[ProvisionRecord, ...]
    treaty_rows: tuple[TreatyRow, ...]
    absences: tuple[AbsenceRecord, ...]
    pronouncements: tuple[PronouncementRecord, ...]
    bodies: tuple[BodyRecord, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())
