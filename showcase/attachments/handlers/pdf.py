"""PDF slides: every page drawn to an image at build time, shown in a small slide viewer.

Pages are rendered with PDFium (pypdfium2) and encoded as WebP by Pillow, so the viewer is
a list of images and a few lines of local script (``assets/javascripts/attachments.js``):
it works in any browser, with no PDF plugin and nothing fetched from elsewhere. Without
the script the pages are simply shown one below the other.
"""

from __future__ import annotations

import threading
from html import escape
from typing import TYPE_CHECKING, Any

from showcase.attachments import fragments, pictures
from showcase.attachments.handler import AttachmentError, Handler, Rendering, RenderJob, View

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


class PdfHandler(Handler):
    kind = "pdf"
    label = "PDF"
    suffixes = frozenset({".pdf"})
    roles = frozenset({"slides"})
    version = "1"

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
        for index in range(min(total, job.options.pdf_max_pages)):
            try:
                page = document[index]
                if _objects(page, MAX_PAGE_OBJECTS) > MAX_PAGE_OBJECTS:
                    raise AttachmentError(
                        f"page {index + 1} draws more than {MAX_PAGE_OBJECTS:,} objects "
                        "(forms drawn inside forms): drawing it would take hours"
                    )
                image = _draw(page, width)
                page.close()
            except pdfium.PdfiumError as exc:
                raise AttachmentError(f"page {index + 1} could not be drawn ({exc})") from exc
            name = f"page-{index + 1:03d}.webp"
            pages.append([name, *pictures.save_webp(image, job.out / name)])
            if index == 0:
                pictures.save_webp(
                    pictures.fit_width(image, job.options.thumb_width), job.out / THUMBNAIL
                )
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
                f'<li class="sc-viewer__page" data-page="{number}">'
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
