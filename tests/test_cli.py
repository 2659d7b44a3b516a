"""The command line: ingest prints Turtle or a located error (and nothing else); build publishes."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

import forcelaw
from forcelaw.cli import main
from forcelaw.namespaces import FL
from tests.conftest import KZ, PROFILES, ROOT
from tests.profile.test_parse import MINIMAL


@pytest.mark.parametrize(
    ("path", "code", "name", "expected"),
    [
        (KZ, "KZ", "State KZ", "adherence/KZ/cat-art22-competence"),
        (PROFILES / "XA.txt", "XA", "State XA", "instrument/XA/police-act-2011/sec-16"),
        # the absence is "in Borealia": the state's only under that name
        (
            PROFILES / "XB.txt",
            "XB",
            "Borealia",
            "absence/XB/independent-police-oversight-body-1603",
        ),
    ],
)
def test_ingest_prints_the_state_graph(
    path: Path, code: str, name: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", str(path), "--code", code, "--name", name]) == 0
    out = capsys.readouterr().out
    graph = Graph().parse(data=out, format="turtle")
    assert (URIRef(f"https://w3id.org/forcelaw/id/{expected}"), RDF.type, None) in graph
    assert (URIRef(f"https://w3id.org/forcelaw/id/state/{code}"), RDF.type, FL.State) in graph


def test_ingest_with_curated_layer(capsys: pytest.CaptureFixture[str]) -> None:
    curated = ROOT / "data" / "curated" / "KZ.ttl"
    assert main(["ingest", str(KZ), "--code", "KZ", "--curated", str(curated)]) == 0
    graph = Graph().parse(data=capsys.readouterr().out, format="turtle")
    event = URIRef("https://w3id.org/forcelaw/id/event/KZ/2011-12-zhanaozen")
    assert (event, RDF.type, FL.Event) in graph
    assert (None, FL.anchor, None) not in graph
    # the state's name is the manifest's: what is on Kazakhstan is told from what is not
    state = URIRef("https://w3id.org/forcelaw/id/state/KZ")
    assert str(graph.value(state, RDFS.label)) == "Kazakhstan"
    observations = (
        "https://w3id.org/forcelaw/id/pronouncement/un-cat/KZ/2023-concluding-observations"
    )
    assert (URIRef(observations), RDF.type, FL.Pronouncement) in graph


_NO_CAT = MINIMAL.replace("1984 Convention against Torture (CAT)", "Treaty of Atlantis")
BAD_INPUTS = {
    "empty": (b"", "bad.txt: empty profile"),
    "not-utf8": (b"Constitutional Provisions\n\xc3\x28\n", "bad.txt:2: not valid UTF-8"),
    "binary": (b"\x00\x01\x02\x03", "bad.txt:1: binary data"),
    "missing-heading": (
        MINIMAL.replace("Treaty Adherence\n", "").encode(),
        "bad.txt:5: missing section heading 'Treaty Adherence' "
        "(expected before 'National Legislation')",
    ),
    "unknown-status": (
        MINIMAL.replace("| State Party |", "| Maybe |").encode(),
        "bad.txt:5: unknown treaty status 'Maybe' "
        "(expected State Party, Signatory, Not party, Yes, No)",
    ),
    "no-closing-bar": (
        MINIMAL.replace("| State Party |", "| State Party").encode(),
        "bad.txt:5: table row without its closing bar",
    ),
    "unknown-treaty": (
        _NO_CAT.encode(),
        "bad.txt:5: treaty 'Treaty of Atlantis' is not in the reference data",
    ),
    "status-not-fitting": (
        MINIMAL.replace("| State Party |", "| Yes |").encode(),
        "bad.txt:5: status 'Yes' does not fit '1984 Convention against Torture (CAT)', a treaty "
        "(expected State Party, Signatory, Not party)",
    ),
    "duplicate-row": (
        MINIMAL.replace(
            "(CAT) | State Party |\n",
            "(CAT) | State Party |\nConvention against Torture (CAT) | Signatory |\n",
        ).encode(),
        "bad.txt:6: duplicate row for 'Convention against Torture (CAT)' "
        "(first at line 5, as '1984 Convention against Torture (CAT)')",
    ),
    "headings-only": (
        b"Constitutional Provisions\nTreaty Adherence\nNational Legislation\n"
        b"Police Oversight\nCaselaw\n",
        "bad.txt:5: no text under any heading",
    ),
    "utf-16": (("\ufeff" + MINIMAL).encode("utf-16-le"), "bad.txt:1: UTF-16 text; expected UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_ingest_bad_input_is_a_located_error_with_no_output(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, message = BAD_INPUTS[case]
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    assert main(["ingest", str(bad), "--code", "TT"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err.replace(str(tmp_path) + "/", "")


def test_ingest_missing_file_and_bad_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "/nonexistent/profile.txt", "--code", "KZ"]) == 2
    assert "No such file" in capsys.readouterr().err
    assert main(["ingest", str(KZ), "--code", "kz1"]) == 2
    assert "expected two capital letters" in capsys.readouterr().err


def test_console_script_ingest_error_exit_status(tmp_path: Path) -> None:
    script = shutil.which("forcelaw", path=str(Path(sys.executable).parent))
    assert script is not None
    bad = tmp_path / "p.txt"
    bad.write_bytes(MINIMAL.replace("| State Party |", "| Maybe |").encode())
    done = subprocess.run(
        [script, "ingest", str(bad), "--code", "TT"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"{bad}:5: unknown treaty status 'Maybe'" in done.stderr


def test_python_dash_m_runs_the_command_line(tmp_path: Path) -> None:
    # This checkout's package, whichever one the interpreter would import by default.
    src = str(Path(forcelaw.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": src}
    run = [sys.executable, "-m", "forcelaw"]
    done = subprocess.run([*run, "--help"], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: forcelaw")
    assert "ingest" in done.stdout
    bad = tmp_path / "p.txt"
    bad.write_bytes(MINIMAL.replace("| State Party |", "| Maybe |").encode())
    done = subprocess.run(
        [*run, "ingest", str(bad), "--code", "TT"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 2
    assert f"{bad}:5: unknown treaty status 'Maybe'" in done.stderr


def test_build_command_publishes_and_summarises(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The static rendering has its own tests (tests/server/test_static_site.py); it takes a
    # minute on the real release, so this one skips it.
    assert main(["build", "--out", str(tmp_path), "--root", str(ROOT), "--no-site"]) == 0
    out = capsys.readouterr().out
    assert "KZ Kazakhstan: 38/38 sentences covered (100%)" in out
    assert "validation: conforms (0 violations" in out
    assert (tmp_path / "current" / "manifest.json").is_file()
    assert main(["validate", "--release", str(tmp_path / "current"), "--root", str(ROOT)]) == 0


def test_paths_that_cannot_be_used_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    unrendered = tmp_path / "unrendered"
    unrendered.mkdir()
    cases = [
        ["validate", str(tmp_path / "missing.ttl")],
        ["validate", str(tmp_path / "x.xyz")],
        ["validate", str(bad)],
        ["releases", "--out", str(tmp_path / "nope")],
        ["export-site", str(afile / "site"), "--release", str(tmp_path)],
        # a release with no rendering in it (no site/index.json): nothing written
        ["export-site", str(tmp_path / "www"), "--release", str(unrendered), "--root-links"],
    ]
    for argv in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("forcelaw: error: ") and err.count("\n") == 1, (argv, err)
    assert not (tmp_path / "www").exists()


def test_serve_refuses_a_port_out_of_range(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--port", "99999"])
    assert exited.value.code == 2
    assert "99999 is not a TCP port" in capsys.readouterr().err


def test_a_closed_pipe_is_no_traceback() -> None:
    """``forcelaw ... | head``: the reader goes away, the write fails with EPIPE."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    read, write = os.pipe()
    os.close(read)  # nobody will read: the child's first write is a broken pipe
    try:
        done = subprocess.run(
            [sys.executable, "-m", "forcelaw", "version"],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            timeout=60,
        )
    finally:
        os.close(write)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_source_date_epoch_is_the_build_time() -> None:
    from datetime import UTC, datetime

    from forcelaw.cli import source_date
    from forcelaw.errors import BuildError

    assert source_date(None) is None and source_date("") is None
    assert source_date("1764201600") == datetime(2025, 11, 27, tzinfo=UTC)
    for bad in ("abc", "1.5", "-1", "9" * 30):
        with pytest.raises(BuildError, match="SOURCE_DATE_EPOCH"):
            source_date(bad)


def test_two_builds_with_one_source_date_epoch_are_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764201600")
    files = []
    for out in (tmp_path / "a", tmp_path / "b"):
        assert main(["build", "--quiet", "--no-site", "--root", str(ROOT), "--out", str(out)]) == 0
        [release] = (out / "releases").iterdir()
        assert release.name.startswith("2025-11-27-")
        files.append(
            {
                p.relative_to(release): p.read_bytes()
                for p in release.rglob("*")
                if p.is_file() and "store" not in p.relative_to(release).parts
            }
        )
    assert "dataset.nq" in {str(p) for p in files[0]}
    assert files[0] == files[1]


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    from forcelaw.cli import _parser

    found: dict[str, argparse.ArgumentParser] = {}
    for action in _parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def test_every_option_of_every_command_says_what_it_is() -> None:
    commands = _subcommands()
    assert {"build", "query", "serve", "load", "export-site", "validate"} <= set(commands)
    for name, parser in commands.items():
        for action in parser._actions:
            if not isinstance(action, argparse._HelpAction):
                assert action.help, f"forcelaw {name} {action.dest} has no help text"


def test_the_readme_names_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    for name in _subcommands():
        assert f"`forcelaw {name}" in section, f"README's Commands leave out forcelaw {name}"
