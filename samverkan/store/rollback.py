"""Withdrawing an upload (rollback) and restoring it: flags and a log, nothing deleted.

An upload is withdrawn by marking every batch it made `withdrawn`; every fetch that picks an
agreement's current plan or the survey's values already skips withdrawn batches, so the
previous state returns by itself. Each withdrawal and restore is logged (who, when) in
`upload_withdrawal` (store.schema: stores made before it get it, empty, when first opened).
"""

from __future__ import annotations

import datetime as dt

from samverkan.models import PlanKind, Withdrawal
from samverkan.store.connection import Connection, transaction


class UploadNotFound(LookupError):
    """No upload has this id, or it made no batch."""


class CheckInsOnTop(RuntimeError):
    """Check-ins were made on the upload's plan: each copied it, so withdrawing the upload
    alone would change nothing the pages show (its plan, a comment, stays current)."""

    def __init__(self, upload_id: int, checkins: list[int]) -> None:
        super().__init__(upload_id, checkins)
        self.upload_id = upload_id
        self.checkins = checkins


def withdraw_refusal(refused: CheckInsOnTop) -> str:
    """Why the upload is not withdrawn, as one Swedish sentence that says nothing changed."""
    numbers = ", ".join(str(n) for n in sorted(refused.checkins, reverse=True))
    return (
        f"Uppladdning {refused.upload_id} drogs inte tillbaka: incheckningarna efter den "
        f"({numbers}) bygger på dess plan, så den skulle gälla ändå. Dra tillbaka dem först, "
        "den senaste först. Inget ändrades."
    )


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
        on_top = _checkins_on_top(con, upload_id) if withdrawn else []
        if on_top:
            raise CheckInsOnTop(upload_id, on_top)
        con.execute(
            "UPDATE import_batch SET withdrawn = ? WHERE upload_id = ?", [withdrawn, upload_id]
        )
        con.execute(
            "INSERT INTO upload_withdrawal (upload_id, withdrawn, changed_by, changed_at, entry)"
            " VALUES (?, ?, ?, ?, nextval('entry_ids'))",
            [upload_id, withdrawn, changed_by, when],
        )
    return True


def _checkins_on_top(con: Connection, upload_id: int) -> list[int]:
    """The check-ins (their upload ids) between the upload's plan and each agreement's current
    one: every version after it, newest first, back to it, when each is a check-in (a file
    after it restates the plan: the upload's no longer counts, and withdrawing it is safe)."""
    found: set[int] = set()
    batches = con.execute(
        "SELECT agreement_id, id FROM import_batch WHERE upload_id = ? AND kind = ?"
        " AND agreement_id IS NOT NULL AND NOT withdrawn",
        [upload_id, PlanKind.PLAN.value],
    ).fetchall()
    for agreement_id, batch_id in batches:
        versions = con.execute(
            "SELECT b.id, b.upload_id, EXISTS (SELECT 1 FROM checkin c WHERE c.upload_id ="
            " b.upload_id) FROM import_batch b JOIN upload u ON u.id = b.upload_id"
            " WHERE b.agreement_id = ? AND b.kind = ? AND NOT b.withdrawn"
            " ORDER BY u.uploaded_at DESC, b.id DESC",
            [agreement_id, PlanKind.PLAN.value],
        ).fetchall()
        on_top: list[int] = []
        for version, version_upload, is_checkin in versions:
            if version == batch_id:
                found.update(on_top)
                break
            if not is_checkin:
                break
            on_top.append(int(version_upload))
    return sorted(found)


def fetch_withdrawals(con: Connection) -> dict[int, Withdrawal]:
    """The newest withdrawal of every upload that is withdrawn now, by upload id."""
    rows = con.execute(
        "SELECT w.upload_id, w.withdrawn, w.changed_by, w.changed_at FROM ("
        " SELECT upload_id, withdrawn, changed_by, changed_at, row_number() OVER ("
        "  PARTITION BY upload_id ORDER BY changed_at DESC, entry DESC) AS newest"
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
        " WHERE upload_id = ? ORDER BY changed_at, entry",
        [upload_id],
    ).fetchall()
    return [
        Withdrawal(upload_id=r[0], withdrawn=r[1], changed_by=r[2], changed_at=r[3]) for r in rows
    ]
