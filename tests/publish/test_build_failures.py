"""Bad curated files fail ``forcelaw build`` itself, not just the curation functions
(``tests/graph/test_curated.py``): exit status 2, one clear message naming the curated file (and
the line where there is one) and what was expected, no new release, the previous one current."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from forcelaw.cli import main
from forcelaw.graph.build import ProjectPaths, assemble
from forcelaw.publish.release import write_release
from tests.conftest import FIXTURES, ROOT

HEADER = (
    "@base <https://w3id.org/forcelaw/id/> .\n"
    "@prefix fl: <https://w3id.org/forcelaw/ontology#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)
CURATED = {
    "quote not in the source": (
        '<body/XA/police> a fl:Body ; rdfs:label "National Police"@en ;\n'
        '    fl:anchor "the Federal Gendarmerie" .\n',
        r'XA\.ttl:5: anchor quote not found in .*XA\.txt: "the Federal Gendarmerie"',
    ),
    "duplicate URI": (
        '<body/XA/police> a fl:Body ; fl:anchor "the National Police" .\n\n'
        '<body/XA/police> rdfs:label "again"@en .\n',
        r"XA\.ttl:6: duplicate URI: <body/XA/police> is described again \(first at line 4\)",
    ),
    "broken reference": (
        '<body/XA/police> a fl:Body ; rdfs:label "National Police"@en ;\n'
        "    fl:state <state/XA> ; fl:partOf <body/XA/ministry-of-nothing> ;\n"
        '    fl:anchor "the National Police" .\n',
        r"XA\.ttl: broken reference: <https://w3id.org/forcelaw/id/body/XA/ministry-of-nothing>",
    ),
    "not Turtle": ("<body/XA/police> a fl:Body ; fl:anchor .\n", r"XA\.ttl:\d+: not valid Turtle"),
    "not UTF-8": (b"\xff\xfe<body/XA/x> a fl:Body .\n", r"XA\.ttl: cannot read curated file"),
}


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A checkout with the fictional XA profile and a published release of it."""
    root = tmp_path_factory.mktemp("checkout")
    for part in ("ontology", "shapes", "data/reference", "data/sources", "data/curated"):
        (root / part).mkdir(parents=True)
    for part in ("ontology/forcelaw.ttl", "shapes/forcelaw.shapes.ttl"):
        shutil.copy(ROOT / part, root / part)
    for ttl in (ROOT / "data/reference").glob("*.*"):  # the .ttl files and states.tsv
        shutil.copy(ttl, root / "data/reference" / ttl.name)
    shutil.copy(FIXTURES / "profiles/XA.txt", root / "data/sources/XA.txt")
    row = {
        "code": "XA",
        "name": "Arcadia",
        "file": "XA.txt",
        "source_url": "https://example.org/fictional/arcadia",
        "retrieved": "2026-11-25",
        "curated": "../curated/XA.ttl",
    }
    (root / "data/sources/manifest.json").write_text(json.dumps({"profiles": [row]}), "utf-8")
    (root / "data/curated/XA.ttl").write_text(HEADER, "utf-8")
    assembled = assemble(ProjectPaths(root))
    write_release(assembled.graphs, root / "dist", {"XA": "Arcadia"})
    return root


@pytest.mark.parametrize("case", sorted(CURATED))
def test_bad_curated_file_fails_the_build(
    checkout: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text, expected = CURATED[case]
    curated = checkout / "data/curated/XA.ttl"
    dist = checkout / "dist"
    before = (dist / "current").resolve()
    releases = sorted(p.name for p in (dist / "releases").iterdir())
    data = text if isinstance(text, bytes) else (HEADER + text).encode("utf-8")
    curated.write_bytes(data)
    try:
        status = main(["build", "--root", str(checkout), "--out", str(dist), "--quiet"])
    finally:
        curated.write_text(HEADER, "utf-8")
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("forcelaw: error: "), captured.err
    assert re.search(expected, lines[0]), lines[0]
    assert (dist / "current").resolve() == before
    assert sorted(p.name for p in (dist / "releases").iterdir()) == releases


def test_an_iri_json_ld_would_misread_fails_the_build(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A prefixed name in angle brackets (``<fl:Body>``) is an IRI of the scheme ``fl``, which
    the dumps' JSON-LD context would read as ``fl:`` + ``Body``: refused, naming it."""
    curated = checkout / "data/curated/XA.ttl"
    dist = checkout / "dist"
    before = (dist / "current").resolve()
    curated.write_text(
        HEADER + '<body/XA/police> a fl:Body ; rdfs:label "National Police"@en ;\n'
        "    fl:bodyType <scheme/body-type/police> ; fl:state <state/XA> ;\n"
        '    rdfs:seeAlso <fl:Body> ; fl:anchor "the National Police" .\n',
        "utf-8",
    )
    try:
        status = main(["build", "--root", str(checkout), "--out", str(dist), "--quiet"])
    finally:
        curated.write_text(HEADER, "utf-8")
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert status == 2 and len(lines) == 1
    assert lines[0].startswith("forcelaw: error: dataset.jsonld: the IRI <fl:Body> would be read")
    assert (dist / "current").resolve() == before
