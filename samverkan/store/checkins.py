"""Check-ins in the store: one activity updated in the app, saved as a version like an upload.

A check-in is one transaction: an `upload` row (file name "i appen", the check-in itself as
UTF-8 JSON for its original bytes), one plan batch for the agreement whose activity states
are the current batch's copied in one INSERT … SELECT with the activity's changed fields put
in, and a `checkin` row with each field before and after. Every page, report and export reads
the newest batch that is not withdrawn, so the check-in counts from that moment everywhere;
withdrawing it is withdrawing its upload (store.rollback).

Parts:
- save_checkin: the transaction (refused when the plan changed since the check-in was made)
- fetch_checkins: an agreement's check-ins, newest first, withdrawn ones marked
- fetch_pending_checkins: those an upload of a file could contradict (after the agreement's
  last file, not withdrawn)
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from samverkan.models import (
    CHECKIN_FILE_NAME,
    Assessment,
    CheckIn,
    CheckInField,
    CheckInValue,
    FieldChange,
    PlanKind,
    Status,
)
from samverkan.store.connection import Connection, transaction
from samverkan.store.plans import ACTIVITY_COLUMNS
from samverkan.store.uploads import fetch_current_batch_id, insert_batches, insert_upload

# The activity_state columns each field writes: the value, and what the plan "says" (the
# *_text columns keep what was written; a check-in writes its own word or date there).
_WRITES: dict[CheckInField, tuple[str, ...]] = {
    CheckInField.STATUS: ("status", "status_text"),
    CheckInField.DONE_ON: ("done_on",),
    CheckInField.DUE: ("due", "due_text"),
    CheckInField.ASSESSMENT: ("assessment", "assessment_text"),
    CheckInField.COMMENT: ("comment",),
}
_DATE_FIELDS = frozenset({CheckInField.DONE_ON, CheckInField.DUE})
_CHECKIN_COLUMNS = (
    "c.upload_id, c.agreement_id, c.activity_key, c.title, c.fields, c.status_before,"
    " c.status_after, c.done_on_before, c.done_on_after, c.due_before, c.due_after,"
    " c.assessment_before, c.assessment_after, c.comment_before, c.comment_after, c.reason,"
    " c.comment, c.checked_in_by, c.checked_in_at, b.withdrawn"
)


class PlanChanged(RuntimeError):
    """The agreement's current plan is not the one the check-in was made against."""


def save_checkin(
    con: Connection,
    *,
    agreement_id: int,
    based_on_batch: int,
    activity_key: str,
    title: str,
    changes: Sequence[FieldChange],
    reason: str | None,
    comment: str | None,
    by: str,
    at: dt.datetime,
    original: bytes,
) -> int:
    """Store the check-in in one transaction; its upload's id.

    `based_on_batch` is the batch the changes were judged against: when another upload or
    check-in made a newer one meanwhile, nothing is stored (PlanChanged), so no one's change
    is undone by a copy of the plan before it.
    """
    if not changes:
        raise ValueError("A check-in changes at least one field.")
    with transaction(con):
        if fetch_current_batch_id(con, agreement_id) != based_on_batch:
            raise PlanChanged(agreement_id)
        row = con.execute(
            "SELECT count(*) FROM activity_state WHERE batch_id = ?", [based_on_batch]
        ).fetchone()
        rows = int(row[0]) if row else 0
        sha = hashlib.sha256(original).hexdigest()
        upload_id = insert_upload(con, CHECKIN_FILE_NAME, sha, by, at, original)
        (batch,) = insert_batches(con, upload_id, PlanKind.PLAN, [(agreement_id, rows)], 0)
        _copy_plan(con, based_on_batch, batch.id, activity_key, changes)
        _insert_checkin(
            con, upload_id, agreement_id, activity_key, title, changes, reason, comment, by, at
        )
    return upload_id


def _copy_plan(
    con: Connection,
    source: int,
    target: int,
    activity_key: str,
    changes: Sequence[FieldChange],
) -> None:
    """The source batch's activity states as the target's, set-based, with the changes put in."""
    new: dict[str, tuple[str, Any]] = {}
    for change in changes:
        cast = "DATE" if change.field in _DATE_FIELDS else "VARCHAR"
        for column in _WRITES[change.field]:
            new[column] = (cast, _text_value(change.after, as_text=column.endswith("_text")))
    expressions: list[str] = []
    params: list[Any] = [target]
    for column in ACTIVITY_COLUMNS:  # identifiers from code, values as parameters
        if column in new:
            cast, value = new[column]
            cast = "VARCHAR" if column.endswith("_text") else cast
            expressions.append(
                f'CASE WHEN s.activity_key = ? THEN CAST(? AS {cast}) ELSE s."{column}" END'
            )
            params += [activity_key, value]
        else:
            expressions.append(f's."{column}"')
    names = ", ".join(f'"{c}"' for c in ACTIVITY_COLUMNS)
    con.execute(
        f"INSERT INTO activity_state (batch_id, {names}) SELECT ?, {', '.join(expressions)}"
        " FROM activity_state s WHERE s.batch_id = ?",
        [*params, source],
    )


