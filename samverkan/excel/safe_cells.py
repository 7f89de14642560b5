"""The one cell writer of every workbook and CSV file we export: text stays text, never a formula.

Parts:
- put_cell: a value into a cell (text as a text cell, dates as dates, nothing as empty)
- neutralise_csv_value: a CSV value a spreadsheet shows but never runs
- FORMULA_STARTS: the first characters that make a spreadsheet read a value as a formula

openpyxl writes a str starting with '=' as a formula, so every text is marked a string cell
and keeps its value unchanged (a title such as =HYPERLINK(…) is the coordinator's words, and
our own import reads them back as written). A text that starts like a formula also gets
Excel's quotePrefix style (the apostrophe Excel shows in the formula bar, not part of the
value): without it, whoever opens the file and edits such a cell, or presses F2 and Enter,
turns it into a live formula. CSV has no styles; its exports put an apostrophe in front
instead (neutralise_csv_value), and our CSV reader takes it off again.
"""

from __future__ import annotations

import datetime as dt

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "yyyy-mm-dd"

# What Excel and LibreOffice take as the start of a formula (tab and CR: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The full-width forms too: Excel with an East Asian input method reads ＝ as =.
_QUOTED_STARTS = (*FORMULA_STARTS, "\uff1d", "\uff0b", "\uff0d", "\uff20")


def put_cell(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write one value: text always as a text cell (never a formula), dates as dates."""
    cell = ws.cell(row=row, column=column)
    assert isinstance(cell, Cell)  # no merged cells are written
    if isinstance(value, str):
        # Excel cannot store control characters; openpyxl would raise on them.
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text or None
        if text:
            cell.data_type = "s"
            if text.startswith(_QUOTED_STARTS):
                cell.quotePrefix = True
    elif isinstance(value, dt.date | int | float) or value is None:
        cell.value = value
        if isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
    else:
        raise TypeError(f"cannot write {type(value).__name__} to a cell")
    return cell


def neutralise_csv_value(value: str) -> str:
    """'=SUMMA(A1)' → "'=SUMMA(A1)": a spreadsheet shows it, never runs it."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value
