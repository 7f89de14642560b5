"""Finding a survey table in a sheet, and reading its cells: the survey import's first half.

Parts:
- locate_survey_table: the header row among the first rows, as one of three layouts —
  long (År, Område, Indikator, Mått, Värde, Antal svar: one row per value), a Kolada export
  (kpi, municipality, period, value) or wide (indicators down, years across)
- cells: parse_survey_number (decimal comma, numbers stored as text, "–" and ".." missing),
  parse_survey_year, the labels of a title block ("Källa: …", "Område: …")
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from samverkan.excel.locate import HEADER_SEARCH_ROWS, normalize_header
from samverkan.excel.parse import cell_text

LayoutKind = Literal["long", "kolada", "wide"]

# field → the headers written for it (normalised by normalize_header).
SURVEY_HEADERS: dict[str, tuple[str, ...]] = {
    "year": ("ar", "period", "matar", "artal", "undersokningsar", "year"),
    "kommun": ("kommun", "kommunnamn", "kommunkod", "municipality", "municipality id"),
    "area": ("omrade", "delomrade", "geografi", "stadsdel", "omradesnamn", "area"),
    "indicator": ("indikator", "fraga", "nyckeltal", "kpi", "kpi id", "indicator"),
    "unit": ("matt", "enhet", "skala", "mattenhet", "unit"),
    "value": ("varde", "resultat", "utfall", "value"),
    "respondents": ("antal svar", "antal svarande", "svarande", "antal respondenter", "n"),
    "source": ("kalla", "source"),
    "title": ("kpi titel", "kpi namn", "titel", "kpi title", "title"),
    "gender": ("kon", "gender"),
}
_FIELD_OF_HEADER = {h: name for name, headers in SURVEY_HEADERS.items() for h in headers}
_LONG_REQUIRED = frozenset({"year", "indicator", "value"})
_YEARS = range(1990, 2101)
_YEAR_TEXT = re.compile(r"^(?:år\s*)?((?:19|20)\d\d)$", re.IGNORECASE)
# Rows of a wide table whose indicator names the number of answers, not a question.
RESPONDENT_ROWS = frozenset({"antal svar", "antal svarande", "svarande", "antal respondenter"})

# What survey tables write for a value that is missing; it stays missing, never 0.
MISSING_MARKS = frozenset({"-", "–", "—", "..", "...", "…", "saknas"})
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_SPACES = str.maketrans("", "", " \u00a0\u2009\u202f")
_LABEL = re.compile(
    r"^\s*(källa|kommun|område|delområde|mått|enhet)\s*[:：]\s*(\S.*?)\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class SurveyLayout:
    """Where a sheet's survey table is: its header row (1-based) and its columns (0-based)."""

    kind: LayoutKind
    header_row: int
    columns: dict[str, int]
    years: dict[int, int] = field(default_factory=dict)  # wide: column → year


@dataclass(frozen=True)
class NumberCell:
    """A value cell understood: the number, or None when missing; is_valid False if unreadable."""

    value: float | None
    text: str | None
    is_valid: bool


def header_field(value: Any) -> str | None:
    """The survey field a header cell names, or None."""
    if not isinstance(value, str):
        return None
    return _FIELD_OF_HEADER.get(normalize_header(value))


def _columns(row: list[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for column, value in enumerate(row):
        name = header_field(value)
        if name is not None and name not in found:
            found[name] = column
    return found


def year_header(value: Any) -> int | None:
    """The year a header cell names (2019, 2019.0, "2019", "År 2019"), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and math.isfinite(value) and float(value).is_integer():
        return int(value) if int(value) in _YEARS else None
    text = cell_text(value) if isinstance(value, str) else None
    match = _YEAR_TEXT.match(text) if text else None
    return int(match.group(1)) if match else None


def locate_survey_table(rows: list[list[Any]]) -> SurveyLayout | None:
    """The survey table among a sheet's first rows: long, Kolada or wide; None when none."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = _columns(row)
        if columns.keys() >= _LONG_REQUIRED:
            written = {normalize_header(str(row[c])) for c in columns.values()}
            kind: LayoutKind = "kolada" if {"kpi", "municipality"} & written else "long"
            return SurveyLayout(kind=kind, header_row=index + 1, columns=columns)
        years = {c: y for c, v in enumerate(row) if (y := year_header(v)) is not None}
        if len(years) < 2:
            continue
        first = min(years)
        labels = {name: c for name, c in columns.items() if c < first}
        if "indicator" not in labels:
            taken = set(labels.values())
            below = rows[index + 1 : index + 1 + 50]
            labels["indicator"] = next(
                (
                    c
                    for c in range(first)
                    if c not in taken
                    and any(c < len(r) and isinstance(r[c], str) and r[c].strip() for r in below)
                ),
                -1,
            )
        if labels["indicator"] >= 0:
            return SurveyLayout(kind="wide", header_row=index + 1, columns=labels, years=years)
    return None


def parse_survey_number(value: Any) -> NumberCell:
    """A value as written: 1.95, "1,95", "1 450", "59 %"; "–", "..", "-" and empty are missing."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return NumberCell(None, None, True)
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        return NumberCell(None, cell_text(value), False)
    if isinstance(value, int | float):
        if math.isnan(value):  # an empty cell as pandas would give it
            return NumberCell(None, None, True)
        return NumberCell(float(value), cell_text(value), math.isfinite(value))
    text = str(value).strip()
    if text in MISSING_MARKS or text.casefold() in MISSING_MARKS:
        return NumberCell(None, text, True)
    compact = text.translate(_SPACES).replace("\u2212", "-").removesuffix("%")
    if "," in compact and "." in compact:
        # "1.234,5" (Swedish thousands) or "1,234.5" (English): the last mark is the decimal.
        if compact.rfind(",") > compact.rfind("."):
            compact = compact.replace(".", "").replace(",", ".")
        else:
            compact = compact.replace(",", "")
    elif compact.count(",") == 1:
        compact = compact.replace(",", ".")
    if not _NUMBER.match(compact):
        return NumberCell(None, text, False)
    return NumberCell(float(compact), text, True)


def parse_survey_year(value: Any) -> int | None:
    """A year cell: 2020, 2020.0 or "2020"; None when it is no year 1990–2100."""
    return year_header(value)


def title_labels(rows: list[list[Any]]) -> dict[str, str]:
    """'Källa: …', 'Kommun: …', 'Område: …', 'Mått: …' in a title block or a note row.

    Written in one cell ("Källa: Polisen") or as a label cell and the value beside it.
    """
    found: dict[str, str] = {}
    for row in rows:
        texts = [t for t in (cell_text(v) for v in row) if t]
        if not texts:
            continue
        match = _LABEL.match(texts[0])
        if match:
            found.setdefault(_label_name(match.group(1)), match.group(2))
        elif len(texts) >= 2 and _LABEL.match(texts[0].rstrip(":") + ": x"):
            label = texts[0].rstrip(": ")
            found.setdefault(_label_name(label), texts[1])
    return found


def source_note(text: str) -> str | None:
    """The source a note names ("Källa: Polisens trygghetsmätning 2023"), or None."""
    match = _LABEL.match(text)
    return match.group(2) if match and _label_name(match.group(1)) == "source" else None


def _label_name(label: str) -> str:
    key = normalize_header(label)
    return {"kalla": "source", "kommun": "kommun", "enhet": "unit", "matt": "unit"}.get(key, "area")
