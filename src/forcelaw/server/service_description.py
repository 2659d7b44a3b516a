"""The SPARQL 1.1 Service Description of the endpoint, built as triples.

Our limits have no standard terms, so they are stated in a small vocabulary, ``flsd:``
(https://w3id.org/forcelaw/service#), whose terms are defined in the description itself:

- ``flsd:queryTimeout`` (xsd:decimal, seconds): a query running longer is stopped (HTTP 504).
- ``flsd:maxResultRows`` (xsd:integer): most rows, or triples, in one answer.
- ``flsd:maxResultBytes`` (xsd:integer): most bytes in one serialized answer.
- ``flsd:maxRequestBytes`` (xsd:integer): largest request body or query string, in bytes,
  measured before the query is read (HTTP 413 for a body, 414 for a query string).
- ``flsd:maxQueryDepth`` (xsd:integer): deepest bracket nesting accepted in a query;
  ``flsd:maxQueryChain`` (xsd:integer): the same with runs of operators, triples and bracketed
  items counted too (HTTP 400 past either).
- ``flsd:truncation``: always ``flsd:Never`` — an answer over a limit is an error (HTTP 422),
  never a partial result.
- ``flsd:serviceAllowlist``: the endpoints SERVICE may call (none by default).
- ``flsd:maxQueryLength`` (xsd:integer): most characters in one query text (HTTP 413), for a
  query whose request is within ``flsd:maxRequestBytes``.
- ``flsd:concurrentQueries`` (xsd:integer): queries run at once (one per worker process);
  ``flsd:maxQueuedQueries``: how many more may wait for a worker before HTTP 503, and
  ``flsd:queueWait`` (xsd:decimal, seconds): how long each may wait.
- ``flsd:workerMemoryMiB`` (xsd:integer): a worker's address-space cap (0: none); a query past it
  is HTTP 500.
- ``flsd:headerTimeout``, ``flsd:bodyTimeout`` (xsd:decimal, seconds): a request's headers or
  body not in by then is HTTP 408; ``flsd:sendTimeout``: a client that leaves a piece of its
  answer unread that long has its connection dropped.
- ``flsd:heldAnswerBytes`` (xsd:integer): bytes of answers held for clients still reading them;
  a new answer past it is HTTP 503 with Retry-After (0: no bound).
- ``flsd:maxConnections`` (xsd:integer): concurrent HTTP connections before HTTP 503.
- ``flsd:rateLimit`` (xsd:decimal, requests per second per client) and ``flsd:rateBurst``
  (xsd:integer): past them a client gets HTTP 429 with Retry-After; ``flsd:rateLimitLoopback``
  (xsd:boolean): whether loopback clients are limited too (all three absent when off).
- ``flsd:answerCacheBytes`` (xsd:integer): bytes of complete answers kept for repeated queries
  (0: no cache); a repeat is answered from it, with ``X-Cache: hit``.
- ``flsd:documentCacheBytes`` (xsd:integer): bytes of linked-data documents rendered on request
  (those without a static file) kept for the next request, per edition (0: none).
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, VOID, XSD

from forcelaw.formats import Kind, formats_for
from forcelaw.namespaces import SD
from forcelaw.publish.void import DCAT_VERSION
from forcelaw.server.settings import Settings
from forcelaw.store import DatasetInfo

FLSD = "https://w3id.org/forcelaw/service#"
FLSD_ONTOLOGY = "https://w3id.org/forcelaw/service"
VOCABULARY_LABEL = "forcelaw service description terms"
VOCABULARY_COMMENT = "The limits of the forcelaw SPARQL endpoint, defined in its description."

# The setting each limit term states (the README's table of limits names these settings).
STATED_SETTINGS: dict[str, str] = {
    "timeout": "queryTimeout",
    "max_rows": "maxResultRows",
    "max_result_bytes": "maxResultBytes",
    "max_request_bytes": "maxRequestBytes",
    "max_depth": "maxQueryDepth",
    "max_chain": "maxQueryChain",
    "max_query_length": "maxQueryLength",
    "workers": "concurrentQueries",
    "max_queue": "maxQueuedQueries",
    "queue_wait": "queueWait",
    "worker_memory_mb": "workerMemoryMiB",
    "max_connections": "maxConnections",
    "header_timeout": "headerTimeout",
    "body_timeout": "bodyTimeout",
    "send_timeout": "sendTimeout",
    "held_answer_bytes": "heldAnswerBytes",
    "answer_cache_bytes": "answerCacheBytes",
    "document_cache_bytes": "documentCacheBytes",
    "rate_limit": "rateLimit",
    "rate_burst": "rateBurst",
    "rate_limit_loopback": "rateLimitLoopback",
}

_TERMS: dict[str, tuple[str, str]] = {
    "queryTimeout": ("query timeout", "Seconds after which a running query is stopped (HTTP 504)."),
    "maxResultRows": ("max result rows", "Most rows (SELECT) or triples (CONSTRUCT) in an answer."),
    "maxResultBytes": ("max result bytes", "Most bytes in one serialized answer."),
    "maxRequestBytes": (
        "max request bytes",
        "Largest accepted request body or query string, in bytes (then 413, or 414 for a query "
        "string); measured before the query is read.",
    ),
    "maxQueryDepth": ("max query depth", "Deepest bracket nesting accepted in a query."),
    "maxQueryChain": (
        "max query chain",
        "Deepest nesting accepted with runs of operators, triples and bracketed items counted "
        "too (each ||, &&, +, -, *, /, |, triple, group, BIND(...), FILTER(...) or (... AS ?x) "
        "after another nests one level in the engine).",
    ),
    "truncation": ("truncation", "What happens to an answer over a limit."),
    "serviceAllowlist": ("SERVICE allowlist", "An endpoint that SERVICE clauses may call."),
    "maxQueryLength": (
        "max query length",
        "Most characters in one query text (then 413), for a query whose request is within "
        "maxRequestBytes; a GET's request line is at most 65 535 bytes whatever the limits.",
    ),
    "concurrentQueries": ("concurrent queries", "Queries that run at once (worker processes)."),
    "maxQueuedQueries": ("max queued queries", "Queries that may wait for a worker (then 503)."),
    "queueWait": ("queue wait", "Seconds a query may wait for a worker (then 503)."),
    "workerMemoryMiB": (
        "worker memory MiB",
        "Address-space cap of a query worker in MiB (0: none); a query past it is refused (500).",
    ),
    "maxConnections": ("max connections", "Concurrent HTTP connections (then 503)."),
    "headerTimeout": ("header timeout", "Seconds a request's headers may take (then 408)."),
    "bodyTimeout": ("body timeout", "Seconds a request's body may take (then 408)."),
    "sendTimeout": (
        "send timeout",
        "Seconds a client may leave a piece of its answer (256 KiB) unread (then dropped).",
    ),
    "heldAnswerBytes": (
        "held answer bytes",
        "Bytes of answers held for clients still reading them; a new answer past it is refused "
        "(HTTP 503) until they are sent (0: no bound).",
    ),
    "rateLimit": ("rate limit", "Requests per second one client may make, sustained (then 429)."),
    "rateBurst": ("rate burst", "Requests one client may make at once before the rate applies."),
    "rateLimitLoopback": (
        "rate limit loopback",
        "Whether loopback and unix-socket clients are rate limited too.",
    ),
    "answerCacheBytes": (
        "answer cache bytes",
        "Bytes of complete answers kept for repeated queries of this release (0: none).",
    ),
    "documentCacheBytes": (
        "document cache bytes",
        "Bytes of documents rendered on request kept for the next one, per edition (0: none).",
    ),
    "Never": ("never truncated", "Answers over a limit are refused (HTTP 422), never cut short."),
}


def service_description(endpoint: str, settings: Settings, dataset: DatasetInfo) -> list[Any]:
    """The triples describing the endpoint at ``endpoint``."""
    svc = ox.NamedNode(endpoint)
    ds = ox.NamedNode(endpoint + "#dataset")
    default = ox.NamedNode(endpoint + "#default-graph")
    triples = [
        _t(svc, RDF.type, _n(SD.Service)),
        _t(svc, SD.endpoint, svc),
        _t(svc, SD.supportedLanguage, _n(SD.SPARQL11Query)),
        _t(svc, SD.feature, _n(SD.UnionDefaultGraph)),
        _t(svc, DCTERMS.title, ox.Literal("forcelaw SPARQL endpoint", language="en")),
        _t(svc, SD.defaultDataset, ds),
        _t(ds, RDF.type, _n(SD.Dataset)),
        # the edition's name (DCAT 3's dcat:version; dct:hasVersion would name a resource)
        _t(ds, DCAT_VERSION, ox.Literal(dataset.version)),
        _t(ds, SD.defaultGraph, default),
        _t(default, RDF.type, _n(SD.Graph)),
        _t(default, VOID.triples, _int(dataset.triples)),
        _t(default, RDFS.comment, ox.Literal("The union of all named graphs.", language="en")),
    ]
    if settings.service_allowlist:
        triples.append(_t(svc, SD.feature, _n(SD.BasicFederatedQuery)))
    for fmt in (*formats_for(Kind.RESULTS), *formats_for(Kind.GRAPH)):
        triples.append(_t(svc, SD.resultFormat, ox.NamedNode(fmt.iri)))
    for index, graph in enumerate(dataset.graphs, start=1):
        named = ox.NamedNode(f"{endpoint}#named-graph-{index}")
        inner = ox.NamedNode(f"{endpoint}#graph-{index}")
        triples += [
            _t(ds, SD.namedGraph, named),
            _t(named, RDF.type, _n(SD.NamedGraph)),
            _t(named, SD.name, ox.NamedNode(graph.iri)),
            _t(named, SD.graph, inner),
            _t(inner, RDF.type, _n(SD.Graph)),
            _t(inner, VOID.triples, _int(graph.triples)),
        ]
    triples += [
        _t(
            svc, _f("queryTimeout"), ox.Literal(f"{settings.timeout:.3f}", datatype=_n(XSD.decimal))
        ),
        _t(svc, _f("maxResultRows"), _int(settings.max_rows)),
        _t(svc, _f("maxResultBytes"), _int(settings.max_result_bytes)),
        _t(svc, _f("maxRequestBytes"), _int(settings.max_request_bytes)),
        _t(svc, _f("maxQueryDepth"), _int(settings.max_depth)),
        _t(svc, _f("maxQueryChain"), _int(settings.max_chain)),
        _t(svc, _f("truncation"), _f("Never")),
        _t(svc, _f("maxQueryLength"), _int(settings.max_query_length)),
        _t(svc, _f("concurrentQueries"), _int(settings.workers)),
        _t(svc, _f("maxQueuedQueries"), _int(settings.max_queue)),
        _t(svc, _f("queueWait"), _seconds(settings.queue_wait)),
        _t(svc, _f("workerMemoryMiB"), _int(settings.worker_memory_mb)),
        _t(svc, _f("maxConnections"), _int(settings.max_connections)),
        _t(svc, _f("headerTimeout"), _seconds(settings.header_timeout)),
        _t(svc, _f("bodyTimeout"), _seconds(settings.body_timeout)),
        _t(svc, _f("sendTimeout"), _seconds(settings.send_timeout)),
        _t(svc, _f("heldAnswerBytes"), _int(settings.held_answer_bytes)),
        _t(svc, _f("answerCacheBytes"), _int(settings.answer_cache_bytes)),
        _t(svc, _f("documentCacheBytes"), _int(settings.document_cache_bytes)),
    ]
    if settings.rate_limit > 0:
        triples += [
            _t(
                svc,
                _f("rateLimit"),
                ox.Literal(f"{settings.rate_limit:.3f}", datatype=_n(XSD.decimal)),
            ),
            _t(svc, _f("rateBurst"), _int(settings.rate_burst)),
            _t(svc, _f("rateLimitLoopback"), _boolean(settings.rate_limit_loopback)),
        ]
    triples += [
        _t(svc, _f("serviceAllowlist"), ox.NamedNode(i)) for i in settings.service_allowlist
    ]
    vocabulary = ox.NamedNode(FLSD_ONTOLOGY)  # its IRI answers 303 to this description
    triples += [
        _t(vocabulary, RDF.type, _n(OWL.Ontology)),
        _t(vocabulary, RDFS.label, ox.Literal(VOCABULARY_LABEL, language="en")),
        _t(vocabulary, RDFS.comment, ox.Literal(VOCABULARY_COMMENT, language="en")),
        _t(vocabulary, RDFS.isDefinedBy, svc),
    ]
    for name, (label, comment) in _TERMS.items():
        term = _f(name)
        kind = RDFS.Class if name[0].isupper() else RDF.Property
        if name == "Never":
            kind = RDFS.Resource
        triples += [
            _t(term, RDF.type, _n(kind)),
            _t(term, RDFS.label, ox.Literal(label, language="en")),
            _t(term, RDFS.comment, ox.Literal(comment, language="en")),
            _t(term, RDFS.isDefinedBy, ox.NamedNode(FLSD_ONTOLOGY)),
        ]
    return triples


def _n(iri: Any) -> Any:
    return ox.NamedNode(str(iri))


def _f(name: str) -> Any:
    return ox.NamedNode(FLSD + name)


def _int(value: int) -> Any:
    return ox.Literal(str(value), datatype=_n(XSD.integer))


def _boolean(value: bool) -> Any:
    return ox.Literal("true" if value else "false", datatype=_n(XSD.boolean))


def _t(s: Any, p: Any, o: Any) -> Any:
    return ox.Triple(s, p if isinstance(p, ox.NamedNode) else _n(p), o)


def _seconds(value: float) -> Any:
    return ox.Literal(f"{value:.3f}", datatype=_n(XSD.decimal))
