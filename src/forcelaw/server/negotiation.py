"""HTTP content negotiation: Accept with q-values, wildcards and specificity, over the registry.

The most specific media range that matches a format decides its quality (RFC 9110 §12.5.1);
ties go to the range the client listed first, then to the server's order in the registry.
A ``format=`` (or ``output=``) value the registry knows (a keyword such as ``json`` or a media
type) overrides Accept: the first known one of them, as clients send several (SPARQLWrapper:
``format=rdf+xml&format=application/rdf+xml&output=...``); when none is known, Accept decides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from forcelaw.formats import BY_KEY, Format, Kind, by_keyword, formats_for
from forcelaw.server.problems import Problem


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    params: tuple[tuple[str, str], ...]
    q: float
    position: int

    def specificity(self, media_type: str) -> int:
        """How specifically this range matches ``media_type``: -1 no match, 0 */*, ..., 3."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return -1
        if self.subtype == "*":
            return 1
        if self.subtype != sub:
            return -1
        return 3 if self.params else 2


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed entries are skipped, and a malformed
    q-value ignored (``weight``), not fatal."""
    ranges: list[MediaRange] = []
    for position, item in enumerate((header or "").split(",")):
        pieces = [p.strip() for p in item.split(";")]
        full = pieces[0].lower()
        if full == "*":  # a common client shorthand for */*
            full = "*/*"
        kind, slash, sub = full.partition("/")
        if not slash or not kind or not sub or (kind == "*" and sub != "*"):
            continue
        q = 1.0
        params: list[tuple[str, str]] = []
        for piece in pieces[1:]:
            name, _, value = piece.partition("=")
            name, value = name.strip().lower(), value.strip()
            if name == "q":
                q = weight(value, q)
            elif name and name != "charset":
                params.append((name, value.strip('"')))
        ranges.append(MediaRange(kind, sub, tuple(params), q, position))
    return ranges


def weight(value: str, default: float = 1.0) -> float:
    """The q-value ``value`` writes (RFC 9110 §12.4.2: ``0`` to ``1`` with up to three
    decimals), or ``default`` when it is no q-value (``abc``, ``-1``, ``1.5``, ``0.0001``,
    ``"0"``): a malformed weight is ignored, as the nginx front's rewrite table reads it, never
    read as a refusal (``q=abc`` was ``q=0``)."""
    return float(value) if _QVALUE.fullmatch(value) else default


_QVALUE = re.compile(r"0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?")


def quality(ranges: Sequence[MediaRange], fmt: Format) -> tuple[float, int]:
    """The q-value the client gives ``fmt`` and the position of the range that decided it."""
    best: tuple[int, float, int] = (-1, 0.0, 0)
    for media_type in fmt.media_types:
        for r in ranges:
            spec = r.specificity(media_type)
            if media_type != fmt.media_type and spec < 2:
                continue  # aliases (text/xml for results) are matched by name, never by wildcard
            if spec > best[0] or (spec == best[0] and spec >= 0 and r.q > best[1]):
                best = (spec, r.q, r.position)
    return (best[1], best[2]) if best[0] >= 0 else (0.0, 0)


def negotiate(accept: str | None, candidates: Sequence[Format]) -> Format | None:
    """The acceptable candidate the client prefers, or None if it accepts none of them."""
    found = ranked(accept, candidates)
    return found[0] if found else None


def ranked(accept: str | None, candidates: Sequence[Format]) -> list[Format]:
    """Every candidate the client accepts, the one it prefers first (no Accept: all of them,
    in the server's order)."""
    ranges = parse_accept(accept)
    if not ranges:
        return list(candidates)
    scored = []
    for order, fmt in enumerate(candidates):
        q, position = quality(ranges, fmt)
        if q > 0:
            scored.append((-q, position, order, fmt))
    return [s[3] for s in sorted(scored, key=lambda s: s[:3])]


def fallbacks(
    kind: Kind, accept: str | None, overrides: Sequence[str], chosen: Format
) -> tuple[Format, ...]:
    """The formats to try, in the client's order, when an answer cannot be written in
    ``chosen`` (RDF/XML and a predicate with no XML local name, XML and U+0001): the other
    formats Accept takes. None when a ``format``/``output`` value named ``chosen``: the client
    asked for that one."""
    if any(by_keyword(kind, o) is not None for o in overrides):
        return ()
    return tuple(f for f in ranked(accept, formats_for(kind)) if f is not chosen)


_MAX_ECHO = 300


# The protocol's own answer documents: a client that asks every query form for one of them
# (rdflib's SPARQLStore with returnFormat="json") wants a graph query's answer in some RDF format.
SPARQL_RESULTS_DOCUMENTS = (BY_KEY["json"], BY_KEY["xml"])


def choose_format(kind: Kind, accept: str | None, overrides: Sequence[str] = ()) -> Format:
    """The format to answer in, or a 406 problem naming what we can offer.

    The first of ``overrides`` (``format``/``output`` values) that names a format of ``kind``
    decides; when none does, Accept does. A graph query whose Accept takes no RDF format but a
    SPARQL results document (JSON or XML) gets the default RDF format: RFC 9110 §12.5.1 lets a
    server disregard Accept rather than answer 406, and those clients parse the answer by its
    Content-Type. Any other Accept that nothing here satisfies (a graph query in CSV, a SELECT
    in Turtle) is a 406."""
    candidates = formats_for(kind)
    for override in overrides:
        fmt = by_keyword(kind, override)
        if fmt is not None:
            return fmt
    fmt = negotiate(accept, candidates)
    if fmt is None and kind is Kind.GRAPH and negotiate(accept, SPARQL_RESULTS_DOCUMENTS):
        fmt = candidates[0]
    if fmt is None:
        unknown = f"format={overrides[0]!r} is not available here and " if overrides else ""
        raise not_acceptable(candidates, f"{unknown}none of Accept: {accept!r} can be produced")
    return fmt


def not_acceptable(candidates: Sequence[Format], why: str) -> Problem:
    offered = [f.media_type for f in candidates]
    if len(why) > _MAX_ECHO:  # a huge Accept header is not sent back to whoever sent it
        why = why[:_MAX_ECHO] + f"… ({len(why)} characters)"
    return Problem(
        "not-acceptable",
        f"{why}. This answer is available as: {', '.join(offered)}.",
        headers={"Vary": "Accept"},  # what can be answered depends on Accept (RFC 9110 §12.5.5)
        available=offered,
    )
