"""Validation with its SPARQL screen checked against rdflib, query by query.

``check_screen`` wraps the validation's query hook: wherever the mirror finds no solution to a
query (``forcelaw.sparql_screen``), rdflib evaluates the same query with the same pre-bound values,
and the test fails unless rdflib finds none either."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from rdflib import Graph
from rdflib.plugins.sparql import processor as sparql_processor
from rdflib.term import Node

from forcelaw import validate as validation


def check_screen(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Check every screened query against rdflib; the texts screened are appended to the list
    returned, one per query."""
    screened: list[str] = []
    real = validation._screened

    def checking(
        graph: Graph,
        text: str,
        prepared: Any,
        bindings: Mapping[str, Node] | None,
        namespaces: tuple[tuple[str, Any], ...],
        base: str | None,
    ) -> bool:
        said = real(graph, text, prepared, bindings, namespaces, base)
        if said:
            processor = sparql_processor.SPARQLProcessor(graph)
            answer = validation._RDFLIB_QUERY(processor, prepared, bindings, dict(namespaces), base)
            rows = list(answer["bindings"])
            assert rows == [], f"the mirror found no solution, rdflib found {rows[:3]}:\n{text}"
            screened.append(text)
        return said

    monkeypatch.setattr(validation, "_screened", checking, raising=True)
    return screened
