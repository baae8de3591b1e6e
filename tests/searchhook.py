"""An MkDocs hook for tests: the search bundle of a built Showcase site.

Until the MkDocs adapter publishes the site plan's search documents, a test site names
this file in ``hooks:`` (and leaves Material's ``search`` plugin out). After the build it
makes one ``SearchDocument`` per page of the built site and calls ``build_search`` into
``site/search/``, as the adapter will:

- a talk: its title, speakers, date and demo day from the model; its text from its page;
  a section for each heading with an ``id`` (a heading "Transcript 12:40" is labelled
  "transcript 12:40"); weight 1; its shard the year of its demo day;
- every other page (home, people, events, topics, listings): its page's text, weight 0.3,
  in the shard ``pages``.

``SEARCH_CACHE`` (beside ``mkdocs.yml``) is the search cache; the numbers of the build go to
``search-build.json`` beside it, for tests to read.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag

from showcase.loader import load_archive
from showcase.search import SearchDocument, Section, build_search

SEARCH_CACHE = ".cache/search"
LISTING_WEIGHT = 0.3
_KINDS = {"people": "person", "events": "event", "topics": "topic"}
#: The folders of the site's pages (the rest is assets, media and the search bundle).
_SECTIONS = {"talks", "people", "events", "topics", "archive", "schedule", "stats"}


def on_post_build(config: Any) -> None:
    site = Path(config["site_dir"])
    project = Path(config["config_file_path"]).parent
    archive = load_archive(Path(config["docs_dir"]), today=os.environ.get("SHOWCASE_TODAY")).archive
    documents = [
        document
        for path in sorted(site.rglob("*.html"))
        if (document := _document(site, path, archive)) is not None
    ]
    made = build_search(documents, site / "search", project / SEARCH_CACHE)
    record = {key: str(value) for key, value in asdict(made).items()}
    (project / "search-build.json").write_text(json.dumps(record, indent=1), encoding="utf-8")


def _document(site: Path, path: Path, archive: Any) -> SearchDocument | None:
    relative = path.relative_to(site).as_posix()
    if relative != "index.html" and relative.split("/", 1)[0] not in _SECTIONS:
        return None
    url = relative.removesuffix("index.html")
    article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(
        "article.md-content__inner"
    )
    if article is None:
        return None
    for permalink in article.select("a.headerlink"):
        permalink.decompose()
    heading = article.find("h1")
    title = heading.get_text(" ", strip=True) if heading else url
    if heading:
        heading.decompose()
    parts = url.split("/")
    if parts[0] == "talks" and len(parts) == 3 and parts[1] in archive.talks:
        return _talk(url, archive, archive.talks[parts[1]], article)
    kind = _KINDS.get(parts[0], "page") if len(parts) == 3 else "page"
    return SearchDocument(
        url=url,
        title=title,
        kind=kind,
        text=article.get_text(" ", strip=True),
        weight=LISTING_WEIGHT,
        shard="pages",
    )


def _talk(url: str, archive: Any, talk: Any, article: Tag) -> SearchDocument:
    sections = []
    taken: list[Tag] = []
    for heading in article.find_all(["h2", "h3"]):
        anchor = heading.get("id")
        if not isinstance(anchor, str):
            continue
        body = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            body.append(sibling)
        label = heading.get_text(" ", strip=True)
        if label.lower().startswith("transcript"):
            label = label[:1].lower() + label[1:]
        text = " ".join(element.get_text(" ", strip=True) for element in body)
        sections.append(Section(anchor, label, text))
        taken.extend([heading, *body])
    for element in taken:
        element.extract()  # what a section holds is not the talk's main text as well
    event = archive.events.get(talk.event) if talk.event else None
    speakers = ", ".join(
        archive.people[pid].name if pid in archive.people else pid for pid in talk.speakers
    )
    meta = {"speakers": speakers}
    if event is not None:
        meta["date"] = f"{event.date:%-d %B %Y}"
        meta["event"] = event.display_title
    return SearchDocument(
        url=url,
        title=talk.title,
        kind="talk",
        text=article.get_text(" ", strip=True),
        sections=tuple(sections),
        meta=meta,
        shard=str(event.date.year) if event is not None else "proposals",
    )
