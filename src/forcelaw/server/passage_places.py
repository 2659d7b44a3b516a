"""Where a passage stands in its profile as a reader reads it: the line of its state's page
(``/id/state/KZ#line-25``), which the passage's "line 25" links to. It linked nowhere, and the
profile's own page holds its text as one literal: a reader saw the quoted span but had to find
its place in the profile by hand."""

from __future__ import annotations

from forcelaw.namespaces import FL
from forcelaw.server.describe import Passage
from forcelaw.server.site import Site
from forcelaw.terms import Iri

_MEMO = "profile_states"


async def passage_places(site: Site, passages: list[Passage]) -> dict[str, str]:
    """The link to each passage's line on its state's page, by the passage's IRI (none for a
    passage without a line, or of a profile of no one state)."""
    located = [p for p in passages if p.line is not None]
    if not located:
        return {}
    states = await _profile_states(site)
    return {
        p.iri.value: f"{site.urls.href(states[p.profile.value])}#line-{p.line}"
        for p in located
        if p.profile.value in states
    }


async def _profile_states(site: Site) -> dict[str, str]:
    """The state each profile is of (profiles of several states left out), once a release."""
    found: dict[str, str] | None = site.memo.get(_MEMO)
    if found is None:
        rows = await site.reader.select(
            f"SELECT ?profile ?state WHERE {{ ?profile <{FL}profileOf> ?state }}"
        )
        pairs: dict[str, set[str]] = {}
        for row in rows:
            if isinstance(row["state"], Iri):
                pairs.setdefault(row["profile"].value, set()).add(row["state"].value)
        found = {profile: min(s) for profile, s in pairs.items() if len(s) == 1}
        site.memo[_MEMO] = found
    return found