def _text_value(value: CheckInValue, *, as_text: bool) -> Any:
    """A field's value as its column takes it: a date, or the Swedish word; ISO in *_text."""
    if isinstance(value, Status | Assessment):
        return value.value
    if isinstance(value, dt.date) and as_text:
        return value.isoformat()
    return value


def _insert_checkin(
    con: Connection,
    upload_id: int,
    agreement_id: int,
    activity_key: str,
    title: str,
    changes: Sequence[FieldChange],
    reason: str | None,
    comment: str | None,
    by: str,
    at: dt.datetime,
) -> None:
    values: dict[str, Any] = {}
    for change in changes:
        name = change.field.value
        values[f"{name}_before"] = _text_value(change.before, as_text=False)
        values[f"{name}_after"] = _text_value(change.after, as_text=False)
    columns = list(values)  # names from CheckInField, never from input
    con.execute(
        "INSERT INTO checkin (upload_id, agreement_id, activity_key, title, fields, reason,"
        " comment, checked_in_by, checked_in_at"
        + "".join(f", {c}" for c in columns)
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?"
        + ", ?" * len(columns)
        + ")",
        [
            upload_id,
            agreement_id,
            activity_key,
            title,
            [c.field.value for c in changes],
            reason,
            comment,
            by,
            at,
            *values.values(),
        ],
    )


def fetch_checkins(con: Connection, agreement_id: int) -> list[CheckIn]:
    """The agreement's check-ins, newest first; withdrawn ones say so."""
    rows = con.execute(
        f"SELECT {_CHECKIN_COLUMNS} FROM checkin c JOIN import_batch b ON b.upload_id ="
        " c.upload_id WHERE c.agreement_id = ? ORDER BY c.checked_in_at DESC, c.upload_id DESC",
        [agreement_id],
    ).fetchall()
    return [_checkin(r) for r in rows]


def fetch_pending_checkins(
    con: Connection, agreement_ids: Sequence[int], until: dt.datetime | None = None
) -> list[CheckIn]:
    """Check-ins a file uploaded now (or per `until`) could contradict, oldest first.

    Those not withdrawn, made after the agreement's last file upload that counts (a file
    keeps everything checked in before it; in the same second counts as after, so the
    coordinator is asked rather than a check-in undone) and not after `until` (a plan
    back-dated to before a check-in does not become current over it).
    """
    if not agreement_ids:
        return []
    rows = con.execute(
        f"SELECT {_CHECKIN_COLUMNS} FROM checkin c JOIN import_batch b ON b.upload_id ="
        " c.upload_id WHERE c.agreement_id = ANY(?) AND NOT b.withdrawn"
        " AND (CAST(? AS TIMESTAMP) IS NULL OR c.checked_in_at <= ?)"
        " AND c.checked_in_at >= coalesce(("
        "  SELECT max(u.uploaded_at) FROM import_batch fb JOIN upload u ON u.id = fb.upload_id"
        "  WHERE fb.agreement_id = c.agreement_id AND fb.kind = ? AND NOT fb.withdrawn"
        "  AND NOT EXISTS (SELECT 1 FROM checkin o WHERE o.upload_id = fb.upload_id)"
        " ), TIMESTAMP '0001-01-01')"
        " ORDER BY c.checked_in_at, c.upload_id",
        [list(agreement_ids), until, until, PlanKind.PLAN.value],
    ).fetchall()
    return [_checkin(r) for r in rows]


def _checkin(row: Sequence[Any]) -> CheckIn:
    fields = [CheckInField(f) for f in row[4]]
    pairs: dict[CheckInField, tuple[Any, Any]] = {
        CheckInField.STATUS: (row[5], row[6]),
        CheckInField.DONE_ON: (row[7], row[8]),
        CheckInField.DUE: (row[9], row[10]),
        CheckInField.ASSESSMENT: (row[11], row[12]),
        CheckInField.COMMENT: (row[13], row[14]),
    }
    return CheckIn(
        upload_id=row[0],
        agreement_id=row[1],
        activity_key=row[2],
        title=row[3],
        changes=[
            FieldChange(field=f, before=_typed(f, pairs[f][0]), after=_typed(f, pairs[f][1]))
            for f in fields
        ],
        reason=row[15],
        comment=row[16],
        by=row[17],
        at=row[18],
        withdrawn=bool(row[19]),
    )


def _typed(field: CheckInField, value: Any) -> CheckInValue:
    """A stored value as the field's type (a status word as Status, …)."""
    if value is None:
        return None
    if field is CheckInField.STATUS:
        return Status(value)
    if field is CheckInField.ASSESSMENT:
        return Assessment(value)
    return value  # type: ignore[no-any-return]
