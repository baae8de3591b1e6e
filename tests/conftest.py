from __future__ import annotations

import builtins
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import Traffic, chromium, watched_page
from contentkit import ContentKit
from hypothesis import settings
from terminalkit import ScriptedTerminal

# In CI the property-based tests try the same examples on every run (a failure there is
# then a failure of the change, not of the draw); run locally, they draw new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _no_ambient_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """A SHOWCASE_TODAY in the developer's shell must not change what tests see."""
    monkeypatch.delenv("SHOWCASE_TODAY", raising=False)


@pytest.fixture
def kit(tmp_path: Path) -> ContentKit:
    """An empty content folder."""
    return ContentKit(tmp_path / "content")


@pytest.fixture
def content(kit: ContentKit) -> ContentKit:
    """A content folder with the standard roster and events, and no talks yet."""
    return kit.standard()


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> ScriptedTerminal:
    """A terminal whose answers the test scripts (``ScriptedTerminal.will_answer``)."""
    scripted = ScriptedTerminal()
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(builtins, "input", scripted)
    return scripted


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium (Debian's), once per test module."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Iterator[tuple[Any, Traffic]]:
    """A fresh page of ``browser`` and what it did on the network and in its console
    (``browserkit.watched_page``: requests to other hosts are blocked and counted)."""
    with watched_page(browser) as watched:
        yield watched
