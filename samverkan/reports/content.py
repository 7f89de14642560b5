"""What a report says: the plan as it stood on the judging day, and what changed over the period.

Ej offentlig activities are taken out here, before anything is counted, so no export built
from a PlanReport can show them (only how many were left out).

The changes over the period go through `plan_changes_over`, the one place to switch when the
meetings' "changes since" logic replaces today's upload-to-upload comparison.
"""

from __future__ import annotations

import datetime as dt

from samverkan import store
from samverkan.changes import compare_plans
from samverkan.metrics import judge_activity, judging_day, summarize_focus_areas
from samverkan.models import (
    Activity,
    PlanChanges,
    PlanReport,
    PlanStatus,
    ReportPeriod,
    StoredAgreement,
    Upload,
)
from samverkan.swedish import format_date


def build_plan_report(
    con: store.Connection, agreement: StoredAgreement, period: ReportPeriod, as_of: dt.date
) -> PlanReport:
    """The report of `period` judged on `as_of` (at most the period's and agreement's end)."""
    day = judging_day(agreement, min(as_of, period.end))
    state = plan_at(con, agreement.id, day)
    upload, activities = state if state else (None, [])
    public = public_activities(activities)
    focus_areas = store.fetch_focus_areas(con, agreement.id)
    views = [judge_activity(a, day) for a in public]
    status = PlanStatus(
        as_of=day,
        agreement=agreement,
        focus_areas=summarize_focus_areas(views, focus_areas),
        activities=views,
        upload=upload,
    )
    compared = plan_changes_over(con, agreement.id, period.start, day)
    return PlanReport(
        period=period,
        status=status,
        focus_areas=focus_areas,
        goals=store.fetch_goals(con, agreement.id),
        changes=compared[1] if compared else None,
        changes_from=compared[0] if compared else None,
        hidden=len(activities) - len(public),
        first_plan_on=None if state else first_plan_day(con, agreement.id),
    )


def first_plan_day(con: store.Connection, agreement_id: int) -> dt.date | None:
    """The day the agreement's first plan that counts (not withdrawn) was uploaded."""
    uploads = {u.id: u for u in store.fetch_uploads(con, agreement_id)}
    days = [
        uploads[b.upload_id].uploaded_at.date()
        for b in store.fetch_agreement_batches(con, agreement_id)
        if not b.withdrawn
    ]
    return min(days, default=None)


def public_activities(activities: list[Activity]) -> list[Activity]:
    """The activities that may leave the app: every one not marked ej offentlig."""
    return [a for a in activities if not a.confidential]


def plan_at(
    con: store.Connection, agreement_id: int, day: dt.date, *, first_from: dt.date | None = None
) -> tuple[Upload, list[Activity]] | None:
    """The plan as it stood on `day`: the newest upload that counts made on or before it.

    With `first_from`, the oldest such upload made on or after that day instead.
    """
    uploads = {u.id: u for u in store.fetch_uploads(con, agreement_id)}
    chosen = None
    for batch in store.fetch_agreement_batches(con, agreement_id):  # oldest first
        upload = uploads[batch.upload_id]
        made = upload.uploaded_at.date()
        if batch.withdrawn or made > day or (first_from is not None and made < first_from):
            continue
        chosen = (upload, batch.id)
        if first_from is not None:
            break
    if chosen is None:
        return None
    return chosen[0], store.fetch_batch_activities(con, chosen[1])


def plan_changes_over(
    con: store.Connection, agreement_id: int, since: dt.date, until: dt.date
) -> tuple[Upload, PlanChanges] | None:
    """What changed in the public plan over the period, and the upload it was compared with.

    The plan that stood when the period began is compared with the plan on `until`; where
    the plan came during the period, its first upload then is. None for a single plan.
    """
    before = plan_at(con, agreement_id, since - dt.timedelta(days=1))
    if before is None:
        before = plan_at(con, agreement_id, until, first_from=since)
    after = plan_at(con, agreement_id, until)
    if (
        before is None
        or after is None
        or (before[0].uploaded_at.date() >= since and before[0].id == after[0].id)
    ):
        return None
    # An activity marked ej offentlig now is left out of both sides, not shown as removed.
    hidden = {a.activity_key for a in after[1] if a.confidential}
    earlier = [a for a in public_activities(before[1]) if a.activity_key not in hidden]
    return before[0], compare_plans(earlier, public_activities(after[1]))


def missing_plan_text(first_plan_on: dt.date | None, day: dt.date) -> str | None:
    """Why a report judged on `day` has no plan to show, in a sentence; None when it has one."""
    if first_plan_on is None:
        return "Överenskommelsen har ingen aktivitetsplan inläst ännu, så rapporten blir tom."
    if first_plan_on <= day:
        return None
    return (
        f"Den första aktivitetsplanen laddades upp {format_date(first_plan_on)}, efter "
        f"{format_date(day)} som rapporten bedöms på, så rapporten blir tom. Välj en senare "
        "period, eller läs in planen som den såg ut då med sitt datum: "
        "`samverkan import FIL --uploaded-at ÅÅÅÅ-MM-DD`."
    )
