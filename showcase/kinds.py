"""Which files a talk may attach, and in which role (slides, notebooks, cover, avatar).

The table is keyed by kind name. Rendering an attachment on a page is the site's business;
this module only decides whether Showcase knows how to show a file at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

PDF = "pdf"
HTML_DECK = "html"
NOTEBOOK = "notebook"
IMAGE = "image"
LINK = "link"
RECORDING = "recording"
HOSTED = "hosted"
TRANSCRIPT = "transcript"

ROLES = ("slides", "notebooks", "cover", "avatar", "recording", "transcript")


@dataclass(frozen=True, slots=True)
class KindSpec:
    """A kind of attachment: the file suffixes it covers and the roles it may fill."""

    name: str
    suffixes: frozenset[str]
    roles: frozenset[str]
    label: str


BUILTIN_KINDS: tuple[KindSpec, ...] = (
    KindSpec(PDF, frozenset({".pdf"}), frozenset({"slides"}), "PDF"),
    KindSpec(HTML_DECK, frozenset({".html", ".htm"}), frozenset({"slides"}), "HTML slide deck"),
    KindSpec(NOTEBOOK, frozenset({".ipynb"}), frozenset({"notebooks"}), "Jupyter notebook"),
    KindSpec(
        IMAGE,
        frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"}),
        frozenset({"cover", "avatar"}),
        "image",
    ),
    KindSpec(
        RECORDING,
        frozenset({".mp4", ".webm", ".mov", ".m4a", ".mp3"}),
        frozenset({"recording"}),
        "recording",
    ),
    KindSpec(
        TRANSCRIPT,
        frozenset({".vtt", ".srt", ".txt", ".md"}),
        frozenset({"transcript"}),
        "transcript",
    ),
)


class KindTable:
    """Looks up the kind of a file from its suffix and the role it is used in."""

    def __init__(self, kinds: Iterable[KindSpec] = BUILTIN_KINDS) -> None:
        self._kinds = tuple(kinds)

    def kind_for(self, filename: str, role: str) -> str | None:
        suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        for spec in self._kinds:
            if suffix in spec.suffixes and role in spec.roles:
                return spec.name
        return None

    def suffixes_for(self, role: str) -> list[str]:
        return sorted(s for spec in self._kinds if role in spec.roles for s in spec.suffixes)

    def add(self, spec: KindSpec) -> KindTable:
        return KindTable((*self._kinds, spec))
