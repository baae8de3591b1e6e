"""Hosted videos: the service an address points to, its player and its addresses at a time."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from showcase.recordings.hosted import Hosted, hosted_video

YT = "dQw4w9WgXcQ"
LOOM = "0281766fa2d04bb788eaf19e65135184"
DRIVE = "1AbCdEfGhIjKlMnOpQrStUvWxYz012345"
STREAM = "3c8f5a0e-2b1d-4e6f-9a7b-0c1d2e3f4a5b"


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.youtube.com/watch?v={YT}",
        f"https://youtube.com/watch?v={YT}&t=42s&list=PL123",
        f"https://m.youtube.com/watch?feature=share&v={YT}",
        f"https://youtu.be/{YT}",
        f"https://youtu.be/{YT}?si=AbC123",
        f"https://www.youtube.com/shorts/{YT}",
        f"https://www.youtube.com/live/{YT}?feature=shared",
        f"https://www.youtube.com/embed/{YT}",
        f"https://www.youtube-nocookie.com/embed/{YT}?start=5",
    ],
)
def test_youtube_addresses_give_the_privacy_enhanced_player_and_times(url: str) -> None:
    video = hosted_video(url)

    assert video is not None
    assert (video.provider, video.url, video.embed) == (
        "YouTube",
        url,
        f"https://www.youtube-nocookie.com/embed/{YT}",
    )
    assert video.at(760.9) == f"https://www.youtube.com/watch?v={YT}&t=760s"
    assert video.embed_at(760.9) == f"https://www.youtube-nocookie.com/embed/{YT}?start=760"
    assert video.at(0) == f"https://www.youtube.com/watch?v={YT}&t=0s"


@pytest.mark.parametrize(
    ("url", "page", "player"),
    [
        ("https://vimeo.com/76979871", "https://vimeo.com/76979871", None),
        ("https://www.vimeo.com/76979871?share=copy", "https://vimeo.com/76979871", None),
        (
            "https://vimeo.com/76979871/a1b2c3d4e5",
            "https://vimeo.com/76979871/a1b2c3d4e5",
            "https://player.vimeo.com/video/76979871?h=a1b2c3d4e5",
        ),
        (
            "https://player.vimeo.com/video/76979871?h=a1b2c3d4e5&badge=0",
            "https://vimeo.com/76979871/a1b2c3d4e5",
            "https://player.vimeo.com/video/76979871?h=a1b2c3d4e5",
        ),
        ("https://vimeo.com/channels/staffpicks/76979871", "https://vimeo.com/76979871", None),
    ],
)
def test_vimeo_addresses_keep_an_unlisted_videos_hash(
    url: str, page: str, player: str | None
) -> None:
    player = player or "https://player.vimeo.com/video/76979871"

    video = hosted_video(url)

    assert video is not None
    assert (video.provider, video.embed) == ("Vimeo", player)
    assert video.at(90) == f"{page}#t=90s"
    assert video.embed_at(90) == f"{player}#t=90s"


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.loom.com/share/{LOOM}",
        f"https://loom.com/share/{LOOM}?sid=abc",
        f"https://www.loom.com/embed/{LOOM}",
    ],
)
def test_loom_addresses(url: str) -> None:
    video = hosted_video(url)

    assert video is not None
    assert (video.provider, video.embed) == ("Loom", f"https://www.loom.com/embed/{LOOM}")
    assert video.at(61.5) == f"https://www.loom.com/share/{LOOM}?t=61"
    assert video.embed_at(61.5) == f"https://www.loom.com/embed/{LOOM}?t=61"


@pytest.mark.parametrize(
    "url",
    [
        f"https://drive.google.com/file/d/{DRIVE}/view?usp=sharing",
        f"https://drive.google.com/file/d/{DRIVE}/preview",
        f"https://drive.google.com/file/d/{DRIVE}",
        f"https://drive.google.com/open?id={DRIVE}",
    ],
)
def test_google_drive_plays_in_its_preview_without_times(url: str) -> None:
    video = hosted_video(url)

    assert video == Hosted("Google Drive", url, f"https://drive.google.com/file/d/{DRIVE}/preview")
    assert video.at(30) is None
    assert video.embed_at(30) is None


@pytest.mark.parametrize(
    "url",
    [
        f"https://web.microsoftstream.com/video/{STREAM}",
        "https://contoso.sharepoint.com/:v:/s/DataTeam/EaBcDeFgHiJkLmN?e=AbC123",
        "https://contoso-my.sharepoint.com/:v:/g/personal/ana_contoso_com/EaBcD",
        "https://contoso.sharepoint.com/sites/Data/_layouts/15/stream.aspx?id=%2Fsites%2FData%2Fx.mp4",
        "https://contoso.sharepoint.com/sites/Data/Shared%20Documents/Recordings/demo.mp4",
    ],
)
def test_microsoft_stream_is_known_but_not_embedded(url: str) -> None:
    video = hosted_video(url)

    assert video == Hosted("Microsoft Stream", url, None)
    assert video.at(30) is None
    assert video.embed_at(30) is None


@pytest.mark.parametrize(
    "url",
    [
        # not https
        f"http://www.youtube.com/watch?v={YT}",
        f"//www.youtube.com/watch?v={YT}",
        f"javascript:alert(1)//www.youtube.com/watch?v={YT}",
        f"data:text/html,https://youtu.be/{YT}",
        # lookalike and borrowed hosts
        f"https://youtube.com.evil.example/watch?v={YT}",
        f"https://evil.example/youtube.com/watch?v={YT}",
        f"https://notyoutube.com/watch?v={YT}",
        f"https://www.youtube.com.@evil.example/watch?v={YT}",
        f"https://www.youtube.com@evil.example/watch?v={YT}",
        f"https://evil.example\\@www.youtube.com/watch?v={YT}",
        f"https://user:pass@www.youtube.com/watch?v={YT}",
        f"https://www.youtube.com:8443/watch?v={YT}",
        f"https://www.youtube.com./watch?v={YT}",
        "https://vimeo.com.evil.example/76979871",
        "https://sharepoint.com.evil.example/:v:/s/x/y",
        "https://evil-sharepoint.com/:v:/s/x/y",
        f"https://loom.com.evil.example/share/{LOOM}",
        # ids with characters the service does not use
        'https://www.youtube.com/watch?v=dQw4w9WgXc"',
        "https://www.youtube.com/watch?v=dQw4w9WgXc'",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22onload%3D",
        f"https://www.youtube.com/embed/{YT}%22%3E%3Cscript%3E",
        f"https://youtu.be/{YT}x",
        f"https://youtu.be/{YT[:-1]}",
        f"https://www.youtube.com/watch?v={YT}&v=aaaaaaaaaaa",
        "https://vimeo.com/76979871/not-a-hash",
        "https://vimeo.com/76979871/A1B2C3D4E5",
        'https://player.vimeo.com/video/76979871?h="x',
        "https://player.vimeo.com/video/7697abc",
        f"https://www.loom.com/share/{LOOM[:-1]}g",
        f"https://drive.google.com/file/d/{DRIVE}/delete",
        "https://drive.google.com/file/d/abc<script>/view",
        "https://web.microsoftstream.com/video/not-a-guid",
        # not a video
        "https://www.youtube.com/",
        "https://www.youtube.com/@someone",
        "https://www.youtube.com/playlist?list=PL123",
        "https://vimeo.com/",
        "https://drive.google.com/drive/folders/1AbCdEfGhIjKlMnOpQr",
        "https://contoso.sharepoint.com/sites/Data/Shared%20Documents/slides.pptx",
        f" https://youtu.be/{YT}",
        f"https://youtu.be/{YT}\n",
        "",
        "not a url",
    ],
)
def test_odd_or_hostile_addresses_are_not_hosted_videos(url: str) -> None:
    assert hosted_video(url) is None


def test_a_time_that_is_not_a_time_is_refused() -> None:
    video = hosted_video(f"https://youtu.be/{YT}")
    assert video is not None

    for seconds in (-1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="is not a time"):
            video.at(seconds)


SAFE_URL = re.compile(r"https://[a-z.-]+/[A-Za-z0-9_/?=&#.-]*")


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(max_size=120),
        st.builds(
            lambda host, path: f"https://{host}/{path}",
            st.sampled_from(
                [
                    "www.youtube.com",
                    "youtu.be",
                    "vimeo.com",
                    "player.vimeo.com",
                    "www.loom.com",
                    "drive.google.com",
                    "web.microsoftstream.com",
                    "x.sharepoint.com",
                ]
            ),
            st.text(alphabet=st.sampled_from("/?=&#%\"'<>:@\\ .-_aAzZ09vhtd"), max_size=60),
        ),
    )
)
def test_every_address_built_from_any_input_is_plain_https(url: str) -> None:
    video = hosted_video(url)
    if video is None:
        return
    assert video.url == url
    for built in (video.embed, video.at(12), video.embed_at(12)):
        assert built is None or SAFE_URL.fullmatch(built), built
