"""Pictures: a talk's cover and people's avatars, resized and re-encoded as WebP."""

from __future__ import annotations

from html import escape

from showcase.attachments import fragments, pictures
from showcase.attachments.handler import Handler, Rendering, RenderJob, View

LARGE = "picture.webp"
THUMBNAIL = "thumb.webp"
AVATAR = "avatar.webp"


class ImageHandler(Handler):
    kind = "image"
    label = "image"
    suffixes = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
    roles = frozenset({"cover", "avatar"})
    version = "2"  # 2: 16-bit greyscale keeps its tones; palette pictures scale smoothly

    def render(self, job: RenderJob) -> Rendering:
        options = job.options
        image = pictures.open_image(job.source, max_pixels=options.max_image_pixels)
        if job.role == "avatar":
            pictures.save_webp(pictures.square(image, options.avatar_size), job.out / AVATAR)
            return Rendering(picture=AVATAR)
        width, height = pictures.save_webp(
            pictures.fit_width(image, options.page_width), job.out / LARGE
        )
        pictures.save_webp(pictures.fit_width(image, options.thumb_width), job.out / THUMBNAIL)
        return Rendering(
            meta={"width": width, "height": height, "original": list(image.size)},
            picture=THUMBNAIL,
        )

    def html(self, view: View) -> str:
        original = view.meta.get("original") or []
        facts = [f"{original[0]} x {original[1]} pixels"] if len(original) == 2 else []
        body = (
            f'<figure class="sc-cover"><img src="{escape(view.url(LARGE))}" '
            f'width="{view.meta["width"]}" height="{view.meta["height"]}" '
            f'alt="Cover picture of {escape(view.talk.title)}" loading="lazy"></figure>'
        )
        return fragments.block(view, body, facts=facts)
