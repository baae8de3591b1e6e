"""Links between pages, worked out by counting folders, against ``posixpath.relpath``."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from showcase.site.links import Linker
from showcase.site.pages import _LateLinks

_NAMES = st.sampled_from(["index", "talks", "people", "a", "ab", "2026-01", "media", "x.y"])
_SOURCES = st.builds(
    lambda folders, name, suffix: "/".join([*folders, name]) + suffix,
    st.lists(_NAMES, max_size=4),
    _NAMES,
    st.sampled_from([".md", ".md", ".svg", ".pdf", ".ics"]),
)


def _by_relpath(linker: Linker, from_src: str, to_src: str) -> str:
    source, target = linker.url(from_src), linker.url(to_src)
    base = posixpath.dirname(source) if not source.endswith("/") else source.rstrip("/")
    path = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") or target == "":
        path = "./" if path == "." else path.rstrip("/") + "/"
    return path


@pytest.mark.parametrize("directory_urls", [True, False])
@given(from_src=_SOURCES, to_src=_SOURCES)
def test_a_link_is_what_relpath_gives(directory_urls: bool, from_src: str, to_src: str) -> None:
    linker = Linker(directory_urls=directory_urls)
    assert linker.relative(from_src, to_src) == _by_relpath(linker, from_src, to_src)


@pytest.mark.parametrize(
    ("from_src", "to_src", "link"),
    [
        ("talks/a/index.md", "talks/b/index.md", "../b/"),
        ("talks/a/index.md", "talks/a/index.md", "./"),
        ("index.md", "people/ana.md", "people/ana/"),
        ("people/ana.md", "index.md", "../../"),
        ("talks/a/index.md", "media/cards/a.svg", "../../media/cards/a.svg"),
        ("schedule.md", "schedule.ics", "../schedule.ics"),
    ],
)
def test_links_between_pages(from_src: str, to_src: str, link: str) -> None:
    assert Linker().relative(from_src, to_src) == link


@pytest.mark.parametrize("directory_urls", [True, False])
@given(from_src=_SOURCES, to_src=_SOURCES)
def test_a_late_link_resolves_to_the_link_from_its_page(
    directory_urls: bool, from_src: str, to_src: str
) -> None:
    linker = Linker(directory_urls=directory_urls)
    late = _LateLinks(linker)
    body = f'<a href="{late.url(to_src)}">x</a> <img src="{late.url("media/a&b.webp")}">'
    expected = escape(linker.relative(from_src, "media/a&b.webp"))
    assert late.resolve(body, from_src) == (
        f'<a href="{linker.relative(from_src, to_src)}">x</a> <img src="{expected}">'
    )


def test_text_that_looks_like_a_late_link_is_left_alone() -> None:
    late = _LateLinks(Linker())
    real = late.url("talks/a.md")
    forged = "\x1a000000000000:0\x1a"
    assert late.resolve(f"{forged} {real}", "people/b.md") == f"{forged} ../../talks/a/"
