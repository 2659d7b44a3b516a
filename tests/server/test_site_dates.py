"""The release's date as the HTTP date every document's Last-Modified gives (site.http_date)."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

import pytest

from forcelaw.server.site import http_date


@pytest.mark.parametrize(
    ("created", "expected"),
    [
        ("2024-05-01T12:00:00+00:00", "Wed, 01 May 2024 12:00:00 GMT"),
        ("2024-05-01T12:00:00Z", "Wed, 01 May 2024 12:00:00 GMT"),
        ("2024-05-01T12:00:00+05:00", "Wed, 01 May 2024 07:00:00 GMT"),  # refused by usegmt
        ("2024-05-01T01:30:00-03:30", "Wed, 01 May 2024 05:00:00 GMT"),
        ("2024-05-01T12:00:00", "Wed, 01 May 2024 12:00:00 GMT"),  # no offset: UTC, not -0000
        ("2024-05-01", "Wed, 01 May 2024 00:00:00 GMT"),
    ],
)
def test_a_release_date_in_any_offset_is_an_http_date_in_gmt(created: str, expected: str) -> None:
    assert http_date(created) == expected


@pytest.mark.parametrize("created", [None, "", "yesterday", 20240501])
def test_no_readable_date_is_still_an_http_date(created: object) -> None:
    text = http_date(created)
    assert text.endswith(" GMT")
    assert parsedate_to_datetime(text).tzinfo is not None
