"""Every page of the site, rendered from the archive.

A page is HTML blocks made from templates around the Markdown that people wrote (a
talk's writeup, a person's bio, an event's notes), so that the site generator renders
the writeup with the site's extensions and its search indexes the whole page.

``Page.markdown`` is all of it as one Markdown document, for any site generator. A
generator that lets a plugin touch the HTML after conversion does better with
``Page.skeleton``, the Markdown with each HTML block replaced by a placeholder element,
and ``Page.fill`` on the converted HTML: the generated HTML (a notebook may be a
megabyte of it) then never goes through the Markdown parser, which only has to copy it.
Unless the archive trusts its authors, ``Page.clean_writing`` sanitises the converted
writing first (``showcase.sanitizer``), before the trusted blocks go in.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, cached_property, partial
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from markupsafe import Markup, escape

from showcase.digests import Digest, Quarter, quarterly_digests
from showcase.model import Archive, Event, Person, Talk
from showcase.organizer.changes import changes_since_announcement
from showcase.outline import without_empty_headings
from showcase.pagestore import PageStore
from showcase.problems import Location
from showcase.rotation import Proposal
from showcase.sanitizer import clean_html
from showcase.site import links
from showcase.site.compiled import CompiledTemplates
from showcase.site.links import Linker
from showcase.site.stats import bar_chart, column_chart, compute_stats, heat_table

TEMPLATES = Path(__file__).parent / "templates"
#: Changes when what a remembered page record holds changes (``SiteRenderer.memo``).
MEMO_FORMAT = 1


@cache
def templates_digest() -> str:
    """A digest of every template: a remembered page is only reused with the same ones."""
    digest = hashlib.sha256(f"pages {MEMO_FORMAT}".encode())
    for path in sorted(TEMPLATES.glob("*.html")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


#: Showcase's templates as compiled by the last build of this process (``mkdocs serve``
#: builds again after every save).
_COMPILED = CompiledTemplates()

LATEST_ON_HOME = 6
#: Above this many events the archive is split into one page per year.
ARCHIVE_PAGE_LIMIT = 48


@dataclass(frozen=True)
class Page:
    """A page to publish: where it lives, its title, and its parts in order: front matter,
    then HTML blocks (``html``) between the Markdown people wrote (``writing``)."""

    src: str
    title: str
    front_matter: str
    parts: tuple[tuple[str, str], ...]
    #: The content file the page's writing comes from (a talk's ``index.md``, the entry
    #: of ``people.yml``), for problems met converting it.
    origin: Location | None = None

    def record(self) -> dict[str, Any]:
        """The page as JSON data (``from_record`` reads it back)."""
        origin = self.origin
        return {
            "src": self.src,
            "title": self.title,
            "front_matter": self.front_matter,
            "parts": [list(part) for part in self.parts],
            "origin": None if origin is None else [origin.path, origin.line, origin.column],
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Page | None:
        """The page ``record`` holds, or None when it is not one (``record``'s shape)."""
        try:
            parts = tuple((str(kind), str(text)) for kind, text in record["parts"])
            origin = record["origin"]
            where = None if origin is None else Location(str(origin[0]), origin[1], origin[2])
            fields = (record["src"], record["title"], record["front_matter"])
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        if not all(isinstance(value, str) for value in fields):
            return None
        if any(kind not in (HTML, WRITING) for kind, _text in parts):
            return None
        return cls(fields[0], fields[1], fields[2], parts, origin=where)

    @property
    def markdown(self) -> str:
        """The whole page as one Markdown document."""
        return _join(self.front_matter, *(text for _kind, text in self.parts))

    @property
    def titled(self) -> bool:
        """Whether the front matter gives the page its title (the home page has none)."""
        return "\ntitle: " in self.front_matter

    @property
    def skeleton(self) -> str:
        """The page's Markdown with a placeholder where each HTML block goes."""
        return _join(self.front_matter, *self._skeleton_texts())

    @property
    def skeleton_body(self) -> str:
        """``skeleton`` without its front matter: what a Markdown converter converts."""
        return _join(*self._skeleton_texts())

    def _skeleton_texts(self) -> Iterator[str]:
        for index, (kind, text) in enumerate(self.parts):
            yield self._placeholder(index) if kind == HTML else text

    def fill(self, converted: str) -> tuple[str, list[int]]:
        """The HTML of ``skeleton`` after conversion with the HTML blocks back in place,
        and the blocks whose placeholder was not found exactly once (a Markdown extension
        dropped it): those are added at the end of the page, in order."""
        missing = []
        for index, (kind, text) in enumerate(self.parts):
            if kind != HTML:
                continue
            placeholder = self._placeholder(index)
            if converted.count(placeholder) == 1:
                converted = converted.replace(placeholder, text)
            else:
                converted = converted.replace(placeholder, "")
                converted += "\n" + text
                missing.append(index)
        return converted, missing

    def clean_writing(self, converted: str) -> str:
        """The HTML of ``skeleton`` after conversion with people's writing sanitised and
        the placeholders kept, for ``fill``: each stretch between two placeholders is
        cleaned on its own, so writing cannot wrap or reach the blocks around it, and
        Showcase's own blocks never go through the sanitiser."""
        placeholders = [
            self._placeholder(index)
            for index, (kind, _text) in enumerate(self.parts)
            if kind == HTML and converted.count(self._placeholder(index)) == 1
        ]
        if not placeholders:
            return clean_html(converted)
        pattern = re.compile("|".join(re.escape(found) for found in placeholders))
        pieces, start = [], 0
        for found in pattern.finditer(converted):
            pieces += [clean_html(converted[start : found.start()]), found.group()]
            start = found.end()
        pieces.append(clean_html(converted[start:]))
        return "".join(pieces)

    def block_ids(self) -> set[str]:
        """The ``id`` attributes in the page's HTML blocks (anchors links may point to)."""
        return {found for kind, text in self.parts if kind == HTML for found in _IDS.findall(text)}

    def _placeholder(self, index: int) -> str:
        # The digest of the page's parts makes the placeholder one that people's writing
        # cannot contain by chance or on purpose.
        return f'<div data-showcase-block="{self.digest[:16]}-{index}"></div>'

    @cached_property
    def digest(self) -> str:
        """The SHA-256 of the page's front matter and parts: equal pages, equal digest."""
        sha = hashlib.sha256(f"{self.front_matter}\0".encode())
        for kind, text in self.parts:
            sha.update(f"{kind}\0{text}\0".encode())
        return sha.hexdigest()


HTML, WRITING = "html", "writing"
_IDS = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")


@dataclass(frozen=True)
class SiteOptions:
    """What the pages need beyond the archive."""

    site_name: str = "Demo Days"
    linker: Linker = field(default_factory=Linker)
    home_text: str = ""
    #: Rotation proposals per upcoming event id, shown on the schedule page.
    proposals: Mapping[str, tuple[Proposal, ...]] = field(default_factory=dict)
    default_slots: int = 4
    #: The content folder as a person would type it in a command (for hints on empty pages).
    content_dir: str = "content"
    #: Extra parts of a talk page (attachment viewers) rendered by the attachments layer.
    talk_extras: Callable[[Talk, str], str] | None = None
    #: The talk's recording and transcript, shown under its title (the same layer's).
    talk_media: Callable[[Talk, str], str] | None = None
    #: The picture shown on a talk's card, as a path under the site root, if any.
    card_image: Callable[[Talk], str | None] | None = None
    #: The picture of a person, as a path under the site root, if any.
    person_image: Callable[[Person], str | None] | None = None
    calendar_src: str | None = None
    #: The site's absolute address, if known (for ``webcal://`` subscription links).
    site_url: str = ""
    #: The calendar file of a person's talks, if they have one.
    person_calendar: Callable[[Person], str | None] | None = None
    #: The Atom feed of a person's talks, if they have one.
    person_feed: Callable[[Person], str | None] | None = None
    #: The Atom feed of a topic's talks, if it has one.
    topic_feed: Callable[[str], str | None] | None = None


class _TalkContext(NamedTuple):
    event: Event | None
    previous: Talk | None
    following: Talk | None
    #: The HTML of the talk's attachments (``SiteOptions.talk_extras``).
    extras: str
    #: The HTML of its recording and transcript (``SiteOptions.talk_media``).
    media: str


@dataclass
class PendingPage:
    """A page of ``SiteRenderer.detail_work``: its key in the memo, the page if the memo
    had it, and how to make it."""

    key: str | None
    page: Page | None
    make: Callable[[], Page]


class SiteRenderer:
    """Renders the pages of one archive; create one per build.

    With a ``memo`` (a store kept between builds), each person's, topic's, event's and
    talk's page is remembered under a digest of every fact its template shows
    (``_person_facts``, ``_topic_facts``, ``_event_facts``, ``_talk_facts``, each card's
    ``_card_facts``) and of the templates themselves, and taken from there while those
    facts stay the same: a build after one talk changed renders that talk's page and the
    pages of its speakers, topics and demo day again, not every page. A template that
    comes to show another fact must add it to these.
    """

    def __init__(
        self, archive: Archive, options: SiteOptions, *, memo: PageStore | None = None
    ) -> None:
        self.archive = archive
        self.options = options
        self.memo = memo
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            bytecode_cache=_COMPILED,
        )
        self.env.filters["day"] = format_day
        self.env.filters["month"] = format_month
        self._links = _LateLinks(options.linker)
        self.topics = links.TopicPages(tag for talk in archive.talks.values() for tag in talk.tags)
        url = self._links.url
        image, portrait = options.card_image, options.person_image
        self.env.globals.update(
            archive=archive,
            options=options,
            status_of=self.status_of,
            people_of=self.people_of,
            archive_talk_count=lambda events: sum(len(archive.talks_at(e.id)) for e in events),
            url=url,
            links=links,
            topic_src=self.topics.src,
            topic_slug=self.topics.slug,
            card_image=(lambda t: url(found) if image and (found := image(t)) else None),
            person_image=(lambda p: url(found) if portrait and (found := portrait(p)) else None),
            card=self.card,
        )
        self._cards: dict[tuple[str, bool, int | None], Markup] = {}
        self._talk_card = self.env.get_template("macros.html").module.talk_card  # type: ignore[attr-defined]

    # The pages ----------------------------------------------------------------------

    def pages(self) -> Iterator[Page]:
        """Every page of the site except the talks, then each talk."""
        yield from self.listing_pages()
        yield from self.detail_pages()

    def listing_pages(self) -> Iterator[Page]:
        """The first part of ``pages``: home, schedule, statistics, archive, people and
        topics. The two parts take about as long, so two processes can share them."""
        yield self.home()
        yield self.schedule()
        yield self.stats()
        yield from self.archive_pages()
        yield self.people_index()
        for person in self.archive.people.values():
            yield self._remembered(self._person_facts(person), partial(self.person, person))
        yield self.topics_index()
        for tag in self.archive.tags:
            yield self._remembered(self._topic_facts(tag), partial(self.topic, tag))
        yield self.digests_index()
        for digest in self.digests:
            yield self._remembered(self._digest_facts(digest), partial(self.digest, digest))

    def detail_pages(self) -> Iterator[Page]:
        """The rest of ``pages``: each event, then each talk."""
        for pending in self.detail_work():
            yield self._made(pending)

    def home(self) -> Page:
        archive = self.archive
        nxt = archive.next_event
        return self._page(
            links.HOME,
            self.options.site_name,
            "home.html",
            text=self.options.home_text,
            next_event=nxt,
            booked=archive.slots_at(nxt, default_slots=self.options.default_slots) if nxt else None,
            latest=archive.given_talks[:LATEST_ON_HOME],
            later=[e for e in archive.upcoming_events if e is not nxt][:3],
            digest=self.digests[0] if self.digests else None,
            # Themes title the home page with the site's name; given as the page's title
            # too, it would read "Demo Days - Demo Days".
            titled=False,
            origin=Location("index.md"),
        )

    def talk(self, talk: Talk) -> Page:
        return self._talk_page(talk, self._talk_context(talk))

    def _talk_context(self, talk: Talk) -> _TalkContext:
        """What a talk's page shows beside the talk: its demo day, the talks before and
        after it there, and its attachments' HTML."""
        event = self.archive.event_of(talk)
        siblings = self.archive.talks_at(talk.event) if talk.event else ()
        index = siblings.index(talk) if talk in siblings else -1
        previous = siblings[index - 1] if index > 0 else None
        following = siblings[index + 1] if 0 <= index < len(siblings) - 1 else None
        src = links.talk_src(talk)
        extras = self.options.talk_extras(talk, src) if self.options.talk_extras else ""
        media = self.options.talk_media(talk, src) if self.options.talk_media else ""
        return _TalkContext(event, previous, following, extras, media)

    def _talk_page(self, talk: Talk, context: _TalkContext) -> Page:
        src = links.talk_src(talk)
        event, previous, following, extras, media = context
        header = self._render(src, "talk_header.html", talk=talk, event=event, media=Markup(media))
        footer = self._render(
            src,
            "talk_footer.html",
            talk=talk,
            event=event,
            previous=previous,
            following=following,
            extras=Markup(extras),
        )
        writing = without_empty_headings(talk.body).strip()
        parts = ((HTML, header), (WRITING, writing), (HTML, footer))
        return _make_page(src, talk.title, parts, origin=talk.source)

    def event(self, event: Event) -> Page:
        return self._page(
            links.event_src(event),
            event.display_title,
            "event.html",
            event=event,
            booked=self.archive.slots_at(event, default_slots=self.options.default_slots),
            notes=event.notes or "",
            origin=event.source,
        )

    def schedule(self) -> Page:
        upcoming = []
        for event in self.archive.upcoming_events:
            booked = self.archive.slots_at(event, default_slots=self.options.default_slots)
            upcoming.append(
                {
                    "event": event,
                    "talks": booked.talks,
                    "due": list(booked.due),
                    "booked": booked,
                    "proposals": self.options.proposals.get(event.id, ()),
                    "changes": changes_since_announcement(event),
                }
            )
        return self._page(
            links.SCHEDULE,
            "Schedule",
            "schedule.html",
            upcoming=upcoming,
            proposed=self.archive.proposed_talks,
            webcal=self._webcal(self.options.calendar_src),
        )

    def _webcal(self, src: str | None) -> str | None:
        """A ``webcal://`` address that calendar apps subscribe to, when the site's is known."""
        base = self.options.site_url
        if not src or not base.startswith(("https://", "http://")):
            return None
        return "webcal://" + base.split("://", 1)[1].rstrip("/") + "/" + src

    def stats(self) -> Page:
        figures = compute_stats(self.archive)
        months = [(f"{m:%b %y}", n) for m, n in figures.talks_per_month]
        return self._page(
            links.STATS,
            "Stats",
            "stats.html",
            stats=figures,
            month_chart=Markup(column_chart(months, "Talks per month", every=3)),
            year_chart=Markup(
                column_chart([(str(y), n) for y, n in figures.talks_per_year], "Talks per year")
            ),
            person_chart=Markup(
                bar_chart(
                    [(c.person.name, c.last_year, c.all_time) for c in figures.per_person],
                    "Talks per person",
                    f"in the 12 months to {format_month(figures.window_end)}",
                )
            ),
            topic_chart=Markup(heat_table(figures, "Topics over time")),
        )

    def archive_pages(self) -> Iterator[Page]:
        years: dict[int, list[Event]] = {}
        for event in reversed(list(self.archive.events.values())):
            years.setdefault(event.date.year, []).append(event)
        split = len(self.archive.events) > ARCHIVE_PAGE_LIMIT
        digests: dict[int, list[Digest]] = {}
        for digest in reversed(self.digests):  # oldest quarter first within a year
            digests.setdefault(digest.quarter.year, []).append(digest)
        yield self._page(
            links.ARCHIVE,
            "Archive",
            "archive.html",
            years=years,
            split=split,
            year=None,
            digests=digests,
            latest_digest=self.digests[0] if self.digests else None,
        )
        if split:
            for year, events in years.items():
                yield self._page(
                    links.archive_year_src(year),
                    f"Archive {year}",
                    "archive.html",
                    years={year: events},
                    split=False,
                    year=year,
                    digests=digests,
                    latest_digest=None,
                )

    def people_index(self) -> Page:
        rows = []
        for person in sorted(self.archive.people.values(), key=lambda p: p.name.casefold()):
            given = self.given_talks_of(person.id)
            last = given[0] if given else None
            rows.append({"person": person, "count": len(given), "last": last})
        return self._page(links.PEOPLE, "People", "people.html", rows=rows)

    def person(self, person: Person) -> Page:
        talks = self.archive.talks_by(person.id)
        given = self.given_talks_of(person.id)
        upcoming = [t for t in talks if t not in given]
        topics = Counter(tag for t in talks for tag in t.tags)
        co_speakers = Counter(pid for t in talks for pid in t.speakers if pid != person.id)
        feed = self.options.person_feed(person) if self.options.person_feed else None
        return self._page(
            links.person_src(person),
            person.name,
            "person.html",
            head_feed=(feed, f"Talks by {person.name}") if feed else None,
            feed=feed,
            person=person,
            given=given,
            upcoming=upcoming,
            topics=sorted(topics.items(), key=lambda kv: (-kv[1], kv[0])),
            co_speakers=[
                (self.archive.people[pid], n)
                for pid, n in sorted(co_speakers.items(), key=lambda kv: (-kv[1], kv[0]))
                if pid in self.archive.people
            ],
            bio=person.bio or "",
            origin=person.source,
            calendar=(
                self.options.person_calendar(person) if self.options.person_calendar else None
            ),
        )

    def topics_index(self) -> Page:
        tags = [(tag, len(talks)) for tag, talks in self.archive.tags.items()]
        return self._page(links.TOPICS, "Topics", "topics.html", tags=tags)

    def topic(self, tag: str) -> Page:
        feed = self.options.topic_feed(tag) if self.options.topic_feed else None
        return self._page(
            self.topics.src(tag),
            f"Topic: {tag}",
            "topic.html",
            head_feed=(feed, f"Talks on #{tag}") if feed else None,
            tag=tag,
            talks=self.archive.tags[tag],
            feed=feed,
        )

    @cached_property
    def digests(self) -> tuple[Digest, ...]:
        """Each quarter's digest, the newest first (``showcase.digests``)."""
        return quarterly_digests(self.archive)

    def digests_index(self) -> Page:
        """The list of digests, a line per quarter (no talk: the first visit stays light)."""
        years: dict[int, list[Digest]] = {}
        for digest in self.digests:
            years.setdefault(digest.quarter.year, []).append(digest)
        return self._page(links.DIGESTS, "Digests", "digests.html", years=years)

    def digest(self, digest: Digest) -> Page:
        """A quarter's digest: its talks by topic, who presented, its demo days and their
        recordings; printable."""
        earlier, later = self._digest_neighbours(digest.quarter)
        return self._page(
            links.digest_src(digest.quarter),
            f"Digest {digest.quarter.label}",
            "digest.html",
            digest=digest,
            earlier=earlier,
            later=later,
            online=self._absolute(links.digest_src(digest.quarter)),
        )

    def _digest_neighbours(self, quarter: Quarter) -> tuple[Quarter | None, Quarter | None]:
        """The quarters of the digests before and after ``quarter``'s."""
        quarters = [digest.quarter for digest in self.digests]  # newest first
        index = quarters.index(quarter)
        earlier = quarters[index + 1] if index + 1 < len(quarters) else None
        later = quarters[index - 1] if index > 0 else None
        return earlier, later

    def _absolute(self, src: str) -> str | None:
        """The absolute address of the page at ``src``, when the site's is known."""
        base = self.options.site_url
        if not base.startswith(("https://", "http://")):
            return None
        return base.rstrip("/") + "/" + self.options.linker.url(src)

    # Remembered pages ---------------------------------------------------------------

    def _remembered(self, facts: tuple[Any, ...] | None, make: Callable[[], Page]) -> Page:
        """The page ``make`` renders, taken from the memo when it holds one rendered from
        the same ``facts``."""
        return self._made(self._look_up(facts, make))

    def _made(self, pending: PendingPage) -> Page:
        """``pending``'s page: as the memo had it, else made now and kept."""
        if pending.page is None:
            pending.page = pending.make()
            self.keep(pending)
        return pending.page

    def detail_work(self) -> list[PendingPage]:
        """``detail_pages`` as work to do: each page taken from the memo where it is there
        (``PendingPage.page``), else to be made by its ``make``, which another process
        may run; ``keep`` then remembers it."""
        work = [
            self._look_up(self._event_facts(e), partial(self.event, e))
            for e in self.archive.events.values()
        ]
        for talk in self.archive.talks.values():
            context = self._talk_context(talk)  # made once, for the key and the page
            work.append(
                self._look_up(
                    self._talk_facts(talk, context), partial(self._talk_page, talk, context)
                )
            )
        return work

    def keep(self, pending: PendingPage) -> None:
        """Remember ``pending``'s page, now made, for the next build."""
        if self.memo is not None and pending.key is not None and pending.page is not None:
            self.memo.store(pending.key, {"page": pending.page.record()})

    def _look_up(self, facts: tuple[Any, ...] | None, make: Callable[[], Page]) -> PendingPage:
        if self.memo is None or facts is None:
            return PendingPage(None, None, make)
        key = hashlib.sha256(repr((self._common_facts, facts)).encode()).hexdigest()
        saved = self.memo.load(key)
        record = saved.get("page") if saved is not None else None
        page = Page.from_record(record) if isinstance(record, dict) else None
        return PendingPage(key, page, make)

    @cached_property
    def _common_facts(self) -> tuple[Any, ...]:
        options = self.options
        return (
            templates_digest(),
            options.linker,
            options.site_name,
            options.content_dir,
            options.site_url,
            self.archive.today,
        )

    def _card_facts(self, talk: Talk) -> tuple[Any, ...]:
        """What a talk's card shows (``macros.talk_card``)."""
        event = self.archive.event_of(talk)
        image = self.options.card_image
        return (
            replace(talk, body=""),
            talk.blurb,
            self.status_of(talk),
            event,
            None if event is None else links.event_src(event),
            links.talk_src(talk),
            self._people_facts(talk.speakers),
            image(talk) if image else None,
            tuple(self.topics.src(tag) for tag in talk.tags),
        )

    def _person_facts(self, person: Person) -> tuple[Any, ...]:
        """What ``person.html`` shows of ``person``."""
        portrait = self.options.person_image
        calendar = self.options.person_calendar
        talks = self.archive.talks_by(person.id)
        others = sorted({pid for t in talks for pid in t.speakers if pid != person.id})
        return (
            "person",
            person,
            person.has_left(self.archive.today),
            links.person_src(person),
            portrait(person) if portrait else None,
            calendar(person) if calendar else None,
            self.options.person_feed(person) if self.options.person_feed else None,
            tuple(self._card_facts(t) for t in talks),
            self._people_facts(others),
        )

    def _people_facts(self, ids: Iterable[str]) -> tuple[Any, ...]:
        """What a line of people shows (``macros.speaker_links``, avatars)."""
        portrait = self.options.person_image
        return tuple(
            (p, p.id in self.archive.people, links.person_src(p), portrait(p) if portrait else None)
            for p in self.people_of(ids)
        )

    def _talk_facts(self, talk: Talk, context: _TalkContext) -> tuple[Any, ...]:
        """What a talk's page shows (``talk_header.html``, ``talk_footer.html``): the
        whole talk, its writeup included, and ``context`` (``_talk_context``)."""
        event, previous, following, extras, media = context
        return (
            "talk",
            talk,
            talk.source,
            self.status_of(talk),
            event,
            None if event is None else links.event_src(event),
            self._people_facts(talk.speakers),
            tuple(self.topics.src(tag) for tag in talk.tags),
            extras,
            media,
            tuple(
                None if t is None else (links.talk_src(t), t.title) for t in (previous, following)
            ),
        )

    def _event_facts(self, event: Event) -> tuple[Any, ...]:
        """What an event's page shows (``event.html``): the event, its running order as
        cards, who is due, its slots."""
        booked = self.archive.slots_at(event, default_slots=self.options.default_slots)
        return (
            "event",
            event,
            event.source,
            links.event_src(event),
            self.archive.is_past(event),
            tuple((self._card_facts(t), t.order) for t in booked.talks),
            self._people_facts(booked.due),
            self._people_facts([event.host] if event.host else []),
            booked.total,
            booked.open,
        )

    def _topic_facts(self, tag: str) -> tuple[Any, ...]:
        """What ``topic.html`` shows of ``tag``."""
        talks = self.archive.tags[tag]
        feed = self.options.topic_feed(tag) if self.options.topic_feed else None
        cards = tuple(self._card_facts(t) for t in talks)
        return ("topic", tag, self.topics.src(tag), feed, cards)

    def _digest_facts(self, digest: Digest) -> tuple[Any, ...]:
        """What ``digest.html`` shows of ``digest``: its quarter and neighbours, its talks
        by topic as cards, its demo days (recordings) and who presented."""
        return (
            "digest",
            digest.quarter,
            links.digest_src(digest.quarter),
            self._digest_neighbours(digest.quarter),
            tuple(
                (
                    tag,
                    None if tag is None else self.topics.src(tag),
                    tuple(self._card_facts(t) for t in talks),
                )
                for tag, talks in digest.topics
            ),
            tuple((event, links.event_src(event), len(talks)) for event, talks in digest.held),
            self._people_facts(digest.speakers),
        )

    # Facts the templates ask for ----------------------------------------------------

    def given_talks_of(self, person_id: str) -> list[Talk]:
        """A person's talks at past events that took place, newest first."""
        return [t for t in self.archive.talks_by(person_id) if self.status_of(t) == "given"]

    def status_of(self, talk: Talk) -> str:
        """given, upcoming, cancelled (its event was) or proposed (no event)."""
        event = self.archive.event_of(talk)
        if event is None:
            return "proposed"
        if event.cancelled:
            return "cancelled"
        return "given" if self.archive.is_past(event) else "upcoming"

    def people_of(self, ids: Iterable[str]) -> list[Person]:
        """People by id, keeping ids that are not on the roster as bare names."""
        return [self.archive.people.get(pid) or Person(id=pid, name=pid) for pid in ids]

    # Rendering ----------------------------------------------------------------------

    def _page(
        self,
        src: str,
        title: str,
        template: str,
        *,
        titled: bool = True,
        origin: Location | None = None,
        head_feed: tuple[str, str] | None = None,
        **context: Any,
    ) -> Page:
        body = self._render(src, template, **context)
        parts = _split_markdown_slots(body, context)
        return _make_page(src, title, parts, titled=titled, origin=origin, feed=head_feed)

    def _render(self, src: str, template: str, **context: Any) -> str:
        body = self.env.get_template(template).render(src=src, **context)
        return self._links.resolve(body, src)

    def card(self, talk: Talk, show_event: bool = True, number: int | None = None) -> Markup:
        """A talk's card, rendered once for every page that shows it (its links are
        placeholders until ``_render`` resolves them for the page)."""
        key = (talk.slug, show_event, number)
        found = self._cards.get(key)
        if found is None:
            found = self._cards[key] = Markup(self._talk_card(talk, show_event, number))
        return found


