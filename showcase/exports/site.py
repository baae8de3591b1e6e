"""Where the site is published, and the URLs and ids the exports derive from it.

The MkDocs ``site_url`` is optional. When it is known the exports use absolute URLs; when
it is not, each format falls back to what it allows (site-relative paths in JSON, paths
relative to a document at the site root in Atom) and to ids that do not depend on a host.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from showcase.site.links import Linker

#: Stands in for the host in ids when the site URL is unknown. ``.invalid`` is reserved
#: (RFC 2606), so such an id can never clash with one minted for a real host.
UNKNOWN_AUTHORITY = "showcase.invalid"

#: Namespace of the name-based UUIDs used as ``urn:uuid:`` ids when the site URL is
#: unknown. A fixed constant: changing it would change every such id.
ID_NAMESPACE = uuid.UUID("5b0c7c1e-3d0a-5c43-9a3e-6f1d2b8e4a17")


#: The URLs of the site's first layout (directory URLs): ids minted from them (Atom entry
#: ids) stay the same whatever layout the site is built with later.
CANONICAL = Linker(directory_urls=True)


@dataclass(frozen=True, slots=True)
class SiteAddress:
    """A site's base URL, empty when unknown, else absolute and ending with ``/``, and the
    layout that decides each page's URL (``Linker``, the one the pages use)."""

    base: str = ""
    linker: Linker = field(default_factory=Linker)

    @classmethod
    def parse(cls, site_url: str | None, linker: Linker | None = None) -> SiteAddress:
        """Check and normalise a site URL such as ``https://demo.example.com`` (or ``""``)."""
        linker = linker or Linker()
        text = (site_url or "").strip()
        if not text:
            return cls(linker=linker)
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(
                f"the site URL must be absolute, like https://demo.example.com/, got `{text}`"
            )
        if parts.query or parts.fragment:
            raise ValueError(f"the site URL must not have a query or fragment, got `{text}`")
        return cls(text if text.endswith("/") else text + "/", linker)

    def path(self, src: str) -> str:
        """The site path (``talks/slug/``, or ``talks/slug/index.html`` without directory
        URLs) of the page or file at source path ``src``."""
        return self.linker.url(src)

    @property
    def known(self) -> bool:
        return bool(self.base)

    @property
    def authority(self) -> str:
        """Host and path of the site, e.g. ``example.com/team-a``, for ids like UIDs.

        The path takes part so that two sites under one host do not share ids.
        """
        if not self.known:
            return UNKNOWN_AUTHORITY
        parts = urlsplit(self.base)
        return (parts.netloc + parts.path).rstrip("/").lower()

    def absolute(self, path: str) -> str | None:
        """The absolute URL of a site path like ``talks/slug/``, or None when unknown."""
        return self.base + _encode(path) if self.known else None

    def from_root(self, path: str) -> str:
        """Absolute when known, else site-relative: ``/talks/slug/``."""
        return self.absolute(path) or "/" + _encode(path)

    def from_document(self, path: str) -> str:
        """Absolute when known, else relative to a document at the site root: ``talks/slug/``.

        Right for files written at the root of the site (``feed.xml``): a relative
        reference in them also resolves when the site lives under a sub-path.
        """
        return self.absolute(path) or _encode(path)

    def stable_id(self, src: str) -> str:
        """A permanent absolute IRI for the page at source path ``src``: its URL in the
        canonical layout (so that it survives a change of layout), or a name-based
        ``urn:uuid:``."""
        path = CANONICAL.url(src)
        if not self.known:
            return uuid.uuid5(ID_NAMESPACE, path).urn
        return self.base + _encode(path)


def _encode(path: str) -> str:
    # Attachment names may hold spaces or non-ASCII letters; slugs never need it.
    return quote(path.lstrip("/"), safe="/")
