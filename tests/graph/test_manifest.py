"""The source manifest: every row checked before any profile is read, bad rows named by number."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from forcelaw.cli import main
from forcelaw.errors import BuildError
from forcelaw.graph.manifest import read_manifest
from tests.conftest import PROFILES, ROOT


def _row(code: Any = "XA", file: str | None = "XA.txt", **changes: Any) -> dict[str, Any]:
    row = {
        "code": code,
        "name": f"State {code}",
        "file": file,
        "source_url": f"https://example.org/profiles/{code}",
        "retrieved": "2026-11-25",
    }
    row.update(changes)
    return {k: v for k, v in row.items() if v is not None}


def _checkout(root: Path, rows: Any) -> Path:
    """A checkout's data folder with the fixture profiles XA and XB and a manifest of `rows`."""
    sources = root / "data" / "sources"
    sources.mkdir(parents=True)
    (root / "data" / "curated").mkdir()
    for code in ("XA", "XB"):
        shutil.copy(PROFILES / f"{code}.txt", sources / f"{code}.txt")
    manifest = sources / "manifest.json"
    manifest.write_text(json.dumps({"profiles": rows}), encoding="utf-8")
    return manifest


def test_the_projects_manifest_reads() -> None:
    entries = read_manifest(ROOT / "data" / "sources" / "manifest.json", ROOT)
    assert [(e.code, e.name, e.file.name) for e in entries] == [("KZ", "Kazakhstan", "KZ.txt")]
    assert entries[0].curated == (ROOT / "data" / "curated" / "KZ.ttl").resolve()


def test_good_rows_read_in_order(tmp_path: Path) -> None:
    rows = [_row("XA"), _row("XB", "XB.txt", curated="../curated/XB.ttl")]
    entries = read_manifest(_checkout(tmp_path, rows), tmp_path)
    assert [e.code for e in entries] == ["XA", "XB"]
    assert entries[0].file == tmp_path / "data" / "sources" / "XA.txt"
    assert entries[0].curated is None
    assert entries[1].curated == (tmp_path / "data" / "curated" / "XB.ttl").resolve()


BAD_ROWS: dict[str, tuple[Any, str]] = {
    "duplicate code": (
        [_row("XD", "XA.txt"), _row("XD", "XB.txt")],
        "profile #2: code 'XD' again (first in profile #1)",
    ),
    "duplicate file": (
        [_row("XA", "XA.txt"), _row("XB", "XB.txt"), _row("XC", "./XA.txt")],
        "profile #3: file './XA.txt' again (first in profile #1)",
    ),
    "code with a space": (
        [_row("XA"), _row("XD X", "XB.txt")],
        "profile #2: code 'XD X' (expected two capital letters)",
    ),
    "lower-case code": ([_row("xa")], "profile #1: code 'xa' (expected two capital letters)"),
    "code escaping": (
        [_row("../../evil")],
        "profile #1: code '../../evil' (expected two capital letters)",
    ),
    "code not a string": ([_row(code=7)], "profile #1 lacks code (expected code, name, file"),
    "blank name": ([_row(name="  ")], "profile #1 lacks name (expected code, name, file"),
    "no file": ([_row(file=None)], "profile #1 lacks file (expected code, name, file"),
    "file missing": ([_row("XA", "XZ.txt")], "profile #1: file 'XZ.txt' not found in"),
    "file escaping": (
        [_row("XA", "../sources/XA.txt")],
        "profile #1: file '../sources/XA.txt' is not inside",
    ),
    "absolute file": (
        [_row("XA", "/etc/hostname")],
        "profile #1: file '/etc/hostname' is not inside",
    ),
    "folder as file": ([_row("XA", ".")], "profile #1: file '.' not found in"),
    "url with a space": (
        [_row(source_url="https://example.org/a b")],
        "profile #1: source_url 'https://example.org/a b' (expected an http or https URL)",
    ),
    "url not http": (
        [_row(source_url="example.org/XA")],
        "profile #1: source_url 'example.org/XA' (expected an http or https URL)",
    ),
    "retrieved not a date": (
        [_row(retrieved="last week")],
        "profile #1: retrieved 'last week' (expected a date as YYYY-MM-DD)",
    ),
    "retrieved no such day": (
        [_row(retrieved="2026-02-30")],
        "profile #1: retrieved '2026-02-30' (expected a date as YYYY-MM-DD)",
    ),
    "curated blank": ([_row(curated="")], "profile #1: curated '' (expected a file path"),
    "curated escaping": (
        [_row(curated="../../../elsewhere.ttl")],
        "profile #1: curated '../../../elsewhere.ttl' is outside the checkout",
    ),
    "row not an object": ([_row(), ["XB", "XB.txt"]], "profile #2: not an object"),
    "profiles not a list": ({"XA": _row()}, "'profiles' is not a list"),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_bad_row_is_refused_naming_the_manifest_and_the_row(case: str, tmp_path: Path) -> None:
    rows, message = BAD_ROWS[case]
    manifest = _checkout(tmp_path, rows)
    with pytest.raises(BuildError) as caught:
        read_manifest(manifest, tmp_path)
    assert str(caught.value).startswith(f"{manifest}: "), str(caught.value)
    assert message in str(caught.value)


def test_not_json_is_refused(tmp_path: Path) -> None:
    manifest = _checkout(tmp_path, [])
    manifest.write_text('{"profiles": [', encoding="utf-8")
    with pytest.raises(BuildError, match="cannot read the source manifest"):
        read_manifest(manifest, tmp_path)


def test_build_refuses_a_duplicate_code_with_exit_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "checkout"
    for part in ("ontology", "shapes", "data/reference"):
        shutil.copytree(ROOT / part, root / part)
    manifest = _checkout(root, [_row("XD", "XA.txt"), _row("XD", "XB.txt")])
    out = tmp_path / "dist"
    assert main(["build", "--root", str(root), "--out", str(out), "--no-site", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"{manifest}: profile #2: code 'XD' again (first in profile #1)" in err
    assert not (out / "current").exists()
