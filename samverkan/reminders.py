"""Reminders by e-mail: who gets which list, what the e-mail says, and when not to send it.

Pure: plans, the register and what was sent go in; reminders and e-mails come out (sending
is samverkan.mail's, storing samverkan.store.reminders'). Parts:

- the register: email_refusal (one plain address, nothing that could add a header),
  owners_seen (the owners of the current plan, with how many commitments each has)
- what goes out: build_reminders (one per address: its owners' late commitments, missing
  follow-ups and what falls due within HORIZON_DAYS, judged by Snabbkoll's rules on the day)
- the e-mail: reminder_subject, reminder_text, reminder_html, build_message (plain text and
  HTML, UTF-8, From/To/Subject/Date/Message-ID); ej offentlig commitments only counted
- not twice: content_sha256 (what the list holds, not the day it was judged) and
  find_earlier_send (the same list to the same address within SAME_REMINDER_DAYS)

Why a send before a meeting is not held back by a scheduled reminder of the week: the
coordinator presses it after reading every e-mail, the e-mail names the meeting, and an owner
is asked to bring the plan up to date for that meeting; a scheduled reminder days before
does not ask that. It is held back only by the same list already sent for the same meeting
(a second press, or a colleague's). A scheduled run is held back by either (docs/DESIGN.md).

Why one module: the e-mail's three renderings (subject, text, HTML) and the hash that decides
whether it is "the same reminder" read the same items in the same order; split apart, a new
line in one rendering could go unnoticed by the others or by the hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from collections.abc import Iterable, Sequence
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import quote, urlencode

from samverkan import glossary
from samverkan.metrics import build_quick_check, next_date
from samverkan.models import (
    Commitment,
    CommitmentGroup,
    Meeting,
    MeetingBody,
    OwnerAddress,
    OwnerSeen,
    PlanStatus,
    Reminder,
    ReminderItem,
    SentReminder,
)
from samverkan.swedish import format_count, format_date, format_days

HORIZON_DAYS = 14
SAME_REMINDER_DAYS = 7
MAX_EMAIL_LENGTH = 320
# The groups an e-mail lists, in its order, with their headings (Snabbkoll's words).
GROUPS: tuple[tuple[CommitmentGroup, str], ...] = (
    (CommitmentGroup.LATE, "Försenade"),
    (CommitmentGroup.FOLLOWUP_MISSING, glossary.FOLLOWUP_MISSING),
    (CommitmentGroup.UPCOMING, f"De närmaste {HORIZON_DAYS} dagarna"),
)
BODY_WORDS = {
    MeetingBody.STEERING_GROUP: "styrgruppens",
    MeetingBody.WORKING_GROUP: "beredningsgruppens",
    MeetingBody.LOCAL_BRA: "lokala BRÅ:s",
    MeetingBody.KSAU: "KSAU:s",
    MeetingBody.OTHER: "nästa",
}

# One address, as a person types it: a local part and a domain with a dot, nothing else. No
# space, comma, semicolon, angle bracket, quote or control character, so neither a second
# recipient nor a display name nor a line that starts a new header can ride along.
_ADDRESS = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)


# ---------------------------------------------------------------- the register


def email_refusal(text: str) -> str | None:
    """Why `text` is not one plain e-mail address, in Swedish; None when it is one."""
    if any(c in text for c in "\r\n"):
        return "En e-postadress får inte innehålla radbrytningar."
    address = text.strip()
    if "," in address or ";" in address:
        return f"Ange en enda e-postadress, inte flera ({address[:80]})."
    if "<" in address or ">" in address or '"' in address:
        return f"Ange bara adressen, utan namn ({address[:80]})."
    if len(address) > MAX_EMAIL_LENGTH or not _ADDRESS.fullmatch(address):
        return f"{address[:80]} är ingen e-postadress (skriv t.ex. namn@kommun.se)."
    return None


def owners_seen(
    statuses: Sequence[PlanStatus], register: Sequence[OwnerAddress]
) -> list[OwnerSeen]:
    """Every owner the plans name (as written) with their commitments, then those only
    registered (0): the register's table, by owner."""
    counts: dict[str, int] = {}
    spelled: dict[str, str] = {}
    for status in statuses:
        for view in status.activities:
            owner = (view.activity.owner or "").strip()
            if owner:
                spelled.setdefault(owner.casefold(), owner)
                counts[owner.casefold()] = counts.get(owner.casefold(), 0) + 1
    addresses = {a.owner.casefold(): a for a in register}
    for key, address in addresses.items():
        spelled.setdefault(key, address.owner)
    return [
        OwnerSeen(
            owner=spelled[key],
            commitments=counts.get(key, 0),
            email=addresses[key].email if key in addresses else None,
        )
        for key in sorted(spelled, key=lambda k: spelled[k].casefold())
    ]


