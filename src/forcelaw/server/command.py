"""The ``forcelaw serve`` command: load a release, start the workers, run uvicorn."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

from forcelaw.errors import ForcelawError
from forcelaw.server.settings import OPTIONS, from_sources


def register(subparsers: Any) -> None:
    """Add ``serve`` to the CLI's subparsers."""
    parser = subparsers.add_parser(
        "serve",
        help="serve a release over SPARQL",
        description="Serve a release over SPARQL 1.1. Every option can also be set with "
        "FORCELAW_<OPTION> (e.g. FORCELAW_TIMEOUT=5).",
    )
    parser.add_argument("--host", default=None, help="interface to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help="port (8000)")
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
    import uvicorn

    from forcelaw.publish.verify import verify_release
    from forcelaw.server.app import create_app
    from forcelaw.server.workers import WorkerPool
    from forcelaw.store import load_release

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        settings = from_sources(vars(args))
    except ValueError as exc:
        print(f"forcelaw serve: {exc}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="forcelaw-store-") as tmp:
        try:
            verify_release(settings.release)  # never serve a truncated or altered release
            dataset = load_release(settings.release, Path(tmp) / "store")
        except ForcelawError as exc:
            print(f"forcelaw serve: {exc}", file=sys.stderr)
            return 1
        logging.getLogger("forcelaw.server").info(
            "release %s: %d triples in %d named graphs",
            dataset.version,
            dataset.triples,
            len(dataset.graphs),
        )
        store = WorkerPool(
            Path(tmp) / "store",
            dataset,
            size=settings.workers,
            memory_mb=settings.worker_memory_mb,
            queue_wait=settings.queue_wait,
            max_queue=settings.max_queue,
        )
        app = create_app(settings, store)
        uvicorn.run(
            app,
            host=settings.host,
            port=settings.port,
            log_level="info",
            limit_concurrency=settings.max_connections,
        )
    return 0
