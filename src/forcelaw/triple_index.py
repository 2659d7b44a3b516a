"""An rdflib store for one graph that keeps no per-triple contexts: what validation runs on.

pyshacl wraps the graph it validates in an rdflib ``Dataset``, so the graph's store must say it is
context- and graph-aware. rdflib's ``Memory`` store is, at a price paid on every triple it yields:
a context string built for the request, the triple's contexts looked up and filtered, and a
generator made for them. pyshacl asks for a few hundred thousand triples per state, and that
bookkeeping was about a tenth of a validation's time.

A validation graph is one graph (the union of the graphs validated and the ontology), never
queried by context, so ``TripleIndex`` keeps three nested indexes (subject, predicate and object
first) and nothing else. It answers every pattern with the triples ``Memory`` gives, in the
same order (both walk insertion-ordered indexes; only for the pattern of every triple is
``Memory``'s order a set's), whatever context a caller names: there is only one. It lists no
contexts, as a store with one unnamed graph. Quoted (formula) triples are refused.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

from rdflib.store import Store

_NO_CONTEXTS: tuple[()] = ()

Index = dict[Any, dict[Any, dict[Any, None]]]


class TripleIndex(Store):
    """A context-free in-memory store of one graph's triples (see the module's docstring)."""

    context_aware = True
    graph_aware = True
    formula_aware = False
    transaction_aware = False

    def __init__(self, configuration: str | None = None, identifier: Any = None) -> None:
        super().__init__(configuration)
        self.identifier = identifier
        self._spo: Index = {}
        self._pos: Index = {}
        self._osp: Index = {}
        self._count = 0
        self.changes = 0  # triples added or removed so far: what was read of it may be stale
        self._namespaces: dict[str, Any] = {}
        self._prefixes: dict[Any, str] = {}

    def add(self, triple: Any, context: Any = None, quoted: bool = False) -> None:
        if quoted:
            raise ValueError("TripleIndex holds one plain graph: quoted triples are not stored")
        subject, predicate, obj = triple
        objects = self._spo.setdefault(subject, {}).setdefault(predicate, {})
        if obj in objects:
            return
        objects[obj] = None
        self._pos.setdefault(predicate, {}).setdefault(obj, {})[subject] = None
        self._osp.setdefault(obj, {}).setdefault(subject, {})[predicate] = None
        self._count += 1
        self.changes += 1

    def copy(self) -> TripleIndex:
        """A store of the same triples (in the same order), which can then grow apart: a
        validation adds its own graph to a copy of the graphs every validation shares."""
        twin = TripleIndex(identifier=self.identifier)
        for mine, theirs in (
            (self._spo, twin._spo),
            (self._pos, twin._pos),
            (self._osp, twin._osp),
        ):
            for first, seconds in mine.items():
                theirs[first] = {second: thirds.copy() for second, thirds in seconds.items()}
        twin._count = self._count
        twin._namespaces = self._namespaces.copy()
        twin._prefixes = self._prefixes.copy()
        return twin

    def remove(self, triple: Any, context: Any = None) -> None:
        for (subject, predicate, obj), _contexts in list(self.triples(triple)):
            _drop(self._spo, subject, predicate, obj)
            _drop(self._pos, predicate, obj, subject)
            _drop(self._osp, obj, subject, predicate)
            self._count -= 1
            self.changes += 1

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[Any]:
        """Every stored triple matching the pattern (``None`` matches anything), each with no
        contexts; ``context`` is ignored (the store holds one graph). What an index level holds
        is listed before it is walked, so a caller may add triples while iterating."""
        subject, predicate, obj = triple_pattern
        none = _NO_CONTEXTS
        if subject is not None:
            by_predicate = self._spo.get(subject)
            if by_predicate is None:
                return
            if predicate is not None:
                objects = by_predicate.get(predicate)
                if objects is None:
                    return
                if obj is not None:
                    if obj in objects:
                        yield (subject, predicate, obj), none
                    return
                for o in list(objects):
                    yield (subject, predicate, o), none
                return
            for p, objects in list(by_predicate.items()):
                if obj is not None:
                    if obj in objects:
                        yield (subject, p, obj), none
                    continue
                for o in list(objects):
                    yield (subject, p, o), none
            return
        if predicate is not None:
            by_object = self._pos.get(predicate)
            if by_object is None:
                return
            if obj is not None:
                for s in list(by_object.get(obj, ())):
                    yield (s, predicate, obj), none
                return
            for o, subjects in list(by_object.items()):
                for s in list(subjects):
                    yield (s, predicate, o), none
            return
        if obj is not None:
            by_subject = self._osp.get(obj)
            if by_subject is None:
                return
            for s, predicates in list(by_subject.items()):
                for p in list(predicates):
                    yield (s, p, obj), none
            return
        for s, by_predicate in list(self._spo.items()):
            for p, objects in list(by_predicate.items()):
                for o in list(objects):
                    yield (s, p, o), none

    def __len__(self, context: Any = None) -> int:
        return self._count

    def contexts(self, triple: Any = None) -> Generator[Any, None, None]:
        yield from ()

    def add_graph(self, graph: Any) -> None:
        return None  # the one graph needs no declaring

    def remove_graph(self, graph: Any) -> None:
        self.remove((None, None, None))

    def bind(self, prefix: str, namespace: Any, override: bool = True) -> None:
        bound = self._namespaces.get(prefix)
        if not override and (bound is not None or namespace in self._prefixes):
            return
        if bound is not None:
            self._prefixes.pop(bound, None)
        old_prefix = self._prefixes.get(namespace)
        if old_prefix is not None:
            self._namespaces.pop(old_prefix, None)
        self._namespaces[prefix] = namespace
        self._prefixes[namespace] = prefix

    def namespace(self, prefix: str) -> Any:
        return self._namespaces.get(prefix)

    def prefix(self, namespace: Any) -> str | None:
        return self._prefixes.get(namespace)

    def namespaces(self) -> Iterator[tuple[str, Any]]:
        return iter(list(self._namespaces.items()))


def _drop(index: Index, first: Any, second: Any, third: Any) -> None:
    seconds = index[first]
    thirds = seconds[second]
    del thirds[third]
    if not thirds:
        del seconds[second]
        if not seconds:
            del index[first]
