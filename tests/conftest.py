from __future__ import annotations

import builtins
import sys
from pathlib import Path

import pytest
from contentkit import ContentKit
from terminalkit import ScriptedTerminal


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
