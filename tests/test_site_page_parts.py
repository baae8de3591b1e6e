"""Generated pages' front matter: any title comes back intact through MkDocs' reader."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from showcase.site.pages import WRITING, _make_page


@given(st.text())
def test_any_title_survives_the_front_matter(title: str) -> None:
    page = _make_page("talks/t/index.md", title, [(WRITING, "Body.")])
    body, meta = get_data(page.markdown)
    assert meta == {"hide": ["navigation"], "title": html.escape(title, quote=False)}
    assert body.strip() == "Body."


def test_the_home_page_leaves_its_title_to_the_theme() -> None:
    page = _make_page("index.md", "Demo Days", [(WRITING, "Hello.")], titled=False)
    assert get_data(page.markdown)[1] == {"hide": ["navigation"]}
