"""Build real sites in temporary folders with the real ``mkdocs build``, and read them.

A build runs ``python -m mkdocs build`` in a subprocess, as a person would, so that the
plugin is found through its entry point, its ``on_startup`` sees the real command and
``--strict`` counts its warnings. ``SHOWCASE_TODAY`` is always fixed.

Reading helpers map built files back to site paths and resolve links the way a browser
would, so that tests can say "this page links to that talk" instead of matching strings.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from contentkit import CHIPY as CHIPY
from contentkit import require_chipy as require_chipy

REPO = Path(__file__).resolve().parent.parent

#: The day every site build judges past and upcoming by, unless a test says otherwise.
TODAY = "2026-11-24"

#: The smallest configuration a Showcase site needs; tests add to it.
BASE_CONFIG: dict[str, Any] = {
    "site_name": "Test Demo Days",
    "docs_dir": "content",
    "theme": {"name": "material", "font": False},
    "plugins": ["search", "showcase"],
}


@dataclass(frozen=True)
class Build:
    """One finished ``mkdocs build``: its exit code, its log and the site it wrote."""

    returncode: int
    log: str
    site: Path
    project: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def check(self) -> Build:
        """This build, after failing the test with the log if the build failed."""
        assert self.returncode == 0, f"mkdocs build failed ({self.returncode}):\n{self.log}"
        return self

    def file(self, url: str) -> Path:
        """The file a site path such as ``talks/slug/`` or ``people/ana.html`` is served from."""
        path = self.site / unquote(url)
        return path / "index.html" if url == "" or url.endswith("/") else path

    def html(self, url: str) -> str:
        return self.file(url).read_text(encoding="utf-8")

    def page(self, url: str) -> SitePage:
        return SitePage(self, self.file(url))

    def html_files(self) -> list[Path]:
        # A derived folder is named after its attachment: media/talks/x/slides.html/.
        return sorted(path for path in self.site.rglob("*.html") if path.is_file())

    def pages(self) -> Iterator[SitePage]:
        for path in self.html_files():
            yield SitePage(self, path)


def write_project(
    root: Path,
    *,
    config: Mapping[str, Any] | None = None,
    plugin_options: Mapping[str, Any] | None = None,
    content: Path | None = None,
) -> Path:
    """Write ``root/mkdocs.yml`` (``BASE_CONFIG`` updated with ``config``) and return it.

    ``plugin_options`` become the options of ``showcase`` in ``plugins``; ``content`` is a
    folder copied to ``root/content``.
    """
    settings = {**BASE_CONFIG, **(config or {})}
    if plugin_options:
        settings["plugins"] = [
            {"showcase": dict(plugin_options)} if plugin == "showcase" else plugin
            for plugin in settings["plugins"]
        ]
    root.mkdir(parents=True, exist_ok=True)
    if content is not None:
        shutil.copytree(content, root / "content")
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return config_file


def demo_project(root: Path) -> Path:
    """A copy of the repository's demo site (content and ``mkdocs.yml``)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root / "mkdocs.yml"


def set_config(config_file: Path, **changes: Any) -> None:
    """Change top-level keys of a written ``mkdocs.yml`` (the demo's uses no YAML tags)."""
    settings = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    settings.update(changes)
    config_file.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")


class PendingBuild:
    """A ``mkdocs build`` queued or running in the background; ``wait()`` gives its ``Build``.

    Builds are started together and waited for when needed, so that a test session with
    several sites keeps every processor busy; at most one build per processor runs at once.
    """

    def __init__(self, future: Future[Build]) -> None:
        self.future = future

    def wait(self) -> Build:
        return self.future.result(timeout=600)


_builders = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="mkdocs")


def start_build(
    config_file: Path,
    *,
    strict: bool = True,
    today: str | None = TODAY,
    site_dir: Path | None = None,
) -> PendingBuild:
    """Queue ``mkdocs build`` of ``config_file``; the site goes to ``site`` beside it."""
    return PendingBuild(
        _builders.submit(_run_build, config_file, strict=strict, today=today, site_dir=site_dir)
    )


