"""The static renderer's reader (``IndexedReader``) gives each page what ``Reader``'s queries give,
on every resource of the checkout's release and on data made to hit each corner of the queries'
semantics; where those leave the answer to the engine, it asks the store."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from forcelaw import release_store
from forcelaw.formats import Kind, formats_for
from forcelaw.server.describe import INCOMING_PAGE, Description, Reader, Row
from forcelaw.server.quad_index import IndexedReader, QuadIndex, Unsure, incoming_page
from forcelaw.server.render import InProcessStore, resource_paths
from forcelaw.server.settings import Settings
from forcelaw.store import DatasetInfo, Engine
from forcelaw.terms import Blank, Iri
from tests.server.conftest import Built

BASE = "https://w3id.org/forcelaw/id/"
EX = "https://w3id.org/forcelaw/id/x/"
FL = "https://w3id.org/forcelaw/ontology#"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
PREF_LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
XSD = "http://www.w3.org/2001/XMLSchema#"
G1, G2 = "<https://w3id.org/forcelaw/graph/one>", "<https://w3id.org/forcelaw/graph/two>"


def _readers(dataset_file: Path, tmp_path: Path) -> tuple[Reader, IndexedReader]:
    engine = Engine.in_memory(dataset_file)
    store = InProcessStore(tmp_path, DatasetInfo("test", ()), engine)
    settings = Settings(release=tmp_path, max_rows=10_000_000, timeout=60.0)
    return Reader(store, settings), IndexedReader(store, settings, QuadIndex.of(engine))


def _same(a: Description, b: Description) -> bool:
    """Equal as a page reads them (the triples as a set: the page indexes them by subject)."""

    def seen(d: Description) -> tuple[Any, ...]:
        return (
            d.iri,
            set(d.triples),
            d.incoming,
            d.incoming_total,
            d.page,
            d.labels,
            d.passages,
            d.claims,
        )

    return seen(a) == seen(b)


async def _both(
    plain: Reader, indexed: IndexedReader, iri: str, page: int = 0
) -> tuple[Description, Row | None]:
    """Both readers' description and citation source of ``iri``, checked equal."""
    a, b = await plain.describe(iri, page), await indexed.describe(iri, page)
    assert _same(a, b), iri
    profile = a.passages[0].profile.value if a.passages else None
    source = await plain.profile_source(iri, profile)
    assert source == await indexed.profile_source(iri, profile), iri
    return b, source


def test_every_resource_of_the_checkout_reads_alike(built: Built, tmp_path: Path) -> None:
    dataset_file = built.release / release_store.DATASET_FILE
    plain, indexed = _readers(dataset_file, tmp_path)
    paths = sorted(resource_paths(dataset_file, BASE))
    assert len(paths) > 200

    async def run() -> tuple[int, int, int]:
        passages = claims = incoming = 0
        for path in paths:
            d, _ = await _both(plain, indexed, BASE.removesuffix("/id/") + path)
            passages += bool(d.passages)
            claims += bool(d.claims)
            incoming += bool(d.incoming)
        return passages, claims, incoming

    passages, claims, incoming = asyncio.run(run())
    assert passages > 100 and claims > 5 and incoming > 100  # every part was compared
    assert indexed.asked == 0  # and the index answered all of it itself
    assert indexed.answered == 2 * len(paths)


