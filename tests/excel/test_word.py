"""Plans written in Word (.docx): each table a sheet, read like an Excel plan.

The fixtures in tests/fixtures/word/ were saved by LibreOffice Writer from
scripts/make_word_fixtures.py; the smaller documents here are python-docx drafts for the
details (merges, names, row numbers, hostile XML).
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan import store
from samverkan.excel.agreement_info import AGREEMENT_SHEET_NAMES
from samverkan.excel.guard import FileKind, RefusedFile, guard_spreadsheet
from samverkan.excel.read import has_solid_fills, read_comments, read_fills, read_values
from samverkan.excel.structure import FOCUS_SHEET_NAMES, GOAL_SHEET_NAMES, SKIPPED_SHEET_NAMES
from samverkan.excel.word import (
    MAX_COLUMNS,
    SPECIAL_SHEET_NAMES,
    SPECIAL_SHEET_PREFIXES,
    read_word,
)
from samverkan.importing.pipeline import import_workbook
from samverkan.importing.reading import read_plan
from samverkan.models import ImportReport

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "word"
D = dt.date

# (sheet, row in the table, title, focus area, party, owner, due, status, assessment)
EXPECTED: dict[str, dict[str, Any]] = {
    "plan_per_focus_area.docx": {
        "agreement": ("Sjöbo", "Ystad", "Samverkansöverenskommelse 2025–2027", 2025, 2027),
        "activities": [
            ("Fokusområde 1: Trygg offentlig miljö", 2, "Trygghetsvandring i centrum",
             "Trygg offentlig miljö", "Polis", "Kommunpolis", D(2025, 5, 31), "Genomförd", "Grön"),
            ("Fokusområde 1: Trygg offentlig miljö", 3, "Bättre belysning vid busstationen",
             "Trygg offentlig miljö", "Kommun", "Samhällsbyggnad", D(2025, 10, 5), "Pågår",
             "Gul"),
            ("Fokusområde 2: Unga och droger", 2, "Föräldravandringar helger",
             "Unga och droger", "Gemensam", "Fritidsgården", D(2025, 12, 31), "Pågår", "Grön"),
            ("Fokusområde 2: Unga och droger", 3, "Tillsyn av tobaksförsäljning",
             "Unga och droger", "Kommun", "Miljöenheten", D(2026, 3, 31), "Ej påbörjad", "Röd"),
            ("Våld i nära relationer", 2, "Utbildning om våld för förskolepersonal",
             "Våld i nära relationer", "Kommun", "Socialtjänsten", D(2026, 6, 30), "Pågår",
             "Gul"),
        ],
    },
    "merged_focus_areas.docx": {
        "agreement": (
            "Höör", "Mittskåne",
            "Aktivitetsplan 2026 – Höörs kommun och lokalpolisområde Mittskåne", 2026, 2026,
        ),
        "activities": [
            ("Tabell 1", 2, "Trygghetsvandring med fastighetsägare", "Trygghet i centrum",
             "Polis", "Kommunpolis", D(2026, 4, 30), "Pågår", None),
            ("Tabell 1", 3, "Kameraövervakning vid stationen", "Trygghet i centrum", "Kommun",
             "Säkerhetssamordnare", D(2026, 9, 30), "Ej påbörjad", None),
            ("Tabell 1", 4, "Nattvandrare fredagar", "Trygghet i centrum", "Extern",
             "Föreningen Nattvandrarna", D(2026, 12, 31), "Stående", None),
            ("Tabell 1", 5, "SSPF-möten varannan vecka", "Ungdomar", "Gemensam",
             "Socialtjänsten", D(2026, 12, 31), "Stående", None),
            ("Tabell 1", 6, "Sommarjobb för unga", "Ungdomar", "Kommun",
             "Arbetsmarknadsenheten", D(2026, 6, 15), "Genomförd", None),
        ],
    },
    "template_table.docx": {
        "agreement": (
            "Eslöv", "Eslöv", "Aktivitetsplan för Eslövs kommun och lokalpolisområde Eslöv",
            2025, 2026,
        ),
        "activities": [
            ("Tabell 1", 2, "Skolvärdar vid Östra skolan", "Trygg skolväg", "Kommun",
             "Rektor Östra skolan", D(2025, 6, 15), "Genomförd", "Grön"),
            ("Tabell 1", 3, "Hastighetskontroller vid skolor", "Trygg skolväg", "Polis",
             "Trafikpolis", D(2025, 11, 30), "Pågår", "Gul"),
            ("Tabell 1", 4, "Samråd med kvinnojouren", "Brott i nära relationer", "Gemensam",
             "Brottsoffersamordnare", D(2026, 2, 28), "Ej påbörjad", "Röd"),
        ],
    },
    "bra_model.docx": {
        "agreement": (
            "Ystad", "Ystad", "Åtgärdsplan 2026 – Ystads kommun och lokalpolisområde Ystad",
            2026, 2026,
        ),
        "activities": [
            ("Fokusområde 1: Trygg stadskärna", 2, "Fler kvällsvandringar i hamnen",
             "Trygg stadskärna", "Polis", "Kommunpolis", D(2026, 9, 30), None, "Grön"),
            ("Fokusområde 1: Trygg stadskärna", 3, "Snabbare klottersanering",
             "Trygg stadskärna", "Kommun", "Gatuenheten", None, None, "Gul"),
        ],
    },
    "shaded_assessment.docx": {
        "agreement": ("Tomelilla", "Österlen", "Handlingsplan 2025 – Tomelilla kommun", 2025, 2025),
        "activities": [
            ("Tabell 1", 3, "Ordningsvakter vid torget", "Ordningsstörningar", "Polis",
             "Kommunpolis", D(2025, 6, 30), "Genomförd", "Grön"),
            ("Tabell 1", 4, "Klotterplank vid skateparken", "Ordningsstörningar", "Kommun",
             "Fritidsenheten", D(2025, 8, 31), "Pågår", "Gul"),
            ("Tabell 1", 6, "Information om bedrägerier", "Trygghet för äldre", "Gemensam",
             "Äldreomsorgen", D(2025, 10, 31), "Ej påbörjad", "Röd"),
        ],
    },
}  # fmt: skip


def _read(name: str) -> ImportReport:
    return read_plan((FIXTURES / name).read_bytes(), name)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_imports_to_exactly_its_activities(name: str) -> None:
    report = _read(name)
    assert not report.errors, report.errors
    (parsed,) = report.agreements
    agreement = parsed.agreement
    kommun, lpo, title, first, last = EXPECTED[name]["agreement"]
    assert (agreement.kommun, agreement.lpo, agreement.title) == (kommun, lpo, title)
    assert (agreement.period_start, agreement.period_end) == (D(first, 1, 1), D(last, 12, 31))
    found = [
        (
            a.sheet,
            a.row,
            a.title,
            a.focus_area,
            a.party and a.party.value,
            a.owner,
            a.due,
            a.status and a.status.value,
            a.assessment and a.assessment.value,
        )
        for a in parsed.activities
    ]
    assert found == EXPECTED[name]["activities"]


def test_the_template_table_keeps_its_ids_dates_and_extra_columns() -> None:
    (parsed,) = _read("template_table.docx").agreements
    first, second, third = parsed.activities
    assert [a.activity_key for a in parsed.activities] == ["A1", "A2", "B1"]
    assert (first.start, first.done_on, first.followup_due) == (
        D(2025, 1, 15),
        D(2025, 6, 10),
        D(2025, 9, 1),
    )
    assert first.comment == "Klart före sommaren"
    assert third.comment == "Inväntar lokal"
    assert second.done_on is None


def test_the_bra_model_keeps_cause_and_operative_goal_as_extra_columns() -> None:
    (parsed,) = _read("bra_model.docx").agreements
    first, second = parsed.activities
    assert first.extra == {
        "Orsak": "Otrygghet kvällstid",
        "Operativa mål": "Minskad otrygghet enligt enkät",
    }
    assert second.due_text == "löpande"


def test_focus_areas_keep_the_documents_order_and_numbers() -> None:
    (parsed,) = _read("plan_per_focus_area.docx").agreements
    assert [(f.number, f.name) for f in parsed.focus_areas] == [
        (1, "Trygg offentlig miljö"),
        (2, "Unga och droger"),
        (3, "Våld i nära relationer"),
    ]


def test_a_docx_passes_the_guard_as_a_word_document() -> None:
    guarded = guard_spreadsheet((FIXTURES / "plan_per_focus_area.docx").read_bytes())
    assert guarded.kind is FileKind.DOCX


def test_a_merged_cell_counts_on_every_row_it_covers_and_a_span_is_one_value() -> None:
    data = (FIXTURES / "merged_focus_areas.docx").read_bytes()
    (sheet,) = read_values(data, FileKind.DOCX)
    table = sheet.rows[2:]  # below the title and the line after it
    assert [row[0] for row in table[1:]] == ["Trygghet i centrum"] * 3 + ["Ungdomar"] * 2
    data = (FIXTURES / "shaded_assessment.docx").read_bytes()
    (sheet,) = read_values(data, FileKind.DOCX)
    section = sheet.rows[3]
    assert section == ["Fokusområde 1: Ordningsstörningar", "", "", "", "", ""]


def test_shading_is_the_fill_colour_of_the_bedomning_cells() -> None:
    data = (FIXTURES / "shaded_assessment.docx").read_bytes()
    assert has_solid_fills(data, FileKind.DOCX)
    fills = read_fills(data, "Tabell 1", {5}, FileKind.DOCX)
    assert sorted(fills.values()) == ["FF00B050", "FFFF0000", "FFFFC000"]
    assert not has_solid_fills((FIXTURES / "merged_focus_areas.docx").read_bytes(), FileKind.DOCX)


@pytest.mark.parametrize(
    ("name", "where", "words"),
    [
        ("personnummer_in_cell.docx", "rad 3, kolumn 2", "Cellen innehåller ett personnummer"),
        ("personnummer_in_comment.docx", "rad 3, kolumn 2", "I en kommentar"),
    ],
)
def test_a_personnummer_in_a_table_or_a_comment_refuses_the_file(
    name: str, where: str, words: str
) -> None:
    report = _read(name)
    assert not report.agreements
    (error,) = report.errors
    assert words in error.message
    assert str(error).startswith(f'blad "Aktivitetsplan 2025 – Sjöbo kommun", {where}: ')


def test_the_comment_reaches_the_screen_at_its_cell() -> None:
    data = (FIXTURES / "personnummer_in_comment.docx").read_bytes()
    (comment,) = read_comments(data, FileKind.DOCX)
    assert comment.sheet == "Aktivitetsplan 2025 – Sjöbo kommun"
    assert comment.cell == "B4"  # the sheet's row: the heading stands above the table
    assert "19121212-1212" in comment.text


def test_a_personnummer_in_a_comment_outside_the_tables_refuses_the_file() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Handlingsplan 2025 för Lunds kommun")
    document.add_comment(paragraph.runs[0], text="Kontakt: 19121212-1212", author="Test")
    table = document.add_table(rows=2, cols=2)
    cells = [*table.rows[0].cells, *table.rows[1].cells]
    for cell, text in zip(cells, ["Aktivitet", "Ansvarig", "Vandring", "Polisen"], strict=True):
        cell.text = text
    out = io.BytesIO()
    document.save(out)
    (error,) = read_plan(out.getvalue(), "plan.docx").errors
    assert str(error).startswith(
        'blad "Dokumentets text": I en kommentar: Cellen innehåller ett personnummer'
    )


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("plan_per_focus_area.doc", ["äldre Word-dokument (.doc)", 'Word-dokument (.docx)"']),
        ("plan_per_focus_area.pdf", ["Filen är en PDF", ".docx", ".xlsx"]),
    ],
)
def test_a_doc_and_a_pdf_made_by_libreoffice_are_refused_saying_what_to_do(
    name: str, words: list[str]
) -> None:
    with pytest.raises(RefusedFile) as refused:
        guard_spreadsheet((FIXTURES / name).read_bytes())
    for word in words:
        assert word in str(refused.value)


# -- python-docx drafts for the details ------------------------------------------------------


def _document(*blocks: Any) -> bytes:
    """A .docx of headings (str), bold lines (('bold', text)) and tables (lists of rows)."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_heading(block, level=2)
        elif isinstance(block, tuple):
            kind, text = block
            paragraph = document.add_paragraph()
            paragraph.add_run(text).bold = kind == "bold"
        else:
            table = document.add_table(rows=len(block), cols=len(block[0]))
            for row, values in zip(table.rows, block, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


HEADER = ["Aktivitet", "Ansvarig", "Status", "Klart senast"]


def test_a_table_without_a_heading_is_named_by_its_number() -> None:
    data = _document(
        ("plain", "Handlingsplan 2025 för Lunds kommun"),
        [HEADER, ["Trygghetsvandring", "Polisen", "Pågår", "2025-05-01"]],
        ("plain", "Här följer en lång förklarande text som inte är någon rubrik alls."),
        [["Åtgärd", "Vem", "Läge", "När"], ["Nattvandring", "Kommunen", "Pågår", "2025-06-01"]],
    )
    assert [s.name for s in read_values(data, FileKind.DOCX)] == ["Tabell 1", "Tabell 2"]


def test_a_table_with_the_same_header_and_no_heading_between_goes_on() -> None:
    data = _document(
        ("plain", "Handlingsplan 2025 för Lunds kommun"),
        "Fokusområde 1: Trygghet",
        [HEADER, ["Trygghetsvandring", "Polisen", "Pågår", "2025-05-01"]],
        ("plain", "Forts."),
        [HEADER, ["Nattvandring", "Kommunen", "Pågår", "2025-06-01"]],
        [["Ort och datum", "Underskrift"], ["Lund", ""]],
    )
    sheets = read_values(data, FileKind.DOCX)
    assert [s.name for s in sheets] == ["Fokusområde 1: Trygghet", "Tabell 2"]
    (parsed,) = read_plan(data, "plan.docx").agreements
    assert [(a.title, a.row, a.focus_area) for a in parsed.activities] == [
        ("Trygghetsvandring", 2, "Trygghet"),
        ("Nattvandring", 3, "Trygghet"),
    ]


def test_a_goal_in_the_title_block_is_read_once() -> None:
    data = _document(
        ("plain", "Handlingsplan 2025 för Lunds kommun"),
        ("plain", "Övergripande mål: Ökad trygghet i Lund"),
        "Fokusområde 1: Trygghet",
        [HEADER, ["Trygghetsvandring", "Polisen", "Pågår", "2025-05-01"]],
        "Fokusområde 2: Droger",
        [["Åtgärd", "Vem", "Läge", "När"], ["Nattvandring", "Kommunen", "Pågår", "2025-06-01"]],
    )
    (parsed,) = read_plan(data, "plan.docx").agreements
    assert [g.text for g in parsed.goals] == ["Ökad trygghet i Lund"]
    assert [a.focus_area for a in parsed.activities] == ["Trygghet", "Droger"]


def test_a_bold_line_or_heading_above_a_table_names_it_and_its_focus_area() -> None:
    data = _document(
        ("plain", "Handlingsplan 2025 för Lunds kommun"),
        "Trygghet i centrum",
        [HEADER, ["Trygghetsvandring", "Polisen", "Pågår", "2025-05-01"]],
        ("bold", "Unga och droger"),
        [HEADER, ["Nattvandring", "Kommunen", "Pågår", "2025-06-01"]],
    )
    report = read_plan(data, "plan.docx")
    (parsed,) = report.agreements
    assert parsed.agreement.kommun == "Lund"
    assert [(a.sheet, a.focus_area) for a in parsed.activities] == [
        ("Trygghet i centrum", "Trygghet i centrum"),
        ("Unga och droger", "Unga och droger"),
    ]


def test_a_problem_names_the_tables_own_row_and_the_column_by_number() -> None:
    data = _document(
        ("plain", "Handlingsplan 2025 för Lunds kommun"),
        ("plain", "Antagen av kommunstyrelsen"),
        "Fokusområde 1: Trygghet",
        [HEADER, ["Trygghetsvandring", "Polisen", "Pågår", "2025-05-01"], ["", "Kommunen", "", ""]],
    )
    report = read_plan(data, "plan.docx")
    (warning,) = report.warnings
    assert "ingen aktivitet" in warning.message
    assert str(warning).startswith('blad "Fokusområde 1: Trygghet", rad 3, kolumn 1: ')
    (activity,) = report.agreements[0].activities
    assert activity.row == 2


def test_a_duplicate_id_names_both_rows_as_the_table_counts_them() -> None:
    header = ["ID", *HEADER]
    data = _document(
        ("plain", "Handlingsplan 2025 för Lunds kommun"),
        "Fokusområde 1: Trygghet",
        [
            header,
            ["A1", "Trygghetsvandring", "Polisen", "Pågår", "2025-05-01"],
            ["A1", "Nattvandring", "Kommunen", "Pågår", "2025-06-01"],
        ],
    )
    (error,) = read_plan(data, "plan.docx").errors
    assert str(error).startswith('blad "Fokusområde 1: Trygghet", rad 3: ')
    assert 'även rad 2 på bladet "Fokusområde 1: Trygghet"' in error.message


def test_a_word_template_or_macro_document_is_refused_saying_how_to_save_it() -> None:
    data = (FIXTURES / "plan_per_focus_area.docx").read_bytes()
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    macro = types.replace(
        b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml"
    )
    report = read_plan(_with_member(data, "[Content_Types].xml", macro), "plan.dotx")
    (error,) = report.errors
    assert 'Spara som → "Word-dokument (.docx)"' in error.message


def _content_control(text: str, *, prompt: bool) -> Any:
    shown = "<w:showingPlcHdr/>" if prompt else ""
    return parse_xml(
        f'<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:sdtPr>{shown}</w:sdtPr><w:sdtContent><w:r><w:t>{text}</w:t></w:r></w:sdtContent>"
        "</w:sdt>"
    )


def test_a_content_control_showing_its_prompt_is_an_empty_cell() -> None:
    document = docx.Document()
    document.add_paragraph("Handlingsplan 2025 för Lunds kommun")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Aktivitet", "Klart senast"
    table.cell(1, 0).text = "Trygghetsvandring"
    table.cell(1, 1).paragraphs[0]._p.append(_content_control("2025-05-01", prompt=False))
    table.cell(2, 0).paragraphs[0]._p.append(
        _content_control("Klicka eller tryck här för att ange text.", prompt=True)
    )
    table.cell(2, 1).paragraphs[0]._p.append(
        _content_control("Klicka här för att ange datum.", prompt=True)
    )
    out = io.BytesIO()
    document.save(out)
    (sheet,) = read_values(out.getvalue(), FileKind.DOCX)
    assert sheet.rows[-2:] == [["Trygghetsvandring", "2025-05-01"], ["", ""]]


def test_the_special_sheet_names_are_the_imports_own() -> None:
    assert SPECIAL_SHEET_PREFIXES == AGREEMENT_SHEET_NAMES
    assert set(SPECIAL_SHEET_NAMES) == {*FOCUS_SHEET_NAMES, *GOAL_SHEET_NAMES, *SKIPPED_SHEET_NAMES}


@pytest.mark.parametrize(
    "heading",
    ["Samverkansöverenskommelse Lunds kommun", "Mål", "Prioriterade områden", "Instruktioner"],
)
def test_a_heading_named_like_a_sheet_of_its_own_does_not_hide_the_table(heading: str) -> None:
    data = _document(
        ("plain", "Lunds kommun"),
        heading,
        [HEADER, ["Trygghetsvandring", "Polisen", "Pågår", "2025-05-01"]],
    )
    (sheet,) = read_values(data, FileKind.DOCX)
    assert sheet.name == "Tabell 1"
    (parsed,) = read_plan(data, "plan.docx").agreements
    assert parsed.agreement.kommun == "Lund"
    assert [a.title for a in parsed.activities] == ["Trygghetsvandring"]


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == name else source.read(item))
    return out.getvalue()


