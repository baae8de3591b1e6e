"""An announcement as a Slack message for an incoming webhook (Block Kit JSON).

Showcase never posts it: a workflow does (see the README's organizers' section). The
message keeps within Slack's documented limits, so the webhook never refuses it: at most
``MAX_BLOCKS`` blocks, a header's text at most ``MAX_HEADER`` characters, a section's
``MAX_SECTION``, a context element's ``MAX_CONTEXT``. A running order too long for one
message is cut, with a last block saying how many talks are left out and linking the
schedule page. Slack also refuses messages whose blocks hold too much text in all, at a
size it does not document (about 13,000 characters, reported in slackapi/bolt-js#2509),
so the blocks' text is kept under ``MAX_TOTAL``.

Text people wrote is escaped as Slack asks (``&``, ``<`` and ``>``), so no title can
make a link or mention ``<!channel>``.
"""

from __future__ import annotations

import json
from typing import Any

from showcase.organizer.announce import Announcement, Item, joined

#: Blocks in one message.
MAX_BLOCKS = 50
#: Characters of a header block's plain text.
MAX_HEADER = 150
#: Characters of a section block's text.
MAX_SECTION = 3000
#: Characters of a context block's text element.
MAX_CONTEXT = 2000
#: Characters of all the blocks' text together (see the module's note).
MAX_TOTAL = 12_000
#: Characters of the top-level ``text``, shown in notifications.
MAX_FALLBACK = 3000

Block = dict[str, Any]


def slack_text(text: str) -> str:
    """``text`` escaped for Slack's ``mrkdwn`` (its three control characters)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _link(text: str, url: str | None) -> str:
    if not url:
        return slack_text(text)
    # In <url|label>, a `|` or `>` in the address would end it early.
    safe = url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C")
    return f"<{safe}|{slack_text(text)}>"


def _cut(text: str, most: int) -> str:
    """``text`` cut to ``most`` characters with an ellipsis, never inside an escape."""
    if len(text) <= most:
        return text
    kept = text[: most - 1]
    amp = kept.rfind("&", max(0, len(kept) - 4))
    if amp != -1 and ";" not in kept[amp:]:
        kept = kept[:amp]
    return kept + "…"


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _cut(text, MAX_SECTION)}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _cut(text, MAX_CONTEXT)}]}


def to_slack(a: Announcement) -> dict[str, Any]:
    """The webhook payload: ``text`` for notifications, ``blocks`` for the message."""
    head: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(a.subject, MAX_HEADER)}},
        _section(slack_text(a.lead)),
        _section("\n".join(_facts(a))),
    ]
    if a.changes:
        changed = "; ".join(change.text for change in a.changes)
        head.append(_section(f"*Changed since the last announcement:* {slack_text(changed)}."))
    tail: list[Block] = []
    talks: list[Block] = []
    if not a.cancelled:
        if a.items:
            head.append({"type": "divider"})
            head.append(_section("*Running order*"))
            talks = [_section(_talk_text(item)) for item in a.items]
        if a.due:
            tail.append(_section(f"Also due to present: {slack_text(joined(a.due))}."))
        if a.call_for_talks:
            tail.append({"type": "divider"})
            tail.append(_section(_call_text(a)))
    if a.schedule_url:
        tail.append(_context(f"{_link('The whole schedule', a.schedule_url)}"))
    blocks = _fit(head, talks, tail, a.schedule_url)
    return {"text": _cut(f"{a.subject}: {a.lead}", MAX_FALLBACK), "blocks": blocks}


def to_slack_json(a: Announcement) -> str:
    return json.dumps(to_slack(a), indent=2, ensure_ascii=False) + "\n"


def _fit(head: list[Block], talks: list[Block], tail: list[Block], more: str | None) -> list[Block]:
    """``head``, as many ``talks`` as fit, a note on those left out, then ``tail``."""
    budget_blocks = MAX_BLOCKS - len(head) - len(tail)
    budget_text = MAX_TOTAL - sum(_text_size(block) for block in (*head, *tail))
    kept: list[Block] = []
    for index, block in enumerate(talks):
        left = len(talks) - index
        # Room for this block and, unless it is the last, the note on the rest.
        note = 0 if left == 1 else 1
        size = _text_size(block)
        if len(kept) + 1 + note > budget_blocks or size + (200 if note else 0) > budget_text:
            break
        kept.append(block)
        budget_text -= size
    left_out = len(talks) - len(kept)
    if left_out:
        where = f"; see {_link('the schedule', more)}" if more else ""
        kept.append(_context(f"…and {left_out} more {_plural(left_out)}{where}."))
    return [*head, *kept, *tail]


def _text_size(block: Block) -> int:
    text = block.get("text")
    size = len(text["text"]) if isinstance(text, dict) else 0
    return size + sum(len(element["text"]) for element in block.get("elements", ()))


def _plural(count: int) -> str:
    return "talk" if count == 1 else "talks"


def _facts(a: Announcement) -> list[str]:
    lines = [f"*When:* {slack_text(a.when)}"]
    if a.location:
        lines.append(f"*Where:* {slack_text(a.location)}")
    if a.stream and not a.cancelled:
        lines.append(f"*Join:* {_link(a.stream, a.stream)}")
    if a.theme:
        lines.append(f"*Theme:* {slack_text(a.theme)}")
    if a.host:
        lines.append(f"*Host:* {slack_text(a.host)}")
    if a.event_url:
        lines.append(f"*Page:* {_link(a.title, a.event_url)}")
    return lines


def _talk_text(item: Item) -> str:
    text = f"*{item.number}. {_link(item.title, item.url)}* — {slack_text(item.speakers)}"
    if item.duration:
        text += f" ({item.duration} min)"
    if item.summary:
        text += "\n" + slack_text(item.summary)
    return text


def _call_text(a: Announcement) -> str:
    verb = "is" if a.open_slots == 1 else "are"
    lines = [f"*Call for talks:* {a.open_slots} of {a.total_slots} slots {verb} open."]
    if a.proposals:
        lines.append("The speaker rotation proposes:")
        lines += [
            f"• {slack_text(p.name)} (`{slack_text(p.person_id)}`): {slack_text(p.reason)}"
            for p in a.proposals
        ]
    lines.append(f"Claim a slot by adding your talk: `{slack_text(a.claim_command)}`")
    return "\n".join(lines)
