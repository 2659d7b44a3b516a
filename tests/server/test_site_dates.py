"""The release's date as the HTTP date every document's Last-Modified gives (site.http_date)."""

from __future__ import annotations

import json
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

import pytest

from forcelaw.server.render import release_date, stamp_paths
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


def test_rendered_files_are_dated_as_the_server_dates_them(tmp_path: Path) -> None:
    """A static host's Last-Modified is a file's mtime: the rendering's hour, where the server
    gave the same document the release's date."""
    release = tmp_path / "release"
    (release / "site" / "id").mkdir(parents=True)
    created = "2024-05-01T12:00:00.750+05:00"
    (release / "manifest.json").write_text(json.dumps({"created": created}), encoding="utf-8")
    files = [release / "site" / "index.html", release / "site" / "id" / "KZ.ttl"]
    for path in files:
        path.write_bytes(b"x")
    when = release_date(release)
    stamp_paths(files, when)
    for path in files:
        assert formatdate(path.stat().st_mtime, usegmt=True) == http_date(created)


@pytest.mark.parametrize("manifest", [None, "{}", '{"created": "soon"}', "not json"])
def test_no_release_date_leaves_the_files_alone(tmp_path: Path, manifest: str | None) -> None:
    if manifest is not None:
        (tmp_path / "manifest.json").write_text(manifest, encoding="utf-8")
    assert release_date(tmp_path) is None
    (tmp_path / "f").write_bytes(b"x")
    before = (tmp_path / "f").stat().st_mtime
    stamp_paths([tmp_path / "f"], None)
    assert (tmp_path / "f").stat().st_mtime == before
