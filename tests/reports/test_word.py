"""The report as a Word document: the PDF's sections as real headings, tables with header
rows, the chart with alt text, page numbers, the coordinator's places, nothing ej offentlig.

Built from the same known Eslöv plan as tests/reports/test_reports.py (uploaded on 1 June and
15 August 2025), so the late list and the changes of the third quarter are known exactly.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from docx.document import Document as WordDocument
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Cm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samverkan import store
from samverkan.cli import main
from samverkan.models import PlanReport, ReportFormat, ReportKind
from samverkan.reports import MIME_TYPES, build_report, report_file_name, report_period
from samverkan.reports.content import (
    build_plan_report,
    change_tables,
    confidential_note,
    focus_area_table,
    late_table,
    summary_paragraphs,
)
from samverkan.reports.pdf import build_report_pdf
from samverkan.reports.word import (
    ASSESSMENT,
    ASSESSMENT_PLACEHOLDER,
    INTRODUCTION,
    INTRODUCTION_PLACEHOLDER,
    TABLE_STYLE,
    build_report_docx,
    word_text,
)
from tests.browser import OUTPUT
from tests.reports.test_reports import (
    AFTER,
    AGREEMENT,
    BEFORE,
    END_OF_Q3,
    INJECTIONS,
    Q1,
    Q3,
    SECRET,
    injected_report,
    pdf_text_of,
    q3_report,
    save_plan,
)

HIDDEN_WORDS = (SECRET, "Hemlig gruppchef", "Ej för protokollet")
Q3_HEADINGS = [
    ("Title", "Kvartalsrapport, kvartal 3 2025"),
    ("Heading 1", INTRODUCTION),
    ("Heading 1", ASSESSMENT),
    ("Heading 1", "Läget i korthet"),
    ("Heading 1", "Per fokusområde"),
    ("Heading 1", "Försenade åtaganden"),
    ("Heading 1", "Förändringar under perioden"),
    ("Heading 2", "Nya och borttagna aktiviteter"),
    ("Heading 2", "Ändrad status"),
    ("Heading 2", "Flyttat slutdatum"),
    ("Heading 1", "Om uppgifterna"),
]


@pytest.fixture(scope="module")
def eslov_q3_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eslöv's 2025 plan uploaded on 1 June and on 15 August (the reports only read it)."""
    db = tmp_path_factory.mktemp("word") / "eslov.duckdb"
    save_plan(db, BEFORE, dt.date(2025, 6, 1))
    save_plan(db, AFTER, dt.date(2025, 8, 15))
    return db


@pytest.fixture(scope="module")
def q3(eslov_q3_file: Path) -> PlanReport:
    return q3_report(eslov_q3_file)


@pytest.fixture(scope="module")
def q3_docx(q3: PlanReport) -> bytes:
    return build_report_docx(q3)


def open_docx(data: bytes) -> WordDocument:
    return docx.Document(io.BytesIO(data))


def headings(document: WordDocument) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style is not None and (p.style.name == "Title" or p.style.name.startswith("Heading"))
    ]


