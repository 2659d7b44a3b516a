"""HTTP-date (RFC 9110 §5.6.7) read as the grammar says: IMF-fixdate, or one of the two obsolete
forms a recipient must still accept (rfc850-date, asctime-date), always in GMT.

``email.utils.parsedate_to_datetime`` reads e-mail dates: it takes zones (``+0500``, ``EST``),
dates without seconds or day name, and refuses asctime-date (it has no zone); a header whose
grammar is HTTP-date (``Accept-Datetime``, RFC 7089 §2.1.1) is neither of those.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH = "|".join(_MONTHS)
_DAY = "Mon|Tue|Wed|Thu|Fri|Sat|Sun"
_DAY_LONG = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_TIME = r"(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})"
_FORMS = (  # IMF-fixdate, rfc850-date, asctime-date
    re.compile(rf"(?:{_DAY}), (?P<day>\d{{2}}) (?P<month>{_MONTH}) (?P<year>\d{{4}}) {_TIME} GMT"),
    re.compile(
        rf"(?:{_DAY_LONG}), (?P<day>\d{{2}})-(?P<month>{_MONTH})-(?P<yy>\d{{2}}) {_TIME} GMT"
    ),
    re.compile(rf"(?:{_DAY}) (?P<month>{_MONTH}) (?P<day>[ \d]\d) {_TIME} (?P<year>\d{{4}})"),
)


def parse_http_date(value: str, now: datetime | None = None) -> datetime | None:
    """The moment an HTTP-date names (UTC), or None if ``value`` is not one. ``now`` places an
    rfc850-date's two-digit year: more than 50 years ahead is the century before."""
    text = value.strip(" \t")
    for form in _FORMS:
        match = form.fullmatch(text)
        if match is not None:
            return _moment(match, now or datetime.now(UTC))
    return None


def _moment(match: re.Match[str], now: datetime) -> datetime | None:
    parts = match.groupdict()
    if parts.get("yy") is not None:
        year = now.year - now.year % 100 + int(parts["yy"])
        if year > now.year + 50:
            year -= 100
    else:
        year = int(parts["year"])
    second = min(int(parts["second"]), 59)  # 60: a leap second, the last of its minute
    try:
        return datetime(
            year,
            _MONTHS.index(parts["month"]) + 1,
            int(parts["day"]),
            int(parts["hour"]),
            int(parts["minute"]),
            second,
            tzinfo=UTC,
        )
    except ValueError:  # 31 Feb, hour 25, year 0
        return None