# ---------------------------------------------------------------- what goes out


def build_reminders(
    status: PlanStatus,
    register: Sequence[OwnerAddress],
    as_of: dt.date,
    *,
    meeting: Meeting | None = None,
    horizon_days: int = HORIZON_DAYS,
) -> list[Reminder]:
    """One reminder per address with something to say, by address.

    An owner's commitments are Snabbkoll's for `?ansvarig=owner` (the same rule: the owner's
    words within the plan's owner), so the e-mail lists what its link shows. A commitment
    found for two owners of one address is listed once, under the owner that names it most
    exactly (the longest).
    """
    by_email: dict[str, list[str]] = {}
    for entry in register:
        by_email.setdefault(entry.email.casefold(), []).append(entry.owner)
    spelled = {e.email.casefold(): e.email for e in register}
    reminders = []
    for key, owners in sorted(by_email.items()):
        items = _items_for(status, sorted(owners, key=lambda o: (-len(o), o)), as_of, horizon_days)
        if not items:
            continue
        reminders.append(
            Reminder(
                email=spelled[key],
                kommun=status.agreement.kommun,
                owners=tuple(sorted(owners, key=str.casefold)),
                as_of=as_of,
                horizon_days=horizon_days,
                items=tuple(items),
                meeting=meeting,
            )
        )
    return reminders


def _items_for(
    status: PlanStatus, owners: list[str], as_of: dt.date, horizon_days: int
) -> list[ReminderItem]:
    seen: set[str] = set()
    found: dict[CommitmentGroup, list[tuple[str, Commitment]]] = {g: [] for g, _ in GROUPS}
    for owner in owners:
        check = build_quick_check(
            [status], owner=owner, horizon_days=horizon_days, as_of=as_of, include_confidential=True
        )
        for group, _ in GROUPS:
            for commitment in check.group(group):
                key = commitment.view.activity.activity_key
                if key not in seen:
                    seen.add(key)
                    found[group].append((owner, commitment))
    items = []
    for group, _ in GROUPS:
        # The order within a group is Snabbkoll's: most days behind, or the nearest date, first.
        ordered = sorted(found[group], key=lambda pair: _order(pair[1], group, as_of))
        items += [ReminderItem(group=group, owner=o, commitment=c) for o, c in ordered]
    return items


def _order(commitment: Commitment, group: CommitmentGroup, as_of: dt.date) -> int:
    activity = commitment.view.activity
    if group is CommitmentGroup.LATE and activity.due:
        return -(as_of - activity.due).days
    if group is CommitmentGroup.FOLLOWUP_MISSING and activity.followup_due:
        return -(as_of - activity.followup_due).days
    day = next_date(activity, as_of)
    return (day - as_of).days if day else 10**6


# ---------------------------------------------------------------- not twice


def content_sha256(reminder: Reminder) -> str:
    """What the list holds, as a hash: the same commitments in the same groups, the same hash.

    The judging day and the days counted are left out (they change every day while the list
    stays the same), and so is the meeting (the store keeps which meeting a send was for).
    """
    items = [
        [
            item.group.value,
            item.commitment.agreement.id,
            item.commitment.view.activity.activity_key,
            item.commitment.view.activity.title,
            _iso(item.commitment.view.activity.due),
            _iso(item.commitment.view.activity.followup_due),
            item.commitment.view.activity.confidential,
        ]
        for item in reminder.items
    ]
    document = {"email": reminder.email.casefold(), "kommun": reminder.kommun, "items": items}
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_earlier_send(
    reminder: Reminder, sent: Iterable[SentReminder], now: dt.datetime
) -> SentReminder | None:
    """The send within SAME_REMINDER_DAYS that makes this one a repeat; None: send it.

    A scheduled reminder is a repeat of the same list sent by any route; a meeting's of the
    same list sent for the same meeting (see the module's docstring).
    """
    digest = content_sha256(reminder)
    # The store keeps the local wall-clock time without a zone (as the audit log does).
    since = now.replace(tzinfo=None) - dt.timedelta(days=SAME_REMINDER_DAYS)
    meeting_on = reminder.meeting.held_on if reminder.meeting else None
    for earlier in sent:
        if (
            earlier.email.casefold() == reminder.email.casefold()
            and earlier.content_sha256 == digest
            and earlier.sent_at > since
            and (meeting_on is None or earlier.meeting_on == meeting_on)
        ):
            return earlier
    return None


# ---------------------------------------------------------------- the e-mail


