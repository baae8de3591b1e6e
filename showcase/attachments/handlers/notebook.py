"""Jupyter notebooks: rendered with their saved outputs, never executed.

nbconvert's ``basic`` template turns the notebook into an HTML fragment; code is
highlighted by Pygments with the classes Material's ``.highlight`` styles colour, so cells
look like the site's own code blocks. Before that, outputs are made fit for a web page:
images become files beside the page (not base64 inside it), scripts and widgets are
dropped, and outputs above the size limits are cut short with a note. After it, the HTML
is cleaned by ``showcase.sanitizer`` (no scripts, styles, frames, event handlers or pictures
from other hosts); notebook headings sit below the page's own and carry no ids that could
clash with the page's anchors. SVG figures are published as cleaned files shown by
``<img>``.

The words of its Markdown and code cells (not their outputs) are kept for the site's
search (``_text.txt``, not published, at most ``FILE_TEXT`` characters): a hit names the
notebook and leads to its block, whose id (``sc-notebook-...``, from its file name) nothing
people write can carry.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import logging
import re
from html import escape
from typing import Any

from showcase import sanitizer
from showcase.attachments import fragments, pictures
from showcase.attachments.handler import (
    FILE_TEXT,
    AttachmentError,
    AttachmentOptions,
    Handler,
    Passage,
    Rendering,
    RenderJob,
    View,
    searchable_text,
)

#: nbconvert's remarks (missing alt text...) are about the notebook, not the build.
_QUIET = logging.getLogger("showcase.attachments.nbconvert")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False

FRAGMENT = "_notebook.html"  # kept for ``html``, not published
TEXT = "_text.txt"  # the words of its cells, for search; not published
#: Image outputs are written as files; their ``src`` starts with this until ``html`` puts
#: the real URL (which depends on the page) in its place.
MEDIA = "__showcase_media__/"
_MEDIA_SRC = re.compile(r'(src|href)="' + re.escape(MEDIA) + r'([^"]+)"')

#: The output representations a page can show, best first (what nbconvert picks from).
SHOWN = (
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "text/latex",
    "image/png",
    "image/jpeg",
    "text/plain",
)
IMAGE_SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "image/svg+xml": ".svg"}
#: Ids could clash with the page's anchors; the rest is old-style presentation.
DROPPED_ATTRIBUTES = ("id", "name", "border")


class NotebookHandler(Handler):
    kind = "notebook"
    label = "Jupyter notebook"
    suffixes = frozenset({".ipynb"})
    roles = frozenset({"notebooks"})
    # 2: sanitised by ``showcase.sanitizer`` (HTML5 parse); SVG outputs cleaned.
    # 3: long cell sources shortened. 4: each output and Markdown cell sanitised on its
    # own first; no id or class of the site's. 5: the words of its cells kept for search.
    version = "5"
    slow_first = True  # importing nbconvert and compiling its templates: about 1.3 s

    def render(self, job: RenderJob) -> Rendering:
        notebook = read_notebook(job.read_bytes())
        cells = list(notebook.get("cells", []))
        (job.out / TEXT).write_text(_words(cells), encoding="utf-8")
        trimmer = _Outputs(job)
        trimmer.prepare(notebook)
        body = _export(notebook)
        (job.out / FRAGMENT).write_text(tidy(body), encoding="utf-8")
        return Rendering(
            meta={
                "cells": len(cells),
                "code_cells": sum(1 for c in cells if c.get("cell_type") == "code"),
                "trimmed": trimmer.trimmed,
                "language": _language(notebook),
            }
        )

    def html(self, view: View) -> str:
        fragment = _MEDIA_SRC.sub(
            lambda m: f'{m.group(1)}="{escape(view.url(m.group(2)))}"',
            view.read_text(FRAGMENT),
        )
        cells = int(view.meta.get("cells", 0))
        facts = [f"Jupyter notebook, {cells} cell{'s' if cells != 1 else ''}"]
        note = ""
        if trimmed := int(view.meta.get("trimmed", 0)):
            note = (
                f'<p class="sc-hint">{trimmed} large cell{"s" if trimmed != 1 else ""} or '
                f"output{'s were' if trimmed != 1 else ' was'} shortened; download the "
                "notebook to see everything.</p>\n"
            )
        body = f'{note}<div class="sc-notebook">\n{fragment}\n</div>'
        return fragments.block(view, body, facts=facts, anchor=notebook_id(view.attachment.name))

    def passages(self, view: View) -> list[Passage]:
        try:
            text = view.read_text(TEXT)
        except FileNotFoundError:
            return []
        name = view.attachment.name
        return [Passage(notebook_id(name), f"notebook {name}", text)] if text else []


def notebook_id(name: str) -> str:
    """The id of the block of the notebook ``name`` on its talk page: the name in letters,
    digits, ``.``, ``_`` and ``-``, with a digest of it when it had other characters (so
    that two names never share an id)."""
    plain = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-")
    if plain != name:
        plain = f"{plain}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:8]}".lstrip("-")
    return f"sc-notebook-{plain}"


def _words(cells: list[Any]) -> str:
    """The words of the Markdown cells (as plain text) and code cells of a notebook, for
    search, at most ``FILE_TEXT`` characters of them."""
    from showcase.search.site import plain_text

    parts: list[str] = []
    size = 0
    for cell in cells:
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        source = source[: FILE_TEXT * 2]
        kind = cell.get("cell_type")
        if kind == "markdown":
            parts.append(plain_text(source))
        elif kind == "code":
            parts.append(source)
        else:
            continue
        size += len(parts[-1])
        if size > FILE_TEXT:
            break
    return searchable_text("\n".join(parts), FILE_TEXT)


# Reading ----------------------------------------------------------------------------------


def read_notebook(data: bytes) -> Any:
    """A version 4 notebook node, or ``AttachmentError`` saying what is wrong with the file."""
    import nbformat

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AttachmentError(f"the notebook is not UTF-8 text ({exc.reason})") from exc
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise AttachmentError(f"the notebook is not valid JSON ({exc})") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("nbformat"), int):
        raise AttachmentError("the file is JSON but not a Jupyter notebook (no `nbformat`)")
    if _drop_early_cell_ids(raw):
        text = json.dumps(raw)
    captured: dict[str, Any] = {}
    try:
        notebook = nbformat.reads(  # type: ignore[no-untyped-call]
            text, as_version=4, capture_validation_error=captured
        )
        if "ValidationError" in captured:
            raise captured["ValidationError"]
        nbformat.validate(notebook)
    except Exception as exc:  # nbformat raises many types for as many kinds of damage
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise AttachmentError(f"the file is not a valid Jupyter notebook ({reason})") from exc
    return notebook


def _drop_early_cell_ids(raw: dict[str, Any]) -> bool:
    """Remove cell ids from a notebook that says it is older than 4.5; whether it had any.

    Cell ids came with format 4.5, yet editors (VS Code, JupyterLab 3) save them in files
    that say 4.4, which the 4.4 schema then refuses. Nothing on the page uses the ids, so
    the notebook is read as the 4.4 it says it is, without them.
    """
    minor = raw.get("nbformat_minor")
    cells = raw.get("cells")
    if raw.get("nbformat") != 4 or not isinstance(minor, int) or minor >= 5:
        return False
    if not isinstance(cells, list):
        return False
    dropped = False
    for cell in cells:
        if isinstance(cell, dict) and "id" in cell:
            del cell["id"]
            dropped = True
    return dropped


def _language(notebook: Any) -> str:
    info = notebook.get("metadata", {}).get("language_info", {})
    return str(info.get("name", "")) if isinstance(info, dict) else ""


# Outputs --------------------------------------------------------------------------------


class _Outputs:
    """Makes each saved output fit for a web page, counting the ones it shortens."""

    def __init__(self, job: RenderJob) -> None:
        self.job = job
        self.options: AttachmentOptions = job.options
        self.trimmed = 0

    def prepare(self, notebook: Any) -> None:
        cells = []
        for cell_number, cell in enumerate(notebook.get("cells", []), start=1):
            cells.append(cell)
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            if len(source) > self.options.notebook_max_source:
                cell["source"], note = self._source(source)
                # Said beside the code, not in it (where it would be highlighted as code).
                cells.append(_note_cell(note))
            if cell.get("cell_type") != "code":
                continue
            kept = []
            for output_number, output in enumerate(cell.get("outputs", []), start=1):
                if self._prepare(output, cell_number, output_number):
                    kept.append(output)
            cell["outputs"] = kept
        notebook["cells"] = cells

    def _prepare(self, output: Any, cell_number: int, output_number: int) -> bool:
        stem = f"cell-{cell_number}-{output_number}"
        kind = output.get("output_type")
        if kind == "stream":
            output["text"] = self._text(str(output.get("text", "")))
        elif kind == "error":
            output["traceback"] = self._text("\n".join(output.get("traceback", []))).split("\n")
        elif kind in ("display_data", "execute_result"):
            data = output.get("data", {})
            for mime in list(data):
                if mime not in SHOWN:
                    del data[mime]  # scripts, widgets, and what a static page cannot show
            if "text/plain" in data:
                data["text/plain"] = self._text(str(data["text/plain"]))
            if "text/html" in data and len(str(data["text/html"])) > self.options.notebook_max_html:
                size = fragments.human_size(len(str(data["text/html"]).encode("utf-8")))
                del data["text/html"]
                self.trimmed += 1
                data.setdefault("text/plain", f"[An HTML output of {size} is not shown here.]")
            for mime, suffix in IMAGE_SUFFIXES.items():
                if mime in data:
                    self._image(output, data, mime, stem + suffix)
                    alt = output.setdefault("metadata", {}).setdefault(mime, {})
                    if isinstance(alt, dict):
                        alt.setdefault("alt", f"Figure from cell {cell_number} of the notebook")
            return bool(data)
        return True

    def _text(self, text: str) -> str:
        limit = self.options.notebook_max_text
        if len(text) <= limit:
            return text
        self.trimmed += 1
        kept = text[:limit]
        if "\n" in kept:
            kept = kept[: kept.rindex("\n") + 1]
        hidden = text[len(kept) :].count("\n") + 1
        return f"{kept}\n[… {hidden} more line{'s' if hidden != 1 else ''} not shown here]\n"

    def _source(self, source: str) -> tuple[str, str]:
        """A cell's source cut short, and what to say of it: converting and highlighting
        cost time and page size with every character (a megabyte of code made a page of
        24 MB)."""
        self.trimmed += 1
        kept = source[: self.options.notebook_max_source]
        if "\n" in kept:
            kept = kept[: kept.rindex("\n") + 1]
        hidden = source[len(kept) :]
        lines = hidden.count("\n") + 1
        note = (
            f"The cell above is shortened: {len(hidden):,} more characters ({lines:,} "
            f"line{'s' if lines != 1 else ''}) are not shown here."
        )
        return kept.rstrip() + "\n…", note

    def _image(self, output: Any, data: Any, mime: str, name: str) -> None:
        payload = data[mime]
        if isinstance(payload, list):
            payload = "".join(payload)
        try:
            content = _image_bytes(mime, payload, self.options)
        except AttachmentError as exc:
            del data[mime]
            self.trimmed += 1
            data.setdefault("text/plain", f"[An image output is not shown here: {exc}.]")
            return
        (self.job.out / name).write_bytes(content)
        data[mime] = ""  # the template links the file instead of embedding the data
        if mime == "image/svg+xml":
            output["svg_filename"] = MEDIA + name
        else:
            output.setdefault("metadata", {}).setdefault("filenames", {})[mime] = MEDIA + name


def _note_cell(note: str) -> Any:
    """A Markdown cell that says ``note`` in italics."""
    from nbformat import v4

    return v4.new_markdown_cell(f"*{note}*")  # type: ignore[no-untyped-call]


def _image_bytes(mime: str, payload: Any, options: AttachmentOptions) -> bytes:
    if mime == "image/svg+xml":
        # Published as a file beside the page: opened on its own it is a document of the
        # site, so it keeps only its drawing (no script, link or fetch).
        content = str(payload).encode("utf-8")
        if len(content) <= options.notebook_max_image_bytes:
            try:
                content = sanitizer.clean_svg(content)
            except sanitizer.SvgError as exc:
                raise AttachmentError(str(exc)) from exc
    else:
        try:
            content = base64.b64decode(str(payload))
        except (binascii.Error, ValueError) as exc:
            raise AttachmentError("its data is not valid base64") from exc
    if len(content) > options.notebook_max_image_bytes:
        raise AttachmentError(f"it is {fragments.human_size(len(content))}")
    if mime != "image/svg+xml":
        pictures.open_image(content, max_pixels=options.max_image_pixels)
    return content


# Exporting ------------------------------------------------------------------------------


@functools.cache
def _exporter() -> Any:
    """One exporter for the whole build: making one compiles nbconvert's templates anew."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.ExecutePreprocessor.enabled = False  # outputs as saved; nothing runs at build time
    # Each output and Markdown cell is sanitised on its own, with Showcase's sanitiser,
    # before the template puts them together: a raw-text element one of them leaves open
    # (`<style>` inside `<math><mtext><table><mglyph>`) then ends with it, instead of
    # swallowing every later cell when the whole notebook is parsed.
    config.HTMLExporter.sanitize_html = True
    return HTMLExporter(  # type: ignore[no-untyped-call]
        config=config,
        log=_QUIET,
        template_name="basic",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        filters={"clean_html": sanitizer.clean_html},
    )


