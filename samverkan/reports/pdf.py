"""The quarterly and annual report as a PDF, for people who read reports, not dashboards.

fpdf2 draws it (pure Python, no system libraries). Its built-in Helvetica is used with the
Windows-1252 encoding, which holds Swedish (å ä ö é) and the typography people write
(– … ” €), so no font file has to ship or be installed; a character outside it is written
as its nearest letter (ł → l) rather than dropped. Charts are our Altair charts rendered by
vl-convert (samverkan.reports.charts).

Parts: build_report_pdf (the document), then one writer per section (its words come from
content.py, shared with the Word document), then text helpers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import unicodedata
from collections.abc import Iterator

from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos
from fpdf.table import Table as PdfTable

from samverkan.models import PlanReport
from samverkan.reports.charts import render_status_png
from samverkan.reports.content import (
    NOTHING_LATE,
    Table,
    about_paragraphs,
    change_tables,
    changes_paragraphs,
    focus_area_table,
    late_table,
    report_title,
    summary_paragraphs,
    title_lines,
)

FONT = "helvetica"
ENCODING = "windows-1252"
_HEADING_FILL = (31, 78, 120)
_HEADINGS = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=_HEADING_FILL)
# Signs and letters with no decomposition to a Windows-1252 letter, written as their nearest.
_TYPOGRAPHY = str.maketrans(
    {"\u2212": "-", "\u2011": "-", "\u2009": " ", "\u202f": " ", "Ł": "L", "ł": "l", "Đ": "D"}
)


class _ReportPdf(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.core_fonts_encoding = ENCODING
        self.footer_text = footer_text
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(90, 90, 90)
        text = pdf_text(f"{self.footer_text} – sida {self.page_no()} av {{nb}}")
        self.cell(0, 5, text, align="C")


def build_report_pdf(report: PlanReport, *, created: dt.datetime | None = None) -> bytes:
    """The report as PDF bytes: figures, a chart, the late list and the period's changes."""
    agreement = report.status.agreement
    pdf = _ReportPdf(f"{report_title(report)} – {agreement.kommun}")
    pdf.set_title(pdf_text(f"{report_title(report)} – {agreement.kommun}"))
    pdf.set_author("Samverkan")
    pdf.set_lang("sv")
    pdf.set_creation_date(created or dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    pdf.add_page()
    _write_title(pdf, report)
    _write_summary(pdf, report)
    if report.status.activities:
        _write_focus_areas(pdf, report)
        _write_late(pdf, report)
        _write_changes(pdf, report)
    _write_about(pdf, report)
    return bytes(pdf.output())


# ---------------------------------------------------------------- sections


def _write_title(pdf: FPDF, report: PlanReport) -> None:
    _line(pdf, report_title(report), size=20, bold=True, height=10)
    agreement_line, readers, period_line = title_lines(report)
    _line(pdf, agreement_line)
    _line(pdf, readers)
    _line(pdf, period_line, size=10)
    pdf.ln(4)


def _write_summary(pdf: FPDF, report: PlanReport) -> None:
    _heading(pdf, "Läget i korthet")
    for text in summary_paragraphs(report):
        _paragraph(pdf, text)


def _write_focus_areas(pdf: FPDF, report: PlanReport) -> None:
    _heading(pdf, "Per fokusområde")
    widths = (64, 22, 22, 22, 22, 22)
    align = ("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT")
    _write_table(pdf, focus_area_table(report), widths, align)
    png = render_status_png(report.status.focus_areas)
    pdf.image(io.BytesIO(png), x=pdf.l_margin, w=pdf.epw)
    pdf.ln(2)


def _write_late(pdf: FPDF, report: PlanReport) -> None:
    _heading(pdf, "Försenade åtaganden")
    table = late_table(report)
    if not table[1]:
        _paragraph(pdf, NOTHING_LATE)
        return
    _write_table(pdf, table, (64, 20, 38, 32, 20), ("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT"))


def _write_changes(pdf: FPDF, report: PlanReport) -> None:
    _heading(pdf, "Förändringar under perioden")
    for text in changes_paragraphs(report):
        _paragraph(pdf, text)
    for _caption, table in change_tables(report):
        widths = (30, 144) if len(table[0]) == 2 else (94, 40, 40)
        _write_table(pdf, table, widths, ("LEFT",) * len(widths))


def _write_about(pdf: FPDF, report: PlanReport) -> None:
    _heading(pdf, "Om uppgifterna")
    for line in about_paragraphs(report):
        _paragraph(pdf, line, size=9)


# ---------------------------------------------------------------- text and tables


def pdf_text(text: str) -> str:
    """Text the built-in font can write: Windows-1252, else the nearest letter, else '?'."""
    text = text.translate(_TYPOGRAPHY)
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError:
        return "".join(_nearest(ch) for ch in text)
    return text


def _nearest(ch: str) -> str:
    try:
        ch.encode(ENCODING)
        return ch
    except UnicodeEncodeError:
        base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
        return base or "?"


def _line(pdf: FPDF, text: str, *, size: int = 12, bold: bool = False, height: float = 7) -> None:
    pdf.set_font(FONT, style="B" if bold else "", size=size)
    pdf.multi_cell(0, height, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    _line(pdf, text, size=14, bold=True, height=8)
    pdf.ln(1)


def _paragraph(pdf: FPDF, text: str, *, size: int = 11) -> None:
    _line(pdf, text, size=size, height=5.5)
    pdf.ln(1.5)


@contextlib.contextmanager
def _table(pdf: FPDF, widths: tuple[int, ...], align: tuple[str, ...]) -> Iterator[PdfTable]:
    """A table with a filled heading row (the first row), repeated on each new page."""
    pdf.set_font(FONT, size=9)
    with pdf.table(
        col_widths=widths,
        text_align=align,
        headings_style=_HEADINGS,
        line_height=5,
        padding=1.2,
        width=sum(widths),
        align="LEFT",
    ) as table:
        yield table


def _write_table(pdf: FPDF, table: Table, widths: tuple[int, ...], align: tuple[str, ...]) -> None:
    header, rows = table
    with _table(pdf, widths, align) as drawn:
        for cells in (header, *rows):
            _row(drawn, cells)
    pdf.ln(3)


def _row(table: PdfTable, cells: tuple[str, ...]) -> None:
    row = table.row()
    for cell in cells:
        row.cell(pdf_text(cell))
