"""What a workbook says about its agreement: kommun, LPO, period, title and the plan's year.

Sources, strongest first: the command line or upload form, the template's Överenskommelse
sheet, a Kommun column, then titles above the table, sheet names and the file name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from samverkan.excel.locate import normalize_header
from samverkan.excel.parse import cell_text, parse_date
from samverkan.excel.read import SheetValues
from samverkan.kommuner import find_kommun_in_text, find_lpo_in_text
from samverkan.models import AgreementKind

AGREEMENT_SHEET_NAMES = ("overenskommelse", "samverkansoverenskommelse", "avtal")
_YEAR = re.compile(r"(?<!\d)(19[9]\d|20\d\d)(?!\d)")
_PERIOD = re.compile(r"(?<!\d)(20\d\d)\s*[-–—/]\s*(20\d\d)(?!\d)")


@dataclass
class AgreementInfo:
    """Everything the file itself tells about its agreement."""

    kommun: str | None = None
    lpo: str | None = None
    title: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    kind: AgreementKind | None = None
    plan_year: int | None = None
    texts: list[str] = field(default_factory=list)


def is_agreement_sheet(name: str) -> bool:
    """True for the template's Överenskommelse sheet (and sheets named like it)."""
    return normalize_header(name).startswith(AGREEMENT_SHEET_NAMES)


def read_agreement_info(
    sheets: list[SheetValues], title_rows: dict[str, list[list[Any]]], file_name: str
) -> AgreementInfo:
    """Collect kommun, LPO, period and plan year from the agreement sheet and the titles."""
    info = AgreementInfo()
    for sheet in sheets:
        if is_agreement_sheet(sheet.name):
            _read_key_value_sheet(sheet, info)
    titles = [
        text
        for rows in title_rows.values()
        for row in rows
        for text in (cell_text(v) for v in row)
        if text
    ]
    texts = titles + [s.name for s in sheets if not s.is_hidden]
    info.texts = texts
    if info.title is None:
        info.title = next((t for t in titles if len(t) > 10), None)
    if info.kommun is None:
        info.kommun = next((k for k in map(find_kommun_in_text, texts) if k), None)
    if info.lpo is None:
        info.lpo = next((lpo for lpo in map(find_lpo_in_text, texts) if lpo), None)
    if info.period_start is None:
        for text in texts:
            period = _PERIOD.search(text)
            if period:
                info.period_start = dt.date(int(period.group(1)), 1, 1)
                info.period_end = dt.date(int(period.group(2)), 12, 31)
                break
    if info.plan_year is None:
        for text in [*texts, file_name]:
            year = _YEAR.search(text)
            if year:
                info.plan_year = int(year.group(1))
                break
    start, end = info.period_start, info.period_end
    if info.plan_year is None and start is not None and end is not None and start.year == end.year:
        info.plan_year = start.year
    return info


def parse_period(text: str) -> tuple[int, int] | None:
    """'2020-2023' or '2024' → (2020, 2023) or (2024, 2024); None when not a period."""
    text = text.strip()
    match = _PERIOD.fullmatch(text)
    if match:
        start, end = int(match.group(1)), int(match.group(2))
        return (start, end) if start <= end else None
    if re.fullmatch(r"20\d\d", text):
        return int(text), int(text)
    return None


def _read_key_value_sheet(sheet: SheetValues, info: AgreementInfo) -> None:
    """Read 'label | value' rows such as 'Kommun | Burlöv' from the agreement sheet."""
    for row in sheet.rows[:40]:
        cells = [v for v in row if v not in ("", None)]
        if len(cells) < 2:
            continue
        label, value = normalize_header(str(cells[0])), cells[1]
        text = cell_text(value)
        if not text:
            continue
        if label == "kommun":
            info.kommun = text
        elif label in ("lokalpolisomrade", "lpo", "polisomrade"):
            info.lpo = text
        elif label in ("titel", "namn", "overenskommelse", "benamning"):
            info.title = text
        elif label in ("period fran", "fran", "startdatum", "giltig fran", "period start"):
            year_only = re.fullmatch(r"\d{4}", text)
            info.period_start = dt.date(int(text), 1, 1) if year_only else parse_date(value).due
        elif label in ("period till", "till", "slutdatum", "giltig till", "period slut"):
            info.period_end = parse_date(value).due
        elif label == "period":
            period = parse_period(text)
            if period:
                info.period_start = dt.date(period[0], 1, 1)
                info.period_end = dt.date(period[1], 12, 31)
        elif label in ("typ", "slag"):
            info.kind = next((k for k in AgreementKind if k.value in text.casefold()), None)
        elif label in ("ar", "planens ar", "verksamhetsar"):
            year = _YEAR.search(text)
            info.plan_year = int(year.group(1)) if year else None