class _LateLinks:
    """Links written as placeholders while a template renders, made relative to the page
    afterwards, so that HTML that links elsewhere (a talk's card) can be rendered once and
    shown on many pages.

    A placeholder holds a number, not the target, so that escaping cannot change it, and
    a random mark, so that no text in the archive can pass for one.
    """

    def __init__(self, linker: Linker) -> None:
        self.linker = linker
        #: The URL path of each target, by number.
        self.targets: list[str] = []
        self.numbers: dict[str, int] = {}
        self.mark = secrets.token_hex(6)
        self.pattern = re.compile(re.escape(f"\x1a{self.mark}:") + r"(\d+)\x1a")

    def url(self, target: str) -> str:
        number = self.numbers.get(target)
        if number is None:
            number = self.numbers[target] = len(self.targets)
            self.targets.append(self.linker.url(target))
        return f"\x1a{self.mark}:{number}\x1a"

    def resolve(self, body: str, src: str) -> str:
        """``body`` with each placeholder replaced by its link from the page at ``src``,
        escaped as the template would have escaped it."""
        source, targets = self.linker.url(src), self.targets
        return self.pattern.sub(
            lambda found: str(escape(links.between(source, targets[int(found.group(1))]))), body
        )


# Markdown slots: templates mark where people's Markdown goes, so that it is rendered as
# Markdown between HTML blocks instead of being escaped inside them.
_SLOT = "<!--showcase:markdown:{}-->"


