"""Every URI the project mints is built here, and nowhere else."""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

from forcelaw.namespaces import BASE

_SLUG_DROP = re.compile(r"[^a-z0-9]+")
STATE_CODE = re.compile(r"^[A-Z]{2}$")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens ("Ministry of Internal Affairs" -> ...)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _SLUG_DROP.sub("-", ascii_text.lower()).strip("-")
    return slug or "x"


def _iri(path: str, base: str = BASE) -> URIRef:
    return URIRef(base + path)


def state(code: str, base: str = BASE) -> URIRef:
    return _iri(f"state/{code}", base)


def profile(code: str, base: str = BASE) -> URIRef:
    return _iri(f"profile/{code}", base)


def section(code: str, key: str, base: str = BASE) -> URIRef:
    return _iri(f"profile/{code}/section/{key}", base)


def passage(code: str, start: int, end: int, base: str = BASE) -> URIRef:
    """A span of the stored profile text; offsets are zero-padded so URIs sort by position."""
    return _iri(f"profile/{code}/passage/{start:04d}-{end:04d}", base)


def passage_selector(passage_iri: URIRef, kind: str) -> URIRef:
    """The position or quote selector of a passage, as a fragment of the passage URI."""
    return URIRef(f"{passage_iri}#{kind}")


def instrument(code: str, slug: str, base: str = BASE) -> URIRef:
    return _iri(f"instrument/{code}/{slug}", base)


def provision(
    instrument_iri: URIRef, unit: str, number: str, paragraph: str | None, part: str = ""
) -> URIRef:
    """A provision's IRI under its instrument's, under the part it is numbered within if any
    (``part`` a path segment, "art-1")."""
    tail = f"{part}/" if part else ""
    tail += f"{unit}-{slugify(number)}"
    if paragraph is not None:
        tail += f"/para-{slugify(paragraph)}"
    return URIRef(f"{instrument_iri}/{tail}")


def treaty(slug: str, base: str = BASE) -> URIRef:
    return _iri(f"treaty/{slug}", base)


def adherence(code: str, treaty_slug: str, base: str = BASE) -> URIRef:
    return _iri(f"adherence/{code}/{treaty_slug}", base)


def absence(code: str, kind: str, start: int, base: str = BASE) -> URIRef:
    return _iri(f"absence/{code}/{kind}-{start:04d}", base)


def body(slug: str, code: str | None = None, base: str = BASE) -> URIRef:
    return _iri(f"body/{code}/{slug}" if code else f"body/{slug}", base)


def pronouncement(author_slug: str, code: str, slug: str, base: str = BASE) -> URIRef:
    return _iri(f"pronouncement/{author_slug}/{code}/{slug}", base)


def claim(author_slug: str, code: str, slug: str, n: int, base: str = BASE) -> URIRef:
    """The n-th claim of a pronouncement: `claim/<author key>/<ISO code>/<slug>/<n>`."""
    return _iri(f"claim/{author_slug}/{code}/{slug}/{n}", base)


def concept(scheme: str, key: str, base: str = BASE) -> URIRef:
    return _iri(f"scheme/{scheme}/{key}", base)


def scheme(name: str, base: str = BASE) -> URIRef:
    return _iri(f"scheme/{name}", base)


def named_graph(name: str, base: str = BASE) -> URIRef:
    """Named graphs: `graph/KZ` per state, `graph/reference`, `graph/ontology`, `graph/metadata`."""
    return _iri(f"graph/{name}", base)


def post(slug: str, code: str | None = None, base: str = BASE) -> URIRef:
    return _iri(f"post/{code}/{slug}" if code else f"post/{slug}", base)


def person(slug: str, base: str = BASE) -> URIRef:
    return _iri(f"person/{slug}", base)
