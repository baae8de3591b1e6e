"""Read a content folder into the model, reporting every problem on the way.

Reading never stops at the first problem: a record with a bad field is still read for
its other fields, and a record that cannot be read at all is left out while the rest of
the archive goes on, so that one run of ``showcase check`` lists everything to fix.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from showcase import kinds
from showcase.document import YamlDoc, parse_yaml, read_text, split_front_matter
from showcase.hazards import find_hazards
from showcase.kinds import KindTable
from showcase.model import (
    Announced,
    Archive,
    Attachment,
    Chapter,
    DateRange,
    Event,
    Link,
    Person,
    Talk,
)
from showcase.nesting import Code, excesses
from showcase.outline import empty_headings
from showcase.problems import (
    Location,
    Problem,
    Problems,
    Severity,
    did_you_mean,
    person_hint,
)
from showcase.schema import (
    EVENT_FIELDS,
    MAX_PROSE_LENGTH,
    MAX_SPEAKERS,
    PERSON_FIELDS,
    TALK_FIELDS,
    id_problem,
    read_record,
    shown,
    url_problem,
    with_roster,
)
from showcase.settings import Settings, resolve_today
from showcase.site import links
from showcase.site.extras import Dropped, PageText, kept_meta, split_page
from showcase.site.filetypes import is_page
from showcase.site.links import Linker
from showcase.site.sources import (
    ContentFiles,
    Withheld,
    content_files,
    link_targets,
    page_sources,
)
from showcase.symlinks import LinkScan, scan_links
from showcase.timecodes import format_time

EVENT_FILE = re.compile(r"^(\d{4})-(\d{2})$")
PEOPLE_FILE = "people.yml"
HOME_FILE = "index.md"
#: Characters of a writeup, of the home page's text and of any other Markdown page: a
#: long article. Converting one takes a fraction of a second.
MAX_WRITING_LENGTH = 100_000
#: The suffixes MkDocs reads as Markdown pages.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


@dataclass(frozen=True)
class LoadResult:
    """The archive that could be read, and every problem found in the content."""

    archive: Archive
    problems: tuple[Problem, ...]
    drafts: int = 0
    #: The archive with its drafts even when ``archive`` leaves them out: a draft talk
    #: already takes its slot, so the rotation plans with it.
    complete: Archive | None = None
    #: The Markdown of ``index.md`` without its front matter: the home page's own text.
    home_text: str = ""

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_warning)

    @property
    def notes(self) -> tuple[Problem, ...]:
        """What check and the build say without failing (``Severity.NOTE``)."""
        return tuple(p for p in self.problems if p.severity is Severity.NOTE)

    @property
    def ok(self) -> bool:
        return not self.errors


def load_archive(
    content_dir: Path | str,
    *,
    today: date | str | None = None,
    settings: Settings | None = None,
    include_drafts: bool = False,
    kind_table: KindTable | None = None,
    layout: Linker | None = None,
) -> LoadResult:
    """Read and check ``content_dir``; drafts are checked but left out unless asked for.

    ``kind_table`` defaults to the kinds of the installed attachment handlers (built-in and
    third-party), so a talk may attach any file some handler can show. ``layout`` places
    pages and files in the site as the build will (directory URLs or not), to tell which
    content files would take the place of the site's own.
    """
    if kind_table is None:
        from showcase.attachments.registry import default_kind_table  # avoids an import cycle

        kind_table = default_kind_table()
    reader = _Reader(
        Path(content_dir),
        settings or Settings(),
        resolve_today(today),
        kind_table,
        layout or Linker(),
    )
    return reader.read(include_drafts=include_drafts)


@dataclass
class _TalkEntry:
    talk: Talk
    doc: YamlDoc
    #: ``tags`` as listed in the file, before case folding and de-duplication, so that a
    #: problem with one names its own line.
    tags_as_written: tuple[str, ...] = ()
    #: The line of ``index.md`` where the writeup starts.
    body_line: int = 1


@dataclass
class _EventEntry:
    event: Event
    doc: YamlDoc
    #: Fields given but unreadable or invalid: reported once, and not checked again.
    rejected: frozenset[str] = frozenset()


@dataclass
class _PersonEntry:
    person: Person
    doc: YamlDoc


class _Reader:
    def __init__(
        self, root: Path, settings: Settings, today: date, kind_table: KindTable, layout: Linker
    ) -> None:
        self.root = root
        self.settings = settings
        self.layout = layout
        self.today = today
        self.kinds = kind_table
        self.problems = Problems()
        # Records that exist but could not be read: their own problem is reported once,
        # and references to them are not reported again as unknown.
        self.roster_unreadable = False
        self.unreadable_people: set[str] = set()
        self.unreadable_events: set[str] = set()
        #: The line of ``index.md`` where the home page's text starts.
        self.home_line = 1
        self.events_unreadable = False
        #: Symbolic links not to follow (reported once, as they are found).
        self.links = LinkScan()
        self._walked: list[str] | None = None
        #: Writing over a limit of ``_check_shapes`` (``HOME_FILE``, a person id, an
        #: event id, a talk slug): reported once, and not read further.
        self.overlong: set[str] = set()
        #: The roster's names by person id, to suggest the person a wrong id meant.
        self.names: dict[str, str] = {}

    def read(self, *, include_drafts: bool) -> LoadResult:
        people: dict[str, _PersonEntry] = {}
        events: dict[str, _EventEntry] = {}
        talks: dict[str, _TalkEntry] = {}
        home_text = ""
        if not self.root.is_dir():
            self.problems.error(
                Location(str(self.root)), "the content folder does not exist or is not a folder"
            )
        else:
            self.links = scan_links(self.root)
            self.problems.extend(self.links.problems)
            home_text = self._read_home_text()
            people = self._read_people()
            self.names = {pid: entry.person.name for pid, entry in people.items()}
            events = self._read_events()
            talks = self._read_talks()
            self._check_references(people, events, talks)
            self._check_running_order(talks)
            self._check_warnings(events, talks)
            self._check_shapes(home_text, people, events, talks)
            if not self.settings.trust_authors:
                self._check_writing(home_text, people, events, talks)
        complete = Archive(
            people={pid: e.person for pid, e in people.items()},
            events={eid: e.event for eid, e in events.items()},
            talks={slug: entry.talk for slug, entry in talks.items()},
            today=self.today,
        )
        published = complete.without_drafts()
        self._check_slots(published, events, talks)
        if self.root.is_dir():
            content = self._content(complete)
            self._check_files(content, talks)
            self._check_pages(content)
            self._check_links(published, home_text, people, events, talks)
        archive = complete if include_drafts else published
        drafts = sum(1 for e in talks.values() if e.talk.draft)
        return LoadResult(archive, self.problems.sorted(), drafts, complete, home_text)

    # Home ---------------------------------------------------------------------------

    def _read_home_text(self) -> str:
        """``index.md``: optional front matter, then Markdown for the home page."""
        path = self.root / HOME_FILE
        if self.links.blocks(HOME_FILE):
            return ""
        if path.is_dir():
            self.problems.error(
                Location(HOME_FILE),
                "`index.md` is a folder; the home page's text is a file of that name "
                "(or none at all)",
            )
            return ""
        if not path.is_file():
            return ""
        source = read_text(path, Location(HOME_FILE), self.problems)
        if source is None:
            return ""
        if not source.text.startswith("---"):
            return source.text
        page = split_front_matter(source, self.problems)
        if page is None:
            return ""
        self.home_line = page.body_line
        return page.body

    # People -------------------------------------------------------------------------

    def _read_people(self) -> dict[str, _PersonEntry]:
        path = self.root / PEOPLE_FILE
        if self.links.blocks(PEOPLE_FILE):
            self.roster_unreadable = True
            return {}
        if not path.exists():
            return {}
        if path.is_dir():
            self.roster_unreadable = True
            self.problems.error(
                Location(PEOPLE_FILE), "`people.yml` is a folder; the roster is a file"
            )
            return {}
        doc = self._read_yaml(path, PEOPLE_FILE)
        if doc is None:
            self.roster_unreadable = True
            return {}
        if doc.data is None:
            return {}
        if not isinstance(doc.data, dict):
            self.roster_unreadable = True
            self.problems.error(
                doc.where(()),
                "people.yml must map each person id to their details, "
                "like `ana-lima: {name: Ana Lima}`",
            )
            return {}
        people: dict[str, _PersonEntry] = {}
        for pid in doc.data:
            where = doc.where_key((pid,))
            if (problem := id_problem(pid)) is not None:
                self.problems.error(where, f"person id `{shown(pid)}` is not valid: {problem}")
            record = read_record(doc, (pid,), PERSON_FIELDS, self.problems, f"person `{pid}`")
            if record is None or "name" not in record.values:
                self.unreadable_people.add(pid)
                continue
            person = self._make_person(pid, record.values, doc)
            people[pid] = _PersonEntry(person, doc)
        self._check_case_clashes(((pid, doc.where_key((pid,))) for pid in people), "person id")
        return people

    def _make_person(self, pid: str, values: dict[str, Any], doc: YamlDoc) -> Person:
        away = []
        for index, span in enumerate(values.get("away", ())):
            if span["to"] < span["from"]:
                self.problems.error(
                    doc.where((pid, "away", index)),
                    f"`away`: the range ends ({span['to']}) before it starts ({span['from']})",
                )
                continue
            away.append(DateRange(span["from"], span["to"]))
        joined, left = values.get("joined"), values.get("left")
        if joined and left and left < joined:
            self.problems.error(
                doc.where((pid, "left")), f"`left` ({left}) is before `joined` ({joined})"
            )
        avatar = values.get("avatar")
        if avatar is not None:
            avatar = self._content_file(avatar, doc, (pid, "avatar"))
        return Person(
            id=pid,
            name=values["name"],
            role=values.get("role"),
            team=values.get("team"),
            bio=values.get("bio"),
            avatar=avatar,
            links=tuple(Link(label, target) for label, target in values.get("links", ())),
            joined=joined,
            left=left,
            guest=values.get("guest", False),
            rotation=values.get("rotation", True),
            away=tuple(away),
            email=values.get("email"),
            source=doc.where_key((pid,)),
        )

    def _content_file(self, value: str, doc: YamlDoc, path: tuple[str, ...]) -> str | None:
        """An image path under the content folder (avatars)."""
        where = doc.where(path)
        relative = _safe_relative(value)
        if relative is None:
            self.problems.error(
                where, f"`{value}` must be a path inside the content folder, like `people/ana.jpg`"
            )
            return None
        if (hidden := _hidden_part(relative)) is not None:
            self.problems.error(where, _hidden_message(value, hidden))
            return None
        if self.links.blocks(relative):
            return None  # the link is reported where it is
        full = self.root / relative
        if not _inside(full, self.root):
            self.problems.error(where, f"`{value}` leads outside the content folder")
            return None
        if full.is_dir():
            self.problems.error(where, f"`{value}` is a folder, not a file")
            return None
        if not full.is_file():
            self.problems.error(where, f"`{value}` does not exist under the content folder")
            return None
        if self.kinds.kind_for(value, "avatar") is None:
            allowed = ", ".join(self.kinds.suffixes_for("avatar"))
            self.problems.error(where, f"`{value}` is not an image Showcase can show ({allowed})")
            return None
        return relative

    # Events -------------------------------------------------------------------------

    def _read_events(self) -> dict[str, _EventEntry]:
        folder = self.root / "events"
        events: dict[str, _EventEntry] = {}
        if self.links.blocks("events"):
            self.events_unreadable = True
            return events
        if folder.exists() and not folder.is_dir():
            self.events_unreadable = True
            self.problems.error(
                Location("events"),
                "`events` is a file; it must be a folder with one file per demo day, "
                "like `events/2026-11.yml`",
            )
            return events
        if not folder.is_dir():
            return events
        for path in sorted(folder.iterdir()):
            name = path.name
            relative = f"events/{name}"
            if self.links.blocks(relative):
                self.unreadable_events.add(name.rpartition(".")[0])
                continue
            stem, _, suffix = name.rpartition(".")
            if name.startswith(".") or suffix.lower() not in ("yml", "yaml"):
                continue
            if path.is_dir():
                self.unreadable_events.add(stem)
                self.problems.error(
                    Location(relative), "this is a folder; an event is a file named for its month"
                )
                continue
            if not path.is_file():
                continue
            match = EVENT_FILE.match(stem)
            if suffix != "yml" or not match or not 1 <= int(match[2]) <= 12:
                self.problems.error(
                    Location(relative),
                    "an event file must be named for its month, like `events/2026-11.yml`",
                )
                continue
            doc = self._read_yaml(path, relative)
            if doc is None:
                self.unreadable_events.add(stem)
                continue
            if doc.data is None:
                self.problems.error(
                    Location(relative, 1), "the event file is empty; it needs a `date`"
                )
                self.unreadable_events.add(stem)
                continue
            fields = with_roster(EVENT_FIELDS, self.names)
            record = read_record(doc, (), fields, self.problems, "the event")
            if record is None or "date" not in record.values:
                self.unreadable_events.add(stem)
                continue
            values = record.values
            year, month = int(match[1]), int(match[2])
            when: date = values["date"]
            if (when.year, when.month) != (year, month):
                self.problems.error(
                    doc.where(("date",)),
                    f"`date` {when} is not in {date(year, month, 1):%B %Y}, "
                    f"the month this file is named for",
                )
            start, end = values.get("start"), values.get("end")
            if end is not None and start is None and "start" not in record.rejected:
                self.problems.error(doc.where_key(("end",)), "`end` is given without a `start`")
            if start is not None and end is not None and end <= start:
                self.problems.error(
                    doc.where(("end",)),
                    f"`end` {end:%H:%M} is not after `start` {start:%H:%M}",
                )
            event = Event(
                id=stem,
                date=when,
                start=start,
                end=end,
                title=values.get("title"),
                theme=values.get("theme"),
                location=values.get("location"),
                stream=values.get("stream"),
                recording=values.get("recording"),
                host=values.get("host"),
                slots=values.get("slots"),
                speakers=values.get("speakers", ()),
                cancelled=values.get("cancelled", False),
                notes=values.get("notes"),
                announced=announced_snapshot(values.get("announced")),
                source=Location(relative, 1),
            )
            events[stem] = _EventEntry(event, doc, record.rejected)
        return events

    # Talks --------------------------------------------------------------------------

    def _read_talks(self) -> dict[str, _TalkEntry]:
        folder = self.root / "talks"
        talks: dict[str, _TalkEntry] = {}
        if folder.exists() and not folder.is_dir() and not self.links.blocks("talks"):
            self.problems.error(
                Location("talks"),
                "`talks` is a file; it must be a folder with one folder per talk",
            )
        if self.links.blocks("talks") or not folder.is_dir():
            return talks
        for path in sorted(folder.iterdir()):
            slug = path.name
            relative = f"talks/{slug}"
            if slug.startswith(".") or self.links.blocks(relative):
                continue
            if not path.is_dir():
                self.problems.warning(
                    Location(relative),
                    "`talks/` holds one folder per talk; this file is ignored",
                )
                continue
            if (problem := id_problem(slug)) is not None:
                self.problems.error(
                    Location(relative),
                    f"talk folder `{shown(slug)}` is not a valid slug: {problem}",
                )
            index = path / "index.md"
            if self.links.blocks(f"{relative}/index.md"):
                continue
            if index.is_dir():
                self.problems.error(
                    Location(f"{relative}/index.md"),
                    "this is a folder; the talk's `index.md` is a file",
                )
                continue
            if not index.is_file():
                self.problems.error(
                    Location(relative),
                    "the talk folder has no `index.md`; run `showcase new` to create one",
                )
                continue
            entry = self._read_talk(slug, index, Location(f"{relative}/index.md"))
            if entry is not None:
                talks[slug] = entry
        self._check_case_clashes(((slug, Location(f"talks/{slug}")) for slug in talks), "talk slug")
        return talks

    def _read_talk(self, slug: str, index: Path, location: Location) -> _TalkEntry | None:
        source = read_text(index, location, self.problems)
        if source is None:
            return None
        page = split_front_matter(source, self.problems)
        if page is None or page.meta is None:
            return None
        doc = page.meta
        if doc.data is None:
            self.problems.error(
                doc.origin, "the front matter is empty; it needs at least `title` and `speakers`"
            )
            return None
        fields = with_roster(TALK_FIELDS, self.names, most_speakers=MAX_SPEAKERS)
        record = read_record(doc, (), fields, self.problems, "the talk")
        if record is None or "title" not in record.values:
            return None
        values = record.values
        folder = index.parent
        slides = self._attachment(folder, slug, values.get("slides"), "slides", doc, ("slides",))
        notebooks = tuple(
            attachment
            for i, name in enumerate(values.get("notebooks", ()))
            if (
                attachment := self._attachment(
                    folder, slug, name, "notebooks", doc, ("notebooks", i)
                )
            )
        )
        cover = self._attachment(folder, slug, values.get("cover"), "cover", doc, ("cover",))
        recording = self._attachment(
            folder, slug, values.get("video"), "recording", doc, ("video",)
        )
        transcript = self._attachment(
            folder, slug, values.get("transcript"), "transcript", doc, ("transcript",)
        )
        chapters = self._chapters(values.get("chapters", ()), doc)
        talk = Talk(
            slug=slug,
            title=values["title"],
            speakers=values.get("speakers", ()),
            event=values.get("event"),
            order=values.get("order"),
            duration=values.get("duration"),
            summary=values.get("summary"),
            tags=tuple(dict.fromkeys(tag.lower() for tag in values.get("tags", ()))),
            slides=slides,
            notebooks=notebooks,
            recording=recording,
            transcript=transcript,
            chapters=chapters,
            transcript_auto=values.get("transcript_auto"),
            links=tuple(Link(link["title"], link["url"]) for link in values.get("links", ())),
            cover=cover,
            draft=values.get("draft", False),
            body=page.body,
            source=location.at(1),
        )
        return _TalkEntry(talk, doc, values.get("tags", ()), page.body_line)

    def _attachment(
        self,
        folder: Path,
        slug: str,
        value: str | None,
        role: str,
        doc: YamlDoc,
        path: tuple[str | int, ...],
    ) -> Attachment | None:
        if value is None:
            return None
        where = doc.where(path)
        if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE) and not re.match(
            r"^[a-z]:[/\\]", value, re.IGNORECASE
        ):
            field_name = "video" if role == "recording" else role
            if role not in ("slides", "recording"):
                self.problems.error(
                    where, f"`{role}` must name a file in the talk's folder, not a web address"
                )
                return None
            # The same rule as `links`: one web address, nothing after it (old recordings
            # are often linked by http://; slides, shown in a frame, must be https://).
            problem = url_problem(value)
            if problem is None and value.lower().startswith("mailto:"):
                problem = f"`{value}` is not a web address; it must start with https://"
            if problem is None and role == "slides" and not value.lower().startswith("https://"):
                problem = f"{field_name} link `{value}` must start with https://"
            if problem is not None:
                self.problems.error(where, problem)
                return None
            if role == "recording":
                return Attachment(kinds.HOSTED, urlsplit(value).hostname or value, url=value)
            return Attachment(kinds.LINK, value.rsplit("/", 1)[-1] or value, url=value)
        relative = _safe_relative(value)
        if relative is None:
            self.problems.error(
                where,
                f"`{value}` must be a file in the talk's folder, given by a relative path "
                "without `..` (for example `slides.pdf`)",
            )
            return None
        if (hidden := _hidden_part(relative)) is not None:
            self.problems.error(where, _hidden_message(value, hidden))
            return None
        full = folder / relative
        if self.links.blocks(f"talks/{slug}/{relative}"):
            return None  # the link is reported where it is
        if not _inside(full, folder):
            self.problems.error(where, f"`{value}` is a link that leads outside the talk's folder")
            return None
        if full.is_dir():
            self.problems.error(where, f"`{value}` is a folder in talks/{slug}/, not a file")
            return None
        if not full.is_file():
            present = [p.name for p in folder.iterdir() if p.is_file() and p.name != "index.md"]
            hint = did_you_mean(value, present)
            if role == "recording" and not hint:
                hint = (
                    "; `video` names a recording beside `index.md` (such as `recording.mp4`) "
                    "or the address of one hosted elsewhere (https://...)"
                )
            self.problems.error(where, f"`{value}` does not exist in talks/{slug}/{hint}")
            return None
        kind = self.kinds.kind_for(value, role)
        if kind is None:
            allowed = ", ".join(self.kinds.suffixes_for(role))
            extra = " or an https:// link" if role == "slides" else ""
            self.problems.error(
                where, f"Showcase cannot show `{value}` as {role}: use {allowed}{extra}"
            )
            return None
        return Attachment(kind, PurePosixPath(relative).name, path=f"talks/{slug}/{relative}")

    def _chapters(self, given: tuple[tuple[float, str], ...], doc: YamlDoc) -> tuple[Chapter, ...]:
        """The front matter's chapters, in the order given; one that does not come after
        the one before it is reported (a player lists chapters in time order)."""
        chapters: list[Chapter] = []
        for i, (start, title) in enumerate(given):
            where = doc.where(("chapters", i))
            if chapters and start <= chapters[-1].start:
                before = chapters[-1]
                self.problems.error(
                    where,
                    f"chapter `{shown(title)}` at {format_time(start)} does not come after "
                    f"`{shown(before.title)}` at {format_time(before.start)}; list chapters "
                    "in the order they come in the recording",
                )
                continue
            chapters.append(Chapter(start, title, where))
        return tuple(chapters)

    # Cross-checks -------------------------------------------------------------------

    def _check_references(
        self,
        people: dict[str, _PersonEntry],
        events: dict[str, _EventEntry],
        talks: dict[str, _TalkEntry],
    ) -> None:
        def unknown(pid: str) -> bool:
            if self.roster_unreadable or pid in self.unreadable_people:
                return False
            return pid not in people

        for event_entry in events.values():
            event, doc = event_entry.event, event_entry.doc
            if event.host is not None and unknown(event.host):
                self.problems.error(
                    doc.where(("host",)),
                    f"unknown host `{event.host}`{self._person_hint(event.host, people)}",
                )
            for i, pid in enumerate(event.speakers):
                if unknown(pid):
                    self.problems.error(
                        doc.where(("speakers", i)),
                        f"unknown speaker `{pid}`{self._person_hint(pid, people)}",
                    )
        for entry in talks.values():
            talk, doc = entry.talk, entry.doc
            for i, pid in enumerate(talk.speakers):
                if unknown(pid):
                    self.problems.error(
                        doc.where(("speakers", i)),
                        f"unknown speaker `{pid}`{self._person_hint(pid, people)}",
                    )
            if (
                talk.event is not None
                and talk.event not in events
                and talk.event not in self.unreadable_events
                and not self.events_unreadable
            ):
                if EVENT_FILE.match(talk.event):
                    # A well-formed month: the event file is what is missing, not a typo.
                    message = (
                        f"unknown event `{talk.event}`: there is no `events/{talk.event}.yml`; "
                        "add it, or leave `event` out to propose the talk"
                    )
                else:
                    hint = did_you_mean(talk.event, events) or (
                        "; events are named by month, like `2026-11`"
                    )
                    message = f"unknown event `{talk.event}`{hint}"
                self.problems.error(doc.where(("event",)), message)

    @staticmethod
    def _person_hint(pid: str, people: dict[str, _PersonEntry]) -> str:
        names = {key: entry.person.name for key, entry in people.items()}
        return person_hint(pid, names, "; add them to people.yml")

    def _check_running_order(self, talks: dict[str, _TalkEntry]) -> None:
        seen: dict[tuple[str, int], str] = {}
        for slug, entry in talks.items():
            talk = entry.talk
            if talk.event is None or talk.order is None:
                continue
            key = (talk.event, talk.order)
            if key in seen:
                self.problems.error(
                    entry.doc.where(("order",)),
                    f"`order: {talk.order}` is already taken in {talk.event} by "
                    f"talks/{seen[key]}; give each talk of an event its own number",
                )
            else:
                seen[key] = slug

    def _check_warnings(self, events: dict[str, _EventEntry], talks: dict[str, _TalkEntry]) -> None:
        allowed = {t.lower() for t in self.settings.allowed_tags}
        for entry in talks.values():
            talk = entry.talk
            event = events[talk.event].event if talk.event in events else None
            if event and event.date < self.today and not event.cancelled and not talk.has_content:
                # A note, not a warning: it appears the day after the demo day without any
                # commit, and must not make a branch that built yesterday fail today.
                self.problems.note(
                    talk.source,
                    f"the talk was given on {event.date} but has nothing to show yet: add a "
                    "writeup, a `summary`, `slides`, `notebooks` or a `video` (until then its "
                    "page shows its title, speakers and demo day only)",
                )
            empty = empty_headings(talk.body)
            if empty and talk.has_content:
                listed = ", ".join(f"`{h.text}`" if h.text else "an empty heading" for h in empty)
                self.problems.note(
                    _body_line(talk.source, entry.body_line, empty[0].line),
                    f"nothing is written under {listed}, so the site leaves "
                    f"{'it' if len(empty) == 1 else 'them'} out: write under "
                    f"{'it' if len(empty) == 1 else 'them'}, or remove "
                    f"{'it' if len(empty) == 1 else 'them'}",
                )
            elif empty and (event is None or event.date >= self.today):
                self.problems.note(
                    _body_line(talk.source, entry.body_line, empty[0].line),
                    "the writeup is an outline with nothing written under its headings yet; "
                    "the site leaves them out until something is",
                )
            if allowed:
                warned: set[str] = set()
                for i, written in enumerate(entry.tags_as_written):
                    tag = written.lower()
                    if tag not in allowed and tag not in warned:
                        warned.add(tag)
                        self.problems.warning(
                            entry.doc.where(("tags", i)),
                            f"tag `{tag}` is not one of the site's tags"
                            + did_you_mean(tag, allowed),
                        )

    def _check_shapes(
        self,
        home_text: str,
        people: dict[str, _PersonEntry],
        events: dict[str, _EventEntry],
        talks: dict[str, _TalkEntry],
    ) -> None:
        """Report writing longer, or nested deeper, than Showcase converts (``nesting``):
        the build converts it whether authors are trusted or not."""
        home = partial(_body_line, Location(HOME_FILE), self.home_line)
        if not self._fits(home_text, home, "the home page's text", most=MAX_WRITING_LENGTH):
            self.overlong.add(HOME_FILE)
        for pid, person_entry in people.items():
            bio = person_entry.doc.raw_scalar((pid, "bio")) or ""
            where = partial(person_entry.doc.where_line, (pid, "bio"))
            # A bio over its length is reported with the field.
            if len(bio) > MAX_PROSE_LENGTH or not self._fits(bio, where, "`bio`"):
                self.overlong.add(pid)
        for eid, event_entry in events.items():
            notes = event_entry.doc.raw_scalar(("notes",)) or ""
            where = partial(event_entry.doc.where_line, ("notes",))
            if len(notes) > MAX_PROSE_LENGTH or not self._fits(notes, where, "`notes`"):
                self.overlong.add(eid)
        for slug, talk_entry in talks.items():
            talk = talk_entry.talk
            where = partial(_body_line, talk.source, talk_entry.body_line)
            if not self._fits(talk.body, where, "the writeup", most=MAX_WRITING_LENGTH):
                self.overlong.add(slug)
        self._check_other_pages(talks)

    def _check_other_pages(self, talks: dict[str, _TalkEntry]) -> None:
        """The Markdown pages of the content folder that are not talks (nor a talk's
        transcript): MkDocs converts them as they are."""
        known = {HOME_FILE, *(entry.talk.source.path for entry in talks.values())}
        # A transcript written in Markdown is read as a transcript, never converted.
        known.update(
            entry.talk.transcript.path
            for entry in talks.values()
            if entry.talk.transcript is not None and entry.talk.transcript.path
        )
        for relative in self._files():
            if relative in known or not relative.lower().endswith(MARKDOWN_SUFFIXES):
                continue
            if self.links.blocks(relative):
                continue
            try:
                with (self.root / relative).open("rb") as page:
                    # A character is at most four bytes: that many more are over the limit.
                    data = page.read(4 * MAX_WRITING_LENGTH + 4)
            except OSError:
                continue  # MkDocs reports a page it cannot read
            text = data.decode("utf-8", errors="replace")
            where = partial(_body_line, Location(relative), 1)
            self._fits(text, where, "the page", most=MAX_WRITING_LENGTH)

    def _fits(
        self,
        text: str,
        where: Callable[[int], Location],
        what: str,
        *,
        most: int | None = None,
    ) -> bool:
        """Whether ``text`` (``what``) is within the limits of length and nesting; each
        limit it goes over is an error at its line (``where`` of the line from 0)."""
        if most is not None and len(text) > most:
            self.problems.error(
                where(0),
                f"{what} is {len(text):,} characters long; the most is {most:,}. Put long "
                "material in an attachment (a PDF, a notebook)",
            )
            return False
        found = excesses(text)
        for excess in found:
            self.problems.error(where(excess.line), f"{what}: {excess.message}")
        return not found

    def _check_writing(
        self,
        home_text: str,
        people: dict[str, _PersonEntry],
        events: dict[str, _EventEntry],
        talks: dict[str, _TalkEntry],
    ) -> None:
        """Warn about what the build will not publish as written in people's Markdown:
        HTML that could run script, pictures and diagrams from other hosts."""
        overlong = self.overlong
        hazards = partial(find_hazards, timeout=self.settings.markdown_timeout)
        if HOME_FILE not in overlong:
            for hazard in hazards(home_text):
                where = Location(HOME_FILE, self.home_line + hazard.line)
                self.problems.warning(where, hazard.message)
        # Bios and notes are read as written (before `strip`), so that lines count right.
        for pid, person_entry in people.items():
            doc = person_entry.doc
            bio = doc.raw_scalar((pid, "bio")) or ""
            for hazard in hazards(bio) if pid not in overlong else ():
                where = doc.where_line((pid, "bio"), hazard.line)
                self.problems.warning(where, f"`bio` of `{pid}`: {hazard.message}")
        for eid, event_entry in events.items():
            doc = event_entry.doc
            for hazard in hazards(doc.raw_scalar(("notes",)) or "") if eid not in overlong else ():
                self.problems.warning(doc.where_line(("notes",), hazard.line), hazard.message)
        for slug, talk_entry in talks.items():
            source = talk_entry.talk.source
            for hazard in hazards(talk_entry.talk.body) if slug not in overlong else ():
                where = source.at(talk_entry.body_line + hazard.line)
                self.problems.warning(where, hazard.message)

    def _check_links(
        self,
        published: Archive,
        home_text: str,
        people: dict[str, _PersonEntry],
        events: dict[str, _EventEntry],
        talks: dict[str, _TalkEntry],
    ) -> None:
        """Warn about each relative link in people's writing that leads to no page or file
        of the site (a misspelt file name, a talk that was renamed, a draft)."""
        pages = page_sources(published)
        content = self._content(published)
        files = {relative for relative in content.files if not content.unpublished(relative)}
        known = pages | files

        def check(src: str, text: str, where: Callable[[int], Location]) -> None:
            code: Code | None = None
            for target, written, offset in link_targets(src, text):
                if target in known:
                    continue
                code = code or Code(text)
                if not code.holds(offset):  # `<img src=x>` quoted in code is no link
                    self.problems.warning(
                        where(text.count("\n", 0, offset)),
                        f"the link `{written}` leads to no page or file of the site (`{target}`)",
                    )

        check(links.HOME, home_text, lambda line: Location(HOME_FILE, self.home_line + line))
        for pid, person_entry in people.items():
            doc = person_entry.doc
            bio = doc.raw_scalar((pid, "bio")) or ""
            check(links.person_src(pid), bio, partial(doc.where_line, (pid, "bio")))
        for eid, event_entry in events.items():
            doc = event_entry.doc
            notes = doc.raw_scalar(("notes",)) or ""
            check(links.event_src(eid), notes, partial(doc.where_line, ("notes",)))
        for talk_entry in talks.values():
            talk, first = talk_entry.talk, talk_entry.body_line
            check(links.talk_src(talk), talk.body, partial(_body_line, talk.source, first))

    def _files(self) -> list[str]:
        """Every file of the content folder a site generator would publish (walked once)."""
        if self._walked is None:
            self._walked = list(content_files(self.root))
        return self._walked

    def _content(self, archive: Archive) -> ContentFiles:
        """The content folder's files as ``archive``'s site publishes them (those behind a
        refused link are reported, and never read)."""
        files = (relative for relative in self._files() if not self.links.blocks(relative))
        return ContentFiles(
            archive, trusted=self.settings.trust_authors, layout=self.layout, files=files
        )

    def _check_files(self, content: ContentFiles, talks: dict[str, _TalkEntry]) -> None:
        """Warn about each file the build leaves out that nothing else reports: of a kind
        the site does not publish as it is, in a folder of the site's own, with a name
        that cannot be published, or in the place of a page or file of the site's. A
        talk's HTML slides are not among them: the site shows them through a sandboxed
        frame."""
        decks = {
            entry.talk.slides.path
            for entry in talks.values()
            if entry.talk.slides is not None and entry.talk.slides.path is not None
        }
        for relative in content.files:
            if relative in decks and content.withheld(relative) is Withheld.KIND:
                continue
            message = content.warning(relative)
            if message is not None:
                self.problems.warning(Location(relative), message)

    def _check_pages(self, content: ContentFiles) -> None:
        """Warn about what the build drops from the content folder's own Markdown pages
        (an about page, notes beside a talk): front matter other than the few keys such
        a page keeps, and, unless the authors are trusted, hazards in its writing."""
        made = page_sources(content.archive)
        for relative in content.files:
            if is_page(relative) and relative not in made and not content.unpublished(relative):
                self._check_page(relative)

    def _check_page(self, relative: str) -> None:
        # Problems reading a page of its own are warnings: MkDocs still publishes it.
        found = Problems()
        source = read_text(self.root / relative, Location(relative), found)
        if source is not None:
            page = split_page(source.text)
            for dropped, where in _front_matter(page, Location(relative), found):
                self.problems.warning(where, dropped.message)
        for problem in found:
            self.problems.warning(
                problem.location,
                f"{problem.message} (MkDocs then shows the front matter as text on the page)",
            )
        if source is not None and not self.settings.trust_authors:
            for hazard in find_hazards(page.body):
                where = Location(relative, page.body_line + hazard.line)
                self.problems.warning(where, hazard.message)

    def _check_slots(
        self, published: Archive, events: dict[str, _EventEntry], talks: dict[str, _TalkEntry]
    ) -> None:
        """Warn about upcoming events with more talks than slots; drafts do not count.

        The warning is on each talk that has no place yet, at its ``event:`` line: the
        talk a presenter adds is in their pull request, the event file is not. A talk the
        organizers put in the running order (``order:``) within the slots has its place.
        """
        for event in published.upcoming_events:
            if "slots" in events[event.id].rejected:
                # The default would stand in for the number the author meant.
                continue
            slots = published.slots_at(event, default_slots=self.settings.default_slots)
            if not slots.talks_outnumber_slots:
                continue
            placed = [t for t in slots.talks if t.order is not None][: slots.total]
            elsewhere = [
                e.id
                for e in published.open_events(
                    default_slots=self.settings.default_slots, but=event.id
                )
            ]
            for talk in slots.talks:
                if talk in placed or talk.slug not in talks:
                    continue
                self.problems.warning(
                    talks[talk.slug].doc.where(("event",)),
                    full_event_message(event.id, len(slots.talks), slots.total, elsewhere),
                )

    # Helpers ------------------------------------------------------------------------

    def _read_yaml(self, path: Path, relative: str) -> YamlDoc | None:
        source = read_text(path, Location(relative), self.problems)
        if source is None:
            return None
        return parse_yaml(source.text, source.location, self.problems)

    def _check_case_clashes(self, items: Iterable[tuple[str, Location]], what: str) -> None:
        seen: dict[str, str] = {}
        for name, where in items:
            folded = name.casefold()
            if folded in seen:
                self.problems.error(
                    where,
                    f"{what} `{name}` differs from `{seen[folded]}` only in case; "
                    "ids must differ in more than case",
                )
            else:
                seen[folded] = name


def announced_snapshot(values: dict[str, Any] | None) -> Announced | None:
    """The event's ``announced:`` snapshot (see ``showcase.organizer.record``)."""
    if values is None:
        return None
    return Announced(
        date=values["date"],
        start=values.get("start"),
        end=values.get("end"),
        location=values.get("location"),
        cancelled=values.get("cancelled", False),
        sequence=values.get("sequence", 0),
    )


