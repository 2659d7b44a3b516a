"""Sentence-level statements: absences ("there is no ...") and pronouncements in the caselaw."""

from __future__ import annotations

import re
from datetime import datetime

from forcelaw.profile.records import AbsenceRecord, BodyRecord, PronouncementRecord, Span

_ABSENCE = re.compile(
    r"\bthere (?:is|are|was|were) (?:currently |still )?(?:no|not)\b"
    r"|\bnot believed to be\b"
    r"|\bdoes not (?:specifically |explicitly |expressly |directly )?"
    r"(?:address|protect|provide|regulate|contain|mention|guarantee|refer|govern|establish|include)"
    r"|\bno known\b"
    r"|\b(?:has|have) no\b",
    re.IGNORECASE,
)
_HEDGED = re.compile(
    r"\bbelieved\b|\bno known\b|\bappears?\b|\bunderstood\b|\breportedly\b|\bseems?\b",
    re.IGNORECASE,
)
_SECTION_FALLBACK = {
    "oversight": "independent-police-oversight-body",
    "caselaw-national": "national-caselaw",
    "caselaw-regional": "regional-caselaw",
    "caselaw-global": "global-caselaw",
    "caselaw-global-treaty-bodies": "global-caselaw",
    "treaties-regional": "regional-human-rights-treaty",
    "legislation": "use-of-force-legislation",
    "legislation-use-of-force": "use-of-force-legislation",
}
_DOCUMENT_TYPES = (
    ("concluding observations", "concluding-observations"),
    ("views", "views"),
    ("judgment", "judgment"),
    ("judgement", "judgment"),
    ("ruling", "judgment"),
    ("decision", "decision"),
    ("opinion", "decision"),
    ("report", "report"),
    ("communication", "joint-communication"),
    ("statement", "statement"),
)
_IN_ITS_YEAR = re.compile(
    r"^In its (?P<year>\d{4}) (?P<doc>[A-Za-z][A-Za-z ]{2,60}?) on (?P<subject>[^,]{1,120}), "
    r"the (?P<rest>\S.*)$"
)
_IN_ITS_CASE = re.compile(
    r"^In its (?P<doc>judgment|judgement|decision|ruling|views|Views|opinion) in "
    r"(?P<case>[^,]{1,200}?)(?:, (?:delivered|adopted|issued|handed down|given) on "
    r"(?P<date>\d{1,2} [A-Z][a-z]{2,8} \d{4}))?, the (?P<rest>\S.*)$"
)
_IN_YEAR = re.compile(r"^In (?:(?P<month>[A-Z][a-z]{2,8}) )?(?P<year>\d{4}), the (?P<rest>\S.*)$")
_YEAR_IN_DATE = re.compile(r"\d{4}$")
_BODY_WORDS = (
    r"Office|Commission|Authority|Directorate|Inspectorate|Ombudsman|Ombudsperson|Board|"
    r"Council|Bureau|Agency|Unit|Committee|Protector|Tribunal|Service"
)
_OVERSIGHT_SUBJECT = re.compile(
    r"^The\s+(?P<name>(?:[A-Z][\w’'\-]*\s+){0,6}?(?:" + _BODY_WORDS + r")"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,4})?)\b"
)


def find_absence(text: str, span: Span, section: str) -> AbsenceRecord | None:
    """An absence statement, classified by what is said to be absent, or None."""
    if _ABSENCE.search(text) is None:
        return None
    hedge = "believed" if _HEDGED.search(text) else "asserted"
    return AbsenceRecord(absence_kind(text, section), hedge, span, section)


def absence_kind(text: str, section: str) -> str:
    folded = text.casefold()
    if "oversight" in folded:
        return "independent-police-oversight-body"
    if "regional" in folded and "court" in folded:
        return "regional-human-rights-court"
    if "regional" in folded and any(w in folded for w in ("treaty", "convention", "charter")):
        return "regional-human-rights-treaty"
    if any(w in folded for w in ("caselaw", "case law", "case-law", "jurisprudence")):
        if "national" in folded or section == "caselaw-national":
            return "national-caselaw"
        if "regional" in folded or section == "caselaw-regional":
            return "regional-caselaw"
        return "global-caselaw"
    if "constitution" in folded or section == "constitution":
        if "right to life" in folded:
            return "constitutional-right-to-life"
        if "force" in folded:
            return "constitutional-use-of-force-provision"
    if any(w in folded for w in ("legislation", "law ", "statute")) and "force" in folded:
        return "use-of-force-legislation"
    return _SECTION_FALLBACK.get(section, "unclassified")


def find_pronouncement(text: str, span: Span, section: str) -> PronouncementRecord | None:
    """A pronouncement introduced at the start of a caselaw sentence, or None."""
    match = _IN_ITS_YEAR.match(text)
    if match is not None:
        return PronouncementRecord(
            match.group("rest"),
            document_type(match.group("doc")),
            match.group("year"),
            None,
            None,
            span,
            section,
        )
    match = _IN_ITS_CASE.match(text)
    if match is not None:
        date = _iso_date(match.group("date")) if match.group("date") else None
        year_match = _YEAR_IN_DATE.search(match.group("date") or "")
        if year_match is None:
            return None
        return PronouncementRecord(
            match.group("rest"),
            document_type(match.group("doc")),
            year_match.group(0),
            date,
            match.group("case").strip(),
            span,
            section,
        )
    match = _IN_YEAR.match(text)
    if match is not None:
        return PronouncementRecord(
            match.group("rest"), "unspecified", match.group("year"), None, None, span, section
        )
    return None


def document_type(words: str) -> str:
    folded = words.casefold()
    for needle, key in _DOCUMENT_TYPES:
        if needle in folded:
            return key
    return "statement"


def _iso_date(text: str) -> str | None:
    for pattern in ("%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return None


def find_oversight_body(text: str, span: Span, section: str) -> BodyRecord | None:
    """The body a police-oversight sentence is about ("The Independent Police Complaints Office
    ... investigates complaints"), when the sentence opens with its name."""
    if section != "oversight" or _ABSENCE.search(text):
        return None
    match = _OVERSIGHT_SUBJECT.match(text)
    if match is None:
        return None
    name = match.group("name")
    if " " not in name:
        return None  # "The Office ..." refers back to a body named before
    start = span.start + match.start("name")
    return BodyRecord(
        name, "oversight-body", Span(start, start + len(name), span.line), span, section
    )