def xml_text(data: bytes) -> str:
    """Every XML part of the package as one text: body, footer, properties, relationships."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "\n".join(
            package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        )


def cell_rows(table: docx.table.Table) -> list[tuple[str, ...]]:
    return [tuple(cell.text for cell in row.cells) for row in table.rows]


def paragraph_after(document: WordDocument, heading: str) -> docx.text.paragraph.Paragraph:
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text == heading)
    return paragraphs[index + 1]


# ---------------------------------------------------------------- the document's shape


def test_headings_are_built_in_styles_in_the_pdfs_order(q3: PlanReport, q3_docx: bytes) -> None:
    document = open_docx(q3_docx)
    assert headings(document) == Q3_HEADINGS
    # The PDF has the same sections in the same order (less the coordinator's two).
    pdf = pdf_text_of(build_report_pdf(q3))
    sections = [text for style, text in Q3_HEADINGS if style == "Heading 1"][2:]
    found = [pdf.index(section) for section in sections]
    assert found == sorted(found)


def test_it_says_what_the_pdf_says(q3: PlanReport, q3_docx: bytes) -> None:
    text = "\n".join(p.text for p in open_docx(q3_docx).paragraphs)
    for expected in (
        "Till kommunstyrelsens arbetsutskott (KSAU)",
        "Perioden 1 juli 2025 – 30 september 2025, läget bedömt 30 september 2025.",
        *summary_paragraphs(q3),
        "Jämfört med planen som gällde när perioden började (uppladdad 1 juni 2025).",
        "2 nya aktiviteter, 1 borttagen, 2 ändrade status, 1 flyttat slutdatum.",
        "Uppgifterna kommer från aktivitetsplanen som laddades upp 15 augusti 2025",
    ):
        assert expected in text, expected


def test_the_ej_offentlig_statement_is_beside_the_figures(q3: PlanReport, q3_docx: bytes) -> None:
    document = open_docx(q3_docx)
    paragraphs = [p.text for p in document.paragraphs]
    figures = paragraphs.index("Läget i korthet") + 1
    assert paragraphs[figures].startswith("Planen har 6 aktiviteter")
    assert paragraphs[figures + 1] == confidential_note(1)
    assert summary_paragraphs(q3) == paragraphs[figures : figures + 2]  # one sentence, not two


def test_nothing_ej_offentlig_anywhere_in_the_package(q3_docx: bytes) -> None:
    text = xml_text(q3_docx)
    assert "Föräldravandringar" in text  # the text was read: an empty one proves nothing
    for hidden in HIDDEN_WORDS:
        assert hidden not in text, hidden


def test_places_for_the_coordinators_own_text(q3_docx: bytes) -> None:
    document = open_docx(q3_docx)
    for heading, placeholder in (
        (INTRODUCTION, INTRODUCTION_PLACEHOLDER),
        (ASSESSMENT, ASSESSMENT_PLACEHOLDER),
    ):
        paragraph = paragraph_after(document, heading)
        assert paragraph.text == placeholder
        assert [r.font.highlight_color for r in paragraph.runs] == [WD_COLOR_INDEX.YELLOW]
    assert ASSESSMENT_PLACEHOLDER == "[Skriv styrgruppens bedömning här]"


def test_tables_have_header_rows_repeated_and_the_contents_rows(
    q3: PlanReport, q3_docx: bytes
) -> None:
    tables = open_docx(q3_docx).tables
    expected = [focus_area_table(q3), late_table(q3), *(t for _, t in change_tables(q3))]
    assert len(tables) == len(expected) == 5
    for table, (header, rows) in zip(tables, expected, strict=True):
        assert table.style is not None
        assert table.style.name == TABLE_STYLE
        first = table.rows[0]._tr.trPr
        assert first is not None
        repeat = first.find(qn("w:tblHeader"))
        assert repeat is not None
        assert repeat.get(qn("w:val")) == "true"
        assert not any(r._tr.trPr is not None for r in table.rows[1:])  # only the header repeats
        assert cell_rows(table) == [header, *rows]
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
        # The columns fit A4 portrait's text width.
        assert sum(c.width or 0 for c in table.columns) <= Cm(17.01)


def test_the_late_list_is_the_contents_late_list(q3: PlanReport, q3_docx: bytes) -> None:
    late = open_docx(q3_docx).tables[1]
    _header, rows = late_table(q3)
    assert cell_rows(late)[1:] == rows
    titles = [row[0] for row in rows]
    assert "Föräldravandringar" in titles  # late
    assert "Narkotikakontroller vid stationen" in titles  # follow-up missing
    assert SECRET not in titles


def test_the_chart_is_an_image_with_swedish_alt_text(q3_docx: bytes) -> None:
    document = open_docx(q3_docx)
    shapes = document.inline_shapes
    assert len(shapes) == 1
    doc_pr = shapes[0]._inline.docPr
    alt = doc_pr.get("descr")
    assert alt.startswith("Stapeldiagram över aktiviteternas status per fokusområde.")
    assert "Droger (3 aktiviteter): genomförd 1, pågår 1, stående 1." in alt
    assert "Våld i nära relationer (3 aktiviteter)" in alt  # the ej offentlig one not counted
    assert shapes[0].width <= Cm(17.01)
    blips = [p for p in document.part.package.parts if p.partname.endswith(".png")]
    assert len(blips) == 1
    assert blips[0].blob.startswith(b"\x89PNG")


def test_pages_are_numbered_in_the_footer(q3_docx: bytes) -> None:
    section = open_docx(q3_docx).sections[0]
    footer = section.footer._element.xml
    instructions = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", footer)
    assert [i.strip() for i in instructions] == ["PAGE", "NUMPAGES"]
    assert "Kvartalsrapport, kvartal 3 2025 – Eslöv – sida" in section.footer.paragraphs[0].text


def test_a4_portrait_in_swedish(q3_docx: bytes) -> None:
    document = open_docx(q3_docx)
    section = document.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert abs(section.page_width - Cm(21)) < Cm(0.01)  # Word counts in twips
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert document.core_properties.language == "sv-SE"
    assert document.core_properties.title == "Kvartalsrapport, kvartal 3 2025 – Eslöv"
    assert 'w:lang w:val="sv-SE"' in document.styles.element.xml


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("Åtgärder i Höör – klart …", "Åtgärder i Höör – klart …"),
        ("”Trygg i Eslöv” 12,5 € é Łódź 日本", "”Trygg i Eslöv” 12,5 € é Łódź 日本"),
        ("Rad ett\x0bRad två\x07", "Rad ettRad två"),  # a vertical tab pasted from Word
        ("Flik\toch\nrad", "Flik\toch\nrad"),
    ],
)
def test_text_python_docx_can_write(written: str, kept: str) -> None:
    assert word_text(written) == kept


def test_text_from_the_plan_is_written_as_it_is(q3: PlanReport) -> None:
    odd = "Samtal\x0bmed Łódź-gruppen"
    changed = [
        v.model_copy(update={"activity": v.activity.model_copy(update={"title": odd})})
        if v.activity.title == "Föräldravandringar"
        else v
        for v in q3.status.activities
    ]
    report = q3.model_copy(update={"status": q3.status.model_copy(update={"activities": changed})})
    late = open_docx(build_report_docx(report)).tables[1]
    assert "Samtalmed Łódź-gruppen" in [row[0] for row in cell_rows(late)]


@pytest.mark.parametrize("text", INJECTIONS)
def test_formula_looking_text_is_plain_text(text: str) -> None:
    data = build_report_docx(injected_report(text))
    cells = [c.text for t in open_docx(data).tables for row in t.rows for c in row.cells]
    assert text in cells
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml").decode()
    assert "fldSimple" not in body
    assert "instrText" not in body


# ---------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("period", "as_of", "sections", "tables"),
    [
        pytest.param(Q3, END_OF_Q3, [h for _, h in Q3_HEADINGS[1:]], 5, id="kvartal 3"),
        pytest.param(
            report_period(ReportKind.YEAR, END_OF_Q3), END_OF_Q3,
            [h for _, h in Q3_HEADINGS[1:]], 5, id="år 2025",
        ),
        pytest.param(
            report_period(ReportKind.QUARTER, dt.date(2025, 5, 1)), dt.date(2025, 6, 30),
            [INTRODUCTION, ASSESSMENT, "Läget i korthet", "Per fokusområde",
             "Försenade åtaganden", "Förändringar under perioden", "Om uppgifterna"], 1,
            id="kvartal 2 (one version, nothing late)",
        ),
        pytest.param(
            Q1, dt.date(2025, 3, 31),
            [INTRODUCTION, ASSESSMENT, "Läget i korthet", "Om uppgifterna"], 0,
            id="kvartal 1 (no plan yet)",
        ),
    ],
)  # fmt: skip
def test_each_period_has_the_pdfs_sections(
    eslov_q3_file: Path, period: object, as_of: dt.date, sections: list[str], tables: int
) -> None:
    with store.open_store(eslov_q3_file) as con:
        agreement = store.fetch_agreements(con)[0]
        report = build_plan_report(con, agreement, period, as_of)  # type: ignore[arg-type]
    data = build_report_docx(report)
    document = open_docx(data)
    assert [text for _, text in headings(document)][1:] == sections
    assert len(document.tables) == tables
    assert len(document.inline_shapes) == (1 if tables else 0)
    for hidden in HIDDEN_WORDS:
        assert hidden not in xml_text(data)
    if not tables:
        assert paragraph_after(document, "Läget i korthet").text == (
            "Det fanns ingen aktivitetsplan att redovisa för perioden: den första laddades upp "
            "1 juni 2025, efter periodens slut."
        )


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(list(ReportKind)),
    day=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2025, 12, 31)),
)
def test_any_period_makes_a_document_without_the_ej_offentlig(
    eslov_q3_file: Path, kind: ReportKind, day: dt.date
) -> None:
    period = report_period(kind, day)
    with store.open_store(eslov_q3_file) as con:
        agreement = store.fetch_agreements(con)[0]
        data = build_report(con, agreement, period, ReportFormat.DOCX, today=day)
    document = open_docx(data)
    found = [text for _, text in headings(document)]
    assert found[:4] == [found[0], INTRODUCTION, ASSESSMENT, "Läget i korthet"]
    assert found[-1] == "Om uppgifterna"
    for hidden in HIDDEN_WORDS:
        assert hidden not in xml_text(data)


# ---------------------------------------------------------------- build_report and the command line


def test_file_name_and_mime_type() -> None:
    assert (
        report_file_name(AGREEMENT, Q3, ReportFormat.DOCX) == "kvartalsrapport-Eslöv-2025-Q3.docx"
    )
    assert MIME_TYPES[ReportFormat.DOCX] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        (["--format", "docx"], "rapport"),
        ([], "rapport.docx"),
        ([], "RAPPORT.DOCX"),
    ],
)
def test_cli_writes_the_word_document(
    eslov_q3_file: Path, tmp_path: Path, arguments: list[str], name: str,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    out = tmp_path / name
    db = ["--db", str(eslov_q3_file), "--as-of", "2025-09-30"]
    assert main(["report", "--kind", "kvartal", *arguments, str(out), *db]) == 0
    assert headings(open_docx(out.read_bytes())) == Q3_HEADINGS
    written = capsys.readouterr()
    assert written.out == f"Kvartalsrapporten kvartal 3 2025 för Eslöv är skriven till {out}.\n"
    assert written.err == ""


def test_cli_end_to_end_in_a_child(eslov_q3_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "årsrapport.docx"
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "report", "--kind", "ar", str(out),
         "--db", str(eslov_q3_file), "--as-of", "2025-12-31"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-500:]
    assert "Årsrapporten år 2025 för Eslöv är skriven till" in result.stdout
    assert headings(open_docx(out.read_bytes()))[0] == ("Title", "Årsrapport 2025")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--kind", "vecka", "r.docx"], "ogiltigt val"),
        (["--kind", "ar", "--format", "doc", "r.doc"], "ogiltigt val"),
        (["--kind", "ar", "r.doc"], "--format docx"),
        (["--kind", "ar", "saknas/r.docx"], "filen går inte att skriva"),
    ],
)
def test_cli_refuses_like_the_other_formats(
    eslov_q3_file: Path, tmp_path: Path, arguments: list[str], message: str,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert main(["report", *arguments, "--db", str(eslov_q3_file)]) == 2
    assert message in capsys.readouterr().err


def test_cli_on_an_empty_store_writes_nothing(empty_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "r.docx"
    assert main(["report", "--kind", "ar", str(path), "--db", str(empty_store)]) == 2
    assert not path.exists()


# ---------------------------------------------------------------- as LibreOffice prints it


def page_one_text(pdf: Path) -> str:
    """Page one's text by poppler's pdftotext, or pypdf where poppler is missing."""
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
            check=True, capture_output=True, text=True, timeout=60,
        ).stdout  # fmt: skip
    return pypdf.PdfReader(pdf).pages[0].extract_text()


def test_libreoffice_prints_it_with_the_assessment_on_page_one(
    q3_docx: bytes, tmp_path: Path
) -> None:
    """Converted to PDF by LibreOffice; page one as a picture in test-output/ to look at."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the Word document is not printed")
    source = tmp_path / "kvartalsrapport-word.docx"
    source.write_bytes(q3_docx)
    # A profile of its own: another LibreOffice running on the machine does not block this one.
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    printed = tmp_path / "kvartalsrapport-word.pdf"
    assert len(pypdf.PdfReader(printed).pages) >= 1
    first = " ".join(page_one_text(printed).split())
    for expected in (ASSESSMENT, INTRODUCTION, "Läget i korthet", confidential_note(1)):
        assert expected in first, expected
    assert "Kvartalsrapport, kvartal 3 2025 – Eslöv – sida 1 av" in first
    OUTPUT.mkdir(exist_ok=True)
    shutil.copy(printed, OUTPUT / "kvartalsrapport-word.pdf")
    picture = OUTPUT / "kvartalsrapport-word-1.png"
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(printed),
             str(picture.with_suffix(""))],
            check=True, timeout=60,
        )  # fmt: skip
    else:
        subprocess.run(
            [soffice, profile, "--headless", "--convert-to", "png", "--outdir", str(tmp_path),
             str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        shutil.copy(tmp_path / "kvartalsrapport-word.png", picture)
    assert picture.stat().st_size > 10_000
