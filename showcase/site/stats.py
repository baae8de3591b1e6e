"""Figures about the archive and the charts that show them, drawn as inline SVG.

Figures are counted up to the last demo day held, not up to today: an archive whose
demo days ended years ago (a meetup's) shows its own last year, not an empty one; an
active team's page changes when a demo day has passed, not every morning.

Charts are drawn at build time so that the page needs no script and no request: each is
an ``<svg>`` whose colours come from the theme's CSS variables.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from showcase.model import Archive, Person, Talk

MONTHS_SHOWN = 24
TOP_TOPICS = 8
#: The opacity of the heat table's darkest cell (see ``heat_table``).
HEAT_DARKEST = 0.5


@dataclass(frozen=True, slots=True)
class PersonCount:
    person: Person
    last_year: int
    all_time: int


@dataclass(frozen=True, slots=True)
class Stats:
    #: The last demo day held (the last day of the window), or today if none was held.
    window_end: date
    #: The first day of the 12 months the "recent" figures count.
    window_start: date
    talks_per_month: tuple[tuple[date, int], ...]
    talks_per_year: tuple[tuple[int, int], ...]
    active: tuple[Person, ...]
    presented_last_year: tuple[Person, ...]
    per_person: tuple[PersonCount, ...]
    topic_years: tuple[int, ...]
    topics: tuple[tuple[str, tuple[int, ...]], ...]
    total_talks: int

    @property
    def share_presented(self) -> float:
        return len(self.presented_last_year) / len(self.active) if self.active else 0.0

    @property
    def not_presented(self) -> tuple[Person, ...]:
        done = {p.id for p in self.presented_last_year}
        return tuple(p for p in self.active if p.id not in done)


def compute_stats(archive: Archive) -> Stats:
    """Everything the stats page shows, counted over talks that were given, as of the
    last demo day held (talks are only ever given at one)."""
    given = archive.given_talks
    dated: list[tuple[Talk, date]] = [(t, d) for t in given if (d := archive.date_of(t))]
    end = max((d for _, d in dated), default=archive.today)
    year_ago = _year_before(end)

    per_month = Counter(date(d.year, d.month, 1) for _, d in dated)
    first = min(per_month, default=end.replace(day=1))
    months = [m for m in _last_months(end, MONTHS_SHOWN) if m >= first]
    per_year = Counter(d.year for _, d in dated)
    years = range(min(per_year), max(per_year) + 1) if per_year else range(0)

    active = tuple(
        p
        for p in sorted(archive.people.values(), key=lambda p: p.name.casefold())
        if not p.guest and not p.has_left(end) and (p.joined is None or p.joined <= end)
    )
    recent = Counter(pid for t, d in dated if d > year_ago for pid in t.speakers)
    overall = Counter(pid for t, _ in dated for pid in t.speakers)
    per_person = tuple(
        sorted(
            (PersonCount(p, recent[p.id], overall[p.id]) for p in active),
            key=lambda c: (-c.last_year, -c.all_time, c.person.name.casefold()),
        )
    )

    tag_totals = Counter(tag for t, _ in dated for tag in t.tags)
    top = [tag for tag, _ in sorted(tag_totals.items(), key=lambda kv: (-kv[1], kv[0]))]
    top = top[:TOP_TOPICS]
    # The last six years with talks: an archive with a gap of years (ChiPy's 2017 to
    # 2022) shows topics, not empty columns.
    topic_years = tuple(sorted(per_year))[-6:]
    by_tag_year = Counter((tag, d.year) for t, d in dated for tag in t.tags)
    topics = tuple((tag, tuple(by_tag_year[(tag, y)] for y in topic_years)) for tag in top)

    return Stats(
        window_end=end,
        window_start=year_ago + timedelta(days=1),
        talks_per_month=tuple((m, per_month[m]) for m in months),
        talks_per_year=tuple((y, per_year[y]) for y in years),
        active=active,
        presented_last_year=tuple(p for p in active if recent[p.id]),
        per_person=per_person,
        topic_years=topic_years,
        topics=topics,
        total_talks=len(dated),
    )


def _year_before(day: date) -> date:
    """The same day a year earlier (28 February for a 29th)."""
    return day.replace(year=day.year - 1, day=28 if (day.month, day.day) == (2, 29) else day.day)


def _last_months(end: date, count: int) -> list[date]:
    months = []
    year, month = end.year, end.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


# Charts -------------------------------------------------------------------------------


def column_chart(values: list[tuple[str, int]], label: str, every: int = 1) -> str:
    """Vertical bars with a label under every ``every``-th column."""
    width, height, bottom, top, side = 720, 200, 28, 18, 24
    peak = max((v for _, v in values), default=0) or 1
    step = (width - 2 * side) / max(len(values), 1)
    bar = max(step * 0.7, 1)
    parts = [_svg_open(width, height, label)]
    for i, (name, value) in enumerate(values):
        x = side + i * step + (step - bar) / 2
        h = (height - bottom - top) * value / peak
        y = height - bottom - h
        parts.append(
            f'<rect class="sc-chart__bar" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" '
            f'height="{h:.1f}"><title>{escape(name)}: {value}</title></rect>'
        )
        if value:
            parts.append(
                f'<text class="sc-chart__value" x="{x + bar / 2:.1f}" y="{y - 4:.1f}" '
                f'text-anchor="middle">{value}</text>'
            )
        if i % every == 0:
            parts.append(
                f'<text class="sc-chart__label" x="{x + bar / 2:.1f}" y="{height - 10}" '
                f'text-anchor="middle">{escape(name)}</text>'
            )
    parts.append(_SVG_CLOSE)
    return "".join(parts)


def bar_chart(
    rows: list[tuple[str, int, int]], label: str, recent_words: str = "in the last 12 months"
) -> str:
    """Horizontal bars, two per row: the recent 12 months (strong) and all time (light)."""
    row_height, name_width, width = 22, 170, 720
    height = row_height * len(rows) + 8
    peak = max((total for _, _, total in rows), default=0) or 1
    span = width - name_width - 40
    parts = [_svg_open(width, height, label)]
    for i, (name, recent, total) in enumerate(rows):
        y = 4 + i * row_height
        parts.append(
            f'<text class="sc-chart__label" x="{name_width - 8}" y="{y + 15}" '
            f'text-anchor="end">{escape(name)}</text>'
        )
        parts.append(
            f'<rect class="sc-chart__bar sc-chart__bar--light" x="{name_width}" y="{y + 3}" '
            f'width="{span * total / peak:.1f}" height="16"><title>{escape(name)}: '
            f"{total} in all</title></rect>"
        )
        parts.append(
            f'<rect class="sc-chart__bar" x="{name_width}" y="{y + 3}" '
            f'width="{span * recent / peak:.1f}" height="16"><title>{escape(name)}: '
            f"{recent} {escape(recent_words)}</title></rect>"
        )
        parts.append(
            f'<text class="sc-chart__value" x="{name_width + span * total / peak + 6:.1f}" '
            f'y="{y + 15}">{recent} / {total}</text>'
        )
    parts.append(_SVG_CLOSE)
    return "".join(parts)


def heat_table(stats: Stats, label: str) -> str:
    """Topics by year: one cell per topic and year, darker for more talks."""
    years, rows = stats.topic_years, stats.topics
    cell_w, cell_h, name_width = 64, 24, 150
    width = name_width + cell_w * len(years) + 4
    height = cell_h * (len(rows) + 1) + 4
    peak = max((n for _, counts in rows for n in counts), default=0) or 1
    parts = [_svg_open(width, height, label)]
    for j, year in enumerate(years):
        parts.append(
            f'<text class="sc-chart__label" x="{name_width + j * cell_w + cell_w / 2}" '
            f'y="16" text-anchor="middle">{year}</text>'
        )
    for i, (tag, counts) in enumerate(rows):
        y = cell_h * (i + 1)
        parts.append(
            f'<text class="sc-chart__label" x="{name_width - 8}" y="{y + 16}" '
            f'text-anchor="end">#{escape(tag)}</text>'
        )
        for j, count in enumerate(counts):
            # At most half the theme's colour: the number on the darkest cell is the
            # page's text colour, and must read on it in light and dark schemes alike.
            opacity = 0.08 + (HEAT_DARKEST - 0.08) * count / peak if count else 0.04
            parts.append(
                f'<rect class="sc-chart__cell" x="{name_width + j * cell_w + 2}" y="{y + 2}" '
                f'width="{cell_w - 4}" height="{cell_h - 4}" fill-opacity="{opacity:.2f}">'
                f"<title>#{escape(tag)}, {years[j]}: {count}</title></rect>"
            )
            if count:
                parts.append(
                    f'<text class="sc-chart__value sc-chart__value--cell" '
                    f'x="{name_width + j * cell_w + cell_w / 2}" '
                    f'y="{y + 16}" text-anchor="middle">{count}</text>'
                )
    parts.append(_SVG_CLOSE)
    return "".join(parts)


def _svg_open(width: float, height: float, label: str) -> str:
    # Drawn at its natural width, never smaller: a chart shrunk to a phone's width would
    # shrink its 11px labels with it (to 5px at 390px). Where it does not fit, its box
    # scrolls sideways, like Material's tables; a box that scrolls takes the focus, so
    # that it scrolls from the keyboard too.
    return (
        f'<div class="sc-chart-box" tabindex="0">'
        f'<svg class="sc-chart" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'style="max-width: {width:.0f}px; min-width: {width:.0f}px" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(label)}</title>"
    )


_SVG_CLOSE = "</svg></div>"
