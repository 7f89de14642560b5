"""The quarterly report (for KSAU) and the annual report (for kommunstyrelsen and the LPO chief).

Parts:
- period: the quarter or year a report covers, and the periods an agreement has had
- content: the plan on the judging day without ej offentlig activities, and the period's changes
- pdf: the report as a PDF (fpdf2), with charts rendered offline (charts, vl-convert)
- workbook: the report's plan as an Excel workbook in the template's layout
- word: the report as a Word document the coordinator edits before sending (python-docx)
- build_report: one call for the command line and the page: kind, format, day → file bytes
"""

from __future__ import annotations

import datetime as dt

from samverkan import store
from samverkan.metrics import judging_day
from samverkan.models import Agreement, ReportFormat, ReportKind, ReportPeriod, StoredAgreement
from samverkan.reports.content import (
    build_plan_report,
    first_plan_day,
    missing_plan_text,
    report_title,
)
from samverkan.reports.pdf import build_report_pdf
from samverkan.reports.period import judging_day_of, report_period, report_periods
from samverkan.reports.word import build_report_docx
from samverkan.reports.workbook import build_report_workbook

__all__ = [
    "MIME_TYPES",
    "build_report",
    "first_plan_day",
    "missing_plan_text",
    "report_day",
    "report_file_name",
    "report_period",
    "report_periods",
    "report_title",
]


MIME_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def build_report(
    con: store.Connection,
    agreement: StoredAgreement,
    period: ReportPeriod,
    report_format: ReportFormat,
    today: dt.date | None = None,
) -> bytes:
    """The report of `period` as PDF, xlsx or docx bytes, judged on its last day (or today, if
    sooner)."""
    report = build_plan_report(con, agreement, period, report_day(agreement, period, today))
    if report_format is ReportFormat.PDF:
        return build_report_pdf(report)
    if report_format is ReportFormat.DOCX:
        return build_report_docx(report)
    return build_report_workbook(report)


def report_day(agreement: Agreement, period: ReportPeriod, today: dt.date | None = None) -> dt.date:
    """The day a report is judged on: the period's last day, or today if sooner (never after
    the agreement's end)."""
    return judging_day(agreement, judging_day_of(period, today or dt.date.today()))


def report_file_name(
    agreement: Agreement, period: ReportPeriod, report_format: ReportFormat
) -> str:
    """'kvartalsrapport-Burlöv-2026-Q4.pdf', 'arsrapport-Burlöv-2026.xlsx' (or .docx)."""
    if period.kind is ReportKind.YEAR:
        stem = f"arsrapport-{agreement.kommun}-{period.start.year}"
    else:
        stem = (
            f"kvartalsrapport-{agreement.kommun}-{period.start.year}-Q{period.start.month // 3 + 1}"
        )
    return f"{stem}.{report_format.value}"
