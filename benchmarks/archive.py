"""A realistic content folder of any size, the same every time for the same seed.

``generate_archive(root, n, seed)`` writes ``people.yml``, one ``events/YYYY-MM.yml`` per
monthly demo day and ``n`` talk folders, shaped like a team's real archive: a roster of
about ``n / 10`` people (some guests, some who left, some away), a handful of talks per
month, writeups of a few hundred to a couple of thousand words with headings, lists, code
blocks and tables, tags from a shared vocabulary, and attachments beside some of the talks:
about 5% have PDF slides of one to three drawn pages, about 5% a notebook with a text and a
small chart output, some a cover image; every file is small. A few talks are proposals
without an event and a few are drafts; the last events lie after ``today`` so that the
archive has a future.

Three kinds (``profile``): ``rich`` as above, ``light`` (a paragraph or two, no
attachment) and ``transcripts``: the light archive (the same talks, drawn the same way),
plus a 20-minute ``transcript.vtt`` beside every talk of a past demo day, named in its
front matter (``make_transcript_vtt``: a cue every three to five seconds, about 2,800
words a talk, ``<v Name>`` voices of the talk's speakers, a few ``NOTE Chapter:``
headings; one talk in 50 speaks Chinese or Japanese). Transcripts are drawn from a
vocabulary of some 20,000 words (common English words and made-up ones, by Zipf's law),
which ``benchmarks/search_speed.py`` shares (``make_transcripts``).

The archive passes ``showcase check`` without a single problem, so a benchmark measures
reading and checking, not error reporting. The site benchmark reuses it.
"""

from __future__ import annotations

import base64
import math
import random
import re
import struct
import time
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import nbformat
import yaml
from PIL import Image, ImageDraw

from showcase.scaffold import slugify


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: The day the generated archive is "now": events after it are upcoming.
DEFAULT_TODAY = date(2026, 11, 1)

#: Demo days after ``today`` in every generated archive.
UPCOMING_EVENTS = 2