def _write(folder: Path, lines: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "dataset.nq"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _check(tmp_path: Path, lines: list[str], iri: str, page: int = 0) -> tuple[Description, int]:
    """Both readers over ``lines``: the description of ``iri`` (checked equal), and how many
    reads the index left to the store."""
    plain, indexed = _readers(_write(tmp_path, lines), tmp_path)
    described, _ = asyncio.run(_both(plain, indexed, iri, page))
    return described, indexed.asked


def test_a_triple_in_several_graphs_is_a_row_in_each(tmp_path: Path) -> None:
    """The union default graph keeps a row per quad: the incoming count and links repeat."""
    a, b = f"<{EX}a>", f"<{EX}b>"
    lines = [f"{a} <{FL}p> {b} {G1} .", f"{a} <{FL}p> {b} {G2} .", f"{a} <{FL}p> {b} ."]
    lines += [f'{a} {RDFS_LABEL} "A" {G1} .', f'{a} {PREF_LABEL} "A" {G2} .']
    described, asked = _check(tmp_path, lines, f"{EX}b")
    assert described.incoming_total == 3 and len(described.incoming) == 3
    assert described.labels[f"{EX}a"] == "A" and asked == 0


def test_links_repeat_for_each_pair_of_labels(tmp_path: Path) -> None:
    """OPTIONAL labels of the linking subject and predicate multiply the link's rows."""
    a, b, p = f"<{EX}a>", f"<{EX}b>", f"<{FL}p>"
    lines = [f"{a} {p} {b} {G1} .", f'{a} {RDFS_LABEL} "A"@en {G1} .']
    lines += [f'{a} {PREF_LABEL} "Alpha" {G1} .', f'{p} {RDFS_LABEL} "p" {G1} .']
    lines += [f'{p} {RDFS_LABEL} "pee"@fr {G2} .', f"{b} {p} _:n1 {G1} .", f'_:n1 {p} "x" {G1} .']
    lines += [f"{b} {p} <{EX}b#part> {G1} .", f'<{EX}b#part> {p} "y" {G1} .']
    described, asked = _check(tmp_path, lines, f"{EX}b")
    assert len(described.incoming) == 4 and asked == 0
    assert {s.value for s in described.subjects} == {f"{EX}b", f"{EX}b#part", "n1"}
    assert described.labels[f"{EX}a"] == "A"  # English or untagged first, then the first


def test_a_page_boundary_among_iris_is_exact_and_among_blank_nodes_is_asked(
    tmp_path: Path,
) -> None:
    target, p = f"<{EX}t>", f"<{FL}p>"
    iris = [f"<{EX}s{i:03d}> {p} {target} {G1} ." for i in range(INCOMING_PAGE + 20)]
    described, asked = _check(tmp_path, iris, f"{EX}t")
    assert len(described.incoming) == INCOMING_PAGE and asked == 0
    assert described.incoming[-1].subject == Iri(f"{EX}s099")
    blanks = [f"_:b{i} {p} {target} {G1} ." for i in range(INCOMING_PAGE + 20)]
    described, asked = _check(tmp_path / "second", blanks, f"{EX}t")
    assert len(described.incoming) == INCOMING_PAGE and asked == 1


def test_incoming_page_asks_only_where_distinct_rows_tie_at_a_cut() -> None:
    p, q = Iri(FL + "p"), Iri(FL + "q")
    one, two = Blank("one"), Blank("two")
    same = [(one, p)] * (INCOMING_PAGE + 1)
    assert incoming_page(same, 0) == same[:INCOMING_PAGE]  # one row, repeated: no choice
    tied = [(one, p)] * INCOMING_PAGE + [(two, p)]
    with pytest.raises(Unsure):
        incoming_page(tied, 0)
    with pytest.raises(Unsure):  # a run with the cut inside, whichever row sits at the cut
        incoming_page([(two, p), *([(one, p)] * INCOMING_PAGE)], 0)
    apart = [(one, p)] * INCOMING_PAGE + [(two, q)]
    assert incoming_page(apart, 1) == [(two, q)]


def _passage(name: str, start: int, end: int, profile: str = "profile") -> list[str]:
    node = f"<{EX}passage/{name}>"
    nn = f"<{XSD}nonNegativeInteger>"
    return [
        f"{node} {TYPE} <{FL}SourcePassage> {G1} .",
        f"{node} <http://www.w3.org/ns/oa#hasSource> <{EX}{profile}> {G1} .",
        f"{node} <http://www.w3.org/ns/oa#hasSelector> _:sel{name} {G1} .",
        f'_:sel{name} <http://www.w3.org/ns/oa#start> "{start}"^^{nn} {G1} .',
        f'_:sel{name} <http://www.w3.org/ns/oa#end> "{end}"^^{nn} {G1} .',
        f"<{EX}fact> <http://www.w3.org/ns/prov#wasDerivedFrom> {node} {G1} .",
    ]


def test_passages_are_ordered_by_number_and_cut_as_the_query_cuts(tmp_path: Path) -> None:
    text = "line one\\n" + "x" * 150 + "héllo wörld" + "y" * 30 + "\\nlast"
    lines = [f'<{EX}profile> <{FL}sourceText> "{text}" {G1} .']
    lines += [f'<{EX}profile> {RDFS_LABEL} "The profile" {G1} .']
    lines += _passage("late", 159, 170) + _passage("early", 26, 171) + _passage("odd", 300, 10)
    described, asked = _check(tmp_path, lines, f"{EX}fact")
    assert [p.start for p in described.passages] == [26, 159, 300] and asked == 0
    late = described.passages[1]
    assert (late.exact, late.after, late.before[:4]) == ("héllo wörld", "y" * 30, "xxxx")
    assert described.passages[2].exact == "" and described.labels[f"{EX}profile"]


def test_two_passages_with_one_span_are_asked(tmp_path: Path) -> None:
    lines = [f'<{EX}profile> <{FL}sourceText> "{"z" * 50}" {G1} .']
    lines += [f'<{EX}other> <{FL}sourceText> "{"w" * 50}" {G1} .']
    lines += _passage("a", 5, 9) + _passage("b", 5, 9, "other")
    described, asked = _check(tmp_path, lines, f"{EX}fact")
    assert len(described.passages) == 2 and asked == 1


def _claim(name: str, date: str | None, agents: int = 1) -> list[str]:
    """A claim about ``<x/event>`` reported in a pronouncement dated ``date`` (an N-Quads term)."""
    claim, pron = f"<{EX}claim/{name}>", f"<{EX}pron/{name}>"
    lines = [f"{claim} {TYPE} <{FL}Claim> {G1} .", f"{claim} <{FL}about> <{EX}event> {G1} ."]
    lines += [f'{claim} {RDFS_LABEL} "Claim {name}" {G1} .']
    lines += [f"{claim} <{FL}reportedIn> {pron} {G1} .", f'{pron} {RDFS_LABEL} "On {name}" {G2} .']
    lines += [f"{claim} <{FL}assertedBy> <{EX}body{i}> {G1} ." for i in range(agents)]
    if date is not None:
        lines.append(f"{pron} <http://purl.org/dc/terms/date> {date} {G1} .")
    return lines


def _year(text: str) -> str:
    kind = "gYear" if len(text) == 4 else "gYearMonth"
    return f'"{text}"^^<{XSD}{kind}>'


def test_claims_are_ordered_by_date_then_iri(tmp_path: Path) -> None:
    """Unbound first; gYear and gYearMonth side by side as text ("2015" before "2015-01")."""
    lines = _claim("d", _year("2015")) + _claim("c", _year("2015-01")) + _claim("b", None)
    lines += _claim("a", _year("2014-12")) + _claim("e", _year("2015"))
    described, asked = _check(tmp_path, lines, f"{EX}event")
    assert [c.claim.value[-1] for c in described.claims] == ["b", "a", "d", "e", "c"]
    assert described.labels[f"{EX}pron/a"] == "On a" and asked == 0


def test_a_claim_with_two_agents_or_a_zoned_date_is_asked(tmp_path: Path) -> None:
    described, asked = _check(tmp_path, _claim("a", None, agents=2), f"{EX}event")
    assert len(described.claims) == 1 and asked == 1
    zoned = _claim("z", f'"2015Z"^^<{XSD}gYear>') + _claim("y", _year("2014"))
    described, asked = _check(tmp_path / "second", zoned, f"{EX}event")
    assert len(described.claims) == 2 and asked == 1


def test_a_citation_source_with_two_titles_is_asked(tmp_path: Path) -> None:
    state, profile = f"<{EX}state>", f"<{EX}profile>"
    lines = [f"{profile} <{FL}profileOf> {state} {G1} .", f'{profile} {RDFS_LABEL} "One" {G1} .']
    plain, indexed = _readers(_write(tmp_path, lines), tmp_path)
    _, source = asyncio.run(_both(plain, indexed, f"{EX}state"))
    assert source is not None and source["label"].value == "One" and indexed.asked == 0
    lines.append(f'{profile} {RDFS_LABEL} "Two" {G2} .')
    plain, indexed = _readers(_write(tmp_path, lines), tmp_path)
    asyncio.run(plain.profile_source(f"{EX}state", None))
    asyncio.run(indexed.profile_source(f"{EX}state", None))
    assert indexed.asked == 1


def test_the_index_holds_the_engine_s_terms(tmp_path: Path) -> None:
    """The store reads integer types back as ``xsd:integer`` in canonical form; so does the index
    (its terms are the store's, not the file's)."""
    lines = [f'<{EX}a> <{FL}n> "012"^^<{XSD}nonNegativeInteger> {G1} .']
    _, indexed = _readers(_write(tmp_path, lines), tmp_path)
    [(_, value)] = indexed.quads.out[Iri(f"{EX}a")]
    assert (value.value, value.datatype) == ("12", XSD + "integer")  # type: ignore[union-attr]


# --- the machine-readable documents -----------------------------------------------------------

GRAPH_FORMATS = formats_for(Kind.GRAPH)


async def _documents(plain: Reader, indexed: IndexedReader, iri: str) -> None:
    """Both readers' document of ``iri``, checked byte-equal in every RDF format."""
    for fmt in GRAPH_FORMATS:
        a, b = await plain.document(iri, 0, fmt), await indexed.document(iri, 0, fmt)
        assert (a.body, a.rows, a.content_type) == (b.body, b.rows, b.content_type), (iri, fmt)
    assert set(await plain.triples(iri)) == set(await indexed.triples(iri)), iri


def test_every_document_of_the_checkout_is_written_alike(built: Built, tmp_path: Path) -> None:
    dataset_file = built.release / release_store.DATASET_FILE
    plain, indexed = _readers(dataset_file, tmp_path)
    paths = sorted(resource_paths(dataset_file, BASE))

    async def run() -> None:
        for path in paths:
            await _documents(plain, indexed, BASE.removesuffix("/id/") + path)

    asyncio.run(run())
    assert indexed.asked == 0 and indexed.answered == (len(GRAPH_FORMATS) + 1) * len(paths)


def _document_check(folder: Path, lines: list[str], iri: str) -> IndexedReader:
    plain, indexed = _readers(_write(folder, lines), folder)
    asyncio.run(_documents(plain, indexed, iri))
    return indexed


def test_objects_are_ordered_as_the_engine_orders_them(tmp_path: Path) -> None:
    """Integers by value, strings by text then type then language, IRIs before literals; the
    labels of linked resources (``rdfs:label`` only) and of linking ones come along."""
    a, p, q = f"<{EX}a>", f"<{FL}p>", f"<{FL}q>"
    integer = f"<{XSD}integer>"
    lines = [f'{a} {p} "{n}"^^{integer} {G1} .' for n in (10, 9, -3, 100)]
    lines += [f"{a} {q} {o} {G1} ." for o in ('"b"@en', '"a"@fr', '"a"@en', '"a"', '"b"')]
    lines += [f"{a} {q} <{EX}z> {G1} .", f"{a} {q} <{EX}b> {G2} ."]
    lines += [f'<{EX}z> {RDFS_LABEL} "Zed" {G1} .', f'<{EX}z> {PREF_LABEL} "Not this" {G1} .']
    lines += [f"<{EX}c> {p} {a} {G1} .", f'<{EX}c> {RDFS_LABEL} "See" {G1} .']
    lines += [f"{a} {q} <{EX}a#part> {G1} .", f"<{EX}a#part> {p} _:x {G1} ."]
    indexed = _document_check(tmp_path, lines, f"{EX}a")
    assert indexed.asked == 0
    triples = asyncio.run(indexed.triples(f"{EX}a"))
    assert [o.value for _, p_, o in triples if p_.value == f"{FL}p"][:4] == ["-3", "9", "10", "100"]
    assert not any("Not this" in o.value for _, _, o in triples)


@pytest.mark.parametrize(
    "lines",
    [
        # two blank nodes with the same statement: the engine orders them as it found them
        [f"<{EX}a> <{FL}p> _:one {G1} .", f"<{EX}a> <{FL}p> _:two {G1} ."],
        [
            f"<{EX}a> <{FL}p> _:one {G1} .",
            f"<{EX}a> <{FL}q> _:two {G1} .",
            f"_:one {TYPE} <{FL}Thing> {G1} .",
            f"_:two {TYPE} <{FL}Thing> {G1} .",
        ],
        # an integer past 64 bits: the engine may keep it, and order it, as text
        [
            f'<{EX}a> <{FL}p> "5"^^<{XSD}integer> {G1} .',
            f'<{EX}a> <{FL}p> "99999999999999999999"^^<{XSD}integer> {G1} .',
        ],
        # an integer and a year: the engine compares neither way
        [
            f'<{EX}a> <{FL}p> "9"^^<{XSD}integer> {G1} .',
            f'<{EX}a> <{FL}p> "2015"^^<{XSD}gYear> {G1} .',
        ],
    ],
)
def test_what_the_engine_orders_its_own_way_is_asked(tmp_path: Path, lines: list[str]) -> None:
    indexed = _document_check(tmp_path, lines, f"{EX}a")
    assert indexed.asked == len(GRAPH_FORMATS) + 1 and indexed.answered == 0
