"""Deterministic synthetic states in forcelaw's ontology, for benchmarks only.

Every synthetic state is the real Kazakhstan graph re-minted: its URIs move to a synthetic code,
the names in its labels and profile text are replaced by synthetic ones, and (with a seeded random
generator) its treaty statuses, years, figures and oversight are varied. The profile text is edited
with the same choices, and every passage offset, passage URI and quote is recomputed from the edited
text, so the result satisfies the shapes exactly as a parsed profile does. Every resource carries
``fl:synthetic true``; codes are ISO 3166-1 user-assigned or unassigned ones (never a real state's).

Sizes: ``real`` (the published release as built), ``states197`` (Kazakhstan + 196 synthetic states
of its richness) and ``million`` (the same 197 states, each synthetic state carrying its caselaw
section several times over, as states with more caselaw will; about a million triples).

    python -m bench.generate --size states197 --out bench/data/states197 [--seed 6]
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import random
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from forcelaw.graph import uris
from forcelaw.graph.build import ProjectPaths, assemble
from forcelaw.namespaces import BASE, FL, OA
from forcelaw.publish.release import Release, write_release

DEFAULT_SEED = 6
# Fixed so that the same seed gives a byte-identical release (the version hashes the content).
CREATED = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Size:
    """How many synthetic states a size adds to the real release, and how rich each one is."""

    synthetic_states: int
    richness: int  # how many times each synthetic state carries the caselaw section


SIZES: dict[str, Size] = {
    "real": Size(0, 1),
    "states197": Size(196, 1),
    "million": Size(196, 6),
}

# ISO 3166-1 alpha-2: officially assigned, and reserved codes a reader could take for a real place
# (exceptionally and transitionally reserved ones; XK: Kosovo; XA, XB: the fictional test profiles).
_ASSIGNED_CODES = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW
"""
_RESERVED_CODES = """
    AC CP DG EA EU EZ FX IC SU TA UK UN AN BU CS DD NT TP YU XK XA XB
"""
_NOT_SYNTHETIC = frozenset(_ASSIGNED_CODES.split()) | frozenset(_RESERVED_CODES.split())

STATUS_KEYS = {
    "State Party": "state-party",
    "Signatory": "signatory",
    "Not party": "not-party",
    "Yes": "yes",
    "No": "no",
}
_STATUS_CELL = re.compile(r"\| (State Party|Signatory|Not party|Yes|No) \|")
_STATUS_LABEL = re.compile(r"— (State Party|Signatory|Not party|Yes|No)$")
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_OFFSETS_LABEL = re.compile(r"line (\d+), characters (\d+)–(\d+)")
_DATE_TYPES = frozenset({XSD.date, XSD.gYear, XSD.gYearMonth})
_COPIED_TYPES = frozenset({FL.Pronouncement, FL.Claim, FL.Figure, FL.Event, FL.Outcome})


@dataclass(frozen=True)
class Template:
    """The real state a synthetic state is derived from, and the proper names in its text."""

    code: str
    graph: Graph
    names: Mapping[str, str]  # proper name in the text -> role ("state", "person", "place", ...)


KZ_NAMES = {
    "Nursultan Nazarbayev": "person",
    "Nazarbayev": "person",
    "Kazakhstan": "state",
    "Kazakh": "adjective",
    "Zhanaozen": "place",
    "Central Asian": "region",
}


def synthetic_codes(count: int) -> list[str]:
    """``count`` two-letter codes no real state has: user-assigned first, then unassigned ones."""
    letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    free = [a + b for a in letters for b in letters if a + b not in _NOT_SYNTHETIC]
    first = [c for c in free if c[0] in "QXZ"] + [c for c in free if c[0] not in "QXZ"]
    if count > len(first):
        raise ValueError(f"only {len(first)} synthetic two-letter codes exist; asked for {count}")
    return first[:count]


def synthetic_name(code: str) -> str:
    return f"Synthetic State {code}"


def synthetic_state(template: Template, code: str, seed: int, richness: int = 1) -> Graph:
    """The template state re-minted as ``code``, varied by ``seed``; caselaw ``richness`` times."""
    base = _derive(template, code, random.Random(f"{seed}:{code}:0"))
    graph, text = base.graph, base.text
    for copy in range(1, richness):
        variant = _derive(template, code, random.Random(f"{seed}:{code}:{copy}"))
        text = _append_caselaw(graph, text, variant, copy)
    profile = URIRef(uris.profile(code))
    graph.set((profile, FL.sourceText, Literal(text)))
    graph.set((profile, FL.sha256, Literal(hashlib.sha256(text.encode("utf-8")).hexdigest())))
    for subject in set(graph.subjects()):
        if isinstance(subject, URIRef):
            graph.add((subject, FL.synthetic, Literal(True)))
    return graph


