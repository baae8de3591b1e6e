"""The content folder's own Markdown pages (an about page, notes beside a talk), which
Showcase does not make: their front matter keeps only a few keys, each checked and
escaped, whatever a contributor puts there; ``check`` says what the build drops, at the
key's line, and warns of hazards in their writing as in any other."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from contentkit import ContentKit, described
from sitekit import TODAY, Build, PendingBuild, search_records, start_build, write_project

from showcase.cli import main
from showcase.site.extras import heading_title, kept_meta, split_page

SCRIPT = "</title><script>document.title='pwned'</script>"
IMG = "<img src=x onerror=document.title='pwned'>"
#: Pages whose front matter would have ended the build in a traceback, by file.
BREAKING = {
    "missing.md": "template: nope.html",
    "blog.md": "template: blog-post.html",
    "climbing.md": "template: ../../../etc/passwd",
    "listed.md": "template: [1, 2]",
    "hide.md": "hide: 5",
    "searched.md": "search: 5",
    "icon.md": "icon: ../x",
    "title.md": "title: {a: 1}",
}
PAGES = {
    "about.md": (
        f'---\ntitle: "{SCRIPT}"\ndescription: \'"><script>document.title="pwned"</script>\'\n'
        "author: '\"><b>author</b>'\nhide: [toc]\n---\n\n# About\n\nzebrafoo about\n"
    ),
    "go.md": "---\ntemplate: redirect.html\nlocation: \"javascript:document.title='pwned'\"\n---\n",
    "away.md": "---\ntemplate: redirect.html\nlocation: https://evil.example/\n---\n",
    "plain.md": "template: redirect.html\nlocation: https://evil.example/\n\n# Plain\n",
    "heading.md": "# &lt;/title&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt;\n\ntext\n",
    "found.md": f'---\ntitle: "zebrafoo {IMG}"\n---\n\nbody\n',
    **{name: f"---\n{line}\n---\n\n# Fine\n" for name, line in BREAKING.items()},
}


def _project(root: Path, *, trusted: bool = False) -> Path:
    kit = ContentKit(root / "content").standard()
    kit.talk("t", "title: T\nspeakers: [ana-lima]\nevent: 2026-10\n")
    for name, text in PAGES.items():
        kit.write(name, text)
    kit.write("talks/t/notes.md", "# Notes\n\n<script>document.title='pwned'</script>\n")
    return write_project(root, plugin_options={"trust_authors": trusted})


@pytest.fixture(scope="module")
def pending(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PendingBuild]:
    return {
        name: start_build(_project(tmp_path_factory.mktemp(name), trusted=trusted), strict=False)
        for name, trusted in (("guarded", False), ("trusted", True))
    }


@pytest.fixture(scope="module")
def built(pending: dict[str, PendingBuild]) -> Build:
    return pending["guarded"].wait().check()


def test_front_matter_that_ended_the_build_now_ends_in_a_warning(built: Build) -> None:
    assert "Traceback" not in built.log
    for name in BREAKING:
        assert built.page(f"{name[:-3]}/").h1 == "Fine", name


@pytest.mark.parametrize("name", ["guarded", "trusted"])
def test_a_page_cannot_redirect_the_reader(pending: dict[str, PendingBuild], name: str) -> None:
    site = pending[name].wait().check()
    for page in ("go/", "away/", "plain/"):
        html = site.html(page)
        assert "http-equiv" not in html and "evil.example" not in html, page
        assert "javascript:document.title" not in html, page


def test_title_description_and_author_are_text_in_the_html(built: Build) -> None:
    page = built.page("about/")
    assert page.soup.title is not None and page.soup.title.string == f"{SCRIPT} - Test Demo Days"
    assert not page.soup.find("script", string="document.title='pwned'")
    description = page.soup.find("meta", attrs={"name": "description"})
    assert description is not None
    assert description["content"] == '"><script>document.title="pwned"</script>'
    author = page.soup.find("meta", attrs={"name": "author"})
    assert author is not None and author["content"] == '"><b>author</b>'
    assert not page.soup.select(".md-sidebar--secondary:not([hidden])"), "hide: [toc] is kept"


def test_a_title_from_the_first_heading_is_text_though_the_theme_strips_tags(
    built: Build,
) -> None:
    page = built.page("heading/")
    assert page.soup.title is not None
    assert page.soup.title.string == f"{SCRIPT} - Test Demo Days"
    assert page.soup.title.find("script") is None


def test_search_shows_the_titles_of_own_pages_as_text(built: Build) -> None:
    # The search box writes titles into the page as text (the browser test checks that).
    titles = [
        record["meta"]["title"]
        for record in search_records(built.site).values()
        if "zebrafoo" in record["meta"]["title"]
    ]
    assert titles == ["zebrafoo <img src=x onerror=document.title='pwned'>"]


def test_check_warns_at_each_key_the_build_drops(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "content/go.md:2:1: warning: `template` is ignored" in out
    assert "content/go.md:3:1: warning: `location` is ignored" in out
    assert "content/plain.md:1: warning: `template` is ignored" in out  # no --- lines
    assert "content/plain.md:2: warning: `location` is ignored" in out
    assert "content/hide.md:2:7: warning: `hide` is ignored: it must list some of" in out
    assert "content/searched.md:2:9: warning: `search` is ignored" in out
    assert "content/title.md:2:8: warning: `title` is ignored: it must be text" in out
    assert "content/about.md" not in out, "its keys are all kept"


def test_check_warns_of_script_in_own_pages_at_its_line(content: ContentKit) -> None:
    content.write("about.md", "---\ntitle: A\n---\n\n# About\n\n<script>x()</script>\n")
    content.write(
        "talks-notes.md", "Note: this line is front matter to MkDocs\n\n# N\n\n<iframe>\n"
    )
    found = described(content.load())
    assert any(line.startswith("about.md:7: warning: `<script>`") for line in found), found
    assert any("talks-notes.md:5: warning: `<iframe>`" in line for line in found), found
    assert any("talks-notes.md:1: warning: `note` is ignored" in line for line in found), found


def test_front_matter_that_does_not_parse_is_a_warning_not_an_error(content: ContentKit) -> None:
    content.write("about.md", "---\ntitle: [unclosed\n---\n\n# About\n")
    content.write("list.md", "---\n- a\n- b\n---\n\n# List\n")
    result = content.load()
    assert not result.errors, described(result)
    found = described(result)
    assert any(line.startswith("about.md:3") and "YAML does not parse" in line for line in found)
    assert any(line.startswith("list.md:2") and "not a mapping" in line for line in found)


def test_the_kept_front_matter_is_escaped_and_checked() -> None:
    kept, dropped = kept_meta(
        {
            "title": "A <b>",
            "description": 'x" onload="y',
            "hide": "navigation",
            "search": {"exclude": True},
            "template": "redirect.html",
        }
    )
    assert kept == {
        "title": "A &lt;b&gt;",
        "description": "x&quot; onload=&quot;y",
        "hide": ["navigation"],
        "search": {"exclude": True},
    }
    assert [d.key for d in dropped] == ["template"]
    assert [d.key for d in kept_meta({"title": "a\u202eb", "hide": ["x"], "search": 1})[1]] == [
        "title",
        "hide",
        "search",
    ]


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        (
            "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;",
            "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;",
        ),
        ("Fish &amp; chips", "Fish &amp; chips"),
        ('<img src=x onerror="a>b"> tail', "tail"),
    ],
)
def test_a_heading_title_is_its_plain_text_escaped(heading: str, title: str) -> None:
    assert heading_title(heading) == title


def test_pages_are_split_as_mkdocs_splits_them() -> None:
    yaml_page = split_page("---\ntitle: x\n---\n\n# Body\n")
    assert (yaml_page.yaml, yaml_page.body, yaml_page.body_line) == ("title: x\n", "# Body\n", 5)
    lines = split_page("Title: A\nTemplate: b\n    more\n\n# Body\n")
    assert lines.meta == {"title": "A", "template": "b more"}
    assert (lines.lines, lines.body_line) == ({"title": 1, "template": 2}, 5)
    assert split_page("# Only a body\n").meta == {}


def test_generate_writes_own_pages_with_the_same_front_matter_and_sanitised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _project(tmp_path / "archive")
    monkeypatch.chdir(config.parent)
    assert main(["generate", str(tmp_path / "out"), "--today", TODAY]) == 0
    capsys.readouterr()
    docs = tmp_path / "out/docs"
    go = (docs / "go.md").read_text(encoding="utf-8")
    assert "template" not in go and "location" not in go and 'title: "Go"' in go
    heading = (docs / "heading.md").read_text(encoding="utf-8")
    assert 'title: "&lt;/title&gt;&lt;script&gt;' in heading
    notes = (docs / "talks/t/notes.md").read_text(encoding="utf-8")
    assert "<script" not in notes and "<h1" in notes
    assert os.path.getsize(docs / "about.md") > 0


def test_own_pages_are_a_search_part_of_their_own_indexed_last(built: Build) -> None:
    # Showcase's pages were indexed while MkDocs rendered the pages; own pages, which
    # MkDocs makes, form the one part indexed after them.
    found = re.search(
        r"Search: \d+ pages in (\d+) parts, (\d+) parts reused from the cache, "
        r"(\d+) indexed while the pages were rendered",
        built.log,
    )
    assert found, built.log
    parts, reused, ahead = (int(n) for n in found.groups())
    assert reused == 0 and ahead == parts - 1
    manifest = json.loads((built.site / "search/index.json").read_text(encoding="utf-8"))
    own = [shard["path"] for shard in manifest["shards"] if shard["path"].startswith("own.")]
    assert own == ["own.en.w0.5/"]
    urls = {url for url, record in search_records(built.site).items() if "zebrafoo" in str(record)}
    assert urls
