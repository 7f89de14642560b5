"""The status of an agreement's current plan on a day, and its JSON shape for the command line.

Inside the app every logged-in user sees ej offentlig activities; the command line's output
leaves the app (a script, a file, a mail), so it leaves them out unless asked to include them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from samverkan import store
from samverkan.metrics import judge_activity, judging_day, summarize_focus_areas
from samverkan.models import PlanStatus, StoredAgreement
from samverkan.swedish import format_count


def build_plan_status(
    con: store.Connection,
    agreement: StoredAgreement,
    as_of: dt.date | None = None,
    *,
    include_confidential: bool = True,
) -> PlanStatus:
    """Fetch the agreement's current plan and judge it on `as_of` (clamped to the period's end).

    Without `include_confidential` ej offentlig activities are left out before anything is
    counted, and `hidden` says how many.
    """
    day = judging_day(agreement, as_of)
    every = store.fetch_current_activities(con, agreement.id)
    activities = every if include_confidential else [a for a in every if not a.confidential]
    views = [judge_activity(a, day) for a in activities]
    focus_areas = store.fetch_focus_areas(con, agreement.id)
    return PlanStatus(
        as_of=day,
        agreement=agreement,
        focus_areas=summarize_focus_areas(views, focus_areas),
        activities=views,
        upload=store.fetch_current_upload(con, agreement.id),
        hidden=len(every) - len(activities),
    )


def plan_status_json(status: PlanStatus, *, include_confidential: bool = False) -> dict[str, Any]:
    """The `samverkan status --json` document (DESIGN.md's contract).

    `confidential` says whether ej offentlig activities are in it and how many there are;
    each activity carries its own `confidential` only when they are included. An ej offentlig
    activity in `status` is left out here too unless included.
    """
    shown = [v for v in status.activities if include_confidential or not v.activity.confidential]
    marked = sum(v.activity.confidential for v in status.activities)
    return {
        "as_of": status.as_of.isoformat(),
        "kommun": status.agreement.kommun,
        "lpo": status.agreement.lpo,
        "period": [
            status.agreement.period_start.isoformat(),
            status.agreement.period_end.isoformat(),
        ],
        "focus_areas": [fa.model_dump(mode="json") for fa in status.focus_areas],
        "activities": [
            {
                "id": v.activity.activity_key,
                "focus_area": v.activity.focus_area,
                "title": v.activity.title,
                "party": _word(v.activity.party),
                "owner": v.activity.owner,
                "due": _iso(v.activity.due),
                "due_text": v.activity.due_text,
                "done_on": _iso(v.activity.done_on),
                "status": _word(v.activity.status),
                "assessment": _word(v.activity.assessment),
                "overdue": v.overdue,
                "followup_missing": v.followup_missing,
                "citizen_promise": v.activity.citizen_promise,
            }
            | ({"confidential": v.activity.confidential} if include_confidential else {})
            for v in shown
        ],
        "confidential": {
            "included": include_confidential,
            "activities": marked if include_confidential else status.hidden + marked,
        },
    }


def confidential_line(count: int, included: bool) -> str | None:
    """'2 ej offentliga aktiviteter är inte med (…)': the text output's word on them."""
    if not count:
        return None
    counted = format_count(count, "ej offentlig aktivitet", "ej offentliga aktiviteter")
    if included:
        return f"{counted} är med (--include-confidential): sprid inte utskriften vidare."
    return f"{counted} är inte med (--include-confidential tar med dem)."


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _word(value: Any) -> str | None:
    return None if value is None else str(value.value)
