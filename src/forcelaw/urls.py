"""Every URL the project publishes or serves, built in one place (Datasette's url_builder idea).

``graph.uris`` mints the IRIs of resources; this module says where each IRI, dump, endpoint and
vocabulary lives: its published URL under the site root (``https://w3id.org/forcelaw/``) and the
local path that the server answers it on (the same path: ``.../id/state/KZ`` -> ``/id/state/KZ``).
Views, templates, the release writer and the dataset description all ask it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from forcelaw.formats import Format
from forcelaw.namespaces import BASE, ONTOLOGY_IRI, SHAPES_IRI

ID_PREFIX = "/id/"
ONTOLOGY_PATH = "/ontology"
SHAPES_PATH = "/shapes"
CONTEXT_PATH = "/context.jsonld"
DUMPS_PATH = "/dumps/"
VOID_PATH = "/.well-known/void"
SPARQL_PATH = "/sparql"
QUERY_UI_PATH = "/query"

# RFC 3986 characters a URI may hold as they are: unreserved, gen-delims but for "[" and "]"
# (valid only around an IPv6 host, never in our paths), sub-delims, and "%" (see below).
_URI_SAFE = "-._~:/?#@!$&'()*+,;=%"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Urls:
    """URLs for a dataset whose resources live under ``base`` (ending in ``id/``)."""

    base: str = BASE

    @property
    def site(self) -> str:
        """The site root the base lives under ("https://w3id.org/forcelaw/")."""
        return self.base.removesuffix("id/")

    # --- published (absolute) URLs ------------------------------------------------------------

    def dump(self, relative: str) -> str:
        """The published URL of a release file (``dataset.nq``, ``graphs/KZ.ttl``)."""
        return self.site + "dumps/" + relative

    def edition_dump(self, version: str, relative: str) -> str:
        """The published URL of a file of edition ``version``: it serves that edition's bytes
        whichever edition is current (``dump`` serves the current one's)."""
        return f"{self.site}release/{version}/dumps/{relative}"

    @property
    def sparql(self) -> str:
        return self.site + "sparql"

    @property
    def context(self) -> str:
        return self.site + CONTEXT_PATH.lstrip("/")

    @property
    def void(self) -> str:
        return self.site + VOID_PATH.lstrip("/")

    @property
    def dataset(self) -> str:
        return self.base + "dataset"

    @property
    def catalog(self) -> str:
        return self.base + "catalog"

    @property
    def publisher(self) -> str:
        return self.base + "publisher"

    @property
    def sparql_service(self) -> str:
        return self.base + "service/sparql"

    # --- local paths ----------------------------------------------------------------------------

    def local(self, iri: str) -> str | None:
        """The path this server answers ``iri`` on (fragment kept), or None if it is not ours."""
        for namespace, path in ((ONTOLOGY_IRI, ONTOLOGY_PATH), (SHAPES_IRI, SHAPES_PATH)):
            if iri == namespace or iri.startswith(namespace + "#"):
                return path + iri[len(namespace) :]
        if iri.startswith(self.site):
            return "/" + iri[len(self.site) :]
        return None

    def href(self, iri: str) -> str:
        """Where a link to ``iri`` should point in our pages: locally if we serve it."""
        return self.local(iri) or iri

    def resource_path(self, iri: str, fmt: Format | None = None) -> str | None:
        """The local path of a resource document, with a format suffix when ``fmt`` is given."""
        path = self.local(iri.split("#", 1)[0])
        if path is None:
            return None
        return f"{path}.{fmt.suffix}" if fmt is not None else path

    def iri_of_path(self, path: str) -> str:
        """The IRI a local ``/id/...`` path names (the inverse of ``local``)."""
        return self.base + path.removeprefix(ID_PREFIX)

    @staticmethod
    def page(path: str, **params: str | int) -> str:
        """``path`` with query parameters (for paging links)."""
        if not params:
            return path
        query = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in params.items())
        return f"{path}?{query}"


def header_uri(iri: str) -> str:
    """``iri`` (or a local path) as a URI that an HTTP header (``Link``, ``Location``,
    ``Content-Location``) can carry: RFC 3987 §3.1 maps an IRI to a URI by percent-encoding the
    UTF-8 octets of every character a URI may not hold, keeping ``%XX`` triplets as they are.
    Header values are Latin-1 on the wire, so a raw ``€`` there is an encoding error, and a raw
    space, ``<`` or ``>`` would break a ``Link`` value; a ``%`` that starts no triplet is
    written ``%25``, so the result is always a URI."""
    return quote(_LONE_PERCENT.sub("%25", iri), safe=_URI_SAFE)