FIRST_NAMES = _words(
    "Ana Bo Carla Dee Emeka Farah Gustavo Hana Ines Jonas Kemal Lena Mateo Nadia Oskar "
    "Priya Quentin Rosa Sven Tariq Uma Viktor Wen Ximena Yusuf Zoë Aiko Björn Chloé Dmitri "
    "Elif Fatima Grzegorz Héctor Ingrid Jae-won Kofi Léa Małgorzata Nikhil"
)
LAST_NAMES = _words(
    "Lima Chen Diaz Park Okafor Haddad Pereira Sato Moreau Becker Yilmaz Novak Rossi "
    "Kowalski Andersen Sharma Dubois Fernández Lindqvist Rahman Nakamura Ivanova Wang "
    "Hernández Demir Müller Kim Johansson Łukasiewicz Nguyen O'Brien García Costa Ahmed"
)
TEAMS = ("Platform", "Analytics", "Data Science", "Ingestion", "BI", "ML Ops", "Search")
ROLES = (
    "Data Engineer",
    "Analytics Engineer",
    "Data Scientist",
    "ML Engineer",
    "Software Engineer",
    "Engineering Manager",
    "Product Analyst",
)
TAGS = _words(
    "python sql dbt airflow spark kafka postgres duckdb pandas polars apis fastapi "
    "dashboards metabase observability testing data-quality ml llm forecasting "
    "experimentation a-b-testing streaming batch cloud kubernetes terraform cost "
    "privacy security search embeddings geospatial notebooks visualization lineage "
    "governance performance migration onboarding"
)
VERBS = (
    "Shipping",
    "Scaling",
    "Debugging",
    "Migrating",
    "Testing",
    "Monitoring",
    "Rebuilding",
    "Speeding up",
    "Taming",
    "Automating",
    "Documenting",
    "Retiring",
)
OBJECTS = (
    "a data API",
    "the nightly batch",
    "our feature store",
    "the events pipeline",
    "dbt models",
    "a forecasting service",
    "the search index",
    "the BI layer",
    "cost dashboards",
    "schema changes",
    "the warehouse",
    "a streaming join",
    "our notebooks",
    "data contracts",
    "experiment analysis",
)
ENDINGS = (
    "in a week",
    "without downtime",
    "with DuckDB",
    "on a budget",
    "for 40 teams",
    "the boring way",
    "with Polars",
    "in production",
    "",
    "",
    "",
)
THEMES = ("Data APIs", "Quality", "Streaming", "Cost", "ML in production", "Tooling", "")
WORDS = _words(
    "pipeline table query latency partition schema model cache batch stream warehouse "
    "metric dashboard incident rollout backfill contract owner consumer producer job "
    "cluster budget index sample test release review migration baseline alert report "
    "the a we our it this that with for from into over under after before because while "
    "faster simpler cheaper safer clearer smaller reliable incremental daily weekly "
    "built moved split merged measured replaced removed added learned found shipped"
)
HEADINGS = (
    "The problem",
    "Where we started",
    "What we built",
    "How it works",
    "Numbers",
    "What went wrong",
    "What we learned",
    "What is next",
    "Try it yourself",
)
CODE_SNIPPETS = (
    (
        "python",
        "import duckdb\n\ncon = duckdb.connect()\nrows = con.execute(\n"
        '    "SELECT team, count(*) FROM read_parquet(?) GROUP BY team", [path]\n'
        ').fetchall()\nfor team, n in rows:\n    print(f"{team:<12} {n:>8}")',
    ),
    (
        "sql",
        "SELECT order_date,\n       sum(amount) AS revenue,\n"
        "       count(DISTINCT customer_id) AS customers\nFROM orders\n"
        "WHERE order_date >= current_date - INTERVAL 30 DAY\nGROUP BY 1\nORDER BY 1;",
    ),
    (
        "bash",
        "dbt build --select state:modified+ --defer --state prod-manifest/\n"
        "showcase check content --strict",
    ),
    (
        "yaml",
        "models:\n  - name: orders\n    columns:\n      - name: order_id\n"
        "        tests: [unique, not_null]",
    ),
)

#: Shares of the talks already given that carry PDF slides and a notebook.
PDF_SHARE = 0.05
NOTEBOOK_SHARE = 0.05
#: A PDF's creation date is written into the file: a fixed one keeps the bytes the same.
PDF_DATE = time.struct_time((2026, 1, 1, 0, 0, 0, 3, 1, 0))
PALETTE = ((0, 128, 128), (255, 193, 7), (63, 81, 181), (233, 30, 99), (76, 175, 80))


@dataclass(frozen=True, slots=True)
class GeneratedArchive:
    """What ``generate_archive`` wrote, to check a load against."""

    root: Path
    talks: int
    events: int
    people: int
    proposed: int
    drafts: int
    today: date


#: The kinds of archive: ``rich`` (writeups of hundreds of words with code and tables,
#: some talks with PDFs, notebooks and covers), ``light`` (a paragraph or two, no
#: attachment: Showcase's own work weighs more beside the writing) and ``transcripts``
#: (the light archive, and a 20-minute ``transcript.vtt`` for every talk already given).
PROFILES = ("rich", "light", "transcripts")


