"""The release's date as the HTTP date every document's Last-Modified gives (site.http_date)."""

from __future__ import annotations

import json
import time
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

import pytest

from forcelaw.server.export_site import export_site
from forcelaw.server.render import release_date, render_release, stamp_paths
from forcelaw.server.site import http_date
from forcelaw.server.site_packs import SitePacks
from tests.server.release_fixture import write_release


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
    """The rendering's files (its index and packs) are dated the release's creation, which the
    server gives its documents as Last-Modified, to the second (rather than the rendering's
    hour)."""
    release = tmp_path / "release"
    (release / "site" / "packs").mkdir(parents=True)
    created = "2024-05-01T12:00:00.750+05:00"
    (release / "manifest.json").write_text(json.dumps({"created": created}), encoding="utf-8")
    files = [release / "site" / "index.json", release / "site" / "packs" / "0-ttl.pack"]
    for path in files:
        path.write_bytes(b"x")
    when = release_date(release)
    stamp_paths(files, when)
    for path in files:
        assert formatdate(path.stat().st_mtime, usegmt=True) == http_date(created)
        assert path.stat().st_mtime == when


def test_exported_files_are_dated_as_the_server_dates_them(tmp_path: Path) -> None:
    """A static host's Last-Modified is a file's mtime: each document ``export_site`` writes out
    of the packs, and its twin, carries the release's date (in any offset, to the second), as
    the server's answer does; a release that gives no date leaves them dated when written."""
    release = write_release(tmp_path / "release")
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    created = manifest["created"] = "2024-05-01T12:00:00.750+05:00"
    (release / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    render_release(release, workers=1)
    with SitePacks(release / "site") as packs:
        names = sorted(packs.files)
    assert "index.html" in names and len(names) > 20
    export_site(release, tmp_path / "dated")
    for name in names:
        for path in (tmp_path / "dated" / name, tmp_path / "dated" / f"{name}.gz"):
            assert formatdate(path.stat().st_mtime, usegmt=True) == http_date(created), path
    del manifest["created"]
    (release / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    before = time.time() - 1
    export_site(release, tmp_path / "undated")
    for name in names:
        for path in (tmp_path / "undated" / name, tmp_path / "undated" / f"{name}.gz"):
            assert before <= path.stat().st_mtime <= time.time() + 1, path


@pytest.mark.parametrize("manifest", [None, "{}", '{"created": "soon"}', "not json"])
def test_no_release_date_leaves_the_files_alone(tmp_path: Path, manifest: str | None) -> None:
    if manifest is not None:
        (tmp_path / "manifest.json").write_text(manifest, encoding="utf-8")
    assert release_date(tmp_path) is None
    (tmp_path / "f").write_bytes(b"x")
    before = (tmp_path / "f").stat().st_mtime
    stamp_paths([tmp_path / "f"], None)
    assert (tmp_path / "f").stat().st_mtime == before
