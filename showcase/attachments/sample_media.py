"""Small recordings made with PyAV: the demo archive's recording (``scripts/``) and the
test suite's, so that neither commits a large binary nor needs a system FFmpeg.

Each frame shows a coloured card with the time in seconds as bars, so that a poster
taken from a tenth of the way in differs from the first frame; the sound is a tone.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

#: Codecs by container: what browsers play (H.264 + AAC in MP4, VP8 + Opus in WebM).
CODECS = {
    ".mp4": ("libx264", "aac"),
    ".mov": ("libx264", "aac"),
    ".webm": ("libvpx", "libopus"),
    ".m4a": (None, "aac"),
    ".mp3": (None, "libmp3lame"),
}


def make_recording(
    path: Path,
    seconds: float = 3.0,
    *,
    size: tuple[int, int] = (320, 180),
    fps: int = 10,
    sound: bool = True,
    picture: Callable[[int], Image.Image] | None = None,
) -> Path:
    """Write a recording of ``seconds`` to ``path`` (the suffix picks the container).
    ``picture`` draws the frames of each second (of ``size``); by default a coloured card
    with one bar more every second."""
    draw = picture or (lambda second: _picture(second, size))
    import av

    video_codec, audio_codec = CODECS[path.suffix.lower()]
    with av.open(str(path), mode="w") as container:
        video: Any = None
        if video_codec is not None:
            video = container.add_stream(video_codec, rate=fps)
            video.width, video.height = size
            video.pix_fmt = "yuv420p"
            if video_codec == "libx264":
                video.options = {"preset": "veryfast", "crf": "30", "threads": "1"}
        audio: Any = None
        if sound or video is None:
            audio = container.add_stream(audio_codec, rate=48_000)
            audio.layout = "mono"
            audio.bit_rate = 32_000
        container.start_encoding()  # a recording of no length is still written
        if video is not None:
            for index in range(int(seconds * fps)):
                frame = av.VideoFrame.from_image(draw(index // fps))  # type: ignore[no-untyped-call]
                frame.pts = index
                frame.time_base = Fraction(1, fps)
                for packet in video.encode(frame):
                    container.mux(packet)
            for packet in video.encode():
                container.mux(packet)
        if audio is not None:
            _tone(container, audio, seconds)
    return path


def _picture(second: int, size: tuple[int, int]) -> Image.Image:
    """A card whose colour and bars change every second."""
    height = size[1]
    picture = Image.new("RGB", size, ((40 + 30 * second) % 256, 90, 160))
    draw = ImageDraw.Draw(picture)
    for bar in range(second % 10):
        left = 10 + bar * 14
        draw.rectangle((left, height // 3, left + 8, 2 * height // 3), fill=(250, 250, 250))
    return picture


def _tone(container: Any, audio: Any, seconds: float) -> None:
    """A quiet 440 Hz tone, in the sample format the encoder takes."""
    import av

    rate = audio.rate
    chunk = audio.codec_context.frame_size or 1024
    total = int(seconds * rate)
    resampler = av.AudioResampler(format=audio.codec_context.format, layout="mono", rate=rate)
    for start in range(0, total, chunk):
        count = min(chunk, total - start)
        wave = (math.sin(2 * math.pi * 440 * (start + i) / rate) for i in range(count))
        samples = array("h", (int(6000 * value) for value in wave))
        frame = av.AudioFrame(format="s16", layout="mono", samples=count)
        frame.planes[0].update(samples.tobytes())
        frame.sample_rate = rate
        frame.pts = start
        frame.time_base = Fraction(1, rate)
        for converted in resampler.resample(frame):
            for packet in audio.encode(converted):
                container.mux(packet)
    for packet in audio.encode():
        container.mux(packet)
