"""How to cite a resource of an edition: BibTeX, CSL-JSON and RIS from one frozen record.

A citation names the exact edition (its version and date, and the URL of the resource in that
edition), the source profile with its URL and retrieval date, and the exact passage the fact is
taken from. Pure: the server gathers the record, this module only writes it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

AUTHOR = "forcelaw"
PUBLISHER = "forcelaw: the law on police use of force, as linked data"
TITLE_SUFFIX = "forcelaw: the law on police use of force, as linked data"


@dataclass(frozen=True)
class Passage:
    exact: str
    start: int
    end: int
    iri: str


@dataclass(frozen=True)
class Citation:
    """What a citation of ``iri`` in one edition states."""

    iri: str
    title: str
    edition: str
    published: date
    url: str  # the resource in this edition (a Memento URL, stable)
    accessed: date
    source_title: str | None = None
    source_url: str | None = None
    retrieved: str | None = None
    passages: tuple[Passage, ...] = ()

    @property
    def key(self) -> str:
        slug = re.sub(r"[^A-Za-z0-9]+", "-", self.iri.split("/id/", 1)[-1]).strip("-")
        return f"forcelaw-{slug}-{self.edition}"[:120]

    @property
    def note(self) -> str:
        """The source and the passage, as one sentence a reader can check."""
        parts = [f"Edition {self.edition} ({self.published.isoformat()})"]
        if self.source_title or self.source_url:
            source = self.source_title or "source profile"
            if self.source_url:
                source += f", {self.source_url}"
            if self.retrieved:
                source += f", retrieved {self.retrieved}"
            parts.append(f"from {source}")
        for passage in self.passages:
            parts.append(
                f"passage (characters {passage.start}–{passage.end}, {passage.iri}): "
                f'"{passage.exact}"'
            )
        return "; ".join(parts) + "."

    def text(self) -> str:
        """A plain citation for the page: author, title, edition, date, URL, source, passage."""
        return (
            f"{AUTHOR} ({self.published.year}). {self.title}. In {TITLE_SUFFIX}, edition "
            f"{self.edition}. {self.url} (accessed {self.accessed.isoformat()}). {self.note}"
        )


def bibtex(c: Citation) -> str:
    """A ``@misc`` entry (biblatex-friendly fields too: version, urldate)."""
    fields = [
        ("title", f"{{{_bib(c.title)}}}"),
        ("author", f"{{{AUTHOR}}}"),
        ("year", str(c.published.year)),
        ("month", str(c.published.month)),
        ("date", c.published.isoformat()),
        ("version", _bib(c.edition)),
        ("publisher", _bib(PUBLISHER)),
        ("howpublished", f"\\url{{{c.url}}}"),
        ("url", c.url),
        ("urldate", c.accessed.isoformat()),
        ("note", _bib(c.note)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{c.key},\n{body}\n}}\n"


def csl_json(c: Citation) -> str:
    """A CSL-JSON array with one item (type ``dataset``)."""
    item: dict[str, object] = {
        "id": c.key,
        "type": "dataset",
        "title": c.title,
        "author": [{"literal": AUTHOR}],
        "issued": {"date-parts": [[c.published.year, c.published.month, c.published.day]]},
        "accessed": {"date-parts": [[c.accessed.year, c.accessed.month, c.accessed.day]]},
        "version": c.edition,
        "publisher": PUBLISHER,
        "container-title": TITLE_SUFFIX,
        "URL": c.url,
        "note": c.note,
    }
    if c.source_title:
        item["source"] = c.source_title
    if c.source_url:
        item["archive_location"] = c.source_url
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def ris(c: Citation) -> str:
    """An RIS record (``TY  - DATA``); long notes stay on one line, as RIS readers expect."""
    lines = [
        ("TY", "DATA"),
        ("ID", c.key),
        ("TI", c.title),
        ("AU", AUTHOR),
        ("PY", str(c.published.year)),
        ("DA", c.published.strftime("%Y/%m/%d")),
        ("ET", c.edition),
        ("PB", PUBLISHER),
        ("T2", TITLE_SUFFIX),
        ("UR", c.url),
        ("Y2", c.accessed.strftime("%Y/%m/%d")),
        ("N1", c.note),
    ]
    if c.source_url:
        lines.append(("L2", c.source_url))
    text = "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)
    return text + "ER  - \r\n"


WRITERS = {"bibtex": bibtex, "csljson": csl_json, "ris": ris}


def _bib(text: str) -> str:
    """Text safe inside a braced BibTeX value: no stray braces, LaTeX specials escaped."""
    out = []
    for char in text:
        if char in "{}":
            out.append("(" if char == "{" else ")")  # braces would end the value early
        elif char == "\\":
            out.append("\\textbackslash{}")
        elif char in "&%$#_":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _one_line(text: str) -> str:
    return " ".join(text.split())
