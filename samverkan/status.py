"""The status of an agreement's current plan on a day, and its JSON shape for the command line.

Inside the app every logged-in user sees ej offentlig activities; the command line's output
leaves the app (a script, a file, a mail), so it leaves them out unless asked to include them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from samverkan import store
from samverkan.kommuner import canonical_kommun
from samverkan.metrics import judge_activity, judging_day, summarize_focus_areas
from samverkan.models import PlanStatus, StoredAgreement
from samverkan.swedish import format_count


class AgreementChoiceError(ValueError):
    """No agreement, or several, match what was asked; the message says which exist."""


def choose_agreement(
    agreements: list[StoredAgreement], kommun: str | None, on: dt.date | None = None
) -> StoredAgreement:
    """The agreement asked for: the kommun's (the one running on `on`, else its newest)."""
    if not agreements:
        raise AgreementChoiceError(
            "Databasen innehåller ingen överenskommelse ännu. Importera en aktivitetsplan först."
        )
    if kommun is None:
        if len({a.kommun for a in agreements}) > 1:
            raise AgreementChoiceError(
                "Databasen innehåller flera kommuner; ange en med --kommun: "
                + ", ".join(sorted({a.kommun for a in agreements}))
                + "."
            )
        candidates = agreements
    else:
        name = canonical_kommun(kommun) or kommun
        candidates = [a for a in agreements if a.kommun.casefold() == name.casefold()]
        if not candidates:
            raise AgreementChoiceError(
                f'Ingen överenskommelse för "{kommun}". Det finns: '
                + ", ".join(sorted({a.kommun for a in agreements}))
                + "."
            )
    return running_agreement(candidates, on)


def running_agreement(
    agreements: Sequence[StoredAgreement], on: dt.date | None = None
) -> StoredAgreement:
    """The agreement running on `on` (today), else the newest: the latest end, then the latest
    stored. The command line's --kommun and the sidebar's first choice both follow it."""
    day = on or dt.date.today()
    running = [a for a in agreements if a.period_start <= day <= a.period_end]
    return max(running or agreements, key=lambda a: (a.period_end, a.id))


def choose_lpo_agreements(
    agreements: list[StoredAgreement], lpo: str, on: dt.date | None = None
) -> list[StoredAgreement]:
    """Every kommun's agreement with the lokalpolisområde (each the one running on `on`)."""
    wanted = lpo.casefold().removeprefix("lpo").strip()
    matching = [a for a in agreements if (a.lpo or "").casefold().strip() == wanted]
    kommuner = sorted({a.kommun for a in matching})
    return [choose_agreement(matching, kommun, on) for kommun in kommuner]


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
