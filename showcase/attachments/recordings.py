"""What reading a talk's recording and transcript says about its front matter: chapters
that start after the recording ends, a transcript that runs past it.

The build reports these with the files that could not be read; ``showcase check`` reads
the recordings and transcripts too (``check_recordings``: through the same cache, so the
build then reuses what check read), since a presenter learns of a chapter past the end
before review, not from the published site.
"""

from __future__ import annotations

from pathlib import Path

from showcase.attachments.cache import Cache
from showcase.attachments.handler import AttachmentOptions
from showcase.attachments.processor import MEDIA_ROLES, AttachmentProcessor, Published
from showcase.model import Archive
from showcase.problems import Problem, Severity
from showcase.timecodes import format_time

#: Seconds a transcript may run past the recording's end (its last cue is often shown a
#: moment longer than the sound lasts).
TRANSCRIPT_SLACK = 5.0


def timing_problems(archive: Archive, published: Published) -> list[Problem]:
    """A warning for each chapter after the end of its talk's recording, and for each
    transcript whose cues run past it."""
    problems: list[Problem] = []
    for talk in archive.talks.values():
        duration = published.durations.get(talk.slug)
        if duration is None:
            continue
        end = format_time(duration)
        for chapter in talk.chapters:
            if chapter.start >= duration:
                problems.append(
                    Problem(
                        chapter.source,
                        Severity.WARNING,
                        f"chapter `{chapter.title}` at {format_time(chapter.start)} starts "
                        f"after the recording `{_name(talk.recording)}` ends ({end}); the "
                        "player cannot go there",
                    )
                )
        for outcome in published.outcomes.get(talk.slug, []):
            if outcome.role != "transcript" or outcome.entry is None or outcome.error:
                continue
            last = outcome.entry.record.get("meta", {}).get("end")
            if isinstance(last, (int, float)) and last > duration + TRANSCRIPT_SLACK:
                problems.append(
                    Problem(
                        talk.source,
                        Severity.WARNING,
                        f"transcript `{outcome.attachment.name}` of talk `{talk.slug}` runs "
                        f"to {format_time(last)}, after the recording "
                        f"`{_name(talk.recording)}` ends ({end}): is it the transcript of "
                        "another recording?",
                    )
                )
    return problems


def check_recordings(
    archive: Archive, content_dir: Path, cache: Cache, options: AttachmentOptions
) -> list[Problem]:
    """Read every recording and transcript of ``archive`` as the build does (in worker
    processes, within the render time limit, kept in ``cache``) and report what the build
    would: files that cannot be shown, transcripts' broken cues, times past the end."""
    processor = AttachmentProcessor(content_dir, cache, options=options)
    published = processor.process(archive, roles=MEDIA_ROLES, pages=False)
    return [*published.problems, *timing_problems(archive, published)]


def _name(recording: object) -> str:
    return str(getattr(recording, "name", "")) or "recording"
