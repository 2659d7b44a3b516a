"""What changed between two editions: triples added and removed per named graph, grouped by
resource, a sentence per change read from the graphs, and the changeset as RDF.

Blank nodes (the ontology's ``owl:unionOf`` lists) get fresh labels whenever a file is parsed, so
each graph is canonicalised (``rdflib.compare``) before the comparison: two editions with the same
blank-node structure compare equal, and a changed list shows as a change of content.

Sentences name facts, not IRIs, and do not depend on character offsets: a treaty adherence is
keyed by its IRI (state + treaty), an absence statement by its state and kind, a pronouncement by
its IRI; what a sentence does not cover still counts in the per-graph and per-resource numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, Namespace, Node, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from forcelaw.graph import uris
from forcelaw.namespaces import BASE, FL, bind_prefixes

CS = Namespace("http://purl.org/vocab/changeset/schema#")
# The prefixes changes.ttl is written with beside the project's (``dumps.turtle``).
CHANGESET_PREFIXES = {"cs": str(CS)}
# Graphs that describe an edition rather than the law: they change with every build.
NOT_COMPARED = frozenset({"metadata"})
# What the counts cover, wherever they are given (changeset, changelog, terminal, page).
COUNTED = (
    "triples added and removed in the data graphs (states, reference, ontology); the metadata "
    "graph, the description of each edition, also changes with every edition and is not compared"
)
BLANK_GROUP = "(blank nodes)"

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class ResourceChange:
    """The triples of one resource (its IRI, fragments folded in) added and removed."""

    resource: str
    added: tuple[Triple, ...]
    removed: tuple[Triple, ...]


@dataclass(frozen=True)
class GraphChange:
    name: str
    added: int
    removed: int
    resources: tuple[ResourceChange, ...]


@dataclass(frozen=True)
class Changeset:
    """Everything that differs from ``old`` to ``new`` (graph names are short: KZ, reference)."""

    old: str | None
    new: str
    graphs: tuple[GraphChange, ...]
    sentences: tuple[str, ...]

    @property
    def added(self) -> int:
        return sum(g.added for g in self.graphs)

    @property
    def removed(self) -> int:
        return sum(g.removed for g in self.graphs)

    @property
    def empty(self) -> bool:
        return not self.graphs


class _Union:
    """The union of one side's graphs, indexed for what the change sentences look up (``value``,
    ``objects``, ``subjects``). An rdflib graph of every triple took most of the comparison's time
    (20 s of 45 s at 197 states, twice); this index answers alike: an object list keeps the order
    in which its triples were first added, as rdflib's memory store does, so ``value`` picks the
    same one of several."""

    def __init__(self) -> None:
        self._spo: dict[Node, dict[Node, dict[Node, None]]] = {}
        self._pos: dict[Node, dict[Node, dict[Node, None]]] = {}

    def add_all(self, triples: Iterable[Triple]) -> None:
        for s, p, o in triples:
            self._spo.setdefault(s, {}).setdefault(p, {}).setdefault(o, None)
            self._pos.setdefault(p, {}).setdefault(o, {}).setdefault(s, None)

    def value(self, subject: Node, predicate: Node) -> Node | None:
        """One object of ``subject predicate`` (the first added), as ``Graph.value``."""
        return next(iter(self._spo.get(subject, {}).get(predicate, ())), None)

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        return list(self._spo.get(subject, {}).get(predicate, ()))

    def subjects(self, predicate: Node, obj: Node) -> list[Node]:
        return list(self._pos.get(predicate, {}).get(obj, ()))


@dataclass
class _Side:
    graphs: dict[str, set[Triple]]
    union: _Union = field(default_factory=_Union)


def diff(
    old: Mapping[str, Graph] | None,
    new: Mapping[str, Graph],
    old_version: str | None,
    new_version: str,
) -> Changeset:
    """The changeset from ``old`` to ``new`` (``old`` None: the first edition, nothing compared)."""
    if old is None:
        return Changeset(None, new_version, (), ("First edition.",))
    before = _side(old)
    after = _side(new)
    changes: list[GraphChange] = []
    for name in sorted((set(before.graphs) | set(after.graphs)) - NOT_COMPARED):
        a = before.graphs.get(name, set())
        b = after.graphs.get(name, set())
        added, removed = b - a, a - b
        if added or removed:
            changes.append(GraphChange(name, len(added), len(removed), _group(added, removed)))
    sentences = _sentences(before, after)
    return Changeset(old_version, new_version, tuple(changes), tuple(sentences))


def changeset_graph(changes: Changeset, created: str, base: str = BASE) -> Graph:
    """The changeset as RDF (Talis changeset vocabulary; counts with fl:triplesAdded/Removed).

    One ``cs:ChangeSet`` for the edition and one per changed named graph, whose reified
    ``cs:addition``/``cs:removal`` statements have IRIs numbered in sorted order (deterministic).
    """
    graph = bind_prefixes(Graph())
    graph.bind("cs", CS)
    root = URIRef(changes_iri(changes.new, base))
    dataset = URIRef(base + "dataset")
    graph.add((root, RDF.type, CS.ChangeSet))
    graph.add((root, CS.subjectOfChange, dataset))
    graph.add((root, CS.createdDate, Literal(created, datatype=XSD.dateTime)))
    graph.add((root, RDFS.label, Literal(f"Changes in edition {changes.new}", lang="en")))
    graph.add((root, FL.edition, Literal(changes.new)))
    if changes.old is not None:
        graph.add((root, FL.previousEdition, Literal(changes.old)))
        graph.add((root, CS.precedingChangeSet, URIRef(changes_iri(changes.old, base))))
    graph.add((root, FL.triplesAdded, Literal(changes.added, datatype=XSD.integer)))
    graph.add((root, FL.triplesRemoved, Literal(changes.removed, datatype=XSD.integer)))
    graph.add((root, RDFS.comment, Literal(f"Counts: {COUNTED}.", lang="en")))
    for sentence in changes.sentences:
        graph.add((root, CS.changeReason, Literal(sentence, lang="en")))
    for change in changes.graphs:
        part = URIRef(f"{root}/graph/{change.name}")
        graph.add((root, DCTERMS.hasPart, part))
        graph.add((part, RDF.type, CS.ChangeSet))
        graph.add((part, CS.subjectOfChange, uris.named_graph(change.name, base)))
        graph.add((part, FL.triplesAdded, Literal(change.added, datatype=XSD.integer)))
        graph.add((part, FL.triplesRemoved, Literal(change.removed, datatype=XSD.integer)))
        number = 0
        for resource in change.resources:
            for kind, triples in ((CS.addition, resource.added), (CS.removal, resource.removed)):
                for s, p, o in sorted(triples, key=_triple_key):
                    number += 1
                    statement = URIRef(f"{part}#s{number}")
                    graph.add((part, kind, statement))
                    graph.add((statement, RDF.type, RDF.Statement))
                    graph.add((statement, RDF.subject, s))
                    graph.add((statement, RDF.predicate, p))
                    graph.add((statement, RDF.object, o))
    return graph


def changes_iri(version: str, base: str = BASE) -> str:
    return f"{base}changes/{version}"


def changelog_entry(changes: Changeset, created: str) -> dict[str, object]:
    """The ``changelog.json`` of an edition: what it is, what it follows, what changed."""
    return {
        "version": changes.new,
        "created": created,
        "previous": changes.old,
        "added": changes.added,
        "removed": changes.removed,
        "changes": list(changes.sentences),
        "graphs": [
            {
                "name": g.name,
                "added": g.added,
                "removed": g.removed,
                "resources": len(g.resources),
            }
            for g in changes.graphs
        ],
    }


def format_changes(changes: Changeset, triples: bool = False) -> str:
    """The changeset for a terminal: the sentences, then counts per graph and resource."""
    lines = [
        f"{changes.old or '(nothing)'} -> {changes.new}: +{changes.added} -{changes.removed} "
        "triples in the data graphs (the metadata graph also changes with every edition)"
    ]
    lines += [f"  {s}" for s in changes.sentences]
    for graph in changes.graphs:
        lines.append(f"  graph {graph.name}: +{graph.added} -{graph.removed}")
        for resource in graph.resources:
            counts = f"+{len(resource.added)} -{len(resource.removed)}"
            lines.append(f"    {resource.resource}: {counts}")
            if triples:
                lines += [f"      + {_nt(t)}" for t in sorted(resource.added, key=_triple_key)]
                lines += [f"      - {_nt(t)}" for t in sorted(resource.removed, key=_triple_key)]
    return "\n".join(lines)


# --- comparing ------------------------------------------------------------------------------------


def _side(graphs: Mapping[str, Graph]) -> _Side:
    """Each graph's triples, read once (canonical blank nodes), and their union."""
    side = _Side({})
    for name, graph in graphs.items():
        triples = _canonical(graph)
        side.graphs[name] = set(triples)
        side.union.add_all(triples)
    return side


