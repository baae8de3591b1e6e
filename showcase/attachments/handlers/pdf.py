"""PDF slides: every page drawn to an image at build time, shown in a small slide viewer.

Pages are rendered with PDFium (pypdfium2) and encoded as WebP by Pillow, so the viewer is
a list of images and a few lines of local script (``assets/javascripts/attachments.js``):
it works in any browser, with no PDF plugin and nothing fetched from elsewhere. Without
the script the pages are simply shown one below the other.

The words of each drawn page's text layer are kept for the site's search (``_text.json``,
not published, at most ``PAGE_TEXT`` characters a page and ``FILE_TEXT`` a deck): a hit
names the slide and leads to it (each page has the id ``sc-slide-N``, which nothing people
write can carry, and the viewer shows the page the address names). A deck of scanned
pictures has no text layer and adds nothing.
"""

from __future__ import annotations

import json
import threading
from html import escape
from typing import TYPE_CHECKING, Any

from showcase.attachments import fragments, pictures
from showcase.attachments.handler import (
    FILE_TEXT,
    PAGE_TEXT,
    AttachmentError,
    Handler,
    Passage,
    Rendering,
    RenderJob,
    View,
    searchable_text,
)

if TYPE_CHECKING:
    from PIL import Image

#: PDFium is not thread-safe: one document at a time per process.
_PDFIUM = threading.Lock()
#: A page taller than this many times the page width is drawn narrower (long posters).
MAX_ASPECT = 4
#: Objects one page may draw, counting those of each form it draws (and of forms drawn
#: in those). A form drawn ten times, each drawing ten forms, six levels deep, is a
#: million draws from a few kilobytes; a dense slide draws a few thousand objects.
MAX_PAGE_OBJECTS = 100_000
THUMBNAIL = "thumb.webp"
#: The words of each drawn page, for search: a JSON list of strings, one a page.
TEXT = "_text.json"


class PdfHandler(Handler):
    kind = "pdf"
    label = "PDF"
    suffixes = frozenset({".pdf"})
    roles = frozenset({"slides"})
    version = "2"  # 2: each page's words kept for search (``_text.json``)

    def render(self, job: RenderJob) -> Rendering:
        import pypdfium2 as pdfium

        data = job.read_bytes()
        with _PDFIUM:
            try:
                document = pdfium.PdfDocument(data)
            except pdfium.PdfiumError as exc:
                raise AttachmentError(_unreadable(exc, data)) from exc
            try:
                return self._render_pages(document, job)
            finally:
                document.close()

    def _render_pages(self, document: Any, job: RenderJob) -> Rendering:
        import pypdfium2 as pdfium

        total = len(document)
        if total == 0:
            raise AttachmentError("the PDF has no pages")
        width = job.options.page_width
        pages: list[list[Any]] = []
        texts: list[str] = []
        room = FILE_TEXT
        for index in range(min(total, job.options.pdf_max_pages)):
            try:
                page = document[index]
                if _objects(page, MAX_PAGE_OBJECTS) > MAX_PAGE_OBJECTS:
                    raise AttachmentError(
                        f"page {index + 1} draws more than {MAX_PAGE_OBJECTS:,} objects "
                        "(forms drawn inside forms): drawing it would take hours"
                    )
                image = _draw(page, width)
                texts.append(_words(page, min(PAGE_TEXT, room)) if room > 0 else "")
                room -= len(texts[-1]) + 1  # and the space between two pages
                page.close()
            except pdfium.PdfiumError as exc:
                raise AttachmentError(f"page {index + 1} could not be drawn ({exc})") from exc
            name = f"page-{index + 1:03d}.webp"
            pages.append([name, *pictures.save_webp(image, job.out / name)])
            if index == 0:
                pictures.save_webp(
                    pictures.fit_width(image, job.options.thumb_width), job.out / THUMBNAIL
                )
        (job.out / TEXT).write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        return Rendering(meta={"pages": pages, "total": total}, picture=THUMBNAIL)

    def html(self, view: View) -> str:
        pages: list[list[Any]] = view.meta["pages"]
        total: int = view.meta["total"]
        shown = len(pages)
        facts = [f"PDF, {total} page{'s' if total != 1 else ''}"]
        title = escape(view.talk.title)
        items = []
        for number, (name, width, height) in enumerate(pages, start=1):
            lazy = "" if number == 1 else ' loading="lazy"'
            items.append(
                f'<li class="sc-viewer__page" id="{slide_id(number)}" data-page="{number}">'
                f'<img src="{escape(view.url(name))}" width="{width}" height="{height}"'
                f' alt="Page {number} of {total} of the slides of {title}"{lazy}'
                ' decoding="async"></li>'
            )
        note = ""
        if shown < total:
            note = (
                f'<p class="sc-viewer__note sc-hint">Showing the first {shown} of {total} pages; '
                f"download the PDF for the rest.</p>"
            )
        body = (
            f'<div class="sc-viewer" data-sc-viewer data-pages="{shown}">\n'
            f'<ol class="sc-viewer__pages" tabindex="0" aria-label="Slides, page by page">'
            f"{''.join(items)}</ol>\n"
            '<div class="sc-viewer__controls" hidden>'
            '<button type="button" class="md-button sc-viewer__prev" aria-label="Previous page">'
            "&lsaquo; Previous</button>"
            f'<span class="sc-viewer__counter" aria-live="polite">Page '
            f'<span class="sc-viewer__current">1</span> of {shown}</span>'
            '<button type="button" class="md-button sc-viewer__next" aria-label="Next page">'
            "Next &rsaquo;</button>"
            "</div>\n"
            f"{note}</div>"
        )
        return fragments.block(view, body, facts=facts)

    def passages(self, view: View) -> list[Passage]:
        try:
            texts = json.loads(view.read_text(TEXT))
        except FileNotFoundError:
            return []
        shown = len(view.meta["pages"])
        return [
            Passage(slide_id(number), f"slide {number}", text)
            for number, text in enumerate(texts[:shown], start=1)
            if isinstance(text, str) and text
        ]