def full_event_message(event_id: str, talks: int, slots: int, elsewhere: list[str]) -> str:
    """What a presenter whose talk does not fit ``event_id`` can do about it."""
    over = talks - slots
    if elsewhere:
        shown = " or ".join(f"`event: {eid}`" for eid in elsewhere[:2])
        move = f"move this talk to a demo day with an open slot ({shown})"
    else:
        move = "move this talk to a later demo day (no upcoming one has an open slot)"
    return (
        f"demo day {event_id} is full: {talks} talks for its {slots} slots, so "
        f"{'one has' if over == 1 else f'{over} have'} to move. {move[0].upper()}{move[1:]}, "
        "or leave `event:` out to propose it without a date; or ask an organizer to raise "
        f"`slots:` in events/{event_id}.yml, or to give the talks that keep their place an "
        "`order:`"
    )


def _safe_relative(value: str) -> str | None:
    """``value`` as a clean relative POSIX path, or ``None`` if absolute or climbing out."""
    if not value or value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
        return None
    parts = PurePosixPath(value.replace("\\", "/")).parts
    if any(part == ".." for part in parts):
        return None
    cleaned = [p for p in parts if p not in ("", ".")]
    return "/".join(cleaned) if cleaned else None


def _hidden_part(relative: str) -> str | None:
    """The first file or folder name of ``relative`` that starts with a dot, if any."""
    return next((part for part in relative.split("/") if part.startswith(".")), None)