def _run_build(
    config_file: Path,
    *,
    strict: bool,
    today: str | None,
    site_dir: Path | None,
    options: Sequence[str] = (),
) -> Build:
    project = config_file.parent
    site = site_dir or project / "site"
    env = {k: v for k, v in os.environ.items() if k != "SHOWCASE_TODAY"}
    if today is not None:
        env["SHOWCASE_TODAY"] = today
    # Material prints a banner about its future; it is noise in a failing test's log.
    env["NO_MKDOCS_2_WARNING"] = "1"
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site)]
    if strict:
        command.append("--strict")
    command.extend(options)
    done = subprocess.run(
        command,
        cwd=project,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
        check=False,
    )
    return Build(done.returncode, done.stdout, site, project)


def build(
    config_file: Path,
    *,
    strict: bool = True,
    today: str | None = TODAY,
    site_dir: Path | None = None,
    options: Sequence[str] = (),
) -> Build:
    """Run ``mkdocs build`` on ``config_file`` now, in this thread (``options`` are more
    command-line options, such as ``-q``)."""
    return _run_build(config_file, strict=strict, today=today, site_dir=site_dir, options=options)


def build_without_cache(
    root: Path, content: Path, *, today: str | None = TODAY, cache_says: str = ""
) -> Build:
    """``content`` built afresh in ``root`` with the page cache off: what a build that
    takes kept work back must write. ``cache_says`` is a line only a build with the cache
    logs (checked absent)."""
    shutil.rmtree(root, ignore_errors=True)
    config = write_project(root, plugin_options={"page_cache": False}, content=content)
    result = build(config, today=today).check()
    assert not cache_says or cache_says not in result.log, result.log
    return result


# Builds shared across test modules ------------------------------------------------------

_shared: dict[str, PendingBuild] = {}


def start_demo_build(factory: pytest.TempPathFactory) -> PendingBuild:
    """The demo site, built once per test session (``SHOWCASE_TODAY`` = ``TODAY``)."""
    if "demo" not in _shared:
        _shared["demo"] = start_build(demo_project(factory.mktemp("demo")))
    return _shared["demo"]


def shared_demo_build(factory: pytest.TempPathFactory) -> Build:
    return start_demo_build(factory).wait().check()


# Reading built pages --------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A URL in a page: the element it sits on and what it points to."""

    element: Tag
    attribute: str
    value: str

    @property
    def is_external(self) -> bool:
        """Points to another host (``http(s)://`` or protocol-relative ``//``)."""
        return is_external_url(self.value)


def is_external_url(value: str) -> bool:
    return bool(re.match(r"\s*(?:[a-z][a-z0-9+.-]*:)?//", value, re.IGNORECASE))


