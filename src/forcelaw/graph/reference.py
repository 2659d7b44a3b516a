"""An index of the international reference data: treaties and bodies by the names profiles use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from forcelaw.graph.states import StateList
from forcelaw.namespaces import FL

_NAME_PREFIXES = ("the ", "un ", "united nations ")


@dataclass(frozen=True)
class Agent:
    """A reference body or post that can author pronouncements."""

    iri: URIRef
    key: str
    label: str
    is_post: bool
    body_type: str | None


@dataclass(frozen=True)
class ReferenceIndex:
    """Treaties by every wording profiles use, and agents by every name they go by."""

    treaties: dict[str, URIRef]
    treaty_labels: dict[URIRef, str]
    agents: dict[str, Agent]
    competences: frozenset[URIRef] = frozenset()
    """The optional competences among `treaties` (their rows say Yes or No, not State Party)."""
    states: StateList = field(default_factory=StateList)
    """The states of the world by their names (data/reference/states.tsv)."""

    def treaty(self, wording: str) -> URIRef | None:
        """The treaty (or competence) a table row names, or None."""
        return self.treaties.get(normalise_name(wording))

    def is_competence(self, treaty: URIRef) -> bool:
        """Whether `treaty` is an optional competence (fl:Competence) rather than a treaty."""
        return treaty in self.competences

    def agent_at_start(self, text: str) -> tuple[Agent, int] | None:
        """The agent whose name `text` begins with (longest name wins) and that name's length;
        "U.N." or "UN" before the name is the "United Nations" the reference's names spell out
        or leave out."""
        folded = text.casefold()
        for short in ("u.n. ", "un "):
            if folded.startswith(short):
                rest = text[len(short) :]
                spelled = self.agent_at_start("United Nations " + rest)
                if spelled is not None:  # the name's length in ``text``: "U.N. " for "United..."
                    return spelled[0], spelled[1] - len("United Nations ") + len(short)
                bare = self.agent_at_start(rest)
                return (bare[0], bare[1] + len(short)) if bare is not None else None
        best: tuple[Agent, int] | None = None
        for name, agent in self.agents.items():
            fits = folded.startswith(name) and _word_ends(folded, len(name))
            if fits and (best is None or len(name) > best[1]):
                best = (agent, len(name))
        return best


def build_index(reference: Graph, states: StateList | None = None) -> ReferenceIndex:
    """Index a reference graph (treaties, competences, bodies, posts) and the list of states."""
    treaties: dict[str, URIRef] = {}
    labels: dict[URIRef, str] = {}
    for cls in (FL.Treaty, FL.Competence):
        for subject in reference.subjects(RDF.type, cls):
            if not isinstance(subject, URIRef):
                continue
            labels[subject] = _short_label(reference, subject)
            for prop in (SKOS.hiddenLabel, RDFS.label, SKOS.prefLabel, SKOS.altLabel, FL.shortName):
                for name in reference.objects(subject, prop):
                    treaties.setdefault(normalise_name(str(name)), subject)
    agents: dict[str, Agent] = {}
    for cls, is_post in ((FL.Body, False), (FL.Post, True)):
        for subject in reference.subjects(RDF.type, cls):
            if not isinstance(subject, URIRef):
                continue
            agent = _agent(reference, subject, is_post)
            for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
                for name in reference.objects(subject, prop):
                    for variant in _name_variants(str(name)):
                        agents.setdefault(variant, agent)
    competences = frozenset(
        s for s in reference.subjects(RDF.type, FL.Competence) if isinstance(s, URIRef)
    )
    return ReferenceIndex(treaties, labels, agents, competences, states or StateList())


_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))


def normalise_name(text: str) -> str:
    """Case-, space-, dash- and apostrophe-insensitive form of a name ("Inter‑American" with a
    non-breaking hyphen is "Inter-American")."""
    return " ".join(text.replace("’", "'").translate(_DASHES).split()).casefold()


def _name_variants(name: str) -> set[str]:
    folded = normalise_name(name)
    variants = {folded}
    for prefix in _NAME_PREFIXES:
        if folded.startswith(prefix):
            variants.add(folded.removeprefix(prefix))
    return variants


def _word_ends(text: str, index: int) -> bool:
    return index == len(text) or not text[index].isalnum()


def _agent(graph: Graph, subject: URIRef, is_post: bool) -> Agent:
    notation = graph.value(subject, SKOS.notation)
    key = str(notation) if notation is not None else str(subject).rstrip("/").rsplit("/", 1)[-1]
    body_type = graph.value(subject, FL.bodyType)
    type_key = str(body_type).rsplit("/", 1)[-1] if body_type is not None else None
    return Agent(subject, key, _english_label(graph, subject), is_post, type_key)


def _short_label(graph: Graph, subject: URIRef) -> str:
    short = graph.value(subject, FL.shortName)
    return str(short) if short is not None else _english_label(graph, subject)


def _english_label(graph: Graph, subject: URIRef) -> str:
    labels = [o for o in graph.objects(subject, RDFS.label) if isinstance(o, Literal)]
    english = [o for o in labels if o.language in (None, "en")]
    chosen = english or labels
    return str(min(chosen)) if chosen else re.sub(r".*/", "", str(subject))
