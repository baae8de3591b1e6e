"""The ``showcase`` command: check content, scaffold talks, propose speakers."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from showcase.eventfile import EventEdit, EventFileError, prepare_speakers, write_all
from showcase.loader import LoadResult, load_archive
from showcase.lookalikes import lookalike_problems
from showcase.model import Archive
from showcase.organizer import ANNOUNCE_FORMATS, DEFAULT_DAYS, STATUS_FORMATS
from showcase.problems import Problem, did_you_mean, person_hint
from showcase.report import FORMATS, Counts, render
from showcase.rotation import EventPlan, Rotation, Status, plan_rotation
from showcase.scaffold import (
    ScaffoldError,
    TalkRequest,
    create_talk,
    event_notes,
    event_problem,
    speaker_problems,
    title_problem,
)
from showcase.settings import Settings, TodayError, resolve_today
from showcase.site.links import Linker
from showcase.siteconfig import SiteConfig, find_site_config, read_site_config
from showcase.version import installed_version

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
DEFAULT_CONTENT = "content"
DEFAULT_CONFIG = "mkdocs.yml"
CONTENT_HELP = f"the content folder (default: docs_dir of {DEFAULT_CONFIG}, else {DEFAULT_CONTENT})"


class UsageError(Exception):
    """Bad arguments or environment: exit 2 with the message."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    command: Callable[[argparse.Namespace], int] = args.run
    try:
        return command(args)
    except (UsageError, TodayError) as exc:
        print(f"showcase {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`showcase rotation | head`): no traceback, and no second
        # error when Python flushes standard output on the way out.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="showcase",
        description="Check, scaffold and schedule the talks of a team's monthly demo day.",
    )
    parser.add_argument("--version", action="version", version=f"showcase {installed_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = sub.add_parser(
        "init",
        help="start a new archive: mkdocs.yml, content, workflows, README",
        description="Create a new demo-day archive in DIR (default: this folder): "
        "mkdocs.yml, a content folder with one person, next month's demo day and an "
        "example talk, the workflows that check pull requests and publish to GitHub Pages, "
        "and a README for the team. Asks for what is missing when run in a terminal; never "
        "overwrites a file.",
    )
    init.add_argument("folder", nargs="?", default=".", metavar="DIR")
    init.add_argument("--name", help='the site\'s name, e.g. "Data Team Demo Days"')
    init.add_argument(
        "--url", help="the site's address, e.g. https://ORG.github.io/REPO/ (can be set later)"
    )
    init.add_argument(
        "--timezone", metavar="ZONE", help="IANA time zone of the demo days, e.g. Europe/Berlin"
    )
    init.add_argument(
        "--organizer",
        metavar="NAME",
        help="the first person on the roster, who hosts the first demo day "
        "(default: git's user.name)",
    )
    init.add_argument(
        "--requirement",
        metavar="LINE",
        help="how the workflows install Showcase, as a line of requirements.txt (default: "
        "as it was installed here: a Git or web address, or a copy of a local wheel)",
    )
    init.add_argument(
        "--today", metavar="YYYY-MM-DD", help="the date the first demo day is planned from"
    )
    init.set_defaults(run=_run_init)

    check = sub.add_parser(
        "check",
        help="report every problem in a content folder",
        description="Report every problem in a content folder, with its file and line.",
    )
    check.add_argument(
        "content",
        nargs="?",
        default=None,
        metavar="CONTENT_DIR",
        help=CONTENT_HELP,
    )
    check.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text for people, github for pull-request annotations, json for tools",
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    _add_common(check)
    check.set_defaults(run=_run_check)

    new = sub.add_parser(
        "new",
        help="create the folder and index.md of a new talk",
        description="Create talks/SLUG/index.md for a new talk. Asks for what is missing "
        "when run in a terminal.",
    )
    new.add_argument("--title", help="the talk's title")
    new.add_argument(
        "--speaker",
        "-s",
        action="append",
        dest="speakers",
        metavar="ID",
        help="a speaker's person id from people.yml (repeat for several, or separate with commas)",
    )
    new.add_argument(
        "--event",
        metavar="YYYY-MM",
        help="the demo day it is for; `none` proposes it without a date",
    )
    new.add_argument("--slug", help="the folder name (default: from the event and title)")
    new.add_argument(
        "--content",
        default=None,
        metavar="CONTENT_DIR",
        help=CONTENT_HELP,
    )
    _add_common(new)
    new.set_defaults(run=_run_new)

    generate = sub.add_parser(
        "generate",
        help="write the site as a standalone project for any generator",
        description="Write the whole site (pages, attachments, calendars, feed, theme "
        "overrides and an mkdocs.yml without the showcase plugin) into OUT, a new folder, "
        "so that plain MkDocs, ProperDocs or Zensical publishes it as it is.",
    )
    generate.add_argument("out", metavar="OUT", help="the folder to write (new or empty)")
    _add_common(generate)
    generate.set_defaults(run=_run_generate)

    rotation = sub.add_parser(
        "rotation",
        help="propose speakers for the upcoming demo days",
        description="Propose speakers for the open slots of every upcoming demo day, "
        "with the reason each comes first; --write adds them to the events' `speakers:`.",
    )
    rotation.add_argument(
        "content",
        nargs="?",
        default=None,
        metavar="CONTENT_DIR",
        help=CONTENT_HELP,
    )
    action = rotation.add_mutually_exclusive_group()
    action.add_argument(
        "--write",
        action="store_true",
        help="add the proposals to `speakers:` in events/YYYY-MM.yml, changing nothing else",
    )
    action.add_argument(
        "--explain",
        metavar="ID",
        help="say for each upcoming event why this person is or is not proposed",
    )
    _add_common(rotation)
    rotation.set_defaults(run=_run_rotation)
    _add_announce(sub)
    _add_status(sub)
    return parser