def generate(root: Path, size: str, out: Path, seed: int = DEFAULT_SEED) -> Release:
    """Build the real release plus the synthetic states of ``size`` and write it under ``out``."""
    spec = SIZES[size]
    assembled = assemble(ProjectPaths(root))
    graphs = dict(assembled.graphs)
    states = {s.code: s.name for s in assembled.states}
    template = Template("KZ", graphs["KZ"], KZ_NAMES)
    for code in synthetic_codes(spec.synthetic_states):
        graphs[code] = synthetic_state(template, code, seed, spec.richness)
        states[code] = synthetic_name(code)
    return write_release(graphs, out, states, created=CREATED)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="states197")
    parser.add_argument("--out", type=Path, required=True, help="release root (gets current/)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--root", type=Path, default=Path("."), help="project checkout")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    release = generate(args.root, args.size, args.out, args.seed)
    print(
        f"{args.size}: {release.manifest['triples']} triples, release {release.version} "
        f"at {release.path} ({time.perf_counter() - started:.1f} s)"
    )
    return 0


# --- deriving one variant ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


class _EditedText:
    """A text with non-overlapping replacements applied, and the offset map old -> new."""

    def __init__(self, original: str, edits: Iterable[_Edit]) -> None:
        ordered = sorted(set(edits), key=lambda e: e.start)
        parts: list[str] = []
        position = 0
        self._ends: list[int] = []
        self._shifts: list[int] = []
        self._spans: list[tuple[int, int]] = []
        shift = 0
        for edit in ordered:
            if edit.start < position:
                raise ValueError(f"overlapping edits at {edit.start}")
            parts += [original[position : edit.start], edit.text]
            position = edit.end
            shift += len(edit.text) - (edit.end - edit.start)
            self._ends.append(edit.end)
            self._shifts.append(shift)
            self._spans.append((edit.start, edit.end))
        parts.append(original[position:])
        self.text = "".join(parts)

    def offset(self, old: int) -> int:
        """Where offset ``old`` of the original text is in the edited text."""
        i = bisect.bisect_right(self._ends, old)
        if i < len(self._spans) and self._spans[i][0] < old < self._spans[i][1]:
            raise ValueError(f"offset {old} falls inside an edited span {self._spans[i]}")
        return old + (self._shifts[i - 1] if i else 0)


@dataclass(frozen=True)
class _Variant:
    graph: Graph
    text: str
    chunk_start: int  # where the caselaw section starts in ``text``
    chunk_line: int


