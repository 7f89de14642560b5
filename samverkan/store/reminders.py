"""Reminders in the store: the owners' e-mail register per kommun, and the reminders sent.

The tables (owner_address, reminder_sent) are in store.schema (version 5); this module holds
their SQL. A kommun is saved by its own name and matched without regard to case; an owner as
the register wrote it (the plans' own spelling, trimmed), also matched without regard to case,
so "kommunpolis" in a later plan finds the address given for "Kommunpolis". Case is folded
here in Python, not by SQL's lower(): PostgreSQL's, in the C collation the store's text has,
leaves Ö and Å as they are (the register is a few hundred rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from samverkan.kommuner import canonical_kommun
from samverkan.models import OwnerAddress, SentReminder
from samverkan.store.connection import Connection, transaction


def save_owner_addresses(
    con: Connection,
    kommun: str,
    addresses: Mapping[str, str | None],
    set_by: str,
    at: dt.datetime | None = None,
) -> int:
    """Give each owner its address (None or '' takes it away), in one transaction.

    Only the owners named are touched; returns how many rows changed. Addresses are checked
    by the caller (reminders.email_refusal) before they come here.
    """
    moment = at or dt.datetime.now()
    kommun = canonical_kommun(kommun) or kommun.strip()
    current = {a.owner.casefold(): a for a in fetch_owner_addresses(con, kommun)}
    changed = 0
    with transaction(con):
        for owner, email in addresses.items():
            name = owner.strip()
            if not name:
                continue
            before = current.get(name.casefold())
            wanted = (email or "").strip() or None
            if before is not None and before.email == wanted:
                continue
            if before is None and wanted is None:
                continue
            if before is not None:
                con.execute(
                    "DELETE FROM owner_address WHERE kommun = ? AND owner = ?",
                    [before.kommun, before.owner],
                )
            current.pop(name.casefold(), None)
            if wanted is not None:
                con.execute(
                    "INSERT INTO owner_address VALUES (?, ?, ?, ?, ?)",
                    [kommun, name, wanted, set_by, moment],
                )
                current[name.casefold()] = OwnerAddress(
                    kommun=kommun, owner=name, email=wanted, set_by=set_by, set_at=moment
                )
            changed += 1
    return changed


def fetch_owner_addresses(con: Connection, kommun: str) -> list[OwnerAddress]:
    """The kommun's register, by owner."""
    rows = con.execute("SELECT kommun, owner, email, set_by, set_at FROM owner_address").fetchall()
    wanted = kommun.casefold()
    found = [
        OwnerAddress(kommun=r[0], owner=r[1], email=r[2], set_by=r[3], set_at=r[4])
        for r in rows
        if str(r[0]).casefold() == wanted
    ]
    return sorted(found, key=lambda a: a.owner.casefold())


def fetch_register_kommuner(con: Connection) -> list[str]:
    """The kommuner whose register holds at least one address (those `remind` looks at)."""
    rows = con.execute("SELECT DISTINCT kommun FROM owner_address ORDER BY kommun").fetchall()
    return [str(r[0]) for r in rows]


def save_sent_reminder(con: Connection, sent: SentReminder) -> None:
    """Remember one reminder the mail server accepted (called once per accepted message)."""
    with transaction(con):
        con.execute(
            "INSERT INTO reminder_sent (email, kommun, content_sha256, sent_at, sent_by,"
            " meeting_on) VALUES (?, ?, ?, ?, ?, ?)",
            [
                sent.email,
                sent.kommun,
                sent.content_sha256,
                sent.sent_at,
                sent.sent_by,
                sent.meeting_on,
            ],
        )


def fetch_sent_reminders(
    con: Connection, kommun: str, since: dt.datetime | None = None
) -> list[SentReminder]:
    """The kommun's reminders sent at or after `since` (every one without), the latest first."""
    rows = con.execute(
        "SELECT email, kommun, content_sha256, sent_at, sent_by, meeting_on FROM reminder_sent"
        " WHERE sent_at >= ? ORDER BY sent_at DESC",
        [since or dt.datetime.min],
    ).fetchall()
    wanted = kommun.casefold()
    return [_sent(r) for r in rows if str(r[1]).casefold() == wanted]


def _sent(row: tuple[Any, ...]) -> SentReminder:
    return SentReminder(
        email=row[0],
        kommun=row[1],
        content_sha256=row[2],
        sent_at=row[3],
        sent_by=row[4],
        meeting_on=row[5],
    )
