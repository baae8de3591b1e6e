"""``showcase announce`` and ``showcase status`` run as organizers run them, and schedule
changes since an announcement (calendar SEQUENCE, the schedule page's marks)."""

from __future__ import annotations

import json
import shutil
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from pathlib import Path

import icalendar
import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from contentkit import ContentKit
from sitekit import build, write_project

from showcase.cli import main
from showcase.exports.calendar import archive_calendar
from showcase.loader import load_archive
from showcase.organizer import slack
from showcase.organizer.status import GITHUB_MARKER

TODAY = "2026-11-01"
SITE = "https://demo.example.com/team/"
ZONE = "Europe/Berlin"
#: Every kind of quote, markup and script a title may hold (one line, no controls).
HOSTILE = (
    "<script>alert('x')</script> \"d\" 'single' ‘curly’ “double” «guillemets» `code` "  # noqa: RUF001
    "*bold* _it_ [link](javascript:alert(1)) <!channel> &amp; 日本語 עברית"
)

PEOPLE = """\
ana-lima:
  name: Ana Lima
  email: ana@example.com
bo-chen:
  name: Bo Chen
carla-diaz:
  name: Carla Diaz
  email: carla@example.com
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ContentKit:
    """An archive with ``mkdocs.yml`` (site URL, time zone, sender and recipients) and the
    standard events; commands run beside ``mkdocs.yml``."""
    write_project(
        tmp_path,
        config={"site_url": SITE},
        plugin_options={
            "timezone": ZONE,
            "announce_from": "Demo Days <demo@example.com>",
            "announce_to": ["team@example.com", "ana-lima"],
        },
    )
    kit = ContentKit(tmp_path / "content").standard()
    kit.people(PEOPLE)
    kit.event(
        "2026-11",
        "# The organizer's own comment\n"
        "date: 2026-11-19\n"
        "start: '16:00'\n"
        "end: '17:00'   # one hour\n"
        "location: The Loft\n"
        "host: carla-diaz\n"
        "slots: 3\n",
    )
    kit.talk(
        "2026-11-pipelines",
        "title: Pipelines\nspeakers: [ana-lima]\nevent: 2026-11\norder: 1\nduration: 15\n"
        "summary: How the pipelines run.\n",
    )
    kit.talk("2026-11-hidden", "title: A draft\nspeakers: [bo-chen]\nevent: 2026-11\ndraft: true\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SHOWCASE_TODAY", TODAY)
    return kit


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def read_mail(path: Path) -> EmailMessage:
    with path.open("rb") as handle:
        message = BytesParser(policy=default).parse(handle)
    assert isinstance(message, EmailMessage)
    return message


def part(message: EmailMessage, content_type: str) -> EmailMessage:
    found = [p for p in message.walk() if p.get_content_type() == content_type]
    assert len(found) == 1, [p.get_content_type() for p in message.walk()]
    return found[0]  # type: ignore[return-value]


def vevent(data: bytes | str) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(data)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 1
    return events[0]


def schedule_entries(kit: ContentKit, today: str = TODAY) -> dict[str, icalendar.Event]:
    archive = load_archive(kit.root, today=today).archive
    calendar = icalendar.Calendar.from_ical(archive_calendar(archive, SITE, ZONE))
    return {str(entry["UID"]): entry for entry in calendar.walk("VEVENT")}


# announce: Markdown ------------------------------------------------------------------------


def test_announce_writes_the_next_demo_day_in_markdown(
    project: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "announce")

    assert code == 0, err
    assert out.startswith("# November 2026 Demo Day, Thu 19 Nov 2026, 16:00\n")
    assert "Thursday 19 November 2026, 16:00–17:00 (Europe/Berlin)" in out  # noqa: RUF001
    assert "**Where:** The Loft" in out
    assert "**Host:** Carla Diaz" in out
    link = f"[Pipelines]({SITE}talks/2026-11-pipelines/)"
    assert f"1. **{link}** — Ana Lima (15 min)" in out
    assert "How the pipelines run." in out
    assert "A draft" not in out  # drafts are not on the site, so not announced
    # 3 slots, one talk and a draft holding its place: one open, and who may take it.
    assert "## Call for talks" in out
    assert "1 of 3 slots is open. The speaker rotation proposes Carla Diaz:" in out
    assert "showcase new --event 2026-11" in out
    assert f"[The whole schedule]({SITE}schedule/)" in out
    assert "--record" in err  # a note: nothing recorded yet


def test_announce_works_from_a_folder_below_mkdocs_yml(
    project: ContentKit, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.root / "talks" / "2026-11-pipelines")

    code, out, err = run(capsys, "announce", "--format", "email", "--to", "bo-chen")

    assert (code, out) == (1, "")
    # The archive, its roster and the plugin's options were found; paths as typed here.
    assert "../../people.yml:4:1: `bo-chen` (Bo Chen) has no `email:`" in err
    code, out, _ = run(capsys, "announce")
    assert code == 0 and f"({SITE}talks/2026-11-pipelines/)" in out


def test_announce_reminder_says_tomorrow(
    project: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "announce", "2026-11", "--reminder", "--today", "2026-11-18")

    assert code == 0
    assert out.startswith("# Reminder: November 2026 Demo Day is tomorrow\n")
    assert "A reminder: November 2026 Demo Day is tomorrow, Thursday 19 November 2026" in out
    # What the README's reminder workflow looks for before it posts.
    code, out, _ = run(
        capsys, "announce", "--reminder", "--format", "slack", "--today", "2026-11-18"
    )
    assert " is tomorrow: A reminder: " in json.loads(out)["text"]
    code, out, _ = run(
        capsys, "announce", "--reminder", "--format", "slack", "--today", "2026-11-17"
    )
    assert " is tomorrow: " not in json.loads(out)["text"]


def test_announce_refuses_a_past_event_a_missing_file_and_no_upcoming_one(
    project: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "announce", "2026-10")
    assert (code, out) == (1, "")
    assert "2026-10 (2026-10-15) is past (today is 2026-11-01)" in err

    project.talk("2027-03-early", "title: Early\nspeakers: [bo-chen]\nevent: 2027-03\n")
    code, out, err = run(capsys, "announce", "2027-03")
    assert (code, out) == (1, "")
    assert "content has" not in err
    # The talk naming a missing event is a content error: it is named first.
    assert "2027-03" in err and "nothing announced" in err

    shutil.rmtree(project.root / "talks" / "2027-03-early")
    code, out, err = run(capsys, "announce", "2027-04")
    assert (code, out) == (1, "")
    assert "no demo day `2027-04`: content/events/2027-04.yml does not exist" in err
    assert "upcoming: 2026-11, 2026-12" in err

    code, out, err = run(capsys, "announce", "--today", "2027-01-01")
    assert (code, out) == (1, "")
    assert "no upcoming demo day to announce (today is 2027-01-01)" in err
    assert "Traceback" not in err


def test_announce_out_never_overwrites_without_force(
    project: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    target = project.root.parent / "announcement.md"
    target.write_text("the organizer's own notes\n", encoding="utf-8")

    code, _, err = run(capsys, "announce", "--out", str(target))
    assert code == 1
    assert f"{target} exists; add --force to replace it" in err
    assert target.read_text(encoding="utf-8") == "the organizer's own notes\n"

    code, out, _ = run(capsys, "announce", "--out", str(target), "--force")
    assert (code, out) == (0, "")
    assert target.read_text(encoding="utf-8").startswith("# November 2026 Demo Day")


# announce: e-mail --------------------------------------------------------------------------


def test_announce_email_is_a_whole_message_with_the_schedules_invitation(
    project: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    out = project.root.parent / "mail.eml"

    code, _, err = run(capsys, "announce", "--format", "email", "--out", str(out))

    assert code == 0, err
    message = read_mail(out)
    assert message["Subject"] == "November 2026 Demo Day, Thu 19 Nov 2026, 16:00"
    assert message["From"].addresses[0].addr_spec == "demo@example.com"
    # From the plugin's announce_to: an address, and a person id with an e-mail.
    assert [a.addr_spec for a in message["To"].addresses] == ["team@example.com", "ana@example.com"]
    assert message["To"].addresses[1].display_name == "Ana Lima"
    assert message["Date"] and message["Message-ID"].endswith("@demo.example.com>")
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    text = part(message, "text/plain").get_content()
    assert "1. Pipelines — Ana Lima (15 min)" in text
    html = BeautifulSoup(part(message, "text/html").get_content(), "html.parser")
    assert html.find("a", string="Pipelines")["href"] == f"{SITE}talks/2026-11-pipelines/"
    invitation = part(message, "text/calendar")
    assert invitation.get_param("method") == "REQUEST"
    calendar = icalendar.Calendar.from_ical(invitation.get_content())
    assert str(calendar["METHOD"]) == "REQUEST"
    entry = vevent(invitation.get_content())
    published = schedule_entries(project)
    assert str(entry["UID"]) in published  # the same entry as in schedule.ics
    assert entry["UID"] == "event-2026-11@demo.example.com/team"
    assert entry["SEQUENCE"] == published[str(entry["UID"])]["SEQUENCE"] == 0
    assert entry["ORGANIZER"] == "mailto:demo@example.com"
    assert sorted(str(a) for a in entry["ATTENDEE"]) == [
        "mailto:ana@example.com",
        "mailto:team@example.com",
    ]
    assert entry.decoded("DTSTART").isoformat() == "2026-11-19T16:00:00+01:00"


def test_announce_email_to_people_without_an_address_names_the_roster_line(
    project: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    out = project.root.parent / "mail.eml"

    code, stdout, err = run(
        capsys, "announce", "--format", "email", "--to", "bo-chen,ana-lim", "--out", str(out)
    )

    assert (code, stdout) == (1, "")
    assert "content/people.yml:4:1: `bo-chen` (Bo Chen) has no `email:`" in err
    assert "`ana-lim` is neither an e-mail address nor a person id; did you mean `ana-lima`?" in err
    assert not out.exists()


def test_announce_email_needs_a_sender(
    project: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project.root.parent / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    del settings["plugins"][1]["showcase"]["announce_from"]
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")

    code, out, err = run(capsys, "announce", "--format", "email")
    assert (code, out) == (1, "")
    assert 'an e-mail needs a sender: give --from "Name <address>"' in err

    code, _, err = run(capsys, "announce", "--to", "x@example.com")
    assert code == 2
    assert "--to and --from are for --format email" in err


# Hostile titles --------------------------------------------------------------------------


def test_hostile_titles_stay_text_in_markdown_email_and_slack(
    project: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    meta = {"title": HOSTILE, "speakers": ["bo-chen"], "event": "2026-11", "order": 2}
    project.talk("2026-11-hostile", meta)
    project.event(
        "2026-11",
        {"date": "2026-11-19", "title": HOSTILE[:190], "location": "<b>Room</b> & 'yard'"},
    )
    url = f"{SITE}talks/2026-11-hostile/"

    code, out, err = run(capsys, "announce")
    assert code == 0, err
    page = BeautifulSoup(markdown.markdown(out), "html.parser")
    assert page.find("script") is None and page.find("b") is None
    assert not page.select('a[href^="javascript"]')
    assert page.find("a", href=url).get_text() == HOSTILE
    assert page.find("h1").get_text().startswith(HOSTILE[:190])

    mail = project.root.parent / "mail.eml"
    assert run(capsys, "announce", "--format", "email", "--out", str(mail))[0] == 0
    message = read_mail(mail)
    assert message["Subject"].startswith(HOSTILE[:190])
    html = BeautifulSoup(part(message, "text/html").get_content(), "html.parser")
    assert html.find("script") is None and html.find("b") is None
    assert not html.select('a[href^="javascript"]')
    assert html.find("a", href=url).get_text() == HOSTILE
    assert HOSTILE in part(message, "text/plain").get_content()
    assert str(vevent(part(message, "text/calendar").get_content())["SUMMARY"]) == HOSTILE[:190]

    code, out, _ = run(capsys, "announce", "--format", "slack")
    assert code == 0
    payload = json.loads(out)
    assert_within_slack_limits(payload)
    texts = [b["text"]["text"] for b in payload["blocks"] if b["type"] == "section"]
    talk = next(t for t in texts if url in t)
    # The only markup is Showcase's own link; the title's brackets are escaped.
    assert talk.count("<") == 1 and "<!channel>" not in "".join(texts)
    label = talk.split("|", 1)[1].split(">", 1)[0]
    assert unescape_slack(label) == HOSTILE
    assert payload["blocks"][0]["text"]["text"].startswith(HOSTILE[:140])


def unescape_slack(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# Slack -----------------------------------------------------------------------------------


def assert_within_slack_limits(payload: dict) -> None:  # type: ignore[type-arg]
    """Slack's documented limits for a message's blocks."""
    blocks = payload["blocks"]
    assert 0 < len(blocks) <= 50
    total = 0
    for block in blocks:
        if block["type"] == "header":
            assert block["text"]["type"] == "plain_text"
            assert len(block["text"]["text"]) <= 150
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
            total += len(block["text"]["text"])
        if block["type"] == "context":
            assert len(block["elements"]) <= 10
            total += sum(len(e["text"]) for e in block["elements"])
    assert total <= slack.MAX_TOTAL
    assert 0 < len(payload["text"]) <= 3000


def test_slack_message_past_the_block_limit_is_cut_with_a_link_to_the_schedule(
    project: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    project.event("2026-11", {"date": "2026-11-19", "slots": 80})
    for n in range(1, 71):
        project.talk(
            f"2026-11-talk-{n:02}",
            {
                "title": f"Talk {n:02} " + "long words & more " * 10,
                "speakers": ["ana-lima", "bo-chen"],
                "event": "2026-11",
                "order": n + 1,
                "summary": "A long summary. " * 100,
            },
        )

    code, out, err = run(capsys, "announce", "--format", "slack")

    assert code == 0, err
    payload = json.loads(out)
    assert_within_slack_limits(payload)
    texts = json.dumps(payload["blocks"])
    assert "Talk 01" in texts and "Talk 70" not in texts
    note = next(b for b in payload["blocks"] if "more talks" in json.dumps(b))
    shown = sum(1 for n in range(1, 71) if f"Talk {n:02} " in texts)
    assert f"…and {70 - shown} more talks; see <{SITE}schedule/|the schedule>." in json.dumps(
        note, ensure_ascii=False
    ).replace("\\u2026", "…")


def test_slack_text_escapes_its_three_control_characters() -> None:
    assert slack.slack_text("<@U1> & <!here>") == "&lt;@U1&gt; &amp; &lt;!here&gt;"
    cut = slack._cut("a" * 2990 + "&amp;" * 10, 3000)
    assert len(cut) <= 3000 and cut.endswith("&amp;…")


# Recording the announcement, and changes since --------------------------------------------


def test_record_writes_the_snapshot_and_keeps_the_organizers_text(
    project: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project.root / "events" / "2026-11.yml"
    before = path.read_text(encoding="utf-8")

    code, _, err = run(capsys, "announce", "--record")

    assert code == 0, err
    after = path.read_text(encoding="utf-8")
    snapshot = (
        'announced: {date: 2026-11-19, start: "16:00", end: "17:00", '
        'location: "The Loft", sequence: 0}\n'
    )
    assert after == before + snapshot
    assert "Recorded in content/events/2026-11.yml" in err
    assert run(capsys, "check", "--strict")[0] == 0
    # Once more: nothing changes.
    run(capsys, "announce", "--record")
    assert path.read_text(encoding="utf-8") == after


def test_a_moved_event_raises_the_calendar_sequence_and_keeps_its_uid(
    project: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project.root / "events" / "2026-11.yml"
    assert run(capsys, "announce", "--record")[0] == 0
    uid = "event-2026-11@demo.example.com/team"
    assert schedule_entries(project)[uid]["SEQUENCE"] == 0

    path.write_text(
        path.read_text(encoding="utf-8").replace("2026-11-19\nstart", "2026-11-26\nstart"),
        encoding="utf-8",
    )
    moved = schedule_entries(project)[uid]
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART").date().isoformat() == "2026-11-26"

    # Announced again: the new snapshot carries sequence 1, and so does the calendar.
    assert run(capsys, "announce", "--record")[0] == 0
    assert "sequence: 1}" in path.read_text(encoding="utf-8")
    assert schedule_entries(project)[uid]["SEQUENCE"] == 1

    path.write_text(path.read_text(encoding="utf-8") + "cancelled: true\n", encoding="utf-8")
    cancelled = schedule_entries(project)[uid]
    assert (cancelled["SEQUENCE"], str(cancelled["STATUS"])) == (2, "CANCELLED")

    # The cancellation's own invitation cancels the same entry.
    mail = project.root.parent / "cancel.eml"
    assert run(capsys, "announce", "2026-11", "--format", "email", "--out", str(mail))[0] == 0
    message = read_mail(mail)
    assert message["Subject"].startswith("Cancelled: November 2026 Demo Day")
    invitation = part(message, "text/calendar")
    assert invitation.get_param("method") == "CANCEL"
    entry = vevent(invitation.get_content())
    assert (str(entry["UID"]), entry["SEQUENCE"], str(entry["STATUS"])) == (uid, 2, "CANCELLED")


def test_an_event_moved_into_another_month_keeps_the_announced_uid(
    project: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "announce", "2026-12", "--record")[0] == 0
    old = project.root / "events" / "2026-12.yml"
    text = old.read_text(encoding="utf-8").replace("date: 2026-12-17", "date: 2027-01-07", 1)
    old.unlink()
    project.write("events/2027-01.yml", text)

    entries = schedule_entries(project)

    assert "event-2026-12@demo.example.com/team" in entries
    assert entries["event-2026-12@demo.example.com/team"]["SEQUENCE"] == 1


def test_the_schedule_page_marks_changes_since_the_announcement(
    project: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "announce", "--record")[0] == 0
    assert run(capsys, "announce", "2026-12", "--record")[0] == 0
    path = project.root / "events" / "2026-11.yml"
    text = path.read_text(encoding="utf-8").replace("2026-11-19\nstart", "2026-11-26\nstart")
    path.write_text(text.replace("location: The Loft\n", "location: Room 4B\n"), encoding="utf-8")

    site = build(project.root.parent / "mkdocs.yml", today=TODAY).check()

    page = BeautifulSoup(site.html("schedule/"), "html.parser")
    marks = page.select(".sc-changed")
    assert len(marks) == 1  # December is as announced
    text = " ".join(marks[0].get_text().split())
    assert text == (
        "Changed Since the announcement: moved from Thu 19 Nov 2026; place changed from The Loft."
    )
    assert marks[0].find_parent("section").find("h2")["id"] == "event-2026-11"
    entry = icalendar.Calendar.from_ical(site.file("schedule.ics").read_bytes())
    sequences = {str(e["UID"]): e["SEQUENCE"] for e in entry.walk("VEVENT")}
    assert sequences["event-2026-11@demo.example.com/team"] == 1
    assert sequences["event-2026-12@demo.example.com/team"] == 0


def test_check_reports_bad_announced_and_email_fields_with_their_lines(
    project: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    project.people(PEOPLE.replace("ana@example.com", "Ana at example"))
    project.event("2026-12", "date: 2026-12-17\nannounced: {date: 2026-12-17, sequence: -1}\n")

    code, out, _ = run(capsys, "check")

    assert code == 1
    text = "\n".join(out.splitlines())
    assert "content/people.yml:3:10: error: `email`: `Ana at example` is not an e-mail" in text
    assert "content/events/2026-12.yml:2:" in text
    assert "error: `announced`: sequence: must be 0 or more, got -1" in text


# status ----------------------------------------------------------------------------------


@pytest.fixture
def chasing(project: ContentKit) -> ContentKit:
    """Something of every kind to chase on 2026-11-01."""
    people = (
        PEOPLE + "dee-park:\n  name: Dee Park\n  away:\n    - {from: 2026-10-01, to: 2026-11-10}\n"
    )
    project.people(people)
    project.event("2026-10", "date: 2026-10-15\nrecording: https://video.example/oct\n")
    project.event("2026-09", "date: 2026-09-17\n")
    project.talk("2026-09-nothing", {"title": HOSTILE, "speakers": ["bo-chen"], "event": "2026-09"})
    project.talk(
        "2026-09-done",
        {
            "title": "Done",
            "speakers": ["ana-lima"],
            "event": "2026-09",
            "slides": "s.pdf",
            "video": "https://video.example/done",
        },
        files={"s.pdf": b"%PDF-1.4\n"},
    )
    project.talk(
        "2026-10-recorded", {"title": "Recorded", "speakers": ["ana-lima"], "event": "2026-10"}
    )
    project.talk(
        "2026-09-draft",
        {"title": "Forgotten", "speakers": ["carla-diaz"], "event": "2026-09", "draft": True},
    )
    project.event("2026-12", {"date": "2026-12-17", "speakers": ["bo-chen"]})
    return project


def test_status_lists_what_to_chase(
    chasing: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "status")

    assert (code, err) == (0, "")
    assert out.startswith("7 things to chase on 2026-11-01.\n")
    assert f"“{HOSTILE}” by Bo Chen (2026-09): no slides and no recording, 45 days" in out
    assert "content/talks/2026-09-nothing/index.md:1" in out
    # The event's recording covers its talks; only the slides are missing.
    assert "“Recorded” by Ana Lima (2026-10): no slides, 17 days after its demo day" in out
    assert "Done" not in out
    assert "2026-11 (Thu 19 Nov 2026): 1 of 3 slots open; the rotation proposes" in out
    assert "Bo Chen (bo-chen) is listed for 2026-12 (Thu 17 Dec 2026) and has no talk" in out
    assert "“Forgotten” by Carla Diaz is still a draft, 45 days after its demo day" in out
    assert "Dee Park (dee-park) is away until 2026-11-10, back on Wed 11 Nov 2026" in out

    # --days: a demo day 17 days ago is not chased yet with 20 days' grace.
    code, out, _ = run(capsys, "status", "--days", "20")
    assert code == 0 and "Recorded" not in out and "no slides and no recording" in out


def test_status_json_and_github(chasing: ContentKit, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["today"] == "2026-11-01" and report["days"] == 7
    assert report["counts"] == {
        "missing-material": 2,
        "open-slots": 2,
        "no-talk-yet": 1,
        "old-draft": 1,
        "back-soon": 1,
    }
    missing = [i for i in report["items"] if i["kind"] == "missing-material"]
    assert [(i["talk"], i["missing"]) for i in missing] == [
        ("2026-09-nothing", ["slides", "recording"]),
        ("2026-10-recorded", ["slides"]),
    ]
    assert missing[0]["url"] == f"{SITE}talks/2026-09-nothing/"
    open_slots = next(i for i in report["items"] if i["kind"] == "open-slots")
    assert open_slots["event"] == "2026-11" and open_slots["proposed"]

    code, out, _ = run(capsys, "status", "--format", "github")
    assert code == 0
    assert out.startswith(GITHUB_MARKER + "\n")
    assert "### Talks without slides or recording (7+ days after their demo day) (2)" in out
    assert out.count("- [ ] ") == 7
    html = BeautifulSoup(markdown.markdown(out), "html.parser")
    assert html.find("script") is None
    assert HOSTILE in html.get_text()


def test_status_reports_and_exits_0_on_broken_content(
    chasing: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    chasing.talk("broken", "title: [unclosed\n")

    code, out, _ = run(capsys, "status")

    assert code == 0
    assert "The content has 1 error (run `showcase check`)" in out
    assert "Dee Park" in out