def _derive(template: Template, code: str, rng: random.Random) -> _Variant:
    g = template.graph
    old = template.code
    profile = URIRef(uris.profile(old))
    original = str(g.value(profile, FL.sourceText))
    names = _names(template.names, code)
    slug_names = {uris.slugify(k): uris.slugify(v) for k, v in names.items()}
    name_pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")

    def rename(text: str) -> str:
        return name_pattern.sub(lambda m: names[m.group(1)], text)

    offsets = {p: _passage_offsets(p, old) for p in g.subjects(RDF.type, FL.SourcePassage)}

    def passage_text(passage: Node | None) -> tuple[int, str]:
        if passage not in offsets:
            raise ValueError(f"{passage} is not a passage of {old}")
        start, end = offsets[passage]
        return start, original[start:end]

    edits: list[_Edit] = [
        _Edit(m.start(), m.end(), names[m.group(1)]) for m in name_pattern.finditer(original)
    ]
    # Years: those the state's own URIs and dates use (not the treaties' years in the table).
    years = sorted(_state_years(g))
    delta = rng.randint(-8, 2)
    year_map = {y: str(int(y) + delta) for y in years}
    edits += [
        _Edit(m.start(), m.end(), year_map[m.group(1)])
        for m in _YEAR.finditer(original)
        if m.group(1) in year_map
    ]
    # Treaty statuses: the table cell of each adherence's row, and the adherence itself.
    status_of: dict[Node, str] = {}
    for adherence in sorted(g.subjects(RDF.type, FL.TreatyAdherence), key=str):
        passage = g.value(adherence, PROV.wasDerivedFrom)
        start, row = passage_text(passage)
        cell = _STATUS_CELL.search(row)
        if cell is None:
            continue
        if cell.group(1) in ("Yes", "No"):
            status = rng.choice(["Yes", "No"])
        else:
            status = rng.choices(["State Party", "Signatory", "Not party"], [7, 1, 2])[0]
        status_of[adherence] = status
        edits.append(_Edit(start + cell.start(1), start + cell.end(1), status))
    # Figures: each quantity where its passage writes it in digits (words, like "five", stay).
    value_map: dict[int, int] = {}
    for figure in sorted(g.subjects(RDF.type, FL.Figure), key=str):
        start, quote = passage_text(g.value(figure, PROV.wasDerivedFrom))
        quantity, out_of = g.value(figure, FL.quantity), g.value(figure, FL.outOf)
        limit = 900 if out_of is not None else 80
        for value in (out_of, quantity):  # the total first: the count stays within it
            if not isinstance(value, Literal):
                continue
            match = re.search(rf"\b{int(value)}\b", quote)
            if match is None:
                continue
            new_value = value_map.setdefault(int(value), rng.randint(1, limit))
            limit = max(new_value, 1)
            edits.append(_Edit(start + match.start(), start + match.end(), str(new_value)))
    # Oversight: some states have an independent oversight body instead of the absence statement.
    dropped: set[Node] = set()
    oversight_passage: Node | None = None
    kind = URIRef(uris.concept("absence-kind", "independent-police-oversight-body"))
    for absence in g.subjects(FL.absentKind, kind):
        if rng.random() < 0.4:
            passage = g.value(absence, PROV.wasDerivedFrom)
            start, sentence = passage_text(passage)
            match = re.match(r"There is no\b", sentence)
            if match is not None:
                edits.append(_Edit(start + match.start(), start + match.end(), "There is a"))
                dropped.add(absence)
                oversight_passage = passage
    edited = _EditedText(original, edits)

    def passage_iri(start: int, end: int, fragment: str) -> URIRef:
        iri = uris.passage(code, edited.offset(start), edited.offset(end))
        return URIRef(iri + fragment) if fragment else iri

    figure_numbers = re.compile(r"\b(" + "|".join(str(v) for v in value_map) + r")\b")

    def iri(node: URIRef) -> URIRef:
        text = str(node)
        if not text.startswith(BASE):
            return node
        path = text[len(BASE) :]
        passage = re.fullmatch(rf"profile/{old}/passage/(\d+)-(\d+)(#\w+)?", path)
        if passage:
            start, end, fragment = passage.groups()
            return passage_iri(int(start), int(end), fragment or "")
        absence = re.fullmatch(rf"absence/{old}/(.+)-(\d+)", path)
        if absence:
            return uris.absence(code, absence.group(1), edited.offset(int(absence.group(2))))
        path = re.sub(rf"/{old}(?=[/#]|$)", f"/{code}", path)
        for before, after in slug_names.items():
            path = path.replace(before, after)
        path = _YEAR.sub(lambda m: year_map.get(m.group(1), m.group(1)), path)
        return URIRef(BASE + path)

    def literal(subject: Node, predicate: Node, value: Literal) -> Literal:
        if predicate == FL.isoCode:
            return Literal(code)
        if predicate in (OA.start, OA.end):
            return Literal(edited.offset(int(value)), datatype=value.datatype)
        if predicate == OA.exact:
            start, end = _passage_offsets(subject, old)
            return Literal(edited.text[edited.offset(start) : edited.offset(end)])
        if predicate in (FL.quantity, FL.outOf):
            return Literal(value_map.get(int(value), int(value)), datatype=value.datatype)
        if value.datatype in _DATE_TYPES:
            text = str(value)
            return Literal(year_map.get(text[:4], text[:4]) + text[4:], datatype=value.datatype)
        if value.datatype is not None:
            return value
        text = rename(str(value))
        if predicate == RDFS.label and (subject, RDF.type, FL.SourcePassage) in g:
            text = _OFFSETS_LABEL.sub(
                lambda m: (
                    f"line {m.group(1)}, characters "
                    f"{edited.offset(int(m.group(2)))}–{edited.offset(int(m.group(3)))}"
                ),
                text,
            )
        else:
            text = _YEAR.sub(lambda m: year_map.get(m.group(1), m.group(1)), text)
        if predicate == RDFS.label and subject in status_of:
            text = _STATUS_LABEL.sub(f"— {status_of[subject]}", text)
        if value_map and predicate == RDFS.label and _is_any(g, subject, FL.Figure, FL.Claim):
            text = figure_numbers.sub(lambda m: str(value_map[int(m.group(1))]), text)
        return Literal(text, lang=value.language)

    out = Graph()
    for s, p, o in g:
        if s in dropped:
            continue
        new_o: Node
        if p == FL.status and s in status_of:
            new_o = URIRef(uris.concept("treaty-status", STATUS_KEYS[status_of[s]]))
        elif p == DCTERMS.source and s == profile:
            new_o = URIRef(f"https://example.org/forcelaw/synthetic/{code}")
        elif isinstance(o, URIRef):
            new_o = iri(o)
        elif isinstance(o, Literal):
            new_o = literal(s, p, o)
        else:
            new_o = o
        out.add((iri(s) if isinstance(s, URIRef) else s, p, new_o))
    if oversight_passage is not None:
        _add_oversight_body(out, code, iri(URIRef(str(oversight_passage))))
    chunk = _caselaw_start(g, old)
    return _Variant(out, edited.text, edited.offset(chunk), original.count("\n", 0, chunk) + 1)


