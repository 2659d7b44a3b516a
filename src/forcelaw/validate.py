"""SHACL validation of the graph: pyshacl in, typed findings and a readable report out.

The shapes (shapes/forcelaw.shapes.ttl) are the contract of the graph. `validate` runs them over a
dataset together with the ontology, and returns a `ValidationResult` whose `conforms` is false
only when a finding has severity Violation: a Warning never fails a build.

Why the ontology is merged into the data rather than passed as pyshacl's `ont_graph`: pyshacl
copies only RDFS/OWL axioms from an ontology graph, not the SKOS concepts the ontology also
defines, and every controlled value is checked against its scheme. Validating the union of data
and ontology gives the shapes both the rdfs:subClassOf axioms (which sh:class and sh:targetClass
follow without any inference) and the schemes. No RDFS inference is run: it is slower, and
rdfs:range inference would type every object of fl:state as fl:State, making the value-class
checks pass vacuously.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
import time
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, NamespaceManager
from rdflib.plugins.sparql import processor as sparql_processor
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.term import Node

from forcelaw.errors import ForcelawError
from forcelaw.namespaces import BASE, PREFIXES, SH
from forcelaw.shared_focus import global_features, shared_nodes
from forcelaw.sparql_screen import SILENT, Mirror, Screen
from forcelaw.triple_index import TripleIndex

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHAPES_PATH = PROJECT_ROOT / "shapes" / "forcelaw.shapes.ttl"
ONTOLOGY_PATH = PROJECT_ROOT / "ontology" / "forcelaw.ttl"

# RDF syntaxes validate_files reads, by file suffix.
FORMATS: dict[str, str] = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig"}
_QUAD_FORMATS = frozenset({"nquads", "trig"})


class Severity(StrEnum):
    """The SHACL severities, in the order a reader should see them."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @classmethod
    def from_iri(cls, iri: Node) -> Severity:
        name = str(iri).removeprefix(str(SH))
        return cls(name) if name in cls._value2member_map_ else cls.VIOLATION


