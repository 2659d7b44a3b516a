"""Command line: parses arguments and calls the functions that do the work."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from forcelaw.errors import BuildError, ForcelawError

if TYPE_CHECKING:
    from forcelaw.graph import build

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except ForcelawError as exc:
        print(f"forcelaw: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (``forcelaw query ... | head``): not an error of ours. Python
        # would report the pipe again when it flushes stdout at exit; send that to nowhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:
        # A path that cannot be read or written (missing, a directory, read-only, full): the
        # path and the reason, on one line.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"forcelaw: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def default_root() -> Path:
    """The checkout to build from: the working directory if it is one, else this package's."""
    cwd = Path.cwd()
    if (cwd / "ontology" / "forcelaw.ttl").is_file():
        return cwd
    return Path(__file__).resolve().parents[2]


def source_date(epoch: str | None) -> datetime | None:
    """The creation time ``SOURCE_DATE_EPOCH`` gives a build (reproducible-builds.org: whole
    seconds since 1970-01-01 UTC), None when it is unset or empty."""
    if not epoch:
        return None
    try:
        seconds = int(epoch.strip())
        if seconds < 0:
            raise ValueError(epoch)
        return datetime.fromtimestamp(seconds, UTC)
    except (ValueError, OverflowError, OSError):
        raise BuildError(
            f"SOURCE_DATE_EPOCH={epoch!r}: expected whole seconds since 1970-01-01 UTC"
        ) from None


RELEASE_HELP = "release directory (dist/current)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="forcelaw", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    version = sub.add_parser("version", help="print the version")
    version.set_defaults(handler=_version)

    ingest = sub.add_parser("ingest", help="parse one profile and print its graph as Turtle")
    ingest.add_argument("file", type=Path, help="the profile text file")
    ingest.add_argument("--code", required=True, help="ISO 3166-1 alpha-2 code, e.g. KZ")
    ingest.add_argument(
        "--name", help="name of the state (default: the manifest's name for --code, else the code)"
    )
    ingest.add_argument("--curated", type=Path, help="a curated Turtle file to resolve and add")
    ingest.add_argument("--root", type=Path, default=None, help="checkout with data/reference")
    ingest.set_defaults(handler=_ingest)

    build = sub.add_parser("build", help="build, validate and publish a release")
    build.add_argument("--out", type=Path, default=Path("dist"), help="release root (dist/)")
    build.add_argument("--root", type=Path, default=None, help="checkout to build from")
    build.add_argument("--quiet", action="store_true", help="no progress or summary")
    build.add_argument(
        "--no-site", action="store_true", help="skip the static rendering (release/site/)"
    )
    build.set_defaults(handler=_build)

    export = sub.add_parser(
        "export-site", help="write the release's static rendering out as the files of a site"
    )
    export.add_argument("dir", type=Path, help="folder to write the site into")
    export.add_argument("--release", type=Path, default=Path("dist/current"), help=RELEASE_HELP)
    export.add_argument(
        "--root-links",
        action="store_true",
        help="keep the pages' links as the server writes them (/id/...), for a front such as "
        "nginx that serves the folder at the site's root beside `forcelaw serve` (deploy/)",
    )
    export.set_defaults(handler=_export_site)

    check = sub.add_parser("validate", help="validate RDF files (default: the current release)")
    check.add_argument("files", nargs="*", type=Path, help=".ttl/.nt/.nq/.trig files")
    check.add_argument("--release", type=Path, default=Path("dist/current"), help=RELEASE_HELP)
    check.add_argument("--report", type=Path, help="write the sh:ValidationReport here (Turtle)")
    check.add_argument("--root", type=Path, default=None, help="checkout with ontology/, shapes/")
    check.set_defaults(handler=_validate)

    query = sub.add_parser("query", help="run a SPARQL query on a built release and print it")
    query.add_argument("query", help="the query text, or @FILE.rq to read it from a file")
    query.add_argument("--release", type=Path, default=Path("dist/current"), help=RELEASE_HELP)
    query.add_argument(
        "--format",
        default="table",
        help="table (default); json, xml, csv, tsv for SELECT/ASK; turtle, ntriples, jsonld, "
        "rdfxml, trig, nquads for CONSTRUCT/DESCRIBE (also as media types or suffixes: ttl, nt)",
    )
    query.set_defaults(handler=_query)

    releases = sub.add_parser("releases", help="list the editions in dist/, newest first")
    releases.add_argument("--out", type=Path, default=Path("dist"), help="release root (dist/)")
    releases.set_defaults(handler=_releases)

    changes = sub.add_parser("diff", help="what changed between two editions")
    changes.add_argument("old", help="a version under --out/releases, or a release directory")
    changes.add_argument("new", help="a version under --out/releases, or a release directory")
    changes.add_argument("--out", type=Path, default=Path("dist"), help="release root (dist/)")
    changes.add_argument("--triples", action="store_true", help="print every triple too")
    changes.set_defaults(handler=_diff)

    _register_server(sub)
    from forcelaw.remote.command import register as register_load

    register_load(sub)
    return parser


