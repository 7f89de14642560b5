"""Builders for survey and key-figure files: each returns the bytes of one file."""

from __future__ import annotations

import io
from typing import Any

import openpyxl

from tests.conftest import SAMPLES

SAMPLE_SURVEY = SAMPLES / "trygghetsmatning_eslov_2020-2023.xlsx"
LONG_HEADERS = ("År", "Kommun", "Område", "Indikator", "Mått", "Värde", "Antal svar")


def make_workbook(rows: list[list[Any]], sheet: str = "Trygghetsmätning") -> bytes:
    """An xlsx with the rows as given, from A1 (an empty list is an empty row)."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_long_row(**overrides: Any) -> list[Any]:
    """One row of a long survey table by header; override any cell, e.g. Värde="1,9"."""
    row: dict[str, Any] = {
        "År": 2023,
        "Kommun": "Eslöv",
        "Område": "Hela kommunen",
        "Indikator": "Totalindex",
        "Mått": "Index 0–6",
        "Värde": 1.82,
        "Antal svar": 1390,
    }
    row.update(overrides)
    return [row[h] for h in LONG_HEADERS]


def make_long_survey(*rows: list[Any]) -> bytes:
    """A long survey workbook: the header row, then the rows (default: one Totalindex row)."""
    return make_workbook([list(LONG_HEADERS), *(rows or [make_long_row()])])


# The wide table of the tests: a title block, years as headers (numbers and text), values
# written as text with decimal commas, "–", ".." and an empty cell for missing values, a row
# of answer counts, and the source below.
WIDE_ROWS: list[list[Any]] = [
    ["Trygghetsmätning 2019–2023 för Eslövs kommun"],
    ["Polisen i samverkan med kommunen. Problemindex 0–6, där 6 är mycket stora problem."],
    [],
    ["Indikator", "Mått", 2019, "2020", 2021, "2022", "2023"],
    ["Totalindex", "Index 0–6", "1,95", "1,88", "–", "1,90", "1,82"],
    ["Öppen narkotikahandel", "Index 0–6", "2,10", "2,25", "2,02", "..", "1,87"],
    ["Trygg ute sent en kväll (%)", None, "59,0", "60,5", "61,2", "63,8", ""],
    ["Antal svar", None, 1450, "1 430", 1410, 1390, 1370],
    [],
    ["Källa: Polisen, trygghetsmätning Region Syd 2023"],
]
WIDE_EXPECTED: dict[tuple[str, int], float | None] = {
    ("Totalindex", 2019): 1.95,
    ("Totalindex", 2020): 1.88,
    ("Totalindex", 2021): None,
    ("Totalindex", 2022): 1.90,
    ("Totalindex", 2023): 1.82,
    ("Öppen narkotikahandel", 2019): 2.10,
    ("Öppen narkotikahandel", 2020): 2.25,
    ("Öppen narkotikahandel", 2021): 2.02,
    ("Öppen narkotikahandel", 2022): None,
    ("Öppen narkotikahandel", 2023): 1.87,
    ("Trygg ute sent en kväll", 2019): 59.0,
    ("Trygg ute sent en kväll", 2020): 60.5,
    ("Trygg ute sent en kväll", 2021): 61.2,
    ("Trygg ute sent en kväll", 2022): 63.8,
    ("Trygg ute sent en kväll", 2023): None,
}
WIDE_RESPONDENTS = {2019: 1450, 2020: 1430, 2021: 1410, 2022: 1390, 2023: 1370}


def make_wide_survey(rows: list[list[Any]] | None = None) -> bytes:
    """The wide survey workbook (WIDE_ROWS unless other rows are given)."""
    return make_workbook(WIDE_ROWS if rows is None else rows, sheet="Eslöv 2019-2023")


KOLADA_CSV = (
    '"kpi";"municipality";"period";"value"\n'
    '"N07403";"1285";"2021";"1 012,5"\n'
    '"N07403";"1285";"2022";"1098,7"\n'
    '"N07403";"0000";"2022";"1050,2"\n'
    '"N07403";"1231";"2022";".."\n'
)


def make_kolada_xlsx() -> bytes:
    """A Kolada export saved as xlsx: codes and years as numbers, a gender column."""
    return make_workbook(
        [
            ["kpi", "municipality", "period", "gender", "value"],
            ["N07403", 1285, 2021, "T", 1012.5],
            ["N07403", 1285, 2021, "K", 700.1],
            ["N07403", 1285, 2021, "M", 1320.4],
            ["N07403", 1285, 2022, "T", 1098.7],
            ["N07403", 180, 2022, "T", 1401.0],
        ],
        sheet="Kolada",
    )