def _canonical(graph: Graph) -> list[Triple]:
    """The graph's triples in its own order, blank nodes labelled canonically if it has any."""
    triples: list[Triple] = list(graph)
    if not any(isinstance(t, BNode) for triple in triples for t in triple):
        return triples
    out = Graph()  # in the order the comparison always read them: that of a graph of them
    for triple in to_canonical_graph(graph):
        out.add(triple)
    return list(out)


def _group(added: set[Triple], removed: set[Triple]) -> tuple[ResourceChange, ...]:
    groups: dict[str, tuple[list[Triple], list[Triple]]] = {}
    for index, triples in ((0, added), (1, removed)):
        for triple in triples:
            groups.setdefault(_resource_of(triple[0]), ([], []))[index].append(triple)
    return tuple(ResourceChange(key, tuple(a), tuple(r)) for key, (a, r) in sorted(groups.items()))


def _resource_of(subject: Node) -> str:
    if isinstance(subject, BNode):
        return BLANK_GROUP
    return str(subject).split("#", 1)[0]


# --- sentences ------------------------------------------------------------------------------


def _sentences(before: _Side, after: _Side) -> list[str]:
    names = _Names(before.union, after.union)
    out: list[str] = []
    out += _adherences(before.union, after.union, names)
    out += _absences(before.union, after.union, names)
    out += _pronouncements(before.union, after.union, names)
    out += _profiles(before.union, after.union, names)
    return out


