"""People's writing and notebook outputs may not use the ids, names and classes the site's
own code and styles rely on: Material reads its configuration from the first element with
``id="__config"`` (a writeup comes before the theme's own), and its classes (``md-consent__
overlay``) lay boxes over the window. Markdown extensions' own ids (content tabs, code line
anchors) and a few harmless classes stay; ``check`` says what the build removes."""

from __future__ import annotations

from pathlib import Path

import pytest
from attachmentkit import notebook_bytes
from contentkit import ContentKit, described
from nbformat import v4
from sitekit import start_build, write_project

from showcase.attachments import AttachmentProcessor, Cache
from showcase.sanitizer import clean_html
from showcase.site.links import talk_src


@pytest.mark.parametrize(
    "html",
    [
        '<div id="__config">{"search": "w.js"}</div>',
        '<div id="__search">x</div>',
        '<p id="_x">x</p>',
        '<p id="md-top">x</p>',
        '<p id="sc-deck">x</p>',
        '<p id=" __config">x</p>',
        '<a name="__drawer">x</a>',
        '<input type="checkbox" id="__search" name="__toc">',
        '<label for="__search">x</label>',
    ],
)
def test_ids_names_and_labels_of_the_sites_own_are_removed(html: str) -> None:
    cleaned = clean_html(html)
    assert "__" not in cleaned and "md-" not in cleaned and "sc-" not in cleaned
    assert ' id="_x"' not in cleaned


@pytest.mark.parametrize(
    "classes",
    ["md-consent__overlay", "md-consent__inner", "MD-dialog", "sc-deck__frame", "md-typeset"],
)
def test_classes_of_the_theme_and_showcase_are_removed(classes: str) -> None:
    assert clean_html(f'<div class="keep {classes}">x</div>') == '<div class="keep">x</div>'


def test_what_markdown_extensions_write_and_harmless_classes_stay() -> None:
    tabs = (
        '<div class="tabbed-set" data-tabs="1:2"><input checked id="__tabbed_1_1" '
        'name="__tabbed_1" type="radio"><label for="__tabbed_1_1">A</label></div>'
        '<a id="__codelineno-0-1" name="__codelineno-0-1"></a><span id="__span-0-1">x</span>'
        '<a class="md-button md-button--primary" href="x">b</a><p id="fn:1">f</p>'
    )
    cleaned = clean_html(tabs)
    for kept in (
        'id="__tabbed_1_1"',
        'name="__tabbed_1"',
        'for="__tabbed_1_1"',
        'id="__codelineno-0-1"',
        'id="__span-0-1"',
        'class="md-button md-button--primary"',
        'id="fn:1"',
    ):
        assert kept in cleaned, kept


def test_check_warns_of_them_with_the_line_attr_list_included(content: ContentKit) -> None:
    body = (
        "Intro.\n\n"
        '<div id="__config">{"search": "w.js"}</div>\n\n'
        "A paragraph\n{#__search}\n\n"
        '<div class="md-consent__overlay"></div>\n\n'
        "[A button](https://example.com){ .md-button }\n"
    )
    content.talk("t", "title: T\nspeakers: [ana-lima]\n", body=body)
    found = described(content.load())
    index = "talks/t/index.md"
    # Front matter on lines 1-4, a blank line: the writeup starts on line 6.
    assert any(f'{index}:8: warning: `id="__config"` on `<div>`' in line for line in found)
    assert any(f'{index}:11: warning: `id="__search"` on `<p>`' in line for line in found)
    assert any(f"{index}:13: warning: the class `md-consent__overlay`" in line for line in found), (
        found
    )
    assert not any("md-button" in line.split("keeping")[0] for line in found), found


def test_a_built_page_keeps_the_themes_config_the_only_one(tmp_path: Path) -> None:
    kit = ContentKit(tmp_path / "content").standard()
    kit.talk(
        "t",
        "title: T\nspeakers: [ana-lima]\nevent: 2026-10\n",
        body='<div id="__config">{"base": ".", "search": "w.js"}</div>\n\n'
        '<div class="md-consent__overlay"></div>\n',
    )
    built = start_build(write_project(tmp_path), strict=False).wait().check()
    page = built.page("talks/t/")
    configs = page.soup.select("#__config")
    assert len(configs) == 1 and "w.js" not in configs[0].get_text()
    assert not page.content.select("[class*=md-consent]")


def test_an_unclosed_style_in_one_notebook_output_hides_no_later_cell(
    content: ContentKit, tmp_path: Path
) -> None:
    """``<style>`` inside ``<math><mtext><table><mglyph>`` is raw text to an HTML5 parser:
    parsed with the whole notebook, it swallowed every cell after it."""
    trap = "<math><mtext><table><mglyph><style><img src=x onerror=document.title='pwned'>"
    cells = [
        v4.new_code_cell(
            "trap()",
            execution_count=7,
            outputs=[v4.new_output("display_data", data={"text/html": trap, "text/plain": "t"})],
        ),
        v4.new_markdown_cell("After the trap: zebrafoo-markdown <style>"),
        v4.new_code_cell(
            "later()",
            execution_count=8,
            outputs=[
                v4.new_output(
                    "display_data",
                    data={"text/html": "<p>zebrafoo-output</p>", "text/plain": "later"},
                )
            ],
        ),
        v4.new_markdown_cell("Last: zebrafoo-last"),
    ]
    content.talk(
        "nb",
        "title: NB\nspeakers: [ana-lima]\nevent: 2026-10\nnotebooks: [n.ipynb]\n",
        files={"n.ipynb": notebook_bytes(extra_cells=cells)},
    )
    archive = content.load().archive
    published = AttachmentProcessor(content.root, Cache(tmp_path / "cache")).process(archive)
    talk = archive.talks["nb"]
    html = published.talk_extras(talk, talk_src(talk))
    for marker in ("zebrafoo-markdown", "zebrafoo-output", "zebrafoo-last"):
        assert marker in html, marker
    assert "onerror" not in html and "<style" not in html
