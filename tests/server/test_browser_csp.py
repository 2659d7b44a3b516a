"""The Content-Security-Policy in a real browser: the query page (vendored YASGUI) and the linked-
data pages work under it, and the browser reports no violation. Marked ``browser``, skipped
without Chromium or Playwright, like ``test_browser.py`` whose fixtures it uses."""

from __future__ import annotations

from typing import Any

import pytest

from tests.server.test_browser import browser, page

__all__ = ["browser", "page"]  # the fixtures, re-used

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " +
                           (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


def violations(opened: Any) -> list[str]:
    found: list[str] = opened.evaluate("window.__violations")
    return found


def test_query_page_runs_a_query_under_the_policy(page: Any, site_live: str) -> None:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(f"{site_live}/query")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".yasqe .CodeMirror")
    page.locator("#example-b-global-treaty-status .run-example").click()
    rows = page.locator(".yasr table.dataTable tbody tr")
    rows.first.wait_for()
    assert rows.count() >= 5
    assert violations(page) == []
    assert not [line for line in console if "Content Security Policy" in line], console


def test_pages_have_no_violations(page: Any, site_live: str) -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    for path in ("/", "/id/state/KZ", "/id/adherence/KZ/cat", "/dumps/", "/ontology"):
        response = page.goto(f"{site_live}{path}")
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], path
        assert violations(page) == [], path


def test_an_injected_inline_script_is_blocked(page: Any, site_live: str) -> None:
    """What the policy is for: a script that got into a page would not run."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{site_live}/id/state/KZ")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__ran = true"; document.body.appendChild(s); }"""
    )
    assert page.evaluate("window.__ran === undefined")
    assert any(v.startswith("script-src") for v in violations(page))