def generate_archive(
    root: Path | str,
    n: int = 1000,
    seed: int = 0,
    *,
    today: date = DEFAULT_TODAY,
    profile: str = "rich",
) -> GeneratedArchive:
    """Write an archive of ``n`` talks into ``root`` (created; must not hold one already)."""
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {PROFILES}, got {profile!r}")
    if n < 1:
        raise ValueError("n must be at least 1")
    root = Path(root)
    rng = random.Random(seed)
    # Transcripts draw from generators of their own, so that the rest of the archive is
    # the light one, talk for talk.
    speech = Speech(random.Random(f"{seed}:vocabulary")) if profile == "transcripts" else None
    people = _generate_people(rng, max(5, n // 10), today)
    per_event = max(4, math.ceil(n / 240))
    proposed = max(1, n // 25) if n >= 10 else 0
    scheduled = n - proposed
    event_count = max(UPCOMING_EVENTS + 1, math.ceil(scheduled / per_event))
    events = _event_months(today, event_count)

    root.mkdir(parents=True, exist_ok=True)
    (root / "events").mkdir(exist_ok=True)
    (root / "talks").mkdir(exist_ok=True)
    _write_yaml(root / "people.yml", people)
    (root / "index.md").write_text(
        "# Demo days\n\nEvery month the team shows what it built.\n", encoding="utf-8"
    )

    speaker_ids = [pid for pid, p in people.items() if "left" not in p]
    everyone = list(people)
    slugs: set[str] = set()
    drafts = 0
    talk_index = 0
    spoken = 0  # transcripts written so far
    names = {pid: str(person["name"]) for pid, person in people.items()}
    for event_id, day in events:
        upcoming = day >= today
        count = min(per_event, scheduled - talk_index) if talk_index < scheduled else 0
        fields: dict[str, object] = {
            "date": day,
            "start": "16:00",
            "end": "17:00",
            "title": f"{day:%B %Y} Demo Day",
            "location": rng.choice(("Room 4B", "Auditorium", "Online", "Room 2A")),
            "host": rng.choice(everyone),
            "slots": per_event,
        }
        if theme := rng.choice(THEMES):
            fields["theme"] = theme
        if upcoming:
            fields["stream"] = f"https://meet.example/demo-{event_id}"
        else:
            fields["recording"] = f"https://video.example/demo-{event_id}"
        _write_yaml(root / "events" / f"{event_id}.yml", fields)
        for order in range(1, count + 1):
            is_draft = upcoming and rng.random() < 0.1
            drafts += is_draft
            _write_talk(
                root,
                rng,
                slugs,
                speaker_ids,
                event_id,
                order,
                upcoming=upcoming,
                draft=is_draft,
                light=profile != "rich",
                speech=speech,
                seed=seed,
                names=names,
                language=_language(spoken) if speech is not None and not upcoming else None,
            )
            spoken += speech is not None and not upcoming
        talk_index += count
    for _ in range(n - talk_index):
        _write_talk(
            root,
            rng,
            slugs,
            speaker_ids,
            None,
            None,
            upcoming=True,
            draft=False,
            light=profile != "rich",
        )
    return GeneratedArchive(
        root=root,
        talks=n,
        events=len(events),
        people=len(people),
        proposed=n - talk_index,
        drafts=drafts,
        today=today,
    )


# People ---------------------------------------------------------------------------------


def _generate_people(rng: random.Random, count: int, today: date) -> dict[str, dict[str, object]]:
    people: dict[str, dict[str, object]] = {}
    while len(people) < count:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        pid = slugify(name)
        if pid in people:
            pid = f"{pid}-{len(people)}"
        joined = today - timedelta(days=rng.randint(30, 365 * 12))
        person: dict[str, object] = {
            "name": name,
            "role": rng.choice(ROLES),
            "team": rng.choice(TEAMS),
            "joined": joined,
        }
        if rng.random() < 0.5:
            person["bio"] = _sentence(rng, 8, 20)
        if rng.random() < 0.4:
            person["links"] = {"GitHub": f"https://github.example/{pid}"}
        roll = rng.random()
        if roll < 0.08:
            person["guest"] = True
        elif roll < 0.16:
            person["left"] = joined + timedelta(days=rng.randint(1, max(1, (today - joined).days)))
        elif roll < 0.2:
            person["rotation"] = False
        if rng.random() < 0.1:
            start = today + timedelta(days=rng.randint(0, 90))
            person["away"] = [{"from": start, "to": start + timedelta(days=rng.randint(3, 40))}]
        people[pid] = person
    return people


# Events ---------------------------------------------------------------------------------


def _event_months(today: date, count: int) -> list[tuple[str, date]]:
    """``count`` consecutive months, the last ``UPCOMING_EVENTS`` after ``today``."""
    year, month = today.year, today.month + UPCOMING_EVENTS
    months: list[tuple[str, date]] = []
    for _ in range(count):
        while month > 12:
            year, month = year + 1, month - 12
        while month < 1:
            year, month = year - 1, month + 12
        months.append((f"{year:04d}-{month:02d}", _second_thursday(year, month)))
        month -= 1
    return list(reversed(months))


def _second_thursday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 7)


# Talks ----------------------------------------------------------------------------------


def _write_talk(
    root: Path,
    rng: random.Random,
    slugs: set[str],
    speaker_ids: list[str],
    event_id: str | None,
    order: int | None,
    *,
    upcoming: bool,
    draft: bool,
    light: bool = False,
    speech: Speech | None = None,
    seed: int = 0,
    names: dict[str, str] | None = None,
    language: str | None = None,
) -> None:
    title = " ".join(
        part for part in (rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(ENDINGS)) if part
    )
    base = f"{event_id}-{slugify(title)}" if event_id else slugify(title)
    slug, suffix = base, 2
    while slug in slugs:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    slugs.add(slug)
    folder = root / "talks" / slug
    folder.mkdir()

    speakers = rng.sample(speaker_ids, k=2 if rng.random() < 0.15 else 1)
    meta: dict[str, object] = {"title": title, "speakers": speakers}
    if event_id is not None:
        meta["event"] = event_id
        meta["order"] = order
    meta["duration"] = rng.choice((10, 15, 15, 20, 25))
    meta["tags"] = rng.sample(TAGS, k=rng.randint(1, 4))
    if rng.random() < 0.3:
        meta["summary"] = _sentence(rng, 15, 35)
    given = not upcoming
    if light:  # a paragraph or two, no attachment: the talks of a light archive
        if draft:
            meta["draft"] = True
        if speech is not None and given:
            # A 20-minute talk, whatever the light archive drew; its own generator, seeded
            # by the talk, so that the light archive's draws are untouched.
            meta["duration"] = TRANSCRIPT_MINUTES
            meta["transcript"] = "transcript.vtt"
            voices = [(names or {}).get(pid, pid) for pid in speakers]
            talk_rng = random.Random(f"{seed}:{slug}")
            (folder / "transcript.vtt").write_text(
                make_transcript_vtt(talk_rng, speech, voices, language=language),
                encoding="utf-8",
            )
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=None)
        body = "\n\n".join(_paragraph(rng) for _ in range(rng.randint(1, 2)))
        (folder / "index.md").write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")
        return
    if given and rng.random() < PDF_SHARE:
        (folder / "slides.pdf").write_bytes(_pdf(rng, title))
        meta["slides"] = "slides.pdf"
    elif given and rng.random() < 0.2:
        meta["slides"] = f"https://slides.example/{slug}"
    if given and rng.random() < NOTEBOOK_SHARE:
        (folder / "analysis.ipynb").write_text(_notebook(rng), encoding="utf-8")
        meta["notebooks"] = ["analysis.ipynb"]
    if rng.random() < 0.15:
        (folder / "cover.png").write_bytes(_png(rng))
        meta["cover"] = "cover.png"
    if given and rng.random() < 0.3:
        meta["video"] = f"https://video.example/{slug}"
    if rng.random() < 0.4:
        meta["links"] = [{"title": "Code", "url": f"https://git.example/{slug}"}]
    if draft:
        meta["draft"] = True
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=None)
    body = _writeup(rng) if given or rng.random() < 0.5 else ""
    (folder / "index.md").write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")


