"""The ``forcelaw load`` command: a release into a remote store, graph by graph, verified."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from forcelaw.errors import ForcelawError


def register(subparsers: Any) -> None:
    """Add ``load`` to the CLI's subparsers."""
    parser = subparsers.add_parser(
        "load",
        help="load a release into a remote SPARQL store (Graph Store Protocol)",
        description="PUT every named graph of a release into a remote store through the SPARQL "
        "1.1 Graph Store HTTP Protocol (re-running replaces, never duplicates), delete graphs of "
        "the release's namespace it no longer has, then check the triple count of every graph "
        "against the release manifest.",
    )
    parser.add_argument(
        "--store", required=True, help="the store's SPARQL query endpoint (used to verify)"
    )
    parser.add_argument(
        "--graph-store",
        default=None,
        help="its Graph Store Protocol endpoint (default: --store; Oxigraph: http://HOST:PORT/store)",
    )
    parser.add_argument(
        "--release",
        type=Path,
        default=Path("dist/current"),
        help="release directory (dist/current)",
    )
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per request (600)")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.set_defaults(handler=load)


def load(args: argparse.Namespace) -> int:
    """Load, verify, print one line per graph; exit 0, or 1 with the reason on stderr."""
    from forcelaw.remote.load import load_release_remote

    def progress(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    try:
        report = load_release_remote(
            args.release, args.store, args.graph_store, timeout=args.timeout, progress=progress
        )
    except ForcelawError as exc:
        print(f"forcelaw load: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        for graph in report.graphs:
            print(f"{graph.name}\t{graph.iri}\t{graph.found} triples\tok")
        for iri in report.removed:
            print(f"-\t{iri}\tremoved (not in this release)")
        print(f"release {report.version}: {report.triples} triples in {len(report.graphs)} graphs")
    return 0
