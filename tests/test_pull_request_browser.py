"""What a pull request tried against the site's own parts, in a real browser: replacing the
theme's script, handing Material's script a configuration of its own (a search worker
from the talk's folder), laying Material's consent overlay over the page, front matter
that redirects or breaks out of ``<title>``, titles with markup in search results, and
XML documents of kinds a blocklist forgot. Headless Chromium through Playwright.

Each script payload sets ``document.title`` to ``pwned``. The same content built with
``trust_authors: true`` shows the payloads that only trust lets through do run (the
search worker, the overlay, the XML document); the theme's files, front matter and
titles are guarded whatever the trust.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import Traffic, serve, watched_page
from contentkit import ContentKit
from sitekit import Build, PendingBuild, start_build, write_project

from showcase.site import THEME_DIR

pytestmark = pytest.mark.browser

PWNED = "pwned"
SET = f"document.title='{PWNED}'"
SCRIPT_TITLE = f"</title><script>{SET}</script>"
IMG_TITLE = f"x <img src=x onerror={SET}>"
#: A search worker as Material's script expects one: ready, then one result whose title
#: is markup (Material writes result titles as HTML).
WORKER = (
    "postMessage({type: 1});"
    "postMessage({type: 3, data: {items: [[{location: 'x/', score: 1, terms: {},"
    f' text: "", title: "<img src=x onerror={SET}>"}}]], total: 1}}}});'
)
CONFIG = '{"base": ".", "features": [], "search": "w.js", "translations": {}}'
XHTML = (
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>'
    f"<body><script>{SET}</script></body></html>"
)
FRONT = "speakers: [ana-lima]\nevent: 2026-10\n"


def _material_bundle() -> str:
    import material

    folder = Path(material.__file__).parent / "templates/assets/javascripts"
    (bundle,) = folder.glob("bundle.*.min.js")
    return f"assets/javascripts/{bundle.name}"


def _project(root: Path, *, trusted: bool) -> Path:
    kit = ContentKit(root / "content").standard()
    kit.talk(
        "config",
        "title: Config\n" + FRONT,
        body=f'Words.\n\n<div id="__config">{CONFIG}</div>\n',
        files={"w.js": WORKER},
    )
    kit.talk(
        "overlay", "title: Overlay\n" + FRONT, body='<div class="md-consent__overlay"></div>\n'
    )
    kit.talk("documents", "title: Documents\n" + FRONT, files={"f.xpdl": XHTML, "f.xhtm": XHTML})
    kit.talk(
        "title-script", {"title": SCRIPT_TITLE, "speakers": ["ana-lima"]}, body="zebrafoo one\n"
    )
    kit.talk("title-img", {"title": IMG_TITLE, "speakers": ["ana-lima"]}, body="zebrafoo two\n")
    kit.write("assets/javascripts/attachments.js", SET)
    kit.write(_material_bundle(), SET)
    kit.write("assets/stylesheets/showcase.css", "body{background:url(https://evil.example/b)}")
    kit.write("about.md", f'---\ntitle: "{SCRIPT_TITLE}"\n---\n\nAbout us.\n')
    kit.write("heading.md", "# &lt;/title&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt;\n")
    kit.write("found.md", f'---\ntitle: "zebrafoo {IMG_TITLE}"\n---\n\nzebrafoo three\n')
    kit.write("go.md", f'---\ntemplate: redirect.html\nlocation: "javascript:{SET}"\n---\n')
    kit.write("away.md", "---\ntemplate: redirect.html\nlocation: https://evil.example/\n---\n")
    return write_project(root, plugin_options={"trust_authors": trusted})


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PendingBuild]:
    return {
        name: start_build(_project(tmp_path_factory.mktemp(name), trusted=trusted), strict=False)
        for name, trusted in (("guarded", False), ("trusted", True))
    }


@pytest.fixture(scope="module")
def guarded(builds: dict[str, PendingBuild]) -> Build:
    return builds["guarded"].wait().check()


@pytest.fixture(scope="module")
def urls(builds: dict[str, PendingBuild]) -> Iterator[dict[str, str]]:
    guarded_site = builds["guarded"].wait().check().site
    trusted_site = builds["trusted"].wait().check().site
    with serve(guarded_site) as guarded_url, serve(trusted_site) as trusted_url:
        yield {"guarded": guarded_url, "trusted": trusted_url}


@pytest.fixture
def tab(browser: Any) -> Iterator[tuple[Any, Traffic]]:
    with watched_page(browser, viewport={"width": 1280, "height": 900}) as watched:
        yield watched


@pytest.mark.parametrize("site", ["guarded", "trusted"])
def test_the_theme_runs_its_own_script_and_styles_whatever_the_content_holds(
    urls: dict[str, str], tab: tuple[Any, Traffic], site: str
) -> None:
    page, traffic = tab
    page.goto(urls[site], wait_until="networkidle")
    assert page.title() == "Test Demo Days"
    assert traffic.foreign == [] and traffic.console_errors == []
    served = page.request.get(urls[site] + "assets/javascripts/attachments.js").text()
    assert served == (THEME_DIR / "assets/javascripts/attachments.js").read_text("utf-8")
    assert PWNED not in page.request.get(urls[site] + _material_bundle()).text()


def test_writing_cannot_hand_materials_script_a_config_of_its_own(
    urls: dict[str, str], tab: tuple[Any, Traffic]
) -> None:
    page, traffic = tab
    page.goto(urls["guarded"] + "talks/config/", wait_until="networkidle")
    assert page.evaluate("document.querySelectorAll('#__config').length") == 1
    assert "w.js" not in page.evaluate("document.querySelector('#__config').textContent")
    assert page.request.get(urls["guarded"] + "talks/config/w.js").status == 404
    assert page.title() == "Config - Test Demo Days"
    assert traffic.foreign == []


def test_the_config_payload_reaches_materials_script_when_the_authors_are_trusted(
    urls: dict[str, str], tab: tuple[Any, Traffic]
) -> None:
    """The control: trusted, the writing's `#__config` comes first on the page, where
    Material's script reads its configuration (its search worker no longer starts at all:
    Showcase's search replaces it, so the payload has no worker to run)."""
    page, _traffic = tab
    page.goto(urls["trusted"] + "talks/config/", wait_until="networkidle")
    first = page.evaluate("document.querySelector('#__config').tagName")
    assert first == "DIV"
    assert page.evaluate("document.querySelectorAll('#__config').length") == 2


