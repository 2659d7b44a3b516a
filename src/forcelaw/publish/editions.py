"""The editions kept under ``dist/releases/``: listing them, reading one back, finding the one
a build follows, and the one in force at a given time (for Memento)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from forcelaw.errors import ReleaseError
from forcelaw.publish.changes import COUNTED, NOT_COMPARED
from forcelaw.terms import XSD_STRING

CHANGELOG_FILE = "changelog.json"
CHANGES_FILE = "changes.ttl"


@dataclass(frozen=True)
class Edition:
    """One published release as the release directory describes it."""

    version: str
    created: datetime
    path: Path
    triples: int
    previous: str | None
    changes: tuple[str, ...]
    added: int | None
    removed: int | None


def list_editions(out: Path) -> list[Edition]:
    """Every complete release under ``out/releases``, oldest first (staging dirs ignored)."""
    releases = out / "releases"
    if not releases.is_dir():
        return []
    found = []
    for path in releases.iterdir():
        if path.name.startswith(".") or not (path / "manifest.json").is_file():
            continue
        found.append(read_edition(path))
    return sorted(found, key=lambda e: (e.created, e.version))


def read_edition(path: Path) -> Edition:
    """The edition in release directory ``path`` (its manifest and, if any, changelog)."""
    manifest = _json(path / "manifest.json")
    changelog = _json(path / CHANGELOG_FILE) if (path / CHANGELOG_FILE).is_file() else {}
    try:
        created = datetime.fromisoformat(str(manifest["created"]))
        version = str(manifest["version"])
    except (KeyError, ValueError) as exc:
        where = path / "manifest.json"
        raise ReleaseError(f"{where}: no version or creation time ({exc})") from None
    previous = changelog.get("previous")
    added, removed = changelog.get("added"), changelog.get("removed")
    return Edition(
        version=version,
        created=created,
        path=path,
        triples=int(manifest.get("triples", 0)),
        previous=str(previous) if previous else None,
        changes=tuple(str(c) for c in changelog.get("changes", [])),
        added=added if isinstance(added, int) else None,
        removed=removed if isinstance(removed, int) else None,
    )


def current_version(out: Path) -> str | None:
    """The version ``out/current`` points at, if any."""
    link = out / "current"
    if not link.exists():
        return None
    return Path(os.path.realpath(link)).name


def previous_edition(out: Path, version: str) -> Edition | None:
    """The edition a new build of ``version`` follows: the current one, unless it is the same
    version rebuilt (then the one that one followed)."""
    current = current_version(out)
    if current is None:
        return None
    editions = {e.version: e for e in list_editions(out)}
    edition = editions.get(current)
    if edition is not None and edition.version == version:
        return editions.get(edition.previous) if edition.previous else None
    return edition


def in_force(editions: Sequence[Edition], when: datetime) -> Edition | None:
    """The edition in force at ``when``: the latest created at or before it, else the first."""
    if not editions:
        return None
    chosen = editions[0]
    for edition in editions:
        if edition.created <= when:
            chosen = edition
    return chosen


def kept_creation(out: Path, version: str) -> datetime | None:
    """When edition ``version`` under ``out`` was created, if it is there: the same edition
    rebuilt keeps that time, so every file at its versioned URLs keeps its bytes (the time is
    written in the manifest, changelog.json and changes.ttl, and their checksums in the
    description)."""
    path = out / "releases" / version
    if not (path / "manifest.json").is_file():
        return None
    try:
        edition = read_edition(path)
    except ReleaseError:
        return None  # an unreadable manifest: the rebuild replaces it, with a new time
    return edition.created if edition.version == version else None


def first_issued(out: Path, previous: Edition | None) -> str | None:
    """The day (ISO date) the dataset was first issued, as the editions under ``out`` say: the
    ``dct:issued`` that ``previous`` states for the dataset (carried from edition to edition, so
    it outlives the removal of old editions), or the creation day of the oldest edition kept,
    whichever is earlier; None if there is no edition yet."""
    days = [e.created.date().isoformat() for e in list_editions(out)]
    if previous is not None:
        metadata = previous.path / "graphs" / "metadata.ttl"
        try:
            for triple in ox.parse(path=str(metadata), format=ox.RdfFormat.TURTLE):
                if triple.predicate.value == _ISSUED and triple.subject.value.endswith("/dataset"):
                    days.append(str(triple.object.value))
        except (OSError, SyntaxError, ValueError):
            pass  # an edition without a readable description: the editions' days decide
    return min(days) if days else None


_ISSUED = "http://purl.org/dc/terms/issued"


def resolve(out: Path, name: str) -> Path:
    """A release named by a directory path or a version under ``out/releases``."""
    candidate = Path(name)
    for path in (candidate, out / "releases" / name):
        if (path / "manifest.json").is_file():
            return path
    if name == "current" and (out / "current" / "manifest.json").is_file():
        return out / "current"
    raise ReleaseError(f"{name}: no release there (expected a release directory or a version)")


def read_graphs(path: Path) -> dict[str, Graph]:
    """The content graphs of a release (``graphs/NAME.ttl``, the description left out)."""
    manifest = _json(path / "manifest.json")
    graphs: dict[str, Graph] = {}
    for entry in manifest.get("graphs", []):
        name = str(entry["name"])
        if name in NOT_COMPARED:
            continue
        file = path / str(entry.get("file", f"graphs/{name}.ttl"))
        try:
            graphs[name] = read_turtle(file)
        except (OSError, SyntaxError, ValueError) as exc:
            raise ReleaseError(f"{file}: cannot read the graph ({exc})") from None
    return graphs


def same_graphs(path: Path, turtles: Mapping[str, str]) -> bool:
    """True if the release at ``path`` has the graphs that ``turtles`` (name -> the Turtle a build
    writes) hold, byte for byte, as its manifest's checksums say: the same names and files, the
    description left out. Graph files are deterministic, so a build of unchanged data can say
    "no changes" without reading the previous edition (10 s at 197 states) and comparing it
    (20 s). Anything unreadable or missing answers False: the graphs are then compared."""
    try:
        manifest = _json(path / "manifest.json")
        checksums = {str(f["path"]): str(f["sha256"]) for f in manifest.get("files", [])}
        files = {
            str(g["name"]): str(g.get("file", f"graphs/{g['name']}.ttl"))
            for g in manifest.get("graphs", [])
            if str(g["name"]) not in NOT_COMPARED
        }
    except (ReleaseError, KeyError, TypeError, AttributeError):
        return False
    ours = {name: text for name, text in turtles.items() if name not in NOT_COMPARED}
    if set(files) != set(ours):
        return False
    return all(
        checksums.get(files[name]) == hashlib.sha256(text.encode("utf-8")).hexdigest()
        for name, text in ours.items()
    )


def read_turtle(file: Path) -> Graph:
    """A Turtle file as an rdflib graph, parsed by pyoxigraph: the graph rdflib's own parser
    gives (blank nodes fresh), in less than half the time (a 197-state edition: 10 s, not 24 s).
    pyoxigraph writes language tags in lower case and rdflib keeps them as written, so a file
    with a capital in a language tag is left to rdflib. A syntax error is a ``SyntaxError``."""
    data = file.read_bytes()
    base = file.resolve().as_uri()
    if _CAPITAL_LANGUAGE.search(data):
        return Graph().parse(data=data, format="turtle", publicID=base)
    graph = Graph()
    blanks: dict[str, BNode] = {}
    add = graph.add
    for triple in ox.parse(data, ox.RdfFormat.TURTLE, base_iri=base):
        subject = _node(triple.subject, blanks)
        add((subject, URIRef(triple.predicate.value), _node(triple.object, blanks)))
    return graph


# A language tag right after a string's closing quote, with a capital letter in it.
_CAPITAL_LANGUAGE = re.compile(rb"[\"']@[A-Za-z0-9-]*[A-Z]")


def _node(term: Any, blanks: dict[str, BNode]) -> Any:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return blanks.setdefault(term.value, BNode())
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise ValueError(f"not a term of a graph file: {term!r}")  # an RDF-star triple


def format_editions(editions: Sequence[Edition], current: str | None) -> str:
    """``forcelaw releases``: one line per edition, newest first, then its changes."""
    if not editions:
        return "no releases"
    lines = []
    for edition in reversed(editions):
        mark = "*" if edition.version == current else " "
        counts = (
            f"+{edition.added} -{edition.removed}"
            if edition.added is not None and edition.removed is not None
            else "no changelog"
        )
        lines.append(
            f"{mark} {edition.version}  {edition.created.isoformat()}  "
            f"{edition.triples:>7} triples  {counts}"
            + (f"  (after {edition.previous})" if edition.previous else "")
        )
        lines += [f"      {change}" for change in edition.changes[:20]]
        if len(edition.changes) > 20:
            lines.append(f"      ... and {len(edition.changes) - 20} more")
    lines.append(f"(+added -removed: {COUNTED})")
    return "\n".join(lines)


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReleaseError(f"{path}: cannot read ({exc})") from None
    if not isinstance(data, dict):
        raise ReleaseError(f"{path}: expected a JSON object")
    return data
