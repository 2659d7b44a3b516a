"""What a resource's page is called in a browser's tab and history: its label, and where the
label alone names several resources, what tells them apart (every profile has a section
'Caselaw'; 'statement' is a claim type and a pronouncement type; 'Supreme Court' is several
states' courts), and which page of a long description it is."""

from __future__ import annotations

from forcelaw.namespaces import FL, PREFIXES
from forcelaw.server.describe import Description
from forcelaw.terms import Iri

PROFILE_SECTION = FL + "ProfileSection"
CONCEPT = PREFIXES["skos"] + "Concept"
IN_SCHEME = PREFIXES["skos"] + "inScheme"
STATE = FL + "state"


def page_title(label: str, description: Description) -> str:
    """``label``, followed by the profile a section is of, the scheme a concept is in or the
    state a resource is of (where the label does not name it already), and
    past the first page of a long description the page's number (each page is titled apart)."""
    context = _context(description)
    title = label if context is None or context in label else f"{label} · {context}"
    return f"{title} · page {description.page + 1}" if description.page else title


def _context(description: Description) -> str | None:
    types = {t.value for t in description.types()}
    if PROFILE_SECTION in types:
        profiles = sorted({p.profile.value for p in description.passages})
        return description.labels.get(profiles[0]) if len(profiles) == 1 else None
    if CONCEPT in types:
        schemes = sorted(
            o.value
            for p, o in description.about(description.iri)
            if p.value == IN_SCHEME and isinstance(o, Iri)
        )
        return description.labels.get(schemes[0]) if len(schemes) == 1 else None
    # A state's body, post, instrument or event: "Supreme Court" is several states' courts.
    states = sorted(
        o.value
        for p, o in description.about(description.iri)
        if p.value == STATE and isinstance(o, Iri)
    )
    return description.labels.get(states[0]) if len(states) == 1 else None
