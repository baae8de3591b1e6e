"""An announcement as an e-mail: a complete RFC 5322 message with plain-text and HTML
alternatives and the event's invitation (``text/calendar; method=REQUEST``), ready for
``sendmail -t`` or to open in a mail client. Showcase sends nothing itself.

Recipients are e-mail addresses or person ids of the roster with an ``email:``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, getaddresses, make_msgid

from showcase.model import Archive
from showcase.problems import did_you_mean
from showcase.schema import email_problem

#: SMTP's line endings, with header lines up to RFC 5322's 998 characters: folding a
#: header at 78 splits it into encoded words, and Python's e-mail package then loses the
#: spaces between them (a subject of quoted, non-ASCII words came back changed).
POLICY = SMTP.clone(max_line_length=998)


@dataclass(frozen=True, slots=True)
class Mailbox:
    name: str
    address: str

    @property
    def header(self) -> Address:
        username, _, domain = self.address.rpartition("@")
        return Address(display_name=self.name, username=username, domain=domain)


def split_values(values: Iterable[str]) -> list[str]:
    """``--to a@x.org,ana-lima --to bo-chen`` as one list, in order, without repeats."""
    found: list[str] = []
    for value in values:
        found.extend(part.strip() for part in value.split(",") if part.strip())
    return list(dict.fromkeys(found))


def parse_mailbox(value: str) -> Mailbox | None:
    """``ana@example.com`` or ``Ana Lima <ana@example.com>``; None when it is neither."""
    pairs = getaddresses([value])
    if len(pairs) != 1:
        return None
    name, address = pairs[0]
    if not address or email_problem(address) is not None:
        return None
    return Mailbox(name.strip(), address)


def resolve_recipients(
    values: Iterable[str], archive: Archive, prefix: str
) -> tuple[list[Mailbox], list[str]]:
    """Each value as a mailbox: an address as given, a person id as the person's name and
    ``email:``. Returns the mailboxes and, all at once, why the others cannot be used
    (``prefix`` is the content folder as messages name it)."""
    found: list[Mailbox] = []
    problems: list[str] = []
    for value in values:
        if "@" in value:
            mailbox = parse_mailbox(value)
            if mailbox is None:
                problems.append(f"`{value}` is not an e-mail address like `ana@example.com`")
            else:
                found.append(mailbox)
            continue
        person = archive.people.get(value)
        if person is None:
            hint = did_you_mean(value, archive.people) or "; give an e-mail address or a person id"
            problems.append(f"`{value}` is neither an e-mail address nor a person id{hint}")
        elif person.email is None:
            problems.append(
                f"{prefix}/{person.source}: `{value}` ({person.name}) has no `email:`; add "
                "one there, or give the address itself"
            )
        else:
            found.append(Mailbox(person.name, person.email))
    unique = list({mailbox.address.casefold(): mailbox for mailbox in found}.values())
    return unique, problems


def announcement_message(
    *,
    subject: str,
    text: str,
    html: str,
    invitation: bytes,
    method: str,
    sender: Mailbox,
    recipients: list[Mailbox],
    domain: str,
    when: datetime,
) -> EmailMessage:
    """The message: ``multipart/alternative`` with the text, the HTML and the invitation
    (as mail clients expect an invitation to be sent), addressed and dated."""
    message = EmailMessage(policy=POLICY)
    message["Subject"] = subject
    message["From"] = sender.header
    if recipients:
        message["To"] = [mailbox.header for mailbox in recipients]
    message["Date"] = format_datetime(when)
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message.add_alternative(
        invitation.decode("utf-8"),
        subtype="calendar",
        params={"method": method},
        cte="quoted-printable" if _needs_encoding(invitation) else "7bit",
    )
    return message


def _needs_encoding(data: bytes) -> bool:
    return not data.isascii()
