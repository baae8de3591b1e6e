"""``docs_dir`` and the showcase plugin's options read straight from ``mkdocs.yml``, for the
command line.

``showcase check``, ``new`` and ``rotation`` must read the same folder and judge it by the
same settings and the same today as the site build, without importing MkDocs.
``mkdocs.yml`` often holds tags such as ``!!python/name:`` or ``!ENV`` that a safe loader
refuses; they are read as plain values here because only ``docs_dir`` and the plugin's own
options matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from showcase.settings import (
    Settings,
    SettingsError,
    parse_today,
    seconds_option,
    settings_from_options,
)

if TYPE_CHECKING:
    from showcase.attachments.handler import AttachmentOptions


class _TolerantLoader(yaml.SafeLoader):
    pass


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("", _any_tag)


@dataclass(frozen=True, slots=True)
class SiteConfig:
    #: ``docs_dir`` joined to the folder of ``mkdocs.yml`` (MkDocs' default: ``docs``);
    #: None when it is not a plain string.
    content_dir: Path | None
    settings: Settings
    #: The plugin's ``today`` option; ``--today`` and ``SHOWCASE_TODAY`` win over it.
    today: date | None = None
    #: ``use_directory_urls``: where the site puts each page (``x.md`` at ``x/`` or
    #: ``x.html``).
    directory_urls: bool = True
    #: ``site_url`` and ``site_name``, for the links and names of announcements.
    site_url: str = ""
    site_name: str = ""
    #: The plugin's ``announce_to`` (addresses or person ids) and ``announce_from``.
    announce_to: tuple[str, ...] = ()
    announce_from: str | None = None
    #: The plugin's ``cache_dir``, joined to the folder of ``mkdocs.yml``: where ``check``
    #: keeps what it learnt of recordings and transcripts, for the build to reuse.
    cache_dir: Path | None = None
    #: The plugin's ``max_attachment_mb``, in bytes.
    max_bytes: int | None = None
    #: The plugin's ``pdf_max_pages`` and ``render_timeout`` (None: the default, or a
    #: value MkDocs will refuse when it builds).
    pdf_max_pages: int | None = None
    render_timeout: float | None = None

    def attachment_options(self) -> AttachmentOptions:
        """The options the build renders attachments with: ``check`` reads recordings and
        transcripts with them, into the same cache entries, within the same time limit."""
        from showcase.attachments.handler import AttachmentOptions

        defaults = AttachmentOptions()
        return AttachmentOptions(
            max_bytes=self.max_bytes or defaults.max_bytes,
            pdf_max_pages=self.pdf_max_pages or defaults.pdf_max_pages,
            render_timeout=self.render_timeout or defaults.render_timeout,
        )


#: The names MkDocs looks for, in its order.
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


def find_site_config(start: Path) -> Path | None:
    """The nearest ``mkdocs.yml`` in ``start`` or a folder above it, as git finds its
    repository from any folder inside it; None when there is none up to the root."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def read_site_config(path: Path) -> SiteConfig:
    """``docs_dir`` and the showcase plugin's settings and ``today`` from an ``mkdocs.yml``.

    Raises ``ValueError`` (with a message for the user) when the file cannot be used.
    """
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read it: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of MkDocs settings")
    docs_dir = data.get("docs_dir", "docs")
    content = (path.parent / docs_dir) if isinstance(docs_dir, str) else None
    options: dict[str, Any] = {}
    plugins = data.get("plugins") or []
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else (next(iter(p.items())) if isinstance(p, dict) and p else (p, {}) for p in plugins)
    )
    for name, value in entries:
        if name == "showcase" and isinstance(value, dict):
            options = value
    try:
        today = options.get("today")
        return SiteConfig(
            content,
            settings_from_options(options),
            parse_today("`today`", today) if today is not None else None,
            directory_urls=data.get("use_directory_urls") is not False,
            site_url=_text_setting(data, "site_url"),
            site_name=_text_setting(data, "site_name"),
            announce_to=_announce_to(options.get("announce_to")),
            announce_from=_announce_from(options.get("announce_from")),
            cache_dir=path.parent / _text_option(options, "cache_dir", ".cache/showcase"),
            max_bytes=_megabytes(options.get("max_attachment_mb")),
            pdf_max_pages=_pages(options.get("pdf_max_pages")),
            render_timeout=_seconds(options, "render_timeout"),
        )
    except ValueError as exc:  # TodayError and SettingsError among them
        raise ValueError(f"{path}: showcase plugin: {exc}") from None


def _text_setting(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    return value.strip() if isinstance(value, str) else ""


def _announce_to(value: object) -> tuple[str, ...]:
    """Addresses or person ids; checked against the roster when they are used."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise SettingsError("`announce_to` must be a list of e-mail addresses or person ids")
    return tuple(item.strip() for item in items if item.strip())


def _announce_from(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(
            '`announce_from` must be an address, like "Demo Days <demo@example.com>"'
        )
    return value.strip()


def _text_option(options: dict[str, Any], name: str, default: str) -> str:
    value = options.get(name, default)
    return value if isinstance(value, str) and value.strip() else default


def _megabytes(value: Any) -> int | None:
    """``max_attachment_mb`` in bytes (MkDocs reports a value that is not a number)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return None
    return int(value * 1024 * 1024)


def _pages(value: Any) -> int | None:
    """``pdf_max_pages`` (MkDocs reports a value that is not a whole number)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return None
    return value


def _seconds(options: dict[str, Any], name: str) -> float | None:
    """A time option in seconds (MkDocs reports one that is not a number above 0)."""
    if name not in options:
        return None
    try:
        return seconds_option(name, options[name])
    except SettingsError:
        return None
