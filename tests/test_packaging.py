"""What ships is what runs: the wheel holds every file the package needs, and a regular
(not editable) install into a fresh virtual environment starts, fills and builds a new
team's archive in a folder that holds nothing of this repository.

The install test fetches Showcase's dependencies from the package index (pip's cache makes
it quick after the first run); it is skipped outside CI when the index cannot be reached.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from sitekit import REPO

PACKAGE = REPO / "showcase"
#: What never belongs in a wheel.
LEFT_OUT = ("__pycache__", ".pyc")


def _run(command: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


#: Folders of a working checkout that are not source (at its top only: the package has
#: a ``site`` module of its own).
NOT_SOURCE_AT_TOP = {
    ".git",
    ".venv",
    "site",
    ".cache",
    "build",
    "dist",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
}


def _not_source(folder: str, names: list[str]) -> set[str]:
    ignored = {name for name in names if name == "__pycache__" or name.endswith(".egg-info")}
    if Path(folder) == REPO:
        ignored |= NOT_SOURCE_AT_TOP & set(names)
    return ignored


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the source (the checkout stays clean)."""
    source = tmp_path_factory.mktemp("source") / "showcase"
    shutil.copytree(REPO, source, ignore=_not_source)
    out = tmp_path_factory.mktemp("wheel")
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), "."],
        cwd=source,
    )
    (found,) = out.glob("mkdocs_showcase-*.whl")
    return found


def test_the_wheel_holds_every_file_of_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if name.startswith("showcase/")}
    expected = {
        path.relative_to(REPO).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and not any(part in str(path) for part in LEFT_OUT)
    }
    assert expected - shipped == set(), "files the package needs are missing from the wheel"
    for needed in (
        "showcase/py.typed",
        "showcase/site/templates/macros.html",
        "showcase/theme/main.html",
        "showcase/theme/assets/stylesheets/showcase.css",
        "showcase/theme/assets/javascripts/attachments.js",
        "showcase/starter/files/github/workflows/publish.yml",
    ):
        assert needed in shipped, needed


def test_the_wheel_registers_the_command_the_plugin_and_the_attachment_kinds(
    wheel: Path,
) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
        text = archive.read(entry_points).decode()
    assert "showcase = showcase.cli:main" in text
    assert "showcase = showcase.mkdocs.plugin:ShowcasePlugin" in text
    assert "[showcase.attachments]" in text and "pdf = " in text


def test_a_regular_install_starts_and_builds_a_new_archive(wheel: Path, tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = str(environment / "bin" / "python")
    install = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", str(wheel)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if install.returncode != 0 and not os.environ.get("CI"):
        pytest.skip(f"the package index cannot be reached here:\n{install.stderr[-2000:]}")
    assert install.returncode == 0, install.stderr

    bin_dir = environment / "bin"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SHOWCASE_TODAY", "PYTHONPATH", "VIRTUAL_ENV")
    }
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["NO_MKDOCS_2_WARNING"] = "1"
    team = tmp_path / "team"
    team.mkdir()
    version = _run([str(bin_dir / "showcase"), "--version"], cwd=team, env=env)
    assert version.startswith("showcase 0.")
    _run(
        [
            str(bin_dir / "showcase"),
            "init",
            "--name",
            "Team Demo Days",
            "--organizer",
            "Ada Lovelace",
            "--timezone",
            "UTC",
            "--today",
            "2026-12-01",
        ],
        cwd=team,
        env=env,
    )
    _run(
        [
            str(bin_dir / "showcase"),
            "new",
            "--title",
            "Our first real talk",
            "--speaker",
            "ada-lovelace",
            "--event",
            "2027-01",
            "--today",
            "2026-12-01",
        ],
        cwd=team / "content",
        env=env,
    )
    _run(
        [str(bin_dir / "showcase"), "check", "--strict", "--today", "2026-12-01"], cwd=team, env=env
    )
    _run(
        [str(bin_dir / "mkdocs"), "build", "--strict"],
        cwd=team,
        env={**env, "SHOWCASE_TODAY": "2026-12-01"},
    )

    # requirements.txt installs the very wheel init came from, copied beside the archive:
    # what the team's workflows run, in an environment of their own.
    assert (team / "requirements.txt").read_text().splitlines()[-1] == f"./vendor/{wheel.name}"
    assert (team / "vendor" / wheel.name).read_bytes() == wheel.read_bytes()
    ci = tmp_path / "ci-venv"
    venv.EnvBuilder(with_pip=True).create(ci)
    _run(
        [str(ci / "bin" / "python"), "-m", "pip", "install", "-q", "-r", "requirements.txt"],
        cwd=team,
        env=env,
    )
    assert _run([str(ci / "bin" / "showcase"), "--version"], cwd=team, env=env) == version

    site = team / "site"
    assert (site / "talks/2027-01-our-first-real-talk/index.html").is_file()
    assert (site / "assets/stylesheets/showcase.css").is_file()
    schedule = (site / "schedule/index.html").read_text(encoding="utf-8")
    assert "Our first real talk" in schedule and "sc-card" in schedule
    imported = _run(
        [str(bin_dir / "python"), "-c", "import showcase; print(showcase.__file__)"],
        cwd=team,
        env=env,
    )
    assert str(REPO) not in imported, "the installed package runs, not this checkout"