class _Names:
    """Labels from either edition (the newer wins): short names, notations, labels."""

    def __init__(self, old: _Union, new: _Union) -> None:
        self.graphs = (new, old)

    def __call__(self, node: Node | None) -> str:
        if node is None:
            return "?"
        for predicate in (FL.shortName, SKOS.prefLabel, RDFS.label):
            for graph in self.graphs:
                value = _english(graph, node, predicate)
                if value:
                    return value
        return str(node).rsplit("/", 1)[-1]

    def status(self, node: Node | None) -> str:
        for graph in self.graphs:
            value = graph.value(node, SKOS.notation) if node is not None else None
            if value is not None:
                return str(value)
        return self(node)


def _adherences(old: _Union, new: _Union, name: _Names) -> list[str]:
    out = []
    before = _by_subject(old, FL.TreatyAdherence)
    after = _by_subject(new, FL.TreatyAdherence)
    for adherence in sorted(set(before) | set(after), key=str):
        graph = new if adherence in after else old
        state = name(graph.value(adherence, FL.state))
        treaty = name(graph.value(adherence, FL.treaty))
        was = old.value(adherence, FL.status) if adherence in before else None
        now = new.value(adherence, FL.status) if adherence in after else None
        if was is None and now is not None:
            out.append(f"{state}: {treaty} status now recorded as {name.status(now)}")
        elif now is None and was is not None:
            out.append(f"{state}: {treaty} status no longer recorded (was {name.status(was)})")
        elif was != now:
            out.append(
                f"{state}: {treaty} status changed from {name.status(was)} to {name.status(now)}"
            )
    return out