def _document_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_a_span_wider_than_word_allows_is_clamped() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), "99999")
    table.rows[0].cells[0]._tc.get_or_add_tcPr().append(span)
    out = io.BytesIO()
    document.save(out)
    (table_read,) = read_word(out.getvalue()).tables
    assert len(table_read.rows[-1]) == MAX_COLUMNS


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;">]>'
)


def test_entities_are_refused_by_the_guard_and_never_expanded_by_python_docx() -> None:
    data = _document([HEADER, ["Trygghetsvandring &c;", "Polisen", "Pågår", "2025-05-01"]])
    body = _document_xml(data).replace(b"&amp;c;", b"&c;")
    hostile = _with_member(
        data, "word/document.xml", BILLION_LAUGHS + body.split(b"?>", 1)[1].lstrip()
    )
    with pytest.raises(RefusedFile, match="DOCTYPE"):
        guard_spreadsheet(hostile)
    # Even past the guard, python-docx's parser (resolve_entities=False) does not expand them.
    rows = read_word(hostile).tables[0].rows
    assert "ha" not in rows[-1][0]


def test_an_entity_in_the_comments_part_is_refused() -> None:
    data = (FIXTURES / "personnummer_in_comment.docx").read_bytes()
    comments = zipfile.ZipFile(io.BytesIO(data)).read("word/comments.xml")
    hostile = _with_member(
        data, "word/comments.xml", BILLION_LAUGHS + comments.split(b"?>", 1)[1].lstrip()
    )
    with pytest.raises(RefusedFile, match="DOCTYPE"):
        guard_spreadsheet(hostile)


