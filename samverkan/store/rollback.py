"""Withdrawing an upload (rollback) and restoring it: flags and a log, nothing deleted.

An upload is withdrawn by marking every batch it made `withdrawn`; every fetch that picks an
agreement's current plan or the survey's values already skips withdrawn batches, so the
previous state returns by itself. Each withdrawal and restore is logged (who, when) in
`upload_withdrawal` (store.schema: stores made before it get it, empty, when first opened).
"""

from __future__ import annotations

import datetime as dt

from samverkan.models import Withdrawal
from samverkan.store.connection import Connection, transaction


class UploadNotFound(LookupError):
    """No upload has this id, or it made no batch."""


def set_upload_withdrawn(
    con: Connection,
    upload_id: int,
    withdrawn: bool,
    *,
    changed_by: str,
    changed_at: dt.datetime | None = None,
) -> bool:
    """Withdraw (or restore) every batch of the upload in one transaction; False if already so."""
    when = changed_at or dt.datetime.now().replace(microsecond=0)
    with transaction(con):
        flags = con.execute(
            "SELECT withdrawn FROM import_batch WHERE upload_id = ?", [upload_id]
        ).fetchall()
        if not flags:
            raise UploadNotFound(upload_id)
        if all(bool(f[0]) == withdrawn for f in flags):
            return False
        con.execute(
            "UPDATE import_batch SET withdrawn = ? WHERE upload_id = ?", [withdrawn, upload_id]
        )
        con.execute(
            "INSERT INTO upload_withdrawal VALUES (?, ?, ?, ?)",
            [upload_id, withdrawn, changed_by, when],
        )
    return True


def fetch_withdrawals(con: Connection) -> dict[int, Withdrawal]:
    """The newest withdrawal of every upload that is withdrawn now, by upload id."""
    rows = con.execute(
        "SELECT w.upload_id, w.withdrawn, w.changed_by, w.changed_at FROM ("
        " SELECT *, row_number() OVER ("
        "  PARTITION BY upload_id ORDER BY changed_at DESC, rowid DESC) AS newest"
        " FROM upload_withdrawal) w"
        " WHERE w.newest = 1 AND w.withdrawn AND EXISTS ("
        "  SELECT 1 FROM import_batch b WHERE b.upload_id = w.upload_id AND b.withdrawn)"
    ).fetchall()
    return {
        int(r[0]): Withdrawal(upload_id=r[0], withdrawn=r[1], changed_by=r[2], changed_at=r[3])
        for r in rows
    }


def fetch_withdrawal_log(con: Connection, upload_id: int) -> list[Withdrawal]:
    """Every withdrawal and restore of one upload, oldest first."""
    rows = con.execute(
        "SELECT upload_id, withdrawn, changed_by, changed_at FROM upload_withdrawal"
        " WHERE upload_id = ? ORDER BY changed_at, rowid",
        [upload_id],
    ).fetchall()
    return [
        Withdrawal(upload_id=r[0], withdrawn=r[1], changed_by=r[2], changed_at=r[3]) for r in rows
    ]
