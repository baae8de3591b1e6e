"""Videos on a hosting service: which service a web address points to, the player a talk page
may load in a frame once the reader asks for it, and addresses that open the video at a time.

Only ``https`` addresses on a service's own hosts are recognised, and every embed and time
address is built from the video's id, checked against the characters the service uses, never
from the address as given: nothing odd in an address reaches a frame's ``src``.

- **YouTube**: ``youtube.com/watch?v=ID``, ``youtu.be/ID``, ``/shorts/ID``, ``/live/ID``,
  ``/embed/ID`` (also ``www.``, ``m.`` and ``youtube-nocookie.com``); player
  ``www.youtube-nocookie.com/embed/ID``, from ``?start=N``; at a time ``watch?v=ID&t=Ns``.
- **Vimeo**: ``vimeo.com/ID``, ``vimeo.com/ID/HASH`` (unlisted), ``vimeo.com/channels/NAME/ID``,
  ``player.vimeo.com/video/ID?h=HASH``; player ``player.vimeo.com/video/ID`` (``?h=HASH`` when
  unlisted); at a time ``#t=Ns``, on the page and the player alike.
- **Loom**: ``loom.com/share/ID``, ``loom.com/embed/ID``; player ``www.loom.com/embed/ID``; at
  a time ``?t=N``.
- **Google Drive**: ``drive.google.com/file/d/ID/view`` (or ``/preview``, ``/edit``),
  ``drive.google.com/open?id=ID``; player ``/file/d/ID/preview``; no time.
- **Microsoft Stream**: ``web.microsoftstream.com/video/ID`` and video links on
  ``*.sharepoint.com`` (``/:v:/`` sharing links, ``stream.aspx``, video files); no player, as
  it asks the reader to sign in, and no time.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

__all__ = ["Hosted", "hosted_video"]


@dataclass(frozen=True, slots=True)
class Hosted:
    """A video on a hosting service."""

    provider: str
    url: str  # the address as given
    embed: str | None  # the player to load in a frame after the reader clicks; None: none
    # The addresses at a time, with "{t}" for whole seconds; None where the service has none.
    link_at: str | None = field(default=None, repr=False)
    player_at: str | None = field(default=None, repr=False)

    def at(self, seconds: float) -> str | None:
        """The address that opens the video at ``seconds``, where the service has one."""
        return None if self.link_at is None else self.link_at.format(t=_whole(seconds))

    def embed_at(self, seconds: float) -> str | None:
        """The player starting at ``seconds``, where the service has one."""
        return None if self.player_at is None else self.player_at.format(t=_whole(seconds))


def _whole(seconds: float) -> int:
    if isinstance(seconds, bool) or not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"{seconds!r} is not a time: a time is zero or more seconds")
    return int(seconds)


_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_VIMEO_ID = re.compile(r"[0-9]{1,12}")
_VIMEO_HASH = re.compile(r"[0-9a-f]{6,32}")
_VIMEO_CHANNEL = re.compile(r"[A-Za-z0-9_-]{1,100}")
_LOOM_ID = re.compile(r"[0-9a-f]{32}")
_DRIVE_ID = re.compile(r"[A-Za-z0-9_-]{10,100}")
_STREAM_ID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_SHAREPOINT_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.sharepoint\.com")
_VIDEO_FILE = re.compile(r".*\.(?:mp4|m4v|mov|webm|mkv|avi|wmv)", re.IGNORECASE)
# Printable ASCII without space, quotes, angle brackets, backslash or backtick.
_PLAIN_URL = re.compile(r"[!#-&(-;=?-\[\]-_a-~]+")

_YOUTUBE_HOSTS = frozenset(
    {
        "youtube.com",
        "www.youtube.com",
        "m.youtube.com",
        "youtube-nocookie.com",
        "www.youtube-nocookie.com",
    }
)


def hosted_video(url: str) -> Hosted | None:
    """The hosted video at ``url``, or None when it is not an ``https`` address of a video on
    a service listed in this module (the caller then shows a plain link)."""
    if not isinstance(url, str) or len(url) > 2000 or not _PLAIN_URL.fullmatch(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname or ""
    if (
        parts.scheme != "https"
        or port not in (None, 443)
        or "@" in parts.netloc
        or parts.netloc.lower().split(":")[0] != host
    ):
        return None
    path = [segment for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query)

    if host in _YOUTUBE_HOSTS or host == "youtu.be":
        return _youtube(url, host, path, query)
    if host in ("vimeo.com", "www.vimeo.com", "player.vimeo.com"):
        return _vimeo(url, host, path, query)
    if host in ("loom.com", "www.loom.com"):
        if len(path) == 2 and path[0] in ("share", "embed") and _LOOM_ID.fullmatch(path[1]):
            return Hosted(
                "Loom",
                url,
                f"https://www.loom.com/embed/{path[1]}",
                f"https://www.loom.com/share/{path[1]}?t={{t}}",
                f"https://www.loom.com/embed/{path[1]}?t={{t}}",
            )
        return None
    if host == "drive.google.com":
        return _drive(url, path, query)
    if host == "web.microsoftstream.com":
        if len(path) == 2 and path[0] == "video" and _STREAM_ID.fullmatch(path[1]):
            return Hosted("Microsoft Stream", url, None)
        return None
    if _SHAREPOINT_HOST.fullmatch(host) and _is_sharepoint_video(parts.path, query):
        return Hosted("Microsoft Stream", url, None)
    return None


def _one(query: dict[str, list[str]], key: str) -> str | None:
    values = query.get(key, [])
    return values[0] if len(values) == 1 else None


def _youtube(url: str, host: str, path: list[str], query: dict[str, list[str]]) -> Hosted | None:
    video: str | None = None
    if host == "youtu.be":
        video = path[0] if len(path) == 1 else None
    elif path == ["watch"]:
        video = _one(query, "v")
    elif len(path) == 2 and path[0] in ("shorts", "live", "embed", "v"):
        video = path[1]
    if video is None or not _YOUTUBE_ID.fullmatch(video):
        return None
    return Hosted(
        "YouTube",
        url,
        f"https://www.youtube-nocookie.com/embed/{video}",
        f"https://www.youtube.com/watch?v={video}&t={{t}}s",
        f"https://www.youtube-nocookie.com/embed/{video}?start={{t}}",
    )


def _vimeo(url: str, host: str, path: list[str], query: dict[str, list[str]]) -> Hosted | None:
    video: str | None = None
    secret: str | None = None
    if host == "player.vimeo.com":
        if len(path) == 2 and path[0] == "video":
            video, secret = path[1], _one(query, "h")
            if "h" in query and secret is None:
                return None
    elif len(path) in (1, 2) and _VIMEO_ID.fullmatch(path[0]):
        video = path[0]
        secret = path[1] if len(path) == 2 else None
    elif len(path) == 3 and path[0] == "channels" and _VIMEO_CHANNEL.fullmatch(path[1]):
        video = path[2]
    if video is None or not _VIMEO_ID.fullmatch(video):
        return None
    if secret is not None and not _VIMEO_HASH.fullmatch(secret):
        return None
    page = f"https://vimeo.com/{video}/{secret}" if secret else f"https://vimeo.com/{video}"
    player = f"https://player.vimeo.com/video/{video}" + (f"?h={secret}" if secret else "")
    return Hosted("Vimeo", url, player, page + "#t={t}s", player + "#t={t}s")


def _drive(url: str, path: list[str], query: dict[str, list[str]]) -> Hosted | None:
    file: str | None = None
    if len(path) in (3, 4) and path[:2] == ["file", "d"]:
        if len(path) == 4 and path[3] not in ("view", "preview", "edit"):
            return None
        file = path[2]
    elif path == ["open"]:
        file = _one(query, "id")
    if file is None or not _DRIVE_ID.fullmatch(file):
        return None
    return Hosted("Google Drive", url, f"https://drive.google.com/file/d/{file}/preview")


def _is_sharepoint_video(path: str, query: dict[str, list[str]]) -> bool:
    """A SharePoint (or OneDrive for work) address of a video: a ``/:v:/`` sharing link, the
    Stream player page, or a video file."""
    if path.startswith("/:v:/"):
        return True
    if path.lower().endswith("/_layouts/15/stream.aspx"):
        return _one(query, "id") is not None
    return bool(_VIDEO_FILE.fullmatch(path))