# Transcripts ----------------------------------------------------------------------------

#: A talk's transcript in the ``transcripts`` archive: its length, and the seconds one cue
#: lasts (drawn between these, in milliseconds).
TRANSCRIPT_MINUTES = 20
CUE_MS = (3000, 5000)
#: Words said in a second (140 a minute): about 2,800 in 20 minutes.
WORDS_PER_SECOND = 140 / 60
#: One talk in this many speaks Chinese or Japanese (in turn).
CJK_EVERY = 50

COMMON = WORDS + tuple(
    " ".join(
        (
            "and or but so then when where what which who how why all any some many more most",
            "data team query table model pipeline service cluster latency partition schema",
            "customer order store basket price forecast dashboard metric alert budget cost",
            "python sql spark kafka airflow dbt duckdb polars pandas warehouse lake stream",
            "today yesterday week month year first second next last again also only just",
            "really actually basically right okay yeah so um uh you know I mean like",
        )
    ).split()
)
SYLLABLES = _words(
    "ka lo mi ren tor vel sa qui bra nex dol fen gri hum jas pol zu tri wen yor "
    "ba ce di fo gu ha ji ke li mo nu pa re si tu vo we xi ya zo an el in on un"
)
HANZI = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
    "二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
    "条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
)
KANA = "のはをにでがとてもからまでよりへやかなしたりするいるあるなるれるられ"
KATAKANA = (
    "データ",
    "パイプライン",
    "クエリ",
    "モデル",
    "サーバー",
    "キャッシュ",
    "ダッシュボード",
)


