"""An agreement's uploads over time: each version of the plan, and what it changed; and the
kommun's survey uploads, which can be withdrawn the same way. A check-in made in the app is a
version too (its entry carries the check-in).

The first upload changes nothing (there is nothing before it); a withdrawn batch is listed but
skipped when comparing, so the next upload is compared with the last plan that counted.
Each entry names every kommun with rows in its upload: fetch_original_for hands the original
file only to someone who may write for all of them (access.may_take_original).
"""

from __future__ import annotations

from samverkan import store
from samverkan.access import LOCAL_ADMIN, may_take_original
from samverkan.changes_since import compare_uploads
from samverkan.models import (
    AuditAction,
    ChangesSince,
    Status,
    SurveyUploadEntry,
    UploadHistoryEntry,
    UserAccount,
    is_planned,
)
from samverkan.store import rollback as store_rollback
from samverkan.store.audit import save_audit_entry
from samverkan.store.checkins import fetch_checkins
from samverkan.store.users import fetch_user


def build_upload_history(con: store.Connection, agreement_id: int) -> list[UploadHistoryEntry]:
    """Every plan upload of the agreement, oldest first, with its progress and its changes."""
    agreement = store.fetch_agreement(con, agreement_id)
    if agreement is None:
        return []
    uploads = {u.id: u for u in store.fetch_uploads(con, agreement_id)}
    checkins = {c.upload_id: c for c in fetch_checkins(con, agreement_id)}
    kommuner = store.fetch_upload_kommuner(con, list(uploads))
    withdrawals = store_rollback.fetch_withdrawals(con)
    batches = store.fetch_agreement_batches(con, agreement_id)
    plans = {batch.id: store.fetch_batch_activities(con, batch.id) for batch in batches}
    counted = [batch for batch in batches if not batch.withdrawn]
    compared = compare_uploads(agreement, [(uploads[b.upload_id], plans[b.id]) for b in counted])
    changes = dict(zip([b.id for b in counted[1:]], compared, strict=True))
    return [
        UploadHistoryEntry(
            upload=uploads[batch.upload_id],
            batch=batch,
            done=sum(a.status is Status.DONE for a in plans[batch.id]),
            countable=sum(is_planned(a.status) for a in plans[batch.id]),
            changes=changes.get(batch.id),
            withdrawal=withdrawals.get(batch.upload_id) if batch.withdrawn else None,
            kommuner=kommuner.get(batch.upload_id, []),
            checkin=checkins.get(batch.upload_id),
        )
        for batch in batches
    ]


def build_survey_history(con: store.Connection, kommun: str) -> list[SurveyUploadEntry]:
    """Every survey or key-figure upload with values for the kommun, oldest first."""
    withdrawals = store_rollback.fetch_withdrawals(con)
    batches = store.fetch_survey_batches(con, kommun)
    kommuner = store.fetch_upload_kommuner(con, [upload.id for upload, *_ in batches])
    return [
        SurveyUploadEntry(
            upload=upload,
            batch=batch,
            first_year=first,
            last_year=last,
            withdrawal=withdrawals.get(upload.id) if batch.withdrawn else None,
            kommuner=kommuner.get(upload.id, []),
        )
        for upload, batch, first, last in batches
    ]


def fetch_original_for(
    con: store.Connection, upload_id: int, user: UserAccount | None, actor: str
) -> bytes | None:
    """The upload's original file, or None (and a line in the audit log) when the user may not.

    The user's rights are read again from the store, as they are now: a page drawn before an
    admin took a kommun away must not hand out the file after.
    """
    kommuner = store.fetch_upload_kommuner(con, [upload_id]).get(upload_id, [])
    current = user if user is None or user == LOCAL_ADMIN else fetch_user(con, user.email)
    if not may_take_original(current, kommuner):
        save_audit_entry(
            con,
            actor,
            AuditAction.REFUSED,
            f"Originalfilen för uppladdning {upload_id}",
            kommun=", ".join(kommuner) or None,
        )
        return None
    return store.fetch_upload_original(con, upload_id)


def latest_changes(history: list[UploadHistoryEntry]) -> UploadHistoryEntry | None:
    """The newest upload that counts, when there was a plan before it to compare with."""
    current = [e for e in history if not e.batch.withdrawn]
    if len(current) < 2:
        return None
    return current[-1] if current[-1].changes is not None else None


def changes_of_upload(history: list[UploadHistoryEntry], upload_id: int) -> ChangesSince | None:
    """What one upload changed in this agreement's plan (None for its first plan)."""
    for entry in history:
        if entry.upload.id == upload_id:
            return entry.changes
    return None
