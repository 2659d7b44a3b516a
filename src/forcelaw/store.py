"""The query engine behind a small interface.

``Store`` is what the HTTP layer talks to: an async ``query`` with a timeout, plus what the
dataset holds. The embedded implementation is ``Engine`` (pyoxigraph, opened read-only from an
on-disk store that ``load_release`` bulk-loaded); the server runs engines in worker processes
(``forcelaw.server.workers``) so that a runaway or crashing query can be killed. A remote SPARQL
store can implement the same protocol later.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pyoxigraph as ox

from forcelaw.errors import (
    InvalidDataset,
    QuerySyntaxError,
    QueryUnsupported,
    ReleaseError,
    ResultTooLarge,
    UpdateRefused,
)
from forcelaw.formats import BY_KEY, Format, Kind, formats_for
from forcelaw.namespaces import PREFIXES
from forcelaw.results import write_boolean, write_solutions, write_triples
from forcelaw.terms import RDF_LANG_STRING, Blank, Iri, Lit, Term, Triple


@dataclass(frozen=True)
class GraphInfo:
    iri: str
    triples: int


@dataclass(frozen=True)
class DatasetInfo:
    """What a loaded release holds: its version and its named graphs with their sizes."""

    version: str
    graphs: tuple[GraphInfo, ...]

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)


@dataclass(frozen=True)
class QueryRequest:
    """One query as the protocol layer hands it to a store."""

    query: str
    format_key: str
    max_rows: int
    max_bytes: int
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueryResult:
    body: bytes
    content_type: str
    rows: int
    elapsed: float = field(default=0.0, compare=False)


class Store(Protocol):
    """What the server needs from a query engine."""

    dataset: DatasetInfo

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def query(self, request: QueryRequest, timeout: float) -> QueryResult: ...


@runtime_checkable
class SelectsTerms(Protocol):
    """A store in this process that can hand a SELECT's rows over as terms (no SPARQL JSON
    written and read back): the static renderer's. ``Reader.select`` uses it when it can."""

    async def select_terms(self, request: QueryRequest) -> list[dict[str, Term]]: ...


@runtime_checkable
class ConstructsTerms(Protocol):
    """A store in this process that can hand a CONSTRUCT's triples over as terms (the static
    renderer's, which has evaluated the same CONSTRUCT for the document's other formats).
    ``Reader.triples`` uses it when it can."""

    async def construct_terms(self, request: QueryRequest) -> list[Triple]: ...


def solution_terms(answer: Any, max_rows: int) -> list[dict[str, Term]]:
    """The rows of an engine's SELECT answer as terms, exactly as ``from_sparql_json`` reads the
    SPARQL JSON this module writes for them (an unbound variable is absent from its row)."""
    if not isinstance(answer, ox.QuerySolutions):
        raise InvalidDataset("expected a SELECT answer")
    names = [v.value for v in answer.variables]
    rows: list[dict[str, Term]] = []
    for solution in answer:
        if len(rows) >= max_rows:
            raise ResultTooLarge("rows", max_rows)
        rows.append({n: _term(t) for n in names if (t := solution[n]) is not None})
    return rows


def triple_terms(triples: Any, max_rows: int) -> list[Triple]:
    """An engine's CONSTRUCT triples as terms (at most ``max_rows`` of them)."""
    out: list[Triple] = []
    for triple in triples:
        if len(out) >= max_rows:
            raise ResultTooLarge("rows", max_rows)
        subject = _term(triple.subject)
        if isinstance(subject, Lit):  # pragma: no cover - the engine never gives one
            raise ValueError(f"a literal cannot be a subject: {subject!r}")
        out.append((subject, Iri(triple.predicate.value), _term(triple.object)))
    return out


def _term(term: Any) -> Term:
    if isinstance(term, ox.NamedNode):
        return Iri(term.value)
    if isinstance(term, ox.BlankNode):
        return Blank(term.value)
    if isinstance(term, ox.Literal):
        lang = term.language
        if lang:
            return Lit(term.value, lang, RDF_LANG_STRING)
        return Lit(term.value, None, term.datatype.value)
    raise ValueError("unsupported term in SPARQL results: 'triple'")


def load_release(release_dir: Path, store_dir: Path) -> DatasetInfo:
    """Bulk-load a release's ``dataset.nq`` into a new on-disk store; return what it holds."""
    release_dir = release_dir.resolve()
    dataset_path = release_dir / "dataset.nq"
    version = release_version(release_dir)
    if not dataset_path.is_file():
        raise ReleaseError(f"{dataset_path}: missing (expected the release's N-Quads dump)")
    store = ox.Store(str(store_dir))
    _fill(store, dataset_path)
    graphs = _graph_sizes(store)
    store.flush()
    del store  # close it: read-only openers must not share the directory with a writer
    return DatasetInfo(version=version, graphs=graphs)


