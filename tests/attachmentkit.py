"""Real attachment files, made by the tests: PDFs drawn with Pillow, notebooks built with
nbformat (with image, table and text outputs), pictures, and broken versions of each.
"""

from __future__ import annotations

import base64
import io
import struct
import zlib
from pathlib import Path

import nbformat
from nbformat import v4
from PIL import Image, ImageDraw

#: What the table output of ``notebook_bytes`` shows, to look for on the page.
TABLE_CELL = "41,200"
#: What the stream output of ``notebook_bytes`` prints.
STREAM_TEXT = "rows loaded: 188,000"
#: A word that only appears in the notebook's markdown cell.
MARKDOWN_WORD = "Quokkaberry"


def png_bytes(size: tuple[int, int] = (320, 180), colour: str = "#2e7d32", text: str = "") -> bytes:
    image = Image.new("RGB", size, colour)
    if text:
        ImageDraw.Draw(image).text((10, 10), text, fill="white")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(size: tuple[int, int] = (1600, 900)) -> bytes:
    image = Image.new("RGB", size, "#1565c0")
    ImageDraw.Draw(image).ellipse((100, 100, 700, 700), fill="#ffc107")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def pdf_bytes(pages: int = 3, size: tuple[int, int] = (960, 540)) -> bytes:
    """A deck of ``pages`` slides, each saying its number."""
    slides = []
    for number in range(1, pages + 1):
        image = Image.new("RGB", size, "white")
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, 24, size[1]), fill="#00695c")
        draw.text((80, 80), f"Slide {number} of {pages}", fill="black", font_size=48)
        slides.append(image)
    out = io.BytesIO()
    slides[0].save(out, "PDF", save_all=True, append_images=slides[1:], resolution=96)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    """A PDF that needs a password: its trailer points to a standard security handler whose
    user password is not empty."""
    data = pdf_bytes(1)
    encrypt = (
        b"trailer\n<<\n/Encrypt << /Filter /Standard /V 1 /R 2 /O <"
        + b"00" * 32
        + b"> /U <"
        + b"11" * 32
        + b"> /P -4 >>\n/ID [<"
        + b"22" * 16
        + b"> <"
        + b"22" * 16
        + b">]"
    )
    assert b"trailer\n<<" in data
    return data.replace(b"trailer\n<<", encrypt, 1)


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: int(len(data) * keep)]


