"""Pure judgements over a plan: what is late, what lacks follow-up, progress per focus area.

Nothing here is stored: försenad and uppföljning saknas are derived on the judging day.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from samverkan.models import (
    Activity,
    ActivityView,
    Agreement,
    FocusArea,
    FocusAreaSummary,
    Status,
)

NOT_LATE_STATUSES = frozenset({Status.DONE, Status.STANDING, Status.CANCELLED})
NO_FOCUS_AREA = "Utan fokusområde"


def judging_day(agreement: Agreement, as_of: dt.date | None = None) -> dt.date:
    """The day to judge on: the given day or today, but never after the agreement's end."""
    return min(as_of or dt.date.today(), agreement.period_end)


def is_overdue(activity: Activity, as_of: dt.date) -> bool:
    """Due before the judging day and not Genomförd, Stående or Inställd (no status is not done)."""
    return (
        activity.due is not None
        and activity.due < as_of
        and activity.status not in NOT_LATE_STATUSES
    )


def is_followup_missing(activity: Activity, as_of: dt.date) -> bool:
    """Genomförd, its follow-up date passed, and not followed up."""
    return (
        activity.status is Status.DONE
        and activity.followup_due is not None
        and activity.followup_due < as_of
        and activity.followed_up_on is None
    )


def judge_activity(activity: Activity, as_of: dt.date) -> ActivityView:
    """The activity with what the judging day says about it."""
    overdue = is_overdue(activity, as_of)
    days_late = (as_of - activity.due).days if overdue and activity.due else None
    return ActivityView(
        activity=activity,
        overdue=overdue,
        followup_missing=is_followup_missing(activity, as_of),
        days_late=days_late,
    )


def summarize_focus_areas(
    views: list[ActivityView], focus_areas: list[FocusArea] | None = None
) -> list[FocusAreaSummary]:
    """Counts and progress per focus area, in the agreement's order, then any others as met."""
    order = [fa.name for fa in focus_areas or []]
    for view in views:
        name = view.activity.focus_area or NO_FOCUS_AREA
        if name not in order:
            order.append(name)
    grouped: dict[str, list[ActivityView]] = {name: [] for name in order}
    for view in views:
        grouped[view.activity.focus_area or NO_FOCUS_AREA].append(view)
    return [_summary(name, items) for name, items in grouped.items() if items]


def _summary(name: str, views: list[ActivityView]) -> FocusAreaSummary:
    statuses = Counter(v.activity.status for v in views)
    assessments = Counter(v.activity.assessment.value for v in views if v.activity.assessment)
    countable = len(views) - statuses[Status.CANCELLED] - statuses[Status.STANDING]
    return FocusAreaSummary(
        name=name,
        activities=len(views),
        done=statuses[Status.DONE],
        overdue=sum(v.overdue for v in views),
        followup_missing=sum(v.followup_missing for v in views),
        standing=statuses[Status.STANDING],
        cancelled=statuses[Status.CANCELLED],
        in_progress=statuses[Status.IN_PROGRESS],
        not_started=statuses[Status.NOT_STARTED],
        status_missing=statuses[None],
        progress=statuses[Status.DONE] / countable if countable > 0 else None,
        assessments=dict(assessments),
    )
