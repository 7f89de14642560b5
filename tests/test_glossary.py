"""One word per thing: no other spelling of a glossary word in the code's texts, the PDF, the
late list or the calendar; the words the tables and exports use are the glossary's."""

from __future__ import annotations

import ast
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pypdf
import pytest

from samverkan import store
from samverkan.exports.calendar import calendar_dates
from samverkan.exports.late_list import LATE_COLUMNS, build_late_report
from samverkan.glossary import (
    ALTERNATIVES,
    DOWNLOAD,
    DUE,
    FOLLOWUP_DUE,
    FOLLOWUP_MISSING,
    other_spellings,
)
from samverkan.models import FIELD_LABELS, Activity, ReportKind, Status
from samverkan.reports.content import build_plan_report
from samverkan.reports.pdf import build_report_pdf
from samverkan.reports.period import report_period
from samverkan.status import build_plan_status
from samverkan.web.tables import ACTIVITY_COLUMNS
from samverkan.web.tables import LATE_COLUMNS as LATE_TABLE_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("samverkan/**/*.py")],
)
# Words a plan may be written in, which the import reads: not words the app writes.
INPUT_SYNONYMS = {"samverkan/excel/locate.py", "samverkan/excel/parse.py", "samverkan/glossary.py"}
# (file, spelling): why it may stay.
ALLOWED = {
    # It names a heading the import finds in a plan, as the coordinator may have written it.
    ("samverkan/excel/plan.py", "Klart senast"),
    # The column choices read from the database, not a file handed to the user.
    ("samverkan/web/upload.py", "hämtas"),
}


def texts_of(path: Path) -> list[tuple[int, str]]:
    """Every string in the module a user may read: its constants, docstrings left out."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_other_spelling_in_the_code(path: Path) -> None:
    relative = path.relative_to(ROOT).as_posix()
    if relative in INPUT_SYNONYMS:
        return
    found = [
        f"{relative}:{line}: {spelling!r} (say {word!r})"
        for line, text in texts_of(path)
        for word, spelling in other_spellings(text)
        if (relative, spelling) not in ALLOWED
    ]
    assert not found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Klart senast 3 dec 2026", [(DUE, "Klart senast")]),
        (", klart senast 3 dec", [(DUE, "klart senast")]),
        ("Sista dag", [(DUE, "Sista dag")]),
        ("Ange periodens första och sista dag.", []),
        ("Ingen slutdag (löpande)", [(DUE, "slutdag")]),
        ("Slutdatum 3 dec 2026", []),
        ("Utan uppföljning", [(FOLLOWUP_MISSING, "Utan uppföljning")]),
        ("Uppföljning saknas", []),
        ("Hämta Excel-mallen", [(DOWNLOAD, "Hämta")]),
        ("Originalfilen kan bara hämtas av", [(DOWNLOAD, "hämtas")]),
        ("Ladda ner som PDF", [(DOWNLOAD, "Ladda ner")]),
        ("Ladda ned som PDF", []),
    ],
)
def test_other_spellings_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert other_spellings(text) == expected


def test_field_words_are_the_template_s() -> None:
    """A column is called what the coordinator's plan and the Excel template call it."""
    assert (FIELD_LABELS["due"], FIELD_LABELS["followup_due"]) == (DUE, FOLLOWUP_DUE)
    assert (DUE, FOLLOWUP_DUE) == ("Slutdatum", "Uppföljning senast")
    assert set(ALTERNATIVES) == {DUE, FOLLOWUP_MISSING, DOWNLOAD}


def test_tables_and_late_list_use_the_words() -> None:
    assert DUE in ACTIVITY_COLUMNS
    assert {DUE, FOLLOWUP_DUE} <= set(LATE_TABLE_COLUMNS)
    assert {DUE, FOLLOWUP_DUE} <= {title for title, _ in LATE_COLUMNS}


def test_calendar_uses_the_words() -> None:
    activity = Activity(
        activity_key="1",
        title="Trygghetsvandring",
        due=dt.date(2026, 12, 1),
        status=Status.IN_PROGRESS,
        sheet="Aktivitetsplan",
        row=2,
    )
    done = activity.model_copy(
        update={"status": Status.DONE, "followup_due": dt.date(2026, 12, 20)}
    )
    assert [s for *_, s in calendar_dates(activity)] == [f"{DUE}: Trygghetsvandring"]
    assert [s for *_, s in calendar_dates(done)] == [f"{FOLLOWUP_DUE}: Trygghetsvandring"]


def test_the_pdf_and_the_late_list_of_the_demo_say_it_one_way(demo_file: Path) -> None:
    """The demo's year report and late list: the glossary's words, and no other spelling."""
    with store.open_store(demo_file) as con:
        agreement = store.fetch_agreements(con)[0]
        today = min(dt.date.today(), agreement.period_end)
        period = report_period(ReportKind.YEAR, today)
        report = build_plan_report(con, agreement, period, today)
        status = build_plan_status(con, agreement, today)
    assert status is not None
    pdf = build_report_pdf(report)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert DUE in text
    assert FOLLOWUP_MISSING in text
    assert not other_spellings(text)
    sheet = openpyxl.load_workbook(io.BytesIO(build_late_report(status))).active
    assert sheet is not None
    cells = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert DUE in cells
    assert not other_spellings(cells)
