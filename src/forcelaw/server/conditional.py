"""Conditional and partial GET (RFC 9110 §13, §14): pure functions over header values.

``failed_precondition`` decides a 412 (If-Match first; If-Unmodified-Since only without it);
``not_modified`` decides a 304 (If-None-Match first; If-Modified-Since only without it);
``byte_range`` reads a Range header against a representation's length, honouring If-Range. A
caller asks them in that order (RFC 9110 §13.2.2); ``require_preconditions`` is the first step
as a 412 problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from forcelaw.server.problems import Problem


@dataclass(frozen=True)
class ByteRange:
    """An inclusive range of bytes, ``first`` to ``last``."""

    first: int
    last: int

    @property
    def length(self) -> int:
        return self.last - self.first + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.first}-{self.last}/{size}"


class RangeNotSatisfiable(Exception):
    """The Range header names no byte of the representation (answer 416)."""


def failed_precondition(headers: Mapping[str, str], etag: str, last_modified: str) -> bool:
    """True if If-Match (strong comparison) or, without it, If-Unmodified-Since does not hold:
    the answer is 412. An unreadable date is ignored, as RFC 9110 §13.1.4 says."""
    if_match = headers.get("if-match")
    if if_match is not None:
        return not etag_matches(if_match, etag, weak=False)
    since = headers.get("if-unmodified-since")
    if since is not None:
        try:
            return _http_date(last_modified) > _http_date(since)
        except (TypeError, ValueError, IndexError):
            return False
    return False


def require_preconditions(
    headers: Mapping[str, str], etag: str, last_modified: str, what: str
) -> None:
    """Raise the 412 problem when ``failed_precondition`` holds for ``what`` (a path): an
    origin server evaluates If-Match and If-Unmodified-Since before it answers (RFC 9110
    §13.1.1), a document's as a dump's."""
    if failed_precondition(headers, etag, last_modified):
        raise Problem(
            "precondition-failed",
            f"{what!r} is not the representation If-Match or If-Unmodified-Since names: its "
            f"ETag is {etag}, last modified {last_modified}.",
            headers={"ETag": etag, "Last-Modified": last_modified},
        )


def not_modified(headers: Mapping[str, str], etag: str, last_modified: str) -> bool:
    """True if the client's copy is current, so a GET can be answered 304."""
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        return etag_matches(if_none_match, etag, weak=True)
    since = headers.get("if-modified-since")
    if since is not None:
        try:
            return _http_date(last_modified) <= _http_date(since)
        except (TypeError, ValueError, IndexError):
            return False
    return False


def etag_matches(header: str, etag: str, *, weak: bool) -> bool:
    """Whether a list of entity tags (If-None-Match, If-Range) names ``etag``."""
    if header.strip() == "*":
        return True
    ours = etag.removeprefix("W/") if weak else etag
    for candidate in (c.strip() for c in header.split(",")):
        if weak:
            candidate = candidate.removeprefix("W/")
        elif candidate.startswith("W/"):
            continue
        if candidate == ours:
            return True
    return False


def byte_range(
    headers: Mapping[str, str], size: int, etag: str, last_modified: str
) -> ByteRange | None:
    """The single range to send, or None for the whole representation.

    Several ranges are answered with the whole representation (RFC 9110 allows ignoring Range);
    a malformed Range header is ignored; a Range that selects nothing raises
    ``RangeNotSatisfiable``.
    """
    header = headers.get("range")
    if header is None:
        return None
    if_range = headers.get("if-range")
    if if_range is not None and not _if_range_holds(if_range, etag, last_modified):
        return None
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first_text, dash, last_text = spec.strip().partition("-")
    if not dash:
        return None
    first_text, last_text = first_text.strip(), last_text.strip()
    if not (first_text.isdigit() or first_text == "") or not (
        last_text.isdigit() or last_text == ""
    ):
        return None
    if first_text == "":
        if last_text == "":
            return None
        suffix = int(last_text)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable()
        return ByteRange(max(0, size - suffix), size - 1)
    first = int(first_text)
    if first >= size:
        raise RangeNotSatisfiable()
    last = int(last_text) if last_text else size - 1
    if last < first:
        return None
    return ByteRange(first, min(last, size - 1))


def _if_range_holds(if_range: str, etag: str, last_modified: str) -> bool:
    value = if_range.strip()
    if value.startswith(('"', "W/")):
        return etag_matches(value, etag, weak=False)
    try:
        return _http_date(value) == _http_date(last_modified)
    except (TypeError, ValueError, IndexError):
        return False


def _http_date(value: str) -> float:
    return parsedate_to_datetime(value).timestamp()
