"""The report's plan as an Excel workbook in the canonical template's layout.

`samverkan import` reads it back to the same plan (tests/reports/test_reports.py checks every
field), so a kommun can archive it beside the PDF or start next year's plan from it. The template's
writer puts every text as a text cell, so nothing a coordinator typed becomes a formula. It
opens on the Aktivitetsplan sheet (the data), not on the template's instructions.
"""

from __future__ import annotations

from samverkan.excel.parse import parse_due
from samverkan.excel.template import build_plan_workbook
from samverkan.models import Activity, PlanReport


def build_report_workbook(report: PlanReport) -> bytes:
    """The plan at the report's judging day, ej offentlig activities left out, as xlsx bytes
    that open on the plan's sheet."""
    status = report.status
    activities = [as_written(v.activity) for v in status.activities if not v.activity.confidential]
    return build_plan_workbook(
        status.agreement, report.focus_areas, report.goals, activities, opens_on_plan=True
    )


def as_written(activity: Activity) -> Activity:
    """The due date as the coordinator wrote it ("v. 40 2026"), where it reads back the same.

    The template writes a date when there is one; a notation with its own year is written
    instead, so the import keeps both the date and the words. One without a year ("31 maj")
    would depend on the plan's year, so the date is written for it.
    """
    written, due = activity.due_text, activity.due
    if due is None or not written or written == due.isoformat():
        return activity
    if parse_due(written, None).due != due:
        return activity
    return activity.model_copy(update={"due": None})
