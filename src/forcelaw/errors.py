"""The project's exception hierarchy: every user-facing error names where and what was expected."""

from __future__ import annotations


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


class ProfileError(LocatedError):
    """A country profile that does not follow the profile format."""


class CurationError(LocatedError):
    """A curated file whose anchors or references do not hold against the source."""


class BuildError(ForcelawError):
    """A build that cannot produce a release (the previous release stays in place)."""
