"""RDF terms as plain values, independent of any RDF library or store.

The server reads query answers (SPARQL JSON results) into these; the release writer converts
rdflib terms into them; the JSON-LD writer and the templates consume them. Keeping one neutral
shape means the views never depend on which engine answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True, order=True)
class Iri:
    value: str

    @property
    def n3(self) -> str:
        return f"<{self.value}>"


@dataclass(frozen=True, order=True)
class Blank:
    value: str

    @property
    def n3(self) -> str:
        return f"_:{self.value}"


@dataclass(frozen=True, order=True)
class Lit:
    value: str
    lang: str | None = None
    datatype: str = XSD_STRING

    @property
    def n3(self) -> str:
        text = _escape(self.value)
        if self.lang:
            return f'"{text}"@{self.lang}'
        if self.datatype != XSD_STRING:
            return f'"{text}"^^<{self.datatype}>'
        return f'"{text}"'

    @property
    def is_integer(self) -> bool:
        return self.datatype in (
            XSD + "integer",
            XSD + "nonNegativeInteger",
            XSD + "positiveInteger",
            XSD + "int",
            XSD + "long",
        )


Term = Iri | Blank | Lit
Triple = tuple[Iri | Blank, Iri, Term]


def from_sparql_json(value: Mapping[str, Any]) -> Term:
    """A term from one binding of SPARQL 1.1 JSON results."""
    kind = value["type"]
    if kind == "uri":
        return Iri(value["value"])
    if kind == "bnode":
        return Blank(value["value"])
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang")
        datatype = RDF_LANG_STRING if lang else value.get("datatype", XSD_STRING)
        return Lit(value["value"], lang, datatype)
    raise ValueError(f"unsupported term in SPARQL results: {kind!r}")


def from_rdflib(term: Any) -> Term:
    """A term from an rdflib URIRef, BNode or Literal."""
    iri, blank, literal = _rdflib_terms()
    if isinstance(term, iri):
        return Iri(str(term))
    if isinstance(term, blank):
        return Blank(str(term))
    if isinstance(term, literal):
        lang = term.language
        if lang:
            return Lit(str(term), lang, RDF_LANG_STRING)
        return Lit(str(term), None, str(term.datatype) if term.datatype else XSD_STRING)
    raise TypeError(f"not an RDF term: {term!r}")


@cache
def _rdflib_terms() -> tuple[type[Any], type[Any], type[Any]]:
    """rdflib's term classes, imported once on first use (this module does not need rdflib; an
    import statement in ``from_rdflib`` cost more than the conversion, a million times a build)."""
    from rdflib import BNode, Literal, URIRef

    return URIRef, BNode, Literal


def ntriples_line(triple: Triple) -> str:
    s, p, o = triple
    return f"{s.n3} {p.n3} {o.n3} .\n"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
