"""The service description states every limit the README's table names, with its value."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pyoxigraph as ox

from forcelaw.server.service_description import (
    FLSD,
    FLSD_ONTOLOGY,
    STATED_SETTINGS,
    service_description,
)
from forcelaw.server.settings import Settings
from forcelaw.store import DatasetInfo, GraphInfo
from tests.conftest import ROOT

ENDPOINT = "http://127.0.0.1/sparql"
GRAPH = GraphInfo("https://w3id.org/forcelaw/id/graph/KZ", 3)
DATASET = DatasetInfo("2026-01-01-0000000", (GRAPH,))
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
OWL_ONTOLOGY = "http://www.w3.org/2002/07/owl#Ontology"


def _readme_limits() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Limits", 1)[1].split("\n## ", 1)[0]
    names: list[str] = []
    for row in re.findall(r"^\| ((?:`[a-z_]+`(?:, )?)+) \|", section, flags=re.M):
        names += re.findall(r"`([a-z_]+)`", row)
    return names


def _stated(settings: Settings) -> dict[str, Any]:
    """flsd term name -> the Python value of its object on the service."""
    found: dict[str, Any] = {}
    for triple in service_description(ENDPOINT, settings, DATASET):
        on_service = triple.subject == ox.NamedNode(ENDPOINT)
        if (
            on_service
            and triple.predicate.value.startswith(FLSD)
            and isinstance(triple.object, ox.Literal)
        ):
            found[triple.predicate.value[len(FLSD) :]] = _value(triple.object)
    return found


def _value(literal: ox.Literal) -> Any:
    kind = literal.datatype.value.rsplit("#", 1)[1]
    if kind == "boolean":
        return literal.value == "true"
    return float(literal.value) if kind == "decimal" else int(literal.value)


def _changed() -> Settings:
    """Settings with every stated limit off its default, so a value shows where it came from."""
    values: dict[str, Any] = {}
    for name in STATED_SETTINGS:
        default = getattr(Settings(), name)
        values[name] = (not default) if isinstance(default, bool) else default + 7
    return replace(Settings(), **values)


def test_every_limit_of_the_readme_is_stated_with_its_value() -> None:
    names = _readme_limits()
    assert len(names) >= 15 and "queue_wait" in names and "worker_memory_mb" in names
    settings = _changed()
    stated = _stated(settings)
    for name in names:
        assert name in STATED_SETTINGS, f"README limit {name} has no service description term"
        assert stated[STATED_SETTINGS[name]] == getattr(settings, name), name


def test_every_stated_term_is_defined() -> None:
    triples = service_description(ENDPOINT, _changed(), DATASET)
    commented = {t.subject.value for t in triples if t.predicate.value == RDFS_COMMENT}
    for term in STATED_SETTINGS.values():
        assert FLSD + term in commented, term


def test_no_rate_terms_when_the_rate_limit_is_off() -> None:
    stated = _stated(replace(Settings(), rate_limit=0.0, rate_limit_loopback=True))
    assert "queueWait" in stated and "workerMemoryMiB" in stated
    assert not {"rateLimit", "rateBurst", "rateLimitLoopback"} & set(stated)


def test_the_vocabulary_each_term_is_defined_by_is_described() -> None:
    """Each flsd: term's rdfs:isDefinedBy names the vocabulary, which the description now
    states (it was named and described nowhere, and its IRI answered 404)."""
    triples = service_description(ENDPOINT, _changed(), DATASET)
    defined_by = {
        t.object.value
        for t in triples
        if t.predicate.value.endswith("#isDefinedBy") and t.subject.value.startswith(FLSD)
    }
    assert defined_by == {FLSD_ONTOLOGY}
    about = {(t.predicate.value, t.object.value) for t in triples if t.subject.value in defined_by}
    assert ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", OWL_ONTOLOGY) in about
    assert any(p == RDFS_COMMENT for p, _ in about)