class SitePage:
    """A built HTML page, parsed, with its links resolvable against the site."""

    def __init__(self, build: Build, path: Path) -> None:
        self.build = build
        self.path = path

    def __repr__(self) -> str:
        return f"SitePage({self.url!r})"

    @property
    def url(self) -> str:
        """The site path this file is served at, as MkDocs writes links to it."""
        relative = self.path.relative_to(self.build.site).as_posix()
        if relative == "index.html":
            return ""
        return relative.removesuffix("index.html")

    @cached_property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.text, "html.parser")

    @property
    def content(self) -> Tag:
        """The main content (Material's ``<article>``), without header, nav or footer."""
        found = self.soup.select_one("article.md-content__inner")
        assert found is not None, f"{self} has no main content"
        return found

    @property
    def h1(self) -> str:
        found = self.content.find("h1")
        assert found is not None, f"{self} has no h1"
        return found.get_text(" ", strip=True)

    def links(self, scope: Tag | None = None) -> list[Link]:
        """Every URL the page (or ``scope``) refers to: href, src and srcset."""
        found: list[Link] = []
        for element in (scope or self.soup).find_all(True):
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if isinstance(value, str):
                    found.append(Link(element, attribute, value))
            srcset = element.get("srcset")
            if isinstance(srcset, str):
                for candidate in srcset.split(","):
                    if candidate.strip():
                        found.append(Link(element, "srcset", candidate.split()[0]))
        return found

    def anchors(self, scope: Tag | None = None) -> list[str]:
        """The href of every ``<a>`` in the page (or in ``scope``)."""
        return [
            value
            for a in (scope or self.soup).find_all("a")
            if isinstance(value := a.get("href"), str)
        ]

    def resolve(self, href: str) -> str | None:
        """The site path an internal link leads to (no fragment), or None for other hosts,
        ``mailto:`` and the like. Fragment-only links resolve to this page."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None
        if not parts.path:
            return self.url
        # A root-absolute path (404.html has them) is taken from the site's root.
        folder = posixpath.dirname(self.path.relative_to(self.build.site).as_posix())
        path = unquote(parts.path)
        joined = posixpath.normpath(
            path.lstrip("/") or "." if path.startswith("/") else posixpath.join(folder, path)
        )
        if joined == ".":
            return ""
        if joined.startswith("../"):
            return joined  # leaves the site: the caller's assertion shows it
        trailing = parts.path.endswith("/") or parts.path.rsplit("/", 1)[-1] in (".", "..")
        return joined + "/" if trailing and not joined.endswith("/") else joined

    def target_file(self, href: str) -> Path | None:
        """The built file an internal link is served from (a folder serves its index.html)."""
        url = self.resolve(href)
        if url is None:
            return None
        path = self.build.site / url
        return path / "index.html" if path.is_dir() else path


TALK_URL = re.compile(r"^talks/([^/]+)/(?:index\.html)?$")


def talk_slugs_linked(page: SitePage, scope: Tag | None = None) -> set[str]:
    """Slugs of the talk pages that ``<a>`` elements of ``page`` (or ``scope``) link to."""
    slugs = set()
    for href in page.anchors(scope if scope is not None else page.content):
        url = page.resolve(href)
        if url is not None and (match := TALK_URL.match(url)):
            slugs.add(match.group(1))
    return slugs


def article_html(text: str) -> str:
    """The inner HTML of Material's main ``<article>``, one trimmed line per line, no blank
    lines: what a golden file compares (theme whitespace does not count)."""
    start = re.search(r'<article class="md-content__inner[^"]*">', text)
    assert start is not None, "no <article class=md-content__inner> in the page"
    depth, position = 1, start.end()
    for tag in re.finditer(r"<(/?)article\b[^>]*>", text[position:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            inner = text[position : position + tag.start()]
            break
    else:
        raise AssertionError("the main <article> is not closed")
    return "".join(line.strip() + "\n" for line in inner.splitlines() if line.strip())


def broken_links(pages: Iterable[SitePage]) -> list[tuple[str, str]]:
    """Internal links that lead to no built file, and root-absolute links outside the 404
    page (MkDocs writes those there on purpose): they break a site hosted under a path."""
    broken = []
    for page in pages:
        for link in page.links():
            if link.is_external or link.value.startswith(("mailto:", "data:", "javascript:")):
                continue
            target = page.target_file(link.value)
            if target is None or not target.is_file():
                broken.append((page.url or "index.html", link.value))
            elif link.value.startswith("/") and page.url != "404.html":
                broken.append((page.url or "index.html", f"{link.value} (root-absolute)"))
    return broken


def search_records(site: Path) -> dict[str, dict[str, Any]]:
    """Every page of a built site's search (Showcase's Pagefind bundle in ``search/``), by
    its URL as the index gives it (``/talks/x/``), as the browser decodes it: ``content``,
    ``meta`` (title, kind, facts) and ``anchors``."""
    import gzip
    import json

    bundle = site / "search"
    manifest = json.loads((bundle / "index.json").read_text(encoding="utf-8"))
    pages: dict[str, dict[str, Any]] = {}
    for shard in manifest["shards"]:
        for path in (bundle / shard["path"] / "fragment").glob("*.pf_fragment"):
            raw = gzip.decompress(path.read_bytes())
            assert raw[:12] == b"pagefind_dcd"
            page = json.loads(raw[12:])
            pages[page["url"]] = page
    return pages


def search_text(site: Path) -> str:
    """All the text of a built site's search, titles and facts included."""
    import json

    return json.dumps(search_records(site), ensure_ascii=False)


def comparable_tree(site: Path) -> dict[str, bytes]:
    """Every file of a built site by path, to compare two builds that must be the same site.

    The search bundle (``search/``) is compared by what it holds, not by its bytes: Pagefind
    writes a shard's filter table in an order of its own each time it indexes one, so a
    shard indexed afresh and the same shard taken from the cache hold the same records in
    other bytes. The sitemap's ``.gz`` (which stamps its own time) is left out."""
    import json

    tree = {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
        and not path.name.endswith(".gz")
        and "search" not in path.relative_to(site).parts[:1]
    }
    if (site / "search" / "index.json").is_file():
        records = search_records(site)
        tree["search/*"] = json.dumps(records, sort_keys=True, ensure_ascii=False).encode()
    return tree


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) with ``new`` in the file at ``path``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