def _hidden_message(value: str, hidden: str) -> str:
    if value.rsplit("/", 1)[-1] == hidden:
        where = "the file's name starts with a dot"
    else:
        where = f"it is in the folder `{hidden}`, whose name starts with a dot"
    return (
        f"`{value}`: {where}, and MkDocs does not publish such files, so the site would "
        "link to nothing; rename it"
    )


def _front_matter(
    page: PageText, origin: Location, problems: Problems
) -> list[tuple[Dropped, Location]]:
    """Each key of the front matter of a page of the content folder's own that the build
    drops, with where it is; a YAML block that does not parse is a problem."""
    if page.yaml is None:
        return [
            (dropped, origin.at(page.lines.get(dropped.key))) for dropped in kept_meta(page.meta)[1]
        ]
    doc = parse_yaml(page.yaml, origin, problems, page.yaml_offset)
    if doc is None or doc.data is None:
        return []
    if not isinstance(doc.data, dict):
        problems.error(doc.origin, "the front matter is not a mapping of keys to values")
        return []
    return [
        (dropped, doc.where((dropped.key,)) if dropped.value else doc.where_key((dropped.key,)))
        for dropped in kept_meta(doc.data)[1]
    ]


def _body_line(source: Location, first: int, line: int) -> Location:
    """Where line ``line`` (from 0) of a writeup that starts at line ``first`` is."""
    return source.at(first + line)


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, with every symbolic link followed, stays inside ``folder``.

    ``path`` is ``folder`` joined with a clean relative path, so it can only lead out
    through a symbolic link; resolving is needed only when one is on the way.
    """
    try:
        relative = path.relative_to(folder)
    except ValueError:
        return False
    step = folder
    for part in relative.parts:
        step = step / part
        if step.is_symlink():
            break
    else:
        return True
    try:
        real = Path(os.path.realpath(path))
        return real.is_relative_to(os.path.realpath(folder))
    except (OSError, ValueError):
        return False
