"""A page parsed into elements (html.parser), for tests that read what a page shows rather than
match its markup as a string: ``find_all("link", rel="alternate")``, an element's text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
# Elements HTML5 lets a page leave open: the next sibling or the parent's end closes them.
IMPLIED_END = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option"})


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The element's text, its whitespace collapsed."""
        parts: list[str] = []
        self._text(parts)
        return " ".join("".join(parts).split())

    def _text(self, parts: list[str]) -> None:
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            else:
                child._text(parts)

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        """The elements under this one (in document order) with ``tag`` and ``attrs``
        (``class_`` for ``class``; a class matches one of the element's classes)."""
        wanted = {k.rstrip("_"): v for k, v in attrs.items()}
        found: list[Element] = []
        for child in self.children:
            if isinstance(child, str):
                continue
            if child.tag == tag and all(_matches(child, k, v) for k, v in wanted.items()):
                found.append(child)
            found.extend(child.find_all(tag, **attrs))
        return found

    def find(self, tag: str, **attrs: str) -> Element:
        """The one element with ``tag`` and ``attrs`` (an assertion error if not one)."""
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, (tag, attrs, len(found))
        return found[0]


def _matches(element: Element, name: str, value: str) -> bool:
    if name == "class":
        return value in element.attrs.get("class", "").split()
    return element.attrs.get(name) == value


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            self.errors.append(f"<{tag}> repeats an attribute: {names}")
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        open_tags = [e.tag for e in self.stack]
        if tag not in open_tags:
            self.errors.append(f"</{tag}> closes nothing")
            return
        while self.stack[-1].tag != tag:
            left = self.stack.pop()
            if left.tag not in IMPLIED_END:
                self.errors.append(f"<{left.tag}> left open by </{tag}>")
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    """``html`` as elements; an assertion error if its tags do not balance or an element
    repeats an attribute."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    left = [e.tag for e in builder.stack[1:] if e.tag not in IMPLIED_END]
    assert not builder.errors and not left, (builder.errors, left)
    return builder.root