def snabbkoll_link(base_url: str, kommun: str, owner: str) -> str:
    """'https://…/snabbkoll?kommun=Burl%C3%B6v&ansvarig=Fritid%2FUKF'."""
    query = urlencode({"kommun": kommun, "ansvarig": owner}, quote_via=quote)
    return f"{base_url.rstrip('/')}/snabbkoll?{query}"


def base_url_refusal(text: str) -> str | None:
    """Why `text` cannot start a link in an e-mail; None when it can (http or https)."""
    if not re.fullmatch(r"https?://[^\s<>\"'\\]+", text.strip()):
        return f"SAMVERKAN_BASE_URL ({text[:80]}) ska vara appens adress, t.ex. https://samverkan.kommun.se."
    return None


def reminder_subject(reminder: Reminder) -> str:
    """'Samverkan Burlöv: 2 försenade, 1 uppföljning saknas, 3 de närmaste 14 dagarna'."""
    counts = reminder_counts(reminder)
    if reminder.meeting is not None:
        lead = f"Inför {_meeting_words(reminder.meeting)} – Samverkan {reminder.kommun}"
    else:
        lead = f"Påminnelse från Samverkan {reminder.kommun}"
    return f"{lead}: {', '.join(counts)}"


def reminder_counts(reminder: Reminder) -> list[str]:
    """['1 försenat åtagande', '1 uppföljning saknas', '3 de närmaste 14 dagarna']."""
    late = len(reminder.group(CommitmentGroup.LATE))
    missing = len(reminder.group(CommitmentGroup.FOLLOWUP_MISSING))
    upcoming = len(reminder.group(CommitmentGroup.UPCOMING))
    parts = []
    if late:
        parts.append(format_count(late, "försenat åtagande", "försenade åtaganden"))
    if missing:
        parts.append(f"{missing} {glossary.FOLLOWUP_MISSING.lower()}")
    if upcoming:
        parts.append(f"{upcoming} de närmaste {reminder.horizon_days} dagarna")
    return parts


def _meeting_words(meeting: Meeting) -> str:
    return f"{BODY_WORDS[meeting.body]} möte {format_date(meeting.held_on)}"


def _intro(reminder: Reminder) -> list[str]:
    owners = " eller ".join(f"”{o}”" for o in reminder.owners)
    lines = [
        f"Här är åtagandena i samverkansplanen för {reminder.kommun} där {owners} står som "
        f"ansvarig, bedömda {format_date(reminder.as_of)}.",
    ]
    if reminder.meeting is not None:
        lines.append(
            f"Inför {_meeting_words(reminder.meeting)}: se gärna till att läget stämmer i "
            "planen före mötet."
        )
    return lines


def _item_words(item: ReminderItem, as_of: dt.date) -> tuple[str, str]:
    """(the commitment's title, 'Slutdatum 30 november 2026, 7 dagar sedan')."""
    activity = item.commitment.view.activity
    title = " ".join(activity.title.split())
    if item.group is CommitmentGroup.LATE and activity.due:
        return title, f"{glossary.DUE} {format_date(activity.due)}, {_ago(as_of, activity.due)}"
    if item.group is CommitmentGroup.FOLLOWUP_MISSING and activity.followup_due:
        when = _ago(as_of, activity.followup_due)
        return title, f"{glossary.FOLLOWUP_DUE} {format_date(activity.followup_due)}, {when}"
    day = next_date(activity, as_of)
    label = glossary.DUE if day is not None and day == activity.due else glossary.FOLLOWUP_DUE
    return title, f"{label} {format_date(day)}, {_ahead(as_of, day)}"


def _ago(as_of: dt.date, day: dt.date) -> str:
    return f"{format_days((as_of - day).days)} sedan"


def _ahead(as_of: dt.date, day: dt.date | None) -> str:
    if day is None:
        return ""
    days = (day - as_of).days
    return "i dag" if days == 0 else f"om {format_days(days)}"


def confidential_words(count: int) -> str:
    """'1 ej offentligt åtagande – se Snabbkoll': all an e-mail says of them."""
    counted = format_count(count, "ej offentligt åtagande", "ej offentliga åtaganden")
    return f"{counted} – se Snabbkoll"


def _footer(reminder: Reminder) -> str:
    return (
        f"Meddelandet skickas av Samverkan, uppföljningen av samverkansöverenskommelsen i "
        f"{reminder.kommun}. Fel mottagare eller fel ansvarig? Kontakta kommunens samordnare, "
        "som håller e-postadresserna på sidan Överenskommelse."
    )