#: IPython's lexers, which nbconvert takes from IPython when it is installed and otherwise
#: replaces with a warning on every notebook. IPython is no dependency of Showcase: its
#: code is highlighted as the Python it is, the same wherever the site is built.
_IPYTHON_LEXERS = {"ipython": "python", "ipython2": "python2", "ipython3": "python3"}


def _settle_lexer(notebook: Any) -> None:
    """Name in the notebook a Pygments lexer that exists, so that nbconvert highlights
    its code without a warning: Python for IPython's (what Jupyter saves as
    ``pygments_lexer: ipython3``, and nbconvert's default when none is named), plain
    text for a language Pygments does not know."""
    from nbformat import NotebookNode
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    metadata = notebook.setdefault("metadata", NotebookNode())  # type: ignore[no-untyped-call]
    info = metadata.get("language_info")
    if not isinstance(info, dict):
        # nbformat requires a name; an empty one says no more than a missing block.
        info = metadata["language_info"] = NotebookNode(name="")  # type: ignore[no-untyped-call]
    wanted = str(info.get("pygments_lexer") or info.get("name") or "ipython3")
    lexer = _IPYTHON_LEXERS.get(wanted.lower(), wanted)
    try:
        get_lexer_by_name(lexer)
    except ClassNotFound:
        lexer = "text"
    info["pygments_lexer"] = lexer


