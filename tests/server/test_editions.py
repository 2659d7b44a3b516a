"""Editions: two builds of a modified copy of the data (KZ, plus the fictional XA and XB), the
changelog and diff, ``forcelaw releases``/``diff``, ``/release/VERSION/...``, Memento (TimeGate,
mementos, TimeMap), citations in BibTeX/CSL-JSON/RIS read by real parsers, and ``/compare``
checked cell by cell against the graph."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import bibtexparser
import pytest
import rispy
from citeproc import Citation as CpCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from fastapi.testclient import TestClient
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from forcelaw.cli import main
from forcelaw.graph.build import ProjectPaths
from forcelaw.publish.changes import diff
from forcelaw.publish.editions import list_editions, read_graphs
from forcelaw.publish.pipeline import build
from forcelaw.server.app import create_app
from forcelaw.server.settings import Settings
from forcelaw.server.workers import WorkerPool
from forcelaw.store import load_release
from forcelaw.urls import header_uri
from tests.conftest import PROFILES, ROOT
from tests.server.html_page import parse

FL = Namespace("https://w3id.org/forcelaw/ontology#")
ID = "https://w3id.org/forcelaw/id/"
ROME = "/id/adherence/KZ/rome-statute"
SENTENCE = "Kazakhstan: Rome Statute status changed from Not party to Signatory"
FIRST = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
SECOND = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


THIRD = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
SITE = "https://w3id.org/forcelaw"
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
# What a 304 must carry as its 200 does (RFC 9110 §15.4.5), and the Memento headers
SAME_ON_304 = (
    "etag",
    "last-modified",
    "cache-control",
    "content-location",
    "vary",
    "link",
    "memento-datetime",
)


@dataclass(frozen=True)
class Two:
    dist: Path
    old: str
    new: str
    root: Path


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Two:
    """Two editions: the checkout's data with XA and XB added, then Kazakhstan's Rome Statute
    status changed from "Not party" to "Signatory" in a copy of KZ.txt."""
    root = tmp_path_factory.mktemp("editions")
    for folder in ("data", "ontology", "shapes", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    sources = root / "data" / "sources"
    manifest = json.loads((sources / "manifest.json").read_text(encoding="utf-8"))
    for code, name in (("XA", "Arcadia"), ("XB", "Borealia")):
        shutil.copy(PROFILES / f"{code}.txt", sources / f"{code}.txt")
        manifest["profiles"].append(
            {
                "code": code,
                "name": name,
                "file": f"{code}.txt",
                "source_url": f"https://example.org/profiles/{code}",
                "retrieved": "2026-01-05",
            }
        )
    (sources / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    dist = root / "dist"
    old = build(ProjectPaths(root), dist, created=FIRST).release.version
    kz = sources / "KZ.txt"
    text = kz.read_text(encoding="utf-8")
    changed = text.replace("Criminal Court | Not party |", "Criminal Court | Signatory |")
    assert changed != text
    kz.write_text(changed, encoding="utf-8")
    new = build(ProjectPaths(root), dist, created=SECOND).release.version
    return Two(dist, old, new, root)


@dataclass(frozen=True)
class Three:
    dist: Path
    versions: tuple[str, str, str]


@pytest.fixture(scope="module")
def three(two: Two, tmp_path_factory: pytest.TempPathFactory) -> Three:
    """``two``'s editions and a third: Rome Statute "Signatory" -> "State Party", two characters
    longer, so the IRIs that carry a character offset after it (absence statements, passages)
    are new IRIs, and the old ones are in the first two editions only."""
    root = tmp_path_factory.mktemp("three") / "project"
    shutil.copytree(two.root, root, symlinks=True)
    kz = root / "data" / "sources" / "KZ.txt"
    text = kz.read_text(encoding="utf-8")
    changed = text.replace("Criminal Court | Signatory |", "Criminal Court | State Party |")
    assert changed != text
    kz.write_text(changed, encoding="utf-8")
    third = build(ProjectPaths(root), root / "dist", created=THIRD).release.version
    return Three(root / "dist", (two.old, two.new, third))


def _serve(dist: Path, store: Path) -> Iterator[TestClient]:
    current = dist / "current"
    dataset = load_release(current, store)
    pool = WorkerPool(store, dataset, size=1, memory_mb=1024, queue_wait=5.0)
    app = create_app(Settings(release=current, workers=1), pool)
    with TestClient(app, base_url="http://127.0.0.1", follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def three_client(three: Three, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    yield from _serve(three.dist, tmp_path_factory.mktemp("three-store") / "store")


@pytest.fixture(scope="module")
def client(two: Two, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    yield from _serve(two.dist, tmp_path_factory.mktemp("editions-store") / "store")


# --- releases and changes ----------------------------------------------------------------------


def test_two_builds_give_two_editions_with_changelogs(two: Two) -> None:
    editions = list_editions(two.dist)
    assert [e.version for e in editions] == [two.old, two.new]
    assert editions[0].changes == ("First edition.",)
    assert editions[1].previous == two.old
    assert SENTENCE in editions[1].changes
    assert (editions[1].added, editions[1].removed) == (5, 5)  # adherence, profile, quote


def test_changeset_rdf_has_counts_and_the_sentence(two: Two) -> None:
    graph = Graph().parse(two.dist / "releases" / two.new / "changes.ttl", format="turtle")
    root = URIRef(f"{ID}changes/{two.new}")
    assert graph.value(root, FL.previousEdition) == Literal(two.old)
    assert int(graph.value(root, FL.triplesAdded)) == 5  # type: ignore[arg-type]
    assert Literal(SENTENCE, lang="en") in set(
        graph.objects(root, URIRef("http://purl.org/vocab/changeset/schema#changeReason"))
    )
    assert "metadata graph" in str(graph.value(root, RDFS.comment))
    part = URIRef(f"{root}/graph/KZ")
    assert int(graph.value(part, FL.triplesRemoved)) == 5  # type: ignore[arg-type]
    # the changeset vocabulary is written as cs: (rdflib named it ns1:)
    text = (two.dist / "releases" / two.new / "changes.ttl").read_text(encoding="utf-8")
    assert "@prefix cs: <http://purl.org/vocab/changeset/schema#> ." in text
    assert "ns1:" not in text and "a cs:ChangeSet" in text


def test_blank_nodes_are_compared_by_content(two: Two) -> None:
    once = read_graphs(two.dist / "releases" / two.old)
    again = read_graphs(two.dist / "releases" / two.old)  # fresh blank-node labels
    assert any(isinstance(t, BNode) for triple in once["ontology"] for t in triple)
    assert diff(once, again, "a", "b").graphs == ()
    changes = diff(once, read_graphs(two.dist / "releases" / two.new), two.old, two.new)
    assert [g.name for g in changes.graphs] == ["KZ"]
    resources = [r.resource for r in changes.graphs[0].resources]
    assert resources == [
        ID + "adherence/KZ/rome-statute",
        ID + "profile/KZ",
        ID + "profile/KZ/passage/1144-1211",  # its #quote: the exact text changed
    ]


def test_cli_releases_and_diff(two: Two, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["releases", "--out", str(two.dist)]) == 0
    listing = capsys.readouterr().out
    assert listing.index(two.new) < listing.index(two.old)
    assert f"* {two.new}" in listing and SENTENCE in listing
    assert "the metadata graph, the description of each edition, also changes" in listing
    assert main(["diff", two.old, two.new, "--out", str(two.dist), "--triples"]) == 0
    out = capsys.readouterr().out
    assert SENTENCE in out
    assert "graph KZ: +5 -5" in out
    assert "+5 -5 triples in the data graphs (the metadata graph also changes" in out
    assert "treaty-status/signatory" in out
    assert main(["diff", "nope", two.new, "--out", str(two.dist)]) == 2


def test_sentences_for_pronouncements_and_absences(two: Two) -> None:
    old = read_graphs(two.dist / "releases" / two.old)
    new = {name: Graph() + graph for name, graph in old.items()}
    kz = new["KZ"]
    report = URIRef(ID + "pronouncement/un-hrc/KZ/2026-concluding-observations")
    kz.add((report, RDF.type, FL.Pronouncement))
    kz.add((report, FL.subjectState, URIRef(ID + "state/KZ")))
    kz.add((report, FL.author, URIRef(ID + "body/un-human-rights-committee")))
    kind = URIRef(ID + "scheme/pronouncement-type/concluding-observations")
    kz.add((report, FL.documentType, kind))
    kz.add((report, URIRef("http://purl.org/dc/terms/date"), Literal("2026")))
    absent = URIRef(ID + "scheme/absence-kind/independent-police-oversight-body")
    oversight = next(kz.subjects(FL.absentKind, absent))
    kz.remove((oversight, None, None))
    sentences = diff(old, new, "a", "b").sentences
    assert sentences == (
        "Kazakhstan: no longer states there is no independent police oversight body",
        "Kazakhstan: new concluding observations of United Nations Human Rights Committee, 2026",
    )


# --- Memento ------------------------------------------------------------------------------------


def test_timegate_answers_both_dates(client: TestClient, two: Two) -> None:
    for when, version in (
        ("Sun, 01 Feb 2026 00:00:00 GMT", two.old),
        ("Wed, 01 Apr 2026 00:00:00 GMT", two.new),
        ("Mon, 01 Jan 2024 00:00:00 GMT", two.old),  # before the first: the first
    ):
        response = client.get(ROME, headers={"Accept-Datetime": when})
        assert response.status_code == 302, when
        assert response.headers["location"] == f"/release/{version}{ROME}"
        assert "accept-datetime" in response.headers["vary"].lower()
        assert 'rel="timemap"' in response.headers["link"]


def test_mementos_say_what_they_are(client: TestClient, two: Two) -> None:
    statuses = {}
    for version, created in ((two.old, FIRST), (two.new, SECOND)):
        response = client.get(f"/release/{version}{ROME}", headers={"Accept": "text/turtle"})
        assert response.status_code == 200
        assert response.headers["memento-datetime"] == created.strftime("%a, %d %b %Y %H:%M:%S GMT")
        link = response.headers["link"]
        assert f'<{ROME}>; rel="original timegate"' in link
        assert f'</timemap{ROME}>; rel="timemap"' in link
        statuses[version] = set(re.findall(r"treaty-status/([a-z-]+)", response.text))
    assert statuses == {two.old: {"not-party"}, two.new: {"signatory"}}


def test_current_answer_varies_on_accept_datetime(client: TestClient) -> None:
    response = client.get(ROME, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["vary"] == "Accept, accept-datetime"
    assert 'rel="original timegate"' in response.headers["link"]
    bad = client.get(ROME, headers={"Accept-Datetime": "yesterday"})
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert bad.json()["instance"] == f"urn:uuid:{bad.headers['x-request-id']}"
    exposed = response.headers["access-control-expose-headers"]
    assert {"Memento-Datetime", "Content-Location", "Link"} <= set(exposed.split(", "))


def test_the_timegate_reads_http_dates_only(client: TestClient, two: Two) -> None:
    """Accept-Datetime is an HTTP-date (RFC 7089 §2.1.1): a date in another zone or without
    its seconds was read as an e-mail date and redirected; asctime-date, an HTTP-date, was 400."""
    for when in (
        "Sun, 01 Feb 2026 00:00:00 +0500",
        "Sun, 01 Feb 2026 00:00:00 EST",
        "01 Feb 2026 00:00 GMT",
    ):
        refused = client.get(ROME, headers={"Accept-Datetime": when})
        assert refused.status_code == 400, when
        assert "accept-datetime" in refused.headers["vary"].lower()
    for when, version in (
        ("Sun Feb  1 00:00:00 2026", two.old),
        ("Wednesday, 01-Apr-26 00:00:00 GMT", two.new),
    ):
        gate = client.get(ROME, headers={"Accept-Datetime": when})
        assert gate.status_code == 302, when
        assert gate.headers["location"] == f"/release/{version}{ROME}"


def test_older_edition_pages_have_a_banner(client: TestClient, two: Two) -> None:
    old = client.get(f"/release/{two.old}{ROME}", headers={"Accept": "text/html"})
    assert "Older edition" in old.text and f'href="/release/{two.old}/id/state/KZ"' in old.text
    new = client.get(f"/release/{two.new}{ROME}", headers={"Accept": "text/html"})
    assert "Older edition" not in new.text and "the current edition" in new.text
    assert client.get(f"/release/nope{ROME}").status_code == 404


def test_timemap_lists_both_editions(client: TestClient, two: Two) -> None:
    response = client.get(f"/timemap{ROME}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/link-format")
    links = _link_format(response.text)
    assert links[0] == (ROME, {"rel": "original"})
    mementos = [(url, p) for url, p in links if "memento" in p["rel"].split()]
    expected = [f"/release/{two.old}{ROME}", f"/release/{two.new}{ROME}"]
    assert [url for url, _ in mementos] == expected
    assert mementos[0][1]["rel"] == "first memento"
    assert mementos[0][1]["datetime"] == "Sat, 10 Jan 2026 12:00:00 GMT"
    assert client.get("/timemap/id/nothing/here").status_code == 404


def test_each_edition_has_its_dumps_void_and_changes(client: TestClient, two: Two) -> None:
    answer = client.get(f"/release/{two.old}/dumps/manifest.json")
    assert answer.json()["version"] == two.old
    assert f'</release/{two.old}/.well-known/void>; rel="describedby"' in answer.headers["link"]
    void = client.get(f"/release/{two.old}/.well-known/void", headers={"Accept": "text/turtle"})
    assert f'"{two.old}"' in void.text and "bibliographicCitation" in void.text
    page = client.get(f"/release/{two.new}/changes")
    assert SENTENCE in page.text and "rome-statute" in page.text
    assert client.get(f"/release/{two.new}/changes.json").json()["previous"] == two.old
    assert client.get("/changes").headers["location"] == f"/release/{two.new}/changes"
    listing = client.get("/releases?format=json").json()
    assert [e["version"] for e in listing] == [two.new, two.old]


# --- citations ----------------------------------------------------------------------------------


def test_bibtex_parses_and_carries_the_passage(client: TestClient, two: Two) -> None:
    response = client.get(f"{ROME}.bib")
    assert response.headers["content-type"].startswith("application/x-bibtex")
    library = bibtexparser.parse_string(response.text)
    assert not library.failed_blocks
    (entry,) = library.entries
    fields = {f.key: f.value for f in entry.fields}
    assert fields["version"] == two.new
    assert "1998 Rome Statute of the International Criminal Court" in fields["note"]
    assert "retrieved 2026-11-25" in fields["note"]
    assert fields["url"] == f"https://w3id.org/forcelaw/release/{two.new}{ROME}"


def test_csl_json_renders_with_citeproc(client: TestClient) -> None:
    response = client.get(ROME, headers={"Accept": "application/vnd.citationstyles.csl+json"})
    assert response.headers["content-location"] == f"{ROME}.csl"
    items = response.json()
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(CpCitation([CitationItem(items[0]["id"])]))
    rendered = str(bibliography.bibliography()[0])
    assert "Rome Statute" in rendered and "2026" in rendered
    assert "Signatory" in items[0]["note"] or "Rome Statute" in items[0]["note"]


def test_ris_parses(client: TestClient, two: Two) -> None:
    (record,) = rispy.loads(client.get(f"{ROME}.ris").text)
    assert record["type_of_reference"] == "DATA"
    assert record["edition"] == two.new
    assert "Rome Statute" in " ".join(record["notes"])


def test_pages_have_cite_this(client: TestClient) -> None:
    for path in (ROME, "/id/state/KZ"):
        page = client.get(path, headers={"Accept": "text/html"}).text
        assert "Cite this" in page and f'href="{path}.bib"' in page
    assert client.get("/id/state/KZ.csl").json()[0]["archive_location"].startswith("https://")


# --- the comparison table -------------------------------------------------------------------------


def test_comparison_matches_the_graph_cell_by_cell(client: TestClient, two: Two) -> None:
    table = client.get("/compare?states=KZ,XA,XB&format=json").json()
    assert table["states"] == ["KZ", "XA", "XB"]
    cells = {row["state"]: row["cells"] for row in table["rows"]}
    graph = Graph()
    for g in read_graphs(two.dist / "current").values():
        graph += g
    checked = 0
    for adherence in graph.subjects(RDF.type, FL.TreatyAdherence):
        code = str(graph.value(adherence, FL.state)).rsplit("/", 1)[-1]
        cell = cells[code][str(graph.value(adherence, FL.treaty))]
        assert cell["value"] == str(graph.value(graph.value(adherence, FL.status), SKOS.notation))
        assert cell["facts"][0]["iri"] == str(adherence)
        assert cell["passages"], adherence
        checked += 1
    assert checked >= 18
    for statement in graph.subjects(RDF.type, FL.AbsenceStatement):
        kind = str(graph.value(statement, FL.absentKind)).rsplit("/", 1)[-1]
        column = {"use-of-force-legislation": "legislation",
                  "independent-police-oversight-body": "oversight"}.get(kind)  # fmt: skip
        if column:
            code = str(graph.value(statement, FL.state)).rsplit("/", 1)[-1]
            assert cells[code][column]["status"] == "absent"
            assert cells[code][column]["facts"][0]["iri"] == str(statement)
    assert cells["KZ"]["oversight"]["value"] == "No independent police oversight body (asserted)"
    assert cells["XA"]["legislation"]["value"].startswith("Yes: 2011 Police Act")
    assert cells["XA"]["oversight"]["status"] == "asserted"
    assert "Independent Police Complaints Office" in cells["XA"]["oversight"]["value"]
    regional = [c for c in table["columns"] if c["group"] == "treaties" and "Europe" in c["label"]]
    for column in regional:
        assert cells["KZ"][column["key"]]["status"] == "absent"
    counts: dict[tuple[str, str, str], int] = {}
    for item in graph.subjects(RDF.type, FL.Pronouncement):
        code = str(graph.value(item, FL.subjectState)).rsplit("/", 1)[-1]
        author = graph.value(item, FL.author)
        label = str(graph.value(author, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
        date = graph.value(item, URIRef("http://purl.org/dc/terms/date"))
        key = (code, label, str(date)[:4] if date is not None else "")
        counts[key] = counts.get(key, 0) + 1
    for (code, label, year), count in counts.items():
        assert cells[code][f"pronouncements:{label}:{year}"]["value"] == str(count)


def test_comparison_csv_html_and_choices(client: TestClient) -> None:
    rows = list(csv.reader(io.StringIO(client.get("/compare?states=KZ&format=csv").text)))
    assert rows[0][0] == "state" and rows[1][0] == "KZ" and "" not in rows[1]
    only = client.get("/compare?states=xa&columns=oversight,legislation&format=json").json()
    assert [c["key"] for c in only["columns"]] == ["oversight", "legislation"]
    assert client.get("/compare?states=ZZ").status_code == 400
    page = client.get("/compare?states=KZ,XA")
    assert page.status_code == 200 and 'class="absent"' in page.text


def test_comparison_rows_name_states_and_source_links_say_what_they_are(
    client: TestClient, two: Two
) -> None:
    """A row is headed by the state's name (it was its code alone) and each passage link says
    whose and which column's passage it opens (each was "[source]", the same ten times over)."""
    graph = Graph()
    for g in read_graphs(two.dist / "current").values():
        graph += g
    names = {
        str(code): str(graph.value(state, RDFS.label))
        for state, code in graph.subject_objects(FL.isoCode)
        if (state, RDF.type, FL.State) in graph
    }
    table = client.get("/compare?states=KZ,XA&columns=treaties,oversight&format=json").json()
    assert table["names"] == {"KZ": names["KZ"], "XA": names["XA"]}
    page = client.get("/compare?states=KZ,XA&columns=treaties,oversight").text
    for code in ("KZ", "XA"):
        header = f'<th scope="row"><a href="/id/state/{code}">{names[code]}</a>'
        assert header in page
        assert f'value="{code}" checked> {names[code]} ({code})</label>' in page
    assert "[source]" not in page
    labels = {c["label"] for c in table["columns"]}
    links = re.findall(r'<a class="passage-link" href="([^"]+)"[^>]*>(.*?)</a>', page)
    assert len(links) >= 5
    for href, text in links:
        hidden = re.fullmatch(r'source<span class="visually-hidden">(?: \d+)?: (.*)</span>', text)
        assert hidden is not None, text
        state, column, passage = hidden.group(1).split(", ", 2)
        assert state in names.values() and column in labels
        assert passage.startswith("the passage “") and href.startswith("/id/profile/")