def _register_server(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    try:
        from forcelaw.server.command import register
    except ImportError:  # the server is an optional part of a checkout under construction
        return
    register(sub)


def _version(_args: argparse.Namespace) -> int:
    from forcelaw import __version__

    print(__version__)
    return 0


def _ingest(args: argparse.Namespace) -> int:
    from forcelaw.graph.build import (
        ProjectPaths,
        ingest,
        load_index,
        load_ontology,
        load_reference,
    )
    from forcelaw.graph.curated import check_references
    from forcelaw.graph.mapping import StateInfo
    from forcelaw.graph.uris import STATE_CODE
    from forcelaw.publish.dumps import turtle

    if not STATE_CODE.match(args.code):
        print(
            f"forcelaw: error: --code {args.code!r}: expected two capital letters", file=sys.stderr
        )
        return 2
    paths = ProjectPaths(args.root or default_root())
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"forcelaw: error: {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    curated = None
    if args.curated is not None:
        try:
            curated = (str(args.curated), args.curated.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            print(f"forcelaw: error: {args.curated}: {exc}", file=sys.stderr)
            return 2
    reference = load_reference(paths)
    index = load_index(paths, reference)
    info = StateInfo(args.code, args.name or _listed_name(paths, args.code) or args.code)
    profile, graph = ingest(data, str(args.file), info, index, curated)
    if curated is not None:  # what build checks of a curated layer: every link resolves
        check_references(graph, reference + load_ontology(paths), curated[0])
    for note in profile.notes:
        print(f"forcelaw: note: {note}", file=sys.stderr)
    sys.stdout.write(turtle(graph))
    return 0


def _listed_name(paths: build.ProjectPaths, code: str) -> str | None:
    """The name the source manifest gives ``code``, if it lists it (a state's name tells its
    courts and cases from other states')."""
    from forcelaw.graph.build import read_manifest

    try:
        entries = read_manifest(paths)
    except ForcelawError:
        return None
    return next((entry.name for entry in entries if entry.code == code), None)


def _build(args: argparse.Namespace) -> int:
    from forcelaw.graph.build import ProjectPaths
    from forcelaw.publish.pipeline import build, summary
    from forcelaw.release_store import prepare

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    outcome = build(
        ProjectPaths(args.root or default_root()),
        args.out,
        None if args.quiet else progress,
        created=source_date(os.environ.get("SOURCE_DATE_EPOCH")),
    )
    if not args.quiet:
        print(summary(outcome))
    # The query store: the server opens it instead of loading dataset.nq at each start. The
    # static rendering loads it while its processes render.
    if args.no_site:
        if not args.quiet:
            progress("loading the query store (release/store/)")
        started = time.perf_counter()
        prepare(outcome.release.path)
        if not args.quiet:
            print(f"  query store: {time.perf_counter() - started:.1f} s")
        return 0
    from forcelaw.server.render import render_release

    if not args.quiet:
        progress("rendering the static site (release/site/) and loading the query store")
    rendering = render_release(outcome.release.path)
    if not args.quiet:
        print(f"  query store: {rendering.store_seconds:.1f} s, while rendering")
        print("  " + rendering.summary())
    return 0


def _export_site(args: argparse.Namespace) -> int:
    from forcelaw.server.export_site import export_site

    done = export_site(args.release, args.dir, root_links=args.root_links)
    print(f"{done.files} files ({done.bytes / 1e6:.1f} MB) written to {args.dir}")
    return 0


def _releases(args: argparse.Namespace) -> int:
    from forcelaw.publish.editions import current_version, format_editions, list_editions

    if not args.out.is_dir():
        print(f"forcelaw: error: {args.out}: no such folder of releases", file=sys.stderr)
        return 2
    print(format_editions(list_editions(args.out), current_version(args.out)))
    return 0


def _diff(args: argparse.Namespace) -> int:
    from forcelaw.publish.changes import diff, format_changes
    from forcelaw.publish.editions import read_edition, read_graphs, resolve

    old, new = resolve(args.out, args.old), resolve(args.out, args.new)
    changes = diff(
        read_graphs(old), read_graphs(new), read_edition(old).version, read_edition(new).version
    )
    print(format_changes(changes, triples=args.triples))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from forcelaw import validate as validation
    from forcelaw.graph.build import ProjectPaths

    paths = ProjectPaths(args.root or default_root())
    files = list(args.files) or [args.release / "dataset.nq"]
    result = validation.validate_files(
        files, shapes_path=paths.shapes, ontology_path=paths.ontology
    )
    report = validation.report_turtle(result) if args.report is not None else None
    if args.report is not None and report is not None:
        args.report.write_text(report, encoding="utf-8")  # before the findings: fails first
    print(validation.format_report(result))
    return 1 if validation.has_violations(result) else 0


def _query(args: argparse.Namespace) -> int:
    from forcelaw.local_query import choices, output_key, run_query

    fmt = output_key(args.format)
    if fmt is None:
        print(
            f"forcelaw: error: --format {args.format!r}: expected one of {', '.join(choices())}",
            file=sys.stderr,
        )
        return 2
    text = args.query
    if text.startswith("@"):
        try:
            text = Path(text[1:]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"forcelaw: error: {text[1:]}: {exc}", file=sys.stderr)
            return 2
    print(run_query(args.release, text, fmt))
    return 0


if __name__ == "__main__":
    sys.exit(main())
