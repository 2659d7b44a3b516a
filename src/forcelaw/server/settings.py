"""The server's settings: one frozen object, read from the command line and the environment.

Every option has an environment variable ``FORCELAW_<NAME>`` (e.g. ``FORCELAW_TIMEOUT=5``);
a command-line option wins over the environment, which wins over the default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from forcelaw.namespaces import BASE

MAX_TIMEOUT = 300.0  # no setting can let one query hold a worker longer than this


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    release: Path = Path("dist/current")
    timeout: float = 10.0
    max_rows: int = 100_000
    max_result_bytes: int = 64 * 1024 * 1024
    # Four bytes a character, the most UTF-8 takes: a query body of max_query_length
    # characters always fits, so a longer one is refused as too long a query, not as too
    # large a request (which it would always be if the two limits were equal).
    max_request_bytes: int = 256 * 1024
    max_depth: int = 64
    max_chain: int = 1000  # depth with operator chains counted: the engine's stack overflows
    workers: int = 2
    worker_memory_mb: int = 2048
    queue_wait: float = 2.0
    max_queue: int = 64
    service_allowlist: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ("*",)
    base: str = BASE
    store: str = ""  # a remote SPARQL query endpoint; empty: the embedded store
    store_connections: int = 32
    # Limits against misuse (issue 7): see README "Limits" and the service description.
    max_query_length: int = 65_536
    max_connections: int = 256
    header_timeout: float = 10.0  # seconds for a request's headers to arrive (then 408, closed)
    body_timeout: float = 30.0  # seconds for a request's body to arrive (then 408, closed)
    send_timeout: float = 30.0  # seconds a client may leave a piece of its answer unread
    held_answer_bytes: int = 256 * 1024 * 1024  # answers held for clients still reading (0: any)
    rate_limit: float = 10.0
    rate_burst: int = 60
    rate_limit_loopback: bool = False
    answer_cache_bytes: int = 256 * 1024 * 1024  # 0: no answer cache
    document_cache_bytes: int = 64 * 1024 * 1024  # 0: render every time
    access_log: bool = True  # a line per request on stderr (uvicorn's access log)
    fast_path: bool = True  # answer cache hits and static documents before the router

    def __post_init__(self) -> None:
        if not 0 < self.timeout <= MAX_TIMEOUT:
            raise ValueError(f"timeout must be in (0, {MAX_TIMEOUT:g}] seconds, got {self.timeout}")
        for name in (
            "max_rows",
            "max_result_bytes",
            "max_request_bytes",
            "max_depth",
            "max_chain",
            "workers",
            "max_query_length",
            "max_connections",
            "rate_burst",
        ):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.worker_memory_mb < 0 or self.queue_wait < 0 or self.max_queue < 0:
            raise ValueError("worker_memory_mb, queue_wait and max_queue cannot be negative")
        if self.store and not self.store.startswith(("http://", "https://")):
            raise ValueError(
                f"store must be an http(s) URL of a SPARQL endpoint, got {self.store!r}"
            )
        if self.document_cache_bytes < 0:
            raise ValueError(
                f"document_cache_bytes cannot be negative, got {self.document_cache_bytes}"
            )
        if self.held_answer_bytes < 0:
            raise ValueError(f"held_answer_bytes cannot be negative, got {self.held_answer_bytes}")
        if self.answer_cache_bytes < 0:
            raise ValueError(
                f"answer_cache_bytes cannot be negative, got {self.answer_cache_bytes}"
            )
        if self.store_connections < 1:
            raise ValueError(f"store_connections must be at least 1, got {self.store_connections}")
        for name in ("header_timeout", "body_timeout", "send_timeout"):
            if not 0 < getattr(self, name) <= MAX_TIMEOUT:
                raise ValueError(
                    f"{name} must be in (0, {MAX_TIMEOUT:g}] seconds, got {getattr(self, name)}"
                )
        if self.rate_limit < 0:
            raise ValueError(f"rate_limit cannot be negative (0: off), got {self.rate_limit}")


def unreachable_limits(settings: Settings) -> list[str]:
    """What ``settings`` say that a client can never meet: a request is measured against
    ``max_request_bytes`` before its query is read, so a query length limit at or past it is
    never the one that refuses a query."""
    if settings.max_query_length < settings.max_request_bytes:
        return []
    return [
        f"max_query_length ({settings.max_query_length} characters) is never reached: a "
        f"request over max_request_bytes ({settings.max_request_bytes}) is refused first "
        "(413 request-too-large, 414 uri-too-long)"
    ]


# name -> (type, help); the CLI and the environment reader both use this table.
OPTIONS: dict[str, tuple[type, str]] = {
    "timeout": (float, f"seconds a query may run before it is stopped (max {MAX_TIMEOUT:g})"),
    "max_rows": (int, "most rows (or triples) in one answer; more is an error, never truncation"),
    "max_result_bytes": (int, "most bytes in one answer; more is an error"),
    "max_request_bytes": (
        int,
        "largest accepted request body or query string, in bytes (measured before the query)",
    ),
    "max_depth": (int, "deepest bracket nesting accepted in a query"),
    "max_chain": (
        int,
        "deepest nesting accepted with runs of operators, triples and bracketed items (||, +, "
        "UNION {}, BIND(...), ...) counted too",
    ),
    "workers": (int, "query worker processes"),
    "worker_memory_mb": (int, "address-space cap per worker in MiB (0: none)"),
    "queue_wait": (float, "seconds a request waits for a free worker before 503"),
    "max_queue": (int, "requests that may wait for a worker at once"),
    "service_allowlist": (tuple, "SERVICE endpoints that may be called (comma-separated)"),
    "cors_origins": (tuple, "origins allowed by CORS (comma-separated, * for any)"),
    "base": (str, "base IRI of the dataset's resources"),
    "store": (
        str,
        "serve from this remote SPARQL 1.1 query endpoint instead of the embedded store",
    ),
    "store_connections": (int, "most open connections to the remote store (kept alive)"),
    "max_query_length": (
        int,
        "most characters in one query text (below max_request_bytes, or never reached)",
    ),
    "max_connections": (int, "concurrent HTTP connections; more are answered 503"),
    "header_timeout": (float, "seconds a request's headers may take to arrive (then 408)"),
    "body_timeout": (float, "seconds a request's body may take to arrive (then 408)"),
    "send_timeout": (
        float,
        "seconds a client may leave a piece (256 KiB) of its answer unread (then dropped)",
    ),
    "held_answer_bytes": (
        int,
        "bytes of answers held for clients still reading them; a new answer past it is 503 "
        "(0: no bound)",
    ),
    "rate_limit": (float, "requests per second per client, sustained (0: no limit)"),
    "rate_burst": (int, "requests a client may make at once before the rate applies"),
    "rate_limit_loopback": (bool, "apply the rate limit to loopback clients too (yes/no)"),
    "answer_cache_bytes": (int, "bytes of complete SPARQL answers kept for repeats (0: none)"),
    "document_cache_bytes": (
        int,
        "bytes of documents rendered on request kept for repeats, per edition (0: none)",
    ),
    "access_log": (bool, "log a line per request (yes/no; off behind a proxy that logs)"),
    "fast_path": (bool, "answer cache hits and static documents before the router (yes/no)"),
}


def from_sources(cli: Mapping[str, Any], env: Mapping[str, str] | None = None) -> Settings:
    """Settings from parsed CLI values (None = not given) over ``FORCELAW_*`` env over defaults."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    for f in fields(Settings):
        given = cli.get(f.name)
        raw = given if given is not None else env.get(f"FORCELAW_{f.name.upper()}")
        if raw is not None:
            values[f.name] = _convert(f.name, raw)
    return Settings(**values)


def _convert(name: str, raw: Any) -> Any:
    kind = OPTIONS.get(name, (None, ""))[0]
    if name == "release":
        return Path(raw)
    if name == "port":
        return int(raw)
    if kind is tuple:
        items = raw if isinstance(raw, list | tuple) else str(raw).split(",")
        return tuple(i.strip() for i in items if str(i).strip())
    if kind in (int, float):
        return kind(raw)
    if kind is bool:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
            raise ValueError(f"{name} must be yes or no, got {raw!r}")
        return text in ("1", "true", "yes", "on")
    return str(raw)
