"""``showcase generate OUT``: the site plan written out as a project that any generator
reading ``mkdocs.yml`` publishes whole, with no Showcase plugin: plain MkDocs or
ProperDocs, and Zensical, which runs no third-party plugin.

The archive's ``mkdocs.yml`` is read with MkDocs' own loader (its Markdown extensions,
theme and the showcase plugin's options, checked as a build checks them). Then:

- ``OUT/docs/`` holds every page as Markdown: front matter, then the page's HTML. People's
  writing is in it already converted with the site's Markdown settings and sanitised
  (the generator that publishes it has no sanitiser), its links made for the site's
  layout; with ``trust_authors`` it stays Markdown, for the generator to convert. It
  also holds the plan's files (attachments' derived files, pictures, calendars, feed,
  JSON) and the content folder's files the site publishes as they are;
- ``OUT/overrides/`` holds Showcase's theme overrides (stylesheets, the slide viewer's
  script, the template that links them and the feed), under the archive's own
  ``custom_dir``, whose files win;
- ``OUT/mkdocs.yml`` is the archive's configuration without the showcase plugin: its
  site name and address, layout, theme (with ``custom_dir: overrides``), Markdown
  extensions, and the navigation.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError

from showcase.attachments import AttachmentOptions, Cache
from showcase.loader import load_archive
from showcase.mkdocs import placement
from showcase.plan import PlanOptions, SitePlan, plan_site
from showcase.problems import Problem
from showcase.settings import Settings, SettingsError, resolve_today, settings_from_options
from showcase.site import THEME_DIR
from showcase.site.extras import filename_title, heading_title, own_page
from showcase.site.filetypes import is_page
from showcase.site.links import Linker
from showcase.site.pages import WRITING, Page
from showcase.site.sources import content_files
from showcase.writing import MarkdownSettings, WritingConverter

DOCS, OVERRIDES = "docs", "overrides"
#: Showcase's sitemap template, which only the plugin's builds need.
SITEMAP_TEMPLATE = "sitemap.xml"
#: Folders of generated pages that are deliberately not in the navigation.
NOT_IN_NAV = ("/talks/", "/people/", "/events/", "/topics/", "/archive/")


class GenerateError(Exception):
    """The project cannot be generated; the message says why (and lists every problem)."""


@dataclass(frozen=True)
class Generated:
    """What ``generate`` wrote, and what it has to say about the content."""

    out: Path
    pages: int
    files: int
    warnings: tuple[str, ...]


def generate(config_file: Path, out: Path, *, today: str | None = None) -> Generated:
    """Write the site of the archive that ``config_file`` (its ``mkdocs.yml``) describes
    as a standalone project in ``out``, which must not exist or be empty."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise GenerateError(f"{out} is not an empty folder: generate writes a new project")
    config = _load_config(config_file)
    options = config.plugins["showcase"].config
    settings = _settings(options)
    content = Path(config.docs_dir)
    result = load_archive(
        content,
        today=resolve_today(today, options.today),
        settings=settings,
        include_drafts=bool(options.drafts),
        layout=Linker(directory_urls=config.use_directory_urls),
    )
    if result.errors:
        listed = "\n".join(f"  {_shown(content)}/{problem}" for problem in result.errors)
        raise GenerateError(f"{len(result.errors)} problems in the content:\n{listed}")
    layout = Linker(directory_urls=config.use_directory_urls)
    cache = Cache(config_file.parent / options.cache_dir)
    plan = plan_site(
        result,
        PlanOptions(
            site_name=config.site_name,
            site_url=config.site_url or "",
            layout=layout,
            settings=settings,
            hint_dir=_hint(content, config_file),
            attachments=AttachmentOptions(
                max_bytes=int(options.max_attachment_mb * 1024 * 1024),
                pdf_max_pages=options.pdf_max_pages,
                render_timeout=options.render_timeout,
            ),
            parallel=options.parallel,
            cache_name=options.cache_dir,
            remember_pages=options.page_cache,
        ),
        content,
        cache,
        planning=result.complete,
    )
    docs = out / DOCS
    docs.mkdir(parents=True)
    files, placed = _write_files(plan, config, content, docs)
    own = _own_pages(plan, content, files)
    unconverted = _write_pages(plan, config, docs, files, own, settings.markdown_timeout)
    _write_overrides(config, out / OVERRIDES)
    _write_config(config, plan, options.web_fonts, out / "mkdocs.yml")
    cache.prune()
    problems = (*result.warnings, *plan.problems, *unconverted)
    warnings = [*plan.warnings, *(_line(content, p) for p in problems)]
    warnings += [f"{_shown(content)}/{warning}" for warning in placed]
    return Generated(out, len(plan.pages), len(files), tuple(warnings))


def _hint(content: Path, config_file: Path) -> str:
    """The content folder as the pages' hints name it: relative to the archive."""
    try:
        return content.resolve().relative_to(config_file.resolve().parent).as_posix()
    except ValueError:
        return content.name


def _load_config(config_file: Path) -> MkDocsConfig:
    try:
        config = load_config(str(config_file))
    except ConfigurationError as exc:
        raise GenerateError(f"{config_file}: {exc}") from None
    if "showcase" not in config.plugins:
        raise GenerateError(f"{config_file} does not use the showcase plugin")
    return config


def _settings(options: Any) -> Settings:
    names: tuple[str, ...] = ("timezone", "default_slots", "allowed_tags", "grace_days")
    names += ("gap_months", "trust_authors", "markdown_timeout")
    try:
        return settings_from_options({name: options[name] for name in names})
    except SettingsError as exc:
        raise GenerateError(f"showcase plugin: {exc}") from None


