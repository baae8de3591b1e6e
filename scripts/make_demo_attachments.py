#!/usr/bin/env python3
# The slide, notebook and deck text below is content, kept on one line per sentence.
# ruff: noqa: E501, RUF001
"""(Re)generate the demo archive's binary attachments under content/.

The example archive in content/ is hand-written Markdown and YAML, except for a few
attachments that exercise the ways a talk can show something besides its writeup:

    talks/2026-03-cuped-in-practice/slides.pdf         PDF deck (Pillow, 5 pages, text layer)
    talks/2026-11-shipping-a-data-api/slides.pdf       PDF deck (Pillow, 5 pages, text layer)
    talks/2026-04-streaming-order-events/slides.html   self-contained HTML deck
    talks/2026-02-substitution-model/analysis.ipynb    notebook with saved outputs
    talks/2026-09-forecast-backtesting/backtest.ipynb  notebook with saved outputs
    talks/2026-10-route-density-maps/cover.png         cover image
    people/zoe-hartmann.png, people/sam-oduya.png      avatars
    talks/2026-11-backfills-without-fear/recording.mp4  24-second recording (PyAV: H.264, AAC)
    talks/2026-11-backfills-without-fear/transcript.vtt its transcript, with voices and chapters

Requirements: Python 3.11, Pillow, nbformat, PyAV (the recording) and pypdfium2 (the decks' text layer: the words
drawn on each slide, written invisibly over them, as a scanner's text recognition does, so
that the site's search finds them). The output is deterministic: running the
script twice produces the same bytes (no timestamps, fixed notebook cell ids, fixed
pseudo-random seeds). Every file is kept to a few KB so the repository stays small.

Usage:  python scripts/make_demo_attachments.py [--content PATH]
"""

from __future__ import annotations

import argparse
import base64
import ctypes
import datetime
import hashlib
import html
import io
import math
import random
import re
import time
import unicodedata
from pathlib import Path

import nbformat
from nbformat import v4 as nbf
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent

# Palette (Basketly brand-ish colours).
INK = (28, 36, 48)
MUTED = (96, 108, 124)
PAPER = (255, 255, 255)
GREEN = (22, 128, 92)
LIGHT_GREEN = (214, 240, 228)
ORANGE = (230, 120, 40)
GREY = (226, 230, 235)
BLUE = (40, 96, 170)

SLIDE_W, SLIDE_H = 1280, 720


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


# The font bundled with Pillow covers ASCII and a few symbols, but no accented letters.
# draw_text() writes the base letter and draws the accent itself, so "Inês Carvalho" and
# "José Ramírez" come out right on the slides.
MARKS = {"\u0301": "acute", "\u0302": "circumflex", "\u030c": "caron", "\u0308": "diaeresis"}


def plain(text: str) -> str:
    """The text without combining accents (for measuring)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if ch not in MARKS)


def draw_text(
    draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, fnt, fill, bg=PAPER
) -> None:
    """Left-aligned text, composing accented letters from a base letter and a drawn mark."""
    x, y = xy
    base = ""
    marks: list[tuple[int, str]] = []
    for ch in unicodedata.normalize("NFD", text):
        if ch in MARKS and base:
            marks.append((len(base) - 1, MARKS[ch]))
        else:
            base += ch
    draw.text((x, y), base, font=fnt, fill=fill)
    if isinstance(draw, SlideDraw):  # the text layer has the accents the font lacks
        draw.lines[-1] = (*draw.lines[-1][:3], text)
    size = fnt.size
    stroke = max(1, round(size / 14))
    for i, mark in marks:
        x0 = x + draw.textlength(base[:i], font=fnt)
        left, top, right, _ = draw.textbbox((x0, y), base[i], font=fnt)
        x_top = draw.textbbox((x0, y), "x", font=fnt)[1]
        if base[i] in "ij":  # remove the dot; the accent takes its place
            draw.rectangle([left, top, right, x_top - 2], fill=bg)
        ref = x_top if base[i].islower() else top
        cx, hw = (left + right) / 2, max(3.0, size * 0.13)
        mt, mb = ref - size * 0.30, ref - size * 0.09
        if mark == "acute":
            draw.line([(cx - hw * 0.6, mb), (cx + hw * 0.8, mt)], fill=fill, width=stroke)
        elif mark == "circumflex":
            draw.line([(cx - hw, mb), (cx, mt), (cx + hw, mb)], fill=fill, width=stroke)
        elif mark == "caron":
            draw.line([(cx - hw, mt), (cx, mb), (cx + hw, mt)], fill=fill, width=stroke)
        else:  # diaeresis
            r = max(1.0, size * 0.05)
            for dx in (-hw * 0.8, hw * 0.8):
                draw.ellipse(
                    [cx + dx - r, (mt + mb) / 2 - r, cx + dx + r, (mt + mb) / 2 + r], fill=fill
                )


def wrap(draw: ImageDraw.ImageDraw, text: str, fnt, width: int) -> list[str]:
    """Greedy word wrap to a pixel width."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(plain(candidate), font=fnt) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def png_bytes(img: Image.Image, colors: int = 32) -> bytes:
    """Encode as a small, deterministic palette PNG."""
    if img.mode != "P":
        img = img.convert("RGB").quantize(
            colors=colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"{shown}  {len(data) / 1024:.1f} KB")


# --------------------------------------------------------------------------- slides


