"""``showcase init``: a new team's archive, ready to push.

It writes ``mkdocs.yml``, a ``content/`` folder with a roster of one person, next month's
demo day and one example talk, the workflows that check pull requests and publish the
site to GitHub Pages, a pull-request template, ``requirements.txt``, ``.gitignore`` and a
README for the team. The archive passes ``showcase check`` and ``mkdocs build --strict``
as it is written. Nothing is ever overwritten: when a file is in the way, nothing is
written at all.
"""

from __future__ import annotations

import calendar
import json
import os
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path

import jinja2

from showcase.scaffold import slugify
from showcase.settings import SettingsError, settings_from_options
from showcase.version import DISTRIBUTION

FILES = Path(__file__).resolve().parent / "files"
#: What ``init`` writes: the file in the new archive, and its template under ``files/``.
#: The talk's and the event's names depend on the date, so they are filled in later.
LAYOUT: tuple[tuple[str, str], ...] = (
    ("mkdocs.yml", "mkdocs.yml"),
    ("README.md", "README.md"),
    (".gitignore", "gitignore"),
    (".github/workflows/check.yml", "github/workflows/check.yml"),
    (".github/workflows/publish.yml", "github/workflows/publish.yml"),
    (".github/pull_request_template.md", "github/pull_request_template.md"),
    ("content/index.md", "content/index.md"),
    ("content/people.yml", "content/people.yml"),
    ("content/events/{event_id}.yml", "content/event.yml"),
    ("content/talks/{event_id}-how-to-add-your-talk/index.md", "content/talk.md"),
)
REQUIREMENTS = "requirements.txt"
#: Templates copied as they are: GitHub's own ``${{ ... }}`` must not meet Jinja.
VERBATIM = frozenset(
    {
        "github/workflows/check.yml",
        "github/workflows/publish.yml",
        "github/pull_request_template.md",
        "gitignore",
    }
)


class StarterError(ValueError):
    """The archive cannot be written; the message names every reason."""


@dataclass(frozen=True, slots=True)
class ArchiveRequest:
    """What a new archive is made from."""

    site_name: str
    organizer: str
    timezone: str
    site_url: str = ""
    today: date = date(2026, 1, 1)


@dataclass(frozen=True, slots=True)
class Written:
    """The files ``init`` wrote (relative to the archive) and how Showcase is installed."""

    files: tuple[str, ...]
    requirement: str
    #: Said to the user when ``requirement`` is a guess (Showcase came from a local folder).
    requirement_note: str


def demo_day(today: date) -> date:
    """The first demo day of a new archive: the third Thursday of next month."""
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    thursdays = [
        week[calendar.THURSDAY]
        for week in calendar.monthcalendar(year, month)
        if week[calendar.THURSDAY]
    ]
    return date(year, month, thursdays[2])


def planned_files(request: ArchiveRequest) -> list[tuple[str, str]]:
    """Each file of the new archive (relative path) with its template's name."""
    event_id = f"{demo_day(request.today):%Y-%m}"
    return [(target.format(event_id=event_id), source) for target, source in LAYOUT]


def create_archive(folder: Path, request: ArchiveRequest) -> Written:
    """Write a new archive into ``folder`` (created if missing). Raises ``StarterError``
    naming every file in the way, before anything is written."""
    problems = check_request(request)
    planned = planned_files(request)
    targets = [target for target, _ in planned] + [REQUIREMENTS]
    in_the_way = [target for target in targets if _exists(folder / target)]
    if in_the_way:
        problems.append(
            "these files are in the way (init never overwrites anything): " + ", ".join(in_the_way)
        )
    if problems:
        raise StarterError("\n".join(problems))
    requirement, note = requirement_line()
    texts = {target: _render(source, request) for target, source in planned}
    texts[REQUIREMENTS] = (
        "# Showcase, with MkDocs and Material for MkDocs, for the site and the workflows.\n"
        f"{requirement}\n"
    )
    written = []
    for target, text in texts.items():
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written.append(target)
    return Written(tuple(written), requirement, note)


def check_request(request: ArchiveRequest) -> list[str]:
    """Every reason ``request`` cannot become an archive."""
    problems = []
    for label, value in (("site name", request.site_name), ("organizer", request.organizer)):
        if not value.strip():
            problems.append(f"the {label} is empty")
        elif any(ord(c) < 32 or ord(c) == 127 for c in value):
            problems.append(f"the {label} must be one line of text")
    if request.organizer.strip() and not slugify(request.organizer):
        problems.append(
            f"the organizer's name `{request.organizer}` gives no id: "
            "give a name with Latin letters or digits"
        )
    url = request.site_url
    if url and (not url.startswith(("https://", "http://")) or any(c.isspace() for c in url)):
        problems.append(f"the site URL must start with https:// (got `{url}`)")
    try:
        settings_from_options({"timezone": request.timezone})
    except SettingsError as exc:
        problems.append(str(exc))
    return problems


def requirement_line() -> tuple[str, str]:
    """The line of ``requirements.txt`` that installs this Showcase in CI, and a note when
    it is a guess: an install from a Git repository or a web address is repeated as it
    was; one from a local folder or file cannot be, so the package index's release of
    this version is named instead."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return f"{DISTRIBUTION}", "Showcase is not installed as a package here"
    version = dist.version
    origin = dist.read_text("direct_url.json")
    if not origin:
        return f"{DISTRIBUTION}=={version}", ""
    try:
        found = json.loads(origin)
    except ValueError:
        found = {}
    url = str(found.get("url", ""))
    vcs = found.get("vcs_info")
    if isinstance(vcs, dict) and url.startswith("https://"):
        commit = vcs.get("requested_revision") or vcs.get("commit_id")
        return f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{url}@{commit}", ""
    if url.startswith("https://") and "archive_info" in found:
        return f"{DISTRIBUTION} @ {url}", ""
    return (
        f"{DISTRIBUTION}=={version}",
        f"Showcase was installed from {url or 'a local folder'}, which the workflows cannot "
        f"reach: requirements.txt asks the package index for {DISTRIBUTION}=={version}. "
        "Change it to where your team gets Showcase (a Git URL, a wheel on your index).",
    )


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _render(source: str, request: ArchiveRequest) -> str:
    text = (FILES / source).read_text(encoding="utf-8")
    if source in VERBATIM:
        return text
    organizer_id = slugify(request.organizer)
    event = demo_day(request.today)
    return (
        _environment()
        .from_string(text)
        .render(
            site_name=request.site_name.strip(),
            site_url=request.site_url.strip(),
            timezone=request.timezone,
            organizer=request.organizer.strip(),
            organizer_id=organizer_id,
            today=request.today,
            event_date=event,
            event_id=f"{event:%Y-%m}",
        )
    )


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    # A JSON string is a YAML double-quoted scalar: any name is safe in mkdocs.yml.
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return env


def local_time_zone() -> str:
    """This machine's IANA time zone when it can be told (``TZ``, ``/etc/localtime``),
    else UTC: the default ``init`` offers."""
    zone = os.environ.get("TZ", "").lstrip(":")
    if not zone:
        try:
            target = os.readlink("/etc/localtime")
        except OSError:
            target = ""
        if "zoneinfo/" in target:
            zone = target.split("zoneinfo/", 1)[1]
    try:
        settings_from_options({"timezone": zone})
    except SettingsError:
        return "UTC"
    return zone or "UTC"