def _split_markdown_slots(body: str, context: Mapping[str, Any]) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    rest = body
    while True:
        start = rest.find("<!--showcase:markdown:")
        if start < 0:
            parts.append((HTML, _tidy_html(rest)))
            return parts
        end = rest.index("-->", start) + 3
        name = rest[start + len("<!--showcase:markdown:") : end - 3]
        parts.append((HTML, _tidy_html(rest[:start])))
        parts.append((WRITING, str(context.get(name, "")).strip()))
        rest = rest[end:]


def _make_page(
    src: str,
    title: str,
    parts: Iterable[tuple[str, str]],
    *,
    titled: bool = True,
    origin: Location | None = None,
    feed: tuple[str, str] | None = None,
) -> Page:
    kept = tuple((kind, text) for kind, text in parts if text.strip())
    return Page(src, title, _front_matter(title if titled else None, feed), kept, origin)


def _tidy_html(fragment: str) -> str:
    """HTML blocks without blank lines, so Markdown keeps each one as a single raw block."""
    return "\n".join(line for line in fragment.splitlines() if line.strip())


def _front_matter(title: str | None, feed: tuple[str, str] | None = None) -> str:
    # A JSON string is a YAML double-quoted scalar: written directly, it costs nothing,
    # where a YAML dump per page was a noticeable share of generating a large archive.
    lines = ["---", "hide: [navigation]"]
    if title is not None:
        # Themes print the title unescaped in <title> and the header; escape it here once.
        quoted = json.dumps(html.escape(title, quote=False), ensure_ascii=False)
        lines.append(f"title: {_YAML_UNSAFE.sub(_yaml_escape, quoted)}")
    if feed is not None:
        # The page's own feed, which the theme's head links to (``main.html``): its
        # source path, and its title escaped for an attribute (the theme prints both as
        # they are). A page of the content folder cannot give one: it keeps only the keys
        # ``site.extras.KEYS`` allows.
        href, label = feed
        mapping = json.dumps({"href": href, "title": html.escape(label, quote=True)})
        lines.append(f"{FEED_KEY}: {mapping}")
    return "\n".join([*lines, "---"])


#: The front matter key of a page's own Atom feed (``_front_matter``).
FEED_KEY = "showcase_feed"


#: What JSON leaves as is but YAML reads as a line break or refuses as unprintable.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def _yaml_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _join(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part.strip()) + "\n"


def format_day(value: date | None) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}" if value else ""


def format_month(value: date | None) -> str:
    return f"{value:%B %Y}" if value else ""
