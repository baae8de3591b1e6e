"""What a kind of attachment is: the contract between Showcase and a kind handler.

A handler turns one file (or URL) into what a talk page shows. It works in two steps so
that the expensive one can be cached:

1. ``render(job)`` reads the file and writes derived files (page images, a rendered
   notebook, a resized picture) into ``job.out``. It returns a small ``Rendering``:
   JSON-serialisable facts for step 2 and, optionally, the derived file that pictures the
   attachment on cards. It runs once per distinct input; the result is cached.
2. ``html(view)`` writes the HTML fragment for the talk page from those facts. It is
   cheap and runs on every build, with the URLs of the derived files as seen from the page.

Bad input is reported by raising ``AttachmentError`` from ``render`` with a reason a
presenter can act on ("the PDF is encrypted"); Showcase then warns, names the talk and the
file, and the page offers the download instead.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

from showcase.kinds import KindSpec
from showcase.model import Attachment, Talk

MB = 1024 * 1024
#: Characters of the words search keeps from one slide, and from one whole file (a deck,
#: a notebook): enough for any slide or notebook people write, not enough for a crafted
#: file to bloat the site's search index.
PAGE_TEXT = 5_000
FILE_TEXT = 50_000


class AttachmentError(Exception):
    """A file that cannot be shown, with the reason why, phrased for the presenter."""


@dataclass(frozen=True, slots=True)
class AttachmentOptions:
    """Limits and sizes every handler works within. All but ``max_bytes`` and
    ``render_timeout`` are cache inputs."""

    #: Files larger than this are not rendered (the page still offers the download).
    max_bytes: int = 50 * MB
    #: PDF pages rendered to images; the page says when a deck has more.
    pdf_max_pages: int = 60
    #: Width in pixels of rendered slide pages and cover pictures.
    page_width: int = 1280
    #: Width in pixels of the pictures on talk cards.
    thumb_width: int = 640
    #: Side in pixels of people's pictures.
    avatar_size: int = 256
    #: Images with more pixels than this are refused as decompression bombs.
    max_image_pixels: int = 40_000_000
    #: Characters of one text output of a notebook cell (stream, plain text, traceback).
    notebook_max_text: int = 20_000
    #: Characters of one HTML output of a notebook cell (a table, a widget's fallback).
    notebook_max_html: int = 200_000
    #: Bytes of one image output of a notebook cell.
    notebook_max_image_bytes: int = 5 * MB
    #: Characters of one cell's source (code or Markdown); longer ones are shortened.
    notebook_max_source: int = 20_000
    #: Seconds one file may take to render (in a worker process, killed after it).
    render_timeout: float = 120.0

    def cache_fields(self) -> dict[str, int]:
        """The options that change derived files (the size limit only decides whether)."""
        return {
            "pdf_max_pages": self.pdf_max_pages,
            "page_width": self.page_width,
            "thumb_width": self.thumb_width,
            "avatar_size": self.avatar_size,
            "max_image_pixels": self.max_image_pixels,
            "notebook_max_text": self.notebook_max_text,
            "notebook_max_html": self.notebook_max_html,
            "notebook_max_image_bytes": self.notebook_max_image_bytes,
            "notebook_max_source": self.notebook_max_source,
        }


@dataclass(frozen=True, slots=True)
class RenderJob:
    """One file to render: where it is, where derived files go, and within which limits."""

    #: The attachment's file.
    source: Path
    #: An empty folder for the derived files. Everything written here is published beside
    #: the site, except files whose names start with ``_``: those are kept for ``html``
    #: (``View.read_text``), such as a rendered fragment.
    out: Path
    #: The file's name as the talk gives it (``slides.pdf``), for messages and captions.
    name: str
    #: What the file is used as: ``slides``, ``notebooks``, ``cover`` or ``avatar``.
    role: str
    options: AttachmentOptions = field(default_factory=AttachmentOptions)

    def read_bytes(self) -> bytes:
        """The file's content; ``AttachmentError`` when it is empty (or only whitespace)."""
        data = self.source.read_bytes()
        if not data or data.isspace():
            raise AttachmentError("the file is empty")
        return data


@dataclass(frozen=True, slots=True)
class Rendering:
    """What ``render`` found out: facts for ``html`` and the picture for cards, if any."""

    #: JSON-serialisable facts that ``html`` needs (page count, image sizes, a title).
    meta: Mapping[str, Any] = field(default_factory=dict)
    #: A derived file that pictures the attachment: a talk card's image, a person's avatar.
    picture: str | None = None


