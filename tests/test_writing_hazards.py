"""What ``showcase check`` and the build say about hazards in people's writing (HTML that
could run script, pictures and diagrams from other hosts), and what the build does with
the harmless HTML a team writes: the demo site reads the same with and without trust.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import hostilekit as hostile
import pytest
import yaml
from bs4 import BeautifulSoup
from contentkit import ContentKit
from sitekit import Build, demo_project, search_records, shared_demo_build, start_build

from showcase.cli import main

WRITEUP = """\
Plain words.

<script>document.title='pwned'</script>

![chart](https://pictures.example.com/chart.png)

```python
print("<script>in code</script>")
```

A `<iframe src=x>` in a code span, and a [click](javascript:alert(1)).

<div style="position:fixed;inset:0">overlay</div>

```mermaid
graph TD; A-->B
```
"""


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SHOWCASE_TODAY", "2026-11-24")
    return tmp_path


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = main(["check", *argv])
    return code, capsys.readouterr().out.splitlines()


def _hostile_content(workdir: Path) -> ContentKit:
    kit = ContentKit(workdir / "content").standard()
    kit.people(
        "ana-lima:\n  name: Ana Lima\n  bio: |\n    Hello.\n"
        "    <img src=x onerror=\"document.title='pwned'\">\n"
        "bo-chen:\n  name: Bo Chen\ncarla-diaz:\n  name: Carla Diaz\n"
    )
    kit.event(
        "2026-10", "date: 2026-10-15\nnotes: '![venue](https://pictures.example.com/v.png)'\n"
    )
    kit.talk("t", "title: T\nspeakers: [ana-lima]\nevent: 2026-11\n", body=WRITEUP)
    return kit


def test_check_names_the_file_and_line_of_script_and_remote_pictures_in_writing(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _hostile_content(workdir)
    code, out = _check(capsys, "content")
    assert code == 0, "hazards are warnings: the build makes them safe"
    index = "content/talks/t/index.md"
    # Front matter on lines 1-5, a blank line (see ContentKit.talk): the writeup is line 7 on.
    expected = [
        (f"{index}:9", "`<script>` could run script"),
        (f"{index}:11", "the picture `https://pictures.example.com/chart.png` is on another host"),
        (f"{index}:17", "a `javascript:` URL in `href` of `<a>`"),
        (f"{index}:19", "a `style` attribute on `<div>`"),
        (f"{index}:21", "a Mermaid diagram"),
        ("content/people.yml:5", "`bio` of `ana-lima`: `onerror` on `<img>` runs script"),
        ("content/events/2026-10.yml:2:8", "the picture `https://pictures.example.com/v.png`"),
    ]
    for where, what in expected:
        assert any(line.startswith(f"{where}: warning: ") and what in line for line in out), (
            where,
            what,
            out,
        )
    # `<img src=x onerror=...>` is also a picture that is not there: a link check of its own.
    warnings = [line for line in out if ": warning: " in line and "leads to no page" not in line]
    assert len(warnings) == len(expected), "code blocks and spans are not HTML"
    code, _ = _check(capsys, "content", "--strict")
    assert code == 1


def test_check_says_nothing_of_them_when_the_archive_trusts_its_authors(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _hostile_content(workdir)
    (workdir / "mkdocs.yml").write_text(
        "site_name: S\ndocs_dir: content\nplugins:\n  - showcase:\n      trust_authors: true\n",
        encoding="utf-8",
    )
    code, out = _check(capsys)
    # What is left is the pictures the payloads name (`src=x`), which are not there (one
    # in the writeup, one in a bio; `src=x` quoted in code is no link).
    assert code == 0
    left = [line for line in out if "leads to no page" in line]
    assert out == [
        *left,
        f"{len(left)} warning{'s' if len(left) != 1 else ''} in 1 talk, 3 events, 3 people.",
    ]
    assert left, "the pictures that are not there are still links that lead nowhere"


def test_check_warns_of_each_document_the_build_leaves_out(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    kit = ContentKit(workdir / "content").standard()
    deck = "<!doctype html><html><body><section>S</section></body></html>"
    kit.talk(
        "t",
        "title: T\nspeakers: [ana-lima]\nevent: 2026-11\nslides: deck.html\n",
        files={"deck.html": deck, "extra.html": deck, "figure.svg": "<svg/>", "data.csv": "a\n"},
    )
    (kit.root / "about.xhtml").write_text(deck, encoding="utf-8")
    (kit.root / "talks/t/.hidden.html").write_text(deck, encoding="utf-8")

    code, out = _check(capsys, "content")

    assert code == 0
    left_out = sorted(line.split(":")[0] for line in out if "this file is not published" in line)
    assert left_out == [
        "content/about.xhtml",
        "content/talks/t/extra.html",
        "content/talks/t/figure.svg",
    ], out

    (workdir / "mkdocs.yml").write_text(
        "site_name: S\ndocs_dir: content\nplugins:\n  - showcase:\n      trust_authors: true\n",
        encoding="utf-8",
    )
    _, out = _check(capsys)
    assert not any("not published" in line for line in out)


def test_trust_authors_must_be_true_or_false(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ContentKit(workdir / "content").standard()
    (workdir / "mkdocs.yml").write_text(
        "site_name: S\nplugins:\n  - showcase:\n      trust_authors: sometimes\n",
        encoding="utf-8",
    )
    assert main(["check", "content"]) == 2
    assert "`trust_authors` must be true or false" in capsys.readouterr().err


def test_the_build_warns_as_check_does_and_strict_refuses_it(tmp_path: Path) -> None:
    config = hostile.hostile_project(tmp_path / "site")
    built = start_build(config, strict=True).wait()
    assert not built.ok
    assert re.search(r"talks/hostile-writeup/index\.md:\d+: warning: `<script>`", built.log)


# The demo site: harmless HTML survives -------------------------------------------------


@pytest.fixture(scope="module")
def trusted_demo(tmp_path_factory: pytest.TempPathFactory) -> Build:
    config = demo_project(tmp_path_factory.mktemp("trusted-demo"))
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["plugins"] = [
        {"showcase": {**plugin["showcase"], "trust_authors": True}}
        if isinstance(plugin, dict) and "showcase" in plugin
        else plugin
        for plugin in settings["plugins"]
    ]
    config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return start_build(config).wait().check()


def test_the_demo_site_reads_the_same_with_and_without_trusting_its_authors(
    tmp_path_factory: pytest.TempPathFactory, trusted_demo: Build
) -> None:
    """Pages differ only in how the sanitiser writes the same HTML: characters for
    entities (``¶`` for ``&para;``), ``<br>`` for ``<br />``. Parsed, they are equal."""
    guarded = shared_demo_build(tmp_path_factory)
    pages = [path.relative_to(guarded.site) for path in guarded.html_files()]
    trusted_pages = [path.relative_to(trusted_demo.site) for path in trusted_demo.html_files()]
    # Trusted, the HTML deck is published as it is too, beside the page that frames it.
    assert sorted(set(trusted_pages) - set(pages)) == [
        Path("talks/2026-04-streaming-order-events/slides.html")
    ]
    assert set(pages) <= set(trusted_pages)
    differing = []
    for page in pages:
        mine, theirs = (guarded.site / page).read_text(), (trusted_demo.site / page).read_text()
        if mine == theirs:
            continue
        differing.append(page)
        assert str(BeautifulSoup(mine, "html.parser")) == str(
            BeautifulSoup(theirs, "html.parser")
        ), page
        assert "&para;" in theirs and "&para;" not in mine, page
    assert differing, "the demo's writeups have heading permalinks (&para;)"
    for other in ("feed.xml", "schedule.ics"):
        assert (guarded.site / other).read_bytes() == (trusted_demo.site / other).read_bytes()
    assert search_records(guarded.site) == search_records(trusted_demo.site)
    # Trusted, the deck is published as it is, so the export gives its address.
    exported = [
        json.loads((site / "talks.json").read_text(encoding="utf-8"))
        for site in (guarded.site, trusted_demo.site)
    ]
    for export in exported:
        for talk in export["talks"]:
            for attachment in talk["attachments"]:
                if attachment["kind"] == "html":
                    attachment["url"] = None
    assert exported[0] == exported[1]
