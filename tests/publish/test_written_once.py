"""A release writes each graph once (``dumps.texts``) and counts the data once for the VoID
statistics (``void._Tally``); what it writes must be what the functions write on their own."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from forcelaw.graph.build import ProjectPaths, assemble
from forcelaw.publish import dumps, void
from forcelaw.publish.release import content_version, write_release
from forcelaw.terms import Iri, from_rdflib

BASE = "https://w3id.org/forcelaw/id/"
EX = "https://w3id.org/forcelaw/id/test/"


def _naive(graphs: list[Graph], base: str) -> void.Statistics:
    """The statistics straight from their definition: the union, then each count."""
    union = {t for g in graphs for t in g}
    subjects = {s for s, _, _ in union}
    classes: dict[str, set[object]] = {}
    properties: dict[str, int] = {}
    for s, p, o in union:
        properties[str(p)] = properties.get(str(p), 0) + 1
        if p == RDF.type:
            classes.setdefault(str(o), set()).add(s)
    return void.Statistics(
        triples=len(union),
        entities=sum(1 for s in subjects if isinstance(s, URIRef) and str(s).startswith(base)),
        distinct_subjects=len(subjects),
        classes={c: len(m) for c, m in classes.items()},
        properties=properties,
    )


def test_statistics_count_a_triple_in_two_graphs_once() -> None:
    a, b = Graph(), Graph()
    x, y = URIRef(EX + "x"), URIRef("http://example.org/y")
    shared = (x, RDF.type, URIRef(EX + "C"))
    a.add(shared)
    b.add(shared)
    a.add((x, RDFS.label, Literal("x")))
    b.add((y, RDF.type, URIRef(EX + "C")))
    b.add((y, RDFS.label, Literal("y", lang="en")))
    stats = void.statistics([a, b], BASE)
    assert stats == _naive([a, b], BASE)
    assert stats.triples == 4 and stats.entities == 1 and stats.distinct_subjects == 2
    assert stats.classes == {EX + "C": 2}
    assert stats.properties == {str(RDF.type): 2, str(RDFS.label): 2}


def test_a_tally_grows_without_changing(paths: ProjectPaths) -> None:
    graphs = assemble(paths).graphs
    data = void._Tally().adding(graphs.values())
    before = data.statistics(BASE)
    extra = Graph()
    extra.add((URIRef(EX + "new"), RDF.type, URIRef(EX + "C")))
    extra.add(next(iter(graphs["KZ"])))  # already in the data: not counted again
    grown = data.adding([extra]).statistics(BASE)
    assert data.statistics(BASE) == before == _naive(list(graphs.values()), BASE)
    assert grown == _naive([*graphs.values(), extra], BASE)
    assert grown.triples == before.triples + 1
    assert data.statistics_with(extra, BASE) == grown
    assert data.statistics(BASE) == before  # left as it was


def test_statistics_with_a_graph_count_what_adding_it_counts() -> None:
    """New and known subjects, a new member of a known class, a new class, a triple twice."""
    data = void._Tally().adding([_small_graph()])
    extra = Graph()
    known, new = URIRef(EX + "x"), URIRef(EX + "n")
    extra.add((known, RDF.type, URIRef(EX + "C")))  # already counted
    extra.add((known, RDF.type, URIRef(EX + "D")))  # a known subject in a new class
    extra.add((new, RDF.type, URIRef(EX + "C")))  # a new member of a known class
    extra.add((new, RDFS.label, Literal("n")))
    extra.add((URIRef("http://example.org/outside"), RDFS.label, Literal("o")))
    expected = data.adding([extra]).statistics(BASE)
    assert data.statistics_with(extra, BASE) == expected
    assert expected.classes == {EX + "C": 2, EX + "D": 1}
    assert expected.entities == 2 and expected.distinct_subjects == 3


def test_statistics_of_blank_and_literal_classes_follow_their_definition() -> None:
    """The tally counts N-Triples lines: a class that is a blank node or (oddly) a literal, a
    subject outside the base, a literal with escapes, all named as ``str()`` of the term."""
    graph = _small_graph()
    graph.add((URIRef(EX + "y"), RDF.type, BNode("cls")))
    graph.add((BNode("s"), RDF.type, Literal('a "quoted"\nclass', lang="en")))
    graph.add((URIRef(EX + "\u00e9t\u00e9"), RDFS.label, Literal("tab\there")))
    graph.add((URIRef("http://example.org/z"), RDF.type, URIRef(EX + "C")))
    stats = void.statistics([graph], BASE)
    assert stats == _naive([graph], BASE)
    assert stats.classes == {EX + "C": 2, "cls": 1, 'a "quoted"\nclass': 1}
    assert stats.entities == 3


def test_a_description_from_written_lines_is_the_one_from_the_graphs(
    paths: ProjectPaths,
) -> None:
    graphs = assemble(paths).graphs
    lines = {name: text.ntriples for name, text in dumps.texts(graphs, workers=1).items()}
    files = [void.FileInfo("graphs/KZ.ttl", 10, "0" * 64, "text/turtle")]
    states = {"KZ": "Kazakhstan"}
    alone = void.describe(graphs, "2026-01-01-x", "2026-01-01", files, states, BASE)
    given = void.describe(graphs, "2026-01-01-x", "2026-01-01", files, states, BASE, lines)
    assert dumps.canonical_ntriples(given) == dumps.canonical_ntriples(alone)


def _small_graph() -> Graph:
    graph = Graph()
    graph.add((URIRef(EX + "x"), RDF.type, URIRef(EX + "C")))
    graph.add((URIRef(EX + "x"), RDFS.label, Literal("x")))
    return graph


def test_texts_are_what_each_serializer_writes(paths: ProjectPaths) -> None:
    graphs = assemble(paths).graphs
    texts = dumps.texts(graphs, workers=1)
    assert list(texts) == sorted(graphs)
    for name, graph in graphs.items():
        assert texts[name][:2] == (dumps.turtle(graph), dumps.canonical_ntriples(graph))
    assert dumps.dataset_jsonld(graphs, BASE, texts) == dumps.dataset_jsonld(graphs, BASE)
    assert dumps.dataset_jsonld(graphs, "http://example.org/base/", texts) == (
        dumps.dataset_jsonld(graphs, "http://example.org/base/")
    )
    assert dumps.canonical_nquads(graphs, BASE, texts) == dumps.canonical_nquads(graphs, BASE)
    assert dumps.union_ntriples(graphs, texts) == dumps.union_ntriples(graphs)
    assert dumps.trig(graphs, BASE, texts) == dumps.trig(graphs, BASE)
    day = "2026-01-01"
    assert content_version(graphs, day, BASE, texts) == content_version(graphs, day, BASE)


def test_a_release_from_given_texts_is_the_release_without(
    paths: ProjectPaths, tmp_path: Path
) -> None:
    graphs = assemble(paths).graphs
    states = {"KZ": "Kazakhstan"}
    from datetime import UTC, datetime

    created = datetime(2026, 1, 1, tzinfo=UTC)
    own = write_release(graphs, tmp_path / "own", states, created=created)
    given = write_release(
        graphs, tmp_path / "given", states, created=created, texts=dumps.texts(graphs)
    )
    assert own.version == given.version
    names = sorted(p.relative_to(own.path) for p in own.path.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(given.path) for p in given.path.rglob("*") if p.is_file())
    for name in names:
        assert (own.path / name).read_bytes() == (given.path / name).read_bytes(), name


def test_terms_from_rdflib() -> None:
    assert from_rdflib(URIRef(EX)) == Iri(EX)
    literal = from_rdflib(Literal("x", lang="en"))
    assert getattr(literal, "lang", None) == "en"


def test_the_build_leaves_its_data_out_of_collections_only_while_it_runs(
    paths: ProjectPaths, tmp_path: Path
) -> None:
    import gc

    import pytest

    from forcelaw import memory
    from forcelaw.graph import build as build_module
    from forcelaw.publish import pipeline

    assert gc.get_freeze_count() == 0
    with memory.kept_alive() as keep:
        keep()
        assert gc.get_freeze_count() > 0
        frozen = gc.get_freeze_count()
        made = [[object()] for _ in range(1000)]  # alive: kept
        garbage = [[] for _ in range(1000)]
        for item in garbage:
            item.append(item)  # a cycle, unreachable once the list goes
        del garbage
        keep()
        assert gc.get_freeze_count() >= frozen + 1000
        assert len(made) == 1000
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), memory.kept_alive() as keep:
        keep()
        raise RuntimeError("a failed build")
    assert gc.get_freeze_count() == 0

    settled: list[int] = []
    assembled = build_module.assemble(paths, settle=lambda: settled.append(1))
    assert len(settled) == len(assembled.states) + 1  # the shared graphs, then each state

    seen: list[int] = []
    real_assemble = build_module.assemble

    def spying(*args: object, **kwargs: object) -> object:
        result = real_assemble(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(gc.get_freeze_count())
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "assemble", spying)
        pipeline.build(paths, tmp_path / "dist")
    assert seen and seen[0] > 0  # the build's graphs were left out while it ran
    assert gc.get_freeze_count() == 0


def test_a_build_of_unchanged_graphs_says_so_without_reading_the_previous_edition(
    paths: ProjectPaths, tmp_path: Path
) -> None:
    import json
    from datetime import UTC, datetime

    import pytest

    from forcelaw.publish import changes, editions, pipeline

    dist = tmp_path / "dist"
    first = pipeline.build(paths, dist, created=datetime(2026, 1, 1, tzinfo=UTC))
    texts = dumps.texts(first.assembled.graphs, workers=1)
    turtles = {name: text.turtle for name, text in texts.items()}
    assert editions.same_graphs(first.release.path, turtles)

    # What the full comparison says of the same graphs: nothing changed.
    full = changes.diff(editions.read_graphs(first.release.path), first.assembled.graphs, "a", "b")
    assert full.graphs == () and full.sentences == ()

    def unread(path: Path) -> None:
        raise AssertionError(f"read {path}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(editions, "read_graphs", unread)
        second = pipeline.build(paths, dist, created=datetime(2026, 1, 2, tzinfo=UTC))
    assert second.release.version != first.release.version
    assert second.changes == changes.Changeset(
        first.release.version, second.release.version, (), ()
    )
    log = json.loads((second.release.path / editions.CHANGELOG_FILE).read_text())
    assert log["previous"] == first.release.version

    # Any difference in names or bytes, or an unreadable manifest: compare the graphs.
    changed = dict(turtles)
    changed["KZ"] += "\n"
    assert not editions.same_graphs(first.release.path, changed)
    assert not editions.same_graphs(first.release.path, {**turtles, "XX": ""})
    assert not editions.same_graphs(
        first.release.path, {k: v for k, v in turtles.items() if k != "KZ"}
    )
    assert editions.same_graphs(first.release.path, {**turtles, "metadata": "ignored"})
    assert not editions.same_graphs(tmp_path / "nowhere", turtles)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text('{"graphs": [{"file": 1}]}', encoding="utf-8")
    assert not editions.same_graphs(broken, turtles)


def test_the_comparisons_union_answers_as_an_rdflib_union(paths: ProjectPaths) -> None:
    """The change sentences read a side's union through ``changes._Union``; every lookup they
    make gives what the rdflib graph of the same triples, added in the same order, gives."""
    from rdflib import Graph as RdflibGraph

    from forcelaw.publish import changes

    graphs = dict(assemble(paths).graphs)
    extra = RdflibGraph()  # several values, one triple also in another graph, in a set order
    s, p = URIRef(EX + "s"), URIRef(EX + "p")
    for value in ("b", "a", "c"):
        extra.add((s, p, Literal(value)))
    extra.add(next(iter(graphs["KZ"])))
    graphs["extra"] = extra
    union, rdflib_union = changes._Union(), RdflibGraph()
    for graph in graphs.values():
        union.add_all(graph)
        rdflib_union += graph
    assert set(union.objects(s, p)) == {Literal("a"), Literal("b"), Literal("c")}
    pairs = {(t[0], t[1]) for t in rdflib_union}
    for subject, predicate in pairs:
        assert union.objects(subject, predicate) == list(rdflib_union.objects(subject, predicate))
        assert union.value(subject, predicate) == rdflib_union.value(subject, predicate)
    for predicate, obj in {(t[1], t[2]) for t in rdflib_union}:
        assert set(union.subjects(predicate, obj)) == set(rdflib_union.subjects(predicate, obj))
    assert union.value(URIRef(EX + "nothing"), p) is None
    assert union.objects(URIRef(EX + "nothing"), p) == [] == union.subjects(p, URIRef(EX))


def test_the_dataset_json_ld_joined_from_parts_is_the_whole_written_at_once() -> None:
    """``dataset_document_from`` joins the graphs' parts as ``json`` would write the whole:
    text outside ASCII, quotes, backslashes and control characters included; a graph missing
    from ``texts`` makes ``dataset_jsonld`` write the whole itself."""
    first, second = Graph(), Graph()
    subject = URIRef(EX + "s")
    first.add((subject, RDFS.label, Literal('Қазақстан "quoted" \\ back\tslash\u2028', lang="kk")))
    first.add((subject, RDF.type, URIRef(EX + "C")))
    second.add((URIRef(EX + "é"), RDFS.comment, Literal("1", datatype=URIRef(EX + "t"))))
    graphs = {"b": second, "a": first, "empty": Graph()}
    texts = dumps.texts(graphs, workers=1)
    whole = dumps.dataset_jsonld(graphs, BASE)
    assert dumps.dataset_jsonld(graphs, BASE, texts) == whole
    assert dumps.dataset_jsonld(graphs, BASE, {"a": texts["a"]}) == whole
    assert json.loads(whole)["@graph"][0]["@id"] == BASE + "graph/a"