_SEVERITY_ORDER = {Severity.VIOLATION: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Finding:
    """One sh:ValidationResult, with where its focus node came from."""

    focus_node: Node
    path: Node | None
    value: Node | None
    severity: Severity
    message: str
    source_shape: Node
    component: Node
    constraint: Node | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of one validation: `conforms` is false only when there is a Violation."""

    conforms: bool
    findings: tuple[Finding, ...]
    report: Graph
    seconds: float


class ValidationInputError(ForcelawError, ValueError):
    """A file given to validate_files cannot be read; the message names the file."""


def validate(
    data: Dataset | Graph,
    shapes: Graph,
    ontology: Graph,
    *,
    origins: Mapping[Node, Sequence[str]] | None = None,
) -> ValidationResult:
    """Validate `data` (with `ontology` alongside) against `shapes`.

    `origins` maps a resource to the files or graphs it was read from; when omitted and `data` is
    a Dataset, each resource's origins are the named graphs it is a subject in.
    """
    started = time.perf_counter()
    union = _validation_graph(data, ontology)
    if origins is None:
        origins = _graph_origins(data) if isinstance(data, Dataset) else {}
    with Mirror(union).holding(()) as screen:
        return _run(union, shapes, origins, started, screen=screen)


def validate_named(graphs: Mapping[str, Graph], shapes: Graph, ontology: Graph) -> ValidationResult:
    """``validate`` of a dataset of the named ``graphs`` (graph IRI -> graph), without building
    the dataset: the union is copied once, not twice. Each resource's origins are the graphs it
    is a subject in, as ``validate`` finds them."""
    return validate_beside(graphs, shapes, SharedGraphs.of({}, ontology))


@dataclass(frozen=True)
class SharedGraphs:
    """Named graphs that many validations have beside their own, with the ontology: their union,
    indexed once (each validation adds its graphs to a copy), and the origins of its subjects."""

    index: TripleIndex
    origins: Mapping[Node, tuple[str, ...]]
    nodes: frozenset[Node]  # every subject and non-literal object (``shared_focus``)
    mirror: Mirror  # the union in the embedded engine, to screen SPARQL (``sparql_screen``)

    @classmethod
    def of(cls, graphs: Mapping[str, Graph], ontology: Graph) -> SharedGraphs:
        every = [*graphs.values(), ontology]
        index = _indexed(every)
        mirror = Mirror(triple for triple, _ in index.triples((None, None, None)))
        return cls(index, _subject_origins(graphs), shared_nodes(every), mirror)


def indexed_shapes(shapes: Graph) -> Graph:
    """``shapes`` on a ``TripleIndex`` (the graph itself if it is on one already), with its
    prefixes: what pyshacl reads the shapes from.

    pyshacl reads every shape's parameters again in each validation, some 34,000 triple patterns
    for a state, and rdflib's ``Memory`` store pays its per-triple context bookkeeping on each
    (a fifth of a state's validation). The index gives the same triples in the same order. Copying
    1,100 triples takes about 6 ms; the build copies once per process."""
    if isinstance(shapes.store, TripleIndex):
        return shapes
    graph = Graph(store=_indexed([shapes]), bind_namespaces="none")
    for prefix, namespace in shapes.namespaces():
        graph.bind(prefix, namespace)
    return graph


# Which of the focus nodes pyshacl found for a shape (its node) are checked against it.
FocusRule = Callable[[Node, set[Node]], set[Node]]


def leaving(shapes: frozenset[Node], nodes: frozenset[Node]) -> FocusRule:
    """Check ``shapes`` at their focus nodes other than ``nodes``, other shapes at all theirs
    (a state's run that leaves the shared nodes to the shared graphs' run: ``shared_focus``)."""

    def rule(shape: Node, found: set[Node]) -> set[Node]:
        return found - nodes if shape in shapes else found

    return rule


def only(shapes: frozenset[Node]) -> FocusRule:
    """Check ``shapes`` at all their focus nodes and no other shape at all (the shared graphs'
    run against the forward shapes: ``shared_focus``)."""

    def rule(shape: Node, found: set[Node]) -> set[Node]:
        return found if shape in shapes else set()

    return rule


def validate_beside(
    graphs: Mapping[str, Graph],
    shapes: Graph,
    shared: SharedGraphs,
    focus: FocusRule | None = None,
) -> ValidationResult:
    """``validate_named`` of the named ``graphs`` together with the ``shared`` ones (a name in
    both is one graph of the triples of both), each shape checked at the focus nodes ``focus``
    keeps of those its targets give (all of them by default)."""
    started = time.perf_counter()
    index = shared.index.copy()
    for graph in graphs.values():
        _add_all(index, graph)
    union = Graph(store=index, bind_namespaces="none")
    own = _subject_origins(graphs)
    origins = dict(shared.origins)
    for node, names in own.items():
        origins[node] = tuple(sorted({*origins.get(node, ()), *names}))
    added = (
        triple
        for graph in graphs.values()
        for triple in graph
        if next(shared.index.triples(triple), None) is None
    )
    with _VALIDATION_LOCK, shared.mirror.holding(added) as screen:  # one run at a time
        return _run(union, shapes, origins, started, focus, screen)


def _subject_origins(graphs: Mapping[str, Graph]) -> dict[Node, tuple[str, ...]]:
    """Each subject of ``graphs`` (graph IRI -> graph): the IRIs of the graphs it is a subject
    in, sorted."""
    origins: dict[Node, list[str]] = defaultdict(list)
    for iri, graph in graphs.items():
        for subject in set(graph.subjects()):
            origins[subject].append(iri)
    return {node: tuple(sorted(names)) for node, names in origins.items()}


def _run(
    union: Graph,
    shapes: Graph,
    origins: Mapping[Node, Sequence[str]],
    started: float,
    focus: FocusRule | None = None,
    screen: Screen = SILENT,
) -> ValidationResult:
    _install_sparql_query_cache()
    _install_prebinding_cache()
    _install_prefix_memo()
    _install_parameter_index()
    _install_focus_rule()
    global _focus_rule, _screen
    with _VALIDATION_LOCK:
        _focus_rule = focus
        # Rules add triples the mirror does not get; SHACL functions are rdflib's alone.
        plain = next(global_features(shapes), None) is None
        _screen = (union.store, screen if plain else SILENT)
        try:
            _conforms, report, _text = pyshacl_validate(
                union,
                shacl_graph=indexed_shapes(shapes),
                ont_graph=None,
                advanced=True,
                inference=None,
                inplace=True,
                allow_warnings=True,
                allow_infos=True,
            )
        finally:
            _focus_rule = None
            _screen = None
    if not isinstance(report, Graph):  # pragma: no cover - pyshacl returns an error object
        raise RuntimeError(f"pyshacl failed: {report}")
    findings = tuple(sorted(_findings(report, shapes, origins), key=_finding_key))
    return ValidationResult(
        conforms=not any(f.severity is Severity.VIOLATION for f in findings),
        findings=findings,
        report=report,
        seconds=time.perf_counter() - started,
    )


def validate_files(
    paths: Sequence[Path],
    *,
    shapes_path: Path = SHAPES_PATH,
    ontology_path: Path = ONTOLOGY_PATH,
) -> ValidationResult:
    """Parse RDF files (.ttl, .nt, .nq, .trig) and validate them with the project's shapes."""
    dataset, origins = load_files(paths)
    return validate(
        dataset, load_shapes(shapes_path), load_ontology(ontology_path), origins=origins
    )


def load_files(paths: Sequence[Path]) -> tuple[Dataset, dict[Node, tuple[str, ...]]]:
    """Read RDF files into one dataset, remembering which file(s) each subject came from.

    Triples files (.ttl, .nt) go into a named graph named by the file's URI; quads files keep
    their own graphs.
    """
    dataset = Dataset()
    seen: dict[Node, list[str]] = defaultdict(list)
    for path in paths:
        rdf_format = FORMATS.get(path.suffix.lower())
        if rdf_format is None:
            raise ValidationInputError(
                f"{path}: unknown RDF file type {path.suffix!r} (expected {', '.join(FORMATS)})"
            )
        try:
            if rdf_format in _QUAD_FORMATS:
                parsed = Dataset()
                parsed.parse(path, format=rdf_format)
                graphs: Iterable[Graph] = list(parsed.graphs())
            else:
                single = Graph(identifier=URIRef(path.resolve().as_uri()))
                single.parse(path, format=rdf_format)
                graphs = [single]
        except OSError as error:
            raise ValidationInputError(f"{path}: cannot read: {error.strerror}") from error
        except Exception as error:  # rdflib raises several unrelated syntax error types
            said = " ".join(str(error).split())[:300]  # rdflib's messages run over lines
            raise ValidationInputError(f"{path}: not valid {rdf_format}: {said}") from error
        for graph in graphs:
            target = dataset.graph(graph.identifier)
            for triple in graph:
                target.add(triple)
                if str(path) not in seen[triple[0]]:
                    seen[triple[0]].append(str(path))
    return dataset, {node: tuple(files) for node, files in seen.items()}


def load_shapes(path: Path = SHAPES_PATH, base: str = BASE) -> Graph:
    """The project's shapes graph, rebased when resources are minted under another base."""
    shapes = Graph(bind_namespaces="none")
    shapes.parse(path, format="turtle")
    return shapes if base == BASE else rebase_shapes(shapes, base)


def load_ontology(path: Path = ONTOLOGY_PATH) -> Graph:
    """The project's ontology (OWL vocabulary and SKOS schemes)."""
    ontology = Graph(bind_namespaces="none")
    ontology.parse(path, format="turtle")
    return ontology


def rebase_shapes(shapes: Graph, base: str, canonical: str = BASE) -> Graph:
    """Rewrite the canonical resource base in IRIs, SPARQL text and (escaped) sh:pattern regexes."""
    escaped_canonical, escaped_base = re.escape(canonical), re.escape(base)

    def rewrite(node: Node) -> Node:
        if isinstance(node, URIRef) and node.startswith(canonical):
            return URIRef(base + node[len(canonical) :])
        if isinstance(node, Literal) and isinstance(node.value, str):
            text = str(node).replace(escaped_canonical, escaped_base).replace(canonical, base)
            if text != str(node):
                return Literal(text, lang=node.language, datatype=node.datatype)
        return node

    rebased = Graph(bind_namespaces="none")
    for prefix, namespace in shapes.namespaces():
        rebased.bind(prefix, namespace)
    for s, p, o in shapes:
        rebased.add((rewrite(s), p, rewrite(o)))
    return rebased


def combine(results: Sequence[ValidationResult]) -> ValidationResult:
    """Several validations (e.g. one per state graph) as one result with one sh:ValidationReport."""
    report = Graph()
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    conforms = all(r.conforms for r in results)
    report.add((node, SH.conforms, Literal(conforms)))
    signatures: set[tuple[tuple[Node, Node], ...]] = set()
    for result in results:
        for old in result.report.subjects(RDF.type, SH.ValidationReport):
            for finding in result.report.objects(old, SH.result):
                signature = _signature(result.report, finding)
                if signature in signatures:
                    continue  # the same finding on a shared graph, reported by another run
                signatures.add(signature)
                report.add((node, SH.result, finding))
                _copy_tree(result.report, finding, report)
    unique = {_finding_key(f): f for r in results for f in r.findings}
    findings = tuple(unique[key] for key in sorted(unique))
    return ValidationResult(
        conforms=conforms,
        findings=findings,
        report=report,
        seconds=sum(r.seconds for r in results),
    )


def _signature(report: Graph, finding: Node) -> tuple[tuple[Node, Node], ...]:
    """What identifies a result across runs: its IRI- and literal-valued properties."""
    return tuple(
        sorted((p, o) for p, o in report.predicate_objects(finding) if not isinstance(o, BNode))
    )


def _copy_tree(source: Graph, node: Node, target: Graph) -> None:
    """Copy the triples of `node` and of every blank node it reaches."""
    pending = [node]
    seen: set[Node] = set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        for _s, predicate, obj in source.triples((current, None, None)):
            target.add((current, predicate, obj))
            if isinstance(obj, BNode):
                pending.append(obj)


def has_violations(result: ValidationResult) -> bool:
    """True when the result must fail a build (a Warning never does)."""
    return any(f.severity is Severity.VIOLATION for f in result.findings)


def format_report(result: ValidationResult) -> str:
    """A report for data editors: grouped by file, then resource; one line per finding."""
    names = _namespace_manager()
    counts = {s: sum(1 for f in result.findings if f.severity is s) for s in Severity}
    summary = ", ".join(f"{n} {s.value.lower()}{'s' if n != 1 else ''}" for s, n in counts.items())
    verdict = "conforms" if result.conforms else "does NOT conform"
    lines = [f"Validation: {verdict} ({summary}; {result.seconds:.2f} s)"]
    by_file: dict[str, dict[Node, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in result.findings:
        source = ", ".join(finding.sources) or "(source unknown)"
        by_file[source][finding.focus_node].append(finding)
    for source in sorted(by_file):
        lines += ["", source]
        for focus in sorted(by_file[source], key=_node_sort_key):
            lines.append(f"  {_show(focus, names)}")
            for finding in by_file[source][focus]:
                where = _show(finding.path, names) if finding.path is not None else "(resource)"
                value = f" = {_show(finding.value, names)}" if finding.value is not None else ""
                lines.append(f"    {finding.severity.value}: {where}{value}")
                lines.append(f"      {finding.message}")
                rule = _show(finding.constraint or finding.source_shape, names)
                lines.append(f"      rule: {rule} ({_show(finding.component, names)})")
    return "\n".join(lines) + "\n"


def report_turtle(result: ValidationResult) -> str:
    """The sh:ValidationReport as Turtle, byte-for-byte stable for the same findings."""
    canonical = Graph(bind_namespaces="none")
    for prefix, namespace in sorted(PREFIXES.items()):
        canonical.bind(prefix, namespace)
    for triple in canonical_blank_nodes(result.report):
        canonical.add(triple)
    return canonical.serialize(format="turtle")


def canonical_blank_nodes(graph: Graph) -> Iterable[tuple[Node, Node, Node]]:
    """``graph``'s triples with each blank node named by what it says: a hash of its
    properties and values, a blank value by its own name (so isomorphic graphs come out the
    same). That holds where no blank node reaches itself and no two say the same, as in a
    validation report (a report, its results, their paths); otherwise rdflib's
    ``to_canonical_graph`` names them. Linear where rdflib's is not: a 197-state report of
    591 findings took 3.3 s with it."""
    names = _content_names(graph)
    if names is None:
        return to_canonical_graph(graph)
    return [(names.get(s, s), p, names.get(o, o)) for s, p, o in graph]


def _content_names(graph: Graph) -> dict[Node, BNode] | None:
    said: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    blanks: set[Node] = set()
    for s, p, o in graph:
        if isinstance(s, BNode):
            said[s].append((p, o))
            blanks.add(s)
        if isinstance(o, BNode):
            blanks.add(o)
    names: dict[Node, str] = {}
    for start in blanks:
        # Depth first without recursion: a node is named once every blank value it has is.
        pending: list[tuple[Node, bool]] = [(start, False)]
        open_nodes: set[Node] = set()
        while pending:
            node, ready = pending.pop()
            if node in names:
                continue
            if ready:
                lines = sorted(
                    f"{p.n3()} {'_:' + names[o] if o in names else o.n3()}" for p, o in said[node]
                )
                names[node] = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:32]
                open_nodes.discard(node)
                continue
            if node in open_nodes:
                return None  # it reaches itself
            open_nodes.add(node)
            pending.append((node, True))
            pending.extend((o, False) for _, o in said[node] if isinstance(o, BNode))
    if len(set(names.values())) != len(names):
        return None  # two say the same: only their place tells them apart
    return {node: BNode("h" + name) for node, name in names.items()}


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------

_VALIDATION_LOCK = threading.RLock()  # validate_beside holds it around _run's
_CACHE_INSTALLED = False


def _install_sparql_query_cache() -> None:
    """Make rdflib reuse the parsed form of a SPARQL string instead of parsing it again.

    pyshacl runs each SPARQL constraint once per focus node with the same text and different
    initial bindings, and rdflib re-parses the text every time: parsing was three quarters of the
    validation time. A translated query is rdflib's documented reusable "prepared query", so
    caching it changes no result.

    During a validation, a SELECT on the validated graph is first put to the run's SPARQL screen
    (``_screened``); when the screen finds no solution, the answer is the empty one.
    """
    global _CACHE_INSTALLED
    if _CACHE_INSTALLED:
        return
    original = sparql_processor.SPARQLProcessor.query

    @functools.lru_cache(maxsize=1024)
    def prepare(text: str, base: str | None, namespaces: tuple[tuple[str, Any], ...]) -> Any:
        return translateQuery(parseQuery(text), base, dict(namespaces))

    def query(
        self: Any,
        str_or_query: Any,
        initBindings: Any = None,
        initNs: Any = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Any:
        if isinstance(str_or_query, str):
            namespaces = tuple(sorted((initNs or {}).items()))
            text, str_or_query = str_or_query, prepare(str_or_query, base, namespaces)
            if _screened(self.graph, text, str_or_query, initBindings, namespaces, base):
                return {"type_": "SELECT", "vars_": str_or_query.algebra.PV, "bindings": []}
        return original(self, str_or_query, initBindings, initNs, base, DEBUG)

    global _RDFLIB_QUERY
    _RDFLIB_QUERY = original
    sparql_processor.SPARQLProcessor.query = query  # type: ignore[method-assign,assignment]
    _CACHE_INSTALLED = True


# The running validation's graph store and its screen (set under the lock by ``_run``).
_screen: tuple[Any, Screen] | None = None
_RDFLIB_QUERY: Any = None  # rdflib's own ``SPARQLProcessor.query`` (tests compare with it)


def _screened(
    graph: Graph,
    text: str,
    prepared: Any,
    bindings: Mapping[str, Node] | None,
    namespaces: tuple[tuple[str, Any], ...],
    base: str | None,
) -> bool:
    """Whether the running validation's mirror finds no solution to a SELECT on its graph
    (``forcelaw.sparql_screen``): rdflib's answer is then the empty one, and is not computed."""
    running = _screen
    if running is None or graph.store is not running[0]:
        return False
    if prepared.algebra.name != "SelectQuery":
        return False
    prefixes = {str(prefix): str(namespace) for prefix, namespace in namespaces}
    return running[1].empty(text, bindings or {}, prefixes, base)


_PREBINDING_INSTALLED = False
_PYSHACL_PRE_BIND: Any = None  # pyshacl's own ``pre_bind_variables`` (tests compare with it)


def _install_prebinding_cache() -> None:
    """Make pyshacl check and prepare a SPARQL constraint's text once per constraint, not once
    per focus node.

    Before each of the thousands of runs of a SPARQL constraint, pyshacl's
    ``SPARQLQueryHelper.pre_bind_variables`` searches the query text with seven regular
    expressions (what it may not contain, which variables are pre-bound) and substitutes the
    shape's path. What it finds depends on the text, on whether a value node is given (and is
    true) and on the extra variables, never on the focus node; the bindings are then the focus
    node, the value node and the shape as it found them. So the text and the names it binds are
    kept per helper and those three; a refusal is an exception, never kept, and raised again at
    the next call."""
    global _PREBINDING_INSTALLED
    if _PREBINDING_INSTALLED:
        return
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    global _PYSHACL_PRE_BIND
    original: Any = SPARQLQueryHelper.pre_bind_variables
    _PYSHACL_PRE_BIND = original

    def pre_bind_variables(
        self: Any, thisnode: Any, valuenode: Any = None, extravars: Any = None
    ) -> tuple[dict[str, Any], str]:
        key = (
            self.select_text,
            valuenode is not None,
            bool(valuenode),
            tuple(extravars) if extravars else (),
        )
        memo: dict[Any, tuple[frozenset[str], str]] = self.__dict__.setdefault(
            "_forcelaw_prebound", {}
        )
        known = memo.get(key)
        if known is None:
            bindings, text = original(self, thisnode, valuenode, extravars)
            memo[key] = (frozenset(bindings), text)
            return bindings, text
        names, text = known
        bound = {"this": thisnode, "value": valuenode, "currentShape": self.shape.node}
        return {name: node for name, node in bound.items() if name in names}, text

    SPARQLQueryHelper.pre_bind_variables = pre_bind_variables  # type: ignore[method-assign]
    _PREBINDING_INSTALLED = True


_PREFIXES_INSTALLED = False
_PYSHACL_COLLECT_PREFIXES: Any = None  # pyshacl's own ``collect_prefixes`` (tests compare)
# What ``collect_prefixes`` assigned, per shapes store, (its count of changes, node).
_collected: weakref.WeakKeyDictionary[TripleIndex, dict[tuple[int, Node], tuple[Any, ...]]] = (
    weakref.WeakKeyDictionary()
)


def _install_prefix_memo() -> None:
    """Make pyshacl collect a SPARQL constraint's or validator's prefixes once per shapes graph,
    not again for each shape it applies to in every validation.

    pyshacl builds a query helper for each shape a SPARQL-based constraint or component applies
    to, at every validation, and each reads the node's ``sh:prefixes`` and their ``sh:declare``
    from the shapes graph again: a tenth of a state's validation. What it finds depends only on
    the shapes graph and the node, and all it does is assign ``prefix -> namespace`` in the
    helper's ``prefixes``. For shapes on a ``TripleIndex`` (what ``indexed_shapes`` gives every
    validation) the assignments are kept per store, its count of changes and the node, and made
    again in the same order; an error (pyshacl's ``ConstraintLoadError``) is never kept."""
    global _PREFIXES_INSTALLED, _PYSHACL_COLLECT_PREFIXES
    if _PREFIXES_INSTALLED:
        return
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    original: Any = SPARQLQueryHelper.collect_prefixes
    _PYSHACL_COLLECT_PREFIXES = original

    def collect_prefixes(self: Any) -> None:
        store = self.shape.sg.graph.store
        if not isinstance(store, TripleIndex):
            original(self)
            return
        memo = _collected.setdefault(store, {})
        key = (store.changes, self.node)
        assigned = memo.get(key)
        if assigned is None:
            own, self.prefixes = self.prefixes, {}
            try:
                original(self)  # its assignments land in the empty dictionary
            finally:
                made, self.prefixes = self.prefixes, own
                own.update(made)
            assigned = memo[key] = tuple(made.items())
            return
        for prefix, namespace in assigned:
            self.prefixes[prefix] = namespace

    SPARQLQueryHelper.collect_prefixes = collect_prefixes  # type: ignore[method-assign]
    _PREFIXES_INSTALLED = True


class _IndexedParameters(list[Any]):
    """pyshacl's list of constraint parameters, with a set beside it for ``in``.

    pyshacl asks ``p in parameters`` of every predicate of a shape at every focus node it
    validates, a scan of some forty IRIs compared one by one (a fifth of the time under a
    profiler, 5-7% of the real time). The list is the same (order, ``copy``, and the ``append``
    and ``extend`` pyshacl may add with); only membership is a hash lookup, which for IRIs
    (rdflib's ``URIRef``: equal exactly when their type and text are) gives the same answer as
    the scan."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(items)
        self._members = set(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members

    def append(self, item: Any) -> None:
        super().append(item)
        self._members.add(item)

    def extend(self, items: Iterable[Any]) -> None:
        for item in items:
            self.append(item)

    def copy(self) -> _IndexedParameters:
        """The same list and set, the set copied as it is, its members not hashed again (pyshacl
        copies the list for every shape it builds, some 2,400 times a state)."""
        twin = _IndexedParameters()
        list.extend(twin, self)
        twin._members = self._members.copy()
        return twin


_FOCUS_INSTALLED = False
_focus_rule: FocusRule | None = None  # the running validation's (set under the lock)


def _install_focus_rule() -> None:
    """Make pyshacl pass the focus nodes it finds for a shape's targets through the running
    validation's ``FocusRule``. Only a shape's own targets go through it: a shape checked at a
    value node from another shape (``sh:node``, ``sh:property``) is given that node directly."""
    global _FOCUS_INSTALLED
    if _FOCUS_INSTALLED:
        return
    from pyshacl.shape import Shape

    original: Any = Shape.focus_nodes

    def focus_nodes(self: Any, data_graph: Any, debug: bool = False) -> Any:
        found = original(self, data_graph, debug=debug)
        rule = _focus_rule
        return found if rule is None else rule(self.node, set(found))

    Shape.focus_nodes = focus_nodes  # type: ignore[method-assign]
    _FOCUS_INSTALLED = True


_PARAMETERS_INSTALLED = False


def _install_parameter_index() -> None:
    """Give pyshacl's shapes ``_IndexedParameters`` as their constraint parameters (pyshacl keeps
    them on its ``shape`` module once it has imported them, and reads them from there)."""
    global _PARAMETERS_INSTALLED
    if _PARAMETERS_INSTALLED:
        return
    from pyshacl import shape as pyshacl_shape
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    indexed = _IndexedParameters(ALL_CONSTRAINT_PARAMETERS)
    pyshacl_shape.CONSTRAINT_PARAMS = (indexed, CONSTRAINT_PARAMETERS_MAP)  # type: ignore[attr-defined]
    _PARAMETERS_INSTALLED = True


def _validation_graph(data: Dataset | Graph, ontology: Graph) -> Graph:
    """A private union of the data graphs and the ontology.

    The shapes see the default graph as the union of all graphs anyway; a plain graph answers
    pattern queries about twice as fast as a dataset's union in rdflib's memory store.
    """
    graphs = list(data.graphs()) if isinstance(data, Dataset) else [data]
    return _union([*graphs, ontology])


def _union(graphs: Iterable[Graph]) -> Graph:
    """One graph of every triple of ``graphs``, on a store without per-triple contexts
    (``TripleIndex``: the same answers as rdflib's memory store, about a tenth faster)."""
    return Graph(store=_indexed(graphs), bind_namespaces="none")


def _indexed(graphs: Iterable[Graph]) -> TripleIndex:
    index = TripleIndex()
    for graph in graphs:
        _add_all(index, graph)
    return index


def _add_all(index: TripleIndex, graph: Graph) -> None:
    add = index.add
    for triple in graph:
        add(triple)


def _graph_origins(data: Dataset) -> dict[Node, tuple[str, ...]]:
    named = data.graphs()
    return _subject_origins(
        {str(g.identifier): g for g in named if g.identifier != DATASET_DEFAULT_GRAPH_ID}
    )


def _findings(
    report: Graph, shapes: Graph, origins: Mapping[Node, Sequence[str]]
) -> Iterable[Finding]:
    for result in report.subjects(SH.resultSeverity, None):
        focus = report.value(result, SH.focusNode)
        shape = report.value(result, SH.sourceShape)
        component = report.value(result, SH.sourceConstraintComponent)
        if focus is None or shape is None or component is None:  # pragma: no cover
            continue
        yield Finding(
            focus_node=focus,
            path=report.value(result, SH.resultPath),
            value=report.value(result, SH.value),
            severity=Severity.from_iri(report.value(result, SH.resultSeverity) or SH.Violation),
            message=_message(report, result, shapes, shape),
            source_shape=shape,
            component=component,
            constraint=report.value(result, SH.sourceConstraint),
            sources=tuple(origins.get(focus, ())),
        )


def _message(report: Graph, result: Node, shapes: Graph, shape: Node) -> str:
    """The shape's own message first, then any the constraint produced (e.g. with the value)."""
    messages = sorted({str(m) for m in report.objects(result, SH.resultMessage)})
    own = {str(m) for m in shapes.objects(shape, SH.message)}
    ordered = [m for m in messages if m in own] + [m for m in messages if m not in own]
    return " ".join(ordered) if ordered else "(no message)"


def _finding_key(finding: Finding) -> tuple[Any, ...]:
    return (
        finding.sources,
        _node_sort_key(finding.focus_node),
        _SEVERITY_ORDER[finding.severity],
        _node_sort_key(finding.path),
        str(finding.source_shape),
        str(finding.component),
        _node_sort_key(finding.value),
        finding.message,
    )


def _node_sort_key(node: Node | None) -> tuple[int, str]:
    if node is None:
        return (0, "")
    return (2 if isinstance(node, BNode) else 1, str(node))


@functools.cache
def _namespace_manager() -> NamespaceManager:
    names = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        names.bind(prefix, namespace)
    return names


def _show(node: Node, names: NamespaceManager) -> str:
    """A node as a reader wants it: a CURIE for vocabulary terms, <IRI> for resources."""
    if isinstance(node, URIRef):
        if node.startswith(BASE):
            return f"<{node}>"
        try:
            return names.curie(node, generate=False)
        except (KeyError, ValueError):
            return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3(names)
    if isinstance(node, BNode):
        return "[blank node]"
    return str(node)
