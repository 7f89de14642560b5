"""The quarterly and annual report as a Word document, for the coordinator to finish and send.

The PDF cannot be edited; this one can. It says what the PDF says, in the same order and in
the same words (content.py writes them for both), with two marked places near the top for
the coordinator's own text: an introduction and the steering group's assessment.

Built with python-docx on its default template, so what a kommun's own template restyles
is used throughout: the built-in Title, Heading 1 and Heading 2, Caption and a built-in
table style. Tables repeat their header row on each page; the chart is the PDF's PNG
(vl-convert) with alternative text that says in Swedish what it shows; the footer numbers
the pages with PAGE and NUMPAGES fields. The page is A4 portrait, the language Swedish (so
spell-checking works as the coordinator writes).

Parts: build_report_docx (the document), then one writer per section, then the Word details
(tables, fields, text python-docx accepts).
"""

from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

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
    status_chart_text,
    summary_paragraphs,
    title_lines,
)

INTRODUCTION = "Inledning"
INTRODUCTION_PLACEHOLDER = (
    "[Skriv en kort inledning här: vad rapporten gäller och vad styrgruppen vill lyfta.]"
)
ASSESSMENT = "Styrgruppens bedömning"
ASSESSMENT_PLACEHOLDER = "[Skriv styrgruppens bedömning här]"
TABLE_STYLE = "Light Grid Accent 1"
LANGUAGE = "sv-SE"
_MARGIN = Cm(2)
_TABLE_TEXT = Pt(9)
_TEXT_WIDTH = Cm(17)  # A4's 21 cm less two margins
# Column widths in cm, each table's adding up to the text width.
_FOCUS_AREA_WIDTHS = (4.0, 2.6, 2.6, 2.6, 2.6, 2.6)
_LATE_WIDTHS = (5.0, 2.4, 4.1, 3.3, 2.2)
_CHANGE_WIDTHS = {2: (3.0, 14.0), 3: (9.0, 4.0, 4.0)}
# XML 1.0 cannot hold these; python-docx refuses them, and a plan's cells may have them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def build_report_docx(report: PlanReport, *, created: dt.datetime | None = None) -> bytes:
    """The report as .docx bytes: the PDF's sections, plus room for the steering group's text."""
    agreement = report.status.agreement
    doc = Document()
    _set_up(doc, f"{report_title(report)} – {agreement.kommun}", created)
    _write_title(doc, report)
    _write_placeholder(doc, INTRODUCTION, INTRODUCTION_PLACEHOLDER)
    _write_placeholder(doc, ASSESSMENT, ASSESSMENT_PLACEHOLDER)
    _write_summary(doc, report)
    if report.status.activities:
        _write_focus_areas(doc, report)
        _write_late(doc, report)
        _write_changes(doc, report)
    _write_about(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- sections


def _write_title(doc: WordDocument, report: PlanReport) -> None:
    doc.add_heading(word_text(report_title(report)), level=0)
    agreement_line, readers, period_line = title_lines(report)
    doc.add_paragraph(word_text(agreement_line))
    doc.add_paragraph(word_text(readers))
    doc.add_paragraph(word_text(period_line))


def _write_placeholder(doc: WordDocument, heading: str, placeholder: str) -> None:
    """A heading and a highlighted paragraph the coordinator writes over."""
    doc.add_heading(heading, level=1)
    run = doc.add_paragraph().add_run(placeholder)
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _write_summary(doc: WordDocument, report: PlanReport) -> None:
    doc.add_heading("Läget i korthet", level=1)
    for text in summary_paragraphs(report):
        doc.add_paragraph(word_text(text))


def _write_focus_areas(doc: WordDocument, report: PlanReport) -> None:
    doc.add_heading("Per fokusområde", level=1)
    _write_table(doc, focus_area_table(report), _FOCUS_AREA_WIDTHS, right_from=1)
    doc.add_paragraph()
    picture = doc.add_picture(
        io.BytesIO(render_status_png(report.status.focus_areas)), width=_TEXT_WIDTH
    )
    doc_pr = picture._inline.docPr
    doc_pr.set("descr", word_text(status_chart_text(report)))
    doc_pr.set("title", "Status per fokusområde")
    doc.add_paragraph("Diagram: aktiviteternas status per fokusområde.", style="Caption")


def _write_late(doc: WordDocument, report: PlanReport) -> None:
    doc.add_heading("Försenade åtaganden", level=1)
    table = late_table(report)
    if not table[1]:
        doc.add_paragraph(NOTHING_LATE)
        return
    _write_table(doc, table, _LATE_WIDTHS, right_from=4)


def _write_changes(doc: WordDocument, report: PlanReport) -> None:
    doc.add_heading("Förändringar under perioden", level=1)
    for text in changes_paragraphs(report):
        doc.add_paragraph(word_text(text))
    for caption, table in change_tables(report):
        doc.add_heading(caption, level=2)
        _write_table(doc, table, _CHANGE_WIDTHS[len(table[0])])


def _write_about(doc: WordDocument, report: PlanReport) -> None:
    doc.add_heading("Om uppgifterna", level=1)
    for text in about_paragraphs(report):
        doc.add_paragraph(word_text(text))


# ---------------------------------------------------------------- Word details


def _set_up(doc: WordDocument, name: str, created: dt.datetime | None) -> None:
    """A4 portrait, Swedish, the report's name in the properties and the footer."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = _MARGIN
    section.top_margin = section.bottom_margin = _MARGIN
    properties = doc.core_properties
    properties.title = word_text(name)
    properties.author = properties.last_modified_by = "Samverkan"
    properties.language = LANGUAGE
    properties.created = properties.modified = created or dt.datetime(2024, 1, 1)
    properties.revision = 1
    _set_language(doc)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{word_text(name)} – sida ")
    _add_field(footer, "PAGE", "1")
    footer.add_run(" av ")
    _add_field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size = Pt(8)


def _set_language(doc: WordDocument) -> None:
    """Swedish as the document's language, in its default run properties."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None  # python-docx's template has them
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert r_pr is not None
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def _add_field(paragraph: Paragraph, code: str, shown: str) -> None:
    """A field (PAGE, NUMPAGES) Word and LibreOffice fill in, `shown` until they do."""
    parts: list[tuple[str, str | None]] = [
        ("begin", None), ("instr", f" {code} "), ("separate", None), ("text", shown),
        ("end", None),
    ]  # fmt: skip
    for kind, text in parts:
        run = paragraph.add_run()
        if kind == "text":
            run.text = text or ""
        elif kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _write_table(
    doc: WordDocument, table: Table, widths: tuple[float, ...], *, right_from: int | None = None
) -> None:
    """A table in the built-in style, its first row a header repeated on each page; the
    columns from `right_from` on are right-aligned (numbers)."""
    header, rows = table
    drawn = doc.add_table(rows=1 + len(rows), cols=len(header))
    drawn.style = doc.styles[TABLE_STYLE]
    drawn.alignment = WD_TABLE_ALIGNMENT.LEFT
    drawn.autofit = False
    look = drawn._tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:  # the header row styled as one; the first column as any other
        look.set(qn("w:firstRow"), "1")
        look.set(qn("w:firstColumn"), "0")
        look.set(qn("w:val"), "0420")  # the same as a bit mask, which LibreOffice reads
    for column, width in zip(drawn.columns, widths, strict=True):
        column.width = Cm(width)
    for row_number, (row, cells) in enumerate(zip(drawn.rows, (header, *rows), strict=True)):
        for column_number, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
            cell.width = Cm(widths[column_number])
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(word_text(text))
            run.bold = row_number == 0 or None
            run.font.size = _TABLE_TEXT
            if right_from is not None and column_number >= right_from:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    tr_pr = drawn.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)


def word_text(text: str) -> str:
    """Text python-docx can write: characters XML 1.0 cannot hold are left out."""
    return _NOT_XML.sub("", text)
