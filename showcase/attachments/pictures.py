"""Pictures for the web with Pillow: safe decoding, resizing, and drawn cards and avatars.

Everything drawn here is deterministic (same text, same pixels) and needs no system font:
text is set in the font Pillow ships (``ImageFont.load_default``).
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from showcase.attachments.handler import AttachmentError

#: Background colours of drawn pictures, picked by a digest of the talk or person, all dark
#: enough for white text (contrast of 4.5:1 or more).
PALETTE = (
    "#00695c",  # teal, the site's primary
    "#1565c0",
    "#4527a0",
    "#ad1457",
    "#2e7d32",
    "#6a1b9a",
    "#37474f",
    "#bf360c",
    "#283593",
    "#00838f",
)
#: Letters Unicode does not decompose into a base letter and accents (for ``drawable``).
_UNDECOMPOSABLE = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "\u0131": "i",
        "\u2013": "-",
        "\u2014": "-",
    }
)
WEBP_QUALITY = 82
TITLE_CARD_SIZE = (960, 540)
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


# Reading ------------------------------------------------------------------------------


def open_image(data: bytes | Path, *, max_pixels: int) -> Image.Image:
    """Decode an image completely, or raise ``AttachmentError`` saying why it cannot be.

    Refuses images above ``max_pixels`` before decoding them (decompression bombs), and
    truncated or corrupt files (Pillow only notices those when it decodes the pixels).
    """
    raw = data.read_bytes() if isinstance(data, Path) else data
    if not raw:
        raise AttachmentError("the file is empty")
    try:
        image: Image.Image = Image.open(io.BytesIO(raw))
    except Image.DecompressionBombError as exc:
        raise AttachmentError(f"the image is too large to decode safely ({exc})") from exc
    except UnidentifiedImageError as exc:
        raise AttachmentError("the file is not an image Showcase can read") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise AttachmentError(f"the image cannot be read ({exc})") from exc
    width, height = image.size
    if width <= 0 or height <= 0:
        raise AttachmentError("the image has no pixels")
    if width * height > max_pixels:
        raise AttachmentError(
            f"the image is {width} x {height} pixels, more than the {max_pixels:,} pixels "
            "Showcase decodes (a decompression bomb?)"
        )
    try:
        image.load()
        image = ImageOps.exif_transpose(image)
    except Image.DecompressionBombError as exc:
        raise AttachmentError(f"the image is too large to decode safely ({exc})") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise AttachmentError(f"the image is truncated or corrupt ({exc})") from exc
    return image


# Writing ------------------------------------------------------------------------------


def web_ready(image: Image.Image) -> Image.Image:
    """The image in a mode WebP stores: RGB, or RGBA when it has transparency."""
    if image.mode in ("RGB", "RGBA"):
        return image
    has_alpha = image.mode in ("LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    return image.convert("RGBA" if has_alpha else "RGB")


def fit_width(image: Image.Image, width: int) -> Image.Image:
    """The image scaled down to ``width`` pixels wide (never up), keeping its proportions."""
    if image.width <= width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def square(image: Image.Image, side: int) -> Image.Image:
    """The middle of the image, cropped square and scaled to ``side`` pixels."""
    side = min(side, image.width, image.height)
    return ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS)


def save_webp(image: Image.Image, path: Path, *, lossless: bool = False) -> tuple[int, int]:
    """Write ``image`` as WebP; returns its width and height.

    Lossy for slides and photographs; lossless for drawn pictures, where it is both
    smaller and exact. The fast encoder settings (``method``) cost a few percent in size
    and halve the time of a cold build."""
    ready = web_ready(image)
    if lossless:
        ready.save(path, "WEBP", lossless=True, method=0)
    else:
        ready.save(path, "WEBP", quality=WEBP_QUALITY, method=2)
    return ready.width, ready.height


# Drawing ------------------------------------------------------------------------------


def colour_for(seed: str) -> str:
    """A palette colour chosen by ``seed``: the same seed always gets the same colour."""
    return PALETTE[hashlib.sha256(seed.encode("utf-8")).digest()[0] % len(PALETTE)]


def title_card(
    title: str, byline: str, when: str, *, seed: str, size: tuple[int, int] = TITLE_CARD_SIZE
) -> Image.Image:
    """A card for a talk without a picture: its title, speakers and month on a colour."""
    title = drawable(title).strip() or seed.replace("-", " ")
    byline, when = drawable(byline), drawable(when)
    width, height = size
    image = Image.new("RGB", size, colour_for(seed))
    draw = ImageDraw.Draw(image)
    margin = round(width * 0.07)
    # An accent bar on the left, as on the slides of a deck.
    draw.rectangle((0, 0, round(width * 0.018), height), fill="#ffc107")
    text_width = width - 2 * margin

    small = _font(round(height * 0.055))
    draw.text((margin, margin), when.upper(), font=small, fill="#ffffffcc")

    byline_font = _font(round(height * 0.06))
    byline_lines = wrap(byline, byline_font, text_width)[:2]
    byline_height = len(byline_lines) * round(height * 0.08)

    top = margin + round(height * 0.12)
    room = height - top - margin - byline_height - round(height * 0.04)
    for points in (0.13, 0.11, 0.095, 0.08, 0.068):
        title_font = _font(round(height * points))
        line_height = round(height * points * 1.22)
        every_line = wrap(title, title_font, text_width)
        if len(every_line) * line_height <= room:
            break
    lines = every_line[: max(1, room // line_height)]
    if len(lines) < len(every_line):
        lines[-1] = ellipsize(lines[-1], title_font, text_width)
    y = top
    for line in lines:
        draw.text((margin, y), line, font=title_font, fill="#ffffff")
        y += line_height

    y = height - margin - byline_height
    for line in byline_lines:
        draw.text((margin, y), line, font=byline_font, fill="#ffffffe6")
        y += round(height * 0.08)
    return image


def initials_avatar(initials: str, *, seed: str, size: int = 256) -> Image.Image:
    """A square picture with a person's initials on a colour (the page rounds it)."""
    image = Image.new("RGB", (size, size), colour_for(seed))
    draw = ImageDraw.Draw(image)
    text = drawable(initials)[:3] or "?"
    font = _font(round(size * (0.4 if len(text) < 3 else 0.3)))
    draw.text((size / 2, size / 2), text, font=font, fill="#ffffff", anchor="mm")
    return image


