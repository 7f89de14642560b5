"""Jämförelse's Excel file: one row per agreement, numbers as numbers, text never a formula."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from samverkan.exports.comparison import COMPARISON_COLUMNS, HEADER_ROW, build_comparison_workbook
from samverkan.models import ComparisonRow
from tests.test_comparison import make_agreement


@pytest.mark.parametrize(
    ("kommun", "lpo"),
    [('=HYPERLINK("http://x")', "Kävlinge"), ("Burlöv", "=1+1"), ("+Lomma", "@SUM(A1)")],
)
def test_a_kommun_or_lpo_that_looks_like_a_formula_stays_text(kommun: str, lpo: str) -> None:
    row = ComparisonRow(
        agreement=make_agreement(1, kommun, lpo=lpo),
        as_of=dt.date(2026, 6, 1),
        activities=4, planned=4, done=1, progress=0.25, late=1, late_share=0.25,
    )  # fmt: skip
    data = build_comparison_workbook([row], f"LPO {lpo}", dt.date(2026, 6, 1))
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws is not None
    headers = [c.value for c in ws[HEADER_ROW]]
    assert headers == [title for title, _ in COMPARISON_COLUMNS]
    cells = ws[HEADER_ROW + 1]
    for cell, expected in ((cells[0], kommun), (cells[1], lpo)):
        assert cell.value == expected
        assert cell.data_type == "s"  # text, never a formula
    assert ws.cell(1, 1).data_type == "s"  # the title names the LPO too
    progress = cells[headers.index("Genomfört av planerat")]
    assert (progress.value, progress.number_format) == (0.25, "0%")
    assert cells[headers.index("Period från")].value == dt.datetime(2026, 1, 1)
    assert cells[-1].value == "Nej"  # the flag as a word