def _export(notebook: Any) -> str:
    exporter = _exporter()
    _settle_lexer(notebook)
    try:
        body, _resources = exporter.from_notebook_node(notebook)
    except Exception as exc:  # valid nbformat can still hold what a template chokes on
        raise AttachmentError(
            f"nbconvert could not render it ({type(exc).__name__}: {exc})"
        ) from exc
    return str(body)


def tidy(body: str) -> str:
    """The exported HTML made safe and quiet inside a page of the site.

    The sanitiser goes first, so that the changes below see the document as a browser
    parses it, and last, so that nothing they do can bring back what it removed.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(sanitizer.clean_html(body), "html.parser")
    for anchor in soup.select("a.anchor-link"):
        anchor.decompose()
    for element in soup.find_all(True):
        for attribute in DROPPED_ATTRIBUTES:
            element.attrs.pop(attribute, None)
    for heading in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        heading.name = f"h{min(6, int(heading.name[1]) + 2)}"
    for image in soup.find_all("img"):
        image["loading"] = "lazy"
        image["decoding"] = "async"
    for pre in soup.select("div.highlight > pre"):
        code = soup.new_tag("code")
        for child in list(pre.contents):
            code.append(child.extract())
        pre.append(code)
    for table in soup.find_all("table"):
        table.wrap(soup.new_tag("div", attrs={"class": "sc-notebook__table"}))
    return sanitizer.clean_html(str(soup)).strip()