def release_version(release_dir: Path) -> str:
    """The version a release's ``manifest.json`` gives."""
    manifest_path = release_dir / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        return str(manifest["version"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReleaseError(f"{manifest_path}: cannot read the release manifest ({exc})") from exc


def _graph_sizes(store: Any) -> tuple[GraphInfo, ...]:
    counts: Any = store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    )
    return tuple(GraphInfo(str(row["g"].value), int(row["n"].value)) for row in counts)


def _fill(store: Any, dataset_path: Path) -> None:
    """Bulk-load an N-Quads file into ``store``, keeping its blank nodes' labels.

    ``bulk_load`` would give them new random labels at each load; kept, they are the dumps'
    labels, and every store loaded from the same file (on disk for the server, in memory for
    the static renderer) names a blank node alike, so their documents are the same bytes."""
    try:
        store.bulk_extend(ox.parse(path=str(dataset_path), format=ox.RdfFormat.N_QUADS))
    except SyntaxError as exc:
        raise ReleaseError(f"{dataset_path}: {exc}") from exc


class Engine:
    """An embedded pyoxigraph store, opened read-only, that answers one query at a time."""

    def __init__(self, store_dir: Path) -> None:
        self._store = ox.Store.read_only(str(store_dir))
        self._writable = False

    @classmethod
    def in_memory(cls, dataset_path: Path) -> Engine:
        """An engine over a release's ``dataset.nq`` loaded into memory (for the static renderer:
        its point lookups are three to four times faster than the on-disk store's, for about
        two seconds of loading at 197 states). Blank nodes keep the file's labels, as in the
        on-disk store ``load_release`` makes."""
        engine = cls.__new__(cls)
        store = ox.Store()
        _fill(store, dataset_path)
        engine._store = store
        engine._writable = True  # never given an update: see ``_classify_syntax_error``
        return engine

    def dataset(self, version: str) -> DatasetInfo:
        """What this engine holds, as ``load_release`` says it of the store it loads."""
        return DatasetInfo(version=version, graphs=_graph_sizes(self._store))

    def quads(self) -> Iterator[Any]:
        """Every quad of the store, as the engine holds it (literals in its canonical form:
        ``"012"^^xsd:nonNegativeInteger`` is read back as ``"12"^^xsd:integer``)."""
        return iter(self._store.quads_for_pattern(None, None, None, None))

    def run(self, request: QueryRequest) -> QueryResult:
        """Execute ``request`` and write its answer within the request's caps."""
        try:
            return write_answer(self.evaluate(request), request)
        except RuntimeError as exc:
            raise unsupported(exc) from None

    def evaluate(self, request: QueryRequest) -> Any:
        """The engine's answer to ``request`` (solutions, a boolean or triples), not yet read."""
        dataset = _dataset_arguments(request)
        try:
            return self._store.query(request.query, **dataset)
        except SyntaxError as exc:
            raise self._classify_syntax_error(request.query, exc) from None

    def _classify_syntax_error(self, text: str, exc: SyntaxError) -> Exception:
        # The read-only store parses an update fully before refusing to open a write transaction,
        # so this tells "a valid update" from "not SPARQL at all" without executing anything.
        # An in-memory store (the renderer's, which sends only its own queries) would execute
        # it: there an update is never tried, only reported as what the query parser said.
        if self._writable:
            return syntax_error(str(exc))
        try:
            self._store.update(text)
        except SyntaxError:
            return syntax_error(str(exc))
        except (RuntimeError, OSError):
            return UpdateRefused("SPARQL Update is not accepted: this endpoint is read-only")
        raise AssertionError("a read-only store accepted an update")  # pragma: no cover


def unsupported(exc: RuntimeError) -> Exception:
    """The engine's error, as ``QueryUnsupported`` when it says the query calls what it does not
    implement (it says so while evaluating, e.g. "The custom function <...> is not supported");
    any other stays what it is."""
    message = str(exc)
    if "is not supported" in message or "not implemented" in message.casefold():
        return QueryUnsupported(message)
    return exc


def write_answer(answer: Any, request: QueryRequest) -> QueryResult:
    """An answer of ``Engine.evaluate`` (or a list of its triples) written in the request's format
    within its caps."""
    fmt = BY_KEY[request.format_key]
    if isinstance(answer, ox.QuerySolutions):
        fmt = _of_kind(fmt, Kind.RESULTS)
        variables = [v.value for v in answer.variables]
        body, rows = write_solutions(fmt, variables, answer, request.max_rows, request.max_bytes)
    elif isinstance(answer, ox.QueryBoolean):
        fmt = _of_kind(fmt, Kind.RESULTS)
        body, rows = write_boolean(fmt, answer), 1
    else:
        fmt = _of_kind(fmt, Kind.GRAPH)
        body, rows = write_triples(fmt, answer, request.max_rows, request.max_bytes, PREFIXES)
    return QueryResult(body=body, content_type=fmt.content_type, rows=rows)


_POSITION = re.compile(r"error at (\d+):(\d+)")


def syntax_error(message: str) -> QuerySyntaxError:
    """A ``QuerySyntaxError`` with the line and column pyoxigraph put in its message."""
    match = _POSITION.search(message)
    if match is None:
        return QuerySyntaxError(message)
    return QuerySyntaxError(message, int(match.group(1)), int(match.group(2)))


def _of_kind(fmt: Format, kind: Kind) -> Format:
    return fmt if fmt.kind is kind else formats_for(kind)[0]


def _dataset_arguments(request: QueryRequest) -> dict[str, Any]:
    """The protocol's dataset (default-graph-uri, named-graph-uri) replaces the query's own;
    a query without either gets the union of the named graphs as its default graph."""
    if not request.default_graph_uris and not request.named_graph_uris:
        return {} if has_dataset(request.query) else {"use_default_graph_as_union": True}
    return {
        "default_graph": _named_nodes(request.default_graph_uris),
        "named_graphs": _named_nodes(request.named_graph_uris),
    }


_DATASET_NOISE = re.compile(
    r"#[^\n\r]*|<[^<>\"{}|^`\\\x00-\x20]*>|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n\r]|\\.)*'"
    r"|\"(?:[^\"\\\n\r]|\\.)*\"",
    re.DOTALL,
)
_FROM = re.compile(r"(?<![\w:?$])FROM(?![\w:])", re.IGNORECASE)


def has_dataset(query: str) -> bool:
    """True if the query names its own dataset (FROM / FROM NAMED), outside strings and IRIs."""
    return _FROM.search(_DATASET_NOISE.sub(" ", query)) is not None


# Tokens of a query's dataset clauses: what to skip (comments, strings, variables, language
# tags: a "FROM" in them is no clause), IRIs, prefixed names and words; else one character.
_CLAUSE_TOKEN = re.compile(
    r"""(?P<skip>\#[^\n\r]*|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*"
               |[?$]\w+|@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
    | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
    | (?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:[\w:%\-.]|\\.)*)
    | (?P<word>[^\W\d][\w\-]*)
    | (?P<ws>\s+)
    | (?P<other>.)""",
    re.DOTALL | re.VERBOSE,
)
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESCAPE = re.compile(r"\\(.)")


def dataset_clauses(query: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The IRIs of a query's FROM and FROM NAMED clauses, or None where they cannot be told
    for certain (a relative IRI, an undeclared prefix, a clause not followed by an IRI).

    A store that makes its default graph the union of its graphs may disregard FROM (Oxigraph's
    server with ``--union-default-graph`` does): the same dataset said in the protocol
    (``default-graph-uri``, ``named-graph-uri``) is not disregarded."""
    tokens = [
        (m.lastgroup or "other", m.group())
        for m in _CLAUSE_TOKEN.finditer(query)
        if m.lastgroup not in ("skip", "ws")
    ]
    prefixes: dict[str, str] = {}
    defaults: list[str] = []
    named: list[str] = []
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        word = value.upper() if kind == "word" else ""
        if word == "PREFIX" and i + 2 < len(tokens) and tokens[i + 1][0] == "pname":
            prefixes[tokens[i + 1][1].rstrip(":")] = _iri_text(tokens[i + 2][1])
            i += 3
            continue
        if word == "FROM":
            into = defaults
            i += 1
            if i < len(tokens) and tokens[i][0] == "word" and tokens[i][1].upper() == "NAMED":
                into = named
                i += 1
            iri = _clause_iri(tokens[i] if i < len(tokens) else ("other", ""), prefixes)
            if iri is None:
                return None
            into.append(iri)
        i += 1
    return tuple(defaults), tuple(named)


def _clause_iri(token: tuple[str, str], prefixes: dict[str, str]) -> str | None:
    kind, value = token
    if kind == "iri":
        iri = _iri_text(value)
    elif kind == "pname" and value.partition(":")[0] in prefixes:
        label, _, local = value.partition(":")
        iri = prefixes[label] + _LOCAL_ESCAPE.sub(r"\1", local)
    else:
        return None
    try:
        ox.NamedNode(iri)  # absolute, and an IRI the engine takes
    except ValueError:
        return None
    return iri


def _iri_text(token: str) -> str:
    """An IRI token's IRI: the brackets dropped, its \\u escapes decoded."""
    return _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token[1:-1])


def _named_nodes(iris: Sequence[str]) -> list[Any]:
    nodes = []
    for iri in iris:
        try:
            nodes.append(ox.NamedNode(iri))
        except ValueError as exc:
            raise InvalidDataset(f"not an absolute IRI: {iri!r} ({exc})") from None
    return nodes
