"""The query page's example gallery: ``queries/*.rq``, each described by its opening comment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CHECKOUT_QUERIES = Path(__file__).resolve().parents[3] / "queries"


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    query: str


def load_examples(*directories: Path) -> list[Example]:
    """Examples from the first directory with ``.rq`` files (a release's, else the checkout's)."""
    for directory in (*directories, CHECKOUT_QUERIES):
        files = sorted(directory.glob("*.rq")) if directory.is_dir() else []
        if files:
            return [parse_example(f.stem, f.read_text(encoding="utf-8")) for f in files]
    return []


def parse_example(name: str, text: str) -> Example:
    """An example from a query file: its leading ``#`` lines are the description."""
    comment: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comment.append(line.lstrip("#").strip())
    description = " ".join(comment).strip()
    stem = name.split("-", 1)[1] if len(name) > 2 and name[1] == "-" else name
    title = stem.replace("-", " ").capitalize()
    return Example(name, title, description, text)
