"""The quarterly and annual report as a PDF, for people who read reports, not dashboards.

fpdf2 draws it (pure Python, no system libraries). Its built-in Helvetica is used with the
Windows-1252 encoding, which holds Swedish (å ä ö é) and the typography people write
(– … ” €), so no font file has to ship or be installed; a character outside it is written
as its nearest letter (ł → l) rather than dropped. Charts are our Altair charts rendered by
vl-convert (samverkan.reports.charts).

Parts: build_report_pdf (the document), then one writer per section, then text helpers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import unicodedata
from collections.abc import Callable, Iterator

from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos
from fpdf.table import Table

from samverkan.glossary import DUE, FOLLOWUP_MISSING
from samverkan.metrics import NO_OWNER, days_behind, group_late_commitments
from samverkan.models import ActivityChange, PlanReport, ReportKind, Status, status_word
from samverkan.reports.charts import render_status_png
from samverkan.swedish import format_count, format_date, format_percent

FONT = "helvetica"
ENCODING = "windows-1252"
TITLES = {ReportKind.QUARTER: "Kvartalsrapport", ReportKind.YEAR: "Årsrapport"}
READERS = {
    ReportKind.QUARTER: "Till kommunstyrelsens arbetsutskott (KSAU)",
    ReportKind.YEAR: "Till kommunstyrelsen och lokalpolisområdets chef",
}
_HEADING_FILL = (31, 78, 120)
_HEADINGS = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=_HEADING_FILL)
_Pair = Callable[[ActivityChange], tuple[str, str]]
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


def report_title(report: PlanReport) -> str:
    """'Kvartalsrapport, kvartal 4 2026' or 'Årsrapport 2026'."""
    period = report.period
    if period.kind is ReportKind.YEAR:
        return f"{TITLES[period.kind]} {period.start.year}"
    return f"{TITLES[period.kind]}, {period.label}"


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
    agreement = report.status.agreement
    lpo = f" och lokalpolisområde {agreement.lpo}" if agreement.lpo else ""
    _line(pdf, report_title(report), size=20, bold=True, height=10)
    _line(pdf, f"Samverkansöverenskommelse {agreement.period_label}: {agreement.kommun}{lpo}")
    _line(pdf, READERS[report.period.kind])
    period = report.period
    _line(
        pdf,
        f"Perioden {format_date(period.start)} – {format_date(period.end)}, "
        f"läget bedömt {format_date(report.status.as_of)}.",
        size=10,
    )
    pdf.ln(4)


def _write_summary(pdf: FPDF, report: PlanReport) -> None:
    _heading(pdf, "Läget i korthet")
    status = report.status
    if not status.activities:
        first = report.first_plan_on
        _paragraph(
            pdf,
            "Det fanns ingen aktivitetsplan att redovisa för perioden"
            + (
                f": den första laddades upp {format_date(first)}, efter periodens slut."
                if first is not None and first > status.as_of
                else "."
            ),
        )
        return
    views = status.activities
    done = sum(v.activity.status is Status.DONE for v in views)
    countable = sum(v.activity.status not in (Status.CANCELLED, Status.STANDING) for v in views)
    late = sum(v.overdue for v in views)
    followup = sum(v.followup_missing for v in views)
    share = done / countable if countable else None
    _paragraph(
        pdf,
        f"Planen har {format_count(len(views), 'aktivitet', 'aktiviteter')} i "
        f"{format_count(len(status.focus_areas), 'fokusområde', 'fokusområden')}. "
        f"{format_count(done, 'är genomförd', 'är genomförda')} av {countable} som ska bli klara "
        f"({format_percent(share)}). "
        f"{format_count(late, 'är försenad', 'är försenade')} och "
        f"{format_count(followup, 'saknar', 'saknar')} uppföljning.",
    )
    if report.hidden:
        _paragraph(pdf, confidential_note(report.hidden))


def confidential_note(hidden: int) -> str:
    """Up front, beside the figures: what they leave out, and why the app's figures differ."""
    marked = format_count(hidden, "aktivitet är märkt", "aktiviteter är märkta")
    more = format_count(hidden, "aktivitet", "aktiviteter")
    them = "den" if hidden == 1 else "dem"
    return (
        f"{marked} ej offentlig och är inte med i rapporten, varken i listorna eller i "
        f"siffrorna. Appens översikt, som bara inloggade ser, räknar med {them}: där har samma "
        f"plan {more} fler, och andelen genomförda kan skilja sig."
    )


