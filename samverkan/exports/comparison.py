"""Jämförelse as an Excel workbook for the region's own follow-up: one row per agreement.

Every cell goes through safe_cells.put_cell (the one writer of every workbook we export): a
kommun or LPO written "=…" stays text. Shares are numbers formatted as percent, so the
region's own sheet can sort and sum them; dates are dates.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from samverkan.comparison import STALE_DAYS
from samverkan.excel.safe_cells import put_cell
from samverkan.models import ComparisonRow

COMPARISON_SHEET = "Jämförelse"
COMPARISON_COLUMNS = (
    ("Kommun", 18),
    ("LPO", 16),
    ("Period från", 12),
    ("Period till", 12),
    ("Bedömt", 12),
    ("Aktiviteter", 11),
    ("Planerade", 11),
    ("Genomförda", 11),
    ("Genomfört av planerat", 12),
    ("Försenade", 10),
    ("Försenade av planerade", 12),
    ("Uppföljning saknas", 11),
    ("Mål uppnådda eller på väg", 12),
    ("Mål", 8),
    ("Indikator", 28),
    ("Senaste år", 10),
    ("Senaste värde", 10),
    ("Målvärde", 10),
    ("Senast uppladdad", 14),
    ("Dagar sedan uppladdning", 12),
    (f"Inte uppdaterad på {STALE_DAYS} dagar", 14),
)
_PERCENT_COLUMNS = frozenset({"Genomfört av planerat", "Försenade av planerade"})
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill(fill_type="solid", start_color="1F4E78", end_color="1F4E78")
HEADER_ROW = 3


def build_comparison_workbook(rows: list[ComparisonRow], scope: str, day: dt.date) -> bytes:
    """The table of Jämförelse as an xlsx: a title, the day, then one row per agreement."""
    workbook = Workbook()
    ws = workbook.active
    assert isinstance(ws, Worksheet)
    ws.title = COMPARISON_SHEET
    put_cell(ws, 1, 1, f"Jämförelse – {scope}").font = Font(bold=True, size=14)
    put_cell(ws, 2, 1, f"Bedömt {day.isoformat()}: överenskommelser som gäller den dagen")
    for column, (title, width) in enumerate(COMPARISON_COLUMNS, start=1):
        cell = put_cell(ws, HEADER_ROW, column, title)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        ws.column_dimensions[get_column_letter(column)].width = width
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(comparison_cells(row), start=1):
            cell = put_cell(ws, HEADER_ROW + offset, column, value)
            if COMPARISON_COLUMNS[column - 1][0] in _PERCENT_COLUMNS:
                cell.number_format = "0%"
    ws.freeze_panes = f"B{HEADER_ROW + 1}"
    last = get_column_letter(len(COMPARISON_COLUMNS))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(len(rows), 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def comparison_cells(row: ComparisonRow) -> list[object]:
    """One agreement's cells in COMPARISON_COLUMNS' order (None: nothing to say)."""
    agreement = row.agreement
    return [
        agreement.kommun,
        agreement.lpo,
        agreement.period_start,
        agreement.period_end,
        row.as_of,
        row.activities,
        row.planned,
        row.done,
        row.progress,
        row.late,
        row.late_share,
        row.followup_missing,
        row.goals_met_or_on_track if row.goals else None,
        row.goals or None,
        row.survey_indicator,
        row.survey_year,
        row.survey_value,
        row.survey_target,
        row.last_upload.replace(microsecond=0) if row.last_upload else None,
        row.days_since_upload,
        "Ja" if row.stale else "Nej",
    ]
