"""Coordinators' ej offentlig choices in the store: one per agreement and activity key.

The `confidential_mark` table is part of the store's schema (store.schema); every plan read
(store.plans.fetch_batch_activities) lays it over the file's Ej offentlig column, so the choice
holds for every page, export and report, for earlier uploads as for later ones. Nothing is
deleted: taking a mark back is a mark of its own, so the table says who chose what last.
A new plan's upload writes marks too, inside its own transaction: where an ej offentlig
activity's title changed, the choice follows it (confidentiality.carry_confidential_marks).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from samverkan.models import ConfidentialMark
from samverkan.store.connection import Connection, transaction


def save_confidential_marks(
    con: Connection, agreement_id: int, choices: Mapping[str, bool], actor: str
) -> None:
    """Keep the choices (activity key → ej offentlig) for the agreement, all or none."""
    if not choices:
        return
    now = dt.datetime.now().replace(microsecond=0)
    marks = [
        ConfidentialMark(activity_key=key, confidential=bool(value), set_by=actor, set_at=now)
        for key, value in choices.items()
    ]
    with transaction(con):
        insert_confidential_marks(con, agreement_id, marks)


def insert_confidential_marks(
    con: Connection, agreement_id: int, marks: Sequence[ConfidentialMark]
) -> None:
    """Write the marks inside the caller's transaction (an upload's carries its carried ones)."""
    if not marks:
        return
    con.executemany(
        "INSERT INTO confidential_mark"
        " (agreement_id, activity_key, confidential, set_by, set_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (agreement_id, activity_key) DO UPDATE"
        " SET confidential = excluded.confidential, set_by = excluded.set_by,"
        " set_at = excluded.set_at",
        [[agreement_id, m.activity_key, m.confidential, m.set_by, m.set_at] for m in marks],
    )


def fetch_confidential_marks(con: Connection, agreement_id: int) -> dict[str, ConfidentialMark]:
    """The agreement's choices made in the app, by activity key."""
    rows = con.execute(
        "SELECT activity_key, confidential, set_by, set_at FROM confidential_mark"
        " WHERE agreement_id = ? ORDER BY activity_key",
        [agreement_id],
    ).fetchall()
    return {
        str(r[0]): ConfidentialMark(activity_key=r[0], confidential=r[1], set_by=r[2], set_at=r[3])
        for r in rows
    }