def wrap(text: str, font: Font, width: int) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels; words too long are cut."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while font.getlength(word) > width and len(word) > 1:
            cut = len(word)
            while cut > 1 and font.getlength(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def ellipsize(line: str, font: Font, width: int) -> str:
    """``line`` ending with an ellipsis, shortened to fit ``width`` pixels."""
    while line and font.getlength(line + "…") > width:
        line = line[:-1]
    return line.rstrip() + "…"


def drawable(text: str) -> str:
    """``text`` with the letters Pillow's own font lacks (it has ASCII and some punctuation)
    replaced by their base letters: ``Zoë Łukasiewicz`` -> ``Zoe Lukasiewicz``. Letters of
    other scripts, which have no base letter in it, are left out."""
    kept = []
    for char in unicodedata.normalize("NFC", text):
        if _has_glyph(char):
            kept.append(char)
            continue
        folded = unicodedata.normalize("NFKD", char.translate(_UNDECOMPOSABLE))
        kept.extend(c for c in folded if not unicodedata.combining(c) and _has_glyph(c))
    return " ".join("".join(kept).split())


@cache
def _has_glyph(char: str) -> bool:
    return char.isspace() or _ink(char) != _ink("\uffff")


@cache
def _ink(char: str) -> bytes:
    canvas = Image.new("L", (48, 48))
    ImageDraw.Draw(canvas).text((8, 4), char, font=_font(28), fill=255)
    return canvas.tobytes()


def _font(size: int) -> Font:
    return ImageFont.load_default(size=max(size, 8))
