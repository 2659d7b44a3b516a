"""A curated resource says what its anchor's quote says: figures, qualifiers and dates."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from forcelaw.errors import CurationError
from forcelaw.graph import curated
from forcelaw.graph.curated_checks import check_curated, numbers, qualifier_of
from forcelaw.namespaces import BASE, FL
from forcelaw.profile.parse import parse_bytes
from tests.conftest import KZ, ROOT

CURATED = ROOT / "data" / "curated" / "KZ.ttl"


def _resolve_kz(turtle: str) -> curated.Curated:
    profile = parse_bytes(KZ.read_bytes(), "KZ.txt")
    return curated.resolve(turtle, "KZ.ttl", profile, "KZ", "Kazakhstan")


def test_the_real_curated_layer_passes() -> None:
    assert _resolve_kz(CURATED.read_text(encoding="utf-8")).anchors


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        # a quantity its quote does not write
        ('fl:quantity "12"^^xsd:integer', 'fl:quantity "13"^^xsd:integer', "not a number"),
        ('fl:outOf "329"^^xsd:integer', 'fl:outOf "330"^^xsd:integer', "not a number"),
        ('fl:quantity "5"^^xsd:integer', 'fl:quantity "6"^^xsd:integer', "not a number"),
        # "some 15" is approximate, not exact
        (
            'fl:quantity "15"^^xsd:integer ;\n    fl:unit <scheme/figure-unit/deaths> ;\n'
            "    fl:qualifier <scheme/figure-qualifier/approximately>",
            'fl:quantity "15"^^xsd:integer ;\n    fl:unit <scheme/figure-unit/deaths> ;\n'
            "    fl:qualifier <scheme/figure-qualifier/exact>",
            "'approximately', not 'exact'",
        ),
        # "multiple deaths" is many, not dozens
        (
            '    fl:qualifier <scheme/figure-qualifier/many> ;\n    fl:anchor "multiple deaths" .',
            "    fl:qualifier <scheme/figure-qualifier/dozens> ;\n"
            '    fl:anchor "multiple deaths" .',
            "'many', not 'dozens'",
        ),
        # an anchor cut inside a word, and a figure's anchor one digit short
        ('fl:anchor "Kazakh President" .', 'fl:anchor "azakh President" .', "inside a word"),
        ('fl:anchor "12 deaths"', 'fl:anchor "2 deaths"', "inside a word|not a number"),
        # a figure of someone else's report given to the thing reported, as a fact
        (
            '    fl:penalty "prison sentences of varying lengths"@en ;\n',
            '    fl:penalty "prison sentences of varying lengths"@en ;\n'
            "    fl:hasFigure <outcome/KZ/2011-12-zhanaozen-convictions/figure/1> ;\n",
            "someone else's words",
        ),
        # a date its quote does not state, or a derived date that does not say how
        ('dct:date "2018-11"^^xsd:gYearMonth', 'dct:date "2017-11"^^xsd:gYearMonth', "not stated"),
        (
            '    fl:dateDerivation "The profile dates this announcement',
            '    rdfs:comment "The profile dates this announcement',
            "not stated",
        ),
    ],
)
def test_a_curated_fact_its_quote_does_not_state_is_refused(old: str, new: str, said: str) -> None:
    text = CURATED.read_text(encoding="utf-8")
    assert old in text, old
    with pytest.raises(CurationError, match=said):
        _resolve_kz(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 deaths", {12}),
        ("236 out of 329 cases", {236, 329}),
        ("five police officers", {5}),
        ("1,200 people", {1200}),
        ("Article 15(1) in 2011", {15, 1, 2011}),
        ("dozens injured", set()),
        ("twenty-five deaths", {25}),  # not 20 or 5
        ("two hundred people and forty-two thousand", {200, 42000}),
        ("between 10 and 15 people", {10, 15}),
    ],
)
def test_numbers_written_in_digits_or_words(text: str, expected: set[int]) -> None:
    assert numbers(text) == expected


@pytest.mark.parametrize(
    ("quote", "quantity", "expected"),
    [
        ("some 15 people were killed", 15, "approximately"),
        ("12 deaths", 12, "exact"),
        ("at least 7 people", 7, "at-least"),
        ("more than 40 were injured", 40, "more-than"),
        ("dozens injured", None, "dozens"),
        ("multiple deaths and injuries", None, "many"),
        ("injuring many others", None, "many"),
        ("numerous arrests", None, "many"),
        ("people injured", None, None),
        ("between 10 and 15 people were killed", 10, "at-least"),
        ("between 10 and 15 people were killed", 15, "range-top"),
        ("10 to 15 deaths", 10, "at-least"),
        ("10–15 deaths", 15, "range-top"),
        ("between five and seven deaths", 5, "at-least"),
        ("twenty-five deaths", 25, "exact"),
        ("12 deaths and 20 injuries", 20, "exact"),  # two figures, no range
        ("two persons died and 40 were injured", 40, "exact"),
    ],
)
def test_the_qualifier_a_quote_calls_for(quote: str, quantity: int | None, expected: str) -> None:
    assert qualifier_of([quote], quantity) == expected


def test_a_resource_of_another_state_or_a_hand_written_derivation_is_refused() -> None:
    text = CURATED.read_text(encoding="utf-8")
    with pytest.raises(CurationError, match="a resource of FR in the curated file of KZ"):
        _resolve_kz(
            text + '\n<event/FR/2020-x> a fl:Event ;\n    rdfs:label "x"@en ;\n'
            '    fl:anchor "Zhanaozen riots" .\n'
        )
    derived = (
        '\n<event/KZ/2030-x> a fl:Event ;\n    rdfs:label "x"@en ;\n'
        "    <http://www.w3.org/ns/prov#wasDerivedFrom> <profile/KZ/passage/0000-0010> .\n"
    )
    with pytest.raises(CurationError, match="prov:wasDerivedFrom is written by the build"):
        _resolve_kz(text + derived)


@pytest.mark.parametrize(
    ("quantity", "qualifier", "said"),
    [
        (10, "at-least", None),
        (10, "exact", "'at-least', not 'exact'"),
        (15, "exact", "top of a range"),
        (15, "at-least", "top of a range"),
    ],
)
def test_a_figure_from_a_range_is_its_bottom_at_least(
    quantity: int, qualifier: str, said: str | None
) -> None:
    figure = URIRef(BASE + "claim/x/1/figure/1")
    graph = Graph()
    graph.add((figure, RDF.type, FL.Figure))
    graph.add((figure, FL.anchor, Literal("between 10 and 15 people were killed")))
    graph.add((figure, FL.quantity, Literal(quantity)))
    graph.add((figure, FL.qualifier, URIRef(BASE + f"scheme/figure-qualifier/{qualifier}")))
    if said is None:
        check_curated(graph, "XX.ttl")
    else:
        with pytest.raises(CurationError, match=said):
            check_curated(graph, "XX.ttl")
