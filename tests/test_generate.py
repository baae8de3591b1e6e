"""``showcase generate OUT``: the site plan as a standalone project that generators with no
Showcase plugin publish whole: plain MkDocs (here), and Zensical where it installs."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

import hostilekit as hostile
import pytest
import sitekit
from sitekit import TODAY, Build, broken_links, demo_project

from showcase.cli import main

EXPORTS = ("talks.json", "schedule.ics", "feed.xml")


def _generate(config: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    os.chdir(config.parent)
    code = main(["generate", str(out), "--today", TODAY])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def _plain_build(project: Path) -> Build:
    """``mkdocs build --strict`` of a generated project, with no Showcase plugin in it."""
    config = project / "mkdocs.yml"
    assert "showcase" not in config.read_text(encoding="utf-8").split("plugins:")[-1]
    return sitekit.build(config, today=TODAY).check()


@pytest.fixture(scope="module")
def plugin_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return sitekit.shared_demo_build(tmp_path_factory)


@pytest.fixture
def generated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.chdir(tmp_path)
    config = demo_project(tmp_path / "demo")
    out = _generate(config, tmp_path / "out", capsys)
    assert "Wrote " in out
    return tmp_path / "out"


def test_plain_mkdocs_publishes_the_generated_demo_whole(
    generated: Path, plugin_build: Build
) -> None:
    plain = _plain_build(generated)

    pages = {p.relative_to(plain.site) for p in plain.html_files()}
    assert pages == {p.relative_to(plugin_build.site) for p in plugin_build.html_files()}
    for name in EXPORTS:
        assert (plain.site / name).read_bytes() == (plugin_build.site / name).read_bytes(), name
    assert not broken_links(plain.pages())
    home = plain.page("")
    assert home.soup.select(".sc-card"), "the cards are there"
    assert (
        "assets/stylesheets/showcase.css" in home.text
        or (plain.site / "assets/stylesheets/showcase.css").is_file()
    )
    talk = plain.page("talks/2026-10-dbt-slim-ci/")
    assert talk.h1 == plugin_build.page("talks/2026-10-dbt-slim-ci/").h1
    assert talk.content.select("pre code"), "the writing is there, converted"
    # A person's feed, and its link in the page's head (from the page's front matter).
    feed = "people/dev-patel.xml"
    assert (plain.site / feed).read_bytes() == (plugin_build.site / feed).read_bytes()
    person = plain.page("people/dev-patel/")
    heads = person.soup.select('head link[rel~="alternate"][type="application/atom+xml"]')
    assert [person.target_file(link["href"]) for link in heads] == [
        plain.site / "feed.xml",
        plain.site / feed,
    ]
    digest = plain.page("digests/2026-q1/")
    assert digest.content.select(".sc-card")


def test_generated_writing_runs_no_script(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The generator that publishes the project has no sanitiser: writing is in it
    already cleaned."""
    monkeypatch.chdir(tmp_path)
    config = hostile.hostile_project(tmp_path / "hostile")
    _generate(config, tmp_path / "out", capsys)
    plain = sitekit.build(tmp_path / "out" / "mkdocs.yml", today=TODAY, strict=False).check()

    for url in ("talks/hostile-writeup/", "people/ana-lima/", "events/2026-10/"):
        article = plain.page(url).content
        assert not article.select("script, iframe, object, embed"), url
        handlers = [
            (element.name, name)
            for element in article.find_all(True)
            for name in element.attrs
            if name.lower().startswith("on")
        ]
        assert handlers == [], url
    assert not (plain.site / "talks/hostile-writeup/stray.html").exists()


def test_generate_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    demo_project(tmp_path / "demo")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine\n", encoding="utf-8")
    os.chdir(tmp_path / "demo" / "content")  # the archive is found from inside it

    code = main(["generate", str(tmp_path / "out"), "--today", TODAY])

    assert code == 1
    assert "is not an empty folder" in capsys.readouterr().err
    assert (tmp_path / "out" / "keep.txt").read_text(encoding="utf-8") == "mine\n"


def test_generate_lists_the_content_problems_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = demo_project(tmp_path / "demo")
    (config.parent / "content/talks/broken").mkdir()
    (config.parent / "content/talks/broken/index.md").write_text(
        "---\ntitle: B\nspeakers: [nobody-here]\n---\n", encoding="utf-8"
    )
    os.chdir(config.parent)

    code = main(["generate", "out", "--today", TODAY])

    assert code == 1
    err = capsys.readouterr().err
    assert "content/talks/broken/index.md:3" in err and "nobody-here" in err
    assert not (tmp_path / "demo" / "out").exists()


def test_generate_shows_writing_that_never_converts_as_text_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_site_limits import _spinning_project

    config = _spinning_project(tmp_path / "stalling", markdown_timeout=1)
    monkeypatch.chdir(config.parent)
    assert main(["generate", str(tmp_path / "out"), "--today", TODAY]) == 0
    (warning,) = capsys.readouterr().err.splitlines()
    assert "content/talks/stalled/index.md:1" in warning and "`markdown_timeout`" in warning
    page = (tmp_path / "out/docs/talks/stalled/index.md").read_text(encoding="utf-8")
    assert '<pre class="sc-unconverted">Some x &lt; y text. SPIN-FOREVER</pre>' in page


def test_zensical_publishes_the_generated_demo(
    generated: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Zensical runs no third-party plugin: it builds what ``generate`` wrote."""
    environment = tmp_path_factory.mktemp("zensical") / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    install = subprocess.run(
        [str(environment / "bin" / "python"), "-m", "pip", "install", "-q", "zensical"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if install.returncode != 0:
        if os.environ.get("CI") and "No matching distribution" not in install.stderr:
            pytest.fail(f"zensical did not install:\n{install.stderr[-2000:]}")
        pytest.skip(f"zensical does not install here:\n{install.stderr[-500:]}")
    built = subprocess.run(
        [str(environment / "bin" / "zensical"), "build"],
        cwd=generated,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "PATH": f"{environment / 'bin'}{os.pathsep}{os.environ['PATH']}"},
    )
    assert built.returncode == 0, built.stdout + built.stderr
    site = generated / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "sc-card" in home and "showcase.css" in home
    assert (site / "talks/2026-10-dbt-slim-ci/index.html").is_file()
    for name in EXPORTS:
        assert (site / name).is_file(), name