def _add_announce(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    announce = sub.add_parser(
        "announce",
        help="write the announcement of the next demo day (Markdown, e-mail or Slack)",
        description="Write the announcement of a demo day from the content: when and where, "
        "the running order with links to the talk pages, open slots with the rotation's "
        "proposals. Prints it, or writes it to --out. Sends nothing.",
    )
    announce.add_argument(
        "event", nargs="?", metavar="EVENT", help="YYYY-MM (default: the next demo day)"
    )
    announce.add_argument(
        "--format",
        choices=ANNOUNCE_FORMATS,
        default="markdown",
        help="markdown (default), email (a whole message with an invitation) or slack "
        "(Block Kit JSON for an incoming webhook)",
    )
    announce.add_argument("--reminder", action="store_true", help="the reminder for the day before")
    announce.add_argument(
        "--to",
        action="append",
        metavar="WHO",
        help="an e-mail address or a person id with an `email:` (repeat, or separate with "
        "commas; default: the plugin's `announce_to`); for --format email",
    )
    announce.add_argument(
        "--from",
        dest="sender",
        metavar="ADDRESS",
        help='the sender, like "Demo Days <demo@example.com>" (default: the plugin\'s '
        "`announce_from`); for --format email",
    )
    announce.add_argument("--out", metavar="FILE", help="write it to FILE, a new file")
    announce.add_argument("--force", action="store_true", help="let --out replace a file")
    announce.add_argument(
        "--record",
        action="store_true",
        help="write what was announced (date, time, place) into the event's file as "
        "`announced:`, so that later changes show on the schedule and in calendars",
    )
    announce.add_argument("--content", default=None, metavar="CONTENT_DIR", help=CONTENT_HELP)
    _add_common(announce)
    announce.set_defaults(run=_run_announce)


def _add_status(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    status = sub.add_parser(
        "status",
        help="list what organizers must chase (always exits 0)",
        description="List what organizers must chase: talks without slides or recording "
        "after their demo day, open slots and the rotation's proposals, listed speakers "
        "without a talk, old drafts, people back from being away soon. Always exits 0.",
    )
    status.add_argument(
        "content", nargs="?", default=None, metavar="CONTENT_DIR", help=CONTENT_HELP
    )
    status.add_argument(
        "--format",
        choices=STATUS_FORMATS,
        default="text",
        help="text, json for tools, github for the body of an issue",
    )
    status.add_argument(
        "--days",
        type=_days,
        default=DEFAULT_DAYS,
        metavar="N",
        help=f"days after a demo day before missing slides or recordings are listed "
        f"(default: {DEFAULT_DAYS})",
    )
    _add_common(status)
    status.set_defaults(run=_run_status)


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of days, got `{value}`"
        ) from None
    if days < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more days, got {days}")
    return days


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="MKDOCS_YML",
        help="read the showcase plugin's options from this file "
        f"(default: {DEFAULT_CONFIG} when present)",
    )
    parser.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="the date to judge past and upcoming by (default: $SHOWCASE_TODAY, else the "
        "plugin's `today` in mkdocs.yml, else the real date)",
    )


