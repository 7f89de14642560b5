"""The guard's cell budget against cells written in forms Excel never writes (issue 14 attack).

Each file is the plan with one far cell that calamine reads (so it would allocate millions of
cells) written in a form the quick look missed: whitespace other than one space before r,
spaces around =, a ">" inside another attribute's value, a decoy r inside another value,
whitespace before the ">" of <v> or <is>.
"""

from __future__ import annotations

import io

import pytest
import python_calamine

from samverkan.excel.guard import RefusedFile, guard_spreadsheet
from tests.hostile_files import _ods_with_rows, _with_far_row

_VALUE = "<is><t>x</t></is></c>"


@pytest.mark.parametrize(
    "cell",
    [
        f'<c\nr="Z10000" t="inlineStr">{_VALUE}',
        f'<c\tr="Z10000" t="inlineStr">{_VALUE}',
        f'<c r = "Z10000" t="inlineStr">{_VALUE}',
        f'<c r="Z10000" t="inlineStr" cm="/>">{_VALUE}',
        f'<c s=">" r="Z10000" t="inlineStr">{_VALUE}',
        f'<c s=" r=\'A1\'" r="Z10000" t="inlineStr">{_VALUE}',
        '<c r="Z10000"><v >1</v ></c>',
        '<c r="Z10000" t="inlineStr"><is ><t>x</t></is ></c>',
        '<c r="Z10000"><v\n>1</v\n></c>',
    ],
    ids=[
        "newline-before-r",
        "tab-before-r",
        "spaces-around-equals",
        "gt-in-value-after-r",
        "gt-in-value-before-r",
        "decoy-r-in-value",
        "space-in-value-tags",
        "space-in-inline-string-tags",
        "newline-in-value-tags",
    ],
)
def test_a_far_cell_in_an_odd_form_is_refused_before_reading(cell: str) -> None:
    data = _with_far_row(10_000, cell)
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    assert sheet.height * sheet.width >= 260_000  # what the reader allocates
    with pytest.raises(RefusedFile, match="fler än gränsen"):
        guard_spreadsheet(data, cell_budget=100_000)


@pytest.mark.parametrize(
    "row",
    [
        '<table:table-row table:style-name=">" table:number-rows-repeated="100000">',
        "<table:table-row table:style-name='table:number-rows-repeated=\"1\"' "
        'table:number-rows-repeated="100000">',
    ],
    ids=["gt-in-value", "decoy-repeat-in-value"],
)
def test_ods_repeats_behind_an_odd_attribute_are_counted(row: str) -> None:
    cell = (
        '<table:table-cell table:number-columns-repeated="300" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell>"
    )
    with pytest.raises(RefusedFile, match="fler än gränsen"):
        guard_spreadsheet(_ods_with_rows(f"{row}{cell}</table:table-row>"))


def _workbook_of_sheets(count: int, far: str) -> bytes:
    """`count` sheets, each with a value in A1 and one at `far`: each within the budget."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for number in range(count):
        sheet = book.create_sheet(f"Blad{number + 1}")
        sheet["A1"] = "Aktivitet"
        sheet[far] = "x"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_many_sheets_each_within_the_budget_are_refused_together() -> None:
    # 60 sheets of 70,000 × 26 cells: 19 kB, each sheet within 2 million, together 109
    # million cells, 15 s of reading.
    data = _workbook_of_sheets(60, "Z70000")
    assert len(data) < 100_000
    with pytest.raises(RefusedFile, match="tillsammans"):
        guard_spreadsheet(data)


def test_a_plan_of_several_ordinary_sheets_is_not_refused() -> None:
    guard_spreadsheet(_workbook_of_sheets(8, "AD2000"))  # 8 × 60,000 cells


def test_many_sheets_stored_outside_the_worksheets_folder_are_refused_together() -> None:
    """The sheets are where workbook.xml's relationships say, not only in xl/worksheets/."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(_workbook_of_sheets(60, "Z70000")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item).replace(b"worksheets/", b"blad/")
            target.writestr(item.filename.replace("worksheets/", "blad/"), content)
        target.writestr("xl/worksheets/tom.xml", "<tom/>")
    data = out.getvalue()
    sheets = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names
    assert len(sheets) == 60  # the reader finds them all
    with pytest.raises(RefusedFile, match="tillsammans"):
        guard_spreadsheet(data)


def test_an_ods_table_inside_a_cell_does_not_restart_the_row_count() -> None:
    """The reader skips a cell's inner table; the rows after it go on from where they were."""
    value = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
    rows = (
        '<table:table-row table:number-rows-repeated="100000"><table:table-cell/>'
        "</table:table-row><table:table-row><table:table-cell>"
        '<table:table table:name="inre"><table:table-row>'
        f"{value}</table:table-row></table:table></table:table-cell></table:table-row>"
        '<table:table-row><table:table-cell table:number-columns-repeated="29"/>'
        f"{value}</table:table-row>"
    )
    data = _ods_with_rows(rows)
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    assert sheet.height * sheet.width > 3_000_000  # what the reader allocates
    with pytest.raises(RefusedFile, match="fler än gränsen"):
        guard_spreadsheet(data, cell_budget=1_000_000)


def test_an_ods_repeat_written_with_a_plus_sign_is_counted() -> None:
    cell = (
        '<table:table-cell table:number-columns-repeated="30" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell>"
    )
    data = _ods_with_rows(
        f'<table:table-row table:number-rows-repeated="+100000">{cell}</table:table-row>'
    )
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    assert sheet.height * sheet.width > 3_000_000  # the reader takes "+100000"
    with pytest.raises(RefusedFile, match="fler än gränsen"):
        guard_spreadsheet(data, cell_budget=1_000_000)


def test_a_csv_of_millions_of_lines_ending_in_cr_alone_is_refused() -> None:
    """19 MB of '\\r': 20 million rows for the reader, 9 s and its memory limit."""
    with pytest.raises(RefusedFile, match="fler än gränsen"):
        guard_spreadsheet(b"Aktivitet;Status\r" + b"\r" * 3_000_000)
