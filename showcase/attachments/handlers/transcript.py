"""A recording's transcript (WebVTT, SubRip, or plain text and Markdown): read once into
cues (``showcase.recordings.transcript``), shown on the talk page as readable text under
the player, given to the player as captions, and to the site's search passage by passage.

``render`` parses the file (webvtt-py, srt) and keeps what it read: ``_transcript.json``
(the cues, for the page) and ``captions.vtt``, a WebVTT file written again from the cues'
plain text (what the player shows as captions: never the file as it came). Problems that
leave the rest readable (a broken cue, overlapping cues, a file not in UTF-8) are
warnings; a file with nothing readable is refused with the reason.

``html`` folds the transcript under the player: passages grouped by speaker (a voice
that names one of the talk's speakers, or anyone on the roster, links to their page),
each with its time, which seeks the player (``recordings.js``), under the headings of the
recording's chapters. Every word is text: nothing in a transcript is ever markup.
"""

from __future__ import annotations

import json
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from showcase.attachments import fragments
from showcase.attachments.handler import (
    FILE_TEXT,
    AttachmentError,
    Handler,
    Passage,
    Rendering,
    RenderJob,
    View,
    searchable_text,
)
from showcase.attachments.handlers.recording import at, time_link
from showcase.recordings.transcript import (
    Chapter,
    Cue,
    Section,
    Transcript,
    TranscriptError,
    read_transcript,
    sections,
)
from showcase.timecodes import format_time

CUES = "_transcript.json"
CAPTIONS = "captions.vtt"
#: Cues and characters of a transcript shown on one page: about four hours of speech.
#: A longer file is shown up to there, with a note, and is offered for download whole.
MAX_CUES = 8_000
MAX_CHARS = 400_000
#: Characters of a transcript the site's search keeps (the words of about two hours).
SEARCH_TEXT = 4 * FILE_TEXT


class TranscriptHandler(Handler):
    kind = "transcript"
    label = "transcript"
    suffixes = frozenset({".vtt", ".srt", ".txt", ".md"})
    roles = frozenset({"transcript"})
    version = "1"

    def render(self, job: RenderJob) -> Rendering:
        try:
            transcript = read_transcript(
                job.read_bytes(), job.name, max_cues=MAX_CUES, max_chars=MAX_CHARS
            )
        except TranscriptError as exc:
            raise AttachmentError(str(exc)) from None
        (job.out / CUES).write_text(json.dumps(_to_json(transcript)), encoding="utf-8")
        timed = [cue for cue in transcript.cues if cue.start is not None and cue.end is not None]
        if timed:
            (job.out / CAPTIONS).write_text(_captions(timed), encoding="utf-8")
        return Rendering(
            meta={
                "format": transcript.format,
                "cues": len(transcript.cues),
                "timed": bool(timed),
                "end": transcript.end,
                "auto": transcript.auto,
                "shortened": transcript.shortened,
                "chapters": [[chapter.start, chapter.title] for chapter in transcript.chapters],
                "warnings": list(transcript.warnings),
            }
        )

    def html(self, view: View) -> str:
        recording = view.related.get("recording")
        auto = view.talk.transcript_auto
        if auto is None:
            auto = bool(view.meta.get("auto"))
        notes = []
        if auto:
            notes.append(
                '<p class="sc-transcript__note sc-hint">This transcript was made automatically '
                "by speech recognition: names and terms may be wrong.</p>"
            )
        download = fragments.download_link(view)
        if view.meta.get("shortened"):
            # A transcript not published as a file (Markdown, which would be a page) has
            # no download to offer.
            rest = (
                f"{fragments.download_link(view, 'download it')} to read the rest"
                if download
                else "the rest is left out"
            )
            notes.append(
                '<p class="sc-transcript__note sc-hint">This transcript is too long to show '
                f"whole here: {rest}.</p>"
            )
        body = "\n".join(_section(section, view, recording) for section in _sections(view))
        summary = "Transcript" + (" (automatic)" if auto else "")
        inner = (
            f'<details class="sc-transcript">\n<summary>{summary}</summary>\n'
            + "\n".join(notes)
            + f'\n<div class="sc-transcript__body" tabindex="0" role="region" '
            f'aria-label="Transcript of {escape(view.talk.title)}">\n{body}\n</div>\n'
            + (f'<p class="sc-hint">{download}</p>\n' if download else "")
            + "</details>"
        )
        return fragments.section(self.kind, inner, anchor="sc-transcript")

    def passages(self, view: View) -> list[Passage]:
        found: list[Passage] = []
        budget = SEARCH_TEXT
        for section in _sections(view):
            for passage in section.passages:
                if budget <= 0:
                    return found
                text = searchable_text(passage.text, min(budget, FILE_TEXT))
                budget -= len(text)
                label = (
                    f"transcript {format_time(passage.start)}"
                    if passage.start is not None
                    else "transcript"
                )
                found.append(Passage(passage.anchor, label, text))
        return found