def _append_caselaw(graph: Graph, text: str, variant: _Variant, copy: int) -> str:
    """Add ``variant``'s caselaw (text, passages and what derives only from them) to ``graph``."""
    v = variant.graph
    shift = len(text) + 1 - variant.chunk_start
    line_shift = text.count("\n") + 2 - variant.chunk_line

    def in_chunk(passage: Node) -> bool:
        match = re.search(r"/passage/(\d+)-", str(passage))
        return match is not None and int(match.group(1)) >= variant.chunk_start

    copied: set[Node] = set()
    for kind in _COPIED_TYPES:
        for subject in v.subjects(RDF.type, kind):
            sources = list(v.objects(subject, PROV.wasDerivedFrom))
            if sources and all(in_chunk(p) for p in sources):
                copied.add(subject)
    passages = {s for s in v.subjects() if in_chunk(s)}

    def remap(node: Node) -> Node:
        if not isinstance(node, URIRef):
            return node
        if node in passages:
            match = re.fullmatch(r"(.*/passage/)(\d+)-(\d+)(#\w+)?", str(node))
            assert match is not None
            head, start, end, fragment = match.groups()
            return URIRef(f"{head}{int(start) + shift:04d}-{int(end) + shift:04d}{fragment or ''}")
        if node in copied:
            return URIRef(re.sub(r"(/[A-Z]{2}/[a-z0-9-]+)", rf"\1-v{copy}", str(node), count=1))
        return node

    for s, p, o in v:
        if s not in copied and s not in passages:
            continue
        new_o: Node = remap(o)
        if p in (OA.start, OA.end) and isinstance(o, Literal):
            new_o = Literal(int(o) + shift, datatype=o.datatype)
        elif p == FL.line and isinstance(o, Literal):
            new_o = Literal(int(o) + line_shift, datatype=o.datatype)
        elif p == RDFS.label and s in passages and isinstance(o, Literal):
            new_o = Literal(
                _OFFSETS_LABEL.sub(
                    lambda m: (
                        f"line {int(m.group(1)) + line_shift}, characters "
                        f"{int(m.group(2)) + shift}–{int(m.group(3)) + shift}"
                    ),
                    str(o),
                ),
                lang=o.language,
            )
        graph.add((remap(s), p, new_o))
    return text + "\n" + variant.text[variant.chunk_start :]


def _add_oversight_body(graph: Graph, code: str, passage: URIRef) -> None:
    body = URIRef(uris.body("police-oversight-commission", code))
    graph.add((body, RDF.type, FL.Body))
    label = f"Independent Police Oversight Commission of {synthetic_name(code)}"
    graph.add((body, RDFS.label, Literal(label, lang="en")))
    graph.add((body, FL.bodyType, URIRef(uris.concept("body-type", "oversight-body"))))
    graph.add((body, FL.state, URIRef(uris.state(code))))
    graph.add((body, PROV.wasDerivedFrom, passage))


def _names(roles: Mapping[str, str], code: str) -> dict[str, str]:
    by_role: dict[str, Callable[[str], str]] = {
        "state": synthetic_name,
        "adjective": lambda c: f"Synthetic {c}",
        "person": lambda c: f"Officeholder {c}",
        "place": lambda c: f"Placename {c}",
        "region": lambda c: f"Synthetic-region {c}",
    }
    return {name: by_role[role](code) for name, role in roles.items()}


def _passage_offsets(node: Node | None, code: str) -> tuple[int, int]:
    match = re.search(rf"/profile/{code}/passage/(\d+)-(\d+)", str(node))
    if match is None:
        raise ValueError(f"not a passage URI: {node}")
    return int(match.group(1)), int(match.group(2))


def _state_years(g: Graph) -> set[str]:
    years: set[str] = set()
    for node in set(g.subjects()) | set(g.objects()):
        if (
            isinstance(node, URIRef)
            and "/passage/" not in str(node)
            and "/absence/" not in str(node)
        ):
            years.update(_YEAR.findall(str(node).removeprefix(BASE)))
        elif isinstance(node, Literal) and node.datatype in _DATE_TYPES:
            years.update(_YEAR.findall(str(node))[:1])
    return years


def _caselaw_start(g: Graph, code: str) -> int:
    kind = URIRef(uris.concept("section-kind", "caselaw"))
    section = g.value(predicate=FL.sectionKind, object=kind)
    heading = g.value(section, PROV.wasDerivedFrom)
    return _passage_offsets(heading, code)[0]


def _is_any(g: Graph, subject: Node, *classes: URIRef) -> bool:
    return any((subject, RDF.type, c) in g for c in classes)


if __name__ == "__main__":
    sys.exit(main())
