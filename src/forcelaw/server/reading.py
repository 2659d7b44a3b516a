"""The state page's reading view: the profile text cut into headings and paragraphs, each
sentence linked to its passage and followed by the facts derived from it. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

from forcelaw.server.describe import Fact, StateProfile
from forcelaw.terms import Iri


@dataclass(frozen=True)
class Segment:
    text: str
    passage: Iri | None = None


@dataclass
class Block:
    """A heading (``level`` 2 or 3, with its section) or a paragraph (``level`` 0)."""

    level: int
    line: int
    segments: list[Segment]
    section: Iri | None = None
    facts: list[Fact] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return self.section.value.rsplit("/", 1)[-1] if self.section else f"line-{self.line}"


def blocks(profile: StateProfile) -> list[Block]:
    """The profile as headings and paragraphs, in text order."""
    headings = {s.heading_start: s for s in profile.sections}
    depth = {s.iri.value: _depth(s.iri.value, profile) for s in profile.sections}
    out: list[Block] = []
    offset = 0
    for number, raw in enumerate(profile.text.split("\n"), start=1):
        start, end = offset, offset + len(raw)
        offset = end + 1
        if not raw.strip():
            continue
        segments, facts = _segments(profile, start, end)
        section = headings.get(start)
        if section is not None:
            level = min(2 + depth[section.iri.value], 4)
            out.append(Block(level, number, segments, section.iri, facts))
        else:
            out.append(Block(0, number, segments, None, facts))
    return out


def _segments(profile: StateProfile, start: int, end: int) -> tuple[list[Segment], list[Fact]]:
    text = profile.text
    segments: list[Segment] = []
    facts: list[Fact] = []
    cursor = start
    for iri, p_start, p_end in profile.passages:
        if not start <= p_start < end:
            continue
        for fact in profile.facts.get(iri.value, []):
            if fact not in facts:
                facts.append(fact)
        if p_start < cursor:  # nested in the passage already shown: its facts are listed
            continue
        if p_start > cursor:
            segments.append(Segment(text[cursor:p_start].rstrip("\r")))
        stop = min(p_end, end)
        segments.append(Segment(text[p_start:stop].rstrip("\r"), iri))
        cursor = stop
    if cursor < end:
        segments.append(Segment(text[cursor:end].rstrip("\r")))
    return [s for s in segments if s.text], facts


def _depth(section: str, profile: StateProfile) -> int:
    parents = {s.iri.value: s.parent.value if s.parent else None for s in profile.sections}
    depth = 0
    current = parents.get(section)
    while current is not None and depth < 8:
        depth += 1
        current = parents.get(current)
    return depth
