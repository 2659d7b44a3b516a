"""The project's exception hierarchy: every user-facing error names where and what was expected."""

from __future__ import annotations


def shown(value: str, limit: int = 80) -> str:
    """``value`` as an error quotes it: whole when short, else its start and its length (a cell
    of a megabyte is named, not printed)."""
    if len(value) <= limit:
        return value
    return f"{value[: limit - 1]}… ({len(value):,} characters)"


class ForcelawError(Exception):
    """Base class of every error the project raises on purpose."""


class LocatedError(ForcelawError):
    """An error at a place in a file: rendered as `file:line: message`."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[LocatedError], tuple[str, int | None, str]]:
        # As it was made (a build's worker process raises it, the build reports it).
        return type(self), (self.source, self.line, self.message)


class ProfileError(LocatedError):
    """A country profile that does not follow the profile format."""


class CurationError(LocatedError):
    """A curated file whose anchors or references do not hold against the source."""


class BuildError(ForcelawError):
    """A build that cannot produce a release (the previous release stays in place)."""


class StoreError(ForcelawError):
    """A query could not be answered."""


class QuerySyntaxError(StoreError):
    """The text is not a SPARQL query; carries the parser's 1-based position when it gave one."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class UpdateRefused(StoreError):
    """The text is a SPARQL Update (or LOAD, CLEAR, ...): this store is read-only."""


class QueryUnsupported(StoreError):
    """The query is SPARQL but calls what the engine does not implement (a function it does not
    know, such as ``fn:concat``): the client's to change, not a failure of the server."""


class InvalidDataset(StoreError):
    """A default-graph-uri / named-graph-uri value is not an absolute IRI."""


class ResultTooLarge(StoreError):
    """The answer would exceed the row cap or the byte cap."""

    def __init__(self, limit: str, value: int) -> None:
        super().__init__(f"result exceeds the limit of {value} {limit}")
        self.limit = limit
        self.value = value


class NotRepresentable(StoreError):
    """The answer holds something its format cannot carry (a character XML 1.0 cannot hold, a
    triple term in JSON-LD); the formats in ``alternatives`` (media types) can."""

    def __init__(self, label: str, reason: str, alternatives: tuple[str, ...]) -> None:
        super().__init__(f"the answer cannot be written in {label}: {reason}")
        self.label = label
        self.reason = reason
        self.alternatives = alternatives

    def __reduce__(self) -> tuple[type[NotRepresentable], tuple[str, str, tuple[str, ...]]]:
        return type(self), (self.label, self.reason, self.alternatives)


class QueryTimeout(StoreError):
    """The query ran past the timeout and its worker was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"query stopped after {seconds:g} s")
        self.seconds = seconds


class EngineCrashed(StoreError):
    """The process running the query died (crash, abort, memory cap); it has been replaced."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(f"query engine process ended with exit code {exitcode}")
        self.exitcode = exitcode


class Overloaded(StoreError):
    """Every worker stayed busy for longer than the queue wait."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("all query workers are busy")
        self.retry_after = retry_after


class StoreUnavailable(StoreError):
    """A remote SPARQL store could not be reached, or answered with a server error."""

    def __init__(self, endpoint: str, reason: str) -> None:
        super().__init__(f"the SPARQL store at {endpoint} {reason}")
        self.endpoint = endpoint
        self.reason = reason


class LoadError(ForcelawError):
    """A release could not be loaded into a remote store, or the store does not hold it after."""


class ReleaseError(ForcelawError):
    """A release directory is missing a file or its manifest is malformed."""
