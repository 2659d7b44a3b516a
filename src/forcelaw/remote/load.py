"""Loading a release into a remote store over the SPARQL 1.1 Graph Store HTTP Protocol.

One named graph at a time, each with a PUT (which replaces the graph: running the load again
leaves the same store, never duplicates), from the release's ``graphs/NAME.ttl`` (or, for a release
without them, its graph of ``dataset.nq``). Graphs of the release's namespace that the release no
longer has are deleted. Afterwards the store is asked how many triples each graph holds, and every
count must equal the manifest's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

from forcelaw.errors import LoadError, ReleaseError

GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
MEDIA_TYPES = {".ttl": "text/turtle", ".nt": "application/n-triples"}


@dataclass(frozen=True)
class GraphLoad:
    """One graph of the release: its IRI, the manifest's triple count and the store's after."""

    name: str
    iri: str
    expected: int
    found: int

    @property
    def ok(self) -> bool:
        return self.expected == self.found


@dataclass(frozen=True)
class LoadReport:
    version: str
    graphs: tuple[GraphLoad, ...]
    removed: tuple[str, ...]  # graphs of the release's namespace no longer in the release

    @property
    def triples(self) -> int:
        return sum(g.found for g in self.graphs)


def load_release_remote(
    release: Path,
    store: str,
    graph_store: str | None = None,
    *,
    timeout: float = 600.0,
    progress: Callable[[str], None] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> LoadReport:
    """PUT every named graph of ``release`` into the store, then check the counts; raise if off."""
    manifest = _manifest(release)
    version = str(manifest["version"])
    graphs = [
        _Planned(str(g["name"]), str(g["iri"]), int(g["triples"]), g.get("file"))
        for g in manifest["graphs"]
    ]
    in_release = {g.iri for g in graphs}
    target = graph_store or store
    say = progress or (lambda _message: None)
    split: dict[str, bytes] | None = None
    with httpx.Client(timeout=httpx.Timeout(timeout, connect=10.0), transport=transport) as client:
        for graph in graphs:
            path = release / str(graph.file) if graph.file else None
            if path is not None and path.is_file():
                body, media_type = path.read_bytes(), MEDIA_TYPES.get(path.suffix, "text/turtle")
            else:
                if split is None:
                    split = _split_dataset(release / "dataset.nq")
                body, media_type = split.get(graph.iri, b""), "application/n-triples"
            say(f"PUT {graph.iri} ({graph.triples} triples)")
            _send(client, "PUT", target, graph.iri, body, media_type)
        namespace = _namespace(sorted(in_release))
        counts = _counts(client, store)
        removed = tuple(
            sorted(
                g for g in counts if namespace and g.startswith(namespace) and g not in in_release
            )
        )
        for iri in removed:
            say(f"DELETE {iri} (not in release {version})")
            _send(client, "DELETE", target, iri)
        if removed:
            counts = _counts(client, store)
    report = LoadReport(
        version=version,
        graphs=tuple(GraphLoad(g.name, g.iri, g.triples, counts.get(g.iri, 0)) for g in graphs),
        removed=removed,
    )
    wrong = [g for g in report.graphs if not g.ok]
    if wrong:
        lines = "; ".join(
            f"graph <{g.iri}> holds {g.found} triples, the manifest says {g.expected}"
            for g in wrong
        )
        raise LoadError(f"{store}: the store does not hold release {version}: {lines}")
    return report


@dataclass(frozen=True)
class _Planned:
    name: str
    iri: str
    triples: int
    file: object


def _manifest(release: Path) -> dict[str, Any]:
    path = release / "manifest.json"
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        str(manifest["version"])
        for graph in manifest["graphs"]:
            str(graph["iri"]), str(graph["name"]), int(graph["triples"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReleaseError(
            f"{path}: cannot read the release manifest (expected version and graphs with name, "
            f"iri and triples): {exc}"
        ) from None
    return manifest


def _split_dataset(path: Path) -> dict[str, bytes]:
    """The release's N-Quads as N-Triples per named graph."""
    if not path.is_file():
        raise ReleaseError(f"{path}: missing (expected graphs/NAME.ttl or the N-Quads dump)")
    by_graph: dict[str, list[Any]] = {}
    try:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            if isinstance(quad.graph_name, ox.NamedNode):
                by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
    except SyntaxError as exc:
        raise ReleaseError(f"{path}: {exc}") from None
    return {
        iri: ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        for iri, triples in by_graph.items()
    }


def _send(
    client: httpx.Client,
    method: str,
    graph_store: str,
    iri: str,
    body: bytes | None = None,
    media_type: str | None = None,
) -> None:
    headers = {"Content-Type": media_type} if media_type else {}
    try:
        answer = client.request(
            method, graph_store, params={"graph": iri}, content=body, headers=headers
        )
    except httpx.TransportError as exc:
        reason = str(exc) or type(exc).__name__
        raise LoadError(f"{graph_store}: {method} <{iri}> failed: {reason}") from None
    if answer.status_code not in (200, 201, 204):
        detail = " ".join(answer.text.split())[:500]
        raise LoadError(
            f"{graph_store}: {method} <{iri}> answered HTTP {answer.status_code}: {detail} "
            "(expected 200, 201 or 204 from a SPARQL 1.1 Graph Store HTTP Protocol endpoint; "
            "give it with --graph-store)"
        )


def _counts(client: httpx.Client, store: str) -> dict[str, int]:
    """Triples per named graph, as the store's query endpoint counts them."""
    try:
        answer = client.post(
            store,
            data={"query": GRAPH_COUNTS},
            headers={"Accept": "application/sparql-results+json"},
        )
    except httpx.TransportError as exc:
        reason = str(exc) or type(exc).__name__
        raise LoadError(f"{store}: cannot count the loaded triples: {reason}") from None
    if answer.status_code != 200:
        detail = " ".join(answer.text.split())[:500]
        raise LoadError(
            f"{store}: counting the loaded triples answered HTTP {answer.status_code}: {detail} "
            "(expected a SPARQL 1.1 query endpoint)"
        )
    try:
        rows = answer.json()["results"]["bindings"]
        return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}
    except (ValueError, KeyError, TypeError) as exc:
        raise LoadError(f"{store}: the triple counts are not SPARQL JSON results ({exc})") from None


def _namespace(iris: list[str]) -> str:
    """The namespace the release's graphs share (``.../id/graph/``), or '' if none."""
    heads = {iri.rsplit("/", 1)[0] + "/" for iri in iris if "/" in iri}
    return heads.pop() if len(heads) == 1 else ""
