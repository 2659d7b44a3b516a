"""The rewrite table a static host needs for content negotiation on the extensionless URIs
(``/id/state/KZ`` -> ``/id/state/KZ.ttl`` by Accept), as the README documents it: the Apache
``.htaccess`` that ``forcelaw export-site`` writes, and the patterns of the ``map`` in
``deploy/nginx/forcelaw.conf`` (``tests/server/test_rewrite_table.py`` holds the two to it).

A static host has no q-value arithmetic, so the first media type of the table that the Accept
header lists decides. "Lists" is read as the server's negotiation reads a media range: the
whole type, in any case (RFC 9110 §8.3.1), with or without parameters, and not refused with
``q=0`` (``text/turtle;q=0, application/ld+json`` is JSON-LD, not Turtle).
"""

from __future__ import annotations

import re

from forcelaw.jsonld_forms import EXPANDED

# Accept (media type) -> the suffix of the file that answers it, in the table's order.
REWRITES: tuple[tuple[str, str], ...] = (
    ("text/turtle", "ttl"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "rdf"),
    ("application/trig", "trig"),
    ("application/n-quads", "nq"),
    ("text/html", "html"),
)
FALLBACK = "ttl"  # anything else: the server's default format
# The request line (Apache's THE_REQUEST) of a path with an empty segment, before any query.
EMPTY_SEGMENT = r"^\S+\s+[^?\s]*//"
# The request line of a path spelled otherwise than its one URI (RFC 3986 §6.2.2): an unreserved
# character percent-encoded (``%4B%5A`` for ``KZ``, any case) or a dot segment (``/./``, ``/../``).
RESPELLED = r"^\S+\s+[^?\s]*(%(2[de]|3[0-9]|4[1-9a-f]|5[0-9af]|6[1-9a-f]|7[0-9ae])|/\.\.?(/|\?|\s))"


def accept_pattern(media_type: str) -> str:
    """A regular expression (PCRE, as Apache and nginx read it; Python's ``re`` agrees) that
    finds ``media_type`` as a media range of an Accept header, with a q-value above zero.
    Match it ignoring case. It has no spaces, so it is one word in either configuration."""
    escaped = re.escape(media_type)
    return (
        rf"(^|,)\s*{escaped}\s*(?=[;,]|$)"
        # not refused: no parameter of this range (up to the next comma) is q=0
        r"(?![^,]*;\s*q\s*=\s*0(\.0{0,3})?\s*([;,]|$))"
    )


def expanded_pattern() -> str:
    """The pattern of nginx's first rule: a JSON-LD range (not refused) whose ``profile`` names
    the expanded form (``jsonld_profiles``), which only the server writes; nginx passes the
    request to it. A static host without a server serves its compacted file."""
    profile = r"[^,]*;\s*profile\s*=[^,;]*" + re.escape(EXPANDED) + r"(?![\w-])"
    return accept_pattern("application/ld+json") + profile


def any_pattern() -> str:
    """The pattern of nginx's rule for ``*/*`` (Turtle, the server's default): ``*/*`` listed
    with a q-value above zero, and Turtle not refused by a more specific range
    (``text/turtle;q=0`` or ``text/*;q=0``), which the server would honour."""
    refusals = "|".join(_refused_pattern(m) for m in (_TURTLE, "text/*"))
    return rf"^(?!.*({refusals})).*{accept_pattern('*/*')}"


def _refused_pattern(media_type: str) -> str:
    """``media_type`` as a media range of Accept with q=0."""
    return rf"(^|,)\s*{re.escape(media_type)}\s*(?=;)(?=[^,]*;\s*q\s*=\s*0(\.0{{0,3}})?\s*([;,]|$))"


_TURTLE = next(m for m, s in REWRITES if s == FALLBACK)  # what the fallback serves


def htaccess() -> str:
    """Apache rules (mod_rewrite, mod_headers) for content negotiation over the exported files."""
    lines = [
        "# forcelaw static site: content negotiation on extensionless URIs.",
        "# /id/state/KZ -> /id/state/KZ.<suffix> by Accept; HTML for browsers, Turtle otherwise.",
        "RewriteEngine On",
        "DirectoryIndex index.html",
        # Apache merges slashes before it looks for a file: /id//state/KZ (an empty segment,
        # another IRI) would be KZ's file. forcelaw serve answers it 404; so does this.
        f'RewriteCond %{{THE_REQUEST}} "{EMPTY_SEGMENT}"',
        "RewriteRule ^ - [R=404,L]",
        # Another spelling of a URI is a 301 to its one URL, as forcelaw serve answers: Apache
        # would serve the file it decodes to. REQUEST_URI is the path decoded and its dot
        # segments removed, which is that URL (the query string is kept).
        f'RewriteCond %{{THE_REQUEST}} "{RESPELLED}" [NC]',
        "RewriteRule ^ %{REQUEST_URI} [R=301,L]",
    ]
    for media_type, suffix in REWRITES:
        lines += [
            f"RewriteCond %{{HTTP_ACCEPT}} {accept_pattern(media_type)} [NC]",
            "RewriteCond %{REQUEST_FILENAME}." + suffix + " -f",
            f"RewriteRule ^(.*)$ $1.{suffix} [L,E=VARY_ACCEPT:1]",
        ]
    lines += [
        "RewriteCond %{REQUEST_FILENAME}." + FALLBACK + " -f",
        f"RewriteRule ^(.*)$ $1.{FALLBACK} [L,E=VARY_ACCEPT:1]",
        "Header append Vary Accept env=VARY_ACCEPT",
        # In .htaccess a rewrite is an internal redirect, and Apache renames the variable of the
        # request it came from with a REDIRECT_ prefix: the rewritten answer sees that one.
        "Header append Vary Accept env=REDIRECT_VARY_ACCEPT",
        # Apache's ETag is the file's mtime and size, and a resource's N-Triples and N-Quads
        # (Turtle and TriG) are files of the same bytes written together: one tag for two
        # representations of the URI. A negotiated answer revalidates by Last-Modified alone.
        "Header unset ETag env=VARY_ACCEPT",
        "Header unset ETag env=REDIRECT_VARY_ACCEPT",
        "AddType text/turtle .ttl",
        "AddType application/n-triples .nt",
        "AddType application/ld+json .jsonld",
        "AddType application/rdf+xml .rdf",
        "AddType application/trig .trig",
        "AddType application/n-quads .nq",
        "AddCharset utf-8 .html .ttl .nt .jsonld .rdf .trig .nq",
        "",
    ]
    return "\n".join(lines)
