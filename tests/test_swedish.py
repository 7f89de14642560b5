"""Swedish numbers and dates: written in one module, read back by the import's parsers."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverkan import swedish
from samverkan.excel.parse import parse_date
from samverkan.excel.survey_layout import parse_survey_number
from samverkan.models import Agreement
from samverkan.swedish import (
    format_count,
    format_date,
    format_datetime,
    format_days,
    format_decimal,
    format_file_size,
    format_integer,
    format_number,
    format_percent,
    format_percent_points,
    format_timestamp,
    format_week,
    format_years,
)

ROOT = Path(__file__).resolve().parent.parent
NB = "\u00a0"


@pytest.mark.parametrize(
    ("written", "text"),
    [
        (format_date(dt.date(2024, 5, 3)), "3 maj 2024"),
        (format_date(None), "–"),
        (format_week(dt.date(2024, 3, 20)), f"v.{NB}12"),
        (format_week(dt.date(2026, 12, 31)), f"v.{NB}53"),
        (format_datetime(dt.datetime(2026, 11, 26, 9, 30)), "26 november 2026 kl. 09.30"),
        (format_datetime(None), "–"),
        (format_timestamp(dt.datetime(2026, 12, 2, 16, 40, 12)), "2026-12-02 16:40"),
        (format_timestamp(None), ""),
        (format_years(2020, 2023), "2020–2023"),
        (format_years(2024, 2024), "2024"),
        (format_integer(12345), f"12{NB}345"),
        (format_integer(-1200), f"−1{NB}200"),
        (format_decimal(1.55), "1,6"),
        (format_decimal(1234.55), f"1{NB}234,5"),
        (format_decimal(2.0, 2), "2,00"),
        (format_decimal(None), "–"),
        (format_number(1.8), "1,8"),
        (format_number(59.0), "59"),
        (format_number(1.956), "1,96"),
        (format_number(-0.5), "−0,5"),
        (format_number(1450.5), f"1{NB}450,5"),
        (format_number(10.0, 0), "10"),
        (format_number(None), "–"),
        (format_percent(0.456), f"46{NB}%"),
        (format_percent(None), "–"),
        (format_percent_points(59.0), f"59{NB}%"),
        (format_percent_points(61.54, 1), f"61,5{NB}%"),
        (format_file_size(29_400), f"29{NB}kB"),
        (format_file_size(1_250_000), f"1,2{NB}MB"),
        (format_count(1, "aktivitet", "aktiviteter"), "1 aktivitet"),
        (format_count(12345, "aktivitet", "aktiviteter"), f"12{NB}345 aktiviteter"),
        (format_days(1), "1 dag"),
        (format_days(12), "12 dagar"),
    ],
)
def test_written_the_swedish_way(written: str, text: str) -> None:
    assert written == text


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_a_written_date_reads_back_as_the_same_day(day: dt.date) -> None:
    assert parse_date(format_date(day)).due == day


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_a_written_number_reads_back_as_its_rounded_value(value: float) -> None:
    assert parse_survey_number(format_number(value)).value == float(f"{value:.2f}")
    assert parse_survey_number(format_decimal(value, 1)).value == float(f"{value:.1f}")


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_a_written_integer_reads_back(value: int) -> None:
    assert parse_survey_number(format_integer(value)).value == value


@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_a_written_percentage_reads_back(value: float) -> None:
    assert parse_survey_number(format_percent_points(value, 2)).value == float(f"{value:.2f}")


@given(st.integers(1990, 2100), st.integers(0, 8))
def test_an_agreements_period_is_written_with_its_years(start: int, length: int) -> None:
    agreement = Agreement(
        kommun="Burlöv",
        period_start=dt.date(start, 1, 1),
        period_end=dt.date(start + length, 12, 31),
    )
    assert agreement.period_label == format_years(start, start + length)


def test_charts_get_the_same_marks_as_pages() -> None:
    number = swedish.VEGA_NUMBER_LOCALE
    assert (
        format_decimal(-1234.5) == f"{number['minus']}1{number['thousands']}234{number['decimal']}5"
    )
    assert number["percent"] == format_percent(0.5).removeprefix("50")
    time = swedish.VEGA_TIME_LOCALE
    assert time["months"] == list(swedish.MONTHS)
    assert time["days"][1] == "måndag"
    assert time["shortDays"][0] == "sön"
    assert time["shortMonths"][2:4] == ["mar", "apr"]


# ---------------------------------------------------------------- written once

SOURCES = sorted(
    p
    for p in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("samverkan/**/*.py")]
    if p != ROOT / "samverkan/swedish.py"
)
# The import reads month names (it does not write them); the demo writes a plan's cells the
# way coordinators do ("mars 2024", "v. 12 2024"), as input for the import.
READERS_OF_SWEDISH = {"samverkan/excel/parse.py", "samverkan/demo.py"}
WRITING_SWEDISH = [
    ("a decimal comma", re.compile(r"""\.replace\(\s*["']\.["']\s*,\s*["'],["']\s*\)""")),
    ("a thousands separator", re.compile(r"""\{[^{}]*:,[^{}]*\}""")),
    ("a decimal point", re.compile(r"""\{[^{}]*:[^{}]*\.\d+[fg%][^{}]*\}""")),
    ("a month's name", re.compile(r'"(januari|februari|augusti|september|oktober)"')),
    ("a date or time pattern", re.compile(r"strftime\(")),
]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_numbers_and_dates_are_written_only_in_swedish_py(path: Path) -> None:
    relative = path.relative_to(ROOT).as_posix()
    if relative in READERS_OF_SWEDISH:
        return
    text = path.read_text("utf-8")
    for what, pattern in WRITING_SWEDISH:
        assert not pattern.search(text), f"{relative} writes {what} itself: use samverkan.swedish"


@pytest.mark.parametrize("package", ["samverkan/reports", "samverkan/exports", "samverkan/charts"])
def test_files_and_charts_do_not_reach_into_the_ui(package: str) -> None:
    for path in sorted((ROOT / package).glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("samverkan.web"), path.name
