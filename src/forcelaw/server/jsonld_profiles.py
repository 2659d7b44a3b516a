"""JSON-LD's ``profile`` media type parameter honoured on negotiated answers.

``Accept: application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"`` got the
compacted document, whose Content-Type said nothing of its form. Here, when the JSON-LD range
the client prefers names a document form (``jsonld_forms``), a negotiated JSON-LD answer
(``Vary: Accept``: an ``/id/`` document, ``/ontology``, ``/shapes``, VoID, a CONSTRUCT by GET or
POST) comes in that form: expanded when asked, else as written (compacted, or expanded where
pyoxigraph wrote it), and its Content-Type names the form (``profile="...#expanded"``). A
suffixed URL (``/id/state/KZ.jsonld``) names one representation and does not vary on Accept: it
stays as it is.

The expanded answer is a representation of its own: its entity tag is the written one's with
``-expanded``, so a conditional GET revalidates it (304) and is never answered by the other's
tag; it has no Content-Location (no URL names it alone); it is sent without content coding. A
partial answer (206) is passed on as it is.
"""

from __future__ import annotations

import gzip
import json

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from forcelaw import jsonld_forms
from forcelaw.jsonld_forms import EXPANDED
from forcelaw.namespaces import PREFIXES
from forcelaw.server.negotiation import parse_accept
from forcelaw.urls import CONTEXT_PATH

SUFFIX = "-expanded"


def asked_forms(accept: str | None) -> tuple[str, ...]:
    """The JSON-LD document forms named by the ``application/ld+json`` range the client
    prefers (highest q, then first listed); empty when it names none."""
    ranges = [
        r
        for r in parse_accept(accept)
        if (r.type, r.subtype) == ("application", "ld+json") and r.q > 0
    ]
    if not ranges:
        return ()
    preferred = min(ranges, key=lambda r: (-r.q, r.position))
    return jsonld_forms.asked(dict(preferred.params).get("profile"))


def content_type(forms: tuple[str, ...], asked: tuple[str, ...]) -> str:
    """The Content-Type of a JSON-LD answer in ``forms``: it names the forms the client asked
    for that the answer is in, else its first."""
    named = [f for f in asked if f in forms] or [forms[0]]
    return f'application/ld+json; profile="{" ".join(named)}"; charset=utf-8'


def tagged(tag: str) -> str:
    """An entity tag of the written document as the expanded one's (``"x"`` -> ``"x-expanded"``)."""
    return tag[:-1] + SUFFIX + '"' if tag.endswith('"') else tag


def untagged(if_none_match: str) -> str:
    """The tags of ``If-None-Match`` that name expanded answers, as the written documents' (the
    app's own tags): a tag of a written document does not match the expanded answer."""
    kept = []
    for tag in (t.strip() for t in if_none_match.split(",")):
        if tag == "*":
            kept.append(tag)
        elif tag.endswith(SUFFIX + '"'):
            kept.append(tag[: -len(SUFFIX) - 1] + '"')
    return ", ".join(kept)


class JsonLdProfiles:
    """ASGI middleware: a negotiated JSON-LD answer in the document form Accept's profile asks."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD", "POST"):
            await self.app(scope, receive, send)
            return
        accept = next((v for n, v in scope["headers"] if n.lower() == b"accept"), b"")
        # Most requests name no profile: they pass without their Accept parsed twice.
        asked = asked_forms(accept.decode("latin-1")) if b"profile" in accept.lower() else ()
        if not asked:
            await self.app(scope, receive, send)
            return
        expand = jsonld_forms.wants_expanded(asked)
        inner = _inner_scope(scope, expand)
        head = scope["method"] == "HEAD"  # the app answers a GET: the body is dropped here
        start: Message | None = None
        pieces: list[bytes] = []

        async def answer(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                if not _negotiated_jsonld(message) and message["status"] != 304:
                    await send(message)
                    start = None  # passed through: the body follows as it comes
                return
            if start is None or message["type"] != "http.response.body":
                if head and message["type"] == "http.response.body":
                    message = {**message, "body": b""}
                await send(message)
                return
            pieces.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(pieces)
            headers = MutableHeaders(scope=start)
            status = start["status"]
            if status == 304:
                if expand and "etag" in headers:
                    headers["etag"] = tagged(headers["etag"])
            elif status == 200:
                body = _in_form(scope, headers, body, asked, expand)
            if head:
                body = b""
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(inner, receive, answer)


def _inner_scope(scope: Scope, expand: bool) -> Scope:
    """The request the app answers: a HEAD asked as a GET (the body is read here); for an
    expanded answer, revalidated by the expanded answers' tags. Range and Accept-Encoding stay:
    a dump resumed by a client that names a profile is still a 206."""
    headers = []
    for name, value in scope["headers"]:
        lowered = name.lower()
        if lowered == b"if-none-match" and expand:
            value = untagged(value.decode("latin-1")).encode("latin-1")
            if not value:
                continue
        headers.append((name, value))
    method = "GET" if scope["method"] == "HEAD" else scope["method"]
    return {**scope, "method": method, "headers": headers}


def _negotiated_jsonld(start: Message) -> bool:
    headers = Headers(raw=start.get("headers", []))
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    vary = {v.strip().lower() for v in headers.get("vary", "").split(",")}
    return media_type == "application/ld+json" and "accept" in vary


def _in_form(
    scope: Scope, headers: MutableHeaders, body: bytes, asked: tuple[str, ...], expand: bool
) -> bytes:
    """``body`` (a JSON-LD document) in the form asked, ``headers`` saying which it is."""
    coded = headers.get("content-encoding", "").strip().lower()
    try:
        text = gzip.decompress(body) if coded in ("gzip", "x-gzip") else body
        document = json.loads(text)
    except (OSError, EOFError, ValueError):  # another coding, or not JSON: left as it came
        return body
    forms = jsonld_forms.form_of(document)
    if expand and EXPANDED not in forms:
        expanded = jsonld_forms.expand(document, _contexts(scope))
        if expanded is not None:
            body = (json.dumps(expanded, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
            if coded:
                del headers["content-encoding"]  # sent as it was written: identity
            forms = jsonld_forms.form_of(expanded)
            if "etag" in headers:
                headers["etag"] = tagged(headers["etag"])
            if "content-location" in headers:
                del headers["content-location"]
            headers["content-length"] = str(len(body))
    headers["content-type"] = content_type(forms, asked)
    return body


def _contexts(scope: Scope) -> dict[str, dict[str, str]]:
    """The context URLs the server's JSON-LD names (its own path, and the published URL the
    static files name) -> the prefixes they hold."""
    site = scope["app"].state.site
    prefixes = dict(PREFIXES)
    return {CONTEXT_PATH: prefixes, site.urls.site + CONTEXT_PATH.lstrip("/"): prefixes}
