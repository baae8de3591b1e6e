"""The look ships with the package: a team's ``mkdocs.yml`` needs only the theme's name and
the plugin, its own ``custom_dir`` still overrides any template, and no page names a path
of the machine that built it."""

from __future__ import annotations

from pathlib import Path

import pytest
from contentkit import ContentKit
from sitekit import build, write_project

from showcase.site import THEME_DIR

OWN_FILES = (
    "assets/stylesheets/showcase.css",
    "assets/stylesheets/attachments.css",
    "assets/javascripts/attachments.js",
)


def _archive(root: Path) -> ContentKit:
    kit = ContentKit(root / "content").standard()
    kit.talk(
        "2026-10-a-talk",
        {"title": "A talk", "speakers": ["ana-lima"], "event": "2026-10", "tags": ["sql"]},
        body="The writeup.\n",
    )
    return kit


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built from the least a team writes: Material by name, search and showcase."""
    root = tmp_path_factory.mktemp("bare")
    _archive(root)
    config = write_project(
        root, config={"theme": {"name": "material"}, "plugins": ["search", "showcase"]}
    )
    return build(config).check().site


@pytest.mark.parametrize("name", OWN_FILES)
def test_the_plugin_publishes_its_stylesheets_and_script(bare: Path, name: str) -> None:
    assert (bare / name).read_bytes() == (THEME_DIR / name).read_bytes()


def test_every_page_links_the_look_and_the_feed(bare: Path) -> None:
    for page in ("index.html", "talks/2026-10-a-talk/index.html", "people/ana-lima/index.html"):
        html = (bare / page).read_text(encoding="utf-8")
        for name in OWN_FILES:
            assert name in html, (page, name)
        assert 'type="application/atom+xml"' in html, page


def test_material_web_fonts_stay_off_unless_asked_for(bare: Path, tmp_path: Path) -> None:
    assert "fonts.googleapis.com" not in (bare / "index.html").read_text(encoding="utf-8")

    _archive(tmp_path)
    config = write_project(
        tmp_path,
        config={"theme": {"name": "material"}},
        plugin_options={"web_fonts": True},
    )
    site = build(config).check().site
    assert "fonts.googleapis.com" in (site / "index.html").read_text(encoding="utf-8")


def test_a_team_custom_dir_overrides_any_template(tmp_path: Path) -> None:
    _archive(tmp_path)
    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "partials" / "copyright.html").write_text(
        '<div class="team-footer">Our team</div>', encoding="utf-8"
    )
    (overrides / "assets" / "stylesheets").mkdir(parents=True)
    (overrides / "assets" / "stylesheets" / "showcase.css").write_text(
        ".sc-card { border: 3px solid red; }\n", encoding="utf-8"
    )
    config = write_project(
        tmp_path, config={"theme": {"name": "material", "custom_dir": "overrides"}}
    )
    site = build(config).check().site

    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<div class="team-footer">Our team</div>' in home
    assert "assets/javascripts/attachments.js" in home, "Showcase's main.html still applies"
    assert (site / "assets/stylesheets/showcase.css").read_text(encoding="utf-8") == (
        ".sc-card { border: 3px solid red; }\n"
    )

    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block extrahead %}<meta name="team" content="ours">'
        "{% endblock %}",
        encoding="utf-8",
    )
    home = (build(config).check().site / "index.html").read_text(encoding="utf-8")
    assert '<meta name="team" content="ours">' in home
    assert "assets/javascripts/attachments.js" not in home, "the team's main.html wins"


def test_no_page_names_a_path_of_the_build_machine(tmp_path: Path) -> None:
    """With docs_dir outside the project, the hints still name the archive's own paths."""
    elsewhere = tmp_path / "checkout" / "archive"
    ContentKit(elsewhere / "content").people({"ana-lima": {"name": "Ana Lima"}})
    project = tmp_path / "project"
    config = write_project(project, config={"docs_dir": str(elsewhere / "content")})
    site = build(config).check().site

    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<code>content/events/YYYY-MM.yml</code>" in home
    for page in site.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".xml", ".json", ".ics"):
            assert str(tmp_path) not in page.read_text(encoding="utf-8"), page
