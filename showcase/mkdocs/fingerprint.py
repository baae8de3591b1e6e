"""What a MkDocs build shares across its pages, as one digest, and when pages may not be
taken from a store at all. Read from the configuration with public MkDocs APIs only."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import mkdocs
from mkdocs.config.defaults import MkDocsConfig

from showcase.site import THEME_DIR
from showcase.version import DISTRIBUTION
from showcase.writing import stable_form

#: Settings of ``mkdocs.yml`` that change no page's HTML; every other one is in the key.
IGNORED_SETTINGS = frozenset(
    {
        "config_file_path",
        "site_dir",
        "dev_addr",
        "strict",
        "remote_branch",
        "remote_name",
        "watch",
        "plugins",
        "theme",
        "hooks",
    }
)
#: Plugins known to leave Showcase's pages alone.
SAFE_PLUGINS = frozenset({"search", "material/search", "showcase"})
#: The page events: a plugin or hook with one of these may change pages in ways a key
#: cannot see, so finished pages are not reused beside it.
PAGE_EVENTS = (
    "on_pre_page",
    "on_page_read_source",
    "on_page_markdown",
    "on_page_content",
    "on_page_context",
    "on_post_page",
)
#: Markdown extensions that pull other files into a page: no key sees those files.
INCLUDING_EXTENSIONS = re.compile(r"snippets|include", re.IGNORECASE)
#: The packages that shape a finished page.
PACKAGES = ("mkdocs", "mkdocs-material", DISTRIBUTION, "markdown", "pymdown-extensions", "nh3")


def conversion_blocker(config: MkDocsConfig) -> str | None:
    """Why converted writing cannot be kept between builds, or None."""
    for extension in config.markdown_extensions:
        if INCLUDING_EXTENSIONS.search(str(extension)):
            return f"the Markdown extension `{extension}` includes other files into pages"
    return None


def reuse_blocker(config: MkDocsConfig) -> str | None:
    """Why finished pages cannot be reused in this build, or None."""
    for name, plugin in config.plugins.items():
        if name in SAFE_PLUGINS:
            continue
        events = [event for event in PAGE_EVENTS if hasattr(plugin, event)]
        if events:
            return f"`{name}` changes pages ({', '.join(events)})"
    return conversion_blocker(config)


def fingerprint(config: MkDocsConfig, other_pages: Iterable[Path]) -> str:
    """The digest of what every page of a build shares: the settings MkDocs read (all of
    them but ``IGNORED_SETTINGS``), the plugins' options, the hooks' code, the theme
    overrides, the versions of the packages that render pages, and the pages Showcase did
    not make (their titles may be in every page's navigation).

    Raises ``writing.Unstable`` when a setting cannot be written down stably."""
    settings: dict[str, Any] = {
        key: value for key, value in config.items() if key not in IGNORED_SETTINGS
    }
    settings["theme"] = {"name": config.theme.name, **dict(config.theme)}
    settings["plugins"] = {
        name: dict(plugin.config) if hasattr(plugin, "config") else file_digest(plugin)
        for name, plugin in config.plugins.items()
    }
    sha = hashlib.sha256()
    sha.update(json.dumps(settings, sort_keys=True, default=stable_form).encode("utf-8"))
    # The engine that runs this build: MkDocs, or ProperDocs under MkDocs' name (each
    # writes its own name into every page).
    sha.update(f"engine={mkdocs.__version__};".encode())
    for package in PACKAGES:
        sha.update(f"{package}={_version(package)};".encode())
    # The team's overrides, and Showcase's own (an editable install changes them without
    # a new version).
    for folder in (config.theme.custom_dir, THEME_DIR):
        if folder:
            root = Path(folder)
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    name = path.relative_to(root).as_posix()
                    sha.update(f"{folder}/{name}:{file_digest(path)};".encode())
    for path in sorted(other_pages):
        sha.update(f"{path}:{file_digest(path)};".encode())
    return sha.hexdigest()


def file_digest(thing: Any) -> str:
    """The SHA-256 of a file, or of a module's source file (for hooks)."""
    path = Path(getattr(thing, "__file__", None) or thing)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


@cache
def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "none"
