"""A real browser (Debian's Chromium, driven by Playwright) on a live server: a state page, a
link followed from it, and an example query run in the YASGUI page. Screenshots go to
tests/artifacts/. Marked ``browser``; skipped, with the reason, where Chromium or Playwright is
missing (install: ``apt-get install -y chromium`` and ``pip install playwright``)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium on PATH: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed: pip install playwright")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox"]
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture()
def page(browser: Any, site_live: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def only_loopback(route: Any) -> None:
        if route.request.url.startswith(site_live):
            route.continue_()
        else:  # nothing may leave the machine: no CDN, no prefix.cc
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()
    assert outside == [], f"the page tried to reach other sites: {outside}"


def test_state_page_and_a_link(page: Any, site_live: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{site_live}/id/state/KZ")
    assert page.title().startswith("Kazakhstan")
    assert page.locator("h2", has_text="Treaty Adherence").count() == 1
    page.screenshot(path=str(ARTIFACTS / "state-KZ.png"), full_page=False)
    page.locator('ul.facts a[href="/id/adherence/KZ/cat"]').first.click()
    page.wait_for_url("**/id/adherence/KZ/cat")
    assert page.locator("h1").inner_text().startswith("Kazakhstan: CAT")
    assert page.locator("mark").count() >= 1  # the source passage, highlighted
    page.screenshot(path=str(ARTIFACTS / "adherence-KZ-cat.png"), full_page=True)


def test_example_query_runs_in_the_query_page(page: Any, site_live: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{site_live}/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    example = page.locator("#example-b-global-treaty-status .run-example")
    example.click()
    table = page.locator(".yasr table.dataTable tbody tr")
    table.first.wait_for()
    assert table.count() >= 5
    assert "State Party" in page.locator(".yasr").inner_text()
    page.screenshot(path=str(ARTIFACTS / "query-treaty-status.png"), full_page=False)
