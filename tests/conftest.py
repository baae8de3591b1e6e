from __future__ import annotations

from pathlib import Path

import pytest
from contentkit import ContentKit


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
