"""The meeting register in the store: the meetings where an agreement was followed up.

The `meeting` table is part of the store's schema (store.schema); this module holds its SQL.
Writes are transactions (store.connection), like every other write.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from samverkan.models import Meeting, MeetingBody
from samverkan.store.connection import Connection, transaction

MAX_NOTE_LENGTH = 2000


def save_meeting(
    con: Connection,
    agreement_id: int,
    held_on: dt.date,
    body: MeetingBody,
    note: str | None = None,
) -> Meeting:
    """Register a meeting of the agreement; an empty note is stored as none."""
    text = (note or "").strip()[:MAX_NOTE_LENGTH] or None
    with transaction(con):
        row = con.execute(
            "INSERT INTO meeting (agreement_id, held_on, body, note) VALUES (?, ?, ?, ?)"
            " RETURNING id",
            [agreement_id, held_on, body.value, text],
        ).fetchone()
    assert row is not None
    return Meeting(id=int(row[0]), agreement_id=agreement_id, held_on=held_on, body=body, note=text)


def fetch_meetings(con: Connection, agreement_id: int) -> list[Meeting]:
    """The agreement's meetings, the latest first."""
    rows = con.execute(
        "SELECT id, agreement_id, held_on, body, note FROM meeting WHERE agreement_id = ?"
        " ORDER BY held_on DESC, id DESC",
        [agreement_id],
    ).fetchall()
    return [_meeting(r) for r in rows]


def fetch_last_meeting(
    con: Connection, agreement_id: int, before: dt.date | None = None
) -> Meeting | None:
    """The latest meeting held on or before `before` (today when not given)."""
    day = before or dt.date.today()
    row = con.execute(
        "SELECT id, agreement_id, held_on, body, note FROM meeting"
        " WHERE agreement_id = ? AND held_on <= ? ORDER BY held_on DESC, id DESC LIMIT 1",
        [agreement_id, day],
    ).fetchone()
    return _meeting(row) if row else None


def delete_meeting(con: Connection, meeting_id: int) -> bool:
    """Remove a meeting registered by mistake; False when there was none with that id."""
    with transaction(con):
        row = con.execute("DELETE FROM meeting WHERE id = ? RETURNING id", [meeting_id]).fetchone()
    return row is not None


def _meeting(row: tuple[Any, ...]) -> Meeting:
    return Meeting(
        id=row[0], agreement_id=row[1], held_on=row[2], body=MeetingBody(row[3]), note=row[4]
    )