class Speech:
    """The words transcripts are drawn from: the common words above and 20,000 made-up
    ones, ranked at random and drawn by Zipf's law (the word of rank r as often as 1/r)."""

    def __init__(self, rng: random.Random, size: int = 20_000) -> None:
        made: set[str] = set()
        while len(made) < size:
            made.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
        self.made = made
        invented = sorted(made)
        rng.shuffle(invented)  # which made-up words are common is left to chance
        self.vocabulary = list(COMMON) + invented
        cumulative, total = [], 0.0
        for rank in range(len(self.vocabulary)):
            total += 1 / (rank + 1)
            cumulative.append(total)
        self.cumulative = cumulative

    def english(self, rng: random.Random, words: int) -> str:
        """``words`` words as sentences of 8 to 16 words."""
        return _sentences(rng.choices(self.vocabulary, cum_weights=self.cumulative, k=words))

    @staticmethod
    def cjk(rng: random.Random, *, japanese: bool, parts: int = 45, phrase: str = "") -> str:
        """Chinese (or Japanese, with kana between the words) of ``parts`` words, with
        ``phrase`` somewhere in it."""
        said = []
        for _ in range(parts):
            if japanese and rng.random() < 0.3:
                said.append(rng.choice(KATAKANA))
            else:
                said.append("".join(rng.choice(HANZI) for _ in range(rng.randint(1, 3))))
            if japanese:
                said.append(rng.choice(KANA))
            if rng.random() < 0.12:
                said.append("。" if not japanese or rng.random() < 0.5 else "、")
        if phrase:
            said.insert(rng.randrange(len(said)), phrase)
        return "".join(said) + "。"


def _sentences(words: list[str]) -> str:
    out, start = [], 0
    while start < len(words):
        end = min(len(words), start + 8 + (start * 7) % 9)
        sentence = " ".join(words[start:end])
        out.append(sentence[:1].upper() + sentence[1:] + ".")
        start = end
    return " ".join(out)


