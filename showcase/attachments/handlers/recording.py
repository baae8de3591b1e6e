"""Recordings beside a talk's ``index.md``: video (``.mp4``, ``.webm``, ``.mov``) or audio
(``.m4a``, ``.mp3``), played on the talk page with their poster and chapters.

``render`` reads the file with PyAV (FFmpeg inside its wheels, no system package): its
length, its picture size, its codecs, and a poster frame from a tenth of the way in. The
file is opened as a Python file object with its container format named by its suffix, so
FFmpeg reads nothing but this one file: no playlist, no reference to another file and no
network address inside a crafted file is ever followed. A file that is not a recording,
one cut short before its index, and one without length are refused with the reason.

``html`` writes the player: ``<video>`` (or ``<audio>``) with the poster, the transcript
as captions when the talk has one, the chapters beside it (each a link to the recording
at that time, which ``recordings.js`` turns into a seek of the player), and the download.
A recording larger than the size Showcase plays on a page is linked, not played.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any, BinaryIO

from showcase.attachments import fragments, pictures
from showcase.attachments.handler import AttachmentError, Handler, Rendering, RenderJob, View
from showcase.recordings.hosted import hosted_video
from showcase.timecodes import format_time, spoken_time

POSTER = "poster.webp"
#: The container format FFmpeg reads each suffix as (never guessed from the content).
FORMATS = {".mp4": "mov", ".mov": "mov", ".m4a": "mov", ".webm": "matroska", ".mp3": "mp3"}
MIME_TYPES = {
    ".mp4": "video/mp4",
    ".mov": "video/mp4",  # QuickTime files of meeting tools hold H.264, which browsers play
    ".webm": "video/webm",
    ".m4a": "audio/mp4",
    ".mp3": "audio/mpeg",
}
#: Codecs every current browser plays; another one gets a note and the download.
WEB_VIDEO = frozenset({"h264", "vp8", "vp9", "av1"})
WEB_AUDIO = frozenset({"aac", "mp3", "opus", "vorbis", "flac"})
#: Pictures larger than this (in pixels) get no poster: a crafted size, not a recording.
MAX_POSTER_PIXELS = 40_000_000
#: The longest recording believed (seconds): a header that claims more is wrong (an MP3's
#: frame count is easily edited), and would make a talk last a million minutes.
MAX_DURATION = 24 * 3600
#: Frames decoded at most while looking for the poster's.
MAX_DECODED_FRAMES = 300


class RecordingHandler(Handler):
    kind = "recording"
    label = "recording"
    suffixes = frozenset(FORMATS)
    roles = frozenset({"recording"})
    version = "1"
    #: Only the file's index and one frame are read, whatever its size: a recording is
    #: read (for its length and poster) even when it is too large to play on the page.
    any_size = True

    def render(self, job: RenderJob) -> Rendering:
        suffix = job.source.suffix.lower()
        if job.source.stat().st_size == 0:
            raise AttachmentError("the file is empty")
        with job.source.open("rb") as handle:
            facts, frame = _probe(handle, FORMATS.get(suffix, "mov"))
        picture = None
        if frame is not None:
            width, height = pictures.save_webp(
                pictures.fit_width(frame, job.options.page_width), job.out / POSTER
            )
            facts["poster"] = [width, height]
            picture = POSTER
        facts["mime"] = MIME_TYPES.get(suffix, "video/mp4")
        facts["warnings"] = _codec_warnings(facts)
        return Rendering(meta=facts, picture=picture)

    def html(self, view: View) -> str:
        meta = view.meta
        duration = float(meta.get("duration") or 0)
        facts = [format_time(duration)] if duration else []
        if view.oversized:
            body = (
                '<p class="sc-hint">This recording is larger than the size the site plays '
                "on a page: download it to watch it.</p>"
            )
            return fragments.block(view, body, facts=facts, anchor="sc-recording")
        chapters = chapter_list(view, chapters_of(view))
        player = _player(view)
        body = f'<div class="sc-player">\n{player}\n{chapters}\n</div>'
        return fragments.block(view, body, facts=facts, anchor="sc-recording")


def chapters_of(view: View) -> list[tuple[float, str]]:
    """The chapters the player lists: the front matter's, else the transcript's."""
    if view.talk.chapters:
        return [(chapter.start, chapter.title) for chapter in view.talk.chapters]
    transcript = view.related.get("transcript")
    found: Sequence[Any] = transcript.meta.get("chapters", []) if transcript else []
    return [(float(start), str(title)) for start, title in found]


def time_link(url: str | None, seconds: float, text: str | None = None) -> str:
    """A link to ``url``, the recording at ``seconds`` (``at``), that ``recordings.js``
    turns into a seek of the page's player; the time as plain text when there is nowhere
    to go."""
    shown = escape(text if text is not None else format_time(seconds))
    label = escape(spoken_time(seconds))
    attributes = f'class="sc-time" data-sc-seek="{seconds:g}"'
    if not url:
        return f"<span {attributes}>{shown}</span>"
    return f'<a {attributes} href="{escape(url)}" aria-label="Play from {label}">{shown}</a>'


def chapter_list(view: View, chapters: list[tuple[float, str]]) -> str:
    """The chapters beside the player (``view`` is the recording's), each a time link."""
    if not chapters:
        return ""
    items = "\n".join(
        f'<li>{time_link(at(view, start), start)} <span class="sc-chapter__title">'
        f"{escape(title)}</span></li>"
        for start, title in chapters
    )
    return (
        '<nav class="sc-chapters" aria-label="Chapters of the recording">\n'
        f'<p class="sc-chapters__title">Chapters</p>\n<ol>\n{items}\n</ol>\n</nav>'
    )


def at(view: View, seconds: float) -> str | None:
    """Where a time link into the recording ``view`` leads: the local file at ``#t=`` (a
    media fragment, which browsers play from), the hosted video's own address at that
    time where its provider has one, or nowhere."""
    if view.attachment.url is not None:
        found = hosted_video(view.attachment.url)
        return found.at(seconds) if found is not None else None
    if not view.download:
        return None
    return f"{view.download}#t={seconds:g}"


def _player(view: View) -> str:
    meta = view.meta
    src = escape(view.download)
    mime = escape(str(meta.get("mime", "video/mp4")))
    title = escape(view.talk.title)
    tracks = ""
    transcript = view.related.get("transcript")
    if transcript is not None and "captions.vtt" in transcript.urls:
        language = escape(str(transcript.meta.get("language") or "en"))
        tracks = (
            f'\n<track kind="captions" src="{escape(transcript.url("captions.vtt"))}" '
            f'srclang="{language}" label="Transcript">'
        )
    fallback = f"<p>Your browser does not play this recording: {fragments.download_link(view)}</p>"
    if not meta.get("video"):
        return (
            f'<audio class="sc-player__media" controls preload="metadata" data-sc-player '
            f'aria-label="Recording of {title}">\n<source src="{src}" type="{mime}">'
            f"{tracks}\n{fallback}\n</audio>"
        )
    poster = ""
    size = ""
    if POSTER in view.urls:
        poster = f' poster="{escape(view.url(POSTER))}"'
    dimensions = meta.get("poster") or meta.get("size")
    if isinstance(dimensions, list) and len(dimensions) == 2:
        size = f' width="{int(dimensions[0])}" height="{int(dimensions[1])}"'
    return (
        f'<video class="sc-player__media" controls preload="metadata" playsinline '
        f'data-sc-player{poster}{size} aria-label="Recording of {title}">\n'
        f'<source src="{src}" type="{mime}">{tracks}\n{fallback}\n</video>'
    )


def _probe(handle: BinaryIO, container_format: str) -> tuple[dict[str, Any], Any]:
    """The recording's facts (``duration`` in seconds, ``video``, ``size``, codecs) and
    its poster frame (a Pillow image, or None for audio)."""
    import av  # PyAV loads FFmpeg's libraries: only where a recording is read

    try:
        container = av.open(handle, mode="r", format=container_format)
    except (av.FFmpegError, ValueError, OSError) as exc:
        raise AttachmentError(
            f"it is not a recording FFmpeg can read (it may be cut short, or another kind "
            f"of file under a recording's name): {_reason(exc)}"
        ) from None
    with container:
        video = next(iter(container.streams.video), None)
        audio = next(iter(container.streams.audio), None)
        if video is None and audio is None:
            raise AttachmentError("it holds neither video nor sound")
        duration = _duration(container, video or audio)
        if duration is None or duration <= 0:
            raise AttachmentError("the recording has no length (it is empty or cut short)")
        if duration > MAX_DURATION:
            raise AttachmentError(
                f"it says it lasts {duration / 3600:,.0f} hours, more than any recording of "
                "a talk: its header is wrong (export it again)"
            )
        facts: dict[str, Any] = {
            "duration": round(duration, 3),
            "video": video is not None,
            "video_codec": _codec(video),
            "audio_codec": _codec(audio),
        }
        frame = None
        if video is not None:
            width, height = video.codec_context.width, video.codec_context.height
            if width and height:
                facts["size"] = [width, height]
            if 0 < width * height <= MAX_POSTER_PIXELS:
                frame = _poster_frame(container, video, duration)
    return facts, frame


def _codec(stream: Any) -> str | None:
    """The codec's own name (``mp3``, not the decoder's ``mp3float``)."""
    if stream is None:
        return None
    codec = stream.codec_context.codec
    return str(getattr(codec, "canonical_name", None) or codec.name)


def _duration(container: Any, stream: Any) -> float | None:
    if container.duration is not None and container.duration > 0:
        return float(container.duration) / 1_000_000  # AV_TIME_BASE
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    return None


def _poster_frame(container: Any, stream: Any, duration: float) -> Any:
    """A frame a tenth of the way in (the first seconds are often a black screen or a
    title), else the first one; None when no frame can be decoded."""
    import av

    for at in (min(duration / 10, 60.0), 0.0):
        try:
            if at > 0 and stream.time_base:
                container.seek(int(at / stream.time_base), stream=stream)
            elif at == 0:
                container.seek(0, stream=stream)
            for count, frame in enumerate(container.decode(stream)):
                if count >= MAX_DECODED_FRAMES:
                    break
                return frame.to_image()
        except (av.FFmpegError, ValueError, OSError, MemoryError):
            continue
    return None


def _codec_warnings(facts: Mapping[str, Any]) -> list[str]:
    video, audio = facts.get("video_codec"), facts.get("audio_codec")
    found = []
    if video and video not in WEB_VIDEO:
        found.append(f"video codec {video}")
    if audio and audio not in WEB_AUDIO:
        found.append(f"audio codec {audio}")
    if not found:
        return []
    return [
        f"its {' and '.join(found)} is not one browsers play; the page offers the "
        "download (export H.264 video with AAC sound, or WebM, to play it on the page)"
    ]


def _reason(exc: Exception) -> str:
    """FFmpeg's reason, without the path of the file on the machine that builds."""
    text = getattr(exc, "strerror", None) or type(exc).__name__
    return str(text).strip()[:200]
