"""The traffic regimes beyond the cold mix: repeat-heavy and crawler.

* ``repeat``: a fixed set of a few hundred distinct queries, made deterministically from the mix
  by varying its constants (state codes, treaty IRIs, adherence IRIs, search words,
  LIMIT/OFFSET), drawn with a Zipf popularity (rank ``k`` has weight ``1 / k**s``, s = 1.1) in a
  seeded order. Every system gets the same request sequence.

  Sampling (``--repeat-sampling``): the candidates are grouped in template families, the nine
  templates of the cold mix. ``proportional`` (the default) draws the distinct queries
  round-robin across the families, each family's candidates in a seeded shuffled order, so each
  template has an equal share of the set as in the cold mix (a family that runs out, such as
  the four observations-by-year queries, leaves its share to the others) and consecutive
  popularity ranks belong to different families. ``uniform`` takes the first ``size`` of all
  candidates in a seeded shuffle: at 197 states the candidates are mostly thousands of
  per-resource lookups, DESCRIBEs and ASKs, and the aggregate templates (CAT without
  oversight, treaty matrix, claims page, provision text, observations by year) make about 1%
  of the set.
* ``crawler``: every document URI under the base (the subjects of the release under
  ``https://w3id.org/forcelaw/id/``, fragments dropped), dereferenced in each format. forcelaw
  (alone, or behind nginx as deployed: ``forcelaw-nginx``) answers ``GET /id/...`` (HTML too,
  which only it serves); the Oxigraph server and rdflib-endpoint get the equivalent
  ``DESCRIBE <uri>`` over SPARQL with the same ``Accept``.

The constants and URIs come from the release's ``dataset.nq`` (one SPARQL query each over an
in-memory pyoxigraph store), so the sets do not depend on the system under test.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from pyoxigraph import RdfFormat, Store

BASE = "https://w3id.org/forcelaw/id/"
FL = "https://w3id.org/forcelaw/ontology#"
RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
ZIPF_S = 1.1
REPEAT_QUERIES = 300
SAMPLINGS = ("proportional", "uniform")
SEQUENCE_LENGTH = 100_000
OURS = ("forcelaw", "forcelaw-nginx")  # the systems that serve /id/ documents themselves

# format name -> Accept; HTML is forcelaw's alone (a SPARQL DESCRIBE has no HTML answer)
CRAWL_FORMATS = {
    "html": "text/html",
    "turtle": "text/turtle",
    "ntriples": NTRIPLES,
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}

PREFIXES = f"""PREFIX fl: <{FL}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
"""

WORDS = (
    "self-defence", "firearm", "force", "torture", "police", "detention", "arrest",
    "weapon", "life", "proportion", "necessary", "assembly", "officer", "custody", "law",
)  # fmt: skip


class Facts:
    """The constants of a release that the query templates vary over."""

    def __init__(self, dataset: Path) -> None:
        store = Store()
        store.bulk_load(path=str(dataset), format=RdfFormat.N_QUADS)
        self.store = store
        self.states = self._column(f"SELECT DISTINCT ?x WHERE {{ ?x <{FL}isoCode> [] }}")
        self.codes = self._column(f"SELECT DISTINCT ?x WHERE {{ [] <{FL}isoCode> ?x }}")
        self.treaties = self._column(f"SELECT DISTINCT ?x WHERE {{ [] <{FL}treaty> ?x }}")
        self.adherences = self._column(f"SELECT DISTINCT ?x WHERE {{ ?x a <{FL}TreatyAdherence> }}")
        claims = self._column(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{FL}Claim> }}")
        self.claims = int(claims[0]) if claims else 0

    def _column(self, query: str) -> list[str]:
        values = []
        for solution in self.store.query(query, use_default_graph_as_union=True):  # type: ignore[union-attr]
            term = solution[0]
            values.append(term.value)
        return sorted(values)

    def documents(self) -> list[str]:
        """Every IRI under the base that is a subject of the release, fragment dropped."""
        found = self._column(
            f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER STRSTARTS(STR(?s), "{BASE}") }}'
        )
        return sorted({iri.split("#", 1)[0] for iri in found})


def repeat_set(
    facts: Facts, size: int = REPEAT_QUERIES, seed: int = 6, sampling: str = "proportional"
) -> list[dict[str, str]]:
    """``size`` distinct queries from the mix's templates, in a seeded popularity order.

    ``sampling`` is ``proportional`` (:func:`proportional_sample`: the templates in equal shares,
    as in the cold mix) or ``uniform`` (:func:`uniform_sample`: the templates in their shares of
    the candidates).
    """
    candidates: list[dict[str, str]] = []

    def add(name: str, query: str, accept: str = RESULTS_JSON) -> None:
        candidates.append({"name": name, "query": PREFIXES + query, "accept": accept})

    party = f"<{BASE}scheme/treaty-status/state-party>"
    oversight = f"<{BASE}scheme/body-type/oversight-body>"
    for state in facts.states:
        add("describe", f"DESCRIBE <{state}>", NTRIPLES)
        code = state.rsplit("/", 1)[-1]
        add(
            "construct-state",
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{BASE}graph/{code}> {{ ?s ?p ?o }} }}",
            NTRIPLES,
        )
        for treaty in facts.treaties:
            add(
                "ask-opcat",
                f"ASK {{ ?a fl:state <{state}> ; fl:treaty <{treaty}> ; fl:status {party} . }}",
            )
    for adherence in facts.adherences:
        add("lookup", f"SELECT ?p ?o WHERE {{ <{adherence}> ?p ?o . }}")
    for document in facts.documents():  # every resource's lookup and DESCRIBE: the long tail
        add("lookup", f"SELECT ?p ?o WHERE {{ <{document}> ?p ?o . }}")
        add("describe", f"DESCRIBE <{document}>", NTRIPLES)
    for treaty in facts.treaties:
        add("describe", f"DESCRIBE <{treaty}>", NTRIPLES)
        add(
            "cat-without-oversight",
            f"""SELECT ?state ?name WHERE {{
  ?a a fl:TreatyAdherence ; fl:state ?state ; fl:treaty <{treaty}> ; fl:status {party} .
  ?state rdfs:label ?name .
  FILTER NOT EXISTS {{ ?body a fl:Body ; fl:state ?state ; fl:bodyType {oversight} . }}
}} ORDER BY ?name""",
        )
    pages = max(1, min(40, facts.claims // 20 + 1))
    for limit in (10, 20, 50):
        for page in range(pages):
            add(
                "claims-page",
                f"""SELECT ?claim ?label WHERE {{ ?claim a fl:Claim ; rdfs:label ?label . }}