def slide_id(number: int) -> str:
    """The id of page ``number`` of the slides on the talk page (a talk has one deck)."""
    return f"sc-slide-{number}"


def _words(page: Any, limit: int) -> str:
    """The words of ``page``'s text layer, at most ``limit`` characters of them; none when
    the layer cannot be read (the page is still shown)."""
    import pypdfium2 as pdfium

    try:
        text_page = page.get_textpage()
    except pdfium.PdfiumError:
        return ""
    try:
        # A page that claims millions of characters is read only as far as it is kept.
        count = min(text_page.count_chars(), limit * 2)
        return searchable_text(text_page.get_text_range(0, count) if count > 0 else "", limit)
    except pdfium.PdfiumError:
        return ""
    finally:
        text_page.close()


def _objects(page: Any, most: int) -> int:
    """How many objects ``page`` draws, forms and what they draw included; counting
    stops past ``most``. Counted with PDFium's own calls, without drawing anything."""
    from pypdfium2 import raw

    count = 0
    todo: list[tuple[bool, Any]] = [(False, page.raw)]
    while todo:
        is_form, parent = todo.pop()
        total = (
            raw.FPDFFormObj_CountObjects(parent) if is_form else raw.FPDFPage_CountObjects(parent)
        )
        get = raw.FPDFFormObj_GetObject if is_form else raw.FPDFPage_GetObject
        count += max(total, 0)
        if count > most:
            break
        for number in range(max(total, 0)):
            found = get(parent, number)
            if found and raw.FPDFPageObj_GetType(found) == raw.FPDF_PAGEOBJ_FORM:
                todo.append((True, found))
    return count


def _draw(page: Any, width: int) -> Image.Image:
    page_width, page_height = page.get_size()
    if page_width <= 0 or page_height <= 0:
        raise AttachmentError("a page of the PDF has no size")
    scale = min(width / page_width, width * MAX_ASPECT / page_height)
    image: Image.Image = page.render(scale=scale).to_pil()
    return image


def _unreadable(exc: Exception, data: bytes) -> str:
    message = str(exc)
    if "password" in message.lower():
        return "the PDF is encrypted: it needs a password to open"
    if not data.lstrip().startswith(b"%PDF"):
        return "the file is not a PDF (it does not start with %PDF)"
    if b"%%EOF" not in data[-2048:]:
        return "the PDF is truncated or corrupt (it has no end-of-file marker)"
    detail = message.rstrip(".").split("(PDFium: ")[-1].rstrip(")") or message
    return f"the PDF is corrupt (PDFium: {detail})"