@dataclass(frozen=True, slots=True)
class _Inputs:
    """What a command reads, settled once from its options, ``mkdocs.yml`` and defaults."""

    content: Path
    #: The content folder as problems and messages name it.
    prefix: str
    settings: Settings
    today: date
    layout: Linker
    #: ``mkdocs.yml`` as read (an empty one when there is none).
    site: SiteConfig


def _inputs(args: argparse.Namespace, content: str | None) -> _Inputs:
    """The folder given, else ``docs_dir`` of the nearest ``mkdocs.yml`` (this folder or
    the first above it that has one, as git finds its repository), else ``./content``; and
    today, in ``resolve_today``'s order (``--today``, ``SHOWCASE_TODAY``, the plugin's
    ``today``)."""
    config = _config_path(args)
    site = _site_config(config)
    if content is not None:
        path, origin, prefix = Path(content), "", content.rstrip("/") or content
    elif config is not None and site.content_dir is not None:
        path = site.content_dir
        origin = f" (docs_dir in {_shown(config)})"
        prefix = _shown(path)
    elif config is None and Path(DEFAULT_CONTENT).is_dir():
        path, origin, prefix = Path(DEFAULT_CONTENT), "", DEFAULT_CONTENT
    elif config is None:
        raise UsageError(
            f"no {DEFAULT_CONFIG} in {Path.cwd()} or any folder above it, and no "
            f"`{DEFAULT_CONTENT}` folder here: run this inside an archive, name its content "
            "folder, or start one with `showcase init`"
        )
    else:
        raise UsageError(f"docs_dir in {_shown(config)} is not a folder name")
    if not path.is_dir():
        raise UsageError(f"content folder `{prefix}` does not exist{origin}")
    today = resolve_today(args.today, site.today)
    layout = Linker(directory_urls=site.directory_urls)
    return _Inputs(path, prefix, site.settings, today, layout, site)


def _config_path(args: argparse.Namespace) -> Path | None:
    """``--config``, else the nearest ``mkdocs.yml`` from this folder up, else None."""
    if args.config:
        path = Path(args.config)
        if not path.is_file():
            raise UsageError(f"{args.config} does not exist")
        return path
    found = find_site_config(Path.cwd())
    return Path(_shown(found)) if found is not None else None


def _site_config(path: Path | None) -> SiteConfig:
    if path is None:
        return SiteConfig(content_dir=None, settings=Settings())
    try:
        return read_site_config(path)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _shown(path: Path) -> str:
    """``path`` as a person in this folder would type it: relative when it can be."""
    return os.path.relpath(path.resolve())


def _load(inputs: _Inputs) -> LoadResult:
    return load_archive(
        inputs.content,
        today=inputs.today,
        settings=inputs.settings,
        include_drafts=True,
        layout=inputs.layout,
    )


# check --------------------------------------------------------------------------------