ORDER BY ?label ?claim LIMIT {limit} OFFSET {page * 20}""",
            )
    for limit in (25, 50, 100, 200, 500):
        add(
            "treaty-matrix",
            f"""SELECT ?code ?treaty ?status WHERE {{
  ?a a fl:TreatyAdherence ; fl:state ?state ; fl:treaty ?t ; fl:status ?c .
  ?state fl:isoCode ?code . ?t fl:shortName ?treaty . ?c skos:notation ?status .
}} ORDER BY ?code ?treaty LIMIT {limit}""",
        )
    for word in WORDS:
        add(
            "provision-text",
            f"""SELECT ?provision ?number ?text WHERE {{
  ?provision a fl:Provision ; eli:number ?number ; fl:verbatimText ?text .
  FILTER (CONTAINS(LCASE(STR(?text)), "{word}"))
}}""",
        )
    for year in ("", "2010", "2015", "2020"):
        since = f'FILTER (?date >= "{year}-01-01"^^<http://www.w3.org/2001/XMLSchema#date>)'
        add(
            "observations-by-year",
            f"""SELECT ?year (COUNT(?o) AS ?count) WHERE {{
  ?o a fl:Pronouncement ; dct:date ?date .
  {since if year else ""}
  BIND (SUBSTR(STR(?date), 1, 4) AS ?year)
}} GROUP BY ?year ORDER BY ?year""",
        )
    candidates = list({c["query"]: c for c in candidates}.values())  # distinct, first order
    if sampling == "uniform":
        chosen = uniform_sample(candidates, size, seed)
    elif sampling == "proportional":
        chosen = proportional_sample(candidates, size, seed)
    else:
        raise ValueError(f"unknown sampling {sampling!r} (expected one of {', '.join(SAMPLINGS)})")
    for rank, request in enumerate(chosen):
        request["name"] = f"{request['name']}#{rank}"
    return chosen


def uniform_sample(candidates: list[dict[str, str]], size: int, seed: int) -> list[dict[str, str]]:
    """The first ``size`` of all candidates in a seeded shuffle: each family in its share of the
    candidates (at 197 states, mostly per-resource lookups, DESCRIBEs and ASKs)."""
    shuffled = list(candidates)
    random.Random(seed).shuffle(shuffled)
    return shuffled[:size]


def proportional_sample(
    candidates: list[dict[str, str]], size: int, seed: int
) -> list[dict[str, str]]:
    """``size`` candidates drawn round-robin across the template families (``name``).

    Each family's candidates are taken in a seeded shuffled order; each round visits every family
    that has some left, in a seeded shuffled order of its own, and takes one from each. So every
    family has an equal share of the set (a family that runs out leaves its share to the others),
    and consecutive popularity ranks belong to different families. Candidates are returned as
    given (distinct if they are), never repeated.
    """
    rng = random.Random(seed)
    families: dict[str, list[dict[str, str]]] = {}
    for candidate in candidates:
        families.setdefault(candidate["name"], []).append(candidate)
    queues = []
    for name in sorted(families):  # a fixed family order, whatever the first candidate
        members = list(families[name])
        rng.shuffle(members)
        queues.append(members)
    chosen: list[dict[str, str]] = []
    while len(chosen) < size and any(queues):
        order = [q for q in queues if q]
        rng.shuffle(order)
        for queue in order[: size - len(chosen)]:
            chosen.append(queue.pop(0))
    return chosen


def zipf_sequence(
    n: int, length: int = SEQUENCE_LENGTH, s: float = ZIPF_S, seed: int = 6
) -> list[int]:
    """``length`` seeded draws of ranks ``0..n-1`` with weight ``1 / (rank + 1) ** s``."""
    weights = [1 / (k + 1) ** s for k in range(n)]
    return random.Random(seed).choices(range(n), weights=weights, k=length)


def crawl_requests(
    documents: list[str], fmt: str, system: str, sparql_url: str
) -> list[dict[str, Any]]:
    """One request per document in ``fmt``: a GET of the document on forcelaw (alone or behind
    nginx), else DESCRIBE."""
    accept = CRAWL_FORMATS[fmt]
    if system in OURS:
        root = sparql_url.rsplit("/sparql", 1)[0]
        return [
            {"name": fmt, "query": "", "accept": accept, "url": root + "/id/" + d[len(BASE) :]}
            for d in documents
        ]
    return [{"name": fmt, "query": f"DESCRIBE <{d}>", "accept": accept} for d in documents]
