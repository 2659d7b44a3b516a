"""The ``forcelaw serve`` command: load a release, start the workers, run uvicorn.

With ``--store URL`` the release is not loaded: queries go to that remote SPARQL store, and the
release directory (if there is one) still gives the dumps, the example queries and the shapes.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

from forcelaw.errors import ForcelawError
from forcelaw.server.settings import OPTIONS, Settings, from_sources, unreachable_limits


def port_number(text: str) -> int:
    """A TCP port, 0-65535 (0: any free one); argparse reports anything else as an error."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a TCP port (expected 0-65535)")
    return port


def register(subparsers: Any) -> None:
    """Add ``serve`` to the CLI's subparsers."""
    parser = subparsers.add_parser(
        "serve",
        help="serve a release over SPARQL",
        description="Serve a release over SPARQL 1.1. Every option can also be set with "
        "FORCELAW_<OPTION> (e.g. FORCELAW_TIMEOUT=5).",
    )
    parser.add_argument("--host", default=None, help="interface to listen on (127.0.0.1)")
    parser.add_argument("--port", type=port_number, default=None, help="port (8000)")
    parser.add_argument(
        "--release", type=Path, default=None, help="release directory (dist/current)"
    )
    for name, (kind, help_text) in OPTIONS.items():
        flag = "--" + name.replace("_", "-")
        if kind in (tuple, bool):
            parser.add_argument(flag, default=None, help=help_text)
        else:
            parser.add_argument(flag, type=kind, default=None, help=help_text)
    parser.set_defaults(handler=serve)


def serve(args: argparse.Namespace) -> int:
    """Run the server until interrupted; returns the exit code."""
    from forcelaw.publish.verify import verify_release
    from forcelaw.release_store import open_release
    from forcelaw.server.app import create_app
    from forcelaw.server.workers import WorkerPool

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        settings = from_sources(vars(args))
    except ValueError as exc:
        print(f"forcelaw serve: {exc}", file=sys.stderr)
        return 2
    for warning in unreachable_limits(settings):
        logging.getLogger("forcelaw.server").warning("settings: %s", warning)
    if settings.store:
        return _serve_remote(settings)
    with tempfile.TemporaryDirectory(prefix="forcelaw-store-") as tmp:
        try:
            verify_release(settings.release)  # never serve a truncated or altered release
            opened = open_release(settings.release, Path(tmp) / "store")
        except ForcelawError as exc:
            print(f"forcelaw serve: {exc}", file=sys.stderr)
            return 1
        logging.getLogger("forcelaw.server").info(
            "release %s: %d triples in %d named graphs (%s)",
            opened.dataset.version,
            opened.dataset.triples,
            len(opened.dataset.graphs),
            "its prebuilt store" if opened.prebuilt else "loaded at start-up",
        )
        store = WorkerPool(
            opened.path,
            opened.dataset,
            size=settings.workers,
            memory_mb=settings.worker_memory_mb,
            queue_wait=settings.queue_wait,
            max_queue=settings.max_queue,
        )
        _run(create_app(settings, store), settings)
    return 0


def _serve_remote(settings: Settings) -> int:
    """Serve from the remote SPARQL store ``settings.store``; the release gives dumps and pages."""
    from forcelaw.remote.store import RemoteStore
    from forcelaw.server.app import create_app

    logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per query
    store = RemoteStore(
        settings.store,
        version=_local_version(settings.release),
        connections=settings.store_connections,
        queue_wait=settings.queue_wait,
        reading_bytes=settings.held_answer_bytes,
    )
    _run(create_app(settings, store), settings)
    return 0


def _run(app: Any, settings: Settings) -> None:
    """Serve ``app`` with uvicorn as the settings say, until interrupted."""
    import uvicorn

    from forcelaw.server.protocol import protocol_class

    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="info",
        access_log=settings.access_log,
        limit_concurrency=settings.max_connections,
        http=protocol_class(settings),  # httptools with header and body read deadlines
    )


def _local_version(release: Path) -> str:
    """The version in the local release's manifest, if there is one."""
    try:
        manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
        return str(manifest["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""
