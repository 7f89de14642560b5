"""An iCalendar file (RFC 5545) of commitments' due and follow-up dates, written by hand.

Each date is an all-day VEVENT (VALUE=DATE) with a reminder the day before, and a UID that
stays the same for the same activity and kind of date, so importing a newer file updates the
events instead of doubling them. Activities marked ej offentlig never leave the app; the
calendar's description (X-WR-CALDESC) says how many were left out, as the page does beside
the download (left_out_count, left_out_sentence).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from samverkan.glossary import DUE, FOLLOWUP_DUE
from samverkan.models import Activity, Commitment, Status, status_word
from samverkan.swedish import format_count

PRODUCT_ID = "-//Samverkan//Uppföljning av samverkansöverenskommelser//SV"
LINE_OCTETS = 75
CRLF = "\r\n"


def build_calendar(
    commitments: Iterable[Commitment], *, name: str, now: dt.datetime | None = None
) -> bytes:
    """The .ics bytes: one event per due date not yet met and per follow-up not yet made."""
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    commitments = list(commitments)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-CALDESC:{escape_text(calendar_description(left_out_count(commitments)))}",
    ]
    for commitment in commitments:
        if commitment.view.activity.confidential:
            continue
        for kind, day, summary in calendar_dates(commitment.view.activity):
            lines += _event(commitment, kind, day, summary, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines).encode("utf-8")


def left_out_count(commitments: Iterable[Commitment]) -> int:
    """How many ej offentlig commitments the file leaves out that would have had a date in it."""
    return sum(
        1 for c in commitments if c.view.activity.confidential and calendar_dates(c.view.activity)
    )


def left_out_sentence(count: int) -> str:
    """'1 aktivitet märkt ej offentlig är inte med i kalenderfilen.' ('' for none)."""
    if not count:
        return ""
    what = format_count(count, "aktivitet märkt", "aktiviteter märkta")
    return f"{what} ej offentlig är inte med i kalenderfilen."


def calendar_description(left_out: int) -> str:
    """The calendar's own description (X-WR-CALDESC): what it holds and what it leaves out."""
    text = "Slutdatum och uppföljningar ur Samverkan, var och en med en påminnelse dagen före."
    return f"{text} {left_out_sentence(left_out)}".strip()


def calendar_dates(activity: Activity) -> list[tuple[str, dt.date, str]]:
    """(kind, day, summary) for the dates someone must act on: due unless met, open follow-ups."""
    dates = []
    finished = activity.status in (Status.DONE, Status.STANDING, Status.CANCELLED)
    if activity.due is not None and not finished:
        dates.append(("klart", activity.due, f"{DUE}: {activity.title}"))
    if (
        activity.status is Status.DONE
        and activity.followup_due is not None
        and activity.followed_up_on is None
    ):
        dates.append(("uppfoljning", activity.followup_due, f"{FOLLOWUP_DUE}: {activity.title}"))
    return dates


def _event(
    commitment: Commitment, kind: str, day: dt.date, summary: str, stamp: dt.datetime
) -> list[str]:
    activity = commitment.view.activity
    details = [
        f"Kommun: {commitment.kommun}",
        f"Fokusområde: {activity.focus_area or '–'}",
        f"Ansvarig: {activity.owner or '–'}",
        f"Part: {activity.party.value if activity.party else '–'}",
        f"Status: {status_word(activity.status)}",
    ]
    if activity.due and activity.due_as_written:
        details.append(f"Skrivet i planen: {activity.due_as_written}")
    if activity.comment:
        details.append(f"Kommentar: {activity.comment}")
    return [
        "BEGIN:VEVENT",
        f"UID:{event_uid(commitment, kind)}",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(chr(10).join(details))}",
        f"CATEGORIES:{escape_text(commitment.kommun)}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-P1D",
        f"DESCRIPTION:{escape_text(summary)}",
        "END:VALARM",
        "END:VEVENT",
    ]


def event_uid(commitment: Commitment, kind: str) -> str:
    """The same for the same agreement, activity and kind of date, in every file we write."""
    agreement = commitment.agreement
    identity = "|".join(
        (
            agreement.kommun,
            agreement.period_start.isoformat(),
            agreement.period_end.isoformat(),
            commitment.view.activity.activity_key,
            kind,
        )
    )
    return f"{hashlib.sha256(identity.encode('utf-8')).hexdigest()[:32]}@samverkan"


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    parts: list[str] = []
    current: list[str] = []
    octets, limit = 0, LINE_OCTETS
    for char in line:
        size = len(char.encode("utf-8"))
        if octets + size > limit:
            parts.append("".join(current))
            current, octets = [], 0
            limit = LINE_OCTETS - 1  # a continuation line starts with one space
        current.append(char)
        octets += size
    parts.append("".join(current))
    return (CRLF + " ").join(parts)
