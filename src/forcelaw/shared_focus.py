"""Which focus nodes a state's validation can leave to one validation of the shared graphs.

The build validates each state graph S beside the shared graphs (the reference data and the
ontology), and the findings of a build are those of every such run. A node of the shared graphs
is a focus node of every run, and used to be validated again in each: a quarter of a state's
time. This module says when that is needless, and the build then validates the shared nodes once.

**The argument.** Call a shape *forward* if checking a focus node against it (and against every
shape it reaches: ``sh:property``, ``sh:node``, ``sh:and``/``or``/``xone``/``not``,
``sh:qualifiedValueShape``) only reads triples whose subject is the focus node or a node reached
from it by following triples forwards: its paths have no ``sh:inversePath``, its constraints are
SHACL Core ones (each reads the value nodes' own triples: ``sh:class`` their types and the
classes above them), and each SPARQL query it runs (``sh:sparql``, or a validator of a
constraint component whose parameter it uses) is *anchored*: every triple pattern's subject is
a variable pyshacl binds before the query runs (``$this``; for a validator also ``$value``, a
value node) or one bound as the object of an anchored pattern, with no subquery, ``GRAPH`` or
``SERVICE``, and no inverse or negated-inverse path.

Suppose S has no triple whose subject is a node of the shared graphs. Starting from a shared
node, every triple read by following triples forwards is then a triple of the shared graphs,
and each node reached is again a node of the shared graphs. So checking a shared node against a
forward shape reads the same triples, and gives the same findings, with or without S. Whether
the node is a focus node of the shape at all is decided the same way: ``sh:targetClass`` and
``sh:targetSubjectsOf`` read the node's own triples, ``sh:targetNode`` reads nothing, and
``sh:targetObjectsOf P`` is the one target S can add a shared node to, so S must also have no
triple with such a P and a shared object. A shape with any other target (SPARQL-based) is not
forward, and shapes graphs with rules or SPARQL functions have no forward shapes.

**What the build does with it.** A state meeting both conditions (``independent``) is validated
without the shared nodes as focus nodes of forward shapes; the shared graphs alone are validated
once against the forward shapes only, and their findings belong to the build if at least one
state left its shared nodes to them. A state that does not meet the conditions is validated in
full, as before. The findings are those of validating every state in full.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, Path, SequencePath
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from forcelaw.namespaces import SH

# Constraint parameters of SHACL Core whose check reads only the value nodes' own triples (and,
# for sh:class, the classes above their types) or nothing at all.
FORWARD_PARAMETERS = frozenset(
    SH[name]
    for name in [
        "class",
        "datatype",
        "nodeKind",
        "minCount",
        "maxCount",
        "minExclusive",
        "minInclusive",
        "maxExclusive",
        "maxInclusive",
        "minLength",
        "maxLength",
        "pattern",
        "flags",
        "languageIn",
        "uniqueLang",
        "equals",
        "disjoint",
        "lessThan",
        "lessThanOrEquals",
        "in",
        "hasValue",
        "closed",
        "ignoredProperties",
        "qualifiedMinCount",
        "qualifiedMaxCount",
        "qualifiedValueShapesDisjoint",
    ]
)
# Parameters whose values are shapes (one, or a list of them): checked as part of the shape.
NESTED_ONE = frozenset({SH.node, SH.property, SH["not"], SH.qualifiedValueShape})
NESTED_LIST = frozenset({SH["and"], SH["or"], SH.xone})
# What describes a shape or says where it applies, without reading the data graph itself.
DESCRIPTIVE = frozenset(
    SH[name]
    for name in [
        "message",
        "severity",
        "name",
        "description",
        "order",
        "group",
        "deactivated",
        "defaultValue",
        "path",
        "targetClass",
        "targetNode",
        "targetSubjectsOf",
        "targetObjectsOf",
        "sparql",
        "prefixes",
    ]
)
TARGETS = frozenset({SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf})
VALIDATORS = (SH.validator, SH.nodeValidator, SH.propertyValidator)
# Present anywhere in the shapes graph, these may read or change anything: no shape is forward.
GLOBAL = frozenset(
    {SH.rule, SH.Function, SH.SPARQLFunction, SH.JSFunction, SH.SPARQLRule, SH.TripleRule}
)
# What pyshacl binds before it runs a query: the focus node for a SPARQL constraint
# (sh:sparql), and also each value node for a constraint component's validator.
THIS = frozenset({Variable("this")})
THIS_AND_VALUE = frozenset({Variable("this"), Variable("value")})


@dataclass(frozen=True)
class ForwardShapes:
    """The forward shapes with targets of a shapes graph (see the module's docstring), and the
    predicates their ``sh:targetObjectsOf`` name."""

    shapes: frozenset[Node]
    objects_of: frozenset[Node]


def forward_shapes(shapes: Graph) -> ForwardShapes:
    """The shapes of ``shapes`` with targets that are forward, each with every shape it
    reaches."""
    if any(True for _ in global_features(shapes)):
        return ForwardShapes(frozenset(), frozenset())
    prefixes = _prefixes(shapes)
    components = _component_queries(shapes)
    memo: dict[Node, tuple[bool, list[Node]]] = {}
    found: set[Node] = set()
    objects_of: set[Node] = set()
    for shape in sorted(_targeted(shapes), key=str):
        if _forward(shapes, shape, prefixes, components, memo):
            found.add(shape)
            objects_of.update(shapes.objects(shape, SH.targetObjectsOf))
    return ForwardShapes(frozenset(found), frozenset(objects_of))


def shared_nodes(graphs: Iterable[Graph]) -> frozenset[Node]:
    """Every node of ``graphs`` that could be a subject: their subjects and non-literal
    objects."""
    nodes: set[Node] = set()
    for graph in graphs:
        for subject, _predicate, obj in graph:
            nodes.add(subject)
            if not isinstance(obj, Literal):
                nodes.add(obj)
    return frozenset(nodes)


def independent(graphs: Iterable[Graph], nodes: frozenset[Node], forward: ForwardShapes) -> bool:
    """True if ``graphs`` (a state's) say nothing about the shared ``nodes`` (no triple has one
    as its subject) and add none of them to a forward shape's ``sh:targetObjectsOf``."""
    for graph in graphs:
        for subject, predicate, obj in graph:
            if subject in nodes:
                return False
            if predicate in forward.objects_of and obj in nodes:
                return False
    return True


def anchored(
    query: str, prefixes: Mapping[str, str], anchors: frozenset[Variable] = THIS_AND_VALUE
) -> bool:
    """True if every triple pattern of the SPARQL ``query`` reads forward from the variables
    bound before it runs, ``anchors`` (see the module's docstring); False for anything else, a
    query that does not parse included."""
    try:
        algebra = translateQuery(parseQuery(query), None, dict(prefixes)).algebra
    except Exception:  # rdflib raises several unrelated error types for a bad query
        return False
    patterns: list[tuple[Any, Any, Any]] = []
    if not _collect(algebra, patterns):
        return False
    bound: set[Node] = set(anchors)
    changed = True
    while changed:
        changed = False
        for subject, _predicate, obj in patterns:
            if subject in bound and isinstance(obj, Variable | BNode) and obj not in bound:
                bound.add(obj)
                changed = True
    return all(
        subject in bound and _forward_path(predicate) for subject, predicate, _obj in patterns
    )


def _collect(node: Any, patterns: list[tuple[Any, Any, Any]], outer: bool = False) -> bool:
    """Gather the triple patterns under ``node`` (an algebra expression); False if it has a
    subquery (a projection other than the query's own, ``outer``), a ``GRAPH`` or a
    ``SERVICE``."""
    if isinstance(node, CompValue):
        name = node.name
        if name in ("Graph", "ServiceGraphPattern") or (name == "Project" and not outer):
            return False
        if name == "BGP":
            patterns.extend(node.get("triples") or ())
        query = name in ("SelectQuery", "AskQuery")
        # rdflib keeps the translated pattern of an EXISTS as an attribute (``graph``) beside
        # the parsed one: both are walked, and only translated ``BGP``s hold patterns.
        parts = [*node.values(), *vars(node).values()]
        return all(_collect(value, patterns, outer=query) for value in parts)
    if isinstance(node, list | tuple):
        return all(_collect(item, patterns) for item in node)
    return True


def _forward_path(predicate: Any) -> bool:
    """True if the predicate (an IRI, a variable or a property path) follows triples only
    forwards."""
    if isinstance(predicate, InvPath):
        return False
    if isinstance(predicate, NegatedPath):  # forward only if it negates predicates alone
        return all(isinstance(arg, URIRef) for arg in predicate.args)
    if isinstance(predicate, SequencePath | AlternativePath):
        return all(_forward_path(arg) for arg in predicate.args)
    if isinstance(predicate, MulPath):
        return _forward_path(predicate.path)
    return not isinstance(predicate, Path)


def global_features(shapes: Graph) -> Iterator[Node]:
    """The nodes of ``shapes`` that are rules or functions, or have rules (``GLOBAL``)."""
    for feature in GLOBAL:
        yield from shapes.subjects(feature, None)
        yield from shapes.subjects(RDF.type, feature)


def _targeted(shapes: Graph) -> set[Node]:
    """The shapes with targets (of any kind, SPARQL-based ones included)."""
    found = {s for target in (*TARGETS, SH.target) for s in shapes.subjects(target, None)}
    return {s for s in found if not isinstance(s, Literal)}


def _prefixes(shapes: Graph) -> dict[str, str]:
    """Every ``sh:declare`` of the shapes graph (what its SPARQL queries may use)."""
    found: dict[str, str] = {}
    for declaration in shapes.objects(None, SH.declare):
        prefix = shapes.value(declaration, SH.prefix)
        namespace = shapes.value(declaration, SH.namespace)
        if prefix is not None and namespace is not None:
            found[str(prefix)] = str(namespace)
    return found


def _component_queries(shapes: Graph) -> dict[Node, list[str | None]]:
    """Each parameter path of a constraint component declared in ``shapes``: the queries of the
    component's validators (None for a validator that is not a SPARQL query)."""
    found: dict[Node, list[str | None]] = {}
    for component in set(shapes.subjects(SH.parameter, None)):
        queries: list[str | None] = []
        for kind in VALIDATORS:
            for validator in shapes.objects(component, kind):
                text = shapes.value(validator, SH.select) or shapes.value(validator, SH.ask)
                queries.append(None if text is None else str(text))
        for parameter in shapes.objects(component, SH.parameter):
            for path in shapes.objects(parameter, SH.path):
                found.setdefault(path, []).extend(queries)
    return found


def _forward(
    shapes: Graph,
    top: Node,
    prefixes: Mapping[str, str],
    components: Mapping[Node, list[str | None]],
    memo: dict[Node, tuple[bool, list[Node]]],
) -> bool:
    """True if ``top`` and every shape it reaches (cycles included) pass ``_forward_here``."""
    pending, seen = [top], set()
    while pending:
        shape = pending.pop()
        if shape in seen:
            continue
        seen.add(shape)
        if shape not in memo:
            memo[shape] = _forward_here(shapes, shape, prefixes, components)
        forward, nested = memo[shape]
        if not forward:
            return False
        pending.extend(nested)
    return True


def _forward_here(
    shapes: Graph,
    shape: Node,
    prefixes: Mapping[str, str],
    components: Mapping[Node, list[str | None]],
) -> tuple[bool, list[Node]]:
    """Whether the shape's own paths, constraints and queries read forward, and the shapes it
    names (to be judged too)."""
    nested: list[Node] = []
    for predicate, obj in shapes.predicate_objects(shape):
        if predicate in NESTED_ONE:
            nested.append(obj)
        elif predicate in NESTED_LIST:
            nested.extend(Collection(shapes, obj))
        elif predicate == SH.path:
            if not _forward_shacl_path(shapes, obj):
                return False, []
        elif predicate == SH.sparql:
            text = shapes.value(obj, SH.select)
            if text is None or not anchored(str(text), prefixes, THIS):
                return False, []
        elif predicate in components:
            if not all(q is not None and anchored(q, prefixes) for q in components[predicate]):
                return False, []
        elif predicate == SH.target:
            return False, []  # a SPARQL-based target may select anything
        elif (
            str(predicate).startswith(str(SH)) and predicate not in FORWARD_PARAMETERS | DESCRIPTIVE
        ):
            return False, []  # anything else of SHACL's (SHACL-AF, SHACL-JS, ...) may read anything
    return True, nested


def _forward_shacl_path(shapes: Graph, path: Node) -> bool:
    """True if the SHACL path has no ``sh:inversePath`` anywhere in it."""
    pending, seen = [path], set()
    while pending:
        node = pending.pop()
        if node in seen or not isinstance(node, BNode | URIRef):
            continue
        seen.add(node)
        if isinstance(node, URIRef):
            continue  # a predicate (or the end of a list)
        for predicate, obj in shapes.predicate_objects(node):
            if predicate == SH.inversePath:
                return False
            pending.append(obj)
    return True
