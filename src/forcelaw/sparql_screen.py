"""The validation graph mirrored in the embedded engine, to tell which SPARQL answers are empty.

pyshacl runs each SPARQL constraint once per focus node, on rdflib's SPARQL engine: 0.3-0.4 ms a
run, about half of a state's validation. Almost every answer is empty, since a constraint's rows
are its violations. Oxigraph answers the same query, with the same values pre-bound, about three
times faster (SHACL's pre-binding is the substitution Oxigraph implements, SPARQL-dev SEP-0007).

So validation asks a ``Mirror`` of the graph it validates first (``validate``'s query hook). When
the mirror finds no solution, rdflib's answer is taken to be the empty one. When it finds one,
or cannot say, rdflib evaluates the query, so every value a report carries is the term rdflib
gives, as before. The mirror decides nothing else.

The mirror cannot say, and rdflib answers, when:

- it does not hold exactly the graph's triples: a term Oxigraph refuses (an IRI or a language tag
  it finds invalid) or stores in another form (it keeps some literals in a canonical form that is
  not rdflib's: ``"1.50"^^xsd:decimal`` as ``"1.5"``, an integer subtype as ``xsd:integer``), or
  two rdflib terms that are one in Oxigraph. ``holding`` reads the triples back and compares;
- a value to pre-bind is a blank node (the mirror's blank nodes are its own);
- the shapes have rules, which add triples the mirror does not get, or SHACL functions, which
  only rdflib knows (``validate`` gives the run no screen);
- the query is not a SELECT, names graphs or a service (``GRAPH``, ``FROM``, ``SERVICE``,
  ``$shapesGraph``), which the mirror does not hold and must never fetch, has a subquery or
  ``MINUS`` (where pre-binding and substitution are known to part), is nested deeper than the
  engine is given anything, or has a ``\\u`` escape (which could spell any of these);
- Oxigraph refuses the query (it refuses, for one, a value pre-bound for a variable the query
  does not select).

Tests run the shapes' cases with the mirror, and check, query by query, that rdflib finds no
solution wherever the mirror found none.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from forcelaw.server.lexer import analyse

# The named graph a run's own triples are added to, beside the mirror's default graph.
_RUN_GRAPH = ox.NamedNode("urn:forcelaw:validation:run")
_BOTH: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ox.DefaultGraph(), _RUN_GRAPH]
_UNSCREENED = re.compile(r"\b(?:GRAPH|FROM|SERVICE|MINUS)\b|shapesGraph|\\[uU]", re.IGNORECASE)
_SELECT = re.compile(r"\bSELECT\b", re.IGNORECASE)
_DEEPEST = 64  # bracket nesting the engine is given at most (the server's default)
_REFUSALS_KEPT = 1024
# Texts and pre-bound variables Oxigraph refused: it refuses a value pre-bound for a variable the
# query does not select, whatever the value, as pyshacl's components do at every focus node.
_refused: set[tuple[str, frozenset[ox.Variable]]] = set()

Triple = tuple[Node, Node, Node]
Term = ox.NamedNode | ox.BlankNode | ox.Literal


class Screen:
    """What a validation run asks the mirror: whether a SELECT has no solution."""

    def __init__(self, store: ox.Store | None) -> None:
        self._store = store  # None: the mirror cannot say anything for this run

    def empty(
        self,
        text: str,
        bindings: Mapping[str, Node | None],
        prefixes: Mapping[str, str],
        base: str | None,
    ) -> bool:
        """Whether the SELECT ``text`` has no solution with ``bindings`` pre-bound (False when
        the mirror cannot say: see the module's docstring)."""
        if self._store is None or not _screenable(text):
            return False
        substitutions: dict[ox.Variable, Term | ox.Triple] = {}
        for name, value in bindings.items():
            if value is None:
                continue
            term = None if isinstance(value, BNode) else _term(value)
            if term is None:
                return False
            substitutions[ox.Variable(str(name))] = term
        asked = (text, frozenset(substitutions))
        if asked in _refused:
            return False
        try:
            answer = self._store.query(
                text,
                base_iri=base,
                prefixes=dict(prefixes),
                default_graph=_BOTH,
                substitutions=substitutions,
            )
            return isinstance(answer, ox.QuerySolutions) and next(iter(answer), None) is None
        except (SyntaxError, ValueError, TypeError, OSError, RuntimeError):
            if len(_refused) < _REFUSALS_KEPT:
                _refused.add(asked)  # not asked again with these variables
            return False


SILENT = Screen(None)


@functools.lru_cache(maxsize=1024)
def _screenable(text: str) -> bool:
    """Whether the mirror may be asked ``text``: a SELECT without subquery or ``MINUS``, its
    nesting shallow, naming no graph, service or ``$shapesGraph`` and with no ``\\u`` escape
    (which could spell one)."""
    if _UNSCREENED.search(text) or len(_SELECT.findall(text)) > 1:
        return False
    found = analyse(text)
    return found.form == "SELECT" and not found.services and found.depth <= _DEEPEST


class Mirror:
    """An Oxigraph store of the triples that many validations share (its default graph), to
    which ``holding`` adds one validation's own triples for the time of its run."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self._store = ox.Store()
        self._terms = _Terms()
        quads = _quads(triples, self._terms, ox.DefaultGraph())
        self._trusted = quads is not None and self._kept(quads, ox.DefaultGraph())
        self._running = False

    @contextmanager
    def holding(self, triples: Iterable[Triple]) -> Iterator[Screen]:
        """The screen of the mirror with ``triples`` (those not in its default graph) added
        until the block ends; it can say something only if the mirror holds them as they are."""
        if self._running:
            raise RuntimeError("a mirror holds one validation's triples at a time")
        self._running = True
        try:
            quads = _quads(triples, _Terms(self._terms), _RUN_GRAPH)
            trusted = self._trusted and quads is not None and self._kept(quads, _RUN_GRAPH)
            yield Screen(self._store) if trusted else SILENT
        finally:
            self._store.clear_graph(_RUN_GRAPH)
            self._running = False

    def _kept(self, quads: list[ox.Quad], graph: ox.NamedNode | ox.DefaultGraph) -> bool:
        """Add ``quads`` and read them back: the store keeps every term as it was given (the
        terms are one to one, so a quad given twice is a triple given twice)."""
        given = set(quads)
        try:
            self._store.extend(given)
            return set(self._store.quads_for_pattern(None, None, None, graph)) == given
        except (ValueError, OSError, RuntimeError):  # not stored: the mirror says nothing
            return False


class _Terms:
    """rdflib terms and the Oxigraph terms they were given, one to one (a run's own, falling
    back on the shared ones, which it never adds to)."""

    def __init__(self, shared: _Terms | None = None) -> None:
        self._of: dict[Node, Term] = {}
        self._back: dict[Term, Node] = {}
        self._shared = shared

    def get(self, node: Node) -> Term | None:
        """The Oxigraph term for ``node``; None if Oxigraph refuses it, or gives it the term of
        another rdflib term (``"a"`` and ``"a"^^xsd:string`` are one term in RDF 1.1, two in
        rdflib)."""
        term = self._of.get(node)
        if term is None and self._shared is not None:
            term = self._shared._of.get(node)
        if term is not None:
            return term
        made = _term(node)
        if made is None or made in self._back:
            return None
        if self._shared is not None and made in self._shared._back:
            return None
        self._of[node] = made
        self._back[made] = node
        return made


def _quads(
    triples: Iterable[Triple], terms: _Terms, graph: ox.NamedNode | ox.DefaultGraph
) -> list[ox.Quad] | None:
    """The triples as quads of ``graph`` (None if a term cannot be stored as itself)."""
    quads = []
    for subject, predicate, obj in triples:
        s, p, o = terms.get(subject), terms.get(predicate), terms.get(obj)
        if s is None or o is None or not isinstance(p, ox.NamedNode) or isinstance(s, ox.Literal):
            return None
        quads.append(ox.Quad(s, p, o, graph))
    return quads


def _term(node: Node) -> Term | None:
    """The Oxigraph term for an rdflib one (a blank node gets a fresh one); None if Oxigraph
    refuses it or the node is not an RDF term (a variable, a quoted graph)."""
    try:
        if isinstance(node, URIRef):
            return ox.NamedNode(str(node))
        if isinstance(node, BNode):
            return ox.BlankNode()
        if isinstance(node, Literal):
            if node.language:
                return ox.Literal(str(node), language=node.language)
            if node.datatype is not None:
                return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
            return ox.Literal(str(node))
    except (ValueError, TypeError):
        return None
    return None
