"""The README's two set-up commands, and CI running exactly the test one."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", setup, flags=re.S)


def test_readme_gives_exactly_two_setup_commands() -> None:
    commands = _commands()
    assert len(commands) == 2
    serve, test = commands
    assert "\n" not in serve and "\n" not in test
    assert serve.startswith("python3.11 -m venv") and serve.endswith("forcelaw serve")
    assert "forcelaw build" in serve
    assert test.endswith("pytest") and "'.[test]'" in test


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci.splitlines()
