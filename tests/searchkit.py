"""A small archive for the tests of Showcase's search, which the plugin builds.

Its talks carry what search must handle: speakers whose names have accents Pagefind folds
(Tomáš, Zoë, José) and one it does not (Łukasiewicz), a transcript heading and a slide
heading to link hits to, a writeup in Chinese, a writeup quoting HTML, and a word
(``quokka``) said in one talk's summary, which the listings repeat.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from contentkit import ContentKit
from sitekit import write_project

#: Text in Chinese, long enough that the talk is indexed as Chinese.
CHINESE = (
    "我们每个月都会举行演示日。今天我想谈谈数据管道的延迟，"  # noqa: RUF001
    "以及我们如何把仓库的查询时间缩短一半。首先是分区，然后是缓存，最后是监控。"  # noqa: RUF001
)

PEOPLE = {
    "tomas-novak": {"name": "Tomáš Novák"},
    "zoe-chen": {"name": "Zoë Chen"},
    "jose-ramirez": {"name": "José Ramírez"},
    "jan-lukasiewicz": {"name": "Jan Łukasiewicz"},
    "wang-wei": {"name": "Wang Wei"},
    "ana-lima": {"name": "Ana Lima"},
}

#: The Material palette of the demo: light by default, slate when the system is dark.
PALETTE = [
    {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "teal",
     "accent": "amber", "toggle": {"icon": "material/weather-night", "name": "Dark mode"}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "teal",
     "accent": "amber", "toggle": {"icon": "material/weather-sunny", "name": "Light mode"}},
]  # fmt: skip


def search_project(root: Path, *, material_search: bool = False) -> Path:
    """Write the archive and its ``mkdocs.yml``; return the configuration file. With
    ``material_search``, Material's search plugin is listed too (Showcase turns it off)."""
    kit = ContentKit(root / "content")
    kit.people(PEOPLE)
    kit.event("2025-05", {"date": "2025-05-15", "title": "May Demo Day"})
    kit.event("2026-10", {"date": "2026-10-15", "title": "October Demo Day"})
    kit.event("2026-12", {"date": "2026-12-17", "slots": 12})
    _talks(kit)
    config: dict[str, Any] = {
        "site_name": "Search Demo Days",
        "theme": {"name": "material", "font": False, "palette": PALETTE},
        "plugins": ["search", "showcase"] if material_search else ["showcase"],
    }
    return write_project(root, config=config)


def _talks(kit: ContentKit) -> None:
    kit.talk(
        "kafka-lag",
        {
            "title": "Taming consumer lag on the clickstream",
            "speakers": ["tomas-novak", "zoe-chen"],
            "event": "2026-10",
            "tags": ["streaming"],
            "summary": "How partition rebalancing cut the lag of our busiest topic.",
        },
        "We moved the consumers to cooperative rebalancing.\n\n"
        "## Transcript 12:40\n\n"
        "At this point we measured the zanzibar effect: lag doubled every night.\n\n"
        "## Slide 4\n\n"
        "A diagram of partitions, brokers and the zanzibar rebalance.\n",
    )
    kit.talk(
        "warehouse-bill",
        {
            "title": "Cutting the warehouse bill",
            "speakers": ["jose-ramirez"],
            "event": "2025-05",
            "tags": ["cost", "streaming"],
            "summary": "Three changes and a quokka-sized budget alert cut the bill by 38%.",
        },
        "Clustering, auto-suspend and one dashboard.\n",
    )
    kit.talk(
        "many-valued-logic",
        {
            "title": "Three-valued logic in SQL",
            "speakers": ["jan-lukasiewicz"],
            "event": "2026-10",
            "tags": ["sql"],
            "summary": "NULL is neither true nor false.",
        },
        "Why `WHERE x <> 1` leaves out the NULLs.\n",
    )
    kit.talk(
        "shu-ju-guan-dao",
        {
            "title": "数据管道的延迟",
            "speakers": ["wang-wei"],
            "event": "2026-10",
            "tags": ["streaming"],
        },
        CHINESE * 3 + "\n",
    )
    kit.talk(
        "quoting-html",
        {
            "title": "What not to paste into a page",
            "speakers": ["ana-lima"],
            "event": "2025-05",
            "tags": ["security"],
        },
        "Never paste `<img src=x onerror=window.__pwned=1>` into a writeup.\n",
    )
    for number in range(1, 13):
        kit.talk(
            f"demo-{number:02d}",
            {
                "title": f"Demo number {number}",
                "speakers": ["ana-lima"],
                "event": "2026-12",
                "summary": f"Routine demo {number} about the ordinary dashboard.",
            },
            "Nothing unusual.\n",
        )
