"""The header's search box is Showcase's, Material's search plugin listed or not (Showcase
turns it off); and Showcase's header stays Material's own but for that box."""

from __future__ import annotations

from pathlib import Path

import material
import pytest
from bs4 import BeautifulSoup
from searchkit import search_project
from sitekit import Build, build

THEME = Path(__file__).resolve().parent.parent / "showcase" / "theme"
MATERIAL = Path(material.__file__).parent / "templates"

#: Material's search block in its header, which Showcase's header replaces by an include.
MATERIAL_BLOCK = """\
    {% if "material/search" in config.plugins %}
      {% set search = config.plugins["material/search"] | attr("config") %}
      {% if search.enabled %}
        <label class="md-header__button md-icon" for="__search">
          {% set icon = config.theme.icon.search or "material/magnify" %}
          {% include ".icons/" ~ icon ~ ".svg" %}
        </label>
        {% include "partials/search.html" %}
      {% endif %}
    {% endif %}
"""


def _without_comments(template: str) -> str:
    """The template without its leading ``{#- ... -#}`` comment."""
    return template.split("-#}\n", 1)[1] if template.startswith("{#-") else template


def test_the_header_is_materials_but_for_the_search_block() -> None:
    ours = _without_comments((THEME / "partials" / "header.html").read_text(encoding="utf-8"))
    theirs = _without_comments((MATERIAL / "partials" / "header.html").read_text(encoding="utf-8"))
    include = ours[
        ours.index("    {#- Showcase:") : ours.index('"partials/showcase-search.html" %}\n')
    ]
    include += '"partials/showcase-search.html" %}\n'

    assert MATERIAL_BLOCK in theirs, "Material's header changed: take it again, keep the include"
    assert ours.replace(include, MATERIAL_BLOCK) == theirs


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    return {
        name: build(search_project(tmp_path_factory.mktemp(name), material_search=on)).check()
        for name, on in (("material", True), ("showcase", False))
    }


def test_with_materials_search_plugin_listed_the_site_has_showcases_search_only(
    sites: dict[str, Build],
) -> None:
    site = sites["material"]
    page = BeautifulSoup(site.html("talks/kafka-lag/"), "html.parser")

    assert page.select_one("[data-md-component=search]") is None
    assert page.select_one("header [data-sc-search]") is not None
    assert not (site.site / "search" / "search_index.json").exists()
    assert (site.site / "search" / "index.json").is_file()
    assert "Showcase's search replaces the `material/search` plugin's" in site.log


def test_without_it_the_header_has_showcases_box_and_its_script(sites: dict[str, Build]) -> None:
    site = sites["showcase"]
    page = site.page("talks/kafka-lag/")
    box = page.soup.select_one("header [data-sc-search]")

    assert box is not None
    assert page.soup.select_one("[data-md-component=search]") is None
    assert page.resolve(str(box["data-sc-bundle"])) == "search/"
    assert page.resolve(str(box["data-sc-root"])) == ""
    scripts = [page.resolve(str(s["src"])) for s in page.soup.select("script[src]")]
    assert "assets/javascripts/search.js" in scripts
    assert (site.site / "assets" / "javascripts" / "search.js").is_file()
    assert (site.site / "assets" / "stylesheets" / "search.css").is_file()
    assert (site.site / "search" / "index.json").is_file()
    assert not (site.site / "partials").exists()


def test_every_page_of_the_site_has_the_box(sites: dict[str, Build]) -> None:
    site = sites["showcase"]
    pages = list(site.pages())

    assert len(pages) > 20
    assert [p.url for p in pages if p.soup.select_one("[data-sc-search]") is None] == []
