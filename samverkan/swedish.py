"""How Samverkan writes numbers, dates and counts in Swedish: the one place for it.

Pages, charts, the PDF report, exports and the command line all write through here, so a
date reads '3 maj 2024' and a number '1 234,5' wherever it appears. Pure: no Streamlit, no I/O.

Parts:
- the marks: NO_BREAK (between a number and its unit, and between thousands), MINUS, MONTHS,
  NO_VALUE ('–' where there is nothing to write)
- dates and times: format_date, format_week, format_datetime, format_timestamp, format_years
- numbers: format_integer, format_decimal (fixed decimals), format_number (at most so many),
  format_percent (of a share), format_percent_points (a value already in percent),
  format_file_size
- counted words: format_count, format_days
- charts: VEGA_NUMBER_LOCALE and VEGA_TIME_LOCALE, Vega-Lite's locale built from the same marks
"""

from __future__ import annotations

import datetime as dt
from typing import Any

NO_BREAK = "\u00a0"
MINUS = "\u2212"
NO_VALUE = "–"
MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


# ---------------------------------------------------------------- dates and times


def format_date(day: dt.date | None) -> str:
    """'3 maj 2024'; '–' for no date."""
    if day is None:
        return NO_VALUE
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_week(day: dt.date | None) -> str:
    """'v. 12' (ISO week, a no-break space after 'v.'); '–' for no date."""
    return NO_VALUE if day is None else f"v.{NO_BREAK}{day.isocalendar().week}"


def format_datetime(moment: dt.datetime | None) -> str:
    """'3 maj 2024 kl. 09.30'; '–' for no time."""
    if moment is None:
        return NO_VALUE
    return f"{format_date(moment.date())} kl. {moment:%H.%M}"


def format_timestamp(moment: dt.datetime | None) -> str:
    """'2026-12-02 16:40': a time in a file a spreadsheet sorts (the log export); '' for none."""
    return "" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def format_years(first: int, last: int) -> str:
    """'2020–2023', or '2024' for a span within one year."""
    return str(first) if first == last else f"{first}–{last}"


# ---------------------------------------------------------------- numbers


def format_integer(value: int) -> str:
    """12345 → '12 345' (a no-break space between thousands)."""
    return _swedish_marks(f"{value:,}")


def format_decimal(value: float | None, decimals: int = 1) -> str:
    """1.55 → '1,6', 1234.5 → '1 234,5': always `decimals` decimals; '–' for none."""
    if value is None:
        return NO_VALUE
    return _swedish_marks(f"{value:,.{decimals}f}")


def format_number(value: float | None, max_decimals: int = 2) -> str:
    """1.8 → '1,8', 59.0 → '59', 1450.5 → '1 450,5', -0.5 → '−0,5': no trailing zeros."""
    if value is None:
        return NO_VALUE
    text = f"{value:,.{max_decimals}f}"
    if max_decimals > 0:
        text = text.rstrip("0").rstrip(".")
    return _swedish_marks(text)


def format_percent(share: float | None) -> str:
    """0.456 → '46 %'; '–' for none."""
    return NO_VALUE if share is None else f"{round(share * 100)}{NO_BREAK}%"


def format_percent_points(value: float | None, max_decimals: int = 1) -> str:
    """59.4 → '59,4 %', 59.0 → '59 %': a value already in percent; '–' for none."""
    return NO_VALUE if value is None else f"{format_number(value, max_decimals)}{NO_BREAK}%"


def format_file_size(size: int) -> str:
    """'18 kB', '1,2 MB'."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))}{NO_BREAK}kB"
    return f"{format_decimal(size / 1_000_000)}{NO_BREAK}MB"


def _swedish_marks(text: str) -> str:
    """Python's '-1,234.5' as Swedish: '−1 234,5'."""
    return text.replace(",", NO_BREAK).replace(".", ",").replace("-", MINUS)


# ---------------------------------------------------------------- counted words


def format_count(count: int, singular: str, plural: str) -> str:
    """'1 aktivitet', '3 aktiviteter', '12 345 aktiviteter'."""
    return f"{format_integer(count)} {singular if count == 1 else plural}"


def format_days(days: int) -> str:
    """'1 dag', '12 dagar'."""
    return format_count(days, "dag", "dagar")


# ---------------------------------------------------------------- charts

# Vega-Lite's number and time locale: the same marks, so a chart's axis reads as the page.
VEGA_NUMBER_LOCALE: dict[str, Any] = {
    "decimal": ",",
    "thousands": NO_BREAK,
    "grouping": [3],
    "currency": ["", f"{NO_BREAK}kr"],
    "percent": f"{NO_BREAK}%",
    "minus": MINUS,
}
VEGA_TIME_LOCALE: dict[str, Any] = {
    "dateTime": "%A %e %B %Y %X",
    "date": "%Y-%m-%d",
    "time": "%H:%M:%S",
    "periods": ["fm", "em"],
    "days": [WEEKDAYS[-1], *WEEKDAYS[:-1]],  # Vega's week starts on Sunday
    "shortDays": [day[:3] for day in (WEEKDAYS[-1], *WEEKDAYS[:-1])],
    "months": list(MONTHS),
    "shortMonths": [month[:3] for month in MONTHS],
}