def _write_focus_areas(pdf: FPDF, report: PlanReport) -> None:
    _heading(pdf, "Per fokusområde")
    widths = (64, 22, 22, 22, 22, 22)
    align = ("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT")
    header = ("Fokusområde", "Aktiviteter", "Genomförda", "Försenade", FOLLOWUP_MISSING)
    with _table(pdf, widths, align) as table:
        _row(table, (*header, "Genomfört"))
        for fa in report.status.focus_areas:
            cells = (fa.name, fa.activities, fa.done, fa.overdue, fa.followup_missing)
            _row(table, (*(str(c) for c in cells), format_percent(fa.progress)))
    pdf.ln(3)
    png = render_status_png(report.status.focus_areas)
    pdf.image(io.BytesIO(png), x=pdf.l_margin, w=pdf.epw)
    pdf.ln(2)


def _write_late(pdf: FPDF, report: PlanReport) -> None:
    _heading(pdf, "Försenade åtaganden")
    status = report.status
    groups = group_late_commitments(status)
    if not groups:
        _paragraph(pdf, "Inget är försenat och ingen uppföljning saknas.")
        return
    widths = (64, 20, 38, 32, 20)
    align = ("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT")
    with _table(pdf, widths, align) as table:
        _row(table, ("Aktivitet", "Part", "Ansvarig", DUE, "Dagar efter"))
        for group in groups:
            for owner in group.owners:
                for view in owner.commitments:
                    activity = view.activity
                    due = activity.due_as_written or format_date(activity.due)
                    if not view.overdue:
                        due = FOLLOWUP_MISSING
                    party = group.party.value if group.party else "Ej angiven"
                    behind = str(days_behind(view, status.as_of))
                    _row(table, (activity.title, party, owner.owner or NO_OWNER, due, behind))


def _write_changes(pdf: FPDF, report: PlanReport) -> None:
    _heading(pdf, "Förändringar under perioden")
    changes, compared = report.changes, report.changes_from
    if changes is None or compared is None:
        _paragraph(
            pdf, "Planen har bara en version under perioden; det finns inget att jämföra med."
        )
        return
    when = format_date(compared.uploaded_at.date())
    if compared.uploaded_at.date() < report.period.start:
        _paragraph(pdf, f"Jämfört med planen som gällde när perioden började (uppladdad {when}).")
    else:
        _paragraph(pdf, f"Jämfört med periodens första plan, uppladdad {when}.")
    if changes.is_empty:
        _paragraph(pdf, "Inga aktiviteter tillkom eller togs bort, och ingen status eller inget "
                   "slutdatum ändrades under perioden.")  # fmt: skip
        return
    _paragraph(
        pdf,
        f"{format_count(len(changes.added), 'ny aktivitet', 'nya aktiviteter')}, "
        f"{format_count(len(changes.removed), 'borttagen', 'borttagna')}, "
        f"{format_count(len(changes.status_changed), 'ändrad status', 'ändrade status')}, "
        f"{format_count(len(changes.due_moved), 'flyttat slutdatum', 'flyttade slutdatum')}.",
    )
    if changes.added or changes.removed:
        with _table(pdf, (30, 144), ("LEFT", "LEFT")) as table:
            _row(table, ("Ändring", "Aktivitet"))
            for activity in changes.added:
                _row(table, ("Ny", activity.title))
            for activity in changes.removed:
                _row(table, ("Borttagen", activity.title))
        pdf.ln(3)
    _change_table(pdf, "Status", changes.status_changed, _status_pair)
    _change_table(pdf, DUE, changes.due_moved, _due_pair)


def _change_table(pdf: FPDF, what: str, items: list[ActivityChange], pair: _Pair) -> None:
    if not items:
        return
    with _table(pdf, (94, 40, 40), ("LEFT", "LEFT", "LEFT")) as table:
        _row(table, ("Aktivitet", f"{what} före", f"{what} nu"))
        for change in items:
            _row(table, (change.title, *pair(change)))
    pdf.ln(3)


def _write_about(pdf: FPDF, report: PlanReport) -> None:
    _heading(pdf, "Om uppgifterna")
    upload = report.status.upload
    lines = []
    if upload is not None:
        lines.append(
            f"Uppgifterna kommer från aktivitetsplanen som laddades upp "
            f"{format_date(upload.uploaded_at.date())} ({upload.file_name})."
        )
    lines.append(
        "Försenad betyder att slutdatum har passerat utan att aktiviteten är genomförd, "
        "stående eller inställd. Genomfört räknas av de aktiviteter som ska bli klara "
        "(stående och inställda räknas inte)."
    )
    for line in lines:
        _paragraph(pdf, line, size=9)


# ---------------------------------------------------------------- text and tables


def _status_pair(change: ActivityChange) -> tuple[str, str]:
    return status_word(change.status_before), status_word(change.status_after)


def _due_pair(change: ActivityChange) -> tuple[str, str]:
    return format_date(change.due_before), format_date(change.due_after)


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
def _table(pdf: FPDF, widths: tuple[int, ...], align: tuple[str, ...]) -> Iterator[Table]:
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


def _row(table: Table, cells: tuple[str, ...]) -> None:
    row = table.row()
    for cell in cells:
        row.cell(pdf_text(cell))