@dataclass(frozen=True, slots=True)
class View:
    """An attachment as one page sees it: its rendering's facts and URLs relative to the page."""

    talk: Talk
    attachment: Attachment
    role: str
    meta: Mapping[str, Any]
    #: Where the original can be downloaded (relative URL), or the link for hosted slides.
    download: str
    #: The original file's size in bytes (None for links).
    size: int | None = None
    urls: Mapping[str, str] = field(default_factory=dict)
    folder: Path | None = None
    #: The talk's other attachments as this page sees them, by role (``recording``,
    #: ``transcript``...): a recording's player shows its transcript as captions, a
    #: transcript's times seek the recording.
    related: Mapping[str, View] = field(default_factory=dict)
    #: Whether the file is larger than the size Showcase shows on a page (a recording is
    #: still read for its length, then linked rather than played).
    oversized: bool = False
    #: The talk's card picture, relative to the page (a hosted video's card shows it).
    picture: str | None = None
    #: The page of the person a name (a transcript's voice) is, relative to the page.
    person_url: Callable[[str], tuple[str, str] | None] | None = None

    def url(self, name: str) -> str:
        """The URL of a derived file, relative to the page."""
        return self.urls[name]

    def read_text(self, name: str) -> str:
        """A derived text file (a rendered fragment), as written by ``render``."""
        if self.folder is None:
            raise FileNotFoundError(name)
        return (self.folder / name).read_text(encoding="utf-8")


class Passage(NamedTuple):
    """Words written inside an attachment, for the site's search: ``anchor`` is the ``id``
    on the talk page a hit leads to (``sc-slide-4``), ``label`` what the hit says it was
    found in (``slide 4``), ``text`` the words, as plain text."""

    anchor: str
    label: str
    text: str


def searchable_text(text: str, limit: int) -> str:
    """``text`` fit for a search index: control and private characters dropped, runs of
    spaces made one, and at most ``limit`` characters, cut at a space where there is one."""
    window = text[: limit * 4]
    # No printable character is in _BLANK or _DROPPED (str.isprintable is false for every
    # "Other" and "Separator" character but the space): most text needs no look at each
    # character, which took a 1,000-talk build with transcripts 10 s.
    kept = (
        window
        if window.isprintable()
        else "".join(
            " " if unicodedata.category(c) in _BLANK else c
            for c in window
            if unicodedata.category(c) not in _DROPPED
        )
    )
    plain = " ".join(kept.split())
    if len(plain) <= limit:
        return plain
    cut = plain[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit // 2 else cut


#: Control characters (a PDF's line breaks) become spaces; surrogates, private-use and
#: unassigned characters (a PDF's unmapped glyphs) are dropped.
_BLANK = frozenset({"Cc", "Zl", "Zp"})
_DROPPED = frozenset({"Cs", "Co", "Cn"})


class Handler:
    """Base class of a kind handler. Subclass it, set the class attributes, and register it
    under the ``showcase.attachments`` entry point group.
    """

    #: The kind's name, as stored in ``Attachment.kind`` (``pdf``, ``notebook``...).
    kind: ClassVar[str] = ""
    #: What to call such a file in messages and captions ("PDF", "Jupyter notebook").
    label: ClassVar[str] = ""
    #: Lowercase file suffixes with the dot (``.pdf``); empty for kinds that are URLs.
    suffixes: ClassVar[frozenset[str]] = frozenset()
    #: Roles the kind may fill: ``slides``, ``notebooks``, ``cover``, ``avatar``.
    roles: ClassVar[frozenset[str]] = frozenset()
    #: Part of the cache key: change it when ``render`` writes different files.
    version: ClassVar[str] = "1"
    #: Whether the kind is a file to render; URLs (hosted slides) only have ``html``.
    renders_files: ClassVar[bool] = True
    #: Whether ``render`` reads only a little of the file, whatever its size (a
    #: recording's index and one frame): such files are rendered even when they are
    #: larger than ``AttachmentOptions.max_bytes``, and ``View.oversized`` says so.
    any_size: ClassVar[bool] = False
    #: Whether the first ``render`` in a process costs far more than the next ones (a
    #: converter to import, templates to compile). A build's worker processes then give
    #: one worker a batch of such files, so that fewer of them pay that cost.
    slow_first: ClassVar[bool] = False

    def render(self, job: RenderJob) -> Rendering:
        """Write derived files into ``job.out``; raise ``AttachmentError`` on bad input."""
        return Rendering()

    def html(self, view: View) -> str:
        """The talk page's HTML for the attachment (see ``showcase.attachments.fragments``)."""
        raise NotImplementedError

    def passages(self, view: View) -> list[Passage]:
        """The words written inside the attachment that the site's search finds, each with
        the ``id`` that ``html`` gives the place it is on the page; none by default."""
        return []

    def spec(self) -> KindSpec:
        """The kind as the content validator knows it."""
        return KindSpec(self.kind, self.suffixes, self.roles, self.label or self.kind)