def _absences(old: _Union, new: _Union, name: _Names) -> list[str]:
    def keyed(graph: _Union) -> dict[tuple[Node, Node], Node | None]:
        found: dict[tuple[Node, Node], Node | None] = {}
        for statement in graph.subjects(RDF.type, FL.AbsenceStatement):
            state, kind = graph.value(statement, FL.state), graph.value(statement, FL.absentKind)
            if state is not None and kind is not None:
                found[(state, kind)] = graph.value(statement, FL.hedge)
        return found

    before, after = keyed(old), keyed(new)
    out = []
    for state, kind in sorted(set(before) | set(after), key=lambda k: (str(k[0]), str(k[1]))):
        what = name(kind).lower()
        if (state, kind) not in before:
            out.append(f"{name(state)}: now states there is no {what} ({name(after[state, kind])})")
        elif (state, kind) not in after:
            out.append(f"{name(state)}: no longer states there is no {what}")
        elif before[state, kind] != after[state, kind]:
            out.append(
                f"{name(state)}: no {what}, now {name(after[state, kind])} "
                f"(was {name(before[state, kind])})"
            )
    return out


def _pronouncements(old: _Union, new: _Union, name: _Names) -> list[str]:
    before = set(_by_subject(old, FL.Pronouncement))
    after = set(_by_subject(new, FL.Pronouncement))
    out = []
    new_ones = [(p, new, "{state}: new {kind} of {body}{year}") for p in after - before]
    gone = [(p, old, "{state}: {kind} of {body}{year} removed") for p in before - after]
    for item, graph, template in sorted(new_ones, key=_first) + sorted(gone, key=_first):
        year = graph.value(item, DCTERMS.date)
        out.append(
            template.format(
                state=name(graph.value(item, FL.subjectState)),
                kind=name(graph.value(item, FL.documentType)).lower(),
                body=name(graph.value(item, FL.author)),
                year=f", {str(year)[:4]}" if year is not None else "",
            )
        )
    return out


def _profiles(old: _Union, new: _Union, name: _Names) -> list[str]:
    out = []
    for profile in sorted(
        set(_by_subject(old, FL.CountryProfile)) | set(_by_subject(new, FL.CountryProfile)), key=str
    ):
        state = name(new.value(profile, FL.profileOf) or old.value(profile, FL.profileOf))
        for predicate, what in ((FL.retrieved, "retrieval date"), (DCTERMS.source, "source URL")):
            was, now = old.value(profile, predicate), new.value(profile, predicate)
            if was != now and was is not None and now is not None:
                out.append(f"{state}: profile {what} changed from {was} to {now}")
        was_text, now_text = old.value(profile, FL.sourceText), new.value(profile, FL.sourceText)
        if was_text != now_text and was_text is not None and now_text is not None:
            out.append(f"{state}: profile text changed")
    return out


def _first(item: tuple[Node, _Union, str]) -> str:
    return str(item[0])


def _by_subject(graph: _Union, cls: URIRef) -> set[Node]:
    return set(graph.subjects(RDF.type, cls))


def _english(graph: _Union, node: Node, predicate: URIRef) -> str | None:
    values = [v for v in graph.objects(node, predicate) if isinstance(v, Literal)]
    if not values:
        return None
    values.sort(key=lambda v: (v.language not in (None, "en"), str(v)))
    return str(values[0])


def _triple_key(triple: Triple) -> tuple[str, str, str]:
    return (str(triple[0]), str(triple[1]), str(triple[2]))


def _nt(triple: Triple) -> str:
    return " ".join(t.n3() for t in triple) + " ."
