"""Generated pages: front matter any title survives, and the skeleton with its HTML blocks."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from showcase.site.pages import HTML, WRITING, _make_page
from showcase.writing import MarkdownSettings


@given(st.text())
def test_any_title_survives_the_front_matter(title: str) -> None:
    page = _make_page("talks/t/index.md", title, [(WRITING, "Body.")])
    body, meta = get_data(page.markdown)
    assert meta == {"hide": ["navigation"], "title": html.escape(title, quote=False)}
    assert body.strip() == "Body."


def test_the_home_page_leaves_its_title_to_the_theme() -> None:
    page = _make_page("index.md", "Demo Days", [(WRITING, "Hello.")], titled=False)
    assert get_data(page.markdown)[1] == {"hide": ["navigation"]}


def test_the_skeleton_holds_a_place_for_each_html_block_and_fill_puts_them_back() -> None:
    parts = [(HTML, "<h1>Header</h1>"), (WRITING, "Words."), (HTML, "<nav id='n'>Nav</nav>")]
    page = _make_page("talks/t/index.md", "T", parts)
    assert "<h1>" not in page.skeleton and "Words." in page.skeleton
    converted = page.skeleton.split("---", 2)[2].replace("Words.", "<p>Words.</p>")
    filled, missing = page.fill(converted)
    assert missing == []
    assert filled.index("<h1>Header</h1>") < filled.index("<p>Words.</p>") < filled.index("Nav")
    assert page.block_ids() == {"n"}


def test_a_lost_place_is_reported_and_its_block_still_shown() -> None:
    page = _make_page("t.md", "T", [(HTML, "<b>one</b>"), (WRITING, "W"), (HTML, "<i>two</i>")])
    filled, missing = page.fill("<p>W</p>")
    assert missing == [0, 2]
    assert filled.endswith("<b>one</b>\n<i>two</i>")


def test_writing_that_copies_a_place_does_not_get_a_block() -> None:
    page = _make_page("t.md", "T", [(HTML, "<b>one</b>"), (WRITING, "W")])
    place = page.skeleton.split("\n\n")[1]
    forged = _make_page("t.md", "T", [(HTML, "<b>one</b>"), (WRITING, place)])
    assert place not in forged.skeleton.replace(place, "", 1), "its own place differs"


def test_bare_addresses_become_links_and_a_site_that_names_magiclink_keeps_its_options() -> None:
    default = MarkdownSettings(("toc",))
    assert default.all_extensions == ("toc", "pymdownx.magiclink")
    assert default.markdown().convert("See https://a.example/x.") == (
        '<p>See <a href="https://a.example/x">https://a.example/x</a>.</p>'
    )
    own = MarkdownSettings(
        ("toc", "pymdownx.magiclink"), {"pymdownx.magiclink": {"hide_protocol": True}}
    )
    assert own.all_extensions == ("toc", "pymdownx.magiclink")
    assert own.markdown().convert("See https://a.example/x.") == (
        '<p>See <a href="https://a.example/x">a.example/x</a>.</p>'
    )