def test_a_state_without_a_label_is_named_by_its_code() -> None:
    from forcelaw.server.compare import Table, state_names
    from forcelaw.terms import Lit

    rows = [
        {"code": Lit("KZ"), "name": Lit("Kasachstan", lang="de")},
        {"code": Lit("KZ"), "name": Lit("Kazakhstan", lang="en")},
        {"code": Lit("ZZ"), "name": Lit("Nowhere", lang="en")},
    ]
    table = Table(["KZ", "XA"], [], names=state_names(rows, ["KZ", "XA"]))  # type: ignore[arg-type]
    assert (table.name("KZ"), table.name("XA")) == ("Kazakhstan", "XA")
    assert "ZZ" not in table.names


def _link_format(text: str) -> list[tuple[str, dict[str, str]]]:
    """A small RFC 6690 reader: ``<url>; key="value"; ...`` entries separated by commas."""
    out = []
    for entry in re.findall(r'<[^>]*>(?:\s*;\s*[a-z]+="[^"]*")*', text):
        url = entry[1 : entry.index(">")]
        params = dict(re.findall(r'([a-z]+)="([^"]*)"', entry))
        out.append((url, params))
    return out


def test_the_releases_folder_is_looked_at_once_a_second(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from forcelaw.server import editions as editions_module

    found: editions_module.Editions = client.app.state.editions  # type: ignore[attr-defined]
    looks: list[str] = []
    real_stat = editions_module.os.stat

    def counting_stat(path: object, **options: object) -> os.stat_result:
        if path == found.releases:
            looks.append(str(path))
        return real_stat(path, **options)  # type: ignore[arg-type]

    now = [1000.0]
    monkeypatch.setattr(editions_module.os, "stat", counting_stat)
    monkeypatch.setattr(editions_module.time, "monotonic", lambda: now[0])
    found._listing, found._looked = None, 0.0  # as at start-up
    first = found.all()
    assert len(first) == 2 and looks
    seen = len(looks)
    for _ in range(100):
        assert found.all() == first  # within the second: no new look
    assert len(looks) == seen
    now[0] += editions_module.LOOK_EVERY
    assert found.all() == first and len(looks) > seen  # a second later it looks again


def test_graph_files_read_as_rdflib_reads_them(release_dir: Path, tmp_path: Path) -> None:
    """The previous edition is read with pyoxigraph's parser: the same graphs as rdflib's (blank
    nodes fresh either way), and a damaged file is a ReleaseError naming it."""
    from rdflib.compare import isomorphic

    from forcelaw.errors import ReleaseError
    from forcelaw.publish.editions import read_turtle

    files = sorted((release_dir / "graphs").glob("*.ttl"))
    assert len(files) >= 4
    for file in files:
        ours, theirs = read_turtle(file), Graph().parse(file, format="turtle")
        assert len(ours) == len(theirs) and isomorphic(ours, theirs), file.name
    lexical = tmp_path / "lexical.ttl"
    lexical.write_text(
        '<http://e/s> <http://e/p> 01, 1.50, true, "x"@en-GB, "y", "2026"^^<http://e/T>, [] .\n',
        encoding="utf-8",
    )
    assert isomorphic(read_turtle(lexical), Graph().parse(lexical, format="turtle"))
    lower = tmp_path / "lower.ttl"
    lower.write_text(lexical.read_text().replace("en-GB", "en-gb"), encoding="utf-8")
    assert isomorphic(read_turtle(lower), Graph().parse(lower, format="turtle"))
    copy = tmp_path / "release"
    shutil.copytree(release_dir, copy, ignore=shutil.ignore_patterns("site", "store"))
    (copy / "graphs" / "KZ.ttl").write_text("<http://e/s> <http://e/p> .\n", encoding="utf-8")
    with pytest.raises(ReleaseError, match=r"KZ\.ttl: cannot read the graph"):
        read_graphs(copy)


# --- the TimeGate among the editions that describe a resource -------------------------------------


def _plain_iris(path: Path) -> set[str]:
    """The IRIs under the base that are subjects in an edition (fragments folded), as paths can
    carry them unencoded."""
    from forcelaw.server.editions import _subjects

    return {
        iri
        for iri in _subjects(path / "dataset.nq")
        if iri.startswith(ID) and re.fullmatch(r"[A-Za-z0-9/_.-]+", iri[len(ID) :])
    }


def test_timegate_redirects_only_to_mementos_that_exist(
    three_client: TestClient, three: Three
) -> None:
    first, second, third = three.versions
    held = [_plain_iris(three.dist / "releases" / v) for v in three.versions]
    gone = sorted((held[0] & held[1]) - held[2])  # offsets after the change: renamed
    fresh = sorted(held[2] - held[1] - held[0])
    assert gone and fresh
    late, between, early = (
        "Fri, 01 Jan 2027 00:00:00 GMT",
        "Sun, 01 Feb 2026 00:00:00 GMT",
        "Mon, 01 Jan 2024 00:00:00 GMT",
    )
    cases = [
        (gone[0], late, second),  # the latest edition that has it, not the one in force
        (gone[0], between, first),
        (fresh[0], between, third),  # none at or before: the first after
        (fresh[0], early, third),
        (fresh[0], late, third),
        (ID + "state/KZ", between, first),  # in every edition: the one in force
        (ID + "state/KZ", late, third),
    ]
    for iri, when, version in cases:
        path = "/id/" + iri[len(ID) :]
        gate = three_client.get(path, headers={"Accept-Datetime": when})
        assert gate.status_code == 302, (iri, when)
        assert gate.headers["location"] == f"/release/{version}{path}", (iri, when)
    for iri in [*gone[:8], *fresh[:8]]:
        path = "/id/" + iri[len(ID) :]
        timemap = three_client.get(f"/timemap{path}").text
        listed = {u for u, p in _link_format(timemap) if "memento" in p["rel"].split()}
        for when in (early, between, late):
            location = three_client.get(path, headers={"Accept-Datetime": when}).headers["location"]
            assert location in listed, (iri, when)
            followed = three_client.get(location, headers={"Accept": "text/turtle"})
            assert followed.status_code == 200, location
    nowhere = three_client.get("/id/state/ZZ", headers={"Accept-Datetime": late})
    assert nowhere.status_code == 404
    assert nowhere.headers["content-type"].startswith("application/problem+json")
    assert "accept-datetime" in nowhere.headers["vary"].lower()


def test_issued_is_the_first_editions_day(three_client: TestClient, three: Three) -> None:
    """dct:issued of the dataset and catalogue stays the first edition's day; dct:modified is
    each edition's own."""
    for version, created in zip(three.versions, (FIRST, SECOND, THIRD), strict=True):
        graph = _void(three_client, version)
        for subject in (URIRef(ID + "dataset"), URIRef(ID + "catalog")):
            assert graph.value(subject, DCT.issued) == Literal(FIRST.date())
            assert graph.value(subject, DCT.modified) == Literal(created.date())


# --- what each edition's description says about its files ----------------------------------------


def _void(client: TestClient, version: str) -> Graph:
    response = client.get(f"/release/{version}/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    return Graph().parse(data=response.content, format="turtle")


def test_an_editions_description_names_its_own_documents(client: TestClient, two: Two) -> None:
    """Its Content-Location and alternates are the edition's (they named the current
    edition's /.well-known/void?format=ttl), and each alternate answers that edition's bytes."""
    for prefix in (f"/release/{two.old}", ""):
        void = client.get(f"{prefix}/.well-known/void", headers={"Accept": "text/turtle"})
        assert void.headers["content-location"] == f"{prefix}/.well-known/void?format=ttl"
        links = void.headers["link"]
        for suffix in ("ttl", "nt", "jsonld", "rdf", "trig", "nq"):
            assert f'<{prefix}/.well-known/void.{suffix}>; rel="alternate"' in links
        assert ".well-known/void.html" not in links  # browsers are sent to /id/dataset
        turtle = client.get(f"{prefix}/.well-known/void.ttl")
        assert turtle.status_code == 200 and turtle.content == void.content
    old = client.get(f"/release/{two.old}/.well-known/void.nt").text
    assert f'"{two.old}"' in old and f'"{two.new}"' not in old
    assert client.get(f"/release/{two.old}/.well-known/void.pdf").status_code == 404


def test_every_download_url_serves_the_bytes_its_edition_describes(
    client: TestClient, two: Two
) -> None:
    """Each edition's distributions, older and current: the bytes at every dcat:downloadURL
    have its spdx:checksum and dcat:byteSize, or (for the files that hold the description) the
    SHA-256 that edition's SHA256SUMS gives; the same with the current edition's description at
    /.well-known/void."""
    current = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    descriptions = [
        (two.old, _void(client, two.old)),
        (two.new, _void(client, two.new)),
        (two.new, Graph().parse(data=current.content, format="turtle")),
    ]
    for version, graph in descriptions:
        checked = 0
        for dist, url in graph.subject_objects(DCAT.downloadURL):
            assert str(url).startswith(f"{SITE}/release/{version}/dumps/"), url
            body = client.get(str(url).removeprefix(SITE)).content
            checksum = graph.value(dist, SPDX.checksum)
            if checksum is None:
                sums_url = graph.value(dist, RDFS.seeAlso)
                assert sums_url == URIRef(f"{SITE}/release/{version}/dumps/SHA256SUMS")
                sums = client.get(str(sums_url).removeprefix(SITE)).text
                name = str(url).rsplit("/dumps/", 1)[1]
                line = f"{hashlib.sha256(body).hexdigest()}  {name}"
                assert line in sums.splitlines(), (version, name)
            else:
                value = graph.value(checksum, SPDX.checksumValue)
                assert str(value) == hashlib.sha256(body).hexdigest(), (version, url)
                assert int(graph.value(dist, DCAT.byteSize)) == len(body)  # type: ignore[arg-type]
            checked += 1
        assert checked >= 30, version
    # the older edition's changes.ttl differs from the current one's: a real test of the URLs
    old_changes = client.get(f"/release/{two.old}/dumps/changes.ttl").content
    assert old_changes != client.get("/dumps/changes.ttl").content


# --- a 304 carries what its 200 carries -----------------------------------------------------------


def test_a_304_carries_the_headers_of_its_200(client: TestClient, two: Two) -> None:
    site = client.app.state.site  # type: ignore[attr-defined]
    turtle = {"Accept": "text/turtle"}
    cases = [
        (ROME, turtle),  # a current document, negotiated (a static file)
        (f"{ROME}.ttl", {}),  # a static file by its suffix
        (ROME, {"Accept": "text/html"}),
        (f"/release/{two.old}{ROME}", turtle),  # a memento
        (f"/release/{two.old}{ROME}.ttl", {}),
        (f"/release/{two.new}{ROME}", {"Accept": "text/html"}),
    ]
    for path, headers in cases:
        _same_headers_on_304(client, path, headers)
    # Rendered on request (the release without its static site): by the view, then from the
    # document cache (the fast path)
    saved = site.memo.get("static")
    site.memo["static"] = {}
    try:
        for path, headers in ((ROME, turtle), (f"{ROME}.nt", {})):
            _same_headers_on_304(client, path, headers)
            _same_headers_on_304(client, path, headers)
    finally:
        site.memo["static"] = saved


def _same_headers_on_304(client: TestClient, path: str, headers: dict[str, str]) -> None:
    full = client.get(path, headers=headers)
    assert full.status_code == 200, path
    for condition in (
        {"If-None-Match": full.headers["etag"]},
        {"If-Modified-Since": full.headers["last-modified"]},
    ):
        again = client.get(path, headers={**headers, **condition})
        assert again.status_code == 304, (path, condition)
        for name in SAME_ON_304:
            assert again.headers.get(name) == full.headers.get(name), (path, name)
    if path.startswith("/id/"):
        assert "accept-datetime" in full.headers["vary"] and 'rel="timemap"' in full.headers["link"]
    else:
        assert "memento-datetime" in full.headers


def test_a_suffixed_memento_links_its_resource_and_timemap(client: TestClient, two: Two) -> None:
    """The original of ``/release/V/id/X.ttl`` is ``/id/X`` and its TimeMap is X's, which lists
    the memento ``/release/V/id/X`` of the same resource."""
    for suffix in (".ttl", ".jsonld", ".html", ""):
        response = client.get(f"/release/{two.old}{ROME}{suffix}", headers={"Accept": "*/*"})
        assert response.status_code == 200
        link = response.headers["link"]
        assert f'<{ROME}>; rel="original timegate"' in link, suffix
        assert f'</timemap{ROME}>; rel="timemap"' in link, suffix
        assert f"<{ROME}{suffix}>; rel" not in link or not suffix
    timemap = _link_format(client.get(f"/timemap{ROME}").text)
    assert timemap[0] == (ROME, {"rel": "original"})
    assert f"/release/{two.old}{ROME}" in [url for url, _ in timemap]


# --- citations are documents too ------------------------------------------------------------------


def test_citations_answer_conditional_gets_and_link_like_documents(client: TestClient) -> None:
    bibtex = {"Accept": "application/x-bibtex"}
    ttl_etag = client.get(f"{ROME}.ttl").headers["etag"]
    for path, headers in (
        (f"{ROME}.bib", {}),
        (f"{ROME}.csl", {}),
        (f"{ROME}.ris", {}),
        (ROME, bibtex),
        (f"/release/{client.app.state.site.version}{ROME}.bib", {}),  # type: ignore[attr-defined]
    ):
        full = client.get(path, headers=headers)
        assert full.status_code == 200
        assert full.headers["etag"].startswith('W/"') and full.headers["etag"] != ttl_etag
        assert full.headers["last-modified"]
        link = full.headers["link"]
        local = path.split("/id/", 1)[0] + ROME  # a memento's alternates are the edition's
        for expected in ('rel="license"', 'rel="describedby"', 'rel="timemap"'):
            assert expected in link, (path, expected)
        for suffix in ("bib", "ris", "ttl", "html"):
            assert f'<{local}.{suffix}>; rel="alternate"' in link, (path, suffix)
        _same_headers_on_304(client, path, headers)
    negotiated = client.get(ROME, headers=bibtex)
    assert negotiated.headers["content-location"] == f"{ROME}.bib"
    assert negotiated.headers["vary"].startswith("Accept")
    # A copy from an earlier day is not current: the citation names the day it was accessed.
    stale = client.get(
        f"{ROME}.bib", headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}
    )
    assert stale.status_code == 200


# --- every minted IRI dereferences ----------------------------------------------------------------


def test_every_iri_under_the_base_dereferences(client: TestClient, two: Two) -> None:
    """Every IRI under the base in the current edition's dump and its other Turtle files
    (changeset, quality, validation report) answers 200 or 303 (the changeset's IRIs go to the
    edition's changes, the quality measurements' to its quality.ttl, in Turtle or as a page)."""
    release = two.dist / "releases" / two.new
    found: set[str] = set()
    for file in ["dataset.nq", *(p.name for p in release.glob("*.ttl"))]:
        # the terms the file states (a prefix it declares is not an IRI it uses)
        text = Dataset().parse(release / file).serialize(format="nquads")
        found |= {iri.split("#", 1)[0] for iri in re.findall(r"<(" + ID + r"[^>]*)>", text)}
    found |= {ID + prefix for prefix in ("changes/" + two.new, f"changes/{two.new}/graph/KZ")}
    assert len(found) > 300
    bad = {}
    for iri in sorted(found):
        response = client.get(
            header_uri("/id/" + iri[len(ID) :]), headers={"Accept": "text/turtle"}
        )
        if response.status_code not in (200, 303):
            bad[iri] = response.status_code
    assert bad == {}
    changeset = client.get(f"/id/changes/{two.new}", headers={"Accept": "text/turtle"})
    assert changeset.headers["location"] == f"/release/{two.new}/changes.ttl"
    assert "Accept" in changeset.headers["vary"]
    followed = client.get(changeset.headers["location"])
    assert URIRef(ID + "changes/" + two.new) in set(
        Graph().parse(data=followed.content, format="turtle").subjects()
    )
    page = client.get(f"/id/changes/{two.new}/graph/KZ", headers={"Accept": "text/html"})
    assert page.headers["location"] == f"/release/{two.new}/changes#graph-KZ"
    assert client.get("/id/changes/nope").status_code == 404
    quality = ID + f"quality/{two.new}/instances-State"
    assert quality in found
    measured = client.get(header_uri("/id/" + quality[len(ID) :]))
    assert measured.status_code == 303 and "Accept" in measured.headers["vary"]
    assert measured.headers["location"] == f"/release/{two.new}/dumps/quality.ttl"
    followed = client.get(measured.headers["location"])
    assert URIRef(quality) in set(Graph().parse(data=followed.content, format="turtle").subjects())
    browser = client.get(f"/id/quality/{two.old}/warnings", headers={"Accept": "text/html"})
    assert browser.headers["location"] == f"/release/{two.old}/dumps/"
    assert client.get(f"/id/quality/{two.new}", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/id/quality/nope/warnings").status_code == 404


def test_the_comparison_form_sends_what_the_table_reads(client: TestClient) -> None:
    page = client.get("/compare?states=KZ,XA,XB&columns=oversight").text
    form = re.search(r'<form method="get" action="([^"]+)"[^>]*>(.*?)</form>', page, re.S)
    assert form is not None and re.search(r'<button type="submit"', form.group(2))
    boxes = re.findall(
        r'<input type="checkbox" name="(\w+)" value="([^"]+)"([^>]*)>', form.group(2)
    )
    assert boxes and not any("disabled" in rest for _, _, rest in boxes)
    ticked = [(name, value) for name, value, rest in boxes if "checked" in rest]
    assert ticked == [
        ("states", "KZ"),
        ("states", "XA"),
        ("states", "XB"),
        ("columns", "oversight"),
    ]
    # what a browser sends for the boxes ticked: one pair each, the name repeated
    sent = client.get(form.group(1), params=[*ticked[:2], ticked[3], ("format", "json")]).json()
    assert sent["states"] == ["KZ", "XA"] and [c["key"] for c in sent["columns"]] == ["oversight"]
    as_link = client.get("/compare?states=KZ,XA&columns=oversight&format=json").json()
    assert sent == as_link
    everything = client.get("/compare?format=json").json()
    assert client.get("/compare?states=&columns=&format=json").json() == everything
    refused = client.get(form.group(1), params=[("states", "KZ"), ("states", "ZZ")])
    assert refused.status_code == 400 and "ZZ" in refused.json()["detail"]


def test_the_list_of_editions_is_json_for_a_program_that_asks_for_json(
    client: TestClient, two: Two
) -> None:
    listed = client.get("/releases", headers={"Accept": "application/json"})
    assert listed.status_code == 200
    assert listed.headers["content-type"] == "application/json"
    assert [e["version"] for e in listed.json()] == [two.new, two.old]
    assert "Accept" in listed.headers["vary"]
    page = client.get("/releases", headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html") and "Accept" in page.headers["vary"]
    assert page.headers["etag"] != listed.headers["etag"]
    # the page's tag does not revalidate the JSON
    again = client.get(
        "/releases", headers={"Accept": "application/json", "If-None-Match": page.headers["etag"]}
    )
    assert again.status_code == 200 and again.json() == listed.json()
    for accept in ("*/*", "text/turtle"):  # no preference, or neither: the page
        answer = client.get("/releases", headers={"Accept": accept})
        assert answer.headers["content-type"].startswith("text/html")


def test_each_link_of_the_editions_page_says_which_edition(client: TestClient, two: Two) -> None:
    """Each edition's row linked "dumps" and "VoID": one text for two destinations a row."""
    page = parse(client.get("/releases", headers={"Accept": "text/html"}).text)
    rows = page.find("table").find("tbody").find_all("tr")
    assert len(rows) == 2
    texts: dict[str, str] = {}
    for row in rows:
        for a in row.find_all("a"):
            assert texts.setdefault(a.text, a.attrs["href"]) == a.attrs["href"], a.text
