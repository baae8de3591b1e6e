"""HTML pieces every attachment block shares: its heading line, the download link, and the
note shown when a file cannot be displayed. Handlers (built-in or not) build on these so
that all attachments look alike.

Blocks carry ``data-search-exclude``: Material's search leaves them out of its index, so a
notebook's outputs or a deck's page labels do not bury the writeup in search results.
Material's indexer tracks excluded elements by tag name only: it stops excluding at the
first closing tag of the same name. Blocks are therefore ``<section>`` elements, and a
``<section>`` inside one is turned into a ``<div>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from showcase.attachments.handler import View

ROLE_TITLES = {
    "slides": "Slides",
    "notebooks": "Notebook",
    "cover": "Cover picture",
    "avatar": "Picture",
}


def role_title(role: str) -> str:
    return ROLE_TITLES.get(role, role.capitalize())


def human_size(size: int) -> str:
    """``2.3 MB``, ``840 KB``, ``12 bytes``."""
    if size < 1024:
        return f"{size} byte{'s' if size != 1 else ''}"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    raise AssertionError("unreachable")


def download_link(view: View, text: str | None = None) -> str:
    """An ``<a download>`` to the original file, saved under its own name (for links: the
    link itself); nothing when the file is not published (``view.download`` is empty)."""
    if not view.download:
        return ""
    if view.attachment.url is not None:
        label = escape(text or "Open")
        return f'<a class="sc-attachment__action" href="{escape(view.download)}">{label}</a>'
    name = view.attachment.name.rsplit("/", 1)[-1]
    label = escape(text or f"Download {view.attachment.name}")
    return (
        f'<a class="sc-attachment__action sc-attachment__download" '
        f'href="{escape(view.download)}" download="{escape(name)}">{label}</a>'
    )


def head(view: View, facts: Iterable[str] = (), actions: Iterable[str] = ()) -> str:
    """The line above an attachment: what it is, facts about it, and links (HTML)."""
    parts = [
        f'<strong class="sc-attachment__role">{escape(role_title(view.role))}</strong>',
        f'<span class="sc-attachment__name">{escape(view.attachment.name)}</span>',
    ]
    listed = [escape(fact) for fact in facts if fact]
    if view.size is not None:
        listed.append(escape(human_size(view.size)))
    if listed:
        parts.append(f'<span class="sc-hint">{" · ".join(listed)}</span>')
    links = [*actions, download_link(view)]
    parts.append(f'<span class="sc-attachment__actions">{" ".join(links)}</span>')
    return f'<p class="sc-attachment__head">{" ".join(parts)}</p>'


def block(
    view: View,
    body: str,
    *,
    facts: Iterable[str] = (),
    actions: Iterable[str] = (),
    anchor: str | None = None,
) -> str:
    """An attachment's whole block: heading line, then ``body`` (HTML); ``anchor`` is its
    ``id``, for a search hit inside it to lead to."""
    return section(view.attachment.kind, f"{head(view, facts, actions)}\n{body}", anchor=anchor)


def section(kind: str, inner: str, extra_class: str = "", *, anchor: str | None = None) -> str:
    """The element around an attachment, left out of the search index."""
    classes = f"sc-attachment sc-attachment--{escape(kind)} {extra_class}".strip()
    inner = _SECTION.sub(lambda m: f"<{m.group(1)}div", inner)
    id_attribute = f' id="{escape(anchor)}"' if anchor else ""
    return f'<section class="{classes}"{id_attribute} data-search-exclude>\n{inner}\n</section>'


def failed(view: View, reason: str) -> str:
    """The note shown instead of an attachment that could not be displayed."""
    name = escape(view.attachment.name)
    what = escape(role_title(view.role).lower())
    inner = (
        f'<p class="admonition-title">The {what} <code>{name}</code> could not be shown</p>\n'
        f"<p>{escape(_sentence(reason))} {download_link(view)}</p>"
    )
    return section("failed", inner, "admonition warning")


def plain(view: View) -> str:
    """A download line for a kind no handler shows."""
    return block(view, "")


_SECTION = re.compile(r"<(/?)section\b", re.I)


def _sentence(reason: str) -> str:
    text = reason.strip() or "it could not be read"
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