def _language(spoken: int) -> str | None:
    """The language of the ``spoken``-th transcript: one in ``CJK_EVERY`` is not English."""
    if spoken % CJK_EVERY != CJK_EVERY // 2:
        return None
    return "ja" if (spoken // CJK_EVERY) % 2 else "zh"


def make_transcript_vtt(
    rng: random.Random,
    speech: Speech,
    voices: list[str],
    *,
    language: str | None = None,
    minutes: int = TRANSCRIPT_MINUTES,
) -> str:
    """A WebVTT transcript of ``minutes``: a cue every three to five seconds, in turns of
    the speakers (``<v Name>``), with three to five ``NOTE Chapter:`` headings."""
    end_ms = minutes * 60_000
    starts, at = [], 0
    while at < end_ms:
        starts.append(at)
        at += rng.randint(*CUE_MS)
    chapters = dict.fromkeys([0, *rng.sample(range(1, len(starts)), k=rng.randint(2, 4))])
    titles = iter(rng.sample(HEADINGS, k=len(chapters)))
    for index in sorted(chapters):
        chapters[index] = next(titles)
    lines = ["WEBVTT", ""]
    voice, turn = 0, rng.randint(10, 60)
    for index, start in enumerate(starts):
        if index in chapters:
            lines += [f"NOTE Chapter: {chapters[index]}", ""]
        end = min(end_ms, starts[index + 1] if index + 1 < len(starts) else end_ms)
        if language is None:
            words = max(1, round((end - start) / 1000 * WORDS_PER_SECOND))
            text = speech.english(rng, words)
        else:
            text = speech.cjk(rng, japanese=language == "ja", parts=(end - start) // 350)
        if turn == 0:
            voice, turn = (voice + 1) % len(voices), rng.randint(10, 60)
        turn -= 1
        lines += [f"{_vtt_time(start)} --> {_vtt_time(end)}", f"<v {voices[voice]}>{text}", ""]
    return "\n".join(lines)


def _vtt_time(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, ms = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{ms:03d}"


@dataclass(frozen=True, slots=True)
class Transcripts:
    """Each talk's cues (seconds, text), and words to search for (``search_speed.py``)."""

    cues: dict[str, list[tuple[int, str]]]
    rare_word: str
    cjk_word: str


def make_transcripts(
    slugs: list[str], seed: int, *, cues: int = 40, cue_seconds: int = 30, cue_words: int = 70
) -> Transcripts:
    """Cues for each of ``slugs`` as data (``search_speed.py`` adds them to the search
    documents itself): ``cues`` of ``cue_words`` words, ``cue_seconds`` apart; one talk
    in ``CJK_EVERY`` in Chinese or Japanese, with the word ``cjk_word`` in every cue."""
    rng = random.Random(seed)
    speech = Speech(rng)
    said: dict[str, list[tuple[int, str]]] = {}
    for number, slug in enumerate(slugs):
        if number % CJK_EVERY == CJK_EVERY // 2:
            japanese = (number // CJK_EVERY) % 2 == 1
            said[slug] = [
                (i * cue_seconds, speech.cjk(rng, japanese=japanese, phrase="数据管道"))
                for i in range(cues)
            ]
            continue
        said[slug] = [(i * cue_seconds, speech.english(rng, cue_words)) for i in range(cues)]
    counts: dict[str, int] = {}
    for talk in said.values():
        for word in {w for _, text in talk for w in re.findall(r"[a-z]+", text)}:
            counts[word] = counts.get(word, 0) + 1
    rare = min((word for word in counts if word in speech.made), key=lambda w: (counts[w], w))
    return Transcripts(said, rare, "管道")


def _writeup(rng: random.Random) -> str:
    """Markdown of 300 to 2000 words: sections of prose, lists, code and a table."""
    target = rng.randint(300, 2000)
    parts: list[str] = [_paragraph(rng)]
    words = len(parts[0].split())
    headings = iter(rng.sample(HEADINGS, k=len(HEADINGS)))
    while words < target:
        heading = next(headings, None) or f"Part {len(parts)}"
        parts.append(f"## {heading}")
        for _ in range(rng.randint(1, 3)):
            paragraph = _paragraph(rng)
            parts.append(paragraph)
            words += len(paragraph.split())
        roll = rng.random()
        if roll < 0.3:
            language, code = rng.choice(CODE_SNIPPETS)
            parts.append(f"```{language}\n{code}\n```")
            words += len(code.split())
        elif roll < 0.5:
            parts.append(_table(rng))
            words += 30
        elif roll < 0.7:
            parts.append("\n".join(f"- {_sentence(rng, 4, 12)}" for _ in range(rng.randint(3, 6))))
            words += 30
        elif roll < 0.8:
            parts.append(f"> {_sentence(rng, 10, 25)}")
            words += 15
    return "\n\n".join(parts) + "\n"


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, 8, 24) for _ in range(rng.randint(2, 6)))


def _sentence(rng: random.Random, shortest: int, longest: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(shortest, longest))]
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words)), f"`{rng.choice(TAGS)}`")
    if rng.random() < 0.1:
        words.append(f"([docs](https://docs.example/{rng.choice(TAGS)}))")
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _table(rng: random.Random) -> str:
    rows = [
        f"| {rng.choice(TAGS)} | {rng.randint(1, 900)} ms | {rng.randint(1, 90)} ms "
        f"| {rng.randint(2, 40)}x |"
        for _ in range(rng.randint(3, 7))
    ]
    return "\n".join(["| Step | Before | After | Speed-up |", "|---|---:|---:|---:|", *rows])