def test_the_command_line_imports_a_word_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes((FIXTURES / "plan_per_focus_area.docx").read_bytes())
    db = tmp_path / "s.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "import", str(path), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    with store.open_store(db) as con:
        (agreement,) = store.fetch_agreements(con)
        assert agreement.id is not None
        stored = store.fetch_current_activities(con, agreement.id)
    assert (agreement.kommun, agreement.lpo) == ("Sjöbo", "Ystad")
    assert len(stored) == 5
    assert "Utbildning om våld för förskolepersonal" in {a.title for a in stored}


def test_the_sandboxed_import_stores_a_word_plan(tmp_path: Path) -> None:
    data = (FIXTURES / "shaded_assessment.docx").read_bytes()
    outcome = import_workbook(data, "plan.docx", db_path=tmp_path / "s.duckdb")
    assert outcome.summary is not None, outcome.report.errors
    (parsed,) = outcome.report.agreements
    assert [a.assessment and a.assessment.value for a in parsed.activities] == [
        "Grön",
        "Gul",
        "Röd",
    ]


_TEXT = st.text(
    alphabet=st.characters(
        whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" -.,:åäöÅÄÖ"
    ),
    max_size=12,
)


@settings(max_examples=40, deadline=None)
@given(
    grid=st.integers(min_value=1, max_value=4).flatmap(
        lambda width: st.lists(st.lists(_TEXT, min_size=width, max_size=width), min_size=1,
                               max_size=6)
    ),
    merges=st.lists(st.integers(min_value=1, max_value=3), max_size=3),
)  # fmt: skip
def test_a_tables_cells_come_back_as_written_with_merges_filled_down(
    grid: list[list[str]], merges: list[int]
) -> None:
    """Any table python-docx writes reads back cell for cell; a first-column cell merged down
    over n rows counts on each of them, as a merged Excel cell does."""
    document = docx.Document()
    table = document.add_table(rows=len(grid), cols=len(grid[0]))
    for row, values in zip(table.rows, grid, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    expected = [[value.strip() for value in row] for row in grid]
    top = 0
    for length in merges:  # merge down in the first column, one block after another
        bottom = min(top + length, len(grid) - 1)
        if bottom <= top:
            break
        for index in range(top + 1, bottom + 1):
            table.cell(index, 0).text = ""
        table.cell(top, 0).merge(table.cell(bottom, 0))
        for index in range(top + 1, bottom + 1):
            expected[index][0] = expected[top][0]
        top = bottom + 1
    out = io.BytesIO()
    document.save(out)
    (sheet,) = read_values(out.getvalue(), FileKind.DOCX)
    assert sheet.rows == expected
