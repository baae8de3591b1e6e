"""Each talk page's attachment fragments and search passages, kept between builds.

A handler's ``html`` and ``passages`` are cheap for a deck but not for a transcript (a
twenty-minute one is hundreds of passages to group, link and escape): a build of an
archive of recorded talks spent seconds writing again, for every talk, fragments that
had not changed. ``Published`` keeps them in a ``PageStore`` (``fragments/`` in the
cache folder), one record per talk and page: the HTML of its recording and transcript,
the HTML of its slides, notebooks and cover, and (on the talk's own page) the words
search finds in them.

A record's key (``Published._memo_key``) is the digest of everything a handler sees
through ``View``: the whole talk, each attachment's role, handler (kind, version and
code), cache entry (key, files and their digests, facts), error and size, the page, the
card picture, the layout's URL style, the size limit and the people a transcript's
voices may name. The store's namespace (``namespace``) adds this module's ``FORMAT``,
Showcase's version and a digest of its code: an editable install changes fragments
without a new version. A fragment made while a handler failed is never kept, so that
its warning comes back on every build.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from showcase.attachments.handler import Handler, Passage
from showcase.pagestore import PageStore, Recall
from showcase.version import installed_version

#: Changes when the fragments or what a record holds change in a way the code digest
#: cannot see.
FORMAT = 1
#: The store's folder in the cache folder.
FOLDER = "fragments"
_PACKAGE = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class TalkFragments:
    """What one talk contributes to one page: the HTML of its recording and transcript
    (``media``), of its slides, notebooks and cover (``extras``), and on the talk's own
    page the words search finds in them (``passages``; None on any other page)."""

    media: str
    extras: str
    passages: tuple[Passage, ...] | None = None

    def record(self) -> dict[str, Any]:
        """The fragments as a record of the store; the passages as three columns
        (anchors, labels, texts), which read back fastest."""
        columns = None
        if self.passages is not None:
            columns = [[p.anchor for p in self.passages], [p.label for p in self.passages]]
            columns.append([p.text for p in self.passages])
        return {"media": self.media, "extras": self.extras, "passages": columns}

    @classmethod
    def from_record(cls, saved: Mapping[str, Any]) -> TalkFragments | None:
        """The fragments ``record`` kept, or None when ``saved`` is not such a record."""
        media, extras, columns = saved.get("media"), saved.get("extras"), saved.get("passages")
        if not isinstance(media, str) or not isinstance(extras, str):
            return None
        if columns is None:
            return cls(media, extras)
        if not (
            isinstance(columns, list)
            and len(columns) == 3
            and all(isinstance(column, list) for column in columns)
            and len({len(column) for column in columns}) == 1
            and all(set(map(type, column)) <= {str} for column in columns)
        ):
            return None
        return cls(media, extras, tuple(map(Passage, *columns)))


def open_store(cache_root: Path, recall: Recall | None = None) -> PageStore | None:
    """The store of fragments in the cache folder ``cache_root``, or None when it cannot
    be made."""
    return PageStore.opened(cache_root / FOLDER, namespace(), FORMAT, recall=recall)


@cache
def namespace() -> str:
    """The format, Showcase's version and the digest of its code, as one digest."""
    digest = hashlib.sha256(f"fragments {FORMAT} {installed_version()}\0".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def handler_identity(handler: Handler) -> tuple[str, str, str, str]:
    """A handler as a fragment's key sees it: its kind and version (as the cache of
    renderings trusts them), where its class is defined and the digest of that module's
    file (a third-party handler's code is not in ``namespace``)."""
    kind = type(handler)
    code = _CODE.get(kind)
    if code is None:
        try:
            code = hashlib.sha256(Path(inspect.getfile(kind)).read_bytes()).hexdigest()
        except (OSError, TypeError):
            code = "unknown"
        _CODE[kind] = code
    return (handler.kind, str(handler.version), f"{kind.__module__}.{kind.__qualname__}", code)


#: The digest of each handler class's module file, read once per process.
_CODE: dict[type, str] = {}
