"""The current plan as the coordinator's working copy: the template's workbook, read back unchanged.

"Ladda ned aktuell plan" (Ladda upp, Överenskommelse) and `samverkan export-plan` give the
plan of the agreement's latest batch that is not withdrawn (an upload, or a change made in
the app) in the template's layout (excel/template.build_plan_workbook, no second writer), so
the coordinator edits the app's plan instead of an older copy. Importing the file onto the
same store gives the same activity states: Förändringar shows nothing changed
(tests/exports/test_current_plan.py, a property test over generated plans and the samples).

Parts:
- current_plan_cells: an activity's cells, each word as the coordinator wrote it ("Klar",
  "v. 20", "Bostadsbolaget") where the import reads it back to the same value, else the
  app's word or date
- plan_year_for: the year a due date written without one ("v. 20") is read in, written on the
  Överenskommelse sheet so the file's name (which carries today's date) does not decide it
- build_current_plan_workbook (pure), build_current_plan (from the store),
  fetch_current_plan_for (the same, for a user whose rights are read again), current_plan_file_name

Ej offentlig activities stay in, with Ja in the template's Ej offentlig column (the app's
choice where one was made, store.confidential), so the file reads back the same. The file is
for those who may write the kommun's plan (access.may_take_current_plan): like the uploaded
original, it holds every row.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from enum import Enum

from samverkan import store
from samverkan.access import LOCAL_ADMIN, may_take_current_plan
from samverkan.excel.parse import (
    parse_assessment_text,
    parse_due,
    parse_party,
    parse_status,
)
from samverkan.excel.template import PLAN_HEADERS, build_plan_workbook, plan_values
from samverkan.models import (
    STATUS_MISSING_LABEL,
    Activity,
    Agreement,
    AuditAction,
    FocusArea,
    Goal,
    Status,
    StoredAgreement,
    UserAccount,
)
from samverkan.store import Connection
from samverkan.store.audit import save_audit_entry
from samverkan.store.users import fetch_user

_COLUMN = {header: index for index, header in enumerate(PLAN_HEADERS)}
_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "Å": "A", "Ä": "A", "Ö": "O"})


class NoCurrentPlan(LookupError):
    """The agreement has no plan yet (nothing uploaded, or every upload withdrawn)."""


def current_plan_file_name(kommun: str, day: dt.date) -> str:
    """'Samverkan-Burlov-aktuell-plan-2026-12-07.xlsx': letters a browser and a mail keep."""
    ascii_name = kommun.translate(_ASCII)
    safe = "".join(c if c.isalnum() and c.isascii() else "-" for c in ascii_name).strip("-")
    return f"Samverkan-{safe or 'kommun'}-aktuell-plan-{day.isoformat()}.xlsx"


def build_current_plan(con: Connection, agreement_id: int) -> bytes:
    """The agreement's current plan as the template's workbook; NoCurrentPlan without one."""
    agreement = store.fetch_agreement(con, agreement_id)
    activities = store.fetch_current_activities(con, agreement_id)
    if agreement is None or not activities:
        raise NoCurrentPlan(agreement_id)
    return build_current_plan_workbook(
        agreement,
        store.fetch_focus_areas(con, agreement_id),
        store.fetch_goals(con, agreement_id),
        activities,
    )


def fetch_current_plan_for(
    con: Connection, agreement: StoredAgreement, user: UserAccount | None, actor: str
) -> bytes | None:
    """The current plan for the user, or None (and a line in the audit log) when they may not.

    The user's rights are read again from the store, as they are now, as for the original
    file (history.fetch_original_for): a page drawn before a kommun was taken away must not
    hand out the file after. Raises NoCurrentPlan when there is no plan.
    """
    current = user if user is None or user == LOCAL_ADMIN else fetch_user(con, user.email)
    if not may_take_current_plan(current, agreement.kommun):
        save_audit_entry(
            con, actor, AuditAction.REFUSED, "Den aktuella planen", kommun=agreement.kommun
        )
        return None
    return build_current_plan(con, agreement.id)


def build_current_plan_workbook(
    agreement: Agreement,
    focus_areas: list[FocusArea],
    goals: list[Goal],
    activities: list[Activity],
) -> bytes:
    """The plan in the template's layout, each cell as current_plan_cells writes it."""
    year = plan_year_for(activities)
    return build_plan_workbook(
        agreement,
        focus_areas,
        goals,
        activities,
        opens_on_plan=True,
        plan_year=year,
        row_values=lambda activity: current_plan_cells(activity, year),
    )


def current_plan_cells(activity: Activity, plan_year: int | None) -> tuple[object, ...]:
    """The activity's cells in PLAN_HEADERS order, words as written where they read back."""
    cells = list(plan_values(activity))
    cells[_COLUMN["Slutdatum"]] = _due_cell(activity, plan_year)
    cells[_COLUMN["Status"]] = _status_cell(activity)
    cells[_COLUMN["Ansvarig part"]] = _as_written(
        activity.party, activity.party_text, lambda t: parse_party(t).party
    )
    cells[_COLUMN["Bedömning"]] = _as_written(
        activity.assessment, activity.assessment_text, parse_assessment_text
    )
    return tuple(cells)


def plan_year_for(activities: Sequence[Activity]) -> int | None:
    """The year that reads the most due dates written without one ("v. 20", "31 maj") back to
    their dates; None when no due date needs a year."""
    fits: Counter[int] = Counter()
    for activity in activities:
        text, due = activity.due_text, activity.due
        if text is None or due is None or text == due.isoformat():
            continue
        if parse_due(text, None).due == due:
            continue  # it names its year ("v. 20 2026")
        for year in (due.year, due.year - 1, due.year + 1):
            if parse_due(text, year).due == due:
                fits[year] += 1
    return fits.most_common(1)[0][0] if fits else None


def _due_cell(activity: Activity, plan_year: int | None) -> object:
    """The due date as written ("v. 20", "löpande", "oklart") where it reads back the same,
    else the date."""
    text, due = activity.due_text, activity.due
    if text is None:
        return due
    if due is None or text == due.isoformat():
        return text if due is None else due
    return text if parse_due(text, plan_year).due == due else due


def _status_cell(activity: Activity) -> object:
    """The status as written. A standing due date ("löpande") with an empty status cell reads
    as Stående: empty where that is the status, "Ej angiven" (STATUS_MISSING_LABEL) where
    there was none (a plan without a status column), which reads back as no status."""
    status, text = activity.status, activity.status_text
    if text is None and parse_due(activity.due_text, None).is_standing:
        if status is Status.STANDING:
            return None
        if status is None:
            return STATUS_MISSING_LABEL
    return _as_written(status, text, lambda t: parse_status(t).status)


def _as_written(value: Enum | None, text: str | None, parse: Callable[[str], object]) -> object:
    """The word the coordinator wrote where it reads back as the same value, else the app's."""
    if text is not None and parse(text) == value:
        return text
    return None if value is None else value.value
