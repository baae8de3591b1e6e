"""Pictures for the web with Pillow: safe decoding, resizing and WebP encoding.

Pictures Showcase draws itself (title cards, initials) are SVG: see ``cards``.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from showcase.attachments.handler import AttachmentError

WEBP_QUALITY = 82
#: Scaling down first averages whole blocks of pixels (``Image.reduce``), then Lanczos
#: makes up the rest: a slide page halved for its thumbnail costs 2 ms instead of 13.
#: Pillow's own ``thumbnail`` does the same with a gap of 2, which for an exact half
#: would skip the fast step.
REDUCING_GAP = 1.0
#: The most pixels WebP stores on a side: a taller picture (a crafted cover or recording
#: 16 pixels wide) is scaled down to it, not refused by the encoder.
WEBP_MAX_SIDE = 16_383


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
    if image.mode == "I" or image.mode.startswith("I;16"):
        # 16-bit greyscale (PNG, TIFF): 0-65535 scaled to 0-255, not cut off at 255.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    has_alpha = image.mode in ("LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    return image.convert("RGBA" if has_alpha else "RGB")


def fit_width(image: Image.Image, width: int) -> Image.Image:
    """The image scaled down to ``width`` pixels wide (never up), keeping its proportions
    (further down when it would still be taller than WebP stores), in a mode WebP stores
    (``web_ready``: the fast first step does not take every mode, and a palette image
    would be scaled by nearest neighbour)."""
    if image.width <= width and image.height <= WEBP_MAX_SIDE:
        return image
    image = web_ready(image)
    height = max(1, round(image.height * width / image.width))
    if image.width <= width or height > WEBP_MAX_SIDE:
        height = min(image.height, WEBP_MAX_SIDE)
        width = max(1, round(image.width * height / image.height))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)


def square(image: Image.Image, side: int) -> Image.Image:
    """The middle of the image, cropped square and scaled to ``side`` pixels (in a mode
    WebP stores, as ``fit_width``)."""
    side = min(side, image.width, image.height)
    return ImageOps.fit(web_ready(image), (side, side), Image.Resampling.LANCZOS)


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