class SlideDraw(ImageDraw.ImageDraw):
    """Draws a slide and keeps each line of text written on it, where and how large, for
    the PDF's text layer (``save_pdf``)."""

    def __init__(self, img: Image.Image) -> None:
        super().__init__(img)
        self.lines: list[tuple[float, float, float, str]] = []
        img.info["lines"] = self.lines

    def text(self, xy, text, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        size = getattr(kwargs.get("font"), "size", 20)
        self.lines.append((xy[0], xy[1], size, str(text)))
        return super().text(xy, text, *args, **kwargs)


def new_slide() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGB", (SLIDE_W, SLIDE_H), PAPER)
    draw = SlideDraw(img)
    draw.fontmode = "1"  # no anti-aliasing: crisper and far smaller once compressed
    return img, draw


def header_band(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle([0, 0, SLIDE_W, 110], fill=LIGHT_GREEN)
    draw.line([(0, 110), (SLIDE_W, 110)], fill=GREEN, width=4)


def footer(draw: ImageDraw.ImageDraw, left: str, page: int, total: int) -> None:
    draw.line([(60, 660), (SLIDE_W - 60, 660)], fill=MUTED, width=2)
    draw_text(draw, (60, 672), left, font(20), MUTED)
    draw.text((SLIDE_W - 60, 672), f"{page} / {total}", font=font(20), fill=MUTED, anchor="ra")


def title_slide(title: str, subtitle: str, byline: str) -> Image.Image:
    img, draw = new_slide()
    draw.rectangle([0, 0, 28, SLIDE_H], fill=GREEN)
    y = 210
    for line in wrap(draw, title, font(64), 1080):
        draw_text(draw, (100, y), line, font(64), INK)
        y += 80
    draw_text(draw, (100, y + 20), subtitle, font(32), GREEN)
    draw_text(draw, (100, y + 80), byline, font(26), MUTED)
    draw.text(
        (100, 640), "Basketly · Data Platform & Analytics · Demo Day", font=font(20), fill=MUTED
    )
    return img


def bullet_slide(
    heading: str,
    bullets: list[str],
    footer_text: str,
    page: int,
    total: int,
    code: list[str] | None = None,
    table: list[tuple[str, ...]] | None = None,
) -> Image.Image:
    img, draw = new_slide()
    header_band(draw)
    draw.text((60, 32), heading, font=font(46), fill=INK)
    y = 150
    body = font(30)
    for bullet in bullets:
        lines = wrap(draw, bullet, body, 1080)
        draw.ellipse([70, y + 12, 82, y + 24], fill=GREEN)
        for line in lines:
            draw_text(draw, (100, y), line, body, INK)
            y += 42
        y += 14
    if code:
        y += 6
        height = 24 + 32 * len(code)
        draw.rectangle(
            [60, y, SLIDE_W - 60, y + height], fill=(244, 246, 248), outline=MUTED, width=2
        )
        for i, line in enumerate(code):
            draw.text((84, y + 14 + 32 * i), line, font=font(24), fill=BLUE)
        y += height + 20
    if table:
        col_w = (SLIDE_W - 120) // len(table[0])
        for r, row in enumerate(table):
            if r == 0:
                draw.rectangle([60, y, SLIDE_W - 60, y + 44], fill=GREY)
            for c, cell in enumerate(row):
                draw.text((76 + c * col_w, y + 8), cell, font=font(26), fill=INK if r else MUTED)
            y += 48
            draw.line([(60, y - 2), (SLIDE_W - 60, y - 2)], fill=MUTED, width=1)
    footer(draw, footer_text, page, total)
    return img


def bar_slide(
    heading: str,
    note: str,
    bars: list[tuple[str, float, float, str]],
    legend: tuple[str, str],
    footer_text: str,
    page: int,
    total: int,
) -> Image.Image:
    """A before/after bar chart slide: bars = (label, before, after, format); each pair on its own scale."""
    img, draw = new_slide()
    header_band(draw)
    draw.text((60, 32), heading, font=font(46), fill=INK)
    draw_text(draw, (60, 140), note, font(28), MUTED)
    top, base = 260, 600
    group_w = (SLIDE_W - 200) // len(bars)
    for i, (label, before, after, fmt) in enumerate(bars):
        vmax = max(before, after)
        x = 140 + i * group_w
        for j, (value, colour) in enumerate(((before, PAPER), (after, GREEN))):
            h = int((base - top) * value / vmax)
            x0 = x + j * 150
            draw.rectangle([x0, base - h, x0 + 120, base], fill=colour, outline=INK, width=3)
            draw.text(
                (x0 + 60, base - h - 30), fmt.format(value), font=font(22), fill=INK, anchor="ma"
            )
        draw.text((x + 135, base + 14), label, font=font(24), fill=INK, anchor="ma")
    draw.line([(120, base), (SLIDE_W - 60, base)], fill=INK, width=2)
    draw.rectangle([60, 196, 80, 216], fill=PAPER, outline=INK, width=3)
    draw.text((90, 194), legend[0], font=font(22), fill=INK)
    draw.rectangle([300, 196, 320, 216], fill=GREEN)
    draw.text((330, 194), legend[1], font=font(22), fill=INK)
    footer(draw, footer_text, page, total)
    return img


def flow_slide(
    heading: str,
    boxes: list[tuple[str, str]],
    caption: str,
    footer_text: str,
    page: int,
    total: int,
) -> Image.Image:
    """A left-to-right architecture diagram: boxes = (name, detail)."""
    img, draw = new_slide()
    header_band(draw)
    draw.text((60, 32), heading, font=font(46), fill=INK)
    n = len(boxes)
    gap = 40
    box_w = (SLIDE_W - 120 - gap * (n - 1)) // n
    y0, y1 = 270, 420
    for i, (name, detail) in enumerate(boxes):
        x0 = 60 + i * (box_w + gap)
        draw.rounded_rectangle(
            [x0, y0, x0 + box_w, y1], radius=14, outline=GREEN, width=4, fill=PAPER
        )
        draw.text((x0 + box_w // 2, y0 + 40), name, font=font(26), fill=INK, anchor="ma")
        for k, line in enumerate(wrap(draw, detail, font(20), box_w - 20)):
            draw.text(
                (x0 + box_w // 2, y0 + 84 + 26 * k), line, font=font(20), fill=MUTED, anchor="ma"
            )
        if i < n - 1:
            ax = x0 + box_w + 4
            draw.line([(ax, (y0 + y1) // 2), (ax + gap - 10, (y0 + y1) // 2)], fill=ORANGE, width=4)
            draw.polygon(
                [
                    (ax + gap - 8, (y0 + y1) // 2 - 9),
                    (ax + gap - 8, (y0 + y1) // 2 + 9),
                    (ax + gap + 2, (y0 + y1) // 2),
                ],
                fill=ORANGE,
            )
    y = 480
    for line in wrap(draw, caption, font(28), 1140):
        draw.text((60, y), line, font=font(28), fill=INK)
        y += 40
    footer(draw, footer_text, page, total)
    return img


def save_pdf(path: Path, pages: list[Image.Image], title: str, author: str, date: str) -> None:
    """Save 1280x720 pages as a multi-page PDF.

    The slides are drawn in colour but designed to survive a 1-bit conversion: bilevel
    pages are stored with CCITT G4 compression, about 5 KB a page, where JPEG pages of
    the same size cost 30 KB or more. Fixed dates keep the bytes reproducible.
    """
    stamp = time.strptime(date, "%Y-%m-%d")
    mono = [
        p.convert("L").point(lambda v: 255 if v > 200 else 0).convert("1", dither=Image.Dither.NONE)
        for p in pages
    ]
    buf = io.BytesIO()
    mono[0].save(
        buf,
        "PDF",
        save_all=True,
        append_images=mono[1:],
        resolution=96.0,
        title=title,
        author=author,
        creator="scripts/make_demo_attachments.py",
        producer="Pillow",
        creationDate=stamp,
        modDate=stamp,
    )
    write_bytes(path, with_text_layer(buf.getvalue(), [p.info["lines"] for p in pages]))


def with_text_layer(data: bytes, pages: list[list[tuple[float, float, float, str]]]) -> bytes:
    """The PDF ``data`` with each page's lines of text written invisibly where they are
    drawn (Helvetica, so letters outside Latin-1 are left out of the layer)."""
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    scale = 72 / 96  # the pages were saved at 96 pixels an inch
    pdf = pdfium.PdfDocument(data)
    font = raw.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    for page, lines in zip(pdf, pages, strict=True):
        height = page.get_height()
        for x, y, size, line in lines:
            kept = "".join(ch for ch in line if ord(ch) < 256)
            obj = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, ctypes.c_float(size * scale))
            encoded = (kept + "\0").encode("utf-16-le")
            buffer = ctypes.create_string_buffer(encoded, len(encoded))
            raw.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
            raw.FPDFTextObj_SetTextRenderMode(obj, raw.FPDF_TEXTRENDERMODE_INVISIBLE)
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x * scale, height - (y + size) * scale)
            raw.FPDFPage_InsertObject(page.raw, obj)
        raw.FPDFPage_GenerateContent(page.raw)
        page.close()
    raw.FPDFFont_Close(font)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    # PDFium gives the saved file a random /ID: one made from the file keeps it the same
    # from run to run (of the same length, so no offset moves).
    saved = out.getvalue()
    found = re.search(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", saved)
    if found:
        digest = hashlib.md5(saved[: found.start()]).hexdigest().upper().encode("ascii")
        digest = digest[: len(found.group(1))]
        saved = (
            saved[: found.start(1)]
            + digest
            + saved[found.end(1) : found.start(2)]
            + digest
            + saved[found.end(2) :]
        )
    return saved


def make_cuped_deck(content: Path) -> None:
    ft = "CUPED in practice · Inês Carvalho · 19 March 2026"
    pages = [
        title_slide(
            "CUPED in practice: faster experiment reads",
            "Experimentation Demo Day",
            "Inês Carvalho · Data Science · 19 March 2026",
        ),
        bullet_slide(
            "The problem",
            [
                "Basket value is noisy: a 1% change needed four weeks to detect.",
                "Checkout ships changes every Tuesday; four-week tests block the roadmap.",
                "Most of the noise is predictable: big-basket customers keep buying big baskets.",
            ],
            ft,
            2,
            5,
        ),
        bullet_slide(
            "The idea: adjust with the pre-period",
            ["Use each customer's basket value from the 28 days before assignment as a covariate."],
            ft,
            3,
            5,
            code=[
                "theta = cov(y, x) / var(x)",
                "y_adjusted = y - theta * (x - mean(x))",
                "# x: same metric before the experiment, y: during it",
            ],
        ),
        bar_slide(
            "Results on 18 past experiments",
            "Median weeks to significance, and variance of basket value (before = 100)",
            [
                ("Weeks to significance", 4.0, 2.4, "{:.1f} weeks"),
                ("Variance of basket value", 100, 59, "{:.0f}"),
            ],
            ("Plain t-test", "With CUPED"),
            ft,
            4,
            5,
        ),
        bullet_slide(
            "Gotchas, and what's next",
            [
                "New customers have no pre-period: no adjustment, little gain for acquisition tests.",
                "The covariate window must end before assignment, or the treatment leaks in.",
                "Show raw and adjusted results side by side; stakeholders ask why numbers moved.",
                "Next: sequential testing, so peeking at results is safe.",
            ],
            ft,
            5,
            5,
        ),
    ]
    save_pdf(
        content / "talks/2026-03-cuped-in-practice/slides.pdf",
        pages,
        "CUPED in practice: faster experiment reads",
        "Inês Carvalho",
        "2026-03-19",
    )


def make_data_api_deck(content: Path) -> None:
    ft = "Shipping a data API in a week · José Ramírez · 19 November 2026"
    pages = [
        title_slide(
            "Shipping a data API in a week",
            "November Demo Day · Data APIs",
            "José Ramírez · Platform · 19 November 2026",
        ),
        bullet_slide(
            "Scope, decided on Monday",
            [
                "Read-only JSON, four endpoints, behind the existing API gateway.",
                "Numbers only from the metrics layer, so they match the dashboards.",
                "At most one hour old. No real-time promises.",
            ],
            ft,
            2,
            5,
        ),
        flow_slide(
            "The build",
            [
                ("Warehouse", "orders, stores, deliveries"),
                ("Metrics layer", "one definition per metric"),
                ("Cache table", "Airflow refresh every 30 min"),
                ("FastAPI", "4 endpoints, median 35 ms"),
                ("Partner app", "via the API gateway"),
            ],
            "The API never queries the warehouse directly, so the bill does not grow with the partner app's traffic.",
            ft,
            3,
            5,
        ),
        bullet_slide(
            "What went wrong",
            [
                "Tuesday: the gateway needed a change from another team. One day lost waiting.",
                "Thursday: the app rounded 96.6% to 97% on one screen and 96% on another.",
                "Fix: rates are returned as basis points (9660), and the app formats them.",
            ],
            ft,
            4,
            5,
        ),
        bullet_slide(
            "Three weeks after launch",
            [
                "No incidents; new metrics are one-line changes.",
                "Next: a generated client for other internal teams.",
            ],
            ft,
            5,
            5,
            table=[
                ("Requests", "Median latency", "Incidents", "New metric requests"),
                ("41,000", "35 ms", "0", "2"),
            ],
        ),
    ]
    save_pdf(
        content / "talks/2026-11-shipping-a-data-api/slides.pdf",
        pages,
        "Shipping a data API in a week",
        "José Ramírez",
        "2026-11-19",
    )


# ----------------------------------------------------------------------- HTML deck

HTML_SLIDES = [
    (
        "Order events as a stream",
        "<p class=lead>From an hourly export to seconds</p><p>Tomáš Novák · Platform · April Demo Day, 16 April 2026</p>",
    ),
    (
        "Why",
        "<ul><li>Order data arrived through an <b>hourly export</b>.</li>"
        "<li>The ops dashboard was up to <b>65 minutes</b> stale.</li>"
        "<li>Stores run out of pickers faster than that.</li></ul>",
    ),
    (
        "What we built",
        "<ol><li>Orders service publishes every status change to Kafka, Avro schema in the registry.</li>"
        "<li>A ~300-line Python consumer batches events every 10&nbsp;s into a raw table.</li>"
        "<li>dbt models read it; <code>ops_store_now</code> rebuilds every minute.</li></ol>"
        "<pre>placed → picking → picked → out_for_delivery → delivered\n                                        ↘ cancelled</pre>",
    ),
    (
        "Four weeks later",
        "<table><tr><th></th><th>Hourly export</th><th>Stream</th></tr>"
        "<tr><td>Median lag</td><td>34 min</td><td>14 s</td></tr>"
        "<tr><td>p99 lag</td><td>71 min</td><td>48 s</td></tr>"
        "<tr><td>Events per day</td><td>n/a</td><td>~1.9 million</td></tr></table>",
    ),
    (
        "What went wrong",
        "<ul><li><b>Out-of-order events</b>: order by event time, keep the latest status.</li>"
        "<li><b>Duplicates</b> after restarts: every event has an id; models deduplicate.</li>"
        "<li><b>Unregistered schema change</b> stopped the consumer for two hours on a Sunday. "
        "The orders service's CI now checks compatibility.</li></ul>",
    ),
    (
        "Next",
        "<p class=lead>Driver location pings, same pattern, ~20× the volume.</p><p>Questions?</p>",
    ),
]

HTML_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="scripts/make_demo_attachments.py (hand-written deck in the style of a Marp/reveal.js export)">
<title>Order events as a stream</title>
<style>
  html, body {{ margin: 0; height: 100%; background: #1c2430; font-family: system-ui, sans-serif; }}
  .deck {{ position: relative; width: 100vw; height: 100vh; }}
  section {{ display: none; box-sizing: border-box; position: absolute; inset: 4vh 4vw;
            background: #fff; color: #1c2430; padding: 6vh 6vw; border-left: 1.2vw solid #16805c;
            font-size: 3.2vmin; line-height: 1.45; overflow: hidden; }}
  section.active {{ display: block; }}
  h1 {{ font-size: 7vmin; margin: 8vh 0 2vh; }}
  h2 {{ font-size: 5vmin; margin: 0 0 3vh; color: #16805c; }}
  .lead {{ font-size: 4.2vmin; color: #16805c; }}
  code, pre {{ font-family: ui-monospace, monospace; background: #f4f6f8; }}
  pre {{ padding: 2vh 2vw; font-size: 2.6vmin; }}
  table {{ border-collapse: collapse; font-size: 3vmin; }}
  th, td {{ padding: 1vh 2vw; border-bottom: 1px solid #e2e6eb; text-align: left; }}
  .counter {{ position: fixed; right: 5vw; bottom: 5vh; color: #606c7c; font-size: 2.2vmin; }}
  .hint {{ position: fixed; left: 5vw; bottom: 5vh; color: #606c7c; font-size: 2.2vmin; }}
  @media print {{ section {{ display: block; position: relative; page-break-after: always; inset: 0; height: 100vh; }}
                 .counter, .hint {{ display: none; }} }}
</style>
</head>
<body>
<div class="deck">
{sections}
</div>
<div class="hint">← → or space to navigate</div>
<div class="counter" id="counter"></div>
<script>
(function () {{
  var slides = document.querySelectorAll("section");
  var current = 0;
  function show(i) {{
    current = Math.max(0, Math.min(slides.length - 1, i));
    for (var k = 0; k < slides.length; k++) {{
      slides[k].classList.toggle("active", k === current);
    }}
    document.getElementById("counter").textContent = (current + 1) + " / " + slides.length;
    if (location.hash !== "#" + (current + 1)) {{ history.replaceState(null, "", "#" + (current + 1)); }}
  }}
  document.addEventListener("keydown", function (e) {{
    if (e.key === "ArrowRight" || e.key === "PageDown" || e.key === " ") {{ show(current + 1); e.preventDefault(); }}
    else if (e.key === "ArrowLeft" || e.key === "PageUp") {{ show(current - 1); e.preventDefault(); }}
    else if (e.key === "Home") {{ show(0); }}
    else if (e.key === "End") {{ show(slides.length - 1); }}
  }});
  document.addEventListener("click", function (e) {{
    show(e.clientX > window.innerWidth / 2 ? current + 1 : current - 1);
  }});
  var start = parseInt(location.hash.slice(1), 10);
  show(isNaN(start) ? 0 : start - 1);
}})();
</script>
</body>
</html>
"""


def make_html_deck(content: Path) -> None:
    sections = []
    for i, (heading, body) in enumerate(HTML_SLIDES):
        tag = "h1" if i == 0 else "h2"
        sections.append(
            f'<section id="s{i + 1}">\n  <{tag}>{html.escape(heading)}</{tag}>\n  {body}\n</section>'
        )
    text = HTML_TEMPLATE.format(sections="\n".join(sections))
    write_bytes(content / "talks/2026-04-streaming-order-events/slides.html", text.encode("utf-8"))


# ------------------------------------------------------------------------ charts


def chart_canvas(w: int, h: int, title: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGB", (w, h), PAPER)
    draw = ImageDraw.Draw(img)
    draw.fontmode = "1"
    draw.text((12, 8), title, font=font(14), fill=INK)
    return img, draw


def grouped_bar_chart(
    categories: list[str], series: list[tuple[str, list[float], tuple]], title: str, ymax: float
) -> bytes:
    w, h = 520, 280
    img, draw = chart_canvas(w, h, title)
    left, right, top, base = 44, w - 12, 62, h - 30
    for tick in range(0, int(ymax) + 1, 20):
        y = base - (base - top) * tick / ymax
        draw.line([(left, y), (right, y)], fill=GREY)
        draw.text((left - 6, y), f"{tick}%", font=font(11), fill=MUTED, anchor="rm")
    group = (right - left) / len(categories)
    bar = group * 0.8 / len(series)
    for i, cat in enumerate(categories):
        for j, (_, values, colour) in enumerate(series):
            x0 = left + i * group + group * 0.1 + j * bar
            y0 = base - (base - top) * values[i] / ymax
            draw.rectangle([x0, y0, x0 + bar - 2, base], fill=colour)
        draw.text(
            (left + i * group + group / 2, base + 6), cat, font=font(11), fill=INK, anchor="ma"
        )
    draw.line([(left, base), (right, base)], fill=INK)
    for j, (name, _, colour) in enumerate(series):
        draw.rectangle([12 + j * 110, 34, 22 + j * 110, 44], fill=colour)
        draw.text((26 + j * 110, 31), name, font=font(12), fill=INK)
    return png_bytes(img, colors=16)


def line_chart(
    series: list[tuple[str, list[float], tuple]], labels: list[str], title: str, marks: list[int]
) -> bytes:
    w, h = 560, 280
    img, draw = chart_canvas(w, h, title)
    left, right, top, base = 44, w - 12, 62, h - 30
    values = [v for _, vs, _ in series for v in vs]
    vmin, vmax = 0.0, math.ceil(max(values) / 5) * 5
    n = len(labels)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + (right - left) * i / (n - 1), base - (base - top) * (v - vmin) / (vmax - vmin)

    for tick in range(0, int(vmax) + 1, 5):
        y = xy(0, tick)[1]
        draw.line([(left, y), (right, y)], fill=GREY)
        draw.text((left - 6, y), f"{tick}%", font=font(11), fill=MUTED, anchor="rm")
    for i in marks:
        x = xy(i, 0)[0]
        draw.line([(x, top), (x, base)], fill=(250, 214, 190), width=3)
    for _name, vs, colour in series:
        draw.line([xy(i, v) for i, v in enumerate(vs)], fill=colour, width=2)
    for i in range(0, n, 13):
        x = xy(i, 0)[0]
        label = datetime.date.fromisoformat(labels[i]).strftime("%b %Y")
        draw.text((max(x, left + 22), base + 6), label, font=font(11), fill=INK, anchor="ma")
    draw.line([(left, base), (right, base)], fill=INK)
    for j, (name, _, colour) in enumerate(series):
        draw.rectangle([12 + j * 110, 34, 22 + j * 110, 44], fill=colour)
        draw.text((26 + j * 110, 31), name, font=font(12), fill=INK)
    return png_bytes(img, colors=16)


# --------------------------------------------------------------------- notebooks


def html_table(columns: list[str], rows: list[list], index_name: str = "") -> str:
    """A small table in the shape pandas' DataFrame._repr_html_ produces."""
    out = [
        "<div>",
        '<table border="1" class="dataframe">',
        "  <thead>",
        '    <tr style="text-align: right;">',
    ]
    out.append(f"      <th>{html.escape(index_name)}</th>")
    out += [f"      <th>{html.escape(c)}</th>" for c in columns]
    out += ["    </tr>", "  </thead>", "  <tbody>"]
    for row in rows:
        out.append("    <tr>")
        out.append(f"      <th>{html.escape(str(row[0]))}</th>")
        out += [f"      <td>{html.escape(str(v))}</td>" for v in row[1:]]
        out.append("    </tr>")
    out += ["  </tbody>", "</table>", "</div>"]
    return "\n".join(out)


def text_table(columns: list[str], rows: list[list], index_name: str = "") -> str:
    cells = [[index_name, *columns]] + [[str(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    return "\n".join(
        "  ".join(
            c.rjust(wd) if i else c.ljust(wd)
            for i, (c, wd) in enumerate(zip(r, widths, strict=True))
        )
        for r in cells
    )


def notebook(cells: list, name: str) -> nbformat.NotebookNode:
    nb = nbf.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python", "version": "3.11.7"},
    }
    count = 0
    for i, cell in enumerate(cells):
        cell["id"] = f"{name}-{i:02d}"  # fixed ids, so the file is reproducible
        if cell["cell_type"] == "code":
            count += 1
            cell["execution_count"] = count
            for out in cell["outputs"]:
                if out["output_type"] == "execute_result":
                    out["execution_count"] = count
    nb.cells = cells
    nbformat.validate(nb)
    return nb


def write_notebook(path: Path, nb: nbformat.NotebookNode) -> None:
    write_bytes(path, (nbformat.writes(nb) + "\n").encode("utf-8"))


def make_substitution_notebook(content: Path) -> None:
    categories = ["Dairy", "Bakery", "Pantry", "Frozen", "Drinks", "Produce"]
    picker = [79, 76, 81, 78, 80, 68]
    model = [92, 89, 93, 90, 91, 63]
    lines = [41_200, 18_900, 52_300, 15_100, 22_700, 37_800]
    rows = [
        [c, f"{n:,}", f"{p}%", f"{m}%", f"{m - p:+d} pts"]
        for c, n, p, m in zip(categories, lines, picker, model, strict=True)
    ]
    cols = ["substituted lines", "picker's choice", "model top-1", "difference"]
    chart = grouped_bar_chart(
        categories,
        [("picker", picker, GREY), ("model top-1", model, GREEN)],
        "Accepted substitutes by category, offline replay (Sep-Nov 2025)",
        100,
    )
    cells = [
        nbf.new_markdown_cell(
            "# Substitution ranker: offline evaluation\n\n"
            "Replays every out-of-stock order line from September to November 2025 and asks: "
            "if the picker had taken the model's top suggestion, would the customer have accepted it?\n\n"
            "*Kenji Watanabe & Priya Natarajan, February 2026 demo day.*"
        ),
        nbf.new_code_cell(
            "import pandas as pd\n"
            "import basketly_data as bd\n\n"
            "lines = bd.query(\"select * from features.substitution_replay where ordered_date between '2025-09-01' and '2025-11-30'\")\n"
            'print(f"{len(lines):,} substituted lines, {lines.customer_id.nunique():,} customers")\n'
            'print(f"accepted at the door (picker\'s choice): {lines.accepted.mean():.1%}")',
            outputs=[
                nbf.new_output(
                    "stream",
                    name="stdout",
                    text="188,000 substituted lines, 61,412 customers\naccepted at the door (picker's choice): 77.0%\n",
                )
            ],
        ),
        nbf.new_markdown_cell(
            "## Acceptance by category\n\n"
            "Acceptance of the model's top-1 is estimated from lines where the picker happened to choose the same product "
            "(inverse-propensity weighted, see the appendix in the repository)."
        ),
        nbf.new_code_cell(
            "by_cat = (lines.groupby('category')\n"
            "               .agg(substituted_lines=('order_line_id', 'size'),\n"
            "                    picker=('accepted', 'mean'),\n"
            "                    model_top1=('ipw_accepted_top1', 'mean')))\n"
            "by_cat",
            outputs=[
                nbf.new_output(
                    "execute_result",
                    data={
                        "text/html": html_table(cols, rows, "category"),
                        "text/plain": text_table(cols, rows, "category"),
                    },
                )
            ],
        ),
        nbf.new_code_cell(
            "ax = by_cat[['picker', 'model_top1']].mul(100).plot.bar(rot=0)\n"
            "ax.set_ylabel('% accepted')",
            outputs=[
                nbf.new_output(
                    "display_data",
                    data={
                        "image/png": base64.b64encode(chart).decode("ascii"),
                        "text/plain": "<Figure size 520x280 with 1 Axes>",
                    },
                )
            ],
        ),
        nbf.new_markdown_cell(
            "## Takeaways\n\n"
            "- Overall acceptance: **77%** for pickers' choices, **86%** for the model's top-1.\n"
            "- The model loses on **produce** (63% vs 68%): ripeness and size matter and we have no features for them. "
            "Pickers keep full control for fresh produce.\n"
            "- Next: the online test in 12 stores, 4 weeks, rejections at the door as the primary metric."
        ),
    ]
    write_notebook(
        content / "talks/2026-02-substitution-model/analysis.ipynb", notebook(cells, "subst")
    )


def make_backtest_notebook(content: Path) -> None:
    rng = random.Random(20260917)
    first = datetime.date(2025, 6, 2)
    cutoffs = [(first + datetime.timedelta(weeks=i)).isoformat() for i in range(65)]
    holidays = {
        "2025-12-15",
        "2025-12-22",
        "2026-03-23",
        "2026-03-30",
    }  # Christmas and Easter horizons
    v3, naive = [], []
    for c in cutoffs:
        base = 9.0 + rng.uniform(-1.2, 1.2)
        if c in holidays:
            v3.append(round(base + 9.5 + rng.uniform(0, 2), 1))
            naive.append(round(base + 6.0 + rng.uniform(0, 2), 1))
        else:
            v3.append(round(base, 1))
            naive.append(round(base + 4.0 + rng.uniform(0.5, 3.0), 1))
    wins = sum(a < b for a, b in zip(v3, naive, strict=True))
    assert wins == 61, wins

    def summary(vs: list[float]) -> list[str]:
        s = sorted(vs)
        return [f"{sum(vs) / len(vs):.1f}%", f"{(s[32]):.1f}%", f"{max(vs):.1f}%"]

    cols = ["mean WAPE", "median WAPE", "worst cut-off", "cut-offs won"]
    rows = [
        ["demand_v3", *summary(v3), str(wins)],
        ["seasonal_naive", *summary(naive), str(65 - wins)],
    ]
    chart = line_chart(
        [("demand_v3", v3, GREEN), ("seasonal naive", naive, ORANGE)],
        cutoffs,
        "Weekly WAPE per cut-off, 14-day horizon, all stores",
        [cutoffs.index(h) for h in sorted(holidays)],
    )
    losses = [c for c, a, b in zip(cutoffs, v3, naive, strict=True) if a >= b]
    cells = [
        nbf.new_markdown_cell(
            "# Backtest: demand v3 vs seasonal naive\n\n"
            "Every cut-off trains on the data *as it was known* at that moment (the `as of` views), "
            "then forecasts the next 14 days for all 31 stores. WAPE is computed at weekly grain.\n\n"
            "*Priya Natarajan, September 2026 demo day.*"
        ),
        nbf.new_code_cell(
            "import pandas as pd\n"
            "from backtest import Backtest, weekly\n"
            "from models import DemandV3, SeasonalNaive\n\n"
            "cutoffs = weekly('2025-06-02', '2026-08-24')\n"
            "reports = {}\n"
            "for model in (DemandV3(), SeasonalNaive(season_days=7)):\n"
            "    bt = Backtest(model=model, cutoffs=cutoffs, horizon_days=14,\n"
            "                  inputs=['orders_hourly', 'weather_forecast_archive', 'holidays'])\n"
            "    reports[model.name] = bt.run()",
            outputs=[
                nbf.new_output(
                    "stream",
                    name="stdout",
                    text=(
                        "demand_v3: 65 cut-offs, 31 stores, 2,015 fits (as-of inputs verified)\n"
                        "seasonal_naive: 65 cut-offs, 31 stores, 2,015 fits (as-of inputs verified)\n"
                    ),
                )
            ],
        ),
        nbf.new_code_cell(
            "summary = pd.concat({name: r.summary() for name, r in reports.items()}).unstack()\n"
            "summary",
            outputs=[
                nbf.new_output(
                    "execute_result",
                    data={
                        "text/html": html_table(cols, rows, "model"),
                        "text/plain": text_table(cols, rows, "model"),
                    },
                )
            ],
        ),
        nbf.new_code_cell(
            "holiday_cutoffs = ['2025-12-15', '2025-12-22', '2026-03-23', '2026-03-30']\n"
            "ax = pd.DataFrame({n: r.wape_by_cutoff() for n, r in reports.items()}).mul(100).plot()\n"
            "for h in holiday_cutoffs:\n"
            "    ax.axvline(h, color='peachpuff', lw=3)",
            outputs=[
                nbf.new_output(
                    "display_data",
                    data={
                        "image/png": base64.b64encode(chart).decode("ascii"),
                        "text/plain": "<Figure size 560x280 with 1 Axes>",
                    },
                )
            ],
        ),
        nbf.new_code_cell(
            "print('v3 loses on:', ', '.join(reports['demand_v3'].losing_cutoffs(against='seasonal_naive')))",
            outputs=[
                nbf.new_output("stream", name="stdout", text=f"v3 loses on: {', '.join(losses)}\n")
            ],
        ),
        nbf.new_markdown_cell(
            "## Reading\n\n"
            f"- v3 beats the baseline on **{wins} of 65** cut-offs.\n"
            "- All four losses have Christmas or Easter inside the 14-day horizon: the holiday features describe "
            "*distance to* a holiday but v3 has seen only one Christmas at hourly grain.\n"
            "- Next: add last year's same-holiday profile as a feature and rerun this notebook."
        ),
    ]
    write_notebook(
        content / "talks/2026-09-forecast-backtesting/backtest.ipynb", notebook(cells, "backtest")
    )


# ------------------------------------------------------------------- cover, avatars


def make_cover(content: Path) -> None:
    w, h = 800, 450
    img = Image.new("RGB", (w, h), (246, 248, 250))
    draw = ImageDraw.Draw(img)
    rng = random.Random(20261015)
    size = 22
    dx, dy = size * math.sqrt(3), size * 1.5
    hubs = [(250, 230, 1.0), (560, 190, 0.8), (620, 330, 0.6)]
    row = 0
    y = -size
    while y < h + size:
        x = -size + (dx / 2 if row % 2 else 0)
        while x < w + size:
            heat = sum(s * math.exp(-((x - hx) ** 2 + (y - hy) ** 2) / 22000) for hx, hy, s in hubs)
            heat = min(1.0, heat + rng.uniform(0, 0.12))
            colour = tuple(
                int(a + (b - a) * heat) for a, b in zip((225, 240, 232), (12, 96, 66), strict=True)
            )
            pts = [
                (
                    x + size * math.cos(math.radians(60 * k + 30)),
                    y + size * math.sin(math.radians(60 * k + 30)),
                )
                for k in range(6)
            ]
            draw.polygon(pts, fill=colour, outline=(246, 248, 250))
            x += dx
        y += dy
        row += 1
    # the river, and the bridge from the talk
    river = [(x, 300 + 60 * math.sin(x / 140)) for x in range(0, w + 10, 10)]
    draw.line(river, fill=(120, 170, 220), width=16)
    bx = 420
    by = 300 + 60 * math.sin(bx / 140)
    draw.line([(bx, by - 26), (bx, by + 26)], fill=INK, width=6)
    for sx, sy in ((250, 230), (560, 190)):
        draw.ellipse([sx - 9, sy - 9, sx + 9, sy + 9], fill=ORANGE, outline=PAPER, width=3)
    draw.rectangle([0, h - 78, w, h], fill=(255, 255, 255))
    draw.text((24, h - 68), "Route density maps", font=font(30), fill=INK)
    draw.text(
        (24, h - 32),
        "Deliveries per H3 cell per hour · Sam Oduya · October 2026",
        font=font(16),
        fill=MUTED,
    )
    write_bytes(content / "talks/2026-10-route-density-maps/cover.png", png_bytes(img, colors=48))


def make_avatar(content: Path, person_id: str, initials: str, colour: tuple) -> None:
    scale = 4  # draw large, then downsample for smooth edges
    s = 128 * scale
    img = Image.new("RGB", (s, s), PAPER)
    draw = ImageDraw.Draw(img)
    draw.ellipse([0, 0, s - 1, s - 1], fill=colour)
    draw.text((s / 2, s / 2), initials, font=font(56 * scale), fill=PAPER, anchor="mm")
    img = img.resize((128, 128), Image.Resampling.LANCZOS)
    write_bytes(content / f"people/{person_id}.png", png_bytes(img, colors=32))


# --------------------------------------------------------------------------- recording

#: The demo recording's chapters: (start in seconds, title, what the slide says).
RECORDING_CHAPTERS = [
    (0, "Why backfills hurt", "Two years of order events, one timezone bug"),
    (8, "The backfill DAG", "One generic DAG: dry run, throttle, compare"),
    (16, "Comparisons", "Row counts and sums per day, before and after"),
]
RECORDING_SECONDS = 24

TRANSCRIPT = """WEBVTT

NOTE Chapter: Why backfills hurt

00:00:00.500 --> 00:00:04.000
<v Tomáš Novák>In September we had to reprocess two years of order events.

00:00:04.000 --> 00:00:07.800
<v Tomáš Novák>The timezone bug in the stream consumer had shifted every late-night order by a day.

NOTE Chapter: The backfill DAG

00:00:08.000 --> 00:00:11.500
<v Tomáš Novák>So we wrote one generic backfill DAG, triggered with a start date, an end date and a table.

00:00:11.500 --> 00:00:15.500
<v Tomáš Novák>Every run starts as a dry run, and throttles itself to four partitions at a time.

NOTE Chapter: Comparisons

00:00:16.000 --> 00:00:19.500
<v Tomáš Novák>Before it swaps a partition in, it compares row counts and sums per day with the old one.

00:00:19.500 --> 00:00:23.500
<v Marta Okafor>Did the comparisons ever stop a swap? <v Tomáš Novák>Twice, both real duplicates.
"""


def recording_frame(second: int) -> Image.Image:
    """The slide on screen at ``second`` of the demo recording, with a progress bar."""
    start, title, line = next(c for c in reversed(RECORDING_CHAPTERS) if c[0] <= second)
    img = Image.new("RGB", (640, 360), PAPER)
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, 640, 56], fill=LIGHT_GREEN)
    draw.text((24, 14), "Backfills without fear", font=font(24), fill=INK)
    draw.text((24, 120), title, font=font(36), fill=GREEN)
    draw.text((24, 180), line, font=font(20), fill=MUTED)
    draw.rectangle([0, 350, int(640 * (second + 1) / RECORDING_SECONDS), 360], fill=ORANGE)
    return img


def make_recording(content: Path) -> None:
    from showcase.attachments.sample_media import make_recording as record

    folder = content / "talks/2026-11-backfills-without-fear"
    target = folder / "recording.mp4"
    record(target, RECORDING_SECONDS, size=(640, 360), fps=4, picture=recording_frame)
    shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
    print(f"{shown}  {target.stat().st_size / 1024:.1f} KB")
    write_bytes(folder / "transcript.vtt", TRANSCRIPT.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--content", type=Path, default=ROOT / "content", help="the archive's content/ directory"
    )
    args = parser.parse_args()
    content = args.content.resolve()
    make_cuped_deck(content)
    make_data_api_deck(content)
    make_html_deck(content)
    make_substitution_notebook(content)
    make_backtest_notebook(content)
    make_cover(content)
    make_avatar(content, "zoe-hartmann", "ZH", BLUE)
    make_avatar(content, "sam-oduya", "SO", ORANGE)
    make_recording(content)


if __name__ == "__main__":
    main()
