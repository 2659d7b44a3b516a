"""A small release directory (manifest.json + dataset.nq) written by the tests themselves."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

BASE = "https://w3id.org/forcelaw/id/"
FL = "https://w3id.org/forcelaw/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ELI = "http://data.europa.eu/eli/ontology#"
GRAPH_KZ = BASE + "graph/KZ"
GRAPH_REF = BASE + "graph/reference"
STATE = BASE + "state/KZ"
PROVISION = BASE + "instrument/KZ/constitution-1995/art-17/para-1"
INSTRUMENT = BASE + "instrument/KZ/constitution-1995"
TREATY = BASE + "treaty/cat"
HOSTILE_TEXT = 'Art. 17 <script>alert("x")</script> & \\ "quoted"\nnew line, comma\ttab'

QUADS = [
    (STATE, RDF_TYPE, f"<{FL}State>", GRAPH_KZ),
    (STATE, LABEL, '"Kazakhstan"@en', GRAPH_KZ),
    (STATE, FL + "isoCode", '"KZ"', GRAPH_KZ),
    (INSTRUMENT, RDF_TYPE, f"<{FL}LegalInstrument>", GRAPH_KZ),
    (INSTRUMENT, LABEL, '"Constitution of Kazakhstan (1995)"@en', GRAPH_KZ),
    (INSTRUMENT, FL + "adoptionYear", '"1995"^^<http://www.w3.org/2001/XMLSchema#gYear>', GRAPH_KZ),
    (PROVISION, RDF_TYPE, f"<{FL}Provision>", GRAPH_KZ),
    (PROVISION, ELI + "is_part_of", f"<{INSTRUMENT}>", GRAPH_KZ),
    (PROVISION, ELI + "number", '"17(1)"', GRAPH_KZ),
    (PROVISION, FL + "verbatimText", json.dumps(HOSTILE_TEXT) + "@en", GRAPH_KZ),
    (TREATY, RDF_TYPE, f"<{FL}Treaty>", GRAPH_REF),
    (TREATY, LABEL, '"Convention against Torture"@en', GRAPH_REF),
    (TREATY, FL + "adoptionYear", '"1984"^^<http://www.w3.org/2001/XMLSchema#gYear>', GRAPH_REF),
]


def _term(value: str) -> str:
    return value if value.startswith(('"', "<")) else f"<{value}>"


def write_release(directory: Path, version: str = "0.0.1-test") -> Path:
    """Write the fixture release into ``directory`` and return it."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = [f"<{s}> <{p}> {_term(o)} <{g}> .\n" for s, p, o, g in QUADS]
    dataset = "".join(lines).encode("utf-8")
    (directory / "dataset.nq").write_bytes(dataset)
    graphs = [
        {
            "iri": g,
            "name": g.rsplit("/", 1)[1],
            "file": f"graphs/{g.rsplit('/', 1)[1]}.ttl",
            "triples": sum(1 for q in QUADS if q[3] == g),
        }
        for g in (GRAPH_KZ, GRAPH_REF)
    ]
    manifest = {
        "version": version,
        "created": "2025-01-01T00:00:00+00:00",
        "base": BASE,
        "graphs": graphs,
        "files": [
            {
                "path": "dataset.nq",
                "bytes": len(dataset),
                "sha256": hashlib.sha256(dataset).hexdigest(),
                "media_type": "application/n-quads",
            }
        ],
        "triples": len(QUADS),
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return directory
