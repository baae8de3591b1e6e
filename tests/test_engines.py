"""One site plan, several engines: the demo built by MkDocs 1.6 and by ProperDocs (its
maintained fork, which runs the same plugin) is the same site, byte for byte, but for the
generator each names in every page."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import TODAY, comparable_tree, demo_project

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _build(engine: str, config: Path, site: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SHOWCASE_TODAY"}
    env |= {"SHOWCASE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", engine, "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"{engine} build failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def _tree(site: Path) -> dict[str, bytes]:
    return {
        path: GENERATOR.sub(b"<generator>", data) for path, data in comparable_tree(site).items()
    }


@pytest.mark.skipif(
    importlib.util.find_spec("properdocs") is None and not os.environ.get("CI"),
    reason="ProperDocs is not installed (it comes with the test extra)",
)
def test_mkdocs_and_properdocs_publish_the_same_demo(tmp_path: Path) -> None:
    config = demo_project(tmp_path / "demo")
    _build("mkdocs", config, tmp_path / "by-mkdocs")
    log = _build("properdocs", config, tmp_path / "by-properdocs")

    assert "finished pages reused, " in log
    assert "0 finished pages reused" in log, "pages finished by MkDocs are not ProperDocs'"
    mkdocs_site, properdocs_site = _tree(tmp_path / "by-mkdocs"), _tree(tmp_path / "by-properdocs")
    assert sorted(mkdocs_site) == sorted(properdocs_site)
    different = [name for name in mkdocs_site if mkdocs_site[name] != properdocs_site[name]]
    assert different == []
    home = (tmp_path / "by-properdocs" / "index.html").read_bytes()
    assert b"ProperDocs" in GENERATOR.search(home).group()  # type: ignore[union-attr]
