"""Every exported workbook writes text through one writer: a string cell, never a formula, and
Excel's quotePrefix on a text that starts like a formula, so editing the cell in Excel keeps it
text. Read back with openpyxl, from the raw styles.xml, and through our own import."""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import Cell

from samverkan import store
from samverkan.cli import main
from samverkan.excel.safe_cells import put_cell
from samverkan.excel.template import PLAN_SHEET, build_plan_workbook
from samverkan.exports.audit_log import audit_log_csv, audit_log_xlsx
from samverkan.exports.late_list import LATE_SHEET, build_late_report
from samverkan.metrics import judge_activity, summarize_focus_areas
from samverkan.models import (
    Activity,
    Agreement,
    AuditAction,
    AuditEntry,
    Party,
    PlanStatus,
    Status,
)

REPO = Path(__file__).resolve().parents[2]
AGREEMENT = Agreement(
    kommun="Burlöv",
    lpo="Kävlinge",
    period_start=dt.date(2024, 1, 1),
    period_end=dt.date(2024, 12, 31),
)
DAY = dt.date(2024, 6, 1)

FORMULA_LIKE = [
    pytest.param('=HYPERLINK("http://x","y")', id="="),
    pytest.param("+46 40 123 45", id="+"),
    pytest.param("-1 dag försenad", id="-"),
    pytest.param("@kommunpolis", id="@"),
    pytest.param("\t=1+1", id="tab"),
    pytest.param("\r=1+1", id="CR"),
    pytest.param("＝SUM(A1:A2)", id="full-width ="),
    pytest.param("＋46 40 123 45", id="full-width +"),
    pytest.param("－1", id="full-width -"),
    pytest.param("＠kommunpolis", id="full-width @"),
]
PLAIN = [
    pytest.param("Trygghetsvandring i centrum", id="words"),
    pytest.param("a = b", id="= inside"),
    pytest.param(" =1+1", id="space first"),
    pytest.param("'=1+1", id="apostrophe first"),
    pytest.param("\u22121 dag", id="minus sign"),
    pytest.param("2024-05-31", id="date as text"),
]


def make_activity(title: str, comment: str | None = None) -> Activity:
    return Activity(
        activity_key="A1",
        focus_area="Droger",
        title=title,
        party=Party.POLIS,
        owner=title,
        due=dt.date(2024, 5, 1),
        status=Status.IN_PROGRESS,
        comment=comment if comment is not None else title,
        sheet="Plan",
        row=2,
    )


def plan_workbook(text: str) -> tuple[bytes, str, str]:
    """The template writer's workbook with the text as title: (bytes, sheet, cell)."""
    return build_plan_workbook(AGREEMENT, [], [], [make_activity(text)]), PLAN_SHEET, "C2"


def late_report(text: str) -> tuple[bytes, str, str]:
    """The late list (report.py) with the text as a late activity's title."""
    views = [judge_activity(make_activity(text), DAY)]
    status = PlanStatus(
        as_of=DAY, agreement=AGREEMENT, focus_areas=summarize_focus_areas(views), activities=views
    )
    return build_late_report(status), LATE_SHEET, "D6"


def audit_workbook(text: str) -> tuple[bytes, str, str]:
    """The audit log's xlsx with the text as who did it."""
    entry = AuditEntry(
        at=dt.datetime(2026, 12, 2, 16, 40), actor=text, action=AuditAction.UPLOAD, kommun="Burlöv"
    )
    return audit_log_xlsx([entry], []), "Logg", "B2"


EXPORTS: list[Callable[[str], tuple[bytes, str, str]]] = [
    plan_workbook,
    late_report,
    audit_workbook,
]


