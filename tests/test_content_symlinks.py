"""Symbolic links in the content folder: nothing outside it is ever read or published.

Each hostile link is added to a project whose site was already built: ``showcase check``
and ``mkdocs build`` must both name the link, the build must stop before MkDocs walks the
folder (no traceback, nothing published), and the site already there must be untouched.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from contentkit import ContentKit
from sitekit import Build, build, write_project
from test_site_page_cache import _tree

from showcase.attachments import AttachmentProcessor, Cache
from showcase.attachments.processor import OUTSIDE
from showcase.cli import main
from showcase.symlinks import unsafe_files

SECRET = "SECRET-FROM-THE-BUILD-MACHINE"
PASSWD = Path("/etc/passwd")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose site was built once: each test takes a copy of it."""
    root = tmp_path_factory.mktemp("links") / "project"
    kit = ContentKit(root / "content").standard()
    kit.talk(
        "t",
        {"title": "Talk", "speakers": ["ana-lima"], "event": "2026-10"},
        files={"notes.txt": "plain notes\n"},
    )
    kit.write("extra/shared.txt", "shared inside the content\n")
    config = write_project(root)
    build(config).check()
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A copy of the built project, with a folder of secrets beside it (outside content)."""
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}\n")
    (outside / "index.md").write_text(f"# {SECRET}\n")
    (outside / "people.yml").write_text(f"ana-lima:\n  name: {SECRET}\n")
    (outside / "2026-12.yml").write_text(f"date: 2026-12-17\ntitle: {SECRET}\n")
    talk = outside / "talk"
    talk.mkdir()
    (talk / "index.md").write_text(f"---\ntitle: {SECRET}\nspeakers: [ana-lima]\n---\n")
    return root


def _link(project: Path, relative: str, target: str | Path) -> None:
    path = project / "content" / relative
    if path.exists() or path.is_symlink():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


def _check(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    monkeypatch.chdir(project)
    monkeypatch.setenv("SHOWCASE_TODAY", "2026-11-24")
    code = main(["check", "content"])
    out, err = capsys.readouterr()
    return code, out + err


def _assert_refused(result: Build, before: dict[str, bytes], *where: str) -> None:
    assert not result.ok, result.log
    assert "Traceback" not in result.log, result.log
    for relative in where:
        assert f"content/{relative}: error: symbolic link" in result.log, result.log
    assert _tree(result.site) == before, "the site already there is untouched"
    assert not list(result.project.glob(".site.showcase-*")), "nothing left beside the site"


# Each case: the link's path in content, and where it leads (None: inside, see below).
HOSTILE = {
    "a file beside index.md to /etc/passwd": ("talks/t/leak.txt", PASSWD),
    "a folder link out": ("talks/t/etc", Path("/etc")),
    "index.md out": ("index.md", "outside:index.md"),
    "people.yml out": ("people.yml", "outside:people.yml"),
    "an event file out": ("events/2026-12.yml", "outside:2026-12.yml"),
    "a talk folder out": ("talks/evil", "outside:talk"),
    "a file of the talk replaced by a link out": ("talks/t/notes.txt", "outside:secret.txt"),
    "a loop": ("talks/t/loop", "."),
    "a loop to the content folder": ("talks/t/up", "../.."),
    "a chain of links back to itself": ("talks/t/a.txt", "b.txt"),
    "a link to nowhere": ("talks/t/gone.txt", "missing.txt"),
    "a hidden link out": ("talks/t/.hidden", PASSWD),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_a_hostile_link_is_an_error_of_check_and_build_and_nothing_is_published(
    case: str,
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    relative, target = HOSTILE[case]
    if isinstance(target, str) and target.startswith("outside:"):
        target = tmp_path / "outside" / target.removeprefix("outside:")
    _link(project, relative, target)
    if case == "a chain of links back to itself":
        _link(project, "talks/t/b.txt", "a.txt")
    before = _tree(project / "site")

    code, said = _check(project, capsys, monkeypatch)
    assert code == 1, said
    assert f"{relative}: error: symbolic link" in said
    assert SECRET not in said and "root:x:0:0" not in said, "the target is not read"

    result = build(project / "mkdocs.yml")
    _assert_refused(result, before, relative)
    assert SECRET not in result.log


def test_the_link_error_says_where_it_leads_and_what_to_do(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _link(project, "talks/t/leak.txt", PASSWD)
    _link(project, "talks/t/loop", ".")
    _, said = _check(project, capsys, monkeypatch)
    assert (
        "talks/t/leak.txt: error: symbolic link to `/etc/passwd`, outside the content folder: "
        "Showcase reads and publishes nothing outside it; put the file itself here instead"
    ) in said
    assert "talks/t/loop: error: symbolic link to `.`, a folder that holds the link itself" in said


def test_a_refused_link_brings_no_second_error_about_what_it_hides(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Talks name people of the roster and events: with people.yml or an event file
    # refused, no "unknown speaker" or "unknown event" follows.
    ContentKit(project / "content").talk(
        "later", {"title": "Later", "speakers": ["bo-chen"], "event": "2026-12"}
    )
    _link(project, "people.yml", project.parent / "outside/people.yml")
    _link(project, "events/2026-12.yml", project.parent / "outside/2026-12.yml")
    code, said = _check(project, capsys, monkeypatch)
    errors = [line for line in said.splitlines() if ": error: " in line]
    assert code == 1
    where = [line.split(":")[0] for line in errors]
    assert where == ["content/events/2026-12.yml", "content/people.yml"], said


def test_a_link_to_a_file_inside_the_content_folder_is_published_like_the_file(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _link(project, "talks/t/shared.txt", "../../extra/shared.txt")
    code, said = _check(project, capsys, monkeypatch)
    assert code == 0, said
    result = build(project / "mkdocs.yml").check()
    assert (result.site / "talks/t/shared.txt").read_text() == "shared inside the content\n"
    assert not (result.site / "talks/t/shared.txt").is_symlink()


def test_the_build_refuses_files_reached_through_a_link_it_was_not_shown(
    tmp_path: Path,
) -> None:
    # What MkDocs' own walk found is looked at again before it is published: a file
    # behind a folder link, a file link out, a pipe. Links inside stay allowed.
    content = tmp_path / "content"
    (content / "talks/t").mkdir(parents=True)
    (content / "talks/t/ok.txt").write_text("ok")
    (content / "shared.txt").write_text("shared")
    os.symlink("../../shared.txt", content / "talks/t/inside.txt")
    os.symlink("/etc/passwd", content / "talks/t/out.txt")
    os.symlink("/etc", content / "talks/t/etc")
    os.mkfifo(content / "talks/t/pipe")
    files = ["talks/t/ok.txt", "talks/t/inside.txt", "talks/t/out.txt", "talks/t/etc/passwd"]
    files.append("talks/t/pipe")
    assert unsafe_files(content, files) == ["talks/t/out.txt", "talks/t/etc/passwd", "talks/t/pipe"]


def test_an_attachment_swapped_for_a_link_after_the_check_is_not_read(
    content: ContentKit, tmp_path: Path
) -> None:
    content.talk(
        "t",
        {"title": "T", "speakers": ["ana-lima"], "notebooks": ["nb.ipynb"]},
        files={"nb.ipynb": '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'},
    )
    archive = content.load().archive
    secret = tmp_path / "secret.ipynb"
    secret.write_text(
        '{"cells": [{"cell_type": "markdown", "metadata": {}, "source": "' + SECRET + '"}],'
        ' "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    )
    notebook = content.root / "talks/t/nb.ipynb"
    notebook.unlink()
    os.symlink(secret, notebook)

    published = AttachmentProcessor(content.root, Cache(tmp_path / "cache")).process(archive)

    (outcome,) = published.outcomes["t"]
    assert outcome.error == OUTSIDE and outcome.entry is None
    assert SECRET not in published.talk_extras(archive.talks["t"], "talks/t/index.md")
    assert not published.files
