"""A Markdown extension that never finishes converting text holding ``SPIN``: it stands for
whatever input stalls a converter in a way no measure foresaw.

Tests name it in ``markdown_extensions`` (the module is copied beside ``mkdocs.yml``) or
pass ``SpinExtension()`` to ``MarkdownSettings``. The work is a loop of Python, busy on
the processor, so the deadline on processor time is what stops it. When ``SPIN_MARKER``
names a file, the process that starts spinning writes its pid there first, so that a test
can see which process is at work.
"""

from __future__ import annotations

import os
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

SPIN = "SPIN-FOREVER"


class _Spin(Preprocessor):  # type: ignore[misc]
    def run(self, lines: list[str]) -> list[str]:
        if any(SPIN in line for line in lines):
            marker = os.environ.get("SPIN_MARKER")
            if marker:
                with open(marker, "a", encoding="utf-8") as out:
                    out.write(f"{os.getpid()}\n")
            while True:
                _turn()
        return lines


def _turn() -> None:
    pass


class SpinExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_Spin(md), "spin", 100)


def makeExtension(**kwargs: Any) -> SpinExtension:
    return SpinExtension(**kwargs)


class RecursingExtension(Extension):  # type: ignore[misc]
    """Converting text holding ``SPIN`` exhausts Python's recursion."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_Recursing(md), "recursing", 100)


class _Recursing(Preprocessor):  # type: ignore[misc]
    def run(self, lines: list[str]) -> list[str]:
        if any(SPIN in line for line in lines):
            return self.run(lines)
        return lines
