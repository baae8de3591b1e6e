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
from urllib.parse import unquote, urlsplit

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
    ("content/talks/how-to-add-your-talk/index.md", "content/talk.md"),
)
REQUIREMENTS = "requirements.txt"
#: Where a wheel of Showcase installed from this machine is kept in the archive.
VENDOR = "vendor"
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
    #: The line of ``requirements.txt`` (with its note and a wheel to copy), when given:
    #: else how this Showcase was installed decides (``requirement_line``).
    requirement: tuple[str, str, Path | None] | None = None


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
    naming every problem and every file in the way, before anything is written."""
    problems = check_request(request)
    in_the_way = files_in_the_way(folder, request.today)
    if in_the_way:
        problems.append(in_the_way_message(in_the_way))
    if problems:
        raise StarterError("\n".join(problems))
    texts = {target: _render(source, request) for target, source in planned_files(request)}
    requirement, note, wheel = request.requirement or requirement_line()
    if wheel is not None:  # a wheel installed from this machine goes with the archive
        texts[f"{VENDOR}/{wheel.name}"] = ""
    texts[REQUIREMENTS] = (
        "# Showcase, with MkDocs and Material for MkDocs, for the site and the workflows.\n"
        f"{requirement}\n"
    )
    written = []
    for target, text in texts.items():
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        if wheel is not None and target == f"{VENDOR}/{wheel.name}":
            with path.open("xb") as handle:
                handle.write(wheel.read_bytes())
        else:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        written.append(target)
    return Written(tuple(written), requirement, note)


def files_in_the_way(folder: Path, today: date) -> list[str]:
    """The files ``init`` would write that are already in ``folder``."""
    request = ArchiveRequest(site_name="", organizer="", timezone="UTC", today=today)
    targets = [target for target, _ in planned_files(request)] + [REQUIREMENTS]
    return [target for target in targets if _exists(folder / target)]


def in_the_way_message(in_the_way: list[str]) -> str:
    """What to say of files in the way, and what to do about them."""
    return (
        "these files are in the way (init never overwrites anything): "
        + ", ".join(in_the_way)
        + ". Start in an empty folder, or move them away first (a README.md or .gitignore "
        "that GitHub made for a new repository can simply go: init writes both)"
    )


def check_request(request: ArchiveRequest) -> list[str]:
    """Every reason ``request`` cannot become an archive."""
    checks = (
        site_name_problem(request.site_name),
        url_problem(request.site_url),
        timezone_problem(request.timezone),
        organizer_problem(request.organizer),
    )
    return [problem for problem in checks if problem is not None]


def site_name_problem(value: str) -> str | None:
    return _line_problem("site name", value)


def organizer_problem(value: str) -> str | None:
    found = _line_problem("organizer's name", value)
    if found is None and not slugify(value):
        return (
            f"the organizer's name `{value}` gives no id: give a name with Latin letters or digits"
        )
    return found


def url_problem(value: str) -> str | None:
    if value and (not value.startswith(("https://", "http://")) or any(c.isspace() for c in value)):
        return f"the site URL must start with https:// or http:// (got `{value}`)"
    return None


def timezone_problem(value: str) -> str | None:
    try:
        settings_from_options({"timezone": value})
    except SettingsError as exc:
        return str(exc)
    return None


def _line_problem(label: str, value: str) -> str | None:
    if not value.strip():
        return f"the {label} is empty"
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return f"the {label} must be one line of text"
    return None


def requirement_line() -> tuple[str, str, Path | None]:
    """The line of ``requirements.txt`` that installs this Showcase in CI, a note when it
    is a guess, and the wheel to put beside the archive when that is how Showcase came:

    - from a Git repository or a web address: that, as it was installed;
    - from a wheel file on this machine: a copy of the wheel in ``vendor/``, committed
      with the archive, so that the workflows install exactly this Showcase;
    - from the package index: this version from the index;
    - from a folder of sources (an editable install): the index's release of this
      version, which the note asks to check.
    """
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return DISTRIBUTION, "Showcase is not installed as a package here", None
    version = dist.version
    origin = dist.read_text("direct_url.json")
    if not origin:
        return f"{DISTRIBUTION}=={version}", "", None
    try:
        found = json.loads(origin)
    except ValueError:
        found = {}
    url = str(found.get("url", ""))
    vcs = found.get("vcs_info")
    if isinstance(vcs, dict) and url.startswith(("https://", "ssh://", "git@")):
        commit = vcs.get("requested_revision") or vcs.get("commit_id")
        return f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{url}@{commit}", "", None
    if url.startswith(("https://", "http://")) and "archive_info" in found:
        return f"{DISTRIBUTION} @ {url}", "", None
    wheel = Path(unquote(urlsplit(url).path)) if url.startswith("file://") else None
    if wheel is not None and wheel.suffix == ".whl" and wheel.is_file():
        return f"./{VENDOR}/{wheel.name}", "", wheel
    return (
        f"{DISTRIBUTION}=={version}",
        f"Showcase was installed from {url or 'a local folder'}, which the workflows cannot "
        f"reach: requirements.txt asks the package index for {DISTRIBUTION}=={version}. "
        "Change it to where your team gets Showcase (a Git URL, a wheel), or run init "
        "again with --requirement.",
        None,
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
