"""Exports for people who read reports: the late list as an Excel workbook for the minutes.

Every text a coordinator wrote is written as a text cell, never a formula, even when it starts
with = + - or @; activities marked ej offentlig are never exported.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from samverkan.excel.safe_cells import put_cell
from samverkan.glossary import DUE, FOLLOWUP_DUE, FOLLOWUP_MISSING, LATE
from samverkan.metrics import NO_OWNER, days_behind, group_late_commitments
from samverkan.models import ActivityView, Party, PlanStatus, status_word

LATE_SHEET = "Försenade åtaganden"
LATE_COLUMNS = (
    ("Part", 12),
    ("Ansvarig", 28),
    ("Fokusområde", 26),
    ("Aktivitet", 44),
    ("Varför", 20),
    (DUE, 13),
    ("Skrivet i planen", 16),
    (FOLLOWUP_DUE, 13),
    ("Dagar efter", 10),
    ("Status", 13),
    ("Bedömning", 11),
    ("Kommentar", 44),
)
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill(fill_type="solid", start_color="1F4E78", end_color="1F4E78")
_WRAP = Alignment(wrap_text=True, vertical="top")


def build_late_report(status: PlanStatus) -> bytes:
    """The late activities and missing follow-ups, by party and owner, as an xlsx for minutes."""
    workbook = Workbook()
    ws = workbook.active
    assert isinstance(ws, Worksheet)
    ws.title = LATE_SHEET
    agreement = status.agreement
    lpo = f" och LPO {agreement.lpo}" if agreement.lpo else ""
    put_cell(ws, 1, 1, f"Försenade åtaganden – {agreement.kommun}{lpo}").font = Font(
        bold=True, size=14
    )
    put_cell(
        ws, 2, 1, f"Bedömt {status.as_of.isoformat()}, överenskommelse {agreement.period_label}"
    )
    confidential = sum(v.activity.confidential for v in status.activities)
    if confidential:
        put_cell(ws, 3, 1, f"{confidential} aktiviteter märkta ej offentlig är inte med.")
    header_row = 5
    for column, (title, width) in enumerate(LATE_COLUMNS, start=1):
        cell = put_cell(ws, header_row, column, title)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        ws.column_dimensions[get_column_letter(column)].width = width
    row = header_row
    for group in group_late_commitments(status):
        for owner in group.owners:
            for view in owner.commitments:
                if view.activity.confidential:
                    continue
                row += 1
                for column, value in enumerate(_late_row(view, group.party, status.as_of), 1):
                    put_cell(ws, row, column, value).alignment = _WRAP
    if row == header_row:
        put_cell(ws, row + 1, 1, "Inget är försenat och ingen uppföljning saknas.")
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(LATE_COLUMNS))}{max(row, 6)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _late_row(view: ActivityView, party: Party | None, as_of: dt.date) -> tuple[object, ...]:
    activity = view.activity
    return (
        party.value if party else "Ej angiven",
        activity.owner or NO_OWNER,
        activity.focus_area,
        activity.title,
        LATE if view.overdue else FOLLOWUP_MISSING,
        activity.due,
        activity.due_as_written,
        activity.followup_due,
        days_behind(view, as_of),
        status_word(activity.status),
        activity.assessment.value if activity.assessment else None,
        activity.comment,
    )
