"""The agreement's structure from its own sheets: Fokusområden and Mål (the template's layout).

A plan without these sheets gets its focus areas from the activity table instead; these
sheets add what the table cannot say: numbers, validity per year, and the goals.
"""

from __future__ import annotations

import re
from typing import Any

from samverkan.excel.columns import column_letter
from samverkan.excel.locate import normalize_header
from samverkan.excel.parse import cell_text, parse_date
from samverkan.excel.read import SheetValues
from samverkan.models import FocusArea, Goal, GoalKind, ImportIssue, Severity

FOCUS_SHEET_NAMES = ("fokusomraden", "fokusomrade", "prioriterade omraden")
GOAL_SHEET_NAMES = ("mal", "malen", "mal och indikatorer", "maluppfyllelse")
SKIPPED_SHEET_NAMES = ("instruktioner", "instruktion", "anvisningar", "lathund", "listor")

_GOAL_COLUMNS = {
    "fokusomrade": "focus_area",
    "maltyp": "kind",
    "typ": "kind",
    "mal": "text",
    "indikator": "indicator",
    "basar": "baseline_year",
    "basvarde": "baseline_value",
    "malvarde": "target_value",
    "malar": "target_year",
    "riktning": "direction",
}
_FOCUS_COLUMNS = {
    "nummer": "number",
    "nr": "number",
    "fokusomrade": "name",
    "galler fran": "valid_from",
    "galler till": "valid_to",
}
_GOAL_KINDS = {kind.value: kind for kind in GoalKind} | {
    "effekt": GoalKind.OUTCOME,
    "process": GoalKind.PROCESS,
    "produktion": GoalKind.OUTPUT,
}
_NUMBER_PREFIX = re.compile(r"^\s*\d+\s*[.:)]\s*")


def is_focus_sheet(name: str) -> bool:
    """True for a sheet listing the focus areas (the template's Fokusområden)."""
    return normalize_header(name) in FOCUS_SHEET_NAMES


def is_goal_sheet(name: str) -> bool:
    """True for a sheet listing the goals (the template's Mål)."""
    return normalize_header(name) in GOAL_SHEET_NAMES


def is_skipped_sheet(name: str) -> bool:
    """Instructions and list sheets hold no plan data."""
    return normalize_header(name) in SKIPPED_SHEET_NAMES


def read_focus_area_sheet(sheet: SheetValues, issues: list[ImportIssue]) -> list[FocusArea]:
    """Focus areas with their numbers and validity, in the sheet's order."""
    header, columns = _header(sheet.rows, _FOCUS_COLUMNS, "name")
    areas: list[FocusArea] = []
    for index in range(header + 1, len(sheet.rows)):
        values = _values(sheet.rows[index], columns)
        name = cell_text(values.get("name"))
        if not name:
            continue
        number = _int(values.get("number"))
        valid_from = parse_date(values.get("valid_from")).due
        valid_to = parse_date(values.get("valid_to")).due
        if valid_from and valid_to and valid_from > valid_to:
            issues.append(_warning("Gäller från är efter gäller till.", sheet.name, index + 1))
        areas.append(
            FocusArea(
                number=number,
                name=" ".join(_NUMBER_PREFIX.sub("", name).split()),
                valid_from=valid_from,
                valid_to=valid_to,
            )
        )
    return areas


def read_goal_sheet(sheet: SheetValues, issues: list[ImportIssue]) -> list[Goal]:
    """Goals with their indicator, baseline and target."""
    header, columns = _header(sheet.rows, _GOAL_COLUMNS, "text")
    goals: list[Goal] = []
    for index in range(header + 1, len(sheet.rows)):
        values = _values(sheet.rows[index], columns)
        text = cell_text(values.get("text"))
        if not text:
            continue
        written_kind = (cell_text(values.get("kind")) or "effektmål").casefold()
        kind = _GOAL_KINDS.get(written_kind) or _GOAL_KINDS.get(written_kind.removesuffix("mål"))
        if kind is None:
            where = columns.get("kind")
            issues.append(
                _warning(
                    f'Måltypen "{written_kind}" är okänd; skriv effektmål, processmål eller '
                    "produktionsmål. Målet räknas som effektmål.",
                    sheet.name,
                    index + 1,
                    where,
                )
            )
            kind = GoalKind.OUTCOME
        focus = cell_text(values.get("focus_area"))
        goals.append(
            Goal(
                focus_area=" ".join(_NUMBER_PREFIX.sub("", focus).split()) if focus else None,
                kind=kind,
                text=text,
                indicator=cell_text(values.get("indicator")),
                baseline_year=_int(values.get("baseline_year")),
                baseline_value=_float(values.get("baseline_value")),
                target_value=_float(values.get("target_value")),
                target_year=_int(values.get("target_year")),
                direction=cell_text(values.get("direction")),
            )
        )
    return goals


def _header(
    rows: list[list[Any]], known: dict[str, str], required: str
) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:30]):
        columns = {
            known[normalize_header(v)]: c
            for c, v in enumerate(row)
            if isinstance(v, str) and normalize_header(v) in known
        }
        if required in columns:
            return index, columns
    return len(rows), {}


def _values(row: list[Any], columns: dict[str, int]) -> dict[str, Any]:
    return {name: row[c] for name, c in columns.items() if c < len(row)}


def _int(value: Any) -> int | None:
    number = _float(value)
    return int(number) if number is not None and number.is_integer() else None


def _float(value: Any) -> float | None:
    """A number as Excel stores it, or as text with a decimal comma."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = cell_text(value)
    if text is None:
        return None
    try:
        return float(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except ValueError:
        return None


def _warning(message: str, sheet: str, row: int, column: int | None = None) -> ImportIssue:
    letter = column_letter(column) if column is not None else None
    return ImportIssue(
        severity=Severity.WARNING, message=message, sheet=sheet, row=row, column=letter
    )