@pytest.mark.parametrize(("site", "position"), [("guarded", "static"), ("trusted", "fixed")])
def test_materials_classes_cannot_lay_a_box_over_the_page(
    urls: dict[str, str], tab: tuple[Any, Traffic], site: str, position: str
) -> None:
    page, _traffic = tab
    page.goto(urls[site] + "talks/overlay/", wait_until="networkidle")
    box = page.locator("article.md-content__inner div").last
    assert box.evaluate("element => getComputedStyle(element).position") == position


@pytest.mark.parametrize("site", ["guarded", "trusted"])
def test_front_matter_runs_nothing_and_sends_the_reader_nowhere(
    urls: dict[str, str], tab: tuple[Any, Traffic], site: str
) -> None:
    page, traffic = tab
    for url, title in (
        ("about/", f"{SCRIPT_TITLE} - Test Demo Days"),
        ("heading/", f"{SCRIPT_TITLE} - Test Demo Days"),
        ("go/", "Go - Test Demo Days"),
        ("away/", "Away - Test Demo Days"),
    ):
        page.goto(urls[site] + url, wait_until="networkidle")
        assert page.title() == title, url
        assert page.url == urls[site] + url, "no redirect"
    assert traffic.foreign == []


def test_titles_with_markup_are_text_in_search_results(
    urls: dict[str, str], tab: tuple[Any, Traffic]
) -> None:
    page, traffic = tab
    page.goto(urls["guarded"], wait_until="networkidle")
    page.click("input.md-search__input")
    page.keyboard.type("zebrafoo")  # Material searches as keys are typed
    results = page.locator(".md-search-result__item")
    results.nth(2).wait_for()
    shown = " ".join(results.all_inner_texts())
    assert "<img src=x onerror=" in shown and "</title><script>" in shown
    assert page.locator(".md-search-result img").count() == 0
    assert page.title() == "Test Demo Days"
    assert traffic.foreign == []


@pytest.mark.parametrize(
    ("slug", "title"), [("title-script", SCRIPT_TITLE), ("title-img", IMG_TITLE)]
)
def test_showcase_titles_with_markup_stay_text_on_every_page_that_shows_them(
    urls: dict[str, str], tab: tuple[Any, Traffic], slug: str, title: str
) -> None:
    page, traffic = tab
    page.goto(urls["guarded"] + f"talks/{slug}/", wait_until="networkidle")
    assert page.title() == f"{title} - Test Demo Days"
    assert page.locator("article h1").first.inner_text() == title
    for url in ("", "archive/", "people/ana-lima/", "topics/"):
        page.goto(urls["guarded"] + url, wait_until="networkidle")
        assert page.title() != PWNED, url
    page.goto(urls["guarded"] + f"media/cards/{slug}.svg", wait_until="load")
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    assert page.title() != PWNED
    assert traffic.foreign == []


def test_xml_documents_of_any_suffix_are_not_served_but_would_run(
    urls: dict[str, str], tab: tuple[Any, Traffic]
) -> None:
    page, _traffic = tab
    for name in ("f.xpdl", "f.xhtm"):
        assert page.request.get(urls["guarded"] + f"talks/documents/{name}").status == 404
        page.goto(urls["trusted"] + f"talks/documents/{name}", wait_until="load")
        assert page.title() == PWNED, f"{name} runs its script when it is published"