def quote_prefix_in_styles_xml(data: bytes, sheet_index: int, reference: str) -> bool:
    """Whether the raw file gives the cell an xf with quotePrefix="1" (what Excel reads)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read(f"xl/worksheets/sheet{sheet_index}.xml").decode()
        styles_xml = archive.read("xl/styles.xml").decode()
    cell = re.search(rf'<c r="{reference}"([^>]*)>', sheet_xml)
    assert cell is not None, reference
    style = re.search(r'\bs="(\d+)"', cell.group(1))
    cell_xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles_xml, re.S)
    assert cell_xfs is not None
    xfs = re.findall(r"<xf\b[^>]*>", cell_xfs.group(1))
    xf = xfs[int(style.group(1)) if style else 0]
    assert not re.search(r"<f[ >]", sheet_xml)
    return 'quotePrefix="1"' in xf


def sheet_number(data: bytes, name: str) -> int:
    return openpyxl.load_workbook(io.BytesIO(data)).sheetnames.index(name) + 1


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: e.__name__)
@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_text_that_starts_like_a_formula_gets_quote_prefix(
    export: Callable[[str], tuple[bytes, str, str]], text: str
) -> None:
    data, name, reference = export(text)
    cell = openpyxl.load_workbook(io.BytesIO(data))[name][reference]
    # A carriage return written raw comes back from an XML reader as a line feed; openpyxl on
    # lxml (python-docx brings it) writes it as &#13; and it comes back as it was.
    assert cell.value in (text, text.replace("\r", "\n"))
    assert (cell.data_type, cell.quotePrefix) == ("s", True)
    assert quote_prefix_in_styles_xml(data, sheet_number(data, name), reference)


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: e.__name__)
@pytest.mark.parametrize("text", PLAIN)
def test_other_text_is_written_as_it_was(
    export: Callable[[str], tuple[bytes, str, str]], text: str
) -> None:
    data, name, reference = export(text)
    cell = openpyxl.load_workbook(io.BytesIO(data))[name][reference]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", False)
    assert not quote_prefix_in_styles_xml(data, sheet_number(data, name), reference)


def test_a_cell_keeps_its_other_styles_beside_the_quote_prefix() -> None:
    data, name, reference = late_report("=1+1")
    cell = openpyxl.load_workbook(io.BytesIO(data))[name][reference]
    assert (cell.quotePrefix, cell.alignment.wrap_text) == (True, True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("=1+1", ("=1+1", "s", True), id="formula text"),
        pytest.param("Klar", ("Klar", "s", False), id="text"),
        pytest.param("", (None, "n", False), id="empty text"),
        pytest.param("\x01", (None, "n", False), id="only a control character"),
        pytest.param(None, (None, "n", False), id="nothing"),
        pytest.param(3, (3, "n", False), id="number"),
        pytest.param(dt.date(2024, 5, 31), (dt.date(2024, 5, 31), "d", False), id="date"),
    ],
)
def test_put_cell(value: object, expected: tuple[object, str, bool]) -> None:
    ws = openpyxl.Workbook().active
    assert ws is not None
    cell = put_cell(ws, 1, 1, value)
    assert isinstance(cell, Cell)
    assert (cell.value, cell.data_type, cell.quotePrefix) == expected


def test_the_csv_keeps_its_apostrophe() -> None:
    entry = AuditEntry(at=dt.datetime(2026, 12, 2, 16, 40), actor="=1+1", action=AuditAction.UPLOAD)
    assert "\r\n2026-12-02 16:40;'=1+1;" in audit_log_csv([entry]).decode("utf-8-sig")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('=HYPERLINK("http://x","y")', id="="),
        pytest.param("+46 40 123 45", id="+"),
        pytest.param("-1 dag försenad", id="-"),
        pytest.param("@kommunpolis", id="@"),
        pytest.param("＝SUM(A1:A2)", id="full-width ="),
    ],
)
def test_an_exported_plan_imports_with_the_same_text(text: str, tmp_path: Path) -> None:
    """`samverkan import` of the exported plan gives the title and comment back as written."""
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(build_plan_workbook(AGREEMENT, [], [], [make_activity(text, text + " !")]))
    db = tmp_path / "samverkan.duckdb"
    assert main(["import", str(plan), "--db", str(db)]) == 0
    with store.open_store(db) as con:
        (agreement,) = store.fetch_agreements(con)
        (activity,) = store.fetch_current_activities(con, agreement.id or 0)
    assert (activity.title, activity.owner, activity.comment) == (text, text, text + " !")


@pytest.mark.parametrize(
    "module",
    [
        "samverkan/excel/template.py",
        "samverkan/exports/late_list.py",
        "samverkan/exports/audit_log.py",
    ],
)
def test_one_cell_writer_serves_every_export(module: str) -> None:
    """No exporter sets a cell's type itself: each goes through safe_cells.put_cell."""
    tree = ast.parse((REPO / module).read_text(encoding="utf-8"))
    assigned = [
        target.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Attribute)
    ]
    assert "data_type" not in assigned
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "samverkan.excel.safe_cells"
        for alias in node.names
    ]
    assert "put_cell" in imported


# The demo writes its own survey file (constant words and numbers, nothing a user typed).
WRITES_ONLY_ITS_OWN_WORDS = {"samverkan/demo.py"}


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "samverkan").glob("**/*.py")),
    ids=lambda p: p.relative_to(REPO).as_posix(),
)
def test_every_workbook_and_csv_we_write_goes_through_safe_cells(path: Path) -> None:
    """A module that makes a workbook or a CSV writer uses put_cell or neutralise_csv_value."""
    relative = path.relative_to(REPO).as_posix()
    if relative == "samverkan/excel/safe_cells.py" or relative in WRITES_ONLY_ITS_OWN_WORDS:
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "samverkan.excel.safe_cells"
        for alias in node.names
    }
    if "Workbook" in calls:
        assert "put_cell" in imported, f"{relative} writes a workbook without put_cell"
    if "writer" in calls:
        assert "neutralise_csv_value" in imported, f"{relative} writes CSV without neutralising"