def reminder_text(reminder: Reminder, base_url: str | None) -> str:
    """The plain-text part."""
    lines = ["Hej!", "", *_intro(reminder)]
    several = len(reminder.owners) > 1
    for group, heading in GROUPS:
        items = reminder.group(group)
        if not items:
            continue
        lines += ["", f"{_heading(heading, reminder)} ({len(items)})"]
        hidden = 0
        for item in items:
            if item.commitment.view.activity.confidential:
                hidden += 1
                continue
            title, when = _item_words(item, reminder.as_of)
            whose = f" ({item.owner})" if several else ""
            lines.append(f"- {title} – {when}{whose}")
            if base_url:
                lines.append(f"  {snabbkoll_link(base_url, reminder.kommun, item.owner)}")
        if hidden:
            lines.append(f"- {confidential_words(hidden)}")
    lines += ["", _open_words(reminder, base_url)]
    unnamed = _unnamed_link(reminder, base_url)
    if unnamed:
        lines.append(f"{UNNAMED_WORDS} {unnamed}")
    lines += ["", _footer(reminder)]
    return "\n".join(lines) + "\n"


def _heading(heading: str, reminder: Reminder) -> str:
    return heading.replace(str(HORIZON_DAYS), str(reminder.horizon_days))


def _unnamed_link(reminder: Reminder, base_url: str | None) -> str | None:
    """Snabbkoll of the kommun (no owner: it would say whose they are) where ej offentlig
    commitments were only counted; they are shown there to those logged in."""
    if base_url and any(i.commitment.view.activity.confidential for i in reminder.items):
        query = urlencode({"kommun": reminder.kommun}, quote_via=quote)
        return f"{base_url.rstrip('/')}/snabbkoll?{query}"
    return None


UNNAMED_WORDS = "Ej offentliga åtaganden visas i Snabbkoll för den som är inloggad:"


def _open_words(reminder: Reminder, base_url: str | None) -> str:
    if base_url:
        return "Länkarna öppnar Snabbkoll i Samverkan med listan för den ansvariga."
    owners = " eller ".join(f"”{o}”" for o in reminder.owners)
    return (
        f"Öppna sidan Snabbkoll i Samverkan, välj {reminder.kommun} i sidofältet och "
        f"{owners} under Ansvarig."
    )


def reminder_html(reminder: Reminder, base_url: str | None) -> str:
    """The HTML part: the same words, every text from a plan escaped."""
    esc = html.escape
    parts = [
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">',
        f"<title>{esc(reminder_subject(reminder))}</title></head>",
        '<body style="font-family: sans-serif; line-height: 1.4">',
        "<p>Hej!</p>",
        *(f"<p>{esc(line)}</p>" for line in _intro(reminder)),
    ]
    several = len(reminder.owners) > 1
    for group, heading in GROUPS:
        items = reminder.group(group)
        if not items:
            continue
        parts.append(f"<h2>{esc(_heading(heading, reminder))} ({len(items)})</h2><ul>")
        hidden = 0
        for item in items:
            if item.commitment.view.activity.confidential:
                hidden += 1
                continue
            title, when = _item_words(item, reminder.as_of)
            shown = esc(title)
            if base_url:
                link = snabbkoll_link(base_url, reminder.kommun, item.owner)
                shown = f'<a href="{esc(link)}">{shown}</a>'
            whose = f" ({esc(item.owner)})" if several else ""
            parts.append(f"<li>{shown} – {esc(when)}{whose}</li>")
        if hidden:
            parts.append(f"<li>{esc(confidential_words(hidden))}</li>")
        parts.append("</ul>")
    parts.append(f"<p>{esc(_open_words(reminder, base_url))}</p>")
    unnamed = _unnamed_link(reminder, base_url)
    if unnamed:
        parts.append(f'<p>{esc(UNNAMED_WORDS)} <a href="{esc(unnamed)}">Snabbkoll</a></p>')
    parts += [
        f'<p style="color: #555"><small>{esc(_footer(reminder))}</small></p>',
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def build_message(
    reminder: Reminder, sender: str, base_url: str | None, now: dt.datetime
) -> EmailMessage:
    """The e-mail: From, To, Subject, Date, Message-ID; a plain-text and an HTML part, UTF-8.

    The address was checked when it was saved; it is checked again here, so a store written
    some other way still cannot add a header. EmailMessage refuses a line break in any header.
    """
    refusal = email_refusal(reminder.email)
    if refusal:
        raise ValueError(refusal)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = reminder.email
    message["Subject"] = reminder_subject(reminder)
    message["Date"] = format_datetime(now if now.tzinfo else now.astimezone())
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid("samverkan", domain=domain)
    message.set_content(reminder_text(reminder, base_url), charset="utf-8")
    message.add_alternative(reminder_html(reminder, base_url), subtype="html", charset="utf-8")
    return message


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
