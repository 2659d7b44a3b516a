"""Which state's courts a case citation reports: a law report or a neutral citation that only
one state's courts use ("471 U.S. 1" is the United States Supreme Court's, "[2017] UKSC 25" the
United Kingdom's), so that a case a profile cites from another state is never the state's."""

from __future__ import annotations

import re

# ISO 3166-1 alpha-2 code -> the reports and neutral citations of that state's courts alone.
_REPORTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # and any reporter in a series the American way ("Cal. Rptr. 3d", "N.E.2d", "So. 2d": other
    # states' reports write "2nd" and "3rd"), or a federal circuit's ("(9th Cir. 2015)")
    (
        "US",
        re.compile(
            r"\b\d{1,4} (?:U\.S\.|S\. ?Ct\.|L\. ?Ed\.|F\.(?: ?[234]d| Supp\.)) "
            r"|\b\d{1,4} (?:[A-Z][A-Za-z]{0,6}\. ?){1,3}[23]d \d"
            r"|\((?:\d{1,2}(?:st|nd|rd|th)|D\.C\.|Fed\.) Cir\.(?: \d{4})?\)"
        ),
    ),
    ("GB", re.compile(r"\[\d{4}\] (?:UKSC|UKHL|UKPC|EWCA|EWHC|NICA|CSIH|CSOH)\b")),
    ("CA", re.compile(r"^\d{4} (?:SCC|ONCA|BCCA|QCCA|ABCA|FCA|FC)\b")),
    ("IN", re.compile(r"^\(\d{4}\) \d{1,3} SCC \d|^AIR \d{4} SC\b")),
    ("ZA", re.compile(r"\[\d{4}\] ZA[A-Z]{2,4}\b|\b\d{4} \(\d{1,2}\) SA(?:CR)? \d")),
    ("AU", re.compile(r"\[\d{4}\] HCA\b|\b\d{1,3} CLR \d")),
    ("NZ", re.compile(r"\[\d{4}\] NZ[A-Z]{2,4}\b")),
    ("IE", re.compile(r"\[\d{4}\] IE[A-Z]{2,4}\b")),
    ("KE", re.compile(r"\[\d{4}\] eKLR\b")),
)


def reporting_state(citation: str) -> str | None:
    """The code of the state whose courts ``citation`` reports, or None when it is not one
    state's alone (an application number, a series, a reporter we do not know)."""
    for code, pattern in _REPORTS:
        if pattern.search(citation):
            return code
    return None
