"""`forcelaw query`: a query on the built release, printed as a table or in a chosen format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph

from forcelaw.cli import main
from tests.conftest import ROOT


def test_query_file_prints_a_table(release_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = ROOT / "queries" / "b-global-treaty-status.rq"
    assert main(["query", f"@{query}", "--release", str(release_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split(" | ")[0].strip() == "adherable"
    assert any("Rome Statute" in line and line.endswith("Not party") for line in lines)
    assert lines[-1] == "(6 rows)"


def test_query_in_csv_and_ask(release_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "SELECT ?code WHERE { ?s <https://w3id.org/forcelaw/ontology#isoCode> ?code }"
    assert main(["query", text, "--release", str(release_dir), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.strip())))
    assert rows == [["code"], ["KZ"]]
    assert main(["query", "ASK { ?s ?p ?o }", "--release", str(release_dir)]) == 0
    assert capsys.readouterr().out.strip() == "true"
    assert (
        main(["query", "ASK { ?s ?p ?o }", "--release", str(release_dir), "--format", "json"]) == 0
    )
    assert json.loads(capsys.readouterr().out) == {"head": {}, "boolean": True}


def test_a_gap_before_concat_s_bracket_is_read(
    release_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SPARQL allows white space between CONCAT and "(" (the engine's parser does not)."""
    text = (
        "SELECT (CONCAT (?code, '!') AS ?v) "
        "WHERE { ?s <https://w3id.org/forcelaw/ontology#isoCode> ?code }"
    )
    assert main(["query", text, "--release", str(release_dir), "--format", "csv"]) == 0
    assert capsys.readouterr().out.split() == ["v", "KZ!"]


def test_construct_in_turtle(release_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "CONSTRUCT { ?s a ?o } WHERE { ?s a <https://w3id.org/forcelaw/ontology#State> ; a ?o }"
    assert main(["query", text, "--release", str(release_dir), "--format", "turtle"]) == 0
    graph = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert len(graph) >= 1


def test_query_errors(
    release_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "SELEC x", "--release", str(release_dir)]) == 2
    assert "error at 1:" in capsys.readouterr().err
    assert main(["query", "ASK {}", "--release", str(release_dir), "--format", "nope"]) == 2
    assert "expected one of table" in capsys.readouterr().err
    assert main(["query", f"@{tmp_path / 'missing.rq'}", "--release", str(release_dir)]) == 2
    assert main(["query", "ASK {}", "--release", str(tmp_path)]) == 2
    assert "manifest" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "fmt", "said"),
    [
        ("", "table", "empty query"),
        ("# only a comment\n", "table", "empty query"),
        ("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", "table", "is an update"),
        ("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "table", "SERVICE is not run"),
        ("ASK { " + "{" * 100 + "}" * 100 + " }", "table", "nests"),
        # 8000 terms of + overflow the engine's stack (this process would die with SIGSEGV)
        ("SELECT (" + "+".join(["1"] * 8000) + " AS ?x) {}", "table", "runs of operators"),
        ("SELECT * { ?s ?p ?o } LIMIT 1", "turtle", "a SELECT answer cannot be written as turtle"),
        ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "csv", "a CONSTRUCT answer cannot be written"),
    ],
)
def test_what_the_command_will_not_run_is_one_line(
    release_dir: Path, capsys: pytest.CaptureFixture[str], text: str, fmt: str, said: str
) -> None:
    assert main(["query", text, "--release", str(release_dir), "--format", fmt]) == 2
    err = capsys.readouterr().err
    assert said in err and err.count("\n") == 1 and "Traceback" not in err


def test_formats_by_suffix_and_media_type(
    release_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "CONSTRUCT WHERE { ?s a ?o } LIMIT 3"
    for fmt in ("ttl", "text/turtle", "turtle"):
        assert main(["query", text, "--release", str(release_dir), "--format", fmt]) == 0
        assert len(Graph().parse(data=capsys.readouterr().out, format="turtle")) >= 1
    assert main(["query", text, "--release", str(release_dir)]) == 0  # a graph has no table
    assert len(Graph().parse(data=capsys.readouterr().out, format="turtle")) >= 1


def test_a_table_cell_keeps_to_its_column_and_line() -> None:
    from forcelaw.local_query import text_table

    results = {
        "head": {"vars": ["x"]},
        "results": {"bindings": [{"x": {"type": "literal", "value": "a|b\nc\\d"}}]},
    }
    lines = text_table(results).splitlines()
    assert lines[2] == "a\\|b\\nc\\\\d"
    assert len(lines) == 4  # header, rule, one row, count