def _run_check(args: argparse.Namespace) -> int:
    inputs = _inputs(args, args.content)
    result = _load(inputs)
    # A roster review only check makes: see showcase.lookalikes for why the build does not.
    lookalikes = lookalike_problems(result.archive.people)
    media = _check_recordings(result, inputs)
    problems = tuple(sorted((*result.problems, *lookalikes, *media), key=Problem.sort_key))
    result = replace(result, problems=problems)
    print(render(args.format, result.problems, Counts.of(result), inputs.prefix))
    if result.errors or (args.strict and result.warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


def _check_recordings(result: LoadResult, inputs: _Inputs) -> list[Problem]:
    """What reading the recordings and transcripts finds (``check_recordings``), kept in
    the site's cache for the build; in a throwaway one without ``mkdocs.yml``."""
    # Only a content folder with recordings or transcripts needs the attachments' code.
    if not any(talk.media for talk in result.archive.talks.values()):
        return []
    from showcase.attachments import Cache
    from showcase.attachments.recordings import check_recordings

    # The build's options: they are part of each rendering's cache key, and the time limit.
    options = inputs.site.attachment_options()
    if inputs.site.cache_dir is not None:
        cache = Cache(inputs.site.cache_dir)
        return check_recordings(result.archive, inputs.content, cache, options)
    with tempfile.TemporaryDirectory(prefix="showcase-check-") as folder:
        return check_recordings(result.archive, inputs.content, Cache(Path(folder)), options)


# new ----------------------------------------------------------------------------------


def _run_new(args: argparse.Namespace) -> int:
    inputs = _inputs(args, args.content)
    content = inputs.content
    archive = _load(inputs).archive
    slots = inputs.settings.default_slots
    interactive = sys.stdin.isatty()
    # In a terminal each answer is checked as it is given and asked again when wrong;
    # options given on the command line are checked with the rest, all problems at once.
    title = args.title
    if title is None:
        title = _ask_until(interactive, "Title", "--title", title_problem)
    speakers = _split_ids(args.speakers)
    if not speakers:
        speakers = _ask_speakers(archive, interactive)
    event = args.event
    if event is None:
        event = _ask_event(archive, slots, interactive)
    event = _no_event(event)
    while True:
        request = TalkRequest(title=title, speakers=tuple(speakers), event=event, slug=args.slug)
        try:
            index = create_talk(request, archive, content, default_slots=slots)
        except ScaffoldError as exc:
            reasons = str(exc).splitlines()
            taken = [r for r in reasons if "already exists" in r]
            if interactive and args.title is None and args.slug is None and reasons == taken:
                # Only the folder is in the way: another title makes another folder.
                print(f"  {reasons[0]}; try again.", file=sys.stderr)
                title = _ask_until(interactive, "Title", "--title", title_problem)
                continue
            for reason in reasons:
                print(f"showcase new: {reason}", file=sys.stderr)
            return EXIT_PROBLEMS
        break
    for note in event_notes(event, request.speakers, archive, slots):
        print(f"showcase new: note: {note}", file=sys.stderr)
    print(f"Created {_shown(index)}")
    print("Next: write the talk in index.md, put slides and notebooks beside it, then run")
    print(f"  showcase check{'' if args.content is None else ' ' + shlex.quote(inputs.prefix)}")
    config = _config_path(args)
    here = config is None or config.parent.resolve() == Path.cwd().resolve()
    print("  mkdocs serve" + ("" if here else f" -f {shlex.quote(str(config))}"))
    return EXIT_OK


#: A roster this long or shorter is listed in the speaker prompt itself.
ROSTER_IN_PROMPT = 12


def _no_event(answer: str | None) -> str | None:
    """The event asked for, or ``None`` for a talk proposed without a date."""
    if answer is None or answer.strip().lower() in ("", "none", "-"):
        return None
    return answer.strip()


def _ask_until(
    interactive: bool,
    prompt: str,
    option: str,
    problem: Callable[[str], str | None],
    default: str | None = None,
) -> str:
    """Ask until ``problem`` finds nothing wrong with the answer."""
    while True:
        answer = _ask(prompt, interactive, option, default=default)
        found = problem(answer)
        if found is None:
            return answer
        print(_try_again(found), file=sys.stderr)


def _try_again(problem: str, default: str | None = None) -> str:
    """A problem with an answer, as a sentence that asks for another one."""
    sentence = f"  {problem[0].upper()}{problem[1:]}"
    sentence += " Try again" if sentence.endswith(("?", ".")) else "; try again"
    return sentence + (f" (Enter takes {default})." if default else ".")


def _ask_speakers(archive: Archive, interactive: bool) -> list[str]:
    """Speaker ids, each checked as given: an unknown one is named with the person it may
    mean, and the question comes again with the corrected list as its default. ``?`` lists
    the roster, ``text?`` the people whose id or name starts with ``text``."""
    people = archive.people
    if len(people) <= ROSTER_IN_PROMPT:
        prompt = f"Speaker ids, comma-separated ({', '.join(people)})"
    else:
        prompt = (
            f"Speaker ids, comma-separated ({len(people)} people: `?` lists them all, "
            "the start of a name or id and `?` those that match)"
        )
    default: str | None = None
    while True:
        answer = _ask(prompt, interactive, "--speaker", default=default)
        ids = _split_ids([answer])
        queries = [pid for pid in ids if pid.endswith("?")]
        if answer.strip() == "?" or queries:
            for query in queries or ["?"]:
                print(_roster_listing(archive, query[:-1]), file=sys.stderr)
            continue
        problems = speaker_problems(ids, archive)
        if not problems:
            return ids
        corrected = [_suggested(pid, archive) for pid in ids]
        default = ", ".join(pid for pid in corrected if pid) or None
        for found in problems[:-1]:
            print(f"  {found[0].upper()}{found[1:]}", file=sys.stderr)
        print(_try_again(problems[-1], default and f"[{default}]"), file=sys.stderr)


def _suggested(pid: str, archive: Archive) -> str | None:
    """``pid`` when it is on the roster, else the one person it most likely means."""
    if pid in archive.people:
        return pid
    names = {key: person.name for key, person in archive.people.items()}
    hint = person_hint(pid, names)
    if hint.startswith("; did you mean `") and " one of " not in hint:
        return hint.split("`")[1]
    return None


def _roster_listing(archive: Archive, start: str) -> str:
    """The people whose id, name or a word of their name starts with ``start``."""
    wanted = start.strip().casefold()
    found = [
        (pid, person.name)
        for pid, person in archive.people.items()
        if pid.startswith(wanted)
        or any(word.startswith(wanted) for word in person.name.casefold().split())
    ]
    if not found:
        return f"  Nobody's id or name starts with `{start}`."
    width = max(len(pid) for pid, _ in found)
    return "\n".join(f"  {pid:<{width}}  {name}" for pid, name in found)


def _ask_event(archive: Archive, default_slots: int, interactive: bool) -> str:
    """The demo day, checked as given (it exists, and has a slot if it is upcoming)."""
    open_events = archive.without_drafts().open_events(default_slots=default_slots)
    default = open_events[0].id if open_events else None
    listed = ", ".join(event.id for event in open_events[:4])
    prompt = "Event YYYY-MM" + (f" (open slots: {listed})" if listed else "")
    prompt += ", or `none` to propose the talk without a date"

    def problem(answer: str) -> str | None:
        return event_problem(_no_event(answer), archive, default_slots)

    return _ask_until(interactive, prompt, "--event", problem, default=default)


def _split_ids(values: list[str] | None) -> list[str]:
    ids: list[str] = []
    for value in values or []:
        ids.extend(part.strip() for part in value.split(",") if part.strip())
    return list(dict.fromkeys(ids))


def _ask(prompt: str, interactive: bool, option: str, default: str | None = None) -> str:
    if not interactive:
        raise UsageError(f"{option} is required when not run in a terminal")
    suffix = f" [{default}]" if default else ""
    try:
        answer = input(f"{prompt}{suffix}: ").strip()
    except EOFError:
        raise UsageError(f"{option} is required") from None
    return answer or (default or "")


# init ---------------------------------------------------------------------------------


def _run_init(args: argparse.Namespace) -> int:
    from showcase.starter import (
        ArchiveRequest,
        StarterError,
        create_archive,
        files_in_the_way,
        in_the_way_message,
        local_time_zone,
        organizer_problem,
        site_name_problem,
        timezone_problem,
        url_problem,
    )

    interactive = sys.stdin.isatty()
    folder = Path(args.folder)
    today = resolve_today(args.today)
    in_the_way = files_in_the_way(folder, today)
    if in_the_way:  # before any question: nothing would be written anyway
        print(f"showcase init: {in_the_way_message(in_the_way)}", file=sys.stderr)
        return EXIT_PROBLEMS
    default_name = f"{_title_words(folder.resolve().name)} Demo Days".strip()
    name = _answer(args.name, "Site name", "--name", default_name, site_name_problem)
    url = _answer(
        args.url,
        "Site address, e.g. https://ORG.github.io/REPO/ (empty: set it later)",
        "--url",
        "",
        url_problem,
    )
    zone = _answer(
        args.timezone,
        "Time zone of the demo days",
        "--timezone",
        local_time_zone(),
        timezone_problem,
    )
    organizer = _answer(
        args.organizer,
        "Organizer's name (the first person on the roster)",
        "--organizer",
        _git_user_name(),
        organizer_problem,
        ask_when_defaulted=interactive,
    )
    requirement = (args.requirement.strip(), "", None) if args.requirement else None
    request = ArchiveRequest(
        site_name=name,
        organizer=organizer,
        timezone=zone,
        site_url=url,
        today=today,
        requirement=requirement,
    )
    try:
        written = create_archive(folder, request)
    except StarterError as exc:
        for reason in str(exc).splitlines():
            print(f"showcase init: {reason}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Created a demo-day archive in {folder}: " + ", ".join(written.files))
    if written.requirement_note:
        print(f"Note: {written.requirement_note}")
    print("Next:")
    if folder != Path("."):
        print(f"  cd {shlex.quote(str(folder))}")
    print("  showcase check && mkdocs serve    # look at it (mkdocs serve prints the address)")
    if not (folder / ".git").exists():
        print("  git init -b main")
    print("  git add . && git commit -m 'Our demo-day archive'")
    print("  On GitHub: turn on Pages (Settings -> Pages -> Source: GitHub Actions), then push")
    print("  to main; if you pushed first, run Actions -> Publish again.")
    return EXIT_OK


def _answer(
    given: str | None,
    prompt: str,
    option: str,
    default: str,
    problem: Callable[[str], str | None],
    *,
    ask_when_defaulted: bool = True,
) -> str:
    """An option's value: as given (checked with the rest), else asked for in a terminal
    until the answer is right, else the default; a usage error when there is none."""
    if given is not None:
        return given
    if not sys.stdin.isatty() or not ask_when_defaulted:
        if not default and problem(default) is not None:
            raise UsageError(f"{option} is required when not run in a terminal")
        return default
    while True:
        answer = _ask(prompt, True, option, default=default or None)
        found = problem(answer)
        if found is None:
            return answer
        print(f"  {found[0].upper()}{found[1:]}; try again.", file=sys.stderr)


def _title_words(text: str) -> str:
    words = text.replace("-", " ").replace("_", " ").split()
    return " ".join(word[:1].upper() + word[1:] for word in words)


def _git_user_name() -> str:
    import subprocess

    try:
        found = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, check=False, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return found.stdout.strip()


# generate -----------------------------------------------------------------------------


def _run_generate(args: argparse.Namespace) -> int:
    # MkDocs reads the archive's configuration: only this command needs it.
    from showcase.mkdocs.generate import GenerateError, generate

    config = _config_path(args)
    if config is None:
        raise UsageError(
            f"no {DEFAULT_CONFIG} in {Path.cwd()} or any folder above it: generate reads the "
            "archive's configuration"
        )
    try:
        made = generate(config, Path(args.out), today=args.today)
    except GenerateError as exc:
        print(f"showcase generate: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    for warning in made.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    out = shlex.quote(str(made.out))
    print(f"Wrote {made.pages} pages and {made.files} files into {made.out}.")
    print(f"Publish it with any generator that reads mkdocs.yml, e.g.: cd {out} && mkdocs build")
    return EXIT_OK


# announce and status -------------------------------------------------------------------


def _run_announce(args: argparse.Namespace) -> int:
    # Loaded for the organizers' commands alone (calendars, mail, templates): `check`
    # starts without them.
    from showcase.organizer.commands import AnnounceRequest, run_announce

    inputs = _inputs(args, args.content)
    site = inputs.site
    request = AnnounceRequest(
        event=args.event,
        format=args.format,
        reminder=args.reminder,
        to=tuple(args.to) if args.to is not None else None,
        sender=args.sender,
        out=Path(args.out) if args.out else None,
        force=args.force,
        record=args.record,
    )
    if request.format != "email" and (request.to is not None or request.sender is not None):
        raise UsageError("--to and --from are for --format email")
    if args.force and not args.out:
        raise UsageError("--force only lets --out replace a file")
    return run_announce(
        request,
        _load(inputs),
        content=inputs.content,
        prefix=inputs.prefix,
        settings=inputs.settings,
        layout=inputs.layout,
        site=site,
    )


def _run_status(args: argparse.Namespace) -> int:
    from showcase.organizer.commands import run_status

    inputs = _inputs(args, args.content)
    return run_status(
        _load(inputs),
        fmt=args.format,
        days=args.days,
        prefix=inputs.prefix,
        settings=inputs.settings,
        layout=inputs.layout,
        site=inputs.site,
    )


# rotation -----------------------------------------------------------------------------


def _run_rotation(args: argparse.Namespace) -> int:
    inputs = _inputs(args, args.content)
    settings, prefix = inputs.settings, inputs.prefix
    result = _load(inputs)
    if result.errors:
        # Proposals from half-read content could name the wrong people: fix it first.
        print(render("text", result.problems, Counts.of(result), prefix))
        print("showcase rotation: fix the errors above first; nothing proposed", file=sys.stderr)
        return EXIT_PROBLEMS
    archive = result.archive
    rotation = plan_rotation(archive, settings)
    if args.explain is not None:
        print(_explanation(archive, rotation, args.explain))
        return EXIT_OK
    print(_rotation_report(archive, rotation, settings.grace_days, settings.gap_months))
    if not args.write:
        if any(plan.proposals for plan in rotation.plans):
            print("Run `showcase rotation --write` to add them to the events' `speakers:`.")
        return EXIT_OK
    return _write_rotation(rotation, inputs.content, prefix)


def _rotation_report(archive: Archive, rotation: Rotation, grace_days: int, gap: int) -> str:
    lines = [
        f"Speaker rotation on {archive.today}: {grace_days}-day grace period for newcomers, "
        f"{gap} {'month' if gap == 1 else 'months'} between two talks by the same person."
    ]
    if not rotation.plans:
        lines.append("No upcoming demo days to plan.")
    for plan in rotation.plans:
        lines.append("")
        lines.extend(_plan_lines(archive, plan))
    if rotation.plans:
        lines.append("")
        lines.append(_rotation_summary(rotation))
    return "\n".join(lines)


def _rotation_summary(rotation: Rotation) -> str:
    proposed = sum(len(plan.proposals) for plan in rotation.plans)
    if proposed:
        return f"{proposed} {'speaker' if proposed == 1 else 'speakers'} proposed."
    if any(plan.open_slots for plan in rotation.plans):
        return "Nothing to propose: no open slot has an eligible speaker."
    return "Nothing to propose: every slot is taken."


def _plan_lines(archive: Archive, plan: EventPlan) -> list[str]:
    event = plan.event
    rows: list[tuple[str, str, str]] = []
    for talk in plan.talks:
        who = ", ".join(_person_label(archive, pid) for pid in talk.speakers)
        rows.append(("confirmed", who, f"talk “{talk.title}”"))
    for pid in plan.listed_without_talk:
        rows.append(("confirmed", _person_label(archive, pid), "listed in speakers:, no talk yet"))
    for proposal in plan.proposals:
        rows.append(("proposed", _person_label(archive, proposal.person_id), proposal.reason))
    width = max((len(who) for _, who, _ in rows), default=0)
    lines = [
        f"{event.id}  {event.display_title}, {event.date}",
        f"  slots      {plan.filled}/{plan.slots} filled",
    ]
    previous = ""
    for label, who, what in rows:
        shown = label if label != previous else ""
        previous = label
        lines.append(f"  {shown:<9}  {who:<{width}}  {what}")
    if plan.unfilled:
        lines.append(
            f"  {'open':<9}  {plan.unfilled} {'slot' if plan.unfilled == 1 else 'slots'}: "
            "nobody else is eligible (see --explain ID)"
        )
    return lines


def _person_label(archive: Archive, person_id: str) -> str:
    person = archive.people.get(person_id)
    return f"{person.name} ({person_id})" if person else person_id


def _explanation(archive: Archive, rotation: Rotation, person_id: str) -> str:
    if person_id not in archive.people:
        hint = did_you_mean(person_id, archive.people) or _similar_people(archive, person_id)
        raise UsageError(f"--explain: unknown person `{person_id}`{hint}")
    lines = [f"{_person_label(archive, person_id)} in the rotation on {archive.today}:"]
    verdicts = rotation.explain(person_id)
    if not verdicts:
        lines.append("  No upcoming demo days to plan.")
    for verdict in verdicts:
        mark = "+" if verdict.status is Status.PROPOSED else "-"
        lines.append(f"  {mark} {verdict.event_id}  {verdict.explanation}")
    return "\n".join(lines)


def _similar_people(archive: Archive, text: str) -> str:
    """People whose id or name contains ``text``, for a first name given as an id."""
    needle = text.casefold()
    found = [
        pid
        for pid, person in archive.people.items()
        if needle and (needle in pid or needle in person.name.casefold())
    ]
    if len(found) == 1:
        return f"; did you mean `{found[0]}`?"
    if found:
        return "; did you mean one of " + ", ".join(f"`{pid}`" for pid in found[:5]) + "?"
    return "; the ids are the keys of people.yml"


def _write_rotation(rotation: Rotation, content: Path, prefix: str) -> int:
    """Add the proposals to the event files: every file or none (see ``eventfile``)."""
    edits: list[EventEdit] = []
    refused: list[str] = []
    for plan in rotation.plans:
        if not plan.proposals:
            continue
        try:
            edit = prepare_speakers(content / "events" / f"{plan.event.id}.yml", plan.speakers)
        except EventFileError as exc:
            refused.append(str(exc))
            continue
        if edit is not None:
            edits.append(edit)
    written: tuple[Path, ...] = ()
    if not refused:
        try:
            write_all(edits)
        except EventFileError as exc:
            refused.append(str(exc))
            written = exc.written
    if refused:
        for reason in refused:
            print(f"showcase rotation: {reason}", file=sys.stderr)
        done = ", ".join(f"{prefix}/{path.relative_to(content).as_posix()}" for path in written)
        verb = "was" if len(written) == 1 else "were"
        outcome = f"{done} {verb} written, the others not" if done else "no event file was written"
        print(f"showcase rotation: {outcome}", file=sys.stderr)
        return EXIT_PROBLEMS
    for edit in edits:
        relative = edit.path.relative_to(content).as_posix()
        print(f"Wrote {prefix}/{relative}: speakers: [{', '.join(edit.speakers)}]")
    if not edits:
        print("No event file needed a change.")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