def _notebook(rng: random.Random) -> str:
    """A saved notebook: a heading, and a code cell with a text and a PNG chart output."""
    values = [rng.randint(5, 100) for _ in range(rng.randint(4, 8))]
    text = "\n".join(f"{rng.choice(TAGS):<14} {value:>4}" for value in values)
    chart = base64.b64encode(_chart_png(values)).decode("ascii")
    cells = [
        nbformat.v4.new_markdown_cell(f"# {rng.choice(OBJECTS).capitalize()}"),
        nbformat.v4.new_code_cell(
            CODE_SNIPPETS[0][1],
            execution_count=1,
            outputs=[
                nbformat.v4.new_output("stream", name="stdout", text=text + "\n"),
                nbformat.v4.new_output(
                    "display_data",
                    data={"image/png": chart, "text/plain": "<Figure size 240x120>"},
                ),
            ],
        ),
    ]
    for number, cell in enumerate(cells, 1):
        cell["id"] = f"cell-{number}"  # nbformat draws random ids otherwise
    notebook = nbformat.v4.new_notebook(cells=cells, metadata={})
    return str(nbformat.writes(notebook))


def _chart_png(values: list[int]) -> bytes:
    """A small bar chart, a few hundred bytes of PNG."""
    image = Image.new("RGB", (240, 120), "white")
    draw = ImageDraw.Draw(image)
    width = 240 // len(values)
    for index, value in enumerate(values):
        left = index * width + 4
        draw.rectangle((left, 115 - value, left + width - 8, 115), fill=PALETTE[0])
    out = BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _pdf(rng: random.Random, title: str) -> bytes:
    """Slides of one to three small pages: a title, a few bars, some lines of text."""
    pages = []
    for number in range(1, rng.randint(1, 3) + 1):
        page = Image.new("RGB", (320, 180), "white")
        draw = ImageDraw.Draw(page)
        colour = rng.choice(PALETTE)
        draw.rectangle((0, 0, 320, 28), fill=colour)
        draw.text((10, 8), title if number == 1 else f"{title} ({number})", fill="white")
        for row in range(rng.randint(2, 5)):
            top = 44 + row * 24
            draw.rectangle((10, top, 10 + rng.randint(40, 290), top + 14), fill=colour)
        pages.append(page)
    out = BytesIO()
    pages[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=72.0,
        quality=60,
        title=title,
        creationDate=PDF_DATE,
        modDate=PDF_DATE,
    )
    return out.getvalue()


def _png(rng: random.Random) -> bytes:
    """A valid 1x1 PNG of a random colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    pixel = bytes([0, rng.randrange(256), rng.randrange(256), rng.randrange(256)])
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixel))
        + chunk(b"IEND", b"")
    )


def _write_yaml(path: Path, data: object) -> None:
    path.write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None),
        encoding="utf-8",
    )