def _sections(view: View) -> tuple[Section, ...]:
    """The transcript's sections under the front matter's chapters, else its own."""
    if view.folder is None:
        raise FileNotFoundError(CUES)
    chapters = tuple((c.start, c.title) for c in view.talk.chapters)
    return _sections_of(view.folder, chapters)


@lru_cache(maxsize=8)
def _sections_of(folder: Path, chapters: tuple[tuple[float, str], ...]) -> tuple[Section, ...]:
    """The sections of the transcript read into ``folder`` (a cache entry, whose content
    never changes), kept for a moment: a talk page's HTML and its search passages ask for
    the same ones, one after the other."""
    transcript = _from_json(json.loads((folder / CUES).read_text(encoding="utf-8")))
    if chapters:
        return tuple(sections(transcript, [Chapter(start, title) for start, title in chapters]))
    return tuple(sections(transcript))


def _section(section: Section, view: View, recording: View | None) -> str:
    parts = []
    if section.title:
        when = ""
        if section.start is not None:
            when = " " + time_link(_target(recording, section.start), section.start)
        parts.append(f'<h3 class="sc-transcript__section">{escape(section.title)}{when}</h3>')
    for passage in section.passages:
        who = ""
        if passage.voice:
            person = view.person_url(passage.voice) if view.person_url else None
            if person is not None:
                url, name = person
                who = f'<strong><a href="{escape(url)}">{escape(name)}</a></strong>'
            else:
                who = f"<strong>{escape(passage.voice)}</strong>"
        when = ""
        start = ""
        if passage.start is not None:
            when = time_link(_target(recording, passage.start), passage.start)
            start = f' data-sc-start="{passage.start:g}"'
        head = " ".join(part for part in (who, when) if part)
        head_html = f'<p class="sc-transcript__who">{head}</p>' if head else ""
        parts.append(
            f'<div class="sc-transcript__passage" id="{escape(passage.anchor)}"{start}>'
            f'{head_html}<p class="sc-transcript__text">{escape(passage.text)}</p></div>'
        )
    return "\n".join(parts)


def _target(recording: View | None, seconds: float) -> str | None:
    return at(recording, seconds) if recording is not None else None


def _to_json(transcript: Transcript) -> dict[str, Any]:
    return {
        "format": transcript.format,
        "cues": [[c.start, c.end, c.voice, c.text, c.line] for c in transcript.cues],
        "chapters": [[c.start, c.title] for c in transcript.chapters],
        "auto": transcript.auto,
        "end": transcript.end,
        "shortened": transcript.shortened,
    }


def _from_json(data: dict[str, Any]) -> Transcript:
    return Transcript(
        format=data["format"],
        cues=tuple(
            Cue(start=start, end=end, text=text, voice=voice, line=line)
            for start, end, voice, text, line in data["cues"]
        ),
        chapters=tuple(Chapter(start, title) for start, title in data["chapters"]),
        auto=data["auto"],
        warnings=(),
        end=data["end"],
        shortened=data["shortened"],
    )


def _captions(cues: list[Cue]) -> str:
    """A WebVTT file of the cues' plain text, escaped as WebVTT requires."""
    lines = ["WEBVTT", ""]
    for cue in cues:
        assert cue.start is not None and cue.end is not None
        end = max(cue.end, cue.start + 0.001)
        text = cue.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        voice = ""
        if cue.voice:
            name = cue.voice.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            voice = f"<v {name}>"
        lines += [f"{_vtt_time(cue.start)} --> {_vtt_time(end)}", f"{voice}{text}", ""]
    return "\n".join(lines)


def _vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"
