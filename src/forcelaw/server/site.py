"""What every linked-data view shares: URLs, templates, the reader, the release on disk."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from fastapi import Request
from jinja2 import Environment

from forcelaw.server.describe import Reader
from forcelaw.server.document_cache import Rendered, document_cache
from forcelaw.server.lru import ByteLru
from forcelaw.server.pages import environment
from forcelaw.server.settings import Settings
from forcelaw.store import Store
from forcelaw.urls import Urls

_STARTED = datetime.now(UTC).replace(microsecond=0)

CHECKOUT_SHAPES = Path(__file__).resolve().parents[3] / "shapes" / "forcelaw.shapes.ttl"


@dataclass
class Site:
    settings: Settings
    store: Store
    urls: Urls
    templates: Environment
    reader: Reader
    release: Path
    manifest: dict[str, Any]
    memo: dict[str, Any] = field(default_factory=dict)  # derived once per release: dumps, shapes

    @classmethod
    def create(cls, settings: Settings, store: Store) -> Site:
        urls = Urls(settings.base)
        release = settings.release.resolve()
        try:
            manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = {"version": store.dataset.version, "files": []}
        return cls(
            settings=settings,
            store=store,
            urls=urls,
            templates=environment(urls),
            reader=Reader(store, settings),
            release=release,
            manifest=manifest,
        )

    @property
    def version(self) -> str:
        return str(self.manifest.get("version") or self.store.dataset.version)

    @cached_property
    def last_modified(self) -> str:
        """The release's creation time as an HTTP date (every document changes with it)."""
        return http_date(self.manifest.get("created"))

    @cached_property
    def documents(self) -> ByteLru[Rendered]:
        """Documents rendered on request, kept for the next one (this edition's)."""
        return document_cache(self.settings.document_cache_bytes)

    def shapes_path(self) -> Path | None:
        """The shapes of this release, else the checkout's, else none."""
        for path in (self.release / "shapes.ttl", CHECKOUT_SHAPES):
            if path.is_file():
                return path
        return None

    def render(self, template: str, request: Request, **context: Any) -> str:
        return self.templates.get_template(template).render(
            request_path=request.url.path, version=self.version, **context
        )


def http_date(created: object) -> str:
    """A manifest's ``created`` (ISO 8601) as an HTTP date (RFC 9110 §5.6.7: GMT): an offset
    other than UTC is converted, a time with none read as UTC; no readable time is the server's
    start time (no manifest, e.g. a remote store)."""
    try:
        when = datetime.fromisoformat(str(created))
    except ValueError:
        when = _STARTED
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return format_datetime(when, usegmt=True)


def site_of(request: Request) -> Site:
    """The site a view answers from: an edition's (``/release/VERSION/...``), else the server's."""
    site: Site = request.scope.get("forcelaw.site") or request.app.state.site
    return site