def bomb_png(width: int = 60_000, height: int = 60_000) -> bytes:
    """A tiny PNG whose header claims billions of pixels (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def notebook_bytes(*, extra_cells: list[object] | None = None) -> bytes:
    """A notebook with saved outputs: a heading and prose, a stream, an HTML table, a plot
    (PNG), an error, a script output, and a cell that would write a file if it ran."""
    plot = base64.b64encode(png_bytes((400, 240), "#ad1457", "plot")).decode("ascii")
    table = (
        "<style scoped>.dataframe td { color: red; }</style>"
        '<table border="1" class="dataframe"><thead><tr><th>category</th><th>lines</th></tr>'
        f"</thead><tbody><tr><th>Dairy</th><td>{TABLE_CELL}</td></tr></tbody></table>"
    )
    cells = [
        v4.new_markdown_cell(
            f"# The analysis\n\nA {MARKDOWN_WORD} study. <script>alert('md')</script>"
        ),
        v4.new_code_cell(
            "import pandas as pd\nprint('rows loaded: 188,000')",
            execution_count=1,
            outputs=[v4.new_output("stream", name="stdout", text=STREAM_TEXT + "\n")],
        ),
        v4.new_code_cell(
            "by_category",
            execution_count=2,
            outputs=[
                v4.new_output(
                    "execute_result",
                    data={"text/html": table, "text/plain": "  category  lines"},
                    execution_count=2,
                )
            ],
        ),
        v4.new_code_cell(
            "ax = df.plot()",
            execution_count=3,
            outputs=[
                v4.new_output("display_data", data={"image/png": plot, "text/plain": "<Figure>"})
            ],
        ),
        v4.new_code_cell(
            "display(Javascript('alert(1)'))",
            execution_count=4,
            outputs=[
                v4.new_output(
                    "display_data",
                    data={"application/javascript": "alert(1)", "text/plain": "<JS>"},
                )
            ],
        ),
        v4.new_code_cell(
            "1 / 0",
            execution_count=5,
            outputs=[
                v4.new_output(
                    "error",
                    ename="ZeroDivisionError",
                    evalue="division by zero",
                    traceback=["\x1b[0;31mZeroDivisionError\x1b[0m: division by zero"],
                )
            ],
        ),
        v4.new_code_cell("open('EXECUTED_AT_BUILD_TIME', 'w').write('oops')"),
        *(extra_cells or []),
    ]
    notebook = v4.new_notebook(
        cells=cells,
        metadata={"language_info": {"name": "python", "pygments_lexer": "ipython3"}},
    )
    nbformat.validate(notebook)
    return nbformat.writes(notebook).encode("utf-8")


def long_output_cell(lines: int = 5000) -> object:
    text = "".join(f"line {n} of a long log\n" for n in range(lines))
    return v4.new_code_cell(
        "run()", execution_count=9, outputs=[v4.new_output("stream", name="stdout", text=text)]
    )


def invalid_notebook() -> bytes:
    """JSON that claims to be a notebook but breaks the nbformat schema."""
    return b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": 1}]}'


def form_bomb_pdf(levels: int, fan: int, pages: int) -> bytes:
    """A few kilobytes of PDF whose every page draws a form that draws the next form
    ``fan`` times, ``levels`` deep: ``fan ** (levels - 1)`` full-page fills a page. The
    attack on issue 12's fixes made ``form_bomb_pdf(6, 10, 3)``: over a minute a page."""
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    page_ids = [100 + number for number in range(pages)]
    kids = b" ".join(b"%d 0 R" % page for page in page_ids)
    objects[2] = b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages
    content = b"/X0 Do"
    objects[4] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    for page in page_ids:
        objects[page] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1280 720] "
            b"/Resources << /XObject << /X0 10 0 R >> >> /Contents 4 0 R >>"
        )
    for level in range(levels):
        number = 10 + level
        if level < levels - 1:
            body = b" ".join([b"/X%d Do" % (level + 1)] * fan)
            resources = b"/Resources << /XObject << /X%d %d 0 R >> >>" % (level + 1, number + 1)
        else:
            body = b"0.5 g 0 0 1280 720 re f 0 0 m 1280 720 l S"
            resources = b""
        objects[number] = (
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 1280 720] "
            + resources
            + b" /Length %d >>\nstream\n" % len(body)
            + body
            + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        found = offsets.get(number)
        out += b"%010d 00000 n \n" % found if found is not None else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def text_pdf(pages: list[str], size: tuple[int, int] = (960, 540)) -> bytes:
    """A deck whose page N has the text layer ``pages[N - 1]`` (Helvetica, one line per
    line of it; an empty string gives a page with no text), written object by object."""

    def literal(line: str) -> bytes:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("latin-1") + b")"

    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in pages:
        lines = [literal(line) + b" Tj T*" for line in text.splitlines()]
        stream = b"BT /F1 24 Tf 28 TL 60 %d Td " % (size[1] - 80) + b" ".join(lines) + b" ET"
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (size[0], size[1], content)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def install_handler(folder: Path, module: str, code: str, kind: str, cls: str) -> Path:
    """A third-party attachment kind as an installed distribution would be: ``module``
    (its ``code``) and a dist-info folder whose entry point registers ``module:cls`` as
    ``kind`` in ``showcase.attachments``. Put ``folder`` on the build's ``PYTHONPATH``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{module}.py").write_text(code, encoding="utf-8")
    name = module.replace("_", "-")
    info = folder / f"{module}-1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[showcase.attachments]\n{kind} = {module}:{cls}\n", encoding="utf-8"
    )
    return folder