def _write_files(
    plan: SitePlan, config: MkDocsConfig, content: Path, docs: Path
) -> tuple[set[str], list[str]]:
    """The plan's files and the content's files published as they are: their paths, and
    a warning for each content file left out because the theme publishes its path."""
    written = set()
    published = [relative for relative in content_files(content) if not plan.unpublished(relative)]
    theme = placement.theme_files(config, published)
    warnings = []
    for relative in published:
        if theme.get_file_from_path(relative) is not None:
            warnings.append(placement.shadow_warning(relative))
            continue
        _copy(content / relative, docs / relative)
        written.add(relative)
    for planned in plan.files:
        target = docs / planned.src
        target.parent.mkdir(parents=True, exist_ok=True)
        if planned.path is not None:
            shutil.copyfile(planned.path, target)
        elif isinstance(planned.content, bytes):
            target.write_bytes(planned.content)
        else:
            target.write_text(planned.content or "", encoding="utf-8")
        written.add(planned.src)
    return written, warnings


def _own_pages(plan: SitePlan, content: Path, files: set[str]) -> list[Page]:
    """The content folder's own Markdown pages (written out as copies so far), each with
    only the front matter such a page keeps (``showcase.site.extras``)."""
    pages = []
    made = {page.src for page in plan.pages}
    for src in sorted(files):
        if not is_page(src) or src in made:
            continue
        kept, body = own_page((content / src).read_text("utf-8-sig", errors="replace"))
        front = yaml.safe_dump(kept, sort_keys=False, allow_unicode=True) if kept else ""
        pages.append(Page(src, str(kept.get("title", "")), f"---\n{front}---", ((WRITING, body),)))
    return pages


def _write_pages(
    plan: SitePlan,
    config: MkDocsConfig,
    docs: Path,
    files: set[str],
    own: list[Page],
    timeout: float,
) -> list[Problem]:
    """Each page as Markdown: its writing converted and sanitised, unless authors are
    trusted (then the generator converts it). The content folder's own pages (``own``)
    go the same way, their titles given in their front matter: the generator sees only
    HTML, and would title them by their file names. Returns the pages whose writing
    could not be converted (shown as text)."""
    pages: dict[str, str]
    problems: list[Problem] = []
    if plan.trust_authors:
        pages = {page.src: page.markdown for page in [*plan.pages, *own]}
    else:
        converter = WritingConverter(
            MarkdownSettings(tuple(config.markdown_extensions), dict(config.mdx_configs or {})),
            plan.layout,
            files | {page.src for page in plan.pages},
            trust_authors=False,
            timeout=timeout,
        )
        contents = converter.convert_all([*plan.pages, *own])
        problems = converter.problems
        pages = {page.src: _as_html_page(page, contents[page.src].html) for page in plan.pages}
        for page in own:
            converted = contents[page.src]
            titled = page if page.title else _titled(page, converted.toc)
            pages[page.src] = _as_html_page(titled, converted.html)
    for src, text in pages.items():
        target = docs / src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return problems


def _titled(page: Page, toc: tuple[Any, ...]) -> Page:
    """``page`` with the title MkDocs would give it: its first heading when that is an
    ``h1``, else its file name."""
    first = toc[0] if toc else {}
    heading = first.get("name") if isinstance(first, dict) and first.get("level") == 1 else None
    title = heading_title(str(heading)) if heading else filename_title(page.src)
    front = page.front_matter.removesuffix("---") + f"title: {json.dumps(title)}\n---"
    return Page(page.src, title, front, page.parts)


def _as_html_page(page: Page, html: str) -> str:
    # One raw HTML block: a Markdown converter keeps it as it is, blank lines and all.
    return f'{page.front_matter}\n\n<div class="sc-page">\n{html}\n</div>\n'


def _write_overrides(config: MkDocsConfig, overrides: Path) -> None:
    # The sitemap template lists the pages the plugin publishes as files; a generated
    # project has every page as a page, and the generator's own sitemap lists them.
    ignored = shutil.ignore_patterns("__pycache__", SITEMAP_TEMPLATE)
    shutil.copytree(THEME_DIR, overrides, ignore=ignored)
    if config.theme.custom_dir:
        shutil.copytree(config.theme.custom_dir, overrides, dirs_exist_ok=True)


def _write_config(config: MkDocsConfig, plan: SitePlan, web_fonts: bool, path: Path) -> None:
    theme: dict[str, Any] = {key: value for key, value in dict(config.theme).items()}
    theme["locale"] = str(theme["locale"])
    theme["custom_dir"] = OVERRIDES
    if not web_fonts and theme.get("font"):
        theme["font"] = False
    extensions = [
        {name: config.mdx_configs[name]} if name in (config.mdx_configs or {}) else name
        for name in config.markdown_extensions
    ]
    settings: dict[str, Any] = {
        "site_name": config.site_name,
        "site_url": config.site_url,
        "site_description": config.site_description,
        "docs_dir": DOCS,
        "use_directory_urls": config.use_directory_urls,
        "theme": theme,
        "markdown_extensions": extensions,
        "nav": config.nav or [{title: src} for title, src in plan.navigation],
        "not_in_nav": "\n".join(NOT_IN_NAV),
        "plugins": [name for name in config.plugins if name in ("search", "material/search")],
        "extra": dict(config.extra),
    }
    text = yaml.dump(
        {key: value for key, value in settings.items() if value not in (None, {})},
        sort_keys=False,
        allow_unicode=True,
    )
    header = "# Written by `showcase generate`: the site as plain files, for any generator.\n"
    path.write_text(header + text, encoding="utf-8")


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _shown(path: Path) -> str:
    """A path as a person in this folder would type it."""
    return os.path.relpath(path) if path.is_absolute() else path.as_posix()


def _line(content: Path, problem: Problem) -> str:
    return f"{_shown(content)}/{problem}"
