"""HTML pages: one Jinja2 environment (autoescape always on) and the helpers templates use.

Templates never build a URL themselves: ``href`` asks ``forcelaw.urls``. Values from the graph
reach a page only through autoescaping, and the embedded schema.org JSON-LD is written with ``<``,
``>`` and ``&`` escaped so that a literal cannot close its ``<script>`` element.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from forcelaw.jsonld import compact_iri
from forcelaw.namespaces import PREFIXES
from forcelaw.terms import XSD_STRING, Blank, Iri, Lit, Term
from forcelaw.urls import Urls

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
HTML_TYPE = "text/html; charset=utf-8"
# Where a passage's quoted span starts and ends within its line, for a reader who does not see
# the highlight (a screen reader does not say <mark>; the page shows it in bold as well).
QUOTE_BEGINS = "[quoted span: "
QUOTE_ENDS = " — end of quoted span]"

SCHEMA = PREFIXES["schema"]
FL = PREFIXES["fl"]
# The schema.org type a general consumer knows for each of our classes.
SCHEMA_TYPES = {
    FL + "State": "Country",
    FL + "Event": "Event",
    FL + "Outcome": "Event",
    FL + "Body": "GovernmentOrganization",
    FL + "Post": "Role",
    FL + "Person": "Person",
    FL + "Treaty": "Legislation",
    FL + "LegalInstrument": "Legislation",
    FL + "Provision": "Legislation",
    FL + "CountryProfile": "CreativeWork",
    FL + "ProfileSection": "CreativeWork",
    FL + "SourcePassage": "Quotation",
    FL + "Pronouncement": "CreativeWork",
    FL + "Claim": "Claim",
    "http://rdfs.org/ns/void#Dataset": "Dataset",
    "http://www.w3.org/ns/dcat#Dataset": "Dataset",
    "http://www.w3.org/ns/dcat#Catalog": "DataCatalog",
}


def environment(urls: Urls) -> Environment:
    """The template environment for a site whose URLs ``urls`` builds."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates are the package's: never looked at again on disk (three stat calls a
        # page otherwise, as the static site renders 28,000 pages).
        auto_reload=False,
    )
    env.globals.update(
        statement_rows=statement_rows,
        incoming_rows=incoming_rows,
        href=urls.href,
        compact=compact_iri,
        local_name=local_name,
        is_iri=lambda t: isinstance(t, Iri),
        is_blank=lambda t: isinstance(t, Blank),
        is_literal=lambda t: isinstance(t, Lit),
        urls=urls,
        QUOTE_BEGINS=QUOTE_BEGINS,
        QUOTE_ENDS=QUOTE_ENDS,
    )
    env.filters["script_json"] = script_json
    return env


class Labeller:
    """What templates call ``label_of``: ``label_of(term)`` is text, ``label_of.html(term)`` a
    link or an escaped literal. ``derived`` are the IRIs whose label the page made (no triple
    states it): their names are set in ``<i class="derived">``, which the page explains."""

    def __init__(
        self, labels: dict[str, str], urls: Urls, derived: frozenset[str] = frozenset()
    ) -> None:
        self.labels = labels
        self.urls = urls
        self.derived = derived

    def __call__(self, term: Term) -> str:
        return display(term, self.labels)

    def html(self, term: Term) -> Markup:
        return term_html(term, self.labels, self.urls, self.derived)

    def is_derived(self, term: Term) -> bool:
        return isinstance(term, Iri) and term.value in self.derived


def statement_rows(pairs: Iterable[tuple[Term, Term]], label_of: Labeller) -> Markup:
    """The rows of a statements table (``macros.html``): a property and its value a line.

    Built here rather than by a loop in the template: a page has tens to hundreds of rows, and
    the template's calls and escaping were most of a page's rendering."""
    html = label_of.html
    return Markup(
        "".join(f'<tr><th scope="row">{html(p)}</th><td>{html(o)}</td></tr>\n' for p, o in pairs)
    )


def incoming_rows(links: Iterable[Any], label_of: Labeller) -> Markup:
    """The rows of a page's incoming links (``macros.html``): the resource and the property."""
    html = label_of.html
    return Markup(
        "".join(
            f"<tr><td>{html(link.subject)}</td><td>{html(link.predicate)}</td></tr>\n"
            for link in links
        )
    )


def term_html(
    term: Term, labels: dict[str, str], urls: Urls, derived: frozenset[str] = frozenset()
) -> Markup:
    """A term as HTML: a labelled link (a name the page made, ``derived``, marked as such), a
    blank node, or an escaped literal with its tag."""
    if isinstance(term, Iri):
        text = escape(labels.get(term.value) or compact_iri(term.value))
        if term.value in derived:
            text = Markup(f'<i class="derived">{text}</i>')
        return Markup(f'<a href="{escape(urls.href(term.value))}">{text}</a>')
    if isinstance(term, Blank):
        return Markup(f'<span class="blank">_:{escape(term.value)}</span>')
    value = escape(term.value)
    if term.lang:
        return Markup(f'<span class="literal" lang="{escape(term.lang)}">{value}</span>')
    if term.datatype != XSD_STRING:
        kind = escape(compact_iri(term.datatype))
        return Markup(f'<span class="literal">{value}</span> <span class="datatype">{kind}</span>')
    return Markup(f'<span class="literal">{value}</span>')


def local_name(iri: str) -> str:
    """The last segment of an IRI (after ``#`` or ``/``), for headings without a label."""
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            return iri.rstrip(sep).rsplit(sep, 1)[1]
    return iri


def display(term: Term, labels: dict[str, str]) -> str:
    """What a page shows for a term: its label, else its compact IRI."""
    if isinstance(term, Iri):
        return labels.get(term.value) or compact_iri(term.value)
    if isinstance(term, Blank):
        return f"_:{term.value}"
    return term.value


def script_json(data: Any) -> Markup:
    """JSON safe to put inside ``<script type="application/ld+json">``."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def schema_org(
    iri: str,
    page_url: str,
    types: list[Iri],
    label: str | None,
    comment: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The schema.org description embedded in a resource's page."""
    chosen = sorted({SCHEMA_TYPES[t.value] for t in types if t.value in SCHEMA_TYPES}) or ["Thing"]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@id": iri,
        "@type": chosen[0] if len(chosen) == 1 else chosen,
        "url": page_url,
    }
    if label:
        data["name"] = label
    if comment:
        data["description"] = comment
    data.update(extra or {})
    return data
