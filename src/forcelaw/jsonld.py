"""JSON-LD written deterministically against the project's published ``@context``.

The context maps the project's prefixes (``namespaces.PREFIXES``); documents reference it by URL
(``/context.jsonld``) so that every JSON-LD answer and dump is compact and the same data always
gives the same bytes: node objects sorted by ``@id``, properties and values sorted. Literals keep
their datatype (``{"@value": "1995", "@type": "xsd:gYear"}``), so nothing is lost in a round trip.

An IRI whose scheme is one of the context's prefixes (``fl:thing``, a prefixed name written in
angle brackets) would be read back as a compact IRI (``fl:`` + ``thing``): JSON-LD 1.1 has no
way to write it under this context, so it is refused (``NotRepresentable``) rather than changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from forcelaw import indented_json
from forcelaw.errors import NotRepresentable
from forcelaw.formats import FORMATS, Kind
from forcelaw.namespaces import PREFIXES
from forcelaw.terms import RDF_LANG_STRING, XSD_STRING, Blank, Iri, Lit, Term, Triple

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# Longest namespace first, so that the most specific prefix wins when namespaces nest.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def context() -> dict[str, Any]:
    """The published context document (served at ``/context.jsonld``)."""
    return {"@context": dict(sorted(PREFIXES.items()))}


def json_text(data: Any) -> str:
    """``data`` as indented JSON text, keys in order."""
    return indented_json.dumps(data) + "\n"


@lru_cache(maxsize=65536)
def compact_iri(iri: str) -> str:
    """``https://w3id.org/forcelaw/ontology#State`` -> ``fl:State``; other IRIs unchanged."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            rest = iri[len(namespace) :]
            if not rest.startswith("//"):
                return f"{prefix}:{rest}"
    return iri


def document(
    triples: Iterable[Triple], context_ref: str | dict[str, Any], *, indent: int | None = 2
) -> str:
    """One graph as a JSON-LD document (``{"@context": ..., "@graph": [...]}``)."""
    body = {"@context": context_ref, "@graph": _nodes(triples)}
    if indent == 2:  # the same text as json's, three times faster
        return indented_json.dumps(body) + "\n"
    return json.dumps(body, ensure_ascii=False, indent=indent) + "\n"


def dataset_document(
    graphs: Mapping[str, Iterable[Triple]],
    context_ref: str | dict[str, Any],
    *,
    indent: int | None = None,
) -> str:
    """Named graphs (IRI -> triples) as one JSON-LD document, graphs in IRI order."""
    body = {
        "@context": context_ref,
        "@graph": [{"@id": iri, "@graph": _nodes(graphs[iri])} for iri in sorted(graphs)],
    }
    return json.dumps(body, ensure_ascii=False, indent=indent) + "\n"


def graph_nodes_json(triples: Iterable[Triple]) -> str:
    """One graph's nodes as the JSON text ``dataset_document`` writes for them (no indent)."""
    return json.dumps(_nodes(triples), ensure_ascii=False)


def dataset_document_from(nodes_json: Mapping[str, str], context_ref: str | dict[str, Any]) -> str:
    """``dataset_document(graphs, context_ref)`` (no indent) from each graph's
    ``graph_nodes_json``, written in parallel beforehand: the same text, joined as ``json``
    joins it (``", "`` between items, ``": "`` after keys)."""
    graphs = ", ".join(
        f'{{"@id": {json.dumps(iri, ensure_ascii=False)}, "@graph": {nodes_json[iri]}}}'
        for iri in sorted(nodes_json)
    )
    context = json.dumps(context_ref, ensure_ascii=False)
    return f'{{"@context": {context}, "@graph": [{graphs}]}}\n'


def confused_with_prefix(iri: str) -> str | None:
    """The prefix of the context that would read ``iri`` as a compact IRI (``fl`` for
    ``fl:thing``), or None when ``iri`` is read back as written."""
    colon = iri.find(":")
    scheme = iri[:colon]
    if colon > 0 and scheme in PREFIXES and not iri.startswith("//", colon + 1):
        return scheme
    return None


@lru_cache(maxsize=65536)
def _name(iri: str) -> str:
    """``compact_iri(iri)`` for a key, an ``@type`` value or a datatype: ``NotRepresentable``
    if the context would read the IRI as another."""
    if iri.startswith(_PREFIXED) and confused_with_prefix(iri) is not None:
        raise _not_representable(iri)
    return compact_iri(iri)


def _id(iri: str) -> str:
    """``iri`` as an ``@id`` value: ``NotRepresentable`` if the context would read it as another."""
    if iri.startswith(_PREFIXED) and confused_with_prefix(iri) is not None:
        raise _not_representable(iri)
    return iri


_PREFIXED = tuple(f"{prefix}:" for prefix in PREFIXES)  # what such an IRI begins with


def _not_representable(iri: str) -> NotRepresentable:
    prefix = confused_with_prefix(iri)
    assert prefix is not None
    return NotRepresentable(
        "JSON-LD",
        f"the IRI <{iri}> would be read as the compact IRI {prefix}:… of the context "
        f"({PREFIXES[prefix]}…); is it a prefixed name written in angle brackets?",
        tuple(f.media_type for f in FORMATS if f.kind is Kind.GRAPH and f.key != "jsonld"),
    )


def _nodes(triples: Iterable[Triple]) -> list[dict[str, Any]]:
    by_subject: dict[Iri | Blank, dict[str, set[tuple[str, str, str, str]]]] = {}
    for s, p, o in triples:
        key = "@type" if p.value == RDF_TYPE and isinstance(o, Iri) else _name(p.value)
        by_subject.setdefault(s, {}).setdefault(key, set()).add(_value_key(o, key))
    nodes = []
    for subject in sorted(by_subject, key=_subject_key):
        node: dict[str, Any] = {"@id": _node_id(subject)}
        for key in sorted(by_subject[subject]):
            values = [_value(v) for v in sorted(by_subject[subject][key])]
            node[key] = values[0] if len(values) == 1 else values
        nodes.append(node)
    return nodes


def _subject_key(term: Iri | Blank) -> tuple[int, str]:
    return (1 if isinstance(term, Blank) else 0, term.value)


def _node_id(term: Iri | Blank | Term) -> str:
    return f"_:{term.value}" if isinstance(term, Blank) else _id(term.value)


def _value_key(term: Term, key: str) -> tuple[str, str, str, str]:
    """A sortable, hashable form of an object: (kind, value, language, datatype)."""
    if key == "@type":
        return ("type", _name(term.value), "", "")
    if isinstance(term, Iri):
        return ("id", _id(term.value), "", "")
    if isinstance(term, Blank):
        return ("id", f"_:{term.value}", "", "")
    assert isinstance(term, Lit)
    return ("literal", term.value, term.lang or "", term.datatype)


def _value(key: tuple[str, str, str, str]) -> Any:
    kind, value, lang, datatype = key
    if kind == "type":
        return value
    if kind == "id":
        return {"@id": value}
    if lang:
        return {"@value": value, "@language": lang}
    if datatype in (XSD_STRING, RDF_LANG_STRING):
        return value
    return {"@value": value, "@type": _name(datatype)}
