"""A build replaces the site only when it succeeds, and faults of the machine are one line.

Each test builds a small site, then builds it again in a way that fails (a ``--strict``
warning, a hook that crashes, a kill, a full disk, a read-only folder, a second build at
the same time) and compares the site with what it was, byte for byte.

Real faults need a file system that refuses: a read-only bind mount and a small tmpfs,
mounted in a private mount namespace (``unshare``; skipped where the kernel does not allow
one), and a file size limit (``RLIMIT_FSIZE``), which refuses writes as root too.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from contentkit import ContentKit
from sitekit import TODAY, Build, build, write_project


def _project(root: Path) -> Path:
    kit = ContentKit(root / "content").standard()
    for number in (1, 2, 3):
        kit.talk(
            f"talk-{number}",
            {"title": f"Talk {number}", "speakers": ["ana-lima"], "event": "2026-10"},
        )
    return write_project(root)


def _hooked(config: Path, hooks: str) -> Path:
    """A second ``mkdocs.yml`` beside ``config`` (same site folder) with ``hooks`` added."""
    (config.parent / "hooks.py").write_text(hooks, encoding="utf-8")
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["hooks"] = ["hooks.py"]
    hooked = config.parent / "hooked.yml"
    hooked.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return hooked


def _tree(site: Path) -> dict[str, bytes]:
    """Every file of a site (hidden ones and the sitemap's ``.gz`` too), by path."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def _beside(project: Path) -> list[str]:
    """What Showcase left beside the site: nothing after a build has ended."""
    return sorted(path.name for path in project.glob(".site.*"))


def _retitle(project: Path) -> None:
    index = project / "content/talks/talk-1/index.md"
    index.write_text(index.read_text().replace("Talk 1", "Talk one"))


def _one_line(result: Build, *fragments: str) -> str:
    """The build failed with no traceback, and one line of its log says ``fragments``."""
    assert not result.ok, result.log
    assert "Traceback" not in result.log, result.log
    lines = [line for line in result.log.splitlines() if all(f in line for f in fragments)]
    assert len(lines) == 1, result.log
    return lines[0]


def test_a_build_replaces_the_site_and_keeps_its_hidden_files(tmp_path: Path) -> None:
    config = _project(tmp_path)
    site = build(config).check().site
    (site / "stale.html").write_text("from an older build")
    (site / ".git").mkdir()
    (site / ".git/HEAD").write_text("ref: refs/heads/gh-pages\n")
    _retitle(tmp_path)

    again = build(config).check()

    assert "Talk one" in again.html("talks/talk-1/")
    assert not (site / "stale.html").exists()
    assert (site / ".git/HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert _beside(tmp_path) == []


def test_a_strict_failure_keeps_the_previous_site_byte_for_byte(tmp_path: Path) -> None:
    config = _project(tmp_path)
    before = _tree(build(config).check().site)
    # A link that leads nowhere is a warning: --strict fails the build, late.
    index = tmp_path / "content/talks/talk-1/index.md"
    index.write_text(index.read_text() + "\nSee [the notes](notes.md).\n")

    result = build(config, strict=True)

    assert not result.ok and "in strict mode" in result.log, result.log
    assert _tree(result.site) == before
    assert _beside(tmp_path) == []
    assert build(config, strict=False).check(), "without --strict the same content builds"


def test_a_crash_late_in_the_build_keeps_the_previous_site(tmp_path: Path) -> None:
    hooks = (
        "def on_post_page(output, page, config):\n"
        "    if page.file.src_uri == 'talks/talk-2/index.md':\n"
        "        raise RuntimeError('a plugin broke')\n"
        "    return output\n"
    )
    plain = _project(tmp_path)
    before = _tree(build(plain).check().site)
    config = _hooked(plain, hooks)

    result = build(config)

    assert not result.ok and "a plugin broke" in result.log, result.log
    assert _tree(result.site) == before
    assert _beside(tmp_path) == []


def test_a_killed_build_keeps_the_previous_site_and_the_next_one_cleans_up(
    tmp_path: Path,
) -> None:
    hooks = (
        "import os, signal\n\n\n"
        "def on_post_page(output, page, config):\n"
        "    if page.file.src_uri == 'talks/talk-2/index.md':\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return output\n"
    )
    plain = _project(tmp_path)
    before = _tree(build(plain).check().site)
    config = _hooked(plain, hooks)

    killed = build(config)

    assert killed.returncode == -signal.SIGKILL, killed.log
    assert _tree(killed.site) == before
    left = _beside(tmp_path)
    assert len(left) == 2 and left[0].startswith(".site.showcase-lock"), left
    assert left[1].startswith(".site.showcase-new-"), "the killed build's half site"

    _retitle(tmp_path)
    again = build(plain).check()
    assert "Talk one" in again.html("talks/talk-1/")
    assert _beside(tmp_path) == []


def test_an_old_site_a_kill_caught_between_the_renames_is_put_back(tmp_path: Path) -> None:
    config = _project(tmp_path)
    site = build(config).check().site
    before = _tree(site)
    # The old site renamed away, the new one not yet in: then the build was killed.
    site.rename(tmp_path / ".site.showcase-old-0123456789ab")
    (tmp_path / "content/people.yml").write_text("ana-lima: [not a person\n")

    failed = build(config)

    assert not failed.ok and "people.yml" in failed.log, failed.log
    assert _tree(site) == before
    assert _beside(tmp_path) == []


def test_a_site_dir_that_is_a_link_keeps_its_link(tmp_path: Path) -> None:
    config = _project(tmp_path / "project")
    served = tmp_path / "www"
    served.mkdir()
    (tmp_path / "project/site").symlink_to(served)
    _retitle(tmp_path / "project")

    build(config).check()

    assert (tmp_path / "project/site").is_symlink()
    assert "Talk one" in (served / "talks/talk-1/index.html").read_text()
    assert not list(tmp_path.glob(".www.*"))


def test_gh_deploy_deploys_the_new_site(tmp_path: Path) -> None:
    project = tmp_path / "project"
    config = _project(project)
    remote = tmp_path / "remote.git"
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com"]
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "remote", "add", "origin", str(remote)], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "content"], cwd=project, check=True)
    _retitle(project)
    env = {**os.environ, "SHOWCASE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    env.update(GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="t@example.com")
    env.update(GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="t@example.com")

    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--force", "-f", str(config)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    page = subprocess.run(
        ["git", "show", "gh-pages:talks/talk-1/index.html"],
        cwd=remote,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Talk one" in page
    assert "Talk one" in (project / "site/talks/talk-1/index.html").read_text()
    assert _beside(project) == []


def test_a_second_build_into_the_same_folder_stops_with_one_line(tmp_path: Path) -> None:
    # The first build stops in the middle (its hook waits on a pipe) while the second
    # runs; then the first goes on and finishes.
    middle, go = tmp_path / "middle", tmp_path / "go"
    os.mkfifo(go)
    hooks = (
        "from pathlib import Path\n\n\n"
        "def on_post_page(output, page, config):\n"
        "    if page.file.src_uri == 'talks/talk-2/index.md':\n"
        f"        Path({str(middle)!r}).write_text('here')\n"
        f"        Path({str(go)!r}).read_text()\n"
        "    return output\n"
    )
    plain = _project(tmp_path)
    before = _tree(build(plain).check().site)
    config = _hooked(plain, hooks)
    first = subprocess.Popen(
        _command(config),
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        while not middle.exists():
            if first.poll() is not None:
                pytest.fail(f"the first build ended early:\n{first.communicate()[0]}")
            time.sleep(0.01)

        second = build(plain)

        line = _one_line(second, "another build is writing into")
        assert "`site`" in line and ".site.showcase-lock" in line
        assert _tree(tmp_path / "site") == before, "the second build changed nothing"
    finally:
        go.write_text("go")
        log = first.communicate(timeout=300)[0]
    assert first.returncode == 0, log
    assert _beside(tmp_path) == []


def test_a_file_too_large_for_the_machine_is_one_line_and_keeps_the_site(
    tmp_path: Path,
) -> None:
    config = _project(tmp_path)
    before = _tree(build(config).check().site)
    _retitle(tmp_path)
    limit = 64 * 1024  # Material's scripts are larger: copying them fails

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run(
        _command(config),
        cwd=tmp_path,
        env=_env(),
        preexec_fn=limited,
        capture_output=True,
        text=True,
        check=False,
    )

    log = done.stdout + done.stderr
    result = Build(done.returncode, log, tmp_path / "site", tmp_path)
    line = _one_line(result, "Could not build the site: a file is larger than this system allows")
    assert "the site in `site` is as it was" in line
    assert _tree(result.site) == before
    assert _beside(tmp_path) == []


# In a mount namespace ----------------------------------------------------------------------


def _namespaces() -> bool:
    try:
        done = subprocess.run(
            ["unshare", "--user", "--map-root-user", "--mount", "true"],
            capture_output=True,
            check=False,
        )
    except OSError:
        return False
    return done.returncode == 0


needs_namespaces = pytest.mark.skipif(
    not _namespaces(), reason="this kernel gives no private mount namespace (unshare)"
)


def _in_namespace(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (sh) in a private mount namespace, as its root."""
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-ec", script],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )


@needs_namespaces
def test_a_read_only_site_dir_is_one_line_and_keeps_the_site(tmp_path: Path) -> None:
    config = _project(tmp_path)
    before = _tree(build(config).check().site)
    _retitle(tmp_path)
    command = " ".join(_command(config))

    done = _in_namespace(
        "mount --bind site site\nmount -o remount,bind,ro site\n" + command, tmp_path
    )

    result = Build(done.returncode, done.stdout + done.stderr, tmp_path / "site", tmp_path)
    line = _one_line(result, "Could not build the site into `site`")
    assert "the file system is read-only" in line
    assert _tree(result.site) == before
    assert _beside(tmp_path) == []


@needs_namespaces
def test_a_full_disk_is_one_line_and_keeps_the_site(tmp_path: Path) -> None:
    config = _project(tmp_path)
    before = _tree(build(config).check().site)
    _retitle(tmp_path)
    # A disk with room for the old site and half of a new one.
    used = sum(-(-len(data) // 4096) * 4096 + 4096 for data in before.values())
    out, copy = tmp_path / "out", tmp_path / "copy"
    out.mkdir()
    command = " ".join(_command(config, site=out / "site"))

    done = _in_namespace(
        f"mount -t tmpfs -o size={used * 3 // 2} tmpfs {out}\n"
        f"cp -a site {out}/site\n"
        f"{command} || status=$?\n"
        f"cp -a {out} {copy}\n"
        "exit ${status:-0}\n",
        tmp_path,
    )

    result = Build(done.returncode, done.stdout + done.stderr, copy / "site", tmp_path)
    line = _one_line(result, "Could not build the site: the disk is full")
    assert "the site in `out/site` is as it was" in line
    assert _tree(result.site) == before
    assert sorted(path.name for path in copy.iterdir()) == ["site"], "nothing left beside"


def _command(config: Path, *, site: Path | None = None) -> list[str]:
    site = site or config.parent / "site"
    return [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]


def _env() -> dict[str, str]:
    return {**os.environ, "SHOWCASE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
