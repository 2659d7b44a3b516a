"""HTTP-date as RFC 9110 writes it: the three forms a recipient reads, and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from forcelaw.server.http_dates import parse_http_date

NOW = datetime(2026, 11, 27, tzinfo=UTC)
MOMENT = datetime(1994, 11, 6, 8, 49, 37, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        "Sun, 06 Nov 1994 08:49:37 GMT",  # IMF-fixdate
        "Sunday, 06-Nov-94 08:49:37 GMT",  # rfc850-date
        "Sun Nov  6 08:49:37 1994",  # asctime-date (GMT without saying so)
        " Sun, 06 Nov 1994 08:49:37 GMT\t",  # optional white space around a field value
    ],
)
def test_each_form_of_http_date_names_its_moment(value: str) -> None:
    assert parse_http_date(value, NOW) == MOMENT


@pytest.mark.parametrize(
    "value",
    [
        "Sun, 06 Nov 1994 08:49:37 +0500",  # a zone other than GMT
        "Sun, 06 Nov 1994 08:49:37 EST",
        "Sun, 06 Nov 1994 08:49:37",  # no zone
        "06 Nov 1994 08:49:37 GMT",  # no day name
        "Sun, 06 Nov 1994 08:49 GMT",  # no seconds
        "Sun, 6 Nov 1994 08:49:37 GMT",  # a one-digit day
        "sun, 06 nov 1994 08:49:37 gmt",  # the names are case-sensitive
        "Sun, 31 Feb 1994 08:49:37 GMT",  # no such day
        "Sun, 06 Nov 1994 25:49:37 GMT",
        "1994-11-06T08:49:37Z",
        "yesterday",
        "",
    ],
)
def test_what_is_not_an_http_date_is_none(value: str) -> None:
    assert parse_http_date(value, NOW) is None


def test_a_two_digit_year_more_than_fifty_years_ahead_is_the_century_before() -> None:
    assert parse_http_date("Monday, 01-Jan-76 00:00:00 GMT", NOW) == datetime(
        2076, 1, 1, tzinfo=UTC
    )
    assert parse_http_date("Friday, 01-Jan-77 00:00:00 GMT", NOW) == datetime(
        1977, 1, 1, tzinfo=UTC
    )


def test_a_leap_second_is_the_last_second_of_its_minute() -> None:
    when = parse_http_date("Sat, 31 Dec 2016 23:59:60 GMT", NOW)
    assert when == datetime(2016, 12, 31, 23, 59, 59, tzinfo=UTC)
