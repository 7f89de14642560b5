"""The audit log in the store: who did what, when, for which kommun (issue 7).

Logins, uploads, meetings, rollbacks, agreement edits, user changes and refused writes each
add one row. Rows are only ever added: nothing in the app changes or removes them. The table
is part of the store's schema (store.schema): a store from before it reads as an empty log.

A row holds at most a few kilobytes whatever it is given (a failed login's e-mail is typed by
anyone): each text is cut at its limit and the cut is marked, saying how long the text was.
"""

from __future__ import annotations

import datetime as dt

from samverkan.models import AuditAction, AuditEntry
from samverkan.store.connection import Connection, transaction

MAX_DETAIL_LENGTH = 2000
MAX_ACTOR_LENGTH = 400
MAX_KOMMUN_LENGTH = 100


def save_audit_entry(
    con: Connection,
    actor: str,
    action: AuditAction,
    detail: str = "",
    *,
    kommun: str | None = None,
    at: dt.datetime | None = None,
) -> AuditEntry:
    """Add one line to the log."""
    entry = AuditEntry(
        at=at or dt.datetime.now().replace(microsecond=0),
        actor=capped_text(actor, MAX_ACTOR_LENGTH),
        action=action,
        kommun=capped_text(kommun, MAX_KOMMUN_LENGTH) if kommun is not None else None,
        detail=capped_text(detail, MAX_DETAIL_LENGTH),
    )
    with transaction(con):
        con.execute(
            "INSERT INTO audit_log (logged_at, actor, action, kommun, detail, entry)"
            " VALUES (?, ?, ?, ?, ?, nextval('entry_ids'))",
            [entry.at, entry.actor, entry.action.value, entry.kommun, entry.detail],
        )
    return entry


def capped_text(text: str, limit: int) -> str:
    """The text, or its start and '… [avkortad, 5242880 tecken]' when it is longer than limit."""
    if len(text) <= limit:
        return text
    mark = f"… [avkortad, {len(text)} tecken]"
    return text[: max(limit - len(mark), 0)] + mark


def fetch_audit_log(con: Connection, limit: int | None = None) -> list[AuditEntry]:
    """The log, newest first (all of it, or the newest `limit` lines)."""
    rows = con.execute(
        "SELECT logged_at, actor, action, kommun, detail FROM audit_log"
        " ORDER BY logged_at DESC, entry DESC LIMIT ?",
        [limit if limit is not None else 2**62],
    ).fetchall()
    return [
        AuditEntry(at=r[0], actor=r[1], action=AuditAction(r[2]), kommun=r[3], detail=r[4])
        for r in rows
    ]
