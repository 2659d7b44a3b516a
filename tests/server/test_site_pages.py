"""Every page of the exported site (the checkout's release, rendered and exported) is
well-formed HTML5 a reader can find their way through: its tags balance, no attribute is
repeated, its ids are unique, it has a language, one ``<h1>`` and no skipped heading level, a
title no other page has, header cells with a scope, and every link, source or quotation it
names within the site is a file of the site, with the id its fragment names (a quotation's
``cite`` kept the root it was rendered at: from a folder on disk it named nothing)."""

from __future__ import annotations

import itertools
import posixpath
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from forcelaw.cli import main
from forcelaw.server.render import render_release
from tests.server.conftest import Built
from tests.server.html_page import Element, parse

URL_ATTRIBUTES = ("href", "src", "cite", "action")


@pytest.fixture(scope="module")
def exported(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site-pages")
    release = root / "release"
    shutil.copytree(built.release, release)
    render_release(release, workers=1)
    assert main(["export-site", str(root / "www"), "--release", str(release)]) == 0
    return root / "www"


def _elements(node: Element) -> list[Element]:
    found: list[Element] = []
    for child in node.children:
        if isinstance(child, Element):
            found += [child, *_elements(child)]
    return found


def test_every_page_is_well_formed_and_navigable(exported: Path) -> None:
    files = {str(p.relative_to(exported)) for p in exported.rglob("*") if p.is_file()}
    pages = sorted(f for f in files if f.endswith(".html"))
    assert len(pages) > 100
    titles: Counter[str] = Counter()
    problems: list[str] = []
    parsed = {
        name: _elements(parse((exported / name).read_text(encoding="utf-8"))) for name in pages
    }
    ids_of = {
        name: Counter(e.attrs["id"] for e in found if "id" in e.attrs)
        for name, found in parsed.items()
    }
    for name in pages:
        elements = parsed[name]
        root = elements[0]  # <html>
        ids = ids_of[name]
        problems += [f"{name}: id {i!r} {n} times" for i, n in ids.items() if n > 1]
        if root.tag != "html" or not root.attrs.get("lang"):
            problems.append(f"{name}: no lang")
        levels = [int(e.tag[1]) for e in elements if re.fullmatch(r"h[1-6]", e.tag)]
        if levels.count(1) != 1 or levels[0] != 1:
            problems.append(f"{name}: headings {levels}")
        problems += [f"{name}: h{a} then h{b}" for a, b in itertools.pairwise(levels) if b > a + 1]
        problems += [
            f"{name}: <th> without scope"
            for e in elements
            if e.tag == "th" and "scope" not in e.attrs
        ]
        titles[root.find("title").text] += 1
        for e in elements:
            for attribute in URL_ATTRIBUTES:
                link = e.attrs.get(attribute)
                if link is None or re.match(r"[a-z][a-z0-9+.-]*:", link):
                    continue  # a page of the published site, or another's
                path, _, fragment = link.partition("#")
                if not path:
                    if fragment not in ids:
                        problems.append(f"{name}: <{e.tag} {attribute}={link!r}> no such id")
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
                if path.startswith("/") or target not in files:
                    problems.append(f"{name}: <{e.tag} {attribute}={link!r}> is no file")
                elif fragment and target in ids_of and fragment not in ids_of[target]:
                    problems.append(f"{name}: <{e.tag} {attribute}={link!r}> no such id there")
    problems += [f"title {t!r} on {n} pages" for t, n in titles.items() if n > 1]
    assert problems == [], problems[:20]


def test_a_link_text_names_one_destination_on_a_page(exported: Path) -> None:
    """A reader who lists a page's links sees each text once: the citation named the source on
    the web with the profile's label, "Country profile: Kazakhstan", which the passages'
    captions give to its page here. (Two resources of the site the graph labels alike, a class
    and a property "state", are the graph's.)"""
    clashes: list[str] = []
    pages = sorted(exported.rglob("*.html"))
    for page in pages:
        seen: dict[str, str] = {}
        main = parse(page.read_text(encoding="utf-8")).find("main")
        for a in (e for e in _elements(main) if e.tag == "a" and "href" in e.attrs):
            text, href = a.text, a.attrs["href"]
            first = seen.setdefault(text, href)
            if first != href and (_elsewhere(first) or _elsewhere(href)):
                clashes.append(f"{page.name}: {text!r} -> {first} and {href}")
    assert len(pages) > 100 and clashes == [], clashes[:10]


def _elsewhere(href: str) -> bool:
    return re.match(r"[a-z][a-z0-9+.-]*:", href) is not None
