"""The JSON-LD document forms a client asks for with the ``profile`` parameter (JSON-LD 1.1
§9 and its IANA registration): expanded, compacted, flattened.

The project writes JSON-LD compacted against its published context (``jsonld``), which holds
prefixes only, and flattened (every node at the top of ``@graph``, referred to by ``@id``).
``expand`` turns such a document into the expanded form (JSON-LD 1.1 Processing §5.1) without a
JSON-LD processor: under a context of prefixes alone, expansion writes each compact IRI whole,
puts each value in an array and each string in a value object. A document under any other
context is not expanded (None): the project's own reading of its context is the only one made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

JSONLD_NS = "http://www.w3.org/ns/json-ld#"
EXPANDED = JSONLD_NS + "expanded"
COMPACTED = JSONLD_NS + "compacted"
FLATTENED = JSONLD_NS + "flattened"
FORMS = (EXPANDED, COMPACTED, FLATTENED)


def asked(profile: str | None) -> tuple[str, ...]:
    """The document forms a ``profile`` parameter value names (a space-separated list of URIs),
    in its order; other profiles are not ours to honour and are left out."""
    return tuple(uri for uri in (profile or "").split() if uri in FORMS)


def wants_expanded(forms: Iterable[str]) -> bool:
    """Whether the forms a client named ask for an expanded document (and not a compacted one)."""
    named = set(forms)
    return EXPANDED in named and COMPACTED not in named


def form_of(document: Any) -> tuple[str, ...]:
    """The forms a document of the project's writers (or pyoxigraph's) is in: an array of node
    objects is expanded, an object with a ``@context`` compacted; both are flattened."""
    if isinstance(document, list):
        return (EXPANDED, FLATTENED)
    return (COMPACTED, FLATTENED)


def expand(document: Any, contexts: Mapping[str, Mapping[str, str]]) -> list[Any] | None:
    """``document`` (compacted and flattened, as ``jsonld.document`` writes it) in expanded form;
    None if its ``@context`` is not one of ``contexts`` (a context URL -> its prefixes) nor those
    prefixes written inline, or it is not such a document."""
    if isinstance(document, list):
        return document  # expanded already
    if not isinstance(document, dict):
        return None
    context = document.get("@context")
    prefixes = contexts.get(context) if isinstance(context, str) else context
    if not isinstance(prefixes, dict) or not all(isinstance(v, str) for v in prefixes.values()):
        return None
    graph = document.get("@graph", [])
    if not isinstance(graph, list):
        return None
    return [_node(node, prefixes) for node in graph]


def _node(node: Mapping[str, Any], prefixes: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "@id":
            out[key] = value
        elif key == "@type":
            out[key] = [_iri(t, prefixes) for t in _many(value)]
        elif key == "@graph":
            out[key] = [_node(n, prefixes) for n in _many(value)]
        else:
            out[_iri(key, prefixes)] = [_value(v, prefixes) for v in _many(value)]
    return out


def _value(value: Any, prefixes: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return {"@value": value}
    if isinstance(value, dict) and isinstance(value.get("@type"), str) and "@value" in value:
        return {**value, "@type": _iri(value["@type"], prefixes)}
    if isinstance(value, dict) and "@id" not in value and "@value" not in value:
        return _node(value, prefixes)  # an embedded node (the project's writers embed none)
    return value


def _iri(name: str, prefixes: Mapping[str, str]) -> str:
    """A compact IRI (``fl:State``) written whole; an absolute IRI or blank node as it is."""
    prefix, colon, rest = name.partition(":")
    if colon and prefix in prefixes and not rest.startswith("//"):
        return prefixes[prefix] + rest
    return name


def _many(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
